// Monaco's TypeScript language service, as a module worker Vite bundles (started by monaco-setup.ts).
import 'monaco-editor/language/typescript/ts.worker.js';

// Monaco's editor worker (diffs, links, word ranges), as a module worker Vite bundles (started by monaco-setup.ts).
import 'monaco-editor/editor/editor.worker.js';

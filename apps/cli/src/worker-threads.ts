// Starts a worker thread from a module of this CLI. Run from TypeScript sources (`pnpm leanflow`, tests), the
// worker registers tsx first: a worker does not inherit the parent's module loader hooks.
import { Worker } from 'node:worker_threads';

export function startModuleWorker(module: URL): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

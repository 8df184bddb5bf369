// Starts a worker thread from a module of this CLI. Run from TypeScript sources (`pnpm leanflow:source`, tests), the
// worker registers tsx first: a worker does not inherit the parent's module loader hooks. In the built CLI the
// module is `<name>.js`, an entry of its own next to the CLI's entry (scripts/build-packages.ts); the code that asks
// may sit in a chunk one folder below.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startModuleWorker(module: URL): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module);
  if (!existsSync(fileURLToPath(module))) {
    const name = module.pathname.slice(module.pathname.lastIndexOf('/') + 1).replace(/\.ts$/, '.js');
    const built = [new URL(`./${name}`, import.meta.url), new URL(`../${name}`, import.meta.url)].find((url) => existsSync(fileURLToPath(url)));
    if (!built) throw new Error(`The worker ${name} is missing from this build of the CLI.`);
    return new Worker(built);
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

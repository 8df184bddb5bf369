// Bootstrap of a plugin worker in Node (a worker_threads Worker). Bundled to one script by node-transport.ts.
// Node worker threads isolate faults (a crash, a hang, memory) but are not a security boundary: see docs/plugins.md.
import { register } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { RpcMessage } from './rpc.ts';
import { applySandbox } from './sandbox.ts';
import { startPluginWorker } from './worker-runtime.ts';

const port = parentPort;
if (!port) throw new Error('worker-node-main must run in a worker thread');
const memoryUsage = process.memoryUsage.bind(process);
const uncaught: ((error: unknown) => void)[] = [];
// A plugin error that nothing caught is reported; the worker (and the plugin) keeps running.
process.on('uncaughtException', (error) => uncaught.forEach((listener) => listener(error)));
process.on('unhandledRejection', (reason) => uncaught.forEach((listener) => listener(reason)));
const toDataUrl = (code: string) => `data:text/javascript;base64,${Buffer.from(code, 'utf8').toString('base64')}`;

// Module hooks of this thread only: the plugin bundle (a data: URL) may import nothing, Node built-ins
// (node:fs, node:child_process...) included. A bundle is self-contained by definition.
const blockImports = `export async function resolve(specifier, context, next) {
  if (context.parentURL && context.parentURL.startsWith('data:')) throw new Error('a plugin cannot import "' + specifier + '": bundle everything it needs');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(blockImports)}`);

applySandbox(globalThis, ['process', 'require', 'module']);

startPluginWorker({
  post: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (data: RpcMessage) => listener(data)),
  importCode: (code) => import(toDataUrl(code)),
  onUncaughtError: (listener) => uncaught.push(listener),
  heapUsedBytes: () => memoryUsage().heapUsed,
});

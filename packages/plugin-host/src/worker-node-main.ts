// Bootstrap of a plugin worker in Node (a worker_threads Worker). Bundled to one script by node-transport.ts.
// Node worker threads isolate faults (a crash, a hang, memory) but are not a security boundary: see docs/plugins.md.
import { register } from 'node:module';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { installMemoryGuard } from './memory-guard.ts';
import type { MemoryExceededNote } from './protocol.ts';
import type { RpcMessage } from './rpc.ts';
import { applySandbox } from './sandbox.ts';
import { startPluginWorker } from './worker-runtime.ts';

const port = parentPort;
if (!port) throw new Error('worker-node-main must run in a worker thread');
// This isolate's heap plus its external memory: ArrayBuffer backing stores and WebAssembly memories (also those a
// module grows from inside), which `resourceLimits` does not count.
const heapAndExternal = () => {
  const statistics = getHeapStatistics();
  return statistics.used_heap_size + statistics.external_memory;
};
const { memoryLimitBytes } = workerData as { memoryLimitBytes: number };
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

// Checked at every allocation of binary memory too, so a plugin that never yields is stopped as out of memory.
installMemoryGuard(globalThis, {
  limitBytes: memoryLimitBytes,
  measure: heapAndExternal,
  onExceeded: (usedBytes) => port.postMessage({ t: 'note', method: 'memory.exceeded', params: { usedBytes } satisfies MemoryExceededNote }),
});

applySandbox(globalThis, ['process', 'require', 'module']);
// Node's fetch machinery (undici) publishes its connection pool on the global object when it first loads, which
// anything like WebAssembly.compileStreaming or Response triggers: with the slot taken, it fails to load instead.
Object.defineProperty(globalThis, Symbol.for('undici.globalDispatcher.1'), { value: undefined, writable: false, configurable: false, enumerable: false });

startPluginWorker({
  post: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (data: RpcMessage) => listener(data)),
  importCode: (code) => import(toDataUrl(code)),
  onUncaughtError: (listener) => uncaught.push(listener),
  heapUsedBytes: () => getHeapStatistics().used_heap_size,
  memoryUsedBytes: heapAndExternal,
});

// Bootstrap of a plugin worker in the browser (a module Web Worker, one per plugin). Captures what it needs,
// applies the sandbox, then starts the runtime; the plugin bundle is imported from a blob: URL afterwards.
import type { RpcMessage } from './rpc.ts';
import { applySandbox } from './sandbox.ts';
import { startPluginWorker } from './worker-runtime.ts';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: string, listener: (event: { data?: unknown; error?: unknown; message?: string; reason?: unknown; preventDefault(): void }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const post = scope.postMessage.bind(scope);
const listeners: ((message: RpcMessage) => void)[] = [];
const uncaught: ((error: unknown) => void)[] = [];
scope.addEventListener('message', (event) => listeners.forEach((listener) => listener(event.data as RpcMessage)));
scope.addEventListener('error', (event) => {
  event.preventDefault();
  uncaught.forEach((listener) => listener(event.error ?? event.message));
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  uncaught.forEach((listener) => listener(event.reason));
});
const createObjectURL = URL.createObjectURL.bind(URL);
const revokeObjectURL = URL.revokeObjectURL.bind(URL);
const memory = (performance as unknown as { memory?: { usedJSHeapSize?: number } }).memory;

applySandbox(globalThis, ['postMessage', 'onmessage']);

startPluginWorker({
  post,
  onMessage: (listener) => listeners.push(listener),
  async importCode(code) {
    const url = createObjectURL(new Blob([code], { type: 'text/javascript' }));
    try {
      return (await import(/* @vite-ignore */ url)) as unknown;
    } finally {
      revokeObjectURL(url);
    }
  },
  onUncaughtError: (listener) => uncaught.push(listener),
  heapUsedBytes: () => memory?.usedJSHeapSize,
});

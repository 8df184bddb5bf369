// Bootstrap of a plugin worker in the browser: a classic Web Worker started from a blob: URL inside the plugin's
// sandboxed iframe (browser-transport.ts), so it runs under PLUGIN_WORKER_CSP. Its first message brings the port to
// the host and the memory limit; it captures what it needs, installs the memory guard, applies the sandbox, then
// starts the runtime. The plugin bundle is imported from a blob: URL afterwards.
import { installMemoryGuard } from './memory-guard.ts';
import type { MemoryExceededNote } from './protocol.ts';
import type { RpcMessage } from './rpc.ts';
import { applySandbox } from './sandbox.ts';
import { startPluginWorker } from './worker-runtime.ts';

interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data?: unknown }) => void): void;
  start(): void;
}
interface WorkerScope {
  addEventListener(type: string, listener: (event: { data?: unknown; error?: unknown; message?: string; reason?: unknown; preventDefault(): void }) => void): void;
  removeEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
}
interface StartMessage {
  readonly port: PortLike;
  readonly memoryLimitBytes: number;
}

const scope = globalThis as unknown as WorkerScope;
const uncaught: ((error: unknown) => void)[] = [];
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
const BlobConstructor = Blob;

const start = (event: { data?: unknown }) => {
  scope.removeEventListener('message', start);
  const { port, memoryLimitBytes } = event.data as StartMessage;
  const post = (message: RpcMessage | { readonly t: 'note'; readonly method: 'memory.exceeded'; readonly params: MemoryExceededNote }) => port.postMessage(message);
  const listeners: ((message: RpcMessage) => void)[] = [];
  port.addEventListener('message', (message) => listeners.forEach((listener) => listener(message.data as RpcMessage)));
  port.start();
  // No per-worker memory figure in browsers: the guard counts the binary memory the plugin creates.
  const guard = installMemoryGuard(globalThis, {
    limitBytes: memoryLimitBytes,
    onExceeded: (usedBytes) => post({ t: 'note', method: 'memory.exceeded', params: { usedBytes } }),
  });
  // The plugin cannot make blob: URLs (the only scripts the policy allows) or reach the page's channel.
  applySandbox(globalThis, ['postMessage', 'onmessage']);
  for (const name of ['createObjectURL', 'revokeObjectURL']) Object.defineProperty(URL, name, { value: undefined, writable: false, configurable: false });

  startPluginWorker({
    post,
    onMessage: (listener) => listeners.push(listener),
    async importCode(code) {
      const url = createObjectURL(new BlobConstructor([code], { type: 'text/javascript' }));
      try {
        return (await import(/* @vite-ignore */ url)) as unknown;
      } finally {
        revokeObjectURL(url);
      }
    },
    onUncaughtError: (listener) => uncaught.push(listener),
    memoryUsedBytes: () => guard.usedBytes(),
  });
};
scope.addEventListener('message', start);

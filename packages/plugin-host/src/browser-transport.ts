// Plugin workers in the browser: one module Web Worker per plugin, started from worker-browser-main.ts (Vite
// bundles it when the studio builds). Memory is checked through the heartbeat where the browser reports it.
import type { PluginTransport, TransportFactory, WorkerExit } from './transport.ts';

// Structural types so this file also compiles where the DOM lib is absent (the CLI imports the same entry).
interface WebWorkerEvent {
  readonly data?: unknown;
  readonly message?: string;
  preventDefault(): void;
}
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error', listener: (event: WebWorkerEvent) => void): void;
}
type WebWorkerConstructor = new (url: URL | string, options: { readonly type: 'module' }) => WebWorker;
// The global Worker, typed structurally (a module-level declaration emits nothing).
declare const Worker: WebWorkerConstructor | undefined;

/**
 * Starts plugin workers as Web Workers.
 *
 * @example
 * const host = createPluginHost({ services, createTransport: createWebWorkerTransportFactory() });
 */
export function createWebWorkerTransportFactory(workerUrl?: URL | string): TransportFactory {
  return async (): Promise<PluginTransport> => {
    if (typeof Worker === 'undefined') throw new Error('Web Workers are not available here; in Node use createNodeTransportFactory()');
    // Written literally so Vite recognises the worker and bundles it (options must stay static for Vite).
    const worker = workerUrl ? new Worker(workerUrl, { type: 'module' }) : new Worker(new URL('./worker-browser-main.ts', import.meta.url), { type: 'module' });
    const exitListeners: ((exit: WorkerExit) => void)[] = [];
    let exited = false;
    worker.addEventListener('error', (event) => {
      // Errors inside plugin code are caught in the worker; this one means the worker itself could not start.
      event.preventDefault();
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener({ reason: `the worker failed: ${event.message || 'could not start'}` });
    });
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
      onExit: (listener) => exitListeners.push(listener),
      async terminate() {
        exited = true;
        worker.terminate();
      },
    };
  };
}

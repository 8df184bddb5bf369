// The studio's end of the analysis worker: one Web Worker shared by the scorecard, the suggestions and the plugin
// platform, each over its own MessagePort. A feature's port looks like the `Worker` it used to own (postMessage,
// onmessage, onerror, terminate), so the feature controllers keep their plumbing; the document versions they ask
// about are read once, in that worker.
import type { AnalysisFeature, ConnectMessage, ModelRequest, ModelResponse } from './protocol.ts';

/** A feature's connection to the analysis worker: the subset of `Worker` the feature controllers use. */
export interface AnalysisPort<Request, Response> {
  postMessage(message: Request): void;
  onmessage: ((event: MessageEvent<Response>) => void) | null;
  /** Called when the shared worker fails (every connected feature hears it; the next connection starts a new one). */
  onerror: ((event: ErrorEvent) => void) | null;
  /** Closes this connection; the worker stops when no feature is connected. */
  terminate(): void;
}

interface Shared {
  readonly worker: Worker;
  readonly ports: Set<{ fail(event: ErrorEvent): void; close(): void }>;
}

let shared: Shared | undefined;

function start(): Shared {
  const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-analysis' });
  const state: Shared = { worker, ports: new Set() };
  worker.addEventListener('error', (event) => {
    // A crash ends the worker for every feature; each one shows it and reconnects on its next request.
    if (shared === state) shared = undefined;
    worker.terminate();
    for (const port of [...state.ports]) port.fail(event);
  });
  return state;
}

/**
 * Connects a feature to the studio's analysis worker (started on the first connection).
 *
 * @example
 * const worker = connectAnalysisWorker<ScoringWorkerRequest, ScoringWorkerResponse>('scorecard');
 * worker.onmessage = (event) => handle(event.data);
 * worker.postMessage({ type: 'prepare', requestId: 1, xml, simulated: false });
 */
export function connectAnalysisWorker<Request, Response>(feature: AnalysisFeature): AnalysisPort<Request, Response> {
  const state = (shared ??= start());
  const channel = new MessageChannel();
  state.worker.postMessage({ type: 'connect', feature } satisfies ConnectMessage, [channel.port2]);
  let closed = false;
  const entry = {
    fail(event: ErrorEvent) {
      entry.close();
      port.onerror?.(event);
    },
    close() {
      if (closed) return;
      closed = true;
      channel.port1.close();
      state.ports.delete(entry);
      if (state.ports.size === 0) {
        state.worker.terminate();
        if (shared === state) shared = undefined;
      }
    },
  };
  state.ports.add(entry);
  const port: AnalysisPort<Request, Response> = {
    postMessage: (message) => {
      if (closed) throw new Error('the analysis worker connection is closed');
      channel.port1.postMessage(message);
    },
    onmessage: null,
    onerror: null,
    terminate: () => entry.close(),
  };
  channel.port1.onmessage = (event: MessageEvent<Response>) => port.onmessage?.(event);
  return port;
}

/**
 * The plugin platform's requests to the analysis worker (`model` port): call and await the answer.
 *
 * @example
 * const model = await analysisModelClient().call({ type: 'model', xml, uri });
 */
export function analysisModelClient(): { call(request: DistributiveOmit<ModelRequest, 'id'>): Promise<unknown> } {
  let port: AnalysisPort<ModelRequest, ModelResponse> | undefined;
  let next = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const connect = () => {
    const p = connectAnalysisWorker<ModelRequest, ModelResponse>('model');
    p.onmessage = (event) => {
      const answer = event.data;
      const pending = waiting.get(answer.id);
      if (!pending) return;
      waiting.delete(answer.id);
      if (answer.ok) pending.resolve(answer.value);
      else pending.reject(new Error(answer.error));
    };
    p.onerror = (event) => {
      port = undefined;
      for (const pending of waiting.values()) pending.reject(new Error(event.message || 'the analysis worker failed'));
      waiting.clear();
    };
    return p;
  };
  return {
    call(request) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        (port ??= connect()).postMessage({ ...request, id } as ModelRequest);
      });
    },
  };
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

// One client per feature worker, over the project's own RPC (`RpcEndpoint` of @leanflow/plugin-host): request ids,
// responses, progress and crashes are handled here once instead of in every feature (VS Code's WebWorkerClient is
// the model). The worker side is `serveWorker(handlers)`; the same handlers also run in-process (`inProcessWorker`)
// where a Web Worker cannot be created, and in Node tests.
import { RpcEndpoint, RpcError, describeError, type RpcMessage } from '@leanflow/plugin-host';
import type { Disposable } from './lifecycle.ts';

/** What a handler gets besides its parameters: the caller's cancellation and a way to stream partial results. */
export interface HandlerControl<P = unknown> {
  readonly signal: AbortSignal;
  /** Sends a partial result (a progress report, one prediction of a list) to the caller's `onProgress`. */
  progress(message: P): void;
}

/** The methods a worker serves: each takes plain data and returns plain data (structured clone). */
export type WorkerHandlers = Record<string, (params: never, control: HandlerControl<never>) => unknown>;

/** The part of `Worker` the client uses; `inProcessWorker` and tests provide the same shape. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: { readonly message?: string; preventDefault?(): void }) => void) | null;
}

/** The envelope of a request: the caller's progress token travels with the parameters. */
interface Envelope {
  readonly token: number;
  readonly params: unknown;
}
const PROGRESS = 'progress';

/** Options of one request. */
export interface WorkerRequestOptions<P> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: P) => void;
  /** 0 (default): no time-out; a worker job may simulate for minutes. */
  readonly timeoutMs?: number;
}

/**
 * A lazily started worker behind an `RpcEndpoint`. When the worker fails (an uncaught error, it could not load),
 * every pending request rejects with an `RpcError` of code `closed` and the next request starts a fresh worker.
 *
 * @example
 * const client = new WorkerClient(() => new Worker(url, { type: 'module' }), { name: 'scorecard' });
 * const prepared = await client.request<PrepareResponse>('prepare', { xml });
 */
export class WorkerClient implements Disposable {
  private worker: WorkerLike | undefined;
  private endpoint: RpcEndpoint | undefined;
  private nextToken = 1;
  private readonly listeners = new Map<number, (message: unknown) => void>();
  private disposed = false;

  constructor(
    private readonly create: () => WorkerLike,
    private readonly options: { readonly name: string; readonly fallback?: () => WorkerLike } = { name: 'worker' },
  ) {}

  /** Calls `method` in the worker; rejects with an `RpcError` (`remote`: the handler threw, `closed`: the worker died). */
  async request<T, P = never>(method: string, params: unknown, options: WorkerRequestOptions<P> = {}): Promise<T> {
    if (this.disposed) throw new RpcError('closed', `${method}: the ${this.options.name} worker is disposed`);
    const endpoint = this.ensure();
    const token = this.nextToken++;
    if (options.onProgress) this.listeners.set(token, options.onProgress as (message: unknown) => void);
    try {
      const envelope: Envelope = { token, params };
      return (await endpoint.request(method, envelope, { timeoutMs: options.timeoutMs ?? 0, ...(options.signal ? { signal: options.signal } : {}) })) as T;
    } finally {
      this.listeners.delete(token);
    }
  }

  /** Stops the worker at once (a cancelled simulation): pending requests reject; the next request starts a new one. */
  restart(reason = 'stopped'): void {
    const { worker, endpoint } = this;
    this.worker = undefined;
    this.endpoint = undefined;
    endpoint?.close(reason);
    worker?.terminate();
  }

  /** Whether a worker runs now (started by a request and not stopped since). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.restart('disposed');
  }

  private ensure(): RpcEndpoint {
    if (this.endpoint) return this.endpoint;
    let worker: WorkerLike;
    try {
      worker = this.create();
    } catch (error) {
      // Workers unavailable (a page policy, an old browser): the same handlers in-process when the feature has them.
      if (!this.options.fallback) throw new RpcError('closed', `the ${this.options.name} worker could not start: ${describeError(error)}`);
      worker = this.options.fallback();
    }
    const endpoint = new RpcEndpoint(
      { post: (message) => worker.postMessage(message) },
      () => {
        throw new Error('the studio serves no requests to its workers');
      },
      (method, params) => {
        if (method !== PROGRESS) return;
        const { token, message } = params as { token: number; message: unknown };
        this.listeners.get(token)?.(message);
      },
      { timeoutMs: 0, ackTimeoutMs: 0 },
    );
    worker.onmessage = (event) => endpoint.receive(event.data as RpcMessage);
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.worker !== worker) return;
      this.restart(event.message || `the ${this.options.name} worker failed`);
    };
    this.worker = worker;
    this.endpoint = endpoint;
    return endpoint;
  }
}

/**
 * Serves `handlers` over a message channel: the body of every `*.worker.ts` (`serveWorker(HANDLERS)`) and of the
 * in-process transport. A handler that throws answers its request with the error (the caller's crash state).
 */
export function serveHandlers(handlers: WorkerHandlers, post: (message: RpcMessage) => void): RpcEndpoint {
  const endpoint: RpcEndpoint = new RpcEndpoint(
    { post },
    (method, envelope, signal) => {
      const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
      if (!handler) throw new Error(`unknown method ${method}`);
      const { token, params } = envelope as Envelope;
      const control: HandlerControl<unknown> = { signal, progress: (message) => endpoint.notify(PROGRESS, { token, message }) };
      return (handler as (params: unknown, control: HandlerControl<unknown>) => unknown)(params, control);
    },
    () => {},
    { timeoutMs: 0, ackTimeoutMs: 0 },
  );
  return endpoint;
}

/** Serves `handlers` inside a Web Worker (`self`). */
export function serveWorker(handlers: WorkerHandlers): void {
  const scope = self as unknown as { postMessage(message: unknown): void; addEventListener(type: 'message', listener: (event: { data: RpcMessage }) => void): void };
  const endpoint = serveHandlers(handlers, (message) => scope.postMessage(message));
  scope.addEventListener('message', (event) => endpoint.receive(event.data));
}

/**
 * The in-process transport: `handlers` served on this thread with a worker's semantics (messages cloned and
 * delivered later, nothing delivered after `terminate`). Where Web Workers are unavailable, and in Node tests.
 *
 * @example
 * const client = new WorkerClient(() => inProcessWorker(SCORECARD_HANDLERS), { name: 'scorecard' });
 */
export function inProcessWorker(handlers: WorkerHandlers | Promise<WorkerHandlers>): WorkerLike & { readonly terminated: boolean } {
  let terminated = false;
  let server: RpcEndpoint | undefined;
  const ready = Promise.resolve(handlers).then((h) => {
    server = serveHandlers(h, (message) => {
      // Cloned now, like a real worker's postMessage (which throws DataCloneError for data that cannot be cloned).
      const copy = structuredClone(message);
      setTimeout(() => !terminated && worker.onmessage?.({ data: copy }), 0);
    });
    return server;
  });
  ready.catch(() => {}); // reported to the client on the first message
  const worker: WorkerLike & { readonly terminated: boolean } = {
    onmessage: null,
    onerror: null,
    get terminated() {
      return terminated;
    },
    postMessage(message: unknown) {
      const copy = structuredClone(message) as RpcMessage;
      setTimeout(() => {
        // Handlers that fail to load are a worker that fails to start: its error reaches the client.
        if (!terminated) ready.then((s) => !terminated && s.receive(copy), (error: unknown) => !terminated && worker.onerror?.({ message: describeError(error) }));
      }, 0);
    },
    terminate() {
      terminated = true;
      server?.close('terminated');
    },
  };
  return worker;
}

// A small symmetric RPC over a message channel (a Worker's postMessage): request ids, acknowledgements,
// cancellation and time-outs. The same endpoint runs on the host and inside the plugin worker.

/** Serialised error crossing the channel. */
export interface RpcErrorData {
  readonly message: string;
  readonly name?: string;
  readonly stack?: string;
}

/** The messages on the wire. `ack` is sent as soon as a request arrives, before it is handled. */
export type RpcMessage =
  | { readonly t: 'req'; readonly id: number; readonly method: string; readonly params: unknown }
  | { readonly t: 'ack'; readonly id: number }
  | { readonly t: 'res'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly t: 'res'; readonly id: number; readonly ok: false; readonly error: RpcErrorData }
  | { readonly t: 'cancel'; readonly id: number }
  | { readonly t: 'note'; readonly method: string; readonly params: unknown };

/** Why an RPC failed. `remote` means the other side's handler threw. */
export type RpcErrorCode = 'timeout' | 'noAck' | 'cancelled' | 'remote' | 'closed' | 'invalid';

/**
 * An RPC failure. Callers tell plugin bugs (`remote`) from an unresponsive plugin (`noAck`, `timeout`).
 *
 * @example
 * try { await endpoint.request('ping', {}); } catch (e) { if (e instanceof RpcError && e.code === 'timeout') restart(); }
 */
export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly remoteStack?: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** The raw channel: post a message, receive messages. */
export interface RpcChannel {
  post(message: RpcMessage): void;
}

/** Options of one request. */
export interface RequestOptions {
  /** Reject when no response arrives within this time (default: the endpoint's). 0 = no time-out. */
  readonly timeoutMs?: number;
  /** Reject when the other side does not even acknowledge within this time (a blocked event loop). */
  readonly ackTimeoutMs?: number;
  /** Aborting sends a `cancel` to the other side and rejects with `cancelled`. */
  readonly signal?: AbortSignal;
  /** The response clock stops while this endpoint is held (`hold()`): time the other side spends waiting on us. */
  readonly pausable?: boolean;
}

/** A response clock that can stop and go on (`RequestOptions.pausable`). */
interface ResponseClock {
  remaining: number;
  startedAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly fire: () => void;
}

/** Handles an incoming request; `signal` fires when the caller cancels. */
export type RequestHandler = (method: string, params: unknown, signal: AbortSignal) => unknown;
/** Handles an incoming notification (no response). */
export type NotificationHandler = (method: string, params: unknown) => void;

interface Pending {
  readonly method: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: RpcError) => void;
  /** Cleared when the acknowledgement arrives. */
  ackTimer: ReturnType<typeof setTimeout> | undefined;
  readonly cleanup: () => void;
}

/**
 * One side of the RPC. Feed it every incoming message with `receive`.
 *
 * @example
 * const endpoint = new RpcEndpoint({ post: (m) => worker.postMessage(m) }, (method, params) => handlers[method](params));
 * worker.on('message', (m) => endpoint.receive(m));
 * const sum = await endpoint.request('add', [1, 2], { timeoutMs: 1000 });
 */
export class RpcEndpoint {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly incoming = new Map<number, AbortController>();
  private readonly pausableClocks = new Set<ResponseClock>();
  private holds = 0;
  private closedReason: string | undefined;

  constructor(
    private readonly channel: RpcChannel,
    private readonly onRequest: RequestHandler,
    private readonly onNotification: NotificationHandler = () => {},
    private readonly defaults: { readonly timeoutMs: number; readonly ackTimeoutMs: number } = { timeoutMs: 30_000, ackTimeoutMs: 0 },
  ) {}

  /** Number of requests still waiting for a response. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends a request; resolves with the other side's result. */
  request(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    if (this.closedReason !== undefined) return Promise.reject(new RpcError('closed', `${method}: the channel is closed (${this.closedReason})`));
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      let responseTimer: ReturnType<typeof setTimeout> | undefined;
      let clock: ResponseClock | undefined;
      const timeoutMs = options.timeoutMs ?? this.defaults.timeoutMs;
      const ackTimeoutMs = options.ackTimeoutMs ?? this.defaults.ackTimeoutMs;
      const onAbort = () => {
        this.settle(id, new RpcError('cancelled', `${method}: cancelled`));
        this.safePost({ t: 'cancel', id });
      };
      const pending: Pending = {
        method,
        resolve,
        reject,
        ackTimer: undefined,
        cleanup: () => {
          clearTimeout(responseTimer);
          if (clock) {
            clearTimeout(clock.timer);
            this.pausableClocks.delete(clock);
          }
          clearTimeout(pending.ackTimer);
          options.signal?.removeEventListener('abort', onAbort);
        },
      };
      this.pending.set(id, pending);
      if (timeoutMs > 0) {
        const fire = () => {
          this.settle(id, new RpcError('timeout', `${method}: no response within ${timeoutMs} ms`));
          this.safePost({ t: 'cancel', id });
        };
        if (options.pausable) {
          clock = { remaining: timeoutMs, startedAt: Date.now(), timer: undefined, fire };
          this.pausableClocks.add(clock);
          if (this.holds === 0) clock.timer = setTimeout(fire, timeoutMs);
        } else {
          responseTimer = setTimeout(fire, timeoutMs);
        }
      }
      if (ackTimeoutMs > 0) {
        pending.ackTimer = setTimeout(() => this.settle(id, new RpcError('noAck', `${method}: not acknowledged within ${ackTimeoutMs} ms`)), ackTimeoutMs);
      }
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.safePost({ t: 'req', id, method, params });
    });
  }

  /**
   * Stops the clocks of pausable requests until the returned function is called (holds nest). The host holds
   * while it works for the plugin (a quick pick waiting for the user, a simulation), so that time is not the plugin's.
   *
   * @example
   * const release = endpoint.hold();
   * try { return await showQuickPick(items); } finally { release(); }
   */
  hold(): () => void {
    if (this.holds++ === 0) {
      const now = Date.now();
      for (const clock of this.pausableClocks) {
        clearTimeout(clock.timer);
        clock.timer = undefined;
        clock.remaining -= now - clock.startedAt;
      }
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0) return;
      const now = Date.now();
      for (const clock of this.pausableClocks) {
        clock.startedAt = now;
        clock.timer = setTimeout(clock.fire, Math.max(0, clock.remaining));
      }
    };
  }

  /** Fails one pending request, e.g. when the other side answered it with a malformed message. */
  fail(id: number, code: RpcErrorCode, reason: string): void {
    const pending = this.pending.get(id);
    if (pending) this.settle(id, new RpcError(code, `${pending.method}: ${reason}`));
  }

  /** Sends a notification (fire and forget). */
  notify(method: string, params: unknown): void {
    if (this.closedReason === undefined) this.safePost({ t: 'note', method, params });
  }

  /** Handles one message from the other side; the host validates untrusted envelopes first (rpc-schema.ts). */
  receive(message: RpcMessage): void {
    switch (message.t) {
      case 'req':
        this.safePost({ t: 'ack', id: message.id });
        void this.handle(message.id, message.method, message.params);
        return;
      case 'ack': {
        const pending = this.pending.get(message.id);
        if (pending) {
          clearTimeout(pending.ackTimer);
          pending.ackTimer = undefined;
        }
        return;
      }
      case 'res': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        pending.cleanup();
        if (message.ok) pending.resolve(message.result);
        else pending.reject(new RpcError('remote', message.error.message, message.error.stack));
        return;
      }
      case 'cancel':
        this.incoming.get(message.id)?.abort();
        return;
      case 'note':
        this.onNotification(message.method, message.params);
        return;
    }
  }

  /** Rejects everything pending and refuses new requests. */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const id of [...this.pending.keys()]) this.settle(id, new RpcError('closed', `${this.pending.get(id)!.method}: ${reason}`));
    for (const controller of this.incoming.values()) controller.abort();
    this.incoming.clear();
  }

  private settle(id: number, error: RpcError): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.cleanup();
    pending.reject(error);
  }

  private async handle(id: number, method: string, params: unknown): Promise<void> {
    const controller = new AbortController();
    this.incoming.set(id, controller);
    try {
      const result = await this.onRequest(method, params, controller.signal);
      if (!controller.signal.aborted) this.safePost({ t: 'res', id, ok: true, result });
    } catch (error) {
      // toErrorData never throws, so every request gets an answer, whatever was thrown.
      if (!controller.signal.aborted) this.safePost({ t: 'res', id, ok: false, error: toErrorData(error) });
    } finally {
      this.incoming.delete(id);
    }
  }

  private safePost(message: RpcMessage): void {
    try {
      this.channel.post(message);
    } catch (error) {
      // A result that cannot be cloned (a function, a class instance...) becomes an error for the caller; an error
      // that cannot be cloned becomes its message alone.
      if (message.t !== 'res') return;
      const reply = message.ok ? `the result could not be sent: ${describeError(error)}` : message.error.message;
      try {
        this.channel.post({ t: 'res', id: message.id, ok: false, error: { message: reply } });
      } catch {
        // the channel itself is gone
      }
    }
  }
}

/** What the other side hears when a thrown value cannot be described (a Proxy, getters that throw...). */
export const UNDESCRIBABLE_ERROR = 'the plugin threw something that cannot be described (throw an Error with a message)';

/** Reads a property of something a plugin threw; undefined when the read itself throws. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * A thrown value as a message; never throws, whatever was thrown (a Proxy whose traps throw, getters that throw).
 *
 * @example
 * describeError(new Error('boom')); // 'boom'
 * describeError(new Proxy({}, { getPrototypeOf() { throw 1; } })); // UNDESCRIBABLE_ERROR
 */
export function describeError(error: unknown): string {
  return toErrorData(error).message;
}

/** Turns anything thrown into plain error data. Never throws: every property read is guarded. */
export function toErrorData(error: unknown): RpcErrorData {
  if (typeof error === 'string') return { message: error.slice(0, 10_000) };
  const isError = attempt(() => error instanceof Error) === true;
  if (isError) {
    const e = error as Error;
    const message = attempt(() => e.message);
    const name = attempt(() => e.name);
    const stack = attempt(() => e.stack);
    return {
      message: typeof message === 'string' ? message.slice(0, 10_000) : UNDESCRIBABLE_ERROR,
      ...(typeof name === 'string' ? { name: name.slice(0, 200) } : {}),
      // A plugin's module is a data: URL in Node: each of its frames would repeat the whole bundle in base64.
      ...(typeof stack === 'string' && stack !== '' ? { stack: stack.replace(/data:text\/javascript;base64,[A-Za-z0-9+/=]*/g, 'data:text/javascript').slice(0, 50_000) } : {}),
    };
  }
  const text = attempt(() => String(error));
  return { message: typeof text === 'string' ? text.slice(0, 10_000) : UNDESCRIBABLE_ERROR };
}

// How the host reaches a plugin's worker. Node (worker_threads) and the browser (Web Workers) each provide a
// factory; the host, the RPC and the contribution registry are shared.
import type { RpcMessage } from './rpc.ts';

/** Why a worker stopped on its own. */
export interface WorkerExit {
  readonly reason: string;
  /** The platform killed it for using more memory than allowed. */
  readonly outOfMemory?: boolean;
}

/**
 * A running plugin worker.
 *
 * @example
 * const transport = await factory({ pluginId: 'acme.demo', memoryLimitMb: 128 });
 * transport.onMessage((data) => console.log(data));
 */
export interface PluginTransport {
  post(message: RpcMessage): void;
  onMessage(listener: (data: unknown) => void): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Stops the worker at once, even in the middle of an infinite loop. */
  terminate(): Promise<void>;
}

/** What a factory is told about the worker to start. */
export interface TransportRequest {
  readonly pluginId: string;
  readonly memoryLimitMb: number;
}

/** Starts one worker per plugin. */
export type TransportFactory = (request: TransportRequest) => Promise<PluginTransport>;

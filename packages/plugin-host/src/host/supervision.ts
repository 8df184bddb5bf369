// Supervision of plugin workers: starting one (RPC over its transport, rate limit on what the plugin starts), the
// heartbeat that stops a plugin in an endless loop, the memory limit, and stopping or crashing it for good.
import { RpcEndpoint, RpcError } from '../rpc.ts';
import type { PingReply } from '../protocol.ts';
import type { ContributionRegistry } from '../registry.ts';
import { parseRpcMessage } from '../rpc-schema.ts';
import type { TransportFactory } from '../transport.ts';
import { PayloadError } from './schemas.ts';
import type { PluginLimits, PluginRecord, PluginState, RunningWorker } from './types.ts';

/** What the supervisor needs of the host. */
export interface SupervisedHost {
  readonly limits: PluginLimits;
  readonly createTransport: TransportFactory;
  readonly contributions: ContributionRegistry;
  report(record: PluginRecord, where: string, error: unknown): void;
  emitStatus(record: PluginRecord): void;
  handleRequest(record: PluginRecord, method: string, params: unknown, signal: AbortSignal): Promise<unknown>;
  handleNote(record: PluginRecord, worker: RunningWorker, method: string, params: unknown): void;
}

export class WorkerSupervisor {
  constructor(private readonly host: SupervisedHost) {}

  async start(record: PluginRecord, generation: number): Promise<RunningWorker> {
    const transport = await this.host.createTransport({ pluginId: record.manifest.id, memoryLimitMb: this.host.limits.memoryLimitMb });
    let markReady = () => {};
    let failReady: (reason: string) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = (reason) => reject(new Error(reason));
    });
    ready.catch(() => {});
    const rpc = new RpcEndpoint(
      { post: (message) => transport.post(message) },
      async (method, params, signal) => {
        // While the host answers the plugin (the user picks, a simulation runs), the plugin's command clock stops.
        const release = rpc.hold();
        try {
          return await this.host.handleRequest(record, method, params, signal);
        } finally {
          release();
        }
      },
      (method, params) => this.host.handleNote(record, worker, method, params),
      { timeoutMs: 30_000, ackTimeoutMs: 0 },
    );
    const worker: RunningWorker = { transport, rpc, pingOutstanding: false, windowStart: Date.now(), windowCount: 0, ready, markReady, failReady };
    record.worker = worker;
    transport.onMessage((data) => {
      if (record.generation !== generation) return;
      const message = parseRpcMessage(data);
      // Answers to the host's own requests are bounded by the host; only what the plugin starts is rate-limited.
      if ((!message || message.t === 'req' || message.t === 'note') && !this.withinRate(record, worker)) return;
      if (!message) {
        this.host.report(record, 'message', new PayloadError('a malformed message was ignored'));
        // A malformed answer fails the call it answers, so the caller never waits for an answer that will not come.
        const reply = data as { t?: unknown; id?: unknown } | null;
        if (typeof reply === 'object' && reply !== null && reply.t === 'res' && typeof reply.id === 'number') rpc.fail(reply.id, 'invalid', 'the plugin sent a malformed reply');
        return;
      }
      rpc.receive(message);
    });
    transport.onExit((exit) => {
      if (record.generation === generation && record.worker === worker) void this.crash(record, exit.reason);
    });
    void ready.then(() => {
      if (record.worker !== worker) return;
      worker.heartbeat = setInterval(() => this.ping(record, worker), this.host.limits.heartbeatIntervalMs);
    });
    return worker;
  }

  private ping(record: PluginRecord, worker: RunningWorker): void {
    if (worker.pingOutstanding || record.worker !== worker) return;
    worker.pingOutstanding = true;
    worker.rpc
      .request('ping', {}, { timeoutMs: 0, ackTimeoutMs: this.host.limits.unresponsiveMs })
      .then((reply) => {
        worker.pingOutstanding = false;
        const memory = reply as PingReply | undefined;
        const used = memory?.memoryUsedBytes ?? memory?.heapUsedBytes;
        if (typeof used === 'number' && used > this.host.limits.memoryLimitMb * 1024 * 1024) this.outOfMemory(record, used);
      })
      .catch((error: unknown) => {
        worker.pingOutstanding = false;
        if (record.worker !== worker) return;
        if (error instanceof RpcError && error.code === 'noAck') {
          void this.crash(record, `not responding for more than ${this.host.limits.unresponsiveMs} ms (an endless loop?); stopped`);
        }
      });
  }

  outOfMemory(record: PluginRecord, usedBytes: number): void {
    void this.crash(record, `used more memory than allowed (${Math.ceil(usedBytes / 1024 / 1024)} MB of ${this.host.limits.memoryLimitMb} MB)`);
  }

  private withinRate(record: PluginRecord, worker: RunningWorker): boolean {
    const now = Date.now();
    if (now - worker.windowStart >= 1_000) {
      worker.windowStart = now;
      worker.windowCount = 0;
    }
    worker.windowCount++;
    if (worker.windowCount <= this.host.limits.maxMessagesPerSecond) return true;
    if (worker.windowCount === this.host.limits.maxMessagesPerSecond + 1) {
      void this.crash(record, `sent more than ${this.host.limits.maxMessagesPerSecond} messages in one second; stopped`);
    }
    return false;
  }

  /** Stops the worker for good: contributions removed, state crashed with the reason. Restartable. */
  async crash(record: PluginRecord, reason: string): Promise<void> {
    if (record.state === 'crashed' && !record.worker) return;
    record.generation++;
    record.state = 'crashed';
    record.reason = reason;
    this.host.report(record, 'host', new Error(reason));
    const worker = record.worker;
    delete record.worker;
    this.host.contributions.removePlugin(record.manifest.id);
    this.host.emitStatus(record);
    if (worker) await this.terminate(worker, reason);
  }

  async stop(record: PluginRecord, state: PluginState): Promise<void> {
    record.generation++;
    const worker = record.worker;
    delete record.worker;
    record.state = state;
    this.host.contributions.clearRuntime(record.manifest.id);
    if (worker) await this.terminate(worker, `the plugin was stopped (${state})`);
    this.host.emitStatus(record);
  }

  private async terminate(worker: RunningWorker, reason: string): Promise<void> {
    if (worker.heartbeat) clearInterval(worker.heartbeat);
    worker.failReady(reason);
    worker.rpc.close(reason);
    try {
      await worker.transport.terminate();
    } catch {
      // already gone
    }
  }
}

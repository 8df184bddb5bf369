// The simulation worker's pool: replication workers (Web Workers started from the simulation worker) that run
// whole replications for `simulateInParallel`. The simulation worker runs replications too, so n cores need n - 1
// workers. They live as long as the simulation worker: the studio's Cancel terminates it, and them with it.
import { runReplicationJobInSlices, throttleProgress, type ReplicationJob, type ReplicationRunner, type ReplicationSummary } from '@leanflow/sim';

/** What a replication worker sends: progress of the running job, then its summary or why it failed. */
export type ReplicationWorkerMessage = { progress: number } | { ok: true; summary: ReplicationSummary } | { ok: false; message: string };

/** The part of a Web Worker the pool uses (a fake in Node tests). */
export interface ReplicationWorkerPort {
  postMessage(message: ReplicationJob): void;
  addEventListener(type: 'message', listener: (event: { data: ReplicationWorkerMessage }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

function workerRunner(worker: ReplicationWorkerPort): ReplicationRunner {
  let pending: { resolve: (summary: ReplicationSummary) => void; reject: (error: Error) => void; onProgress?: (fraction: number) => void } | null = null;
  worker.addEventListener('message', (event) => {
    const data = event.data;
    if ('progress' in data) {
      pending?.onProgress?.(data.progress);
      return;
    }
    const job = pending;
    pending = null;
    if (!job) return;
    if (data.ok) job.resolve(data.summary);
    else job.reject(new Error(data.message));
  });
  worker.addEventListener('error', (event) => {
    const job = pending;
    pending = null;
    job?.reject(new Error(`a replication worker failed: ${event.message ?? 'unknown error'}`));
  });
  return {
    run: (job, onProgress) =>
      new Promise((resolve, reject) => {
        pending = onProgress ? { resolve, reject, onProgress } : { resolve, reject };
        worker.postMessage(job);
      }),
  };
}

/**
 * A pause that lets this worker's pending messages in: a message to itself (a `setTimeout(0)` chained from a
 * timer is clamped to 4 ms, a fifth of a slice).
 */
function messagePause(): () => Promise<void> {
  if (typeof MessageChannel === 'undefined') return () => new Promise((resolve) => setTimeout(resolve, 0));
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  // Node (tests): the port must not keep the process alive.
  (channel.port1 as { unref?: () => void }).unref?.();
  (channel.port2 as { unref?: () => void }).unref?.();
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}

/**
 * This worker as a runner: one replication at a time, in slices of about 20 ms, so the other workers' messages (a
 * finished replication, progress) are answered at once and none waits for this one to deal it a new job.
 */
function inThisWorker(): ReplicationRunner {
  let pause: (() => Promise<void>) | null = null;
  return {
    run: (job, onProgress) => runReplicationJobInSlices(job, onProgress && throttleProgress(onProgress), (pause ??= messagePause())),
  };
}

/**
 * Runners over `threads` threads (this one and `threads - 1` workers from `startWorker`, started on first use and
 * kept for the next runs).
 *
 * @example
 * const pool = createReplicationPool(navigator.hardwareConcurrency, () => new Worker(url, { type: 'module' }));
 * await runSimulationJob(request, post, { runners: pool.runners() });
 */
export function createReplicationPool(threads: number, startWorker: () => ReplicationWorkerPort): { runners(): readonly ReplicationRunner[] } {
  let runners: ReplicationRunner[] | null = null;
  return {
    runners() {
      runners ??= [...Array.from({ length: Math.max(0, threads - 1) }, () => workerRunner(startWorker())), inThisWorker()];
      return runners;
    },
  };
}

// The simulation worker's pool: replication workers (Web Workers started from the simulation worker) that run
// whole replications for `simulateInParallel`. The simulation worker runs replications too, so n cores need n - 1
// workers. They live as long as the simulation worker: the studio's Cancel terminates it, and them with it.
import { runReplicationJob, type ReplicationJob, type ReplicationRunner, type ReplicationSummary } from '@leanflow/sim';

/** The part of a Web Worker the pool uses (a fake in Node tests). */
export interface ReplicationWorkerPort {
  postMessage(message: ReplicationJob): void;
  addEventListener(type: 'message', listener: (event: { data: { ok: true; summary: ReplicationSummary } | { ok: false; message: string } }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

function workerRunner(worker: ReplicationWorkerPort): ReplicationRunner {
  let pending: { resolve: (summary: ReplicationSummary) => void; reject: (error: Error) => void } | null = null;
  worker.addEventListener('message', (event) => {
    const job = pending;
    pending = null;
    if (!job) return;
    if (event.data.ok) job.resolve(event.data.summary);
    else job.reject(new Error(event.data.message));
  });
  worker.addEventListener('error', (event) => {
    const job = pending;
    pending = null;
    job?.reject(new Error(`a replication worker failed: ${event.message ?? 'unknown error'}`));
  });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(job);
      }),
  };
}

/** This worker as a runner: one replication at a time, between the other workers' messages. */
const inThisWorker: ReplicationRunner = {
  run: (job) =>
    new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(runReplicationJob(job));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }, 0),
    ),
};

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
      runners ??= [...Array.from({ length: Math.max(0, threads - 1) }, () => workerRunner(startWorker())), inThisWorker];
      return runners;
    },
  };
}

// Replications over worker threads for `leanflow simulate`: this thread runs replications too, so n threads need
// only n - 1 workers. Each worker runs `runReplicationJob` (replication-worker.ts); the aggregate is the serial one.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './worker-threads.ts';
import { runReplicationJobInSlices, throttleProgress, type ReplicationJob, type ReplicationRunner, type ReplicationSummary } from '@leanflow/sim';

/** Estimated element executions below which starting workers costs more than it saves (about a second of work). */
const PARALLEL_MIN_EXECUTIONS = 5_000_000;

/**
 * How many threads to use: `requested` when given, else all cores (at most one per replication) for runs of about
 * a second or more, else 1.
 *
 * @example
 * chooseThreads(undefined, { replications: 10, cases: 100_000, nodes: 40 }); // 2 on a 2-core machine
 */
export function chooseThreads(requested: number | undefined, run: { readonly replications: number; readonly cases: number | null; readonly nodes: number }): number {
  const most = Math.max(1, run.replications);
  if (requested !== undefined) return Math.min(requested, most);
  if (run.replications < 2) return 1;
  if (run.cases !== null && run.cases * run.replications * Math.max(1, run.nodes) < PARALLEL_MIN_EXECUTIONS) return 1;
  return Math.min(availableParallelism(), most);
}

// The built worker is an entry of its own in the built CLI; from sources it runs through tsx (worker-threads.ts).
function startWorker(): Worker {
  return startModuleWorker(new URL('./replication-worker.ts', import.meta.url));
}

/** What a replication worker sends: progress of the running job, then its summary or why it failed. */
type WorkerMessage = { progress: number } | { ok: true; summary: ReplicationSummary } | { ok: false; message: string };

function workerRunner(worker: Worker): ReplicationRunner {
  return {
    run: (job: ReplicationJob, onProgress?: (fraction: number) => void) =>
      new Promise<ReplicationSummary>((resolve, reject) => {
        const done = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
        };
        const onError = (error: Error) => {
          done();
          reject(error);
        };
        const onMessage = (message: WorkerMessage) => {
          if ('progress' in message) {
            onProgress?.(message.progress);
            return;
          }
          done();
          if (message.ok) resolve(message.summary);
          else reject(new Error(message.message));
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.postMessage(job);
      }),
  };
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * This thread as a runner: one replication at a time, in slices of about 20 ms, so the workers' messages (a
 * finished replication, progress) are answered at once and no worker waits for this thread to deal it a new job.
 */
const inThisThread: ReplicationRunner = {
  run: (job, onProgress) => runReplicationJobInSlices(job, onProgress && throttleProgress(onProgress), pause),
};

/**
 * Runners for `simulateInParallel`: this thread plus `threads - 1` worker threads; `close()` stops the workers.
 *
 * @example
 * const pool = createReplicationPool(2);
 * try { await simulateInParallel(graph, scenario, options, pool.runners); } finally { await pool.close(); }
 */
export function createReplicationPool(threads: number): { readonly runners: readonly ReplicationRunner[]; close(): Promise<void> } {
  const workers = Array.from({ length: Math.max(0, threads - 1) }, startWorker);
  return {
    runners: [...workers.map(workerRunner), inThisThread],
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

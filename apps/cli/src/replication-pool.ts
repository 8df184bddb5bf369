// Replications over worker threads for `leanflow simulate`: this thread runs replications too, so n threads need
// only n - 1 workers. Each worker runs `runReplicationJob` (replication-worker.ts); the aggregate is the serial one.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './worker-threads.ts';
import { runReplicationJob, type ReplicationJob, type ReplicationRunner, type ReplicationSummary } from '@leanflow/sim';

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

function workerRunner(worker: Worker): ReplicationRunner {
  return {
    run: (job: ReplicationJob) =>
      new Promise<ReplicationSummary>((resolve, reject) => {
        const onError = (error: Error) => {
          worker.off('message', onMessage);
          reject(error);
        };
        const onMessage = (message: { ok: true; summary: ReplicationSummary } | { ok: false; message: string }) => {
          worker.off('error', onError);
          if (message.ok) resolve(message.summary);
          else reject(new Error(message.message));
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.postMessage(job);
      }),
  };
}

/** This thread as a runner: one replication at a time, between the workers' messages. */
const inThisThread: ReplicationRunner = {
  run: (job) => new Promise((resolve, reject) => setImmediate(() => {
    try {
      resolve(runReplicationJob(job));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  })),
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

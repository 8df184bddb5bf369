// The simulation worker: one run at a time; the studio cancels a run by terminating the worker.
import type { SimulationRequest, SimulationWorkerMessage } from './protocol.ts';
import { createReplicationPool, type ReplicationWorkerPort } from './replication-pool.ts';
import { runSimulationJob } from './run-simulation.ts';

// Replications over the cores (at most 4 threads: the studio's other workers need some too).
const threads = Math.max(1, Math.min(4, (self as unknown as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1));
const pool = createReplicationPool(threads, () => new Worker(new URL('./replication.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-replications' }) as unknown as ReplicationWorkerPort);

const post = (message: SimulationWorkerMessage) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);

self.addEventListener('message', (event: MessageEvent<SimulationRequest>) => {
  const request = event.data;
  if (request?.type !== 'run') return;
  runSimulationJob(request, post, { runners: () => pool.runners() }).then(
    (report) => post({ type: 'done', runId: request.runId, report }),
    (error: unknown) => post({ type: 'crashed', runId: request.runId, message: error instanceof Error ? error.message : String(error) }),
  );
});

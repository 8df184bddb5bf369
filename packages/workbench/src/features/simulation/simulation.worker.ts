// The simulation worker: one run at a time, reporting progress; the studio cancels a run by terminating the worker.
import { serveWorker } from '../../base/worker-client.ts';
import { createReplicationPool, type ReplicationWorkerPort } from './replication-pool.ts';
import { createSimulationHandlers } from './simulation-job.ts';

// Replications over the cores (at most 4 threads: the studio's other workers need some too).
const threads = Math.max(1, Math.min(4, (self as unknown as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1));
const pool = createReplicationPool(threads, () => new Worker(new URL('./replication.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-replications' }) as unknown as ReplicationWorkerPort);

serveWorker(createSimulationHandlers(() => pool.runners()));

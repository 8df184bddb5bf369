// A worker thread of `leanflow simulate`: runs the replications it is sent (see replication-pool.ts).
import { parentPort } from 'node:worker_threads';
import { runReplicationJob, type ReplicationJob } from '@leanflow/sim';

parentPort?.on('message', (job: ReplicationJob) => {
  try {
    const summary = runReplicationJob(job);
    parentPort?.postMessage({ ok: true, summary });
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

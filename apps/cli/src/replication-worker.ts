// A worker thread of `leanflow simulate`: runs the replications it is sent (see replication-pool.ts), reporting the
// fraction of the running replication done a few times a second so the caller's progress moves between replications.
import { parentPort } from 'node:worker_threads';
import { runReplicationJob, throttleProgress, type ReplicationJob } from '@leanflow/sim';

parentPort?.on('message', (job: ReplicationJob) => {
  try {
    const summary = runReplicationJob(job, throttleProgress((progress) => parentPort?.postMessage({ progress })));
    parentPort?.postMessage({ ok: true, summary });
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

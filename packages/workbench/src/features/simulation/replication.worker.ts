// A replication worker of the simulation worker's pool (replication-pool.ts): runs the replications it is sent,
// reporting the fraction of the running one done a few times a second (the studio's bar moves between replications).
import { runReplicationJob, throttleProgress, type ReplicationJob } from '@leanflow/sim';

const scope = self as unknown as { postMessage(message: unknown): void };

self.addEventListener('message', (event: MessageEvent<ReplicationJob>) => {
  try {
    scope.postMessage({ ok: true, summary: runReplicationJob(event.data, throttleProgress((progress) => scope.postMessage({ progress }))) });
  } catch (error) {
    scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

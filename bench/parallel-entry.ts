// What the bench's parallel row runs, bundled (bench/baseline.ts `bundleParallel`) with the CLI's replication worker
// next to it, as the built CLI ships them: no TypeScript compiled at run time in the worker or here.
export { createReplicationPool } from '../apps/cli/src/replication-pool.ts';
export { runReplicationJob, simulateInParallel, simulateSync } from '../packages/sim/src/index.ts';

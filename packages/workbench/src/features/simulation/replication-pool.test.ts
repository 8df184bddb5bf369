// The simulation worker's replication pool: long runs go to the replication workers and give exactly the serial
// result; short runs stay in the simulation worker and start no worker.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { runReplicationJob, type ReplicationJob } from '@leanflow/sim';
import { describe, expect, it } from 'vitest';
import { createReplicationPool, type ReplicationWorkerPort } from './replication-pool.ts';
import { runSimulationJob } from './simulation-job.ts';

/** A worker in this thread that behaves like one: structured clones, an answer in a later task. */
function fakeWorker(log: number[]): ReplicationWorkerPort {
  const listeners: ((event: { data: unknown }) => void)[] = [];
  return {
    postMessage(job: ReplicationJob) {
      log.push(job.replication);
      const copy = structuredClone(job);
      setTimeout(() => {
        const post = (message: unknown) => {
          const data = structuredClone(message);
          listeners.forEach((l) => l({ data }));
        };
        post({ ok: true, summary: runReplicationJob(copy, (progress) => post({ progress })) });
      }, 1);
    },
    addEventListener(type: string, listener: (event: { data: unknown }) => void) {
      if (type === 'message') listeners.push(listener);
    },
  } as ReplicationWorkerPort;
}

describe('replication pool of the simulation worker', () => {
  it('runs a long run on the workers with exactly the serial numbers, progress within replications', async () => {
    const request = { type: 'run' as const, runId: 1, xml: LEAD_TO_QUOTE_SAMPLE, cases: 40_000, replications: 6, seed: 4 };
    const serial = await runSimulationJob(request);
    const ran: number[] = [];
    let started = 0;
    const pool = createReplicationPool(3, () => (started++, fakeWorker(ran)));
    const fractions: number[] = [];
    const parallel = await runSimulationJob(request, (p) => fractions.push(p.fraction), { runners: () => pool.runners() });
    expect(serial.ok && parallel.ok).toBe(true);
    if (!serial.ok || !parallel.ok) return;
    expect(parallel.result).toEqual(serial.result);
    expect(started).toBe(2); // two workers plus the simulation worker itself
    expect(ran.length).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBe(1);
    // The workers' progress within a replication moves the bar between whole replications.
    expect(fractions.some((f) => f > 0 && f < 1 && !Number.isInteger(f * 6))).toBe(true);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
  });

  it('keeps a short run in the simulation worker (starting workers would cost more)', async () => {
    let started = 0;
    const pool = createReplicationPool(3, () => (started++, fakeWorker([])));
    const report = await runSimulationJob({ type: 'run', runId: 2, xml: LEAD_TO_QUOTE_SAMPLE, cases: 200, replications: 5 }, () => {}, { runners: () => pool.runners() });
    expect(report.ok).toBe(true);
    expect(started).toBe(0);
  });
});

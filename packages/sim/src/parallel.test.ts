// Parallel replications give exactly the serial numbers: the jobs cross a (simulated) worker boundary by structured
// clone, finish out of order, and the aggregate is compared field by field with `simulateSync`.
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '@leanflow/model';
import {
  SimulationCancelledError,
  buildGraph,
  runReplicationJob,
  runReplicationJobInSlices,
  simulateInParallel,
  throttleProgress,
  simulateSync,
  prepareSimulation,
  type GraphSpec,
  type ReplicationRunner,
  type SimulationOptions,
} from './index.ts';

const minutes = (mean: number) => ({ type: 'exponential' as const, mean, unit: 'min' as const });

// Task, 70/30 choice, parallel pair, rework loop; two pools, a substantive response and a resolution SLA.
const spec: GraphSpec = {
  nodes: [
    { id: 'S', kind: 'startEvent' },
    { id: 'A', kind: 'userTask', laneId: 'L1' },
    { id: 'X', kind: 'exclusiveGateway' },
    { id: 'B', kind: 'userTask', laneId: 'L2' },
    { id: 'C', kind: 'userTask', laneId: 'L1' },
    { id: 'M', kind: 'exclusiveGateway' },
    { id: 'P', kind: 'parallelGateway' },
    { id: 'D', kind: 'userTask', laneId: 'L2' },
    { id: 'F', kind: 'userTask', laneId: 'L1' },
    { id: 'J', kind: 'parallelGateway' },
    { id: 'R', kind: 'exclusiveGateway' },
    { id: 'E', kind: 'endEvent' },
  ],
  flows: [['S', 'A'], ['A', 'X'], ['X', 'B', 'xb'], ['X', 'C', 'xc'], ['B', 'M'], ['C', 'M'], ['M', 'P'], ['P', 'D'], ['P', 'F'], ['D', 'J'], ['F', 'J'], ['J', 'R'], ['R', 'A', 'again'], ['R', 'E', 'done']],
  lanes: [{ id: 'L1' }, { id: 'L2' }],
};
const scenario: ScenarioInput = {
  id: 's',
  name: 'parallel',
  pools: [
    { id: 'P1', name: 'Desk', headcount: 3, costPerHour: 40, laneIds: ['L1'] },
    { id: 'P2', name: 'Back office', headcount: 2, costPerHour: 55, laneIds: ['L2'] },
  ],
  arrivals: { S: { interArrival: minutes(6) } },
  tasks: { A: { duration: minutes(4), substantiveResponse: true }, B: { duration: minutes(5) }, C: { duration: minutes(3) }, D: { duration: minutes(4) }, F: { duration: minutes(5) } },
  gateways: { X: { probabilities: { xb: 0.7, xc: 0.3 } }, R: { probabilities: { again: 0.1, done: 0.9 } } },
  targets: { resolutionSla: { value: 2, unit: 'h' } },
};

/** Runners that behave like workers: cloned input and output, finishing in a scrambled order; progress as they report it. */
function fakeWorkers(count: number, ran: number[][] = []): ReplicationRunner[] {
  return Array.from({ length: count }, (_, w) => ({
    async run(job, onProgress) {
      (ran[w] ??= []).push(job.replication);
      await new Promise((resolve) => setTimeout(resolve, ((job.replication * 7 + w * 3) % 5) * 2));
      return structuredClone(runReplicationJob(structuredClone(job), onProgress));
    },
  }));
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('parallel replications', () => {
  const graph = buildGraph(spec);

  for (const [name, options] of [
    ['10 replications x 3,000 cases, event log', { cases: 3_000, replications: 10, seed: 11, eventLog: true }],
    // Beyond the sketches' exact limit: the quantiles come from merged buckets, still identical to serial.
    ['3 replications x 25,000 cases (sketched quantiles)', { cases: 25_000, replications: 3, seed: 5 }],
  ] as const) {
    it(`gives exactly the serial result (${name})`, async () => {
      const serial = simulateSync(graph, scenario, options);
      const ran: number[][] = [];
      const progress: number[] = [];
      const parallel = await simulateInParallel(graph, scenario, { ...options, onProgress: (f) => progress.push(f) }, fakeWorkers(3, ran));
      expect(serial.ok && parallel.ok).toBe(true);
      expect(parallel).toEqual(serial);
      // Really spread: every worker ran some replications, each replication ran once.
      expect(ran.every((r) => r.length > 0)).toBe(true);
      expect(ran.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: options.replications }, (_, i) => i));
      expect(progress.at(-1)).toBe(1);
    });
  }

  it('gives exactly the serial result on the sequence engine (one path per case, office hours)', async () => {
    // The same process without the parallel pair: each case is one path, so it runs on the sequence engine.
    const oneWay = buildGraph({
      ...spec,
      nodes: spec.nodes.filter((n) => n.id !== 'P' && n.id !== 'J' && n.id !== 'F'),
      flows: [...spec.flows.filter((f) => !['P', 'J', 'F'].includes(f[0]) && !['P', 'J', 'F'].includes(f[1])), ['M', 'D'], ['D', 'R']],
    });
    const office: ScenarioInput = {
      ...scenario,
      calendars: [{ id: 'office', name: 'Office', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] }],
      pools: (scenario.pools ?? []).map((p) => ({ ...p, calendarId: 'office' })),
    };
    const options = { cases: 3_000, replications: 6, seed: 9 };
    const prepared = prepareSimulation(oneWay, office, options);
    expect(prepared.ok && prepared.run.engine()).toBe('sequence');
    const serial = simulateSync(oneWay, office, options);
    const parallel = await simulateInParallel(oneWay, office, options, fakeWorkers(3));
    expect(serial.ok && serial.kpis.offCalendarTime.mean).toBeGreaterThan(0);
    expect(parallel).toEqual(serial);
  });

  it('gives exactly the serial result with case types, shift plans, a shared person, preemption and an uncaught error', async () => {
    // What segments, people, utilisation by period (with shift capacity) and errorEndedCases need travels in the summary.
    const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const withError = buildGraph({
      ...spec,
      nodes: [...spec.nodes, { id: 'Err', kind: 'endEvent', eventDefinitions: ['error'] }],
      flows: [...spec.flows.filter((f) => f[0] !== 'R'), ['R', 'A', 'again'], ['R', 'E', 'done'], ['R', 'Err', 'fail']],
    });
    const rich: ScenarioInput = {
      ...scenario,
      queueDiscipline: 'preemptive',
      pools: [
        { id: 'P1', name: 'Desk', headcount: 3, costPerHour: 40, laneIds: ['L1'], shifts: { periods: [{ days: [...all], from: '00:00', to: '08:00', headcount: 2 }, { days: [...all], from: '08:00', to: '24:00', headcount: 4 }] } },
        { id: 'P2', name: 'Back office', headcount: 2, costPerHour: 55, laneIds: ['L2'] },
      ],
      people: [{ id: 'alex', name: 'Alex', poolIds: ['P1', 'P2'] }],
      arrivals: { S: { interArrival: minutes(6), profile: { periods: [{ days: [...all], from: '00:00', to: '08:00', casesPerHour: 5 }, { days: [...all], from: '08:00', to: '24:00', casesPerHour: 12 }] } } },
      gateways: { X: { probabilities: { xb: 0.7, xc: 0.3 } }, R: { probabilities: { again: 0.1, done: 0.85, fail: 0.05 } } },
      caseTypes: [
        { id: 'std', name: 'Standard', share: 0.75, priority: 0 },
        { id: 'vip', name: 'VIP', share: 0.25, priority: 1, tasks: { A: { duration: minutes(2) } }, targets: { firstResponseSla: { value: 10, unit: 'min' }, resolutionSla: { value: 45, unit: 'min' } } },
      ],
    };
    const options = { cases: 2_000, replications: 5, seed: 3 };
    const serial = simulateSync(withError, rich, options);
    const parallel = await simulateInParallel(withError, rich, options, fakeWorkers(2));
    if (!serial.ok || !parallel.ok) throw new Error('rejected');
    expect(serial.segments.map((s) => s.id)).toEqual(['std', 'vip']);
    expect(serial.segments[1].cases).toBeGreaterThan(0);
    // The VIP type's own targets: its shares are counted against 10 min / 45 min, not the scenario's 2 h / 2 h.
    const vip = serial.segments[1].kpis;
    expect(vip.firstResponseTime.slaSeconds).toBe(600);
    expect(vip.cycleTime.withinResolutionSla).not.toBeNull();
    expect(vip.cycleTime.withinResolutionSla as number).toBeLessThan(serial.kpis.cycleTime.withinResolutionSla as number);
    expect(serial.people[0].utilisation).toBeGreaterThan(0);
    expect(serial.pools[0].utilisationByPeriod.values.some((v) => v !== null && v > 0)).toBe(true);
    expect(serial.perReplication.every((r) => r.errorEndedCases > 0)).toBe(true);
    expect(parallel).toEqual(serial);
  });

  it('a summary holds no per-case values: the sketch is bucketed and small for 50,000 cases', () => {
    const summary = runReplicationJob({ key: 'memory', graph, scenario, options: { cases: 50_000, replications: 1, seed: 1 }, replication: 0 });
    expect(summary.figures.cases).toBe(50_000);
    expect(summary.cycleTimes.exact).toBeNull();
    expect(summary.cycleTimes.count).toBe(50_000);
    // Buckets follow the spread of the cycle times (a few decades), far fewer than the cases.
    expect(summary.cycleTimes.counts.length).toBeLessThan(20_000);
    expect(summary.log).toHaveLength(0);
  });

  it('reports progress within the running replications, never going back, ending at 1', async () => {
    // 2 replications on 2 runners: by finished replication alone the progress would be 0, 0.5 and 1 only.
    const progress: number[] = [];
    const options = { cases: 20_000, replications: 2, seed: 2 };
    const parallel = await simulateInParallel(graph, scenario, { ...options, onProgress: (f) => progress.push(f) }, fakeWorkers(2));
    expect(parallel).toEqual(simulateSync(graph, scenario, options));
    const within = progress.filter((f) => f > 0 && f < 1 && f !== 0.5);
    expect(within.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((f, i) => i === 0 || f > progress[i - 1])).toBe(true);
    expect(progress.at(-1)).toBe(1);
  });

  it('runs a job in slices with the same summary, pausing and reporting between slices', async () => {
    const job = { key: 'slices', graph, scenario, options: { cases: 5_000, replications: 2, seed: 8 }, replication: 1 };
    let pauses = 0;
    const fractions: number[] = [];
    const sliced = await runReplicationJobInSlices(job, (f) => fractions.push(f), () => (pauses++, pause()), 0);
    expect(sliced).toEqual(runReplicationJob({ ...job, key: 'whole' }));
    expect(pauses).toBeGreaterThan(3);
    expect(fractions).toHaveLength(pauses);
    expect(fractions.every((f, i) => f > 0 && f < 1 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
  });

  it('the thread that runs slices keeps dealing: a quick worker gets its next jobs while a slow replication runs here', async () => {
    const events: string[] = [];
    const quick: ReplicationRunner = {
      async run(job) {
        events.push(`quick ${job.replication}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return runReplicationJob(job);
      },
    };
    const here: ReplicationRunner = {
      async run(job, onProgress) {
        events.push(`here ${job.replication}`);
        const summary = await runReplicationJobInSlices(job, onProgress, pause, 1);
        events.push(`here done ${job.replication}`);
        return summary;
      },
    };
    const options = { cases: 6_000, replications: 4, seed: 6 };
    const parallel = await simulateInParallel(graph, scenario, options, [quick, here]);
    expect(parallel).toEqual(simulateSync(graph, scenario, options));
    // Replication 1 runs here; the quick runner finishes 0 and is dealt 2 and 3 before 1 is done here.
    expect(events.indexOf('quick 2')).toBeLessThan(events.indexOf('here done 1'));
  });

  it('throttles progress to one call per interval', () => {
    let t = 0;
    const heard: number[] = [];
    const report = throttleProgress((f) => heard.push(f), 100, () => t);
    for (const [time, fraction] of [[0, 0.1], [50, 0.2], [99, 0.3], [100, 0.4], [150, 0.5], [230, 0.6]]) {
      t = time;
      report(fraction);
    }
    expect(heard).toEqual([0.1, 0.4, 0.6]);
  });

  it('refuses bad input like simulate, and rejects with SimulationCancelledError when cancelled', async () => {
    const refused = await simulateInParallel(graph, scenario, { replications: 0 } as SimulationOptions, fakeWorkers(2));
    expect(refused.ok).toBe(false);
    const controller = new AbortController();
    const pending = simulateInParallel(graph, scenario, { cases: 500, replications: 8, signal: controller.signal, onProgress: (f) => f > 0 && controller.abort() }, fakeWorkers(2));
    await expect(pending).rejects.toBeInstanceOf(SimulationCancelledError);
  });
});

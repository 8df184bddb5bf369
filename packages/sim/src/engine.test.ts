import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '@leanflow/model';
import { buildGraph, simulate, simulateSync, type GraphSpec, type SimulationOptions, type SimulationResult } from './index.ts';

const MIN = 60;
const H = 3600;

function run(spec: GraphSpec, scenario: Partial<ScenarioInput>, options: SimulationOptions = {}): SimulationResult {
  const outcome = simulateSync(buildGraph(spec), { id: 's', name: 'test', ...scenario }, options);
  if (!outcome.ok) throw new Error(`rejected: ${JSON.stringify(outcome.issues)}`);
  return outcome;
}
const task = (id: string, laneId?: string) => ({ id, kind: 'task' as const, ...(laneId ? { laneId } : {}) });
const fixed = (value: number, unit: 's' | 'min' | 'h' | 'd' = 'min') => ({ type: 'fixed' as const, value, unit });
const count = (r: SimulationResult, id: string) => r.tasks.find((t) => t.id === id)?.count;

describe('queueing theory: single-task processes', () => {
  const single: GraphSpec = { nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'L'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']], lanes: [{ id: 'L' }] };

  // M/M/1 with rho = 0.8 (lambda = 0.8/s, mu = 1/s): Wq = rho / (mu - lambda) = 4 s, utilisation 0.8.
  // The waiting-time mean of M/M/1 at rho 0.8 is strongly autocorrelated (relaxation ~ 1/(mu (1 - sqrt rho)^2)
  // = 90 services), so it needs millions of customers: 20 replications x 250,000 cases give a 95% CI half-width
  // of about 1.5% of Wq, which leaves the 3% tolerance at roughly 4 standard errors. The seed is fixed.
  it('M/M/1 (rho 0.8): mean waiting time and utilisation within 3% of the closed form', () => {
    const r = run(
      single,
      {
        pools: [{ id: 'P', name: 'Clerk', headcount: 1, laneIds: ['L'] }],
        arrivals: { S: { interArrival: { type: 'exponential', mean: 1.25, unit: 's' } } },
        tasks: { A: { duration: { type: 'exponential', mean: 1, unit: 's' } } },
      },
      { cases: 250_000, replications: 20, seed: 1 },
    );
    const wq = r.kpis.waitingTime;
    const [lo, hi] = wq.ci95!;
    expect((hi - lo) / 2 / 4).toBeLessThan(0.02);
    expect(Math.abs(wq.mean - 4) / 4).toBeLessThan(0.03);
    expect(Math.abs(r.pools[0].utilisation - 0.8) / 0.8).toBeLessThan(0.03);
    // Little's law cross-check on the same run: WIP = lambda x W within the same 3%.
    expect(Math.abs(r.kpis.workInProgress.mean - 0.8 * r.kpis.cycleTime.mean) / (0.8 * r.kpis.cycleTime.mean)).toBeLessThan(0.03);
  });

  // M/M/3 with lambda = 2.4/s, mu = 1/s (rho 0.8). Erlang C: P(wait) = 0.6472, Wq = P(wait) / (c mu - lambda) = 1.0787 s.
  // 20 replications x 250,000 cases: CI half-width about 2% of Wq (fixed seed).
  it('M/M/3 (Erlang C, rho 0.8): mean waiting time and utilisation within 3% of the closed form', () => {
    const a = 2.4;
    const c = 3;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < c; k++) {
      sum += term;
      term = (term * a) / (k + 1);
    }
    const top = term / (1 - a / c);
    const erlangC = top / (sum + top);
    const expected = erlangC / (c - a);
    expect(expected).toBeCloseTo(1.0787, 3);
    const r = run(
      single,
      {
        pools: [{ id: 'P', name: 'Clerks', headcount: 3, laneIds: ['L'] }],
        arrivals: { S: { interArrival: { type: 'exponential', mean: 1 / 2.4, unit: 's' } } },
        tasks: { A: { duration: { type: 'exponential', mean: 1, unit: 's' } } },
      },
      { cases: 250_000, replications: 20, seed: 3 },
    );
    const [lo, hi] = r.kpis.waitingTime.ci95!;
    expect((hi - lo) / 2 / expected).toBeLessThan(0.02);
    expect(Math.abs(r.kpis.waitingTime.mean - expected) / expected).toBeLessThan(0.03);
    expect(Math.abs(r.pools[0].utilisation - 0.8) / 0.8).toBeLessThan(0.03);
  });
});

describe('deterministic processes give exact results', () => {
  it('tandem: arrivals every 5 min, station A 4 min, station B 6 min (B is the bottleneck)', () => {
    // Case i (0-based) arrives at 5(i+1), leaves A at 5i+9 and B at 15+6i: cycle 10+i min, wait at B i min.
    const N = 100;
    const r = run(
      {
        nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'LA'), task('B', 'LB'), { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'A'], ['A', 'B'], ['B', 'E']],
        lanes: [{ id: 'LA' }, { id: 'LB' }],
      },
      {
        pools: [
          { id: 'PA', name: 'A', headcount: 1, laneIds: ['LA'], costPerHour: 60 },
          { id: 'PB', name: 'B', headcount: 1, laneIds: ['LB'] },
        ],
        arrivals: { S: { interArrival: fixed(5) } },
        tasks: { A: { duration: fixed(4), fixedCost: 1 }, B: { duration: fixed(6) } },
        targets: { resolutionSla: { value: 30, unit: 'min' } },
      },
      { cases: N, replications: 2 },
    );
    const k = r.kpis;
    expect(k.cycleTime.mean).toBeCloseTo((10 + (N - 1) / 2) * MIN, 9);
    expect(k.cycleTime.p50).toBeCloseTo(59.5 * MIN, 9);
    // resolution SLA 30 min: cases 0..20 (cycle 10..30 min) are within it
    expect(k.cycleTime.withinResolutionSla).toBe(21 / N);
    expect(k.cycleTime.ci95).toEqual([k.cycleTime.mean, k.cycleTime.mean]);
    expect(k.waitingTime.mean).toBeCloseTo(((N - 1) / 2) * MIN, 9);
    expect(k.processingTime.mean).toBe(10 * MIN);
    expect(k.costPerCase.mean).toBeCloseTo(4 + 1, 9); // 4 min at 60/h + fixed cost 1
    const end = (15 + 6 * (N - 1)) * MIN;
    expect(r.pools[0].utilisationWholeRun).toBeCloseTo((4 * N * MIN) / end, 12);
    expect(r.pools[1].utilisationWholeRun).toBeCloseTo((6 * N * MIN) / end, 12);
    // Over the arrival window (to the last arrival at 5N min, not over the drain): A did N - 1 cases of 4 min;
    // B is busy without a break from its first case at 9 min.
    expect(r.pools[0].utilisation).toBeCloseTo((4 * (N - 1)) / (5 * N), 12);
    expect(r.pools[1].utilisation).toBeCloseTo((5 * N - 9) / (5 * N), 12);
    // Time-average queue at B = total waiting / time (Little): sum of i for i < N minutes over 609 minutes.
    expect(r.pools[1].meanQueueLength).toBeCloseTo((((N - 1) * N) / 2) * MIN / end, 12);
    expect(r.pools[0].maxQueueLength).toBe(0);
    expect(Math.max(...r.pools[1].queueLength.values)).toBeLessThanOrEqual(r.pools[1].maxQueueLength);
    expect(r.pools[1].queueLength.values.length).toBeGreaterThan(10);
    expect(r.bottlenecks[0].elementId).toBe('B');
    expect(r.bottlenecks[0].shareOfWaiting).toBe(1);
    expect(r.tasks.find((t) => t.id === 'B')?.waitingTime.max).toBe((N - 1) * MIN);
  });

  it('fork/join: parallel 3 min and 7 min branches then 2 min: cycle exactly 9 min', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'Split', kind: 'parallelGateway' },
          task('A'),
          task('B'),
          { id: 'Join', kind: 'parallelGateway' },
          task('C'),
          { id: 'E', kind: 'endEvent' },
        ],
        flows: [['S', 'Split'], ['Split', 'A'], ['Split', 'B'], ['A', 'Join'], ['B', 'Join'], ['Join', 'C'], ['C', 'E']],
      },
      { arrivals: { S: { interArrival: { type: 'exponential', mean: 3 } } }, tasks: { A: { duration: fixed(3) }, B: { duration: fixed(7) }, C: { duration: fixed(2) } } },
      { cases: 500, replications: 1 },
    );
    expect(r.kpis.cycleTime.mean).toBeCloseTo(9 * MIN, 9);
    expect(r.kpis.cycleTime.p95).toBeCloseTo(9 * MIN, 9);
    expect(count(r, 'C')).toBe(500);
    // S, split, A, B, join (twice), C, E per case
    expect(r.elementExecutions).toBe(500 * 8);
    expect(r.elements.find((e) => e.id === 'Join')?.executions).toBe(1000);
  });

  it('events at the same time happen in the order they were scheduled (ties broken by sequence)', () => {
    // Four parallel 1-min tasks start together and end together, four tied events in the heap (with the next
    // arrival). The split sends the first flow's token on last, so it is processed first: its task was scheduled
    // first and ends first, then the others in the order they were scheduled (D, C, B). The event log lists work
    // in the order it ends.
    const r = run(
      {
        nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'Split', kind: 'parallelGateway' }, task('A'), task('B'), task('C'), task('D'), { id: 'Join', kind: 'parallelGateway' }, { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'Split'], ['Split', 'A'], ['Split', 'B'], ['Split', 'C'], ['Split', 'D'], ['A', 'Join'], ['B', 'Join'], ['C', 'Join'], ['D', 'Join'], ['Join', 'E']],
      },
      { arrivals: { S: { interArrival: fixed(2) } }, tasks: { A: { duration: fixed(1) }, B: { duration: fixed(1) }, C: { duration: fixed(1) }, D: { duration: fixed(1) } } },
      { cases: 50, replications: 1, eventLog: true },
    );
    const rows = r.eventLog!.trim().split('\n').slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(200);
    rows.forEach((row, i) => {
      expect(row[0]).toBe(String(Math.floor(i / 4) + 1));
      expect(row[2]).toBe(['A', 'D', 'C', 'B'][i % 4]);
    });
  });
});

describe('routing', () => {
  const xor: GraphSpec = {
    nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'G', kind: 'exclusiveGateway' }, task('X'), task('Y'), { id: 'M', kind: 'exclusiveGateway' }, { id: 'E', kind: 'endEvent' }],
    flows: [['S', 'G'], ['G', 'X', 'toX'], ['G', 'Y', 'toY'], ['X', 'M'], ['Y', 'M'], ['M', 'E']],
  };

  it('XOR frequencies match branch probabilities (binomial tolerance)', () => {
    const N = 20_000;
    const r = run(xor, { arrivals: { S: { interArrival: fixed(1) } }, gateways: { G: { probabilities: { toX: 0.3, toY: 0.7 } } } }, { cases: N, replications: 1 });
    // Binomial(20,000, 0.3): sd = sqrt(N p (1-p)) = 64.8; 4 sd = 259.
    expect(Math.abs(count(r, 'X')! - 0.3 * N)).toBeLessThan(4 * Math.sqrt(N * 0.21));
    expect(count(r, 'X')! + count(r, 'Y')!).toBe(N);
  });

  it('an XOR default flow without a probability takes the remainder', () => {
    const N = 20_000;
    const spec: GraphSpec = { ...xor, nodes: xor.nodes.map((n) => (n.id === 'G' ? { ...n, defaultFlowId: 'toY' } : n)) };
    const r = run(spec, { arrivals: { S: { interArrival: fixed(1) } }, gateways: { G: { probabilities: { toX: 0.2 } } } }, { cases: N, replications: 1 });
    expect(Math.abs(count(r, 'X')! - 0.2 * N)).toBeLessThan(4 * Math.sqrt(N * 0.16));
    expect(r.issues.some((i) => i.code === 'sim.probabilities.normalised')).toBe(false);
  });

  it('OR split draws branches independently (at least one) and the OR join waits for every token that can still arrive', () => {
    const N = 20_000;
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'Or', kind: 'inclusiveGateway' },
          task('A'),
          task('B'),
          { id: 'Join', kind: 'inclusiveGateway' },
          task('C'),
          { id: 'E', kind: 'endEvent' },
        ],
        flows: [['S', 'Or'], ['Or', 'A', 'toA'], ['Or', 'B', 'toB'], ['A', 'Join'], ['B', 'Join'], ['Join', 'C'], ['C', 'E']],
      },
      {
        arrivals: { S: { interArrival: fixed(1) } },
        gateways: { Or: { probabilities: { toA: 0.5, toB: 0.5 } } },
        tasks: { A: { duration: fixed(10) }, B: { duration: fixed(30) }, C: { duration: fixed(0) } },
      },
      { cases: N, replications: 1 },
    );
    // Both branches 1/4, A only 1/4, B only 1/4, neither 1/4 -> one drawn by weight (1/8 each).
    // A only: 3/8 (cycle 10 min); otherwise B runs (cycle 30 min): mean 3/8*10 + 5/8*30 = 22.5 min.
    // Binomial share of "A only": sd sqrt(3/8*5/8/N) = 0.0034 -> mean sd 20 min*0.0034 = 0.07 min; 4 sd = 0.28 min.
    expect(count(r, 'C')).toBe(N); // the join merged: C ran exactly once per case
    expect(Math.abs(r.kpis.cycleTime.mean / MIN - 22.5)).toBeLessThan(0.28);
    expect(Math.abs(count(r, 'A')! / N - 5 / 8)).toBeLessThan(4 * Math.sqrt((5 / 8) * (3 / 8) / N));
    expect(r.kpis.cycleTime.p95).toBeCloseTo(30 * MIN, 9);
  });

  it('event-based gateway: the first event wins the race', () => {
    // Timer 30 min vs message exponential mean 30 min: P(message first) = 1 - e^-1 = 0.632.
    const N = 10_000;
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'G', kind: 'eventBasedGateway' },
          { id: 'Timer', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'PT30M' } },
          { id: 'Reply', kind: 'intermediateCatchEvent', eventDefinitions: ['message'] },
          task('Remind'),
          task('Handle'),
          { id: 'E1', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'G'], ['G', 'Timer'], ['G', 'Reply'], ['Timer', 'Remind'], ['Reply', 'Handle'], ['Remind', 'E1'], ['Handle', 'E2']],
      },
      { arrivals: { S: { interArrival: fixed(1) } }, events: { Reply: { duration: { type: 'exponential', mean: 30 } } } },
      { cases: N, replications: 1 },
    );
    const share = count(r, 'Handle')! / N;
    expect(Math.abs(share - (1 - Math.exp(-1)))).toBeLessThan(4 * Math.sqrt(0.632 * 0.368 / N));
    expect(count(r, 'Handle')! + count(r, 'Remind')!).toBe(N);
    // E[min(30, Exp(30))] = 30 (1 - e^-1) = 18.96 min; sd of the mean ~ 0.12 min for N = 10,000.
    expect(Math.abs(r.kpis.cycleTime.mean / MIN - 30 * (1 - Math.exp(-1)))).toBeLessThan(0.5);
  });
});

describe('time: calendars, timers and boundary events', () => {
  it('a case reaching a task at 17:30 with 9-17 working hours starts at 9:00 the next working day', () => {
    const r = run(
      { nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'L'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']], lanes: [{ id: 'L' }] },
      {
        startTime: '2026-01-05T00:00:00Z', // Monday
        calendars: [{ id: 'office', name: 'Office', timeZone: 'UTC', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }],
        pools: [{ id: 'P', name: 'Clerk', headcount: 1, laneIds: ['L'], calendarId: 'office' }],
        arrivals: { S: { interArrival: fixed(17.5, 'h') } },
        tasks: { A: { duration: fixed(1, 'h') } },
      },
      { cases: 1, replications: 1, eventLog: true },
    );
    expect(r.eventLog).toBe('case,activity,activityId,resource,start,end\n1,A,A,Clerk 1,2026-01-06T09:00:00.000Z,2026-01-06T10:00:00.000Z\n');
    expect(r.kpis.cycleTime.mean).toBe(16.5 * H);
    expect(r.kpis.offCalendarTime.mean).toBe(15.5 * H);
    expect(r.kpis.waitingTime.mean).toBe(0);
  });

  it('utilisation counts capacity only within the pool calendar; arrivals follow their calendar', () => {
    // Arrivals every 2 open hours (9-17): Mon 11:00, 13:00, 15:00, 17:00, Tue 11:00. 1-hour tasks: the 17:00 case
    // is worked Tue 9-10 (16 h off-calendar). Window to Tue 12:00 holds 8 + 3 open hours: utilisation 5/11.
    const office = { id: 'office', name: 'Office', timeZone: 'UTC', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], from: '09:00', to: '17:00' }] };
    const r = run(
      { nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'L'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']], lanes: [{ id: 'L' }] },
      {
        calendars: [office],
        pools: [{ id: 'P', name: 'Clerk', headcount: 1, laneIds: ['L'], calendarId: 'office' }],
        arrivals: { S: { interArrival: fixed(2, 'h'), calendarId: 'office' } },
        tasks: { A: { duration: fixed(1, 'h') } },
      },
      { cases: 5, replications: 1 },
    );
    expect(r.pools[0].utilisationWholeRun).toBeCloseTo(5 / 11, 12);
    // Arrival window to Tue 11:00 (the last arrival): 8 + 2 open hours, 3 + 1 hours worked.
    expect(r.pools[0].utilisation).toBeCloseTo(4 / 10, 12);
    expect(r.kpis.cycleTime.mean).toBeCloseTo(((4 * 1 + 17) / 5) * H, 9);
    expect(r.kpis.offCalendarTime.mean).toBeCloseTo((16 / 5) * H, 9);
    expect(r.kpis.waitingTime.mean).toBe(0);
  });

  it('an interrupting boundary timer cancels the task, frees the resource and takes the escalation path', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          task('A', 'L'),
          { id: 'T', kind: 'boundaryEvent', attachedToId: 'A', eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'PT2H' } },
          task('Escalate'),
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'A'], ['A', 'E'], ['T', 'Escalate'], ['Escalate', 'E2']],
        lanes: [{ id: 'L' }],
      },
      {
        pools: [{ id: 'P', name: 'Clerk', headcount: 1, laneIds: ['L'] }],
        arrivals: { S: { interArrival: fixed(3, 'h') } },
        tasks: { A: { duration: fixed(5, 'h') }, Escalate: { duration: fixed(10) } },
      },
      { cases: 50, replications: 1 },
    );
    expect(count(r, 'A')).toBe(0);
    expect(count(r, 'Escalate')).toBe(50);
    expect(r.kpis.cycleTime.mean).toBe(2 * H + 10 * MIN);
    // Each case holds the clerk for 2 h of every 3 h; no case waits because the timer frees the clerk.
    expect(r.kpis.waitingTime.mean).toBe(0);
    expect(r.pools[0].utilisationWholeRun).toBeCloseTo((50 * 2 * H) / (49 * 3 * H + 3 * H + 2 * H + 10 * MIN), 12);
    // Up to the last arrival (150 h): 49 cases held the clerk for 2 h each.
    expect(r.pools[0].utilisation).toBeCloseTo((49 * 2 * H) / (150 * H), 12);
  });

  it('a non-interrupting boundary timer starts a parallel path and the task goes on', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          task('A'),
          { id: 'T', kind: 'boundaryEvent', attachedToId: 'A', cancelActivity: false, eventDefinitions: ['timer'] },
          task('Notify'),
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'A'], ['A', 'E'], ['T', 'Notify'], ['Notify', 'E2']],
      },
      {
        arrivals: { S: { interArrival: fixed(1, 'h') } },
        tasks: { A: { duration: fixed(2, 'h') }, Notify: { duration: fixed(5) } },
        events: { T: { duration: fixed(1, 'h') } },
      },
      { cases: 20, replications: 1 },
    );
    expect(count(r, 'A')).toBe(20);
    expect(count(r, 'Notify')).toBe(20);
    expect(r.kpis.cycleTime.mean).toBe(2 * H);
  });

  it('an intermediate timer catch waits its ISO duration', () => {
    const r = run(
      {
        nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'W', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'PT15M' } }, { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'W'], ['W', 'E']],
      },
      { arrivals: { S: { interArrival: fixed(1) } } },
      { cases: 10, replications: 1 },
    );
    expect(r.kpis.cycleTime.mean).toBe(15 * MIN);
  });
});

describe('message flows between pools', () => {
  const spec = (extraTask: boolean): GraphSpec => ({
    nodes: [
      { id: 'S', kind: 'startEvent' },
      task('Ask'),
      ...(extraTask ? [task('Meanwhile')] : []),
      { id: 'Reply', kind: 'intermediateCatchEvent', eventDefinitions: ['message'] },
      { id: 'E', kind: 'endEvent' },
      { id: 'SB', kind: 'startEvent', eventDefinitions: ['message'] },
      task('Answer'),
      { id: 'EB', kind: 'endEvent' },
    ],
    flows: extraTask
      ? [['S', 'Ask'], ['Ask', 'Meanwhile'], ['Meanwhile', 'Reply'], ['Reply', 'E'], ['SB', 'Answer'], ['Answer', 'EB']]
      : [['S', 'Ask'], ['Ask', 'Reply'], ['Reply', 'E'], ['SB', 'Answer'], ['Answer', 'EB']],
    messageFlows: [['Ask', 'SB'], ['Answer', 'Reply']],
  });

  it('a request starts the other pool\'s process in the same case and its answer releases the waiting event', () => {
    const r = run(spec(false), { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { Ask: { duration: fixed(10) }, Answer: { duration: fixed(20) } } }, { cases: 10, replications: 1 });
    expect(r.kpis.cycleTime.mean).toBe(30 * MIN);
    expect(count(r, 'Answer')).toBe(10);
    expect(r.issues.some((i) => i.code === 'sim.default.eventDuration')).toBe(false);
  });

  it('an event-based gateway races a timer against a message sent inside the model', () => {
    // The partner answers after Exp(30 min); a 30-minute reminder timer races it. P(answer first) = 1 - e^-1.
    const N = 10_000;
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          task('Ask'),
          { id: 'G', kind: 'eventBasedGateway' },
          { id: 'Reply', kind: 'intermediateCatchEvent', eventDefinitions: ['message'] },
          { id: 'Timer', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'PT30M' } },
          task('Handle'),
          task('Remind'),
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
          { id: 'SB', kind: 'startEvent', eventDefinitions: ['message'] },
          task('Answer'),
          { id: 'EB', kind: 'endEvent' },
        ],
        flows: [['S', 'Ask'], ['Ask', 'G'], ['G', 'Reply'], ['G', 'Timer'], ['Reply', 'Handle'], ['Timer', 'Remind'], ['Handle', 'E'], ['Remind', 'E2'], ['SB', 'Answer'], ['Answer', 'EB']],
        messageFlows: [['Ask', 'SB'], ['Answer', 'Reply']],
      },
      { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { Answer: { duration: { type: 'exponential', mean: 30 } } } },
      { cases: N, replications: 1 },
    );
    expect(Math.abs(count(r, 'Handle')! / N - (1 - Math.exp(-1)))).toBeLessThan(4 * Math.sqrt(0.632 * 0.368 / N));
    expect(count(r, 'Handle')! + count(r, 'Remind')!).toBe(N);
    // A case ends when the partner's answer is done too: max(30 min, answer) on the reminder path.
    expect(r.perReplication[0].unfinishedCases).toBe(0);
  });

  it('a receive task waits for the partner\'s answer; its boundary timer escalates when the answer is late', () => {
    const spec: GraphSpec = {
      nodes: [
        { id: 'S', kind: 'startEvent' },
        task('Ask'),
        { id: 'Receive', kind: 'receiveTask' },
        { id: 'Late', kind: 'boundaryEvent', attachedToId: 'Receive', eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'PT2H' } },
        task('Escalate'),
        { id: 'E', kind: 'endEvent' },
        { id: 'E2', kind: 'endEvent' },
        { id: 'SB', kind: 'startEvent', eventDefinitions: ['message'] },
        task('Answer'),
        { id: 'EB', kind: 'endEvent' },
      ],
      flows: [['S', 'Ask'], ['Ask', 'Receive'], ['Receive', 'E'], ['Late', 'Escalate'], ['Escalate', 'E2'], ['SB', 'Answer'], ['Answer', 'EB']],
      messageFlows: [['Ask', 'SB'], ['Answer', 'Receive']],
    };
    const scenario = (answerHours: number) => ({
      arrivals: { S: { interArrival: fixed(1, 'd') } },
      tasks: { Ask: { duration: fixed(10) }, Answer: { duration: fixed(answerHours, 'h') } },
    });
    const quick = run(spec, scenario(1), { cases: 10, replications: 1 });
    expect(quick.kpis.cycleTime.mean).toBe(70 * MIN);
    expect(count(quick, 'Receive')).toBe(10);
    expect(count(quick, 'Escalate')).toBe(0);
    // The answer after 3 h: the timer escalates at 2 h 10 min; the case ends when the partner is done (3 h 10 min).
    const late = run(spec, scenario(3), { cases: 10, replications: 1 });
    expect(count(late, 'Escalate')).toBe(10);
    expect(count(late, 'Receive')).toBe(0);
    expect(late.kpis.cycleTime.mean).toBe(190 * MIN);
    expect(late.perReplication[0].unfinishedCases).toBe(0);
  });

  it('a message boundary event fires when the partner sends it while the activity runs, and is lost otherwise', () => {
    const spec: GraphSpec = {
      nodes: [
        { id: 'S', kind: 'startEvent' },
        task('Notify'),
        task('Work'),
        { id: 'Cancelled', kind: 'boundaryEvent', attachedToId: 'Work', eventDefinitions: ['message'] },
        { id: 'E', kind: 'endEvent' },
        { id: 'E2', kind: 'endEvent' },
        { id: 'SB', kind: 'startEvent', eventDefinitions: ['message'] },
        task('Decide'),
        { id: 'EB', kind: 'endEvent' },
      ],
      flows: [['S', 'Notify'], ['Notify', 'Work'], ['Work', 'E'], ['Cancelled', 'E2'], ['SB', 'Decide'], ['Decide', 'EB']],
      messageFlows: [['Notify', 'SB'], ['Decide', 'Cancelled']],
    };
    const scenario = (decideHours: number) => ({
      arrivals: { S: { interArrival: fixed(1, 'd') } },
      tasks: { Notify: { duration: fixed(0) }, Work: { duration: fixed(5, 'h') }, Decide: { duration: fixed(decideHours, 'h') } },
    });
    const cancelled = run(spec, scenario(1), { cases: 10, replications: 1 });
    expect(cancelled.kpis.cycleTime.mean).toBe(1 * H);
    expect(count(cancelled, 'Work')).toBe(0);
    const tooLate = run(spec, scenario(6), { cases: 10, replications: 1 });
    expect(count(tooLate, 'Work')).toBe(10);
    expect(tooLate.kpis.cycleTime.mean).toBe(6 * H);
    expect(tooLate.perReplication[0].unfinishedCases).toBe(0);
  });

  it('a message that arrives before the token is kept until the token gets there', () => {
    const r = run(
      spec(true),
      { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { Ask: { duration: fixed(10) }, Meanwhile: { duration: fixed(5) }, Answer: { duration: fixed(2) } } },
      { cases: 10, replications: 1 },
    );
    expect(r.kpis.cycleTime.mean).toBe(15 * MIN);
  });
});

describe('activities: sub-processes, loops, multi-instance, terminate', () => {
  const oneActivity = (activity: GraphSpec['nodes'][number], extra: GraphSpec['nodes'] = [], extraFlows: GraphSpec['flows'] = []): GraphSpec => ({
    nodes: [{ id: 'S', kind: 'startEvent' }, activity, { id: 'E', kind: 'endEvent' }, ...extra],
    flows: [['S', activity.id], [activity.id, 'E'], ...extraFlows],
    lanes: [{ id: 'L' }],
  });
  const base = {
    pools: [{ id: 'P', name: 'Team', headcount: 2, laneIds: ['L'] }],
    arrivals: { S: { interArrival: fixed(10, 'h') } },
    tasks: { A: { duration: fixed(10), instanceCount: 3, loopCount: fixed(2) } },
  };

  it('parallel multi-instance: 3 instances of 10 min with 2 people take 20 min', () => {
    const r = run(oneActivity({ id: 'A', kind: 'task', laneId: 'L', loop: { kind: 'multiInstance', sequential: false } }), base, { cases: 5, replications: 1 });
    expect(r.kpis.cycleTime.mean).toBe(20 * MIN);
    expect(count(r, 'A')).toBe(15);
  });

  it('sequential multi-instance: 3 instances one after another take 30 min', () => {
    const r = run(oneActivity({ id: 'A', kind: 'task', laneId: 'L', loop: { kind: 'multiInstance', sequential: true } }), base, { cases: 5, replications: 1 });
    expect(r.kpis.cycleTime.mean).toBe(30 * MIN);
  });

  it('standard loop with loop count 2 takes 20 min', () => {
    const r = run(oneActivity({ id: 'A', kind: 'task', laneId: 'L', loop: { kind: 'standard' } }), base, { cases: 5, replications: 1 });
    expect(r.kpis.cycleTime.mean).toBe(20 * MIN);
    expect(count(r, 'A')).toBe(10);
  });

  it('embedded sub-process runs its inner flow; multi-instance sub-process runs it per instance', () => {
    const inner: GraphSpec['nodes'] = [
      { id: 'SS', kind: 'startEvent', parentId: 'Sub' },
      { id: 'In1', kind: 'task', parentId: 'Sub', laneId: 'L' },
      { id: 'In2', kind: 'task', parentId: 'Sub', laneId: 'L' },
      { id: 'SE', kind: 'endEvent', parentId: 'Sub' },
    ];
    const flows: GraphSpec['flows'] = [['SS', 'In1'], ['In1', 'In2'], ['In2', 'SE']];
    const scenario = { ...base, tasks: { In1: { duration: fixed(5) }, In2: { duration: fixed(7) }, Sub: { instanceCount: 4 } } };
    const plain = run(oneActivity({ id: 'Sub', kind: 'subProcess' }, inner, flows), scenario, { cases: 5, replications: 1 });
    expect(plain.kpis.cycleTime.mean).toBe(12 * MIN);
    // 4 instances on 2 people: two waves of 12 min.
    const multi = run(oneActivity({ id: 'Sub', kind: 'subProcess', loop: { kind: 'multiInstance', sequential: false } }, inner, flows), scenario, {
      cases: 5,
      replications: 1,
    });
    expect(multi.kpis.cycleTime.mean).toBe(24 * MIN);
    expect(count(multi, 'In2')).toBe(20);
  });

  it('a terminate end event ends the case and cancels the other branch', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'Split', kind: 'parallelGateway' },
          task('Fast'),
          task('Slow', 'L'),
          { id: 'Stop', kind: 'endEvent', eventDefinitions: ['terminate'] },
          { id: 'E', kind: 'endEvent' },
        ],
        flows: [['S', 'Split'], ['Split', 'Fast'], ['Split', 'Slow'], ['Fast', 'Stop'], ['Slow', 'E']],
        lanes: [{ id: 'L' }],
      },
      {
        pools: [{ id: 'P', name: 'One', headcount: 1, laneIds: ['L'] }],
        arrivals: { S: { interArrival: fixed(20) } },
        tasks: { Fast: { duration: fixed(10) }, Slow: { duration: fixed(60) } },
      },
      { cases: 30, replications: 1 },
    );
    expect(r.kpis.cycleTime.mean).toBe(10 * MIN);
    expect(count(r, 'Slow')).toBe(0);
    expect(r.kpis.waitingTime.mean).toBe(0); // the cancelled Slow freed the only person each time
  });
});

describe('KPIs', () => {
  it('first response, SLA share, value-adding time and process cycle efficiency', () => {
    // 40% of cases get a substantive answer after 30 min of work; 60% an automated reply only.
    const N = 10_000;
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          task('Ack'),
          { id: 'G', kind: 'exclusiveGateway' },
          task('Answer'),
          task('Archive'),
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'Ack'], ['Ack', 'G'], ['G', 'Answer', 'yes'], ['G', 'Archive', 'no'], ['Answer', 'E'], ['Archive', 'E2']],
      },
      {
        arrivals: { S: { interArrival: fixed(1) } },
        gateways: { G: { probabilities: { yes: 0.4, no: 0.6 } } },
        tasks: {
          Ack: { duration: fixed(0), automated: true },
          Answer: { duration: fixed(30), substantiveResponse: true, valueClass: 'valueAdding' },
          Archive: { duration: fixed(30), valueClass: 'nonValueAdding' },
        },
        targets: { firstResponseSla: { value: 20, unit: 'min' } },
      },
      { cases: N, replications: 2 },
    );
    const fr = r.kpis.firstResponseTime;
    expect(fr.mean).toBe(30 * MIN);
    expect(fr.withinSla).toBe(0); // 30 min > 20 min SLA
    expect(Math.abs(fr.withoutResponse! - 0.6)).toBeLessThan(4 * Math.sqrt(0.24 / (2 * N)));
    // Every case takes 30 min; value-adding only on the "yes" path: PCE = share of yes.
    expect(r.kpis.cycleTime.mean).toBe(30 * MIN);
    expect(Math.abs(r.kpis.processCycleEfficiency.mean - 0.4)).toBeLessThan(4 * Math.sqrt(0.24 / N));
    expect(r.kpis.valueAddingTime.mean).toBeCloseTo(r.kpis.processCycleEfficiency.mean * 30 * MIN, 6);
  });

  it('warm-up: cases starting within it are left out', () => {
    const r = run(
      { nodes: [{ id: 'S', kind: 'startEvent' }, task('A'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']] },
      { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { A: { duration: fixed(1) } }, warmUp: { value: 10, unit: 'h' } },
      { cases: 100, replications: 1 },
    );
    // arrivals at 1..100 h; those at 1..9 h are in the warm-up
    expect(r.perReplication[0].cases).toBe(91);
    expect(r.perReplication[0].completedCases).toBe(100);
  });
});

describe('a horizon is a fixed period', () => {
  it('stops at the horizon, counts completions after the warm-up, reports the rest as in progress', () => {
    // Arrivals at 1..10 h, each case takes 90 min; period 10 h, warm-up 2 h. Completions in [2 h, 10 h]: the cases
    // of 1..8 h (the 1 h case started in the warm-up). In progress at 10 h: the 9 h and 10 h cases.
    // Time in system within [2, 10]: 0.5 + 7 x 1.5 + 1 + 0 = 12 case-hours -> WIP 1.5; throughput 8 / 8 h.
    const r = run(
      { nodes: [{ id: 'S', kind: 'startEvent' }, task('A'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']] },
      {
        arrivals: { S: { interArrival: fixed(1, 'h') } },
        tasks: { A: { duration: fixed(90) } },
        horizon: { value: 10, unit: 'h' },
        warmUp: { value: 2, unit: 'h' },
      },
      { replications: 2 },
    );
    expect(r.cases).toBeNull();
    expect(r.perReplication[0]).toMatchObject({ cases: 8, inProgressCases: 2, unfinishedCases: 0, simulatedSeconds: 10 * H });
    expect(r.kpis.cycleTime.mean).toBe(90 * MIN);
    expect(r.kpis.workInProgress.mean).toBeCloseTo(1.5, 12);
    expect(r.kpis.throughputPerHour.mean).toBeCloseTo(1, 12);
    expect(count(r, 'A')).toBe(8);
    expect(r.issues.some((i) => i.code === 'sim.horizon.inProgress')).toBe(true);
  });
});

describe('reproducibility and common random numbers', () => {
  const spec: GraphSpec = {
    nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'L'), { id: 'G', kind: 'exclusiveGateway' }, task('B', 'L'), task('C', 'L'), { id: 'E', kind: 'endEvent' }],
    flows: [['S', 'A'], ['A', 'G'], ['G', 'B', 'gb'], ['G', 'C', 'gc'], ['B', 'E'], ['C', 'E']],
    lanes: [{ id: 'L' }],
  };
  const scenario = {
    pools: [{ id: 'P', name: 'Team', headcount: 2, laneIds: ['L'] }],
    arrivals: { S: { interArrival: { type: 'exponential' as const, mean: 10 } } },
    gateways: { G: { probabilities: { gb: 0.5, gc: 0.5 } } },
    tasks: { A: { duration: { type: 'gamma' as const, mean: 8, sd: 4 } }, B: { duration: { type: 'lognormal' as const, mean: 6, sd: 3 } }, C: { duration: { type: 'uniform' as const, min: 1, max: 9 } } },
  };

  it('the same seed gives the same result; another seed a different one', () => {
    const a = run(spec, scenario, { cases: 2000, replications: 3, seed: 11 });
    const b = run(spec, scenario, { cases: 2000, replications: 3, seed: 11 });
    const c = run(spec, scenario, { cases: 2000, replications: 3, seed: 12 });
    expect(b.perReplication).toEqual(a.perReplication);
    expect(c.kpis.cycleTime.mean).not.toBe(a.kpis.cycleTime.mean);
    // replications differ from each other
    expect(a.perReplication[0].cycleTime.mean).not.toBe(a.perReplication[1].cycleTime.mean);
  });

  it('identical variants give identical results, and a new task downstream does not shift other streams', () => {
    const a = run(spec, scenario, { cases: 2000, replications: 3, seed: 5 });
    const withExtra: GraphSpec = {
      ...spec,
      nodes: [...spec.nodes.filter((n) => n.id !== 'E'), task('Extra'), { id: 'E', kind: 'endEvent' }],
      flows: [...spec.flows.filter(([s]) => s !== 'B' && s !== 'C'), ['B', 'Extra'], ['C', 'Extra'], ['Extra', 'E']],
    };
    const b = run(withExtra, { ...scenario, tasks: { ...scenario.tasks, Extra: { duration: { type: 'exponential', mean: 3 }, automated: true } } }, { cases: 2000, replications: 3, seed: 5 });
    // Same arrivals, same A/B/C durations and decisions (automated Extra uses no shared resource):
    // per-replication waiting and the A/B/C statistics are identical, pairing replication by replication.
    expect(b.kpis.waitingTime.values).toEqual(a.kpis.waitingTime.values);
    expect(b.tasks.find((t) => t.id === 'B')).toEqual(a.tasks.find((t) => t.id === 'B'));
    expect(b.kpis.cycleTime.mean).toBeGreaterThan(a.kpis.cycleTime.mean);
  });
});

describe('bad models are reported, not crashed on', () => {
  it('static: an exclusive split closed by a parallel join is a deadlock', () => {
    const outcome = simulateSync(
      buildGraph({
        nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'X', kind: 'exclusiveGateway' }, task('A'), task('B'), { id: 'J', kind: 'parallelGateway' }, { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'X'], ['X', 'A'], ['X', 'B'], ['A', 'J'], ['B', 'J'], ['J', 'E']],
      }),
      { id: 's', name: 's' },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.issues).toContainEqual(expect.objectContaining({ code: 'sim.deadlock.exclusiveIntoParallelJoin', elementId: 'J', severity: 'error' }));
  });

  it('static: a loop taken with probability 1 is a livelock; a loop with an exit is fine', () => {
    const spec: GraphSpec = {
      nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'M', kind: 'exclusiveGateway' }, task('Rework'), { id: 'X', kind: 'exclusiveGateway' }, { id: 'E', kind: 'endEvent' }],
      flows: [['S', 'M'], ['M', 'Rework'], ['Rework', 'X'], ['X', 'M', 'again'], ['X', 'E', 'done']],
    };
    const stuck = simulateSync(buildGraph(spec), { id: 's', name: 's', gateways: { X: { probabilities: { again: 1, done: 0 } } } });
    expect(stuck.ok).toBe(false);
    expect(stuck.issues).toContainEqual(expect.objectContaining({ code: 'sim.livelock.loop', elementId: 'X' }));
    const fine = simulateSync(buildGraph(spec), { id: 's', name: 's', gateways: { X: { probabilities: { again: 0.2, done: 0.8 } } } }, { cases: 1000, replications: 1 });
    expect(fine.ok).toBe(true);
    // Geometric number of rework rounds: mean 1 / 0.8 = 1.25 per case; sd of the mean sqrt(0.2)/0.8/sqrt(1000) = 0.018.
    if (fine.ok) expect(Math.abs(count(fine, 'Rework')! / 1000 - 1.25)).toBeLessThan(0.08);
  });

  it('static: a pool with nobody in it that tasks need is refused, naming the pool and its tasks; one no task needs runs', () => {
    const spec: GraphSpec = {
      nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'R', kind: 'task', name: 'Review', laneId: 'L' }, { id: 'A', kind: 'task', name: 'Approve' }, { id: 'E', kind: 'endEvent' }],
      flows: [['S', 'R'], ['R', 'A'], ['A', 'E']],
      lanes: [{ id: 'L' }],
    };
    const tasks = { R: { duration: fixed(5) }, A: { duration: fixed(5), poolId: 'C' } };
    const refused = simulateSync(buildGraph(spec), { id: 's', name: 's', pools: [{ id: 'C', name: 'Clerk', headcount: 0, laneIds: ['L'] }], tasks });
    expect(refused.ok).toBe(false);
    expect(refused.issues.filter((i) => i.severity === 'error')).toEqual([
      {
        code: 'pool.unstaffed',
        severity: 'error',
        message: "Pool 'Clerk' has nobody (headcount 0): its tasks 'Review', 'Approve' can never be served. Give it at least one person.",
        path: 'pools.0.headcount',
        elementId: 'R',
      },
    ]);
    // The same pool unused next to a staffed one: it runs, and the empty pool reports utilisation 0, not NaN.
    const fine = run(
      spec,
      { pools: [{ id: 'W', name: 'Worker', headcount: 1, laneIds: ['L'] }, { id: 'C', name: 'Clerk', headcount: 0 }], arrivals: { S: { interArrival: fixed(20) } }, tasks: { R: { duration: fixed(5) }, A: { duration: fixed(5), poolId: 'W' } } },
      { cases: 100, replications: 2 },
    );
    const clerk = fine.pools.find((p) => p.id === 'C')!;
    expect(clerk.utilisation).toBe(0);
    expect(clerk.utilisationWholeRun).toBe(0);
    expect(clerk.utilisationByPeriod.values.every((v) => v === null || v === 0)).toBe(true);
    // 10 min of work every 20 min (the arrival window's edges take it to 0.495).
    expect(fine.pools.find((p) => p.id === 'W')!.utilisation).toBeCloseTo(0.5, 1);
  });

  it('static: no start event', () => {
    const outcome = simulateSync(buildGraph({ nodes: [task('A')], flows: [] }), { id: 's', name: 's' });
    expect(outcome.ok).toBe(false);
    expect(outcome.issues).toContainEqual(expect.objectContaining({ code: 'sim.start.missing', severity: 'error' }));
  });

  it('runtime: an inclusive split into a parallel join leaves cases stuck, reported with the join', () => {
    const r = run(
      {
        nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'O', kind: 'inclusiveGateway' }, task('A'), task('B'), { id: 'J', kind: 'parallelGateway' }, { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'O'], ['O', 'A', 'a'], ['O', 'B', 'b'], ['A', 'J'], ['B', 'J'], ['J', 'E']],
      },
      { arrivals: { S: { interArrival: fixed(1) } }, gateways: { O: { probabilities: { a: 0.5, b: 0.5 } } } },
      { cases: 1000, replications: 1 },
    );
    const issue = r.issues.find((i) => i.code === 'sim.deadlock.runtime');
    expect(issue).toMatchObject({ severity: 'error', elementId: 'J' });
    // Cases where only one branch ran (3/4 of them) never finish.
    expect(Math.abs(r.perReplication[0].unfinishedCases / 1000 - 0.75)).toBeLessThan(4 * Math.sqrt(0.1875 / 1000));
  });

  it('runtime: a loop that almost never ends hits the per-case event limit and names the elements', () => {
    const r = run(
      {
        nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'M', kind: 'exclusiveGateway' }, task('Rework'), { id: 'X', kind: 'exclusiveGateway' }, { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'M'], ['M', 'Rework'], ['Rework', 'X'], ['X', 'M', 'again'], ['X', 'E', 'done']],
      },
      { arrivals: { S: { interArrival: fixed(1) } }, gateways: { X: { probabilities: { again: 0.999999, done: 0.000001 } } } },
      { cases: 3, replications: 1, maxEventsPerCase: 1000 },
    );
    expect(r.perReplication[0].abortedCases).toBe(3);
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'sim.limit.events', severity: 'error' }));
  });

  it('runtime: a case that keeps spawning waiting paths hits the per-case token limit', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'M', kind: 'exclusiveGateway' },
          { id: 'P', kind: 'parallelGateway' },
          task('A'),
          { id: 'X', kind: 'exclusiveGateway' },
          { id: 'Wait', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'P1D' } },
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'M'], ['M', 'P'], ['P', 'A'], ['P', 'Wait'], ['A', 'X'], ['X', 'M', 'again'], ['X', 'E', 'done'], ['Wait', 'E2']],
      },
      { arrivals: { S: { interArrival: fixed(1) } }, gateways: { X: { probabilities: { again: 0.999999, done: 0.000001 } } } },
      { cases: 2, replications: 1, maxTokensPerCase: 50 },
    );
    expect(r.perReplication[0].abortedCases).toBe(2);
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'sim.limit.tokens', severity: 'error' }));
  });

  it('missing parameters get defaults with warnings', () => {
    const r = run({ nodes: [{ id: 'S', kind: 'startEvent' }, task('A'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']] }, {}, { cases: 10, replications: 2 });
    expect(r.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['sim.default.arrivals', 'sim.default.duration']));
  });
});

describe('simulate (async)', () => {
  const spec: GraphSpec = { nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'L'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']], lanes: [{ id: 'L' }] };
  const scenario = {
    id: 's',
    name: 's',
    pools: [{ id: 'P', name: 'P', headcount: 1, laneIds: ['L'] }],
    arrivals: { S: { interArrival: { type: 'exponential' as const, mean: 1.25 } } },
    tasks: { A: { duration: { type: 'exponential' as const, mean: 1 } } },
  };

  it('reports increasing progress up to 1 and gives the same numbers as simulateSync', async () => {
    const progress: number[] = [];
    const outcome = await simulate(buildGraph(spec), scenario, { cases: 50_000, replications: 2, seed: 4, onProgress: (f) => progress.push(f) });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
    expect(progress.at(-1)).toBe(1);
    const sync = simulateSync(buildGraph(spec), scenario, { cases: 50_000, replications: 2, seed: 4 });
    expect(outcome.ok && sync.ok && outcome.kpis.cycleTime.values).toEqual(sync.ok && sync.kpis.cycleTime.values);
    // Plain data: the result crosses a worker boundary unchanged.
    expect(structuredClone(outcome)).toEqual(outcome);
  });

  it('can be cancelled', async () => {
    const signal = { aborted: false };
    const run = simulate(buildGraph(spec), scenario, { cases: 1_000_000, replications: 5, signal, onProgress: () => (signal.aborted = true) });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

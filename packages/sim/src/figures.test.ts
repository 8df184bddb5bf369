// Figures a manager acts on (issue 13): each test is built on a model whose right answer is known by hand.
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '@leanflow/model';
import { buildGraph, simulateSync, type GraphSpec, type SimulationOptions, type SimulationResult } from './index.ts';

const MIN = 60;
const H = 3600;

function run(spec: GraphSpec, scenario: Partial<ScenarioInput>, options: SimulationOptions = {}): SimulationResult {
  const outcome = simulateSync(buildGraph(spec), { id: 's', name: 'test', ...scenario }, options);
  if (!outcome.ok) throw new Error(`rejected: ${JSON.stringify(outcome.issues)}`);
  return outcome;
}
const fixed = (value: number, unit: 's' | 'min' | 'h' | 'd' = 'min') => ({ type: 'fixed' as const, value, unit });
const line: GraphSpec = {
  nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'A', kind: 'userTask', laneId: 'L' }, { id: 'B', kind: 'sendTask', laneId: 'L' }, { id: 'E', kind: 'endEvent' }],
  flows: [['S', 'A'], ['A', 'B'], ['B', 'E']],
  lanes: [{ id: 'L' }],
};

describe('first response without a flagged task', () => {
  it('is null everywhere (no invented 2 h target, no "100% never answered")', () => {
    const r = run(line, { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { A: { duration: fixed(10) }, B: { duration: fixed(5) } } }, { cases: 20, replications: 2 });
    const fr = r.kpis.firstResponseTime;
    expect(fr).toMatchObject({ flagged: false, mean: null, ci95: null, withinSla: null, withoutResponse: null });
    expect(r.issues.find((i) => i.code === 'sim.firstResponse.unflagged')?.message).toMatch(/flag the task that first answers the customer/);
  });

  it('is measured once a task is flagged (the share never answered is a number again)', () => {
    const r = run(line, { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { A: { duration: fixed(10) }, B: { duration: fixed(5), substantiveResponse: true } } }, { cases: 20, replications: 2 });
    expect(r.kpis.firstResponseTime).toMatchObject({ flagged: true, mean: 15 * MIN, withinSla: 1, withoutResponse: 0 });
  });
});

describe('cycle time = processing + waiting for people + off-calendar + other waiting', () => {
  // S -> AND split -> [A: 2 h of office work (9-17 UTC, Mon-Fri) | timer] -> AND join -> B: 1 h (no calendar) -> E.
  // One case arrives Monday 16:00.
  const parallel: GraphSpec = {
    nodes: [
      { id: 'S', kind: 'startEvent' },
      { id: 'Split', kind: 'parallelGateway' },
      { id: 'A', kind: 'userTask', laneId: 'Office' },
      { id: 'T', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'] },
      { id: 'Join', kind: 'parallelGateway' },
      { id: 'B', kind: 'userTask', laneId: 'Desk' },
      { id: 'E', kind: 'endEvent' },
    ],
    flows: [['S', 'Split'], ['Split', 'A'], ['Split', 'T'], ['A', 'Join'], ['T', 'Join'], ['Join', 'B'], ['B', 'E']],
    lanes: [{ id: 'Office' }, { id: 'Desk' }],
  };
  const scenario = (timer: ReturnType<typeof fixed>): Partial<ScenarioInput> => ({
    calendars: [{ id: 'office', name: 'Office', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }],
    pools: [
      { id: 'office', name: 'Office', headcount: 1, calendarId: 'office', laneIds: ['Office'] },
      { id: 'desk', name: 'Desk', headcount: 1, laneIds: ['Desk'] },
    ],
    arrivals: { S: { interArrival: fixed(16, 'h') } },
    tasks: { A: { duration: fixed(2, 'h') }, B: { duration: fixed(1, 'h') } },
    events: { T: { duration: timer } },
  });
  const sum = (r: SimulationResult) => {
    const p = r.kpis.cycleTimeParts;
    return p.processing.mean + p.waitingForPeople.mean + p.offCalendar.mean + p.otherWaiting.mean;
  };

  it('office work is the critical path: 1 h worked Monday, 16 h paused overnight, 1 h Tuesday, then 1 h at the desk', () => {
    const r = run(parallel, scenario(fixed(30)), { cases: 1, replications: 1 });
    expect(r.kpis.cycleTime.mean).toBe(19 * H);
    const p = r.kpis.cycleTimeParts;
    expect(p.processing.mean).toBe(3 * H);
    expect(p.waitingForPeople.mean).toBe(0);
    expect(p.offCalendar.mean).toBeCloseTo(16 * H, 6);
    expect(p.otherWaiting.mean).toBeCloseTo(0, 6);
    expect(sum(r)).toBeCloseTo(r.kpis.cycleTime.mean, 6);
  });

  it('a 3-day timer is the critical path: the office work done meanwhile does not add to the cycle time', () => {
    const r = run(parallel, scenario(fixed(3, 'd')), { cases: 1, replications: 1 });
    expect(r.kpis.cycleTime.mean).toBe(73 * H);
    const p = r.kpis.cycleTimeParts;
    expect(p.processing.mean).toBe(1 * H); // only B: A ran in parallel with the timer
    expect(p.offCalendar.mean).toBe(0);
    expect(p.otherWaiting.mean).toBe(72 * H);
    // The work content (all tasks) is still 3 h: it is what costs money, not what the customer waits for.
    expect(r.kpis.processingTime.mean).toBe(3 * H);
    expect(sum(r)).toBeCloseTo(r.kpis.cycleTime.mean, 6);
  });

  it('waiting for a person: two cases 30 min apart, 1 h of work each, one person', () => {
    const r = run(line, { pools: [{ id: 'p', name: 'P', headcount: 1, laneIds: ['L'] }], arrivals: { S: { interArrival: fixed(30) } }, tasks: { A: { duration: fixed(1, 'h') }, B: { duration: fixed(0), automated: true } } }, { cases: 2, replications: 1 });
    const p = r.kpis.cycleTimeParts;
    expect(r.kpis.cycleTime.mean).toBe(1.25 * H);
    expect(p.processing.mean).toBe(1 * H);
    expect(p.waitingForPeople.mean).toBe(0.25 * H);
    expect(sum(r)).toBe(r.kpis.cycleTime.mean);
  });

  it('adds up on random models with loops, OR splits and calendars too, replication by replication', () => {
    const spec: GraphSpec = {
      nodes: [
        { id: 'S', kind: 'startEvent' },
        { id: 'A', kind: 'userTask', laneId: 'L' },
        { id: 'Or', kind: 'inclusiveGateway' },
        { id: 'B', kind: 'userTask', laneId: 'L' },
        { id: 'C', kind: 'userTask', laneId: 'L' },
        { id: 'OrJoin', kind: 'inclusiveGateway' },
        { id: 'X', kind: 'exclusiveGateway' },
        { id: 'E', kind: 'endEvent' },
      ],
      flows: [['S', 'A'], ['A', 'Or'], ['Or', 'B', 'f1'], ['Or', 'C', 'f2'], ['B', 'OrJoin'], ['C', 'OrJoin'], ['OrJoin', 'X'], ['X', 'A', 'back'], ['X', 'E', 'out']],
      lanes: [{ id: 'L' }],
    };
    const r = run(
      spec,
      {
        calendars: [{ id: 'c', name: 'C', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] }],
        pools: [{ id: 'p', name: 'P', headcount: 2, calendarId: 'c', laneIds: ['L'] }],
        arrivals: { S: { interArrival: { type: 'exponential', mean: 40, unit: 'min' } } },
        tasks: { A: { duration: { type: 'exponential', mean: 10, unit: 'min' } }, B: { duration: fixed(20) }, C: { duration: { type: 'uniform', min: 5, max: 40, unit: 'min' } } },
        gateways: { Or: { probabilities: { f1: 0.6, f2: 0.7 } }, X: { probabilities: { back: 0.2, out: 0.8 } } },
      },
      { cases: 500, replications: 3 },
    );
    for (const rep of r.perReplication) {
      const p = rep.cycleTimeParts;
      expect(p.otherWaiting).toBeGreaterThanOrEqual(0);
      expect(p.processing + p.waitingForPeople + p.offCalendar + p.otherWaiting).toBeCloseTo(rep.cycleTime.mean, 6);
      // The critical path never holds more work than the case's whole work content.
      expect(p.processing).toBeLessThanOrEqual(rep.processingTime + 1e-9);
    }
    expect(sum(r)).toBeCloseTo(r.kpis.cycleTime.mean, 6);
  });
});

describe('utilisation over the arrival window, not over the drain', () => {
  // Cases every 30 min (20 of them); the desk works 20 min on each, the specialist 60 min: the specialist falls
  // behind and works off its backlog long after the last arrival (600 min), while the desk sits idle.
  const spec: GraphSpec = {
    nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'A', kind: 'userTask', laneId: 'Desk' }, { id: 'B', kind: 'userTask', laneId: 'Spec' }, { id: 'E', kind: 'endEvent' }],
    flows: [['S', 'A'], ['A', 'B'], ['B', 'E']],
    lanes: [{ id: 'Desk' }, { id: 'Spec' }],
  };
  const r = run(
    spec,
    {
      pools: [
        { id: 'desk', name: 'Desk', headcount: 1, laneIds: ['Desk'] },
        { id: 'spec', name: 'Specialist', headcount: 1, laneIds: ['Spec'] },
      ],
      arrivals: { S: { interArrival: fixed(30) } },
      tasks: { A: { duration: fixed(20) }, B: { duration: fixed(60) } },
    },
    { cases: 20, replications: 1 },
  );
  const [desk, specialist] = r.pools;

  it('the desk did 19 cases of 20 min by the last arrival at 600 min; the drain to 1250 min would halve it', () => {
    expect(r.perReplication[0]!.arrivalWindow).toEqual({ from: 0, to: 600 * MIN });
    expect(desk!.utilisation).toBeCloseTo((19 * 20) / 600, 12);
    expect(desk!.utilisationWholeRun).toBeCloseTo((20 * 20) / 1250, 12);
    // The specialist is busy without a break from its first case at 50 min.
    expect(specialist!.utilisation).toBeCloseTo(550 / 600, 12);
    expect(specialist!.utilisationWholeRun).toBeCloseTo(1200 / 1250, 12);
  });

  it('the specialist queue grows while cases arrive (one more every hour); the desk queue does not', () => {
    expect(specialist!.queueGrowing).toBe(true);
    expect(desk!.queueGrowing).toBe(false);
  });

  it('utilisation per day: the run fits in the first day, 400 min of desk work in 1440', () => {
    expect(desk!.utilisationByPeriod.period).toBe('day');
    expect(desk!.utilisationByPeriod.values).toHaveLength(1);
    expect(desk!.utilisationByPeriod.values[0]).toBeCloseTo(400 / 1440, 12);
    expect(specialist!.utilisationByPeriod.values[0]).toBeCloseTo(1200 / 1440, 12);
  });
});

describe('costs the way a manager budgets: salaried pools cost their paid hours', () => {
  // One clerk, 25 EUR/h, Mon-Fri 09:00-17:00 (40 paid hours a week); a case every 4 h around the clock (the first at
  // Mon 04:00), 1 h of work each; the simulated period is one week. By hand: Monday the clerk handles the 04:00,
  // 08:00, 12:00 and 16:00 cases; Tue-Fri six a day (20:00, 00:00, 04:00, 08:00 queued overnight, 12:00, 16:00):
  // 28 cases done within the week, 28 busy hours of the 40 paid.
  const office = { id: 'office', name: 'Office', timeZone: 'UTC', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], from: '09:00', to: '17:00' }] };
  const scenario = (costModel: 'busy-hour' | 'paid-hour' | undefined): Partial<ScenarioInput> => ({
    calendars: [office],
    pools: [{ id: 'clerk', name: 'Clerk', headcount: 1, costPerHour: 25, calendarId: 'office', laneIds: ['L'], ...(costModel ? { costModel } : {}) }],
    arrivals: { S: { interArrival: fixed(4, 'h') } },
    tasks: { A: { duration: fixed(1, 'h') }, B: { duration: fixed(0), automated: true, fixedCost: 1 } },
  });
  const week = (costModel: 'busy-hour' | 'paid-hour' | undefined) => run(line, { ...scenario(costModel), horizon: { value: 7, unit: 'd' } }, { replications: 1 });

  it('paid-hour: 40 paid hours x 25 EUR = 1000 EUR a week, over 28 cases = 35.71 EUR a case (+1 EUR fixed)', () => {
    const r = week('paid-hour');
    expect(r.perReplication[0]!.cases).toBe(28);
    expect(r.perReplication[0]!.paidCost).toBeCloseTo(1000, 9);
    expect(r.kpis.costPerCase.mean).toBeCloseTo(1000 / 28 + 1, 9);
    expect(r.kpis.costPerWeek.mean).toBeCloseTo(1000 + 28, 9);
    expect(r.pools[0]!.costModel).toBe('paid-hour');
  });

  it('busy-hour (the default, unchanged): 1 h x 25 EUR a case; a week costs 28 x 26 EUR', () => {
    for (const model of [undefined, 'busy-hour'] as const) {
      const r = week(model);
      expect(r.perReplication[0]!.paidCost).toBe(0);
      expect(r.kpis.costPerCase.mean).toBeCloseTo(25 + 1, 9);
      expect(r.kpis.costPerWeek.mean).toBeCloseTo(28 * 26, 9);
      expect(r.pools[0]!.costModel).toBe('busy-hour');
    }
  });
});

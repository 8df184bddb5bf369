// Case types (segments) with priorities, weekly arrival profiles, shift plans and people in several pools,
// checked against queueing theory (Cobham's formula, Erlang C per window) and hand-computed deterministic runs.
import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioInput } from '@leanflow/model';
import { buildGraph, simulateSync, type GraphSpec, type SimulationOptions, type SimulationResult } from './index.ts';

const MIN = 60;

function run(spec: GraphSpec, scenario: Partial<ScenarioInput>, options: SimulationOptions = {}): SimulationResult {
  const outcome = simulateSync(buildGraph(spec), { id: 's', name: 'test', ...scenario }, options);
  if (!outcome.ok) throw new Error(`rejected: ${JSON.stringify(outcome.issues)}`);
  return outcome;
}
const task = (id: string, laneId?: string) => ({ id, kind: 'task' as const, ...(laneId ? { laneId } : {}) });
const fixed = (value: number, unit: 's' | 'min' | 'h' | 'd' = 'min') => ({ type: 'fixed' as const, value, unit });
const single: GraphSpec = { nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'L'), { id: 'E', kind: 'endEvent' }], flows: [['S', 'A'], ['A', 'E']], lanes: [{ id: 'L' }] };
const segment = (r: SimulationResult, id: string) => {
  const found = r.segments.find((s) => s.id === id);
  if (!found) throw new Error(`no segment ${id}`);
  return found;
};

/** Erlang C: mean wait in an M/M/c queue with arrival rate `lambda` and service rate `mu` per person. */
function erlangCWait(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = term / (1 - a / c);
  return top / (sum + top) / (c * mu - lambda);
}

describe('case types with priorities: Cobham', () => {
  // M/M/1, mu = 1/s, two classes: VIP lambda1 = 0.2/s (priority 1), standard lambda2 = 0.5/s (priority 0); rho 0.7.
  // Non-preemptive (Cobham): W0 = sum lambda_i E[S^2] / 2 = 0.7 s; W1 = W0 / (1 - rho1) = 0.875 s,
  // W2 = W0 / ((1 - rho1)(1 - rho)) = 2.9167 s. 20 replications x 200,000 cases, seed 1; tolerance 3%, and the 95%
  // CI half-width is asserted below 1.5% so the check has about 4 standard errors of margin.
  const scenario: Partial<ScenarioInput> = {
    pools: [{ id: 'P', name: 'Clerk', headcount: 1, laneIds: ['L'] }],
    arrivals: { S: { interArrival: { type: 'exponential', mean: 1 / 0.7, unit: 's' } } },
    tasks: { A: { duration: { type: 'exponential', mean: 1, unit: 's' } } },
    caseTypes: [
      { id: 'vip', name: 'VIP', share: 2 / 7, priority: 1 },
      { id: 'standard', name: 'Standard', share: 5 / 7, priority: 0 },
    ],
  };

  it('non-preemptive priority queue: mean waits within 3% of W0/(1-rho1) and W0/((1-rho1)(1-rho))', () => {
    const r = run(single, scenario, { cases: 200_000, replications: 20, seed: 1 });
    const expected = { vip: 0.7 / 0.8, standard: 0.7 / (0.8 * 0.3) };
    for (const [id, w] of Object.entries(expected)) {
      const wq = segment(r, id).kpis.waitingTime;
      const [lo, hi] = wq.ci95!;
      expect((hi - lo) / 2 / w).toBeLessThan(0.015);
      expect(Math.abs(wq.mean - w) / w).toBeLessThan(0.03);
    }
    // The shares come out as asked (binomial: 4 million draws) and the segments add up to the whole.
    const vip = segment(r, 'vip').cases;
    const standard = segment(r, 'standard').cases;
    expect(Math.abs(vip / (vip + standard) - 2 / 7)).toBeLessThan(0.002);
    expect(vip + standard).toBe(200_000);
    const overall = (vip * segment(r, 'vip').kpis.waitingTime.mean + standard * segment(r, 'standard').kpis.waitingTime.mean) / (vip + standard);
    expect(Math.abs(overall - r.kpis.waitingTime.mean) / r.kpis.waitingTime.mean).toBeLessThan(0.002);
  });

  // Preemptive resume, same queue: the VIPs see an M/M/1 of their own, T1 = 1/(mu - lambda1) = 1.25 s; the standard
  // cases T2 = (1/mu)/(1 - rho1) + R2/((1 - rho1)(1 - rho)) = 1.25 + 2.9167 = 4.1667 s (R2 = 0.7). Same run length.
  it('preemptive priority: mean cycle times within 3% of the preemptive-resume formula', () => {
    const r = run(single, { ...scenario, queueDiscipline: 'preemptive' }, { cases: 200_000, replications: 20, seed: 1 });
    const expected = { vip: 1.25, standard: 1.25 + 0.7 / (0.8 * 0.3) };
    for (const [id, t] of Object.entries(expected)) {
      const cycle = segment(r, id).kpis.cycleTime;
      expect(Math.abs(cycle.mean - t) / t).toBeLessThan(0.03);
    }
    // Interrupted work resumes: each case is still served for its whole service time (mean 1 s).
    expect(Math.abs(r.kpis.processingTime.mean - 1)).toBeLessThan(0.01);
  });

  it('serves by priority, then first come first served, without interrupting work', () => {
    // One clerk; a case every minute; VIP work takes 10 min, standard 11 min, so the log tells the types apart.
    const r = run(
      single,
      {
        pools: [{ id: 'P', name: 'Clerk', headcount: 1, laneIds: ['L'] }],
        arrivals: { S: { interArrival: fixed(1) } },
        tasks: { A: { duration: fixed(11) } },
        caseTypes: [
          { id: 'vip', name: 'VIP', share: 0.3, priority: 2, tasks: { A: { duration: fixed(10) } } },
          { id: 'std', name: 'Standard', share: 0.7, priority: 0 },
        ],
      },
      { cases: 60, replications: 1, seed: 5, eventLog: true },
    );
    const rows = r.eventLog!.trim().split('\n').slice(1).map((line) => {
      const cells = line.split(',');
      const start = Date.parse(cells[4]) / 1000 - Date.parse('2026-01-05T00:00:00Z') / 1000;
      const end = Date.parse(cells[5]) / 1000 - Date.parse('2026-01-05T00:00:00Z') / 1000;
      return { case: Number(cells[0]), arrival: Number(cells[0]) * MIN, start, vip: end - start === 10 * MIN };
    });
    expect(rows.filter((row) => row.vip).length).toBeGreaterThan(5);
    let checked = 0;
    for (const row of rows) {
      // Everyone waiting when this case was picked: arrived by then, started later.
      const waiting = rows.filter((other) => other.arrival <= row.start && other.start > row.start);
      if (waiting.length === 0) continue;
      checked++;
      if (!row.vip) expect(waiting.some((other) => other.vip)).toBe(false);
      // First come first served within the type.
      expect(waiting.filter((other) => other.vip === row.vip).every((other) => other.arrival > row.arrival)).toBe(true);
      // Nothing was interrupted: the previous task ran to its end before this one started.
    }
    expect(checked).toBeGreaterThan(40);
    for (let i = 1; i < rows.length; i++) expect(rows[i].start).toBeGreaterThanOrEqual(rows[i - 1].start + (rows[i - 1].vip ? 10 : 11) * MIN - 1e-6);
  });
});

describe('case types: what a type changes', () => {
  const spec: GraphSpec = {
    nodes: [{ id: 'S', kind: 'startEvent' }, task('A', 'L'), { id: 'G', kind: 'exclusiveGateway' }, task('B', 'L'), task('C', 'L'), { id: 'E', kind: 'endEvent' }, { id: 'E2', kind: 'endEvent' }],
    flows: [['S', 'A'], ['A', 'G'], ['G', 'B', 'toB'], ['G', 'C', 'toC'], ['B', 'E'], ['C', 'E2']],
    lanes: [{ id: 'L' }],
  };
  const scenario: Partial<ScenarioInput> = {
    pools: [{ id: 'P', name: 'Team', headcount: 100, laneIds: ['L'] }],
    arrivals: { S: { interArrival: fixed(5) } },
    tasks: { A: { duration: fixed(30) }, B: { duration: fixed(10), substantiveResponse: true }, C: { duration: fixed(60), substantiveResponse: true } },
    gateways: { G: { probabilities: { toB: 1, toC: 0 } } },
    targets: { firstResponseSla: { value: 2, unit: 'h' } },
    caseTypes: [
      { id: 'standard', name: 'Standard', share: 0.7, priority: 0 },
      {
        id: 'vip',
        name: 'VIP',
        share: 0.3,
        priority: 1,
        tasks: { A: { duration: fixed(15) } },
        gateways: { G: { probabilities: { toB: 0, toC: 1 } } },
        targets: { firstResponseSla: { value: 1, unit: 'h' } },
      },
    ],
  };

  it('overrides durations, branch probabilities and targets per type; the segments carry the top-level KPI fields', () => {
    const r = run(spec, scenario, { cases: 2000, replications: 2, seed: 7 });
    const standard = segment(r, 'standard');
    const vip = segment(r, 'vip');
    // Nobody waits (100 people): standard A 30 + B 10 = 40 min; VIP A 15 + C 60 = 75 min.
    expect(standard.kpis.cycleTime.mean).toBeCloseTo(40 * MIN, 6);
    expect(vip.kpis.cycleTime.mean).toBeCloseTo(75 * MIN, 6);
    // First response 40 min (SLA 2 h: all in) and 75 min (VIP SLA 1 h: none in).
    expect(standard.kpis.firstResponseTime.withinSla).toBe(1);
    expect(vip.kpis.firstResponseTime.withinSla).toBe(0);
    expect(vip.kpis.firstResponseTime.slaSeconds).toBe(3600);
    // VIP cases all take C, standard cases all take B: element counts are the type counts.
    const executions = (id: string) => r.elements.find((e) => e.id === id)!.executions;
    expect(executions('C')).toBeCloseTo(vip.cases, 6);
    expect(executions('B')).toBeCloseTo(standard.cases, 6);
    expect(Math.abs(vip.cases / 2000 - 0.3)).toBeLessThan(0.04); // 4 binomial sd
    expect(Object.keys(vip.kpis).sort()).toEqual(Object.keys(r.kpis).sort());
  });

  it('one segment of all cases when the scenario has no case types', () => {
    const { caseTypes: _unused, ...plain } = scenario;
    const r = run(spec, plain, { cases: 100, replications: 1 });
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0]).toMatchObject({ id: 'default', share: 1, priority: 0, cases: 100 });
    expect(r.segments[0].kpis.cycleTime.mean).toBe(r.kpis.cycleTime.mean);
  });

  it('refuses shares that do not add up to 100% and overrides of unknown elements, with clear messages', () => {
    const graph = buildGraph(spec);
    const bad = { id: 's', name: 'test', ...scenario, caseTypes: [{ id: 'a', name: 'A', share: 0.5, priority: 0 }, { id: 'b', name: 'B', share: 0.3, priority: 1 }] };
    const issues = validateScenario(bad, graph);
    expect(issues.map((i) => i.message)).toContain('caseTypes: The shares of the case types must add up to 100%.');
    const outcome = simulateSync(graph, bad);
    expect(outcome.ok).toBe(false);
    const unknown = validateScenario({ id: 's', name: 'test', ...scenario, caseTypes: [{ id: 'a', name: 'VIP', share: 1, priority: 0, tasks: { Nope: { duration: fixed(1) } } }] }, graph);
    expect(unknown).toContainEqual(expect.objectContaining({ code: 'caseType.unknownTask', elementId: 'Nope', message: "Case type 'VIP' changes the duration of 'Nope', which is not a task in the diagram." }));
  });
});

describe('demand and staffing over the week', () => {
  // Monday 00:00 to Thursday 00:00: 14 cases an hour, 2 people; Thursday to Monday: 21 an hour, 3 people; service
  // exponential, mean 6 min (mu = 10/h): rho 0.7 in both windows. Hours far from a change (2 h after) are M/M/2 and
  // M/M/3 queues: Erlang C gives Wq = 0.0961 h and 0.0700 h... computed below. 40 weeks x 8 replications, seed 3;
  // tolerance 4% on each window's mean wait.
  it('each long constant window waits as Erlang C says for its rate and staffing', () => {
    const days1 = ['mon', 'tue', 'wed'] as const;
    const days2 = ['thu', 'fri', 'sat', 'sun'] as const;
    const r = run(single, {
      horizon: { value: 40 * 7, unit: 'd' },
      pools: [
        {
          id: 'P',
          name: 'Desk',
          headcount: 3,
          laneIds: ['L'],
          shifts: { periods: [{ days: [...days1], from: '00:00', to: '24:00', headcount: 2 }, { days: [...days2], from: '00:00', to: '24:00', headcount: 3 }] },
        },
      ],
      arrivals: {
        S: {
          interArrival: { type: 'exponential', mean: 1, unit: 'h' },
          profile: { periods: [{ days: [...days1], from: '00:00', to: '24:00', casesPerHour: 14 }, { days: [...days2], from: '00:00', to: '24:00', casesPerHour: 21 }] },
        },
      },
      tasks: { A: { duration: { type: 'exponential', mean: 6, unit: 'min' } } },
    }, { replications: 8, seed: 3 });
    const hours = r.pools[0].waitingByHourOfWeek;
    const windowMean = (from: number, to: number) => {
      const values = hours.slice(from, to).filter((v): v is number => v !== null);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    const w1 = erlangCWait(14, 10, 2) * 3600;
    const w2 = erlangCWait(21, 10, 3) * 3600;
    expect(Math.abs(windowMean(2, 72) - w1) / w1).toBeLessThan(0.04);
    expect(Math.abs(windowMean(74, 168) - w2) / w2).toBeLessThan(0.04);
    // Arrivals follow the profile: 14 x 72 + 21 x 96 = 3024 a week.
    expect(Math.abs(r.kpis.throughputPerHour.mean * 168 - 3024) / 3024).toBeLessThan(0.01);
    // Utilisation is busy time over the person-hours the shift plan offers: rho = 0.7.
    expect(Math.abs(r.pools[0].utilisation - 0.7)).toBeLessThan(0.01);
  });

  it('people come and go with their shifts; someone whose shift ends finishes the task in hand', () => {
    // One clerk on Monday 09:00-10:00 only; cases at 09:30 (fixed 1 h 30 min gaps from 08:00) each need 45 min.
    const r = run(single, {
      pools: [{ id: 'P', name: 'Clerk', headcount: 1, laneIds: ['L'], shifts: { periods: [{ days: ['mon'], from: '09:00', to: '10:00', headcount: 1 }] } }],
      arrivals: { S: { interArrival: { type: 'fixed', value: 570, unit: 'min' } } },
      tasks: { A: { duration: fixed(45) } },
    }, { cases: 2, replications: 1, eventLog: true });
    // Case 1 arrives Mon 09:30, done 10:15 (overtime). Case 2 arrives Mon 19:00, waits until Mon 09:00 a week later.
    const lines = r.eventLog!.trim().split('\n').slice(1);
    expect(lines[0]).toContain('2026-01-05T09:30:00.000Z,2026-01-05T10:15:00.000Z');
    expect(lines[1]).toContain('2026-01-12T09:00:00.000Z,2026-01-12T09:45:00.000Z');
    expect(r.kpis.waitingTime.mean).toBeCloseTo((7 * 24 * 60 - 600) * MIN / 2, 6);
  });
});

describe('people in several pools', () => {
  // Sales (lane LS) and Support (lane LT) work on the same case in parallel: A (Sales) 30 min, B (Support) 20 min.
  const parallel: GraphSpec = {
    nodes: [
      { id: 'S', kind: 'startEvent' },
      { id: 'Split', kind: 'parallelGateway' },
      task('A', 'LS'),
      task('B', 'LT'),
      { id: 'Join', kind: 'parallelGateway' },
      { id: 'E', kind: 'endEvent' },
    ],
    flows: [['S', 'Split'], ['Split', 'A'], ['Split', 'B'], ['A', 'Join'], ['B', 'Join'], ['Join', 'E']],
    lanes: [{ id: 'LS' }, { id: 'LT' }],
  };
  const base = {
    arrivals: { S: { interArrival: fixed(8, 'h') } },
    tasks: { A: { duration: fixed(30) }, B: { duration: fixed(20) } },
  };

  it('work goes to whoever is free among those who can do it', () => {
    // Sales has its own person, Support nobody; Alex works in both: A goes to Sales' person, B to Alex, no waiting.
    const shared = run(parallel, {
      ...base,
      pools: [{ id: 'sales', name: 'Sales', headcount: 1, laneIds: ['LS'] }, { id: 'support', name: 'Support', headcount: 0, laneIds: ['LT'] }],
      people: [{ id: 'alex', name: 'Alex', poolIds: ['sales', 'support'] }],
    }, { cases: 3, replications: 1, eventLog: true });
    expect(shared.kpis.cycleTime.mean).toBeCloseTo(30 * MIN, 6);
    expect(shared.kpis.waitingTime.mean).toBe(0);
    const log = shared.eventLog!.trim().split('\n').slice(1);
    expect(log.filter((line) => line.includes(',B,') && line.includes('Alex 1'))).toHaveLength(3);
    expect(log.filter((line) => line.includes(',A,') && line.includes('Sales 1'))).toHaveLength(3);
    // Alex is busy 20 min of every 8 h: 1/24 of the run after the warm-up (cases at 8, 16, 24 h; the run ends 24 h 30 min).
    expect(shared.people[0]).toMatchObject({ id: 'alex', count: 1, poolIds: ['sales', 'support'] });
    expect(shared.people[0].utilisation).toBeCloseTo((3 * 20) / (24 * 60 + 30), 6);

    // Alex alone does both: one task waits for the other (30 or 20 min), the case takes 50 min.
    const alone = run(parallel, {
      ...base,
      pools: [{ id: 'sales', name: 'Sales', headcount: 0, laneIds: ['LS'] }, { id: 'support', name: 'Support', headcount: 0, laneIds: ['LT'] }],
      people: [{ id: 'alex', name: 'Alex', poolIds: ['sales', 'support'] }],
    }, { cases: 3, replications: 1 });
    expect(alone.kpis.cycleTime.mean).toBeCloseTo(50 * MIN, 6);
    expect([20 * MIN, 30 * MIN]).toContainEqual(alone.kpis.waitingTime.mean);
    // Without Alex, Support has nobody: refused with the usual message.
    const refused = simulateSync(buildGraph(parallel), { id: 's', name: 'test', ...base, pools: [{ id: 'sales', name: 'Sales', headcount: 1, laneIds: ['LS'] }, { id: 'support', name: 'Support', headcount: 0, laneIds: ['LT'] }] });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.issues.map((i) => i.code)).toContain('pool.unstaffed');
  });

  it('a person takes the most urgent case of all their pools: priority first, then who came first', () => {
    // Alex only, both pools; VIP cases (priority 1) need B, standard ones A... the type decides the branch.
    const spec: GraphSpec = {
      nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'G', kind: 'exclusiveGateway' }, task('A', 'LS'), task('B', 'LT'), { id: 'E', kind: 'endEvent' }, { id: 'E2', kind: 'endEvent' }],
      flows: [['S', 'G'], ['G', 'A', 'toA'], ['G', 'B', 'toB'], ['A', 'E'], ['B', 'E2']],
      lanes: [{ id: 'LS' }, { id: 'LT' }],
    };
    const r = run(spec, {
      arrivals: { S: { interArrival: fixed(1) } },
      tasks: { A: { duration: fixed(10) }, B: { duration: fixed(10) } },
      gateways: { G: { probabilities: { toA: 1, toB: 0 } } },
      pools: [{ id: 'sales', name: 'Sales', headcount: 0, laneIds: ['LS'] }, { id: 'support', name: 'Support', headcount: 0, laneIds: ['LT'] }],
      people: [{ id: 'alex', name: 'Alex', poolIds: ['sales', 'support'] }],
      caseTypes: [
        { id: 'std', name: 'Standard', share: 0.6, priority: 0 },
        { id: 'vip', name: 'VIP', share: 0.4, priority: 1, gateways: { G: { probabilities: { toA: 0, toB: 1 } } } },
      ],
    }, { cases: 40, replications: 1, seed: 2, eventLog: true });
    const rows = r.eventLog!.trim().split('\n').slice(1).map((line) => {
      const cells = line.split(',');
      return { arrival: Number(cells[0]) * MIN, vip: cells[2] === 'B', start: Date.parse(cells[4]) / 1000 - Date.parse('2026-01-05T00:00:00Z') / 1000 };
    });
    let checked = 0;
    for (const row of rows) {
      const waiting = rows.filter((other) => other.arrival <= row.start && other.start > row.start);
      if (waiting.length === 0) continue;
      checked++;
      if (!row.vip) expect(waiting.some((other) => other.vip)).toBe(false);
      expect(waiting.filter((other) => other.vip === row.vip).every((other) => other.arrival > row.arrival)).toBe(true);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('a person works their own roster: the task pauses when their calendar closes', () => {
    // Alex works Monday to Friday 09:00-12:00; a case arrives Monday 11:30 with 1 h of Sales work.
    const r = run(single, {
      calendars: [{ id: 'mornings', name: 'Mornings', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '12:00' }] }],
      pools: [{ id: 'P', name: 'Sales', headcount: 0, laneIds: ['L'] }],
      people: [{ id: 'alex', name: 'Alex', poolIds: ['P'], calendarId: 'mornings' }],
      arrivals: { S: { interArrival: { type: 'fixed', value: 690, unit: 'min' } } },
      tasks: { A: { duration: fixed(60) } },
    }, { cases: 1, replications: 1, eventLog: true });
    expect(r.eventLog).toContain('Alex 1,2026-01-05T11:30:00.000Z,2026-01-06T09:30:00.000Z');
    // 30 min before noon, 30 min on Tuesday: 22 h from start to end, 21 h of them off the calendar.
    expect(r.kpis.offCalendarTime.mean).toBeCloseTo(21 * 3600, 6);
    expect(r.kpis.cycleTime.mean).toBeCloseTo(22 * 3600, 6);
  });
});

import { describe, expect, it } from 'vitest';
import { ScenarioSchema, type ScenarioInput } from '@leanflow/model';
import { buildGraph } from '@leanflow/sim';
import { erlangC, evaluateStaffing, formatMoney, minimumStableHeadcount, nonDominated, optimiseStaffing, parseStaffingTarget, saturationHeadcount, type StaffingTarget } from '@leanflow/analysis';

// A service desk around the clock: a lead is answered by the desk (exponential, 20 min), 40% then need a
// specialist (exponential, 30 min). Arrivals every 6 min on average: the desk carries 3.33 Erlangs, the specialist 2.
const graph = buildGraph({
  nodes: [
    { id: 'S', kind: 'startEvent' },
    { id: 'Answer', kind: 'userTask', name: 'Answer the lead', laneId: 'Desk' },
    { id: 'X', kind: 'exclusiveGateway' },
    { id: 'Expert', kind: 'userTask', name: 'Specialist advice', laneId: 'Specialist' },
    { id: 'E', kind: 'endEvent' },
  ],
  flows: [['S', 'Answer'], ['Answer', 'X'], ['X', 'Expert', 'toExpert'], ['X', 'E', 'done'], ['Expert', 'E']],
  lanes: [{ id: 'Desk' }, { id: 'Specialist' }],
});
const scenario = (desk: number, specialist: number, extra: Partial<ScenarioInput> = {}) =>
  ScenarioSchema.parse({
    id: 's',
    name: 'Leads',
    cases: 400,
    replications: 5,
    seed: 7,
    pools: [
      { id: 'desk', name: 'Service desk', headcount: desk, costPerHour: 40, laneIds: ['Desk'] },
      { id: 'specialist', name: 'Specialist', headcount: specialist, costPerHour: 70, laneIds: ['Specialist'] },
    ],
    arrivals: { S: { interArrival: { type: 'exponential', mean: 6 } } },
    tasks: { Answer: { duration: { type: 'exponential', mean: 20 }, substantiveResponse: true }, Expert: { duration: { type: 'exponential', mean: 30 } } },
    gateways: { X: { probabilities: { toExpert: 0.4, done: 0.6 } } },
    ...extra,
  });
const target: StaffingTarget = { kpi: 'first-response', withinSeconds: 45 * 60, share: 0.8 };

describe('staffing targets in words', () => {
  it.each([
    ['first-response:2h:90%', { kpi: 'first-response', withinSeconds: 7200, share: 0.9 }],
    ['cycle-time:1.5d:0.8', { kpi: 'cycle-time', withinSeconds: 129600, share: 0.8 }],
    ['response:30min:75', { kpi: 'first-response', withinSeconds: 1800, share: 0.75 }],
  ])('%s', (text, expected) => {
    expect(parseStaffingTarget(text)).toEqual({ ok: true, target: expected });
  });

  it.each(['first-response:2h', 'waiting:2h:90%', 'first-response:soon:90%', 'first-response:2h:120%'])('refuses %s with a usage hint', (text) => {
    const parsed = parseStaffingTarget(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('e.g. first-response:2h:90%');
  });
});

describe('queueing bounds', () => {
  it('Erlang C matches the closed form for M/M/2 at 1 Erlang (1/3) and M/M/1 (the load)', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    expect(erlangC(3, 3)).toBe(1);
  });

  it('the smallest stable headcount and the one from which waiting is rare', () => {
    expect(minimumStableHeadcount(3.33)).toBe(4);
    expect(minimumStableHeadcount(2)).toBe(3); // exactly 100% busy is not stable
    const c = saturationHeadcount(2);
    expect(erlangC(c, 2)).toBeLessThanOrEqual(0.01);
    expect(erlangC(c - 1, 2)).toBeGreaterThan(0.01);
  });
});

describe('the staffing optimiser', () => {
  it('finds the same front as an exhaustive grid with the same seeds, and never searches below stability', async () => {
    const base = scenario(5, 3);
    const result = await optimiseStaffing(graph, base, { target, maxHeadcount: 7 });
    expect(result.method).toBe('exhaustive');
    const [desk, specialist] = result.pools;
    expect(desk).toMatchObject({ min: 4, current: 5 });
    expect(specialist).toMatchObject({ min: 3 });
    // The grid the search skipped (above its saturation bound) cannot add a point to the front.
    const grid = [];
    for (let d = 4; d <= 7; d++) for (let s = 3; s <= 7; s++) grid.push(evaluateStaffing(graph, base, target, [d, s], { replications: 5, seed: 7 }));
    const cost = (h: readonly number[]) => h[0]! * 168 * 40 + h[1]! * 168 * 70;
    const exhaustive = nonDominated(grid.map((evaluation) => ({ evaluation, costPerWeek: cost(evaluation.headcounts), cost: cost(evaluation.headcounts), people: evaluation.headcounts[0]! + evaluation.headcounts[1]! })));
    const frontOf = (points: readonly { headcounts: Readonly<Record<string, number>> }[]) => points.map((p) => `${p.headcounts['desk']}/${p.headcounts['specialist']}`).sort();
    expect(frontOf(result.front)).toEqual(exhaustive.map((c) => `${c.evaluation.headcounts[0]}/${c.evaluation.headcounts[1]}`).sort());
    expect(result.front.length).toBeGreaterThan(1);
    // Cheapest first; every point on the front pays for itself: cheaper, or demonstrably better service.
    for (let i = 1; i < result.front.length; i++) expect(result.front[i]!.costPerWeek).toBeGreaterThanOrEqual(result.front[i - 1]!.costPerWeek);
    // Cost per week = people x open hours x rate (around the clock: 168 h).
    expect(result.current.costPerWeek).toBeCloseTo(5 * 168 * 40 + 3 * 168 * 70, 6);
    expect(result.current.costPerCase).toBeCloseTo(result.current.costPerWeek / (7 * 24 * 10), 6);
  });

  it('recommends the cheapest staffing that meets the target, and says when that is today\'s', async () => {
    const open = await optimiseStaffing(graph, scenario(7, 6), { target, maxHeadcount: 7 });
    const best = open.recommended!;
    expect(best.meetsTarget).toBe(true);
    const cheaper = open.front.filter((p) => p.costPerWeek < best.costPerWeek);
    expect(cheaper.every((p) => !p.meetsTarget)).toBe(true);
    expect(best.reason).toContain('is the cheapest staffing found that meets the target');
    // Money as the Optimise table writes it (one formatter, whole units), and the difference is the difference of
    // the two figures shown: "costs €X a week, €Y less than today's €Z" with Y = Z − X.
    const week = (x: number) => formatMoney(x, 'EUR', 'en', { whole: true });
    const saving = Math.round(open.current.costPerWeek) - Math.round(best.costPerWeek);
    expect(saving).toBeGreaterThan(0);
    expect(best.reason).toContain(`costs ${week(best.costPerWeek)} a week, ${week(saving)} less than today's ${week(open.current.costPerWeek)}`);
    expect(best.reason).not.toMatch(/EUR \d/);
    // Staff exactly that: now the current staffing is the answer.
    const [d, s] = [best.headcounts['desk']!, best.headcounts['specialist']!];
    const already = await optimiseStaffing(graph, scenario(d, s), { target, maxHeadcount: 7 });
    expect(already.currentOnFront).toBe(true);
    expect(already.recommended?.headcounts).toEqual({ desk: d, specialist: s });
    expect(already.reason).toMatch(/^The current staffing is already the cheapest found that meets the target/);
  });

  it('fixes an overloaded pool first: the search starts at the smallest stable headcount and says why', async () => {
    const result = await optimiseStaffing(graph, scenario(3, 3), { target, maxHeadcount: 7 });
    expect(result.pools[0]).toMatchObject({ overloadedNow: true, min: 4 });
    expect(result.notes[0]).toContain('"Service desk" cannot keep up with 3 people');
    // Only today's staffing (simulated for comparison) may have fewer than 4 at the desk.
    expect(result.front.filter((p) => p.headcounts['desk']! < 4).map((p) => p.headcounts)).toEqual(result.currentOnFront ? [{ desk: 3, specialist: 3 }] : []);
    expect(result.recommended!.headcounts['desk']).toBeGreaterThanOrEqual(4);
  });

  it('an impossible target gives null with a reason', async () => {
    // 80% answered within 5 min when the answer itself takes 20 min on average: no headcount can do it.
    const hard: StaffingTarget = { kpi: 'first-response', withinSeconds: 5 * 60, share: 0.8 };
    const result = await optimiseStaffing(graph, scenario(5, 3), { target: hard });
    expect(result.recommended).toBeNull();
    expect(result.reason).toContain('More people would not help');
    const limited = await optimiseStaffing(graph, scenario(5, 3), { target, maxHeadcount: 3 });
    expect(limited.recommended).toBeNull();
    expect(limited.reason).toContain('"Service desk" needs at least 4 people to keep up');
  });

  it('greedy search on a larger grid finds the exhaustive recommendation', async () => {
    const base = scenario(5, 3);
    const exhaustive = await optimiseStaffing(graph, base, { target, maxHeadcount: 7 });
    const greedy = await optimiseStaffing(graph, base, { target, maxHeadcount: 7, maxEvaluations: 6 });
    expect(greedy.method).toBe('greedy');
    expect(greedy.evaluations).toBeLessThanOrEqual(exhaustive.evaluations);
    expect(greedy.recommended?.headcounts).toEqual(exhaustive.recommended?.headcounts);
  });

  it('without costs per hour it minimises people and says so; a budget is never exceeded', async () => {
    const free = scenario(5, 3, { pools: [{ id: 'desk', name: 'Service desk', headcount: 5, laneIds: ['Desk'] }, { id: 'specialist', name: 'Specialist', headcount: 3, laneIds: ['Specialist'] }] });
    const result = await optimiseStaffing(graph, free, { target, maxHeadcount: 6 });
    expect(result.costUnit).toBe('people');
    expect(result.notes.join(' ')).toContain('minimises the number of people');
    const budget = 6 * 168 * 40 + 4 * 168 * 70;
    const capped = await optimiseStaffing(graph, scenario(5, 3), { target, maxHeadcount: 7, budget });
    expect(capped.front.filter((p) => p.people !== 8).every((p) => p.costPerWeek <= budget)).toBe(true);
  });
});

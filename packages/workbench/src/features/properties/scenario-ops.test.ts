// The Properties panel's logic without a DOM: the estimate mapping, scenario edits on the parsed sample, the
// validation messages that reach the fields, and the command that writes scenarios into the live document (and
// takes them out again on undo).
import {
  LEAD_TO_QUOTE_SAMPLE,
  createDefaultScenario,
  distributionFromEstimate,
  loadDocument,
  parseBpmn,
  readScenarios,
  serializeBpmn,
  type ModdleElement,
  type ProcessGraph,
  type Scenario,
} from '@leanflow/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLiveScenarios, writeLiveScenarios } from './scenario-command.ts';
import {
  activateScenario,
  activeScenario,
  balanceShares,
  casesPerWeek,
  profileFromDemand,
  setArrivalProfile,
  setCaseTypes,
  setShifts,
  addScenario,
  checkActive,
  convertDistribution,
  deleteScenario,
  duplicateScenario,
  editActive,
  estimateFromDistribution,
  issuesAt,
  normaliseProbabilities,
  probabilitySum,
  renameScenario,
  setArrival,
  setProbability,
  setTaskField,
  unstaffedPoolParts,
  type ScenarioSet,
} from './scenario-ops.ts';

let graph: ProcessGraph;
let sample: ScenarioSet;
beforeAll(async () => {
  const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
  graph = loaded.graph!;
  sample = { scenarios: loaded.scenarios, activeScenarioId: loaded.activeScenarioId };
});

describe('estimates', () => {
  it('round-trips "about 30 min, usually 20-45" and a plain value', () => {
    for (const estimate of [{ typical: 30, low: 20, high: 45, unit: 'min' as const }, { typical: 2, unit: 'h' as const }, { typical: 0, low: 0, high: 0, unit: 's' as const }]) {
      const mapped = distributionFromEstimate(estimate);
      expect(mapped.ok).toBe(true);
      if (mapped.ok) expect(estimateFromDistribution(mapped.distribution)).toEqual(estimate);
    }
    expect(estimateFromDistribution({ type: 'exponential', mean: 3, unit: 'min' })).toBeUndefined();
  });

  it('explains impossible estimates with the field they concern', () => {
    const low = distributionFromEstimate({ typical: 25, low: 50, high: 30, unit: 'min' });
    expect(low).toMatchObject({ ok: false, issues: [{ code: 'estimate.order', path: 'low', message: 'The usual minimum (50 min) cannot be above the typical value (25 min).' }] });
    const negative = distributionFromEstimate({ typical: 25, low: 10, high: -5, unit: 'min' });
    expect(negative).toMatchObject({ ok: false, issues: [{ code: 'estimate.negative', path: 'high', message: 'The high value must be a number of at least 0.' }] });
  });

  it('switching type in the advanced editor keeps the mean', () => {
    const from = { type: 'triangular', min: 20, mode: 30, max: 40, unit: 'min' } as const;
    for (const type of ['fixed', 'uniform', 'exponential', 'normal', 'lognormal', 'gamma', 'erlang'] as const) {
      const to = convertDistribution(from, type);
      expect(to.type).toBe(type);
      expect(to.unit).toBe('min');
      const mean = 'mean' in to ? to.mean : 'value' in to ? to.value : (to as { min: number; max: number }).min / 2 + (to as { max: number }).max / 2;
      expect(mean).toBeCloseTo(30, 5);
    }
  });
});

describe('scenario edits on the sample', () => {
  it('sets a task duration in the active scenario only', () => {
    const result = editActive(sample, (s) => setTaskField(s, 'Task_Qualify', 'duration', { type: 'triangular', min: 10, mode: 25, max: 30, unit: 'min' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const edited = activeScenario(result.set)!;
    expect(edited.tasks['Task_Qualify']!.duration).toEqual({ type: 'triangular', min: 10, mode: 25, max: 30, unit: 'min' });
    expect(edited.tasks['Task_PrepareQuote']).toEqual(activeScenario(sample)!.tasks['Task_PrepareQuote']);
    // The original is untouched (edits never mutate).
    expect(activeScenario(sample)!.tasks['Task_Qualify']!.duration).toMatchObject({ mode: 15 });
  });

  it('refuses impossible values with the schema message at the field path', () => {
    const result = editActive(sample, (s) => setTaskField(s, 'Task_Qualify', 'duration', { type: 'uniform', min: 40, max: 10, unit: 'min' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(issuesAt(result.issues, 'tasks.Task_Qualify.duration')).toEqual([
      expect.objectContaining({ path: 'tasks.Task_Qualify.duration.min', message: 'The minimum must not be greater than the maximum.' }),
    ]);
    const cost = editActive(sample, (s) => setTaskField(s, 'Task_Qualify', 'fixedCost', -3));
    expect(cost.ok ? [] : cost.issues.map((i) => i.message)).toEqual(['The fixed cost cannot be negative.']);
    const cases = editActive(sample, (s) => setArrival(s, 'Start_LeadReceived', { cases: 0 }));
    expect(cases.ok ? [] : issuesAt(cases.issues, 'arrivals.Start_LeadReceived.cases').map((i) => i.message)).toEqual(['The case count must be at least 1.']);
    expect(issuesAt(cases.ok ? [] : cases.issues, 'arrivals.Start_LeadReceived.cases.x')).toEqual([]);
  });

  it('accepts a pool with nobody in it and shows, at the pool, that its tasks can never be served', () => {
    const index = activeScenario(sample)!.pools.findIndex((p) => p.name === 'Sales manager');
    const empty = editActive(sample, (s) => ({ ...s, pools: s.pools.map((p, i) => (i === index ? { ...p, headcount: 0 } : p)) }));
    expect(empty.ok).toBe(true);
    if (!empty.ok) return;
    expect(activeScenario(empty.set)!.pools[index]!.headcount).toBe(0);
    const shown = issuesAt(checkActive(empty.set, graph), `pools.${index}`);
    expect(shown).toEqual([
      expect.objectContaining({ code: 'pool.unstaffed', severity: 'error', elementId: 'Task_Approve', message: "Pool 'Sales manager' has nobody (headcount 0): its task 'Manager approval' can never be served. Give it at least one person." }),
    ]);
    expect(unstaffedPoolParts(shown[0]!)).toEqual({ pool: 'Sales manager', tasks: "'Manager approval'" });
    // A negative headcount is still refused as input.
    const negative = editActive(sample, (s) => ({ ...s, pools: s.pools.map((p, i) => (i === index ? { ...p, headcount: -1 } : p)) }));
    expect(negative.ok ? [] : issuesAt(negative.issues, `pools.${index}.headcount`).map((i) => i.message)).toEqual(['Headcount cannot be negative.']);
  });

  it('shows the XOR sum, and "normalise" makes it exactly 1', () => {
    const flows = graph.nodes.find((n) => n.id === 'Gateway_Qualified')!.outgoing;
    const half = editActive(sample, (s) => setProbability(s, 'Gateway_Qualified', 'Flow_Yes', 0.5));
    expect(half.ok).toBe(true);
    if (!half.ok) return;
    const scenario = activeScenario(half.set)!;
    const sum = probabilitySum(scenario, 'Gateway_Qualified', flows);
    expect(sum).toBeCloseTo(0.8, 9);
    expect(checkActive(half.set, graph).map((i) => i.message)).toContain("The branch probabilities of 'Qualified?' add up to 0.8; they must add up to 1.");
    const normalised = editActive(half.set, (s) => normaliseProbabilities(s, 'Gateway_Qualified', flows));
    expect(normalised.ok).toBe(true);
    if (!normalised.ok) return;
    const p = activeScenario(normalised.set)!.gateways['Gateway_Qualified']!.probabilities;
    expect(p['Flow_Yes']).toBeCloseTo(0.625, 9);
    expect(probabilitySum(activeScenario(normalised.set)!, 'Gateway_Qualified', flows)).toBe(1);
    expect(checkActive(normalised.set, graph).filter((i) => i.code === 'gateway.probabilities.sum')).toEqual([]);
    expect(editActive(sample, (s) => setProbability(s, 'Gateway_Qualified', 'Flow_Yes', 1.2)).ok).toBe(false);
  });

  it('creates, duplicates, renames, activates and deletes scenarios', () => {
    const added = addScenario(sample, graph, 'New scenario');
    expect(added.scenarios).toHaveLength(2);
    expect(added.activeScenarioId).toBe('new-scenario');
    expect(activeScenario(added)).toMatchObject(createDefaultScenario(graph, { id: 'new-scenario', name: 'New scenario' }));
    const twice = addScenario(added, graph, 'New scenario');
    expect(activeScenario(twice)!.name).toBe('New scenario 2');
    const copy = duplicateScenario(twice, sample.activeScenarioId!, 'As is (copy)');
    expect(activeScenario(copy)).toEqual({ ...activeScenario(sample)!, id: 'as-is-copy', name: 'As is (copy)' });
    const renamed = renameScenario(copy, 'as-is-copy', '  To be ');
    expect(renamed.ok && activeScenario(renamed.set)!.name).toBe('To be');
    expect(renameScenario(copy, 'as-is-copy', '   ')).toMatchObject({ ok: false, issues: [{ message: 'A scenario needs a name.' }] });
    const deleted = deleteScenario(copy, 'as-is-copy');
    expect(deleted.scenarios.map((s) => s.id)).toEqual(copy.scenarios.map((s) => s.id).filter((id) => id !== 'as-is-copy'));
    expect(deleted.activeScenarioId).toBe(sample.scenarios[0]!.id);
    expect(deleteScenario(sample, sample.activeScenarioId!)).toBe(sample); // the last one stays
    expect(activateScenario(added, sample.activeScenarioId!).activeScenarioId).toBe(sample.activeScenarioId);
  });
});

/** A stand-in for bpmn-js: its moddle, definitions and a command stack with undo. */
async function fakeModeler(xml: string) {
  const parsed = await parseBpmn(xml);
  let handler: { execute(c: unknown): void; revert(c: unknown): void } | undefined;
  const done: unknown[] = [];
  const commandStack = {
    register(_command: string, h: typeof handler) {
      handler = h;
    },
    execute(_command: string, context: unknown) {
      handler!.execute(context);
      done.push(context);
    },
  };
  const modeler = {
    get<T>(name: string): T {
      return (name === 'commandStack' ? commandStack : parsed.moddle) as T;
    },
    getDefinitions: () => parsed.definitions as ModdleElement,
  };
  const undo = () => handler!.revert(done.pop());
  const xmlNow = () => serializeBpmn(parsed.moddle!, parsed.definitions!);
  return { modeler, undo, xmlNow, done };
}

describe('the scenario command (one undo step per edit)', () => {
  it('writes an edit into the document and undo restores the file exactly', async () => {
    const { modeler, undo, xmlNow, done } = await fakeModeler(LEAD_TO_QUOTE_SAMPLE);
    const original = await xmlNow();
    const live = readLiveScenarios(modeler);
    expect(live.scenarios.map((s) => s.id)).toEqual(sample.scenarios.map((s) => s.id));
    const result = editActive(live, (s) => setTaskField(s, 'Task_Qualify', 'duration', { type: 'triangular', min: 10, mode: 25, max: 30, unit: 'min' }));
    if (!result.ok) throw new Error('valid edit refused');
    writeLiveScenarios(modeler, result.set);
    expect(done).toHaveLength(1);
    const edited = await loadDocument(await xmlNow());
    expect(edited.scenarioSource).toBe('leanflow');
    expect(edited.scenarios[0]!.tasks['Task_Qualify']!.duration).toMatchObject({ mode: 25 });
    expect(readLiveScenarios(modeler).scenarios[0]!.tasks['Task_Qualify']!.duration).toMatchObject({ mode: 25 });
    undo();
    expect(await xmlNow()).toBe(original);
  });

  it('stores the default scenario in a file that had none, and undo takes it out again', async () => {
    const bare = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, '');
    expect(bare).not.toContain('lf:scenario');
    const { modeler, undo, xmlNow } = await fakeModeler(bare);
    const original = await xmlNow();
    expect(readLiveScenarios(modeler).scenarios).toEqual([]);
    const fallback = await loadDocument(bare);
    expect(fallback.scenarioSource).toBe('default');
    const set: ScenarioSet = { scenarios: fallback.scenarios, activeScenarioId: fallback.activeScenarioId };
    const result = editActive(set, (s: Scenario) => ({ ...s, replications: 10 }));
    if (!result.ok) throw new Error('valid edit refused');
    writeLiveScenarios(modeler, result.set);
    const xml = await xmlNow();
    expect(xml).toContain('<lf:scenarios active="default">');
    const reread = await parseBpmn(xml);
    expect(readScenarios(reread.definitions!).scenarios[0]).toMatchObject({ replications: 10, tasks: fallback.scenarios[0]!.tasks });
    undo();
    expect(await xmlNow()).toBe(original);
  });
});

describe('demand, shifts and case types in business terms', () => {
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

  it('turns "about 120 leads a day" into cases per hour, with the spread asked for', () => {
    expect(profileFromDemand({ perDay: 120, days: [...weekdays], from: '08:00', to: '18:00', shape: 'even' })).toEqual([{ days: [...weekdays], from: '08:00', to: '18:00', casesPerHour: 12 }]);
    // Most of them Monday morning: Monday counts double (200 of 600), half of each day in the first third (08-11).
    const peak = profileFromDemand({ perDay: 120, days: [...weekdays], from: '08:00', to: '17:00', shape: 'mondayMorning' });
    expect(peak).toEqual([
      { days: ['mon'], from: '08:00', to: '11:00', casesPerHour: 33.33 },
      { days: ['mon'], from: '11:00', to: '17:00', casesPerHour: 16.67 },
      { days: ['tue', 'wed', 'thu', 'fri'], from: '08:00', to: '11:00', casesPerHour: 16.67 },
      { days: ['tue', 'wed', 'thu', 'fri'], from: '11:00', to: '17:00', casesPerHour: 8.333 },
    ]);
    expect(casesPerWeek(peak)).toBeCloseTo(600, 0);
  });

  it('stores a weekly profile with a matching average gap, and removes it again', () => {
    const scenario = createDefaultScenario(graph);
    const startId = Object.keys(scenario.arrivals)[0]!;
    const set = { scenarios: [scenario], activeScenarioId: scenario.id };
    const withProfile = editActive(set, (s) => setArrivalProfile(s, startId, profileFromDemand({ perDay: 120, days: [...weekdays], from: '08:00', to: '18:00', shape: 'even' })));
    if (!withProfile.ok) throw new Error(JSON.stringify(withProfile.issues));
    const arrival = activeScenario(withProfile.set)!.arrivals[startId]!;
    expect(arrival.profile).toEqual({ timeZone: 'UTC', periods: [{ days: [...weekdays], from: '08:00', to: '18:00', casesPerHour: 12 }] });
    // 600 cases a week: one every 16.8 min on average.
    expect(arrival.interArrival).toEqual({ type: 'exponential', mean: 16.8, unit: 'min' });
    const without = editActive(withProfile.set, (s) => setArrivalProfile(s, startId, null));
    expect(without.ok && activeScenario(without.set)!.arrivals[startId]!.profile).toBeUndefined();
  });

  it('keeps the headcount at the peak of the shift plan (overlapping shifts add up)', () => {
    const scenario = createDefaultScenario(graph);
    const next = setShifts(scenario, 0, [
      { days: [...weekdays], from: '06:00', to: '14:00', headcount: 3 },
      { days: [...weekdays], from: '12:00', to: '20:00', headcount: 2 },
    ]) as Scenario;
    expect(next.pools[0]!.headcount).toBe(5);
    expect(next.pools[0]!.shifts!.periods).toHaveLength(2);
    expect((setShifts(next, 0, null) as Scenario).pools[0]!.shifts).toBeUndefined();
  });

  it('balances case-type shares so they keep adding up to 100%, and refuses what cannot', () => {
    const types = [
      { id: 'standard', name: 'Standard', share: 0.8, priority: 0 },
      { id: 'vip', name: 'VIP', share: 0.2, priority: 1 },
    ];
    expect(balanceShares(types, 1, 0.3).map((t) => t.share)).toEqual([0.7, 0.3]);
    expect(balanceShares(types, 0, 0.6).map((t) => t.share)).toEqual([0.6, 0.4]);
    const scenario = createDefaultScenario(graph);
    const set = { scenarios: [scenario], activeScenarioId: scenario.id };
    const refused = editActive(set, (s) => setCaseTypes(s, balanceShares(types, 1, 1.5)));
    expect(refused.ok).toBe(false);
    const ok = editActive(set, (s) => setCaseTypes(s, types));
    expect(ok.ok && activeScenario(ok.set)!.caseTypes).toEqual(types);
  });
});

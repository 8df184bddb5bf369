// The per-case-type forms and the people form without a DOM: each edit on the parsed sample, checked by the schema
// (editActive) and the cross-checks (checkActive) the view shows; then a simulation of the scenario the forms made,
// whose VIP segment differs as set.
import { LEAD_TO_QUOTE_SAMPLE, loadDocument, type ProcessGraph, type Scenario } from '@leanflow/model';
import { simulateSync } from '@leanflow/sim';
import { beforeAll, describe, expect, it } from 'vitest';
import { activeScenario, checkActive, editActive, issuesAt, setCaseTypes, type ScenarioSet } from './scenario-ops.ts';
import {
  addPerson,
  caseTypeOverrides,
  caseTypeSplitSum,
  normaliseCaseTypeSplit,
  overrideStartDuration,
  overrideStartSplit,
  peopleProblems,
  removePerson,
  removePool,
  setCaseTypeDuration,
  setCaseTypeProbability,
  setCaseTypeSplit,
  setCaseTypeTarget,
  setPersonPool,
  updatePerson,
} from './segment-ops.ts';

let graph: ProcessGraph;
/** The sample with Standard 80% / VIP 20% (priority 1), as "Add case type" makes them. */
let typed: ScenarioSet;
const FLOWS = ['Flow_No', 'Flow_Yes'];

function edit(set: ScenarioSet, change: Parameters<typeof editActive>[1]): ScenarioSet {
  const result = editActive(set, change);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.set;
}
const active = (set: ScenarioSet): Scenario => activeScenario(set)!;

beforeAll(async () => {
  const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
  graph = loaded.graph!;
  const sample = { scenarios: loaded.scenarios, activeScenarioId: loaded.activeScenarioId };
  typed = edit(sample, (s) => setCaseTypes(s, [{ id: 'standard', name: 'Standard', share: 0.8, priority: 0 }, { id: 'vip', name: 'VIP', share: 0.2, priority: 1 }]));
});

describe('a task duration per case type', () => {
  it('starts from the task’s own duration, changes only that type, and leaves no trace when set back', () => {
    const start = overrideStartDuration(active(typed), 'Task_PrepareQuote');
    expect(start).toEqual({ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' });
    // A task without a duration starts from the form's default estimate.
    expect(overrideStartDuration({ ...active(typed), tasks: {} }, 'Task_PrepareQuote')).toEqual({ type: 'triangular', min: 5, mode: 10, max: 20, unit: 'min' });

    const set = edit(typed, (s) => setCaseTypeDuration(s, 'vip', 'Task_PrepareQuote', { type: 'triangular', min: 5, mode: 10, max: 15, unit: 'min' }));
    const [standard, vip] = active(set).caseTypes!;
    expect(vip!.tasks).toEqual({ Task_PrepareQuote: { duration: { type: 'triangular', min: 5, mode: 10, max: 15, unit: 'min' } } });
    expect(standard!.tasks).toBeUndefined();
    expect(active(set).tasks['Task_PrepareQuote']!.duration).toEqual(start); // the task's own is untouched
    expect(active(typed).caseTypes![1]!.tasks).toBeUndefined(); // nothing mutated
    expect(caseTypeOverrides(vip!)).toEqual({ tasks: ['Task_PrepareQuote'], gateways: [] });

    const back = edit(set, (s) => setCaseTypeDuration(s, 'vip', 'Task_PrepareQuote', null));
    expect(active(back).caseTypes![1]).toEqual({ id: 'vip', name: 'VIP', share: 0.2, priority: 1 });
  });

  it('refuses an impossible duration with the schema’s message at the override’s path', () => {
    const result = editActive(typed, (s) => setCaseTypeDuration(s, 'vip', 'Task_PrepareQuote', { type: 'triangular', min: 20, mode: 10, max: 15, unit: 'min' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(issuesAt(result.issues, 'caseTypes.1.tasks.Task_PrepareQuote.duration').map((i) => i.message)).toEqual(['Use minimum <= most likely <= maximum.']);
  });

  it('reports an override of a task that left the diagram, at the case type', () => {
    const set = edit(typed, (s) => setCaseTypeDuration(s, 'vip', 'Task_Gone', { type: 'fixed', value: 5, unit: 'min' }));
    expect(issuesAt(checkActive(set, graph), 'caseTypes.1').map((i) => i.code)).toEqual(['caseType.unknownTask']);
  });
});

describe('a gateway split per case type', () => {
  it('starts from the gateway’s split, or equal shares adding up to exactly 1', () => {
    expect(overrideStartSplit(active(typed), 'Gateway_Qualified', FLOWS)).toEqual({ Flow_No: 0.3, Flow_Yes: 0.7 });
    const three = overrideStartSplit({ ...active(typed), gateways: {} }, 'G', ['a', 'b', 'c']);
    expect(three).toEqual({ a: 0.3333, b: 0.3333, c: 0.3334 });
    expect(Object.values(three).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
  });

  it('a branch at 90% makes the sum 120%: written, reported at the type, and "Make it 100%" gives 75/25', () => {
    const set = edit(typed, (s) => setCaseTypeProbability(s, 'vip', 'Gateway_Qualified', FLOWS, 'Flow_Yes', 0.9));
    const vip = active(set).caseTypes![1]!;
    expect(vip.gateways).toEqual({ Gateway_Qualified: { probabilities: { Flow_No: 0.3, Flow_Yes: 0.9 } } });
    expect(caseTypeSplitSum(vip, 'Gateway_Qualified', FLOWS)).toBeCloseTo(1.2, 12);
    const issues = checkActive(set, graph);
    expect(issuesAt(issues, 'caseTypes.1.gateways.Gateway_Qualified')).toMatchObject([
      { code: 'gateway.probabilities.sum', elementId: 'Gateway_Qualified', message: "Case type 'VIP': the branch probabilities of 'Qualified?' add up to 1.2; they must add up to 1." },
    ]);
    // The scenario's own split is still fine: no issue there.
    expect(issuesAt(issues, 'gateways.Gateway_Qualified')).toEqual([]);

    const fixed = edit(set, (s) => normaliseCaseTypeSplit(s, 'vip', 'Gateway_Qualified', FLOWS));
    expect(active(fixed).caseTypes![1]!.gateways!['Gateway_Qualified']!.probabilities).toEqual({ Flow_No: 0.25, Flow_Yes: 0.75 });
    expect(issuesAt(checkActive(fixed, graph), 'caseTypes')).toEqual([]);

    const back = edit(fixed, (s) => setCaseTypeSplit(s, 'vip', 'Gateway_Qualified', null));
    expect(active(back).caseTypes![1]!.gateways).toBeUndefined();
  });

  it('refuses a probability above 100%', () => {
    const result = editActive(typed, (s) => setCaseTypeProbability(s, 'vip', 'Gateway_Qualified', FLOWS, 'Flow_Yes', 1.5));
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'caseTypes.1.gateways.Gateway_Qualified.probabilities.Flow_Yes', message: 'A probability cannot be above 1.' }] });
  });
});

describe('targets per case type', () => {
  it('sets and removes a first-response and a resolution target', () => {
    let set = edit(typed, (s) => setCaseTypeTarget(s, 'vip', 'firstResponseSla', { value: 1, unit: 'h' }));
    set = edit(set, (s) => setCaseTypeTarget(s, 'vip', 'resolutionSla', { value: 4, unit: 'h' }));
    expect(active(set).caseTypes![1]!.targets).toEqual({ firstResponseSla: { value: 1, unit: 'h' }, resolutionSla: { value: 4, unit: 'h' } });
    set = edit(set, (s) => setCaseTypeTarget(s, 'vip', 'firstResponseSla', undefined));
    set = edit(set, (s) => setCaseTypeTarget(s, 'vip', 'resolutionSla', undefined));
    expect('targets' in active(set).caseTypes![1]!).toBe(false);
  });
});

describe('people in several pools', () => {
  it('adds, renames, joins and leaves pools, picks a calendar and removes a person', () => {
    let set = edit(typed, (s) => addPerson(s, 'Person 1', ['sales-representatives']));
    expect(active(set).people).toEqual([{ id: 'person-1', name: 'Person 1', count: 1, poolIds: ['sales-representatives'] }]);
    set = edit(set, (s) => updatePerson(s, 'person-1', { name: '  Ann ' }));
    set = edit(set, (s) => setPersonPool(s, 'person-1', 'sales-managers', true));
    set = edit(set, (s) => updatePerson(s, 'person-1', { calendarId: 'office-hours', count: 2 }));
    expect(active(set).people).toEqual([{ id: 'person-1', name: 'Ann', count: 2, poolIds: ['sales-representatives', 'sales-managers'], calendarId: 'office-hours' }]);
    set = edit(set, (s) => updatePerson(s, 'person-1', { calendarId: null }));
    expect(active(set).people![0]).not.toHaveProperty('calendarId');
    set = edit(set, (s) => setPersonPool(s, 'person-1', 'sales-representatives', false));
    expect(active(set).people![0]!.poolIds).toEqual(['sales-managers']);
    // A second person gets an id of their own.
    set = edit(set, (s) => addPerson(s, 'Bo', ['sales-assistants']));
    expect(active(set).people!.map((p) => p.id)).toEqual(['person-1', 'person-2']);
    set = edit(set, (s) => removePerson(s, 'person-1'));
    set = edit(set, (s) => removePerson(s, 'person-2'));
    expect('people' in active(set)).toBe(false);
  });

  it('refuses an empty name, a count of 0 and a person in no pool, each with the message at its field', () => {
    const set = edit(typed, (s) => addPerson(s, 'Ann', ['sales-representatives']));
    const refused = (change: Parameters<typeof editActive>[1]) => {
      const result = editActive(set, change);
      return result.ok ? [] : result.issues.map((i) => [i.path, i.message]);
    };
    expect(refused((s) => updatePerson(s, 'person-1', { name: ' ' }))).toEqual([['people.0.name', 'A person needs a name.']]);
    expect(refused((s) => updatePerson(s, 'person-1', { count: 0 }))).toEqual([['people.0.count', 'The count must be at least 1.']]);
    expect(refused((s) => setPersonPool(s, 'person-1', 'sales-representatives', false))).toEqual([['people.0.poolIds', 'Pick at least one pool this person works in.']]);
  });

  it('finds a person in a pool or on a calendar that does not exist', () => {
    const scenario = { ...active(typed), people: [{ id: 'p1', name: 'Ann', count: 1, poolIds: ['sales-managers', 'backoffice'], calendarId: 'night' }, { id: 'p2', name: 'Bo', count: 1, poolIds: [] }] };
    expect(peopleProblems(scenario)).toEqual([
      { index: 0, personId: 'p1', code: 'person.unknownPool', ref: 'backoffice' },
      { index: 0, personId: 'p1', code: 'person.unknownCalendar', ref: 'night' },
      { index: 1, personId: 'p2', code: 'person.noPool' },
    ]);
    // The model's cross-check agrees (the view says it in the studio's language).
    const stored = { ...scenario, people: scenario.people.slice(0, 1) };
    expect(checkActive({ scenarios: [stored], activeScenarioId: stored.id }, graph).filter((i) => i.path?.startsWith('people.')).map((i) => i.code)).toEqual(['scenario.unknownPool', 'scenario.unknownCalendar']);
  });

  it('removing a pool takes people out of it, unless it is the only pool someone works in', () => {
    let set = edit(typed, (s) => addPerson(s, 'Ann', ['sales-representatives', 'sales-managers']));
    set = edit(set, (s) => addPerson(s, 'Bo', ['sales-managers']));
    expect(removePool(active(set), 'sales-managers')).toEqual({ ok: false, onlyHere: ['Bo'] });
    const removed = removePool(active(set), 'sales-representatives');
    expect(removed.ok).toBe(true);
    if (!removed.ok) return;
    set = edit(set, () => removed.scenario);
    expect(active(set).pools.map((p) => p.id)).toEqual(['sales-assistants', 'sales-managers']);
    expect(active(set).people!.map((p) => p.poolIds)).toEqual([['sales-managers'], ['sales-managers']]);
  });
});

describe('what the forms set reaches the simulation', () => {
  it('a VIP with a faster quote, more qualified leads, a shared person: its segment differs as set', () => {
    const fixed = (minutes: number) => ({ type: 'fixed' as const, value: minutes, unit: 'min' as const });
    let set = edit(typed, (s) => ({ ...s, cases: 400, replications: 2 }));
    set = edit(set, (s) => setCaseTypeDuration(s, 'vip', 'Task_PrepareQuote', fixed(5)));
    set = edit(set, (s) => setCaseTypeProbability(s, 'vip', 'Gateway_Qualified', FLOWS, 'Flow_Yes', 1));
    set = edit(set, (s) => setCaseTypeProbability(s, 'vip', 'Gateway_Qualified', FLOWS, 'Flow_No', 0));
    set = edit(set, (s) => addPerson(s, 'Ann', ['sales-representatives', 'sales-managers']));
    expect(checkActive(set, graph).filter((i) => i.severity === 'error')).toEqual([]);
    const run = simulateSync(graph, active(set));
    if (!run.ok) throw new Error('the sample with case types should simulate');
    const [standard, vip] = run.segments;
    expect(vip!.id).toBe('vip');
    // Every VIP lead qualifies and its quote takes 5 min: processing 10 s + 11.67 (check) + 18.33 (qualify) + 5 +
    // 15 (approve) + 6 (send) = 56.3 min, against 68.8 min for a standard lead (30% rejected, quote 31.7 min).
    expect(vip!.cases).toBeGreaterThan(60);
    expect(Math.abs(vip!.kpis.processingTime.mean / 60 - 56.33) / 56.33).toBeLessThan(0.05);
    expect(Math.abs(standard!.kpis.processingTime.mean / 60 - 68.83) / 68.83).toBeLessThan(0.05);
    expect(vip!.kpis.cycleTime.mean).toBeLessThan(standard!.kpis.cycleTime.mean);
    expect(run.people).toMatchObject([{ id: 'person-1', name: 'Ann', poolIds: ['sales-representatives', 'sales-managers'] }]);
    expect(run.people[0]!.utilisation).toBeGreaterThan(0);

    // Without the overrides (same priority and person) the VIP's processing is longer: the forms' values are used.
    const plain = edit(set, (s) => setCaseTypeSplit(setCaseTypeDuration(s, 'vip', 'Task_PrepareQuote', null) as Scenario, 'vip', 'Gateway_Qualified', null));
    const without = simulateSync(graph, active(plain));
    if (!without.ok) throw new Error('should simulate');
    expect(vip!.kpis.processingTime.mean).toBeLessThan(without.segments[1]!.kpis.processingTime.mean);
  });
});

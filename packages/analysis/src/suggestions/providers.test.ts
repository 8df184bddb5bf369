import { describe, expect, it } from 'vitest';
import { parseBpmn, readScenarios, type ScenarioInput } from '@leanflow/model';
import { BUILT_IN_SUGGESTION_PROVIDERS, checkSoundness, suggestSimplifications, type OfferedSuggestion, type SuggestionKind } from '@leanflow/analysis';
import { buildBpmn, overlapping, type TestModel } from './testing.ts';

const tri = (min: number, mode: number, max: number) => ({ type: 'triangular' as const, min, mode, max, unit: 'min' as const });
const fixed = (value: number) => ({ type: 'fixed' as const, value, unit: 'min' as const });
const scenario = (extra: Partial<ScenarioInput> = {}): ScenarioInput => ({
  id: 's',
  name: 'Test',
  cases: 200,
  replications: 3,
  seed: 3,
  pools: [{ id: 'staff', name: 'Staff', headcount: 3, costPerHour: 50 }],
  arrivals: { S: { interArrival: { type: 'exponential', mean: 30, unit: 'min' } } },
  ...extra,
});
const line = (...ids: string[]) => ids.slice(1).map((id, i) => [ids[i]!, id] as const);
const S = { id: 'S', type: 'startEvent' };
const E = { id: 'E', type: 'endEvent' };
const task = (id: string, name = id, lane?: string) => ({ id, type: 'userTask', name, ...(lane ? { lane } : {}) });

async function offered(model: TestModel, kind: SuggestionKind): Promise<{ xml: string; found: OfferedSuggestion[]; withheld: number }> {
  const xml = await buildBpmn(model);
  const provider = BUILT_IN_SUGGESTION_PROVIDERS.find((p) => p.id === kind)!;
  const result = await suggestSimplifications(xml, { providers: [provider], predict: false, cases: 200, replications: 2 });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return { xml, found: result.suggestions.filter((s) => s.suggestion.kind === kind), withheld: result.withheld.length };
}

/** The transformed file parses without errors, is sound and has a shape for every flow node and an edge for every flow. */
async function expectSound(entry: OfferedSuggestion) {
  expect(entry.xml).toBeDefined();
  const parsed = await parseBpmn(entry.xml!);
  expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(await checkSoundness(entry.xml!)).toEqual([]);
  for (const n of parsed.graph!.nodes) expect(entry.xml!).toContain(`bpmnElement="${n.id}"`);
  for (const f of parsed.graph!.flows) expect(entry.xml!).toContain(`bpmnElement="${f.id}"`);
  expect(await overlapping(entry.xml!)).toEqual([]);
  return parsed;
}

describe('removeNonValueAdding', () => {
  const model = (valueClass: 'nonValueAdding' | 'valueAdding'): TestModel => ({
    nodes: [S, task('A'), task('B'), E],
    flows: line('S', 'A', 'B', 'E'),
    scenario: scenario({ tasks: { A: { duration: tri(5, 10, 15) }, B: { duration: tri(5, 10, 15), valueClass } } }),
  });
  it('offers removing a non-value-adding task; the result is sound', async () => {
    const { found } = await offered(model('nonValueAdding'), 'removeNonValueAdding');
    expect(found.map((f) => f.suggestion.id)).toEqual(['removeNonValueAdding:B']);
    const parsed = await expectSound(found[0]!);
    expect(parsed.graph!.nodes.map((n) => n.id)).toEqual(['S', 'A', 'E']);
    expect(readScenarios(parsed.definitions!).scenarios[0]!.tasks['B']).toBeUndefined();
  });
  it('is not offered when every task adds value', async () => {
    expect((await offered(model('valueAdding'), 'removeNonValueAdding')).found).toEqual([]);
  });
});

describe('collapseApprovalChain', () => {
  it('collapses two approvals in a row into one', async () => {
    const { found } = await offered({ nodes: [S, task('P', 'Prepare offer'), task('A1', 'Approve by manager'), task('A2', 'Approve by director'), E], flows: line('S', 'P', 'A1', 'A2', 'E') }, 'collapseApprovalChain');
    expect(found.map((f) => f.suggestion.id)).toEqual(['collapseApprovalChain:A1+A2']);
    const parsed = await expectSound(found[0]!);
    expect(parsed.graph!.nodes.map((n) => n.id)).toEqual(['S', 'P', 'A1', 'E']);
  });
  it('is not offered when each approval has its own decision in between', async () => {
    const { found } = await offered(
      {
        nodes: [S, task('A1', 'Approve by manager'), { id: 'G1', type: 'exclusiveGateway' }, task('A2', 'Approve by director'), { id: 'G2', type: 'exclusiveGateway' }, E, { id: 'R1', type: 'endEvent' }, { id: 'R2', type: 'endEvent' }],
        flows: [['S', 'A1'], ['A1', 'G1'], ['G1', 'A2'], ['G1', 'R1'], ['A2', 'G2'], ['G2', 'E'], ['G2', 'R2']],
      },
      'collapseApprovalChain',
    );
    expect(found).toEqual([]);
  });
  it('is not offered for a single approval', async () => {
    expect((await offered({ nodes: [S, task('P', 'Prepare offer'), task('A1', 'Approve by manager'), task('X', 'Ship'), E], flows: line('S', 'P', 'A1', 'X', 'E') }, 'collapseApprovalChain')).found).toEqual([]);
  });
});

describe('autoApproveBelowThreshold', () => {
  const model = (name: string): TestModel => ({
    nodes: [S, task('P', 'Prepare offer'), task('A', name), task('X', 'Ship'), E],
    flows: line('S', 'P', 'A', 'X', 'E'),
    scenario: scenario({ tasks: { A: { duration: tri(5, 10, 20) } } }),
  });
  it('lets half the cases bypass a single approval through an XOR split and join', async () => {
    const { found } = await offered(model('Approve offer'), 'autoApproveBelowThreshold');
    expect(found.map((f) => f.suggestion.id)).toEqual(['autoApproveBelowThreshold:A']);
    const parsed = await expectSound(found[0]!);
    const g = parsed.graph!;
    const split = 'Gateway_AutoApprove_A';
    const join = 'Gateway_AutoApproveJoin_A';
    expect(g.flows.find((f) => f.sourceId === 'P')!.targetId).toBe(split);
    expect(g.flows.filter((f) => f.sourceId === split).map((f) => f.targetId).sort()).toEqual(['A', join]);
    expect(g.flows.find((f) => f.sourceId === join)!.targetId).toBe('X');
    expect(readScenarios(parsed.definitions!).scenarios[0]!.gateways[split]!.probabilities).toEqual({ [`${split}_A`]: 0.5, [`${split}_bypass`]: 0.5 });
  });
  it('is not offered for work that is not an approval', async () => {
    expect((await offered(model('Write offer'), 'autoApproveBelowThreshold')).found).toEqual([]);
  });
});

describe('mergeSameRoleTasks', () => {
  const lanes = ['Office', 'Field'];
  it('merges consecutive tasks of one lane; durations add up', async () => {
    const { found } = await offered(
      {
        lanes,
        nodes: [{ ...S, lane: 'Office' }, task('A', 'Enter order', 'Office'), task('B', 'Print order', 'Office'), task('C', 'Deliver', 'Field'), { ...E, lane: 'Field' }],
        flows: line('S', 'A', 'B', 'C', 'E'),
        scenario: scenario({
          pools: [{ id: 'office', name: 'Office', headcount: 2, costPerHour: 40, laneIds: ['Office'] }, { id: 'field', name: 'Field', headcount: 2, costPerHour: 40, laneIds: ['Field'] }],
          tasks: { A: { duration: tri(2, 4, 6) }, B: { duration: tri(1, 2, 3) } },
        }),
      },
      'mergeSameRoleTasks',
    );
    expect(found.map((f) => f.suggestion.id)).toEqual(['mergeSameRoleTasks:A+B']);
    const parsed = await expectSound(found[0]!);
    expect(parsed.graph!.nodes.find((n) => n.id === 'A')!.name).toBe('Enter order and Print order');
    expect(readScenarios(parsed.definitions!).scenarios[0]!.tasks['A']!.duration).toEqual(tri(3, 6, 9));
  });
  it('is not offered when the role changes at every step', async () => {
    const { found } = await offered(
      { lanes, nodes: [{ ...S, lane: 'Office' }, task('A', 'Enter', 'Office'), task('C', 'Deliver', 'Field'), task('B', 'Invoice', 'Office'), { ...E, lane: 'Office' }], flows: line('S', 'A', 'C', 'B', 'E') },
      'mergeSameRoleTasks',
    );
    expect(found).toEqual([]);
  });
});

describe('parallelise', () => {
  const model = (dependent: boolean): TestModel => ({
    lanes: ['Office', 'Field'],
    nodes: [{ ...S, lane: 'Office' }, task('A', 'Check credit', 'Office'), task('C', 'Inspect site', 'Field'), task('D', 'Decide', 'Office'), { ...E, lane: 'Office' }],
    flows: line('S', 'A', 'C', 'D', 'E'),
    ...(dependent ? { data: { objects: ['Report'], writes: [['A', 'Report']], reads: [['C', 'Report']] } } : {}),
  });
  it('puts two independent tasks of different roles side by side (AND split and join)', async () => {
    const { found } = await offered(model(false), 'parallelise');
    expect(found.map((f) => f.suggestion.id)).toContain('parallelise:A+C');
    const parsed = await expectSound(found.find((f) => f.suggestion.id === 'parallelise:A+C')!);
    const g = parsed.graph!;
    expect(g.nodes.find((n) => n.id === 'Gateway_Split_A')!.kind).toBe('parallelGateway');
    expect(g.flows.filter((f) => f.sourceId === 'Gateway_Split_A').map((f) => f.targetId).sort()).toEqual(['A', 'C']);
    expect(g.flows.filter((f) => f.targetId === 'Gateway_Join_A').map((f) => f.sourceId).sort()).toEqual(['A', 'C']);
    expect(g.flows.find((f) => f.sourceId === 'Gateway_Join_A')!.targetId).toBe('D');
  });
  it('is not offered when the second task reads what the first writes', async () => {
    const { found } = await offered(model(true), 'parallelise');
    expect(found.map((f) => f.suggestion.id)).not.toContain('parallelise:A+C');
  });
});

describe('reorderKnockOuts', () => {
  const model = (effortA: number, effortB: number): TestModel => ({
    nodes: [S, task('A', 'Check credit'), { id: 'GA', type: 'exclusiveGateway' }, task('B', 'Check stock'), { id: 'GB', type: 'exclusiveGateway' }, task('W', 'Ship'), E, { id: 'EA', type: 'endEvent' }, { id: 'EB', type: 'endEvent' }],
    flows: [['S', 'A'], ['A', 'GA'], ['GA', 'B', 'PassA'], ['GA', 'EA', 'RejA'], ['B', 'GB'], ['GB', 'W', 'PassB'], ['GB', 'EB', 'RejB'], ['W', 'E']],
    scenario: scenario({
      tasks: { A: { duration: fixed(effortA) }, B: { duration: fixed(effortB) }, W: { duration: fixed(5) } },
      gateways: { GA: { probabilities: { PassA: 0.9, RejA: 0.1 } }, GB: { probabilities: { PassB: 0.5, RejB: 0.5 } } },
    }),
  });
  it('moves the cheaper knock-out (per rejection) first', async () => {
    const { found } = await offered(model(30, 5), 'reorderKnockOuts');
    expect(found.map((f) => f.suggestion.id)).toEqual(['reorderKnockOuts:B+A']);
    const g = (await expectSound(found[0]!)).graph!;
    const target = (id: string) => g.flows.find((f) => f.id === id)!.targetId;
    expect(g.flows.find((f) => f.sourceId === 'S')!.targetId).toBe('B');
    expect(target('PassB')).toBe('A');
    expect(target('PassA')).toBe('W');
    expect(target('RejB')).toBe('EB');
  });
  it('is not offered when the order is already the cheap one', async () => {
    expect((await offered(model(5, 30), 'reorderKnockOuts')).found).toEqual([]);
  });
});

describe('moveAfterDecision', () => {
  const model = (bothRead: boolean): TestModel => ({
    nodes: [S, task('P', 'Prepare contract'), task('D', 'Assess'), { id: 'G', type: 'exclusiveGateway' }, task('U', 'Sign contract'), task('N', 'Send regrets'), E, { id: 'E2', type: 'endEvent' }],
    flows: [['S', 'P'], ['P', 'D'], ['D', 'G'], ['G', 'U', 'Yes'], ['G', 'N', 'No'], ['U', 'E'], ['N', 'E2']],
    data: { objects: ['Contract'], writes: [['P', 'Contract']], reads: bothRead ? [['U', 'Contract'], ['N', 'Contract']] : [['U', 'Contract']] },
  });
  it('moves a task only one branch uses behind the decision', async () => {
    const { found } = await offered(model(false), 'moveAfterDecision');
    expect(found.map((f) => f.suggestion.id)).toEqual(['moveAfterDecision:P+G']);
    const g = (await expectSound(found[0]!)).graph!;
    expect(g.flows.find((f) => f.sourceId === 'S')!.targetId).toBe('D');
    expect(g.flows.find((f) => f.id === 'Yes')!.targetId).toBe('P');
    expect(g.flows.find((f) => f.sourceId === 'P')!.targetId).toBe('U');
  });
  it('is not offered when every branch needs it', async () => {
    expect((await offered(model(true), 'moveAfterDecision')).found).toEqual([]);
  });
});

describe('earlyResponse', () => {
  it('inserts a personal substantive contact when two manual steps come first', async () => {
    const { found } = await offered(
      { nodes: [S, task('A', 'Research'), task('B', 'Prepare'), { id: 'R', type: 'sendTask', name: 'Send answer' }, E], flows: line('S', 'A', 'B', 'R', 'E'), scenario: scenario({ tasks: { R: { substantiveResponse: true } } }) },
      'earlyResponse',
    );
    expect(found.map((f) => f.suggestion.id)).toEqual(['earlyResponse:S']);
    const parsed = await expectSound(found[0]!);
    expect(parsed.graph!.flows.find((f) => f.sourceId === 'S')!.targetId).toBe('Task_EarlyResponse');
    expect(readScenarios(parsed.definitions!).scenarios[0]!.tasks['Task_EarlyResponse']!.substantiveResponse).toBe(true);
  });
  it('is not offered when the answer already comes first', async () => {
    const { found } = await offered(
      { nodes: [S, { id: 'R', type: 'sendTask', name: 'Send answer' }, task('A', 'Research'), task('B', 'File'), E], flows: line('S', 'R', 'A', 'B', 'E'), scenario: scenario({ tasks: { R: { substantiveResponse: true } } }) },
      'earlyResponse',
    );
    expect(found).toEqual([]);
  });
});

describe('checkEarlier', () => {
  const model = (p: number): TestModel => ({
    nodes: [S, task('Do', 'Fill in form'), task('C', 'Review form'), { id: 'G', type: 'exclusiveGateway' }, E],
    flows: [['S', 'Do'], ['Do', 'C'], ['C', 'G'], ['G', 'E', 'Ok'], ['G', 'Do', 'Redo']],
    scenario: scenario({ gateways: { G: { probabilities: { Ok: 1 - p, Redo: p } } } }),
  });
  it('advises checking earlier for a loop that returns 40% of the time', async () => {
    const { found } = await offered(model(0.4), 'checkEarlier');
    expect(found).toHaveLength(1);
    expect(found[0]!.suggestion.adviceOnly).toBe(true);
    expect(found[0]!.suggestion.title).toMatch(/40%/);
  });
  it('is not offered for a rare return (10%)', async () => {
    expect((await offered(model(0.1), 'checkEarlier')).found).toEqual([]);
  });
});

describe('automateTask', () => {
  const model = (name: string, minutes: number): TestModel => ({ nodes: [S, task('A', name), task('B', 'Advise customer'), E], flows: line('S', 'A', 'B', 'E'), scenario: scenario({ tasks: { A: { duration: fixed(minutes) }, B: { duration: fixed(20) } } }) });
  it('automates a short rule-based task: service task, no resource, fixed cost', async () => {
    const { found } = await offered(model('Register order', 3), 'automateTask');
    expect(found.map((f) => f.suggestion.id)).toEqual(['automateTask:A']);
    const parsed = await expectSound(found[0]!);
    expect(parsed.graph!.nodes.find((n) => n.id === 'A')!.kind).toBe('serviceTask');
    const params = readScenarios(parsed.definitions!).scenarios[0]!.tasks['A']!;
    expect(params).toMatchObject({ automated: true, fixedCost: 0.1, duration: { type: 'fixed', value: 30, unit: 's' } });
    expect(params.poolId).toBeUndefined();
  });
  it('is not offered for long or judgement work', async () => {
    expect((await offered(model('Register order', 45), 'automateTask')).found).toEqual([]);
    expect((await offered(model('Negotiate terms', 3), 'automateTask')).found).toEqual([]);
  });
});

describe('resizePool', () => {
  // One person, a case every 10 min (exponential), 9 min of work: utilisation about 0.9.
  const model = (minutes: number, headcount: number): TestModel => ({
    nodes: [S, task('A', 'Handle'), E],
    flows: line('S', 'A', 'E'),
    scenario: scenario({ pools: [{ id: 'staff', name: 'Staff', headcount, costPerHour: 50 }], arrivals: { S: { interArrival: { type: 'exponential', mean: 10, unit: 'min' } } }, tasks: { A: { duration: fixed(minutes), poolId: 'staff' } } }),
  });
  it('adds a person above 85% utilisation', async () => {
    const { found } = await offered(model(9, 1), 'resizePool');
    expect(found.map((f) => f.suggestion.id)).toEqual(['resizePool:staff']);
    await expectSound(found[0]!);
    expect(readScenarios((await parseBpmn(found[0]!.xml!)).definitions!).scenarios[0]!.pools[0]!.headcount).toBe(2);
  });
  it('takes a person away below 60% when the rest stay below 85%', async () => {
    const { found } = await offered(model(4, 3), 'resizePool'); // u about 0.13
    expect(readScenarios((await parseBpmn(found[0]!.xml!)).definitions!).scenarios[0]!.pools[0]!.headcount).toBe(2);
  });
  it('never takes the last person from a pool with tasks, however idle (1 person, about 10%)', async () => {
    expect((await offered(model(1, 1), 'resizePool')).found).toEqual([]);
  });
  it('is not offered inside the band (about 70%)', async () => {
    expect((await offered(model(7, 1), 'resizePool')).found).toEqual([]);
  });
});

describe('structural fixes', () => {
  it('removes a gateway with one flow in and one out', async () => {
    const { found } = await offered({ nodes: [S, { id: 'G', type: 'exclusiveGateway' }, task('A'), E], flows: line('S', 'G', 'A', 'E') }, 'removeSuperfluousGateway');
    expect(found.map((f) => f.suggestion.id)).toEqual(['removeSuperfluousGateway:G']);
    expect((await expectSound(found[0]!)).graph!.nodes.map((n) => n.id)).toEqual(['S', 'A', 'E']);
    expect((await offered({ nodes: [S, task('A'), E], flows: line('S', 'A', 'E') }, 'removeSuperfluousGateway')).found).toEqual([]);
  });

  const mixed = (separate: boolean): TestModel => ({
    nodes: [S, { id: 'X', type: 'exclusiveGateway' }, task('A'), task('B'), { id: 'M', type: 'exclusiveGateway' }, ...(separate ? [{ id: 'M2', type: 'exclusiveGateway' }] : []), task('C'), task('D'), { id: 'J', type: 'exclusiveGateway' }, E],
    flows: [['S', 'X'], ['X', 'A'], ['X', 'B'], ['A', 'M'], ['B', 'M'], ...(separate ? ([['M', 'M2'], ['M2', 'C'], ['M2', 'D']] as const) : ([['M', 'C'], ['M', 'D']] as const)), ['C', 'J'], ['D', 'J'], ['J', 'E']],
  });
  it('splits a gateway that both joins and splits', async () => {
    const { found } = await offered(mixed(false), 'splitMixedGateway');
    expect(found.map((f) => f.suggestion.id)).toEqual(['splitMixedGateway:M']);
    const g = (await expectSound(found[0]!)).graph!;
    expect(g.flows.filter((f) => f.sourceId === 'M').map((f) => f.targetId)).toEqual(['M_split']);
    expect(g.flows.filter((f) => f.sourceId === 'M_split').map((f) => f.targetId).sort()).toEqual(['C', 'D']);
    expect((await offered(mixed(true), 'splitMixedGateway')).found).toEqual([]);
  });

  const deadlock = (joinType: string): TestModel => ({
    nodes: [S, { id: 'X', type: 'exclusiveGateway' }, task('A'), task('B'), { id: 'J', type: joinType }, E],
    flows: [['S', 'X'], ['X', 'A'], ['X', 'B'], ['A', 'J'], ['B', 'J'], ['J', 'E']],
  });
  it('turns an AND join closing an XOR split into an XOR join (the original is not sound, the result is)', async () => {
    const { xml, found } = await offered(deadlock('parallelGateway'), 'fixDeadlockJoin');
    expect((await checkSoundness(xml)).map((i) => i.code)).toContain('sound.deadlock');
    expect(found.map((f) => f.suggestion.id)).toEqual(['fixDeadlockJoin:J']);
    expect((await expectSound(found[0]!)).graph!.nodes.find((n) => n.id === 'J')!.kind).toBe('exclusiveGateway');
    expect((await offered(deadlock('exclusiveGateway'), 'fixDeadlockJoin')).found).toEqual([]);
  });
});

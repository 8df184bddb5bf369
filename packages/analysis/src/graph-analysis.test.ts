import { describe, expect, it } from 'vitest';
import {
  DEFAULT_APPROVAL_EXCLUDE_PATTERN,
  DEFAULT_APPROVAL_PATTERN,
  analyseGraph,
  computeVisitCounts,
  controlFlowComplexity,
  createGraphIndex,
  findApprovalChains,
  findBackEdges,
  findHandOffs,
  findImplicitSplits,
  findKnockOuts,
  findMixedGateways,
  findReworkLoops,
  findUnreachable,
  matchSplitsAndJoins,
  typicalPath,
} from './index.ts';
import { and, buildGraph, chain, end, or, scenarioOf, start, task, xor } from './testing/build-graph.ts';

/** S -> A -> X -(p back)-> A, X -> E */
function reworkModel() {
  return buildGraph([start('S'), task('A'), xor('X'), end('E')], [...chain('S', 'A', 'X', 'E'), 'X>A']);
}

describe('visit counts', () => {
  it('counts a rework loop with return probability p as 1/(1-p) executions', () => {
    const graph = reworkModel();
    const scenario = scenarioOf({ gateways: { X: { probabilities: { 'X>A': 0.2, 'X>E': 0.8 } } } });
    const { visits, unboundedLoopNodeIds } = computeVisitCounts(graph, scenario);
    expect(visits.get('A')).toBeCloseTo(1.25, 12);
    expect(visits.get('X')).toBeCloseTo(1.25, 12);
    expect(visits.get('E')).toBeCloseTo(1, 12);
    expect(unboundedLoopNodeIds).toEqual([]);
  });

  it('solves nested loops exactly (two loop-backs into the same task)', () => {
    // a = 1 + 0.5 a + 0.5 b, b = 0.5 a  =>  a = 4, b = 2
    const graph = buildGraph([start('S'), task('A'), xor('X1'), task('B'), xor('X2'), end('E')], [...chain('S', 'A', 'X1', 'B', 'X2', 'E'), 'X1>A', 'X2>A']);
    const { visits } = computeVisitCounts(graph);
    expect(visits.get('A')).toBeCloseTo(4, 10);
    expect(visits.get('B')).toBeCloseTo(2, 10);
    expect(visits.get('E')).toBeCloseTo(1, 10);
  });

  it('splits XOR flows equally without a scenario and fills the rest of partial probabilities equally', () => {
    const graph = buildGraph(
      [start('S'), xor('X'), task('A'), task('B'), task('C'), end('E')],
      ['S>X', 'X>A', 'X>B', 'X>C', 'A>E', 'B>E', 'C>E'],
    );
    const equal = computeVisitCounts(graph).visits;
    expect(equal.get('A')).toBeCloseTo(1 / 3, 12);
    expect(equal.get('E')).toBeCloseTo(1, 12);
    const partial = computeVisitCounts(graph, scenarioOf({ gateways: { X: { probabilities: { 'X>A': 0.7 } } } })).visits;
    expect(partial.get('A')).toBeCloseTo(0.7, 12);
    expect(partial.get('B')).toBeCloseTo(0.15, 12);
    expect(partial.get('C')).toBeCloseTo(0.15, 12);
  });

  it('runs both branches of an AND split and fires the AND join once', () => {
    const graph = buildGraph([start('S'), and('P'), task('A'), task('B'), and('J'), task('C'), end('E')], ['S>P', 'P>A', 'P>B', 'A>J', 'B>J', ...chain('J', 'C', 'E')]);
    const { visits } = computeVisitCounts(graph);
    expect(visits.get('A')).toBe(1);
    expect(visits.get('B')).toBe(1);
    expect(visits.get('J')).toBe(1);
    expect(visits.get('C')).toBe(1);
  });

  it('fires an OR join once per case that ran at least one branch', () => {
    // Branches taken independently with 0.5 and 0.4: the join fires 1 - 0.5 * 0.6 = 0.7 times per split visit.
    const graph = buildGraph([start('S'), or('O'), task('A'), task('B'), or('J'), task('C'), end('E')], ['S>O', 'O>A', 'O>B', 'A>J', 'B>J', ...chain('J', 'C', 'E')]);
    const scenario = scenarioOf({ gateways: { O: { probabilities: { 'O>A': 0.5, 'O>B': 0.4 } } } });
    const { visits } = computeVisitCounts(graph, scenario);
    expect(visits.get('A')).toBeCloseTo(0.5, 12);
    expect(visits.get('J')).toBeCloseTo(0.7, 12);
    expect(visits.get('C')).toBeCloseTo(0.7, 12);
    // On the typical path both likely branches run (p >= 0.5 each) and the join still fires once.
    const both = scenarioOf({ gateways: { O: { probabilities: { 'O>A': 0.9, 'O>B': 0.6 } } } });
    expect(typicalPath(graph, both).visits.get('C')).toBeCloseTo(1, 12);
    expect(typicalPath(graph, both).manualSteps).toBeCloseTo(3, 12);
  });

  it('flags a loop a case can never leave instead of returning infinity', () => {
    const graph = buildGraph([start('S'), task('A'), task('B')], ['S>A', 'A>B', 'B>A']);
    const result = computeVisitCounts(graph);
    expect([...result.unboundedLoopNodeIds].sort()).toEqual(['A', 'B']);
    expect(Number.isFinite(result.visits.get('A'))).toBe(true);
  });

  it('enters sub-processes through their start event and counts boundary paths as exceptional (0)', () => {
    const graph = buildGraph(
      [start('S'), { id: 'Sub', kind: 'subProcess', name: 'Sub' }, start('SS', { parent: 'Sub' }), task('In', { parent: 'Sub' }), end('SE', { parent: 'Sub' }), { id: 'Timer', kind: 'boundaryEvent', attachedTo: 'Sub' }, task('Escalate'), end('E'), end('E2')],
      ['S>Sub', 'Sub>E', ...chain('SS', 'In', 'SE'), 'Timer>Escalate', 'Escalate>E2'],
    );
    const { visits } = computeVisitCounts(graph);
    expect(visits.get('In')).toBe(1);
    expect(visits.get('E')).toBe(1);
    expect(visits.get('Escalate')).toBe(0);
    expect(findUnreachable(graph)).toEqual([]);
  });
});

describe('typical path', () => {
  it('follows the most likely branch and counts only manual steps', () => {
    const graph = buildGraph(
      [start('S'), { id: 'Auto', kind: 'serviceTask', name: 'Auto' }, task('Check'), xor('X'), task('Rare'), task('Usual'), task('Flagged'), end('E')],
      [...chain('S', 'Auto', 'Check', 'X'), 'X>Rare', 'X>Usual', 'Rare>E', ...chain('Usual', 'Flagged', 'E')],
    );
    const scenario = scenarioOf({ gateways: { X: { probabilities: { 'X>Rare': 0.3, 'X>Usual': 0.7 } } }, tasks: { Flagged: { automated: true } } });
    const path = typicalPath(graph, scenario);
    expect(path.nodeIds).toEqual(['S', 'Auto', 'Check', 'X', 'Usual', 'Flagged', 'E']);
    expect(path.manualStepIds).toEqual(['Check', 'Usual']);
    expect(path.manualSteps).toBe(2);
    expect(path.assumedProbabilities).toBe(false);
  });

  it('counts the steps of a rework loop by expected visits', () => {
    const graph = reworkModel();
    const path = typicalPath(graph, scenarioOf({ gateways: { X: { probabilities: { 'X>A': 0.2, 'X>E': 0.8 } } } }));
    expect(path.manualSteps).toBeCloseTo(1.25, 12);
    // With no probabilities the loop-back is assumed 50%: the task runs twice on average.
    expect(typicalPath(graph).manualSteps).toBeCloseTo(2, 12);
    expect(typicalPath(graph).assumedProbabilities).toBe(true);
  });

  it('on an equal split prefers the main route over an early exit', () => {
    const graph = buildGraph([start('S'), xor('X'), end('Out'), task('A'), task('B'), end('E')], ['S>X', 'X>Out', ...chain('X', 'A', 'B', 'E')]);
    expect(typicalPath(graph).manualSteps).toBe(2);
  });

  it('is empty for an empty process', () => {
    const path = typicalPath(buildGraph([], []));
    expect(path.nodeIds).toEqual([]);
    expect(path.manualSteps).toBe(0);
  });
});

describe('hand-offs', () => {
  it('weights cross-lane flows by the probability a case takes them', () => {
    // Sales: S -> A -> X; 30% to Manager's B, which hands back to Sales' E; 70% straight to Sales' C.
    const graph = buildGraph(
      [start('S', { lane: 'Sales' }), task('A', { lane: 'Sales' }), xor('X', { lane: 'Sales' }), task('B', { lane: 'Manager' }), task('C', { lane: 'Sales' }), end('E', { lane: 'Sales' })],
      [...chain('S', 'A', 'X'), 'X>B', 'X>C', 'B>E', 'C>E'],
    );
    const scenario = scenarioOf({ gateways: { X: { probabilities: { 'X>B': 0.3, 'X>C': 0.7 } } } });
    const index = createGraphIndex(graph, scenario);
    const handOffs = findHandOffs(graph, computeVisitCounts(graph, scenario, index).visits, index);
    expect(handOffs.map((h) => h.flowId).sort()).toEqual(['B>E', 'X>B']);
    expect(handOffs.reduce((s, h) => s + h.expectedPerCase, 0)).toBeCloseTo(0.6, 12);
  });
});

describe('splits and joins', () => {
  const match = (graph: ReturnType<typeof buildGraph>) => {
    const index = createGraphIndex(graph);
    return matchSplitsAndJoins(graph, index, findBackEdges(graph, index));
  };

  it('finds a structural deadlock: XOR split closed by an AND join', () => {
    const graph = buildGraph([start('S'), xor('X'), task('A'), task('B'), and('J'), end('E')], ['S>X', 'X>A', 'X>B', 'A>J', 'B>J', 'J>E']);
    expect(match(graph)).toEqual([{ splitId: 'X', splitSemantics: 'exclusive', joinId: 'J', joinSemantics: 'parallel', problem: 'deadlock' }]);
  });

  it('finds lack of synchronisation: AND split closed by an XOR merge (also an activity with two incoming flows)', () => {
    const gateway = buildGraph([start('S'), and('P'), task('A'), task('B'), xor('J'), end('E')], ['S>P', 'P>A', 'P>B', 'A>J', 'B>J', 'J>E']);
    expect(match(gateway)[0]).toMatchObject({ splitId: 'P', joinId: 'J', problem: 'lackOfSynchronisation' });
    const activity = buildGraph([start('S'), and('P'), task('A'), task('B'), task('C'), end('E')], ['S>P', 'P>A', 'P>B', 'A>C', 'B>C', 'C>E']);
    expect(match(activity)[0]).toMatchObject({ splitId: 'P', joinId: 'C', joinSemantics: 'exclusive', problem: 'lackOfSynchronisation' });
  });

  it('does not flag parallel branches that meet only at an end event', () => {
    const graph = buildGraph([start('S'), and('P'), task('A'), task('B'), end('E')], ['S>P', 'P>A', 'P>B', 'A>E', 'B>E']);
    expect(match(graph)).toEqual([{ splitId: 'P', splitSemantics: 'parallel', joinId: 'E', joinSemantics: 'exclusive' }]);
  });

  it('matches nested structured blocks with their own joins', () => {
    const graph = buildGraph(
      [start('S'), and('P'), xor('X'), task('A'), task('B'), xor('XJ'), task('C'), and('PJ'), end('E')],
      ['S>P', 'P>X', 'P>C', 'X>A', 'X>B', 'A>XJ', 'B>XJ', 'XJ>PJ', 'C>PJ', 'PJ>E'],
    );
    const byId = new Map(match(graph).map((m) => [m.splitId, m] as const));
    expect(byId.get('P')).toEqual({ splitId: 'P', splitSemantics: 'parallel', joinId: 'PJ', joinSemantics: 'parallel' });
    expect(byId.get('X')).toEqual({ splitId: 'X', splitSemantics: 'exclusive', joinId: 'XJ', joinSemantics: 'exclusive' });
  });

  it('reports splits whose branches never meet, mixed gateways and implicit splits', () => {
    const graph = buildGraph(
      [start('S'), task('A'), task('B'), task('C'), xor('M'), end('E1'), end('E2'), end('E3')],
      ['S>A', 'A>B', 'A>C', 'B>M', 'C>M', 'M>E1', 'M>E2', { from: 'B', to: 'E3', condition: 'x' }],
    );
    expect(findImplicitSplits(graph)).toEqual(['A']);
    expect(findMixedGateways(graph)).toEqual(['M']);
    const unmatched = match(graph).filter((m) => m.joinId === undefined).map((m) => m.splitId);
    expect(unmatched.sort()).toEqual(['B', 'M']);
  });
});

describe('control-flow complexity (Cardoso)', () => {
  it('adds fan-out for XOR, 2^n - 1 for OR and 1 for AND splits', () => {
    const graph = buildGraph(
      [start('S'), xor('X'), task('A'), task('B'), task('C'), or('O'), task('D'), task('F'), task('G'), and('P'), task('H'), task('I'), end('E')],
      ['S>X', 'X>A', 'X>B', 'X>C', 'A>O', 'B>O', 'C>O', 'O>D', 'O>F', 'O>G', 'D>P', 'F>P', 'G>P', 'P>H', 'P>I', 'H>E', 'I>E'],
    );
    const cfc = controlFlowComplexity(graph);
    expect(cfc.perSplit.get('X')).toBe(3);
    expect(cfc.perSplit.get('O')).toBe(7);
    expect(cfc.perSplit.get('P')).toBe(1);
    expect(cfc.total).toBe(11);
  });
});

describe('approval chains', () => {
  const chainsOf = (graph: ReturnType<typeof buildGraph>) => {
    const index = createGraphIndex(graph);
    return findApprovalChains(graph, index, findBackEdges(graph, index), new RegExp(DEFAULT_APPROVAL_PATTERN, 'iu'));
  };

  it('finds consecutive approvals in English, also through a gateway', () => {
    const graph = buildGraph(
      [start('S'), task('Prepare', { name: 'Prepare quote' }), task('A1', { name: 'Manager approval' }), xor('X', { name: 'Approved?' }), task('A2', { name: 'Review by finance' }), task('A3', { name: 'Director sign-off' }), task('Send', { name: 'Send quote' }), end('E'), end('R')],
      [...chain('S', 'Prepare', 'A1', 'X', 'A2', 'A3', 'Send', 'E'), 'X>R'],
    );
    expect(chainsOf(graph)).toEqual([['A1', 'A2', 'A3']]);
  });

  it('finds Chinese approval steps and ignores approvals separated by other work', () => {
    const chinese = buildGraph([start('S'), task('T1', { name: '经理审批' }), task('T2', { name: '财务复核' }), end('E')], chain('S', 'T1', 'T2', 'E'));
    expect(chainsOf(chinese)).toEqual([['T1', 'T2']]);
    const apart = buildGraph([start('S'), task('T1', { name: 'Approve discount' }), task('W', { name: 'Prepare contract' }), task('T2', { name: 'Review contract' }), end('E')], chain('S', 'T1', 'W', 'T2', 'E'));
    expect(chainsOf(apart)).toEqual([]);
  });

  it('skips automated checks and, with an exclude pattern, notifications about an approval', () => {
    const graph = buildGraph(
      [start('S'), { id: 'Auto', kind: 'businessRuleTask', name: 'Check application automatically' }, task('Manual', { name: 'Manual check' }), task('Approve', { name: 'Approve vacation' }), task('Notify', { name: 'Notify employee of approval' }), end('E')],
      chain('S', 'Auto', 'Manual', 'Approve', 'Notify', 'E'),
    );
    const index = createGraphIndex(graph);
    const back = findBackEdges(graph, index);
    const pattern = new RegExp(DEFAULT_APPROVAL_PATTERN, 'iu');
    expect(findApprovalChains(graph, index, back, pattern)).toEqual([['Manual', 'Approve', 'Notify']]);
    expect(findApprovalChains(graph, index, back, pattern, 2, { exclude: new RegExp(DEFAULT_APPROVAL_EXCLUDE_PATTERN, 'iu') })).toEqual([['Manual', 'Approve']]);
  });
});

describe('rework loops and knock-outs', () => {
  it('reports the loop-back flow with its return probability', () => {
    const graph = reworkModel();
    const scenario = scenarioOf({ gateways: { X: { probabilities: { 'X>A': 0.2, 'X>E': 0.8 } } } });
    const index = createGraphIndex(graph, scenario);
    const [loop, ...rest] = findReworkLoops(index, findBackEdges(graph, index), computeVisitCounts(graph, scenario, index).visits);
    expect(rest).toEqual([]);
    expect(loop).toMatchObject({ flowId: 'X>A', fromId: 'X', toId: 'A', bodyIds: ['A', 'X'], fromScenario: true });
    expect(loop!.returnProbability).toBeCloseTo(0.2, 12);
    expect(loop!.expectedRepetitions).toBeCloseTo(1.25, 12);
  });

  it('measures a loop at its exit decision, not at an unconditional loop-back flow', () => {
    // S -> A -> X -(30%)-> B -> A (loop-back from a task), X -(70%)-> E
    const graph = buildGraph([start('S'), task('A'), xor('X'), task('B'), end('E')], [...chain('S', 'A', 'X', 'E'), 'X>B', 'B>A']);
    const scenario = scenarioOf({ gateways: { X: { probabilities: { 'X>B': 0.3, 'X>E': 0.7 } } } });
    const index = createGraphIndex(graph, scenario);
    const [loop] = findReworkLoops(index, findBackEdges(graph, index), computeVisitCounts(graph, scenario, index).visits);
    expect(loop).toMatchObject({ flowId: 'B>A', fromId: 'B', toId: 'A', fromScenario: true });
    expect(loop!.returnProbability).toBeCloseTo(0.3, 12);
    // Without probabilities the loop is flagged as assumed.
    const plain = createGraphIndex(graph);
    expect(findReworkLoops(plain, findBackEdges(graph, plain), computeVisitCounts(graph).visits)[0]!.fromScenario).toBe(false);
  });

  it('reports a loop without a way out as infinite', () => {
    const graph = buildGraph([start('S'), task('A'), task('B')], ['S>A', 'A>B', 'B>A']);
    const index = createGraphIndex(graph);
    const [loop] = findReworkLoops(index, findBackEdges(graph, index), computeVisitCounts(graph).visits);
    expect(loop!.returnProbability).toBe(1);
    expect(loop!.expectedRepetitions).toBe(Number.POSITIVE_INFINITY);
  });

  /** Two checks in a row, each rejecting to its own end: Credit (60 min, rejects 10%) then Stock (10 min, rejects 50%). */
  function knockOutModel(firstCredit: boolean) {
    const [a, b] = firstCredit ? ['Credit', 'Stock'] : ['Stock', 'Credit'];
    return buildGraph(
      [start('S'), task(a), xor(`X${a}`), task(b), xor(`X${b}`), task('Notify'), end('R1'), end('R2'), task('Ship'), end('E')],
      [...chain('S', a, `X${a}`, b, `X${b}`, 'Ship', 'E'), `X${a}>Notify`, 'Notify>R1', `X${b}>R2`],
    );
  }
  const scenario = scenarioOf({
    tasks: { Credit: { duration: { type: 'fixed', value: 60 } }, Stock: { duration: { type: 'fixed', value: 10 } } },
    gateways: { XCredit: { probabilities: { 'XCredit>Notify': 0.1, 'XCredit>Stock': 0.9, 'XCredit>Ship': 0.9 } }, XStock: { probabilities: { 'XStock>R2': 0.5, 'XStock>Notify': 0.5, 'XStock>Credit': 0.5, 'XStock>Ship': 0.5 } } },
  });

  it('finds knock-out checks with effort per rejection, and flags the costly order', () => {
    const graph = knockOutModel(true);
    const index = createGraphIndex(graph, scenario);
    const { checks, costlyOrder } = findKnockOuts(graph, index, findBackEdges(graph, index), scenario);
    const byId = new Map(checks.map((c) => [c.checkId, c] as const));
    expect(byId.get('Credit')).toMatchObject({ gatewayId: 'XCredit', rejectFlowIds: ['XCredit>Notify'], effortSeconds: 3600 });
    expect(byId.get('Credit')!.rejectProbability).toBeCloseTo(0.1, 12);
    expect(byId.get('Credit')!.effortPerRejection).toBeCloseTo(36000, 6);
    expect(byId.get('Stock')!.effortPerRejection).toBeCloseTo(1200, 6);
    expect(costlyOrder).toEqual([{ firstId: 'Credit', laterId: 'Stock' }]);
  });

  it('accepts the cheap-per-rejection check first', () => {
    const graph = knockOutModel(false);
    const index = createGraphIndex(graph, scenario);
    const { checks, costlyOrder } = findKnockOuts(graph, index, findBackEdges(graph, index), scenario);
    expect(checks).toHaveLength(2);
    expect(costlyOrder).toEqual([]);
  });
});

describe('reachability', () => {
  it('finds elements no case can reach, and memoises the whole analysis', () => {
    const graph = buildGraph([start('S'), task('A'), task('Orphan'), task('After'), end('E')], ['S>A', 'A>E', 'Orphan>After']);
    expect(findUnreachable(graph)).toEqual(['Orphan', 'After']);
    expect(analyseGraph(graph)).toBe(analyseGraph(graph));
    expect(analyseGraph(graph).unreachable).toEqual(['Orphan', 'After']);
  });

  it('reaches event sub-processes and compensation handlers, which no sequence flow enters', () => {
    const graph = buildGraph(
      [
        start('S'), task('Book'), end('E'),
        { id: 'Comp', kind: 'boundaryEvent', attachedTo: 'Book', eventDefinitions: ['compensate'] }, task('Cancel'),
        { id: 'OnTimeout', kind: 'subProcess', name: 'On timeout', triggeredByEvent: true }, start('T', { parent: 'OnTimeout', eventDefinitions: ['timer'] }), task('Handle', { parent: 'OnTimeout' }), end('TE', { parent: 'OnTimeout' }),
      ],
      [...chain('S', 'Book', 'E'), ...chain('T', 'Handle', 'TE')],
    );
    expect(findUnreachable(graph)).toEqual([]);
    // Without a compensation event, an unconnected task is unreachable.
    const plain = buildGraph([start('S'), task('Book'), end('E'), task('Cancel')], chain('S', 'Book', 'E'));
    expect(findUnreachable(plain)).toEqual(['Cancel']);
  });

  it('treats nodes without incoming flows as the start of a process without start events', () => {
    const graph = buildGraph([task('A'), task('B')], ['A>B']);
    expect(findUnreachable(graph)).toEqual([]);
    expect(computeVisitCounts(graph).visits.get('B')).toBe(1);
  });
});

// Each built-in rule on a small hand-made model whose right answer is known.
import { ScenarioSchema, parseBpmn } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import {
  ScoringProfileSchema,
  approvalChainsRule,
  bpmnlintRule,
  controlFlowComplexityRule,
  costPerCaseRule,
  cycleTimeRule,
  deadlockRule,
  evaluateRule,
  firstResponseTimeRule,
  handOffsRule,
  implicitSplitsRule,
  knockOutOrderRule,
  manualStepsRule,
  missingLabelsRule,
  modelSizeRule,
  nonValueAddingShareRule,
  processCycleEfficiencyRule,
  resolutionTimeRule,
  resourceUtilisationRule,
  reworkLoopsRule,
  unmatchedSplitsRule,
  unreachableElementsRule,
  type ScoringContext,
  type ScoringRule,
  type SimulationSummary,
} from './index.ts';
import { and, buildGraph, chain, end, scenarioOf, start, task, xor } from './testing/build-graph.ts';

const run = (rule: ScoringRule, context: ScoringContext, thresholds?: Record<string, unknown>) =>
  evaluateRule(rule, context, ScoringProfileSchema.parse({ id: 't', name: 'T', thresholds: thresholds ? { [rule.id]: thresholds } : {} }));

/** A straight line of `n` user tasks T1..Tn. */
function line(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `T${i + 1}`);
  return buildGraph([start('S'), ...ids.map((id) => task(id)), end('E')], chain('S', ...ids, 'E'));
}

const empty = buildGraph([], []);

const simulation = (overrides: Partial<SimulationSummary> = {}): SimulationSummary => ({
  completedCases: 1000,
  cycleTime: { mean: 10 * 3600 },
  pools: [],
  tasks: [],
  ...overrides,
});

describe('manual-steps', () => {
  it('scores 50 for the study average of 12 steps (target 8, zero at 16)', async () => {
    const result = await run(manualStepsRule, { graph: line(12) });
    expect(result.score).toBe(50);
    expect(result.metrics.manualSteps).toBe(12);
    expect(result.findings[0]!.elementIds).toHaveLength(12);
    expect(result.findings[0]!.message).toContain('12 manual steps (target 8)');
  });

  it('does not count automated steps and honours a profile target', async () => {
    const scenario = scenarioOf({ tasks: { T1: { automated: true }, T2: { automated: true } } });
    expect((await run(manualStepsRule, { graph: line(10), scenario })).score).toBe(100);
    expect((await run(manualStepsRule, { graph: line(10) }, { target: 6, bound: 10 })).score).toBe(0);
  });

  it('is not applicable to an empty process', async () => {
    expect((await run(manualStepsRule, { graph: empty })).status).toBe('notApplicable');
  });
});

describe('dynamic rules', () => {
  it('are not applicable without a simulation', async () => {
    for (const rule of [firstResponseTimeRule, resolutionTimeRule, cycleTimeRule, processCycleEfficiencyRule, resourceUtilisationRule, costPerCaseRule]) {
      const result = await run(rule, { graph: line(2) });
      expect(result.status).toBe('notApplicable');
      expect(result.reason).toContain('simulation');
    }
  });

  it('first-response: 70% within the SLA scores 50 (100 at 90%, 0 at 50%)', async () => {
    const result = await run(firstResponseTimeRule, { graph: line(2), simulation: simulation({ firstResponse: { mean: 3 * 3600, withinSla: 0.7, slaSeconds: 7200 } }) });
    expect(result.score).toBeCloseTo(50, 10);
    expect(result.findings[0]!.message).toContain('70% of cases get a substantive response within 2 h');
    const none = await run(firstResponseTimeRule, { graph: line(2), simulation: simulation() });
    expect(none.status).toBe('notApplicable');
  });

  it('first-response and resolution per case type: each type against its own target, the score weighted by share', async () => {
    const scenario = scenarioOf({
      targets: { firstResponseSla: { value: 4, unit: 'h' }, resolutionSla: { value: 1, unit: 'd' } },
      caseTypes: [
        { id: 'vip', name: 'VIP', share: 0.2, priority: 1, targets: { firstResponseSla: { value: 1, unit: 'h' }, resolutionSla: { value: 8, unit: 'h' } } },
        { id: 'std', name: 'Standard', share: 0.8, priority: 0 },
      ],
    });
    // All cases together look fine (92% within the scenario's 4 h); the VIPs miss their own 1 h: 70% -> 50 points.
    const sim = simulation({
      firstResponse: { mean: 2 * 3600, withinSla: 0.92, slaSeconds: 4 * 3600 },
      segments: [
        { id: 'vip', name: 'VIP', share: 0.2, cases: 200, cycleTime: { mean: 16 * 3600 }, firstResponse: { mean: 1.5 * 3600, withinSla: 0.7, slaSeconds: 3600 } },
        { id: 'std', name: 'Standard', share: 0.8, cases: 800, cycleTime: { mean: 12 * 3600 }, firstResponse: { mean: 2.2 * 3600, withinSla: 0.95, slaSeconds: 4 * 3600 } },
      ],
    });
    const response = await run(firstResponseTimeRule, { graph: line(2), scenario, simulation: sim });
    // 0.2 x 50 + 0.8 x 100 = 90 (without types: 92% against the 90% target would score 100).
    expect(response.score).toBeCloseTo(90, 10);
    expect(response.findings.map((f) => [f.severity, f.message])).toEqual([
      ['warning', 'VIP: 70% of cases get a substantive response within 60 min (target 90%); the mean first response takes 1.5 h.'],
    ]);
    expect(response.metrics).toMatchObject({ 'withinSla.vip': 0.7, 'slaSeconds.vip': 3600, 'withinSla.std': 0.95, 'score.std': 100, withinSla: 0.92 });
    expect(response.metrics['score.vip']).toBeCloseTo(50, 10);
    // Resolution: VIP 16 h against its own 8 h (2x, 0 at 3x: 50 points); standard 12 h within the scenario's 24 h.
    const resolution = await run(resolutionTimeRule, { graph: line(2), scenario, simulation: sim });
    expect(resolution.score).toBeCloseTo(0.2 * 50 + 0.8 * 100, 10);
    expect(resolution.findings.map((f) => f.message)).toEqual(['VIP: cases take 16 h on average to resolve (target 8 h), measured as cycle time.']);
    expect(resolution.metrics).toMatchObject({ 'targetSeconds.vip': 8 * 3600, 'targetSeconds.std': 24 * 3600 });
    // Without case types in the scenario the segments are not used: the all-cases figures decide.
    const plain = await run(firstResponseTimeRule, { graph: line(2), scenario: scenarioOf({}), simulation: sim });
    expect(plain.score).toBe(100);
    expect(plain.findings).toEqual([]);
  });

  it('resolution: 48 h against the 24 h default scores 50 (0 at 3x); a scenario SLA is used', async () => {
    const sim = simulation({ resolution: { mean: 48 * 3600 } });
    expect((await run(resolutionTimeRule, { graph: line(2), simulation: sim })).score).toBe(50);
    const scenario = scenarioOf({ targets: { resolutionSla: { value: 2, unit: 'd' } } });
    expect((await run(resolutionTimeRule, { graph: line(2), scenario, simulation: sim })).score).toBe(100);
  });

  it('cycle time: 10 h for 2 h of work is a flow factor of 5, scoring 62.5 (100 at 2, 0 at 10)', async () => {
    const sim = simulation({ tasks: [{ id: 'T1', waiting: 4 * 3600, processing: 3600 }, { id: 'T2', waiting: 3600, processing: 3600 }] });
    const result = await run(cycleTimeRule, { graph: line(2), simulation: sim });
    expect(result.metrics.flowFactor).toBe(5);
    expect(result.score).toBe(62.5);
    expect(result.findings[0]!.elementIds).toEqual(['T1', 'T2']);
  });

  it('process cycle efficiency: 13.5% scores 50 (100 at 25%, 0 at 2%), and is derived from value classes when absent', async () => {
    expect((await run(processCycleEfficiencyRule, { graph: line(2), simulation: simulation({ processCycleEfficiency: 0.135 }) })).score).toBeCloseTo(50, 10);
    const scenario = scenarioOf({ tasks: { T1: { valueClass: 'valueAdding' } } });
    const sim = simulation({ cycleTime: { mean: 4 * 3600 }, tasks: [{ id: 'T1', waiting: 0, processing: 3600 }, { id: 'T2', waiting: 0, processing: 3600 }] });
    const derived = await run(processCycleEfficiencyRule, { graph: line(2), scenario, simulation: sim });
    expect(derived.metrics.processCycleEfficiency).toBe(0.25);
    expect(derived.score).toBe(100);
  });

  it('utilisation: an overloaded pool is said before simulating and never healthy after (offered load 4/3)', async () => {
    const graph = line(1);
    // A case every 15 min, 1 h of work each, 3 people: 4/3 of capacity.
    const scenario = ScenarioSchema.parse({
      id: 's',
      name: 'S',
      pools: [{ id: 'desk', name: 'Service desk', headcount: 3, laneIds: [] }],
      arrivals: { S: { interArrival: { type: 'fixed', value: 15, unit: 'min' } } },
      tasks: { T1: { duration: { type: 'fixed', value: 1, unit: 'h' }, poolId: 'desk' } },
    });
    const before = await run(resourceUtilisationRule, { graph, scenario });
    expect(before.status).not.toBe('notApplicable');
    expect(before.score).toBe(0);
    expect(before.findings[0]).toMatchObject({ severity: 'error', elementIds: ['T1'] });
    expect(before.findings[0]!.message).toMatch(/^"Service desk" is overloaded: the queue grows without bound at this staffing\. In its working hours \(around the clock\).*offered load 133%/);
    // A run that averaged utilisation to a "healthy" 70% still gets the overload, not a pass.
    const after = await run(resourceUtilisationRule, { graph, scenario, simulation: simulation({ pools: [{ id: 'desk', utilisation: 0.7 }] }) });
    expect(after.score).toBe(0);
    expect(after.findings.map((f) => f.severity)).toEqual(['error']);
    // The same pool with a growing queue in the run but no scenario to compute the load from.
    const growing = await run(resourceUtilisationRule, { graph, simulation: simulation({ pools: [{ id: 'desk', name: 'Desk', utilisation: 0.7, queueGrowing: true }] }) });
    expect(growing.findings[0]!.message).toContain('Desk is overloaded: its queue kept growing while cases arrived');
  });

  it('utilisation: averages per-pool scores over the 60-85% band', async () => {
    const sim = simulation({ pools: [{ id: 'idle', utilisation: 0.3 }, { id: 'fine', utilisation: 0.7 }, { id: 'busy', utilisation: 0.925 }] });
    const result = await run(resourceUtilisationRule, { graph: line(2), simulation: sim });
    // idle 0.3/0.6 -> 50, fine 100, busy (1-0.925)/(1-0.85) -> 50
    expect(result.score).toBeCloseTo(200 / 3, 10);
    expect(result.findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(result.findings[1]!.message).toContain('Kingman');
    expect((await run(resourceUtilisationRule, { graph: line(2), simulation: simulation() })).status).toBe('notApplicable');
  });

  it('cost per case: 150 against a target of 100 scores 50 (0 at 2x); no target, not applicable', async () => {
    const sim = simulation({ costPerCase: { mean: 150 } });
    const scenario = scenarioOf({ targets: { costPerCase: 100 } });
    expect((await run(costPerCaseRule, { graph: line(2), scenario, simulation: sim })).score).toBe(50);
    expect((await run(costPerCaseRule, { graph: line(2), simulation: sim })).status).toBe('notApplicable');
    expect((await run(costPerCaseRule, { graph: line(2), simulation: sim }, { target: 150 })).score).toBe(100);
  });
});

describe('non-value-adding-share', () => {
  it('one of four tasks classed non-value-adding is 25%, scoring 62.5 (100 at 10%, 0 at 50%)', async () => {
    const scenario = scenarioOf({ tasks: { T3: { valueClass: 'nonValueAdding' } } });
    const result = await run(nonValueAddingShareRule, { graph: line(4), scenario });
    expect(result.metrics.nonValueAddingShare).toBe(0.25);
    expect(result.score).toBeCloseTo(62.5, 10);
    expect(result.findings[0]!.elementIds).toEqual(['T3']);
  });

  it('is not applicable without a scenario', async () => {
    expect((await run(nonValueAddingShareRule, { graph: line(4) })).status).toBe('notApplicable');
  });
});

describe('hand-offs', () => {
  it('counts 5 lane changes per case (target 2, zero at 8: score 50)', async () => {
    const lanes = ['L1', 'L2', 'L1', 'L2', 'L1', 'L2'];
    const ids = lanes.map((_, i) => `T${i + 1}`);
    const graph = buildGraph([start('S', { lane: 'L1' }), ...ids.map((id, i) => task(id, { lane: lanes[i]! })), end('E', { lane: 'L2' })], chain('S', ...ids, 'E'));
    const result = await run(handOffsRule, { graph });
    expect(result.metrics.handOffsPerCase).toBe(5);
    expect(result.score).toBe(50);
  });

  it('is not applicable without lanes', async () => {
    expect((await run(handOffsRule, { graph: line(3) })).status).toBe('notApplicable');
  });
});

describe('approval-chains, rework-loops, knock-out-order', () => {
  it('a chain of three approvals is two extra approvals: score 50 (zero at 4)', async () => {
    const graph = buildGraph(
      [start('S'), task('A1', { name: 'Approve discount' }), task('A2', { name: '经理审批' }), task('A3', { name: 'Final review' }), end('E')],
      chain('S', 'A1', 'A2', 'A3', 'E'),
    );
    const result = await run(approvalChainsRule, { graph });
    expect(result.score).toBe(50);
    expect(result.findings[0]!.elementIds).toEqual(['A1', 'A2', 'A3']);
    expect((await run(approvalChainsRule, { graph }, { pattern: 'approv' })).score).toBe(100);
    expect((await run(approvalChainsRule, { graph }, { pattern: '(' })).status).toBe('error');
  });

  it('a 20% rework loop scores 66.7 (100 at 5%, 0 at 50%)', async () => {
    const graph = buildGraph([start('S'), task('A'), xor('X'), end('E')], [...chain('S', 'A', 'X', 'E'), 'X>A']);
    const scenario = scenarioOf({ gateways: { X: { probabilities: { 'X>A': 0.2, 'X>E': 0.8 } } } });
    const result = await run(reworkLoopsRule, { graph, scenario });
    expect(result.score).toBeCloseTo(200 / 3, 10);
    expect(result.findings[0]!.message).toContain('1.25 times');
    expect((await run(reworkLoopsRule, { graph: line(3) })).score).toBe(100);
    // Without a scenario the assumed 50% counts as the 25% cap: (0.5 - 0.25) / 0.45.
    expect((await run(reworkLoopsRule, { graph })).score).toBeCloseTo(100 * 0.25 / 0.45, 10);
  });

  it('an expensive check before a cheap one is one costly pair: 66.7 (zero at 3)', async () => {
    const graph = buildGraph(
      [start('S'), task('Credit'), xor('XC'), task('Stock'), xor('XS'), end('R1'), end('R2'), task('Ship'), end('E')],
      [...chain('S', 'Credit', 'XC', 'Stock', 'XS', 'Ship', 'E'), 'XC>R1', 'XS>R2'],
    );
    const scenario = scenarioOf({
      tasks: { Credit: { duration: { type: 'fixed', value: 1, unit: 'h' } }, Stock: { duration: { type: 'fixed', value: 10 } } },
      gateways: { XC: { probabilities: { 'XC>R1': 0.1, 'XC>Stock': 0.9 } }, XS: { probabilities: { 'XS>R2': 0.5, 'XS>Ship': 0.5 } } },
    });
    const result = await run(knockOutOrderRule, { graph, scenario });
    expect(result.score).toBeCloseTo(200 / 3, 10);
    expect(result.findings[0]!.elementIds).toEqual(['Credit', 'Stock']);
    // Without durations the order cannot be judged: full score and a hint.
    const unknown = await run(knockOutOrderRule, { graph });
    expect(unknown.score).toBe(100);
    expect(unknown.findings[0]!.severity).toBe('info');
  });
});

describe('model quality', () => {
  it('model size: 100 elements scores 50 (100 up to 50, 0 at 150)', async () => {
    const result = await run(modelSizeRule, { graph: line(98) });
    expect(result.metrics.elements).toBe(100);
    expect(result.score).toBe(50);
    expect((await run(modelSizeRule, { graph: empty })).score).toBe(100);
  });

  it('control-flow complexity 25 scores 50 (100 up to 10, 0 at 40)', async () => {
    // One XOR split with 25 branches: CFC = 25.
    const branches = Array.from({ length: 25 }, (_, i) => `B${i}`);
    const graph = buildGraph([start('S'), xor('X'), ...branches.map((b) => task(b)), end('E')], ['S>X', ...branches.flatMap((b) => [`X>${b}`, `${b}>E`])]);
    const result = await run(controlFlowComplexityRule, { graph });
    expect(result.metrics.controlFlowComplexity).toBe(25);
    expect(result.score).toBe(50);
  });

  it('deadlock costs 50 points, lack of synchronisation 25', async () => {
    const deadlock = buildGraph([start('S'), xor('X'), task('A'), task('B'), and('J'), end('E')], ['S>X', 'X>A', 'X>B', 'A>J', 'B>J', 'J>E']);
    const result = await run(deadlockRule, { graph: deadlock });
    expect(result.score).toBe(50);
    expect(result.findings[0]).toMatchObject({ severity: 'error', elementIds: ['X', 'J'] });
    const noSync = buildGraph([start('S'), and('P'), task('A'), task('B'), xor('J'), end('E')], ['S>P', 'P>A', 'P>B', 'A>J', 'B>J', 'J>E']);
    expect((await run(deadlockRule, { graph: noSync })).score).toBe(75);
    expect((await run(deadlockRule, { graph: line(3) })).score).toBe(100);
    // Conditional flows from an activity into an XOR merge: only possibly unsynchronised, half of 25.
    const conditional = buildGraph(
      [start('S'), task('T'), task('A'), task('B'), xor('J'), end('E')],
      ['S>T', { from: 'T', to: 'A', condition: 'x' }, { from: 'T', to: 'B', condition: 'y' }, 'A>J', 'B>J', 'J>E'],
    );
    const possible = await run(deadlockRule, { graph: conditional });
    expect(possible.score).toBe(87.5);
    expect(possible.findings[0]!.severity).toBe('warning');
  });

  it('unmatched splits: an AND split whose branches end apart costs 1 of 5, an XOR 0.25', async () => {
    const andSplit = buildGraph([start('S'), and('P'), task('A'), task('B'), end('E1'), end('E2')], ['S>P', 'P>A', 'P>B', 'A>E1', 'B>E2']);
    expect((await run(unmatchedSplitsRule, { graph: andSplit })).score).toBe(80);
    const xorSplit = buildGraph([start('S'), xor('X'), task('A'), task('B'), end('E1'), end('E2')], ['S>X', 'X>A', 'X>B', 'A>E1', 'B>E2']);
    expect((await run(unmatchedSplitsRule, { graph: xorSplit })).score).toBe(95);
  });

  it('one unreachable element costs 25 points', async () => {
    const graph = buildGraph([start('S'), task('A'), task('Lost'), end('E')], [...chain('S', 'A', 'E'), 'Lost>E']);
    const result = await run(unreachableElementsRule, { graph });
    expect(result.score).toBe(75);
    expect(result.findings[0]!.elementIds).toEqual(['Lost']);
  });

  it('missing labels: 3 of 4 labelled scores 50 (100 at all, 0 at half)', async () => {
    const graph = buildGraph([start('S'), task('A'), task('B', { name: '  ' }), end('E')], chain('S', 'A', 'B', 'E'));
    const result = await run(missingLabelsRule, { graph });
    expect(result.metrics.labelShare).toBe(0.75);
    expect(result.score).toBe(50);
    expect(result.findings[0]!.elementIds).toEqual(['B']);
  });

  it('decisions and their branches need labels; an unnamed XOR split with two unnamed branches', async () => {
    const graph = buildGraph([start('S'), xor('X', { name: 'Qualified?' }), task('A'), task('B'), end('E')], ['S>X', 'X>A', { from: 'X', to: 'B', name: 'yes' }, 'A>E', 'B>E']);
    const result = await run(missingLabelsRule, { graph });
    expect(result.findings[0]!.elementIds).toEqual(['X>A']);
  });

  it('one implicit split costs 20 points', async () => {
    const graph = buildGraph([start('S'), task('A'), task('B'), task('C'), end('E1'), end('E2')], ['S>A', 'A>B', 'A>C', 'B>E1', 'C>E2']);
    expect((await run(implicitSplitsRule, { graph })).score).toBe(80);
  });
});

describe('bpmnlint', () => {
  const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="https://example.com">
  <bpmn:process id="P" isExecutable="false">${body}</bpmn:process>
</bpmn:definitions>`;

  it("reports the recommended rules' problems as findings with element ids", async () => {
    const parsed = await parseBpmn(
      xml(`<bpmn:startEvent id="S" name="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:task id="A"><bpmn:incoming>F1</bpmn:incoming></bpmn:task>
      <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="A" />`),
    );
    const context = { graph: parsed.graph!, definitions: parsed.definitions! };
    const result = await run(bpmnlintRule, context);
    const rules = result.findings.map((f) => /bpmnlint ([a-z-]+)\)$/.exec(f.message)![1]).sort();
    // No DI (reported for each of the 3 elements), an unlabelled task, no end event, and the task ends implicitly.
    expect(rules).toEqual(['end-event-required', 'label-required', 'no-bpmndi', 'no-bpmndi', 'no-bpmndi', 'no-implicit-end']);
    expect(result.findings.find((f) => f.message.includes('label-required'))!.elementIds).toEqual(['A']);
    // 6 errors against a bound of 10.
    expect(result.score).toBe(40);
    // Without DI errors and the label as a warning: 2 errors + 0.5.
    const relaxed = await run(bpmnlintRule, context, { rules: { 'no-bpmndi': 'off', 'label-required': 'warn' } });
    expect(relaxed.score).toBe(75);
    expect((await run(bpmnlintRule, context, { rules: { 'no-such-rule': 'off' } })).status).toBe('error');
  });

  it('is not applicable without the parsed file', async () => {
    expect((await run(bpmnlintRule, { graph: line(2) })).status).toBe('notApplicable');
  });
});

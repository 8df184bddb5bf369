// BPMN events: errors and escalations (boundary, end, throw, propagation), signals, links, event sub-processes,
// compensation notes, timer dates and cycles. Deterministic models with hand-computed cycle times.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDefaultScenario, parseBpmn, type ScenarioInput } from '@leanflow/model';
import { buildGraph, simulateSync, type GraphNodeSpec, type GraphSpec, type SimulationOptions, type SimulationResult } from './index.ts';

const MIN = 60;
const H = 3600;
const fixed = (value: number, unit: 's' | 'min' | 'h' = 'min') => ({ type: 'fixed' as const, value, unit });

function run(spec: GraphSpec, scenario: Partial<ScenarioInput> = {}, options: SimulationOptions = { cases: 10, replications: 1 }): SimulationResult {
  const outcome = simulateSync(buildGraph(spec), { id: 's', name: 'test', arrivals: { S: { interArrival: fixed(1, 'h') } }, ...scenario }, options);
  if (!outcome.ok) throw new Error(`rejected: ${JSON.stringify(outcome.issues)}`);
  return outcome;
}
const task = (id: string, parentId?: string): GraphNodeSpec => ({ id, kind: 'task', ...(parentId ? { parentId } : {}) });
const count = (r: SimulationResult, id: string) => r.tasks.find((t) => t.id === id)?.count ?? 0;
const runs = (r: SimulationResult, id: string) => r.elements.find((e) => e.id === id)?.executions ?? 0;
const codes = (r: SimulationResult) => r.issues.map((i) => i.code);

// Sub-process P: A (10 min) ends in `end`, B (30 min) runs in parallel; a boundary event on P leads to H (5 min).
function subProcessWith(end: GraphNodeSpec, boundary: Partial<GraphNodeSpec>, extra: GraphNodeSpec[] = [], flows: GraphSpec['flows'] = []): GraphSpec {
  return {
    nodes: [
      { id: 'S', kind: 'startEvent' },
      { id: 'P', kind: 'subProcess' },
      { id: 'PS', kind: 'startEvent', parentId: 'P' },
      { id: 'Fork', kind: 'parallelGateway', parentId: 'P' },
      task('A', 'P'),
      task('B', 'P'),
      { ...end, parentId: end.parentId ?? 'P' },
      { id: 'PE', kind: 'endEvent', parentId: 'P' },
      { id: 'Bd', kind: 'boundaryEvent', attachedToId: 'P', ...boundary },
      task('H'),
      { id: 'E', kind: 'endEvent' },
      { id: 'E2', kind: 'endEvent' },
      ...extra,
    ],
    flows: [['S', 'P'], ['P', 'E'], ['PS', 'Fork'], ['Fork', 'A'], ['Fork', 'B'], ['A', end.id], ['B', 'PE'], ['Bd', 'H'], ['H', 'E2'], ...flows],
  };
}
const durations = { A: { duration: fixed(10) }, B: { duration: fixed(30) }, H: { duration: fixed(5) } };

describe('error events', () => {
  it('an error end event inside a sub-process interrupts it through the error boundary event', () => {
    const r = run(subProcessWith({ id: 'Err', kind: 'endEvent', eventDefinitions: ['error'], eventTrigger: 'E1' }, { eventDefinitions: ['error'], eventTrigger: 'E1' }), { tasks: durations });
    // A ends at 10 min and throws: B (30 min) is cancelled, H takes 5 min: 15 min.
    expect(r.kpis.cycleTime.mean).toBeCloseTo(15 * MIN, 6);
    expect(count(r, 'B')).toBe(0);
    expect(count(r, 'H')).toBe(10);
    expect(runs(r, 'E')).toBe(0);
    expect(codes(r)).not.toContain('sim.boundary.neverFires');
    // The parts still add up: 15 min of processing on the path that finished last (A then H).
    expect(r.kpis.cycleTimeParts.processing.mean).toBeCloseTo(15 * MIN, 6);
  });

  it('propagates outwards past a boundary event for another error to the enclosing sub-process', () => {
    // Q inside P throws E1; Q's own boundary only catches E2, P's catch-all boundary takes it.
    const spec = subProcessWith(
      { id: 'Err', kind: 'endEvent', eventDefinitions: ['error'], eventTrigger: 'E1', parentId: 'Q' },
      { eventDefinitions: ['error'] },
      [{ id: 'Q', kind: 'subProcess', parentId: 'P' }, { id: 'QS', kind: 'startEvent', parentId: 'Q' }, { id: 'Other', kind: 'boundaryEvent', attachedToId: 'Q', eventDefinitions: ['error'], eventTrigger: 'E2' }, task('X'), { id: 'E3', kind: 'endEvent' }],
      [['QS', 'Err'], ['Other', 'X'], ['X', 'E3']],
    );
    // A leads into Q (instead of the error end directly): rewire A -> Q.
    const flows = spec.flows.map((f) => (f[0] === 'A' ? (['A', 'Q'] as const) : f)).concat([['Q', 'PE']]);
    const r = run({ ...spec, flows }, { tasks: durations });
    expect(r.kpis.cycleTime.mean).toBeCloseTo(15 * MIN, 6);
    expect(count(r, 'H')).toBe(10);
    expect(count(r, 'X')).toBe(0);
  });

  it('an error nobody catches ends the case, reported with the throwing element', () => {
    const r = run(
      {
        nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'Fork', kind: 'parallelGateway' }, task('A'), task('B'), { id: 'Err', kind: 'endEvent', eventDefinitions: ['error'] }, { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'Fork'], ['Fork', 'A'], ['Fork', 'B'], ['A', 'Err'], ['B', 'E']],
      },
      { tasks: durations },
    );
    expect(r.kpis.cycleTime.mean).toBeCloseTo(10 * MIN, 6);
    expect(count(r, 'B')).toBe(0);
    expect(r.perReplication[0].errorEndedCases).toBe(10);
    expect(r.perReplication[0].completedCases).toBe(10);
    const issue = r.issues.find((i) => i.code === 'sim.error.uncaught');
    expect(issue).toMatchObject({ severity: 'warning', elementId: 'Err' });
    expect(issue?.message).toContain('10.0 case(s)');
  });

  it('"10% of cases raise this error": an exclusive gateway before the error end event', () => {
    const spec: GraphSpec = {
      nodes: [
        { id: 'S', kind: 'startEvent' },
        { id: 'P', kind: 'subProcess' },
        { id: 'PS', kind: 'startEvent', parentId: 'P' },
        task('A', 'P'),
        { id: 'X', kind: 'exclusiveGateway', parentId: 'P' },
        { id: 'Err', kind: 'endEvent', parentId: 'P', eventDefinitions: ['error'] },
        { id: 'PE', kind: 'endEvent', parentId: 'P' },
        { id: 'Bd', kind: 'boundaryEvent', attachedToId: 'P', eventDefinitions: ['error'] },
        task('H'),
        { id: 'E', kind: 'endEvent' },
      ],
      flows: [['S', 'P'], ['P', 'E'], ['PS', 'A'], ['A', 'X'], ['X', 'Err', 'fail'], ['X', 'PE', 'ok'], ['Bd', 'H'], ['H', 'E']],
    };
    const n = 20_000;
    const r = run(spec, { tasks: durations, gateways: { X: { probabilities: { fail: 0.1, ok: 0.9 } } } }, { cases: n, replications: 1, seed: 5 });
    // Binomial(20000, 0.1): sd 42.4; 4 standard deviations.
    expect(Math.abs(count(r, 'H') - 0.1 * n)).toBeLessThan(4 * Math.sqrt(n * 0.1 * 0.9));
  });
});

describe('escalation events', () => {
  // A parallel multi-instance sub-process M (3 instances): each runs A (10 min) then throws; a boundary event on M.
  const multi = (cancelActivity: boolean): GraphSpec => ({
    nodes: [
      { id: 'S', kind: 'startEvent' },
      { id: 'M', kind: 'subProcess', loop: { kind: 'multiInstance', sequential: false } },
      { id: 'MS', kind: 'startEvent', parentId: 'M' },
      task('A', 'M'),
      { id: 'Esc', kind: 'intermediateThrowEvent', parentId: 'M', eventDefinitions: ['escalation'] },
      task('B', 'M'),
      { id: 'ME', kind: 'endEvent', parentId: 'M' },
      { id: 'Bd', kind: 'boundaryEvent', attachedToId: 'M', cancelActivity, eventDefinitions: ['escalation'] },
      task('H'),
      { id: 'E', kind: 'endEvent' },
      { id: 'E2', kind: 'endEvent' },
    ],
    flows: [['S', 'M'], ['M', 'E'], ['MS', 'A'], ['A', 'Esc'], ['Esc', 'B'], ['B', 'ME'], ['Bd', 'H'], ['H', 'E2']],
  });
  const scenario = { tasks: { A: { duration: fixed(10) }, B: { duration: fixed(20) }, H: { duration: fixed(5) }, M: { instanceCount: 3 } } };

  it('thrown in a parallel multi-instance sub-process, an interrupting catch cancels every instance', () => {
    const r = run(multi(true), scenario);
    expect(r.kpis.cycleTime.mean).toBeCloseTo(15 * MIN, 6);
    // The first instance's A ends and throws at 10 min; the other two, due the same instant, are cancelled first.
    expect(count(r, 'A')).toBe(10);
    expect(count(r, 'B')).toBe(0);
    expect(count(r, 'H')).toBe(10);
  });

  it('thrown in a parallel multi-instance sub-process, a non-interrupting catch runs once per instance', () => {
    const r = run(multi(false), scenario);
    expect(r.kpis.cycleTime.mean).toBeCloseTo(30 * MIN, 6);
    expect(count(r, 'B')).toBe(30);
    expect(count(r, 'H')).toBe(30);
  });

  it('an intermediate escalation with a non-interrupting boundary event: both paths run', () => {
    const spec = subProcessWith({ id: 'Esc', kind: 'intermediateThrowEvent', eventDefinitions: ['escalation'] }, { eventDefinitions: ['escalation'], cancelActivity: false }, [], [['Esc', 'PE']]);
    const r = run(spec, { tasks: durations });
    // P runs its 30 min (B); the escalation at 10 min starts H (5 min) alongside: the case ends at 30 min.
    expect(r.kpis.cycleTime.mean).toBeCloseTo(30 * MIN, 6);
    expect(count(r, 'B')).toBe(10);
    expect(count(r, 'H')).toBe(10);
    expect(runs(r, 'E')).toBe(10);
  });

  it('an escalation end event with an interrupting boundary event cancels the sub-process', () => {
    const r = run(subProcessWith({ id: 'Esc', kind: 'endEvent', eventDefinitions: ['escalation'], eventTrigger: 'late' }, { eventDefinitions: ['escalation'], eventTrigger: 'late' }), { tasks: durations });
    expect(r.kpis.cycleTime.mean).toBeCloseTo(15 * MIN, 6);
    expect(count(r, 'B')).toBe(0);
  });

  it('an escalation nothing catches has no effect (with a note)', () => {
    const r = run(subProcessWith({ id: 'Esc', kind: 'endEvent', eventDefinitions: ['escalation'] }, { eventDefinitions: ['escalation'], eventTrigger: 'other' }), { tasks: durations });
    expect(r.kpis.cycleTime.mean).toBeCloseTo(30 * MIN, 6);
    expect(r.issues.find((i) => i.code === 'sim.escalation.uncaught')?.elementId).toBe('Esc');
  });
});

describe('event sub-processes', () => {
  // Main path: A (10 min) then `after`; B (30 min) in parallel. Event sub-process V with start VS, then H (5 min).
  function withEventSubProcess(after: GraphNodeSpec, start: Partial<GraphNodeSpec>): GraphSpec {
    return {
      nodes: [
        { id: 'S', kind: 'startEvent' },
        { id: 'Fork', kind: 'parallelGateway' },
        task('A'),
        task('B'),
        after,
        { id: 'E', kind: 'endEvent' },
        { id: 'E1', kind: 'endEvent' },
        { id: 'V', kind: 'subProcess', triggeredByEvent: true },
        { id: 'VS', kind: 'startEvent', parentId: 'V', ...start },
        task('H', 'V'),
        { id: 'VE', kind: 'endEvent', parentId: 'V' },
      ],
      flows: [['S', 'Fork'], ['Fork', 'A'], ['Fork', 'B'], ['A', after.id], ['B', 'E'], ['VS', 'H'], ['H', 'VE'], ...(after.kind === 'endEvent' ? [] : ([[after.id, 'E1']] as const))],
    };
  }

  it('an interrupting error event sub-process at the process level cancels the rest and ends the case', () => {
    const r = run(withEventSubProcess({ id: 'Err', kind: 'endEvent', eventDefinitions: ['error'] }, { eventDefinitions: ['error'] }), { tasks: durations });
    expect(r.kpis.cycleTime.mean).toBeCloseTo(15 * MIN, 6);
    expect(count(r, 'B')).toBe(0);
    expect(count(r, 'H')).toBe(10);
    expect(codes(r)).not.toContain('sim.unsupported.eventSubProcess');
    expect(codes(r)).not.toContain('sim.error.uncaught');
  });

  it('a non-interrupting escalation event sub-process runs alongside and the case waits for it', () => {
    const r = run(withEventSubProcess({ id: 'Esc', kind: 'intermediateThrowEvent', eventDefinitions: ['escalation'] }, { eventDefinitions: ['escalation'], isInterrupting: false }), {
      tasks: { ...durations, H: { duration: fixed(40) } },
    });
    // The escalation at 10 min starts H (40 min): the case ends at 50 min, after B (30 min).
    expect(r.kpis.cycleTime.mean).toBeCloseTo(50 * MIN, 6);
    expect(count(r, 'B')).toBe(10);
    expect(count(r, 'H')).toBe(10);
  });

  it('an error event sub-process inside a sub-process completes that sub-process', () => {
    const inner = withEventSubProcess({ id: 'Err', kind: 'endEvent', eventDefinitions: ['error'] }, { eventDefinitions: ['error'] });
    const spec: GraphSpec = {
      nodes: [
        { id: 'S0', kind: 'startEvent' },
        { id: 'P', kind: 'subProcess' },
        ...inner.nodes.map((n) => (n.parentId === undefined ? { ...n, parentId: 'P', id: n.id === 'S' ? 'S' : n.id } : n)),
        task('After'),
        { id: 'Done', kind: 'endEvent' },
      ],
      flows: [['S0', 'P'], ['P', 'After'], ['After', 'Done'], ...inner.flows],
    };
    const r = run(spec, { arrivals: { S0: { interArrival: fixed(1, 'h') } }, tasks: { ...durations, After: { duration: fixed(1) } } });
    // Inside P: A 10 min, error, H 5 min; P completes normally and After takes 1 min.
    expect(r.kpis.cycleTime.mean).toBeCloseTo(16 * MIN, 6);
    expect(count(r, 'After')).toBe(10);
  });

  it('a timer event sub-process (interrupting) fires once the case has run for its duration', () => {
    const r = run(withEventSubProcess({ id: 'Wait', kind: 'intermediateThrowEvent' }, { eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'PT20M' } }), { tasks: durations });
    // B would take 30 min; the timer at 20 min interrupts, H takes 5 min: 25 min.
    expect(r.kpis.cycleTime.mean).toBeCloseTo(25 * MIN, 6);
    expect(count(r, 'B')).toBe(0);
  });

  it('a non-interrupting timer cycle R3/PT8M runs its event sub-process three times while the case is open', () => {
    const r = run(withEventSubProcess({ id: 'Wait', kind: 'intermediateThrowEvent' }, { eventDefinitions: ['timer'], isInterrupting: false, timer: { kind: 'cycle', expression: 'R3/PT8M' } }), {
      tasks: { ...durations, H: { duration: fixed(1) } },
    });
    // Fires at 8, 16, 24 min (B runs until 30 min).
    expect(count(r, 'H')).toBe(30);
    expect(r.kpis.cycleTime.mean).toBeCloseTo(30 * MIN, 6);
  });

  it('a message event sub-process with a scenario time fires after that time', () => {
    const r = run(withEventSubProcess({ id: 'Wait', kind: 'intermediateThrowEvent' }, { eventDefinitions: ['message'], isInterrupting: false }), {
      tasks: durations,
      events: { VS: { duration: fixed(28) } },
    });
    // Starts at 28 min, H ends at 33 min: after B (30 min).
    expect(r.kpis.cycleTime.mean).toBeCloseTo(33 * MIN, 6);
  });
});

describe('events that take their own sender', () => {
  const main = (start: Partial<GraphNodeSpec>): GraphSpec => ({
    nodes: [
      { id: 'S', kind: 'startEvent' },
      task('A'),
      task('B'),
      task('B2'),
      { id: 'E', kind: 'endEvent' },
      { id: 'V', kind: 'subProcess', triggeredByEvent: true },
      { id: 'VS', kind: 'startEvent', parentId: 'V', eventDefinitions: ['message'], ...start },
      task('H', 'V'),
      { id: 'VE', kind: 'endEvent', parentId: 'V' },
    ],
    // A has two outgoing flows (uncontrolled split): a cancelled sender must not start either.
    flows: [['S', 'A'], ['A', 'B'], ['A', 'B2'], ['B', 'E'], ['B2', 'E'], ['VS', 'H'], ['H', 'VE']],
    messageFlows: [['A', 'VS']],
  });

  it('a message from a task to an interrupting event sub-process of its own process cancels the sender', () => {
    const r = run(main({}), { tasks: durations });
    // A sends at 10 min: the event sub-process cancels the rest (B never starts), H takes 5 min.
    expect(r.kpis.cycleTime.mean).toBeCloseTo(15 * MIN, 6);
    expect(count(r, 'B')).toBe(0);
    expect(count(r, 'B2')).toBe(0);
    expect(r.perReplication[0].unfinishedCases + r.perReplication[0].abortedCases).toBe(0);
  });

  it('the same message to a non-interrupting event sub-process runs it alongside', () => {
    const r = run(main({ isInterrupting: false }), { tasks: { ...durations, H: { duration: fixed(40) } } });
    expect(r.kpis.cycleTime.mean).toBeCloseTo(50 * MIN, 6);
    expect(count(r, 'B')).toBe(10);
  });

  it('a signal thrown inside a sub-process with an interrupting signal boundary event cancels it, thrower included', () => {
    const r = run(subProcessWith({ id: 'Sig', kind: 'intermediateThrowEvent', eventDefinitions: ['signal'], eventTrigger: 'stop' }, { eventDefinitions: ['signal'], eventTrigger: 'stop' }, [task('After', 'P')], [['Sig', 'After'], ['After', 'PE']]), {
      tasks: { ...durations, After: { duration: fixed(100) } },
    });
    expect(r.kpis.cycleTime.mean).toBeCloseTo(15 * MIN, 6);
    expect(count(r, 'After')).toBe(0);
    expect(count(r, 'B')).toBe(0);
  });
});

describe('signal events', () => {
  it('a signal reaches every waiting catch, boundary event and another process\'s start event in the case', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'Fork', kind: 'parallelGateway' },
          task('A'),
          { id: 'Go', kind: 'intermediateThrowEvent', eventDefinitions: ['signal'], eventTrigger: 'go' },
          { id: 'E', kind: 'endEvent' },
          { id: 'C1', kind: 'intermediateCatchEvent', eventDefinitions: ['signal'], eventTrigger: 'go' },
          task('B'),
          { id: 'E2', kind: 'endEvent' },
          task('Long'),
          { id: 'Nb', kind: 'boundaryEvent', attachedToId: 'Long', cancelActivity: false, eventDefinitions: ['signal'], eventTrigger: 'go' },
          task('N'),
          { id: 'E3', kind: 'endEvent' },
          { id: 'E4', kind: 'endEvent' },
          { id: 'S2', kind: 'startEvent', processId: 'Other', eventDefinitions: ['signal'], eventTrigger: 'go' },
          { id: 'C', kind: 'task', processId: 'Other' },
          { id: 'E5', kind: 'endEvent', processId: 'Other' },
          { id: 'Never', kind: 'intermediateCatchEvent', eventDefinitions: ['signal'], eventTrigger: 'stop' },
        ],
        flows: [['S', 'Fork'], ['Fork', 'A'], ['A', 'Go'], ['Go', 'E'], ['Fork', 'C1'], ['C1', 'B'], ['B', 'E2'], ['Fork', 'Long'], ['Long', 'E4'], ['Nb', 'N'], ['N', 'E3'], ['S2', 'C'], ['C', 'E5']],
      },
      {
        tasks: { A: { duration: fixed(10) }, B: { duration: fixed(5) }, Long: { duration: fixed(12) }, N: { duration: fixed(1) }, C: { duration: fixed(20) } },
        events: { Never: { duration: fixed(1) } },
      },
    );
    // Signal at 10 min: B ends at 15, N at 11 (Long goes on to 12), the other process's C at 30 min.
    expect(r.kpis.cycleTime.mean).toBeCloseTo(30 * MIN, 6);
    expect(count(r, 'B')).toBe(10);
    expect(count(r, 'N')).toBe(10);
    expect(count(r, 'Long')).toBe(10);
    expect(count(r, 'C')).toBe(10);
    expect(r.issues.find((i) => i.code === 'sim.arrival.messageStarted')).toBeUndefined();
  });

  it('a signal races with a timer at an event-based gateway', () => {
    const spec = (signalAfter: number): [GraphSpec, Partial<ScenarioInput>] => [
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'Fork', kind: 'parallelGateway' },
          task('A'),
          { id: 'Go', kind: 'endEvent', eventDefinitions: ['signal'], eventTrigger: 'go' },
          { id: 'G', kind: 'eventBasedGateway' },
          { id: 'Sig', kind: 'intermediateCatchEvent', eventDefinitions: ['signal'], eventTrigger: 'go' },
          { id: 'T', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'], timer: { kind: 'duration', expression: 'PT30M' } },
          task('Fast'),
          task('Slow'),
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'Fork'], ['Fork', 'A'], ['A', 'Go'], ['Fork', 'G'], ['G', 'Sig'], ['G', 'T'], ['Sig', 'Fast'], ['T', 'Slow'], ['Fast', 'E'], ['Slow', 'E2']],
      },
      { tasks: { A: { duration: fixed(signalAfter) }, Fast: { duration: fixed(1) }, Slow: { duration: fixed(2) } } },
    ];
    const early = run(...spec(10));
    expect(count(early, 'Fast')).toBe(10);
    expect(count(early, 'Slow')).toBe(0);
    expect(early.kpis.cycleTime.mean).toBeCloseTo(11 * MIN, 6);
    const late = run(...spec(40));
    expect(count(late, 'Slow')).toBe(10);
    expect(late.kpis.cycleTime.mean).toBeCloseTo(40 * MIN, 6);
  });

  it('a signal thrown before anyone waits is lost: the late catch waits and the case is reported stuck', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          { id: 'Fork', kind: 'parallelGateway' },
          { id: 'Go', kind: 'endEvent', eventDefinitions: ['signal'] },
          task('A'),
          { id: 'C1', kind: 'intermediateCatchEvent', eventDefinitions: ['signal'] },
          { id: 'E', kind: 'endEvent' },
        ],
        flows: [['S', 'Fork'], ['Fork', 'Go'], ['Fork', 'A'], ['A', 'C1'], ['C1', 'E']],
      },
      { tasks: { A: { duration: fixed(10) } } },
      { cases: 3, replications: 1 },
    );
    expect(r.perReplication[0].unfinishedCases).toBe(3);
    expect(r.issues.find((i) => i.code === 'sim.deadlock.runtime')?.message).toContain('C1');
  });
});

describe('link events', () => {
  it('a link throw continues at the catch of the same name', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          task('A'),
          { id: 'LT', kind: 'intermediateThrowEvent', eventDefinitions: ['link'], eventTrigger: 'page 2' },
          { id: 'Decoy', kind: 'intermediateCatchEvent', eventDefinitions: ['link'], eventTrigger: 'page 3' },
          { id: 'LC', kind: 'intermediateCatchEvent', eventDefinitions: ['link'], eventTrigger: 'page 2' },
          task('B'),
          task('D'),
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'A'], ['A', 'LT'], ['LC', 'B'], ['B', 'E'], ['Decoy', 'D'], ['D', 'E2']],
      },
      { tasks: { A: { duration: fixed(10) }, B: { duration: fixed(7) }, D: { duration: fixed(100) } } },
    );
    expect(r.kpis.cycleTime.mean).toBeCloseTo(17 * MIN, 6);
    expect(count(r, 'B')).toBe(10);
    expect(count(r, 'D')).toBe(0);
    expect(codes(r)).not.toContain('sim.fallback.link');
    expect(codes(r)).not.toContain('sim.default.eventDuration');
  });

  it('a link throw without a partner is reported', () => {
    const r = run({
      nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'LT', kind: 'intermediateThrowEvent', eventDefinitions: ['link'], eventTrigger: 'nowhere' }],
      flows: [['S', 'LT']],
    });
    expect(r.issues.find((i) => i.code === 'sim.link.unmatched')?.elementId).toBe('LT');
  });
});

describe('timers with dates and cycles', () => {
  it('a timeDate catch waits until that instant (UTC when no offset is given), or passes when it is past', () => {
    const r = run(
      {
        nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'T', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'], timer: { kind: 'date', expression: '2026-01-05T05:00:00' } }, { id: 'E', kind: 'endEvent' }],
        flows: [['S', 'T'], ['T', 'E']],
      },
      { startTime: '2026-01-05T00:00:00Z' },
      { cases: 6, replications: 1 },
    );
    // Cases arrive at 1..6 h: they wait 4, 3, 2, 1, 0, 0 h.
    expect(r.kpis.cycleTime.mean).toBeCloseTo((10 / 6) * H, 6);
    expect(r.perReplication[0].cycleTime.max).toBeCloseTo(4 * H, 6);
    expect(codes(r)).not.toContain('sim.default.eventDuration');
  });

  describe('top-level timer start events without scenario arrivals', () => {
    const timerStart = (kind: 'date' | 'cycle', expression: string, pooled = true): GraphSpec => ({
      nodes: [{ id: 'S', kind: 'startEvent', eventDefinitions: ['timer'], timer: { kind, expression } }, { id: 'A', kind: 'task', ...(pooled ? { laneId: 'L' } : {}) }, { id: 'E', kind: 'endEvent' }],
      flows: [['S', 'A'], ['A', 'E']],
      ...(pooled ? { lanes: [{ id: 'L' }] } : {}),
    });
    const desk = { startTime: '2026-01-05T00:00:00Z', arrivals: {}, pools: [{ id: 'p', name: 'Desk', headcount: 1, laneIds: ['L'] }] };

    it('R5/<date>/PT2H starts 5 cases, 2 h apart from that date, whatever the case count asked for', () => {
      const r = run(timerStart('cycle', 'R5/2026-01-05T09:00:00Z/PT2H'), { ...desk, tasks: { A: { duration: fixed(3, 'h') } } }, { cases: 100, replications: 1 });
      // Cases at 9, 11, 13, 15, 17 h; one person, 3 h each: done at 12, 15, 18, 21, 24 h -> 3, 4, 5, 6, 7 h.
      expect(r.perReplication[0].cases).toBe(5);
      expect(r.kpis.cycleTime.mean).toBeCloseTo(5 * H, 6);
      expect(r.perReplication[0].arrivalWindow).toEqual({ from: 0, to: 17 * H });
      expect(r.perReplication[0].simulatedSeconds).toBeCloseTo(24 * H, 6);
      expect(codes(r)).not.toContain('sim.default.arrivals');
    });

    it('a timeDate starts one case at that date', () => {
      const r = run(timerStart('date', '2026-01-05T10:00:00Z'), { ...desk, tasks: { A: { duration: fixed(1, 'h') } } }, { cases: 100, replications: 2 });
      expect(r.perReplication.map((x) => x.cases)).toEqual([1, 1]);
      expect(r.perReplication[0].simulatedSeconds).toBeCloseTo(11 * H, 6);
      expect(r.kpis.cycleTime.mean).toBeCloseTo(H, 6);
    });

    it('an unbounded R/PT30M fires one period after the start, until the case count', () => {
      const r = run(timerStart('cycle', 'R/PT30M', false), { startTime: '2026-01-05T00:00:00Z', arrivals: {}, tasks: { A: { duration: fixed(10) } } }, { cases: 4, replications: 1 });
      // Cases at 30, 60, 90, 120 min, 10 min each.
      expect(r.perReplication[0].cases).toBe(4);
      expect(r.perReplication[0].arrivalWindow.to).toBeCloseTo(120 * MIN, 6);
      expect(r.perReplication[0].simulatedSeconds).toBeCloseTo(130 * MIN, 6);
    });

    it('a cycle that began before the scenario start goes on from its next firing', () => {
      const r = run(timerStart('cycle', 'R4/2026-01-04T23:00:00Z/PT1H', false), { startTime: '2026-01-05T00:00:00Z', arrivals: {}, tasks: { A: { duration: fixed(10) } } }, { cases: 100, replications: 1 });
      // Firings at -1, 0, 1, 2 h: the first is gone, 3 cases at 0, 1 and 2 h.
      expect(r.perReplication[0].cases).toBe(3);
      expect(r.perReplication[0].simulatedSeconds).toBeCloseTo(2 * H + 10 * MIN, 6);
    });

    it("the scenario's arrivals win; a date before the start is reported and the scenario's rate used", () => {
      const given = run(timerStart('date', '2026-01-05T10:00:00Z', false), { startTime: '2026-01-05T00:00:00Z', tasks: { A: { duration: fixed(10) } } }, { cases: 10, replications: 1 });
      expect(given.perReplication[0].cases).toBe(10);
      const past = run(timerStart('date', '2025-12-01T10:00:00Z', false), { startTime: '2026-01-05T00:00:00Z', arrivals: {}, tasks: { A: { duration: fixed(10) } } }, { cases: 10, replications: 1 });
      expect(past.issues.find((i) => i.code === 'sim.timer.start')).toMatchObject({
        elementId: 'S',
        message: "The timer start event S fires at 2025-12-01T10:00:00Z, before the scenario starts; cases arrive at the scenario's rate instead. Give it arrivals in the scenario to choose the rate.",
      });
      expect(codes(past)).toContain('sim.default.arrivals');
      expect(past.perReplication[0].cases).toBe(10);
    });
  });

  it('a bad timeDate is reported with the element', () => {
    const r = run({
      nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'T', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'], timer: { kind: 'date', expression: 'next Monday' } }, { id: 'E', kind: 'endEvent' }],
      flows: [['S', 'T'], ['T', 'E']],
    });
    expect(r.issues.find((i) => i.code === 'sim.timer.date')?.elementId).toBe('T');
  });

  it('a non-interrupting boundary timer cycle R6/P1D fires once a day while its activity runs, at most 6 times', () => {
    const spec = (hours: number): Partial<ScenarioInput> => ({ tasks: { W: { duration: fixed(hours, 'h') }, R: { duration: fixed(1) } } });
    const graph: GraphSpec = {
      nodes: [
        { id: 'S', kind: 'startEvent' },
        task('W'),
        { id: 'Daily', kind: 'boundaryEvent', attachedToId: 'W', cancelActivity: false, eventDefinitions: ['timer'], timer: { kind: 'cycle', expression: 'R6/P1D' } },
        task('R'),
        { id: 'E', kind: 'endEvent' },
        { id: 'E2', kind: 'endEvent' },
      ],
      flows: [['S', 'W'], ['W', 'E'], ['Daily', 'R'], ['R', 'E2']],
    };
    expect(count(run(graph, spec(24 * 3 + 12)), 'R')).toBe(30); // days 1, 2, 3
    expect(count(run(graph, spec(24 * 10)), 'R')).toBe(60); // capped at 6
  });

  it('a boundary timer with a date interrupts at that instant', () => {
    const r = run(
      {
        nodes: [
          { id: 'S', kind: 'startEvent' },
          task('W'),
          { id: 'Deadline', kind: 'boundaryEvent', attachedToId: 'W', eventDefinitions: ['timer'], timer: { kind: 'date', expression: '2026-01-05T03:00:00Z' } },
          { id: 'E', kind: 'endEvent' },
          { id: 'E2', kind: 'endEvent' },
        ],
        flows: [['S', 'W'], ['W', 'E'], ['Deadline', 'E2']],
      },
      { startTime: '2026-01-05T00:00:00Z', tasks: { W: { duration: fixed(90) } } },
      { cases: 4, replications: 1 },
    );
    // Arrivals at 1, 2, 3, 4 h: the first finishes W (2:30), the second is cut at 3:00 (1 h); for the others the
    // date has passed, so the timer fires as soon as W starts (as process engines do with an overdue timer).
    expect(runs(r, 'E2')).toBe(3);
    expect(runs(r, 'E')).toBe(1);
    expect(r.kpis.cycleTime.mean).toBeCloseTo(((1.5 + 1 + 0 + 0) / 4) * H, 6);
  });
});

describe('compensation', () => {
  it('is reported as not simulated, per element', () => {
    const r = run({
      nodes: [
        { id: 'S', kind: 'startEvent' },
        task('Book'),
        { id: 'Undo', kind: 'boundaryEvent', attachedToId: 'Book', eventDefinitions: ['compensate'] },
        { id: 'Comp', kind: 'intermediateThrowEvent', eventDefinitions: ['compensate'] },
        { id: 'E', kind: 'endEvent' },
      ],
      flows: [['S', 'Book'], ['Book', 'Comp'], ['Comp', 'E']],
    });
    const notes = r.issues.filter((i) => i.code === 'sim.unsupported.compensation');
    expect(notes.map((i) => i.elementId).sort()).toEqual(['Comp', 'Undo']);
    expect(codes(r)).not.toContain('sim.boundary.neverFires');
  });
});

describe('MIWG reference models that use these events', () => {
  const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../shared/fixtures', import.meta.url));
  const simulateFile = async (name: string, tasks: Record<string, { duration: ReturnType<typeof fixed> }> = {}) => {
    const parsed = await parseBpmn(readFileSync(`${fixtures}/miwg/reference/${name}.bpmn`, 'utf8'));
    const scenario = createDefaultScenario(parsed.graph!);
    const outcome = simulateSync(parsed.graph!, { ...scenario, tasks: { ...scenario.tasks, ...tasks } }, { cases: 100, replications: 2, seed: 1 });
    if (!outcome.ok) throw new Error(`rejected: ${JSON.stringify(outcome.issues)}`);
    return outcome;
  };
  const notSimulated = ['sim.unsupported.eventSubProcess', 'sim.fallback.link'];

  for (const name of ['A.3.0', 'B.2.0', 'C.2.0', 'C.4.0', 'C.5.0', 'C.6.0', 'C.8.0', 'C.9.0', 'C.9.1', 'C.9.2'])
    it(`${name} simulates its events without "not simulated" notes`, async () => {
      const r = await simulateFile(name);
      expect(codes(r).filter((c) => notSimulated.includes(c))).toEqual([]);
    });

  it('C.2.0: the error end event in "Checkout" is caught by its error boundary event every time', async () => {
    const r = await simulateFile('C.2.0');
    expect(runs(r, '_7ea6639e-e773-4236-94bf-78f149188c30')).toBeGreaterThan(0);
    expect(runs(r, '__cec149db-adae-4b69-8ea4-b866f2eef248')).toBe(runs(r, '_7ea6639e-e773-4236-94bf-78f149188c30'));
    expect(codes(r)).not.toContain('sim.error.uncaught');
  });

  it('C.4.0: the signal "New employee hired" starts the three department processes', async () => {
    const r = await simulateFile('C.4.0');
    const thrown = runs(r, '_855451b0-5298-48b2-a81d-84ecbcca0a85');
    expect(thrown).toBe(100);
    for (const start of ['_e9306b3f-3a77-42e1-b53e-2ed8ee45486d', '_3d4130c6-48c9-47fe-8e95-2eeb56060e2b', '_94a62738-dc7a-49f6-81d8-f5642f7ae850']) expect(runs(r, start)).toBe(thrown);
  });

  it('C.9.1: the "daily" reminder (R6/P1D, non-interrupting) fires while the document is awaited', async () => {
    // The answer takes 3.5 days: the reminder goes out after days 1, 2 and 3; the 1-week timeout never fires.
    const r = await simulateFile('C.9.1', { ReceiveTask_WaitForDocument: { duration: fixed(84, 'h') } });
    expect(runs(r, 'ReceiveTask_WaitForDocument')).toBe(100);
    expect(runs(r, 'BoundaryEvent_1')).toBe(300);
    expect(runs(r, 'BoundaryEvent_2')).toBe(0);
    // Ten days: six reminders (R6), then the week is up.
    const late = await simulateFile('C.9.1', { ReceiveTask_WaitForDocument: { duration: fixed(240, 'h') } });
    expect(runs(late, 'BoundaryEvent_1')).toBe(600);
    expect(runs(late, 'BoundaryEvent_2')).toBe(100);
  });

  it('C.6.0: compensation is reported per element, nothing else is left out', async () => {
    const r = await simulateFile('C.6.0');
    const ids = r.issues.filter((i) => i.code === 'sim.unsupported.compensation').map((i) => i.elementId);
    expect(ids).toContain('_8af17ed4-6e13-463b-8333-d397b3002c65'); // the compensation event sub-process's start
    expect(ids).toContain('_b25ecc7c-4eff-4a70-96f2-6b2f94cf19b1'); // "Hotel" compensation boundary event
  });
});

import { describe, expect, it } from 'vitest';
import { ScenarioSchema, loadDocument, type ProcessGraph } from '@leanflow/model';
import { calibrateScenario, discoverResourcePools, parseCsvLog, readEventLog, type EventLog } from '../index.ts';

// Known truth: front desk (Ann, Ben, Cleo) registers (A) and answers (D); the back office (Dora, Emil) handles simple
// (B, 70 %) and complex (C) cases. Ann helps the back office with C now and then.
function syntheticLog(withRoles: boolean): EventLog {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const front = ['Ann', 'Ben', 'Cleo'];
  const back = ['Dora', 'Emil'];
  const role = (who: string) => (front.includes(who) ? 'Front desk' : 'Back office');
  const rows = [`case,activity,resource,start,end${withRoles ? ',role' : ''}`];
  const t0 = Date.UTC(2024, 0, 1, 8);
  for (let c = 0; c < 300; c++) {
    let t = t0 + c * 20 * 60_000;
    const step = (activity: string, who: string, minutes: number) => {
      const start = t;
      t += minutes * 60_000;
      rows.push(`${c},${activity},${who},${new Date(start).toISOString()},${new Date(t).toISOString()}${withRoles ? `,${role(who)}` : ''}`);
    };
    step('Register request', pick(front), 6);
    const complex = random() < 0.3;
    step(complex ? 'Handle complex case' : 'Handle simple case', complex && c % 25 === 0 ? 'Ann' : pick(back), complex ? 15 : 10);
    step('Send answer', pick(front), 12);
  }
  return parseCsvLog(`${rows.join('\n')}\n`);
}

const MODEL = (lanes: 'one' | 'two') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://example.com">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:laneSet id="LS">${
      lanes === 'one'
        ? '<bpmn:lane id="L1" name="Staff"><bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>G</bpmn:flowNodeRef><bpmn:flowNodeRef>B</bpmn:flowNodeRef><bpmn:flowNodeRef>C</bpmn:flowNodeRef><bpmn:flowNodeRef>J</bpmn:flowNodeRef><bpmn:flowNodeRef>D1</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane>'
        : '<bpmn:lane id="L1" name="Front"><bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>G</bpmn:flowNodeRef><bpmn:flowNodeRef>J</bpmn:flowNodeRef><bpmn:flowNodeRef>D1</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane><bpmn:lane id="L2" name="Back"><bpmn:flowNodeRef>B</bpmn:flowNodeRef><bpmn:flowNodeRef>C</bpmn:flowNodeRef></bpmn:lane>'
    }</bpmn:laneSet>
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="A" name="Register request"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>
    <bpmn:exclusiveGateway id="G"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>fB</bpmn:outgoing><bpmn:outgoing>fC</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:task id="B" name="Handle simple case"><bpmn:incoming>fB</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:task>
    <bpmn:task id="C" name="Handle complex case"><bpmn:incoming>fC</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:task>
    <bpmn:exclusiveGateway id="J"><bpmn:incoming>f3</bpmn:incoming><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:task id="D1" name="Send answer"><bpmn:incoming>f5</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing></bpmn:task>
    <bpmn:endEvent id="E"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="G"/>
    <bpmn:sequenceFlow id="fB" sourceRef="G" targetRef="B"/><bpmn:sequenceFlow id="fC" sourceRef="G" targetRef="C"/>
    <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="J"/><bpmn:sequenceFlow id="f4" sourceRef="C" targetRef="J"/>
    <bpmn:sequenceFlow id="f5" sourceRef="J" targetRef="D1"/><bpmn:sequenceFlow id="f6" sourceRef="D1" targetRef="E"/>
  </bpmn:process>
</bpmn:definitions>`;
const MAPPING = { 'Register request': 'A', 'Handle simple case': 'B', 'Handle complex case': 'C', 'Send answer': 'D1' };
async function graphOf(lanes: 'one' | 'two'): Promise<ProcessGraph> {
  const { graph } = await loadDocument(MODEL(lanes));
  if (!graph) throw new Error('the test model did not load');
  return graph;
}

describe('discoverResourcePools', () => {
  it('clusters resources by activity profile without a role column: sizes and task -> pool come back', () => {
    const found = discoverResourcePools(syntheticLog(false), MAPPING);
    expect(found.method).toBe('activity-profile');
    expect(found.pools.map((p) => p.resources)).toEqual([
      ['Ann', 'Ben', 'Cleo'],
      ['Dora', 'Emil'],
    ]);
    // No common stem in these names: numbered pools.
    expect(found.pools.map((p) => p.name)).toEqual(['Pool 1', 'Pool 2']);
    const [front, back] = found.pools;
    expect(found.taskPools).toEqual({ A: front!.id, D1: front!.id, B: back!.id, C: back!.id });
    expect(front!.taskIds).toEqual(['A', 'D1']);
    // Ann's help: C is mostly but not only the back office's.
    expect(found.taskCoverage['C']).toBeGreaterThan(0.8);
    expect(found.taskCoverage['C']).toBeLessThan(1);
    expect(found.taskCoverage['A']).toBe(1);
    expect(front!.events + back!.events).toBe(900);
  });

  it('uses the role column when the log has one, and one pool when asked', () => {
    const log = syntheticLog(true);
    expect(log.columns.role).toBe('role');
    const found = discoverResourcePools(log, MAPPING);
    expect(found.method).toBe('role-column');
    expect(found.pools.map((p) => [p.name, p.resources.length, p.taskIds])).toEqual([
      ['Front desk', 3, ['A', 'D1']],
      ['Back office', 2, ['B', 'C']],
    ]);
    expect(found.pools.map((p) => p.id)).toEqual(['log-front-desk', 'log-back-office']);
    const single = discoverResourcePools(log, MAPPING, { method: 'single' });
    expect(single.pools.map((p) => p.resources.length)).toEqual([5]);
  });

  it('reads org:role from XES', async () => {
    const xes = `<log><trace><string key="concept:name" value="1"/><event><string key="concept:name" value="A"/><date key="time:timestamp" value="2024-01-01T09:00:00Z"/><string key="org:resource" value="Ann"/><string key="org:role" value="Clerk"/></event></trace></log>`;
    const log = parseCsvLog('case,activity,end\n1,A,2024-01-01T09:00:00Z\n');
    expect(log.events[0]!.role).toBeUndefined();
    const read = await readEventLog(new TextEncoder().encode(xes), { fileName: 'x.xes' });
    expect(read.events[0]).toMatchObject({ resource: 'Ann', role: 'Clerk' });
    expect(read.columns.role).toBe('org:role');
  });
});

describe('calibrate with pools from the log', () => {
  const base = ScenarioSchema.parse({ id: 'asis', name: 'As is', pools: [{ id: 'staff', name: 'Staff', headcount: 9, costPerHour: 40, laneIds: ['L1'] }] });

  it('auto: splits a one-pool model into the log\'s pools, with their headcounts, and leaves the base alone', async () => {
    const graph = await graphOf('one');
    const result = calibrateScenario(graph, base, syntheticLog(false), { weekly: false });
    expect(result.poolsChoice).toMatchObject({ requested: 'auto', applied: 'roles', removedPoolIds: ['staff'] });
    const pools = result.scenario.pools;
    expect(pools.map((p) => [p.name, p.headcount, p.costPerHour])).toEqual([
      ['Pool 1', 3, 40],
      ['Pool 2', 2, 40],
    ]);
    expect(result.scenario.tasks['A']!.poolId).toBe(pools[0]!.id);
    expect(result.scenario.tasks['D1']!.poolId).toBe(pools[0]!.id);
    expect(result.scenario.tasks['B']!.poolId).toBe(pools[1]!.id);
    expect(result.scenario.tasks['C']!.poolId).toBe(pools[1]!.id);
    // Headcount = the pool's own people: Ann (who helps with C) is not counted twice.
    expect(result.pools.map((p) => [p.poolId, p.headcount])).toEqual(pools.map((p) => [p.id, p.headcount]));
    expect(base.pools).toEqual([expect.objectContaining({ id: 'staff', headcount: 9 })]);
    expect(base.tasks).toEqual({});
  });

  it('model and single keep one pool; auto keeps a model whose lanes match the log', async () => {
    const one = await graphOf('one');
    const model = calibrateScenario(one, base, syntheticLog(false), { weekly: false, pools: 'model' });
    expect(model.scenario.pools.map((p) => [p.id, p.headcount])).toEqual([['staff', 5]]);
    const single = calibrateScenario(one, base, syntheticLog(false), { weekly: false, pools: 'single' });
    expect(single.scenario.pools.map((p) => p.headcount)).toEqual([5]);
    expect(single.poolsChoice?.removedPoolIds).toEqual(['staff']);
    const twoLanes = ScenarioSchema.parse({
      id: 'asis',
      name: 'As is',
      pools: [
        { id: 'front', name: 'Front', headcount: 1, laneIds: ['L1'] },
        { id: 'back', name: 'Back', headcount: 1, laneIds: ['L2'] },
      ],
    });
    const kept = calibrateScenario(await graphOf('two'), twoLanes, syntheticLog(true), { weekly: false });
    expect(kept.poolsChoice).toMatchObject({ requested: 'auto', applied: 'model' });
    expect(kept.poolsChoice!.reason).toMatch(/split the tasks as the log's 2 pools do/);
    // Model pools count everyone who did their tasks (Ann helps the back office).
    expect(kept.scenario.pools.map((p) => [p.id, p.headcount])).toEqual([
      ['front', 3],
      ['back', 3],
    ]);
  });
});

// The bench's generated process (shared by bench/sim.bench.ts, the parallel and memory rows and profiling runs).
import { buildGraph, type GraphNodeSpec, type GraphSpec } from '../packages/sim/src/index.ts';
import type { ScenarioInput } from '../packages/model/src/index.ts';

const LANES = ['L1', 'L2', 'L3'];

/**
 * A process of `blocks` x 6 tasks: each block is task -> XOR (70/30) choice of two tasks -> parallel pair ->
 * a task with a 10% rework loop. Tasks rotate over three lanes, each with its own pool sized for ~70% load.
 */
export function generate(blocks: number): { graph: ReturnType<typeof buildGraph>; scenario: ScenarioInput; tasks: number } {
  const nodes: GraphNodeSpec[] = [{ id: 'Start', kind: 'startEvent' }];
  const flows: [string, string, string][] = [];
  const tasks: ScenarioInput['tasks'] = {};
  const gateways: ScenarioInput['gateways'] = {};
  let taskCount = 0;
  const task = (id: string) => {
    nodes.push({ id, kind: 'userTask', laneId: LANES[taskCount++ % LANES.length] });
    tasks[id] = { duration: { type: 'exponential', mean: 5 } };
  };
  const gateway = (id: string, kind: GraphNodeSpec['kind']) => nodes.push({ id, kind });
  const flow = (a: string, b: string) => flows.push([a, b, `${a}->${b}`]);
  let previous = 'Start';
  for (let b = 0; b < blocks; b++) {
    const p = `B${b}_`;
    task(`${p}T0`);
    gateway(`${p}X`, 'exclusiveGateway');
    task(`${p}T1`);
    task(`${p}T2`);
    gateway(`${p}XM`, 'exclusiveGateway');
    gateway(`${p}P`, 'parallelGateway');
    task(`${p}T3`);
    task(`${p}T4`);
    gateway(`${p}PJ`, 'parallelGateway');
    gateway(`${p}M`, 'exclusiveGateway');
    task(`${p}T5`);
    gateway(`${p}R`, 'exclusiveGateway');
    flow(previous, `${p}T0`);
    flow(`${p}T0`, `${p}X`);
    flow(`${p}X`, `${p}T1`);
    flow(`${p}X`, `${p}T2`);
    flow(`${p}T1`, `${p}XM`);
    flow(`${p}T2`, `${p}XM`);
    flow(`${p}XM`, `${p}P`);
    flow(`${p}P`, `${p}T3`);
    flow(`${p}P`, `${p}T4`);
    flow(`${p}T3`, `${p}PJ`);
    flow(`${p}T4`, `${p}PJ`);
    flow(`${p}PJ`, `${p}M`);
    flow(`${p}M`, `${p}T5`);
    flow(`${p}T5`, `${p}R`);
    flow(`${p}R`, `${p}M`);
    gateways[`${p}X`] = { probabilities: { [`${p}X->${p}T1`]: 0.7, [`${p}X->${p}T2`]: 0.3 } };
    previous = `${p}R`;
  }
  nodes.push({ id: 'End', kind: 'endEvent' });
  flow(previous, 'End');
  for (let b = 0; b < blocks; b++) {
    const p = `B${b}_`;
    const next = b + 1 < blocks ? `B${b + 1}_T0` : 'End';
    gateways[`${p}R`] = { probabilities: { [`${p}R->${p}M`]: 0.1, [`${p}R->${next}`]: 0.9 } };
  }
  // Work per case: 5.11 task visits per block x 5 min, spread over three pools; a case every 10 minutes.
  const loadPerPool = (blocks * 5.11 * 5) / 3 / 10;
  const headcount = Math.max(1, Math.ceil(loadPerPool / 0.7));
  const spec: GraphSpec = { nodes, flows, lanes: LANES.map((id) => ({ id })) };
  return {
    graph: buildGraph(spec),
    tasks: taskCount,
    scenario: {
      id: 'bench',
      name: 'bench',
      pools: LANES.map((lane) => ({ id: `P${lane}`, name: `Pool ${lane}`, headcount, costPerHour: 40, laneIds: [lane] })),
      arrivals: { Start: { interArrival: { type: 'exponential', mean: 10 } } },
      tasks,
      gateways,
    },
  };
}

// M/M/3 for the engine (arrivals 2.4/s, service 1/s, three people: utilisation 0.8), the queue of bench/mm3-bare.ts.
import { buildGraph } from '../packages/sim/src/index.ts';
import type { ScenarioInput } from '../packages/model/src/index.ts';

export const MM3_GRAPH = buildGraph({
  nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'A', kind: 'task', laneId: 'L' }, { id: 'E', kind: 'endEvent' }],
  flows: [['S', 'A'], ['A', 'E']],
  lanes: [{ id: 'L' }],
});

export const MM3_SCENARIO: ScenarioInput = {
  id: 'mm3',
  name: 'M/M/3',
  pools: [{ id: 'P', name: 'Clerks', headcount: 3, laneIds: ['L'] }],
  arrivals: { S: { interArrival: { type: 'exponential', mean: 1 / 2.4, unit: 's' } } },
  tasks: { A: { duration: { type: 'exponential', mean: 1, unit: 's' } } },
};

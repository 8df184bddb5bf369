// The sequence engine must give exactly the general engine's numbers: every figure of the result, byte for byte,
// over generated models with what such models can have (several starts, pools of any size including none,
// exclusive choices that skip ahead or loop back, tied event times, costs, value classes, first responses, a
// warm-up, a horizon, office hours for pools and arrivals, arrival profiles, endless loops cut by the step limit).
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '@leanflow/model';
import { buildGraph, type GraphNodeSpec } from './build-graph.ts';
import { createRandomStream } from './rng.ts';
import { prepareSimulation, simulateSync, type SimulationOptions } from './simulate.ts';

type Distribution = NonNullable<NonNullable<ScenarioInput['tasks']>[string]['duration']>;

/** A random model whose cases each follow one path, from generator seed `g`. */
function sequenceModel(g: number): { graph: ReturnType<typeof buildGraph>; scenario: ScenarioInput; options: SimulationOptions } {
  const rng = createRandomStream(g, 0, 'model');
  const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const chance = (p: number) => rng.next() < p;
  const minutes = (): Distribution =>
    pick<Distribution>([
      { type: 'exponential', mean: int(2, 12), unit: 'min' },
      { type: 'fixed', value: int(1, 3) * 5, unit: 'min' },
      { type: 'uniform', min: 1, max: int(5, 15), unit: 'min' },
      { type: 'triangular', min: 2, mode: 5, max: int(8, 20), unit: 'min' },
      { type: 'lognormal', mean: int(3, 9), sd: 2, unit: 'min' },
    ]);
  const lanes = ['L0', 'L1', 'L2'].slice(0, int(1, 3));
  const steps = int(2, 8);
  const nodes: GraphNodeSpec[] = [];
  const flows: [string, string, string][] = [];
  const tasks: NonNullable<ScenarioInput['tasks']> = {};
  const gateways: NonNullable<ScenarioInput['gateways']> = {};
  const arrivals: NonNullable<ScenarioInput['arrivals']> = {};
  const ids: string[] = [];
  for (let i = 0; i < steps; i++) {
    const kind = i > 0 && chance(0.3) ? 'exclusiveGateway' : chance(0.15) ? 'intermediateThrowEvent' : pick(['task', 'userTask', 'serviceTask'] as const);
    const id = `N${i}`;
    ids.push(id);
    nodes.push({ id, kind, ...(kind !== 'exclusiveGateway' && kind !== 'intermediateThrowEvent' && chance(0.85) ? { laneId: pick(lanes) } : {}) });
    if (kind === 'task' || kind === 'userTask' || kind === 'serviceTask')
      tasks[id] = {
        ...(chance(0.9) ? { duration: minutes() } : {}),
        ...(chance(0.3) ? { fixedCost: int(1, 20) } : {}),
        ...(chance(0.5) ? { valueClass: pick(['valueAdding', 'businessValueAdding', 'nonValueAdding'] as const) } : {}),
        ...(chance(0.3) ? { substantiveResponse: true } : {}),
      };
  }
  ids.push('End');
  nodes.push({ id: 'End', kind: 'endEvent' });
  const flow = (a: string, b: string) => {
    const id = `${a}->${b}#${flows.length}`;
    flows.push([a, b, id]);
    return id;
  };
  const starts = int(1, 2);
  for (let s = 0; s < starts; s++) {
    const id = `S${s}`;
    nodes.push({ id, kind: 'startEvent' });
    flow(id, s === 0 ? 'N0' : pick(ids.slice(0, -1)));
    const profile = chance(0.15);
    arrivals[id] = profile
      ? { interArrival: { type: 'exponential', mean: 10, unit: 'min' }, profile: { periods: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00', casesPerHour: int(3, 8) }] } }
      : {
          interArrival: pick<Distribution>([{ type: 'exponential', mean: int(4, 12), unit: 'min' }, { type: 'fixed', value: 10, unit: 'min' }, { type: 'uniform', min: 2, max: 14, unit: 'min' }]),
          ...(chance(0.2) ? { calendarId: 'office' } : {}),
          ...(chance(0.3) ? { cases: int(100, 400) } : {}),
        };
  }
  for (let i = 0; i < steps; i++) {
    const id = ids[i];
    const kind = nodes[i].kind;
    if (kind !== 'exclusiveGateway') {
      // Now and then a task is the end of the path (no outgoing flow) or a throw event ends it.
      if (i < steps - 1 && chance(0.05)) continue;
      flow(id, ids[i + 1]);
      continue;
    }
    const branches = int(2, 3);
    const probabilities: Record<string, number> = {};
    let left = 1;
    for (let b = 0; b < branches; b++) {
      // Forward (skip ahead), back (rework) or straight to the end.
      const target = b === 0 ? ids[i + 1] : chance(0.4) ? pick(ids.slice(0, i)) : pick(ids.slice(i + 1));
      const share = b === branches - 1 ? left : Math.round(left * (0.3 + 0.5 * rng.next()) * 100) / 100;
      probabilities[flow(id, target)] = share;
      left = Math.round((left - share) * 100) / 100;
    }
    gateways[id] = { probabilities };
  }
  const paid = chance(0.3);
  const scenario: ScenarioInput = {
    id: `g${g}`,
    name: `generated ${g}`,
    startTime: pick(['2026-01-05T00:00:00Z', '2026-03-11T13:30:00Z', '2026-06-20T22:10:00Z']),
    calendars: [{ id: 'office', name: 'Office', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }],
    pools: lanes.map((lane, p) => ({
      id: `P${p}`,
      name: `Pool ${p}`,
      headcount: chance(0.04) ? 0 : int(1, 3),
      costPerHour: int(0, 60),
      ...(paid && p === 0 ? { costModel: 'paid-hour' as const } : {}),
      // Office hours: work pauses overnight and at weekends (off-calendar time, busy time spread over the open hours).
      ...(chance(0.3) ? { calendarId: 'office' } : {}),
      laneIds: [lane],
    })),
    arrivals,
    tasks,
    gateways,
    targets: { firstResponseSla: { value: int(10, 120), unit: 'min' }, ...(chance(0.5) ? { resolutionSla: { value: int(1, 8), unit: 'h' } } : {}) },
    ...(chance(0.3) ? { warmUp: { value: int(1, 10), unit: 'h' } } : {}),
    ...(chance(0.25) ? { horizon: { value: int(1, 5), unit: 'd' } } : {}),
  };
  const options: SimulationOptions = {
    seed: int(1, 1000),
    replications: 2,
    ...(scenario.horizon ? {} : { cases: int(200, 1500) }),
    ...(chance(0.3) ? { eventLog: true } : {}),
    ...(chance(0.4) ? { taskWaitValues: true } : {}),
    ...(chance(0.2) ? { maxEventsPerCase: int(5, 30) } : {}),
  };
  return { graph: buildGraph({ nodes, flows, lanes: lanes.map((id) => ({ id })) }), scenario, options };
}

describe('sequence engine', () => {
  it('gives byte for byte the general engine result on 150 generated one-path models', () => {
    let compared = 0;
    let aborted = 0;
    let horizon = 0;
    let paused = 0;
    for (let g = 1; g <= 150; g++) {
      const { graph, scenario, options } = sequenceModel(g);
      const prepared = prepareSimulation(graph, scenario, options);
      if (!prepared.ok) continue;
      expect(prepared.run.engine(), `model ${g} should run on the sequence engine`).toBe('sequence');
      const general = simulateSync(graph, scenario, { ...options, engine: 'general' });
      const sequence = simulateSync(graph, scenario, options);
      expect(JSON.stringify(sequence), `model ${g}`).toBe(JSON.stringify(general));
      if (!sequence.ok) continue;
      compared++;
      if (sequence.issues.some((i) => i.code === 'sim.limit.events')) aborted++;
      if (scenario.horizon) horizon++;
      if (sequence.kpis.offCalendarTime.mean > 0) paused++;
    }
    // The generator must reach what it is there for: most models run, some hit the step limit, some stop at a
    // horizon with cases in progress. (A pool with nobody in it is refused before the run: no case gets stuck.)
    expect(compared).toBeGreaterThan(120);
    expect(aborted).toBeGreaterThan(3);
    expect(horizon).toBeGreaterThan(10);
    expect(paused).toBeGreaterThan(10);
  });

  it('leaves models with parallel paths, shift plans, case types, sub-processes or timers to the general engine', () => {
    const base = {
      nodes: [
        { id: 'S', kind: 'startEvent' },
        { id: 'A', kind: 'task', laneId: 'L' },
        { id: 'E', kind: 'endEvent' },
      ] as GraphNodeSpec[],
      flows: [['S', 'A'], ['A', 'E']] as [string, string][],
      lanes: [{ id: 'L' }],
    };
    const scenario: ScenarioInput = {
      id: 'x',
      name: 'x',
      pools: [{ id: 'P', name: 'P', headcount: 2, laneIds: ['L'] }],
      arrivals: { S: { interArrival: { type: 'exponential', mean: 10, unit: 'min' } } },
      tasks: { A: { duration: { type: 'exponential', mean: 8, unit: 'min' } } },
    };
    const engine = (graph: ReturnType<typeof buildGraph>, s: ScenarioInput) => {
      const prepared = prepareSimulation(graph, s, { cases: 10, replications: 1 });
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
      return prepared.run.engine();
    };
    expect(engine(buildGraph(base), scenario)).toBe('sequence');
    // A task with two outgoing flows splits the case into two paths.
    const split = buildGraph({ ...base, nodes: [...base.nodes, { id: 'B', kind: 'task', laneId: 'L' }], flows: [...base.flows, ['A', 'B'], ['B', 'E']] });
    expect(engine(split, scenario)).toBe('general');
    // A pool with office hours stays on the sequence engine; a shift plan does not.
    const calendars = { ...scenario, calendars: [{ id: 'c', name: 'c', hours: [{ days: ['mon' as const], from: '09:00', to: '17:00' }] }] };
    expect(engine(buildGraph(base), { ...calendars, pools: [{ id: 'P', name: 'P', headcount: 2, calendarId: 'c', laneIds: ['L'] }] })).toBe('sequence');
    expect(engine(buildGraph(base), { ...scenario, pools: [{ id: 'P', name: 'P', headcount: 2, laneIds: ['L'], shifts: { periods: [{ days: ['mon'], from: '08:00', to: '12:00', headcount: 1 }] } }] })).toBe('general');
    expect(engine(buildGraph(base), { ...scenario, caseTypes: [{ id: 'a', name: 'A', share: 0.5 }, { id: 'b', name: 'B', share: 0.5 }] })).toBe('general');
    const sub = buildGraph({ ...base, nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'A', kind: 'subProcess', laneId: 'L' }, { id: 'E', kind: 'endEvent' }] });
    expect(engine(sub, scenario)).toBe('general');
    const timer = buildGraph({ ...base, nodes: [...base.nodes, { id: 'T', kind: 'intermediateCatchEvent', eventDefinitions: ['timer'] }], flows: [['S', 'T'], ['T', 'A'], ['A', 'E']] });
    expect(engine(timer, scenario)).toBe('general');
    // Asked for: the general engine, with the same numbers.
    const prepared = prepareSimulation(buildGraph(base), scenario, { cases: 10, replications: 1, engine: 'general' });
    expect(prepared.ok && prepared.run.engine()).toBe('general');
  });
});

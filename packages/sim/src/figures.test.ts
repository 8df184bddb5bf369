// Figures a manager acts on (issue 13): each test is built on a model whose right answer is known by hand.
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '@leanflow/model';
import { buildGraph, simulateSync, type GraphSpec, type SimulationOptions, type SimulationResult } from './index.ts';

const MIN = 60;
const H = 3600;

function run(spec: GraphSpec, scenario: Partial<ScenarioInput>, options: SimulationOptions = {}): SimulationResult {
  const outcome = simulateSync(buildGraph(spec), { id: 's', name: 'test', ...scenario }, options);
  if (!outcome.ok) throw new Error(`rejected: ${JSON.stringify(outcome.issues)}`);
  return outcome;
}
const fixed = (value: number, unit: 's' | 'min' | 'h' | 'd' = 'min') => ({ type: 'fixed' as const, value, unit });
const line: GraphSpec = {
  nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'A', kind: 'userTask', laneId: 'L' }, { id: 'B', kind: 'sendTask', laneId: 'L' }, { id: 'E', kind: 'endEvent' }],
  flows: [['S', 'A'], ['A', 'B'], ['B', 'E']],
  lanes: [{ id: 'L' }],
};

describe('first response without a flagged task', () => {
  it('is null everywhere (no invented 2 h target, no "100% never answered")', () => {
    const r = run(line, { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { A: { duration: fixed(10) }, B: { duration: fixed(5) } } }, { cases: 20, replications: 2 });
    const fr = r.kpis.firstResponseTime;
    expect(fr).toMatchObject({ flagged: false, mean: null, ci95: null, withinSla: null, withoutResponse: null });
    expect(r.issues.find((i) => i.code === 'sim.firstResponse.unflagged')?.message).toMatch(/flag the task that first answers the customer/);
  });

  it('is measured once a task is flagged (the share never answered is a number again)', () => {
    const r = run(line, { arrivals: { S: { interArrival: fixed(1, 'h') } }, tasks: { A: { duration: fixed(10) }, B: { duration: fixed(5), substantiveResponse: true } } }, { cases: 20, replications: 2 });
    expect(r.kpis.firstResponseTime).toMatchObject({ flagged: true, mean: 15 * MIN, withinSla: 1, withoutResponse: 0 });
  });
});

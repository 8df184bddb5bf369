// The adapter on a real simulation whose figures are exact: fixed arrivals every 2 h, one person, 1 h of work.
import { simulateSync } from '@leanflow/sim';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULES, computeScorecard, toSimulationSummary } from './index.ts';
import { buildGraph, chain, end, scenarioOf, start, task } from './testing/build-graph.ts';

describe('toSimulationSummary', () => {
  const graph = buildGraph([start('S'), task('Answer'), end('E')], chain('S', 'Answer', 'E'));
  const scenario = scenarioOf({
    cases: 50,
    replications: 2,
    pools: [{ id: 'Agents', name: 'Agents', headcount: 1, costPerHour: 40 }],
    arrivals: { S: { interArrival: { type: 'fixed', value: 2, unit: 'h' } } },
    tasks: { Answer: { duration: { type: 'fixed', value: 60 }, poolId: 'Agents', valueClass: 'valueAdding', substantiveResponse: true } },
    targets: { firstResponseSla: { value: 2, unit: 'h' }, costPerCase: 50 },
  });

  it('carries the KPIs the dynamic rules read', () => {
    const outcome = simulateSync(graph, scenario);
    if (!outcome.ok) throw new Error(outcome.issues.map((i) => i.message).join('; '));
    const summary = toSimulationSummary(outcome);
    expect(summary.completedCases).toBe(100);
    expect(summary.cycleTime.mean).toBeCloseTo(3600, 6);
    expect(summary.firstResponse).toMatchObject({ withinSla: 1, slaSeconds: 7200 });
    expect(summary.firstResponse!.mean).toBeCloseTo(3600, 6);
    expect(summary.processCycleEfficiency).toBeCloseTo(1, 6);
    expect(summary.costPerCase!.mean).toBeCloseTo(40, 6);
    expect(summary.pools).toHaveLength(1);
    // Busy 1 h in every 2 h (the last case's idle tail aside).
    expect(summary.pools[0]!.utilisation).toBeGreaterThan(0.45);
    expect(summary.pools[0]!.utilisation).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(summary.tasks).toEqual([{ id: 'Answer', waiting: 0, processing: 3600, executionsPerCase: 1 }]);
  });

  it('feeds the dynamic rules of a scorecard', async () => {
    const outcome = simulateSync(graph, scenario);
    if (!outcome.ok) throw new Error('simulation rejected');
    const card = await computeScorecard(BUILT_IN_RULES, { graph, scenario, simulation: toSimulationSummary(outcome) });
    const byId = new Map(card.rules.map((r) => [r.ruleId, r] as const));
    expect(byId.get('first-response-time')!.score).toBe(100);
    expect(byId.get('cost-per-case')!.score).toBe(100);
    expect(byId.get('process-cycle-efficiency')!.score).toBe(100);
    expect(byId.get('cycle-time')!.score).toBe(100);
    // ~50% busy is below the 60% band: 0.5 / 0.6 of full marks.
    expect(byId.get('resource-utilisation')!.score).toBeGreaterThan(75);
    expect(byId.get('resource-utilisation')!.score).toBeLessThan(84);
    // The pool has no lanes: the finding points at the task assigned to it.
    expect(byId.get('resource-utilisation')!.findings[0]!.elementIds).toEqual(['Answer']);
  });
});

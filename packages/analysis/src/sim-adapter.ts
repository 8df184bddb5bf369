// Adapts @leanflow/sim's result to the few KPIs the dynamic rules read.
import type { SimulationResult } from '@leanflow/sim';
import type { MeanFigure, SimulationSummary } from './simulation-summary.ts';

const figure = (estimate: { readonly mean: number; readonly ci95: readonly [number, number] | null }): MeanFigure =>
  estimate.ci95 ? { mean: estimate.mean, halfWidth: (estimate.ci95[1] - estimate.ci95[0]) / 2 } : { mean: estimate.mean };

/**
 * The KPIs of a simulation run that the dynamic scoring rules read. Resolution is not told apart from cycle time
 * by the simulator, so it is left out (the resolution rule then uses cycle time).
 *
 * @example
 * const outcome = simulateSync(graph, scenario);
 * if (outcome.ok) await computeScorecard(BUILT_IN_RULES, { graph, scenario, simulation: toSimulationSummary(outcome) });
 */
export function toSimulationSummary(result: SimulationResult): SimulationSummary {
  const { kpis } = result;
  const completedCases = result.perReplication.reduce((sum, r) => sum + r.completedCases, 0);
  const casesPerReplication = result.perReplication.length > 0 ? result.perReplication.reduce((sum, r) => sum + r.cases, 0) / result.perReplication.length : 0;
  const fr = kpis.firstResponseTime;
  return {
    completedCases,
    cycleTime: figure(kpis.cycleTime),
    ...(fr.mean !== null && fr.withinSla !== null
      ? { firstResponse: { ...figure({ mean: fr.mean, ci95: fr.ci95 }), withinSla: fr.withinSla, slaSeconds: fr.slaSeconds } }
      : {}),
    costPerCase: figure(kpis.costPerCase),
    processCycleEfficiency: kpis.processCycleEfficiency.mean,
    pools: result.pools.map((p) => ({ id: p.id, name: p.name, utilisation: p.utilisation, queueGrowing: p.queueGrowing })),
    tasks: result.tasks.map((t) => ({
      id: t.id,
      waiting: t.waitingTime.mean,
      processing: t.processingTime.mean,
      ...(casesPerReplication > 0 ? { executionsPerCase: t.count / casesPerReplication } : {}),
    })),
    segments: result.segments.map((segment) => {
      const response = segment.kpis.firstResponseTime;
      return {
        id: segment.id,
        name: segment.name,
        share: segment.share,
        cases: segment.cases,
        cycleTime: figure(segment.kpis.cycleTime),
        ...(response.mean !== null && response.withinSla !== null
          ? { firstResponse: { ...figure({ mean: response.mean, ci95: response.ci95 }), withinSla: response.withinSla, slaSeconds: response.slaSeconds } }
          : {}),
        costPerCase: figure(segment.kpis.costPerCase),
      };
    }),
  };
}

// Runs the simulation engine for plugins (on the host, never in a plugin worker) and turns its result into the
// plain `SimulationSummary` of the plugin API. Used by headless hosts; the studio runs the engine in its own worker.
import type { ActiveModel, KpiEstimate, SimulationOptions, SimulationSummary } from '@leanflow/plugin-api';
import { toSimulationSummary } from '@leanflow/analysis';
import { createDefaultScenario } from '@leanflow/model';
import { simulate, type SimulationResult } from '@leanflow/sim';

const estimate = (value: { readonly mean: number; readonly ci95: readonly [number, number] | null }, unit: string): KpiEstimate =>
  value.ci95 ? { mean: value.mean, low: value.ci95[0], high: value.ci95[1], unit } : { mean: value.mean, unit };

/**
 * Converts an engine result into the plugin API's summary: KPIs in seconds (costs in the scenario currency),
 * per-element `executions`, `waitingTime`, `processingTime` (tasks) and `utilisation` (pools).
 *
 * @example
 * const outcome = await simulate(graph, scenario);
 * if (outcome.ok) return toPluginSimulationSummary(outcome);
 */
export function toPluginSimulationSummary(result: SimulationResult): SimulationSummary {
  const k = result.kpis;
  const kpis: Record<string, KpiEstimate> = {
    cycleTime: estimate(k.cycleTime, 's'),
    processingTime: estimate(k.processingTime, 's'),
    waitingTime: estimate(k.waitingTime, 's'),
    valueAddingTime: estimate(k.valueAddingTime, 's'),
    processCycleEfficiency: estimate(k.processCycleEfficiency, 'ratio'),
    costPerCase: estimate(k.costPerCase, 'currency'),
    throughputPerHour: estimate(k.throughputPerHour, '1/h'),
    workInProgress: estimate(k.workInProgress, 'cases'),
  };
  if (k.firstResponseTime.mean !== null) {
    kpis.firstResponseTime = estimate({ mean: k.firstResponseTime.mean, ci95: k.firstResponseTime.ci95 }, 's');
  }
  const elements: Record<string, Record<string, number>> = {};
  for (const element of result.elements) elements[element.id] = { executions: element.executions };
  for (const task of result.tasks) {
    elements[task.id] = { ...elements[task.id], waitingTime: task.waitingTime.mean, processingTime: task.processingTime.mean };
  }
  for (const pool of result.pools) elements[pool.id] = { ...elements[pool.id], utilisation: pool.utilisation };
  const cases = result.cases ?? Math.round(result.perReplication.reduce((sum, r) => sum + r.cases, 0) / Math.max(1, result.perReplication.length));
  // The scorecard's view of the same run, for the built-in dynamic rules (plugin API fields added in 1.x).
  return { cases, replications: result.replications, kpis, elements, ...toSimulationSummary(result) };
}

/**
 * Simulates the open model with its active scenario (a default one when the file has none).
 * Throws with the engine's issues when the model cannot be simulated.
 *
 * @example
 * const services = createMemoryServices({ model, runSimulation: (options) => simulateModel(model, options) });
 */
export async function simulateModel(model: ActiveModel | undefined, options: SimulationOptions): Promise<SimulationSummary> {
  if (!model) throw new Error('no process is open');
  if (options.scenarioId !== undefined && options.scenarioId !== model.scenario?.id) throw new Error(`scenario "${options.scenarioId}" is not the active scenario`);
  const scenario = model.scenario ?? createDefaultScenario(model.graph);
  const outcome = await simulate(model.graph, scenario, {
    ...(options.cases !== undefined ? { cases: options.cases } : {}),
    ...(options.replications !== undefined ? { replications: options.replications } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  if (!outcome.ok) throw new Error(`the model cannot be simulated: ${outcome.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ')}`);
  return toPluginSimulationSummary(outcome);
}

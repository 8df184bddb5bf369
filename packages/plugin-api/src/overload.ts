// Overload before a run, for the built-in Simulation plugin (plugins import only this package): the same
// `sim.pool.overloaded` warnings a run reports, computed from the model and scenario alone (offered load >= 1).
import { computeOfferedLoad, overloadWarnings } from '@leanflow/analysis';
import { createDefaultScenario } from '@leanflow/model';
import type { ActiveModel, SimulationIssue } from './api.ts';

/**
 * The overload warnings of the open model with its scenario (a default one when the file has none, as a run uses),
 * one per pool whose offered load is 1 or more, naming the pool, the load and its calendar window.
 *
 * @example
 * modelOverloadWarnings(context.model.getActiveModel()!).map((w) => w.message);
 */
export function modelOverloadWarnings(model: Pick<ActiveModel, 'graph' | 'scenario'>): SimulationIssue[] {
  try {
    return overloadWarnings(computeOfferedLoad(model.graph, model.scenario ?? createDefaultScenario(model.graph))).map((i) => ({
      code: i.code,
      severity: i.severity,
      message: i.message,
      ...(i.elementId !== undefined ? { elementId: i.elementId } : {}),
    }));
  } catch {
    // A model the engine cannot compile has no offered load; the run says why it cannot start.
    return [];
  }
}

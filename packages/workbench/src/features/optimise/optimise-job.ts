// The work of an optimiser worker, without the worker (DOM-free: unit tests run it in Node). Each worker keeps the
// last document it read, so a search parses the XML once per worker, not once per staffing.
import { durationToSeconds, loadDocument, saveScenariosToXml, type ProcessGraph, type Scenario } from '@leanflow/model';
import { evaluateStaffing, planStaffingSearch } from '@leanflow/analysis';
import type { OptimiseReply, OptimiseRequest } from './protocol.ts';

interface Loaded {
  readonly xml: string;
  readonly graph: ProcessGraph;
  readonly scenario: Scenario;
  readonly scenarios: readonly Scenario[];
}

let cached: Loaded | undefined;

async function load(xml: string): Promise<Loaded> {
  if (cached?.xml === xml) return cached;
  const document = await loadDocument(xml);
  const errors = document.modelIssues.filter((i) => i.severity === 'error');
  const scenario = document.scenarios.find((s) => s.id === document.activeScenarioId) ?? document.scenarios[0];
  if (!document.graph || errors.length > 0 || !scenario) throw new Error(errors[0]?.message ?? 'The process has no start event or task to simulate.');
  cached = { xml, graph: document.graph, scenario, scenarios: document.scenarios };
  return cached;
}

/**
 * Answers one request of the optimiser protocol.
 *
 * @example
 * const reply = await handleOptimiseRequest({ type: 'plan', id: 1, xml });
 */
export async function handleOptimiseRequest(request: OptimiseRequest): Promise<OptimiseReply> {
  try {
    const { graph, scenario, scenarios } = await load(request.xml);
    if (request.type === 'plan') {
      const plan = planStaffingSearch(graph, scenario, request.maxHeadcount === undefined ? {} : { maxHeadcount: request.maxHeadcount });
      const flagged = Object.values(scenario.tasks).some((t) => t.substantiveResponse);
      return { type: 'planned', id: request.id, plan, scenarioName: scenario.name, firstResponseTargetSeconds: durationToSeconds(scenario.targets.firstResponseSla), flagged };
    }
    if (request.type === 'evaluate')
      return { type: 'evaluated', id: request.id, evaluations: request.staffings.map((h) => evaluateStaffing(graph, scenario, request.target, h, request.run)) };
    const staffed = scenarios.map((s) => (s.id === scenario.id ? { ...s, pools: s.pools.map((p) => ({ ...p, headcount: request.headcounts[p.id] ?? p.headcount })) } : s));
    const saved = await saveScenariosToXml(request.xml, staffed, { activeScenarioId: scenario.id });
    if (!saved.xml) throw new Error(saved.issues.find((i) => i.severity === 'error')?.message ?? 'The staffing could not be written into the process.');
    return { type: 'applied', id: request.id, xml: saved.xml };
  } catch (error) {
    return { type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) };
  }
}

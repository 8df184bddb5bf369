// Turns a BPMN file into the `ActiveModel` plugins see: the typed graph plus the file's active scenario.
import type { ActiveModel } from '@leanflow/plugin-api';
import { loadDocument, type ModelIssue } from '@leanflow/model';

/**
 * Reads BPMN XML into an `ActiveModel`; `model` is absent when the file cannot be read (see `issues`). The scenario
 * is chosen as the simulator, the scorecard and the CLI choose it (`loadDocument`): the file's own `lf:` scenarios,
 * else one imported from its BPSim or BIMP/QBP data; a default Leanflow made up is not a scenario of the file.
 *
 * @example
 * const { model, issues } = await modelFromBpmn(xml, 'lead-to-quote.bpmn');
 */
export async function modelFromBpmn(xml: string, uri: string): Promise<{ readonly model?: ActiveModel; readonly issues: readonly ModelIssue[] }> {
  const loaded = await loadDocument(xml);
  if (!loaded.graph) return { issues: loaded.modelIssues };
  const scenario = loaded.defaulted ? undefined : (loaded.scenarios.find((s) => s.id === loaded.activeScenarioId) ?? loaded.scenarios[0]);
  return { model: scenario ? { uri, version: 1, graph: loaded.graph, scenario } : { uri, version: 1, graph: loaded.graph }, issues: loaded.modelIssues };
}

// Turns a BPMN file into the `ActiveModel` plugins see: the typed graph plus the file's active scenario.
import type { ActiveModel } from '@leanflow/plugin-api';
import { loadDocument, type ModelIssue } from '@leanflow/model';

/**
 * Reads BPMN XML into an `ActiveModel`; `model` is absent when the file cannot be read (see `issues`). The scenario
 * is the file's active one, stored by Leanflow or imported from its BPSim or BIMP/QBP data (as `leanflow simulate`,
 * `score` and `compare` read it); a scenario Leanflow would make up for a file without one is not given to plugins.
 *
 * @example
 * const { model, issues } = await modelFromBpmn(xml, 'lead-to-quote.bpmn');
 */
export async function modelFromBpmn(xml: string, uri: string): Promise<{ readonly model?: ActiveModel; readonly issues: readonly ModelIssue[] }> {
  const doc = await loadDocument(xml);
  if (!doc.graph) return { issues: doc.modelIssues };
  const scenarios = doc.defaulted ? [] : doc.scenarios;
  const scenario = scenarios.find((s) => s.id === doc.activeScenarioId) ?? scenarios[0];
  return { model: scenario ? { uri, version: 1, graph: doc.graph, scenario } : { uri, version: 1, graph: doc.graph }, issues: doc.modelIssues };
}

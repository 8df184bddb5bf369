// Turns a BPMN file into the `ActiveModel` plugins see: the typed graph plus the file's active scenario.
import type { ActiveModel } from '@leanflow/plugin-api';
import { parseBpmn, readScenarios, type ModelIssue } from '@leanflow/model';

/**
 * Reads BPMN XML into an `ActiveModel`; `model` is absent when the file cannot be read (see `issues`).
 *
 * @example
 * const { model, issues } = await modelFromBpmn(xml, 'lead-to-quote.bpmn');
 */
export async function modelFromBpmn(xml: string, uri: string): Promise<{ readonly model?: ActiveModel; readonly issues: readonly ModelIssue[] }> {
  const parsed = await parseBpmn(xml);
  if (!parsed.graph) return { issues: parsed.issues };
  const stored = parsed.definitions ? readScenarios(parsed.definitions) : undefined;
  const scenario = stored?.scenarios.find((s) => s.id === stored.activeScenarioId) ?? stored?.scenarios[0];
  const issues = [...parsed.issues, ...(stored?.issues ?? [])];
  return { model: scenario ? { uri, version: 1, graph: parsed.graph, scenario } : { uri, version: 1, graph: parsed.graph }, issues };
}

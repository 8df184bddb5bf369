// Turns a BPMN file into the `ActiveModel` plugins see: the typed graph plus the file's active scenario.
import { lintForScoring } from '@leanflow/analysis';
import type { ActiveModel, AnalysisInput, BpmnlintReport, ScoringProfileData } from '@leanflow/plugin-api';
import { loadDocument, type DocumentLoader, type ModelIssue } from '@leanflow/model';

/**
 * Reads BPMN XML into an `ActiveModel`; `model` is absent when the file cannot be read (see `issues`). The scenario
 * is chosen as the simulator, the scorecard and the CLI choose it (`loadDocument`): the file's own `lf:` scenarios,
 * else one imported from its BPSim or BIMP/QBP data; a default Leanflow made up is not a scenario of the file.
 *
 * @example
 * const { model, issues } = await modelFromBpmn(xml, 'lead-to-quote.bpmn');
 *
 * `load` reads the version (default `loadDocument`); the studio passes its analysis worker's cache.
 */
export async function modelFromBpmn(xml: string, uri: string, load: DocumentLoader = loadDocument): Promise<{ readonly model?: ActiveModel; readonly issues: readonly ModelIssue[] }> {
  const loaded = await load(xml);
  if (!loaded.graph) return { issues: loaded.modelIssues };
  const scenario = loaded.defaulted ? undefined : (loaded.scenarios.find((s) => s.id === loaded.activeScenarioId) ?? loaded.scenarios[0]);
  return { model: scenario ? { uri, version: 1, graph: loaded.graph, scenario } : { uri, version: 1, graph: loaded.graph }, issues: loaded.modelIssues };
}

/**
 * bpmnlint's reports on a file for the scoring rules' input (`AnalysisInput.bpmnlint`), with the profile's
 * `bpmnlint` thresholds: the host lints where it reads the version, so no plugin parses the XML again. Undefined when
 * the file cannot be read or the thresholds are invalid (the bpmnlint rule then says why).
 *
 * @example
 * const input = { graph, xml, profile, bpmnlint: await bpmnlintReportFor(xml, profile) };
 */
export async function bpmnlintReportFor(xml: string, profile?: ScoringProfileData, load: DocumentLoader = loadDocument): Promise<BpmnlintReport | undefined> {
  const loaded = await load(xml);
  if (!loaded.graph || !loaded.definitions) return undefined;
  return lintForScoring(loaded.definitions, loaded.graph, profile?.thresholds?.['bpmnlint']);
}

/** The input with bpmnlint's reports on its `xml` (read here), for hosts that were given the file alone. */
export async function withBpmnlint(input: AnalysisInput): Promise<AnalysisInput> {
  if (input.xml === undefined) return input;
  const bpmnlint = await bpmnlintReportFor(input.xml, input.profile);
  return bpmnlint ? { ...input, bpmnlint } : input;
}

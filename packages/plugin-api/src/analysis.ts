// Analysis exposed through plugin-api (issue #6): the built-in suggestion providers of @leanflow/analysis as runtime
// values, and the adapters between what a plugin is given (`AnalysisInput`) and what those providers read, so a
// plugin (the built-in `plugins/simplifications`) can register them with `context.suggestions.registerProvider`.
import { BUILT_IN_SUGGESTION_PROVIDERS, analyseGraph, type RedesignHeuristic, type Suggestion as AnalysisSuggestion, type SuggestionKind, type SimulationSummary as AnalysisSimulationSummary, type SuggestionInput, type SuggestionProvider as AnalysisSuggestionProvider } from '@leanflow/analysis';
import type { AnalysisInput, Suggestion } from './api.ts';
import { modelEditsToProcessEdits, processEditsToModelEdits } from './edits.ts';

export { BUILT_IN_SUGGESTION_PROVIDERS, analyseGraph };
export type { AnalysisSuggestion, AnalysisSuggestionProvider };

/**
 * Providers that need the graph's data associations (`ProcessGraph.dataAssociations`): without them `parallelise`
 * could not see a data dependency between two tasks, so a plugin leaves these out when a host gives a graph with data
 * objects but no associations (hosts that read the graph from a file always fill them).
 */
export const PROVIDERS_NEEDING_DATA_ASSOCIATIONS: readonly string[] = ['parallelise', 'moveAfterDecision'];

/** The figures of a plugin's simulation summary the analysis providers read (pool utilisation, task times). */
function simulationFrom(input: AnalysisInput): AnalysisSimulationSummary | undefined {
  const summary = input.simulation;
  if (!summary) return undefined;
  const pools: { id: string; utilisation: number }[] = [];
  const tasks: { id: string; waiting: number; processing: number; executionsPerCase?: number }[] = [];
  for (const [id, figures] of Object.entries(summary.elements)) {
    if (figures['utilisation'] !== undefined) pools.push({ id, utilisation: figures['utilisation'] });
    if (figures['processingTime'] !== undefined)
      tasks.push({
        id,
        waiting: figures['waitingTime'] ?? 0,
        processing: figures['processingTime'],
        ...(figures['executions'] !== undefined && summary.cases > 0 ? { executionsPerCase: figures['executions'] / summary.cases } : {}),
      });
  }
  const mean = (key: string) => summary.kpis[key]?.mean;
  const cycle = mean('cycleTime');
  const cost = mean('costPerCase');
  return {
    completedCases: summary.cases,
    cycleTime: { mean: cycle ?? 0 },
    ...(cost !== undefined ? { costPerCase: { mean: cost } } : {}),
    ...(mean('processCycleEfficiency') !== undefined ? { processCycleEfficiency: mean('processCycleEfficiency')! } : {}),
    pools,
    tasks,
  };
}

/**
 * What the analysis providers read, built from a plugin's input.
 *
 * @example
 * const suggestions = BUILT_IN_SUGGESTION_PROVIDERS[0].provide(toSuggestionInput(input));
 */
export function toSuggestionInput(input: AnalysisInput): SuggestionInput {
  const simulation = simulationFrom(input);
  return {
    graph: input.graph,
    ...(input.scenario ? { scenario: input.scenario } : {}),
    ...(simulation ? { simulation } : {}),
    analysis: analyseGraph(input.graph, input.scenario),
  };
}

/** `why` of a built-in suggestion in plugin form (for people; the heuristic also travels as its own field). */
const whyOf = (heuristic: string, adviceOnly: boolean) => `Redesign heuristic: ${heuristic} (Reijers & Limam Mansar, 2005).${adviceOnly ? ' Advice only: a person decides where and how.' : ''}`;

/**
 * An analysis suggestion in the plugin API's form (rationale → description, heuristic → why, edits translated).
 * The id keeps the analysis form `<kind>:<element ids>`, so the kind can be read back from it.
 *
 * @example
 * const suggestions = provider.provide(toSuggestionInput(input)).map(toPluginSuggestion);
 */
export function toPluginSuggestion(suggestion: AnalysisSuggestion): Suggestion {
  return {
    id: suggestion.id,
    title: suggestion.title,
    description: suggestion.rationale,
    why: whyOf(suggestion.heuristic, suggestion.adviceOnly === true),
    heuristic: suggestion.heuristic,
    ...(suggestion.adviceOnly ? { adviceOnly: true } : {}),
    ...(suggestion.titleMessage ? { titleMessage: suggestion.titleMessage } : {}),
    ...(suggestion.rationaleMessage ? { descriptionMessage: suggestion.rationaleMessage } : {}),
    elementIds: [...suggestion.elements],
    edits: modelEditsToProcessEdits(suggestion.edits),
  };
}

/** The kind (and heuristic) of a plugin's suggestion in analysis form: not one of the built-in kinds. */
export const PLUGIN_SUGGESTION_KIND = 'plugin';

/** The built-in kind of an id of the form `<kind>:<elements>`, if it has that form. */
function builtInKind(id: string): SuggestionKind | undefined {
  return BUILT_IN_SUGGESTION_PROVIDERS.find((p) => id.startsWith(`${p.id}:`))?.id as SuggestionKind | undefined;
}

/**
 * A plugin's suggestion in analysis form, so hosts gate and predict it like the built-in ones (`suggestSimplifications`
 * with it as a provider's output). The id becomes `<pluginId>/<id>` unless it already has the built-in
 * `<kind>:<elements>` form (the simplifications plugin), so equal suggestions stay equal; a built-in suggestion gets
 * its kind, heuristic, rationale and advice flag back exactly (`toPluginSuggestion` undone). Undefined when it sets
 * plain BPMN attributes or has no edits (nothing `applyEdits` can preview), unless it is built-in advice.
 *
 * @example
 * const s = toAnalysisSuggestion('acme.fast', { id: 'x', title: 'Automate', elementIds: ['T'], edits: [...] });
 */
export function toAnalysisSuggestion(pluginId: string, suggestion: Suggestion): AnalysisSuggestion | undefined {
  const { modelEdits, attributes } = processEditsToModelEdits(suggestion.edits);
  const kind = builtInKind(suggestion.id);
  // A built-in suggestion carries its heuristic as a field (never parsed back out of the `why` sentence).
  const builtIn = kind !== undefined && suggestion.heuristic !== undefined;
  const adviceOnly = builtIn && suggestion.adviceOnly === true && modelEdits.length === 0;
  if (attributes.length > 0 || (modelEdits.length === 0 && !adviceOnly)) return undefined;
  return {
    id: kind !== undefined ? suggestion.id : `${pluginId}/${suggestion.id}`,
    kind: builtIn ? kind : (PLUGIN_SUGGESTION_KIND as SuggestionKind),
    heuristic: (builtIn ? suggestion.heuristic : PLUGIN_SUGGESTION_KIND) as RedesignHeuristic,
    title: suggestion.title,
    rationale: suggestion.description ?? suggestion.why ?? '',
    ...(suggestion.titleMessage ? { titleMessage: suggestion.titleMessage } : {}),
    ...(suggestion.descriptionMessage ? { rationaleMessage: suggestion.descriptionMessage } : {}),
    elements: [...suggestion.elementIds],
    edits: modelEdits,
    ...(adviceOnly ? { adviceOnly: true } : {}),
  };
}

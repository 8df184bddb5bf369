// Suggestions from the plugin host in the analysis form hosts gate and predict (`suggestSimplifications`): the built-in
// simplifications plugin's (exactly the analysis providers' output) and every other plugin's. Shared by the CLI and
// the studio so both read the host's answers the same way.
import { BUILT_IN_SUGGESTION_PROVIDERS, toAnalysisSuggestion, type AnalysisInput, type AnalysisSuggestion } from '@leanflow/plugin-api';
import type { SimulationResult } from '@leanflow/sim';
import type { ProviderOutcome } from './host/types.ts';
import { toPluginSimulationSummary } from './simulation.ts';

/** Which plugin registers the analysis providers: the set-up (studio, CLI) names it; the host knows no plugin by id. */
export interface CollectSuggestionsOptions {
  /** The built-in plugin whose providers are the analysis providers (`plugins/simplifications`). */
  readonly builtInPluginId: string;
}

/** A plugin's suggestion in analysis form and where it came from. */
export interface PluginSuggestion {
  readonly suggestion: AnalysisSuggestion;
  readonly pluginId: string;
  /** The provider's title from the plugin's manifest. */
  readonly providerTitle: string;
}

/** The host's answers sorted out (see `collectPluginSuggestions`). */
export interface CollectedSuggestions {
  /**
   * The simplifications plugin's suggestions in the analysis providers' order, or undefined when it did not answer
   * for every provider (not installed, disabled, crashed, timed out): the caller decides whether to run the providers
   * directly instead.
   */
  readonly builtIn: readonly AnalysisSuggestion[] | undefined;
  /** Every other plugin's suggestions, in the host's order. */
  readonly external: readonly PluginSuggestion[];
  /** Providers that failed (crash, time-out, invalid answer). */
  readonly failures: readonly { readonly pluginId: string; readonly providerId: string; readonly title: string; readonly error: string }[];
  /** Suggestions that only set plain BPMN attributes (nothing `applyEdits` can preview): `<pluginId>/<id>`. */
  readonly skipped: readonly string[];
}


/**
 * Sorts `host.provideSuggestions()` outcomes into the built-in plugin's suggestions and the others, translated to
 * analysis form (`toAnalysisSuggestion`: built-in ones get their kind, heuristic and advice flag back).
 *
 * @example
 * const { builtIn, external } = collectPluginSuggestions(await host.provideSuggestions(input), { builtInPluginId: simplificationsId });
 * const providers = [{ id: 'builtIn', provide: () => builtIn ?? [] }, { id: 'plugins', provide: () => external.map((e) => e.suggestion) }];
 */
export function collectPluginSuggestions(outcomes: readonly ProviderOutcome[], options: CollectSuggestionsOptions): CollectedSuggestions {
  const builtInId = options.builtInPluginId;
  const builtInOrder = (providerId: string) => BUILT_IN_SUGGESTION_PROVIDERS.findIndex((p) => providerId === `${builtInId}.${p.id}`);
  const own = outcomes.filter((o) => o.pluginId === builtInId).sort((a, b) => builtInOrder(a.providerId) - builtInOrder(b.providerId));
  const complete = own.length === BUILT_IN_SUGGESTION_PROVIDERS.length && own.every((o) => o.ok);
  const external: PluginSuggestion[] = [];
  const failures: { pluginId: string; providerId: string; title: string; error: string }[] = [];
  const skipped: string[] = [];
  const builtIn: AnalysisSuggestion[] = [];
  for (const outcome of [...own, ...outcomes.filter((o) => o.pluginId !== builtInId)]) {
    if (!outcome.ok) {
      failures.push({ pluginId: outcome.pluginId, providerId: outcome.providerId, title: outcome.title, error: outcome.error });
      continue;
    }
    for (const s of outcome.suggestions) {
      const suggestion = toAnalysisSuggestion(outcome.pluginId, s);
      if (!suggestion) skipped.push(`${outcome.pluginId}/${s.id}`);
      else if (outcome.pluginId === builtInId) builtIn.push(suggestion);
      else external.push({ suggestion, pluginId: outcome.pluginId, providerTitle: outcome.title });
    }
  }
  return { builtIn: complete ? builtIn : undefined, external, failures, skipped };
}

/**
 * What suggestion providers are given for a file: its graph (with data associations) and scenario, the quick
 * simulation run the analysis providers size pools with (in the plugin API's form) and the XML. Built from
 * `prepareSuggestions` (analysis), so plugins see exactly what the providers see when called directly.
 *
 * @example
 * const prepared = await prepareSuggestions(xml, { cases: 500, replications: 3 });
 * if (prepared.ok) await host.provideSuggestions(suggestionInputFor(prepared, xml));
 */
export function suggestionInputFor(prepared: { readonly graph: AnalysisInput['graph']; readonly scenario?: AnalysisInput['scenario']; readonly simulationResult?: SimulationResult }, xml?: string): AnalysisInput {
  return {
    graph: prepared.graph,
    ...(prepared.scenario ? { scenario: prepared.scenario } : {}),
    ...(prepared.simulationResult ? { simulation: toPluginSimulationSummary(prepared.simulationResult) } : {}),
    ...(xml !== undefined ? { xml } : {}),
  };
}

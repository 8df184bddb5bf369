// Built-in plugin: registers the built-in simplification suggestions (implemented in @leanflow/analysis, exposed
// through @leanflow/plugin-api) as suggestion providers, one per redesign heuristic. Written only against the plugin
// API, exactly like a third-party plugin; the host validates, previews and applies the edits.
import {
  BUILT_IN_SUGGESTION_PROVIDERS,
  PROVIDERS_NEEDING_DATA_ASSOCIATIONS,
  toPluginSuggestion,
  toSuggestionInput,
  type AnalysisInput,
  type AnalysisSuggestionProvider,
  type PluginContext,
  type Suggestion,
} from '@leanflow/plugin-api';

/** The provider id in the manifest for an analysis provider. */
export const providerId = (provider: AnalysisSuggestionProvider): string => `leanflow.simplifications.${provider.id}`;

/** One analysis provider's suggestions for a plugin's input, in the plugin API's form. */
export function provideWith(provider: AnalysisSuggestionProvider, input: AnalysisInput): Suggestion[] {
  // A host that does not know the data associations would hide every data dependency: do not guess then.
  if (PROVIDERS_NEEDING_DATA_ASSOCIATIONS.includes(provider.id) && input.graph.dataAssociations === undefined && input.graph.dataElements.length > 0) return [];
  return provider.provide(toSuggestionInput(input)).map(toPluginSuggestion);
}

export function activate(context: PluginContext): void {
  for (const provider of BUILT_IN_SUGGESTION_PROVIDERS) {
    context.subscriptions.push(context.suggestions.registerProvider(providerId(provider), { provideSuggestions: (input) => provideWith(provider, input) }));
  }
}

// The one way the studio gets suggestions: the suggestions worker prepares the providers' input (graph with data
// associations, scenario, quick simulation), the plugin host's providers make the suggestions (the built-in
// simplifications plugin's and installed plugins'), and the worker then gates and predicts them. There is no second
// path that runs the built-in providers without the host.
import type { Suggestion } from '@leanflow/analysis';
import type { AnalysisInput } from '@leanflow/plugin-api';
import { collectPluginSuggestions, describeError, type ProviderOutcome } from '@leanflow/plugin-host';
import { toDisposable, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { WorkerClient } from '../../base/worker-client.ts';
import { SIMPLIFICATIONS_PLUGIN_ID } from '../extensions/builtin-ids.ts';
import type { ExternalSuggestion, PrepareParams, PrepareResponse } from './protocol.ts';

/** The built-in plugin that makes the built-in suggestions (the providers of @leanflow/analysis). */
export const BUILT_IN_SUGGESTIONS_PLUGIN = SIMPLIFICATIONS_PLUGIN_ID;
/** How long the list waits for the providers in the plugin host; after that it goes on without their suggestions. */
export const PLUGIN_SUGGESTIONS_TIMEOUT_MS = 5000;

/**
 * Where the built-in suggestions of a list came from: the simplifications plugin through the host (`plugin`), nowhere
 * because the user disabled the plugin (`none`), or nowhere because the plugin or the host failed or is missing
 * (`failed`; the view says so). `direct` (the providers run without the host) is no longer produced.
 */
export type BuiltInSource = 'plugin' | 'direct' | 'none' | 'failed';

/** What the suggestions need of the plugin platform (the PluginService). */
export interface PluginSuggestionSource {
  whenStarted(): Promise<void>;
  /** Fires when a plugin is installed, removed or changes state. */
  readonly onDidChange?: Event<void>;
  info(pluginId: string): { readonly builtIn: boolean } | undefined;
  readonly host: {
    status(pluginId: string): { readonly state: string } | undefined;
    readonly contributions: { suggestionProviders(): readonly { readonly pluginId: string }[] };
    provideSuggestions(input: AnalysisInput): Promise<readonly ProviderOutcome[]>;
  };
}

/** The plugins' part of one computation (the `builtIn` and `external` of the worker's `suggest`). */
export interface FromPlugins {
  readonly builtIn: readonly Suggestion[];
  readonly external: readonly ExternalSuggestion[];
  readonly source: BuiltInSource;
  /** Why the built-in suggestions are missing (`failed`), for the Output panel. */
  readonly failure?: string;
  /** Installed plugins whose providers failed: their title and error. */
  readonly providerFailures: readonly { readonly title: string; readonly error: string }[];
}

/**
 * Run settings of the predictions: the Simulation view's — the simulation feature's `simulation.cases` and
 * `simulation.replications` settings when set (> 0), else the scenario's own — so a prediction's "before" is the run
 * the Simulation view shows (500 x 5 made them differ).
 */
export function predictionSettings(settings: { get<T extends string | number | boolean>(id: string): T; schema(id: string): unknown }): { cases?: number; replications?: number } {
  const set = (id: string) => (settings.schema(id) !== undefined ? settings.get<number>(id) : 0);
  const cases = set('simulation.cases');
  const replications = set('simulation.replications');
  return { ...(cases > 0 ? { cases } : {}), ...(replications > 0 ? { replications } : {}) };
}

/**
 * Asks the plugin host's providers for suggestions on `xml`: the built-in simplifications plugin's and installed
 * plugins' (the bundled examples are left out). A file the analysis refuses gets none (the worker says why when it
 * lists). Suggestions that set plain BPMN attributes cannot be previewed and are left out.
 *
 * @example
 * const fromPlugins = await suggestionsFromPlugins(client, plugins, { xml }, signal);
 */
export async function suggestionsFromPlugins(
  client: WorkerClient,
  plugins: PluginSuggestionSource | undefined,
  params: PrepareParams,
  signal: AbortSignal,
  timeoutMs = PLUGIN_SUGGESTIONS_TIMEOUT_MS,
): Promise<FromPlugins> {
  const failed = (failure: string): FromPlugins => ({ builtIn: [], external: [], source: 'failed', failure, providerFailures: [] });
  if (!plugins) return failed('no plugin platform');
  await plugins.whenStarted();
  signal.throwIfAborted();
  const state = plugins.host.status(BUILT_IN_SUGGESTIONS_PLUGIN)?.state;
  const builtInOn = state !== undefined && state !== 'disabled';
  const asked = (pluginId: string) => pluginId === BUILT_IN_SUGGESTIONS_PLUGIN || plugins.info(pluginId)?.builtIn === false;
  const none: FromPlugins = { builtIn: [], external: [], source: 'none', providerFailures: [] };
  const others = plugins.host.contributions.suggestionProviders().some((p) => p.pluginId !== BUILT_IN_SUGGESTIONS_PLUGIN && asked(p.pluginId));
  if (!builtInOn && !others) return state === 'disabled' ? none : failed(state ?? 'not installed');
  const prepared = await client.request<PrepareResponse>('prepare', params, { signal });
  if (!prepared.ok) return { ...none, source: builtInOn ? 'plugin' : 'none' };
  let outcomes: readonly ProviderOutcome[];
  try {
    outcomes = await withTimeout(plugins.host.provideSuggestions(prepared.input), timeoutMs, signal);
  } catch (error) {
    signal.throwIfAborted();
    return failed(describeError(error));
  }
  const collected = collectPluginSuggestions(outcomes.filter((o) => asked(o.pluginId)), { builtInPluginId: BUILT_IN_SUGGESTIONS_PLUGIN });
  const providerFailures = collected.failures.filter((f) => f.pluginId !== BUILT_IN_SUGGESTIONS_PLUGIN).map((f) => ({ title: f.title, error: f.error }));
  const external = collected.external.map((e): ExternalSuggestion => ({ suggestion: e.suggestion, providerTitle: e.providerTitle }));
  if (!builtInOn) return { ...none, external, providerFailures };
  if (!collected.builtIn) {
    const failure = collected.failures.find((f) => f.pluginId === BUILT_IN_SUGGESTIONS_PLUGIN)?.error ?? state ?? '';
    return { builtIn: [], external, source: 'failed', failure, providerFailures };
  }
  return { builtIn: collected.builtIn, external, source: 'plugin', providerFailures };
}

/** `promise`, or a rejection after `ms` ("no answer within … s") or when `signal` aborts. */
function withTimeout<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** Calls `listener` when the built-in simplifications plugin is disabled or enabled (what is listed changes). */
export function onBuiltInToggled(plugins: PluginSuggestionSource | undefined, listener: () => void): Disposable {
  const builtInOff = () => plugins?.host.status(BUILT_IN_SUGGESTIONS_PLUGIN)?.state === 'disabled';
  let wasOff = builtInOff();
  if (!plugins?.onDidChange) return toDisposable(() => {});
  return plugins.onDidChange(() => {
    if (builtInOff() === wasOff) return;
    wasOff = builtInOff();
    listener();
  });
}

// The one way the studio scores a model: the scorecard worker reads the XML (off the UI thread), every plugin's
// rules run in the plugin host (the built-in lean-scorecard plugin and installed ones), and the results are combined
// with the framework's weights. The Scorecard view, Compare and the suggestions' predictions all score through here.
import { parseStoredProfile, type Scorecard, type ScoringProfile, type SimulationSummary } from '@leanflow/analysis';
import type { AnalysisInput, ScoringRuleContribution } from '@leanflow/plugin-api';
import { scorecardFromPlugins, toPluginSimulationSummary, withScorecardFigures, type ScoringReport } from '@leanflow/plugin-host';
import type { SimulationResult } from '@leanflow/sim';
import type { Event } from '../../base/lifecycle.ts';
import type { WorkerClient } from '../../base/worker-client.ts';
import { buildProfile, SCORECARD_SETTING, scorecardOptionsFromSettings, simulationInput, type ScorecardSettingsReader } from './profile.ts';
import type { PrepareParams, PrepareResponse, ScoreRefusal, UsedProfile } from './protocol.ts';

/**
 * Where the rules run: the plugin host (the built-in lean-scorecard plugin and every installed plugin with scoring
 * rules). While it is not `available()` (the built-in plugin disabled or crashed) the view says so; there is no
 * second path that scores without the host.
 */
export interface ScoringRuleSource {
  available(): boolean;
  /** Resolves once the host has started its plugins (before that, `available()` cannot tell yet). */
  whenStarted?(): Promise<void>;
  runScoring(input: AnalysisInput): Promise<ScoringReport>;
  scoringRules(): readonly (ScoringRuleContribution & { readonly pluginId: string })[];
  /** The plugin whose rules are the scorecard's own (they keep their ids); the host knows no plugin by id. */
  readonly builtInPluginId: string;
  /** A plugin's display name (for "From the plugin …" under its rules). */
  pluginName?(pluginId: string): string | undefined;
  /** A plugin's manifest text in the studio's language (its `l10n`), e.g. its rules' titles; else undefined. */
  localizeText?(text: string): string | undefined;
  /** Fires when plugins are installed, removed, enabled or change state. */
  readonly onDidChange: Event<unknown>;
}

/**
 * Where the latest simulation result of a document comes from (the hook for the simulation feature). Return
 * undefined when there is none or when it no longer matches the model (stale).
 */
export interface SimulationResultSource {
  latest(documentId: string): SimulationResult | undefined;
  readonly onDidChange: Event<unknown>;
  /** Starts a simulation of the document (the view's "Simulate now" button); absent: no button. */
  run?(documentId: string): Promise<void>;
  /** Whether a simulation is running now (the button then says so). */
  running?(): boolean;
}

/** Scores a file with a simulation run exactly as the Scorecard view does (one score per run in every view). */
export interface RunScorer {
  scoreRun(xml: string, result: SimulationResult | undefined): Promise<Scorecard | undefined>;
}

/** One scoring: the XML, the profile the settings give, and the run that feeds the dynamic rules. */
export interface ScoringJob {
  readonly xml: string;
  readonly profile: ScoringProfile;
  readonly useModelProfile: boolean;
  readonly simulated: { readonly result: SimulationResult; readonly summary: SimulationSummary } | undefined;
  readonly signal?: AbortSignal;
}

/**
 * The scoring of `xml` with the run `result` as the settings ask: their profile and thresholds, the file's own profile
 * when they allow it, and the scorecard's summary of the run. `invalidBand` says when the utilisation band is wrong.
 */
export function scoringJob(settings: ScorecardSettingsReader, xml: string, result: SimulationResult | undefined, signal?: AbortSignal): ScoringJob & { invalidBand?: { low: number; high: number } } {
  const options = scorecardOptionsFromSettings(settings);
  const { profile, invalidBand } = buildProfile(options);
  let summary: SimulationSummary | undefined;
  try {
    summary = result ? simulationInput(result, options.firstResponseSlaHours) : undefined;
  } catch {
    summary = undefined; // an unexpected result shape: score the model alone rather than fail
  }
  return {
    xml,
    profile,
    useModelProfile: settings.get<boolean>(SCORECARD_SETTING.useModelProfile),
    simulated: result && summary ? { result, summary } : undefined,
    ...(signal ? { signal } : {}),
    ...(invalidBand ? { invalidBand } : {}),
  };
}

export type ScoringOutcome =
  | { type: 'card'; card: Scorecard; profile: UsedProfile; modelProfileIssues: readonly string[]; ruleSources: Record<string, string> }
  | { type: 'refused'; issues: readonly ScoreRefusal[] };

/**
 * Scores `job.xml` through the worker and the plugin host. Throws when the worker or the host fails (the caller's
 * crash state); a file that cannot be scored comes back `refused` with the reasons.
 *
 * @example
 * const outcome = await scoreThroughPlugins(client, rules, { xml, profile, useModelProfile: true, simulated: undefined });
 */
export async function scoreThroughPlugins(client: WorkerClient, rules: ScoringRuleSource, job: ScoringJob): Promise<ScoringOutcome> {
  const { simulated } = job;
  const params: PrepareParams = { xml: job.xml, simulated: simulated !== undefined };
  const prepared = await client.request<PrepareResponse>('prepare', params, job.signal ? { signal: job.signal } : {});
  if (!prepared.ok) return { type: 'refused', issues: prepared.issues };
  const stored = job.useModelProfile && prepared.scorecardProfile ? parseStoredProfile(prepared.scorecardProfile) : undefined;
  const profile = stored?.ok ? stored.profile : job.profile;
  const scenario = prepared.scenario;
  const input: AnalysisInput = {
    graph: prepared.graph,
    ...(scenario ? { scenario } : {}),
    // The plugin API's summary of the run, with the scorecard's figures (the SLA share as the settings ask).
    ...(simulated ? { simulation: withScorecardFigures(toPluginSimulationSummary(simulated.result), simulated.summary) } : {}),
    xml: job.xml,
    profile,
  };
  const report = await rules.runScoring(input);
  job.signal?.throwIfAborted();
  const context = { graph: prepared.graph, ...(scenario ? { scenario } : {}), ...(simulated ? { simulation: simulated.summary } : {}) };
  const { card, sources } = await scorecardFromPlugins(report, rules.scoringRules(), context, profile, { builtInPluginId: rules.builtInPluginId });
  const ruleSources: Record<string, string> = {};
  for (const [ruleId, source] of Object.entries(sources)) {
    const pluginId = source.replace(/^plugin:/, '');
    ruleSources[ruleId] = rules.pluginName?.(pluginId) ?? pluginId;
  }
  const usedProfile: UsedProfile = { id: profile.id, name: profile.name, source: stored?.ok ? 'model' : 'settings' };
  return { type: 'card', card, profile: usedProfile, modelProfileIssues: stored && !stored.ok ? stored.issues : [], ruleSources };
}

// The lean scorecard from plugin rule results: the CLI and the studio both run every rule in the plugin host (the
// built-in ones in the lean-scorecard plugin, third-party ones in theirs) and combine the results here with the
// analysis framework's weights, profile switches and categories, so both give the same numbers.
import { SCORE_CATEGORIES, SCORE_CATEGORY_TITLES, computeScorecard, type Scorecard, type ScoringContext, type ScoringProfile, type ScoringRule } from '@leanflow/analysis';
import type { ScoringRuleContribution } from '@leanflow/plugin-api';
import type { RuleOutcome, ScoringReport } from './host/types.ts';

/** Which plugin's rules are the scorecard's own: the set-up (studio, CLI) names it; the host knows no plugin by id. */
export interface ScorecardFromPluginsOptions {
  /** The plugin whose rules keep their ids and come first (the built-in lean-scorecard plugin). */
  readonly builtInPluginId: string;
}

/** Plugin rules take no thresholds here: the plugin applied the profile's (it gets the profile with the input). */
const NO_CONFIG = { safeParse: () => ({ success: true, data: {} }) } as unknown as ScoringRule['configSchema'];

type Contribution = ScoringRuleContribution & { readonly pluginId: string };

/** A plugin rule's category when it names a scorecard category (id or title, any case); else Simplicity. */
export function scoreCategoryOf(category: string | undefined): ScoringRule['category'] {
  const key = (category ?? '').toLowerCase().replace(/[^a-z]/g, '');
  return SCORE_CATEGORIES.find((c) => c.toLowerCase() === key || SCORE_CATEGORY_TITLES[c].toLowerCase().replace(/[^a-z]/g, '') === key) ?? 'simplicity';
}

/** A rule whose verdict the plugin already gave: metadata from the manifest, the verdict replayed. */
function replayedRule(id: string, outcome: RuleOutcome, declared: Contribution | undefined, rationale: string): ScoringRule {
  return {
    id,
    title: outcome.title,
    category: scoreCategoryOf(declared?.category),
    kind: declared?.kind ?? 'static',
    defaultWeight: outcome.weight,
    configSchema: NO_CONFIG,
    docsUrl: declared?.docsUrl ?? '',
    rationale,
    evaluate: () => {
      if (!outcome.ok) throw new Error(outcome.error);
      if (outcome.failed !== undefined) throw new Error(outcome.failed);
      if (outcome.notApplicable !== undefined) return { notApplicable: outcome.notApplicable, findings: outcome.findings };
      return { score: outcome.score, findings: outcome.findings, ...(outcome.metrics ? { metrics: outcome.metrics } : {}) };
    },
  };
}

/**
 * Combines a scoring report into a scorecard. The `builtInPluginId` plugin's rules keep their ids; another plugin's
 * rule whose id is taken is renamed `pluginId/ruleId`. `sources` maps each third-party rule id to `plugin:<id>`.
 * A rule the plugin reports as `failed` keeps its reason and findings word for word.
 *
 * @example
 * const report = await host.runScoring({ graph, scenario, xml, profile });
 * const { card } = await scorecardFromPlugins(report, host.contributions.scoringRules(), { graph, scenario }, profile, { builtInPluginId: leanScorecardId });
 */
export async function scorecardFromPlugins(
  report: ScoringReport,
  contributions: readonly Contribution[],
  context: ScoringContext,
  profile: ScoringProfile,
  options: ScorecardFromPluginsOptions,
): Promise<{ card: Scorecard; sources: Record<string, string> }> {
  const declared = (o: RuleOutcome) => contributions.find((c) => c.pluginId === o.pluginId && c.id === o.ruleId);
  const builtIn = report.rules.filter((o) => o.pluginId === options.builtInPluginId);
  const rules = builtIn.map((o) => replayedRule(o.ruleId, o, declared(o), declared(o)?.description ?? ''));
  const taken = new Set(rules.map((r) => r.id));
  const sources: Record<string, string> = {};
  const failed = new Map<string, RuleOutcome>();
  for (const o of builtIn) if (o.ok && o.failed !== undefined) failed.set(o.ruleId, o);
  for (const o of report.rules) {
    if (o.pluginId === options.builtInPluginId) continue;
    const id = taken.has(o.ruleId) || sources[o.ruleId] ? `${o.pluginId}/${o.ruleId}` : o.ruleId;
    sources[id] = `plugin:${o.pluginId}`;
    if (o.ok && o.failed !== undefined) failed.set(id, o);
    rules.push(replayedRule(id, o, declared(o), `Rule of the plugin ${o.pluginId}.`));
  }
  const card = await computeScorecard(rules, context, profile);
  if (failed.size === 0) return { card, sources };
  return {
    card: {
      ...card,
      rules: card.rules.map((rule) => {
        const outcome = failed.get(rule.ruleId);
        if (!outcome?.ok || outcome.failed === undefined || rule.status !== 'error') return rule;
        return { ...rule, reason: outcome.failed, findings: outcome.findings.map((f) => ({ ...f, ruleId: rule.ruleId, why: f.why ?? '', docsUrl: f.docsUrl ?? rule.docsUrl })) };
      }),
    },
    sources,
  };
}

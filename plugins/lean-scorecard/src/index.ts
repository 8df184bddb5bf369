// Built-in plugin: the lean scorecard's 20 rules, registered through the plugin API exactly like a third-party
// rule. The formulas live in @leanflow/analysis (re-exported by @leanflow/plugin-api, the only import allowed here);
// this plugin adapts them to the API: it reads the profile's thresholds and the plugin's settings, takes bpmnlint's
// reports from the host (`input.bpmnlint`: the host lints where it parsed the version; the plugin never parses the
// XML), and turns each rule's result into a ScoreResult.
import {
  BUILT_IN_RULES,
  evaluateRule,
  parseStoredProfile,
  type AnalysisInput,
  type AnalysisScoringRule,
  type AnalysisSimulationSummary,
  type JsonValue,
  type KpiEstimate,
  type PluginContext,
  type RuleResult,
  type ScoreResult,
  type ScoringProfile,
  type SimulationSegment,
} from '@leanflow/plugin-api';

/**
 * The plugin's settings (contributes.configuration) and the rule threshold each one sets. A setting overrides the
 * rule's default only when changed from the default below (which equals the rule's own), so a rule that derives
 * its default from the scenario (an SLA, a cost target) keeps doing so. Precedence (docs/scoring.md): a changed
 * setting > the request's profile (the file's stored one or the settings') > the rule's default.
 * (`leanScorecard.firstResponse.slaHours` is no rule threshold: the studio applies it to the run's figures.)
 */
export const THRESHOLD_SETTINGS: readonly { readonly key: string; readonly ruleId: string; readonly configKey: string; readonly defaultValue: number }[] = [
  { key: 'leanScorecard.firstResponse.targetShare', ruleId: 'first-response-time', configKey: 'targetShare', defaultValue: 0.9 },
  { key: 'leanScorecard.resolution.targetHours', ruleId: 'resolution-time', configKey: 'targetHours', defaultValue: 0 },
  { key: 'leanScorecard.cycleTime.targetFlowFactor', ruleId: 'cycle-time', configKey: 'target', defaultValue: 2 },
  { key: 'leanScorecard.processCycleEfficiency.target', ruleId: 'process-cycle-efficiency', configKey: 'target', defaultValue: 0.25 },
  { key: 'leanScorecard.manualSteps.target', ruleId: 'manual-steps', configKey: 'target', defaultValue: 8 },
  { key: 'leanScorecard.manualSteps.bound', ruleId: 'manual-steps', configKey: 'bound', defaultValue: 16 },
  { key: 'leanScorecard.handOffs.target', ruleId: 'hand-offs', configKey: 'target', defaultValue: 2 },
  { key: 'leanScorecard.utilisation.low', ruleId: 'resource-utilisation', configKey: 'low', defaultValue: 0.6 },
  { key: 'leanScorecard.utilisation.high', ruleId: 'resource-utilisation', configKey: 'high', defaultValue: 0.85 },
  { key: 'leanScorecard.costPerCase.target', ruleId: 'cost-per-case', configKey: 'target', defaultValue: 0 },
  { key: 'leanScorecard.modelSize.target', ruleId: 'model-size', configKey: 'target', defaultValue: 50 },
];

const FALLBACK_PROFILE: ScoringProfile = { id: 'balanced', name: 'Balanced', weights: {}, categoryWeights: {}, thresholds: {} };

/** The scorecard's view of the run (the host fills these fields for Leanflow engine runs); undefined otherwise. */
export function analysisSimulation(input: AnalysisInput): AnalysisSimulationSummary | undefined {
  const s = input.simulation;
  if (!s?.cycleTime) return undefined;
  return {
    completedCases: s.completedCases ?? s.cases,
    cycleTime: s.cycleTime,
    ...(s.firstResponse ? { firstResponse: s.firstResponse } : {}),
    ...(s.resolution ? { resolution: s.resolution } : {}),
    ...(s.costPerCase ? { costPerCase: s.costPerCase } : {}),
    ...(s.processCycleEfficiency !== undefined ? { processCycleEfficiency: s.processCycleEfficiency } : {}),
    pools: s.pools ?? [],
    tasks: s.tasks ?? [],
    ...(s.segments ? { segments: s.segments.flatMap(segmentFigures) } : {}),
  };
}

/** A KPI of the API (mean with its 95% interval bounds) as the rules' mean figure. */
const meanFigure = (k: KpiEstimate): { mean: number; halfWidth?: number } =>
  k.low !== undefined && k.high !== undefined ? { mean: k.mean, halfWidth: (k.high - k.low) / 2 } : { mean: k.mean };

/** One case type's figures for the rules (its first response against its own target); none without a cycle time. */
function segmentFigures(segment: SimulationSegment): NonNullable<AnalysisSimulationSummary['segments']>[number][] {
  const cycle = segment.kpis['cycleTime'];
  if (!cycle) return [];
  const response = segment.kpis['firstResponseTime'];
  const cost = segment.kpis['costPerCase'];
  const sla = segment.targets.firstResponseSeconds;
  const within = segment.firstResponseWithinTarget;
  return [
    {
      id: segment.id,
      name: segment.name,
      share: segment.share,
      cases: segment.cases,
      cycleTime: meanFigure(cycle),
      ...(response && within !== null && sla !== null ? { firstResponse: { ...meanFigure(response), withinSla: within, slaSeconds: sla } } : {}),
      ...(cost ? { costPerCase: meanFigure(cost) } : {}),
    },
  ];
}

/** The profile of the request (validated; balanced when absent) with the changed settings over its thresholds. */
export function effectiveProfile(input: AnalysisInput, setting: (key: string) => JsonValue | undefined): ScoringProfile {
  const parsed = input.profile ? parseStoredProfile(input.profile) : undefined;
  const profile = parsed?.ok ? parsed.profile : FALLBACK_PROFILE;
  const fromSettings: Record<string, Record<string, unknown>> = {};
  for (const s of THRESHOLD_SETTINGS) {
    const value = setting(s.key);
    if (typeof value !== 'number' || value === s.defaultValue) continue;
    (fromSettings[s.ruleId] ??= {})[s.configKey] = value;
  }
  if (Object.keys(fromSettings).length === 0) return profile;
  // The user's explicit choice wins over the profile's (even one stored in the file), as the Scorecard promises.
  const thresholds: Record<string, Record<string, unknown>> = { ...profile.thresholds };
  for (const [ruleId, values] of Object.entries(fromSettings)) thresholds[ruleId] = { ...thresholds[ruleId], ...values };
  return { ...profile, thresholds };
}

/** What the host accepts per result (FindingSchema, ScoreResultSchema); only reached on enormous models. */
const MAX_FINDINGS = 1_000;
const MAX_MESSAGE = 20_000;

/** A framework result as the plugin API's ScoreResult (findings linking to the rule's docs carry no own link). */
export function toScoreResult(result: RuleResult): ScoreResult {
  const findings = result.findings.slice(0, MAX_FINDINGS).map((f) => ({
    severity: f.severity,
    message: f.message.length > MAX_MESSAGE ? `${f.message.slice(0, MAX_MESSAGE - 1)}…` : f.message,
    elementIds: f.elementIds,
    why: f.why,
    ...(f.docsUrl !== result.docsUrl ? { docsUrl: f.docsUrl } : {}),
  }));
  switch (result.status) {
    case 'scored':
      return { score: result.score ?? 0, findings, metrics: result.metrics };
    case 'error':
      return { score: 0, findings, failed: result.reason ?? 'The rule failed.' };
    default:
      return { score: 0, findings, notApplicable: result.reason ?? 'Not applicable.' };
  }
}

/**
 * Lets the worker answer the host's heartbeat: a request runs all 20 rules in one go, and on a large model their sum
 * may exceed the time after which the host stops a plugin that does not answer. Yields only after 100 ms of work
 * (each yield costs a timer tick).
 */
let lastYield = 0;
const yieldToHost = (): Promise<void> => {
  const timers = globalThis as { setTimeout?: (callback: () => void, ms: number) => unknown };
  if (!timers.setTimeout || Date.now() - lastYield < 100) return Promise.resolve();
  return new Promise((resolve) =>
    void timers.setTimeout!(() => {
      lastYield = Date.now();
      resolve();
    }, 0),
  );
};

/** Evaluates one built-in rule on a request, never throwing for bad thresholds (those come back as `failed`). */
export async function evaluateBuiltIn(rule: AnalysisScoringRule, input: AnalysisInput, setting: (key: string) => JsonValue | undefined = () => undefined): Promise<ScoreResult> {
  await yieldToHost();
  const simulation = analysisSimulation(input);
  const result = await evaluateRule(
    rule,
    {
      graph: input.graph,
      ...(input.scenario ? { scenario: input.scenario } : {}),
      ...(simulation ? { simulation } : {}),
      ...(input.bpmnlint ? { bpmnlint: input.bpmnlint } : {}),
    },
    effectiveProfile(input, setting),
  );
  return toScoreResult(result);
}

export function activate(context: PluginContext): void {
  const setting = (key: string) => context.configuration.get(key);
  for (const rule of BUILT_IN_RULES) {
    context.subscriptions.push(context.scoring.registerRule(rule.id, { evaluate: (input) => evaluateBuiltIn(rule, input, setting) }));
  }
}

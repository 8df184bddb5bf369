// The scoring framework: rules are plain objects with a pure `evaluate`; a scorecard combines their scores with
// weights from a profile. A rule that throws becomes an error finding of that rule; it never breaks the scorecard.
import type { ModdleElement, ProcessGraph, Scenario } from '@leanflow/model';
import { z } from 'zod';
import type { SimulationSummary } from './simulation-summary.ts';

export const SCORE_CATEGORIES = ['speed', 'cost', 'simplicity', 'customerExperience', 'modelQuality'] as const;
export type ScoreCategory = (typeof SCORE_CATEGORIES)[number];

/** Display names of the categories. */
export const SCORE_CATEGORY_TITLES: Readonly<Record<ScoreCategory, string>> = {
  speed: 'Speed',
  cost: 'Cost',
  simplicity: 'Simplicity',
  customerExperience: 'Customer experience',
  modelQuality: 'Model quality',
};

export type FindingSeverity = 'error' | 'warning' | 'info';

/** Something a rule noticed, tied to diagram elements. */
export interface Finding {
  readonly severity: FindingSeverity;
  /** What is wrong, in words a business user can act on. */
  readonly message: string;
  /** Elements to select on the diagram (flow nodes, sequence flows, lanes). */
  readonly elementIds: readonly string[];
  /** Why this matters; the rule's `rationale` when a rule leaves it out. */
  readonly why?: string;
  /** Link into the docs; the rule's `docsUrl` when left out. */
  readonly docsUrl?: string;
}

/**
 * bpmnlint's reports on a file as the bpmnlint rule reads them (`ScoringInput.bpmnlint`), computed where the file was
 * parsed (a host's one read of the version, `lintForScoring`) with the rule's configuration, so a rule elsewhere
 * need not parse the file again.
 */
export interface BpmnlintReport {
  readonly issues: readonly { readonly rule: string; readonly elementId?: string; readonly message: string; readonly category: 'error' | 'warn' | 'info' | 'rule-error' }[];
  /** Set when no-overlapping-elements was skipped (a large model): the flow-node limit it was skipped above. */
  readonly overlapCheckSkippedAbove?: number;
}

/** What a rule reads. `config` is the rule's configuration after profile overrides and defaults. */
export interface ScoringInput<C = unknown> {
  readonly graph: ProcessGraph;
  readonly scenario?: Scenario;
  /** The latest simulation result; dynamic rules are not applicable without one. */
  readonly simulation?: SimulationSummary;
  /** The bpmn-moddle root of the same file (`parseBpmn(xml).definitions`), for rules that lint the XML model. */
  readonly definitions?: ModdleElement;
  /** bpmnlint's reports, when the host linted the file where it parsed it (then `definitions` is not needed). */
  readonly bpmnlint?: BpmnlintReport;
  readonly config: C;
}

/** A rule's verdict: a score with findings, or "not applicable" (then left out of the weighting, not scored 0). */
export type RuleEvaluation =
  | { readonly score: number; readonly findings: readonly Finding[]; readonly metrics?: Readonly<Record<string, number>> }
  | { readonly notApplicable: string; readonly findings?: readonly Finding[] };

/**
 * A scoring rule. Pure data in, data out, so it can run in a worker and be registered by a plugin.
 *
 * @example
 * const rule = defineRule({
 *   id: 'my-rule', title: 'Few tasks', category: 'simplicity', kind: 'static', defaultWeight: 1,
 *   configSchema: z.object({ max: z.number().default(10) }), docsUrl: 'https://example.com/few-tasks',
 *   rationale: 'Fewer tasks, fewer delays.',
 *   evaluate: ({ graph, config }) => ({ score: graph.nodes.length <= config.max ? 100 : 0, findings: [] }),
 * });
 */
export interface ScoringRule<C = unknown> {
  /** Stable id, kebab-case; profile weights and thresholds refer to it. */
  readonly id: string;
  readonly title: string;
  readonly category: ScoreCategory;
  /** `static` reads only the model (and scenario); `dynamic` also reads a simulation result. */
  readonly kind: 'static' | 'dynamic';
  readonly defaultWeight: number;
  /** Validates profile thresholds and fills defaults; `parse({})` must succeed. */
  readonly configSchema: z.ZodType<C>;
  readonly docsUrl: string;
  /** Why the rule matters; the default `why` of its findings. */
  readonly rationale: string;
  evaluate(input: ScoringInput<C>): RuleEvaluation | Promise<RuleEvaluation>;
}

/** Typed identity helper: infers `C` from the schema. */
export function defineRule<C>(rule: ScoringRule<C>): ScoringRule<C> {
  return rule;
}

/** A rule's verdict as not applicable, with the reason shown to the user. */
export function notApplicable(reason: string): RuleEvaluation {
  return { notApplicable: reason };
}

/** 100 at or below `target`, falling linearly to 0 at `bound` (lower values are better). */
export function scoreLowerIsBetter(value: number, target: number, bound: number): number {
  if (!(bound > target)) throw new RangeError(`bound (${bound}) must be above target (${target})`);
  if (Number.isNaN(value)) return 0;
  return clampScore((100 * (bound - value)) / (bound - target));
}

/** 100 at or above `target`, falling linearly to 0 at `bound` (higher values are better). */
export function scoreHigherIsBetter(value: number, target: number, bound: number): number {
  if (!(bound < target)) throw new RangeError(`bound (${bound}) must be below target (${target})`);
  if (Number.isNaN(value)) return 0;
  return clampScore((100 * (value - bound)) / (target - bound));
}

function clampScore(score: number): number {
  return Math.min(100, Math.max(0, score));
}

/**
 * A scoring profile: which rules run, how much each counts, and per-rule threshold overrides. Stored in user
 * settings and in the model file, hence a schema.
 */
export const ScoringProfileSchema = z.object({
  id: z.string().min(1, { message: 'A profile needs an id.' }),
  name: z.string().min(1, { message: 'A profile needs a name.' }),
  description: z.string().optional(),
  /** Rule id -> weight (the rule's default weight when absent; 0 switches the rule off). */
  weights: z.record(z.string(), z.number().finite().min(0, { message: 'A weight cannot be negative.' })).default({}),
  /** Category -> multiplier applied to the weights of its rules (1 when absent). */
  categoryWeights: z.partialRecord(z.enum(SCORE_CATEGORIES), z.number().finite().min(0, { message: 'A weight cannot be negative.' })).default({}),
  /** Rule id -> configuration overrides, validated by the rule's own schema. */
  thresholds: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Only these rules run; all when absent. */
  enabledRules: z.array(z.string()).optional(),
});
export type ScoringProfile = z.infer<typeof ScoringProfileSchema>;
export type ScoringProfileInput = z.input<typeof ScoringProfileSchema>;

/** A finding as the scorecard reports it: `why` and `docsUrl` always filled in. */
export interface ScoredFinding extends Finding {
  readonly ruleId: string;
  readonly why: string;
  readonly docsUrl: string;
}

export interface RuleResult {
  readonly ruleId: string;
  readonly title: string;
  readonly category: ScoreCategory;
  readonly kind: 'static' | 'dynamic';
  /** Effective weight (profile weight x category weight). */
  readonly weight: number;
  /** `error`: the rule threw or its configuration is invalid (see its findings). */
  readonly status: 'scored' | 'notApplicable' | 'disabled' | 'error';
  /** 0..100 when scored, else null. */
  readonly score: number | null;
  readonly findings: readonly ScoredFinding[];
  readonly metrics: Readonly<Record<string, number>>;
  /** Why the rule is not applicable, disabled or failed. */
  readonly reason?: string;
  readonly docsUrl: string;
}

export interface CategoryScore {
  /** Weighted mean of the category's scored rules; null when none is scored. */
  readonly score: number | null;
  /** Sum of the weights of its scored rules. */
  readonly weight: number;
}

/** The combined verdict on one model. */
export interface Scorecard {
  readonly profileId: string;
  /** Weighted mean over all scored rules (0..100); null when no rule could be scored. */
  readonly score: number | null;
  readonly categories: Readonly<Record<ScoreCategory, CategoryScore>>;
  readonly rules: readonly RuleResult[];
}

/** What the scorecard reads, without a rule's config (each rule gets its own). */
export type ScoringContext = Omit<ScoringInput, 'config'>;

const DEFAULT_PROFILE: ScoringProfile = { id: 'default', name: 'Default', weights: {}, categoryWeights: {}, thresholds: {} };

/**
 * Runs every rule against the context and combines the scores: overall = Σ wᵢ·sᵢ / Σ wᵢ over the rules that were
 * scored, with wᵢ = profile weight (or the rule's default) x category weight. Category scores use the same formula
 * within a category. Not-applicable, disabled and failed rules are left out of the weighting.
 *
 * @example
 * const card = await computeScorecard(BUILT_IN_RULES, { graph, scenario }, BUILT_IN_PROFILES[0]);
 * card.score; // e.g. 72.5
 */
export async function computeScorecard(rules: readonly ScoringRule[], context: ScoringContext, profile: ScoringProfile = DEFAULT_PROFILE): Promise<Scorecard> {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`Two scoring rules share the id "${rule.id}"`);
    seen.add(rule.id);
  }
  const results = await Promise.all(rules.map((rule) => evaluateRule(rule, context, profile)));
  const categories = {} as Record<ScoreCategory, CategoryScore>;
  for (const category of SCORE_CATEGORIES) categories[category] = weightedMean(results.filter((r) => r.category === category));
  return { profileId: profile.id, score: weightedMean(results).score, categories, rules: results };
}

function weightedMean(results: readonly RuleResult[]): CategoryScore {
  let weight = 0;
  let sum = 0;
  for (const r of results) {
    if (r.status !== 'scored' || r.score === null || r.weight <= 0) continue;
    weight += r.weight;
    sum += r.weight * r.score;
  }
  return { score: weight > 0 ? sum / weight : null, weight };
}

/**
 * Runs one rule with its profile configuration. Never throws for a failing rule or bad thresholds: those come
 * back as status `error` with an error finding.
 */
export async function evaluateRule(rule: ScoringRule, context: ScoringContext, profile: ScoringProfile = DEFAULT_PROFILE): Promise<RuleResult> {
  const weight = (profile.weights[rule.id] ?? rule.defaultWeight) * (profile.categoryWeights[rule.category] ?? 1);
  const base = { ruleId: rule.id, title: rule.title, category: rule.category, kind: rule.kind, weight, docsUrl: rule.docsUrl, metrics: {} };
  const fail = (reason: string): RuleResult => ({
    ...base,
    status: 'error',
    score: null,
    reason,
    findings: [{ severity: 'error', message: reason, elementIds: [], ruleId: rule.id, why: 'A failing rule cannot judge the model; its weight is left out of the score.', docsUrl: rule.docsUrl }],
  });
  if ((profile.enabledRules && !profile.enabledRules.includes(rule.id)) || weight === 0) {
    return { ...base, status: 'disabled', score: null, findings: [], reason: 'Switched off in the scoring profile.' };
  }
  const config = rule.configSchema.safeParse(profile.thresholds[rule.id] ?? {});
  if (!config.success) {
    const detail = config.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ');
    return fail(`The thresholds of "${rule.title}" in profile "${profile.name}" are invalid: ${detail}`);
  }
  let evaluation: RuleEvaluation;
  try {
    evaluation = await rule.evaluate({ ...context, config: config.data });
  } catch (error) {
    return fail(`The rule "${rule.title}" failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fill = (findings: readonly Finding[] = []): ScoredFinding[] =>
    findings.map((f) => ({ ...f, ruleId: rule.id, why: f.why ?? rule.rationale, docsUrl: f.docsUrl ?? rule.docsUrl }));
  if ('notApplicable' in evaluation) {
    return { ...base, status: 'notApplicable', score: null, reason: evaluation.notApplicable, findings: fill(evaluation.findings) };
  }
  if (typeof evaluation.score !== 'number' || !Number.isFinite(evaluation.score) || evaluation.score < 0 || evaluation.score > 100) {
    return fail(`The rule "${rule.title}" returned an invalid score ${String(evaluation.score)} (expected 0..100).`);
  }
  return { ...base, status: 'scored', score: evaluation.score, findings: fill(evaluation.findings), metrics: { ...evaluation.metrics } };
}

// Scorecard -> what the Scorecard view shows: rounded scores with a tone, categories as bars, rules grouped by
// category with their findings, not-applicable rules with the reason. Pure (unit-tested in Node).
import { SCORE_CATEGORIES, type FindingSeverity, type Scorecard, type ScoreCategory } from '@leanflow/analysis';
import type { ScorecardMessageKey } from './messages.ts';

export type Translate = (key: ScorecardMessageKey, params?: Record<string, string | number>) => string;
export type Tone = 'good' | 'fair' | 'poor' | 'none';

/** 75 and above is good, 50 and above fair, below that poor. */
export function toneOf(score: number | null): Tone {
  if (score === null) return 'none';
  return score >= 75 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

/** Scores are shown as whole numbers; a rule at 99.6 shows 100 only when it is 100. */
export function displayScore(score: number | null): string {
  if (score === null) return '–';
  const rounded = Math.round(score);
  return String(rounded === 100 && score < 100 ? 99 : rounded);
}

export interface FindingView {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly why: string;
  readonly docsUrl: string;
  readonly elementIds: readonly string[];
}

export interface RuleView {
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
  readonly kind: 'static' | 'dynamic';
  readonly status: 'scored' | 'notApplicable' | 'disabled' | 'error';
  readonly score: number | null;
  readonly scoreText: string;
  readonly tone: Tone;
  readonly weight: number;
  /** Shown greyed with this reason when the rule is not scored. */
  readonly reason: string | null;
  readonly findings: readonly FindingView[];
  readonly docsUrl: string;
  /** The plugin the rule comes from, when not the built-in lean-scorecard plugin. */
  readonly source?: string;
}

export interface CategoryView {
  readonly id: ScoreCategory;
  readonly title: string;
  readonly score: number | null;
  readonly scoreText: string;
  readonly tone: Tone;
  readonly rules: readonly RuleView[];
  readonly findingCount: number;
}

export interface ScorecardViewModel {
  readonly score: number | null;
  readonly scoreText: string;
  readonly tone: Tone;
  readonly verdict: string;
  readonly profileId: string;
  /** The profile's display name (a stored profile's own name, else the translated built-in name). */
  readonly profileName: string;
  readonly categories: readonly CategoryView[];
  readonly scoredRules: number;
  readonly totalRules: number;
  readonly findingCount: number;
  /** Some dynamic rule waits for a simulation. */
  readonly needsSimulation: boolean;
  readonly simulated: boolean;
  /** Which run fed the dynamic rules ("Simulation run: 1,000 cases × 5 replications, seed 42"); '' when static. */
  readonly runText: string;
}

/** The settings of the simulation run behind a score (a `SimulationResult` has them). */
export interface RunSettings {
  readonly cases: number | null;
  readonly replications: number;
  readonly seed: number;
}

/** "Simulation run: 1000 cases × 5 replications, seed 42" — the same words wherever a score names its run. */
export function runText(run: RunSettings, t: Translate): string {
  return run.cases === null
    ? t('scorecard.run.horizon', { replications: run.replications, seed: run.seed })
    : t('scorecard.run', { cases: run.cases, replications: run.replications, seed: run.seed });
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

function ruleTitle(id: string, fallback: string, t: Translate): string {
  const key = `scorecard.rule.${id}` as ScorecardMessageKey;
  const text = t(key);
  return text === key || text === `%${key}%` ? fallback : text;
}

function ruleExplanation(id: string, t: Translate): string {
  const key = `scorecard.explain.${id}` as ScorecardMessageKey;
  const text = t(key);
  return text === key || text === `%${key}%` ? '' : text;
}

/**
 * Builds the view model. `simulated` says whether a simulation result fed the dynamic rules; without one their
 * reason reads "Run a simulation to score this".
 */
export function toScorecardViewModel(
  card: Scorecard,
  t: Translate,
  options: {
    simulated: boolean;
    profileName: string;
    ruleSources?: Readonly<Record<string, string>>;
    run?: RunSettings;
    /** The studio's language for the rules' English sentences (findings, why, reasons, plugin rule titles). */
    localize?: (text: string) => string;
  },
): ScorecardViewModel {
  let needsSimulation = false;
  const l = options.localize ?? ((text: string) => text);
  const rules: RuleView[] = card.rules.map((rule) => {
    let reason: string | null = null;
    if (rule.status === 'notApplicable') {
      const waitsForSimulation = rule.kind === 'dynamic' && !options.simulated;
      if (waitsForSimulation) needsSimulation = true;
      reason = waitsForSimulation ? t('scorecard.runSimulation') : l(rule.reason ?? '');
    } else if (rule.status === 'disabled') {
      reason = t('scorecard.disabled', { profile: options.profileName });
    } else if (rule.status === 'error') {
      reason = rule.reason ? l(rule.reason) : t('scorecard.failed');
    }
    const findings = [...rule.findings]
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
      .map((f) => ({ ruleId: rule.ruleId, severity: f.severity, message: l(f.message), why: f.why === undefined ? f.why : l(f.why), docsUrl: f.docsUrl, elementIds: f.elementIds }));
    return {
      id: rule.ruleId,
      title: ruleTitle(rule.ruleId, l(rule.title), t),
      explanation: ruleExplanation(rule.ruleId, t),
      kind: rule.kind,
      status: rule.status,
      score: rule.score,
      scoreText: displayScore(rule.score),
      tone: toneOf(rule.score),
      weight: rule.weight,
      reason,
      findings,
      docsUrl: rule.docsUrl,
      ...(options.ruleSources?.[rule.ruleId] !== undefined ? { source: l(options.ruleSources[rule.ruleId]!) } : {}),
    };
  });
  const categories: CategoryView[] = SCORE_CATEGORIES.map((id) => {
    const inCategory = rules
      .filter((r) => card.rules.find((c) => c.ruleId === r.id)?.category === id)
      // Scored rules first (worst first), then the ones waiting for something, disabled last.
      .sort((a, b) => rank(a) - rank(b) || (a.score ?? 101) - (b.score ?? 101));
    const score = card.categories[id].score;
    return {
      id,
      title: t(`scorecard.category.${id}` as ScorecardMessageKey),
      score,
      scoreText: displayScore(score),
      tone: toneOf(score),
      rules: inCategory,
      findingCount: inCategory.reduce((n, r) => n + r.findings.length, 0),
    };
  });
  const tone = toneOf(card.score);
  return {
    score: card.score,
    scoreText: displayScore(card.score),
    tone,
    verdict: t(`scorecard.verdict.${tone}` as ScorecardMessageKey),
    profileId: card.profileId,
    profileName: options.profileName,
    categories,
    scoredRules: rules.filter((r) => r.status === 'scored').length,
    totalRules: rules.length,
    findingCount: rules.reduce((n, r) => n + r.findings.length, 0),
    needsSimulation,
    simulated: options.simulated,
    runText: options.simulated && options.run ? runText(options.run, t) : '',
  };
}

function rank(rule: RuleView): number {
  return rule.status === 'scored' ? 0 : rule.status === 'error' ? 1 : rule.status === 'notApplicable' ? 2 : 3;
}

/** Every finding with its elements, worst first (for the Problems panel and the diagram markers). */
export function allFindings(model: ScorecardViewModel): FindingView[] {
  return model.categories.flatMap((c) => c.rules.flatMap((r) => r.findings)).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** The worst severity per element id (the diagram marker of that element). */
export function markersOf(model: ScorecardViewModel): Map<string, FindingSeverity> {
  const markers = new Map<string, FindingSeverity>();
  for (const finding of allFindings(model)) {
    for (const id of finding.elementIds) {
      const current = markers.get(id);
      if (!current || SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[current]) markers.set(id, finding.severity);
    }
  }
  return markers;
}

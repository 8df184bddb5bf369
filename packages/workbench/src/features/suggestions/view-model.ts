// What the Suggestions view shows, computed from the worker's answers: ranked cards with the predicted change of the
// four headline figures (before → after, the paired difference and its 95% interval, better/worse). DOM-free.
import type { PredictedImpact } from '@leanflow/analysis';
import type { ModelIssue } from '@leanflow/model';
import { formatDuration, formatMoney, formatNumber, type FormatLanguage } from '@leanflow/plugin-api';
import type { SuggestionsMessageKey } from './messages.ts';
import type { SuggestionEntry, SuggestResponse } from './protocol.ts';

export type Translate = (key: SuggestionsMessageKey, params?: Record<string, string | number>) => string;

/** A suggestion with what is known of its impact so far. */
export interface RankedEntry extends SuggestionEntry {
  readonly impact?: PredictedImpact;
  readonly predictionIssues?: readonly ModelIssue[];
}

export const HEADLINE_KPIS = ['cycleTime', 'firstResponseTime', 'costPerCase', 'score'] as const;
export type HeadlineKpi = (typeof HEADLINE_KPIS)[number];

export type Direction = 'better' | 'worse' | 'same';

export interface KpiRow {
  readonly key: HeadlineKpi;
  readonly label: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly beforeText: string;
  readonly afterText: string;
  /** Signed change, e.g. "−6.1 h" or "+7.4". */
  readonly deltaText: string;
  /** Relative change in % (null for the score or without a baseline). */
  readonly relativeText: string;
  readonly ciText: string;
  readonly direction: Direction;
  /** Which way the figure moves (the arrow); the colour comes from `direction`. */
  readonly trend: 'up' | 'down' | 'flat';
}

/** The ranking figure of analysis (`PredictedImpact.benefit`); unpredicted suggestions after predicted ones, advice last. */
export function rankValue(entry: RankedEntry): number {
  if (entry.impact) return entry.impact.benefit;
  return entry.xml !== undefined ? -1e9 : -2e9;
}

/** Entries best first (stable for equal ranks, so the list does not jump while predictions arrive). */
export function rankEntries(entries: readonly RankedEntry[]): RankedEntry[] {
  return entries.map((e, i) => [e, i] as const).sort((a, b) => rankValue(b[0]) - rankValue(a[0]) || a[1] - b[1]).map(([e]) => e);
}

const LOWER_IS_BETTER: Record<HeadlineKpi, boolean> = { cycleTime: true, firstResponseTime: true, costPerCase: true, score: false };

function format(key: HeadlineKpi, value: number | null, language: FormatLanguage, signed = false, currency?: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const sign = signed ? (value > 0 ? '+' : value < 0 ? '−' : '±') : value < 0 ? '−' : '';
  const magnitude = Math.abs(value);
  if (key === 'cycleTime' || key === 'firstResponseTime') return sign + formatDuration(magnitude, language);
  // Money as every other view writes it (€63.99), when the scenario's currency is known.
  if (key === 'costPerCase' && currency) return sign + formatMoney(magnitude, currency, language);
  return sign + formatNumber(magnitude, language, key === 'score' ? 1 : 2);
}

/**
 * The four headline rows of an impact. Direction: better/worse only when the paired 95% interval excludes 0.
 *
 * @example
 * kpiRows(impact, t, 'en')[1]; // { key: 'firstResponseTime', beforeText: '6.7 h', afterText: '35 min', direction: 'better', ... }
 */
export function kpiRows(impact: PredictedImpact, t: Translate, language: FormatLanguage, currency?: string): KpiRow[] {
  return HEADLINE_KPIS.map((key) => {
    let before: number | null;
    let after: number | null;
    let difference: number | null;
    let ci: readonly [number, number] | null;
    let significant: boolean;
    if (key === 'score') {
      before = impact.score.before;
      after = impact.score.after;
      difference = impact.score.difference;
      ci = impact.score.perReplication.difference.ci95;
      significant = impact.score.perReplication.difference.significant;
    } else {
      const kpi = impact.kpis[key];
      before = kpi?.before.mean ?? null;
      after = kpi?.after.mean ?? null;
      difference = kpi?.difference.mean ?? null;
      ci = kpi?.difference.ci95 ?? null;
      significant = kpi?.difference.significant ?? false;
    }
    const improving = difference !== null && (LOWER_IS_BETTER[key] ? difference < 0 : difference > 0);
    const direction: Direction = difference === null || difference === 0 || !significant ? 'same' : improving ? 'better' : 'worse';
    const relative = key !== 'score' && before !== null && before !== 0 && difference !== null ? (difference / before) * 100 : null;
    return {
      key,
      label: t(`suggestions.kpi.${key}`),
      before,
      after,
      beforeText: format(key, before, language, false, currency),
      afterText: format(key, after, language, false, currency),
      deltaText: format(key, difference, language, true, currency),
      relativeText: relative === null || !Number.isFinite(relative) ? '' : `${relative > 0 ? '+' : relative < 0 ? '−' : ''}${formatNumber(Math.abs(relative), language, Math.abs(relative) < 10 ? 1 : 0)}%`,
      ciText: ci ? t('suggestions.ci', { low: format(key, ci[0], language, true, currency), high: format(key, ci[1], language, true, currency) }) : '',
      direction,
      trend: difference === null || difference === 0 ? 'flat' : difference > 0 ? 'up' : 'down',
    };
  });
}

type Listed = Extract<SuggestResponse, { type: 'listed' }>;

/** The state a worker's list sets: its entries and the predictions to come (`predicted`: this request predicts). */
export function listedState(message: Listed, predicted: boolean) {
  if (!message.ok) return { entries: [], refusal: message.issues, status: 'refused' as const, progress: null };
  const total = message.scenario && predicted ? message.entries.filter((e) => e.xml !== undefined).length : 0;
  const status = total > 0 ? ('predicting' as const) : ('done' as const);
  return { entries: [...message.entries], scenario: message.scenario, withheld: message.withheld, refusal: [], progress: { done: 0, total }, status };
}

/** `entries` with one worker prediction (its impact, or why it could not be predicted) in place. */
export function withPrediction(entries: readonly RankedEntry[], message: Extract<SuggestResponse, { type: 'predicted' }>): RankedEntry[] {
  return entries.map((e) =>
    e.suggestion.id === message.id ? { ...e, ...(message.impact ? { impact: message.impact } : {}), ...(message.issues ? { predictionIssues: message.issues } : {}) } : e,
  );
}

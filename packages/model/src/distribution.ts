// Helpers that let a business user think in "about 30 min, usually 20-45" instead of formulas.
import type { ModelIssue } from './graph.ts';
import { SECONDS_PER_UNIT, type Distribution, type TimeUnit } from './scenario.ts';

/** "About `typical`, usually between `low` and `high`", in `unit`. */
export interface Estimate {
  readonly typical: number;
  readonly low?: number;
  readonly high?: number;
  readonly unit: TimeUnit;
}

/**
 * Maps an everyday estimate to a distribution: a triangular distribution with the range as its bounds and the
 * typical value as its most likely value. Triangular, because people can say it back ("never under 20, never
 * over 45, mostly 30"), it is bounded (no absurd 10-hour draws) and it is skewed when the range is. Without a
 * range the duration is fixed. Bad input (a negative value, low > typical...) comes back as issues.
 *
 * @example
 * distributionFromEstimate({ typical: 30, low: 20, high: 45, unit: 'min' });
 * // { ok: true, distribution: { type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' } }
 */
export function distributionFromEstimate(estimate: Estimate): { ok: true; distribution: Distribution } | { ok: false; issues: ModelIssue[] } {
  const issues: ModelIssue[] = [];
  const { typical, low, high, unit } = estimate;
  for (const [label, value] of [['typical', typical], ['low', low], ['high', high]] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      issues.push({ code: 'estimate.negative', severity: 'error', message: `The ${label} value must be a number of at least 0.`, path: label });
    }
  }
  if (issues.length === 0 && low !== undefined && low > typical) {
    issues.push({ code: 'estimate.order', severity: 'error', message: `The usual minimum (${low} ${unit}) cannot be above the typical value (${typical} ${unit}).`, path: 'low' });
  }
  if (issues.length === 0 && high !== undefined && high < typical) {
    issues.push({ code: 'estimate.order', severity: 'error', message: `The usual maximum (${high} ${unit}) cannot be below the typical value (${typical} ${unit}).`, path: 'high' });
  }
  if (issues.length > 0) return { ok: false, issues };
  if (low === undefined && high === undefined) return { ok: true, distribution: { type: 'fixed', value: typical, unit } };
  return { ok: true, distribution: { type: 'triangular', min: low ?? typical, mode: typical, max: high ?? typical, unit } };
}

const format = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3))));

/**
 * A short phrase for a distribution, as a business user would say it.
 *
 * @example
 * describeDistribution({ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' }); // "about 30 min, usually 20-45 min"
 */
export function describeDistribution(distribution: Distribution): string {
  const u = distribution.unit;
  switch (distribution.type) {
    case 'fixed':
      return `exactly ${format(distribution.value)} ${u}`;
    case 'uniform':
      return `anywhere between ${format(distribution.min)} and ${format(distribution.max)} ${u}`;
    case 'triangular':
      return `about ${format(distribution.mode)} ${u}, usually ${format(distribution.min)}-${format(distribution.max)} ${u}`;
    case 'exponential':
      return `${format(distribution.mean)} ${u} on average, often much less, sometimes much more`;
    case 'normal':
      return `about ${format(distribution.mean)} ${u}, give or take ${format(distribution.sd)} ${u}`;
    case 'lognormal':
    case 'gamma':
      return `${format(distribution.mean)} ${u} on average (spread ${format(distribution.sd)} ${u}), with occasional long ones`;
    case 'erlang':
      return `${format(distribution.mean)} ${u} on average (${distribution.k} steps)`;
    case 'weibull':
      return `${format(distributionMean(distribution) / SECONDS_PER_UNIT[u])} ${u} on average (Weibull shape ${format(distribution.shape)})`;
    case 'empirical':
      return `${format(distributionMean(distribution) / SECONDS_PER_UNIT[u])} ${u} on average, from a histogram of ${distribution.bins.length} ranges`;
  }
}

/** Standard normal density and cumulative distribution (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The gamma function (Lanczos approximation, g = 7), for the Weibull mean. */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * sum;
}

/**
 * The mean of a distribution, in seconds. The normal distribution is truncated at 0, so its mean is the
 * truncated mean (slightly above `mean` when `sd` is large relative to it).
 *
 * @example
 * distributionMean({ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' }); // 1900 (31.67 min)
 */
export function distributionMean(distribution: Distribution): number {
  const scale = SECONDS_PER_UNIT[distribution.unit];
  switch (distribution.type) {
    case 'fixed':
      return distribution.value * scale;
    case 'uniform':
      return ((distribution.min + distribution.max) / 2) * scale;
    case 'triangular':
      return ((distribution.min + distribution.mode + distribution.max) / 3) * scale;
    case 'exponential':
    case 'lognormal':
    case 'gamma':
    case 'erlang':
      return distribution.mean * scale;
    case 'normal': {
      if (distribution.sd === 0) return distribution.mean * scale;
      const alpha = -distribution.mean / distribution.sd;
      return (distribution.mean + (distribution.sd * normalPdf(alpha)) / (1 - normalCdf(alpha))) * scale;
    }
    case 'weibull':
      return distribution.scale * gammaFunction(1 + 1 / distribution.shape) * scale;
    case 'empirical': {
      const total = distribution.bins.reduce((sum, b) => sum + b.weight, 0);
      return (distribution.bins.reduce((sum, b) => sum + b.weight * ((b.min + b.max) / 2), 0) / total) * scale;
    }
  }
}

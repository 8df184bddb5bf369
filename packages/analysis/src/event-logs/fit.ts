// Fitting duration distributions to samples by maximum likelihood, choosing by AIC, with a KS statistic.
import type { Distribution, TimeUnit } from '@leanflow/model';

export type FittedFamily = 'fixed' | 'exponential' | 'normal' | 'lognormal' | 'gamma';

/** One candidate fitted to the data (times in seconds). */
export interface FitCandidate {
  readonly family: FittedFamily;
  /** Mean and standard deviation of the fitted distribution, in seconds. */
  readonly mean: number;
  readonly sd: number;
  readonly logLikelihood: number;
  /** Akaike information criterion, 2k - 2 ln L (lower is better). */
  readonly aic: number;
  /** Kolmogorov-Smirnov statistic: the largest gap between the fitted and the empirical CDF (0..1). */
  readonly ks: number;
}

export interface DistributionFit {
  readonly samples: number;
  /** Sample mean and standard deviation, in seconds. */
  readonly sampleMean: number;
  readonly sampleSd: number;
  readonly chosen: FitCandidate;
  readonly candidates: readonly FitCandidate[];
  /** The chosen distribution as a scenario value, in a readable unit. */
  readonly distribution: Distribution;
}

function logGamma(x: number): number {
  const c = [676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = 0.9999999999998099;
  const t = x + 7.5;
  for (let i = 0; i < 8; i++) a += c[i]! / (x + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Regularised lower incomplete gamma P(a, x) (series / continued fraction, Numerical Recipes). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-14) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lg);
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lg) * h;
}

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse for KS; use the complementary error function via gammaP.
  return x >= 0 ? gammaP(0.5, x * x) : -gammaP(0.5, x * x);
}
const normalCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

/** The density (per second) of a fitted candidate, parameterised by its mean and standard deviation as the core fits it. */
export function fittedDensity(candidate: Pick<FitCandidate, 'family' | 'mean' | 'sd'>): ((x: number) => number) | undefined {
  const { mean, sd } = candidate;
  switch (candidate.family) {
    case 'fixed':
      return undefined;
    case 'exponential':
      return (x) => (x < 0 ? 0 : Math.exp(-x / mean) / mean);
    case 'normal':
      return (x) => Math.exp(-(((x - mean) / sd) ** 2) / 2) / (sd * Math.sqrt(2 * Math.PI));
    case 'lognormal': {
      const s2 = Math.log(1 + (sd / mean) ** 2);
      const mu = Math.log(mean) - s2 / 2;
      const s = Math.sqrt(s2);
      return (x) => (x <= 0 ? 0 : Math.exp(-((Math.log(x) - mu) ** 2) / (2 * s2)) / (x * s * Math.sqrt(2 * Math.PI)));
    }
    case 'gamma': {
      const k = (mean / sd) ** 2;
      const theta = (sd * sd) / mean;
      const norm = logGamma(k) + k * Math.log(theta);
      return (x) => (x <= 0 ? 0 : Math.exp((k - 1) * Math.log(x) - x / theta - norm));
    }
  }
}

/** Kolmogorov-Smirnov statistic of sorted data against a CDF. */
export function ksStatistic(sorted: readonly number[], cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** A readable unit for a time in seconds (the scenario editor shows it). */
export function readableUnit(seconds: number): TimeUnit {
  return seconds < 120 ? 's' : seconds < 3 * 3600 ? 'min' : seconds < 3 * 86400 ? 'h' : 'd';
}
const PER: Record<TimeUnit, number> = { s: 1, min: 60, h: 3600, d: 86400 };
const r6 = (x: number) => Number(x.toPrecision(6));

/** A fitted candidate as a scenario distribution. */
export function toDistribution(c: Pick<FitCandidate, 'family' | 'mean' | 'sd'>): Distribution {
  const unit = readableUnit(c.mean);
  const k = PER[unit];
  switch (c.family) {
    case 'fixed':
      return { type: 'fixed', value: r6(c.mean / k), unit };
    case 'exponential':
      return { type: 'exponential', mean: r6(c.mean / k), unit };
    case 'normal':
      return { type: 'normal', mean: r6(c.mean / k), sd: r6(c.sd / k), unit };
    case 'lognormal':
      return { type: 'lognormal', mean: r6(c.mean / k), sd: r6(c.sd / k), unit };
    case 'gamma':
      return { type: 'gamma', mean: r6(c.mean / k), sd: r6(c.sd / k), unit };
  }
}

/**
 * Fits fixed, exponential, normal, lognormal and gamma distributions to durations in seconds by maximum likelihood
 * and picks the lowest AIC. A constant sample is `fixed`; lognormal and gamma need all values above 0.
 * Returns undefined for an empty sample.
 */
export function fitDuration(values: readonly number[]): DistributionFit | undefined {
  const xs = values.filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
  const sd = Math.sqrt(variance);
  const candidates: FitCandidate[] = [];
  if (n === 1 || sd <= 1e-9 * Math.max(1, mean)) {
    const fixed: FitCandidate = { family: 'fixed', mean, sd: 0, logLikelihood: 0, aic: 0, ks: 0 };
    return { samples: n, sampleMean: mean, sampleSd: sd, chosen: fixed, candidates: [fixed], distribution: toDistribution(fixed) };
  }
  const add = (family: FittedFamily, k: number, m: number, s: number, ll: number, cdf: (x: number) => number) => {
    if (Number.isFinite(ll)) candidates.push({ family, mean: m, sd: s, logLikelihood: ll, aic: 2 * k - 2 * ll, ks: ksStatistic(xs, cdf) });
  };
  if (mean > 0) {
    const sum = xs.reduce((a, b) => a + b, 0);
    add('exponential', 1, mean, mean, -n * Math.log(mean) - sum / mean, (x) => 1 - Math.exp(-x / mean));
  }
  add('normal', 2, mean, sd, -n * (Math.log(sd) + 0.5 * Math.log(2 * Math.PI)) - n / 2, (x) => normalCdf((x - mean) / sd));
  if (xs[0]! > 0) {
    const logs = xs.map(Math.log);
    const mu = logs.reduce((a, b) => a + b, 0) / n;
    const s = Math.sqrt(logs.reduce((a, l) => a + (l - mu) ** 2, 0) / n);
    if (s > 0) {
      const ll = -logs.reduce((a, b) => a + b, 0) - n * (Math.log(s) + 0.5 * Math.log(2 * Math.PI)) - n / 2;
      const lm = Math.exp(mu + (s * s) / 2);
      add('lognormal', 2, lm, lm * Math.sqrt(Math.exp(s * s) - 1), ll, (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / s)));
    }
    // Gamma shape by Minka's approximation refined with Newton steps; scale = mean / shape.
    const meanLog = logs.reduce((a, b) => a + b, 0) / n;
    const sLog = Math.log(mean) - meanLog;
    if (sLog > 0) {
      let k = (3 - sLog + Math.sqrt((sLog - 3) ** 2 + 24 * sLog)) / (12 * sLog);
      for (let i = 0; i < 20; i++) {
        const next = 1 / (1 / k + (meanLog - Math.log(mean) + Math.log(k) - digamma(k)) / (k * k * (1 / k - (digamma(k + 1e-6) - digamma(k - 1e-6)) / 2e-6)));
        if (!Number.isFinite(next) || next <= 0) break;
        if (Math.abs(next - k) < 1e-10 * k) {
          k = next;
          break;
        }
        k = next;
      }
      const theta = mean / k;
      const ll = (k - 1) * meanLog * n - n * mean / theta - n * k * Math.log(theta) - n * logGamma(k);
      add('gamma', 2, mean, Math.sqrt(k) * theta, ll, (x) => gammaP(k, x / theta));
    }
  }
  const chosen = candidates.reduce((a, b) => (b.aic < a.aic ? b : a));
  return { samples: n, sampleMean: mean, sampleSd: sd, chosen, candidates, distribution: toDistribution(chosen) };
}

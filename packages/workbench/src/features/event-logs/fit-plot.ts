// The fit plot's data, DOM-free: a histogram of the sample as a density and the fitted distribution's density over
// the same range, so the two can be drawn on one axis (the chart is in lf-event-logs-view.ts).
import type { FitCandidate } from '@leanflow/analysis';
import type { FitPlot } from './protocol.ts';

function logGamma(x: number): number {
  const c = [676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = 0.9999999999998099;
  const t = x + 7.5;
  for (let i = 0; i < 8; i++) a += c[i]! / (x + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

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

/**
 * Histogram (as a density) of `values` up to their 95th percentile (long tails would squeeze the bulk into one bar) and the candidate's density over that range.
 *
 * @example
 * const plot = fitPlot(durations, result.tasks[0].fit.chosen);
 */
export function fitPlot(values: readonly number[], candidate: Pick<FitCandidate, 'family' | 'mean' | 'sd'>): FitPlot {
  const xs = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = xs.length;
  const low = n ? xs[0]! : 0;
  let high = n ? xs[Math.min(n - 1, Math.floor(0.95 * (n - 1)))]! : 1;
  // A sample far from zero is drawn from its minimum; one that starts near zero from zero.
  const from = low > 0.3 * high ? low : 0;
  if (!(high > from)) high = from + Math.max(1, from * 0.1);
  const bins = Math.max(5, Math.min(40, Math.ceil(Math.sqrt(n))));
  const width = (high - from) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => from + i * width);
  const counts = new Array<number>(bins).fill(0);
  let above = 0;
  for (const x of xs) {
    if (x > high) above++;
    else counts[Math.min(bins - 1, Math.max(0, Math.floor((x - from) / width)))]!++;
  }
  const density = counts.map((c) => (n ? c / (n * width) : 0));
  const pdf = fittedDensity(candidate);
  const curveX = pdf ? Array.from({ length: 81 }, (_, i) => from + ((high - from) * i) / 80) : [];
  const curveY = pdf ? curveX.map((x) => pdf(x)) : [];
  return { edges, density, curveX, curveY, ...(candidate.family === 'fixed' ? { fixedAt: candidate.mean } : {}), above, samples: n };
}

/**
 * Half the width of the 95% interval of a share observed in `n` tokens (normal approximation to the binomial), the
 * goodness figure shown next to a fitted gateway probability.
 *
 * @example
 * proportionHalfWidth(0.5, 100); // 0.098
 */
export function proportionHalfWidth(share: number, n: number): number {
  return n > 0 ? 1.96 * Math.sqrt((share * (1 - share)) / n) : 1;
}

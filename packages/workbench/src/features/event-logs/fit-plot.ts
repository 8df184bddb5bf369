// The fit plot's data, DOM-free: a histogram of the sample as a density and the fitted distribution's density over
// the same range, so the two can be drawn on one axis (the chart is in lf-event-logs-view.ts).
import { fittedDensity, type FitCandidate } from '@leanflow/analysis';
import type { FitPlot } from './protocol.ts';

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

// Small statistics helpers: Student-t confidence intervals across replications and percentiles.

// Two-sided 95% quantiles t(0.975, df) for df = 1..30.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 0.975 quantile of Student's t with `df` degrees of freedom (table to 30, Cornish-Fisher expansion beyond). */
export function studentT975(df: number): number {
  if (df < 1) return Infinity;
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** A KPI across replications: the mean of the per-replication values and its 95% confidence interval. */
export interface Estimate {
  readonly mean: number;
  /** 95% Student-t interval of the mean; null with fewer than two replications. */
  readonly ci95: readonly [number, number] | null;
  /** The value of each replication, in replication order (for paired comparisons of variants). */
  readonly values: readonly number[];
}

/**
 * Mean and 95% CI of independent replication values.
 *
 * @example
 * estimate([10, 12, 11]).ci95; // [8.52, 13.48]
 */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { mean: NaN, ci95: null, values: [] };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: null, values: [...values] };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = studentT975(n - 1) * Math.sqrt(variance / n);
  return { mean, ci95: [mean - half, mean + half], values: [...values] };
}

/** The q-quantile (0..1) of ascending sorted values, by linear interpolation. NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(n - 1, lower + 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

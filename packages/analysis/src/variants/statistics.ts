// Statistics for comparing variants run with common random numbers: the paired Student-t interval of the
// per-replication differences, and KPI estimates that skip replications without a value.
import { studentT975 } from '@leanflow/sim';

/** A KPI of one variant across replications. `mean` is null when no replication had a value. */
export interface KpiEstimate {
  readonly mean: number | null;
  /** 95% Student-t interval of the mean; null with fewer than two replication values. */
  readonly ci95: readonly [number, number] | null;
  /** Replications that had a value (a first-response time needs at least one answered case). */
  readonly replications: number;
}

/** The difference variant − baseline of one KPI, paired by replication. */
export interface PairedDifference {
  /** Mean of the per-replication differences (= difference of the means over the paired replications). */
  readonly mean: number | null;
  /** 95% Student-t interval of the mean difference; null with fewer than two pairs. */
  readonly ci95: readonly [number, number] | null;
  /** True when the interval excludes 0 (never for a difference that is 0). */
  readonly significant: boolean;
  /** Every paired difference is 0 (up to floating-point noise): the variants agree exactly, "no change". */
  readonly noChange: boolean;
  /** Replications where both variants had a value. */
  readonly pairs: number;
}

/**
 * Mean and 95% interval of replication values, ignoring NaN (replications without a value).
 *
 * @example
 * estimateKpi([10, 12, NaN, 11]); // { mean: 11, ci95: [8.52, 13.48], replications: 3 }
 */
export function estimateKpi(values: readonly number[]): KpiEstimate {
  const finite = values.filter((v) => Number.isFinite(v));
  const { mean, ci95 } = meanAndInterval(finite);
  return { mean, ci95, replications: finite.length };
}

/**
 * The paired difference variant − baseline: d_r = variant_r − baseline_r for each replication r where both have a
 * value, then mean(d) ± t(0.975, n−1)·s_d/√n. With common random numbers the two runs share their random numbers
 * replication by replication, so s_d is much smaller than the spread of either variant; identical variants give
 * d_r = 0 exactly.
 *
 * @example
 * pairedDifference([10, 12, 11], [8, 10, 10]); // mean −1.67, ci95 [−3.1, −0.23], significant: true
 */
export function pairedDifference(baseline: readonly number[], variant: readonly number[]): PairedDifference {
  if (baseline.length !== variant.length) throw new Error('pairedDifference needs one value per replication on both sides');
  const differences: number[] = [];
  for (let r = 0; r < baseline.length; r++) {
    const a = baseline[r]!;
    const b = variant[r]!;
    // Differences at the level of rounding noise (e.g. 1e-16 h of throughput) are 0: no change, not a finding.
    if (Number.isFinite(a) && Number.isFinite(b)) differences.push(Math.abs(b - a) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? 0 : b - a);
  }
  const { mean, ci95 } = meanAndInterval(differences);
  const noChange = differences.length > 0 && differences.every((d) => d === 0);
  return { mean: noChange ? 0 : mean, ci95: noChange && ci95 ? [0, 0] : ci95, significant: !noChange && ci95 !== null && (ci95[0] > 0 || ci95[1] < 0), pairs: differences.length, noChange };
}

function meanAndInterval(values: readonly number[]): { mean: number | null; ci95: readonly [number, number] | null } {
  const n = values.length;
  if (n === 0) return { mean: null, ci95: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = studentT975(n - 1) * Math.sqrt(variance / n);
  return { mean, ci95: [mean - half, mean + half] };
}

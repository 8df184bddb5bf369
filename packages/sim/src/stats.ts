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

/**
 * Relative accuracy of `QuantileSketch`: a quantile it returns lies within this fraction of the exact one
 * (values under `SKETCH_MIN_VALUE` count as 0, an absolute error below that value).
 */
export const SKETCH_RELATIVE_ACCURACY = 0.001;
/** Values below this (seconds) fall into the sketch's zero bucket. */
export const SKETCH_MIN_VALUE = 1e-6;
// A value's bucket is the top 22 bits of its IEEE 754 double: sign, exponent and the first 10 mantissa bits. The
// values of one bucket differ by less than 2^-10 = 0.098% of the smallest, so their mean is within
// SKETCH_RELATIVE_ACCURACY of each of them; and no logarithm is needed per value.
const BUCKET_BITS = new Float64Array(1);
const BUCKET_WORDS = new Uint32Array(BUCKET_BITS.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
function bucketIndex(value: number): number {
  BUCKET_BITS[0] = value;
  return BUCKET_WORDS[HIGH_WORD] >>> 10;
}

/** Values a sketch keeps exactly before it switches to buckets (`createQuantileSketch`'s default). */
export const SKETCH_EXACT_VALUES = 10_000;

/**
 * A streaming quantile sketch of non-negative values. Up to `limit` values it keeps them (quantiles and histograms
 * are exact); beyond, logarithmic buckets in the spirit of DDSketch (Masson et al. 2019): a bucket counts and sums the values whose
 * doubles share sign, exponent and first 10 mantissa bits (a relative width under 0.098%) and stands for their
 * mean, within `SKETCH_RELATIVE_ACCURACY` of each of them (and exact when they are all equal, as with fixed
 * durations). Bucket memory depends on the spread of the values (about 3,400 buckets per factor 10 between the
 * smallest and the largest), not on how
 * many there are. Plain data, so it crosses worker boundaries by structured clone; merging adds counts, so the
 * result does not depend on the order.
 */
export interface QuantileSketch {
  /** The values themselves while there are at most `limit` of them (in [0, count)); null once bucketed. */
  exact: Float64Array | null;
  /** `exact` is sorted ascending. */
  sorted: boolean;
  readonly limit: number;
  /** Counts and sums of the values of buckets `offset`, `offset + 1`, ... */
  counts: Float64Array;
  sums: Float64Array;
  offset: number;
  /** Values below `SKETCH_MIN_VALUE`. */
  zero: number;
  count: number;
  min: number;
  max: number;
}

/** An empty sketch that stays exact up to `limit` values. */
export function createQuantileSketch(limit = SKETCH_EXACT_VALUES): QuantileSketch {
  return { exact: new Float64Array(Math.min(limit, 64)), sorted: true, limit, counts: new Float64Array(0), sums: new Float64Array(0), offset: 0, zero: 0, count: 0, min: Infinity, max: -Infinity };
}

function growSketch(sketch: QuantileSketch, index: number): void {
  const counts = sketch.counts;
  if (counts.length === 0) {
    sketch.counts = new Float64Array(64);
    sketch.sums = new Float64Array(64);
    sketch.offset = index - 32;
    return;
  }
  const low = Math.min(sketch.offset, index);
  const high = Math.max(sketch.offset + counts.length, index + 1);
  // Grow by at least half again so a slowly widening range does not copy on every value.
  const slack = Math.max(32, counts.length >> 1);
  const offset = index < sketch.offset ? low - slack : low;
  const grown = new Float64Array(high - offset + (index < sketch.offset ? 0 : slack));
  grown.set(counts, sketch.offset - offset);
  const sums = new Float64Array(grown.length);
  sums.set(sketch.sums, sketch.offset - offset);
  sketch.counts = grown;
  sketch.sums = sums;
  sketch.offset = offset;
}

function addToBuckets(sketch: QuantileSketch, value: number, weight: number): void {
  if (value < SKETCH_MIN_VALUE) {
    sketch.zero += weight;
    return;
  }
  const index = bucketIndex(value);
  if (index < sketch.offset || index >= sketch.offset + sketch.counts.length) growSketch(sketch, index);
  sketch.counts[index - sketch.offset] += weight;
  sketch.sums[index - sketch.offset] += value * weight;
}

/** From exact values to buckets (the sketch has outgrown its limit). */
function bucketExact(sketch: QuantileSketch, upTo: number): void {
  const exact = sketch.exact;
  if (exact === null) return;
  sketch.exact = null;
  for (let i = 0; i < upTo; i++) addToBuckets(sketch, exact[i], 1);
}

/** Adds one value (>= 0). */
export function addToSketch(sketch: QuantileSketch, value: number): void {
  const k = sketch.count++;
  if (value < sketch.min) sketch.min = value;
  if (value > sketch.max) sketch.max = value;
  const exact = sketch.exact;
  if (exact !== null) {
    if (k < sketch.limit) {
      if (k >= exact.length) {
        const grown = new Float64Array(Math.min(sketch.limit, exact.length * 2));
        grown.set(exact);
        sketch.exact = grown;
      }
      (sketch.exact as Float64Array)[k] = value;
      sketch.sorted = false;
      return;
    }
    bucketExact(sketch, k);
  }
  addToBuckets(sketch, value, 1);
}

/** Adds every value of `from` to `into`. */
export function mergeSketch(into: QuantileSketch, from: QuantileSketch): void {
  const before = into.count;
  if (into.exact !== null && from.exact !== null && before + from.count <= into.limit) {
    if (before + from.count > into.exact.length) {
      const grown = new Float64Array(Math.min(into.limit, Math.max(before + from.count, into.exact.length * 2)));
      grown.set(into.exact.subarray(0, before));
      into.exact = grown;
    }
    into.exact.set(from.exact.subarray(0, from.count), before);
    into.sorted = into.sorted && from.count === 0;
  } else {
    bucketExact(into, before);
    if (from.exact !== null) for (let i = 0; i < from.count; i++) addToBuckets(into, from.exact[i], 1);
    else {
      into.zero += from.zero;
      for (let i = 0; i < from.counts.length; i++) {
        const c = from.counts[i];
        if (c === 0) continue;
        const index = from.offset + i;
        if (index < into.offset || index >= into.offset + into.counts.length) growSketch(into, index);
        into.counts[index - into.offset] += c;
        into.sums[index - into.offset] += from.sums[i];
      }
    }
  }
  into.count += from.count;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
}

/** The exact values, sorted ascending (sorting them in place), or null once bucketed. */
export function sketchSortedValues(sketch: QuantileSketch): Float64Array | null {
  if (sketch.exact === null) return null;
  const values = sketch.exact.subarray(0, sketch.count);
  if (!sketch.sorted) {
    values.sort();
    sketch.sorted = true;
  }
  return values;
}

function bucketValue(sketch: QuantileSketch, i: number): number {
  return Math.min(sketch.max, Math.max(sketch.min, sketch.sums[i] / sketch.counts[i]));
}

/** The value of rank `rank` (0-based, ascending) of a bucketed sketch, within its accuracy. */
function valueAtRank(sketch: QuantileSketch, rank: number): number {
  let seen = sketch.zero;
  if (rank < seen) return Math.max(0, sketch.min);
  const counts = sketch.counts;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (rank < seen) return bucketValue(sketch, i);
  }
  return sketch.max;
}

/**
 * The q-quantile (0..1), interpolated between ranks exactly as `quantileSorted` does; NaN when empty. Exact while
 * the sketch holds its values, else within `SKETCH_RELATIVE_ACCURACY` of `quantileSorted` on the same values.
 *
 * @example
 * const sketch = createQuantileSketch();
 * for (const x of [1, 2, 3, 4]) addToSketch(sketch, x);
 * sketchQuantile(sketch, 0.5); // 2.5
 */
export function sketchQuantile(sketch: QuantileSketch, q: number): number {
  const n = sketch.count;
  if (n === 0) return NaN;
  const sorted = sketchSortedValues(sketch);
  if (sorted !== null) return quantileSorted(sorted, q);
  const position = (n - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(n - 1, lower + 1);
  const a = valueAtRank(sketch, lower);
  const b = upper === lower ? a : valueAtRank(sketch, upper);
  return a + (b - a) * (position - lower);
}

/**
 * The sketch's values as points, ascending: while exact, each value with a count of 1 (`counts` null); once
 * bucketed, each non-empty bucket's value (as `sketchQuantile` takes it) with its count, the zero bucket first.
 * What a share within a target or a quantile is counted from elsewhere (the plugin API's figures).
 *
 * @example
 * const { values, counts } = sketchPoints(sketch);
 * const within = counts === null ? values.filter((v) => v <= 7200).length : ...;
 */
export function sketchPoints(sketch: QuantileSketch): { values: Float64Array; counts: Float64Array | null } {
  const sorted = sketchSortedValues(sketch);
  if (sorted !== null) return { values: sorted, counts: null };
  const values: number[] = [];
  const counts: number[] = [];
  if (sketch.zero > 0) {
    values.push(Math.max(0, sketch.min));
    counts.push(sketch.zero);
  }
  for (let i = 0; i < sketch.counts.length; i++)
    if (sketch.counts[i] > 0) {
      values.push(bucketValue(sketch, i));
      counts.push(sketch.counts[i]);
    }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
}

/**
 * Shares of the values in `bins` equal bins from 0 to the 0.99 quantile (the last bin also holds everything above).
 * Bucketed, each bucket's count goes to the bin of its representative value, so only values within the sketch's
 * relative accuracy of a bin edge can land in the neighbouring bin.
 */
export function sketchHistogram(sketch: QuantileSketch, bins: number): { from: number; to: number; share: number }[] {
  const n = sketch.count;
  if (n === 0) return [];
  const top = sketchQuantile(sketch, 0.99);
  const width = top > 0 ? top / bins : 1;
  const counts = new Float64Array(bins);
  const bin = (value: number) => Math.min(bins - 1, Math.floor(value / width));
  const sorted = sketchSortedValues(sketch);
  if (sorted !== null) for (let i = 0; i < sorted.length; i++) counts[bin(sorted[i])]++;
  else {
    if (sketch.zero > 0) counts[bin(Math.max(0, sketch.min))] += sketch.zero;
    for (let i = 0; i < sketch.counts.length; i++) if (sketch.counts[i] > 0) counts[bin(bucketValue(sketch, i))] += sketch.counts[i];
  }
  return Array.from(counts, (c, i) => ({ from: i * width, to: (i + 1) * width, share: c / n }));
}

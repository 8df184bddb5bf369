import { describe, expect, it } from 'vitest';
import {
  SKETCH_RELATIVE_ACCURACY,
  addToSketch,
  createQuantileSketch,
  createRandomStream,
  estimate,
  mergeSketch,
  parseIsoDuration,
  quantileSorted,
  sketchHistogram,
  sketchQuantile,
  studentT975,
} from './index.ts';

describe('statistics helpers', () => {
  it('t quantiles match the table (and tend to 1.96)', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(9)).toBe(2.262);
    expect(studentT975(40)).toBeCloseTo(2.021, 3); // published t(0.975, 40) = 2.0211
    expect(studentT975(120)).toBeCloseTo(1.98, 2);
  });

  it('estimate gives mean and Student-t CI; null CI for one value', () => {
    const e = estimate([10, 12, 11]);
    expect(e.mean).toBe(11);
    // s = 1, t(0.975, 2) = 4.303: half-width 4.303 / sqrt(3) = 2.4843
    expect(e.ci95![0]).toBeCloseTo(11 - 2.4843, 4);
    expect(e.ci95![1]).toBeCloseTo(11 + 2.4843, 4);
    expect(estimate([5]).ci95).toBeNull();
  });

  it('quantiles interpolate linearly', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('parses ISO 8601 durations used by BPMN timers', () => {
    expect(parseIsoDuration('PT1H30M')).toBe(5400);
    expect(parseIsoDuration('P2D')).toBe(172800);
    expect(parseIsoDuration('PT0.5S')).toBe(0.5);
    expect(parseIsoDuration('R3/PT10M')).toBe(600);
    expect(parseIsoDuration('tomorrow')).toBeNull();
    expect(parseIsoDuration('PT')).toBeNull();
  });
});

describe('quantile sketch (streamed statistics)', () => {
  // A seeded generator so the test data are the same on every run.
  const values = (n: number, seed: number, draw: (u: number) => number): Float64Array => {
    const stream = createRandomStream(seed, 0, 'sketch-test');
    return Float64Array.from({ length: n }, () => draw(stream.next()));
  };
  const exponential = (u: number) => -Math.log(1 - u) * 600;
  // Heavy-tailed and spread over six orders of magnitude.
  const logNormalish = (u: number) => Math.exp(12 * u - 4);

  it('is exact while it holds the values', () => {
    const xs = values(5_000, 1, exponential);
    const sketch = createQuantileSketch();
    xs.forEach((x) => addToSketch(sketch, x));
    const sorted = Float64Array.from(xs).sort();
    for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1]) expect(sketchQuantile(sketch, q)).toBe(quantileSorted(sorted, q));
  });

  for (const [name, draw] of [['exponential', exponential], ['log-uniform over 5 decades', logNormalish]] as const) {
    it(`stays within SKETCH_RELATIVE_ACCURACY of the exact quantiles beyond its limit (${name}, 200,000 values)`, () => {
      const xs = values(200_000, 2, draw);
      const sketch = createQuantileSketch(1_000);
      xs.forEach((x) => addToSketch(sketch, x));
      expect(sketch.exact).toBeNull(); // bucketed
      const sorted = Float64Array.from(xs).sort();
      let worst = 0;
      for (let q = 0; q <= 1; q += 0.005) {
        const exact = quantileSorted(sorted, q);
        worst = Math.max(worst, Math.abs(sketchQuantile(sketch, q) - exact) / exact);
      }
      expect(worst).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY);
      expect(worst).toBeGreaterThan(0); // really bucketed, not exact by accident
      // Memory follows the spread of the values, not their number (3,402 buckets a decade, plus growth slack).
      expect(sketch.counts.length).toBeLessThan(1.6 * Math.log10(sorted[sorted.length - 1] / sorted[0]) * 3_402 + 1_100);
    });
  }

  it('is exact for repeated values (fixed durations) even when bucketed', () => {
    const sketch = createQuantileSketch(10);
    for (let i = 0; i < 1_000; i++) addToSketch(sketch, i % 4 === 0 ? 1_800 : 600);
    expect(sketchQuantile(sketch, 0.5)).toBe(600);
    expect(sketchQuantile(sketch, 0.95)).toBe(1_800);
  });

  it('merges to the same sketch in any order, and a merged histogram matches the exact one within the accuracy', () => {
    const parts = [1, 2, 3].map((seed) => values(30_000, seed, exponential));
    const sketches = parts.map((xs) => {
      const s = createQuantileSketch(1_000);
      xs.forEach((x) => addToSketch(s, x));
      return s;
    });
    const forward = createQuantileSketch(1_000);
    const backward = createQuantileSketch(1_000);
    sketches.forEach((s) => mergeSketch(forward, s));
    [...sketches].reverse().forEach((s) => mergeSketch(backward, s));
    // The same count in every bucket (bucket sums may differ in the last bits with the order of the additions).
    const byBucket = (s: typeof forward) => Array.from(s.counts).flatMap((c, i) => (c > 0 ? [[s.offset + i, c]] : []));
    expect(byBucket(forward)).toEqual(byBucket(backward));
    for (const q of [0.5, 0.9, 0.95]) expect(sketchQuantile(forward, q) / sketchQuantile(backward, q)).toBeCloseTo(1, 12);
    const exact = createQuantileSketch(100_000);
    parts.forEach((xs) => xs.forEach((x) => addToSketch(exact, x)));
    const a = sketchHistogram(forward, 20);
    const b = sketchHistogram(exact, 20);
    expect(a).toHaveLength(20);
    // Edges within the accuracy; shares differ only by values near an edge (a fraction of a percent here).
    a.forEach((bin, i) => {
      expect(Math.abs(bin.to - b[i].to) / b[i].to).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY);
      expect(Math.abs(bin.share - b[i].share)).toBeLessThan(0.005);
    });
    expect(a.reduce((x, bin) => x + bin.share, 0)).toBeCloseTo(1, 12);
  });
});

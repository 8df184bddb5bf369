import { describe, expect, it } from 'vitest';
import { estimateKpi, pairedDifference } from '../index.ts';

describe('pairedDifference', () => {
  it('is the Student-t interval of the per-replication differences', () => {
    // d = [-2, -2, -1]: mean -5/3, s = sqrt(1/3), se = 1/3, t(0.975, 2) = 4.303.
    const d = pairedDifference([10, 12, 11], [8, 10, 10]);
    expect(d.mean).toBeCloseTo(-5 / 3, 12);
    expect(d.ci95![0]).toBeCloseTo(-5 / 3 - 4.303 / 3, 12);
    expect(d.ci95![1]).toBeCloseTo(-5 / 3 + 4.303 / 3, 12);
    expect(d.significant).toBe(true);
    expect(d.pairs).toBe(3);
  });

  it('is much narrower than the unpaired intervals when the runs move together', () => {
    // Replications that vary a lot but the variant is always 1 lower: the paired interval is a point.
    const baseline = [10, 30, 20, 50];
    const d = pairedDifference(baseline, baseline.map((x) => x - 1));
    expect(d.mean).toBe(-1);
    expect(d.ci95).toEqual([-1, -1]);
    const spread = estimateKpi(baseline).ci95!;
    expect(spread[1] - spread[0]).toBeGreaterThan(40);
  });

  it('pairs only replications where both have a value, and is not significant when the interval holds 0', () => {
    const d = pairedDifference([1, NaN, 3, 5], [2, 7, NaN, 4]);
    expect(d.pairs).toBe(2);
    expect(d.mean).toBe(0);
    expect(d.significant).toBe(false);
    expect(pairedDifference([1], [2])).toEqual({ mean: 1, ci95: null, significant: false, pairs: 1, noChange: false });
    // Rounding noise of the same size on every replication is no difference: not "significant" at [1e-16, 1e-16].
    const third = 1 / 3;
    expect(pairedDifference([third, 2 * third, 1], [third + 1e-17, 2 * third + 1e-16, 1 + 2e-16])).toEqual({ mean: 0, ci95: [0, 0], significant: false, pairs: 3, noChange: true });
    expect(() => pairedDifference([1, 2], [1])).toThrow();
  });
});

describe('estimateKpi', () => {
  it('skips replications without a value', () => {
    const e = estimateKpi([10, 12, NaN, 11]);
    expect(e.replications).toBe(3);
    expect(e.mean).toBe(11);
    expect(e.ci95![1] - 11).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(estimateKpi([NaN])).toEqual({ mean: null, ci95: null, replications: 0 });
  });
});

// The preview curve is a real density: it integrates to about 1 over the preview range and peaks where it should.
import type { Distribution } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { density, densityCurve } from './distribution-shape.ts';

function integral(d: Distribution, to: number, steps = 20_000): number {
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += density(d, ((i + 0.5) / steps) * to) * (to / steps);
  return sum;
}

const cases: [Distribution, number][] = [
  [{ type: 'uniform', min: 5, max: 15, unit: 'min' }, 1],
  [{ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' }, 1],
  [{ type: 'exponential', mean: 30, unit: 'min' }, 0.99],
  [{ type: 'normal', mean: 2, sd: 3, unit: 'min' }, 0.99],
  [{ type: 'lognormal', mean: 10, sd: 5, unit: 'min' }, 0.98],
  [{ type: 'gamma', mean: 10, sd: 5, unit: 'min' }, 0.98],
  [{ type: 'erlang', k: 3, mean: 12, unit: 'min' }, 0.98],
  [{ type: 'weibull', shape: 1.5, scale: 10, unit: 'min' }, 0.98],
  [{ type: 'empirical', bins: [{ min: 0, max: 10, weight: 1 }, { min: 10, max: 20, weight: 3 }], unit: 'min' }, 1],
];

describe('distribution preview', () => {
  it.each(cases)('%o integrates to about 1 (at least the stated share within the preview range)', (d, share) => {
    const curve = densityCurve(d);
    const mass = integral(d, curve.xMax);
    expect(mass).toBeGreaterThanOrEqual(share - 0.005);
    expect(mass).toBeLessThanOrEqual(1.005);
    expect(curve.ys.every((y) => Number.isFinite(y) && y >= 0)).toBe(true);
  });

  it('peaks at the most likely value of a triangular estimate, and draws a fixed value as a spike', () => {
    const curve = densityCurve({ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' }, 100);
    const peak = curve.xs[curve.ys.indexOf(Math.max(...curve.ys))]!;
    expect(Math.abs(peak - 30)).toBeLessThan(curve.xMax / 100 + 1e-9);
    expect(densityCurve({ type: 'fixed', value: 5, unit: 'min' })).toMatchObject({ spike: 5, xs: [] });
  });
});

import { describe, expect, it } from 'vitest';
import type { Distribution } from '@leanflow/model';
import { createRandomStream, createSampler, gammaFunction } from './index.ts';

const N = 200_000;

function moments(distribution: Distribution, key = 'x') {
  const sampler = createSampler(distribution);
  const rng = createRandomStream(42, 0, key);
  let sum = 0;
  let sum2 = 0;
  let min = Infinity;
  for (let i = 0; i < N; i++) {
    const x = sampler.sample(rng);
    sum += x;
    sum2 += x * x;
    if (x < min) min = x;
  }
  const mean = sum / N;
  return { mean, variance: sum2 / N - mean * mean, min, sampler };
}

// Tolerances: with N = 200,000 draws the standard error of the sample mean is sd/447, so 1% of the mean is
// at least 4 standard errors for every case below (coefficient of variation <= 1 except where stated).
// Sample variances converge more slowly (their SE depends on the fourth moment); 4% holds with > 4 SE margin for
// the distributions tested (kurtosis <= 9, i.e. SE of the variance <= 0.0063 * variance).
describe('samplers match closed-form moments (seconds)', () => {
  const cases: [string, Distribution, number, number][] = [
    ['fixed 3 min', { type: 'fixed', value: 3, unit: 'min' }, 180, 0],
    ['uniform 1-3 h', { type: 'uniform', min: 1, max: 3, unit: 'h' }, 7200, (7200 * 7200) / 12],
    ['triangular 1,2,6 min', { type: 'triangular', min: 1, mode: 2, max: 6, unit: 'min' }, 180, ((1 + 4 + 36 - 2 - 6 - 12) / 18) * 3600],
    ['exponential mean 10 s', { type: 'exponential', mean: 10, unit: 's' }, 10, 100],
    ['normal 10 sd 2 min', { type: 'normal', mean: 10, sd: 2, unit: 'min' }, 600, 14400],
    ['lognormal mean 5 sd 3 min', { type: 'lognormal', mean: 5, sd: 3, unit: 'min' }, 300, 32400],
    ['gamma mean 4 sd 2 min', { type: 'gamma', mean: 4, sd: 2, unit: 'min' }, 240, 14400],
    ['gamma shape < 1 (mean 1 sd 1.5 s)', { type: 'gamma', mean: 1, sd: 1.5, unit: 's' }, 1, 2.25],
    ['erlang k=3 mean 6 s', { type: 'erlang', k: 3, mean: 6, unit: 's' }, 6, 12],
    ['weibull shape 2 scale 10 s', { type: 'weibull', shape: 2, scale: 10, unit: 's' }, 10 * gammaFunction(1.5), 100 * (gammaFunction(2) - gammaFunction(1.5) ** 2)],
    [
      'empirical 2 bins',
      { type: 'empirical', bins: [{ min: 0, max: 10, weight: 1 }, { min: 10, max: 20, weight: 3 }], unit: 's' },
      0.25 * 5 + 0.75 * 15,
      // mixture variance: E[X^2] - mean^2 with E[X^2] = sum w (a^2+ab+b^2)/3
      0.25 * (100 / 3) + 0.75 * ((100 + 200 + 400) / 3) - 12.5 ** 2,
    ],
  ];
  for (const [name, distribution, mean, variance] of cases) {
    it(name, () => {
      const m = moments(distribution, name);
      expect(m.min).toBeGreaterThanOrEqual(0);
      if (mean === 0) expect(m.mean).toBe(0);
      else expect(Math.abs(m.mean - mean) / mean).toBeLessThan(name.startsWith('gamma shape') ? 0.015 : 0.01);
      if (variance === 0) expect(m.variance).toBeCloseTo(0, 6);
      else expect(Math.abs(m.variance - variance) / variance).toBeLessThan(name.startsWith('gamma shape') ? 0.06 : 0.04);
      expect(Math.abs(m.sampler.mean - mean) / (mean || 1)).toBeLessThan(1e-6); // the truncated normal at 5 sd shifts its mean by 3e-7
    });
  }

  it('truncates the normal at 0 (mean 1, sd 1 has truncated mean 1.2876)', () => {
    // E[X | X > 0] for N(1,1) = 1 + phi(1)/Phi(1) = 1 + 0.24197/0.84134 = 1.28760
    const m = moments({ type: 'normal', mean: 1, sd: 1, unit: 's' });
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(m.mean).toBeCloseTo(1.2876, 2);
    expect(m.sampler.mean).toBeCloseTo(1.2876, 3);
  });
});

describe('random streams', () => {
  it('repeat for the same (seed, replication, key) and differ otherwise', () => {
    const draw = (seed: number, rep: number, key: string) => {
      const rng = createRandomStream(seed, rep, key);
      return [rng.next(), rng.next(), rng.next()];
    };
    expect(draw(7, 0, 'a')).toEqual(draw(7, 0, 'a'));
    expect(draw(7, 0, 'a')).not.toEqual(draw(7, 0, 'b'));
    expect(draw(7, 0, 'a')).not.toEqual(draw(7, 1, 'a'));
    expect(draw(7, 0, 'a')).not.toEqual(draw(8, 0, 'a'));
  });

  it('is uniform: mean 1/2, variance 1/12, and neighbouring keys uncorrelated', () => {
    const a = createRandomStream(1, 0, 'duration:Task_1');
    const b = createRandomStream(1, 0, 'duration:Task_2');
    let sa = 0;
    let saa = 0;
    let sab = 0;
    let sb = 0;
    for (let i = 0; i < N; i++) {
      const x = a.next();
      const y = b.next();
      sa += x;
      saa += x * x;
      sb += y;
      sab += x * y;
    }
    const mean = sa / N;
    // SE of a uniform mean is 0.289/sqrt(N) = 0.00065; 0.003 is > 4 SE. Same scale for the covariance (SE 1/12/sqrt(N)).
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(saa / N - mean * mean - 1 / 12)).toBeLessThan(0.002);
    expect(Math.abs(sab / N - mean * (sb / N))).toBeLessThan(0.001);
  });
});

describe('Sampler.exponentialMean (the engine draws exponentials from it without the sampler)', () => {
  it('is the mean in seconds of an exponential and gives its draws bit for bit; NaN for other distributions', () => {
    const sampler = createSampler({ type: 'exponential', mean: 5, unit: 'min' });
    expect(sampler.exponentialMean).toBe(300);
    const a = createRandomStream(7, 0, 'x');
    const b = createRandomStream(7, 0, 'x');
    for (let i = 0; i < 1000; i++) expect(-sampler.exponentialMean * Math.log(b.nextOpen())).toBe(sampler.sample(a));
    expect(createSampler({ type: 'fixed', value: 3, unit: 'min' }).exponentialMean).toBeNaN();
    expect(createSampler({ type: 'erlang', k: 1, mean: 5, unit: 'min' }).exponentialMean).toBeNaN();
  });
});

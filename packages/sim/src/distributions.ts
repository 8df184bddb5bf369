// Samplers for every duration distribution of the scenario schema, in seconds.
// One monomorphic class with a numeric type code keeps the hot call site fast (no per-sample closures).
import { SECONDS_PER_UNIT, type Distribution } from '@leanflow/model';
import type { RandomStream } from './rng.ts';

const FIXED = 0;
const UNIFORM = 1;
const TRIANGULAR = 2;
const EXPONENTIAL = 3;
const NORMAL = 4;
const LOGNORMAL = 5;
const GAMMA = 6;
const ERLANG = 7;
const WEIBULL = 8;
const EMPIRICAL = 9;

/** Standard normal by the Marsaglia polar method (the second value is discarded so streams stay stateless). */
function standardNormal(rng: RandomStream): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the boost Gamma(shape+1) * U^(1/shape). */
function standardGamma(rng: RandomStream, shape: number): number {
  if (shape < 1) return standardGamma(rng, shape + 1) * Math.pow(rng.nextOpen(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextOpen();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A compiled distribution: parameters already converted to seconds.
 *
 * @example
 * const sampler = createSampler({ type: 'exponential', mean: 5, unit: 'min' });
 * sampler.mean; // 300
 * sampler.sample(createRandomStream(1, 0, 'x'));
 */
export class Sampler {
  /** The distribution's theoretical mean in seconds (for defaults, checks and docs). */
  readonly mean: number;

  private constructor(
    private readonly type: number,
    private readonly p1: number,
    private readonly p2: number,
    private readonly p3: number,
    private readonly table: Float64Array | null,
    mean: number,
  ) {
    this.mean = mean;
  }

  /** Builds a sampler; the distribution must already be valid (zod-checked). */
  static from(distribution: Distribution): Sampler {
    const k = SECONDS_PER_UNIT[distribution.unit ?? 'min'];
    switch (distribution.type) {
      case 'fixed':
        return new Sampler(FIXED, distribution.value * k, 0, 0, null, distribution.value * k);
      case 'uniform':
        return new Sampler(UNIFORM, distribution.min * k, distribution.max * k, 0, null, ((distribution.min + distribution.max) / 2) * k);
      case 'triangular': {
        const { min, mode, max } = distribution;
        return new Sampler(TRIANGULAR, min * k, mode * k, max * k, null, ((min + mode + max) / 3) * k);
      }
      case 'exponential':
        return new Sampler(EXPONENTIAL, distribution.mean * k, 0, 0, null, distribution.mean * k);
      case 'normal': {
        // Truncated at 0 by rejection; the mean stated is that of the untruncated normal.
        const mean = distribution.mean * k;
        const sd = distribution.sd * k;
        return new Sampler(NORMAL, mean, sd, 0, null, truncatedNormalMean(mean, sd));
      }
      case 'lognormal': {
        const m = distribution.mean;
        const s = distribution.sd;
        const sigma2 = Math.log(1 + (s * s) / (m * m));
        return new Sampler(LOGNORMAL, Math.log(m * k) - sigma2 / 2, Math.sqrt(sigma2), 0, null, m * k);
      }
      case 'gamma': {
        const shape = (distribution.mean * distribution.mean) / (distribution.sd * distribution.sd);
        const scale = ((distribution.sd * distribution.sd) / distribution.mean) * k;
        return new Sampler(GAMMA, shape, scale, 0, null, distribution.mean * k);
      }
      case 'erlang':
        return new Sampler(ERLANG, distribution.k, (distribution.mean * k) / distribution.k, 0, null, distribution.mean * k);
      case 'weibull': {
        const mean = distribution.scale * k * gammaFunction(1 + 1 / distribution.shape);
        return new Sampler(WEIBULL, distribution.shape, distribution.scale * k, 0, null, mean);
      }
      case 'empirical': {
        // table: [cumulativeWeight, min, max] per bin, weights normalised to 1.
        const bins = distribution.bins;
        const total = bins.reduce((sum, b) => sum + b.weight, 0);
        const table = new Float64Array(bins.length * 3);
        let cumulative = 0;
        let mean = 0;
        bins.forEach((b, i) => {
          cumulative += b.weight / total;
          table[i * 3] = cumulative;
          table[i * 3 + 1] = b.min * k;
          table[i * 3 + 2] = b.max * k;
          mean += (b.weight / total) * ((b.min + b.max) / 2) * k;
        });
        table[(bins.length - 1) * 3] = 1;
        return new Sampler(EMPIRICAL, bins.length, 0, 0, table, mean);
      }
    }
  }

  /**
   * The mean of an exponential distribution (its draw is `-mean * Math.log(rng.nextOpen())`), else NaN: lets a hot
   * loop keep the common case in a flat array.
   */
  get exponentialMean(): number {
    return this.type === EXPONENTIAL ? this.p1 : NaN;
  }

  /** Draws one value in seconds (never negative). */
  sample(rng: RandomStream): number {
    // The common cases first, in a method small enough for the engine's call sites to inline (a call that is not
    // inlined returns its number boxed on the heap: an allocation per sample).
    if (this.type === EXPONENTIAL) return -this.p1 * Math.log(rng.nextOpen());
    if (this.type === FIXED) return this.p1;
    return this.sampleOther(rng);
  }

  private sampleOther(rng: RandomStream): number {
    switch (this.type) {
      case FIXED:
        return this.p1;
      case UNIFORM:
        return this.p1 + (this.p2 - this.p1) * rng.next();
      case TRIANGULAR: {
        const a = this.p1;
        const c = this.p2;
        const b = this.p3;
        if (b <= a) return a;
        const u = rng.next();
        const f = (c - a) / (b - a);
        return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
      }
      case EXPONENTIAL:
        return -this.p1 * Math.log(rng.nextOpen());
      case NORMAL: {
        if (this.p2 === 0) return this.p1;
        for (;;) {
          const x = this.p1 + this.p2 * standardNormal(rng);
          if (x >= 0) return x;
        }
      }
      case LOGNORMAL:
        return Math.exp(this.p1 + this.p2 * standardNormal(rng));
      case GAMMA:
        return standardGamma(rng, this.p1) * this.p2;
      case ERLANG: {
        let logSum = 0;
        for (let i = 0; i < this.p1; i++) logSum += Math.log(rng.nextOpen());
        return -this.p2 * logSum;
      }
      case WEIBULL:
        return this.p2 * Math.pow(-Math.log(rng.nextOpen()), 1 / this.p1);
      case EMPIRICAL: {
        const table = this.table as Float64Array;
        const u = rng.next();
        let i = 0;
        while (table[i * 3] <= u && i < this.p1 - 1) i++;
        return table[i * 3 + 1] + (table[i * 3 + 2] - table[i * 3 + 1]) * rng.next();
      }
      default:
        throw new Error(`Sampler: unknown type ${this.type}`);
    }
  }
}

/** Shorthand for `Sampler.from`. */
export function createSampler(distribution: Distribution): Sampler {
  return Sampler.from(distribution);
}

/** Mean of a normal(mean, sd) truncated to [0, inf). */
export function truncatedNormalMean(mean: number, sd: number): number {
  if (sd === 0) return Math.max(0, mean);
  const alpha = -mean / sd;
  const phi = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI);
  return mean + (sd * phi) / (1 - normalCdf(alpha));
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf; absolute error < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** The gamma function (Lanczos approximation, g = 7), for Weibull moments. */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0];
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (z + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * a;
}

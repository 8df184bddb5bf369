// The shape of a duration distribution as points of its density, for the small preview next to the inputs.
// DOM-free; values are in the distribution's own unit.
import { type Distribution } from '@leanflow/model';

export interface DensityCurve {
  /** x from 0 to `xMax`, evenly spaced. */
  readonly xs: number[];
  /** density at each x (same length). */
  readonly ys: number[];
  readonly xMax: number;
  /** For a fixed value: where the spike is (the curve is empty). */
  readonly spike?: number;
}

function logGamma(x: number): number {
  // Lanczos (g = 7), in log space so large shapes do not overflow.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

function gammaDensity(x: number, shape: number, scale: number): number {
  if (x <= 0) return shape < 1 ? 0 : shape === 1 ? 1 / scale : 0;
  return Math.exp((shape - 1) * Math.log(x) - x / scale - logGamma(shape) - shape * Math.log(scale));
}

/** The density of `d` at `x` (the normal is truncated at 0 and renormalised). */
export function density(d: Distribution, x: number): number {
  if (x < 0) return 0;
  switch (d.type) {
    case 'fixed':
      return 0;
    case 'uniform':
      return d.max > d.min && x >= d.min && x <= d.max ? 1 / (d.max - d.min) : 0;
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      if (b <= a || x < a || x > b) return 0;
      if (x < c) return (2 * (x - a)) / ((b - a) * (c - a));
      if (x === c) return 2 / (b - a);
      return (2 * (b - x)) / ((b - a) * (b - c));
    }
    case 'exponential':
      return Math.exp(-x / d.mean) / d.mean;
    case 'normal': {
      if (d.sd === 0) return 0;
      const z = (x - d.mean) / d.sd;
      const pdf = Math.exp(-0.5 * z * z) / (d.sd * Math.sqrt(2 * Math.PI));
      return pdf / Math.max(1e-12, 1 - normalCdf(-d.mean / d.sd));
    }
    case 'lognormal': {
      if (d.sd === 0 || x === 0) return 0;
      const sigma2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
      const mu = Math.log(d.mean) - sigma2 / 2;
      return Math.exp(-((Math.log(x) - mu) ** 2) / (2 * sigma2)) / (x * Math.sqrt(2 * Math.PI * sigma2));
    }
    case 'gamma': {
      const shape = (d.mean / d.sd) ** 2;
      return gammaDensity(x, shape, d.mean / shape);
    }
    case 'erlang':
      return gammaDensity(x, d.k, d.mean / d.k);
    case 'weibull':
      return x === 0 && d.shape < 1 ? 0 : (d.shape / d.scale) * (x / d.scale) ** (d.shape - 1) * Math.exp(-((x / d.scale) ** d.shape));
    case 'empirical': {
      const total = d.bins.reduce((s, b) => s + b.weight, 0);
      if (total <= 0) return 0;
      return d.bins.reduce((s, b) => (b.max > b.min && x >= b.min && x <= b.max ? s + b.weight / total / (b.max - b.min) : s), 0);
    }
  }
}

function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Where the preview's x axis ends: the largest value, or far enough into the tail (about the 99th percentile). */
export function previewRange(d: Distribution): number {
  switch (d.type) {
    case 'fixed':
      return Math.max(d.value * 2, 1);
    case 'uniform':
    case 'triangular':
      return Math.max(d.max * 1.15, 1e-9);
    case 'exponential':
      return d.mean * 4.6;
    case 'normal':
      return Math.max(d.mean + 3.5 * d.sd, 1e-9);
    case 'lognormal':
    case 'gamma':
      return d.mean + 4 * d.sd || d.mean * 2;
    case 'erlang':
      return d.mean * (1 + 3 / Math.sqrt(d.k));
    case 'weibull':
      return d.scale * Math.pow(4.6, 1 / d.shape);
    case 'empirical':
      return Math.max(...d.bins.map((b) => b.max), 1e-9) * 1.15;
  }
}

/**
 * `points` samples of the density from 0 to the preview range.
 *
 * @example
 * densityCurve({ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' }).ys; // peaks at x = 30
 */
export function densityCurve(d: Distribution, points = 64): DensityCurve {
  const xMax = previewRange(d);
  if (d.type === 'fixed') return { xs: [], ys: [], xMax, spike: d.value };
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= points; i++) {
    const x = (xMax * i) / points;
    xs.push(x);
    const y = density(d, x);
    ys.push(Number.isFinite(y) ? y : 0);
  }
  return { xs, ys, xMax };
}

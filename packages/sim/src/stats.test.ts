import { describe, expect, it } from 'vitest';
import { estimate, parseIsoDuration, quantileSorted, studentT975 } from './index.ts';

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

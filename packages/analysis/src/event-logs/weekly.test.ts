import { describe, expect, it } from 'vitest';
import { createRandomStream } from '@leanflow/sim';
import { fitArrivalProfile, fitWorkingHours, hourOfWeek, openHoursOfWeek, openSeconds } from '../index.ts';

const HOUR = 3600000;
const MONDAY = Date.UTC(2024, 0, 1); // 2024-01-01 was a Monday

/** Poisson arrivals over `weeks` weeks with a rate per hour of the week (thinning of a fast stream). */
function poissonArrivals(rateOf: (hourOfWeek: number) => number, weeks: number, seed: number): number[] {
  const rng = createRandomStream(seed, 0, 'arrivals');
  const max = 10;
  const out: number[] = [];
  for (let t = MONDAY; ; ) {
    t += (-Math.log(rng.nextOpen()) / max) * HOUR;
    if (t >= MONDAY + weeks * 168 * HOUR) return out;
    const h = Math.floor((t - MONDAY) / HOUR) % 168;
    if (rng.next() < rateOf(h) / max) out.push(t);
  }
}

describe('hour of the week', () => {
  it('counts from Monday 00:00 in the given zone', () => {
    expect(hourOfWeek(MONDAY)).toBe(0);
    expect(hourOfWeek(MONDAY + 9.5 * HOUR)).toBe(9);
    expect(hourOfWeek(MONDAY - 1)).toBe(167);
    // Monday 00:30 UTC is Monday 01:30 in Berlin (winter) and Sunday 19:30 in New York.
    expect(hourOfWeek(MONDAY + 0.5 * HOUR, 'Europe/Berlin')).toBe(1);
    expect(hourOfWeek(MONDAY + 0.5 * HOUR, 'America/New_York')).toBe(6 * 24 + 19);
    expect(hourOfWeek(MONDAY + 0.5 * HOUR, '+02:00')).toBe(2);
  });
});

describe('weekly arrival profile', () => {
  // Known truth: Mon-Fri 09-12 at 6 cases/h, 12-17 at 3 cases/h, nothing otherwise (165 cases a week).
  const truth = (h: number) => {
    const day = Math.floor(h / 24);
    const hour = h % 24;
    if (day > 4) return 0;
    return hour >= 9 && hour < 12 ? 6 : hour >= 12 && hour < 17 ? 3 : 0;
  };

  it('detects the weekly pattern and recovers the periods and their rates', () => {
    const times = poissonArrivals(truth, 10, 7);
    const fit = fitArrivalProfile(times);
    expect(fit.weekly).toBe(true);
    expect(fit.test.binHours).toBe(1);
    expect(fit.test.pValue).toBeLessThan(1e-12);
    // Every period lies within the true open hours, and the rates there are within 15 % of the truth.
    for (const p of fit.profile.periods) {
      expect(p.days.every((d) => !['sat', 'sun'].includes(d))).toBe(true);
      expect(p.from >= '09:00' && p.to <= '17:00').toBe(true);
    }
    // Each day's morning and afternoon within 25 % (one day's afternoon over 10 weeks is ~150 arrivals, ~8 % sampling
    // error), the five days together within 5 %.
    const mean = (day: number, from: number, to: number) => fit.profileRatePerHour.slice(day * 24 + from, day * 24 + to).reduce((x, y) => x + y, 0) / (to - from);
    for (let day = 0; day < 7; day++) {
      const closed = [...fit.profileRatePerHour.slice(day * 24, day * 24 + 9), ...fit.profileRatePerHour.slice(day * 24 + 17, day * 24 + 24)];
      expect(closed.every((r) => r === 0)).toBe(true);
      if (day > 4) continue;
      expect(Math.abs(mean(day, 9, 12) - 6) / 6).toBeLessThan(0.25);
      expect(Math.abs(mean(day, 12, 17) - 3) / 3).toBeLessThan(0.25);
    }
    const days = [0, 1, 2, 3, 4];
    expect(Math.abs(days.reduce((a, d) => a + mean(d, 9, 12), 0) / 5 - 6) / 6).toBeLessThan(0.05);
    expect(Math.abs(days.reduce((a, d) => a + mean(d, 12, 17), 0) / 5 - 3) / 3).toBeLessThan(0.05);
    expect(fit.casesPerWeek).toBeGreaterThan(165 * 0.95);
    expect(fit.casesPerWeek).toBeLessThan(165 * 1.05);
    // The merged periods reproduce the hourly counts (no significant lack of fit) and most of their variance.
    expect(fit.fit.pValue).toBeGreaterThan(0.01);
    expect(fit.fit.r2).toBeGreaterThan(0.9);
    expect(fit.profile.periods.length).toBeLessThanOrEqual(15);
  });

  it('finds no weekly pattern in a constant-rate stream', () => {
    for (const seed of [1, 2, 3]) {
      const fit = fitArrivalProfile(poissonArrivals(() => 2, 6, seed));
      expect(fit.weekly).toBe(false);
      expect(fit.test.pValue).toBeGreaterThan(0.001);
    }
  });

  it('needs a week of data and widens the test cells for small logs', () => {
    const short = fitArrivalProfile(poissonArrivals(truth, 0.5, 4));
    expect(short.weekly).toBe(false);
    const small = fitArrivalProfile(poissonArrivals((h) => truth(h) / 10, 4, 5));
    expect(small.test.binHours).toBeGreaterThan(1);
    expect(small.test.expectedPerCell).toBeGreaterThanOrEqual(5);
  });
});

describe('working hours from resource activity', () => {
  // Known truth: people work Mon-Fri 08:00-16:00; each task starts and ends inside those hours.
  function stamps(noise: number, seed: number): number[] {
    const rng = createRandomStream(seed, 0, 'work');
    const out: number[] = [];
    for (let week = 0; week < 6; week++)
      for (let day = 0; day < 5; day++)
        for (let i = 0; i < 40; i++) {
          const start = MONDAY + ((week * 7 + day) * 24 + 8 + rng.next() * 7.5) * HOUR;
          out.push(start, Math.min(start + rng.next() * HOUR, MONDAY + ((week * 7 + day) * 24 + 16) * HOUR - 1));
        }
    const clean = out.length;
    for (let i = 0; i < noise * clean; i++) out.push(MONDAY + rng.next() * 6 * 168 * HOUR);
    return out;
  }

  it('recovers Mon-Fri 08:00-16:00 and states the share it covers', () => {
    const fit = fitWorkingHours(stamps(0, 1));
    expect(fit.alwaysOpen).toBe(false);
    expect(fit.hours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:00' }]);
    expect(fit.openHoursPerWeek).toBe(40);
    expect(fit.coverage).toBe(1);
  });

  it('ignores a little activity at odd hours and reports the coverage it loses', () => {
    const fit = fitWorkingHours(stamps(0.03, 2));
    expect(fit.hours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:00' }]);
    // About 3 % of the stamps are noise spread over the week; 40/168 of that noise lands inside the hours.
    expect(fit.coverage).toBeGreaterThan(0.97);
    expect(fit.coverage).toBeLessThan(0.985);
  });

  it('is always open for activity around the clock', () => {
    const rng = createRandomStream(3, 0, 'clock');
    const fit = fitWorkingHours(Array.from({ length: 20000 }, () => MONDAY + rng.next() * 4 * 168 * HOUR));
    expect(fit.alwaysOpen).toBe(true);
    expect(fit.hours).toEqual([]);
    expect(fit.openHoursPerWeek).toBe(168);
  });

  it('counts working time inside the open hours only', () => {
    const open = openHoursOfWeek([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:00' }]);
    // Friday 15:30 to Monday 08:30: half an hour on Friday, half an hour on Monday.
    const friday = MONDAY + (4 * 24 + 15.5) * HOUR;
    expect(openSeconds(friday, MONDAY + (7 * 24 + 8.5) * HOUR, open)).toBe(3600);
    expect(openSeconds(MONDAY + 9 * HOUR, MONDAY + 9.25 * HOUR, open)).toBe(900);
    expect(openSeconds(MONDAY + 20 * HOUR, MONDAY + 22 * HOUR, open)).toBe(0);
  });
});

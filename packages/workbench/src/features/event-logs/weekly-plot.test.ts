import { fitArrivalProfile } from '@leanflow/analysis';
import { describe, expect, it } from 'vitest';
import { hoursText, pText, weeklyGeometry } from './weekly-plot.ts';

describe('weekly profile words and geometry', () => {
  it('joins runs of days and keeps separate blocks', () => {
    expect(hoursText([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:00' }], (d) => d)).toBe('mon–fri 08:00–16:00');
    expect(hoursText([{ days: ['fri', 'mon', 'tue', 'thu'], from: '09:00', to: '12:00' }, { days: ['sat'], from: '10:00', to: '11:00' }], (d) => d.toUpperCase())).toBe('MON, TUE, THU, FRI 09:00–12:00; SAT 10:00–11:00');
    expect(hoursText([{ days: ['mon', 'wed', 'thu', 'fri', 'sun'], from: '09:00', to: '17:00' }], (d) => d)).toBe('mon, wed–fri, sun 09:00–17:00');
  });

  it('writes small p-values as a bound', () => {
    const f = (v: number, digits: number) => v.toFixed(digits);
    expect(pText(1e-9, f)).toBe('< 0.001');
    expect(pText(0.0421, f)).toBe('0.042');
  });

  it('draws the observed rates as bars and the fitted profile as steps on one scale', () => {
    // Ten weeks of one arrival an hour Mon-Fri 09:00-17:00 (and none else): the fitted profile equals the observed rates.
    const monday = Date.UTC(2024, 0, 1);
    const times: number[] = [];
    for (let w = 0; w < 10; w++) for (let d = 0; d < 5; d++) for (let h = 9; h < 17; h++) times.push(monday + ((w * 7 + d) * 24 + h) * 3600_000 + 1800_000);
    const profile = fitArrivalProfile(times, 'UTC');
    expect(profile.weekly).toBe(true);
    const g = weeklyGeometry(profile.ratePerHour, profile.profileRatePerHour, 336, 80);
    expect(g.bars).toHaveLength(168);
    // Monday 09:00 has the least exposure (the log starts at 09:30), so the highest rate: full height.
    expect(g.max).toBe(profile.ratePerHour[9]);
    expect(g.bars[9]).toEqual({ x: 18, w: 2, h: 80 });
    expect(g.bars[8]!.h).toBe(0);
    expect(g.bars[24 * 5 + 10]!.h).toBe(0); // Saturday
    // The step line is at the fitted rate (one arrival an hour, within 1 %) during Monday 09:00-10:00 and at 0 at 08:00.
    expect(profile.profileRatePerHour[9]).toBeCloseTo(1, 1);
    expect(g.line).toContain(`L18.0,${(80 - (profile.profileRatePerHour[9]! / g.max) * 80).toFixed(1)}H20.0`);
    expect(g.line).toContain('L16.0,80.0H18.0');
  });
});

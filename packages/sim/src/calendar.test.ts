import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from './index.ts';

const H = 3600;
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[];
const base = Date.parse('2026-01-05T00:00:00Z') / 1000; // a Monday
const iso = (t: number) => new Date((base + t) * 1000).toISOString();
const at = (text: string) => Date.parse(text) / 1000 - base;

describe('WorkCalendar (UTC, 9-17 on weekdays)', () => {
  const office = createWorkCalendar({ timeZone: 'UTC', hours: [{ days: weekdays, from: '09:00', to: '17:00' }], holidays: ['2026-01-07'] }, base);

  it('a task reached at 17:30 starts at 9:00 the next working day', () => {
    expect(iso(office.nextOpen(at('2026-01-05T17:30:00Z')))).toBe('2026-01-06T09:00:00.000Z');
  });

  it('skips a holiday (Wednesday 7 January) and a weekend', () => {
    expect(iso(office.nextOpen(at('2026-01-06T17:30:00Z')))).toBe('2026-01-08T09:00:00.000Z');
    expect(iso(office.nextOpen(at('2026-01-09T17:00:00Z')))).toBe('2026-01-12T09:00:00.000Z');
    expect(iso(office.nextOpen(at('2026-01-10T12:00:00Z')))).toBe('2026-01-12T09:00:00.000Z');
  });

  it('stays put inside working hours', () => {
    expect(iso(office.nextOpen(at('2026-01-05T09:00:00Z')))).toBe('2026-01-05T09:00:00.000Z');
    expect(office.isOpen(at('2026-01-05T16:59:59Z'))).toBe(true);
    expect(office.isOpen(at('2026-01-05T17:00:00Z'))).toBe(false);
  });

  it('2h of work started at 16:00 ends at 10:00 the next day; Friday 16:00 ends Monday 10:00', () => {
    expect(iso(office.advance(at('2026-01-05T16:00:00Z'), 2 * H))).toBe('2026-01-06T10:00:00.000Z');
    expect(iso(office.advance(at('2026-01-09T16:00:00Z'), 2 * H))).toBe('2026-01-12T10:00:00.000Z');
    // 20 working hours from Monday 9:00: Mon 8 + Tue 8 + (Wed holiday) + Thu 4 -> Thu 13:00
    expect(iso(office.advance(at('2026-01-05T09:00:00Z'), 20 * H))).toBe('2026-01-08T13:00:00.000Z');
  });

  it('counts open seconds in a range', () => {
    // Mon..Sun of the first week: 4 working days (Wednesday is a holiday) x 8 h
    expect(office.openSeconds(0, 7 * 24 * H)).toBe(32 * H);
  });
});

describe('WorkCalendar in Europe/Berlin across daylight-saving changes', () => {
  const berlin = createWorkCalendar({ timeZone: 'Europe/Berlin', hours: [{ days: weekdays, from: '09:00', to: '17:00' }], holidays: [] }, base);

  it('opens at 9:00 local = 08:00Z in winter and 07:00Z in summer', () => {
    expect(iso(berlin.nextOpen(at('2026-01-05T17:30:00Z')))).toBe('2026-01-06T08:00:00.000Z');
    // DST starts Sunday 29 March 2026; Monday 30 March 9:00 CEST = 07:00Z
    expect(iso(berlin.nextOpen(at('2026-03-27T16:30:00Z')))).toBe('2026-03-30T07:00:00.000Z');
    // DST ends Sunday 25 October 2026; Monday 26 October 9:00 CET = 08:00Z
    expect(iso(berlin.nextOpen(at('2026-10-23T16:30:00Z')))).toBe('2026-10-26T08:00:00.000Z');
  });

  it('a working week around the spring change still has 40 open hours', () => {
    expect(berlin.openSeconds(at('2026-03-29T00:00:00Z'), at('2026-04-05T00:00:00Z'))).toBe(40 * H);
  });
});

describe('WorkCalendar edge cases', () => {
  it('is always open without hours', () => {
    const always = createWorkCalendar({ timeZone: 'UTC', hours: [], holidays: [] }, base);
    expect(always.advance(5, 10)).toBe(15);
    expect(always.nextOpen(123)).toBe(123);
  });

  it('joins a block ending at 24:00 to the next day from 00:00', () => {
    const nights = createWorkCalendar(
      { timeZone: 'UTC', hours: [{ days: ['mon'], from: '20:00', to: '24:00' }, { days: ['tue'], from: '00:00', to: '06:00' }], holidays: [] },
      base,
    );
    expect(iso(nights.advance(at('2026-01-05T20:00:00Z'), 8 * H))).toBe('2026-01-06T04:00:00.000Z');
  });
});

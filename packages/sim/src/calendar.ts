// Working-time calendars: weekly hours in an IANA time zone plus whole-day holidays.
// Times are seconds since a base instant (the scenario start), so simulations without calendars stay exact.
import type { Calendar } from '@leanflow/model';

const DAY = 86400;
const WEEKDAY_INDEX: Readonly<Record<string, number>> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

function clockSeconds(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h * 3600 + m * 60;
}

/** Offset of a time zone (local minus UTC, seconds) at an instant, cached per UTC hour. */
class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat | null;
  private readonly cache = new Map<number, number>();

  constructor(timeZone: string) {
    this.format =
      timeZone === 'UTC' || timeZone === 'Etc/UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
  }

  /** Local minus UTC, in seconds, at the epoch instant `epochSeconds`. */
  at(epochSeconds: number): number {
    if (this.format === null) return 0;
    const hour = Math.floor(epochSeconds / 3600);
    const cached = this.cache.get(hour);
    if (cached !== undefined) return cached;
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(hour * 3600 * 1000))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second) / 1000;
    const offset = local - hour * 3600;
    this.cache.set(hour, offset);
    return offset;
  }

  /** The epoch instant of a local wall-clock time (seconds since 1970 in local terms). */
  toUtc(localSeconds: number): number {
    const guess = localSeconds - this.at(localSeconds);
    return localSeconds - this.at(guess);
  }
}

/** Whether a time zone name is known to this runtime's Intl data. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A compiled calendar answering "when is the next open instant" and "when does d seconds of work started at t end".
 * All times are seconds since `baseEpochSeconds`.
 *
 * @example
 * const cal = createWorkCalendar({ id: 'c', name: 'Office', timeZone: 'Europe/Berlin',
 *   hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }], holidays: [] }, base);
 * cal.advance(t, 2 * 3600); // end of two hours of work, pausing overnight
 */
export class WorkCalendar {
  /** True when there are no working hours at all: open 24/7. */
  readonly alwaysOpen: boolean;
  private readonly zone: ZoneOffsets;
  /** Per weekday (mon = 0): merged [from, to) pairs in seconds since local midnight. */
  private readonly weekly: number[][];
  private readonly holidays: ReadonlySet<string>;
  private readonly days = new Map<number, Float64Array>();
  // The last interval found: most queries fall into it.
  private lastStart = 0;
  private lastEnd = -1;

  constructor(
    calendar: Pick<Calendar, 'hours' | 'holidays' | 'timeZone'>,
    private readonly base: number,
  ) {
    this.alwaysOpen = calendar.hours.length === 0;
    this.zone = new ZoneOffsets(calendar.timeZone ?? 'UTC');
    this.holidays = new Set(calendar.holidays);
    this.weekly = Array.from({ length: 7 }, () => [] as number[]);
    for (let day = 0; day < 7; day++) {
      const blocks = calendar.hours
        .filter((h) => h.days.some((d) => WEEKDAY_INDEX[d] === day))
        .map((h) => [clockSeconds(h.from), clockSeconds(h.to)] as const)
        .sort((x, y) => x[0] - y[0]);
      const merged: number[] = [];
      for (const [from, to] of blocks) {
        const n = merged.length;
        if (n > 0 && from <= merged[n - 1]) merged[n - 1] = Math.max(merged[n - 1], to);
        else merged.push(from, to);
      }
      this.weekly[day] = merged;
    }
  }

  /** Open intervals of local day `localDay` (days since 1970-01-01 local), relative to base. */
  private intervalsOf(localDay: number): Float64Array {
    const cached = this.days.get(localDay);
    if (cached !== undefined) return cached;
    const weekday = (((localDay + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    const date = new Date(localDay * DAY * 1000).toISOString().slice(0, 10);
    const blocks = this.holidays.has(date) ? [] : this.weekly[weekday];
    const result = new Float64Array(blocks.length);
    for (let i = 0; i < blocks.length; i++) result[i] = this.zone.toUtc(localDay * DAY + blocks[i]) - this.base;
    this.days.set(localDay, result);
    return result;
  }

  private localDayOf(t: number): number {
    const epoch = t + this.base;
    return Math.floor((epoch + this.zone.at(epoch)) / DAY);
  }

  /**
   * The first open instant at or after `t` (Infinity if none within ten years). Also remembers the end of that
   * open interval, read with `openUntil()`.
   */
  nextOpen(t: number): number {
    if (this.alwaysOpen) {
      this.lastStart = -Infinity;
      this.lastEnd = Infinity;
      return t;
    }
    if (t >= this.lastStart && t < this.lastEnd) return t;
    const first = this.localDayOf(t);
    // Start a day early: near midnight in zones far from UTC the interval may belong to the previous local day.
    for (let day = first - 1; day < first + 3660; day++) {
      const intervals = this.intervalsOf(day);
      for (let i = 0; i < intervals.length; i += 2) {
        let end = intervals[i + 1];
        if (end <= t) continue;
        let start = intervals[i];
        // Blocks ending at 24:00 joined to the next day's block from 00:00 form one interval.
        let nextDay = day + 1;
        while (i + 2 >= intervals.length && nextDay < day + 14) {
          const next = this.intervalsOf(nextDay);
          if (next.length === 0 || next[0] > end) break;
          end = Math.max(end, next[1]);
          if (next.length > 2) break;
          nextDay++;
        }
        if (start < t) start = t;
        this.lastStart = start;
        this.lastEnd = end;
        return start;
      }
    }
    return Infinity;
  }

  /** End of the open interval found by the last `nextOpen` call. */
  openUntil(): number {
    return this.lastEnd;
  }

  /** Whether the calendar is open at `t`. */
  isOpen(t: number): boolean {
    return this.nextOpen(t) === t;
  }

  /** When `work` seconds of work started at `t` end, pausing whenever the calendar is closed. */
  advance(t: number, work: number): number {
    if (this.alwaysOpen) return t + work;
    let now = t;
    let left = work;
    for (;;) {
      now = this.nextOpen(now);
      if (now === Infinity) return Infinity;
      const end = this.lastEnd;
      if (now + left <= end) return now + left;
      left -= end - now;
      now = end;
    }
  }

  /** Open seconds within [from, to). */
  openSeconds(from: number, to: number): number {
    if (this.alwaysOpen) return Math.max(0, to - from);
    let total = 0;
    let now = from;
    while (now < to) {
      now = this.nextOpen(now);
      if (now >= to) break;
      const end = Math.min(this.lastEnd, to);
      total += end - now;
      now = end;
    }
    return total;
  }
}

/** Compiles a scenario calendar relative to `baseEpochSeconds` (the simulated start). */
export function createWorkCalendar(calendar: Pick<Calendar, 'hours' | 'holidays' | 'timeZone'>, baseEpochSeconds: number): WorkCalendar {
  return new WorkCalendar(calendar, baseEpochSeconds);
}

const WEEK = 7 * DAY;
/** 1970-01-05, the first Monday of the epoch, in seconds. */
const FIRST_MONDAY = 4 * DAY;

/** A period of the week with a value (cases per hour, people on duty). */
export interface WeeklyPeriod {
  readonly days: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly value: number;
}

/**
 * A value that follows the week: piecewise constant over periods given in local clock time (overlapping periods add
 * up, 0 outside every period). Arrival profiles (cases per hour) and shift plans (people on duty) use it.
 * Times are seconds since `baseEpochSeconds`.
 *
 * @example
 * const shifts = createWeeklySchedule([{ days: ['mon'], from: '08:00', to: '16:00', value: 3 }], 'UTC', base);
 * shifts.valueAt(9 * 3600); // 3 on a Monday at 09:00 when the run starts on a Monday at 00:00
 */
export class WeeklySchedule {
  /** Segment starts within the week (seconds since Monday 00:00 local) and their values; the last runs to the week's end. */
  private readonly starts: Float64Array;
  private readonly values: Float64Array;
  private readonly zone: ZoneOffsets;
  private readonly utc: boolean;
  /** The largest value of the week. */
  readonly peak: number;
  /** The integral of the value over one week (value x seconds). */
  readonly weeklyTotal: number;

  constructor(
    periods: readonly WeeklyPeriod[],
    timeZone: string,
    private readonly base: number,
  ) {
    this.zone = new ZoneOffsets(timeZone);
    this.utc = timeZone === 'UTC' || timeZone === 'Etc/UTC';
    const blocks: [number, number, number][] = [];
    for (const period of periods)
      for (const day of period.days) {
        const offset = WEEKDAY_INDEX[day] * DAY;
        blocks.push([offset + clockSeconds(period.from), offset + clockSeconds(period.to), period.value]);
      }
    const cuts = [...new Set([0, WEEK, ...blocks.flatMap(([a, b]) => [a, b])])].sort((a, b) => a - b);
    const starts: number[] = [];
    const values: number[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const mid = (cuts[i] + cuts[i + 1]) / 2;
      const value = blocks.reduce((a, [from, to, v]) => (mid >= from && mid < to ? a + v : a), 0);
      // Merge neighbours with the same value: fewer changes to schedule.
      if (values.length > 0 && values[values.length - 1] === value) continue;
      starts.push(cuts[i]);
      values.push(value);
    }
    this.starts = Float64Array.from(starts);
    this.values = Float64Array.from(values);
    this.peak = Math.max(0, ...values);
    let total = 0;
    for (let i = 0; i < starts.length; i++) total += values[i] * ((i + 1 < starts.length ? starts[i + 1] : WEEK) - starts[i]);
    this.weeklyTotal = total;
  }

  /** Seconds since Monday 00:00 local time at simulated time `t`. */
  private weekSecond(t: number): number {
    const epoch = t + this.base;
    const local = this.utc ? epoch : epoch + this.zone.at(epoch);
    return ((((local - FIRST_MONDAY) % WEEK) + WEEK) % WEEK);
  }

  private segment(w: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= w) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The value at simulated time `t`. */
  valueAt(t: number): number {
    return this.values[this.segment(this.weekSecond(t))];
  }

  /** The next simulated time after `t` at which the value may change (Infinity when it never does). */
  nextChange(t: number): number {
    if (this.starts.length === 1) return Infinity;
    const w = this.weekSecond(t);
    const i = this.segment(w);
    const end = i + 1 < this.starts.length ? this.starts[i + 1] : WEEK;
    return t + Math.max(1e-9, end - w);
  }

  /** The integral of the value over [from, to). */
  integral(from: number, to: number): number {
    let total = 0;
    let t = from;
    while (t < to) {
      const next = Math.min(this.nextChange(t), to);
      total += this.valueAt(t) * (next - t);
      t = next;
    }
    return total;
  }

  /** The first time x >= t with integral(t, x) = amount (Infinity when the value is 0 all week). */
  advance(t: number, amount: number): number {
    if (!(this.weeklyTotal > 0)) return Infinity;
    let now = t;
    let left = amount;
    for (;;) {
      const value = this.valueAt(now);
      const next = this.nextChange(now);
      if (value > 0 && now + left / value <= next) return now + left / value;
      if (next === Infinity) return Infinity;
      left -= value * (next - now);
      now = next;
    }
  }
}

/** Compiles weekly periods relative to `baseEpochSeconds` (the simulated start). */
export function createWeeklySchedule(periods: readonly WeeklyPeriod[], timeZone: string, baseEpochSeconds: number): WeeklySchedule {
  return new WeeklySchedule(periods, timeZone, baseEpochSeconds);
}

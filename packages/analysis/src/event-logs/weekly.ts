// Weekly patterns in a log: a weekday x hour arrival profile (when the log shows one, by a chi-square test against a
// constant rate) and working hours from the times people start and complete work.
import { WEEKDAYS, type ArrivalPeriod, type ArrivalProfile, type Weekday, type WorkingHours } from '@leanflow/model';
import { gammaP } from './fit.ts';
import { hourOfWeek } from './timestamps.ts';

export const WEEK_HOURS = 168;
const HOUR = 3600000;
/** Cell widths tried for the test, smallest first: the first with at least 5 expected per cell is used. */
const BIN_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;
/** Significance level of the weekly-pattern test and of merging neighbouring hours into one period. */
export const WEEKLY_ALPHA = 0.001;
const MERGE_CHI2 = 3.841; // chi-square(1) at 5 %: two hours whose rates differ less are one period

/** Pearson's chi-square test of hourly counts against a constant rate (expected in proportion to exposure). */
export interface WeeklyPatternTest {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** P(chi-square >= statistic) under a constant rate. */
  readonly pValue: number;
  /** Hours per cell of the test (1 = weekday x hour; wider when the log is too small for 5 expected per cell). */
  readonly binHours: number;
  readonly expectedPerCell: number;
}

export interface WeeklyCounts {
  /** Events per hour of the week (0 = Monday 00:00-01:00 ... 167 = Sunday 23:00-24:00), in the time zone. */
  readonly counts: readonly number[];
  /** How many hours of each hour of the week the observed span contains (the exposure). */
  readonly exposureHours: readonly number[];
  readonly total: number;
  /** Observed span, in weeks (first to last time). */
  readonly weeks: number;
}

/** The fitted weekday x hour arrival profile with its test and fit figures. */
export interface ArrivalProfileFit extends WeeklyCounts {
  readonly timeZone: string;
  /** Arrivals per hour for each hour of the week (count / exposure). */
  readonly ratePerHour: readonly number[];
  /** The test against a constant rate. */
  readonly test: WeeklyPatternTest;
  /** True when the log shows a weekly pattern: the test rejects a constant rate at `WEEKLY_ALPHA` over >= 1 week. */
  readonly weekly: boolean;
  readonly criterion: string;
  /** Neighbouring hours of a day with the same rate (no significant difference) merged into periods. */
  readonly profile: ArrivalProfile;
  /** The profile's rate for each hour of the week (what the engine will draw from). */
  readonly profileRatePerHour: readonly number[];
  /** How well the profile's periods reproduce the hourly counts. */
  readonly fit: {
    /** Pearson chi-square of the hourly counts against the profile's expected counts, with df = hours - periods. */
    readonly chiSquare: number;
    readonly degreesOfFreedom: number;
    readonly pValue: number;
    /** Share of the variance of the hourly rates (exposure-weighted) that the profile explains (0..1). */
    readonly r2: number;
  };
  /** Cases a week the profile produces (the log's arrivals per week). */
  readonly casesPerWeek: number;
}

/** Working hours fitted from when a pool's people start and complete work. */
export interface WorkingHoursFit extends WeeklyCounts {
  readonly timeZone: string;
  /** Weekly blocks (empty when activity is spread over the whole week: always open). */
  readonly hours: readonly WorkingHours[];
  /** Hours of the week the calendar is open (168 when always open). */
  readonly openHoursPerWeek: number;
  /** Share of the timestamps that fall inside the working hours (0..1). */
  readonly coverage: number;
  readonly alwaysOpen: boolean;
  readonly test: WeeklyPatternTest;
  readonly criterion: string;
}

const upperChiSquare = (x: number, df: number) => (df <= 0 ? 1 : Math.max(0, 1 - gammaP(df / 2, x / 2)));
const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
const round4 = (x: number) => Number(x.toPrecision(4));

/** Counts times per hour of the week and the exposure of each hour over the span of the times. */
export function countByHourOfWeek(times: readonly number[], timeZone = 'UTC'): WeeklyCounts {
  const counts = new Array<number>(WEEK_HOURS).fill(0);
  const exposureHours = new Array<number>(WEEK_HOURS).fill(0);
  const cache = new Map<number, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const t of times) {
    counts[hourOfWeek(t, timeZone, cache)]!++;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  if (times.length === 0) return { counts, exposureHours, total: 0, weeks: 0 };
  // Walk the span hour by hour (a year is 8760 steps); partial first and last hours count in part.
  for (let h = Math.floor(first / HOUR) * HOUR; h <= last; h += HOUR) {
    const covered = (Math.min(h + HOUR, last + 1) - Math.max(h, first)) / HOUR;
    exposureHours[hourOfWeek(h, timeZone, cache)]! += covered;
  }
  return { counts, exposureHours, total: times.length, weeks: (last - first) / (WEEK_HOURS * HOUR) };
}

/** Chi-square test of weekly counts against a constant rate, on the narrowest cells with >= 5 expected each. */
export function testWeeklyPattern(w: WeeklyCounts): WeeklyPatternTest {
  const totalExposure = w.exposureHours.reduce((a, b) => a + b, 0);
  let chosen: WeeklyPatternTest | undefined;
  for (const bin of BIN_HOURS) {
    const cells = WEEK_HOURS / bin;
    const expectedPerCell = w.total / cells;
    let statistic = 0;
    let used = 0;
    for (let c = 0; c < cells; c++) {
      let observed = 0;
      let exposure = 0;
      for (let h = c * bin; h < (c + 1) * bin; h++) {
        observed += w.counts[h]!;
        exposure += w.exposureHours[h]!;
      }
      if (exposure <= 0) continue;
      const expected = (w.total * exposure) / totalExposure;
      statistic += (observed - expected) ** 2 / expected;
      used++;
    }
    chosen = { statistic, degreesOfFreedom: Math.max(0, used - 1), pValue: upperChiSquare(statistic, used - 1), binHours: bin, expectedPerCell };
    if (expectedPerCell >= 5) break;
  }
  return chosen!;
}

/** Merges the hours of each day into blocks of equal rate: an hour joins the block when a 1-df chi-square test finds no difference. */
function rateBlocks(counts: readonly number[], exposure: readonly number[]): { day: number; from: number; to: number; rate: number }[] {
  const blocks: { day: number; from: number; to: number; rate: number }[] = [];
  for (let day = 0; day < 7; day++) {
    let from = 0;
    let observed = counts[day * 24]!;
    let exposed = exposure[day * 24]!;
    const close = (to: number) => blocks.push({ day, from, to, rate: exposed > 0 ? observed / exposed : 0 });
    for (let hour = 1; hour < 24; hour++) {
      const o = counts[day * 24 + hour]!;
      const e = exposure[day * 24 + hour]!;
      const pooled = (observed + o) / Math.max(exposed + e, 1e-12);
      const chi = pooled === 0 || e === 0 || exposed === 0 ? 0 : (observed - pooled * exposed) ** 2 / (pooled * exposed) + (o - pooled * e) ** 2 / (pooled * e);
      // A silent stretch never merges with a busy hour: nobody arrives outside the periods.
      const zeroChange = (observed === 0) !== (o === 0) && Math.max(observed, o) >= 2;
      if (chi < MERGE_CHI2 && !zeroChange) {
        observed += o;
        exposed += e;
        continue;
      }
      close(hour);
      from = hour;
      observed = o;
      exposed = e;
    }
    close(24);
  }
  return blocks;
}

/**
 * Fits a weekday x hour arrival profile to case arrival times. The log shows a weekly pattern when Pearson's
 * chi-square test rejects a constant rate (p < 0.001; cells of 1 hour, or wider until 5 arrivals are expected per
 * cell) and it spans at least a week. The profile merges neighbouring hours of a day whose rates do not differ (1-df
 * chi-square at 5 %); its rates are arrivals / exposure hours, so it reproduces the log's cases per week.
 *
 * @example
 * const fit = fitArrivalProfile(arrivalTimes, 'Europe/Berlin');
 * if (fit.weekly) scenario.arrivals.Start_1.profile = fit.profile;
 */
export function fitArrivalProfile(times: readonly number[], timeZone = 'UTC'): ArrivalProfileFit {
  const w = countByHourOfWeek(times, timeZone);
  const test = testWeeklyPattern(w);
  const ratePerHour = w.counts.map((c, i) => (w.exposureHours[i]! > 0 ? c / w.exposureHours[i]! : 0));
  const blocks = rateBlocks(w.counts, w.exposureHours);
  const profileRatePerHour = new Array<number>(WEEK_HOURS).fill(0);
  for (const b of blocks) for (let h = b.from; h < b.to; h++) profileRatePerHour[b.day * 24 + h] = b.rate;
  // Periods with equal hours and rate on several days become one period.
  const grouped = new Map<string, ArrivalPeriod & { days: Weekday[] }>();
  for (const b of blocks) {
    if (b.rate <= 0) continue;
    const casesPerHour = round4(b.rate);
    const key = `${b.from}-${b.to}-${casesPerHour}`;
    const existing = grouped.get(key);
    if (existing) existing.days.push(WEEKDAYS[b.day]!);
    else grouped.set(key, { days: [WEEKDAYS[b.day]!], from: clock(b.from), to: clock(b.to), casesPerHour });
  }
  const periods = [...grouped.values()].sort((a, b) => WEEKDAYS.indexOf(a.days[0]!) - WEEKDAYS.indexOf(b.days[0]!) || a.from.localeCompare(b.from));
  let chiSquare = 0;
  let cells = 0;
  let residual = 0;
  let spread = 0;
  const totalExposure = w.exposureHours.reduce((a, b) => a + b, 0);
  const meanRate = totalExposure > 0 ? w.total / totalExposure : 0;
  for (let h = 0; h < WEEK_HOURS; h++) {
    const e = w.exposureHours[h]!;
    if (e <= 0) continue;
    cells++;
    const expected = profileRatePerHour[h]! * e;
    if (expected > 0) chiSquare += (w.counts[h]! - expected) ** 2 / expected;
    residual += e * (ratePerHour[h]! - profileRatePerHour[h]!) ** 2;
    spread += e * (ratePerHour[h]! - meanRate) ** 2;
  }
  const degreesOfFreedom = Math.max(0, cells - blocks.length);
  const weekly = w.weeks >= 1 && test.pValue < WEEKLY_ALPHA;
  return {
    ...w,
    timeZone,
    ratePerHour,
    test,
    weekly,
    criterion: `weekly when Pearson's chi-square test against a constant rate gives p < ${WEEKLY_ALPHA} (cells of ${test.binHours} h, ${test.expectedPerCell.toFixed(1)} expected each) and the log spans at least one week`,
    profile: { timeZone, periods: periods.length > 0 ? periods : [{ days: [...WEEKDAYS], from: '00:00', to: '24:00', casesPerHour: round4(meanRate) }] },
    profileRatePerHour,
    fit: { chiSquare, degreesOfFreedom, pValue: upperChiSquare(chiSquare, degreesOfFreedom), r2: spread > 0 ? Math.max(0, 1 - residual / spread) : 1 },
    casesPerWeek: profileRatePerHour.reduce((a, b) => a + b, 0),
  };
}

/**
 * Fits working hours to the times people start and complete work: the hours of the week holding at least `busyShare`
 * (default 10 %) of a busy hour's timestamps (the 90th percentile hour), each day closed into one block from its first
 * to its last such hour; `coverage` says which share of the timestamps the hours hold. Activity
 * spread evenly over the week (the chi-square test finds no weekly pattern at p < 0.001) is always open.
 *
 * @example
 * const hours = fitWorkingHours(poolTimestamps); // hours: [{ days: ['mon'...'fri'], from: '09:00', to: '17:00' }]
 */
export function fitWorkingHours(times: readonly number[], timeZone = 'UTC', busyShare = 0.1): WorkingHoursFit {
  const w = countByHourOfWeek(times, timeZone);
  const test = testWeeklyPattern(w);
  const criterion = `hours of the week with at least ${Math.round(busyShare * 100)} % of the start and complete times of a busy hour (the 90th percentile hour), each day closed into one block from its first to its last such hour; always open when a chi-square test finds no weekly pattern (p >= ${WEEKLY_ALPHA})`;
  const alwaysOpen = w.total === 0 || w.weeks < 1 || test.pValue >= WEEKLY_ALPHA;
  if (alwaysOpen) return { ...w, timeZone, hours: [], openHoursPerWeek: WEEK_HOURS, coverage: 1, alwaysOpen: true, test, criterion };
  // An hour is worked when it holds at least `busyShare` of a busy hour (the 90th percentile hour): odd hours with
  // a little activity (a late completion, a test entry) do not open the calendar.
  const busy = [...w.counts].sort((a, b) => a - b)[Math.floor(0.9 * (WEEK_HOURS - 1))]!;
  const chosen = new Set([...w.counts.keys()].filter((h) => w.counts[h]! > 0 && w.counts[h]! >= busyShare * busy));
  const open = new Array<boolean>(WEEK_HOURS).fill(false);
  const blocks = new Map<string, WorkingHours & { days: Weekday[] }>();
  for (let day = 0; day < 7; day++) {
    const hours = [...Array(24).keys()].filter((h) => chosen.has(day * 24 + h));
    if (hours.length === 0) continue;
    const from = hours[0]!;
    const to = hours[hours.length - 1]! + 1;
    for (let h = from; h < to; h++) open[day * 24 + h] = true;
    const key = `${from}-${to}`;
    const block = blocks.get(key);
    if (block) block.days.push(WEEKDAYS[day]!);
    else blocks.set(key, { days: [WEEKDAYS[day]!], from: clock(from), to: clock(to) });
  }
  const inside = w.counts.reduce((a, c, h) => a + (open[h] ? c : 0), 0);
  const openHoursPerWeek = open.filter(Boolean).length;
  return { ...w, timeZone, hours: [...blocks.values()], openHoursPerWeek, coverage: inside / w.total, alwaysOpen: openHoursPerWeek === WEEK_HOURS, test, criterion };
}

/** Which hours of the week working hours leave open (true = open); all open for no hours. */
export function openHoursOfWeek(hours: readonly WorkingHours[]): boolean[] {
  const open = new Array<boolean>(WEEK_HOURS).fill(hours.length === 0);
  for (const block of hours) {
    const from = Number(block.from.slice(0, 2));
    const to = Number(block.to.slice(0, 2)) + (block.to.endsWith(':00') ? 0 : 1);
    for (const d of block.days) for (let h = from; h < to; h++) open[WEEKDAYS.indexOf(d) * 24 + h] = true;
  }
  return open;
}

/** Seconds of [start, end] inside the open hours of the week (working time, as the engine counts a task's work). */
export function openSeconds(start: number, end: number, open: readonly boolean[], timeZone = 'UTC', cache?: Map<number, number>): number {
  let total = 0;
  for (let t = start; t < end; ) {
    const next = Math.min(end, (Math.floor(t / HOUR) + 1) * HOUR);
    if (open[hourOfWeek(t, timeZone, cache)]) total += next - t;
    t = next;
  }
  return total / 1000;
}

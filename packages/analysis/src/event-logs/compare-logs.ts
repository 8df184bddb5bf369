// Before/after: two event logs (before and after a change) compared like variants, each KPI difference with a
// seeded percentile-bootstrap 95% interval. Cases are resampled (throughput: days), each log on its own.
import { createRandomStream } from '@leanflow/sim';
import { caseArrival, quantileOf } from './calibrate.ts';
import { groupCases } from './read.ts';
import type { EventLog, LogEvent } from './types.ts';

export const BOOTSTRAP_METHOD =
  'percentile bootstrap: each log\'s cases are resampled with replacement (throughput: its calendar days), independently for the two logs; the 95% interval is the 2.5th to 97.5th percentile of the resampled differences (after - before); significant when it excludes 0';

export type LogKpiUnit = 'seconds' | 'share' | 'casesPerDay';

/** One KPI of the two logs and their difference. */
export interface LogKpiComparison {
  /** Stable key: `cycleTime`, `cycleTime:p50`, `cycleTime:p90`, `firstResponse:withinTarget`, `firstResponse:p50`, `firstResponse:p90`, `waiting:<activity or task id>`, `throughput`. */
  readonly key: string;
  readonly label: string;
  readonly unit: LogKpiUnit;
  readonly better: 'lower' | 'higher' | null;
  /** For `waiting:` rows: the activity (or task id with a model) and how many events each log has. */
  readonly activity?: string;
  readonly events?: { readonly before: number; readonly after: number };
  readonly before: number | null;
  readonly after: number | null;
  /** after - before; null when either log has no value. */
  readonly difference: number | null;
  /** difference / before; null when before is 0 or missing. */
  readonly relativeChange: number | null;
  /** Percentile-bootstrap 95% interval of the difference. */
  readonly ci95: readonly [number, number] | null;
  /** Two-sided bootstrap p-value: twice the smaller share of resampled differences on either side of 0. */
  readonly pValue: number | null;
  readonly significant: boolean;
  readonly verdict: 'better' | 'worse' | 'changed' | 'notSignificant' | 'notComparable';
}

export interface LogSideSummary {
  readonly cases: number;
  readonly events: number;
  readonly from: string;
  readonly to: string;
  /** Calendar days from the first to the last completion (the throughput's denominator). */
  readonly days: number;
  readonly hasStartTimes: boolean;
}

export interface LogComparison {
  readonly method: {
    readonly bootstrap: string;
    readonly resamples: number;
    readonly seed: number;
    readonly level: 0.95;
    readonly cycleTime: string;
    readonly waiting: string;
    readonly firstResponse: string | null;
  };
  readonly before: LogSideSummary;
  readonly after: LogSideSummary;
  readonly firstResponse: { readonly activities: readonly string[]; readonly targetSeconds: number } | null;
  readonly kpis: readonly LogKpiComparison[];
}

export interface CompareLogsOptions {
  /** Bootstrap resamples (default 2000). */
  readonly resamples?: number;
  /** Seed of the resampling (default 1): the same seed gives the same intervals. */
  readonly seed?: number;
  /** Log activity -> key (e.g. a task id from a model mapping): activities with the same key are one row; others keep their name. */
  readonly activityKeys?: Readonly<Record<string, string>>;
  /** Names of keys for the labels (e.g. task names). */
  readonly keyNames?: Readonly<Record<string, string>>;
  /** The activities that are the first substantive response (after mapping to keys, any activity with such a key). */
  readonly firstResponseActivities?: readonly string[];
  /** First-response target, seconds (default 2 h). */
  readonly firstResponseTargetSeconds?: number;
}

const DAY = 86400000;

interface CaseTable {
  readonly n: number;
  readonly cycle: Float64Array;
  /** First-response time per case; NaN when never answered. */
  readonly response: Float64Array;
  readonly waitSum: Map<string, Float64Array>;
  readonly waitCount: Map<string, Uint32Array>;
  readonly perDay: Float64Array;
  readonly summary: LogSideSummary;
}

function tabulate(log: EventLog, keyOf: (activity: string) => string, responders: ReadonlySet<string>): CaseTable {
  const cases = [...groupCases(log).values()];
  const n = cases.length;
  const cycle = new Float64Array(n);
  const response = new Float64Array(n).fill(NaN);
  const waitSum = new Map<string, Float64Array>();
  const waitCount = new Map<string, Uint32Array>();
  const completions: number[] = [];
  let from = Infinity;
  let to = -Infinity;
  cases.forEach((events: LogEvent[], i) => {
    let first = Infinity;
    let last = -Infinity;
    for (const e of events) {
      first = Math.min(first, e.start ?? e.end);
      last = Math.max(last, e.end);
    }
    from = Math.min(from, first);
    to = Math.max(to, last);
    cycle[i] = (last - first) / 1000;
    completions.push(last);
    const arrival = caseArrival(events);
    const ends = events.map((e) => e.end).sort((a, b) => a - b);
    for (const e of events) {
      const key = keyOf(e.activity);
      const answer = (e.end - arrival) / 1000;
      if (responders.has(key) && !(answer >= response[i]!)) response[i] = answer; // NaN (no answer yet) compares false
      if (e.start === undefined) continue;
      // Waiting: from the enabled time, else the latest earlier end of the case (as calibration measures it).
      let previous = arrival;
      for (const t of ends) if (t <= e.start && t > previous) previous = t;
      let sums = waitSum.get(key);
      let counts = waitCount.get(key);
      if (!sums || !counts) {
        waitSum.set(key, (sums = new Float64Array(n)));
        waitCount.set(key, (counts = new Uint32Array(n)));
      }
      sums[i] += Math.max(0, (e.start - (e.enabled ?? previous)) / 1000);
      counts[i]++;
    }
  });
  const firstDay = Math.floor(lowest(completions) / DAY);
  const days = Math.max(1, Math.floor(highest(completions) / DAY) - firstDay + 1);
  const perDay = new Float64Array(days);
  for (const t of completions) perDay[Math.floor(t / DAY) - firstDay]!++;
  return {
    n,
    cycle,
    response,
    waitSum,
    waitCount,
    perDay,
    summary: { cases: n, events: log.events.length, from: new Date(from).toISOString(), to: new Date(to).toISOString(), days, hasStartTimes: log.hasStartTimes },
  };
}

/** Puts the k-th smallest of a[lo..hi] at index k (Hoare's selection, median-of-three pivots), in place. */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot: sorted or constant data stay linear.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Quantiles of the first `n` values (interpolated as `quantileOf` on the sorted values), by selection instead of a
 * sort: a bootstrap takes two quantiles of each of thousands of resamples. `qs` ascending; reorders the values.
 */
function selectQuantiles(a: Float64Array, n: number, qs: readonly number[]): number[] {
  if (n === 0) return qs.map(() => NaN);
  let lo = 0;
  return qs.map((q) => {
    const at = (n - 1) * q;
    const k = Math.floor(at);
    select(a, k, lo, n - 1);
    lo = k; // later (higher) quantiles lie at or above k
    const low = a[k]!;
    if (at === k || k + 1 >= n) return low;
    let next = Infinity;
    for (let i = k + 1; i < n; i++) if (a[i]! < next) next = a[i]!;
    return low + (next - low) * (at - k);
  });
}

const lowest = (xs: readonly number[]) => xs.reduce((a, b) => (b < a ? b : a), Infinity);
const highest = (xs: readonly number[]) => xs.reduce((a, b) => (b > a ? b : a), -Infinity);

/** The KPIs of one (re)sample of a case table: `pick(i)` is the i-th case of the sample, `day(j)` its j-th day. */
function kpisOf(t: CaseTable, pick: (i: number) => number, day: (j: number) => number, target: number, keys: readonly string[], buffer: Float64Array, answered: Float64Array): number[] {
  let sum = 0;
  let within = 0;
  let responded = 0;
  for (let i = 0; i < t.n; i++) {
    const c = pick(i);
    const x = t.cycle[c]!;
    buffer[i] = x;
    sum += x;
    const r = t.response[c]!;
    if (r === r) {
      answered[responded++] = r;
      if (r <= target) within++;
    }
  }
  const [cycleP50, cycleP90] = selectQuantiles(buffer, t.n, [0.5, 0.9]);
  const [responseP50, responseP90] = selectQuantiles(answered, responded, [0.5, 0.9]);
  let perDay = 0;
  for (let j = 0; j < t.perDay.length; j++) perDay += t.perDay[day(j)]!;
  const out = [sum / t.n, cycleP50!, cycleP90!];
  out.push(t.n ? within / t.n : NaN, responseP50!, responseP90!);
  for (const key of keys) {
    const sums = t.waitSum.get(key);
    const counts = t.waitCount.get(key);
    let s = 0;
    let k = 0;
    if (sums && counts)
      for (let i = 0; i < t.n; i++) {
        const c = pick(i);
        s += sums[c]!;
        k += counts[c]!;
      }
    out.push(k ? s / k : NaN);
  }
  out.push(perDay / t.perDay.length);
  return out;
}

/**
 * Compares a log from before a change with one from after it: cycle time (mean, p50, p90), first response (share
 * within the target, p50, p90) when the first-response activities are given, waiting per activity (logs with start
 * times) and throughput (completed cases per calendar day). Each difference (after - before) gets a seeded
 * percentile-bootstrap 95% interval and a two-sided bootstrap p-value.
 *
 * @example
 * const c = compareEventLogs(before, after, { firstResponseActivities: ['Reply'], resamples: 2000, seed: 1 });
 * c.kpis.find((k) => k.key === 'cycleTime'); // { difference: -7200, ci95: [-9100, -5300], significant: true, ... }
 */
export function compareEventLogs(before: EventLog, after: EventLog, options: CompareLogsOptions = {}): LogComparison {
  const resamples = Math.max(100, Math.floor(options.resamples ?? 2000));
  const seed = options.seed ?? 1;
  const target = options.firstResponseTargetSeconds ?? 7200;
  const keyOf = (activity: string) => options.activityKeys?.[activity] ?? activity;
  const responders = new Set((options.firstResponseActivities ?? []).map(keyOf));
  const a = tabulate(before, keyOf, responders);
  const b = tabulate(after, keyOf, responders);
  const keys = [...new Set([...a.waitSum.keys(), ...b.waitSum.keys()])].sort((x, y) => (options.keyNames?.[x] ?? x).localeCompare(options.keyNames?.[y] ?? y));
  const size = Math.max(a.n, b.n);
  const buffer = new Float64Array(size);
  const answered = new Float64Array(size);
  const point = (t: CaseTable) => kpisOf(t, (i) => i, (j) => j, target, keys, buffer, answered);
  const estimates = [point(a), point(b)] as const;
  const draws: number[][] = estimates[0].map(() => []);
  const rngA = createRandomStream(seed, 0, 'bootstrap:before');
  const rngB = createRandomStream(seed, 0, 'bootstrap:after');
  const indexA = new Uint32Array(a.n);
  const indexB = new Uint32Array(b.n);
  const dayA = new Uint32Array(a.perDay.length);
  const dayB = new Uint32Array(b.perDay.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < a.n; i++) indexA[i] = Math.floor(rngA.next() * a.n);
    for (let j = 0; j < dayA.length; j++) dayA[j] = Math.floor(rngA.next() * dayA.length);
    for (let i = 0; i < b.n; i++) indexB[i] = Math.floor(rngB.next() * b.n);
    for (let j = 0; j < dayB.length; j++) dayB[j] = Math.floor(rngB.next() * dayB.length);
    const x = kpisOf(a, (i) => indexA[i]!, (j) => dayA[j]!, target, keys, buffer, answered);
    const y = kpisOf(b, (i) => indexB[i]!, (j) => dayB[j]!, target, keys, buffer, answered);
    for (let k = 0; k < x.length; k++) draws[k]!.push(y[k]! - x[k]!);
  }
  const hasResponse = responders.size > 0;
  const rows: Omit<LogKpiComparison, 'before' | 'after' | 'difference' | 'relativeChange' | 'ci95' | 'pValue' | 'significant' | 'verdict'>[] = [
    { key: 'cycleTime', label: 'Cycle time (mean)', unit: 'seconds', better: 'lower' },
    { key: 'cycleTime:p50', label: 'Cycle time (median)', unit: 'seconds', better: 'lower' },
    { key: 'cycleTime:p90', label: 'Cycle time (90th percentile)', unit: 'seconds', better: 'lower' },
    { key: 'firstResponse:withinTarget', label: 'First response within target', unit: 'share', better: 'higher' },
    { key: 'firstResponse:p50', label: 'First response (median)', unit: 'seconds', better: 'lower' },
    { key: 'firstResponse:p90', label: 'First response (90th percentile)', unit: 'seconds', better: 'lower' },
    ...keys.map((key) => ({
      key: `waiting:${key}`,
      label: `Waiting before ${options.keyNames?.[key] ?? key}`,
      unit: 'seconds' as const,
      better: 'lower' as const,
      activity: key,
      events: { before: countOf(a, key), after: countOf(b, key) },
    })),
    { key: 'throughput', label: 'Throughput (cases per day)', unit: 'casesPerDay', better: null },
  ];
  const kpis: LogKpiComparison[] = [];
  rows.forEach((row, k) => {
    if (!hasResponse && row.key.startsWith('firstResponse:')) return;
    const x = finite(estimates[0][k]!);
    const y = finite(estimates[1][k]!);
    const d = draws[k]!.filter((v) => Number.isFinite(v)).sort((p, q) => p - q);
    const difference = x === null || y === null ? null : y - x;
    // Too few resamples with a value (a log with hardly any events of an activity): no interval.
    const ci95: [number, number] | null = difference === null || d.length < 0.9 * resamples ? null : [quantileOf(d, 0.025)!, quantileOf(d, 0.975)!];
    const below = d.filter((v) => v <= 0).length;
    const above = d.filter((v) => v >= 0).length;
    const pValue = ci95 === null ? null : Math.min(1, (2 * Math.min(below, above)) / d.length);
    const significant = ci95 !== null && difference !== 0 && (ci95[0] > 0 || ci95[1] < 0);
    const verdict: LogKpiComparison['verdict'] =
      difference === null || ci95 === null ? 'notComparable' : !significant ? 'notSignificant' : row.better === null ? 'changed' : (difference < 0) === (row.better === 'lower') ? 'better' : 'worse';
    kpis.push({ ...row, before: x, after: y, difference, relativeChange: difference === null || !x ? null : difference / x, ci95, pValue, significant, verdict });
  });
  return {
    method: {
      bootstrap: BOOTSTRAP_METHOD,
      resamples,
      seed,
      level: 0.95,
      cycleTime: 'per case: first start (else end) to last end',
      waiting: 'per event with a start time: start - enabled time, else start - the latest earlier end of the case',
      firstResponse: hasResponse ? 'per case: arrival (first enabled, start or end) to the first completion of a first-response activity; never answered counts as late' : null,
    },
    before: a.summary,
    after: b.summary,
    firstResponse: hasResponse ? { activities: [...responders], targetSeconds: target } : null,
    kpis,
  };
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);
function countOf(t: CaseTable, key: string): number {
  const counts = t.waitCount.get(key);
  let k = 0;
  if (counts) for (const c of counts) k += c;
  return k;
}

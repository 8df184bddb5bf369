// What both engines record per pool as a replication runs: busy time (after the warm-up, and per simulated hour),
// the queue (its length over time: area, maximum, per simulated hour, and a sampled series). One place, so the
// general and the sequence engine count the same way (and give the same figures to the last bit).
import type { CompiledPool } from './compile.ts';

/** Adds `rate` per second over [from, to) to hourly buckets (growing the list as needed). */
export function spreadOverHours(hours: number[], from: number, to: number, rate: number): void {
  if (!(to > from)) return;
  const last = Math.floor(to / 3600);
  while (hours.length <= last) hours.push(0);
  for (let h = Math.floor(from / 3600); h <= last; h++) {
    const a = Math.max(from, h * 3600);
    const b = Math.min(to, (h + 1) * 3600);
    if (b > a) hours[h] += rate * (b - a);
  }
}

/**
 * @example
 * const stats = new PoolStatistics(model.pools, model.warmUpSeconds, 100);
 * stats.setClock(120);
 * stats.queueChanged(0, 1); // someone queues at pool 0
 * stats.addBusy(0, 60, 120, 60); // a minute of work
 */
export class PoolStatistics {
  /** The engine's clock (`setClock`; a field, not an argument of `queueChanged`: no boxed number per call). */
  now = 0;
  /** Busy person-seconds per pool after the warm-up (work straddling its end counts in proportion). */
  readonly busy: Float64Array;
  /** Queue length integrated over time after the warm-up, and its maximum. */
  readonly queueArea: Float64Array;
  readonly queueMax: Int32Array;
  /** Cases waiting per pool now. */
  readonly waiting: Int32Array;
  /** Queue length sampled at multiples of `interval` seconds (the interval doubles to keep the series short). */
  readonly queueSeries: { interval: number; values: number[] }[];
  /** Per pool and simulated hour (all of the run, warm-up included): busy person-seconds and queue-length area. */
  readonly busyByHour: number[][];
  readonly queueByHour: number[][];
  private readonly pools: readonly CompiledPool[];
  private readonly warmUp: number;
  private readonly samples: number;
  private readonly queueLast: Float64Array;
  private readonly nextSample: Float64Array;
  private readonly queueHourLast: Float64Array;
  /**
   * The clock's simulated hour, cached when the clock enters it: times in [hourFrom, hourTo) have
   * `Math.floor(time / 3600) === hourIndex`, so most changes need no division to find their hourly bucket.
   */
  private hourFrom = 0;
  private hourTo = 0;
  private hourIndex = 0;

  constructor(pools: readonly CompiledPool[], warmUpSeconds: number, queueSamples: number) {
    const P = pools.length;
    this.pools = pools;
    this.warmUp = warmUpSeconds;
    this.samples = queueSamples;
    this.busy = new Float64Array(P);
    this.queueArea = new Float64Array(P);
    this.queueMax = new Int32Array(P);
    this.waiting = new Int32Array(P);
    this.queueLast = new Float64Array(P).fill(warmUpSeconds);
    this.queueSeries = pools.map(() => ({ interval: 60, values: [] as number[] }));
    this.nextSample = new Float64Array(P);
    this.busyByHour = pools.map(() => []);
    this.queueByHour = pools.map(() => []);
    this.queueHourLast = new Float64Array(P);
  }

  /** Moves the clock to `time` (it never goes back). */
  setClock(time: number): void {
    this.now = time;
    if (time >= this.hourTo) this.enterHour(time);
  }

  private enterHour(time: number): void {
    const h = Math.floor(time / 3600);
    if (!(h >= 0 && h < 2 ** 30)) return; // out of the range the bounds below are exact for: no cache
    // h * 3600 divided by 3600 is exactly h, so every later time has an hour of at least h (division rounds
    // monotonically); below (h + 1) * 3600 * (1 - 2^-50) the quotient stays below h + 1 even rounded up.
    this.hourIndex = h | 0; // an index V8 knows is a small integer
    this.hourFrom = h * 3600;
    this.hourTo = (h + 1) * 3600 * (1 - 2 ** -50);
  }

  /** Is anyone waiting at any pool? */
  anyWaiting(): boolean {
    for (let p = 0; p < this.waiting.length; p++) if (this.waiting[p] > 0) return true;
    return false;
  }

  /** The queue at pool p grows (1), shrinks (-1) or is looked at (0) at `now`. */
  queueChanged(p: number, delta: number): void {
    const now = this.now;
    const live = this.waiting[p];
    const warmUp = this.warmUp;
    if (now > warmUp) this.queueArea[p] += live * (now - Math.max(warmUp, this.queueLast[p]));
    this.queueLast[p] = now;
    if (live > 0) {
      const hours = this.queueByHour[p];
      const from = this.queueHourLast[p];
      // Mostly the clock's hour, cached: no division, no loop, no call.
      if (from >= this.hourFrom && now < this.hourTo && this.hourIndex < hours.length) hours[this.hourIndex] += live * (now - from);
      else {
        const h = Math.floor(from / 3600);
        // `| 0`: an index V8 knows is a small integer (Math.floor's double as an index allocates a number per store).
        if (h === Math.floor(now / 3600) && h < hours.length) hours[h | 0] += live * (now - from);
        else spreadOverHours(hours, from, now, live);
      }
    }
    this.queueHourLast[p] = now;
    const series = this.queueSeries[p];
    while (this.nextSample[p] <= now) {
      series.values.push(live);
      this.nextSample[p] += series.interval;
      if (series.values.length >= 2 * this.samples) {
        const kept: number[] = [];
        for (let i = 0; i < series.values.length; i += 2) kept.push(series.values[i]);
        series.values = kept;
        series.interval *= 2;
        this.nextSample[p] = kept.length * series.interval;
      }
    }
    this.waiting[p] = live + delta;
    if (live + delta > this.queueMax[p]) this.queueMax[p] = live + delta;
  }

  /** `work` busy seconds of pool p over [start, end): after the warm-up, and per simulated hour. */
  addBusy(p: number, start: number, end: number, work: number): void {
    const hours = this.busyByHour[p];
    // Mostly the work falls in the clock's hour, already counted: added here, without a call.
    const from = this.hourFrom;
    const to = this.hourTo;
    if (work > 0 && start >= from && start < to && end >= from && end < to && this.hourIndex < hours.length) hours[this.hourIndex] += work;
    else this.addBusyByHour(p, start, end, work);
    const warmUp = this.warmUp;
    if (end <= warmUp) return;
    if (start >= warmUp || end === start) this.busy[p] += work;
    else this.busy[p] += (work * (end - warmUp)) / (end - start);
  }

  /** Busy time per simulated hour: the work is spread over the open time between start and end. */
  private addBusyByHour(p: number, start: number, end: number, work: number): void {
    const hours = this.busyByHour[p];
    const first = Math.floor(start / 3600);
    if (work <= 0) return;
    if (end <= start || Math.floor(end / 3600) === first) {
      while (hours.length <= first) hours.push(0);
      hours[first] += work;
      return;
    }
    const calendar = this.pools[p].calendar;
    if (calendar === null) {
      spreadOverHours(hours, start, end, work / (end - start));
      return;
    }
    const open = calendar.openSeconds(start, end);
    if (!(open > 0)) return;
    const last = Math.floor(end / 3600);
    while (hours.length <= last) hours.push(0);
    for (let h = first; h <= last; h++) {
      const inHour = calendar.openSeconds(Math.max(start, h * 3600), Math.min(end, (h + 1) * 3600));
      if (inHour > 0) hours[h] += (work * inHour) / open;
    }
  }
}

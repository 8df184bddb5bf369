import { describe, expect, it } from 'vitest';
import { createRandomStream } from '@leanflow/sim';
import { compareEventLogs, quantileOf, type EventLog, type LogComparison, type LogEvent } from '../index.ts';

const HOUR = 3600000;
const START = Date.UTC(2024, 0, 1);

/**
 * A synthetic log: each case opens at a uniform time over `days`, waits exp(wait) hours, then "Reply" takes exp(work)
 * hours. Cycle time = wait + work; waiting before Reply = wait; first response (Reply) = wait + work.
 */
function syntheticLog(cases: number, wait: number, work: number, days: number, seed: number, key: string): EventLog {
  const rng = createRandomStream(seed, 0, key);
  const exp = (mean: number) => -Math.log(rng.nextOpen()) * mean * HOUR;
  const events: LogEvent[] = [];
  for (let c = 0; c < cases; c++) {
    const open = START + rng.next() * days * 24 * HOUR;
    const start = open + exp(wait);
    events.push({ caseId: `${key}${c}`, activity: 'Open', start: open, end: open }, { caseId: `${key}${c}`, activity: 'Reply', start, end: start + exp(work) });
  }
  return { format: 'csv', events, columns: {}, hasStartTimes: true };
}

// Truth for wait + work with exponential parts of means a and b hours: P(X > x) = (a e^(-x/a) - b e^(-x/b)) / (a - b).
const survival = (x: number, a: number, b: number) => (a * Math.exp(-x / a) - b * Math.exp(-x / b)) / (a - b);
function quantile(q: number, a: number, b: number): number {
  let lo = 0;
  let hi = 100 * (a + b);
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (1 - survival(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return lo;
}

const kpi = (c: LogComparison, key: string) => c.kpis.find((k) => k.key === key)!;

describe('before/after log comparison', () => {
  it('reports each KPI with a seeded bootstrap interval and a verdict', () => {
    const before = syntheticLog(400, 4, 1, 30, 1, 'b');
    const after = syntheticLog(400, 2, 1, 20, 2, 'a');
    const options = { firstResponseActivities: ['Reply'], firstResponseTargetSeconds: 2 * 3600, resamples: 1000, seed: 7 };
    const c = compareEventLogs(before, after, options);
    expect(c.method.resamples).toBe(1000);
    expect(c.kpis.map((k) => k.key)).toEqual(['cycleTime', 'cycleTime:p50', 'cycleTime:p90', 'firstResponse:withinTarget', 'firstResponse:p50', 'firstResponse:p90', 'waiting:Open', 'waiting:Reply', 'throughput']);
    const cycle = kpi(c, 'cycleTime');
    expect(cycle.before! / 3600).toBeCloseTo(5, 0);
    expect(cycle.after! / 3600).toBeCloseTo(3, 0);
    expect(cycle.verdict).toBe('better');
    expect(cycle.ci95![1]).toBeLessThan(0);
    expect(cycle.pValue).toBeLessThan(0.01);
    expect(kpi(c, 'waiting:Reply').verdict).toBe('better');
    expect(kpi(c, 'waiting:Open').difference).toBe(0);
    expect(kpi(c, 'firstResponse:withinTarget').verdict).toBe('better');
    // 400 cases over 30 calendar days against 400 over 20 (plus the day the last ones complete).
    const throughput = kpi(c, 'throughput');
    expect(throughput.before).toBe(400 / c.before.days);
    expect(throughput.after).toBe(400 / c.after.days);
    expect(c.after.days).toBeGreaterThanOrEqual(20);
    expect(c.after.days).toBeLessThanOrEqual(21);
    expect(throughput.verdict).toBe('changed');
    // The same seed gives the same intervals; another seed other ones.
    expect(compareEventLogs(before, after, options).kpis).toEqual(c.kpis);
    expect(kpi(compareEventLogs(before, after, { ...options, seed: 8 }), 'cycleTime').ci95).not.toEqual(cycle.ci95);
  });

  it('takes p50 and p90 by selection exactly as interpolated on the sorted values (ties, tiny logs)', () => {
    const rng = createRandomStream(5, 0, 'ties');
    for (let n = 1; n <= 40; n++) {
      // Whole hours from 0 to 5: many ties.
      const hours = Array.from({ length: n }, () => Math.floor(rng.next() * 6));
      const log: EventLog = { format: 'csv', hasStartTimes: true, columns: {}, events: hours.map((h, c) => ({ caseId: `c${c}`, activity: 'Work', start: START, end: START + h * HOUR })) };
      const c = compareEventLogs(log, log, { resamples: 100 });
      const sorted = hours.map((h) => h * 3600).sort((x, y) => x - y);
      expect(kpi(c, 'cycleTime:p50').before, `n ${n}`).toBeCloseTo(quantileOf(sorted, 0.5)!, 9);
      expect(kpi(c, 'cycleTime:p90').before, `n ${n}`).toBeCloseTo(quantileOf(sorted, 0.9)!, 9);
    }
  });

  it('leaves out first-response rows without a first-response activity', () => {
    const c = compareEventLogs(syntheticLog(50, 1, 1, 5, 1, 'b'), syntheticLog(50, 1, 1, 5, 2, 'a'), { resamples: 200 });
    expect(c.firstResponse).toBeNull();
    expect(c.kpis.some((k) => k.key.startsWith('firstResponse'))).toBe(false);
  });

  it('covers the true differences about 95 % of the time and rarely calls equal logs different', () => {
    // 120 pairs of logs (200 cases each) from known distributions, 300 resamples each.
    const truth = {
      cycleTime: -2 * 3600, // 5 h -> 3 h
      'cycleTime:p90': (quantile(0.9, 2, 1) - quantile(0.9, 4, 1)) * 3600,
      'waiting:Reply': -2 * 3600,
      'firstResponse:withinTarget': 1 - survival(2, 2, 1) - (1 - survival(2, 4, 1)),
    };
    const covered: Record<string, number> = Object.fromEntries(Object.keys(truth).map((k) => [k, 0]));
    let falseAlarms = 0;
    const runs = 120;
    for (let r = 0; r < runs; r++) {
      const c = compareEventLogs(syntheticLog(200, 4, 1, 30, 100 + r, 'b'), syntheticLog(200, 2, 1, 30, 500 + r, 'a'), {
        firstResponseActivities: ['Reply'],
        resamples: 300,
        seed: r,
      });
      for (const [key, value] of Object.entries(truth)) {
        const [lo, hi] = kpi(c, key).ci95!;
        if (lo <= value && value <= hi) covered[key]!++;
      }
      const same = compareEventLogs(syntheticLog(200, 4, 1, 30, 900 + r, 'b'), syntheticLog(200, 4, 1, 30, 1300 + r, 'a'), { resamples: 300, seed: r });
      if (kpi(same, 'cycleTime').significant) falseAlarms++;
    }
    if (process.env.LEANFLOW_PRINT) console.log('coverage', covered, 'false alarms', falseAlarms);
    for (const key of Object.keys(truth)) {
      expect(covered[key]! / runs, key).toBeGreaterThan(0.88);
      expect(covered[key]! / runs, key).toBeLessThanOrEqual(1);
    }
    expect(covered['cycleTime']! / runs).toBeGreaterThan(0.9);
    // 5 % expected: 6 of 120; 14 would be p < 0.01.
    expect(falseAlarms).toBeLessThan(14);
  });
});

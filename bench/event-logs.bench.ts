// Event-log reading and analysis at 1M events: the piece-by-piece reader (as a Web Worker runs it) against the
// whole-file reader, then the weekly fit and a before/after comparison. CPU time (process.cpuUsage) and wall time,
// heap after each step. Prints figures; asserts nothing.
import { gzipSync } from 'node:zlib';
// The root has no workspace dependencies: import the public entry by path.
import { compareEventLogs, fitArrivalProfile, groupCases, readEventLog, readEventLogIncremental, caseArrival } from '../packages/analysis/src/index.ts';
import type { EventLog } from '../packages/analysis/src/index.ts';

const CASES = 250_000; // x 4 activities = 1,000,000 events
const iso = (ms: number) => new Date(ms).toISOString();

/** A CSV log with weekday office-hours arrivals: 4 activities per case with start and end times and a resource. */
function generate(cases: number, seed: number): string {
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const rows = ['case_id,activity,start_time,end_time,resource'];
  const monday = Date.UTC(2025, 0, 6);
  for (let c = 0; c < cases; c++) {
    const day = Math.floor(c / 1000);
    const week = Math.floor(day / 5);
    const open = monday + (week * 7 + (day % 5)) * 86400000 + (8 + random() * 9) * 3600000;
    let t = open;
    for (const activity of ['Register', 'Check', 'Reply', 'Close']) {
      const start = t + random() * 1800000;
      const end = start + random() * 1200000;
      rows.push(`${c},${activity},${iso(start)},${iso(end)},R${Math.floor(random() * 40)}`);
      t = end;
    }
  }
  return `${rows.join('\n')}\n`;
}

function measure<T>(label: string, run: () => T): T;
function measure<T>(label: string, run: () => Promise<T>): Promise<T>;
function measure<T>(label: string, run: () => T | Promise<T>): T | Promise<T> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const report = (value: T) => {
    const used = process.cpuUsage(cpu);
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    console.log(`${label.padEnd(58)} CPU ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms, wall ${(performance.now() - wall).toFixed(0).padStart(6)} ms, heap ${heap.toFixed(0)} MiB`);
    return value;
  };
  const result = run();
  return result instanceof Promise ? result.then(report) : report(result);
}

const text = measure('generate 1,000,000 events (CSV text)', () => generate(CASES, 1));
const data = new TextEncoder().encode(text);
const gz = new Uint8Array(gzipSync(data));
console.log(`log: ${(data.length / 2 ** 20).toFixed(1)} MiB CSV, ${(gz.length / 2 ** 20).toFixed(1)} MiB gzipped`);

let updates = 0;
const pieces: EventLog = await measure('readEventLogIncremental, 1 MiB pieces, progress', () =>
  readEventLogIncremental(data, { fileName: 'log.csv', onProgress: () => updates++ }),
);
console.log(`  ${pieces.events.length} events, ${updates} progress updates`);
await measure('readEventLogIncremental, gzipped, 1 MiB pieces', () => readEventLogIncremental(gz, { fileName: 'log.csv.gz' }));
const whole = await measure('readEventLog (whole file)', () => readEventLog(data, { fileName: 'log.csv' }));
console.log(`  same events: ${whole.events.length === pieces.events.length && whole.events.every((e, i) => e.end === pieces.events[i]!.end && e.caseId === pieces.events[i]!.caseId)}`);
const cases = measure('group cases', () => groupCases(pieces));
const arrivals = [...cases.values()].map(caseArrival).sort((a, b) => a - b);
const fit = measure('fitArrivalProfile (250,000 arrivals)', () => fitArrivalProfile(arrivals));
console.log(`  weekly ${fit.weekly}, ${fit.profile.periods.length} periods, ${fit.casesPerWeek.toFixed(0)} cases a week`);
const half = (from: number, to: number): EventLog => ({ ...pieces, events: pieces.events.slice(from, to) });
measure('compareEventLogs, 500,000 vs 500,000 events, 200 resamples', () => compareEventLogs(half(0, 500_000), half(500_000, 1_000_000), { resamples: 200, firstResponseActivities: ['Reply'] }));

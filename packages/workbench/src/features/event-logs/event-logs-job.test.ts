// The event-log worker's work in Node: the chunked reader equals the core's one-go reader (events and error lines),
// the preview detects columns and dates, the plots match the fits, and calibration runs on the Simod fixture.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCsvLog, parseXesLog, validateCalibration } from '@leanflow/analysis';
import { describe, expect, it } from 'vitest';
import { readLogChunked } from './chunked-read.ts';
import { loadDocument } from '@leanflow/model';
import { runSimulationJob } from '../simulation/simulation-job.ts';
import { calibrate, compareWith, conformance, detectDates, openLog, proposeMapping, readLog, scenarioXml, taskSamples, workingSpans } from './event-logs-job.ts';
import { fittedDensity } from '@leanflow/analysis';
import { fitPlot, proportionHalfWidth } from './fit-plot.ts';
import type { CsvPreview, ReadProgress } from './protocol.ts';

const logs = resolve(process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../../../shared/fixtures'), 'logs');
const fixture = (name: string) => readFileSync(resolve(logs, name));
const text = (name: string) => gunzipSync(fixture(name)).toString('utf8');

describe('readLogChunked', () => {
  it('reads a CSV in pieces to exactly the events of the one-go reader, with rising progress', async () => {
    const csv = text('purchasing-example.csv.gz');
    const whole = parseCsvLog(csv);
    const progress: ReadProgress[] = [];
    const pieces = await readLogChunked(csv, 'csv', { chunkChars: 50_000, onProgress: (p) => progress.push(p) });
    expect(pieces.events).toEqual(whole.events);
    expect(pieces.columns).toEqual(whole.columns);
    expect(pieces.hasStartTimes).toBe(true);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual({ done: csv.length, total: csv.length, events: 9119 });
    expect(progress.every((p, i) => i === 0 || p.done > progress[i - 1]!.done)).toBe(true);
  });

  it('names the line of the whole file for a bad value in a later piece, and keeps quoted line breaks whole', async () => {
    const rows = ['case,activity,end'];
    for (let i = 0; i < 500; i++) rows.push(`c${i},"Check\nform",2024-03-01 09:${String(i % 60).padStart(2, '0')}`);
    rows.push('c9,Check,tomorrow');
    const csv = rows.join('\n');
    const whole = parseCsvLog(rows.slice(0, -1).join('\n'));
    expect((await readLogChunked(rows.slice(0, -1).join('\n'), 'csv', { chunkChars: 1000 })).events).toEqual(whole.events);
    // Header line 1, 500 records of two lines each (lines 2..1001), the bad record on line 1002.
    await expect(readLogChunked(csv, 'csv', { chunkChars: 1000 })).rejects.toThrow(/^line 1002: "tomorrow"/);
    expect(() => parseCsvLog(csv)).toThrow(/^line 1002: /);
  });

  it('reads XES trace by trace to the events of the one-go reader', async () => {
    const traces = Array.from({ length: 40 }, (_, i) =>
      `  <trace>\n    <string key="concept:name" value="case ${i}"/>\n    <event>\n      <string key="concept:name" value="A"/>\n      <string key="lifecycle:transition" value="start"/>\n      <date key="time:timestamp" value="2024-03-01T09:${String(i).padStart(2, '0')}:00Z"/>\n    </event>\n    <event>\n      <string key="concept:name" value="A"/>\n      <string key="lifecycle:transition" value="complete"/>\n      <date key="time:timestamp" value="2024-03-01T10:${String(i).padStart(2, '0')}:00Z"/>\n    </event>\n  </trace>`,
    );
    const xes = `<?xml version="1.0"?>\n<log xes.version="1.0">\n  <global scope="event"><string key="concept:name" value="x"/></global>\n${traces.join('\n')}\n</log>\n`;
    const chunked = await readLogChunked(xes, 'xes', { chunkChars: 2000 });
    expect(chunked.events).toEqual(parseXesLog(xes).events);
    expect(chunked.events).toHaveLength(40);
    const broken = xes.replace('value="2024-03-01T10:30:00Z"', 'value="soon"');
    await expect(readLogChunked(broken, 'xes', { chunkChars: 2000 })).rejects.toThrow(/^line \d+: "soon"/);
    const line = Number(/^line (\d+)/.exec(String(await readLogChunked(broken, 'xes', { chunkChars: 2000 }).catch((e: Error) => e.message)))![1]);
    expect(() => parseXesLog(broken)).toThrow(new RegExp(`^line ${line}: `));
  });
});

describe('the worker job', () => {
  it('previews a gzip CSV: columns and dates detected, first rows with line numbers', async () => {
    const preview = (await openLog({ file: new Blob([fixture('purchasing-example.csv.gz')]), fileName: 'purchasing-example.csv.gz' })) as CsvPreview;
    expect(preview.format).toBe('csv');
    expect(preview.header).toEqual(['case_id', 'activity', 'resource', 'start_time', 'end_time']);
    expect(preview.detected).toEqual({ case: 'case_id', activity: 'activity', start: 'start_time', end: 'end_time', resource: 'resource' });
    expect(preview.dates).toMatchObject({ order: 'none', offsets: true });
    expect(preview.rows[0]).toEqual({ line: 2, fields: ['1', 'Create Request for Quotation', 'Kim Passa', '2011-01-01T12:37:00+02:00', '2011-01-01T12:45:00+02:00'] });
    expect(preview.records).toBe(9119);
  });

  it('finds the date format in columns not chosen yet, month-first included', async () => {
    const csv = 'Ticket;Step;When\nT1;A;04/12/2024 09:00\nT1;B;04/25/2024 10:00\n';
    const preview = (await openLog({ file: new Blob([csv]), fileName: 'crm.csv' })) as CsvPreview;
    expect(preview.separator).toBe(';');
    expect(preview.detected).toEqual({ case: 'Ticket' });
    expect(preview.dates).toMatchObject({ order: 'mdy', example: '04/25/2024 10:00' });
    // Read with the choices the dialog then makes: the 25th of April.
    const summary = await readLog({ columns: { case: 'Ticket', activity: 'Step', end: 'When' }, dateOrder: 'mdy' });
    expect(summary.to).toBe('2024-04-25T10:00:00.000Z');
  });

  it('reads the ticked columns as case attributes, also across pieces, and counts their distinct values', async () => {
    const rows = ['case,activity,end,Channel,Region,Note'];
    for (let c = 0; c < 300; c++) for (const [i, step] of ['A', 'B'].entries()) rows.push(`C${c},${step},2024-01-01 0${i}:00,${c % 3 === 0 ? 'web' : 'phone'},R${c % 7},n${c}${i}`);
    const csv = rows.join('\n');
    await openLog({ file: new Blob([csv]), fileName: 'crm.csv' });
    const summary = await readLog({ attributes: ['Channel', 'Region'] });
    expect(summary.attributes).toEqual([
      { name: 'Channel', values: 2 },
      { name: 'Region', values: 7 },
    ]);
    const pieces = await readLogChunked(csv, 'csv', { chunkChars: 1000, attributes: ['Channel'] });
    expect(pieces.events[599]!.attributes).toEqual({ Channel: 'phone' });
    expect(pieces.events[598]!.attributes).toBe(pieces.events[599]!.attributes);
    // Unticked: no attributes in the summary.
    expect((await readLog({})).attributes).toBeUndefined();
  });

  it('tells the date order from a day above 12, and says when no value decides it', () => {
    expect(detectDates(['03/04/2024 09:00', '25/04/2024 10:00'])).toMatchObject({ order: 'dmy', offsets: false });
    expect(detectDates(['03/04/2024 09:00', '04/25/2024 10:00'])).toMatchObject({ order: 'mdy' });
    expect(detectDates(['03/04/2024 09:00'])).toMatchObject({ order: 'ambiguous' });
    expect(detectDates(['2024-03-01T09:00:00Z', '2024-03-01T10:00:00+02:00'])).toMatchObject({ order: 'none', offsets: true });
  });

  it('maps, calibrates and replays the Simod loan log on its model; the plots are of the samples the fits used', async () => {
    await openLog({ file: new Blob([fixture('loanapp-simplified-train.csv.gz')]), fileName: 'loanapp-simplified-train.csv.gz' });
    const progress: ReadProgress[] = [];
    const summary = await readLog({}, { signal: new AbortController().signal, progress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ events: 7544, cases: 1000, resources: 19, hasStartTimes: true });
    expect(summary.activities).toHaveLength(12);
    expect(progress.at(-1)?.events).toBe(7544);
    const xml = readFileSync(resolve(logs, 'loanapp-simplified.bpmn'), 'utf8');
    const proposal = await proposeMapping({ xml });
    expect(Object.keys(proposal.mapping.mapping)).toHaveLength(12);
    expect(proposal.mapping.unmappedTasks).toEqual([]);
    const view = await calibrate({ xml, mapping: proposal.mapping.mapping, scenarioName: 'From the log' });
    expect(view.result.scenario.name).toBe('From the log');
    expect(view.result.tasks).toHaveLength(12);
    expect(view.result.conformance.fittingCases).toBe(1000);
    expect(view.result.arrivals[0]!.ratePerHour).toBeCloseTo(0.472, 2);
    for (const task of view.result.tasks) {
      const plot = view.plots[task.taskId]!;
      expect(plot.samples).toBe(task.fit.samples);
      // The histogram is a density: its area is the share of values drawn (all but the tail above the 99th percentile).
      const area = plot.density.reduce((a, d, i) => a + d * (plot.edges[i + 1]! - plot.edges[i]!), 0);
      expect(area).toBeCloseTo(1 - plot.above / plot.samples, 6);
    }
    // The plot's samples are the calibration's: same means (in working time where the pool got fitted working hours).
    const graph = (await loadDocument(xml)).graph!;
    const working = view.result.tasks.filter((t) => t.timeBasis === 'working-time');
    expect(working.length).toBeGreaterThan(0);
    const samples = taskSamples(parseCsvLog(text('loanapp-simplified-train.csv.gz')), view.result.mapping.mapping, workingSpans(graph, view.result, 'UTC'));
    // Wall-clock samples would not match them: the fitted hours matter.
    const wall = taskSamples(parseCsvLog(text('loanapp-simplified-train.csv.gz')), view.result.mapping.mapping);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(wall.get(working[0]!.taskId)!) - working[0]!.fit.sampleMean)).toBeGreaterThan(1);
    for (const task of view.result.tasks) {
      const xs = samples.get(task.taskId)!;
      expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(task.fit.sampleMean, 6);
    }
    expect(view.arrivalPlot?.samples).toBe(999);
    expect(view.flowLabels).not.toEqual({});
    // Leaving an activity out makes its task's events missing in the replay... it is silent: the cases still fit.
    const first = summary.activities[0]!.name;
    const replay = await conformance({ xml, mapping: { ...proposal.mapping.mapping, [first]: null } });
    expect(replay.mapped).toBe(11);
    expect(replay.replay.cases).toBe(1000);
  });

  it('passes the chosen first-response activity to calibration: its task is flagged, the figures are the log’s', async () => {
    await openLog({ file: new Blob([fixture('loanapp-simplified-train.csv.gz')]), fileName: 'loanapp-simplified-train.csv.gz' });
    await readLog({});
    const xml = readFileSync(resolve(logs, 'loanapp-simplified.bpmn'), 'utf8');
    const proposal = await proposeMapping({ xml });
    const view = await calibrate({ xml, mapping: proposal.mapping.mapping, scenarioName: 'FR', firstResponse: 'Check credit history' });
    const fr = view.result.firstResponse!;
    // The same figures from the log directly: arrival (first enabled/start) to the first completion of the activity.
    const log = parseCsvLog(text('loanapp-simplified-train.csv.gz'));
    const byCase = new Map<string, { arrival: number; answer: number }>();
    for (const e of log.events) {
      const c = byCase.get(e.caseId) ?? { arrival: Infinity, answer: Infinity };
      c.arrival = Math.min(c.arrival, e.enabled ?? e.start ?? e.end);
      if (e.activity === 'Check credit history') c.answer = Math.min(c.answer, e.end);
      byCase.set(e.caseId, c);
    }
    const times = [...byCase.values()].map((c) => (c.answer - c.arrival) / 1000).sort((a, b) => a - b);
    expect(fr).toMatchObject({ requested: 'Check credit history', cases: 1000, responded: 1000, name: 'Check credit history' });
    expect(fr.mean!).toBeCloseTo(times.reduce((a, b) => a + b, 0) / times.length, 3);
    expect(fr.p50!).toBeGreaterThanOrEqual(times[499]!);
    expect(fr.p50!).toBeLessThanOrEqual(times[500]!);
    expect(fr.withinTarget).toBeCloseTo(times.filter((x) => x <= fr.targetSeconds).length / 1000, 6);
    expect(view.result.scenario.tasks[fr.taskId!]?.substantiveResponse).toBe(true);
    // Validation as the view runs it: the document with the calibrated scenario added, simulated by the simulation job.
    const withScenario = await scenarioXml({ xml, scenario: view.result.scenario, scenarios: view.scenarios });
    const report = await runSimulationJob({ type: 'run', runId: 1, xml: withScenario, scenarioId: view.result.scenario.id, cases: 300, replications: 2, seed: 1 });
    if (!report.ok) throw new Error(report.issues.map((i) => i.message).join('; '));
    expect(report.scenario.id).toBe(view.result.scenario.id);
    expect(report.scenario.available.map((s) => s.id)).toEqual([...view.scenarios.map((s) => s.id), view.result.scenario.id]);
    const rows = validateCalibration(view.result, report.result);
    const cycle = rows.find((r) => r.kpi === 'cycleTime')!;
    expect(cycle.log).toBe(view.result.log.meanCycleTime);
    expect(cycle.simulated).toBe(report.result.kpis.cycleTime.mean);
    expect(cycle.relativeError).toBeCloseTo((cycle.simulated - cycle.log) / cycle.log, 12);
    expect(rows.find((r) => r.kpi === 'firstResponse:withinTarget')).toMatchObject({ log: fr.withinTarget, elementId: fr.taskId });
    expect(rows.filter((r) => r.kpi === 'processingTime')).toHaveLength(12);
    // Without a choice there are no first-response figures.
    expect((await calibrate({ xml, mapping: proposal.mapping.mapping, scenarioName: 'none' })).result.firstResponse).toBeUndefined();
  });

  it('compares a second log read like the first: before/after with bootstrap intervals, waiting per mapped task', async () => {
    await openLog({ file: new Blob([fixture('loanapp-simplified-train.csv.gz')]), fileName: 'train.csv.gz' });
    await readLog({});
    const xml = readFileSync(resolve(logs, 'loanapp-simplified.bpmn'), 'utf8');
    const proposal = await proposeMapping({ xml });
    const taskNames = Object.fromEntries(proposal.tasks.map((t) => [t.id, t.name ?? t.id]));
    const view = await compareWith({ file: new Blob([fixture('loanapp-simplified-test.csv.gz')]), fileName: 'test.csv.gz', mapping: proposal.mapping.mapping, taskNames, firstResponse: 'Check credit history', resamples: 400 });
    expect(view).toMatchObject({ before: 'train.csv.gz', after: 'test.csv.gz' });
    const c = view.comparison;
    // The same cycle times from the logs directly: first start (else end) to last end per case.
    const meanCycle = (csv: string) => {
      const byCase = new Map<string, [number, number]>();
      for (const e of parseCsvLog(csv).events) {
        const [a, b] = byCase.get(e.caseId) ?? [Infinity, -Infinity];
        byCase.set(e.caseId, [Math.min(a, e.start ?? e.end), Math.max(b, e.end)]);
      }
      return [...byCase.values()].reduce((sum, [a, b]) => sum + (b - a) / 1000, 0) / byCase.size;
    };
    const cycle = c.kpis.find((k) => k.key === 'cycleTime')!;
    expect(cycle.before!).toBeCloseTo(meanCycle(text('loanapp-simplified-train.csv.gz')), 3);
    expect(cycle.after!).toBeCloseTo(meanCycle(text('loanapp-simplified-test.csv.gz')), 3);
    expect(cycle.difference!).toBeCloseTo(cycle.after! - cycle.before!, 6);
    expect(cycle.ci95![0]).toBeLessThanOrEqual(cycle.difference!);
    expect(cycle.ci95![1]).toBeGreaterThanOrEqual(cycle.difference!);
    expect(c.before.cases).toBe(1000);
    expect(c.method.resamples).toBe(400);
    expect(c.firstResponse?.activities).toEqual([proposal.mapping.mapping['Check credit history']]); // as its task's key
    expect(c.kpis.some((k) => k.key === 'firstResponse:withinTarget')).toBe(true);
    // Waiting rows are per task (keys are task ids), named by the task.
    const waiting = c.kpis.filter((k) => k.key.startsWith('waiting:'));
    expect(waiting.length).toBe(12);
    expect(waiting.every((k) => taskNames[k.key.slice(8)] !== undefined)).toBe(true);
    // A file without the first log's columns is refused with the column named.
    await expect(compareWith({ file: new Blob(['a,b\n1,2\n']), fileName: 'other.csv' })).rejects.toThrow(/\(log\.[\w.]+\)$/);
  });

  it('reports a bad timestamp with its line and code', async () => {
    const csv = 'case,activity,end\nc1,A,2024-03-01 09:00\nc1,B,yesterday\n';
    await openLog({ file: new Blob([csv]), fileName: 'bad.csv' });
    await expect(readLog({})).rejects.toThrow(/^line 3: "yesterday" in column "end" .*\(log\.timestamp\)$/);
  });
});

describe('fit plots', () => {
  it('draws densities that integrate to one with the fitted mean', () => {
    for (const family of ['exponential', 'normal', 'lognormal', 'gamma'] as const) {
      const pdf = fittedDensity({ family, mean: 600, sd: 200 })!;
      let area = 0;
      let mean = 0;
      for (let x = -2999.95; x < 6000; x += 0.1) {
        area += pdf(x) * 0.1;
        mean += x * pdf(x) * 0.1;
      }
      expect(area).toBeCloseTo(1, 3);
      expect(mean).toBeCloseTo(600, 0);
    }
    expect(proportionHalfWidth(0.5, 100)).toBeCloseTo(0.098, 6);
    expect(proportionHalfWidth(0.098, 1108)).toBeCloseTo(0.0175, 4);
    expect(proportionHalfWidth(0.4, 0)).toBe(1);
    const plot = fitPlot([60, 60, 60], { family: 'fixed', mean: 60, sd: 0 });
    expect(plot.fixedAt).toBe(60);
    expect(plot.curveX).toEqual([]);
  });
});

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EventLogError, fitDuration, mapActivities, parseCsvLog, parseTimestamp, parseXesLog, readEventLog } from '../index.ts';
import type { ProcessGraph } from '@leanflow/model';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('timestamps', () => {
  it('reads ISO with and without offsets, common formats and time zones', () => {
    expect(parseTimestamp('2011-01-01T12:37:00+02:00')).toBe(Date.UTC(2011, 0, 1, 10, 37));
    expect(parseTimestamp('2023-02-09T08:00:50.638')).toBe(Date.UTC(2023, 1, 9, 8, 0, 50, 638));
    expect(parseTimestamp('2024-03-01 09:30')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(parseTimestamp('01.03.2024 09:30')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(parseTimestamp('03/01/2024 09:30', 'UTC', 'mdy')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(parseTimestamp('2024/03/01 09:30:15')).toBe(Date.UTC(2024, 2, 1, 9, 30, 15));
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(parseTimestamp('2024-01-15 09:00', 'Europe/Berlin')).toBe(Date.UTC(2024, 0, 15, 8));
    expect(parseTimestamp('2024-07-15 09:00', 'Europe/Berlin')).toBe(Date.UTC(2024, 6, 15, 7));
    expect(parseTimestamp('2024-07-15 09:00', '-05:00')).toBe(Date.UTC(2024, 6, 15, 14));
    expect(parseTimestamp('13/13/2024')).toBeNaN();
    expect(parseTimestamp('tomorrow')).toBeNaN();
  });
});

describe('CSV logs', () => {
  it('detects columns by common names, semicolons and quoted fields', () => {
    const log = parseCsvLog('Case ID;concept:name;start_timestamp;time:timestamp;org:resource\n7;"Check; then ""approve""";2024-01-01 09:00;2024-01-01 09:30;Ann\n');
    expect(log.columns).toEqual({ case: 'Case ID', activity: 'concept:name', start: 'start_timestamp', end: 'time:timestamp', resource: 'org:resource' });
    expect(log.events).toEqual([{ caseId: '7', activity: 'Check; then "approve"', start: Date.UTC(2024, 0, 1, 9), end: Date.UTC(2024, 0, 1, 9, 30), resource: 'Ann' }]);
  });

  it('takes a given column mapping and reads completion-only logs', () => {
    const log = parseCsvLog('Ticket,Step,When\nT1,Open,2024-01-01T09:00:00Z\n', { columns: { case: 'Ticket', activity: 'Step', end: 'When' } });
    expect(log.hasStartTimes).toBe(false);
    expect(log.events[0]).toEqual({ caseId: 'T1', activity: 'Open', end: Date.UTC(2024, 0, 1, 9) });
  });

  it('reads named columns as case attributes, one shared object per case while the values repeat', () => {
    const log = parseCsvLog(
      'case,activity,end,Channel,Priority,Note\n1,A,2024-01-01 09:00,web,high,x\n1,B,2024-01-01 10:00,web,high,y\n2,A,2024-01-01 09:00,phone,,z\n1,C,2024-01-01 11:00,web,low,\n3,A,2024-01-01 09:00,,,\n',
      { attributes: ['Channel', 'priority'] },
    );
    const [a, b, c, d, e] = log.events;
    expect(a!.attributes).toEqual({ Channel: 'web', Priority: 'high' });
    expect(b!.attributes).toBe(a!.attributes);
    expect(c!.attributes).toEqual({ Channel: 'phone' });
    expect(d!.attributes).toEqual({ Channel: 'web', Priority: 'low' });
    expect(e).not.toHaveProperty('attributes');
    // Without the option no event carries attributes; an unknown column is named.
    expect(parseCsvLog('case,activity,end,Channel\n1,A,2024-01-01\n').events[0]).not.toHaveProperty('attributes');
    expect(() => parseCsvLog('case,activity,end\n1,A,2024-01-01\n', { attributes: ['Region'] })).toThrow('There is no column "Region" for a case attribute. Columns: case, activity, end.');
  });

  it('gives the line and a fix for bad input', () => {
    expect(() => parseCsvLog('id,name,value\n1,2,3\n')).toThrow(/No case column found.*Columns: id, name, value/);
    expect(() => parseCsvLog('case,activity,start,end\n1,A,2024-01-01 10:00,2024-01-01 09:00\n')).toThrow('line 2: The activity "A" starts after it ends.');
    expect(() => parseCsvLog('case,activity,end\n1,A,2024-01-01\n1,"B,2024-01-01\n')).toThrow(EventLogError);
  });
});

describe('XES case attributes', () => {
  it('reads trace-level string attributes but the case id, shared by the trace\'s events, also when they follow the events', () => {
    const log = parseXesLog(`<log>
  <trace><string key="concept:name" value="c1"/><string key="channel" value="web"/><int key="amount" value="5"/>
    <event><string key="concept:name" value="A"/><string key="region" value="north"/><date key="time:timestamp" value="2024-01-01T09:00:00Z"/></event>
    <event><string key="concept:name" value="B"/><date key="time:timestamp" value="2024-01-01T10:00:00Z"/></event>
    <string key="priority" value="high &amp; urgent"/>
  </trace>
  <trace><string key="concept:name" value="c2"/><event><string key="concept:name" value="A"/><date key="time:timestamp" value="2024-01-01T09:00:00Z"/></event></trace>
</log>`);
    const [a, b, c] = log.events;
    expect(a!.attributes).toEqual({ channel: 'web', priority: 'high & urgent' });
    expect(b!.attributes).toBe(a!.attributes);
    expect(c).not.toHaveProperty('attributes');
  });
});

describe('XES logs', () => {
  const xes = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <trace><string key="concept:name" value="c1"/>
    <event><string key="concept:name" value="Check &amp; file"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2024-01-01T09:00:00.000+01:00"/><string key="org:resource" value="Ann"/></event>
    <event><string key="concept:name" value="Check &amp; file"/><string key="lifecycle:transition" value="complete"/><date key="time:timestamp" value="2024-01-01T09:20:00.000+01:00"/></event>
    <event><string key="concept:name" value="Close"/><date key="time:timestamp" value="2024-01-01T10:00:00.000+01:00"/></event>
  </trace>
</log>`;
  it('pairs start and complete events per trace, plain and gzipped', async () => {
    for (const input of [bytes(xes), new Uint8Array(gzipSync(bytes(xes)))]) {
      const log = await readEventLog(input, { fileName: 'log.xes.gz' });
      expect(log.format).toBe('xes');
      expect(log.events).toEqual([
        { caseId: 'c1', activity: 'Check & file', start: Date.UTC(2024, 0, 1, 8), end: Date.UTC(2024, 0, 1, 8, 20), resource: 'Ann' },
        { caseId: 'c1', activity: 'Close', end: Date.UTC(2024, 0, 1, 9) },
      ]);
    }
  });
  it('reports an event without a timestamp with its line', async () => {
    await expect(readEventLog(bytes('<log>\n<trace>\n<event><string key="concept:name" value="A"/></event></trace></log>'))).rejects.toThrow('line 3: The event "A" has no "time:timestamp" attribute.');
  });
});

describe('fitting durations', () => {
  // Deterministic samples from known distributions (inverse CDF at evenly spaced quantiles).
  const quantiles = (n: number, inverse: (p: number) => number) => Array.from({ length: n }, (_, i) => inverse((i + 0.5) / n));
  it('recovers an exponential and prefers it by AIC', () => {
    const fit = fitDuration(quantiles(2000, (p) => -600 * Math.log(1 - p)))!;
    expect(fit.chosen.family).toBe('exponential');
    expect(fit.chosen.mean).toBeCloseTo(600, -1);
    expect(fit.chosen.ks).toBeLessThan(0.01);
    expect(fit.distribution).toEqual({ type: 'exponential', mean: expect.closeTo(10, 1), unit: 'min' });
  });
  it('recovers a lognormal and calls a constant sample fixed', () => {
    // Lognormal with mu = ln 300, sigma = 0.5: the inverse CDF through the normal quantile (Acklam-free: bisection).
    const normalQuantile = (p: number) => {
      let lo = -10;
      let hi = 10;
      for (let i = 0; i < 80; i++) {
        const mid = (lo + hi) / 2;
        const cdf = 0.5 * (1 + Math.sign(mid) * Math.sqrt(1 - Math.exp((-2 * mid * mid) / Math.PI)));
        if (cdf < p) lo = mid;
        else hi = mid;
      }
      return lo;
    };
    const fit = fitDuration(quantiles(2000, (p) => 300 * Math.exp(0.5 * normalQuantile(p))))!;
    expect(fit.chosen.family).toBe('lognormal');
    expect(fit.chosen.mean / (300 * Math.exp(0.125))).toBeCloseTo(1, 1);
    expect(fitDuration([120, 120, 120])!.distribution).toEqual({ type: 'fixed', value: 2, unit: 'min' });
    expect(fitDuration([])).toBeUndefined();
  });
});

describe('mapping activities', () => {
  const graph = {
    processes: [],
    participants: [],
    lanes: [],
    flows: [],
    messageFlows: [],
    dataElements: [],
    nodes: [
      { id: 'T1', name: 'Check credit history', kind: 'task', bpmnType: 'bpmn:Task', processId: 'P', incoming: [], outgoing: [], eventDefinitions: [], boundaryEventIds: [] },
      { id: 'T2', name: 'Approve loan offer', kind: 'userTask', bpmnType: 'bpmn:UserTask', processId: 'P', incoming: [], outgoing: [], eventDefinitions: [], boundaryEventIds: [] },
      { id: 'T3', name: 'Archive', kind: 'task', bpmnType: 'bpmn:Task', processId: 'P', incoming: [], outgoing: [], eventDefinitions: [], boundaryEventIds: [] },
    ],
  } as const satisfies ProcessGraph;
  it('maps by normalised name, suggests near misses and applies overrides', () => {
    const m = mapActivities(graph, new Map([['check CREDIT-history', 5], ['Approve loan offers', 3], ['Noise', 1]]));
    expect(m.mapping).toEqual({ 'check CREDIT-history': 'T1' });
    expect(m.unmappedActivities[0]).toMatchObject({ activity: 'Approve loan offers', suggestion: { taskId: 'T2' } });
    expect(m.unmappedActivities[1]).toEqual({ activity: 'Noise', events: 1 });
    expect(m.unmappedTasks.map((t) => t.taskId)).toEqual(['T2', 'T3']);
    const o = mapActivities(graph, new Map([['Approve loan offers', 3], ['Noise', 1]]), { 'Approve loan offers': 'T2', Noise: null, Ghost: 'Nope' });
    expect(o.mapping).toEqual({ 'Approve loan offers': 'T2' });
    expect(o.ignoredActivities).toEqual(['Noise']);
    expect(o.problems.map((p) => p.message)).toEqual([
      'The mapping file maps "Ghost" to "Nope", which is no task id or task name in the model.',
      'The mapping file names "Ghost", which the log does not contain.',
    ]);
  });
});

describe('the Simod purchasing log', () => {
  it('imports with its ISO offsets and detected columns', async () => {
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
    const log = await readEventLog(readFileSync(`${fixtures}/logs/purchasing-example.csv.gz`), { fileName: 'purchasing-example.csv.gz' });
    expect(log.events).toHaveLength(9119);
    expect(new Set(log.events.map((e) => e.caseId)).size).toBe(608);
    expect(log.columns).toEqual({ case: 'case_id', activity: 'activity', start: 'start_time', end: 'end_time', resource: 'resource' });
    // 2011-01-01T07:00:00+02:00 is 05:00 UTC.
    expect(log.events[1]).toMatchObject({ caseId: '1', activity: 'Create Purchase Requisition', start: Date.UTC(2011, 0, 1, 5), end: Date.UTC(2011, 0, 1, 5, 37) });
  });
});

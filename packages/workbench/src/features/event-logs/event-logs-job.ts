// The work of the event-log worker, without the worker (DOM-free: unit tests run it in Node). The worker keeps the
// file's text and the read log between requests, so the log is read once and never crosses to the UI thread.
import {
  EventLogError,
  activityCounts,
  calibrateScenario,
  compareEventLogs,
  csvRecords,
  groupCases,
  gunzipIfNeeded,
  mapActivities,
  openHoursOfWeek,
  openSeconds,
  parseCsvLog,
  parseTimestamp,
  replayLog,
  type CalibrationResult,
  type EventLog,
  type LogEvent,
  type LogField,
  type MappingOverrides,
} from '@leanflow/analysis';
import { loadDocument, saveScenariosToXml, type ProcessGraph, type Scenario } from '@leanflow/model';
import type { HandlerControl } from '../../base/worker-client.ts';
import { localizeDefaultScenario } from '../properties/default-data.ts';
import { readLogChunked } from './chunked-read.ts';
import { fitPlot } from './fit-plot.ts';
import type { CalibrationView, ConformanceView, LogComparisonView, UnnamedNode, CsvPreview, DateDetection, LogPreview, LogSummaryView, MappingChoice, MappingProposal, ReadOptions, ReadProgress } from './protocol.ts';

interface Held {
  fileName: string;
  text: string;
  format: 'csv' | 'xes';
  log?: EventLog;
  /** How the log was read (a second log for the before/after comparison is read alike). */
  options?: ReadOptions;
}
let held: Held | undefined;

/** A log problem for the UI: the code travels in the message (an Error's own fields do not survive the trip). */
function problem(error: unknown): never {
  if (error instanceof EventLogError) throw new Error(`${error.message} (${error.code})`);
  throw error;
}

const FIELDS: readonly LogField[] = ['case', 'activity', 'start', 'end', 'resource', 'role', 'enabled'];
// Names the core detects columns by (a subset: for a preselection when the full detection fails on a sample).
const NAMES: Readonly<Record<LogField, RegExp>> = {
  case: /^(case|caseid|case:concept:name|traceid|ticket|ticketid)$/,
  activity: /^(activity|concept:name|activityname|task|event|eventname|action)$/,
  start: /^(starttime|start:timestamp|starttimestamp|start|startdate)$/,
  end: /^(endtime|time:timestamp|endtimestamp|end|completetime|timestamp|time|enddate|completiontime)$/,
  resource: /^(resource|org:resource|user|agent|performer|employee)$/,
  enabled: /^(enabledtime|enabletime)$/,
  role: /^(role|org:role|org:group|resourcerole|group|team)$/,
};
const squash = (name: string) => name.trim().toLowerCase().replace(/[\s_-]+/g, '');

function detectSeparator(header: string): string {
  const counts = [',', ';', '\t'].map((s) => [s, header.split(s).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** How a sample of timestamps reads: which date order a slashed date needs, whether all carry an offset. */
export function detectDates(values: readonly string[]): DateDetection {
  let order: DateDetection['order'] = 'none';
  let offsets = values.length > 0;
  for (const raw of values) {
    const text = raw.trim();
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(text)) offsets = false;
    const m = /^(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(text);
    if (!m) continue;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 && b <= 12) return { order: 'dmy', offsets: false, example: text };
    if (b > 12 && a <= 12) return { order: 'mdy', offsets: false, example: text };
    order = 'ambiguous';
  }
  return { order, offsets, ...(values[0] ? { example: values[0].trim() } : {}) };
}

/** Opens a file: unpacks, decodes and previews it (CSV: header, first rows, detected columns and date format). */
export async function openLog(params: { file: Blob; fileName: string }): Promise<LogPreview> {
  const bytes = await gunzipIfNeeded(new Uint8Array(await params.file.arrayBuffer()));
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const name = params.fileName.toLowerCase().replace(/\.gz$/, '');
  const format = name.endsWith('.xes') || /^\s*<(\?xml|log[\s>])/.test(text) ? 'xes' : 'csv';
  held = { fileName: params.fileName, text, format };
  if (format === 'xes') return { format, fileName: params.fileName, size: text.length };
  if (text.trim() === '') problem(new EventLogError('log.empty', 'The log is empty: expected a header line with column names.', 1));
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n|$/)));
  const separator = detectSeparator(firstLine);
  const sampleRecords = csvRecords(text.slice(0, 200_000), separator);
  const header: string[] = sampleRecords.next().value?.fields ?? [];
  const rows: { line: number; fields: string[] }[] = [];
  try {
    for (const record of sampleRecords) {
      if (rows.length >= 200) break;
      rows.push(record);
    }
  } catch {
    // A quote open at the sample's cut: the rows before it are the preview.
  }
  let detected: Partial<Record<LogField, string>> = {};
  try {
    const sample = [firstLine, ...text.slice(firstLine.length + 1, firstLine.length + 1 + 50_000).split(/\r?\n/).slice(0, 50).filter((l) => l.trim() !== '')].join('\n');
    detected = { ...parseCsvLog(sample).columns };
  } catch {
    for (const field of FIELDS) {
      const column = header.find((h) => NAMES[field].test(squash(h)) && !Object.values(detected).includes(h));
      if (column !== undefined) detected[field] = column;
    }
  }
  // The date format from every column whose sampled values read as dates (the time columns may not be chosen yet).
  const stamps: string[] = [];
  header.forEach((_, i) => {
    const values = rows.map((r) => r.fields[i] ?? '').filter((v) => v.trim() !== '');
    if (values.length && values.every((v) => (!Number.isNaN(parseTimestamp(v, 'UTC', 'dmy')) || !Number.isNaN(parseTimestamp(v, 'UTC', 'mdy'))) && !/^\d+(\.\d+)?$/.test(v.trim()))) stamps.push(...values);
  });
  const dates = detectDates(stamps);
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  // Lines after the header (blank lines and quoted line breaks make it approximate: it is for the progress text).
  const records = Math.max(rows.length, lines - (text.endsWith('\n') ? 1 : 0));
  const preview: CsvPreview = { format, fileName: params.fileName, size: text.length, separator, header, rows: rows.slice(0, 8), records, detected, dates };
  return preview;
}

/** Reads the opened file with the chosen columns, time zone and date order, reporting progress. */
export async function readLog(params: ReadOptions, control?: HandlerControl<ReadProgress>): Promise<LogSummaryView> {
  if (!held) throw new Error('No log is open: import one first.');
  const started = Date.now();
  let log: EventLog;
  try {
    log = await readLogChunked(held.text, held.format, {
      ...(params.columns ? { columns: params.columns } : {}),
      ...(params.timeZone ? { timeZone: params.timeZone } : {}),
      ...(params.dateOrder ? { dateOrder: params.dateOrder } : {}),
      ...(params.attributes?.length ? { attributes: params.attributes } : {}),
      ...(control ? { signal: control.signal, onProgress: (p: ReadProgress) => control.progress(p) } : {}),
    });
  } catch (error) {
    problem(error);
  }
  held.log = log;
  held.options = params;
  const cases = new Set<string>();
  const resources = new Set<string>();
  let from = Infinity;
  let to = -Infinity;
  const attributeValues = new Map<string, Set<string>>();
  let seenAttributes: LogEvent['attributes'];
  for (const e of log.events) {
    cases.add(e.caseId);
    // Events of a case share one attributes object: count each object once.
    if (e.attributes && e.attributes !== seenAttributes) {
      seenAttributes = e.attributes;
      for (const [name, value] of Object.entries(e.attributes)) {
        const values = attributeValues.get(name) ?? attributeValues.set(name, new Set()).get(name)!;
        values.add(value);
      }
    }
    if (e.resource) resources.add(e.resource);
    from = Math.min(from, e.start ?? e.end);
    to = Math.max(to, e.end);
  }
  const activities = [...activityCounts(log)].map(([name, events]) => ({ name, events })).sort((a, b) => b.events - a.events || a.name.localeCompare(b.name));
  return {
    fileName: held.fileName,
    format: log.format,
    events: log.events.length,
    cases: cases.size,
    resources: resources.size,
    hasStartTimes: log.hasStartTimes,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    columns: log.columns,
    activities,
    ...(attributeValues.size ? { attributes: [...attributeValues].map(([name, values]) => ({ name, values: values.size })).sort((a, b) => a.name.localeCompare(b.name)) } : {}),
    readMs: Date.now() - started,
  };
}

async function model(xml: string): Promise<{ graph: ProcessGraph; document: Awaited<ReturnType<typeof loadDocument>> }> {
  const document = await loadDocument(xml);
  const errors = document.modelIssues.filter((i) => i.severity === 'error');
  if (!document.graph || errors.length > 0) throw new Error(errors[0]?.message ?? 'The process cannot be read.');
  return { graph: document.graph, document };
}

function heldLog(): EventLog {
  if (!held?.log) throw new Error('No log is read: import one first.');
  return held.log;
}

/** The model's tasks and the suggested mapping of the read log's activities. */
export async function proposeMapping(params: { xml: string }): Promise<MappingProposal> {
  const { graph } = await model(params.xml);
  const mapping = mapActivities(graph, activityCounts(heldLog()));
  const tasks = graph.nodes.filter((n) => mapping.unmappedTasks.some((t) => t.taskId === n.id) || Object.values(mapping.mapping).includes(n.id));
  return { tasks: tasks.map((t) => ({ id: t.id, ...(t.name ? { name: t.name } : {}) })), mapping };
}

/**
 * Task durations as calibrateScenario measures them (processing, else time since the case's previous event); `span`
 * gives a task's seconds between two times when they count working time only (its pool has fitted working hours).
 */
export function taskSamples(log: EventLog, mapping: Readonly<Record<string, string>>, span?: (taskId: string) => ((from: number, to: number) => number) | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const events of groupCases(log).values()) {
    const ends = events.map((e) => e.end).sort((a, b) => a - b);
    const arrival = events.reduce((a, e) => Math.min(a, e.enabled ?? e.start ?? e.end), Infinity);
    for (const e of events) {
      const taskId = mapping[e.activity];
      if (!taskId) continue;
      const began = e.start ?? e.end;
      let previous = arrival;
      for (const t of ends) if (t <= began && t > previous) previous = t;
      const list = out.get(taskId) ?? [];
      const from = e.start !== undefined ? e.start : Math.min(e.end, e.enabled ?? previous);
      const seconds = span?.(taskId);
      list.push(seconds ? seconds(from, e.end) : Math.max(0, (e.end - from) / 1000));
      out.set(taskId, list);
    }
  }
  return out;
}

/** Words for unnamed gateways and flows: the nearest named element before a node, the first named one after a flow. */
export function describeElements(graph: ProcessGraph): { nodes: Record<string, UnnamedNode>; flowLabels: Record<string, string>; flowTargets: Record<string, string> } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const flows = new Map(graph.flows.map((f) => [f.id, f]));
  const search = (start: string, step: (id: string) => string[]): string | undefined => {
    const seen = new Set([start]);
    let frontier = step(start);
    while (frontier.length) {
      const next: string[] = [];
      for (const id of frontier) {
        if (seen.has(id)) continue;
        seen.add(id);
        const name = byId.get(id)?.name;
        if (name) return name;
        next.push(...step(id));
      }
      frontier = next;
    }
    return undefined;
  };
  const before = (id: string) => (byId.get(id)?.incoming ?? []).map((f) => flows.get(f)?.sourceId ?? '');
  const after = (id: string) => (byId.get(id)?.outgoing ?? []).map((f) => flows.get(f)?.targetId ?? '');
  const nodes: Record<string, UnnamedNode> = {};
  for (const n of graph.nodes) {
    if (n.name) continue;
    const name = search(n.id, before);
    nodes[n.id] = name ? { after: name } : {};
  }
  const flowLabels: Record<string, string> = {};
  const flowTargets: Record<string, string> = {};
  for (const f of graph.flows) {
    const label = f.name ?? byId.get(f.targetId)?.name;
    if (label) flowLabels[f.id] = label;
    else {
      const next = search(f.targetId, after);
      if (next) flowTargets[f.id] = next;
    }
  }
  return { nodes, flowLabels, flowTargets };
}

const overridesOf = (choice: MappingChoice): MappingOverrides => ({ ...choice });

/** For tasks the calibration measured in working time: seconds inside their pool's fitted working hours. */
export function workingSpans(graph: ProcessGraph, result: CalibrationResult, timeZone: string): (taskId: string) => ((from: number, to: number) => number) | undefined {
  const open = new Map(result.calendars.filter((c) => c.calendarId).map((c) => [c.poolId, openHoursOfWeek(c.fit.hours)]));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const laneParent = new Map(graph.lanes.map((l) => [l.id, l.parentLaneId]));
  const scenario = result.scenario;
  // The task's pool as the engine resolves it: the task's own, else its lane's or a parent lane's.
  const poolOf = (taskId: string): string | undefined => {
    const own = scenario.tasks[taskId]?.poolId;
    if (own) return own;
    for (let lane = byId.get(taskId)?.laneId; lane !== undefined; lane = laneParent.get(lane)) {
      const pool = scenario.pools.find((p) => p.laneIds.includes(lane!));
      if (pool) return pool.id;
    }
    return undefined;
  };
  const cache = new Map<number, number>();
  return (taskId) => {
    if (result.tasks.find((t) => t.taskId === taskId)?.timeBasis !== 'working-time') return undefined;
    const hours = open.get(poolOf(taskId) ?? '');
    return hours ? (from, to) => openSeconds(from, to, hours, timeZone, cache) : undefined;
  };
}

/** Fits a new scenario from the read log on the document's active scenario, with the plots of every fit. */
export async function calibrate(params: { xml: string; mapping: MappingChoice; scenarioName: string; language?: string; firstResponse?: string }): Promise<CalibrationView> {
  const { graph, document } = await model(params.xml);
  const log = heldLog();
  // The scenario Leanflow makes up for a file without one is shown (and stored by the first edit) in the studio's language.
  const scenarios = document.scenarioSource === 'default' ? document.scenarios.map((s) => localizeDefaultScenario(s, params.language ?? 'en')) : document.scenarios;
  const base = scenarios.find((s) => s.id === document.activeScenarioId) ?? scenarios[0];
  if (!base) throw new Error('The process has no scenario to calibrate.');
  // Weekday and hour of the profile and working hours in the zone the log was read in (the team's local time).
  const timeZone = held?.options?.timeZone ?? 'UTC';
  const result = calibrateScenario(graph, base, log, { timeZone, mapping: overridesOf(params.mapping), scenarioName: params.scenarioName, existingIds: document.scenarios.map((s) => s.id), ...(params.firstResponse ? { firstResponse: params.firstResponse } : {}) });
  const samples = taskSamples(log, result.mapping.mapping, workingSpans(graph, result, timeZone));
  const plots: Record<string, ReturnType<typeof fitPlot>> = {};
  for (const task of result.tasks) plots[task.taskId] = fitPlot(samples.get(task.taskId) ?? [], task.fit.chosen);
  let arrivalPlot: ReturnType<typeof fitPlot> | undefined;
  const arrival = result.arrivals[0];
  if (arrival) {
    const times = [...groupCases(log).values()].map((events) => events.reduce((a, e) => Math.min(a, e.enabled ?? e.start ?? e.end), Infinity)).sort((a, b) => a - b);
    arrivalPlot = fitPlot(times.slice(1).map((t, i) => (t - times[i]!) / 1000), arrival.exponential);
  }
  const { nodes, flowLabels, flowTargets } = describeElements(graph);
  return {
    result,
    plots,
    ...(arrivalPlot ? { arrivalPlot } : {}),
    flowLabels,
    flowTargets,
    nodes,
    scenarios,
    ...(document.activeScenarioId ? { activeScenarioId: document.activeScenarioId } : {}),
    baseScenarioName: base.name,
  };
}

/**
 * The document's XML with the calibrated scenario added and active (the file's own scenarios kept), for a simulation
 * run of it before it is applied.
 */
export async function scenarioXml(params: { xml: string; scenario: Scenario; scenarios: readonly Scenario[] }): Promise<string> {
  const kept = params.scenarios.filter((s) => s.id !== params.scenario.id);
  const saved = await saveScenariosToXml(params.xml, [...kept, params.scenario], { activeScenarioId: params.scenario.id });
  if (!saved.xml) throw new Error(saved.issues[0]?.message ?? 'The calibrated scenario cannot be written into the process.');
  return saved.xml;
}

/** Replays the read log on the document's model with the mapping (token replay). */
export async function conformance(params: { xml: string; mapping: MappingChoice }): Promise<ConformanceView> {
  const { graph } = await model(params.xml);
  const mapping = mapActivities(graph, activityCounts(heldLog()), overridesOf(params.mapping));
  return { replay: replayLog(graph, heldLog(), mapping.mapping), mapped: Object.keys(mapping.mapping).length, nodes: describeElements(graph).nodes };
}

/**
 * Reads a second log the way the first was read (same columns, zone and date order) and compares the two with
 * bootstrap intervals: before = the first log, after = this one. Activities mapped to one task are one waiting row.
 */
export async function compareWith(params: { file: Blob; fileName: string; mapping?: MappingChoice; taskNames?: Readonly<Record<string, string>>; firstResponse?: string; targetSeconds?: number; resamples?: number }): Promise<LogComparisonView> {
  const first = heldLog();
  const bytes = await gunzipIfNeeded(new Uint8Array(await params.file.arrayBuffer()));
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const name = params.fileName.toLowerCase().replace(/\.gz$/, '');
  const format = name.endsWith('.xes') || /^\s*<(\?xml|log[\s>])/.test(text) ? 'xes' : 'csv';
  const options = held?.options ?? {};
  let other: EventLog;
  try {
    other = await readLogChunked(text, format, {
      ...(format === 'csv' && options.columns ? { columns: options.columns } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    });
  } catch (error) {
    problem(error);
  }
  const activityKeys: Record<string, string> = {};
  for (const [activity, taskId] of Object.entries(params.mapping ?? {})) if (taskId) activityKeys[activity] = taskId;
  const comparison = compareEventLogs(first, other, {
    activityKeys,
    ...(params.taskNames ? { keyNames: params.taskNames } : {}),
    // Mapped to a task, every activity of that task counts as the response (the core keys activities alike).
    ...(params.firstResponse ? { firstResponseActivities: [params.firstResponse] } : {}),
    ...(params.targetSeconds !== undefined ? { firstResponseTargetSeconds: params.targetSeconds } : {}),
    ...(params.resamples !== undefined ? { resamples: params.resamples } : {}),
  });
  return { before: held?.fileName ?? '', after: params.fileName, comparison, keyNames: { ...params.taskNames } };
}

/** Forgets the open log (the worker's memory). */
export function closeLog(): void {
  held = undefined;
}

export const EVENT_LOG_HANDLERS = {
  open: openLog,
  read: readLog,
  propose: proposeMapping,
  calibrate,
  conformance,
  scenarioXml,
  compareWith,
  close: closeLog,
};

// BIMP / QBP simulation parameters (`qbp:processSimulationInfo`) <-> Leanflow scenarios.
// QBP facts: times are in seconds; EXPONENTIAL arg1 = mean; GAMMA and LOGNORMAL: mean and arg1 = variance;
// TRIANGULAR mean = mode, arg1 = min, arg2 = max; UNIFORM arg1 = min, arg2 = max; NORMAL mean, arg1 = sd;
// FIXED mean. Timetable rules are weekly, fromTime included and toTime excluded.
import type { FlowNode, ModelIssue, ProcessGraph } from './graph.ts';
import { gammaFunction } from './distribution.ts';
import { quoteName, secondsTo, tidy, type ImportReport, type ImportResult } from './import-report.ts';
import { parseBpmn, type BpmnParseResult } from './parse.ts';
import { SECONDS_PER_UNIT, ScenarioSchema, WEEKDAYS, type Calendar, type Distribution, type Scenario, type ScenarioInput, type TimeUnit, type Weekday, type WorkingHours } from './scenario.ts';
import { isActivity } from './scenario-validate.ts';
import { serializeBpmn } from './scenario-store.ts';
import { attribute, childElements, descendants, escapeXml, parseXmlTree, textContent, type XmlElement } from './xml-tree.ts';
import { isType, many, type ModdleElement } from './moddle.ts';

/** The QBP namespace BIMP and Apromore write. */
export const QBP_NAMESPACE_URI = 'http://www.qbp-simulator.com/Schema201212';

const QBP_WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const QBP_TIME_UNITS: Readonly<Record<string, TimeUnit>> = { seconds: 's', minutes: 'min', hours: 'h', days: 'd' };
const QBP_UNIT_NAMES: Readonly<Record<TimeUnit, string>> = { s: 'seconds', min: 'minutes', h: 'hours', d: 'days' };

function isQbp(element: XmlElement): boolean {
  return element.localName === 'processSimulationInfo' && (element.uri === QBP_NAMESPACE_URI || element.uri.includes('qbp'));
}

/** All `qbp:processSimulationInfo` elements, wherever they are (under definitions or in extension elements). */
export function findQbp(root: XmlElement): XmlElement[] {
  const result: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    if (isQbp(node)) result.push(node);
    else for (const child of childElements(node)) visit(child);
  };
  visit(root);
  return result;
}

/** A QBP number: NaN, empty and absent are all "not given". */
function qbpNumber(element: XmlElement, name: string): number | undefined {
  const raw = attribute(element, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** The first child element with this local name. */
function first(node: XmlElement, localName: string): XmlElement | undefined {
  return childElements(node, localName)[0];
}

interface DistributionResult {
  readonly distribution?: Distribution;
  readonly text: string;
  readonly problem?: string;
}

/** Maps a QBP distribution element (values in seconds) to ours, in the display unit the file names. */
export function qbpToDistribution(element: XmlElement): DistributionResult {
  const type = (attribute(element, 'type') ?? '').toUpperCase();
  const unitElement = first(element, 'timeUnit');
  const unitText = unitElement ? textContent(unitElement).trim().toLowerCase() : '';
  const unit: TimeUnit = QBP_TIME_UNITS[unitText] ?? 's';
  // Apromore writes rawMean/rawArg1/rawArg2 in the display unit; the plain ones are in seconds and win.
  const scale = SECONDS_PER_UNIT[unit];
  const read = (name: 'mean' | 'arg1' | 'arg2') => {
    const seconds = qbpNumber(element, name);
    if (seconds !== undefined) return seconds;
    const raw = qbpNumber(element, `raw${name[0]!.toUpperCase()}${name.slice(1)}`);
    return raw === undefined ? undefined : raw * scale;
  };
  const mean = read('mean');
  const arg1 = read('arg1');
  const arg2 = read('arg2');
  const s = (value: number) => secondsTo(value, unit);
  const text = `${type}(mean ${mean ?? 'NaN'}, arg1 ${arg1 ?? 'NaN'}, arg2 ${arg2 ?? 'NaN'} s)`;
  const missing = (what: string): DistributionResult => ({ text, problem: `${type} needs ${what}, which the file does not give` });
  switch (type) {
    case 'FIXED':
      return mean === undefined ? missing('a mean') : { text, distribution: { type: 'fixed', value: s(mean), unit } };
    case 'EXPONENTIAL': {
      // BIMP puts the mean in arg1; some exports use mean.
      const m = arg1 ?? mean;
      return m === undefined ? missing('arg1 (the mean)') : { text, distribution: { type: 'exponential', mean: s(m), unit } };
    }
    case 'NORMAL':
      return mean === undefined || arg1 === undefined ? missing('a mean and arg1 (the standard deviation)') : { text, distribution: { type: 'normal', mean: s(mean), sd: s(arg1), unit } };
    case 'UNIFORM':
      return arg1 === undefined || arg2 === undefined ? missing('arg1 (minimum) and arg2 (maximum)') : { text, distribution: { type: 'uniform', min: s(arg1), max: s(arg2), unit } };
    case 'TRIANGULAR':
      return mean === undefined || arg1 === undefined || arg2 === undefined
        ? missing('a mean (the mode), arg1 (minimum) and arg2 (maximum)')
        : { text, distribution: { type: 'triangular', min: s(arg1), mode: s(mean), max: s(arg2), unit } };
    case 'LOGNORMAL':
    case 'GAMMA': {
      if (mean === undefined || arg1 === undefined) return missing('a mean and arg1 (the variance)');
      const sd = Math.sqrt(arg1);
      return { text, distribution: { type: type === 'GAMMA' ? 'gamma' : 'lognormal', mean: s(mean), sd: s(sd), unit } };
    }
    case 'HISTOGRAM': {
      const bins = descendants(element, 'histogramData', [element.uri]).map((bin) => {
        const inner = childElements(bin, 'distribution')[0];
        const weight = qbpNumber(bin, 'probability') ?? 0;
        const innerType = inner ? (attribute(inner, 'type') ?? '').toUpperCase() : '';
        if (inner && innerType === 'UNIFORM') return { min: s(qbpNumber(inner, 'arg1') ?? NaN), max: s(qbpNumber(inner, 'arg2') ?? NaN), weight };
        if (inner && innerType === 'FIXED') return { min: s(qbpNumber(inner, 'mean') ?? NaN), max: s(qbpNumber(inner, 'mean') ?? NaN), weight };
        return undefined;
      });
      if (bins.length === 0 || bins.some((b) => b === undefined || !Number.isFinite(b.min) || !Number.isFinite(b.max))) {
        return { text, problem: 'HISTOGRAM bins other than FIXED or UNIFORM are not supported' };
      }
      return { text, distribution: { type: 'empirical', bins: bins as { min: number; max: number; weight: number }[], unit } };
    }
    default:
      return { text, problem: `the distribution type "${type || '(none)'}" is not known` };
  }
}

/** "HH:MM:SS.sss+hh:mm" -> "HH:MM" (23:59:59.999 and 24:00 become 24:00). */
function qbpClock(value: string | undefined): { clock?: string; offsetMinutes: number; exact: boolean } {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec((value ?? '').trim());
  if (!match) return { offsetMinutes: 0, exact: false };
  const [, h, m, sec, ms, zone] = match;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  if (h === '23' && m === '59' && sec === '59') return { clock: '24:00', offsetMinutes, exact: true };
  const exact = (sec === undefined || sec === '00') && (ms === undefined || Number(ms) === 0);
  return { clock: `${h!.padStart(2, '0')}:${m}`, offsetMinutes, exact };
}

/** A UTC offset as an IANA zone (Etc/GMT signs are inverted by definition). */
function offsetZone(offsetMinutes: number): string | undefined {
  if (offsetMinutes === 0) return 'UTC';
  if (offsetMinutes % 60 !== 0) return undefined;
  const hours = offsetMinutes / 60;
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}

function importTimetable(element: XmlElement, report: ImportReport): Calendar {
  const id = attribute(element, 'id') ?? 'timetable';
  const name = attribute(element, 'name') || id;
  const hours: WorkingHours[] = [];
  let offset: number | undefined;
  for (const rule of descendants(element, 'rule', [element.uri])) {
    const fromDay = QBP_WEEKDAYS.indexOf((attribute(rule, 'fromWeekDay') ?? '').toUpperCase() as (typeof QBP_WEEKDAYS)[number]);
    const toDay = QBP_WEEKDAYS.indexOf((attribute(rule, 'toWeekDay') ?? '').toUpperCase() as (typeof QBP_WEEKDAYS)[number]);
    const from = qbpClock(attribute(rule, 'fromTime'));
    const to = qbpClock(attribute(rule, 'toTime'));
    if (fromDay === -1 || toDay === -1 || !from.clock || !to.clock) {
      report.unmapped.push({ code: 'import.qbp.timetableRule', severity: 'warning', message: `A rule of timetable '${name}' has days or times Leanflow cannot read; it was skipped.` });
      continue;
    }
    if (!from.exact || !to.exact) report.unmapped.push({ code: 'import.qbp.seconds', severity: 'info', message: `Timetable '${name}': times were rounded to whole minutes.` });
    offset ??= from.offsetMinutes;
    const days: Weekday[] = [];
    for (let day = fromDay; ; day = (day + 1) % 7) {
      days.push(WEEKDAYS[day]!);
      if (day === toDay) break;
    }
    if (from.clock < to.clock) hours.push({ days, from: from.clock, to: to.clock });
    else {
      // An overnight rule (22:00-06:00) becomes two blocks.
      hours.push({ days, from: from.clock, to: '24:00' });
      if (to.clock !== '00:00') hours.push({ days: days.map((d) => WEEKDAYS[(WEEKDAYS.indexOf(d) + 1) % 7]!), from: '00:00', to: to.clock });
    }
  }
  let timeZone = 'UTC';
  if (offset !== undefined) {
    const zone = offsetZone(offset);
    if (zone) timeZone = zone;
    else report.unmapped.push({ code: 'import.qbp.timeZone', severity: 'warning', message: `Timetable '${name}' uses a UTC offset that is not whole hours; UTC was used.` });
  }
  report.mapped.push(`Timetable '${name}' -> calendar with ${hours.length} working-hour block(s), ${timeZone}`);
  return { id, name, timeZone, hours, holidays: [] };
}

/**
 * Imports BIMP/QBP simulation parameters into a scenario. Accepts the file content or a parse result.
 * Every parameter that could not be mapped is reported; nothing is dropped silently.
 *
 * @example
 * const { scenarios, report } = await importQbp(xml);
 */
export async function importQbp(source: string | BpmnParseResult): Promise<ImportResult> {
  const parsed = typeof source === 'string' ? await parseBpmn(source) : source;
  const report: ImportReport = { mapped: [], unmapped: [] };
  if (!parsed.xmlTree || !parsed.graph) {
    report.unmapped.push(...parsed.issues);
    return { scenarios: [], report };
  }
  const infos = findQbp(parsed.xmlTree);
  const scenarios = infos.map((info, index) => importOne(info, parsed.graph!, report, infos.length > 1 ? index + 1 : undefined));
  return { scenarios, report };
}

function importOne(info: XmlElement, graph: ProcessGraph, report: ImportReport, number: number | undefined): Scenario {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const flows = new Map(graph.flows.map((f) => [f.id, f]));
  const warn = (code: string, message: string, elementId?: string) =>
    report.unmapped.push({ code, severity: 'warning', message, ...(elementId ? { elementId } : {}) });

  const calendars = childElements(first(info, 'timetables') ?? info, 'timetable').map((t) => importTimetable(t, report));
  const defaultTimetable = childElements(first(info, 'timetables') ?? info, 'timetable').find((t) => attribute(t, 'default') === 'true');
  const arrivalCalendarId = defaultTimetable ? attribute(defaultTimetable, 'id') : undefined;

  const unstaffed = new Map<string, string>();
  const pools = childElements(first(info, 'resources') ?? info, 'resource').map((resource) => {
    const id = attribute(resource, 'id') ?? 'resource';
    const name = attribute(resource, 'name') || id;
    const headcount = qbpNumber(resource, 'totalAmount');
    const costPerHour = qbpNumber(resource, 'costPerHour') ?? 0;
    const calendarId = attribute(resource, 'timetableId');
    if (headcount === undefined) warn('import.qbp.resourceAmount', `Resource '${name}' has no totalAmount; 1 was used.`);
    // totalAmount="0" means BIMP never serves the pool's tasks. The pool keeps 0 (same meaning); the remark names
    // the tasks (listed once the elements are read, below) and validation refuses to simulate until it is staffed.
    else if (Math.round(headcount) < 1) unstaffed.set(id, name);
    const people = Math.max(0, Math.round(headcount ?? 1));
    report.mapped.push(`Resource '${name}' -> pool of ${people} at ${costPerHour}/h${calendarId ? `, calendar '${calendarId}'` : ''}`);
    return { id, name, headcount: people, costPerHour, ...(calendarId && calendars.some((c) => c.id === calendarId) ? { calendarId } : {}), laneIds: [] };
  });
  for (const resource of childElements(first(info, 'resources') ?? info, 'resource')) {
    const calendarId = attribute(resource, 'timetableId');
    if (calendarId && !calendars.some((c) => c.id === calendarId)) warn('import.qbp.unknownTimetable', `Resource '${attribute(resource, 'name') ?? attribute(resource, 'id')}' uses the timetable '${calendarId}', which the file does not define; it works around the clock.`);
  }

  const arrivals: ScenarioInput['arrivals'] = {};
  const arrivalElement = first(info, 'arrivalRateDistribution');
  const starts = graph.nodes.filter((n) => n.kind === 'startEvent' && n.parentId === undefined);
  if (arrivalElement) {
    const result = qbpToDistribution(arrivalElement);
    if (!result.distribution) warn('import.qbp.arrival', `The arrival distribution ${result.text} was not imported: ${result.problem}.`);
    else if (starts.length === 0) warn('import.qbp.noStart', 'The process has no start event to attach the QBP arrivals to.');
    else {
      const start = starts[0]!;
      arrivals[start.id] = { interArrival: result.distribution, ...(arrivalCalendarId ? { calendarId: arrivalCalendarId } : {}) };
      report.mapped.push(`Arrivals ${result.text} -> inter-arrival time at ${quoteName(start, start.id)}${arrivalCalendarId ? ` during '${arrivalCalendarId}'` : ''}`);
      if (starts.length > 1) warn('import.qbp.manyStarts', `QBP has one arrival stream; it was attached to ${quoteName(start, start.id)} and the other start events have none.`, start.id);
    }
  } else {
    warn('import.qbp.noArrival', 'The QBP data has no arrivalRateDistribution.');
  }

  const tasks: ScenarioInput['tasks'] = {};
  const events: ScenarioInput['events'] = {};
  for (const element of childElements(first(info, 'elements') ?? info, 'element')) {
    const elementId = attribute(element, 'elementId') ?? '';
    const node = nodes.get(elementId);
    if (!node) {
      warn('import.qbp.unknownElement', `QBP has parameters for '${elementId}', which is not in the diagram; they were skipped.`, elementId);
      continue;
    }
    const durationElement = first(element, 'durationDistribution');
    const result = durationElement ? qbpToDistribution(durationElement) : undefined;
    if (result && !result.distribution) warn('import.qbp.duration', `${quoteName(node, elementId)}: the duration ${result.text} was not imported: ${result.problem}.`, elementId);
    const resourceIds = descendants(element, 'resourceId', [element.uri]).map((r) => textContent(r).trim()).filter(Boolean);
    if (isActivity(node)) {
      const poolId = resourceIds.find((id) => pools.some((p) => p.id === id));
      if (resourceIds.length > 1) warn('import.qbp.manyResources', `${quoteName(node, elementId)} lists ${resourceIds.length} resources; Leanflow uses one pool per task, '${poolId}'.`, elementId);
      for (const id of resourceIds) if (!pools.some((p) => p.id === id)) warn('import.qbp.unknownResource', `${quoteName(node, elementId)} uses the resource '${id}', which the file does not define.`, elementId);
      tasks[elementId] = { ...(result?.distribution ? { duration: result.distribution } : {}), ...(poolId ? { poolId } : {}), ...(!poolId ? { automated: true } : {}) };
      report.mapped.push(`${quoteName(node, elementId)}: duration ${result?.text ?? '(none)'}${poolId ? `, resource '${poolId}'` : ', no resource (automated)'}`);
    } else if (result?.distribution) {
      events[elementId] = { duration: result.distribution };
      report.mapped.push(`${quoteName(node, elementId)}: waiting time ${result.text}`);
    }
  }

  for (const [poolId, poolName] of unstaffed) {
    const served = Object.entries(tasks).filter(([, t]) => t.poolId === poolId).map(([id]) => quoteName(nodes.get(id), id));
    report.unmapped.push({
      code: 'import.qbp.resourceUnstaffed',
      severity: 'warning',
      message: `Resource '${poolName}' has totalAmount="0": nobody serves ${served.length ? `its tasks (${served.join(', ')}), so they can never be served` : 'it; no task uses it'}. The pool keeps headcount 0${served.length ? ' and the simulation will not run until you give it at least one person' : ''}.`,
    });
  }

  const gateways: Record<string, { probabilities: Record<string, number> }> = {};
  for (const flowElement of childElements(first(info, 'sequenceFlows') ?? info, 'sequenceFlow')) {
    const flowId = attribute(flowElement, 'elementId') ?? '';
    const probability = qbpNumber(flowElement, 'executionProbability');
    const flow = flows.get(flowId);
    const source = flow ? nodes.get(flow.sourceId) : undefined;
    if (!flow || probability === undefined) {
      warn('import.qbp.flow', `The branch probability for '${flowId}' was skipped: ${!flow ? 'no such sequence flow' : 'no executionProbability'}.`, flowId);
      continue;
    }
    if (!source || !isDecision(source)) {
      warn('import.qbp.flowSource', `The branch probability ${probability} on '${flow.name ?? flowId}' was skipped: it does not leave an exclusive or inclusive gateway.`, flowId);
      continue;
    }
    (gateways[source.id] ??= { probabilities: {} }).probabilities[flowId] = probability;
    report.mapped.push(`Branch ${quoteName(flow, flowId)} of ${quoteName(source, source.id)}: probability ${probability}`);
  }

  if (first(info, 'statsOptions')) {
    warn('import.qbp.statsOptions', 'QBP statistics options (trimming of the first and last cases) have no Leanflow equivalent; use the warm-up instead.');
  }
  // Anything else in the QBP block is named, not dropped silently.
  const known = new Set(['arrivalRateDistribution', 'timetables', 'resources', 'elements', 'sequenceFlows', 'statsOptions']);
  for (const child of childElements(info)) {
    if (!known.has(child.localName)) warn('import.qbp.unknownPart', `The QBP element <${child.localName}> is not known to Leanflow and was not imported.`);
  }

  const cases = qbpNumber(info, 'processInstances');
  const startDateTime = attribute(info, 'startDateTime');
  const currency = attribute(info, 'currency');
  if (cases !== undefined) report.mapped.push(`processInstances ${cases} -> ${cases} cases`);
  const scenario = ScenarioSchema.safeParse({
    id: number ? `qbp-${number}` : 'qbp',
    name: number ? `Imported from BIMP (${number})` : 'Imported from BIMP',
    description: 'Imported from BIMP/QBP simulation parameters.',
    ...(cases !== undefined && cases >= 1 ? { cases: Math.round(cases) } : {}),
    ...(startDateTime && !Number.isNaN(Date.parse(startDateTime)) ? { startTime: new Date(startDateTime).toISOString() } : {}),
    ...(currency ? { currency } : {}),
    calendars,
    pools,
    arrivals,
    tasks,
    gateways,
    events,
  });
  if (scenario.success) return scenario.data;
  // Impossible values in the file (e.g. a negative mean): keep what is valid and say what was not.
  for (const issue of scenario.error.issues) {
    warn('import.qbp.invalid', `An imported value is not valid and was dropped (${issue.path.join('.')}): ${issue.message}`);
  }
  const invalidKeys = new Set(scenario.error.issues.map((i) => `${String(i.path[0])}.${String(i.path[1])}`));
  const keep = <T>(section: string, record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([key]) => !invalidKeys.has(`${section}.${key}`)));
  return ScenarioSchema.parse({
    id: number ? `qbp-${number}` : 'qbp',
    name: number ? `Imported from BIMP (${number})` : 'Imported from BIMP',
    calendars: calendars.filter((_, i) => !invalidKeys.has(`calendars.${i}`)),
    pools: pools.filter((_, i) => !invalidKeys.has(`pools.${i}`)),
    arrivals: keep('arrivals', arrivals),
    tasks: keep('tasks', tasks),
    gateways: keep('gateways', gateways),
    events: keep('events', events),
  });
}

function isDecision(node: FlowNode): boolean {
  return node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway' || node.kind === 'complexGateway';
}

// ---------------------------------------------------------------------------------------------------------
// Export

interface QbpDistribution {
  readonly type: string;
  readonly mean: number;
  readonly arg1: number;
  readonly arg2: number;
  readonly unit: TimeUnit;
  readonly bins?: readonly { probability: number; min: number; max: number }[];
}

/** Maps one of our distributions to QBP (seconds). Erlang and Weibull become GAMMA with the same mean and variance. */
export function distributionToQbp(distribution: Distribution): { qbp: QbpDistribution; approximated?: string } {
  const scale = SECONDS_PER_UNIT[distribution.unit];
  const s = (value: number) => tidy(value * scale);
  const base = { arg1: NaN, arg2: NaN, mean: NaN, unit: distribution.unit };
  switch (distribution.type) {
    case 'fixed':
      return { qbp: { ...base, type: 'FIXED', mean: s(distribution.value) } };
    case 'uniform':
      return { qbp: { ...base, type: 'UNIFORM', arg1: s(distribution.min), arg2: s(distribution.max) } };
    case 'triangular':
      return { qbp: { ...base, type: 'TRIANGULAR', mean: s(distribution.mode), arg1: s(distribution.min), arg2: s(distribution.max) } };
    case 'exponential':
      return { qbp: { ...base, type: 'EXPONENTIAL', arg1: s(distribution.mean) } };
    case 'normal':
      return { qbp: { ...base, type: 'NORMAL', mean: s(distribution.mean), arg1: s(distribution.sd) } };
    case 'lognormal':
      return { qbp: { ...base, type: 'LOGNORMAL', mean: s(distribution.mean), arg1: tidy(s(distribution.sd) ** 2) } };
    case 'gamma':
      return { qbp: { ...base, type: 'GAMMA', mean: s(distribution.mean), arg1: tidy(s(distribution.sd) ** 2) } };
    case 'erlang': {
      const mean = s(distribution.mean);
      return { qbp: { ...base, type: 'GAMMA', mean, arg1: tidy((mean * mean) / distribution.k) }, approximated: `Erlang(k=${distribution.k}) was written as the GAMMA distribution it is` };
    }
    case 'weibull': {
      const mean = distribution.scale * gammaFunction(1 + 1 / distribution.shape);
      const variance = distribution.scale ** 2 * (gammaFunction(1 + 2 / distribution.shape) - gammaFunction(1 + 1 / distribution.shape) ** 2);
      return { qbp: { ...base, type: 'GAMMA', mean: tidy(mean * scale), arg1: tidy(variance * scale * scale) }, approximated: 'QBP has no Weibull distribution; it was written as a GAMMA with the same mean and variance' };
    }
    case 'empirical': {
      const total = distribution.bins.reduce((sum, b) => sum + b.weight, 0);
      return {
        qbp: { ...base, type: 'HISTOGRAM', bins: distribution.bins.map((b) => ({ probability: tidy(b.weight / total), min: s(b.min), max: s(b.max) })) },
        approximated: 'HISTOGRAM is read by Apromore but not by the original BIMP',
      };
    }
  }
}

const fmt = (value: number) => (Number.isNaN(value) ? 'NaN' : String(value));

function distributionXml(tag: string, d: QbpDistribution, indent: string): string {
  const open = `${indent}<qbp:${tag} type="${d.type}" mean="${fmt(d.mean)}" arg1="${fmt(d.arg1)}" arg2="${fmt(d.arg2)}">`;
  const bins = d.bins
    ? `\n${indent}  <qbp:histogramDataBins>\n${d.bins
        .map((b) => {
          const inner = b.min === b.max ? `type="FIXED" mean="${b.min}" arg1="NaN" arg2="NaN"` : `type="UNIFORM" mean="NaN" arg1="${b.min}" arg2="${b.max}"`;
          return `${indent}    <qbp:histogramData probability="${b.probability}">\n${indent}      <qbp:distribution ${inner} />\n${indent}    </qbp:histogramData>`;
        })
        .join('\n')}\n${indent}  </qbp:histogramDataBins>`
    : '';
  return `${open}\n${indent}  <qbp:timeUnit>${QBP_UNIT_NAMES[d.unit]}</qbp:timeUnit>${bins}\n${indent}</qbp:${tag}>`;
}

function clockToQbp(clock: string): string {
  return clock === '24:00' ? '23:59:59.999+00:00' : `${clock}:00.000+00:00`;
}

/** Consecutive runs of weekdays: [mon,tue,wed,fri] -> [[mon,wed],[fri,fri]]. */
function dayRuns(days: readonly Weekday[]): [Weekday, Weekday][] {
  const sorted = [...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
  const runs: [Weekday, Weekday][] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && WEEKDAYS.indexOf(day) === WEEKDAYS.indexOf(last[1]) + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

const ALWAYS_ID = 'LEANFLOW_24_7';

function timetableXml(id: string, name: string, hours: readonly WorkingHours[], isDefault: boolean): string {
  const rules = (hours.length ? hours : [{ days: [...WEEKDAYS], from: '00:00', to: '24:00' }]).flatMap((h) =>
    dayRuns(h.days).map(
      ([from, to]) =>
        `          <qbp:rule fromTime="${clockToQbp(h.from)}" toTime="${clockToQbp(h.to)}" fromWeekDay="${QBP_WEEKDAYS[WEEKDAYS.indexOf(from)]}" toWeekDay="${QBP_WEEKDAYS[WEEKDAYS.indexOf(to)]}" />`,
    ),
  );
  return `      <qbp:timetable id="${escapeXml(id)}"${isDefault ? ' default="true"' : ''} name="${escapeXml(name)}">\n        <qbp:rules>\n${rules.join('\n')}\n        </qbp:rules>\n      </qbp:timetable>`;
}

/** Cases a week of a weekly arrival profile. */
function weeklyProfileCases(periods: readonly { days: readonly string[]; from: string; to: string; casesPerHour: number }[]): number {
  const hours = (text: string) => Number(text.slice(0, 2)) + Number(text.slice(3)) / 60;
  return periods.reduce((a, p) => a + p.days.length * (hours(p.to) - hours(p.from)) * p.casesPerHour, 0);
}

/** Builds the `qbp:processSimulationInfo` element for a scenario. */
export function scenarioToQbpXml(input: ScenarioInput, graph: ProcessGraph): { xml: string; report: ImportReport } {
  const scenario = ScenarioSchema.parse(input);
  const report: ImportReport = { mapped: [], unmapped: [] };
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const warn = (code: string, message: string, elementId?: string) => report.unmapped.push({ code, severity: 'warning', message, ...(elementId ? { elementId } : {}) });

  const arrivalEntries = Object.entries(scenario.arrivals);
  const [arrivalId, arrival] = arrivalEntries[0] ?? [];
  if (arrivalEntries.length > 1) warn('export.qbp.manyArrivals', `QBP has one arrival stream; only the arrivals at ${quoteName(nodes.get(arrivalId!), arrivalId!)} were exported.`);
  if (!arrival) warn('export.qbp.noArrivals', 'The scenario has no arrivals; BIMP needs an arrival distribution.');
  for (const calendar of scenario.calendars) {
    if (calendar.timeZone !== 'UTC') warn('export.qbp.timeZone', `Calendar '${calendar.name}' is in ${calendar.timeZone}; QBP timetables were written as UTC clock times.`);
    if (calendar.holidays.length) warn('export.qbp.holidays', `Calendar '${calendar.name}' has holidays; QBP timetables are weekly and cannot hold them.`);
  }

  const calendarIds = new Set(scenario.calendars.map((c) => c.id));
  // A calendar id the scenario does not define would dangle in the export: such pools work around the clock.
  const timetableOf = (calendarId: string | undefined) => (calendarId !== undefined && calendarIds.has(calendarId) ? calendarId : ALWAYS_ID);
  const defaultCalendarId = arrival?.profile ? ALWAYS_ID : timetableOf(arrival?.calendarId);

  // Tasks without a pool (automated) still need a resource in BIMP: an ample, free one.
  const poolOfLane = new Map<string, string>();
  for (const pool of scenario.pools) for (const laneId of pool.laneIds) if (!poolOfLane.has(laneId)) poolOfLane.set(laneId, pool.id);
  const lanes = new Map(graph.lanes.map((l) => [l.id, l]));
  const poolIds = new Set(scenario.pools.map((p) => p.id));
  const poolFor = (node: FlowNode | undefined, poolId: string | undefined): string | undefined => {
    if (poolId && poolIds.has(poolId)) return poolId;
    for (let lane = node?.laneId ? lanes.get(node.laneId) : undefined; lane; lane = lane.parentLaneId ? lanes.get(lane.parentLaneId) : undefined) {
      const found = poolOfLane.get(lane.id);
      if (found) return found;
    }
    return undefined;
  };
  const SYSTEM = 'LEANFLOW_SYSTEM';
  let needsSystem = false;
  const elements: string[] = [];
  // Parameters of elements the diagram does not have would point nowhere in BIMP: skipped, and said so.
  const skipMissing = (id: string) => {
    if (nodes.has(id)) return false;
    warn('export.qbp.unknownElement', `The scenario has parameters for '${id}', which is not in the diagram; they were not exported.`, id);
    return true;
  };
  for (const [id, task] of Object.entries(scenario.tasks)) {
    if (skipMissing(id)) continue;
    const node = nodes.get(id);
    if (task.poolId && !poolIds.has(task.poolId)) warn('export.qbp.unknownPool', `${quoteName(node, id)} uses the pool '${task.poolId}', which the scenario does not define; it was exported without it.`, id);
    if (!task.duration) {
      warn('export.qbp.noDuration', `${quoteName(node, id)} has no duration; BIMP needs one, so 0 s was written.`, id);
    }
    const { qbp, approximated } = task.duration ? distributionToQbp(task.duration) : { qbp: { type: 'FIXED', mean: 0, arg1: NaN, arg2: NaN, unit: 's' as TimeUnit } };
    if (approximated) warn('export.qbp.approximated', `${quoteName(node, id)}: ${approximated}.`, id);
    let resource = task.automated ? undefined : poolFor(node, task.poolId);
    if (!resource) {
      needsSystem = true;
      resource = SYSTEM;
    }
    if (task.fixedCost > 0) warn('export.qbp.fixedCost', `${quoteName(node, id)} has a fixed cost of ${task.fixedCost}; QBP has no fixed costs per task.`, id);
    if (task.loopCount || task.instanceCount) warn('export.qbp.loops', `${quoteName(node, id)}: QBP has no loop or instance counts.`, id);
    elements.push(
      `      <qbp:element id="qbp_${escapeXml(id)}" elementId="${escapeXml(id)}">\n${distributionXml('durationDistribution', qbp, '        ')}\n        <qbp:resourceIds>\n          <qbp:resourceId>${escapeXml(resource)}</qbp:resourceId>\n        </qbp:resourceIds>\n      </qbp:element>`,
    );
    report.mapped.push(`${quoteName(node, id)}: ${qbp.type} duration, resource '${resource}'`);
  }
  for (const [id, event] of Object.entries(scenario.events)) {
    if (skipMissing(id)) continue;
    const { qbp, approximated } = distributionToQbp(event.duration);
    if (approximated) warn('export.qbp.approximated', `${quoteName(nodes.get(id), id)}: ${approximated}.`, id);
    elements.push(`      <qbp:element id="qbp_${escapeXml(id)}" elementId="${escapeXml(id)}">\n${distributionXml('durationDistribution', qbp, '        ')}\n      </qbp:element>`);
    report.mapped.push(`${quoteName(nodes.get(id), id)}: ${qbp.type} waiting time`);
  }

  const resources = scenario.pools.map(
    (p) => `      <qbp:resource id="${escapeXml(p.id)}" name="${escapeXml(p.name)}" totalAmount="${p.headcount}" costPerHour="${p.costPerHour}" timetableId="${escapeXml(p.shifts ? ALWAYS_ID : timetableOf(p.calendarId))}" />`,
  );
  // The 24/7 timetable is written whenever anything points at it: the arrivals, a pool without a calendar, or the
  // system resource of automated tasks (BIMP rejects "Specified timetable not found" otherwise).
  const needsAlways = defaultCalendarId === ALWAYS_ID || needsSystem || scenario.pools.some((p) => p.shifts !== undefined || timetableOf(p.calendarId) === ALWAYS_ID);
  const timetables = [
    ...scenario.calendars.map((c) => timetableXml(c.id, c.name, c.hours, c.id === defaultCalendarId)),
    ...(needsAlways ? [timetableXml(ALWAYS_ID, 'Around the clock', [], defaultCalendarId === ALWAYS_ID)] : []),
  ];
  if (needsSystem) {
    resources.push(`      <qbp:resource id="${SYSTEM}" name="System (automated tasks)" totalAmount="1000" costPerHour="0" timetableId="${ALWAYS_ID}" />`);
    warn('export.qbp.system', 'Automated tasks and tasks without a pool use a resource "System (automated tasks)" with 1000 units, because BIMP needs a resource for every task.');
  }
  for (const p of scenario.pools) report.mapped.push(`Pool '${p.name}': totalAmount ${p.headcount}, costPerHour ${p.costPerHour}`);

  const flows: string[] = [];
  for (const [gatewayId, gateway] of Object.entries(scenario.gateways)) {
    const graphFlows = new Set(graph.flows.map((f) => f.id));
    for (const [flowId, probability] of Object.entries(gateway.probabilities)) {
      if (!graphFlows.has(flowId)) {
        warn('export.qbp.unknownFlow', `The branch probability for '${flowId}' was not exported: the diagram has no such sequence flow.`, flowId);
        continue;
      }
      flows.push(`      <qbp:sequenceFlow elementId="${escapeXml(flowId)}" executionProbability="${probability}" />`);
    }
    report.mapped.push(`Gateway ${quoteName(nodes.get(gatewayId), gatewayId)}: ${Object.keys(gateway.probabilities).length} branch probabilities`);
  }
  // What QBP cannot hold (one kind of case, constant rates and headcounts, one pool per person) is reported.
  if (scenario.caseTypes?.length)
    warn(
      'export.qbp.caseTypes',
      `QBP has one kind of case: the case types (${scenario.caseTypes.map((t) => `${t.name} ${Math.round(t.share * 100)}%, priority ${t.priority}`).join('; ')}) and what they change were not exported; the scenario's own durations and probabilities were.`,
    );
  if (scenario.queueDiscipline === 'preemptive') warn('export.qbp.preemptive', 'QBP serves queues first come first served: the preemptive queue discipline was not exported.');
  for (const pool of scenario.pools)
    if (pool.shifts)
      warn('export.qbp.shifts', `Pool '${pool.name}' has a shift plan; QBP has one amount per resource, so it was exported with its peak of ${pool.headcount} people around the clock.`);
  if (scenario.people?.length)
    warn('export.qbp.people', `QBP resources are separate: the people who work in several pools (${scenario.people.map((p) => p.name).join(', ')}) were not exported.`);
  if (scenario.horizon) warn('export.qbp.horizon', 'QBP stops after a number of cases, not after a time; processInstances was set from the case count.');
  if (scenario.warmUp) warn('export.qbp.warmUp', 'QBP has no warm-up period; its statsOptions trimming is the closest equivalent.');

  // A weekly profile becomes its average rate (exponential gaps): QBP has one arrival rate.
  const profileCases = arrival?.profile ? weeklyProfileCases(arrival.profile.periods) : 0;
  if (arrival?.profile)
    warn('export.qbp.arrivalProfile', `The arrivals follow a weekly profile (${Math.round(profileCases)} cases a week); QBP has one arrival rate, so they were exported as its average: exponential, a case every ${(604800 / Math.max(profileCases, 1e-9) / 60).toFixed(1)} min around the clock.`);
  const arrivalXml = arrival ? distributionToQbp(arrival.profile && profileCases > 0 ? { type: 'exponential', mean: 604800 / profileCases, unit: 's' } : arrival.interArrival) : undefined;
  if (arrivalXml?.approximated) warn('export.qbp.approximated', `Arrivals: ${arrivalXml.approximated}.`);
  if (arrivalXml) report.mapped.push(`Arrivals: ${arrivalXml.qbp.type} inter-arrival time`);
  report.mapped.push(`${scenario.cases} cases -> processInstances`);

  const xml = [
    `<qbp:processSimulationInfo xmlns:qbp="${QBP_NAMESPACE_URI}" id="qbp_${escapeXml(scenario.id)}" processInstances="${scenario.cases}" startDateTime="${escapeXml(scenario.startTime)}" currency="${escapeXml(scenario.currency)}">`,
    arrivalXml ? distributionXml('arrivalRateDistribution', arrivalXml.qbp, '    ') : '',
    `    <qbp:timetables>\n${timetables.join('\n')}\n    </qbp:timetables>`,
    `    <qbp:resources>\n${resources.join('\n')}\n    </qbp:resources>`,
    `    <qbp:elements>\n${elements.join('\n')}\n    </qbp:elements>`,
    `    <qbp:sequenceFlows>\n${flows.join('\n')}\n    </qbp:sequenceFlows>`,
    '  </qbp:processSimulationInfo>',
  ]
    .filter(Boolean)
    .join('\n');
  return { xml, report };
}

/**
 * References inside a `qbp:processSimulationInfo` that point nowhere: a resource's `timetableId`, an element's
 * `resourceId`, an `elementId` not in the diagram, a flow not in the diagram, and no default timetable. BIMP refuses
 * such a file ("Specified timetable not found"); `exportQbp` checks its own output with this.
 *
 * @example
 * const dangling = findQbpDanglingReferences(findQbp(tree)[0]!, graph);
 */
export function findQbpDanglingReferences(info: XmlElement, graph: ProcessGraph): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const dangling = (message: string, elementId?: string) => issues.push({ code: 'qbp.danglingReference', severity: 'error', message, ...(elementId ? { elementId } : {}) });
  const timetables = descendants(info, 'timetable', [info.uri]);
  const timetableIds = new Set(timetables.map((t) => attribute(t, 'id')));
  const resources = descendants(info, 'resource', [info.uri]);
  const resourceIds = new Set(resources.map((r) => attribute(r, 'id')));
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const flowIds = new Set(graph.flows.map((f) => f.id));
  if (timetables.length > 0 && !timetables.some((t) => attribute(t, 'default') === 'true')) dangling('No QBP timetable is marked default="true".');
  for (const resource of resources) {
    const timetableId = attribute(resource, 'timetableId');
    if (timetableId !== undefined && !timetableIds.has(timetableId)) dangling(`qbp:resource '${attribute(resource, 'id')}', attribute timetableId: the timetable '${timetableId}' is not defined.`);
  }
  for (const element of descendants(info, 'element', [info.uri])) {
    const elementId = attribute(element, 'elementId') ?? '';
    if (!nodeIds.has(elementId)) dangling(`qbp:element '${attribute(element, 'id')}', attribute elementId: '${elementId}' is not in the diagram.`, elementId);
    for (const ref of descendants(element, 'resourceId', [info.uri])) {
      const id = textContent(ref).trim();
      if (!resourceIds.has(id)) dangling(`qbp:element '${attribute(element, 'id')}', resourceId: the resource '${id}' is not defined.`, elementId);
    }
  }
  for (const flow of descendants(info, 'sequenceFlow', [info.uri])) {
    const elementId = attribute(flow, 'elementId') ?? '';
    if (!flowIds.has(elementId)) dangling(`qbp:sequenceFlow, attribute elementId: '${elementId}' is not a sequence flow of the diagram.`, elementId);
  }
  return issues;
}

/** Removes every qbp:processSimulationInfo the file had (under definitions or in extension elements). */
function removeQbp(definitions: ModdleElement): void {
  const isQbpElement = (e: ModdleElement) => /(^|:)processSimulationInfo$/.test(e.$type);
  definitions.set('rootElements', many(definitions, 'rootElements').filter((e) => !isQbpElement(e)));
  for (const root of many(definitions, 'rootElements')) {
    if (!isType(root, 'bpmn:Process') && !isType(root, 'bpmn:Collaboration')) continue;
    const extensions = root['extensionElements'] as ModdleElement | undefined;
    if (extensions) extensions.set('values', many(extensions, 'values').filter((e) => !isQbpElement(e)));
  }
}

/**
 * Writes a scenario into the file as `qbp:processSimulationInfo` (a direct child of `definitions`, where BIMP
 * reads it), replacing any QBP data the file had, so the model runs in BIMP or Apromore. Everything else is kept.
 *
 * @example
 * const { xml, report } = await exportQbp(original, scenario);
 */
export async function exportQbp(xml: string, scenario: ScenarioInput): Promise<{ xml?: string; report: ImportReport; issues: readonly ModelIssue[] }> {
  const parsed = await parseBpmn(xml);
  if (!parsed.definitions || !parsed.moddle || !parsed.graph) return { report: { mapped: [], unmapped: [] }, issues: parsed.issues };
  const { xml: qbpXml, report } = scenarioToQbpXml(scenario, parsed.graph);
  removeQbp(parsed.definitions);
  const serialized = await serializeBpmn(parsed.moddle, parsed.definitions);
  const close = serialized.lastIndexOf('</');
  const out = `${serialized.slice(0, close)}  ${qbpXml}\n${serialized.slice(close)}`;
  // Our own output is checked: a dangling reference would be our bug, but BIMP would reject the file.
  const tree = parseXmlTree(out);
  const dangling = tree.ok ? findQbp(tree.root).flatMap((info) => findQbpDanglingReferences(info, parsed.graph!)) : [];
  return { xml: out, report, issues: [...parsed.issues, ...dangling] };
}

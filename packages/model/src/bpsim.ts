// BPSim 1.0 / 2.0 (`bpsim:BPSimData`) -> Leanflow scenarios. Scenario inheritance is resolved parameter by
// parameter; values are read in the scenario's baseTimeUnit; whatever has no Leanflow equivalent is reported.
import type { FlowNode, ModelIssue, ProcessGraph } from './graph.ts';
import { quoteName, tidy, type ImportReport, type ImportResult } from './import-report.ts';
import { parseBpmn, type BpmnParseResult } from './parse.ts';
import { ScenarioSchema, WEEKDAYS, type Calendar, type Distribution, type ResourcePool, type Scenario, type ScenarioInput, type TimeUnit, type Weekday, type WorkingHours } from './scenario.ts';
import { isActivity, isoDurationToSeconds } from './scenario-validate.ts';
import { distributionMean } from './distribution.ts';
import { attribute, childElements, textContent, type XmlElement } from './xml-tree.ts';

export const BPSIM_NAMESPACE_URIS = ['http://www.bpsim.org/schemas/2.0', 'http://www.bpsim.org/schemas/1.0'] as const;

/** BPSim's default baseTimeUnit when a scenario does not name one. */
export const BPSIM_DEFAULT_TIME_UNIT = 's';

/** BPSim time units -> ours, with a factor for the ones we do not have (ms, year). */
const BPSIM_UNITS: Readonly<Record<string, { unit: TimeUnit; factor: number }>> = {
  ms: { unit: 's', factor: 0.001 },
  s: { unit: 's', factor: 1 },
  min: { unit: 'min', factor: 1 },
  hour: { unit: 'h', factor: 1 },
  day: { unit: 'd', factor: 1 },
  year: { unit: 'd', factor: 365 },
};

/** Headcount standing in for "no resource constraint" when a scenario defines no resources but tasks sit in lanes. */
export const UNLIMITED_HEADCOUNT = 100_000;

const isBpsim = (element: XmlElement) => (BPSIM_NAMESPACE_URIS as readonly string[]).includes(element.uri);

function findAll(root: XmlElement, localName: string): XmlElement[] {
  const result: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    for (const child of childElements(node)) {
      if (child.localName === localName && isBpsim(child)) result.push(child);
      else visit(child);
    }
  };
  visit(root);
  return result;
}

/** A parameter "has a value" when it holds something other than result requests. */
function valueChildren(parameter: XmlElement): XmlElement[] {
  return childElements(parameter).filter((c) => c.localName !== 'ResultRequest');
}

interface ResolvedScenario {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Merged ScenarioParameters attributes, child wins. */
  readonly attributes: Map<string, string>;
  /** Merged ScenarioParameters children (Start, Duration, Warmup...), child wins. */
  readonly settings: Map<string, XmlElement>;
  /** elementRef -> "Group/Parameter" -> parameter element (child scenarios override per parameter). */
  readonly parameters: Map<string, Map<string, XmlElement>>;
  readonly calendars: Map<string, XmlElement>;
  resultRequests: number;
}

function resolveScenarios(data: XmlElement, report: ImportReport): ResolvedScenario[] {
  const raw = childElements(data, 'Scenario').filter(isBpsim);
  const byId = new Map(raw.map((s) => [attribute(s, 'id') ?? '', s]));
  const chainOf = (scenario: XmlElement): XmlElement[] => {
    const chain: XmlElement[] = [];
    const seen = new Set<string>();
    for (let current: XmlElement | undefined = scenario; current; ) {
      const id = attribute(current, 'id') ?? '';
      if (seen.has(id)) {
        report.unmapped.push({ code: 'import.bpsim.inheritanceLoop', severity: 'error', message: `BPSim scenario '${id}' inherits from itself (through a loop); the loop was cut.` });
        break;
      }
      seen.add(id);
      chain.unshift(current);
      const parent = attribute(current, 'inherits');
      if (parent && !byId.has(parent)) report.unmapped.push({ code: 'import.bpsim.unknownParent', severity: 'warning', message: `BPSim scenario '${id}' inherits from '${parent}', which the file does not define.` });
      current = parent ? byId.get(parent) : undefined;
    }
    return chain;
  };
  return raw.map((scenario) => {
    const resolved: ResolvedScenario = {
      id: attribute(scenario, 'id') ?? 'bpsim',
      name: attribute(scenario, 'name') || attribute(scenario, 'id') || 'BPSim scenario',
      ...(attribute(scenario, 'description') ? { description: attribute(scenario, 'description')! } : {}),
      attributes: new Map(),
      settings: new Map(),
      parameters: new Map(),
      calendars: new Map(),
      resultRequests: 0,
    };
    for (const level of chainOf(scenario)) {
      for (const settings of childElements(level, 'ScenarioParameters')) {
        for (const a of settings.attributes) resolved.attributes.set(a.localName, a.value);
        for (const child of childElements(settings)) if (valueChildren(child).length) resolved.settings.set(child.localName, child);
      }
      for (const calendar of childElements(level, 'Calendar')) resolved.calendars.set(attribute(calendar, 'id') ?? '', calendar);
      for (const elementParameters of childElements(level, 'ElementParameters')) {
        const ref = attribute(elementParameters, 'elementRef') ?? '';
        const map = resolved.parameters.get(ref) ?? new Map<string, XmlElement>();
        for (const group of childElements(elementParameters)) {
          // Property elements sit directly under ElementParameters in some files; treat them as a group of one.
          const parameters = group.localName === 'Property' ? [group] : childElements(group);
          for (const parameter of parameters) {
            const key = `${group.localName === 'Property' ? 'PropertyParameters' : group.localName}/${parameter.localName}${parameter.localName === 'Property' ? `:${attribute(parameter, 'name') ?? ''}` : ''}`;
            if (valueChildren(parameter).length || (parameter.localName === 'Property' && parameter.children.some((c) => typeof c !== 'string'))) map.set(key, parameter);
            else resolved.resultRequests += childElements(parameter, 'ResultRequest').length;
          }
        }
        resolved.parameters.set(ref, map);
      }
    }
    return resolved;
  });
}

/** Picks the value without `validFor` (and lists the calendar-specific ones). */
function pickValue(parameter: XmlElement): { value?: XmlElement; variants: XmlElement[] } {
  const values = valueChildren(parameter);
  return { ...(values.find((v) => !attribute(v, 'validFor')) ? { value: values.find((v) => !attribute(v, 'validFor'))! } : {}), variants: values.filter((v) => attribute(v, 'validFor')) };
}

function numberAttribute(element: XmlElement, name: string): number | undefined {
  const raw = attribute(element, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** A plain number from Floating/Numeric parameters. */
function numberValue(value: XmlElement | undefined): number | undefined {
  if (!value) return undefined;
  if (value.localName === 'FloatingParameter' || value.localName === 'NumericParameter') return numberAttribute(value, 'value');
  return undefined;
}

interface Conversion {
  readonly distribution?: Distribution;
  readonly text: string;
  readonly problem?: string;
  readonly note?: string;
}

/** A time value (in the base time unit unless it is an ISO duration) -> our distribution. */
function toDistribution(value: XmlElement, base: { unit: TimeUnit; factor: number }): Conversion {
  const n = (name: string) => {
    const raw = numberAttribute(value, name);
    return raw === undefined ? undefined : tidy(raw * base.factor);
  };
  const unit = base.unit;
  const attrs = value.attributes.map((a) => `${a.localName}=${a.value}`).join(', ');
  const text = `${value.localName}(${attrs})`;
  const need = (what: string): Conversion => ({ text, problem: `it needs ${what}` });
  switch (value.localName) {
    case 'FloatingParameter':
    case 'NumericParameter': {
      const v = n('value');
      return v === undefined ? need('a numeric value') : { text, distribution: { type: 'fixed', value: v, unit } };
    }
    case 'DurationParameter': {
      // An ISO duration carries its own unit (PT24M): keep it rather than the base unit.
      const duration = toDuration(attribute(value, 'value'));
      if (duration === undefined) return { text, problem: 'its value is not an ISO 8601 duration' };
      return { text, distribution: { type: 'fixed', value: duration.value, unit: duration.unit } };
    }
    case 'TruncatedNormalDistribution':
    case 'NormalDistribution': {
      const mean = n('mean');
      const sd = n('standardDeviation');
      if (mean === undefined || sd === undefined) return need('a mean and a standardDeviation');
      const min = n('min');
      const max = n('max');
      const notes: string[] = [];
      if (min !== undefined && min > 0) notes.push(`its lower bound ${min} was replaced by 0`);
      if (max !== undefined && max < mean + 6 * sd) notes.push(`its upper bound ${max} was dropped`);
      if (value.localName === 'NormalDistribution' && mean < 3 * sd) notes.push('it was truncated at 0 because a duration cannot be negative');
      return { text, distribution: { type: 'normal', mean, sd, unit }, ...(notes.length ? { note: notes.join('; ') } : {}) };
    }
    case 'TriangularDistribution': {
      const [min, mode, max] = [n('min'), n('mode'), n('max')];
      return min === undefined || mode === undefined || max === undefined ? need('min, mode and max') : { text, distribution: { type: 'triangular', min, mode, max, unit } };
    }
    case 'UniformDistribution': {
      const [min, max] = [n('min'), n('max')];
      return min === undefined || max === undefined ? need('min and max') : { text, distribution: { type: 'uniform', min, max, unit } };
    }
    case 'ExponentialDistribution':
    case 'NegativeExponentialDistribution': {
      const mean = n('mean');
      return mean === undefined ? need('a mean') : { text, distribution: { type: 'exponential', mean, unit } };
    }
    case 'LogNormalDistribution': {
      const [mean, sd] = [n('mean'), n('standardDeviation')];
      return mean === undefined || sd === undefined ? need('a mean and a standardDeviation') : { text, distribution: { type: 'lognormal', mean, sd, unit } };
    }
    case 'GammaDistribution': {
      const shape = numberAttribute(value, 'shape');
      const scale = n('scale');
      return shape === undefined || scale === undefined ? need('a shape and a scale') : { text, distribution: { type: 'gamma', mean: tidy(shape * scale), sd: tidy(Math.sqrt(shape) * scale), unit } };
    }
    case 'ErlangDistribution': {
      const mean = n('mean');
      const k = numberAttribute(value, 'k');
      return mean === undefined || k === undefined ? need('a mean and k') : { text, distribution: { type: 'erlang', k, mean, unit } };
    }
    case 'WeibullDistribution': {
      const shape = numberAttribute(value, 'shape');
      const scale = n('scale');
      return shape === undefined || scale === undefined ? need('a shape and a scale') : { text, distribution: { type: 'weibull', shape, scale, unit } };
    }
    case 'UserDistribution': {
      const bins = childElements(value, 'UserDistributionDataPoint').map((point) => {
        const v = numberValue(childElements(point)[0]);
        return { weight: numberAttribute(point, 'probability') ?? NaN, v: v === undefined ? NaN : tidy(v * base.factor) };
      });
      if (bins.length === 0 || bins.some((b) => Number.isNaN(b.weight) || Number.isNaN(b.v))) return { text, problem: 'its data points are not numbers' };
      return { text, distribution: { type: 'empirical', bins: bins.map((b) => ({ min: b.v, max: b.v, weight: b.weight })), unit } };
    }
    default:
      return { text, problem: `${value.localName} has no Leanflow equivalent` };
  }
}

const ICAL_DAYS: Readonly<Record<string, Weekday>> = { MO: 'mon', TU: 'tue', WE: 'wed', TH: 'thu', FR: 'fri', SA: 'sat', SU: 'sun' };

/** An iCalendar (VEVENT with DTSTART/DTEND and a DAILY or WEEKLY RRULE) -> weekly working hours. */
export function icalToHours(text: string): { hours: WorkingHours[]; problems: string[] } {
  const hours: WorkingHours[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      if (colon > 0) current[line.slice(0, colon).split(';')[0]!.toUpperCase()] = line.slice(colon + 1);
    }
  }
  const parse = (value: string | undefined) => {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?Z?$/.exec(value ?? '');
    return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0))) : undefined;
  };
  const clock = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  for (const event of events) {
    const start = parse(event['DTSTART']);
    const end = parse(event['DTEND']);
    if (!start || !end || end <= start) {
      problems.push('an event without a readable DTSTART/DTEND');
      continue;
    }
    if (end.getTime() - start.getTime() > 86_400_000) {
      problems.push('an event longer than a day');
      continue;
    }
    const rule = Object.fromEntries((event['RRULE'] ?? '').split(';').filter(Boolean).map((p) => p.split('=') as [string, string]));
    const startDay = WEEKDAYS[(start.getUTCDay() + 6) % 7]!;
    let days: Weekday[];
    if (rule['FREQ'] === 'DAILY') days = [...WEEKDAYS];
    else if (rule['FREQ'] === 'WEEKLY') days = rule['BYDAY'] ? rule['BYDAY'].split(',').map((d) => ICAL_DAYS[d.slice(-2)]).filter((d): d is Weekday => d !== undefined) : [startDay];
    else {
      problems.push(event['RRULE'] ? `the repeat rule ${event['RRULE']}` : 'a one-off event (no RRULE)');
      continue;
    }
    if (rule['INTERVAL'] && rule['INTERVAL'] !== '1') problems.push(`the interval in ${event['RRULE']}`);
    const from = clock(start);
    const sameDay = start.getUTCDate() === end.getUTCDate();
    if (sameDay) hours.push({ days, from, to: clock(end) });
    else {
      // Across midnight: the evening part and the morning part of the next day.
      hours.push({ days, from, to: '24:00' });
      if (clock(end) !== '00:00') hours.push({ days: days.map((d) => WEEKDAYS[(WEEKDAYS.indexOf(d) + 1) % 7]!), from: '00:00', to: clock(end) });
    }
  }
  return { hours, problems };
}

/** Whether weekly hours cover every minute of the week. */
/**
 * Weekly periods that do not overlap: in each stretch of the week, the value of the first calendar (in the order
 * given, as a BPSim tool picks the first `validFor` that applies) that covers it, else `otherwise`. Stretches worth 0
 * are left out.
 */
export function periodsByCalendar(variants: readonly { readonly hours: readonly WorkingHours[]; readonly value: number }[], otherwise: number): { days: Weekday[]; from: string; to: string; value: number }[] {
  const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const byKey = new Map<string, { days: Weekday[]; from: string; to: string; value: number }>();
  for (const day of WEEKDAYS) {
    const blocks = variants.map((v) => v.hours.filter((h) => h.days.includes(day)).map((h) => [minutes(h.from), minutes(h.to)] as const));
    const cuts = [...new Set([0, 1440, ...blocks.flat(2)])].sort((a, b) => a - b);
    const segments: [number, number, number][] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const mid = (cuts[i]! + cuts[i + 1]!) / 2;
      const first = blocks.findIndex((list) => list.some(([from, to]) => mid >= from && mid < to));
      const value = first >= 0 ? variants[first]!.value : otherwise;
      const last = segments[segments.length - 1];
      if (last && last[2] === value) last[1] = cuts[i + 1]!;
      else segments.push([cuts[i]!, cuts[i + 1]!, value]);
    }
    for (const [from, to, value] of segments) {
      if (!(value > 0)) continue;
      const key = `${from}-${to}-${value}`;
      const known = byKey.get(key);
      if (known) known.days.push(day);
      else byKey.set(key, { days: [day], from: clock(from), to: clock(to), value });
    }
  }
  return [...byKey.values()];
}

/** An ISO duration -> a Duration in the largest whole unit. */
function toDuration(iso: string | undefined): { value: number; unit: TimeUnit } | undefined {
  const seconds = iso ? isoDurationToSeconds(iso) : undefined;
  if (seconds === undefined) return undefined;
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]] as const) if (seconds % size === 0) return { value: seconds / size, unit };
  return { value: seconds, unit: 's' };
}

/**
 * Imports every BPSim scenario in the file (inheritance resolved) as Leanflow scenarios.
 * Accepts the file content or a parse result. Nothing is dropped silently: see `report`.
 *
 * @example
 * const { scenarios, report } = await importBpsim(xml);
 * scenarios.map((s) => s.id); // ['S1', 'S2', 'S3']
 */
export async function importBpsim(source: string | BpmnParseResult): Promise<ImportResult> {
  const parsed = typeof source === 'string' ? await parseBpmn(source) : source;
  const report: ImportReport = { mapped: [], unmapped: [] };
  if (!parsed.xmlTree || !parsed.graph) {
    report.unmapped.push(...parsed.issues);
    return { scenarios: [], report };
  }
  const graph = parsed.graph;
  const names = new Map<string, string>();
  const collectNames = (node: XmlElement) => {
    const id = attribute(node, 'id');
    const name = attribute(node, 'name');
    if (id && name) names.set(id, name);
    for (const child of childElements(node)) collectNames(child);
  };
  collectNames(parsed.xmlTree);
  const scenarios: Scenario[] = [];
  for (const data of findAll(parsed.xmlTree, 'BPSimData')) {
    for (const resolved of resolveScenarios(data, report)) scenarios.push(importScenario(resolved, graph, names, report));
  }
  return { scenarios, report };
}

function importScenario(resolved: ResolvedScenario, graph: ProcessGraph, names: Map<string, string>, report: ImportReport): Scenario {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const flows = new Map(graph.flows.map((f) => [f.id, f]));
  const where = `Scenario '${resolved.name}'`;
  const warn = (code: string, message: string, elementId?: string, severity: ModelIssue['severity'] = 'warning') =>
    report.unmapped.push({ code, severity, message: `${where}: ${message}`, ...(elementId ? { elementId } : {}) });
  const mapped = (line: string) => report.mapped.push(`${where}: ${line}`);

  const unitName = resolved.attributes.get('baseTimeUnit') ?? BPSIM_DEFAULT_TIME_UNIT;
  const base = BPSIM_UNITS[unitName];
  if (!base) warn('import.bpsim.timeUnit', `the base time unit "${unitName}" is unknown; seconds were assumed.`);
  const timeBase = base ?? { unit: 's' as TimeUnit, factor: 1 };
  mapped(`base time unit ${unitName}${resolved.attributes.has('baseTimeUnit') ? '' : ' (BPSim default)'} -> values in ${timeBase.unit}`);

  // Calendars.
  const calendars: Calendar[] = [];
  for (const [id, element] of resolved.calendars) {
    const { hours, problems } = icalToHours(textContent(element));
    for (const problem of problems) warn('import.bpsim.calendar', `calendar '${attribute(element, 'name') ?? id}' has ${problem}, which was skipped.`);
    calendars.push({ id, name: attribute(element, 'name') || id, timeZone: 'UTC', hours, holidays: [] });
    mapped(`calendar '${attribute(element, 'name') ?? id}' -> ${hours.length} weekly block(s)`);
  }
  const calendarById = new Map(calendars.map((c) => [c.id, c]));

  const describe = (ref: string) => quoteName(nodes.get(ref) ?? flows.get(ref) ?? { id: ref, ...(names.get(ref) ? { name: names.get(ref)! } : {}) }, ref);
  const variantsNote = (ref: string, what: string, variants: XmlElement[]) => {
    if (variants.length) {
      warn('import.bpsim.validFor', `${describe(ref)} ${what} changes by calendar (${variants.map((v) => `${attribute(v, 'validFor')}: ${attribute(v, 'value') ?? v.localName}`).join(', ')}); Leanflow cannot vary it over time and used the default value.`, ref);
    }
  };
  const timeValue = (ref: string, parameter: XmlElement, what: string, variantsHandled = false): Distribution | undefined => {
    const { value, variants } = pickValue(parameter);
    if (!variantsHandled) variantsNote(ref, what, variants);
    if (!value) {
      warn('import.bpsim.noDefault', `${describe(ref)} ${what} has only calendar-specific values and no default; it was not imported.`, ref);
      return undefined;
    }
    const conversion = toDistribution(value, timeBase);
    if (!conversion.distribution) {
      warn('import.bpsim.distribution', `${describe(ref)} ${what} ${conversion.text} was not imported: ${conversion.problem}.`, ref);
      return undefined;
    }
    if (conversion.note) warn('import.bpsim.approximated', `${describe(ref)} ${what} ${conversion.text}: ${conversion.note}.`, ref, 'info');
    mapped(`${describe(ref)} ${what} ${conversion.text} -> ${JSON.stringify(conversion.distribution)}`);
    return conversion.distribution;
  };

  const arrivals: NonNullable<ScenarioInput['arrivals']> = {};
  const tasks: Record<string, NonNullable<ScenarioInput['tasks']>[string]> = {};
  const events: NonNullable<ScenarioInput['events']> = {};
  const rawProbabilities = new Map<string, Map<string, number>>();
  const pools: ResourcePool[] = [];
  const selections = new Map<string, string>();
  const pendingCounts = new Map<string, number>();
  const unitCosts = new Map<string, number>();

  for (const [ref, parameters] of resolved.parameters) {
    const node = nodes.get(ref);
    const flow = flows.get(ref);
    for (const [key, parameter] of parameters) {
      const handled = handleParameter(ref, key, parameter, node, flow);
      if (!handled) {
        warn('import.bpsim.unmapped', `the BPSim parameter ${key.replace(':', ' ')} on ${describe(ref)} has no Leanflow equivalent and was not imported.`, ref);
      }
    }
  }

  function handleParameter(ref: string, key: string, parameter: XmlElement, node: FlowNode | undefined, flow: { id: string; sourceId: string; name?: string } | undefined): boolean {
    if (node?.kind === 'startEvent' && key === 'ControlParameters/InterTriggerTimer') {
      if (node.parentId !== undefined) return false;
      const profile = arrivalProfile(ref, parameter);
      const distribution = timeValue(ref, parameter, 'inter-arrival time', profile !== undefined);
      if (distribution) arrivals[ref] = { ...arrivals[ref], interArrival: distribution, ...(profile ? { profile } : {}) };
      return true;
    }
    // On a boundary (or intermediate catch) timer, InterTriggerTimer is the time until it fires, e.g. a 1-hour
    // time limit on a task: without it the boundary would never fire.
    if ((node?.kind === 'boundaryEvent' || node?.kind === 'intermediateCatchEvent') && key === 'ControlParameters/InterTriggerTimer') {
      const distribution = timeValue(ref, parameter, node.kind === 'boundaryEvent' ? 'time until the boundary event fires' : 'waiting time');
      if (distribution) {
        events[ref] = { duration: distribution };
        if (!node.eventDefinitions.includes('timer')) warn('import.bpsim.triggerNotTimer', `${describe(ref)} has an InterTriggerTimer but is not a timer event; it was used as the time until the event happens.`, ref);
      }
      return true;
    }
    if (node?.kind === 'startEvent' && key === 'ControlParameters/TriggerCount') {
      const count = numberValue(pickValue(parameter).value);
      if (count === undefined || count < 1) return false;
      const existing = arrivals[ref];
      if (existing) arrivals[ref] = { ...existing, cases: Math.round(count) };
      else pendingCounts.set(ref, Math.round(count));
      mapped(`${describe(ref)} trigger count ${count} -> cases`);
      return true;
    }
    if (flow && key === 'ControlParameters/Probability') {
      const value = numberValue(pickValue(parameter).value);
      variantsNote(ref, 'probability', pickValue(parameter).variants);
      if (value === undefined) return false;
      const source = nodes.get(flow.sourceId);
      if (!source || !['exclusiveGateway', 'inclusiveGateway', 'complexGateway'].includes(source.kind)) return false;
      (rawProbabilities.get(source.id) ?? rawProbabilities.set(source.id, new Map()).get(source.id)!).set(ref, value);
      return true;
    }
    if (node && isActivity(node) && key === 'TimeParameters/ProcessingTime') {
      const distribution = timeValue(ref, parameter, 'processing time');
      if (distribution) tasks[ref] = { ...tasks[ref], duration: distribution };
      return true;
    }
    if (node && !isActivity(node) && node.kind.endsWith('Event') && key === 'TimeParameters/ProcessingTime') {
      const distribution = timeValue(ref, parameter, 'waiting time');
      if (distribution) events[ref] = { duration: distribution };
      return true;
    }
    if (node && isActivity(node) && key === 'ResourceParameters/Selection') {
      const expression = attribute(pickValue(parameter).value ?? parameter, 'value') ?? '';
      const match = /getResource\(\s*'([^']+)'\s*(?:,\s*(\d+))?\s*\)/.exec(expression);
      if (!match) return false;
      selections.set(ref, match[1]!);
      if (match[2] && match[2] !== '1') warn('import.bpsim.quantity', `${describe(ref)} needs ${match[2]} resources at once; Leanflow uses one.`, ref);
      mapped(`${describe(ref)} resource selection ${expression} -> pool '${match[1]}'`);
      return true;
    }
    if (node && isActivity(node) && key === 'CostParameters/FixedCost') {
      const value = numberValue(pickValue(parameter).value);
      if (value === undefined) return false;
      tasks[ref] = { ...tasks[ref], fixedCost: value };
      mapped(`${describe(ref)} fixed cost ${value}`);
      return true;
    }
    if (!node && !flow && key === 'ResourceParameters/Quantity') {
      pools.push(resourcePool(ref, parameter));
      return true;
    }
    if (!node && !flow && key === 'CostParameters/UnitCost') {
      const value = numberValue(pickValue(parameter).value);
      if (value === undefined) return false;
      unitCosts.set(ref, value);
      return true;
    }
    return false;
  }

  /**
   * An inter-arrival time that changes by calendar (`validFor`) becomes a weekly arrival profile: in each calendar's
   * hours cases arrive at 1 / (mean gap) an hour, elsewhere at the default's rate. Leanflow's profile is a Poisson
   * stream, so gaps that BPSim draws from another distribution keep their rate but not their spread (reported).
   */
  function arrivalProfile(ref: string, parameter: XmlElement): NonNullable<NonNullable<ScenarioInput['arrivals']>[string]['profile']> | undefined {
    const { value, variants } = pickValue(parameter);
    if (variants.length === 0) return undefined;
    const rateOf = (element: XmlElement | undefined): number | undefined => {
      if (!element) return undefined;
      const distribution = toDistribution(element, timeBase).distribution;
      const mean = distribution ? distributionMean(distribution) : NaN;
      return mean > 0 ? 3600 / mean : undefined;
    };
    const rates = variants.map((v) => ({ calendarId: attribute(v, 'validFor')!, rate: rateOf(v) }));
    const unusable = rates.filter((r) => r.rate === undefined || !calendarById.has(r.calendarId));
    if (unusable.length) {
      variantsNote(ref, 'inter-arrival time', variants);
      return undefined;
    }
    const otherwise = rateOf(value) ?? 0;
    const periods = periodsByCalendar(
      rates.map((r) => ({ hours: calendarById.get(r.calendarId)!.hours, value: tidy(r.rate!) })),
      tidy(otherwise),
    ).map(({ value: casesPerHour, ...period }) => ({ ...period, casesPerHour }));
    const names = rates.map((r) => `${calendarById.get(r.calendarId)!.name}: ${tidy(r.rate!)}/h`).join(', ');
    warn(
      'import.bpsim.arrivalProfile',
      `${describe(ref)} inter-arrival time changes by calendar; it was imported as a weekly arrival profile (${names}; otherwise ${tidy(otherwise)}/h). Cases arrive as a Poisson stream at each period's rate: the rates are BPSim's, the spread of the gaps may differ.`,
      ref,
      'info',
    );
    mapped(`${describe(ref)} inter-arrival time by calendar -> weekly arrival profile of ${periods.length} period(s)`);
    return { timeZone: 'UTC', periods };
  }

  function resourcePool(ref: string, parameter: XmlElement): ResourcePool {
    const { value, variants } = pickValue(parameter);
    const name = names.get(ref) ?? ref;
    const given = numberValue(value);
    const base = given ?? 0;
    const byCalendar = variants.map((v) => ({ calendarId: attribute(v, 'validFor')!, amount: numberValue(v) ?? 0 })).filter((v) => v.amount > 0);
    if (byCalendar.length === 0) {
      mapped(`resource '${name}' quantity ${base}`);
      // Quantity 0 keeps its meaning (nobody serves the resource's tasks); validation reports it if tasks need it.
      if (given === undefined) warn('import.bpsim.quantityZero', `resource '${name}' has no numeric quantity; 1 was used.`, ref);
      else if (Math.round(base) < 1) warn('import.bpsim.quantityZero', `resource '${name}' has quantity ${base}: nobody serves its tasks. The pool keeps headcount 0; give it at least one person to simulate its tasks.`, ref);
      return { id: ref, name, headcount: given === undefined ? 1 : Math.max(0, Math.round(base)), costPerHour: 0, laneIds: [] };
    }
    const missing = byCalendar.filter((v) => !calendarById.has(v.calendarId)).map((v) => v.calendarId);
    if (missing.length) warn('import.bpsim.unknownCalendar', `resource '${name}' refers to calendar(s) ${missing.join(', ')}, which the scenario does not define.`, ref);
    // The quantity per shift becomes a shift plan: each calendar's hours with its quantity, the default elsewhere.
    const periods = periodsByCalendar(
      byCalendar.filter((v) => calendarById.has(v.calendarId)).map((v) => ({ hours: calendarById.get(v.calendarId)!.hours, value: Math.round(v.amount) })),
      Math.max(0, Math.round(base)),
    ).map(({ value: count, ...period }) => ({ ...period, headcount: count }));
    const headcount = Math.max(0, ...periods.map((p) => p.headcount));
    if (new Set(periods.map((p) => p.headcount)).size === 1) {
      // One quantity on some shifts, nobody otherwise: a calendar, so work pauses when the shift ends (as before).
      const hours = periods.map(({ days, from, to }) => ({ days, from, to }));
      const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
      const whole = hours.reduce((a, h) => a + h.days.length * (minutes(h.to) - minutes(h.from)), 0) === 7 * 1440;
      const calendarId = whole ? undefined : `shifts-${ref}`;
      if (calendarId) calendars.push({ id: calendarId, name: `Shifts of ${name}`, timeZone: 'UTC', hours, holidays: [] });
      mapped(`resource '${name}' -> pool of ${headcount}${calendarId ? ` on its shifts' hours` : ' around the clock'}`);
      return { id: ref, name, headcount, costPerHour: 0, ...(calendarId ? { calendarId } : {}), laneIds: [] };
    }
    warn(
      'import.bpsim.shifts',
      `resource '${name}' has a different quantity per shift (${byCalendar.map((v) => `${v.calendarId}: ${v.amount}`).join(', ')}; otherwise ${base}); it was imported as a shift plan with those quantities (at most ${headcount} at once).`,
      ref,
      'info',
    );
    mapped(`resource '${name}' -> shift plan of ${periods.length} period(s), up to ${headcount} people`);
    return { id: ref, name, headcount, costPerHour: 0, laneIds: [], ...(periods.length ? { shifts: { timeZone: 'UTC', periods } } : {}) };
  }

  for (const [ref, count] of pendingCounts) if (arrivals[ref]) arrivals[ref] = { ...arrivals[ref]!, cases: count };
  for (const pool of pools) {
    const cost = unitCosts.get(pool.id);
    if (cost !== undefined) {
      // BPSim unit cost is per base time unit.
      const perSecond = cost / (timeBase.factor * { s: 1, min: 60, h: 3600, d: 86400 }[timeBase.unit]);
      pool.costPerHour = tidy(perSecond * 3600);
      mapped(`resource '${pool.name}' unit cost ${cost} per ${unitName} -> ${pool.costPerHour} per hour`);
    }
  }
  for (const [taskId, poolId] of selections) {
    if (pools.some((p) => p.id === poolId)) tasks[taskId] = { ...tasks[taskId], poolId };
    else warn('import.bpsim.unknownResource', `${describe(taskId)} selects the resource '${poolId}', which has no quantity in this scenario; the task does not wait for it.`, taskId);
  }

  // Branch probabilities: BPSim files use fractions or percentages; ours must add up to 1 per XOR gateway.
  const gateways: Record<string, { probabilities: Record<string, number> }> = {};
  for (const [gatewayId, values] of rawProbabilities) {
    const gateway = nodes.get(gatewayId)!;
    let sum = [...values.values()].reduce((a, b) => a + b, 0);
    const entries = [...values.entries()];
    let scaled = entries;
    if (sum > 1 + 1e-9 && [...values.values()].every((v) => v <= 100)) {
      scaled = entries.map(([k, v]) => [k, tidy(v / 100)]);
      warn('import.bpsim.percent', `the branch probabilities of ${quoteName(gateway, gatewayId)} are percentages (${entries.map(([, v]) => v).join(' + ')}); they were divided by 100.`, gatewayId, 'info');
      sum /= 100;
    }
    if (gateway.kind === 'exclusiveGateway' && Math.abs(sum - 1) > 1e-6 && Math.abs(sum - 1) <= 0.05 && sum > 0) {
      warn('import.bpsim.normalised', `the branch probabilities of ${quoteName(gateway, gatewayId)} add up to ${tidy(sum)}; they were scaled to add up to 1.`, gatewayId);
      scaled = scaled.map(([k, v]) => [k, tidy(v / sum)]);
    }
    gateways[gatewayId] = { probabilities: Object.fromEntries(scaled) };
    mapped(`gateway ${quoteName(gateway, gatewayId)} branch probabilities ${scaled.map(([k, v]) => `${describe(k)} ${v}`).join(', ')}`);
  }

  // A task without a resource selection does not wait for anyone in BPSim. Our lanes need a pool, so each lane
  // holding such tasks gets an unlimited one (BPSim pools cover no lanes: tasks pick them explicitly).
  const lanesWithUnassigned = graph.lanes.filter((lane) => graph.nodes.some((n) => n.laneId === lane.id && isActivity(n) && !tasks[n.id]?.poolId));
  for (const lane of lanesWithUnassigned) pools.push({ id: `unlimited-${lane.id}`, name: `${lane.name ?? lane.id} (unlimited)`, headcount: UNLIMITED_HEADCOUNT, costPerHour: 0, laneIds: [lane.id] });
  if (lanesWithUnassigned.length) {
    warn('import.bpsim.noResources', `tasks without a resource never wait in BPSim; ${lanesWithUnassigned.map((l) => `lane '${l.name ?? l.id}'`).join(', ')} got a pool of ${UNLIMITED_HEADCOUNT} people to say so.`, undefined, 'info');
  }

  if (resolved.resultRequests > 0) {
    report.unmapped.push({ code: 'import.bpsim.resultRequests', severity: 'info', message: `${where}: ${resolved.resultRequests} BPSim result requests (what to measure) are not inputs; Leanflow always reports its own KPIs.` });
  }

  const settings = resolved.settings;
  /** The `value` of a scenario setting's parameter, e.g. Duration -> "P1M". */
  const setting = (name: string) => {
    const element = settings.get(name);
    return element ? attribute(childElements(element)[0] ?? element, 'value') : undefined;
  };
  const durationIso = setting('Duration');
  const duration = toDuration(durationIso);
  const warmUp = toDuration(setting('Warmup'));
  const startRaw = setting('Start');
  const startIso = startRaw && (/[zZ]$|[+-]\d\d:?\d\d$/.test(startRaw) ? startRaw : `${startRaw}Z`);
  const startTime = startIso && !Number.isNaN(Date.parse(startIso)) ? new Date(startIso).toISOString() : undefined;
  if (durationIso && /P(\d+Y|\d+M)/.test(durationIso.split('T')[0]!)) warn('import.bpsim.month', `the duration ${durationIso} counts a month as 30 days and a year as 365 days.`, undefined, 'info');
  const replications = Number(resolved.attributes.get('replication') ?? NaN);
  const seed = Number(resolved.attributes.get('seed') ?? NaN);
  for (const [name] of settings) if (!['Duration', 'Warmup', 'Start'].includes(name)) warn('import.bpsim.scenarioParameter', `the scenario parameter ${name} has no Leanflow equivalent.`);
  if (duration) mapped(`duration ${durationIso} -> horizon ${duration.value} ${duration.unit}`);
  if (warmUp) mapped(`warm-up -> ${warmUp.value} ${warmUp.unit}`);
  if (startTime) mapped(`start ${startRaw} -> ${startTime}`);
  if (Number.isInteger(replications)) mapped(`replication ${replications} -> ${replications} replications`);

  const input: ScenarioInput = {
    id: resolved.id,
    name: resolved.name,
    description: resolved.description ?? `Imported from BPSim scenario ${resolved.id}.`,
    ...(startTime ? { startTime } : {}),
    ...(duration ? { horizon: duration } : {}),
    ...(warmUp ? { warmUp } : {}),
    ...(Number.isInteger(replications) && replications >= 1 ? { replications: Math.min(replications, 1000) } : {}),
    ...(Number.isInteger(seed) && seed >= 0 ? { seed } : {}),
    ...(resolved.attributes.get('baseCurrencyUnit') ? { currency: resolved.attributes.get('baseCurrencyUnit')! } : {}),
    calendars,
    pools,
    arrivals: Object.fromEntries(Object.entries(arrivals).filter(([, a]) => a.interArrival !== undefined)),
    tasks,
    gateways,
    events,
  };
  const result = ScenarioSchema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) warn('import.bpsim.invalid', `the imported value at ${issue.path.join('.')} is not valid and was dropped: ${issue.message}`);
  const bad = new Set(result.error.issues.map((i) => `${String(i.path[0])}.${String(i.path[1])}`));
  const keep = <T>(section: string, record: Record<string, T> | undefined) => Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => !bad.has(`${section}.${k}`)));
  return ScenarioSchema.parse({
    ...input,
    calendars: calendars.filter((_, i) => !bad.has(`calendars.${i}`)),
    pools: pools.filter((_, i) => !bad.has(`pools.${i}`)),
    arrivals: keep('arrivals', input.arrivals),
    tasks: keep('tasks', input.tasks),
    gateways: keep('gateways', input.gateways),
    events: keep('events', input.events),
  });
}

// Reading event logs: CSV (columns detected by common names or given) and XES, plain or gzip-compressed.
// DOM-free: the XES reader scans tags itself, and gzip goes through DecompressionStream (browsers and Node).
import { EventLogError, type EventLog, type LogEvent, type LogField, type ReadLogOptions } from './types.ts';
import { checkTimeZone, parseTimestamp } from './timestamps.ts';

/** Column names each field is detected by (compared lower-case, without spaces, dashes and underscores). */
const COLUMN_NAMES: Readonly<Record<LogField, readonly string[]>> = {
  case: ['case', 'caseid', 'case:concept:name', 'caseconcept:name', 'casename', 'traceid', 'ticket', 'ticketid'],
  activity: ['activity', 'concept:name', 'activityname', 'task', 'event', 'eventname', 'action'],
  start: ['starttime', 'start:timestamp', 'starttimestamp', 'start', 'startdate'],
  end: ['endtime', 'time:timestamp', 'endtimestamp', 'end', 'completetime', 'timestamp', 'time', 'enddate', 'completiontime'],
  resource: ['resource', 'org:resource', 'user', 'agent', 'performer', 'employee'],
  enabled: ['enabledtime', 'enabled_time', 'enabletime'],
  role: ['role', 'org:role', 'org:group', 'resourcerole', 'group', 'team'],
};

// These exist in every runtime we target (browsers, workers, Node 18+) but in no lib this DOM-free package compiles with.
interface Runtime {
  TextDecoder: new (label?: string) => { decode(bytes: Uint8Array): string };
  DecompressionStream: new (format: 'gzip') => unknown;
  Blob: new (parts: Uint8Array[]) => { stream(): { pipeThrough(transform: unknown): unknown } };
  Response: new (body: unknown) => { arrayBuffer(): Promise<ArrayBuffer> };
}
const runtime = globalThis as unknown as Runtime;

const squash = (name: string) => name.trim().toLowerCase().replace(/[\s_-]+/g, '');

/** Unzips gzip bytes (magic 1f 8b); other bytes are returned as they are. */
export async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const stream = new runtime.Blob([bytes]).stream().pipeThrough(new runtime.DecompressionStream('gzip'));
    return new Uint8Array(await new runtime.Response(stream).arrayBuffer());
  } catch (error) {
    throw new EventLogError('log.gzip', `The file looks gzip-compressed but cannot be unpacked (${(error as Error).message}).`);
  }
}

/** Reads a log from bytes (CSV or XES, plain or .gz). Throws `EventLogError` with a line number for bad content. */
export async function readEventLog(bytes: Uint8Array, options: ReadLogOptions = {}): Promise<EventLog> {
  const zoneProblem = options.timeZone ? checkTimeZone(options.timeZone) : undefined;
  if (zoneProblem) throw new EventLogError('log.timeZone', zoneProblem);
  const text = new runtime.TextDecoder('utf-8').decode(await gunzipIfNeeded(bytes)).replace(/^\uFEFF/, '');
  const name = (options.fileName ?? '').toLowerCase();
  if (/\.xes(\.gz)?$/.test(name) || /^\s*<(\?xml|log[\s>])/.test(text)) return parseXesLog(text, options);
  return parseCsvLog(text, options);
}

/** Splits CSV text into records (RFC 4180 quotes, `,` `;` or tab separators), with each record's first line. */
export function* csvRecords(text: string, separator: string): Generator<{ fields: string[]; line: number }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') yield { fields, line: recordLine };
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) throw new EventLogError('log.csv.quote', 'A quoted field is not closed.', recordLine);
  fields.push(field);
  if (fields.length > 1 || fields[0] !== '') yield { fields, line: recordLine };
}

function detectSeparator(header: string): string {
  const counts = [',', ';', '\t'].map((s) => [s, header.split(s).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** Finds the column of each field: the given name, else the first common name present. */
function mapColumns(header: readonly string[], given: ReadLogOptions['columns']): Partial<Record<LogField, number>> {
  const squashed = header.map(squash);
  const found: Partial<Record<LogField, number>> = {};
  for (const field of Object.keys(COLUMN_NAMES) as LogField[]) {
    const wanted = given?.[field];
    if (wanted !== undefined) {
      const at = header.indexOf(wanted) >= 0 ? header.indexOf(wanted) : squashed.indexOf(squash(wanted));
      if (at < 0) throw new EventLogError('log.column.missing', `There is no column "${wanted}" for the ${field}. Columns: ${header.join(', ')}.`, 1);
      found[field] = at;
      continue;
    }
    for (const candidate of COLUMN_NAMES[field]) {
      const at = squashed.indexOf(squash(candidate));
      if (at >= 0 && !Object.values(found).includes(at)) {
        found[field] = at;
        break;
      }
    }
  }
  return found;
}

/** Reads CSV records into events once the header is known: the columns found and a record -> event function. */
export interface CsvRowReader {
  readonly columns: Partial<Record<LogField, string>>;
  /** The event of one record (undefined for a blank record); throws `EventLogError` with the line for bad values. */
  read(fields: string[], line: number): LogEvent | undefined;
}

/** Finds the columns of a CSV header and returns the reader of its records. Throws `EventLogError` for missing columns. */
export function createCsvRowReader(header: readonly string[], options: ReadLogOptions = {}): CsvRowReader {
  const at = mapColumns(header, options.columns);
  const need = (field: LogField, hint: string) => {
    if (at[field] === undefined) throw new EventLogError('log.column.missing', `No ${field} column found (${hint}). Columns: ${header.join(', ')}. Name it with the column mapping.`, 1);
  };
  need('case', 'looked for case, case_id, case:concept:name');
  need('activity', 'looked for activity, concept:name');
  if (at.end === undefined && at.start !== undefined) {
    at.end = at.start;
    delete at.start;
  }
  need('end', 'looked for end_time, time:timestamp, timestamp');
  const zone = options.timeZone ?? 'UTC';
  const time = (fields: string[], field: LogField, line: number, required: boolean): number | undefined => {
    const index = at[field];
    if (index === undefined) return undefined;
    const raw = (fields[index] ?? '').trim();
    if (raw === '' && !required) return undefined;
    const value = parseTimestamp(raw, zone, options.dateOrder);
    if (Number.isNaN(value)) throw new EventLogError('log.timestamp', `"${raw}" in column "${header[index]}" is not a date and time this reader knows (ISO 8601 like 2024-03-01T09:30:00Z, 2024-03-01 09:30, 01.03.2024 09:30, 01/03/2024 09:30).`, line);
    return value;
  };
  const columns: Partial<Record<LogField, string>> = {};
  for (const [field, index] of Object.entries(at) as [LogField, number][]) columns[field] = header[index]!;
  const attributeAt = (options.attributes ?? []).map((name) => {
    const index = header.indexOf(name) >= 0 ? header.indexOf(name) : header.map(squash).indexOf(squash(name));
    if (index < 0) throw new EventLogError('log.column.missing', `There is no column "${name}" for a case attribute. Columns: ${header.join(', ')}.`, 1);
    return [header[index]!, index] as const;
  });
  // The last attributes of each case: events repeating them share that object (a 1M-event log holds one per case).
  const lastAttributes = new Map<string, Readonly<Record<string, string>>>();
  const attributesOf = (caseId: string, fields: string[]): Readonly<Record<string, string>> | undefined => {
    if (attributeAt.length === 0) return undefined;
    const last = lastAttributes.get(caseId);
    const values: Record<string, string> = {};
    let count = 0;
    let same = last !== undefined;
    for (const [name, index] of attributeAt) {
      const value = (fields[index] ?? '').trim();
      if (value === '') continue;
      values[name] = value;
      count++;
      if (same && last![name] !== value) same = false;
    }
    if (same && Object.keys(last!).length === count) return last;
    if (count === 0) return undefined;
    lastAttributes.set(caseId, values);
    return values;
  };
  return {
    columns,
    read(fields, line) {
      if (fields.length === 1 && fields[0]!.trim() === '') return undefined;
      const caseId = (fields[at.case!] ?? '').trim();
      const activity = (fields[at.activity!] ?? '').trim();
      if (caseId === '') throw new EventLogError('log.case.empty', `The case id (column "${header[at.case!]}") is empty.`, line);
      if (activity === '') throw new EventLogError('log.activity.empty', `The activity (column "${header[at.activity!]}") is empty.`, line);
      const end = time(fields, 'end', line, true)!;
      const start = time(fields, 'start', line, false);
      if (start !== undefined && start > end) throw new EventLogError('log.timestamp.order', `The activity "${activity}" starts after it ends.`, line);
      const enabled = time(fields, 'enabled', line, false);
      const resource = at.resource === undefined ? '' : (fields[at.resource] ?? '').trim();
      const role = at.role === undefined ? '' : (fields[at.role] ?? '').trim();
      const attributes = attributesOf(caseId, fields);
      return { caseId, activity, end, ...(start === undefined ? {} : { start }), ...(resource ? { resource } : {}), ...(enabled === undefined ? {} : { enabled }), ...(role ? { role } : {}), ...(attributes ? { attributes } : {}) };
    },
  };
}

/** The separator of a CSV header line: `,`, `;` or tab, whichever splits it most. */
export function detectCsvSeparator(header: string): string {
  return detectSeparator(header);
}

/** Parses a CSV log. Needs a case, an activity and at least one timestamp column. */
export function parseCsvLog(text: string, options: ReadLogOptions = {}): EventLog {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.trim() === '') throw new EventLogError('log.empty', 'The log is empty: expected a header line with column names.', 1);
  const records = csvRecords(text, detectSeparator(firstLine));
  const header = records.next().value?.fields ?? [];
  const reader = createCsvRowReader(header, options);
  const events: LogEvent[] = [];
  for (const { fields, line } of records) {
    const event = reader.read(fields, line);
    if (event) events.push(event);
  }
  if (events.length === 0) throw new EventLogError('log.empty', 'The log has a header but no events.', 2);
  return { format: 'csv', events, columns: reader.columns, hasStartTimes: events.some((e) => e.start !== undefined) };
}

const decodeXml = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

/**
 * Parses an XES log by scanning its tags (no DOM). Events with `lifecycle:transition` start/complete are paired per
 * trace and activity; events without a lifecycle are completions.
 */
export function parseXesLog(text: string, options: ReadLogOptions = {}): EventLog {
  const { traces: _traces, ...log } = scanXes(text, options, { traceOffset: 0, lineOffset: 0, requireEvents: true });
  return log;
}

/**
 * The XES scanner. `traceOffset` numbers traces without a name after those of earlier chunks, `lineOffset` makes line
 * numbers count from the file's start; a chunk may hold no events (`requireEvents` false).
 */
export function scanXes(text: string, options: ReadLogOptions, at: { traceOffset: number; lineOffset: number; requireEvents: boolean }): EventLog & { traces: number } {
  const keys = {
    case: options.columns?.case ?? 'concept:name',
    activity: options.columns?.activity ?? 'concept:name',
    end: options.columns?.end ?? 'time:timestamp',
    resource: options.columns?.resource ?? 'org:resource',
    // The resource's role: given, else org:role, else org:group (whichever an event has).
    roles: options.columns?.role !== undefined ? [options.columns.role] : ['org:role', 'org:group'],
  };
  const roleKeys = new Set<string>();
  const zone = options.timeZone ?? 'UTC';
  const events: LogEvent[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  const attr = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let line = 1 + at.lineOffset;
  let scanned = 0;
  let depth: 'log' | 'trace' | 'event' = 'log';
  let traceId: string | undefined;
  // The trace's string attributes, one object shared by its events (set when the trace closes: they may follow events).
  let traceAttributes: Record<string, string> = {};
  let traceFirstEvent = 0;
  let traceCount = at.traceOffset;
  let current: Record<string, string> = {};
  let currentLine = 0;
  let pending: { activity: string; start: number; resource?: string; role?: string }[] = [];
  let sawTrace = false;
  let rootSeen = false;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    for (let i = scanned; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    scanned = m.index;
    if (!m[2]) continue;
    const closing = m[1] === '/';
    const name = m[2].replace(/^.*:/, '');
    const selfClosing = m[4] === '/';
    if (!rootSeen) {
      if (name !== 'log') throw new EventLogError('log.xes.root', `An XES file starts with <log>, this one with <${m[2]}>.`, line);
      rootSeen = true;
    }
    if (name === 'trace') {
      if (!closing) {
        depth = 'trace';
        traceId = undefined;
        traceCount++;
        sawTrace = true;
        pending = [];
        traceAttributes = {};
        traceFirstEvent = events.length;
      } else {
        depth = 'log';
        if (Object.keys(traceAttributes).length > 0) for (let i = traceFirstEvent; i < events.length; i++) (events[i] as { attributes?: Readonly<Record<string, string>> }).attributes = traceAttributes;
      }
      continue;
    }
    if (name === 'event') {
      if (!closing) {
        depth = 'event';
        current = {};
        currentLine = line;
        if (selfClosing) depth = 'trace';
        continue;
      }
      depth = 'trace';
      const caseId = traceId ?? `trace ${traceCount}`;
      const activity = current[keys.activity];
      const stamp = current[keys.end];
      if (!activity) throw new EventLogError('log.activity.empty', `An event has no "${keys.activity}" attribute (the activity name).`, currentLine);
      if (!stamp) throw new EventLogError('log.timestamp', `The event "${activity}" has no "${keys.end}" attribute.`, currentLine);
      const time = parseTimestamp(stamp, zone, options.dateOrder);
      if (Number.isNaN(time)) throw new EventLogError('log.timestamp', `"${stamp}" is not an ISO 8601 date and time.`, currentLine);
      const transition = (current['lifecycle:transition'] ?? 'complete').toLowerCase();
      const resource = current[keys.resource];
      const roleKey = keys.roles.find((k) => current[k]);
      const role = roleKey === undefined ? undefined : current[roleKey];
      if (roleKey !== undefined) roleKeys.add(roleKey);
      if (transition === 'start') pending.push({ activity, start: time, ...(resource ? { resource } : {}), ...(role ? { role } : {}) });
      else if (transition === 'complete') {
        const open = pending.findIndex((p) => p.activity === activity);
        const started = open >= 0 ? pending.splice(open, 1)[0] : undefined;
        const who = resource ?? started?.resource;
        const as = role ?? started?.role;
        events.push({ caseId, activity, end: time, ...(started ? { start: started.start } : {}), ...(who ? { resource: who } : {}), ...(as ? { role: as } : {}) });
      }
      continue;
    }
    if (closing || !m[3]) continue;
    const attrs: Record<string, string> = {};
    attr.lastIndex = 0;
    for (let a = attr.exec(m[3]); a; a = attr.exec(m[3])) attrs[a[1]!] = decodeXml(a[2] ?? a[3] ?? '');
    if (attrs['key'] === undefined || attrs['value'] === undefined) continue;
    if (depth === 'event') current[attrs['key']] = attrs['value'];
    else if (depth === 'trace' && attrs['key'] === keys.case) traceId = attrs['value'];
    else if (depth === 'trace' && name === 'string' && attrs['key'] !== 'concept:name') traceAttributes[attrs['key']] = attrs['value'];
  }
  if (!rootSeen) throw new EventLogError('log.xes.root', 'This is not an XES file: no <log> element.', 1);
  if (at.requireEvents && (!sawTrace || events.length === 0)) throw new EventLogError('log.empty', 'The XES log has no traces with events.', line);
  return {
    traces: traceCount - at.traceOffset,
    format: 'xes',
    events,
    columns: { case: keys.case, activity: keys.activity, end: keys.end, resource: keys.resource, ...(roleKeys.size ? { role: [...roleKeys].join(', ') } : {}) },
    hasStartTimes: events.some((e) => e.start !== undefined),
  };
}

/** The log's events grouped by case, each case's events ordered by start (else end) time. */
export function groupCases(log: EventLog): Map<string, LogEvent[]> {
  const cases = new Map<string, LogEvent[]>();
  for (const e of log.events) {
    const list = cases.get(e.caseId);
    if (list) list.push(e);
    else cases.set(e.caseId, [e]);
  }
  for (const list of cases.values()) list.sort((a, b) => (a.start ?? a.end) - (b.start ?? b.end) || a.end - b.end);
  return cases;
}

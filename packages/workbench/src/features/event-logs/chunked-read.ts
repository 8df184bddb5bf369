// A thin chunked reader over @leanflow/analysis's CSV and XES parsers, for the studio's worker: the text is cut at
// record (CSV) or trace (XES) boundaries, each piece goes through the core parser, and between pieces the reader
// reports progress and yields, so Cancel and progress messages get through while a million events are read.
// Error line numbers are those of the whole file. (The core's own reader reads in one go; see docs/event-logs.md.)
import { EventLogError, parseCsvLog, parseXesLog, type EventLog, type LogEvent, type LogField, type ReadLogOptions } from '@leanflow/analysis';
import type { ReadProgress } from './protocol.ts';

/** Characters per piece: about 20,000 CSV events, a few ms of parsing each. */
export const CHUNK_CHARS = 2_000_000;

export interface ChunkedReadOptions extends ReadLogOptions {
  readonly chunkChars?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadProgress) => void;
}

const lineOf = (message: string) => message.replace(/^line \d+: /, '');

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error('The import was cancelled.'), { name: 'AbortError' });
}

/** Parses one piece; an error's line becomes the line in the whole file (`shift` added). */
function parsePiece(parse: () => EventLog, shift: number): EventLog {
  try {
    return parse();
  } catch (error) {
    if (error instanceof EventLogError && error.line !== undefined && error.line > 1) throw new EventLogError(error.code, lineOf(error.message), error.line + shift);
    throw error;
  }
}

/** Reads CSV or XES text piece by piece with progress; the result equals `parseCsvLog`/`parseXesLog` of the whole text. */
export async function readLogChunked(text: string, format: 'csv' | 'xes', options: ChunkedReadOptions = {}): Promise<EventLog> {
  const size = options.chunkChars ?? CHUNK_CHARS;
  const events: LogEvent[] = [];
  let columns: Partial<Record<LogField, string>> = {};
  let hasStartTimes = false;
  const add = (piece: EventLog) => {
    for (const e of piece.events) events.push(e);
    columns = { ...piece.columns };
    hasStartTimes ||= piece.hasStartTimes;
  };
  const report = async (done: number) => {
    options.onProgress?.({ done, total: text.length, events: events.length });
    await pause();
    aborted(options.signal);
  };
  const base: ReadLogOptions = {
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    ...(options.attributes?.length ? { attributes: options.attributes } : {}),
  };
  if (format === 'csv') {
    const headerEnd = text.search(/\r?\n/);
    if (headerEnd < 0) return parseCsvLog(text, { ...base, ...(options.columns ? { columns: options.columns } : {}) });
    const header = text.slice(0, headerEnd);
    let position = text.indexOf('\n', headerEnd) + 1;
    let linesBefore = 1;
    let given = options.columns;
    while (position < text.length) {
      // A piece ends at a newline outside quotes (an even number of quotes since the record boundary it starts at).
      let end = Math.min(text.length, position + size);
      let quotes = 0;
      for (let i = text.indexOf('"', position); i >= 0 && i < end; i = text.indexOf('"', i + 1)) quotes++;
      while (end < text.length) {
        const newline = text.indexOf('\n', end);
        const stop = newline < 0 ? text.length : newline + 1;
        for (let i = text.indexOf('"', end); i >= 0 && i < stop; i = text.indexOf('"', i + 1)) quotes++;
        end = stop;
        if (quotes % 2 === 0) break;
      }
      const piece = text.slice(position, end);
      if (piece.trim() !== '') {
        // The piece's first line is line 2 of what the parser sees, line linesBefore + 1 of the file.
        const parsed = parsePiece(() => parseCsvLog(`${header}\n${piece}`, { ...base, ...(given ? { columns: given } : {}) }), linesBefore - 1);
        add(parsed);
        given = parsed.columns; // later pieces read the same columns
      }
      linesBefore += countNewlines(text, position, end);
      position = end;
      await report(position);
    }
    if (events.length === 0) throw new EventLogError('log.empty', 'The log has a header but no events.', 2);
    return { format: 'csv', events, columns, hasStartTimes };
  }
  const first = text.indexOf('<trace');
  if (first < 0) return parseXesLog(text, { ...base, ...(options.columns ? { columns: options.columns } : {}) });
  const prefix = text.slice(0, first);
  const prefixLines = countNewlines(prefix, 0, prefix.length);
  const last = text.lastIndexOf('</trace>');
  let position = first;
  let linesBefore = prefixLines;
  while (position < last + 8 && last >= 0) {
    const close = text.indexOf('</trace>', Math.min(last, position + size));
    const end = close < 0 ? last + 8 : close + 8;
    const piece = text.slice(position, end);
    add(parsePiece(() => parseXesLog(`${prefix}${piece}</log>`, { ...base, ...(options.columns ? { columns: options.columns } : {}) }), linesBefore - prefixLines));
    linesBefore += countNewlines(text, position, end);
    position = end;
    await report(position);
  }
  if (events.length === 0) return parseXesLog(text, base); // its own clear error
  return { format: 'xes', events, columns, hasStartTimes };
}

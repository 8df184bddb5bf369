// Reading a log piece by piece, for a Web Worker with a progress bar: bytes in (a file's stream or one buffer), events
// out in chunks, progress after each piece. CSV records and XES traces may span pieces; gzip is unpacked as a stream.
import { EventLogError, type EventLog, type LogEvent, type LogField, type ReadLogOptions } from './types.ts';
import { createCsvRowReader, detectCsvSeparator, scanXes, type CsvRowReader } from './read.ts';
import { checkTimeZone } from './timestamps.ts';

/** Where a reader stands: bytes read of the source (compressed bytes for .gz) and events so far. */
export interface ReadProgress {
  readonly bytes: number;
  /** The source's size when known (a File's `size`, a buffer's length); null otherwise. */
  readonly totalBytes: number | null;
  readonly events: number;
  readonly done: boolean;
}

export interface ChunkedReadOptions extends ReadLogOptions {
  /** The source's size in bytes, for progress fractions (a buffer's is known). */
  readonly totalBytes?: number;
  /** Called after each piece is read (and once at the end with `done: true`). */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Size of the pieces a buffer is cut into (default 1 MiB). */
  readonly pieceBytes?: number;
  /** Stops reading at the next piece when `aborted` turns true (throws `EventLogError` `log.aborted`). */
  readonly signal?: { readonly aborted: boolean };
}

/** The events read from one piece of the source. */
export interface EventLogChunk {
  readonly format: 'csv' | 'xes';
  readonly events: readonly LogEvent[];
  /** Which column or attribute fed which field (known from the first chunk). */
  readonly columns: Readonly<Partial<Record<LogField, string>>>;
  readonly progress: ReadProgress;
}

/** A reader of byte pieces: a `ReadableStream`'s reader (browsers, `File.stream()`) has this shape. */
export interface BytePieceReader {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array | undefined }>;
}
/** Bytes to read: one buffer, an async iterable of pieces (Node streams), or a stream with `getReader()`. */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array> | { getReader(): BytePieceReader };

interface Runtime {
  TextDecoder: new (label?: string) => { decode(bytes?: Uint8Array, options?: { stream: boolean }): string };
  DecompressionStream: new (format: 'gzip') => {
    readable: { getReader(): BytePieceReader };
    writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void>; abort(reason?: unknown): Promise<void> } };
  };
}
const runtime = globalThis as unknown as Runtime;

async function* pieces(source: ByteSource, pieceBytes: number): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.length; at += pieceBytes) yield source.subarray(at, Math.min(source.length, at + pieceBytes));
    return;
  }
  if ('getReader' in source) {
    const reader = source.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) if (r.value) yield r.value;
    return;
  }
  yield* source;
}

/** Unpacks gzip pieces as they come, counting the compressed bytes read into `counter`. */
async function* gunzipPieces(first: Uint8Array, rest: AsyncGenerator<Uint8Array>, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  const stream = new runtime.DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let failure: unknown;
  // The writer runs alongside the reader: writes wait for the reader to take output (backpressure).
  const feeding = (async () => {
    try {
      counter.bytes += first.length;
      await writer.write(first);
      for await (const piece of rest) {
        counter.bytes += piece.length;
        await writer.write(piece);
      }
      await writer.close();
    } catch (error) {
      failure = error;
      await writer.abort(error).catch(() => undefined);
    }
  })();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) if (r.value) yield r.value;
  } catch (error) {
    throw new EventLogError('log.gzip', `The file looks gzip-compressed but cannot be unpacked (${(failure as Error | undefined)?.message ?? (error as Error).message}).`);
  }
  await feeding;
  if (failure) throw failure instanceof EventLogError ? failure : new EventLogError('log.gzip', `The file looks gzip-compressed but cannot be unpacked (${(failure as Error).message}).`);
}

/** An incremental CSV tokenizer: text in pieces, whole records out (RFC 4180 quotes; a record may span pieces). */
class CsvTokenizer {
  private pending = '';
  private line = 1;
  constructor(private separator: string) {}

  /** Whole records in `text` (after what was pending); the unfinished tail waits for the next piece. */
  push(text: string, last: boolean, out: (fields: string[], line: number) => void): void {
    const buf = this.pending + text;
    const sep = this.separator.charCodeAt(0);
    let i = 0;
    const n = buf.length;
    while (i < n) {
      const recordStart = i;
      const recordLine = this.line;
      let newlines = 0;
      const fields: string[] = [];
      let complete = false;
      for (;;) {
        if (i < n && buf.charCodeAt(i) === 34) {
          // Quoted field: up to the closing quote ("" is a quote).
          let value = '';
          let j = i + 1;
          let closed = false;
          for (;;) {
            const q = buf.indexOf('"', j);
            if (q < 0) break;
            if (buf.charCodeAt(q + 1) === 34) {
              value += buf.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !last) break; // the next piece may start with a second quote
            value += buf.slice(j, q);
            j = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (last) throw new EventLogError('log.csv.quote', 'A quoted field is not closed.', recordLine);
            break;
          }
          for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === 10) newlines++;
          // Text after the closing quote up to the separator belongs to the field (lenient, as csvRecords reads it).
          let k = j;
          while (k < n && buf.charCodeAt(k) !== sep && buf.charCodeAt(k) !== 10 && buf.charCodeAt(k) !== 13) k++;
          fields.push(value + buf.slice(j, k));
          i = k;
        } else {
          let k = i;
          while (k < n) {
            const c = buf.charCodeAt(k);
            if (c === sep || c === 10 || c === 13) break;
            k++;
          }
          fields.push(buf.slice(i, k));
          i = k;
        }
        if (i >= n) {
          if (last) complete = true;
          break;
        }
        const c = buf.charCodeAt(i);
        if (c === sep) {
          i++;
          continue;
        }
        // End of the record: \n, \r or \r\n (a lone \r at the end of a piece waits for a possible \n).
        if (c === 13) {
          if (i + 1 >= n && !last) break;
          i += buf.charCodeAt(i + 1) === 10 ? 2 : 1;
        } else i++;
        complete = true;
        break;
      }
      if (!complete) {
        this.pending = buf.slice(recordStart);
        return;
      }
      this.line += newlines + 1;
      if (fields.length > 1 || fields[0] !== '') out(fields, recordLine);
    }
    this.pending = '';
  }
}

/**
 * Reads a log piece by piece and yields its events chunk by chunk, with progress: for a Web Worker that posts the
 * progress to the UI and keeps the page responsive. CSV and XES (plain or gzip, detected by magic bytes); the same
 * events as `readEventLog`, the same `EventLogError`s with line numbers. Memory: the events and one piece of text.
 *
 * @example
 * for await (const chunk of readEventLogChunks(file.stream(), { fileName: file.name, totalBytes: file.size })) {
 *   events.push(...chunk.events);
 *   postMessage({ progress: chunk.progress.bytes / file.size });
 * }
 */
export async function* readEventLogChunks(source: ByteSource, options: ChunkedReadOptions = {}): AsyncGenerator<EventLogChunk> {
  const zoneProblem = options.timeZone ? checkTimeZone(options.timeZone) : undefined;
  if (zoneProblem) throw new EventLogError('log.timeZone', zoneProblem);
  const totalBytes = options.totalBytes ?? (source instanceof Uint8Array ? source.length : null);
  const raw = pieces(source, options.pieceBytes ?? 1 << 20);
  const counter = { bytes: 0 };
  let first = await raw.next();
  // Two bytes at least, to see the gzip magic (a stream may hand out single bytes).
  while (!first.done && first.value.length < 2) {
    const more = await raw.next();
    if (more.done) break;
    const joined = new Uint8Array(first.value.length + more.value.length);
    joined.set(first.value);
    joined.set(more.value, first.value.length);
    first = { done: false, value: joined };
  }
  if (first.done || first.value.length === 0) throw new EventLogError('log.empty', 'The log is empty: expected a header line with column names.', 1);
  const gzip = first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b;
  async function* plain(): AsyncGenerator<Uint8Array> {
    counter.bytes += first.value!.length;
    yield first.value!;
    for await (const piece of raw) {
      counter.bytes += piece.length;
      yield piece;
    }
  }
  const bytes = gzip ? gunzipPieces(first.value, raw, counter) : plain();
  const decoder = new runtime.TextDecoder('utf-8');
  const name = (options.fileName ?? '').toLowerCase().replace(/\.gz$/, '');
  let format: 'csv' | 'xes' | undefined;
  let events = 0;
  // CSV state
  let header: string[] | undefined;
  let rowReader: CsvRowReader | undefined;
  let tokenizer: CsvTokenizer | undefined;
  let headText = '';
  // XES state
  let xesText = '';
  let xesLines = 0;
  let xesTraces = 0;
  let xesStarted = false;
  let xesColumns: Partial<Record<LogField, string>> = {};
  const progress = (done: boolean): ReadProgress => ({ bytes: counter.bytes, totalBytes, events, done });

  const readCsv = (text: string, last: boolean): LogEvent[] => {
    const out: LogEvent[] = [];
    if (!tokenizer) {
      headText += text;
      const end = headText.search(/\r?\n/);
      if (end < 0 && !last) return out;
      const firstLine = end < 0 ? headText : headText.slice(0, end);
      if (firstLine.trim() === '') throw new EventLogError('log.empty', 'The log is empty: expected a header line with column names.', 1);
      tokenizer = new CsvTokenizer(detectCsvSeparator(firstLine));
      text = headText;
      headText = '';
    }
    tokenizer.push(text, last, (fields, line) => {
      if (!header) {
        header = fields;
        rowReader = createCsvRowReader(header, options);
        return;
      }
      const event = rowReader!.read(fields, line);
      if (event) out.push(event);
    });
    return out;
  };

  const readXes = (text: string, last: boolean): LogEvent[] => {
    xesText += text;
    // Whole traces only: up to the last closing tag; the rest waits for the next piece.
    const cut = last ? xesText.length : xesText.lastIndexOf('</trace>') + (xesText.lastIndexOf('</trace>') >= 0 ? 8 : 0);
    if (cut <= 0) return [];
    const segment = xesText.slice(0, cut);
    xesText = xesText.slice(cut);
    const parsed = scanXes(xesStarted ? `<log>${segment}` : segment, options, { traceOffset: xesTraces, lineOffset: xesLines, requireEvents: false });
    xesStarted = true;
    xesTraces += parsed.traces;
    xesColumns = { ...xesColumns, ...parsed.columns };
    for (let i = 0; i < segment.length; i++) if (segment.charCodeAt(i) === 10) xesLines++;
    return [...parsed.events];
  };

  for (let next = await bytes.next(); ; ) {
    const done = next.done === true;
    let text = done ? decoder.decode() : decoder.decode(next.value, { stream: true });
    if (format === undefined) {
      text = text.replace(/^\uFEFF/, '');
      const head = text.trimStart();
      if (head === '' && !done) {
        next = await bytes.next();
        continue;
      }
      format = /\.xes$/.test(name) || /^<(\?xml|log[\s>])/.test(head) ? 'xes' : 'csv';
    }
    if (options.signal?.aborted) throw new EventLogError('log.aborted', 'Reading the log was cancelled.');
    const chunk = format === 'csv' ? readCsv(text, done) : readXes(text, done);
    events += chunk.length;
    const now = progress(done);
    options.onProgress?.(now);
    if (chunk.length > 0 || done) yield { format, events: chunk, columns: format === 'csv' ? (rowReader?.columns ?? {}) : xesColumns, progress: now };
    if (done) break;
    next = await bytes.next();
  }
  if (events === 0) {
    if (format === 'csv' && !header) throw new EventLogError('log.empty', 'The log is empty: expected a header line with column names.', 1);
    throw new EventLogError('log.empty', format === 'xes' ? 'The XES log has no traces with events.' : 'The log has a header but no events.', 2);
  }
}

/**
 * Reads a whole log piece by piece with progress (`onProgress`), e.g. in a Web Worker; the same result as
 * `readEventLog`.
 *
 * @example
 * const log = await readEventLogIncremental(file.stream(), { fileName: file.name, totalBytes: file.size, onProgress: (p) => postMessage(p) });
 */
export async function readEventLogIncremental(source: ByteSource, options: ChunkedReadOptions = {}): Promise<EventLog> {
  const events: LogEvent[] = [];
  let format: 'csv' | 'xes' = 'csv';
  let columns: Partial<Record<LogField, string>> = {};
  for await (const chunk of readEventLogChunks(source, options)) {
    format = chunk.format;
    columns = { ...chunk.columns };
    // A loop, not push(...chunk.events): a spread of a large chunk can overflow the stack.
    for (const e of chunk.events) events.push(e);
  }
  return { format, events, columns, hasStartTimes: events.some((e) => e.start !== undefined) };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EventLogError, readEventLog, readEventLogChunks, readEventLogIncremental, type ReadProgress } from '../index.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);

const CSV = 'Case ID;activity;start_time;end_time;resource\r\n7;"Check; then ""approve""";2024-01-01 09:00;2024-01-01 09:30;Ann\r\n7;"two\nlines";2024-01-01 09:40;2024-01-01 10:00;Bob\r\n8;Close;;2024-01-02 10:00;\r\n';
const XES = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <global scope="trace"><string key="concept:name" value="name"/></global>
  <trace><string key="concept:name" value="c1"/>
    <event><string key="concept:name" value="Check &amp; file"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2024-01-01T09:00:00.000+01:00"/><string key="org:resource" value="Ann"/></event>
    <event><string key="concept:name" value="Check &amp; file"/><string key="lifecycle:transition" value="complete"/><date key="time:timestamp" value="2024-01-01T09:20:00.000+01:00"/></event>
  </trace>
  <trace>
    <event><string key="concept:name" value="Close"/><date key="time:timestamp" value="2024-01-01T10:00:00.000+01:00"/></event>
  </trace>
  <trace>
    <event><string key="concept:name" value="Close"/><date key="time:timestamp" value="2024-01-02T10:00:00.000+01:00"/></event>
  </trace>
</log>`;

async function* trickle(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.slice(at, at + size);
}

describe('reading a log in pieces', () => {
  it('gives the same events as the whole-file reader for any piece size (CSV, XES, gzip)', async () => {
    for (const [text, fileName] of [
      [CSV, 'log.csv'],
      [XES, 'log.xes'],
    ] as const) {
      const whole = await readEventLog(bytes(text), { fileName });
      for (const size of [1, 2, 3, 7, 64, 100_000]) {
        for (const input of [bytes(text), new Uint8Array(gzipSync(bytes(text)))]) {
          const log = await readEventLogIncremental(trickle(input, size), { fileName });
          expect(log, `${fileName} in pieces of ${size}`).toEqual(whole);
        }
      }
    }
  });

  it('numbers unnamed XES traces across pieces', async () => {
    const log = await readEventLogIncremental(trickle(bytes(XES), 5), { fileName: 'log.xes' });
    expect(log.events.map((e) => e.caseId)).toEqual(['c1', 'trace 2', 'trace 3']);
  });

  it('reports progress in bytes and events, ending with done', async () => {
    const rows = ['case,activity,end'];
    for (let i = 0; i < 5000; i++) rows.push(`${i},A,2024-01-01T09:00:00Z`);
    const data = bytes(rows.join('\n'));
    const seen: ReadProgress[] = [];
    let chunks = 0;
    for await (const chunk of readEventLogChunks(data, { pieceBytes: 10_000, onProgress: (p) => seen.push(p) })) {
      chunks++;
      expect(chunk.columns).toEqual({ case: 'case', activity: 'activity', end: 'end' });
    }
    expect(chunks).toBeGreaterThan(5);
    expect(seen.at(-1)).toEqual({ bytes: data.length, totalBytes: data.length, events: 5000, done: true });
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.bytes).toBeGreaterThanOrEqual(seen[i - 1]!.bytes);
      expect(seen[i]!.events).toBeGreaterThanOrEqual(seen[i - 1]!.events);
    }
    // Progress over compressed bytes for a .gz source.
    const gz = new Uint8Array(gzipSync(data));
    const last: ReadProgress[] = [];
    await readEventLogIncremental(gz, { pieceBytes: 1000, onProgress: (p) => last.push(p) });
    expect(last.at(-1)).toMatchObject({ bytes: gz.length, totalBytes: gz.length, events: 5000, done: true });
    expect(last.length).toBeGreaterThan(3);
  });

  it('keeps the whole-file reader\'s errors and line numbers', async () => {
    const text = `case,activity,end\n${Array.from({ length: 300 }, (_, i) => `${i},A,2024-01-01 09:00`).join('\n')}\n9,B,tomorrow\n`;
    const whole = await readEventLog(bytes(text)).catch((e: unknown) => e);
    const pieces = await readEventLogIncremental(trickle(bytes(text), 11)).catch((e: unknown) => e);
    expect(pieces).toBeInstanceOf(EventLogError);
    expect((pieces as EventLogError).message).toBe((whole as Error).message);
    expect((pieces as EventLogError).line).toBe(302);
    await expect(readEventLogIncremental(bytes('case,activity,end\n1,"open,2024-01-01\n'))).rejects.toThrow('A quoted field is not closed.');
    await expect(readEventLogIncremental(bytes(''))).rejects.toThrow('The log is empty');
    await expect(readEventLogIncremental(bytes('case,activity,end\n'))).rejects.toThrow('The log has a header but no events.');
    await expect(readEventLogIncremental(new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4]))).rejects.toThrow(/gzip-compressed but cannot be unpacked/);
    const badXes = bytes(XES.replace('2024-01-02T10:00', 'soon'));
    await expect(readEventLog(badXes, { fileName: 'l.xes' })).rejects.toThrow(/^line 12: "soon/);
    await expect(readEventLogIncremental(badXes, { fileName: 'l.xes', pieceBytes: 50 })).rejects.toThrow(/^line 12: "soon/);
    const aborted = readEventLogIncremental(bytes(text), { pieceBytes: 100, signal: { aborted: true } });
    await expect(aborted).rejects.toThrow('Reading the log was cancelled.');
  });

  it('reads the Simod logs from a stream as the whole-file reader does', async () => {
    for (const file of ['loanapp-simplified-train.csv.gz', 'purchasing-example.csv.gz']) {
      const data = new Uint8Array(readFileSync(`${fixtures}/logs/${file}`));
      const whole = await readEventLog(data, { fileName: file });
      const stream = new Blob([data]).stream();
      expect(await readEventLogIncremental(stream, { fileName: file, totalBytes: data.length })).toEqual(whole);
    }
  });
});

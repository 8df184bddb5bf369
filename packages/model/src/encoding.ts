// Bytes -> text for XML files: the byte-order mark, else the encoding the XML declaration names, else UTF-8.
// Bytes that are not valid in that encoding are an error naming the line, never a silent U+FFFD.
import type { ModelIssue } from './graph.ts';

// TextDecoder is in every runtime we target (browsers, workers, Node) but in no lib this DOM-free package compiles with.
interface Decoder {
  readonly encoding: string;
  decode(input: Uint8Array): string;
}
const TextDecoder = (globalThis as unknown as { TextDecoder: new (label?: string, options?: { fatal?: boolean }) => Decoder }).TextDecoder;

/** The decoded text of a file, the encoding used, and what went wrong decoding it. */
export interface DecodedXml {
  readonly text: string;
  /** The WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`. */
  readonly encoding: string;
  /** The encoding the file's XML declaration names, as written (absent when it names none). */
  readonly declared?: string;
  readonly issues: readonly ModelIssue[];
}

/** windows-1252's characters at 0x80-0x9F (WHATWG reads ISO-8859-1 as windows-1252; Node 20's decoder does not). */
const CP1252 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(text: string, encoding: string): string {
  return encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80]!) : text;
}

/** The offset of the first byte that does not belong to a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Decodes an XML file honouring its byte-order mark or declared encoding (ISO-8859-1, windows-1252, UTF-16...).
 * Bytes that are not valid UTF-8 in a UTF-8 file are reported as an error naming the line (and replaced by U+FFFD
 * so the rest can still be read); an encoding this runtime cannot decode is an error too.
 *
 * @example
 * const { text, issues } = decodeXmlBytes(await readFile('model.bpmn'));
 */
export function decodeXmlBytes(bytes: Uint8Array): DecodedXml {
  const issues: ModelIssue[] = [];
  let start = 0;
  let label: string | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) [label, start] = ['utf-8', 3];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [label, start] = ['utf-16be', 2];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [label, start] = ['utf-16le', 2];
  const head = new TextDecoder('latin1').decode(bytes.subarray(start, start + 300));
  const declared = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  label ??= declared ?? 'utf-8';
  let decoder: Decoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    issues.push({ code: 'xml.encodingUnknown', severity: 'error', message: `The file declares the encoding "${label}", which Leanflow cannot read; it was read as UTF-8. Save it as UTF-8.` });
    decoder = new TextDecoder('utf-8', { fatal: true });
  }
  const body = bytes.subarray(start);
  try {
    const text = windows1252(decoder.decode(body), decoder.encoding);
    if (decoder.encoding !== 'utf-8') {
      issues.push({ code: 'xml.encoding', severity: 'info', message: `The file is encoded as ${declared ?? decoder.encoding}; it was read as such and is saved as UTF-8.` });
    }
    return { text, encoding: decoder.encoding, ...(declared ? { declared } : {}), issues };
  } catch {
    const offset = decoder.encoding === 'utf-8' ? firstInvalidUtf8(body) : -1;
    const where = offset >= 0 ? `Line ${lineAt(body, offset)} has bytes` : 'The file has bytes';
    issues.push({
      code: 'xml.invalidBytes',
      severity: 'error',
      message: `${where} that are not valid ${decoder.encoding === 'utf-8' ? 'UTF-8' : decoder.encoding}${offset >= 0 ? ` (byte 0x${body[offset]!.toString(16).padStart(2, '0')} at offset ${offset + start})` : ''}; they were replaced by "\uFFFD" and saving would keep that. If the file is in another encoding, declare it (e.g. <?xml version="1.0" encoding="windows-1252"?>) or save it as UTF-8.`,
    });
    return { text: windows1252(new TextDecoder(decoder.encoding).decode(body), decoder.encoding), encoding: decoder.encoding, ...(declared ? { declared } : {}), issues };
  }
}

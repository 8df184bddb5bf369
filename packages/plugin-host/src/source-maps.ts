// Maps the stack of an error a plugin threw to the plugin's own source: the plugin's code runs from a data: (Node)
// or blob: (browser) URL, so its frames read `data:text/javascript;base64,<the whole bundle>:3:9`. With a source map
// (inline `//# sourceMappingURL=data:...`, or the file next to `main` that the loaders pass as `sourceMap`) they read
// `src/index.ts:6:9`; without one, `<main>:3:9`. Source map v3, decoded here (the host bundles no source-map library).

/** A place in the plugin's source (1-based line and column, as stack traces and editors count). */
export interface SourcePosition {
  readonly source: string;
  readonly line: number;
  readonly column: number;
}

interface RawSourceMap {
  readonly version?: number;
  readonly sources?: readonly (string | null)[];
  readonly sourceRoot?: string;
  readonly mappings?: string;
}

/** One generated line's segments: generated column, source index, original line, original column (all 0-based). */
type Segment = readonly [number, number, number, number];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i] as const));

/** Decodes a source map's `mappings` (base64 VLQ) into segments per generated line; segments without a source are dropped. */
function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let line = 0;
  let column = 0;
  for (const text of mappings.split(';')) {
    const segments: Segment[] = [];
    let generated = 0;
    for (const part of text.split(',')) {
      if (part === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of part) {
        const digit = BASE64_VALUE.get(char);
        if (digit === undefined) throw new Error(`not a base64 VLQ character: ${char}`);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generated += fields[0] ?? 0;
      if (fields.length < 4) continue;
      source += fields[1]!;
      line += fields[2]!;
      column += fields[3]!;
      segments.push([generated, source, line, column]);
    }
    segments.sort((a, b) => a[0] - b[0]);
    lines.push(segments);
  }
  return lines;
}

/** `webpack:///./src/a.ts`, `file:///work/p/src/a.ts`, `../../p/src/a.ts` -> a path an author recognises. */
function sourceName(source: string, root: string | undefined): string {
  const joined = root && !/^[a-z]+:/i.test(source) && !source.startsWith('/') ? `${root.replace(/\/$/, '')}/${source}` : source;
  return joined.replace(/^[a-z-]+:\/\/\/?/i, '').replace(/^(\.\.?\/)+/, '');
}

/**
 * Reads a source map (v3 JSON text) and returns a function from a generated 1-based line and column to the
 * source position, or undefined when the map cannot be read.
 *
 * @example
 * const at = readSourceMap(mapText);
 * at?.(3, 9); // { source: 'src/index.ts', line: 6, column: 9 }
 */
export function readSourceMap(text: string): ((line: number, column: number) => SourcePosition | undefined) | undefined {
  let raw: RawSourceMap;
  let lines: Segment[][];
  try {
    raw = JSON.parse(text) as RawSourceMap;
    if (raw.version !== 3 || typeof raw.mappings !== 'string' || !Array.isArray(raw.sources)) return undefined;
    lines = decodeMappings(raw.mappings);
  } catch {
    return undefined;
  }
  const sources = raw.sources.map((s) => sourceName(s ?? '', raw.sourceRoot));
  return (line, column) => {
    const segments = lines[line - 1];
    if (!segments || segments.length === 0) return undefined;
    // The last segment starting at or before the column (the first one for a column before all of them).
    let found = segments[0]!;
    for (const segment of segments) {
      if (segment[0] > column - 1) break;
      found = segment;
    }
    const source = sources[found[1]];
    return source === undefined ? undefined : { source, line: found[2] + 1, column: found[3] + 1 };
  };
}

/** The source map inlined at the end of `code` (`//# sourceMappingURL=data:application/json;base64,...`), as text. */
export function inlineSourceMap(code: string): string | undefined {
  const match = /\/\/[#@] sourceMappingURL=data:application\/json;(?:charset=[\w-]+;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(code.slice(-4_000_000));
  if (!match) return undefined;
  try {
    const binary = atob(match[1]!);
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** The file a plugin's code names as its external source map (`//# sourceMappingURL=index.js.map`), if any. */
export function externalSourceMapFile(code: string): string | undefined {
  const match = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/.exec(code.slice(-2_000));
  return match && !match[1]!.startsWith('data:') ? match[1] : undefined;
}

// The plugin's module URL in a frame: a data: URL (Node) or a blob: URL (browser), then :line:column.
const PLUGIN_FRAME = /(?:data:text\/javascript[^\s)]*?|blob:[^\s)]*?):(\d+):(\d+)/g;

/**
 * The stack with the plugin's frames pointing at its source (`src/index.ts:6:9`; `<main>:3:9` without a map) and
 * the first such place, for messages.
 *
 * @example
 * const { stack, location } = mapPluginStack(error.stack, readSourceMap(map), 'dist/index.js');
 */
export function mapPluginStack(
  stack: string,
  map: ((line: number, column: number) => SourcePosition | undefined) | undefined,
  main: string,
): { stack: string; location?: string } {
  let location: string | undefined;
  const mapped = stack.replace(PLUGIN_FRAME, (_, line: string, column: string) => {
    const position = map?.(Number(line), Number(column));
    const place = position ? `${position.source}:${position.line}:${position.column}` : `${main}:${line}:${column}`;
    location ??= place;
    return place;
  });
  return location === undefined ? { stack: mapped } : { stack: mapped, location };
}

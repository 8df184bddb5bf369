// A small, DOM-free, namespace-aware XML tree on top of saxen (the parser bpmn-moddle itself uses).
// Used where moddle's typed view is the wrong tool: reading foreign extensions (QBP, BPSim) whatever
// their position, checking well-formedness with a line and column, and comparing documents.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient typings must reach every program that imports this package
/// <reference path="./vendor.d.ts" />
import { Parser } from 'saxen';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** One attribute with its namespace resolved (`uri` is '' for unprefixed attributes). */
export interface XmlAttribute {
  readonly uri: string;
  readonly localName: string;
  readonly prefix: string;
  readonly value: string;
}

/** One element with its namespace resolved. Text and CDATA become string children. */
export interface XmlElement {
  readonly uri: string;
  readonly localName: string;
  readonly prefix: string;
  readonly attributes: readonly XmlAttribute[];
  /** Namespace declarations made on this element (prefix -> uri, '' for the default namespace). */
  readonly declarations: Readonly<Record<string, string>>;
  /** All namespace bindings in scope here (prefix -> uri), for resolving QName values such as xsi:type. */
  readonly scope: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
  /** 1-based position of the start tag; 0 unless parsed with `{ positions: true }`. */
  readonly line: number;
  readonly column: number;
}

export type XmlParseResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

interface MutableElement extends Omit<XmlElement, 'children'> {
  children: (MutableElement | string)[];
}

function splitName(name: string): [string, string] {
  const colon = name.indexOf(':');
  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/**
 * Parses XML into a tree. Never throws on bad input: returns the first error with its 1-based position.
 * Element positions are only recorded with `positions: true`: saxen finds a position by scanning the text from the
 * start, so asking for every element is quadratic (11 s instead of 0.1 s for a 2,000-element model).
 */
export function parseXmlTree(xml: string, options: { readonly positions?: boolean } = {}): XmlParseResult {
  const builder = createTreeBuilder(options.positions === true);
  try {
    builder.parser.parse(xml);
  } catch (error) {
    // saxen reports through 'error'; anything thrown here is still a broken document, not a bug of ours.
    builder.fail((error as Error).message, 0, 0);
  }
  const result = builder.finish();
  // A broken file: parse again with positions to say where the open tag is.
  if (result === 'unclosed') return parseXmlTree(xml, { positions: true });
  return result;
}

/** How `parseXmlTreeInSlices` shares time with its host (as moddle's sliced reader does). */
export interface TreeSliceOptions {
  /** Work per slice before `pause` is awaited (default 30 ms). */
  readonly sliceMs?: number;
  readonly now: () => number;
  readonly pause: () => Promise<void>;
  /**
   * Told about what saxen reads leniently but a strict XML parser refuses (an attribute without quotes or value): the
   * studio's check before opening then asks the browser's parser for its exact message.
   */
  readonly onWarning?: (message: string) => void;
}

/**
 * `parseXmlTree` in slices: the text goes to saxen's streaming parser a piece at a time, with `pause` awaited
 * between slices. Gives the same tree; a broken file is parsed again in one go for the exact position of the error.
 */
export async function parseXmlTreeInSlices(xml: string, options: TreeSliceOptions): Promise<XmlParseResult> {
  const { sliceMs = 30, now, pause } = options;
  const builder = createTreeBuilder(false);
  if (options.onWarning) {
    const onWarning = options.onWarning;
    builder.parser.on('warn', (warning) => onWarning(warning.message));
  }
  let sliceEnd = now() + sliceMs;
  try {
    for (let start = 0; start < xml.length && !builder.failed(); ) {
      // Cut before a tag: saxen keeps an unfinished token for the next piece anyway.
      let end = Math.min(xml.length, start + 16_384);
      if (end < xml.length) {
        const tag = xml.indexOf('<', end);
        end = tag === -1 ? xml.length : tag;
      }
      builder.parser.write(xml.slice(start, end));
      start = end;
      if (now() >= sliceEnd) {
        await pause();
        sliceEnd = now() + sliceMs;
      }
    }
    if (!builder.failed()) builder.parser.end();
  } catch (error) {
    builder.fail((error as Error).message, 0, 0);
  }
  const result = builder.finish();
  // Positions in saxen's streamed pieces are not the file's: a broken file is read again in one go to name them.
  return result !== 'unclosed' && result.ok ? result : parseXmlTree(xml);
}

/** The saxen handlers that build the tree; `finish` says what was built ('unclosed': a tag is never closed). */
function createTreeBuilder(positions: boolean) {
  const parser = new Parser();
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  let failure: { message: string; line: number; column: number } | undefined;
  const fail = (message: string, line: number, column: number) => {
    failure ??= { message, line, column };
    parser.stop();
  };

  parser.on('openTag', (name, getAttrs, decode, selfClosing, getContext) => {
    if (failure) return;
    const parentScope = stack.at(-1)?.scope ?? { xml: XML_NAMESPACE };
    const raw = getAttrs();
    const declarations: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'xmlns') declarations[''] = value;
      else if (key.startsWith('xmlns:')) declarations[key.slice(6)] = value;
    }
    const scope = Object.keys(declarations).length ? { ...parentScope, ...declarations } : parentScope;
    const [prefix, localName] = splitName(name);
    const uri = scope[prefix] ?? (prefix === '' ? '' : undefined);
    if (uri === undefined) {
      const context = getContext();
      return fail(`the prefix "${prefix}" of <${name}> is not declared`, context.line + 1, context.column + 1);
    }
    const attributes: XmlAttribute[] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      const [attrPrefix, attrLocal] = splitName(key);
      const attrUri = attrPrefix === '' ? '' : scope[attrPrefix];
      if (attrUri === undefined) {
        const context = getContext();
        return fail(`the prefix "${attrPrefix}" of attribute ${key} is not declared`, context.line + 1, context.column + 1);
      }
      attributes.push({ uri: attrUri, localName: attrLocal, prefix: attrPrefix, value: decode(value) });
    }
    const context = positions ? getContext() : { line: -1, column: -1 };
    const element: MutableElement = {
      uri,
      localName,
      prefix,
      attributes,
      declarations,
      children: [],
      line: context.line + 1,
      column: context.column + 1,
      scope,
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) {
      const at = getContext();
      return fail('there is more than one root element', at.line + 1, at.column + 1);
    }
    else root = element;
    if (!selfClosing) stack.push(element);
  });
  parser.on('closeTag', (_name, _decode, selfClosing) => {
    if (!selfClosing) stack.pop();
  });
  parser.on('text', (value, decode, getContext) => {
    const parent = stack.at(-1);
    if (parent) parent.children.push(decode(value));
    else if (value.trim() !== '' && !failure) {
      const context = getContext();
      fail(`text "${value.trim().slice(0, 20)}" outside the root element`, context.line + 1, context.column + 1);
    }
  });
  parser.on('cdata', (value) => {
    stack.at(-1)?.children.push(value);
  });
  parser.on('error', (error, getContext) => {
    const context = getContext();
    fail(error.message, context.line + 1, context.column + 1);
  });

  const finish = (): XmlParseResult | 'unclosed' => {
    if (failure) return { ok: false, ...failure };
    if (!root) return { ok: false, message: 'the document has no root element', line: 1, column: 1 };
    if (stack.length > 0) {
      if (!positions) return 'unclosed';
      const open = stack.at(-1)!;
      return { ok: false, message: `<${open.prefix ? `${open.prefix}:` : ''}${open.localName}> is never closed`, line: open.line, column: open.column };
    }
    return { ok: true, root };
  };
  return { parser, fail, finish, failed: () => failure !== undefined };
}

/** Child elements, optionally only those with a local name (any namespace in `uris`, or any when omitted). */
export function childElements(element: XmlElement, localName?: string, uris?: readonly string[]): XmlElement[] {
  const result: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (localName !== undefined && child.localName !== localName) continue;
    if (uris && !uris.includes(child.uri)) continue;
    result.push(child);
  }
  return result;
}

/** All descendant elements (depth first) with this local name and one of these namespaces. */
export function descendants(element: XmlElement, localName: string, uris: readonly string[]): XmlElement[] {
  const result: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (child.localName === localName && uris.includes(child.uri)) result.push(child);
      visit(child);
    }
  };
  visit(element);
  return result;
}

/** The value of an unprefixed (or namespaced) attribute. */
export function attribute(element: XmlElement, localName: string, uri = ''): string | undefined {
  return element.attributes.find((a) => a.localName === localName && a.uri === uri)?.value;
}

/** The concatenated text content of an element and its descendants. */
export function textContent(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textContent(child))).join('');
}

/** Escapes text for an XML attribute value or text node. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The deepest element nesting Leanflow reads (the root is level 1). Reading, simulating, scoring and writing walk
 * the tree recursively (moddle's writer included), so a file that nests thousands of sub-processes would exhaust
 * the stack; 200 levels leaves room for about 195 nested sub-processes, far more than any real process uses.
 */
export const MAX_XML_DEPTH = 200;

/** Where a document nests too deep: its whole depth, and the first element past the limit (its QName and id). */
export interface TooDeep {
  readonly depth: number;
  readonly name: string;
  readonly id?: string;
}

/**
 * Measures the element nesting of XML text in one pass, without a parser or recursion (milliseconds for a large
 * model), so the studio can check a file before bpmn-js walks it; undefined when it stays within `limit`. Meant for
 * well-formed XML (on broken XML the answer is approximate; the parser reports the breakage).
 *
 * @example
 * const deep = findTooDeepInText(xml);
 * if (deep) showError(tooDeepMessage(deep));
 */
export function findTooDeepInText(xml: string, limit = MAX_XML_DEPTH): TooDeep | undefined {
  let depth = 0;
  let deepest = 0;
  let first: { name: string; id?: string } | undefined;
  let i = xml.indexOf('<');
  while (i !== -1 && i < xml.length) {
    const next = xml[i + 1];
    let end: number;
    if (next === '?') end = xml.indexOf('?>', i + 2) + 1;
    else if (xml.startsWith('<!--', i)) end = xml.indexOf('-->', i + 4) + 2;
    else if (xml.startsWith('<![CDATA[', i)) end = xml.indexOf(']]>', i + 9) + 2;
    else if (next === '!' || next === '/') {
      end = xml.indexOf('>', i + 2);
      if (next === '/') depth--;
    } else {
      // a start tag: find its end outside quoted attribute values
      let quote = '';
      end = -1;
      for (let j = i + 1; j < xml.length; j++) {
        const c = xml[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') {
          end = j;
          break;
        }
      }
      if (end === -1) break;
      // the element's level; a self-closing one has no children, so the depth only grows for the others
      const level = depth + 1;
      if (level > deepest) deepest = level;
      if (level === limit + 1 && !first) {
        const tag = xml.slice(i + 1, end);
        const id = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
        first = { name: /^[^\s/>]+/.exec(tag)?.[0] ?? '', ...(id ? { id: id[1] ?? id[2]! } : {}) };
      }
      if (xml[end - 1] !== '/') depth = level;
    }
    if (end <= 0) break;
    i = xml.indexOf('<', end + 1);
  }
  return first ? { depth: deepest, ...first } : undefined;
}

/**
 * The message for a document that nests too deep: the same words in the CLI, the studio's jobs and its canvas.
 *
 * @example
 * tooDeepMessage({ depth: 5003, name: 'bpmn:startEvent', id: 'S_197' });
 */
export function tooDeepMessage(deep: TooDeep): string {
  return `The file nests its XML elements ${deep.depth} levels deep (at <${deep.name}${deep.id !== undefined ? ` id="${deep.id}"` : ''}>, e.g. sub-processes inside sub-processes); Leanflow reads at most ${MAX_XML_DEPTH} levels.`;
}

/**
 * The first element deeper than `limit` levels and the document's whole depth, found without recursion; undefined
 * when the tree stays within the limit.
 *
 * @example
 * const deep = findTooDeep(root, MAX_XML_DEPTH);
 * if (deep) console.log(`${deep.depth} levels, first too deep: <${deep.element.localName}>`);
 */
export function findTooDeep(root: XmlElement, limit: number): { readonly element: XmlElement; readonly depth: number } | undefined {
  let first: XmlElement | undefined;
  let deepest = 0;
  const pending: [XmlElement, number][] = [[root, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [element, depth] = next;
    if (depth > deepest) deepest = depth;
    if (depth === limit + 1) first ??= element;
    // children pushed in reverse so the first too-deep element in document order is found first
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i]!;
      if (typeof child !== 'string') pending.push([child, depth + 1]);
    }
  }
  return first ? { element: first, depth: deepest } : undefined;
}

/**
 * Escapes an attribute value so that a reader gets exactly this string back: line breaks and tabs become character
 * references (written raw, a reader's attribute-value normalisation turns them into spaces).
 */
export function escapeXmlAttribute(value: string): string {
  return escapeXml(value).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Escapes text content (quotes need no escaping there). */
function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function qualifiedName(node: { readonly prefix: string; readonly localName: string }): string {
  return node.prefix ? `${node.prefix}:${node.localName}` : node.localName;
}

/** The markup of an element's children (text escaped), e.g. the HTML inside a `documentation`. */
export function writeXmlChildren(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? escapeXmlText(child) : writeXmlElement(child))).join('');
}

/** One element as XML, with its namespace declarations and prefixes as parsed. */
export function writeXmlElement(element: XmlElement): string {
  const declarations = Object.entries(element.declarations).map(([prefix, uri]) => ` ${prefix ? `xmlns:${prefix}` : 'xmlns'}="${escapeXmlAttribute(uri)}"`);
  const attributes = element.attributes.map((a) => ` ${qualifiedName(a)}="${escapeXmlAttribute(a.value)}"`);
  const open = `<${qualifiedName(element)}${declarations.join('')}${attributes.join('')}`;
  return element.children.length === 0 ? `${open}/>` : `${open}>${writeXmlChildren(element)}</${qualifiedName(element)}>`;
}

/** A whole document (UTF-8 declaration, then the root). Comments and processing instructions are not kept. */
export function writeXmlTree(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeXmlElement(root)}\n`;
}

/**
 * Line breaks and tabs inside attribute values written raw by another serialiser (bpmn-moddle writes `\r` and
 * tabs as they are) become character references, so readers do not see spaces. Text keeps `\r` as `&#13;`.
 * CDATA sections, comments and processing instructions are left alone.
 */
export function escapeRawWhitespaceInAttributes(xml: string): string {
  if (!/[\r\t]/.test(xml)) return xml;
  let out = '';
  let i = 0;
  while (i < xml.length) {
    if (xml.startsWith('<![CDATA[', i) || xml.startsWith('<!--', i) || xml.startsWith('<?', i)) {
      const end = xml.startsWith('<![CDATA[', i) ? ']]>' : xml.startsWith('<!--', i) ? '-->' : '?>';
      const close = xml.indexOf(end, i);
      const stop = close === -1 ? xml.length : close + end.length;
      out += xml.slice(i, stop);
      i = stop;
    } else if (xml[i] === '<') {
      // A tag: quoted attribute values get their raw whitespace escaped.
      let quote = '';
      const start = i;
      let tag = '';
      for (; i < xml.length; i++) {
        const c = xml[i]!;
        if (quote) {
          if (c === quote) quote = '';
          else if (c === '\r') { tag += '&#13;'; continue; }
          else if (c === '\t') { tag += '&#9;'; continue; }
          else if (c === '\n') { tag += '&#10;'; continue; }
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') { tag += c; i++; break; }
        tag += c;
      }
      out += tag || xml.slice(start, i);
    } else {
      const next = xml.indexOf('<', i);
      const stop = next === -1 ? xml.length : next;
      out += xml.slice(i, stop).replace(/\r/g, '&#13;');
      i = stop;
    }
  }
  return out;
}

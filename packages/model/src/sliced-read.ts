// moddle's XML reader in slices. bpmn-moddle's `fromXML` reads a whole file in one synchronous call (a 20,000-element
// file blocked the studio's main thread for 1.2 s on a quiet machine and 3.5-5 s on a loaded one). This is the same
// reader (moddle-xml's Reader: its element handlers, its warnings, its reference resolution), fed through saxen's
// streaming `write` a piece at a time, with a pause given by the caller between slices. Only the driving loop is
// ours; what is read is exactly what `fromXML` reads (sliced-read.test.ts compares the two on real files).
import { Reader } from 'moddle-xml';
import { Parser, type SaxContext, type SaxProxyNode } from 'saxen';
import type { FromXmlResult, ModdleWarning } from 'bpmn-moddle';
import type { ModdleElement, ModdleInstance } from './moddle.ts';

/** moddle-xml's namespaces every document knows (its DEFAULT_NS_MAP). */
const DEFAULT_NS_MAP: Record<string, string> = {
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xml: 'http://www.w3.org/XML/1998/namespace',
};

/** How the reader shares time with its host. */
export interface SliceOptions {
  /** Work per slice before `pause` is awaited (default 30 ms). */
  readonly sliceMs?: number;
  /** Characters handed to the XML parser per step (default 16,384); the clock is read after each step. */
  readonly chunkChars?: number;
  /** A clock in ms (the studio passes `performance.now`). */
  readonly now: () => number;
  /** Awaited between slices: lets the host paint and handle input (the studio waits for a frame). */
  readonly pause: () => Promise<void>;
  /** Called after each slice with the characters read so far and the total. */
  readonly onProgress?: (read: number, total: number) => void;
  /** Stops reading (rejects) when it returns true, e.g. the document was closed meanwhile. */
  readonly isCancelled?: () => boolean;
}

interface Reference {
  readonly element: ModdleElement;
  readonly property: string;
  readonly id: string;
}

interface ElementHandler {
  context: unknown;
  readonly element?: ModdleElement;
  readonly type: { $descriptor: { name: string } };
  handleNode(node: unknown): ElementHandler;
  handleText(text: string): void;
  handleEnd(): void;
}

/** moddle-xml's parse context (not exported by it): the same members, which its element handlers call. */
function createContext(rootHandler: ElementHandler) {
  const context = {
    rootHandler,
    elementsById: Object.create(null) as Record<string, ModdleElement>,
    references: [] as Reference[],
    warnings: [] as ModdleWarning[],
    addReference(reference: Reference) {
      context.references.push(reference);
    },
    addElement(element: ModdleElement) {
      if (!element) throw new Error('expected element');
      const idProperty = descriptorOf(element).idProperty;
      if (!idProperty) return;
      const id = element.get(idProperty.name);
      if (!id) return;
      // QName validation as per http://www.w3.org/TR/REC-xml/#NT-NameChar (as moddle-xml does)
      if (typeof id !== 'string' || !/^([a-z][\w-.]*:)?[a-z_][\w-.]*$/i.test(id)) throw new Error(`illegal ID <${String(id)}>`);
      if (context.elementsById[id]) throw new Error(`duplicate ID <${id}>`);
      context.elementsById[id] = element;
    },
    addWarning(warning: ModdleWarning) {
      context.warnings.push(warning);
    },
  };
  return context;
}

interface Descriptor {
  readonly idProperty?: { name: string };
  readonly propertiesByName: Record<string, { name: string; isMany?: boolean }>;
}

function descriptorOf(element: ModdleElement): Descriptor {
  return (element as unknown as { $descriptor: Descriptor }).$descriptor;
}

const PREAMBLE_START_PATTERN = /^<\?xml /i;
const ENCODING_PATTERN = / encoding="([^"]+)"/i;
const UTF_8_PATTERN = /^utf-8$/i;
/** Line breaks (\r\n, \r or \n, as saxen counts them) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 10) count++;
    else if (code === 13 && text.charCodeAt(at + 1) !== 10) count++;
  }
  return count;
}

/**
 * Reads BPMN XML like `moddle.fromXML(xml, typeName)` (lax, as bpmn-js reads), but in slices of about `sliceMs`,
 * awaiting `pause` between them. Resolves with the same result (root element, elements by id, references,
 * warnings); rejects like `fromXML` (the error carries `warnings`).
 *
 * @example
 * const moddle = modeler.get('moddle');
 * moddle.fromXML = (xml, type) => readXmlInSlices(moddle, xml, typeof type === 'string' ? type : 'bpmn:Definitions', { now: () => performance.now(), pause: nextFrame });
 */
export async function readXmlInSlices(moddle: ModdleInstance, xml: string, typeName: string, options: SliceOptions): Promise<FromXmlResult> {
  const { sliceMs = 30, chunkChars = 16_384, now, pause, onProgress, isCancelled = () => false } = options;
  const reader = new Reader({ model: moddle, lax: true });
  const rootHandler = reader.handler(typeName) as ElementHandler;
  const context = createContext(rootHandler);
  rootHandler.context = context;
  const stack: ElementHandler[] = [rootHandler];
  const peek = () => stack[stack.length - 1]!;
  // saxen reports lines from the start of the text it is parsing: what it kept from the last `write` plus the new
  // piece. `inputStart` is where that text starts in the file; the lines before it are added, so warnings name the
  // file's own lines as `fromXML`'s do.
  let inputStart = 0;
  let lineOffset = 0;

  // Lax as bpmn-js reads: an element moddle cannot read is a warning. (Broken XML, reported by saxen's 'error',
  // still fails the read: moddle-xml's handler for it receives no `lax` argument.)
  const handleError = (error: Error, getContext: () => SaxContext, lax = true): boolean => {
    const position = getContext();
    let data = position.data ?? '';
    // For elements, only the tag name (as moddle-xml does).
    if (data.charAt(0) === '<' && data.includes(' ')) data = `${data.slice(0, data.indexOf(' '))}>`;
    // On the first line of saxen's text, the column counts from where that text starts.
    const column = position.line === 0 ? position.column + inputStart - (Math.max(xml.lastIndexOf('\n', inputStart - 1), xml.lastIndexOf('\r', inputStart - 1)) + 1) : position.column;
    const message = `unparsable content ${data ? `${data} ` : ''}detected\n\tline: ${position.line + lineOffset}\n\tcolumn: ${column}\n\tnested error: ${error.message}`;
    if (!lax) throw new Error(message);
    context.addWarning({ message, error });
    return true;
  };
  const handleText = (text: string, getContext: () => SaxContext) => {
    try {
      peek().handleText(text);
    } catch (error) {
      handleError(error as Error, getContext);
    }
  };

  const uriMap: Record<string, string> = {};
  for (const [prefix, uri] of Object.entries(DEFAULT_NS_MAP)) uriMap[uri] = prefix;
  for (const p of (moddle as unknown as { getPackages(): { uri: string; prefix: string }[] }).getPackages()) uriMap[p.uri] = p.prefix;

  const parser = new Parser({ proxy: true });
  parser
    .ns(uriMap)
    .on('openTag', (node: SaxProxyNode, decode: (text: string) => string, _selfClosing: boolean, getContext: () => SaxContext) => {
      // Unparsable attributes come as `false`: read as none, as moddle-xml does.
      const attrs = node.attrs || {};
      const attributes: Record<string, string> = {};
      for (const key of Object.keys(attrs)) attributes[key] = decode(attrs[key]!);
      const handler = peek();
      try {
        stack.push(handler.handleNode({ name: node.name, originalName: node.originalName, attributes, ns: node.ns }));
      } catch (error) {
        // lax: the element and its children are skipped (moddle-xml's NoopHandler)
        handleError(error as Error, getContext);
        stack.push(noopHandler);
      }
    })
    .on('question', (question: string) => {
      if (!PREAMBLE_START_PATTERN.test(question)) return;
      const encoding = ENCODING_PATTERN.exec(question)?.[1];
      if (!encoding || UTF_8_PATTERN.test(encoding)) return;
      context.addWarning({ message: `unsupported document encoding <${encoding}>, falling back to UTF-8` });
    })
    .on('closeTag', () => stack.pop()!.handleEnd())
    .on('cdata', handleText)
    .on('text', (text: string, decode: (text: string) => string, getContext: () => SaxContext) => {
      const decoded = decode(text);
      // Whitespace between tags is not content.
      if (decoded.trim()) handleText(decoded, getContext);
    })
    .on('error', (error: Error, getContext: () => SaxContext) => handleError(error, getContext, false))
    .on('warn', (error: Error, getContext: () => SaxContext) => handleError(error, getContext));

  const fail = (error: unknown): never => {
    const failure = error instanceof Error ? error : new Error(String(error));
    (failure as Error & { warnings?: ModdleWarning[] }).warnings = context.warnings;
    throw failure;
  };

  let sliceEnd = now() + sliceMs;
  const maybePause = async (read: number) => {
    if (now() < sliceEnd) return;
    onProgress?.(read, xml.length);
    await pause();
    if (isCancelled()) fail(new Error('reading was cancelled'));
    sliceEnd = now() + sliceMs;
  };

  try {
    for (let start = 0; start < xml.length; ) {
      // Cut before a tag, so what saxen keeps for the next write is at most the text before it.
      let end = Math.min(xml.length, start + chunkChars);
      if (end < xml.length) {
        const tag = xml.indexOf('<', end);
        end = tag === -1 ? xml.length : tag;
      }
      parser.write(xml.slice(start, end));
      // saxen keeps for the next write an unfinished tag (from its '<'), or else the text after the last '>'.
      const lastTagStart = xml.lastIndexOf('<', end - 1);
      const lastTagEnd = xml.lastIndexOf('>', end - 1);
      const kept = lastTagStart > lastTagEnd ? lastTagStart : lastTagEnd + 1;
      const next = Math.max(kept, inputStart);
      lineOffset += countLineBreaks(xml, inputStart, next);
      inputStart = next;
      start = end;
      await maybePause(end);
    }
    parser.end();
  } catch (error) {
    fail(error);
  }

  // Resolve the references collected on the way (moddle-xml's resolveReferences), in slices too.
  const { references, elementsById } = context;
  for (let index = 0; index < references.length; index++) {
    const reference = references[index]!;
    const target = elementsById[reference.id];
    const property = descriptorOf(reference.element).propertiesByName[reference.property]!;
    if (!target) context.addWarning({ message: `unresolved reference <${reference.id}>`, element: reference.element, property: reference.property, value: reference.id });
    if (property.isMany) {
      const collection = reference.element.get(property.name) as unknown[];
      let at = collection.indexOf(reference);
      // A place holder is replaced (at !== -1), or the reference is appended.
      if (at === -1) at = collection.length;
      if (!target) collection.splice(at, 1);
      else collection[at] = target;
    } else {
      reference.element.set(property.name, target);
    }
    if ((index & 1023) === 1023) await maybePause(xml.length);
  }

  const rootElement = rootHandler.element;
  if (!rootElement) fail(new Error(`failed to parse document as <${rootHandler.type.$descriptor.name}>`));
  onProgress?.(xml.length, xml.length);
  return { rootElement: rootElement!, elementsById, references, warnings: context.warnings };
}

/** moddle-xml's NoopHandler: swallows an element it could not read, with its children. */
const noopHandler: ElementHandler = {
  context: undefined,
  type: { $descriptor: { name: 'noop' } },
  handleNode() {
    return noopHandler;
  },
  handleText() {},
  handleEnd() {},
};

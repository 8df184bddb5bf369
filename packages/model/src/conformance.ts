// The conformance harness: what a round trip (read, then write) lost from a BPMN file. Used by the tests over every
// fixture, by `parseBpmn`'s save audit, and by the studio to check its own path (bpmn-js import -> saveXML).
import type { ModelIssue } from './graph.ts';
import { BPMN_MODEL_URI, LEANFLOW_NAMESPACE_URI, createModdle } from './moddle.ts';
import { BPMN_DI_URI, DC_URI, DI_URI } from './normalise.ts';
import type { BpmnParseResult } from './parse.ts';
import { serializeBpmn } from './scenario-store.ts';
import { parseXmlTree, writeXmlChildren, type XmlElement } from './xml-tree.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const PREFIX_OF_URI: Readonly<Record<string, string>> = { [BPMN_MODEL_URI]: 'bpmn', [BPMN_DI_URI]: 'bpmndi', [DC_URI]: 'dc', [DI_URI]: 'di' };
/** Elements that only wrap others: a round trip may add, move or split them without losing anything. */
const WRAPPERS = new Set([`{${BPMN_MODEL_URI}}extensionElements`, `{${DI_URI}}extension`, `{${BPMN_DI_URI}}BPMNDiagram`]);
/** Elements named after their role rather than their type. */
const ALIASES: Readonly<Record<string, string>> = { inputDataItem: 'dataInput', outputDataItem: 'dataOutput' };
/** Reference lists a writer may complete from the flows (files without them mean the same). */
const DERIVED = new Set([`{${BPMN_MODEL_URI}}incoming`, `{${BPMN_MODEL_URI}}outgoing`]);

/** One thing a round trip lost. */
export interface RoundTripLoss {
  /** `element`: a whole element; `attribute`: an attribute or its value; `text`: an element's text. */
  readonly kind: 'element' | 'attribute' | 'text';
  /** The id of the element, or of the nearest enclosing element with an id. */
  readonly elementId?: string;
  /** The element as `prefix:localName` of the input (e.g. `bpmndi:BPMNShape`, `camunda:property`). */
  readonly element: string;
  readonly namespace: string;
  /** For `attribute`: its name as written. */
  readonly attribute?: string;
  /** The value in the input, and in the output (absent when gone). */
  readonly before?: string;
  readonly after?: string;
  /** The ids of the enclosing elements, outermost first (a lost container explains what it held). */
  readonly enclosingIds: readonly string[];
  /** For DI: the plane (its id) the shape or edge belongs to. */
  readonly plane?: string;
  /** One sentence naming the element, the attribute and what happened. */
  readonly message: string;
}

/** What `compareRoundTrip` found. */
export interface RoundTripReport {
  readonly losses: readonly RoundTripLoss[];
  /** Counts of elements and attributes per namespace, before and after (foreign extensions at a glance). */
  readonly namespaces: Readonly<Record<string, { readonly before: { elements: number; attributes: number }; readonly after: { elements: number; attributes: number } }>>;
  /** Shapes and edges (by the element they show) per plane, before and after. */
  readonly planes: Readonly<Record<string, { readonly before: readonly string[]; readonly after: readonly string[] }>>;
  /** Set when either document is not well-formed XML (then nothing else is compared). */
  readonly error?: string;
}

interface Entry {
  readonly element: XmlElement;
  readonly anchorId: string | undefined;
  /** The non-wrapper elements around this one, innermost last. */
  readonly ancestors: readonly XmlElement[];
  readonly enclosing: readonly string[];
  readonly plane: string | undefined;
  readonly attributes: ReadonlyMap<string, { name: string; value: string }>;
  readonly text: string;
}

const moddle = createModdle();
const defaultsCache = new Map<string, Map<string, string>>();

/** Attribute defaults of the BPMN/DI schema: writing them or leaving them out means the same. */
export function schemaDefaults(element: XmlElement): Map<string, string> {
  const prefix = PREFIX_OF_URI[element.uri];
  if (!prefix) return new Map();
  const localName = ALIASES[element.localName] ?? element.localName;
  const type = `${prefix}:${localName[0]!.toUpperCase()}${localName.slice(1)}`;
  let defaults = defaultsCache.get(type);
  if (!defaults) {
    defaults = new Map();
    try {
      const instance = moddle.create(type);
      const descriptor = (moddle as unknown as { getElementDescriptor(e: unknown): { properties: { name: string; default?: unknown }[] } }).getElementDescriptor(instance);
      for (const property of descriptor.properties) if (property.default !== undefined) defaults.set(property.name, String(property.default));
    } catch {
      // Not a schema type: no defaults.
    }
    defaultsCache.set(type, defaults);
  }
  return defaults;
}

/** Numbers compare by value ("342.0" = "342"), booleans case-insensitively. */
function normaliseValue(value: string): string {
  if (/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)) return String(Number(value));
  return /^(true|false)$/i.test(value) ? value.toLowerCase() : value;
}

const idOf = (element: XmlElement) => element.attributes.find((a) => a.uri === '' && a.localName === 'id')?.value;
const nameOf = (element: XmlElement) => `{${element.uri}}${element.localName}`;
const label = (node: { prefix: string; localName: string }) => (node.prefix ? `${node.prefix}:${node.localName}` : node.localName);

/** Every element of a document, keyed so that moves between wrappers and prefix changes do not count. */
function entries(root: XmlElement, targetNamespace: string | undefined): Map<string, Entry[]> {
  const result = new Map<string, Entry[]>();
  const visit = (element: XmlElement, anchor: string | undefined, path: string, plane: string | undefined, enclosing: readonly string[], ancestors: readonly XmlElement[]) => {
    if (element.uri === LEANFLOW_NAMESPACE_URI) return;
    const name = nameOf(element);
    const id = idOf(element);
    const wrapper = WRAPPERS.has(name);
    const inPlane = element.uri === BPMN_DI_URI && element.localName === 'BPMNPlane' ? (id ?? element.attributes.find((a) => a.localName === 'bpmnElement')?.value) : plane;
    let key = path;
    if (!wrapper) {
      const localName = element.uri === BPMN_MODEL_URI && element.localName === 'formalExpression' ? 'expression' : element.localName;
      key = id !== undefined ? `#${id}{${element.uri}}${localName}` : `${path}/{${element.uri}}${localName}`;
      const defaults = schemaDefaults(element);
      const attributes = new Map<string, { name: string; value: string }>();
      for (const a of element.attributes) {
        let uri = a.uri;
        // moddle writes an attribute prefixed with a foreign element's own namespace unprefixed: the same attribute.
        if (uri !== '' && uri === element.uri && !PREFIX_OF_URI[element.uri]) uri = '';
        if (uri === XSI && a.localName === 'type') {
          const local = a.value.slice(a.value.indexOf(':') + 1);
          if (['Point', 'Bounds', 'tFormalExpression'].includes(local)) continue;
        }
        let value = normaliseValue(a.value);
        if (uri === '' && defaults.get(a.localName) === value) continue;
        // A reference written with the target-namespace prefix names the same element.
        const colon = value.indexOf(':');
        if (colon > 0 && targetNamespace !== undefined && element.scope[value.slice(0, colon)] === targetNamespace) value = value.slice(colon + 1);
        attributes.set(`{${uri}}${a.localName}`, { name: label(a), value });
      }
      const isDocumentation = element.uri === BPMN_MODEL_URI && element.localName === 'documentation';
      const markup = isDocumentation && element.children.some((c) => typeof c !== 'string');
      const text = (markup ? writeXmlChildren(element) : element.children.filter((c): c is string => typeof c === 'string').join('')).trim();
      const list = result.get(key) ?? [];
      list.push({ element, anchorId: id ?? anchor, ancestors, enclosing, plane: inPlane, attributes, text: normaliseText(text, element, targetNamespace) });
      result.set(key, list);
      if (isDocumentation) return;
    }
    const inner = id !== undefined ? [...enclosing, id] : enclosing;
    const around = wrapper ? ancestors : [...ancestors, element];
    for (const child of element.children) if (typeof child !== 'string') visit(child, id ?? anchor, id !== undefined ? `#${id}` : key, inPlane, inner, around);
  };
  visit(root, undefined, '', undefined, [], []);
  return result;
}

/** Reference text (`<incoming>tns:Flow_1</incoming>`) with the target-namespace prefix removed. */
function normaliseText(text: string, element: XmlElement, targetNamespace: string | undefined): string {
  const colon = text.indexOf(':');
  if (colon > 0 && targetNamespace !== undefined && /Refs?$|^incoming$|^outgoing$/.test(element.localName) && element.scope[text.slice(0, colon)] === targetNamespace) return text.slice(colon + 1);
  return text;
}

function signature(entry: Entry): string {
  return `${[...entry.attributes.entries()].map(([k, v]) => `${k}=${v.value}`).sort().join(' ')}|${entry.text}`;
}

function countNamespaces(root: XmlElement): Map<string, { elements: number; attributes: number }> {
  const counts = new Map<string, { elements: number; attributes: number }>();
  const bump = (uri: string, what: 'elements' | 'attributes') => {
    const c = counts.get(uri) ?? { elements: 0, attributes: 0 };
    c[what]++;
    counts.set(uri, c);
  };
  const visit = (element: XmlElement) => {
    if (element.uri === LEANFLOW_NAMESPACE_URI) return;
    if (!WRAPPERS.has(nameOf(element))) bump(element.uri, 'elements');
    // An unprefixed attribute of a foreign element counts with its element: moddle may drop the prefix of
    // `<t:x t:a="1">`, and keeps one of `a` and `t:a` when both are written (with the same value).
    const own = new Set<string>();
    for (const a of element.attributes) {
      const foreignElement = !PREFIX_OF_URI[element.uri] && element.uri !== '';
      if (foreignElement && (a.uri === '' || a.uri === element.uri)) {
        if (!own.has(a.localName)) bump(element.uri, 'attributes');
        own.add(a.localName);
      } else if (a.uri !== '' && a.uri !== XSI && !PREFIX_OF_URI[a.uri]) bump(a.uri, 'attributes');
    }
    for (const child of element.children) if (typeof child !== 'string') visit(child);
  };
  visit(root);
  return counts;
}

function diPlanes(root: XmlElement): Map<string, string[]> {
  const planes = new Map<string, string[]>();
  const visit = (element: XmlElement, plane: string | undefined) => {
    let here = plane;
    if (element.uri === BPMN_DI_URI && element.localName === 'BPMNPlane') {
      here = idOf(element) ?? element.attributes.find((a) => a.localName === 'bpmnElement')?.value ?? '?';
      planes.set(here, planes.get(here) ?? []);
    } else if (element.uri === BPMN_DI_URI && (element.localName === 'BPMNShape' || element.localName === 'BPMNEdge') && here !== undefined) {
      const shown = element.attributes.find((a) => a.uri === '' && a.localName === 'bpmnElement')?.value ?? '';
      planes.get(here)!.push(`${element.localName === 'BPMNShape' ? 'shape' : 'edge'}:${shown.slice(shown.indexOf(':') + 1)}`);
    }
    for (const child of element.children) if (typeof child !== 'string') visit(child, here);
  };
  visit(root, undefined);
  for (const list of planes.values()) list.sort();
  return planes;
}

/**
 * Compares a BPMN file with what a round trip wrote for it and lists every loss: elements (by id, or by the nearest
 * enclosing id), attributes and their values, text, DI shapes and edges per plane, foreign elements and attributes
 * by namespace. Differences that mean the same are not losses: namespace prefixes and declarations, attribute
 * order, schema defaults, number formatting, extension wrappers (`extensionElements`, `di:extension`), a plane
 * moved to a diagram of its own, references with the target-namespace prefix, and Leanflow's own `lf:` elements.
 *
 * @example
 * const report = compareRoundTrip(original, await serializeBpmn(parsed.moddle!, parsed.definitions!));
 * for (const loss of report.losses) console.log(loss.message);
 */
export function compareRoundTrip(inputXml: string, outputXml: string): RoundTripReport {
  const before = parseXmlTree(inputXml);
  const after = parseXmlTree(outputXml);
  if (!before.ok || !after.ok) {
    return { losses: [], namespaces: {}, planes: {}, error: !before.ok ? `the input is not well-formed XML: ${before.message}` : `the output is not well-formed XML: ${(after as { message: string }).message}` };
  }
  const targetNamespace = before.root.attributes.find((a) => a.uri === '' && a.localName === 'targetNamespace')?.value;
  const a = entries(before.root, targetNamespace);
  const b = entries(after.root, targetNamespace);
  const losses: RoundTripLoss[] = [];
  // A missing element is one loss: what it held is not listed again (ancestors come first in `a`).
  const missing = new Set<XmlElement>();
  for (const [key, list] of a) {
    const name = key.slice(key.lastIndexOf('{'));
    if (DERIVED.has(name)) continue;
    const remaining = [...(b.get(key) ?? [])];
    const unmatched: Entry[] = [];
    for (const entry of list) {
      const index = remaining.findIndex((candidate) => signature(candidate) === signature(entry));
      if (index === -1) unmatched.push(entry);
      else remaining.splice(index, 1);
    }
    for (const entry of unmatched) {
      if (entry.ancestors.some((ancestor) => missing.has(ancestor))) {
        missing.add(entry.element);
        continue;
      }
      const counterpart = remaining.shift();
      const base = {
        element: label(entry.element),
        namespace: entry.element.uri,
        enclosingIds: entry.enclosing,
        ...(entry.anchorId !== undefined ? { elementId: entry.anchorId } : {}),
        ...(entry.plane !== undefined && entry.element.uri !== BPMN_MODEL_URI ? { plane: entry.plane } : {}),
      };
      const where = `${label(entry.element)}${entry.anchorId !== undefined ? ` '${entry.anchorId}'` : ''}${idOf(entry.element) === undefined && entry.anchorId !== undefined ? ' (inside it)' : ''}`;
      if (!counterpart) {
        missing.add(entry.element);
        const held = entry.element.children.some((c) => typeof c !== 'string');
        losses.push({ ...base, kind: 'element', message: `${where}${held ? ' and what it holds' : ''} is missing after saving.` });
        continue;
      }
      for (const [attributeKey, attribute] of entry.attributes) {
        const other = counterpart.attributes.get(attributeKey);
        if (other?.value === attribute.value) continue;
        losses.push({
          ...base,
          kind: 'attribute',
          attribute: attribute.name,
          before: attribute.value,
          ...(other ? { after: other.value } : {}),
          message: other ? `${where}, attribute ${attribute.name}: "${attribute.value}" became "${other.value}".` : `${where}, attribute ${attribute.name} ("${attribute.value}") is missing after saving.`,
        });
      }
      if (entry.text !== counterpart.text && !(entry.text === '' && counterpart.text === '')) {
        losses.push({ ...base, kind: 'text', before: entry.text, after: counterpart.text, message: `${where}: its text "${entry.text.slice(0, 60)}" became "${counterpart.text.slice(0, 60)}".` });
      }
    }
  }
  const countsBefore = countNamespaces(before.root);
  const countsAfter = countNamespaces(after.root);
  const namespaces: Record<string, { before: { elements: number; attributes: number }; after: { elements: number; attributes: number } }> = {};
  for (const uri of new Set([...countsBefore.keys(), ...countsAfter.keys()])) {
    namespaces[uri] = { before: countsBefore.get(uri) ?? { elements: 0, attributes: 0 }, after: countsAfter.get(uri) ?? { elements: 0, attributes: 0 } };
  }
  const planesBefore = diPlanes(before.root);
  const planesAfter = diPlanes(after.root);
  const planes: Record<string, { before: string[]; after: string[] }> = {};
  for (const id of new Set([...planesBefore.keys(), ...planesAfter.keys()])) planes[id] = { before: planesBefore.get(id) ?? [], after: planesAfter.get(id) ?? [] };
  return { losses, namespaces, planes };
}

/**
 * Losses that no issue explains: an issue explains a loss when it names the same element id, or (moddle's
 * "unparsable content <x>") the element's name. What remains is a silent loss.
 *
 * @example
 * expect(unreportedLosses(report.losses, parsed.issues)).toEqual([]);
 */
export function unreportedLosses(losses: readonly RoundTripLoss[], issues: readonly ModelIssue[]): RoundTripLoss[] {
  return losses.filter((loss) => !issues.some((issue) => explains(issue, loss)));
}

function explains(issue: ModelIssue, loss: RoundTripLoss): boolean {
  if (issue.code === 'bpmn.lostOnSave') return false;
  if (issue.elementId !== undefined && issue.severity !== 'info' && (issue.elementId === loss.elementId || loss.enclosingIds.includes(issue.elementId))) return true;
  const local = loss.element.slice(loss.element.indexOf(':') + 1);
  return issue.code === 'bpmn.unknownContent' && new RegExp(`<(\\w+:)?${local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>`).test(issue.message);
}

/**
 * Writes the parsed file back (as `leanflow convert` would) and returns one `bpmn.lostOnSave` warning per loss
 * that no issue of the parse explains, naming the element id, the attribute and what happened. Nothing that
 * cannot be kept goes unmentioned, whatever tool wrote the file.
 *
 * @example
 * const parsed = await parseBpmn(xml);
 * const issues = [...parsed.issues, ...(await auditSave(xml, parsed))];
 */
export async function auditSave(xml: string, parsed: BpmnParseResult): Promise<ModelIssue[]> {
  if (!parsed.definitions || !parsed.moddle) return [];
  let output: string;
  try {
    output = await serializeBpmn(parsed.moddle, parsed.definitions);
  } catch (error) {
    return [{ code: 'bpmn.unwritable', severity: 'error', message: `Leanflow cannot write this file back: ${(error as Error).message}.` }];
  }
  const report = compareRoundTrip(xml, output);
  return unreportedLosses(report.losses, parsed.issues).map((loss) => ({
    code: 'bpmn.lostOnSave',
    severity: 'warning',
    message: `Saving from Leanflow would lose this: ${loss.message}`,
    ...(loss.elementId !== undefined ? { elementId: loss.elementId } : {}),
  }));
}

// A pass over the XML tree before bpmn-moddle reads it. moddle silently drops or misreads content that is valid
// enough for other tools: ids it rejects, references written with the file's own target-namespace prefix, several
// planes in one diagram, HTML inside documentation, vendor elements inside DI shapes or outside extensionElements,
// extension elements in a default (unprefixed) namespace. Each is rewritten into a form moddle keeps, and said so.
import type { ModelIssue } from './graph.ts';
import { BPMN_MODEL_URI } from './moddle.ts';
import { writeXmlChildren, writeXmlTree, type XmlAttribute, type XmlElement } from './xml-tree.ts';

export const BPMN_DI_URI = 'http://www.omg.org/spec/BPMN/20100524/DI';
export const DI_URI = 'http://www.omg.org/spec/DD/20100524/DI';
export const DC_URI = 'http://www.omg.org/spec/DD/20100524/DC';

/** What moddle accepts as an id (moddle-xml's QName check). */
const MODDLE_ID = /^([a-z][\w-.]*:)?[a-z_][\w-.]*$/i;

/** Attributes that hold a reference to an element of the file (besides every `...Ref`). */
const REFERENCE_ATTRIBUTES = new Set(['bpmnElement', 'default', 'sourceElement', 'targetElement', 'definition', 'calledElement', 'labelStyle']);
/** BPMN elements whose text is a reference (besides every `...Ref` and `...Refs`). */
const REFERENCE_ELEMENTS = new Set(['incoming', 'outgoing']);
/** BPMN elements whose content is text (an expression, a script): child elements there are not moved. */
const BODY_ELEMENTS = new Set([
  'documentation', 'text', 'script', 'expression', 'formalExpression', 'timeDuration', 'timeDate', 'timeCycle', 'conditionExpression',
  'condition', 'completionCondition', 'loopCondition', 'loopCardinality', 'from', 'to', 'transformation', 'messagePath', 'dataPath', 'extensionElements',
]);
/** DI elements that are `di:DiagramElement`s and so can hold a `di:extension`. */
const DI_ELEMENTS = new Set(['BPMNShape', 'BPMNEdge', 'BPMNLabel', 'BPMNPlane']);

const isSpec = (uri: string) => uri.startsWith('http://www.omg.org/spec/');

interface MutableElement {
  uri: string;
  localName: string;
  prefix: string;
  attributes: XmlAttribute[];
  declarations: Record<string, string>;
  scope: Readonly<Record<string, string>>;
  children: (MutableElement | string)[];
  line: number;
  column: number;
}

/** What the pass changed. `xml` is only set when something was rewritten (otherwise moddle reads the original). */
export interface Normalisation {
  readonly xml?: string;
  /** Ids moddle would reject, by the stand-in id the rewritten file uses. Put back after moddle has read it. */
  readonly originalIds: ReadonlyMap<string, string>;
  readonly issues: readonly ModelIssue[];
}

function clone(element: XmlElement): MutableElement {
  return {
    ...element,
    attributes: [...element.attributes],
    declarations: { ...element.declarations },
    children: element.children.map((child) => (typeof child === 'string' ? child : clone(child))),
  };
}

const idOf = (element: { attributes: readonly XmlAttribute[] }) => element.attributes.find((a) => a.uri === '' && a.localName === 'id')?.value;
const elementChildren = (element: MutableElement) => element.children.filter((c): c is MutableElement => typeof c !== 'string');
const label = (element: { prefix: string; localName: string }) => (element.prefix ? `${element.prefix}:${element.localName}` : element.localName);

/**
 * Rewrites what bpmn-moddle would drop or misread into what it keeps, and lists each change as an issue.
 *
 * @example
 * const { xml, originalIds, issues } = normaliseForModdle(tree.root);
 */
export function normaliseForModdle(source: XmlElement): Normalisation {
  // Most files need nothing: a read-only scan first, so they pay no copy of the tree.
  if (!needsNormalising(source)) return { originalIds: new Map(), issues: [] };
  const root = clone(source);
  const issues: ModelIssue[] = [];
  let changed = false;
  const all: MutableElement[] = [];
  const parents = new Map<MutableElement, MutableElement>();
  const collect = (element: MutableElement) => {
    all.push(element);
    for (const child of elementChildren(element)) {
      parents.set(child, element);
      collect(child);
    }
  };
  collect(root);
  const owner = (element: MutableElement): string | undefined => {
    for (let e: MutableElement | undefined = element; e; e = parents.get(e)) {
      const id = idOf(e);
      if (id) return id;
    }
    return undefined;
  };

  // 1. Ids moddle rejects (spaces, a leading digit, more than one colon) get a stand-in; references follow.
  const ids = new Set<string>();
  for (const element of all) {
    const id = idOf(element);
    if (id !== undefined) ids.add(id);
  }
  const standIn = new Map<string, string>();
  const originalIds = new Map<string, string>();
  let counter = 0;
  for (const id of ids) {
    if (MODDLE_ID.test(id)) continue;
    let safe: string;
    do safe = `lf_id_${++counter}_${id.replace(/[^\w.-]/g, '_')}`;
    while (ids.has(safe));
    standIn.set(id, safe);
    originalIds.set(safe, id);
  }

  // 2. References: to a rejected id, or written with a prefix bound to the file's targetNamespace (`tns:Task_1`).
  const targetNamespace = source.attributes.find((a) => a.uri === '' && a.localName === 'targetNamespace')?.value;
  let prefixed = 0;
  const resolve = (value: string, scope: Readonly<Record<string, string>>): string => {
    if (ids.has(value)) return standIn.get(value) ?? value;
    const colon = value.indexOf(':');
    if (colon > 0 && targetNamespace !== undefined) {
      const local = value.slice(colon + 1);
      // Stripped even when the id is missing: the reference is then reported (and kept) as the plain id, since
      // the prefix declaration itself may not survive a save.
      if (scope[value.slice(0, colon)] === targetNamespace) {
        prefixed++;
        return standIn.get(local) ?? local;
      }
    }
    return value;
  };
  for (const element of all) {
    const inSpec = element.uri === BPMN_MODEL_URI || element.uri === BPMN_DI_URI;
    if (!inSpec) continue;
    element.attributes = element.attributes.map((a) => {
      if (a.uri !== '') return a;
      if (a.localName === 'id') return standIn.has(a.value) ? { ...a, value: standIn.get(a.value)! } : a;
      if (!a.localName.endsWith('Ref') && !REFERENCE_ATTRIBUTES.has(a.localName)) return a;
      const value = resolve(a.value, element.scope);
      if (value === a.value) return a;
      changed = true;
      return { ...a, value };
    });
    if (element.uri === BPMN_MODEL_URI && (/Refs?$/.test(element.localName) || REFERENCE_ELEMENTS.has(element.localName))) {
      const text = element.children.filter((c): c is string => typeof c === 'string').join('').trim();
      const value = resolve(text, element.scope);
      if (text && value !== text && element.children.every((c) => typeof c === 'string')) {
        element.children = [value];
        changed = true;
      }
    }
  }
  if (standIn.size > 0) {
    changed = true;
    const list = [...standIn.keys()];
    issues.push({
      code: 'bpmn.idRewritten',
      severity: 'info',
      message: `${list.length} id(s) are not valid XML ids (${list.slice(0, 5).map((id) => `'${id}'`).join(', ')}${list.length > 5 ? ', ...' : ''}); they are read and saved unchanged, but other tools may reject them.`,
      elementId: list[0]!,
    });
  }
  if (prefixed > 0) {
    issues.push({
      code: 'bpmn.targetNamespaceReference',
      severity: 'info',
      message: `${prefixed} reference(s) are written with the prefix of the file's own target namespace (${targetNamespace}); they were read as plain ids and are saved without the prefix.`,
    });
  }

  const usedPrefixes = new Set(all.flatMap((e) => Object.keys(e.declarations)));
  /** A prefix for `uri` declared on the root (moddle writes declarations there), reusing the root's own. */
  const declare = (preferred: string, uri: string): string => {
    const existing = Object.entries(root.declarations).find(([p, u]) => p !== '' && u === uri)?.[0] ?? (root.declarations[''] === uri ? '' : undefined);
    if (existing !== undefined) return existing;
    let prefix = preferred;
    for (let n = 1; usedPrefixes.has(prefix); n++) prefix = `${preferred}${n}`;
    usedPrefixes.add(prefix);
    root.declarations[prefix] = uri;
    return prefix;
  };
  for (const element of all) {
    const parent = parents.get(element);
    // 3. A diagram with several planes: moddle keeps one plane per diagram, so each further plane gets a diagram.
    if (element.uri === BPMN_DI_URI && element.localName === 'BPMNDiagram') {
      const planes = elementChildren(element).filter((c) => c.uri === BPMN_DI_URI && c.localName === 'BPMNPlane');
      if (planes.length > 1 && parent) {
        const diagramId = idOf(element) ?? 'BPMNDiagram';
        let at = parent.children.indexOf(element);
        for (const plane of planes.slice(1)) {
          element.children.splice(element.children.indexOf(plane), 1);
          let id = `${diagramId}_${idOf(plane) ?? 'plane'}`;
          while (ids.has(id)) id = `${id}_`;
          ids.add(id);
          const diagram: MutableElement = { ...element, attributes: [{ uri: '', localName: 'id', prefix: '', value: id }], declarations: {}, children: [plane] };
          parents.set(plane, diagram);
          parent.children.splice(++at, 0, diagram);
        }
        changed = true;
        issues.push({
          code: 'bpmn.diagramPlanes',
          severity: 'info',
          message: `Diagram '${diagramId}' has ${planes.length} planes; each plane after the first is kept in a diagram of its own (${planes.slice(1).map((p) => `'${idOf(p) ?? '?'}'`).join(', ')}).`,
          elementId: diagramId,
        });
      }
    }

    // 4. Markup inside documentation (HTML) is kept as the documentation's text.
    if (element.uri === BPMN_MODEL_URI && element.localName === 'documentation' && element.children.some((c) => typeof c !== 'string')) {
      element.children = [writeXmlChildren(element as unknown as XmlElement)];
      changed = true;
      const where = owner(element);
      issues.push({
        code: 'bpmn.documentationMarkup',
        severity: 'info',
        message: `The documentation of '${where ?? 'the file'}' contains markup (HTML); it is kept as text with the tags written out.`,
        ...(where ? { elementId: where } : {}),
      });
    }

    // 5. Foreign elements directly inside a DI shape, edge, label or plane belong in its di:extension.
    if (element.uri === BPMN_DI_URI && DI_ELEMENTS.has(element.localName)) {
      const foreign = elementChildren(element).filter((c) => !isSpec(c.uri));
      if (foreign.length > 0) {
        moveInto(element, foreign, DI_URI, 'extension', declare('di', DI_URI));
        changed = true;
        const where = owner(element);
        issues.push({
          code: 'bpmn.foreignMoved',
          severity: 'info',
          message: `${label(element)} ${idOf(element) ? `'${idOf(element)}'` : `in '${where ?? '?'}'`} holds ${foreign.map((f) => `<${label(f)}>`).join(', ')} directly; kept inside its di:extension.`,
          ...(where ? { elementId: where } : {}),
        });
      }
    }

    // 6. Foreign elements directly inside a BPMN element belong in its extensionElements.
    if (element.uri === BPMN_MODEL_URI && parent && !BODY_ELEMENTS.has(element.localName)) {
      const foreign = elementChildren(element).filter((c) => !isSpec(c.uri) && c.uri !== '');
      if (foreign.length > 0) {
        moveInto(element, foreign, BPMN_MODEL_URI, 'extensionElements', declare('bpmn', BPMN_MODEL_URI));
        changed = true;
        issues.push({
          code: 'bpmn.foreignMoved',
          severity: 'info',
          message: `${label(element)} '${idOf(element) ?? '?'}' holds ${foreign.map((f) => `<${label(f)}>`).join(', ')} outside its extensionElements; kept inside them.`,
          ...(idOf(element) ? { elementId: idOf(element)! } : {}),
        });
      }
    }

    // 7. A foreign element in a default namespace (`<Thing xmlns="urn:x">`) gets a prefix moddle can write back.
    if (element.prefix === '' && element.uri !== '' && !isSpec(element.uri)) {
      // Declared on the root: moddle writes namespace declarations there, not on generic elements.
      let prefix = Object.entries(root.declarations).find(([p, uri]) => p !== '' && uri === element.uri)?.[0];
      if (!prefix) {
        let n = 0;
        do prefix = `ns${++n}`;
        while (usedPrefixes.has(prefix));
        usedPrefixes.add(prefix);
        root.declarations[prefix] = element.uri;
      }
      renamePrefix(element, element.uri, prefix);
      changed = true;
    }
  }

  return { ...(changed ? { xml: writeXmlTree(root as unknown as XmlElement) } : {}), originalIds, issues };
}

/** Moves `children` of `element` into its child container `localName` (namespace `uri`), creating it first. */
function moveInto(element: MutableElement, children: MutableElement[], uri: string, localName: string, rootPrefix: string): void {
  let container = elementChildren(element).find((c) => c.uri === uri && c.localName === localName);
  if (!container) {
    // A prefix in scope here for the namespace, else the one declared on the root for it.
    const prefix = Object.entries(element.scope).find(([p, u]) => u === uri && p !== '')?.[0] ?? (element.scope[''] === uri ? '' : rootPrefix);
    container = { uri, localName, prefix, attributes: [], declarations: {}, scope: element.scope, children: [], line: element.line, column: element.column };
    // extensionElements come after documentation; di:extension has no place of its own: first.
    const after = element.children.findLastIndex((c) => typeof c !== 'string' && c.uri === BPMN_MODEL_URI && c.localName === 'documentation');
    element.children.splice(after + 1, 0, container);
  }
  element.children = element.children.filter((c) => !children.includes(c as MutableElement));
  container.children.push(...children);
}

/** Gives an element (and its descendants in the same default namespace) an explicit prefix. */
function renamePrefix(element: MutableElement, uri: string, prefix: string): void {
  element.prefix = prefix;
  for (const child of elementChildren(element)) if (child.prefix === '' && child.uri === uri) renamePrefix(child, uri, prefix);
}

/** Whether anything in the document is of a kind `normaliseForModdle` rewrites (a cheap read-only scan). */
function needsNormalising(root: XmlElement): boolean {
  const targetNamespace = root.attributes.find((a) => a.uri === '' && a.localName === 'targetNamespace')?.value;
  const prefixedToTarget = (value: string, scope: Readonly<Record<string, string>>) => {
    const colon = value.indexOf(':');
    return colon > 0 && targetNamespace !== undefined && scope[value.slice(0, colon)] === targetNamespace;
  };
  const visit = (element: XmlElement, isRoot: boolean): boolean => {
    const bpmn = element.uri === BPMN_MODEL_URI;
    const di = element.uri === BPMN_DI_URI;
    if (element.prefix === '' && element.uri !== '' && !isSpec(element.uri)) return true;
    if (bpmn || di) {
      for (const a of element.attributes) {
        if (a.uri !== '') continue;
        if (a.localName === 'id') {
          if (!MODDLE_ID.test(a.value)) return true;
        } else if ((a.localName.endsWith('Ref') || REFERENCE_ATTRIBUTES.has(a.localName)) && prefixedToTarget(a.value, element.scope)) return true;
      }
    }
    let planes = 0;
    const textIsReference = bpmn && (/Refs?$/.test(element.localName) || REFERENCE_ELEMENTS.has(element.localName));
    for (const child of element.children) {
      if (typeof child === 'string') {
        if (textIsReference && prefixedToTarget(child.trim(), element.scope)) return true;
        continue;
      }
      const foreign = !isSpec(child.uri);
      if (bpmn && element.localName === 'documentation') return true;
      if (di && DI_ELEMENTS.has(element.localName) && foreign) return true;
      if (bpmn && !isRoot && !BODY_ELEMENTS.has(element.localName) && foreign && child.uri !== '') return true;
      if (di && element.localName === 'BPMNDiagram' && child.uri === BPMN_DI_URI && child.localName === 'BPMNPlane' && ++planes > 1) return true;
      if (visit(child, false)) return true;
    }
    return false;
  };
  return visit(root, true);
}

// The semantic diff of two BPMN files (a variant against its baseline): bpmn-js-differ finds which elements were
// added, removed or touched; we then compare the touched elements property by property with a normalisation that
// drops what re-serialisation by another tool changes without changing the process (see docs/variants.md), and
// compare the layout ourselves, matching diagram shapes by the element they show and allowing 1 px of rounding.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient typings must reach every program that imports this package
/// <reference path="./bpmn-js-differ.d.ts" />
import { ChangeHandler, diff } from 'bpmn-js-differ';
import { createModdle, type ModdleElement, type ModelIssue } from '@leanflow/model';
import { describeElement, type ElementEnd, type LabelLanguage } from '../element-label.ts';

/** A JSON value: what attribute values become in a diff (references become the referenced element's id). */
export type DiffValue = string | number | boolean | null | readonly DiffValue[] | { readonly [key: string]: DiffValue };

export interface AttributeChange {
  /** Property name; `process.<name>` for the process a participant (pool) shows; `$type` for a changed element type; `container` when an element moved into another process, sub-process or lane set. */
  readonly name: string;
  /** Null when the property was not set (after normalisation: a default value counts as not set). */
  readonly oldValue: DiffValue;
  readonly newValue: DiffValue;
  /** The element a reference value (`targetRef`, `default`, `container`, …) names in the old / new diagram, so a reader sees its name, not its id. */
  readonly oldRef?: ElementEnd;
  readonly newRef?: ElementEnd;
}

export type DiagramChangeKind = 'added' | 'removed' | 'changed' | 'moved';

/** Which part of an element's picture changed. */
export type LayoutChange = 'position' | 'size' | 'waypoints' | 'expanded' | 'shown' | 'hidden';

/** One changed element. An element whose attributes and layout both changed is one `changed` entry with `layout`. */
export interface DiagramChange {
  readonly elementId: string;
  /** The moddle type, e.g. `bpmn:UserTask` (the new one when it changed). */
  readonly type: string;
  readonly name: string | null;
  /** For a flow or association: the elements it connects (so lists can say "flow from 'A' to 'B'"). */
  readonly source?: ElementEnd;
  readonly target?: ElementEnd;
  readonly kind: DiagramChangeKind;
  /** Changed attributes (only for `changed`). */
  readonly attributes: readonly AttributeChange[];
  /** What moved (empty when the picture did not change beyond the tolerance). */
  readonly layout: readonly LayoutChange[];
  /** One line for people: `name: "Check" → "Check history"; moved (bounds)`. */
  readonly summary: string;
}

export interface DiagramDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Elements with attribute changes (after normalisation). */
  readonly changed: readonly string[];
  /** Elements whose picture changed beyond the tolerance (including changed ones; not added or removed ones). */
  readonly moved: readonly string[];
  /** Every entry, in the order added, removed, changed, moved, each sorted by element id. */
  readonly changes: readonly DiagramChange[];
  /** Elements bpmn-js-differ flagged that the normalisation dropped, with the reason (for transparency). */
  readonly ignored: readonly { readonly elementId: string; readonly reason: 'attributes' | 'layout' }[];
  /** The shift of the whole new diagram when most shapes moved by the same offset (subtracted before comparing), else [0, 0]. */
  readonly offset: readonly [number, number];
}

export interface DiagramDiffOptions {
  /** Coordinates that differ by at most this many pixels count as equal (default 1). */
  readonly layoutTolerance?: number;
}

interface PropertyDescriptor {
  readonly name: string;
  readonly isMany?: boolean;
  readonly isReference?: boolean;
  readonly isVirtual?: boolean;
  readonly isId?: boolean;
  readonly default?: unknown;
}
interface TypeDescriptor {
  readonly properties: readonly PropertyDescriptor[];
  readonly isGeneric?: boolean;
}

const descriptorOf = (element: ModdleElement): TypeDescriptor => element.$descriptor as TypeDescriptor;
const isModdle = (value: unknown): value is ModdleElement => typeof value === 'object' && value !== null && typeof (value as ModdleElement).$type === 'string';
const instanceOf = (element: ModdleElement, type: string): boolean => (typeof element.$instanceOf === 'function' ? element.$instanceOf(type) : element.$type === type);
const idOf = (element: ModdleElement): string | undefined => (typeof element.id === 'string' ? element.id : undefined);

// Elements with a picture of their own: bpmn-js-differ's list plus artifacts (text annotations, associations,
// groups), which it reports only as a change of their process.
const TRACKED_TYPES = ['bpmn:Participant', 'bpmn:Collaboration', 'bpmn:FlowElement', 'bpmn:MessageFlow', 'bpmn:Lane', 'bpmn:DataAssociation', 'bpmn:Artifact'];
const isTrackedType = (element: ModdleElement) => !instanceOf(element, 'bpmn:DataObject') && TRACKED_TYPES.some((t) => instanceOf(element, t));

// Containers of tracked elements (each reported on its own) and tool-specific data: not attributes.
const SKIPPED_PROPERTIES = new Set([
  'flowElements',
  'artifacts',
  'laneSets',
  'childLaneSet',
  'lanes',
  'participants',
  'messageFlows',
  'conversations',
  'conversationLinks',
  'conversationAssociations',
  'rootElements',
  'diagrams',
  'extensionElements',
  'extensionDefinitions',
  'extensionAttributeValues',
]);

class TrackingHandler extends ChangeHandler {
  override _isTracked(element: unknown) {
    const tracked = super._isTracked(element);
    if (tracked) return tracked;
    if (isModdle(element) && instanceOf(element, 'bpmn:Artifact')) return { element, property: '' };
    return undefined;
  }
  // bpmn-js-differ crashes on a diagram edge whose element reference does not resolve.
  override _computeChangeId(element: unknown): string {
    return isModdle(element) ? (idOf(element) ?? '') : '';
  }
}

/** Every element of a tree by id, with its containing element (containment only, not references). */
function indexTree(root: ModdleElement): Map<string, { element: ModdleElement; parent: ModdleElement | undefined }> {
  const index = new Map<string, { element: ModdleElement; parent: ModdleElement | undefined }>();
  const visit = (element: ModdleElement, parent: ModdleElement | undefined) => {
    const id = idOf(element);
    if (id !== undefined && !index.has(id)) index.set(id, { element, parent });
    const descriptor = descriptorOf(element);
    const children: unknown[] = [];
    if (descriptor?.isGeneric) children.push(...((element.$children as unknown[] | undefined) ?? []));
    else for (const property of descriptor?.properties ?? []) if (!property.isReference && !property.isVirtual) children.push(element[property.name]);
    for (const child of children.flat()) if (isModdle(child)) visit(child, element);
  };
  visit(root, undefined);
  return index;
}

/** The canonical value of a property: defaults omitted, references as ids, child ids dropped, keys sorted. */
function canonical(value: unknown, property: PropertyDescriptor | undefined): DiffValue {
  if (value === undefined || value === null) return null;
  if (property?.isReference) {
    if (Array.isArray(value)) return value.map((v) => (isModdle(v) ? (idOf(v) ?? null) : null));
    return isModdle(value) ? (idOf(value) ?? null) : typeof value === 'string' ? value : null;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, undefined)).filter((v) => v !== null);
    return items.length === 0 ? null : items;
  }
  if (isModdle(value)) {
    if (isTrackedType(value)) return idOf(value) ?? null;
    if (instanceOf(value, 'bpmn:Documentation')) {
      const text = typeof value.text === 'string' ? value.text.trim() : '';
      return text === '' ? null : text;
    }
    return elementAttributes(value, { dropId: true });
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

// Defaults the BPMN 2.0 specification gives that bpmn-moddle's metamodel leaves out; tools write them explicitly.
function specDefault(element: ModdleElement, name: string): unknown {
  if (name === 'isClosed') return false;
  if (name === 'processType') return 'None';
  if (name === 'implementation')
    return ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ReceiveTask'].some((t) => instanceOf(element, t)) ? '##WebService' : '##unspecified';
  return undefined;
}
// Attributes without a default in the specification that tools write on export with a value of their own
// choosing (Signavio: true, Trisotech: false); no modeller shows them and they change neither picture nor flow.
const IGNORED_ATTRIBUTES = new Set(['isImmediate']);

function isDefault(element: ModdleElement, value: unknown, property: PropertyDescriptor): boolean {
  if (value === undefined || value === null) return true;
  if (property.default !== undefined && value === property.default) return true;
  if (specDefault(element, property.name) === value) return true;
  // An empty name or text is no name.
  return value === '' || (Array.isArray(value) && value.length === 0);
}

/** The direction a gateway's flows give it; tools write it explicitly where the reference left it unspecified. */
function structuralDirection(gateway: ModdleElement): string {
  const incoming = Array.isArray(gateway.incoming) ? gateway.incoming.length : 0;
  const outgoing = Array.isArray(gateway.outgoing) ? gateway.outgoing.length : 0;
  if (incoming > 1 && outgoing > 1) return 'Mixed';
  if (incoming > 1) return 'Converging';
  if (outgoing > 1) return 'Diverging';
  return 'Unspecified';
}

/** The attributes of an element as a sorted JSON object (defaults left out). */
function elementAttributes(element: ModdleElement, { dropId }: { dropId: boolean }): { [key: string]: DiffValue } {
  const result: Record<string, DiffValue> = { $type: element.$type };
  const descriptor = descriptorOf(element);
  if (descriptor?.isGeneric) {
    for (const key of Object.keys(element).sort()) {
      if (key === '$type' || key === '$parent' || key === '$descriptor' || key === '$model') continue;
      const value = canonical(element[key], undefined);
      if (value !== null) result[key] = value;
    }
    return result;
  }
  for (const property of descriptor?.properties ?? []) {
    if (property.isVirtual || (property.isMany && property.isReference) || SKIPPED_PROPERTIES.has(property.name) || IGNORED_ATTRIBUTES.has(property.name)) continue;
    if (dropId && property.isId) continue;
    let raw = element[property.name];
    if (isDefault(element, raw, property)) continue;
    if (property.name === 'gatewayDirection' && raw === structuralDirection(element)) continue;
    // A line break in a name is presentation (tools write it as a space, two spaces or CR LF).
    if (property.name === 'name' && typeof raw === 'string') raw = raw.replace(/\s+/g, ' ').trim();
    // Leading and trailing white space of an expression or text body means nothing.
    if (property.name === 'body' && typeof raw === 'string') raw = raw.trim();
    const value = canonical(raw, property);
    if (value !== null) result[property.name] = value;
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function processOf(participant: ModdleElement): ModdleElement | undefined {
  const process = participant.processRef;
  return isModdle(process) ? process : undefined;
}

/** The attributes of a tracked element, plus `process.*` for the process a participant shows. */
function trackedAttributes(element: ModdleElement): Record<string, DiffValue> {
  const own: Record<string, DiffValue> = elementAttributes(element, { dropId: true });
  const process = instanceOf(element, 'bpmn:Participant') ? processOf(element) : undefined;
  if (process) {
    for (const [key, value] of Object.entries(elementAttributes(process, { dropId: true }))) if (key !== '$type') own[`process.${key}`] = value;
  }
  return own;
}

function attributeChanges(oldElement: ModdleElement, newElement: ModdleElement): AttributeChange[] {
  const before = trackedAttributes(oldElement);
  const after = trackedAttributes(newElement);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => (a === '$type' ? -1 : b === '$type' ? 1 : a < b ? -1 : 1));
  const changes: AttributeChange[] = [];
  for (const name of names) {
    const oldValue = before[name] ?? null;
    const newValue = after[name] ?? null;
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) changes.push({ name, oldValue, newValue });
  }
  return changes;
}

// --- layout -------------------------------------------------------------------------------------------------

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
interface Picture {
  readonly bounds?: Box;
  readonly waypoints?: readonly { x: number; y: number }[];
  readonly expanded?: boolean;
}

const toBox = (value: unknown): Box | undefined => {
  if (!isModdle(value)) return undefined;
  const box = { x: Number(value.x), y: Number(value.y), width: Number(value.width), height: Number(value.height) };
  return Object.values(box).every(Number.isFinite) ? box : undefined;
};

/** Drops repeated points and points in the middle of a straight segment (tools add or remove them freely). */
function simplify(points: readonly { x: number; y: number }[], tolerance: number): { x: number; y: number }[] {
  const distinct = points.filter((p, i) => i === 0 || Math.abs(p.x - points[i - 1]!.x) > tolerance || Math.abs(p.y - points[i - 1]!.y) > tolerance);
  const result: { x: number; y: number }[] = [];
  for (let i = 0; i < distinct.length; i++) {
    const p = distinct[i]!;
    const a = result[result.length - 1];
    const b = distinct[i + 1];
    if (a && b) {
      // Distance of p from the line a-b.
      const length = Math.hypot(b.x - a.x, b.y - a.y);
      const distance = length === 0 ? Math.hypot(p.x - a.x, p.y - a.y) : Math.abs((b.x - a.x) * (a.y - p.y) - (a.x - p.x) * (b.y - a.y)) / length;
      const between = (p.x - a.x) * (b.x - p.x) + (p.y - a.y) * (b.y - p.y) >= 0;
      if (distance <= tolerance && between) continue;
    }
    result.push(p);
  }
  return result;
}

function pictures(definitions: ModdleElement): Map<string, Picture> {
  const result = new Map<string, Picture>();
  for (const diagram of (definitions.diagrams as ModdleElement[] | undefined) ?? []) {
    const plane = diagram.plane;
    if (!isModdle(plane)) continue;
    for (const di of (plane.planeElement as ModdleElement[] | undefined) ?? []) {
      const target = di.bpmnElement;
      const id = isModdle(target) ? idOf(target) : undefined;
      if (id === undefined || result.has(id)) continue;
      const waypoints = Array.isArray(di.waypoint) ? (di.waypoint as ModdleElement[]).map((w) => ({ x: Number(w.x), y: Number(w.y) })) : undefined;
      const bounds = toBox(di.bounds);
      result.set(id, {
        ...(bounds ? { bounds } : {}),
        ...(waypoints ? { waypoints } : {}),
        ...(typeof di.isExpanded === 'boolean' ? { expanded: di.isExpanded } : {}),
      });
    }
  }
  return result;
}

// A tool that resizes a shape to its standard size keeps its centre: that is a new size, not a new position.
const centreMoved = (a: Box, b: Box, tolerance: number) =>
  Math.abs(a.x + a.width / 2 - (b.x + b.width / 2)) > tolerance || Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) > tolerance;
const resized = (a: Box, b: Box, tolerance: number) => Math.abs(a.width - b.width) > tolerance || Math.abs(a.height - b.height) > tolerance;

/**
 * The offset most shapes moved by, when at least half of the shapes in both diagrams share it: a tool that draws the
 * whole diagram elsewhere (e.g. inside a new pool) has not moved each element.
 */
function commonOffset(before: Map<string, Picture>, after: Map<string, Picture>, tolerance: number): [number, number] {
  const offsets: [number, number][] = [];
  for (const [id, a] of before) {
    const b = after.get(id)?.bounds;
    if (a.bounds && b) offsets.push([b.x + b.width / 2 - (a.bounds.x + a.bounds.width / 2), b.y + b.height / 2 - (a.bounds.y + a.bounds.height / 2)]);
  }
  let best: [number, number] = [0, 0];
  let bestCount = 0;
  for (const [dx, dy] of offsets) {
    const count = offsets.filter(([x, y]) => Math.abs(x - dx) <= tolerance && Math.abs(y - dy) <= tolerance).length;
    if (count > bestCount) [best, bestCount] = [[dx, dy], count];
  }
  if (bestCount * 2 < offsets.length || (Math.abs(best[0]) <= tolerance && Math.abs(best[1]) <= tolerance)) return [0, 0];
  return best;
}

function shifted(picture: Picture | undefined, [dx, dy]: readonly [number, number]): Picture | undefined {
  if (!picture || (dx === 0 && dy === 0)) return picture;
  return {
    ...picture,
    ...(picture.bounds ? { bounds: { ...picture.bounds, x: picture.bounds.x - dx, y: picture.bounds.y - dy } } : {}),
    ...(picture.waypoints ? { waypoints: picture.waypoints.map((p) => ({ x: p.x - dx, y: p.y - dy })) } : {}),
  };
}

function layoutChanges(before: Picture | undefined, after: Picture | undefined, tolerance: number): LayoutChange[] {
  if (!before && !after) return [];
  if (!before) return ['shown'];
  if (!after) return ['hidden'];
  const changes: LayoutChange[] = [];
  if (before.bounds && after.bounds && centreMoved(before.bounds, after.bounds, tolerance)) changes.push('position');
  if (before.bounds && after.bounds && resized(before.bounds, after.bounds, tolerance)) changes.push('size');
  if (before.waypoints && after.waypoints) {
    const a = simplify(before.waypoints, tolerance);
    const b = simplify(after.waypoints, tolerance);
    if (a.length !== b.length || a.some((p, i) => Math.abs(p.x - b[i]!.x) > tolerance || Math.abs(p.y - b[i]!.y) > tolerance)) changes.push('waypoints');
  }
  // Label bounds are left out: each tool places labels with its own font metrics.
  if ((before.expanded ?? false) !== (after.expanded ?? false)) changes.push('expanded');
  return changes;
}

// --- the diff -------------------------------------------------------------------------------------------------

const display = (value: DiffValue): string => {
  if (value === null) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, DiffValue>).$type === 'string') {
    const body = (value as Record<string, DiffValue>).body;
    return typeof body === 'string' ? `${String((value as Record<string, DiffValue>).$type)} ${JSON.stringify(body)}` : String((value as Record<string, DiffValue>).$type);
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function summarise(kind: DiagramChangeKind, attributes: readonly AttributeChange[], layout: readonly LayoutChange[], ref?: (end: ElementEnd) => string): string {
  const parts: string[] = [];
  if (kind === 'added' || kind === 'removed') parts.push(kind);
  const show = (value: DiffValue, end: ElementEnd | undefined) => (end && ref ? ref(end) : display(value));
  for (const a of attributes) parts.push(`${a.name}: ${show(a.oldValue, a.oldRef)} → ${show(a.newValue, a.newRef)}`);
  if (layout.length > 0) parts.push(`moved (${layout.join(', ')})`);
  return parts.join('; ');
}

/**
 * A change's summary for people in the studio's language: referenced elements by their names (`targetRef: User task
 * 'Check history' → User task 'Qualify lead'`), the id only when unnamed. `summary` keeps the ids (the JSON contract).
 *
 * @example
 * readableSummary(change, 'zh-CN');
 */
export function readableSummary(change: DiagramChange, language: LabelLanguage = 'en'): string {
  return summarise(change.kind, change.attributes, change.layout, (end) => describeElement(end, language));
}

// Attributes whose value is another element's id.
const REFERENCE_ATTRIBUTE = /(^|\.)(\w*Ref|default|container)$/;

/** The attribute changes with the elements their reference values name. */
function withReferences(attributes: readonly AttributeChange[], oldIndex: ReadonlyMap<string, { element: ModdleElement }>, newIndex: ReadonlyMap<string, { element: ModdleElement }>): AttributeChange[] {
  const end = (value: DiffValue, index: ReadonlyMap<string, { element: ModdleElement }>): ElementEnd | undefined => {
    const element = typeof value === 'string' ? index.get(value)?.element : undefined;
    return element ? { id: value as string, type: element.$type, name: nameOf(element) } : undefined;
  };
  return attributes.map((a) => {
    if (!REFERENCE_ATTRIBUTE.test(a.name)) return a;
    const oldRef = end(a.oldValue, oldIndex);
    const newRef = end(a.newValue, newIndex);
    return { ...a, ...(oldRef ? { oldRef } : {}), ...(newRef ? { newRef } : {}) };
  });
}

const nameOf = (element: ModdleElement | undefined): string | null => {
  if (!element) return null;
  const name = typeof element.name === 'string' && element.name.trim() !== '' ? element.name : undefined;
  if (name) return name;
  const process = instanceOf(element, 'bpmn:Participant') ? processOf(element) : undefined;
  return process && typeof process.name === 'string' && process.name.trim() !== '' ? process.name : null;
};

/** The two ends of a connection, named as the diagram names them (a participant by its process's name). */
const ends = (element: ModdleElement): { source?: ElementEnd; target?: ElementEnd } => {
  const end = (ref: unknown): ElementEnd | undefined => {
    if (!ref || typeof ref !== 'object') return undefined;
    const e = ref as ModdleElement;
    return typeof e.id === 'string' ? { id: e.id, type: e.$type, name: nameOf(e) } : undefined;
  };
  const source = end(element.sourceRef);
  const target = end(element.targetRef);
  return source && target ? { source, target } : {};
};

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The semantic diff of two `bpmn:Definitions` trees read with bpmn-moddle (e.g. `parseBpmn(xml).definitions` or
 * bpmn-js's `getDefinitions()`): added, removed, changed (attributes) and moved (layout) elements. Pure data, no
 * DOM; the studio highlights `changes` on the two diagrams.
 *
 * @example
 * const d = diffDefinitions(asIs.definitions, toBe.definitions);
 * for (const c of d.changes) console.log(c.kind, c.elementId, c.summary);
 */
export function diffDefinitions(oldDefinitions: ModdleElement, newDefinitions: ModdleElement, options: DiagramDiffOptions = {}): DiagramDiff {
  const tolerance = options.layoutTolerance ?? 1;
  const handler = diff(oldDefinitions, newDefinitions, new TrackingHandler());
  const oldIndex = indexTree(oldDefinitions);
  const newIndex = indexTree(newDefinitions);
  const ignored: { elementId: string; reason: 'attributes' | 'layout' }[] = [];
  const changes: DiagramChange[] = [];

  // The differ reports the topmost element of a removed or added subtree; its tracked descendants go with it.
  const descendants = (from: typeof oldIndex, other: typeof oldIndex) =>
    [...from].filter(([id, { element }]) => isTrackedType(element) && !other.has(id)).map(([id]) => id);
  const addedIds = [...new Set([...Object.keys(handler._added), ...descendants(newIndex, oldIndex)])].filter((id) => id !== '');
  const removedIds = [...new Set([...Object.keys(handler._removed), ...descendants(oldIndex, newIndex)])].filter((id) => id !== '');
  // An element with the same id removed in one place and added in another moved to another container.
  const relocated = new Set(addedIds.filter((id) => removedIds.includes(id) && oldIndex.has(id) && newIndex.has(id)));
  const added = addedIds.filter((id) => !relocated.has(id) && !oldIndex.has(id)).sort(byId);
  const removed = removedIds.filter((id) => !relocated.has(id) && !newIndex.has(id)).sort(byId);

  for (const id of added) {
    const element = newIndex.get(id)?.element ?? (handler._added[id] as ModdleElement);
    changes.push({ elementId: id, type: element.$type, name: nameOf(element), ...ends(element), kind: 'added', attributes: [], layout: [], summary: 'added' });
  }
  for (const id of removed) {
    const element = oldIndex.get(id)?.element ?? (handler._removed[id] as ModdleElement);
    changes.push({ elementId: id, type: element.$type, name: nameOf(element), ...ends(element), kind: 'removed', attributes: [], layout: [], summary: 'removed' });
  }

  const oldPictures = pictures(oldDefinitions);
  const newPictures = pictures(newDefinitions);
  const offset = commonOffset(oldPictures, newPictures, tolerance);
  const gone = new Set([...added, ...removed]);
  const layoutOf = new Map<string, LayoutChange[]>();
  for (const id of new Set([...oldPictures.keys(), ...newPictures.keys()])) {
    if (gone.has(id) || !oldIndex.has(id) || !newIndex.has(id)) continue;
    const layout = layoutChanges(oldPictures.get(id), shifted(newPictures.get(id), offset), tolerance);
    if (layout.length > 0) layoutOf.set(id, layout);
  }
  for (const id of Object.keys(handler._layoutChanged)) if (id !== '' && !gone.has(id) && !layoutOf.has(id)) ignored.push({ elementId: id, reason: 'layout' });

  const changedIds = new Set([...Object.keys(handler._changed), ...relocated].filter((id) => id !== '' && !gone.has(id)));
  const changed: string[] = [];
  for (const id of [...changedIds].sort(byId)) {
    const before = oldIndex.get(id);
    const after = newIndex.get(id);
    if (!before || !after) continue;
    const attributes = withReferences(attributeChanges(before.element, after.element), oldIndex, newIndex);
    const oldParent = before.parent ? containerId(before.parent) : null;
    const newParent = after.parent ? containerId(after.parent) : null;
    if (relocated.has(id) && oldParent !== newParent) attributes.unshift({ name: 'container', oldValue: oldParent, newValue: newParent });
    if (attributes.length === 0) {
      ignored.push({ elementId: id, reason: 'attributes' });
      continue;
    }
    changed.push(id);
    const layout = layoutOf.get(id) ?? [];
    changes.push({ elementId: id, type: after.element.$type, name: nameOf(after.element), ...ends(after.element), kind: 'changed', attributes, layout, summary: summarise('changed', attributes, layout) });
  }
  const moved = [...layoutOf.keys()].sort(byId);
  for (const id of moved) {
    if (changed.includes(id)) continue;
    const element = newIndex.get(id)!.element;
    const layout = layoutOf.get(id)!;
    changes.push({ elementId: id, type: element.$type, name: nameOf(element), ...ends(element), kind: 'moved', attributes: [], layout, summary: summarise('moved', [], layout) });
  }
  return { added, removed, changed, moved, changes, ignored: ignored.sort((a, b) => byId(a.elementId, b.elementId)), offset };
}

/** The process, sub-process or lane set an element sits in (a lane set by its process). */
function containerId(parent: ModdleElement): string | null {
  let current: ModdleElement | undefined = parent;
  while (current && idOf(current) === undefined) current = current.$parent;
  return current ? (idOf(current) ?? null) : null;
}

/**
 * Reads two BPMN files and diffs them (see `diffDefinitions`). A file that cannot be read gives issues, never a throw.
 *
 * @example
 * const result = await diffBpmn(asIsXml, toBeXml);
 * if (result.ok) console.log(result.diff.removed);
 */
export async function diffBpmn(
  oldXml: string,
  newXml: string,
  options: DiagramDiffOptions = {},
): Promise<{ readonly ok: true; readonly diff: DiagramDiff } | { readonly ok: false; readonly issues: readonly ModelIssue[] }> {
  const issues: ModelIssue[] = [];
  const read = async (xml: string, which: string) => {
    try {
      const { rootElement } = await createModdle().fromXML(xml);
      if (rootElement.$type !== 'bpmn:Definitions') throw new Error('the root element is not bpmn:definitions');
      return rootElement;
    } catch (error) {
      issues.push({ code: 'diff.unreadable', severity: 'error', message: `The ${which} file is not a readable BPMN file: ${(error as Error).message.split('\n')[0]}` });
      return undefined;
    }
  };
  const [before, after] = [await read(oldXml, 'old'), await read(newXml, 'new')];
  if (!before || !after) return { ok: false, issues };
  return { ok: true, diff: diffDefinitions(before, after, options) };
}

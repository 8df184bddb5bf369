// What it takes to turn the live diagram into a target model: both are read into a plain snapshot (the diagram's
// shapes and edges with their semantic type, name, ends and geometry), and the difference becomes an ordered list
// of operations that map one to one onto bpmn-js `modeling` calls (see reconcile.ts). DOM-free, so the planning is
// tested in Node on real suggestion output; only the execution needs a modeler.
import type { ModdleElement } from '@leanflow/model';

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface ShapeSnapshot {
  readonly id: string;
  /** Semantic type, e.g. `bpmn:UserTask`. */
  readonly type: string;
  readonly name: string | undefined;
  readonly bounds: Bounds;
  readonly labelBounds: Bounds | undefined;
  /** The process a flow node belongs to (the participant's `processRef` for a pool). */
  readonly processId: string | undefined;
}

export interface EdgeSnapshot {
  readonly id: string;
  readonly type: string;
  readonly name: string | undefined;
  readonly sourceId: string | undefined;
  readonly targetId: string | undefined;
  readonly waypoints: readonly Point[];
  readonly labelBounds: Bounds | undefined;
  readonly processId: string | undefined;
}

export interface DiagramSnapshot {
  readonly shapes: ReadonlyMap<string, ShapeSnapshot>;
  readonly edges: ReadonlyMap<string, EdgeSnapshot>;
}

export type ReconcileOp =
  /** Pools and lanes first, so new and moved shapes land inside them. */
  | { readonly op: 'resizeContainer'; readonly id: string; readonly bounds: Bounds }
  | { readonly op: 'createShape'; readonly id: string; readonly type: string; readonly name: string | undefined; readonly bounds: Bounds; readonly processId: string | undefined }
  | { readonly op: 'replaceType'; readonly id: string; readonly type: string }
  | { readonly op: 'moveShape'; readonly id: string; readonly bounds: Bounds }
  | { readonly op: 'reconnect'; readonly id: string; readonly sourceId: string; readonly targetId: string; readonly waypoints: readonly Point[] }
  | { readonly op: 'createConnection'; readonly id: string; readonly type: string; readonly name: string | undefined; readonly sourceId: string; readonly targetId: string; readonly waypoints: readonly Point[] }
  | { readonly op: 'removeConnection'; readonly id: string }
  | { readonly op: 'removeShape'; readonly id: string }
  | { readonly op: 'rename'; readonly id: string; readonly name: string | undefined }
  | { readonly op: 'setWaypoints'; readonly id: string; readonly waypoints: readonly Point[] }
  | { readonly op: 'moveLabel'; readonly id: string; readonly bounds: Bounds };

export interface ReconcilePlan {
  readonly ops: readonly ReconcileOp[];
  /** Differences the plan cannot express (the caller refuses to apply in place and offers a variant). */
  readonly unsupported: readonly string[];
}

const CONTAINER_TYPES = new Set(['bpmn:Participant', 'bpmn:Lane']);
/** Connection types the planner can create (others, e.g. data associations, only move or go). */
const CREATABLE_EDGES = new Set(['bpmn:SequenceFlow', 'bpmn:Association', 'bpmn:MessageFlow']);

function boundsOf(element: ModdleElement | undefined): Bounds | undefined {
  const b = element?.['bounds'] as Bounds | undefined;
  return b ? { x: b.x, y: b.y, width: b.width, height: b.height } : undefined;
}

function processOf(element: ModdleElement): string | undefined {
  if (element.$type === 'bpmn:Participant') return (element['processRef'] as ModdleElement | undefined)?.['id'] as string | undefined;
  for (let parent = element.$parent as ModdleElement | undefined; parent; parent = parent.$parent as ModdleElement | undefined) {
    if (parent.$type === 'bpmn:Process' || parent.$type === 'bpmn:SubProcess') return parent['id'] as string | undefined;
  }
  return undefined;
}

const idOf = (element: unknown): string | undefined => {
  if (Array.isArray(element)) return idOf(element[0]);
  return (element as ModdleElement | undefined)?.['id'] as string | undefined;
};

/**
 * Reads the first diagram plane of a bpmn-moddle definitions tree (what bpmn-js shows) into a snapshot.
 *
 * @example
 * const before = snapshotDiagram(modeler.getDefinitions());
 */
export function snapshotDiagram(definitions: ModdleElement): DiagramSnapshot {
  const shapes = new Map<string, ShapeSnapshot>();
  const edges = new Map<string, EdgeSnapshot>();
  const diagram = (definitions['diagrams'] as ModdleElement[] | undefined)?.[0];
  const plane = diagram?.['plane'] as ModdleElement | undefined;
  for (const di of (plane?.['planeElement'] as ModdleElement[] | undefined) ?? []) {
    const element = di['bpmnElement'] as ModdleElement | undefined;
    const id = element?.['id'] as string | undefined;
    if (!element || !id) continue;
    const name = (element['name'] as string | undefined) || undefined;
    const labelBounds = boundsOf(di['label'] as ModdleElement | undefined);
    if (di.$type === 'bpmndi:BPMNShape') {
      const bounds = boundsOf(di);
      if (bounds) shapes.set(id, { id, type: element.$type, name, bounds, labelBounds, processId: processOf(element) });
    } else if (di.$type === 'bpmndi:BPMNEdge') {
      const waypoints = ((di['waypoint'] as Point[] | undefined) ?? []).map((p) => ({ x: p.x, y: p.y }));
      // Data associations live inside their task: an input association ends there, an output association starts there.
      const owner = idOf(element.$parent);
      const sourceId = element.$type === 'bpmn:DataOutputAssociation' ? owner : idOf(element['sourceRef']);
      const targetId = element.$type === 'bpmn:DataInputAssociation' ? owner : idOf(element['targetRef']);
      edges.set(id, { id, type: element.$type, name, sourceId, targetId, waypoints, labelBounds, processId: processOf(element) });
    }
  }
  return { shapes, edges };
}

const sameBounds = (a: Bounds | undefined, b: Bounds | undefined) =>
  a === b || (!!a && !!b && Math.round(a.x) === Math.round(b.x) && Math.round(a.y) === Math.round(b.y) && Math.round(a.width) === Math.round(b.width) && Math.round(a.height) === Math.round(b.height));
const samePoints = (a: readonly Point[], b: readonly Point[]) =>
  a.length === b.length && a.every((p, i) => Math.round(p.x) === Math.round(b[i]!.x) && Math.round(p.y) === Math.round(b[i]!.y));

/**
 * The operations that turn `live` into `target`, in an order bpmn-js can execute: containers, new shapes, type
 * changes, moves, flow ends, new flows, removals (flows before nodes, so bpmn-js never auto-connects around a deleted
 * node), names, and finally exact waypoints and labels (moves re-layout attached flows).
 *
 * @example
 * const plan = planReconcile(snapshotDiagram(liveDefinitions), snapshotDiagram(targetDefinitions));
 */
export function planReconcile(live: DiagramSnapshot, target: DiagramSnapshot): ReconcilePlan {
  const ops: ReconcileOp[] = [];
  const unsupported: string[] = [];
  const targetShapes = [...target.shapes.values()];
  // Containers grow before anything lands in them; pools before their lanes.
  for (const t of targetShapes.filter((s) => CONTAINER_TYPES.has(s.type)).sort((a, b) => (a.type === b.type ? 0 : a.type === 'bpmn:Participant' ? -1 : 1))) {
    const l = live.shapes.get(t.id);
    if (!l) unsupported.push(`new ${t.type} ${t.id}`);
    else if (!sameBounds(l.bounds, t.bounds)) ops.push({ op: 'resizeContainer', id: t.id, bounds: t.bounds });
  }
  for (const t of targetShapes) {
    if (CONTAINER_TYPES.has(t.type) || live.shapes.has(t.id)) continue;
    ops.push({ op: 'createShape', id: t.id, type: t.type, name: t.name, bounds: t.bounds, processId: t.processId });
  }
  for (const t of targetShapes) {
    const l = live.shapes.get(t.id);
    if (l && l.type !== t.type) {
      if (CONTAINER_TYPES.has(t.type) || CONTAINER_TYPES.has(l.type)) unsupported.push(`type of ${t.id}`);
      else ops.push({ op: 'replaceType', id: t.id, type: t.type });
    }
  }
  for (const t of targetShapes) {
    const l = live.shapes.get(t.id);
    if (l && !CONTAINER_TYPES.has(t.type) && !sameBounds(l.bounds, t.bounds)) ops.push({ op: 'moveShape', id: t.id, bounds: t.bounds });
  }
  for (const t of target.edges.values()) {
    const l = live.edges.get(t.id);
    if (!l) {
      if (!CREATABLE_EDGES.has(t.type) || !t.sourceId || !t.targetId) unsupported.push(`new ${t.type} ${t.id}`);
      else ops.push({ op: 'createConnection', id: t.id, type: t.type, name: t.name, sourceId: t.sourceId, targetId: t.targetId, waypoints: t.waypoints });
    } else if (l.sourceId !== t.sourceId || l.targetId !== t.targetId) {
      if (!t.sourceId || !t.targetId || l.type !== t.type) unsupported.push(`ends of ${t.id}`);
      else ops.push({ op: 'reconnect', id: t.id, sourceId: t.sourceId, targetId: t.targetId, waypoints: t.waypoints });
    }
  }
  // Reorder: new flows after reconnections is fine; all creations must precede removals.
  for (const l of live.edges.values()) if (!target.edges.has(l.id)) ops.push({ op: 'removeConnection', id: l.id });
  for (const l of live.shapes.values()) {
    if (target.shapes.has(l.id)) continue;
    if (CONTAINER_TYPES.has(l.type)) unsupported.push(`removed ${l.type} ${l.id}`);
    else ops.push({ op: 'removeShape', id: l.id });
  }
  for (const t of [...targetShapes, ...target.edges.values()]) {
    const l = live.shapes.get(t.id) ?? live.edges.get(t.id);
    if (l && l.name !== t.name) ops.push({ op: 'rename', id: t.id, name: t.name });
  }
  for (const t of target.edges.values()) {
    const l = live.edges.get(t.id);
    // Re-layout after moves may have changed any flow: set every surviving flow's target waypoints when they differ
    // from the live ones (the executor re-checks against the live geometry at that point).
    if (l && !samePoints(l.waypoints, t.waypoints) && !ops.some((o) => o.op === 'reconnect' && o.id === t.id)) ops.push({ op: 'setWaypoints', id: t.id, waypoints: t.waypoints });
  }
  for (const t of [...targetShapes, ...target.edges.values()]) {
    if (t.labelBounds) ops.push({ op: 'moveLabel', id: t.id, bounds: t.labelBounds });
  }
  return { ops, unsupported };
}

/**
 * What a snapshot looks like after `plan` (the planner's own model of bpmn-js): used by tests to prove a plan
 * reaches the target, and by nothing else.
 */
export function simulatePlan(live: DiagramSnapshot, plan: ReconcilePlan): DiagramSnapshot {
  const shapes = new Map(live.shapes);
  const edges = new Map(live.edges);
  for (const o of plan.ops) {
    switch (o.op) {
      case 'resizeContainer':
      case 'moveShape':
        shapes.set(o.id, { ...shapes.get(o.id)!, bounds: o.bounds });
        break;
      case 'createShape':
        shapes.set(o.id, { id: o.id, type: o.type, name: o.name, bounds: o.bounds, labelBounds: undefined, processId: o.processId });
        break;
      case 'replaceType':
        shapes.set(o.id, { ...shapes.get(o.id)!, type: o.type });
        break;
      case 'reconnect':
        edges.set(o.id, { ...edges.get(o.id)!, sourceId: o.sourceId, targetId: o.targetId, waypoints: o.waypoints });
        break;
      case 'createConnection':
        edges.set(o.id, { id: o.id, type: o.type, name: o.name, sourceId: o.sourceId, targetId: o.targetId, waypoints: o.waypoints, labelBounds: undefined, processId: undefined });
        break;
      case 'removeConnection':
        edges.delete(o.id);
        break;
      case 'removeShape':
        shapes.delete(o.id);
        break;
      case 'rename': {
        const shape = shapes.get(o.id);
        if (shape) shapes.set(o.id, { ...shape, name: o.name });
        else edges.set(o.id, { ...edges.get(o.id)!, name: o.name });
        break;
      }
      case 'setWaypoints':
        edges.set(o.id, { ...edges.get(o.id)!, waypoints: o.waypoints });
        break;
      case 'moveLabel': {
        const shape = shapes.get(o.id);
        if (shape) shapes.set(o.id, { ...shape, labelBounds: o.bounds });
        else edges.set(o.id, { ...edges.get(o.id)!, labelBounds: o.bounds });
        break;
      }
    }
  }
  return { shapes, edges };
}

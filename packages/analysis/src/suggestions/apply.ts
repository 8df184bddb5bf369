// applyEdits: runs a ModelEdit list on the bpmn-moddle tree (no DOM) and writes the file back. Keeps the diagram
// (DI) valid: removed elements lose their shapes and edges, new flows get waypoints, new and moved nodes get bounds
// with a simple local re-layout (shift what lies to the right; close a gap when nothing else is in it).
import {
  ScenarioSchema,
  TaskParametersSchema,
  distributionMean,
  parseBpmn,
  readScenarios,
  serializeBpmn,
  writeScenarios,
  type ModdleElement,
  type ModdleInstance,
  type ModelIssue,
  type Scenario,
} from '@leanflow/model';
import type { EditableNodeType, ModelEdit } from './types.ts';

const VALUE_RANK = { valueAdding: 2, businessValueAdding: 1, nonValueAdding: 0 } as const;

/** The best value class of merged tasks; not set when none of them has one. */
function mergedValueClass(classes: readonly (keyof typeof VALUE_RANK | undefined)[]): { valueClass?: keyof typeof VALUE_RANK } {
  const set = classes.filter((c) => c !== undefined);
  return set.length === 0 ? {} : { valueClass: set.reduce((best, c) => (VALUE_RANK[c] > VALUE_RANK[best] ? c : best)) };
}

export interface ApplyEditsResult {
  /** The transformed file; absent when an edit could not be applied (see `issues`). */
  readonly xml?: string;
  readonly issues: readonly ModelIssue[];
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 50;
// JSON data only (scenarios, edit values); the analysis tsconfig has no DOM/Node lib for structuredClone.
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const TASK_SIZE = { width: 100, height: 80 };
const GATEWAY_SIZE = { width: 50, height: 50 };

class EditError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly elementId?: string,
  ) {
    super(message);
  }
}

/** A many-valued property, created (empty) when absent so it can be pushed to. */
const list = (element: ModdleElement | undefined, property: string): ModdleElement[] => {
  if (!element) return [];
  let value = element.get(property) as ModdleElement[] | undefined;
  if (!Array.isArray(value)) {
    element.set(property, []);
    value = element.get(property) as ModdleElement[];
  }
  return value;
};
/** A many-valued property for reading only ([] when absent or not a property of the element). */
const items = (element: ModdleElement | undefined, property: string): ModdleElement[] => {
  const value = element?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
};
const removeFrom = (array: unknown[], item: unknown) => {
  const i = array.indexOf(item);
  if (i >= 0) array.splice(i, 1);
};
const isA = (element: ModdleElement | undefined, type: string): boolean => element !== undefined && typeof element.$instanceOf === 'function' && element.$instanceOf(type);

/** The moddle tree of one file with indexes over ids, DI and lanes. */
class EditContext {
  readonly byId = new Map<string, ModdleElement>();
  readonly di = new Map<string, ModdleElement>();
  readonly lanes: ModdleElement[] = [];
  readonly touchedFlows = new Set<ModdleElement>();
  readonly movedNodes = new Set<ModdleElement>();
  /** Flows drawn around (above or below) their source and target: bypasses. */
  readonly routedAbove = new Set<ModdleElement>();
  scenarios: Scenario[] | undefined;
  activeScenarioId: string | undefined;
  scenariosDirty = false;

  constructor(
    readonly moddle: ModdleInstance,
    readonly definitions: ModdleElement,
  ) {
    const visit = (element: ModdleElement) => {
      if (typeof element['id'] === 'string') this.byId.set(element['id'], element);
      if (isA(element, 'bpmn:Lane')) this.lanes.push(element);
      for (const child of [...items(element, 'flowElements'), ...items(element, 'laneSets'), ...items(element, 'lanes'), ...items(element, 'participants')]) visit(child);
      const childLaneSet = element['childLaneSet'] as ModdleElement | undefined;
      if (childLaneSet) visit(childLaneSet);
    };
    for (const root of items(definitions, 'rootElements')) visit(root);
    for (const diagram of items(definitions, 'diagrams')) {
      const plane = diagram['plane'] as ModdleElement | undefined;
      for (const element of items(plane, 'planeElement')) {
        const target = element['bpmnElement'] as ModdleElement | undefined;
        if (target && typeof target['id'] === 'string') this.di.set(target['id'], element);
      }
    }
  }

  get hasDi(): boolean {
    return this.di.size > 0;
  }

  node(id: string): ModdleElement {
    const element = this.byId.get(id);
    if (!element || !isA(element, 'bpmn:FlowNode')) throw new EditError('edit.element.missing', `There is no flow node "${id}" in the model.`, id);
    return element;
  }

  flow(id: string): ModdleElement {
    const element = this.byId.get(id);
    if (!element || !isA(element, 'bpmn:SequenceFlow')) throw new EditError('edit.flow.missing', `There is no sequence flow "${id}" in the model.`, id);
    return element;
  }

  freshId(wanted: string): string {
    if (!this.byId.has(wanted)) return wanted;
    throw new EditError('edit.id.taken', `The id "${wanted}" is already used in the model.`, wanted);
  }

  /** A copy of the node's bounds (later shifts do not change it). */
  bounds(element: ModdleElement): Bounds | undefined {
    const b = this.di.get(element['id'] as string)?.['bounds'] as Bounds | undefined;
    return b ? { x: b.x, y: b.y, width: b.width, height: b.height } : undefined;
  }

  planeOf(element: ModdleElement): ModdleElement | undefined {
    const shape = this.di.get(element['id'] as string);
    if (shape) return shape.$parent;
    const first = items(this.definitions, 'diagrams')[0];
    return first?.['plane'] as ModdleElement | undefined;
  }

  lanesOf(node: ModdleElement): ModdleElement[] {
    return this.lanes.filter((lane) => items(lane, 'flowNodeRef').includes(node));
  }

  // --- structure -------------------------------------------------------------------------------------------

  createNode(type: string, id: string, attrs: Record<string, unknown>, container: ModdleElement, lanes: readonly ModdleElement[], bounds: Bounds | undefined, planeFrom: ModdleElement): ModdleElement {
    const node = this.moddle.create(type, { id: this.freshId(id), ...attrs });
    node.$parent = container;
    list(container, 'flowElements').push(node);
    for (const lane of lanes) list(lane, 'flowNodeRef').push(node);
    this.byId.set(id, node);
    const plane = this.planeOf(planeFrom);
    if (bounds && plane && this.hasDi) {
      const shape = this.moddle.create('bpmndi:BPMNShape', { id: `${id}_di`, bpmnElement: node, bounds: this.moddle.create('dc:Bounds', { ...bounds }) });
      if (isA(node, 'bpmn:ExclusiveGateway')) shape.set('isMarkerVisible', true);
      shape.$parent = plane;
      list(plane, 'planeElement').push(shape);
      this.di.set(id, shape);
      this.movedNodes.add(node);
    }
    return node;
  }

  createFlow(id: string, source: ModdleElement, target: ModdleElement): ModdleElement {
    const container = source.$parent!;
    const flow = this.moddle.create('bpmn:SequenceFlow', { id: this.freshId(id), sourceRef: source, targetRef: target });
    flow.$parent = container;
    list(container, 'flowElements').push(flow);
    list(source, 'outgoing').push(flow);
    list(target, 'incoming').push(flow);
    this.byId.set(id, flow);
    this.touchedFlows.add(flow);
    return flow;
  }

  setTarget(flow: ModdleElement, target: ModdleElement): void {
    removeFrom(list(flow['targetRef'] as ModdleElement, 'incoming'), flow);
    flow.set('targetRef', target);
    list(target, 'incoming').push(flow);
    this.touchedFlows.add(flow);
  }

  setSource(flow: ModdleElement, source: ModdleElement): void {
    const old = flow['sourceRef'] as ModdleElement;
    removeFrom(list(old, 'outgoing'), flow);
    if (old['default'] === flow) old.set('default', undefined);
    flow.set('sourceRef', source);
    list(source, 'outgoing').push(flow);
    this.touchedFlows.add(flow);
  }

  deleteDi(id: string): void {
    const shape = this.di.get(id);
    if (shape) removeFrom(list(shape.$parent, 'planeElement'), shape);
    this.di.delete(id);
  }

  deleteFlow(flow: ModdleElement): void {
    const source = flow['sourceRef'] as ModdleElement;
    removeFrom(list(source, 'outgoing'), flow);
    if (source['default'] === flow) source.set('default', undefined);
    removeFrom(list(flow['targetRef'] as ModdleElement, 'incoming'), flow);
    removeFrom(list(flow.$parent, 'flowElements'), flow);
    this.byId.delete(flow['id'] as string);
    this.deleteDi(flow['id'] as string);
    this.touchedFlows.delete(flow);
    this.dropScenarioFlow(flow['id'] as string);
  }

  deleteNode(node: ModdleElement): void {
    if (items(node, 'incoming').length + items(node, 'outgoing').length > 0) throw new Error('deleteNode: disconnect the node first');
    removeFrom(list(node.$parent, 'flowElements'), node);
    for (const lane of this.lanesOf(node)) removeFrom(list(lane, 'flowNodeRef'), node);
    this.byId.delete(node['id'] as string);
    this.deleteDi(node['id'] as string);
    this.movedNodes.delete(node);
    this.dropScenarioElement(node['id'] as string);
  }

  // --- scenarios --------------------------------------------------------------------------------------------

  loadScenarios(): Scenario[] {
    if (!this.scenarios) {
      const stored = readScenarios(this.definitions);
      this.scenarios = stored.scenarios.map((s) => clone(s));
      this.activeScenarioId = stored.activeScenarioId;
    }
    return this.scenarios;
  }

  dropScenarioElement(id: string): void {
    for (const s of this.loadScenarios()) {
      for (const record of [s.tasks, s.gateways, s.events, s.arrivals] as Record<string, unknown>[]) {
        if (id in record) {
          delete record[id];
          this.scenariosDirty = true;
        }
      }
    }
  }

  dropScenarioFlow(id: string): void {
    for (const s of this.loadScenarios())
      for (const g of Object.values(s.gateways))
        if (id in g.probabilities) {
          delete g.probabilities[id];
          this.scenariosDirty = true;
        }
  }

  // --- layout -----------------------------------------------------------------------------------------------

  /** Shapes of flow nodes (not pools or lanes) on the plane of `reference`. */
  nodeShapes(reference: ModdleElement): ModdleElement[] {
    const plane = this.planeOf(reference);
    return items(plane, 'planeElement').filter((e) => isA(e, 'bpmndi:BPMNShape') && isA(e['bpmnElement'] as ModdleElement, 'bpmn:FlowNode'));
  }

  moveShape(node: ModdleElement, dx: number, dy: number): void {
    const shape = this.di.get(node['id'] as string);
    const b = shape?.['bounds'] as Bounds | undefined;
    if (!shape || !b) return;
    b.x += dx;
    b.y += dy;
    const label = (shape['label'] as ModdleElement | undefined)?.['bounds'] as Bounds | undefined;
    if (label) {
      label.x += dx;
      label.y += dy;
    }
    this.movedNodes.add(node);
  }

  placeShape(node: ModdleElement, x: number, y: number): void {
    const b = this.bounds(node);
    if (b) this.moveShape(node, x - b.x, y - b.y);
  }

  /** Moves every node shape starting at or right of `fromX` by `dx` (pools and lanes grow to keep them inside). */
  shiftRight(reference: ModdleElement, fromX: number, dx: number, except: ReadonlySet<ModdleElement> = new Set()): void {
    if (!this.hasDi || dx === 0) return;
    for (const shape of this.nodeShapes(reference)) {
      const node = shape['bpmnElement'] as ModdleElement;
      const b = shape['bounds'] as Bounds;
      if (!except.has(node) && b.x >= fromX) this.moveShape(node, dx, 0);
    }
    for (const edge of items(this.planeOf(reference), 'planeElement').filter((e) => isA(e, 'bpmndi:BPMNEdge'))) {
      for (const point of items(edge, 'waypoint')) if ((point['x'] as number) >= fromX) point['x'] = (point['x'] as number) + dx;
      const label = (edge['label'] as ModdleElement | undefined)?.['bounds'] as Bounds | undefined;
      if (label && label.x >= fromX) label.x += dx;
    }
    if (dx > 0) this.growContainers(reference);
  }

  /** Closes the horizontal gap [toX, fromX) when no node shape overlaps it. */
  closeGap(reference: ModdleElement, fromX: number, toX: number): void {
    if (!this.hasDi || fromX - toX < 1) return;
    const blocked = this.nodeShapes(reference).some((shape) => {
      const b = shape['bounds'] as Bounds;
      return b.x < fromX && b.x + b.width > toX;
    });
    if (!blocked) this.shiftRight(reference, fromX, toX - fromX);
  }

  growContainers(reference: ModdleElement): void {
    const shapes = this.nodeShapes(reference).map((s) => s['bounds'] as Bounds);
    const right = Math.max(...shapes.map((b) => b.x + b.width)) + GAP;
    for (const shape of items(this.planeOf(reference), 'planeElement')) {
      const target = shape['bpmnElement'] as ModdleElement | undefined;
      if (!isA(target, 'bpmn:Participant') && !isA(target, 'bpmn:Lane')) continue;
      const b = shape['bounds'] as Bounds | undefined;
      if (b && b.x + b.width < right) b.width = right - b.x;
    }
  }

  /** Orthogonal waypoints from the source's right side to the target's left side (under both for loop-backs). */
  route(flow: ModdleElement): void {
    const id = flow['id'] as string;
    const source = this.bounds(flow['sourceRef'] as ModdleElement);
    const target = this.bounds(flow['targetRef'] as ModdleElement);
    if (!source || !target) return;
    const sy = source.y + source.height / 2;
    const ty = target.y + target.height / 2;
    let points: [number, number][];
    if (this.routedAbove.has(flow)) {
      // Above the task, unless a flow comes into the split (or leaves the join) from above: then below.
      const fromAbove = [...items(flow['sourceRef'] as ModdleElement, 'incoming'), ...items(flow['targetRef'] as ModdleElement, 'outgoing')].some((f) => {
        const other = this.bounds((f['sourceRef'] === flow['targetRef'] ? f['targetRef'] : f['sourceRef']) as ModdleElement);
        return other !== undefined && other.y + other.height / 2 < Math.min(source.y, target.y);
      });
      const sx = source.x + source.width / 2;
      const tx = target.x + target.width / 2;
      if (fromAbove) {
        const below = Math.max(source.y + source.height, target.y + target.height) + 40;
        points = [[sx, source.y + source.height], [sx, below], [tx, below], [tx, target.y + target.height]];
      } else {
        const above = Math.min(source.y, target.y) - 40;
        points = [[sx, source.y], [sx, above], [tx, above], [tx, target.y]];
      }
    } else if (target.x >= source.x + source.width) {
      const sx = source.x + source.width;
      const tx = target.x;
      const fromGateway = isA(flow['sourceRef'] as ModdleElement, 'bpmn:Gateway');
      const toGateway = isA(flow['targetRef'] as ModdleElement, 'bpmn:Gateway');
      if (Math.abs(sy - ty) < 1) points = [[sx, sy], [tx, ty]];
      // Branches leave a split vertically and enter a join vertically (as bpmn-js draws them), so they do not run
      // along the split's row through the shapes on it.
      else if (fromGateway) {
        const scx = source.x + source.width / 2;
        points = [[scx, ty > sy ? source.y + source.height : source.y], [scx, ty], [tx, ty]];
      } else if (toGateway) {
        const tcx = target.x + target.width / 2;
        points = [[sx, sy], [tcx, sy], [tcx, sy > ty ? target.y + target.height : target.y]];
      }
      else {
        const mx = Math.round((sx + tx) / 2);
        points = [[sx, sy], [mx, sy], [mx, ty], [tx, ty]];
      }
    } else {
      const below = Math.max(source.y + source.height, target.y + target.height) + 30;
      const sx = source.x + source.width / 2;
      const tx = target.x + target.width / 2;
      points = [[sx, source.y + source.height], [sx, below], [tx, below], [tx, target.y + target.height]];
    }
    const waypoints = points.map(([x, y]) => this.moddle.create('dc:Point', { x: Math.round(x), y: Math.round(y) }));
    let edge = this.di.get(id);
    if (!edge) {
      const plane = this.planeOf(flow['sourceRef'] as ModdleElement);
      if (!plane) return;
      edge = this.moddle.create('bpmndi:BPMNEdge', { id: `${id}_di`, bpmnElement: flow });
      edge.$parent = plane;
      list(plane, 'planeElement').push(edge);
      this.di.set(id, edge);
    }
    edge.set('waypoint', waypoints);
    edge.set('label', undefined); // bpmn-js places a missing label at the middle of the edge
  }

  finishLayout(): void {
    if (!this.hasDi) return;
    const flows = new Set(this.touchedFlows);
    for (const node of this.movedNodes) for (const f of [...items(node, 'incoming'), ...items(node, 'outgoing')]) flows.add(f);
    for (const flow of flows) if (this.byId.get(flow['id'] as string) === flow) this.route(flow);
  }
}

// --- edits -------------------------------------------------------------------------------------------------

function single(node: ModdleElement, property: 'incoming' | 'outgoing', what: string): ModdleElement {
  const flows = items(node, property);
  if (flows.length !== 1)
    throw new EditError(`edit.${property}.count`, `${what}: "${node['name'] ?? node['id']}" must have exactly one ${property} sequence flow (it has ${flows.length}).`, node['id'] as string);
  return flows[0]!;
}

function removeElement(ctx: EditContext, id: string): void {
  const node = ctx.node(id);
  const incoming = single(node, 'incoming', 'Remove');
  const outgoing = single(node, 'outgoing', 'Remove');
  if ([...ctx.byId.values()].some((e) => e['attachedToRef'] === node))
    throw new EditError('edit.remove.boundary', `"${node['name'] ?? id}" has boundary events; remove them first.`, id);
  const b = ctx.bounds(node);
  ctx.setTarget(incoming, outgoing['targetRef'] as ModdleElement);
  ctx.deleteFlow(outgoing);
  ctx.deleteNode(node);
  if (b) ctx.closeGap(node, b.x + b.width + GAP, b.x);
}

function changeType(ctx: EditContext, id: string, newType: EditableNodeType): ModdleElement {
  const old = ctx.node(id);
  const wasGateway = isA(old, 'bpmn:Gateway');
  const toGateway = newType.endsWith('Gateway');
  if (!isA(old, wasGateway ? 'bpmn:Gateway' : 'bpmn:Task') || wasGateway !== toGateway)
    throw new EditError('edit.changeType.kind', `"${old['name'] ?? id}" can only change to another ${wasGateway ? 'gateway' : 'task'} type.`, id);
  if (old.$type === newType) return old;
  const copied: Record<string, unknown> = {};
  for (const key of ['name', 'documentation', 'extensionElements', 'incoming', 'outgoing', 'default', 'dataInputAssociations', 'dataOutputAssociations', 'ioSpecification', 'properties', 'loopCharacteristics', 'gatewayDirection'])
    if (old[key] !== undefined) copied[key] = old[key];
  if (newType === 'bpmn:ParallelGateway') delete copied['default'];
  const node = ctx.moddle.create(newType, { id, ...copied });
  node.$parent = old.$parent!;
  const siblings = list(old.$parent, 'flowElements');
  siblings[siblings.indexOf(old)] = node;
  for (const f of list(node, 'incoming')) f.set('targetRef', node);
  for (const f of list(node, 'outgoing')) f.set('sourceRef', node);
  for (const lane of ctx.lanesOf(old)) {
    const refs = list(lane, 'flowNodeRef');
    refs[refs.indexOf(old)] = node;
  }
  for (const e of ctx.byId.values()) if (e['attachedToRef'] === old) e.set('attachedToRef', node);
  const shape = ctx.di.get(id);
  if (shape) {
    shape.set('bpmnElement', node);
    if (newType === 'bpmn:ExclusiveGateway') shape.set('isMarkerVisible', true);
  }
  ctx.byId.set(id, node);
  return node;
}

function directChain(ctx: EditContext, ids: readonly string[], what: string): ModdleElement[] {
  if (ids.length < 2) throw new EditError('edit.chain.short', `${what} needs at least two tasks.`);
  const nodes = ids.map((id) => ctx.node(id));
  for (let i = 0; i + 1 < nodes.length; i++) {
    const out = single(nodes[i]!, 'outgoing', what);
    const inc = single(nodes[i + 1]!, 'incoming', what);
    if (out !== inc) throw new EditError('edit.chain.gap', `${what}: "${ids[i]}" is not directly followed by "${ids[i + 1]}".`, ids[i]!);
  }
  return nodes;
}

function mergeTasks(ctx: EditContext, ids: readonly string[], name: string): void {
  const nodes = directChain(ctx, ids, 'Merge');
  for (const n of nodes) if (!isA(n, 'bpmn:Task')) throw new EditError('edit.merge.type', `Only tasks can be merged ("${n['id']}" is not one).`, n['id'] as string);
  // Scenario: the merged task takes the sum of the mean durations and fixed costs, the best value class.
  for (const s of ctx.loadScenarios()) {
    const parts = ids.map((id) => s.tasks[id]).filter((t) => t !== undefined);
    if (parts.length === 0) continue;
    const first = s.tasks[ids[0]!] ?? TaskParametersSchema.parse({});
    const withDuration = parts.filter((t) => t.duration);
    const mean = withDuration.reduce((sum, t) => sum + distributionMean(t.duration!), 0);
    const merged = {
      ...first,
      ...(withDuration.length > 0 ? { duration: mergedDuration(withDuration.map((t) => t.duration!), mean) } : {}),
      fixedCost: parts.reduce((sum, t) => sum + t.fixedCost, 0),
      ...mergedValueClass(parts.map((t) => t.valueClass)),
      substantiveResponse: parts.some((t) => t.substantiveResponse),
    };
    s.tasks[ids[0]!] = merged;
    ctx.scenariosDirty = true;
  }
  for (const id of ids.slice(1)) removeElement(ctx, id);
  nodes[0]!.set('name', name);
}

type Duration = NonNullable<Scenario['tasks'][string]['duration']>;
/** Sum of triangular/fixed durations stays triangular (exact min, mode, max sums); otherwise a normal with the summed mean. */
function mergedDuration(parts: readonly Duration[], meanSeconds: number): Duration {
  const toSeconds = (d: Duration) => distributionMean({ type: 'fixed', value: 1, unit: d.unit });
  if (parts.every((d) => d.type === 'triangular' || d.type === 'fixed')) {
    let min = 0, mode = 0, max = 0;
    for (const d of parts) {
      const k = toSeconds(d);
      if (d.type === 'fixed') {
        min += d.value * k; mode += d.value * k; max += d.value * k;
      } else if (d.type === 'triangular') {
        min += d.min * k; mode += d.mode * k; max += d.max * k;
      }
    }
    const r = (x: number) => Math.round((x / 60) * 1000) / 1000;
    return { type: 'triangular', min: r(min), mode: r(mode), max: r(max), unit: 'min' };
  }
  return { type: 'normal', mean: Math.round((meanSeconds / 60) * 1000) / 1000, sd: Math.round((meanSeconds / 60 / 4) * 1000) / 1000, unit: 'min' };
}

function insertParallelBlock(ctx: EditContext, ids: readonly string[], splitId: string, joinId: string): void {
  const nodes = directChain(ctx, ids, 'Parallelise');
  const first = nodes[0]!;
  const last = nodes[nodes.length - 1]!;
  const incoming = single(first, 'incoming', 'Parallelise');
  const outgoing = single(last, 'outgoing', 'Parallelise');
  const oldBounds = nodes.map((n) => ctx.bounds(n));
  const firstBounds = oldBounds[0];
  const lastBounds = oldBounds[oldBounds.length - 1];
  for (let i = 0; i + 1 < nodes.length; i++) ctx.deleteFlow(list(nodes[i]!, 'outgoing')[0]!);
  const lanes = ctx.lanesOf(first);
  const cy = firstBounds ? firstBounds.y + firstBounds.height / 2 : 0;
  const split = ctx.createNode('bpmn:ParallelGateway', splitId, {}, first.$parent!, lanes, firstBounds ? { x: firstBounds.x, y: cy - 25, ...GATEWAY_SIZE } : undefined, first);
  if (firstBounds) ctx.shiftRight(first, firstBounds.x, GATEWAY_SIZE.width + GAP, new Set([split]));
  const columnX = firstBounds ? firstBounds.x + GATEWAY_SIZE.width + GAP : 0;
  const width = Math.max(...oldBounds.map((b) => b?.width ?? 0));
  const join = ctx.createNode('bpmn:ParallelGateway', joinId, {}, first.$parent!, lanes, firstBounds ? { x: columnX + width + GAP, y: cy - 25, ...GATEWAY_SIZE } : undefined, first);
  ctx.setTarget(incoming, split);
  ctx.setSource(outgoing, join);
  // Each task keeps its own row (its lane); tasks that would overlap in the column go below the previous one.
  const placed: Bounds[] = [];
  nodes.forEach((node, i) => {
    const own = oldBounds[i];
    if (firstBounds && own) {
      let y = own.y;
      for (const p of placed) if (y < p.y + p.height + 30 && y + own.height > p.y - 30) y = p.y + p.height + 30;
      ctx.placeShape(node, columnX, y);
      placed.push({ x: columnX, y, width: own.width, height: own.height });
    }
    ctx.createFlow(`${splitId}_${node['id']}`, split, node);
    ctx.createFlow(`${node['id']}_${joinId}`, node, join);
  });
  if (firstBounds && lastBounds) {
    // What followed the chain now starts right after the join (when nothing else is drawn in the freed space).
    const after = lastBounds.x + lastBounds.width + GATEWAY_SIZE.width + 2 * GAP;
    ctx.shiftRight(first, after, 0);
    const joinRight = columnX + width + GAP + GATEWAY_SIZE.width + GAP;
    const blocked = ctx.nodeShapes(first).some((s) => {
      const b = s['bounds'] as Bounds;
      const n = s['bpmnElement'] as ModdleElement;
      return n !== join && !nodes.includes(n) && n !== split && b.x < after && b.x + b.width > joinRight;
    });
    if (!blocked && after > joinRight) ctx.shiftRight(first, after, joinRight - after, new Set([join, split, ...nodes]));
    ctx.growContainers(first);
  }
}

function moveElement(ctx: EditContext, edit: Extract<ModelEdit, { type: 'moveElement' }>): void {
  const start = ctx.node(edit.elementId);
  const through = ctx.node(edit.throughId ?? edit.elementId);
  if ((edit.afterId === undefined) === (edit.ontoFlowId === undefined)) throw new EditError('edit.move.where', 'Say where to move: afterId or ontoFlowId (one of them).');
  const afterOut = edit.ontoFlowId !== undefined ? ctx.flow(edit.ontoFlowId) : single(ctx.node(edit.afterId!), 'outgoing', 'Move after');
  const after = afterOut['sourceRef'] as ModdleElement;
  const incoming = single(start, 'incoming', 'Move');
  const cont = edit.continueFlowId !== undefined ? ctx.flow(edit.continueFlowId) : single(through, 'outgoing', 'Move');
  if (cont['sourceRef'] !== through) throw new EditError('edit.move.flow', `Flow "${edit.continueFlowId}" does not leave "${through['id']}".`, edit.continueFlowId);
  if (after === through || afterOut['targetRef'] === start || incoming['sourceRef'] === after) return; // already there
  // The segment's nodes: everything reachable from start up to `through` (for drawing only).
  const segment = new Set<ModdleElement>([start]);
  for (const stack = [start]; stack.length > 0; ) {
    const n = stack.pop()!;
    if (n === through) continue;
    for (const f of items(n, 'outgoing')) {
      const t = f['targetRef'] as ModdleElement;
      if (!segment.has(t) && items(t, 'incoming').length === 1) {
        segment.add(t);
        stack.push(t);
      }
    }
  }
  if (segment.has(after)) throw new EditError('edit.move.into', `"${after['id']}" lies inside the part being moved.`, after['id'] as string);
  const next = cont['targetRef'] as ModdleElement;
  const afterNext = afterOut['targetRef'] as ModdleElement;
  ctx.setTarget(incoming, next);
  ctx.setTarget(afterOut, start);
  ctx.setTarget(cont, afterNext);
  // Layout: the main line of the segment (start .. through) goes right after `after`, on its centre line; dead-end
  // side branches of the segment (a knock-out's rejection) move along with the node they leave; room is made there.
  const mainLine: ModdleElement[] = [start];
  for (let n = start; n !== through; ) {
    const out = items(n, 'outgoing');
    if (out.length !== 1) break;
    n = out[0]!['targetRef'] as ModdleElement;
    if (!segment.has(n)) break;
    mainLine.push(n);
  }
  if (!mainLine.includes(through)) mainLine.push(through);
  const tails = new Map<ModdleElement, ModdleElement>(); // side node -> the main-line node it hangs from
  for (const owner of mainLine) {
    for (const f of items(owner, 'outgoing')) {
      if (f === cont) continue;
      for (const stack = [f['targetRef'] as ModdleElement]; stack.length > 0; ) {
        const n = stack.pop()!;
        if (mainLine.includes(n) || tails.has(n) || items(n, 'incoming').length !== 1) continue;
        tails.set(n, owner);
        for (const g of items(n, 'outgoing')) stack.push(g['targetRef'] as ModdleElement);
      }
    }
  }
  const boxes = mainLine.map((n) => ctx.bounds(n));
  const afterBox = ctx.bounds(after);
  if (!afterBox || boxes.some((b) => !b)) return;
  const width = boxes.reduce((sum, b) => sum + b!.width + GAP, 0);
  const oldLeft = Math.min(...boxes.map((b) => b!.x));
  const oldRight = Math.max(...boxes.map((b) => b!.x + b!.width)) + GAP;
  const moving = new Set<ModdleElement>([...mainLine, ...tails.keys()]);
  const insertX = afterBox.x + afterBox.width + GAP;
  ctx.shiftRight(after, insertX, width, moving);
  let x = insertX;
  const cy = afterBox.y + afterBox.height / 2;
  const delta = new Map<ModdleElement, [number, number]>();
  for (const [i, n] of mainLine.entries()) {
    const y = cy - boxes[i]!.height / 2;
    delta.set(n, [x - boxes[i]!.x, y - boxes[i]!.y]);
    ctx.placeShape(n, x, y);
    x += boxes[i]!.width + GAP;
  }
  for (const [n, owner] of tails) ctx.moveShape(n, ...delta.get(owner)!);
  const shift = oldLeft >= insertX ? width : 0;
  ctx.closeGap(after, oldRight + shift, oldLeft + shift);
}

function insertTask(ctx: EditContext, edit: Extract<ModelEdit, { type: 'insertTask' }>): void {
  const flow = ctx.flow(edit.flowId);
  const source = flow['sourceRef'] as ModdleElement;
  const target = flow['targetRef'] as ModdleElement;
  const targetBox = ctx.bounds(target);
  const type = edit.taskType ?? 'bpmn:UserTask';
  if (type.endsWith('Gateway')) throw new EditError('edit.insert.type', 'insertTask inserts tasks, not gateways.');
  const sourceBox = ctx.bounds(source);
  const box = targetBox && sourceBox ? { x: targetBox.x, y: sourceBox.y + sourceBox.height / 2 - TASK_SIZE.height / 2, ...TASK_SIZE } : undefined;
  if (targetBox) ctx.shiftRight(target, targetBox.x, TASK_SIZE.width + GAP);
  const task = ctx.createNode(type, edit.elementId, { name: edit.name }, source.$parent!, ctx.lanesOf(source), box, source);
  ctx.setTarget(flow, task);
  ctx.createFlow(`${edit.elementId}_out`, task, target);
}

function insertBypass(ctx: EditContext, edit: Extract<ModelEdit, { type: 'insertBypass' }>): void {
  if (!(edit.skipProbability > 0 && edit.skipProbability < 1)) throw new EditError('edit.bypass.probability', 'The share of cases that skip must lie between 0 and 1.');
  const node = ctx.node(edit.elementId);
  const incoming = single(node, 'incoming', 'Bypass');
  const outgoing = single(node, 'outgoing', 'Bypass');
  const box = ctx.bounds(node);
  const lanes = ctx.lanesOf(node);
  const cy = box ? box.y + box.height / 2 : 0;
  if (box) {
    ctx.shiftRight(node, box.x + box.width, GATEWAY_SIZE.width + GAP);
    ctx.shiftRight(node, box.x, GATEWAY_SIZE.width + GAP);
  }
  const nodeBox = ctx.bounds(node);
  const split = ctx.createNode('bpmn:ExclusiveGateway', edit.splitId, { name: edit.name }, node.$parent!, lanes, box ? { x: box.x, y: cy - 25, ...GATEWAY_SIZE } : undefined, node);
  const join = ctx.createNode('bpmn:ExclusiveGateway', edit.joinId, {}, node.$parent!, lanes, nodeBox ? { x: nodeBox.x + nodeBox.width + GAP, y: cy - 25, ...GATEWAY_SIZE } : undefined, node);
  ctx.setTarget(incoming, split);
  ctx.setSource(outgoing, join);
  const toTask = ctx.createFlow(`${edit.splitId}_${edit.elementId}`, split, node);
  const bypass = ctx.createFlow(`${edit.splitId}_bypass`, split, join);
  ctx.routedAbove.add(bypass);
  bypass.set('name', 'yes');
  toTask.set('name', 'no');
  ctx.createFlow(`${edit.elementId}_${edit.joinId}`, node, join);
  for (const s of ctx.loadScenarios()) {
    s.gateways[edit.splitId] = { probabilities: { [toTask['id'] as string]: 1 - edit.skipProbability, [bypass['id'] as string]: edit.skipProbability } };
    ctx.scenariosDirty = true;
  }
}

function splitGateway(ctx: EditContext, id: string, newId: string): void {
  const gateway = ctx.node(id);
  if (!isA(gateway, 'bpmn:Gateway')) throw new EditError('edit.split.type', `"${id}" is not a gateway.`, id);
  const outgoing = [...items(gateway, 'outgoing')];
  const box = ctx.bounds(gateway);
  if (box) ctx.shiftRight(gateway, box.x + box.width, GATEWAY_SIZE.width + GAP);
  const split = ctx.createNode(gateway.$type, newId, {}, gateway.$parent!, ctx.lanesOf(gateway), box ? { x: box.x + box.width + GAP, y: box.y, width: box.width, height: box.height } : undefined, gateway);
  const defaultFlow = gateway['default'] as ModdleElement | undefined;
  for (const f of outgoing) ctx.setSource(f, split);
  if (defaultFlow && !isA(split, 'bpmn:ParallelGateway')) split.set('default', defaultFlow);
  ctx.createFlow(`${id}_${newId}`, gateway, split);
  for (const s of ctx.loadScenarios()) {
    const params = s.gateways[id];
    if (params) {
      s.gateways[newId] = params;
      delete s.gateways[id];
      ctx.scenariosDirty = true;
    }
  }
}

function setScenarioParameter(ctx: EditContext, edit: Extract<ModelEdit, { type: 'setScenarioParameter' }>): void {
  const scenarios = ctx.loadScenarios().filter((s) => edit.scenarioId === undefined || s.id === edit.scenarioId);
  if (scenarios.length === 0)
    throw new EditError('edit.scenario.missing', edit.scenarioId === undefined ? 'The file has no scenario to change.' : `There is no scenario "${edit.scenarioId}" in the file.`);
  const keys = edit.path.split('.');
  if (keys.some((k) => k === '' || k === '__proto__' || k === 'constructor' || k === 'prototype')) throw new EditError('edit.scenario.path', `"${edit.path}" is not a scenario parameter path.`);
  for (const scenario of scenarios) {
    let target: Record<string, unknown> | unknown[] = scenario as unknown as Record<string, unknown>;
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keys[i]!;
      let child: unknown;
      if (Array.isArray(target)) child = /^\d+$/.test(key) ? target[Number(key)] : target.find((e) => (e as { id?: unknown }).id === key);
      else {
        child = target[key];
        if (child === undefined) target[key] = child = {};
      }
      if (typeof child !== 'object' || child === null) throw new EditError('edit.scenario.path', `Scenario "${scenario.name}" has no "${keys.slice(0, i + 1).join('.')}".`);
      target = child as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (Array.isArray(target)) throw new EditError('edit.scenario.path', `"${edit.path}" points into a list; name an element of it.`);
    if (edit.value === null || edit.value === undefined) delete target[last];
    else target[last] = clone(edit.value);
    const parsed = ScenarioSchema.safeParse(scenario);
    if (!parsed.success)
      throw new EditError('edit.scenario.invalid', `Setting ${edit.path} makes scenario "${scenario.name}" invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  ctx.scenariosDirty = true;
}

function applyOne(ctx: EditContext, edit: ModelEdit): void {
  switch (edit.type) {
    case 'removeElement':
      return removeElement(ctx, edit.elementId);
    case 'renameElement':
      ctx.node(edit.elementId).set('name', edit.name);
      return;
    case 'changeType':
      changeType(ctx, edit.elementId, edit.newType);
      return;
    case 'mergeTasks':
      return mergeTasks(ctx, edit.elementIds, edit.name);
    case 'reconnectFlow': {
      const flow = ctx.flow(edit.flowId);
      if (edit.sourceId !== undefined) ctx.setSource(flow, ctx.node(edit.sourceId));
      if (edit.targetId !== undefined) ctx.setTarget(flow, ctx.node(edit.targetId));
      return;
    }
    case 'insertParallelBlock':
      return insertParallelBlock(ctx, edit.elementIds, edit.splitId, edit.joinId);
    case 'moveElement':
      return moveElement(ctx, edit);
    case 'insertTask':
      return insertTask(ctx, edit);
    case 'insertBypass':
      return insertBypass(ctx, edit);
    case 'splitGateway':
      return splitGateway(ctx, edit.elementId, edit.newId);
    case 'setScenarioParameter':
      return setScenarioParameter(ctx, edit);
  }
}

/**
 * Applies edits in order to a BPMN file and returns the new XML, or issues (and no XML) when the file cannot be
 * read or an edit does not fit the model. Foreign extensions and everything the edits do not touch are kept.
 *
 * @example
 * const { xml, issues } = await applyEdits(original, [{ type: 'removeElement', elementId: 'Task_CheckHistory' }]);
 */
export async function applyEdits(xml: string, edits: readonly ModelEdit[]): Promise<ApplyEditsResult> {
  // A tree of its own to change: a shared (cached) read of the version must stay as it is.
  const parsed = await parseBpmn(xml, { purpose: 'edit' });
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (!parsed.definitions || !parsed.moddle || errors.length > 0) return { issues: errors.length > 0 ? errors : parsed.issues };
  const ctx = new EditContext(parsed.moddle, parsed.definitions);
  try {
    edits.forEach((edit, i) => {
      try {
        applyOne(ctx, edit);
      } catch (error) {
        if (error instanceof EditError) throw new EditError(error.code, `Edit ${i + 1} (${edit.type}): ${error.message}`, error.elementId);
        throw error;
      }
    });
  } catch (error) {
    if (!(error instanceof EditError)) throw error;
    return { issues: [{ code: error.code, severity: 'error', message: error.message, ...(error.elementId !== undefined ? { elementId: error.elementId } : {}) }] };
  }
  ctx.finishLayout();
  if (ctx.scenariosDirty && ctx.scenarios) writeScenarios(ctx.moddle, ctx.definitions, ctx.scenarios, ctx.activeScenarioId !== undefined ? { activeScenarioId: ctx.activeScenarioId } : {});
  return { xml: await serializeBpmn(ctx.moddle, ctx.definitions), issues: [] };
}

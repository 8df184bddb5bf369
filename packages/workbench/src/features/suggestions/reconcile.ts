// Applies a target model (e.g. a suggestion's transformed XML from analysis `applyEdits`) to the live bpmn-js diagram
// as ONE command-stack step: a `leanflow.applyModel` command whose postExecute runs the planned `modeling` calls
// (reconcile-plan.ts). Everything they execute nests under the command, so one Undo reverts all of it. bpmn-js's
// own commands restore attributes, references and DI on undo, but not always exactly: a deleted shape may come back
// at another position of its parent's lists, a replaced element's label bounds come back rounded. The command's own
// revert runs last (after all nested commands are reverted) and puts every value of the moddle tree back as it
// was, so Undo restores the exact original XML.
import { readScenarios, type ModdleElement } from '@leanflow/model';
import { writeLiveScenarios } from '../properties/scenario-command.ts';
import { planReconcile, snapshotDiagram, type Bounds, type Point, type ReconcileOp, type ReconcilePlan } from './reconcile-plan.ts';

export const APPLY_MODEL_COMMAND = 'leanflow.applyModel';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped JavaScript */
type Shape = any;
interface Modeler {
  get<T = any>(name: string): T;
  getDefinitions(): ModdleElement | undefined;
}

interface ApplyContext {
  ops: readonly ReconcileOp[];
  scenarios: { scenarios: ReturnType<typeof readScenarios>['scenarios']; activeScenarioId: string | undefined } | undefined;
  /** Extra modeling calls inside the same step (plugin edits that set BPMN attributes). */
  extra: ((modeling: any, registry: any) => void) | undefined;
  snapshot?: TreeSnapshot;
}

export type ApplyModelResult = { readonly ok: true; readonly operations: number } | { readonly ok: false; readonly reason: 'unsupported' | 'failed' | 'unchanged'; readonly detail: string };

/** Every property value of every element of the moddle tree, shallow (lists copied, referenced objects kept). */
type TreeSnapshot = { element: ModdleElement; values: Map<string, unknown>; attrs: Record<string, unknown> }[];

function captureTree(root: ModdleElement): TreeSnapshot {
  const snapshot: TreeSnapshot = [];
  const seen = new Set<object>();
  const visit = (element: ModdleElement) => {
    if (seen.has(element)) return;
    seen.add(element);
    const properties = (element.$descriptor as { properties?: { name: string; isMany?: boolean; isReference?: boolean }[] } | undefined)?.properties ?? [];
    const values = new Map<string, unknown>();
    for (const p of properties) {
      const value = element[p.name] as unknown;
      values.set(p.name, Array.isArray(value) ? [...value] : value);
      if (p.isReference || value === null || typeof value !== 'object') continue;
      for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object' && '$type' in child) visit(child as ModdleElement);
    }
    snapshot.push({ element, values, attrs: { ...((element.$attrs as Record<string, unknown> | undefined) ?? {}) } });
  };
  visit(root);
  return snapshot;
}

/**
 * Puts every captured value back where it differs (after Undo): list positions, and details bpmn-js rewrites on
 * undo, e.g. fractional label bounds it rounds.
 */
function restoreTree(snapshot: TreeSnapshot): void {
  for (const { element, values, attrs } of snapshot) {
    for (const [name, saved] of values) {
      const current = element[name] as unknown;
      if (Array.isArray(saved)) {
        if (Array.isArray(current) && current.length === saved.length && current.every((m, i) => m === saved[i])) continue;
        if (Array.isArray(current)) current.splice(0, current.length, ...saved);
        else element[name] = [...saved];
      } else if (current !== saved) {
        if (saved === undefined) delete element[name];
        else element[name] = saved;
      }
    }
    const currentAttrs = element.$attrs as Record<string, unknown> | undefined;
    if (currentAttrs) {
      for (const key of Object.keys(currentAttrs)) if (!(key in attrs)) delete currentAttrs[key];
      Object.assign(currentAttrs, attrs);
    }
  }
}

const center = (b: Bounds) => ({ x: Math.round(b.x + b.width / 2), y: Math.round(b.y + b.height / 2) });
const copyPoints = (points: readonly Point[]) => points.map((p) => ({ x: p.x, y: p.y }));
const samePoints = (a: readonly Point[], b: readonly Point[]) => a.length === b.length && a.every((p, i) => Math.round(p.x) === Math.round(b[i]!.x) && Math.round(p.y) === Math.round(b[i]!.y));

class ApplyModelHandler {
  constructor(private readonly modeler: Modeler) {}

  execute(context: ApplyContext): unknown[] {
    const definitions = this.modeler.getDefinitions();
    context.snapshot = definitions ? captureTree(definitions) : [];
    return [];
  }

  postExecute(context: ApplyContext): void {
    const modeling = this.modeler.get('modeling');
    const registry = this.modeler.get('elementRegistry');
    for (const op of context.ops) this.run(op, modeling, registry);
    context.extra?.(modeling, registry);
    if (context.scenarios) writeLiveScenarios(this.modeler, context.scenarios);
  }

  revert(context: ApplyContext): unknown[] {
    // Runs after every nested command was reverted (they sit above this one on the stack).
    const snapshot = context.snapshot ?? [];
    restoreTree(snapshot);
    // bpmn-js rewrites the DI of changed labels from the (rounded) label shapes when the undo ends
    // (`elements.changed` -> `shape.changed`): put the exact values back after that, once.
    this.modeler.get('eventBus').once('elements.changed', 100, () => restoreTree(snapshot));
    return [];
  }

  private run(op: ReconcileOp, modeling: any, registry: any): void {
    const element: Shape = registry.get(op.id);
    switch (op.op) {
      case 'resizeContainer':
        modeling.resizeShape(element, { ...op.bounds });
        return;
      case 'createShape': {
        const businessObject = this.modeler.get('bpmnFactory').create(op.type, { id: op.id, ...(op.name ? { name: op.name } : {}) });
        const shape = this.modeler.get('elementFactory').createShape({ type: op.type, businessObject, width: op.bounds.width, height: op.bounds.height });
        modeling.createShape(shape, center(op.bounds), this.parentFor(op.processId, registry));
        return;
      }
      case 'replaceType': {
        const replaced: Shape = this.modeler.get('bpmnReplace').replaceElement(element, { type: op.type });
        // bpmn-js gives the replacement a fresh id; keep the one the edit (and the scenario) refers to.
        if (replaced && replaced.id !== op.id) modeling.updateProperties(replaced, { id: op.id });
        return;
      }
      case 'moveShape':
        if (element.width !== op.bounds.width || element.height !== op.bounds.height) modeling.resizeShape(element, { ...op.bounds });
        else if (element.x !== op.bounds.x || element.y !== op.bounds.y) modeling.moveShape(element, { x: op.bounds.x - element.x, y: op.bounds.y - element.y });
        return;
      case 'reconnect':
        modeling.reconnect(element, registry.get(op.sourceId), registry.get(op.targetId), copyPoints(op.waypoints));
        return;
      case 'createConnection': {
        const source = registry.get(op.sourceId);
        const target = registry.get(op.targetId);
        const businessObject = this.modeler.get('bpmnFactory').create(op.type, { id: op.id, ...(op.name ? { name: op.name } : {}) });
        const parent = op.type === 'bpmn:MessageFlow' ? this.modeler.get('canvas').getRootElement() : source.parent;
        modeling.createConnection(source, target, { type: op.type, businessObject, waypoints: copyPoints(op.waypoints) }, parent);
        return;
      }
      case 'removeConnection':
        if (element) modeling.removeConnection(element);
        return;
      case 'removeShape':
        if (element) modeling.removeShape(element);
        return;
      case 'rename':
        modeling.updateLabel(element, op.name ?? null);
        return;
      case 'setWaypoints':
        if (element && !samePoints(element.waypoints, op.waypoints)) modeling.updateWaypoints(element, copyPoints(op.waypoints));
        return;
      case 'moveLabel': {
        const label = element?.label;
        if (label && (Math.round(label.x) !== Math.round(op.bounds.x) || Math.round(label.y) !== Math.round(op.bounds.y)))
          modeling.moveShape(label, { x: op.bounds.x - label.x, y: op.bounds.y - label.y });
        return;
      }
    }
  }

  /** The pool of a process (collaborations), else the diagram's root. */
  private parentFor(processId: string | undefined, registry: any): Shape {
    const root = this.modeler.get('canvas').getRootElement();
    if (!processId) return root;
    const pool = registry.filter((e: Shape) => e.type === 'bpmn:Participant' && e.businessObject?.processRef?.id === processId)[0];
    return pool ?? root;
  }
}

const registered = new WeakSet<object>();

function ensureHandler(modeler: Modeler): any {
  const commandStack = modeler.get('commandStack');
  if (!registered.has(commandStack)) {
    commandStack.register(APPLY_MODEL_COMMAND, new ApplyModelHandler(modeler));
    registered.add(commandStack);
  }
  return commandStack;
}

/** The plan from the live diagram to `targetXml`, and the target's scenarios (parsed with the modeler's moddle). */
export async function planForModeler(modeler: Modeler, targetXml: string): Promise<{ plan: ReconcilePlan; target: ModdleElement } | { error: string }> {
  const live = modeler.getDefinitions();
  if (!live) return { error: 'no diagram' };
  let target: ModdleElement;
  try {
    const parsed = await modeler.get('moddle').fromXML(targetXml, 'bpmn:Definitions');
    target = parsed.rootElement as ModdleElement;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return { plan: planReconcile(snapshotDiagram(live), snapshotDiagram(target)), target };
}

const STRUCTURAL = new Set<ReconcileOp['op']>(['createShape', 'replaceType', 'reconnect', 'createConnection', 'removeConnection', 'removeShape', 'rename']);

/**
 * Turns the live diagram into `targetXml` as one undoable step. Refuses (changing nothing) when the difference
 * cannot be expressed with modeling calls, and undoes its own step when the result does not match the target.
 *
 * @example
 * const result = await applyModelInPlace(editor.modeler, suggestion.xml);
 * if (!result.ok) notify(result.detail);
 */
export async function applyModelInPlace(
  modeler: Modeler,
  targetXml: string,
  options: { extra?: ApplyContext['extra'] } = {},
): Promise<ApplyModelResult> {
  const planned = await planForModeler(modeler, targetXml);
  if ('error' in planned) return { ok: false, reason: 'failed', detail: planned.error };
  const { plan, target } = planned;
  if (plan.unsupported.length > 0) return { ok: false, reason: 'unsupported', detail: plan.unsupported.join('; ') };
  const live = modeler.getDefinitions()!;
  const liveScenarios = readScenarios(live);
  const targetScenarios = readScenarios(target);
  const scenariosChanged =
    JSON.stringify([liveScenarios.scenarios, liveScenarios.activeScenarioId]) !== JSON.stringify([targetScenarios.scenarios, targetScenarios.activeScenarioId]);
  const effective = plan.ops.filter((o) => o.op !== 'moveLabel');
  if (effective.length === 0 && !scenariosChanged && !options.extra) return { ok: false, reason: 'unchanged', detail: 'the model already looks like this' };
  const commandStack = ensureHandler(modeler);
  const context: ApplyContext = {
    ops: plan.ops,
    scenarios: scenariosChanged ? { scenarios: targetScenarios.scenarios, activeScenarioId: targetScenarios.activeScenarioId } : undefined,
    extra: options.extra,
  };
  try {
    commandStack.execute(APPLY_MODEL_COMMAND, context);
  } catch (error) {
    // diagram-js does not unwind a throwing command: end the broken execution, then undo what it did (the command
    // and its nested commands share one id, so one undo takes all of them back).
    const execution = commandStack._currentExecution;
    if (execution) {
      execution.actions.length = 0;
      execution.dirty.length = 0;
      execution.trigger = null;
      execution.atomic = false;
    }
    const top = commandStack._stack?.[commandStack._stackIdx];
    if (top && commandStack._stack.some((a: { command: string; id: unknown }) => a.command === APPLY_MODEL_COMMAND && a.id === top.id)) commandStack.undo();
    return { ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
  const remaining = planReconcile(snapshotDiagram(modeler.getDefinitions()!), snapshotDiagram(target)).ops.filter((o) => STRUCTURAL.has(o.op));
  if (remaining.length > 0) {
    commandStack.undo();
    return { ok: false, reason: 'failed', detail: `the diagram did not reach the target (${remaining.map((o) => `${o.op} ${o.id}`).join(', ')})` };
  }
  return { ok: true, operations: effective.length };
}

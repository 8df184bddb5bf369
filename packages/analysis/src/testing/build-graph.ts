// Test support (not exported): builds ProcessGraphs by hand in a few lines, so tests state models whose right
// answers are known. `incoming`/`outgoing`/lanes are derived the way the parser derives them.
import type { FlowNode, FlowNodeKind, Lane, ProcessGraph, Scenario, ScenarioInput, SequenceFlow } from '@leanflow/model';
import { ScenarioSchema } from '@leanflow/model';

export interface NodeSpec {
  readonly id: string;
  readonly kind: FlowNodeKind;
  readonly name?: string;
  readonly lane?: string;
  readonly parent?: string;
  readonly attachedTo?: string;
  readonly triggeredByEvent?: boolean;
  readonly defaultFlow?: string;
  readonly eventDefinitions?: FlowNode['eventDefinitions'];
}

/** `'A>B'` (id `A>B`), or an object for conditions, defaults and names. */
export type FlowSpec = string | { readonly id?: string; readonly from: string; readonly to: string; readonly condition?: string; readonly isDefault?: boolean; readonly name?: string };

/** Shorthands: `task('A')` is a named user task, `xor('X')` an exclusive gateway. */
export const start = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'startEvent', name: id, ...extra });
export const end = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'endEvent', name: id, ...extra });
export const task = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'userTask', name: id, ...extra });
export const xor = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'exclusiveGateway', name: id, ...extra });
export const and = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'parallelGateway', ...extra });
export const or = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'inclusiveGateway', name: id, ...extra });

/** `chain('S', 'A', 'E')` -> `['S>A', 'A>E']`. */
export function chain(...ids: string[]): string[] {
  return ids.slice(1).map((id, i) => `${ids[i]}>${id}`);
}

export function buildGraph(nodeSpecs: readonly NodeSpec[], flowSpecs: readonly FlowSpec[], processId = 'Process_1'): ProcessGraph {
  const flows: SequenceFlow[] = flowSpecs.map((spec) => {
    const s = typeof spec === 'string' ? { from: spec.split('>')[0]!, to: spec.split('>')[1]!, id: spec } : spec;
    return {
      id: s.id ?? `${s.from}>${s.to}`,
      sourceId: s.from,
      targetId: s.to,
      processId,
      isDefault: 'isDefault' in s ? s.isDefault === true : false,
      ...('condition' in s && s.condition !== undefined ? { condition: s.condition } : {}),
      ...('name' in s && s.name !== undefined ? { name: s.name } : {}),
    };
  });
  const ids = new Set(nodeSpecs.map((n) => n.id));
  for (const f of flows) if (!ids.has(f.sourceId) || !ids.has(f.targetId)) throw new Error(`flow ${f.id} names an unknown node`);
  const nodes: FlowNode[] = nodeSpecs.map((n) => ({
    id: n.id,
    kind: n.kind,
    bpmnType: `bpmn:${n.kind[0]!.toUpperCase()}${n.kind.slice(1)}`,
    processId,
    incoming: flows.filter((f) => f.targetId === n.id).map((f) => f.id),
    outgoing: flows.filter((f) => f.sourceId === n.id).map((f) => f.id),
    eventDefinitions: n.eventDefinitions ?? [],
    boundaryEventIds: nodeSpecs.filter((b) => b.attachedTo === n.id).map((b) => b.id),
    ...(n.name !== undefined ? { name: n.name } : {}),
    ...(n.parent !== undefined ? { parentId: n.parent } : {}),
    ...(n.lane !== undefined ? { laneId: n.lane } : {}),
    ...(n.attachedTo !== undefined ? { attachedToId: n.attachedTo, cancelActivity: true } : {}),
    ...(n.triggeredByEvent !== undefined ? { triggeredByEvent: n.triggeredByEvent } : {}),
    ...(n.defaultFlow !== undefined ? { defaultFlowId: n.defaultFlow } : {}),
  }));
  const laneIds = [...new Set(nodeSpecs.flatMap((n) => (n.lane ? [n.lane] : [])))];
  const lanes: Lane[] = laneIds.map((id) => ({ id, name: id, processId, flowNodeIds: nodeSpecs.filter((n) => n.lane === id).map((n) => n.id) }));
  return {
    processes: [{ id: processId, isExecutable: false, laneIds, flowNodeIds: nodeSpecs.filter((n) => !n.parent).map((n) => n.id) }],
    participants: [],
    lanes,
    nodes,
    flows,
    messageFlows: [],
    dataElements: [],
  };
}

/** A fully defaulted scenario from a partial one. */
export function scenarioOf(input: Partial<ScenarioInput> = {}): Scenario {
  return ScenarioSchema.parse({ id: 'S1', name: 'Test', ...input });
}

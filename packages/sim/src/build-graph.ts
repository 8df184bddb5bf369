// A compact way to write a ProcessGraph by hand (tests, benchmarks, generated models): list nodes and flows,
// and the builder fills in incoming/outgoing lists, boundary links and the process record.
import type { EventDefinitionKind, FlowNode, FlowNodeKind, LoopCharacteristics, ProcessGraph } from '@leanflow/model';

export interface GraphNodeSpec {
  readonly id: string;
  readonly kind: FlowNodeKind;
  readonly name?: string;
  readonly parentId?: string;
  readonly laneId?: string;
  readonly attachedToId?: string;
  readonly cancelActivity?: boolean;
  readonly loop?: LoopCharacteristics;
  readonly eventDefinitions?: readonly EventDefinitionKind[];
  readonly defaultFlowId?: string;
  readonly timer?: { readonly kind: 'duration' | 'date' | 'cycle'; readonly expression: string };
  /** Error/escalation code, signal or link name (see `FlowNode.eventTrigger`). */
  readonly eventTrigger?: string;
  /** An event sub-process. */
  readonly triggeredByEvent?: boolean;
  /** An event sub-process's start event that does not interrupt. */
  readonly isInterrupting?: boolean;
  /** Another process than `Process_1` (a second pool). */
  readonly processId?: string;
}

export interface GraphSpec {
  readonly nodes: readonly GraphNodeSpec[];
  /** [sourceId, targetId] or [sourceId, targetId, flowId]; ids default to `sourceId->targetId`. */
  readonly flows: readonly (readonly [string, string] | readonly [string, string, string])[];
  readonly lanes?: readonly { readonly id: string; readonly name?: string }[];
  /** Message flows [sourceId, targetId] between nodes (e.g. a request task to another pool's start event). */
  readonly messageFlows?: readonly (readonly [string, string])[];
}

/**
 * Builds a ProcessGraph (one process `Process_1`) from nodes and flows.
 *
 * @example
 * const graph = buildGraph({
 *   nodes: [{ id: 'S', kind: 'startEvent' }, { id: 'A', kind: 'task' }, { id: 'E', kind: 'endEvent' }],
 *   flows: [['S', 'A'], ['A', 'E']],
 * });
 */
export function buildGraph(spec: GraphSpec): ProcessGraph {
  const processId = 'Process_1';
  const flows = spec.flows.map(([sourceId, targetId, id]) => ({
    id: id ?? `${sourceId}->${targetId}`,
    sourceId,
    targetId,
    processId,
    isDefault: false,
  }));
  const byNode = new Map(spec.nodes.map((n) => [n.id, n]));
  for (const f of flows) {
    if (!byNode.has(f.sourceId) || !byNode.has(f.targetId)) throw new Error(`buildGraph: flow ${f.id} names an unknown node`);
  }
  const nodes: FlowNode[] = spec.nodes.map((n) => {
    const node: FlowNode = {
      id: n.id,
      kind: n.kind,
      bpmnType: `bpmn:${n.kind[0].toUpperCase()}${n.kind.slice(1)}`,
      processId: n.processId ?? processId,
      incoming: flows.filter((f) => f.targetId === n.id).map((f) => f.id),
      outgoing: flows.filter((f) => f.sourceId === n.id).map((f) => f.id),
      eventDefinitions: n.eventDefinitions ?? [],
      boundaryEventIds: spec.nodes.filter((b) => b.attachedToId === n.id).map((b) => b.id),
      ...(n.name === undefined ? {} : { name: n.name }),
      ...(n.parentId === undefined ? {} : { parentId: n.parentId }),
      ...(n.laneId === undefined ? {} : { laneId: n.laneId }),
      ...(n.attachedToId === undefined ? {} : { attachedToId: n.attachedToId, cancelActivity: n.cancelActivity ?? true }),
      ...(n.loop === undefined ? {} : { loop: n.loop }),
      ...(n.defaultFlowId === undefined ? {} : { defaultFlowId: n.defaultFlowId }),
      ...(n.timer === undefined ? {} : { timer: n.timer }),
      ...(n.eventTrigger === undefined ? {} : { eventTrigger: n.eventTrigger }),
      ...(n.triggeredByEvent ? { triggeredByEvent: true } : {}),
      ...(n.isInterrupting === false ? { isInterrupting: false } : {}),
    };
    return node;
  });
  const lanes = (spec.lanes ?? []).map((l) => ({
    id: l.id,
    ...(l.name === undefined ? {} : { name: l.name }),
    processId,
    flowNodeIds: spec.nodes.filter((n) => n.laneId === l.id).map((n) => n.id),
  }));
  return {
    processes: [...new Set([processId, ...spec.nodes.flatMap((n) => (n.processId ? [n.processId] : []))])].map((id) => ({
      id,
      isExecutable: false,
      laneIds: id === processId ? lanes.map((l) => l.id) : [],
      flowNodeIds: spec.nodes.filter((n) => n.parentId === undefined && (n.processId ?? processId) === id).map((n) => n.id),
    })),
    participants: [],
    lanes,
    nodes,
    flows,
    messageFlows: (spec.messageFlows ?? []).map(([sourceId, targetId]) => ({ id: `${sourceId}~>${targetId}`, sourceId, targetId })),
    dataElements: [],
  };
}

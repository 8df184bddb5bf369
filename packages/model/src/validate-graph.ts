// Structural checks on a ProcessGraph that matter for reading and simulating it.
import type { FlowNode, ModelIssue, ProcessGraph } from './graph.ts';

const label = (node: { id: string; name?: string }) => `'${node.name ?? node.id}'`;

/**
 * Checks a graph for structural problems a person can fix in the diagram: no start event, flows to missing
 * elements, gateways without outgoing flows, dead ends... Returns issues; never throws.
 *
 * @example
 * const issues = validateGraph(graph);
 * const blocking = issues.filter((i) => i.severity === 'error');
 */
export function validateGraph(graph: ProcessGraph): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const flows = new Map(graph.flows.map((flow) => [flow.id, flow]));

  if (graph.processes.length === 0) {
    issues.push({ code: 'graph.noProcess', severity: 'error', message: 'The file has no process: draw at least one pool with a process in it.' });
  }
  const topLevelStarts = graph.nodes.filter((n) => n.kind === 'startEvent' && n.parentId === undefined);
  if (graph.processes.length > 0 && graph.nodes.length > 0 && topLevelStarts.length === 0) {
    issues.push({ code: 'graph.noStartEvent', severity: 'error', message: 'The process has no start event, so no case can start. Add a start event.' });
  }
  for (const process of graph.processes) {
    if (process.flowNodeIds.length > 0 && !process.flowNodeIds.some((id) => nodes.get(id)?.kind === 'startEvent') && topLevelStarts.length > 0) {
      issues.push({
        code: 'process.noStartEvent',
        severity: 'warning',
        message: `Process ${label(process)} has no start event; cases only enter it through messages or calls.`,
        elementId: process.id,
      });
    }
  }

  for (const flow of graph.flows) {
    for (const [end, id] of [['source', flow.sourceId], ['target', flow.targetId]] as const) {
      if (!nodes.has(id)) {
        issues.push({
          code: `flow.missing${end === 'source' ? 'Source' : 'Target'}`,
          severity: 'error',
          message: `Sequence flow ${label(flow)} points to '${id}' as its ${end}, but there is no such element.`,
          elementId: flow.id,
        });
      }
    }
  }
  for (const flow of graph.messageFlows) {
    if (flow.sourceId === flow.targetId) {
      issues.push({ code: 'messageFlow.selfLoop', severity: 'warning', message: `Message flow ${label(flow)} starts and ends at the same element.`, elementId: flow.id });
    }
  }

  for (const node of graph.nodes) checkNode(node, nodes, flows, issues);

  const laneIds = new Set(graph.lanes.map((l) => l.id));
  for (const lane of graph.lanes) {
    if (lane.parentLaneId && !laneIds.has(lane.parentLaneId)) {
      issues.push({ code: 'lane.missingParent', severity: 'error', message: `Lane ${label(lane)} sits in a lane that does not exist.`, elementId: lane.id });
    }
    for (const id of lane.flowNodeIds) {
      if (!nodes.has(id)) issues.push({ code: 'lane.missingNode', severity: 'warning', message: `Lane ${label(lane)} lists '${id}', which does not exist.`, elementId: lane.id });
    }
  }
  for (const participant of graph.participants) {
    if (participant.processId && !graph.processes.some((p) => p.id === participant.processId)) {
      issues.push({ code: 'participant.missingProcess', severity: 'error', message: `Pool ${label(participant)} refers to a process that does not exist.`, elementId: participant.id });
    }
  }
  return issues;
}

function checkNode(node: FlowNode, nodes: Map<string, FlowNode>, flows: Map<string, { id: string; sourceId: string }>, issues: ModelIssue[]): void {
  const inEventSubProcess = node.parentId !== undefined && nodes.get(node.parentId)?.triggeredByEvent === true;
  const isGateway = node.kind.endsWith('Gateway');
  if (isGateway && node.outgoing.length === 0) {
    issues.push({ code: 'gateway.noOutgoing', severity: 'error', message: `Gateway ${label(node)} has no outgoing flow; connect where cases go next.`, elementId: node.id });
  }
  if (isGateway && node.incoming.length === 0) {
    issues.push({ code: 'gateway.noIncoming', severity: 'error', message: `Gateway ${label(node)} has no incoming flow, so no case ever reaches it.`, elementId: node.id });
  }
  if (node.kind === 'startEvent' && node.incoming.length > 0) {
    issues.push({ code: 'startEvent.incoming', severity: 'error', message: `Start event ${label(node)} has an incoming flow; a start event can only start cases.`, elementId: node.id });
  }
  if (node.kind === 'endEvent' && node.outgoing.length > 0) {
    issues.push({ code: 'endEvent.outgoing', severity: 'error', message: `End event ${label(node)} has an outgoing flow; an end event ends the path.`, elementId: node.id });
  }
  if (node.kind === 'boundaryEvent') {
    if (!node.attachedToId) {
      issues.push({ code: 'boundaryEvent.unattached', severity: 'error', message: `Boundary event ${label(node)} is not attached to an activity.`, elementId: node.id });
    } else if (!nodes.has(node.attachedToId)) {
      issues.push({ code: 'boundaryEvent.missingHost', severity: 'error', message: `Boundary event ${label(node)} is attached to '${node.attachedToId}', which does not exist.`, elementId: node.id });
    }
  }
  const entersWithoutFlow = node.kind === 'startEvent' || node.kind === 'boundaryEvent' || inEventSubProcess || node.triggeredByEvent === true;
  const isCompensation = node.isForCompensation === true || node.eventDefinitions.includes('link');
  if (!entersWithoutFlow && !isGateway && !isCompensation && node.incoming.length === 0 && node.kind !== 'intermediateCatchEvent') {
    issues.push({ code: 'node.unreachable', severity: 'warning', message: `${label(node)} has no incoming flow, so no case reaches it.`, elementId: node.id });
  }
  if (node.defaultFlowId) {
    const flow = flows.get(node.defaultFlowId);
    if (!flow) {
      issues.push({ code: 'node.missingDefaultFlow', severity: 'error', message: `${label(node)} names a default flow that does not exist.`, elementId: node.id });
    } else if (flow.sourceId !== node.id) {
      issues.push({ code: 'node.foreignDefaultFlow', severity: 'error', message: `${label(node)} names a default flow that does not leave it.`, elementId: node.id });
    }
  }
}

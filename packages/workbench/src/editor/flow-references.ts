// Some tools (BIMP, older Signavio exports) write sequence flows with sourceRef/targetRef only and leave the flow
// nodes' <incoming>/<outgoing> lists out. bpmn-js keeps those lists only for flows it edits, and bpmnlint's rules
// read them, so such a file would lint ("Element is not connected"), get suggestions and edit differently from the
// same process written with the lists. We complete them once, right after reading.
import type { ModdleElement } from '@leanflow/model';

const list = (element: ModdleElement, property: string): ModdleElement[] => {
  const value = element.get(property);
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
};

const isA = (element: unknown, type: string): element is ModdleElement =>
  typeof element === 'object' && element !== null && typeof (element as ModdleElement).$instanceOf === 'function' && (element as ModdleElement).$instanceOf!(type);

/**
 * Adds every sequence flow to its source's `outgoing` and its target's `incoming` list where it is missing, in
 * document order, in every process and sub-process. Returns how many references were added (0 for a file that
 * carries the lists).
 *
 * @example
 * const added = completeFlowNodeReferences(definitions); // 48 for a BIMP export of a 24-flow process
 */
export function completeFlowNodeReferences(definitions: ModdleElement): number {
  const containers: ModdleElement[] = list(definitions, 'rootElements').filter((r) => isA(r, 'bpmn:Process'));
  const nodes = new Set<ModdleElement>();
  const flows: ModdleElement[] = [];
  while (containers.length) {
    const container = containers.pop()!;
    for (const element of list(container, 'flowElements')) {
      if (isA(element, 'bpmn:SequenceFlow')) flows.push(element);
      else if (isA(element, 'bpmn:FlowNode')) nodes.add(element);
      if (isA(element, 'bpmn:SubProcess')) containers.push(element);
    }
  }
  let added = 0;
  for (const flow of flows) {
    for (const [end, property] of [['sourceRef', 'outgoing'], ['targetRef', 'incoming']] as const) {
      const node = flow.get(end) as ModdleElement | undefined;
      // Only nodes of this document: an unresolved reference's placeholder is not one.
      if (!node || !nodes.has(node)) continue;
      const refs = node.get(property) as ModdleElement[];
      if (!refs.includes(flow)) {
        refs.push(flow);
        added++;
      }
    }
  }
  return added;
}

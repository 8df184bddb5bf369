// Test support (not exported from the package): writes small BPMN files with a diagram (DI) and an optional
// scenario, so suggestion tests state their models in a few lines.
import { parseBpmn, saveScenariosToXml, type ScenarioInput } from '@leanflow/model';

export interface TestNode {
  readonly id: string;
  /** BPMN local type, e.g. `userTask`, `exclusiveGateway`, `startEvent`. */
  readonly type: string;
  readonly name?: string;
  readonly lane?: string;
}

export interface TestModel {
  readonly nodes: readonly TestNode[];
  /** `[from, to]` or `[from, to, flowId]`. */
  readonly flows: readonly (readonly [string, string, string?])[];
  readonly lanes?: readonly string[];
  readonly scenario?: ScenarioInput;
  /** Data objects: `writes`/`reads` as `[taskId, objectId]`. */
  readonly data?: { readonly objects: readonly string[]; readonly writes?: readonly (readonly [string, string])[]; readonly reads?: readonly (readonly [string, string])[] };
}

const SIZE: Record<string, [number, number]> = { startEvent: [36, 36], endEvent: [36, 36], intermediateCatchEvent: [36, 36] };
const size = (type: string): [number, number] => SIZE[type] ?? (type.endsWith('Gateway') ? [50, 50] : [100, 80]);
export const flowId = (from: string, to: string, id?: string) => id ?? `Flow_${from}_${to}`;

/** The model as BPMN XML with shapes and edges laid out left to right (column = breadth-first depth). */
export async function buildBpmn(model: TestModel): Promise<string> {
  const depth = new Map<string, number>();
  const starts = model.nodes.filter((n) => n.type === 'startEvent').map((n) => n.id);
  const queue = [...starts];
  for (const s of starts) depth.set(s, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const [from, to] of model.flows) if (from === id && !depth.has(to)) {
      depth.set(to, depth.get(id)! + 1);
      queue.push(to);
    }
  }
  const lanes = model.lanes ?? [];
  const rowsUsed = new Map<string, number>();
  const bounds = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const n of model.nodes) {
    const col = depth.get(n.id) ?? 0;
    const laneIndex = n.lane ? lanes.indexOf(n.lane) : 0;
    const key = `${laneIndex}:${col}`;
    const row = rowsUsed.get(key) ?? 0;
    rowsUsed.set(key, row + 1);
    const [w, h] = size(n.type);
    const cx = 250 + col * 150;
    const cy = 140 + laneIndex * 250 + row * 110;
    bounds.set(n.id, { x: cx - w / 2, y: cy - h / 2, w, h });
  }
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const incoming = (id: string) => model.flows.filter(([, to]) => to === id).map(([f, t, i]) => `<bpmn:incoming>${flowId(f, t, i)}</bpmn:incoming>`).join('');
  const outgoing = (id: string) => model.flows.filter(([from]) => from === id).map(([f, t, i]) => `<bpmn:outgoing>${flowId(f, t, i)}</bpmn:outgoing>`).join('');
  const dataIn = (id: string) =>
    (model.data?.reads ?? []).filter(([t]) => t === id).map(([t, o], k) => `<bpmn:dataInputAssociation id="DIA_${t}_${o}_${k}"><bpmn:sourceRef>Ref_${o}</bpmn:sourceRef></bpmn:dataInputAssociation>`).join('');
  const dataOut = (id: string) =>
    (model.data?.writes ?? []).filter(([t]) => t === id).map(([t, o], k) => `<bpmn:dataOutputAssociation id="DOA_${t}_${o}_${k}"><bpmn:targetRef>Ref_${o}</bpmn:targetRef></bpmn:dataOutputAssociation>`).join('');
  const nodes = model.nodes.map((n) => `<bpmn:${n.type} id="${n.id}"${n.name ? ` name="${esc(n.name)}"` : ''}>${incoming(n.id)}${outgoing(n.id)}${dataIn(n.id)}${dataOut(n.id)}</bpmn:${n.type}>`).join('\n');
  const flows = model.flows.map(([f, t, i]) => `<bpmn:sequenceFlow id="${flowId(f, t, i)}" sourceRef="${f}" targetRef="${t}" />`).join('\n');
  const data = (model.data?.objects ?? []).map((o) => `<bpmn:dataObject id="${o}" /><bpmn:dataObjectReference id="Ref_${o}" dataObjectRef="${o}" />`).join('\n');
  const laneSet = lanes.length
    ? `<bpmn:laneSet id="LaneSet_1">${lanes.map((l) => `<bpmn:lane id="${l}" name="${l}">${model.nodes.filter((n) => n.lane === l).map((n) => `<bpmn:flowNodeRef>${n.id}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>`).join('')}</bpmn:laneSet>`
    : '';
  const width = Math.max(...[...bounds.values()].map((b) => b.x + b.w)) + 100;
  const laneShapes = lanes.length
    ? `<bpmndi:BPMNShape id="Participant_1_di" bpmnElement="Participant_1" isHorizontal="true"><dc:Bounds x="120" y="15" width="${width - 120}" height="${lanes.length * 250}" /></bpmndi:BPMNShape>` +
      lanes.map((l, i) => `<bpmndi:BPMNShape id="${l}_di" bpmnElement="${l}" isHorizontal="true"><dc:Bounds x="150" y="${15 + i * 250}" width="${width - 150}" height="250" /></bpmndi:BPMNShape>`).join('')
    : '';
  const shapes = model.nodes
    .map((n) => {
      const b = bounds.get(n.id)!;
      return `<bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" /></bpmndi:BPMNShape>`;
    })
    .join('\n');
  const edges = model.flows
    .map(([f, t, i]) => {
      const a = bounds.get(f)!;
      const b = bounds.get(t)!;
      return `<bpmndi:BPMNEdge id="${flowId(f, t, i)}_di" bpmnElement="${flowId(f, t, i)}"><di:waypoint x="${a.x + a.w}" y="${a.y + a.h / 2}" /><di:waypoint x="${b.x}" y="${b.y + b.h / 2}" /></bpmndi:BPMNEdge>`;
    })
    .join('\n');
  const collaboration = lanes.length ? `<bpmn:collaboration id="Collaboration_1"><bpmn:participant id="Participant_1" processRef="Process_1" /></bpmn:collaboration>` : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_1" targetNamespace="https://leanflow.dev/test">
${collaboration}
<bpmn:process id="Process_1" isExecutable="false">
${laneSet}
${nodes}
${flows}
${data}
</bpmn:process>
<bpmndi:BPMNDiagram id="BPMNDiagram_1"><bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${lanes.length ? 'Collaboration_1' : 'Process_1'}">
${laneShapes}
${shapes}
${edges}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
  if (!model.scenario) return xml;
  const saved = await saveScenariosToXml(xml, [model.scenario]);
  if (saved.xml === undefined) throw new Error(`buildBpmn: ${saved.issues.map((i) => i.message).join('; ')}`);
  return saved.xml;
}

/** Pairs of flow-node shapes that overlap in the diagram. */
export async function overlapping(xml: string): Promise<string[]> {
  const graph = (await parseBpmn(xml)).graph!;
  const boxes = graph.nodes.map((n) => {
    const m = new RegExp(`bpmnElement="${n.id}"[^>]*>\\s*<dc:Bounds x="([-\\d.]+)" y="([-\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"`).exec(xml)!;
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    return { id: n.id, x, y, w, h };
  });
  const pairs: string[] = [];
  for (const a of boxes) for (const b of boxes) if (a.id < b.id && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) pairs.push(`${a.id}/${b.id}`);
  return pairs;
}


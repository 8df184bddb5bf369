// Generated BPMN processes for the studio benches.

/** A process of `tasks` tasks in a chain (start, tasks, end; every node but the start has an incoming flow). */
export function generateProcess(tasks: number): string {
  const perRow = 25;
  const pos = (i: number) => {
    const row = Math.floor(i / perRow);
    const col = row % 2 === 0 ? i % perRow : perRow - 1 - (i % perRow);
    return { x: 100 + col * 150, y: 100 + row * 140 };
  };
  const ids = ['Start', ...Array.from({ length: tasks }, (_, i) => `Task_${i + 1}`), 'End'];
  const nodes: string[] = [];
  const shapes: string[] = [];
  const flows: string[] = [];
  const edges: string[] = [];
  ids.forEach((id, i) => {
    const { x, y } = pos(i);
    const event = i === 0 || i === ids.length - 1;
    const [w, h] = event ? [36, 36] : [100, 80];
    const tag = i === 0 ? 'startEvent' : i === ids.length - 1 ? 'endEvent' : 'task';
    nodes.push(`<bpmn:${tag} id="${id}"${event ? '' : ` name="Step ${i}"`} />`);
    shapes.push(`<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x + (100 - w) / 2}" y="${y + (80 - h) / 2}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`);
    if (i > 0) {
      const from = pos(i - 1);
      flows.push(`<bpmn:sequenceFlow id="Flow_${i}" sourceRef="${ids[i - 1]}" targetRef="${id}" />`);
      const sameRow = from.y === y;
      const points = sameRow
        ? [[from.x < x ? from.x + 100 : from.x, from.y + 40], [from.x < x ? x : x + 100, y + 40]]
        : [[from.x + 50, from.y + 80], [x + 50, y]];
      edges.push(`<bpmndi:BPMNEdge id="Flow_${i}_di" bpmnElement="Flow_${i}">${points.map(([px, py]) => `<di:waypoint x="${px}" y="${py}" />`).join('')}</bpmndi:BPMNEdge>`);
    }
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="bench">
<bpmn:process id="P" isExecutable="false">${nodes.join('')}${flows.join('')}</bpmn:process>
<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="Plane" bpmnElement="P">${shapes.join('')}${edges.join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

// Builds a template's BPMN (process, lanes, diagram layout and the lf: scenario) from a compact description, so the
// gallery's twelve diagrams are laid out by one rule instead of hand-written coordinates.
import type { z } from 'zod';
import type { DistributionSchema, ScenarioInput } from '../scenario.ts';

/** A duration distribution as written in a scenario (units default to minutes). */
export type DistributionInput = z.input<typeof DistributionSchema>;

/** A text in the two languages of the studio. */
export interface LocalizedText {
  readonly en: string;
  readonly zh: string;
}

export type TemplateLanguage = keyof LocalizedText;

export interface TemplateLane {
  readonly id: string;
  readonly name: LocalizedText;
  readonly headcount: number;
  readonly costPerHour: number;
}

export interface TemplateTask {
  readonly kind: 'task';
  readonly id: string;
  readonly name: LocalizedText;
  readonly lane: string;
  readonly type?: 'userTask' | 'serviceTask' | 'sendTask' | 'manualTask';
  readonly duration: DistributionInput;
  readonly valueClass: 'valueAdding' | 'businessValueAdding' | 'nonValueAdding';
  /** Ends the first-response time (a real answer to the customer, not an auto-reply). */
  readonly response?: boolean;
  readonly automated?: boolean;
}

/** An intermediate timer: the case waits (a batch, a queue that is only looked at once a day, a customer's reply). */
export interface TemplateWait {
  readonly kind: 'wait';
  readonly id: string;
  readonly name: LocalizedText;
  readonly lane: string;
  readonly duration: DistributionInput;
}

/** An exclusive gateway: "yes" continues the main path, "no" runs `otherwise` and ends at its own end event. */
export interface TemplateDecision {
  readonly kind: 'decision';
  readonly id: string;
  readonly name: LocalizedText;
  readonly lane: string;
  readonly yes: LocalizedText;
  readonly no: LocalizedText;
  readonly yesProbability: number;
  readonly otherwise: readonly (TemplateTask | TemplateWait)[];
  readonly otherwiseEnd: { readonly id: string; readonly name: LocalizedText };
}

export type TemplateStep = TemplateTask | TemplateWait | TemplateDecision;

/** One variant (as-is or to-be) of a template. */
export interface TemplateVariant {
  readonly processName: LocalizedText;
  readonly scenarioName: LocalizedText;
  readonly scenarioDescription: LocalizedText;
  readonly lanes: readonly TemplateLane[];
  readonly start: { readonly id: string; readonly name: LocalizedText; readonly lane: string; readonly interArrival: DistributionInput };
  readonly steps: readonly TemplateStep[];
  readonly end: { readonly id: string; readonly name: LocalizedText };
  /** Resolution target in hours (first response is always 2 h, what customers expect). */
  readonly resolutionSlaHours: number;
  readonly cases?: number;
}

type NodeKind = 'startEvent' | 'endEvent' | 'exclusiveGateway' | 'intermediateCatchEvent' | 'userTask' | 'serviceTask' | 'sendTask' | 'manualTask';

interface PlacedNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly name: string;
  readonly lane: string;
  readonly column: number;
  readonly branchRow: boolean;
}

interface PlacedFlow {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly name?: string;
}

const LANE_HEIGHT = 200;
const TOP = 80;
const COLUMN_WIDTH = 150;
const FIRST_COLUMN_X = 270;

const SIZE: Record<NodeKind, { w: number; h: number }> = {
  startEvent: { w: 36, h: 36 },
  endEvent: { w: 36, h: 36 },
  intermediateCatchEvent: { w: 36, h: 36 },
  exclusiveGateway: { w: 50, h: 50 },
  userTask: { w: 100, h: 80 },
  serviceTask: { w: 100, h: 80 },
  sendTask: { w: 100, h: 80 },
  manualTask: { w: 100, h: 80 },
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The scenario of a variant: office hours, one pool per lane, first response expected within 2 hours. */
export function templateScenario(variant: TemplateVariant, id: string, language: TemplateLanguage): ScenarioInput {
  const tasks: NonNullable<ScenarioInput['tasks']> = {};
  const events: NonNullable<ScenarioInput['events']> = {};
  const gateways: NonNullable<ScenarioInput['gateways']> = {};
  const visit = (step: TemplateStep) => {
    if (step.kind === 'task') {
      tasks[step.id] = { duration: step.duration, valueClass: step.valueClass, ...(step.response ? { substantiveResponse: true } : {}), ...(step.automated ? { automated: true } : {}) };
    } else if (step.kind === 'wait') {
      events[step.id] = { duration: step.duration };
    } else {
      gateways[step.id] = { probabilities: { [`Flow_${step.id}_Yes`]: step.yesProbability, [`Flow_${step.id}_No`]: Math.round((1 - step.yesProbability) * 1e6) / 1e6 } };
      step.otherwise.forEach(visit);
    }
  };
  variant.steps.forEach(visit);
  const officeHours = language === 'zh' ? '办公时间（周一至周五 9-17）' : 'Office hours (Mon-Fri 9-17)';
  return {
    id,
    name: variant.scenarioName[language],
    description: variant.scenarioDescription[language],
    currency: 'EUR',
    cases: variant.cases ?? 1000,
    replications: 5,
    seed: 42,
    targets: { firstResponseSla: { value: 2, unit: 'h' }, resolutionSla: { value: variant.resolutionSlaHours, unit: 'h' } },
    calendars: [{ id: 'office-hours', name: officeHours, timeZone: 'UTC', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }],
    pools: variant.lanes.map((lane) => ({ id: `pool-${lane.id}`, name: lane.name[language], headcount: lane.headcount, costPerHour: lane.costPerHour, calendarId: 'office-hours', laneIds: [lane.id] })),
    arrivals: { [variant.start.id]: { interArrival: variant.start.interArrival, calendarId: 'office-hours' } },
    tasks,
    gateways,
    events,
  };
}

/** The JSON body of an lf:scenario element (everything but id and name), escaped for XML text. */
function scenarioBody(scenario: ScenarioInput): string {
  const { id: _id, name: _name, ...rest } = scenario;
  return escapeXml(JSON.stringify(rest, null, 2)).replace(/&quot;/g, '"').replace(/\n/g, '\n        ');
}

/** Places the nodes on a grid: main path in each lane's upper row, a decision's "no" branch in the lower row. */
function place(variant: TemplateVariant, language: TemplateLanguage): { nodes: PlacedNode[]; flows: PlacedFlow[] } {
  const nodes: PlacedNode[] = [];
  const flows: PlacedFlow[] = [];
  let flowCount = 0;
  const connect = (from: string, to: string, id = `Flow_${++flowCount}`, name?: string) => flows.push(name === undefined ? { id, from, to } : { id, from, to, name });
  const nodeOf = (step: TemplateTask | TemplateWait, column: number, branchRow: boolean): PlacedNode => ({
    id: step.id,
    kind: step.kind === 'wait' ? 'intermediateCatchEvent' : (step.type ?? 'userTask'),
    name: step.name[language],
    lane: step.lane,
    column,
    branchRow,
  });
  nodes.push({ id: variant.start.id, kind: 'startEvent', name: variant.start.name[language], lane: variant.start.lane, column: 0, branchRow: false });
  let previous = variant.start.id;
  let previousFlowId: string | undefined;
  let previousFlowName: string | undefined;
  let column = 1;
  let lastLane = variant.start.lane;
  const link = (to: string) => {
    connect(previous, to, previousFlowId, previousFlowName);
    previousFlowId = undefined;
    previousFlowName = undefined;
    previous = to;
  };
  for (const step of variant.steps) {
    if (step.kind !== 'decision') {
      nodes.push(nodeOf(step, column++, false));
      link(step.id);
      lastLane = step.lane;
      continue;
    }
    nodes.push({ id: step.id, kind: 'exclusiveGateway', name: step.name[language], lane: step.lane, column: column++, branchRow: false });
    link(step.id);
    let branchColumn = column;
    let branchPrevious = step.id;
    let branchFlowId: string | undefined = `Flow_${step.id}_No`;
    let branchName: string | undefined = step.no[language];
    let branchLane = step.lane;
    for (const branchStep of [...step.otherwise]) {
      nodes.push(nodeOf(branchStep, branchColumn++, true));
      connect(branchPrevious, branchStep.id, branchFlowId, branchName);
      branchFlowId = undefined;
      branchName = undefined;
      branchPrevious = branchStep.id;
      branchLane = branchStep.lane;
    }
    nodes.push({ id: step.otherwiseEnd.id, kind: 'endEvent', name: step.otherwiseEnd.name[language], lane: branchLane, column: branchColumn, branchRow: true });
    connect(branchPrevious, step.otherwiseEnd.id, branchFlowId, branchName);
    previousFlowId = `Flow_${step.id}_Yes`;
    previousFlowName = step.yes[language];
    lastLane = step.lane;
  }
  nodes.push({ id: variant.end.id, kind: 'endEvent', name: variant.end.name[language], lane: lastLane, column, branchRow: false });
  link(variant.end.id);
  // Two nodes on one spot would be a template bug, not user input.
  const spots = new Set<string>();
  for (const n of nodes) {
    const spot = `${n.lane}/${n.column}/${n.branchRow}`;
    if (spots.has(spot)) throw new Error(`Template layout: ${n.id} overlaps another node at ${spot}`);
    spots.add(spot);
  }
  return { nodes, flows };
}

/** The BPMN 2.0 text of one variant, with diagram layout and its scenario in an lf:scenarios element. */
export function buildTemplateXml(variant: TemplateVariant, options: { id: string; scenarioId: string; language: TemplateLanguage }): string {
  const { language } = options;
  const { nodes, flows } = place(variant, language);
  const laneIndex = new Map(variant.lanes.map((lane, index) => [lane.id, index]));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const center = (n: PlacedNode) => {
    const top = TOP + laneIndex.get(n.lane)! * LANE_HEIGHT;
    return { x: FIRST_COLUMN_X + n.column * COLUMN_WIDTH, y: top + (n.branchRow ? 150 : 60) };
  };
  const columns = Math.max(...nodes.map((n) => n.column));
  const width = FIRST_COLUMN_X + columns * COLUMN_WIDTH + 110 - 160;
  const height = variant.lanes.length * LANE_HEIGHT;
  const processId = `Process_${options.id.replace(/[^A-Za-z0-9]/g, '_')}`;
  const collaborationId = `Collaboration_${options.id.replace(/[^A-Za-z0-9]/g, '_')}`;
  const scenario = templateScenario(variant, options.scenarioId, language);
  const incoming = (id: string) => flows.filter((f) => f.to === id).map((f) => `\n      <bpmn:incoming>${f.id}</bpmn:incoming>`).join('');
  const outgoing = (id: string) => flows.filter((f) => f.from === id).map((f) => `\n      <bpmn:outgoing>${f.id}</bpmn:outgoing>`).join('');
  const nodeXml = nodes.map((n) => {
    const definition = n.kind === 'intermediateCatchEvent' ? `\n      <bpmn:timerEventDefinition id="TimerEventDefinition_${n.id}" />` : n.kind === 'startEvent' ? `\n      <bpmn:messageEventDefinition id="MessageEventDefinition_${n.id}" />` : '';
    return `    <bpmn:${n.kind} id="${n.id}" name="${escapeXml(n.name)}">${incoming(n.id)}${outgoing(n.id)}${definition}\n    </bpmn:${n.kind}>`;
  });
  const flowXml = flows.map((f) => `    <bpmn:sequenceFlow id="${f.id}"${f.name === undefined ? '' : ` name="${escapeXml(f.name)}"`} sourceRef="${f.from}" targetRef="${f.to}" />`);
  const laneXml = variant.lanes.map((lane) => {
    const refs = nodes.filter((n) => n.lane === lane.id).map((n) => `\n        <bpmn:flowNodeRef>${n.id}</bpmn:flowNodeRef>`).join('');
    return `      <bpmn:lane id="${lane.id}" name="${escapeXml(lane.name[language])}">${refs}\n      </bpmn:lane>`;
  });
  const shapeXml = [
    `      <bpmndi:BPMNShape id="Participant_${options.id}_di" bpmnElement="Participant_Main" isHorizontal="true">\n        <dc:Bounds x="160" y="${TOP}" width="${width}" height="${height}" />\n      </bpmndi:BPMNShape>`,
    ...variant.lanes.map((lane, index) => `      <bpmndi:BPMNShape id="${lane.id}_di" bpmnElement="${lane.id}" isHorizontal="true">\n        <dc:Bounds x="190" y="${TOP + index * LANE_HEIGHT}" width="${width - 30}" height="${LANE_HEIGHT}" />\n      </bpmndi:BPMNShape>`),
    ...nodes.map((n) => {
      const c = center(n);
      const s = SIZE[n.kind];
      const marker = n.kind === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '';
      const label = s.w < 100 ? `\n        <bpmndi:BPMNLabel><dc:Bounds x="${c.x - 45}" y="${c.y + s.h / 2 + 5}" width="90" height="27" /></bpmndi:BPMNLabel>` : '';
      return `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${marker}>\n        <dc:Bounds x="${c.x - s.w / 2}" y="${c.y - s.h / 2}" width="${s.w}" height="${s.h}" />${label}\n      </bpmndi:BPMNShape>`;
    }),
  ];
  const edgeXml = flows.map((f) => {
    const from = byId.get(f.from)!;
    const to = byId.get(f.to)!;
    const a = center(from);
    const b = center(to);
    const fromSize = SIZE[from.kind];
    const toSize = SIZE[to.kind];
    let points: { x: number; y: number }[];
    if (a.y === b.y) points = [{ x: a.x + fromSize.w / 2, y: a.y }, { x: b.x - toSize.w / 2, y: b.y }];
    else if (from.kind === 'exclusiveGateway' && to.branchRow) {
      // The "no" branch leaves the gateway downwards (or upwards) and turns right into the lower row.
      const exitY = b.y > a.y ? a.y + fromSize.h / 2 : a.y - fromSize.h / 2;
      points = [{ x: a.x, y: exitY }, { x: a.x, y: b.y }, { x: b.x - toSize.w / 2, y: b.y }];
    } else {
      const midX = a.x + fromSize.w / 2 + (b.x - toSize.w / 2 - (a.x + fromSize.w / 2)) / 2;
      points = [{ x: a.x + fromSize.w / 2, y: a.y }, { x: midX, y: a.y }, { x: midX, y: b.y }, { x: b.x - toSize.w / 2, y: b.y }];
    }
    const waypoints = points.map((p) => `<di:waypoint x="${p.x}" y="${p.y}" />`).join('');
    return `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">\n        ${waypoints}\n      </bpmndi:BPMNEdge>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:lf="https://leanflow.dev/schema/bpmn/1.0" id="Definitions_${options.id.replace(/[^A-Za-z0-9]/g, '_')}" targetNamespace="https://leanflow.dev/samples" exporter="Leanflow" exporterVersion="0.1.0">
  <bpmn:collaboration id="${collaborationId}">
    <bpmn:extensionElements>
      <lf:scenarios active="${scenario.id}">
        <lf:scenario id="${scenario.id}" name="${escapeXml(scenario.name)}" format="json">${scenarioBody(scenario)}</lf:scenario>
      </lf:scenarios>
    </bpmn:extensionElements>
    <bpmn:participant id="Participant_Main" name="${escapeXml(variant.processName[language])}" processRef="${processId}" />
  </bpmn:collaboration>
  <bpmn:process id="${processId}" name="${escapeXml(variant.processName[language])}" isExecutable="false">
    <bpmn:laneSet id="LaneSet_1">
${laneXml.join('\n')}
    </bpmn:laneSet>
${nodeXml.join('\n')}
${flowXml.join('\n')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${collaborationId}">
${shapeXml.join('\n')}
${edgeXml.join('\n')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

// The first-run sample: a sales-service "lead to quote" process with three lanes and a realistic scenario
// stored in the file with our lf: extension. Stored as a string so both Node (CLI) and the browser (studio)
// get it from the public entry without file access.
import type { ScenarioInput } from '../scenario.ts';

const triangular = (min: number, mode: number, max: number) => ({ type: 'triangular' as const, min, mode, max, unit: 'min' as const });

/**
 * The sample's "As is" scenario: leads arrive about every 20 minutes during office hours; two sales assistants,
 * three sales representatives and one sales manager work Monday to Friday 9-17. The automatic acknowledgement
 * is automated and NOT a substantive response; the quote and the polite rejection are.
 */
export const LEAD_TO_QUOTE_SCENARIO: ScenarioInput = {
  id: 'as-is',
  name: 'As is',
  description: 'Today\'s lead handling: every lead is checked against the customer history before a representative qualifies it; every quote needs the manager\'s approval.',
  currency: 'EUR',
  cases: 1000,
  replications: 5,
  seed: 42,
  targets: { firstResponseSla: { value: 2, unit: 'h' }, resolutionSla: { value: 1, unit: 'd' } },
  calendars: [{ id: 'office-hours', name: 'Office hours (Mon-Fri 9-17)', timeZone: 'UTC', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }],
  pools: [
    { id: 'sales-assistants', name: 'Sales assistant', headcount: 2, costPerHour: 38, calendarId: 'office-hours', laneIds: ['Lane_Assistant'] },
    { id: 'sales-representatives', name: 'Sales representative', headcount: 3, costPerHour: 55, calendarId: 'office-hours', laneIds: ['Lane_Representative'] },
    { id: 'sales-managers', name: 'Sales manager', headcount: 1, costPerHour: 85, calendarId: 'office-hours', laneIds: ['Lane_Manager'] },
  ],
  arrivals: { Start_LeadReceived: { interArrival: { type: 'exponential', mean: 20, unit: 'min' }, calendarId: 'office-hours' } },
  tasks: {
    Task_Acknowledge: { duration: { type: 'fixed', value: 10, unit: 's' }, automated: true, substantiveResponse: false, valueClass: 'businessValueAdding' },
    Task_CheckHistory: { duration: triangular(5, 10, 20), valueClass: 'nonValueAdding' },
    Task_Qualify: { duration: triangular(10, 15, 30), valueClass: 'businessValueAdding' },
    Task_SendRejection: { duration: triangular(3, 5, 10), substantiveResponse: true, valueClass: 'businessValueAdding' },
    Task_PrepareQuote: { duration: triangular(20, 30, 45), valueClass: 'valueAdding' },
    Task_Approve: { duration: triangular(5, 10, 30), valueClass: 'businessValueAdding' },
    Task_SendQuote: { duration: triangular(3, 5, 10), substantiveResponse: true, valueClass: 'valueAdding' },
  },
  gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 0.7, Flow_No: 0.3 } } },
};

/** The JSON body of an lf:scenario element (everything but id and name), escaped for XML text. */
function scenarioBody(scenario: ScenarioInput): string {
  const { id: _id, name: _name, ...rest } = scenario;
  return JSON.stringify(rest, null, 2)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, '\n        ');
}

export const LEAD_TO_QUOTE_SAMPLE = String.raw`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:lf="https://leanflow.dev/schema/bpmn/1.0" id="Definitions_LeadToQuote" targetNamespace="https://leanflow.dev/samples" exporter="Leanflow" exporterVersion="0.1.0">
  <bpmn:collaboration id="Collaboration_LeadToQuote">
    <bpmn:extensionElements>
      <lf:scenarios active="${LEAD_TO_QUOTE_SCENARIO.id}">
        <lf:scenario id="${LEAD_TO_QUOTE_SCENARIO.id}" name="${LEAD_TO_QUOTE_SCENARIO.name}" format="json">${scenarioBody(LEAD_TO_QUOTE_SCENARIO)}</lf:scenario>
      </lf:scenarios>
    </bpmn:extensionElements>
    <bpmn:participant id="Participant_SalesService" name="Sales service" processRef="Process_LeadToQuote" />
  </bpmn:collaboration>
  <bpmn:process id="Process_LeadToQuote" name="Lead to quote" isExecutable="false">
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_Assistant" name="Sales assistant">
        <bpmn:flowNodeRef>Start_LeadReceived</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Task_Acknowledge</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Task_CheckHistory</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Task_SendRejection</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>End_LeadRejected</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_Representative" name="Sales representative">
        <bpmn:flowNodeRef>Task_Qualify</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Gateway_Qualified</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Task_PrepareQuote</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Task_SendQuote</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>End_QuoteSent</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_Manager" name="Sales manager">
        <bpmn:flowNodeRef>Task_Approve</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="Start_LeadReceived" name="Lead received">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
      <bpmn:messageEventDefinition id="MessageEventDefinition_Lead" />
    </bpmn:startEvent>
    <bpmn:serviceTask id="Task_Acknowledge" name="Send auto-reply">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:userTask id="Task_CheckHistory" name="Check customer history">
      <bpmn:incoming>Flow_2</bpmn:incoming>
      <bpmn:outgoing>Flow_3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="Task_Qualify" name="Qualify lead">
      <bpmn:incoming>Flow_3</bpmn:incoming>
      <bpmn:outgoing>Flow_4</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="Gateway_Qualified" name="Qualified?">
      <bpmn:incoming>Flow_4</bpmn:incoming>
      <bpmn:outgoing>Flow_No</bpmn:outgoing>
      <bpmn:outgoing>Flow_Yes</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sendTask id="Task_SendRejection" name="Send polite rejection">
      <bpmn:incoming>Flow_No</bpmn:incoming>
      <bpmn:outgoing>Flow_5</bpmn:outgoing>
    </bpmn:sendTask>
    <bpmn:endEvent id="End_LeadRejected" name="Lead rejected">
      <bpmn:incoming>Flow_5</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:userTask id="Task_PrepareQuote" name="Prepare quote">
      <bpmn:incoming>Flow_Yes</bpmn:incoming>
      <bpmn:outgoing>Flow_6</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="Task_Approve" name="Manager approval">
      <bpmn:incoming>Flow_6</bpmn:incoming>
      <bpmn:outgoing>Flow_7</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sendTask id="Task_SendQuote" name="Send quote">
      <bpmn:incoming>Flow_7</bpmn:incoming>
      <bpmn:outgoing>Flow_8</bpmn:outgoing>
    </bpmn:sendTask>
    <bpmn:endEvent id="End_QuoteSent" name="Quote sent">
      <bpmn:incoming>Flow_8</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start_LeadReceived" targetRef="Task_Acknowledge" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Acknowledge" targetRef="Task_CheckHistory" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_CheckHistory" targetRef="Task_Qualify" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Qualify" targetRef="Gateway_Qualified" />
    <bpmn:sequenceFlow id="Flow_No" name="No" sourceRef="Gateway_Qualified" targetRef="Task_SendRejection" />
    <bpmn:sequenceFlow id="Flow_5" sourceRef="Task_SendRejection" targetRef="End_LeadRejected" />
    <bpmn:sequenceFlow id="Flow_Yes" name="Yes" sourceRef="Gateway_Qualified" targetRef="Task_PrepareQuote" />
    <bpmn:sequenceFlow id="Flow_6" sourceRef="Task_PrepareQuote" targetRef="Task_Approve" />
    <bpmn:sequenceFlow id="Flow_7" sourceRef="Task_Approve" targetRef="Task_SendQuote" />
    <bpmn:sequenceFlow id="Flow_8" sourceRef="Task_SendQuote" targetRef="End_QuoteSent" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_LeadToQuote">
      <bpmndi:BPMNShape id="Participant_SalesService_di" bpmnElement="Participant_SalesService" isHorizontal="true">
        <dc:Bounds x="160" y="80" width="1200" height="540" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_Assistant_di" bpmnElement="Lane_Assistant" isHorizontal="true">
        <dc:Bounds x="190" y="80" width="1170" height="180" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_Representative_di" bpmnElement="Lane_Representative" isHorizontal="true">
        <dc:Bounds x="190" y="260" width="1170" height="180" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_Manager_di" bpmnElement="Lane_Manager" isHorizontal="true">
        <dc:Bounds x="190" y="440" width="1170" height="180" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Start_LeadReceived_di" bpmnElement="Start_LeadReceived">
        <dc:Bounds x="232" y="152" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="216" y="195" width="68" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Acknowledge_di" bpmnElement="Task_Acknowledge">
        <dc:Bounds x="310" y="130" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_CheckHistory_di" bpmnElement="Task_CheckHistory">
        <dc:Bounds x="460" y="130" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Qualify_di" bpmnElement="Task_Qualify">
        <dc:Bounds x="610" y="310" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Gateway_Qualified_di" bpmnElement="Gateway_Qualified" isMarkerVisible="true">
        <dc:Bounds x="765" y="325" width="50" height="50" />
        <bpmndi:BPMNLabel><dc:Bounds x="764" y="382" width="52" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_SendRejection_di" bpmnElement="Task_SendRejection">
        <dc:Bounds x="870" y="130" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_LeadRejected_di" bpmnElement="End_LeadRejected">
        <dc:Bounds x="1032" y="152" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="1017" y="195" width="67" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_PrepareQuote_di" bpmnElement="Task_PrepareQuote">
        <dc:Bounds x="870" y="310" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Approve_di" bpmnElement="Task_Approve">
        <dc:Bounds x="1020" y="490" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_SendQuote_di" bpmnElement="Task_SendQuote">
        <dc:Bounds x="1170" y="310" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_QuoteSent_di" bpmnElement="End_QuoteSent">
        <dc:Bounds x="1302" y="332" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="1293" y="375" width="54" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
        <di:waypoint x="268" y="170" /><di:waypoint x="310" y="170" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">
        <di:waypoint x="410" y="170" /><di:waypoint x="460" y="170" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_3_di" bpmnElement="Flow_3">
        <di:waypoint x="560" y="170" /><di:waypoint x="585" y="170" /><di:waypoint x="585" y="350" /><di:waypoint x="610" y="350" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_4_di" bpmnElement="Flow_4">
        <di:waypoint x="710" y="350" /><di:waypoint x="765" y="350" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_No_di" bpmnElement="Flow_No">
        <di:waypoint x="790" y="325" /><di:waypoint x="790" y="170" /><di:waypoint x="870" y="170" />
        <bpmndi:BPMNLabel><dc:Bounds x="798" y="243" width="15" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_5_di" bpmnElement="Flow_5">
        <di:waypoint x="970" y="170" /><di:waypoint x="1032" y="170" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_Yes_di" bpmnElement="Flow_Yes">
        <di:waypoint x="815" y="350" /><di:waypoint x="870" y="350" />
        <bpmndi:BPMNLabel><dc:Bounds x="833" y="332" width="19" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_6_di" bpmnElement="Flow_6">
        <di:waypoint x="970" y="350" /><di:waypoint x="995" y="350" /><di:waypoint x="995" y="530" /><di:waypoint x="1020" y="530" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_7_di" bpmnElement="Flow_7">
        <di:waypoint x="1120" y="530" /><di:waypoint x="1220" y="530" /><di:waypoint x="1220" y="390" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_8_di" bpmnElement="Flow_8">
        <di:waypoint x="1270" y="350" /><di:waypoint x="1302" y="350" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

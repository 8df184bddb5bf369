import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, parseBpmn, validateGraph, type ProcessGraph } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bpmnFiles(join(dir, entry.name)) : entry.name.endsWith('.bpmn') ? [join(dir, entry.name)] : [],
  );
}

/** Counts BPMN start tags with this local name, independently of moddle (prefixes read from the xmlns declarations). */
function countTags(xml: string, localName: string): number {
  const prefixes = [...xml.matchAll(/xmlns(?::([\w.-]+))?="http:\/\/www\.omg\.org\/spec\/BPMN\/20100524\/MODEL"/g)].map((m) => (m[1] ? `${m[1]}:` : ''));
  return prefixes.reduce((sum, prefix) => sum + (xml.match(new RegExp(`<${prefix}${localName}[\\s/>]`, 'g')) ?? []).length, 0);
}

const miwg = bpmnFiles(join(fixturesDir, 'miwg'));

describe('parseBpmn on the MIWG test suite', () => {
  it('finds the fixtures', () => {
    expect(miwg.length).toBeGreaterThan(150);
  });

  it.each(miwg.map((file) => [relative(fixturesDir, file), file]))('parses %s with the same element counts as the XML', async (_name, file) => {
    const xml = readFileSync(file, 'utf8');
    const { graph, issues } = await parseBpmn(xml);
    expect(issues.filter((i) => i.code.startsWith('xml.') && i.severity === 'error')).toEqual([]);
    expect(graph).toBeDefined();
    const g = graph!;
    // A file with a duplicate id loses the duplicate element (reported as an error): counts can only be lower.
    const compare = issues.some((i) => i.code === 'bpmn.duplicateId') ? 'toBeLessThanOrEqual' : 'toBe';
    // Counted from the raw XML with a regex, not with moddle.
    for (const [tag, kind] of [['userTask', 'userTask'], ['serviceTask', 'serviceTask'], ['exclusiveGateway', 'exclusiveGateway'], ['parallelGateway', 'parallelGateway'], ['startEvent', 'startEvent'], ['endEvent', 'endEvent'], ['boundaryEvent', 'boundaryEvent'], ['callActivity', 'callActivity']] as const) {
      expect(g.nodes.filter((n) => n.kind === kind).length, `${tag} in ${file}`)[compare](countTags(xml, tag));
    }
    expect(g.lanes.length)[compare](countTags(xml, 'lane'));
    expect(g.participants.length)[compare](countTags(xml, 'participant'));
    expect(g.messageFlows.length + issues.filter((i) => i.code === 'messageFlow.unconnected').length)[compare](countTags(xml, 'messageFlow'));
    expect(g.flows.length + issues.filter((i) => i.code === 'flow.unconnected').length)[compare](countTags(xml, 'sequenceFlow'));
    expect(() => validateGraph(g)).not.toThrow();
  });
});

describe('parseBpmn details', () => {
  async function graphOf(path: string): Promise<ProcessGraph> {
    const { graph } = await parseBpmn(readFileSync(join(fixturesDir, path), 'utf8'));
    return graph!;
  }

  it('reads C.1.0: 4 plain tasks, 4 user tasks, 1 service task, two pools and four lanes', async () => {
    const g = await graphOf('miwg/reference/C.1.0.bpmn');
    expect(g.nodes.filter((n) => n.kind === 'task')).toHaveLength(4);
    expect(g.nodes.filter((n) => n.kind === 'userTask')).toHaveLength(4);
    expect(g.nodes.filter((n) => n.kind === 'serviceTask')).toHaveLength(1);
    expect(g.participants).toHaveLength(2);
    expect(g.lanes).toHaveLength(4);
    expect(g.messageFlows).toHaveLength(5);
    // Every node in a laned process has a lane, and lanes list exactly their nodes.
    for (const lane of g.lanes) for (const id of lane.flowNodeIds) expect(g.nodes.find((n) => n.id === id)?.laneId).toBe(lane.id);
  });

  it('links boundary events to their host (A.3.0)', async () => {
    const g = await graphOf('miwg/reference/A.3.0.bpmn');
    const boundaries = g.nodes.filter((n) => n.kind === 'boundaryEvent');
    expect(boundaries).toHaveLength(2);
    for (const boundary of boundaries) {
      const host = g.nodes.find((n) => n.id === boundary.attachedToId)!;
      expect(host.boundaryEventIds).toContain(boundary.id);
      expect(typeof boundary.cancelActivity).toBe('boolean');
    }
  });

  it('reads loops, multi-instance, default flows, timers and sub-processes (B.2.0)', async () => {
    const xml = readFileSync(join(fixturesDir, 'miwg/reference/B.2.0.bpmn'), 'utf8');
    const g = (await parseBpmn(xml)).graph!;
    expect(g.nodes.filter((n) => n.loop?.kind === 'standard').length).toBe(countTags(xml, 'standardLoopCharacteristics'));
    expect(g.nodes.filter((n) => n.loop?.kind === 'multiInstance').length).toBe(countTags(xml, 'multiInstanceLoopCharacteristics'));
    expect(g.nodes.filter((n) => n.eventDefinitions.includes('timer')).length).toBe(countTags(xml, 'timerEventDefinition'));
    expect(g.nodes.filter((n) => n.kind === 'subProcess').length).toBe(countTags(xml, 'subProcess'));
    const nested = g.nodes.filter((n) => n.parentId !== undefined);
    expect(nested.length).toBeGreaterThan(0);
    for (const node of nested) expect(g.nodes.find((n) => n.id === node.parentId)?.kind).toMatch(/subProcess|transaction/i);
    const defaults = g.flows.filter((f) => f.isDefault);
    for (const flow of defaults) expect(g.nodes.find((n) => n.id === flow.sourceId)?.defaultFlowId).toBe(flow.id);
    expect(g.dataElements.length).toBeGreaterThan(0);
  });

  it('assigns the innermost lane when lanes are nested', async () => {
    const xml = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
      <process id="p"><laneSet id="ls"><lane id="outer"><flowNodeRef>s</flowNodeRef><flowNodeRef>t</flowNodeRef>
        <childLaneSet id="cls"><lane id="inner"><flowNodeRef>t</flowNodeRef></lane></childLaneSet></lane></laneSet>
        <startEvent id="s"/><task id="t" name="Work"/><sequenceFlow id="f" sourceRef="s" targetRef="t"/></process></definitions>`;
    const g = (await parseBpmn(xml)).graph!;
    expect(g.nodes.find((n) => n.id === 't')?.laneId).toBe('inner');
    expect(g.nodes.find((n) => n.id === 's')?.laneId).toBe('outer');
    expect(g.lanes.find((l) => l.id === 'inner')?.parentLaneId).toBe('outer');
    expect(g.nodes.find((n) => n.id === 't')?.incoming).toEqual(['f']);
  });

  it('reads the sample process', async () => {
    const { graph, issues } = await parseBpmn(LEAD_TO_QUOTE_SAMPLE);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(graph!.lanes.map((l) => l.name)).toEqual(['Sales assistant', 'Sales representative', 'Sales manager']);
    expect(validateGraph(graph!)).toEqual([]);
  });
});

describe('parseBpmn on bad input', () => {
  it('reports an empty file', async () => {
    expect((await parseBpmn('  ')).issues).toEqual([expect.objectContaining({ code: 'xml.empty', severity: 'error' })]);
  });

  it('reports a file that is not XML', async () => {
    const { graph, issues } = await parseBpmn('Hello, this is a text file');
    expect(graph).toBeUndefined();
    expect(issues[0]).toMatchObject({ code: 'xml.notXml', severity: 'error' });
  });

  it('reports malformed XML with line and column', async () => {
    const { issues } = await parseBpmn('<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <process id="p">\n</definitions>');
    expect(issues[0]!.code).toBe('xml.malformed');
    expect(issues[0]!.message).toMatch(/line 4/);
  });

  it('reports XML that is not BPMN, naming its root element', async () => {
    const { issues } = await parseBpmn('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(issues[0]).toMatchObject({ code: 'bpmn.notBpmn' });
    expect(issues[0]!.message).toContain('<svg>');
  });

  it('reports unknown BPMN elements and unresolved references but still reads the rest', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="p">
      <startEvent id="s"/><bogusTask id="b"/><task id="t"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
      <sequenceFlow id="f2" sourceRef="t" targetRef="nowhere"/><exclusiveGateway id="g"/></process></definitions>`;
    const { graph, issues } = await parseBpmn(xml);
    expect(issues.find((i) => i.code === 'bpmn.unknownContent')?.message).toMatch(/bogusTask.*line 2/);
    expect(issues.find((i) => i.code === 'bpmn.unresolvedReference')?.message).toContain('nowhere');
    expect(issues.find((i) => i.code === 'flow.unconnected')).toMatchObject({ elementId: 'f2', severity: 'error' });
    expect(graph!.nodes.map((n) => n.id)).toEqual(['s', 't', 'g']);
    const structural = validateGraph(graph!);
    expect(structural.find((i) => i.code === 'gateway.noOutgoing')).toMatchObject({ elementId: 'g', severity: 'error' });
  });
});

describe('validateGraph', () => {
  const base: ProcessGraph = {
    processes: [{ id: 'p', isExecutable: false, laneIds: [], flowNodeIds: ['t'] }],
    participants: [],
    lanes: [],
    nodes: [{ id: 't', name: 'Work', kind: 'task', bpmnType: 'bpmn:Task', processId: 'p', incoming: [], outgoing: ['f'], eventDefinitions: [], boundaryEventIds: [] }],
    flows: [{ id: 'f', sourceId: 't', targetId: 'ghost', processId: 'p', isDefault: false }],
    messageFlows: [],
    dataElements: [],
  };

  it('reports a process without start event and a flow to a missing element', () => {
    const issues = validateGraph(base);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'graph.noStartEvent', severity: 'error' }));
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'flow.missingTarget', elementId: 'f', message: "Sequence flow 'f' points to 'ghost' as its target, but there is no such element." }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ code: 'node.unreachable', elementId: 't', severity: 'warning' }));
  });

  it('reports a file without any process', () => {
    expect(validateGraph({ ...base, processes: [], nodes: [], flows: [] })).toEqual([expect.objectContaining({ code: 'graph.noProcess' })]);
  });
});

describe('event triggers', () => {
  it('reads error and escalation codes, signal and link names, and non-interrupting event sub-process starts', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <bpmn:error id="Err1" name="Late" errorCode="LATE" />
  <bpmn:error id="Err2" name="No code" />
  <bpmn:escalation id="Esc1" escalationCode="VIP" />
  <bpmn:signal id="Sig1" name="Price changed" />
  <bpmn:process id="P">
    <bpmn:startEvent id="S" />
    <bpmn:endEvent id="ErrEnd"><bpmn:errorEventDefinition errorRef="Err1" /></bpmn:endEvent>
    <bpmn:endEvent id="ErrEnd2"><bpmn:errorEventDefinition errorRef="Err2" /></bpmn:endEvent>
    <bpmn:endEvent id="CatchAllEnd"><bpmn:errorEventDefinition /></bpmn:endEvent>
    <bpmn:intermediateThrowEvent id="Esc"><bpmn:escalationEventDefinition escalationRef="Esc1" /></bpmn:intermediateThrowEvent>
    <bpmn:intermediateThrowEvent id="Sig"><bpmn:signalEventDefinition signalRef="Sig1" /></bpmn:intermediateThrowEvent>
    <bpmn:intermediateThrowEvent id="Link"><bpmn:linkEventDefinition name="to page 2" /></bpmn:intermediateThrowEvent>
    <bpmn:subProcess id="V" triggeredByEvent="true">
      <bpmn:startEvent id="VS" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="Esc1" /></bpmn:startEvent>
      <bpmn:startEvent id="VS2"><bpmn:errorEventDefinition errorRef="Err1" /></bpmn:startEvent>
    </bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>`;
    const { graph } = await parseBpmn(xml);
    const node = (id: string) => graph!.nodes.find((n) => n.id === id)!;
    expect(node('ErrEnd').eventTrigger).toBe('LATE');
    expect(node('ErrEnd2').eventTrigger).toBe('Err2');
    expect(node('CatchAllEnd').eventTrigger).toBeUndefined();
    expect(node('Esc').eventTrigger).toBe('VIP');
    expect(node('Sig').eventTrigger).toBe('Price changed');
    expect(node('Link').eventTrigger).toBe('to page 2');
    expect(node('VS').isInterrupting).toBe(false);
    expect(node('VS2').isInterrupting).toBeUndefined();
    expect(node('S').isInterrupting).toBeUndefined();
  });
});

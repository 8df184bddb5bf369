// Lossless interchange: each silent loss found on other vendors' files, as a file of our own (interchange-fixtures/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSave, compareRoundTrip, decodeXmlBytes, loadDocument, parseBpmn, parseXmlTree, serializeBpmn, unreportedLosses, type ModdleElement } from './index.ts';

const dir = join(import.meta.dirname, 'interchange-fixtures');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

async function roundTrip(xml: string | Uint8Array) {
  const parsed = await parseBpmn(xml);
  if (!parsed.definitions || !parsed.moddle) throw new Error(`not read: ${JSON.stringify(parsed.issues)}`);
  const saved = await serializeBpmn(parsed.moddle, parsed.definitions);
  const original = typeof xml === 'string' ? xml : parsed.text!;
  return { parsed, saved, report: compareRoundTrip(original, saved) };
}

const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

describe('DI spread over several planes or diagrams', () => {
  it('keeps every plane with its shapes and edges, and says the second plane got a diagram of its own', async () => {
    const { parsed, saved, report } = await roundTrip(read('several-planes.bpmn'));
    expect(report.losses).toEqual([]);
    expect(report.planes['PlaneSub']).toEqual({ before: ['edge:F3', 'shape:SubStart', 'shape:SubTask'], after: ['edge:F3', 'shape:SubStart', 'shape:SubTask'] });
    expect(report.planes['PlaneProc']!.after).toEqual(['shape:Start']);
    expect(saved).toMatch(/<bpmndi:BPMNDiagram id="Diagram_PlaneSub">\s*<bpmndi:BPMNPlane id="PlaneSub" bpmnElement="Sub">/);
    expect(parsed.issues).toContainEqual(expect.objectContaining({ code: 'bpmn.diagramPlanes', elementId: 'Diagram' }));
  });
});

describe('references with the target-namespace prefix, and dangling references', () => {
  it('resolves bpmn2:_X when bpmn2 is the targetNamespace: no false errors', async () => {
    const { parsed, saved, report } = await roundTrip(read('target-namespace-references.bpmn'));
    const errors = parsed.issues.filter((i) => i.severity === 'error');
    // Only the three references that really dangle (one message flow is not connected because of them).
    expect(errors.map((e) => e.message)).toEqual([
      "Extension, attribute definition: there is no element '_NoSuchDefinition' in the file. The reference is kept as written.",
      "MessageFlow '_MF2', attribute sourceRef: there is no element '_Nowhere' in the file. The reference is kept as written.",
      "MessageFlow '_MF2', attribute targetRef: there is no element '_Gone' in the file. The reference is kept as written.",
      "Message flow '_MF2' is not connected at both ends.",
    ]);
    expect(parsed.graph!.flows.map((f) => `${f.sourceId}->${f.targetId}`)).toEqual(['_Start->_Receive', '_Receive->_End']);
    expect(parsed.graph!.messageFlows).toEqual([{ id: '_MF1', sourceId: '_PartA', targetId: '_Receive' }]);
    // Unresolved references are written back as they were, never as "undefined".
    expect(saved).not.toContain('undefined');
    expect(saved).toContain('<bpmn:messageFlow id="_MF2" sourceRef="_Nowhere" targetRef="_Gone" />');
    expect(saved).toContain('definition="_NoSuchDefinition"');
    expect(report.losses).toEqual([]);
  });

  it('names the element and the attribute of a reference to an id that is not there', async () => {
    const xml = read('several-planes.bpmn').replace('targetRef="End"', 'targetRef="Ende"');
    const { issues } = await parseBpmn(xml);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'bpmn.unresolvedReference', elementId: 'F2', message: "SequenceFlow 'F2', attribute targetRef: there is no element 'Ende' in the file. The reference is kept as written." }),
    );
  });
});

describe('awkward attribute values', () => {
  it('keeps an empty number empty (not "NaN"), escapes line breaks and tabs, keeps a default-namespace extension', async () => {
    const { parsed, saved, report } = await roundTrip(read('awkward-values.bpmn'));
    expect(saved).not.toContain('NaN');
    expect(saved).toContain('loopMaximum=""');
    expect(parsed.issues).toContainEqual(expect.objectContaining({ code: 'bpmn.invalidNumber', elementId: 'Loop', message: 'StandardLoopCharacteristics \'Loop\', attribute loopMaximum: "" is not a number; it is kept as written and ignored.' }));
    expect(saved).toContain('name="Check&#13;&#10;order&#9;now"');
    const reread = parseXmlTree(saved);
    if (!reread.ok) throw new Error('not well-formed');
    const task = JSON.stringify(reread.root).includes('"value":"Check\\r\\norder\\tnow"');
    expect(task).toBe(true);
    // The extension in a default namespace survives with a prefix of its own; no "has no namespace" warning.
    expect(saved).toMatch(/<(ns\d+):Settings mode="fast">\s*<\1:Option key="a">1<\/\1:Option>/);
    expect(codes(parsed.issues)).not.toContain('bpmn.unknownContent');
    expect(report.losses).toEqual([]);
  });

  it('keeps a number attribute that is not a number as written', async () => {
    const { saved, report } = await roundTrip(read('awkward-values.bpmn').replace('loopMaximum=""', 'loopMaximum="ten"'));
    expect(saved).toContain('loopMaximum="ten"');
    expect(report.losses).toEqual([]);
  });

  it('still reports an extension element in no namespace at all, and says that is why', async () => {
    const xml = read('awkward-values.bpmn').replace('<Settings xmlns="http://vendor.example.com/settings"', '<Settings xmlns=""');
    const { parsed, report } = await roundTrip(xml);
    const warning = parsed.issues.find((i) => i.code === 'bpmn.unknownContent');
    expect(warning?.message).toContain('<Settings>');
    expect(warning?.message).toContain('no XML namespace');
    expect(report.losses.length).toBeGreaterThan(0);
    expect(unreportedLosses(report.losses, parsed.issues)).toEqual([]);
  });
});

describe('ids bpmn-moddle rejects (spaces, leading digits, colons)', () => {
  it('keeps every element and its id: timer, message, error and signal definitions, lane set, data input, global task', async () => {
    const { parsed, saved, report } = await roundTrip(read('rejected-ids.bpmn'));
    expect(report.losses).toEqual([]);
    const graph = parsed.graph!;
    const start = graph.nodes.find((n) => n.id === 'Timer start')!;
    expect(start.eventDefinitions).toEqual(['timer']);
    expect(start.timer).toEqual({ kind: 'cycle', expression: 'R/PT24H' });
    expect(start.laneId).toBe('Lane 1');
    expect(graph.nodes.find((n) => n.id === 'Boundary')!.eventDefinitions).toEqual(['error']);
    expect(graph.nodes.find((n) => n.id === 'Catch')!.eventDefinitions).toEqual(['message']);
    expect(graph.nodes.find((n) => n.id === 'Throw')!.eventDefinitions).toEqual(['signal']);
    expect(graph.dataElements.map((d) => d.id)).toContain('1input');
    for (const id of ['1 message', 'err:or:1', '2signal', 'global task', 'lane set 1', '1 timer', '1 error def', '2 msg def', '3 sig def', 'io spec']) expect(saved).toContain(`id="${id}"`);
    expect(saved).toContain('<dataInputRefs>1input</dataInputRefs>');
    expect(saved).toContain('errorRef="err:or:1"');
    expect(saved).not.toContain('lf_id_');
    expect(parsed.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });
});

describe('vendor content moddle has no place for', () => {
  it('keeps vendor elements in DI shapes, edges and labels, outside extensionElements, an embedded schema and HTML documentation', async () => {
    const { parsed, saved, report } = await roundTrip(read('vendor-content.bpmn'));
    expect(report.losses).toEqual([]);
    expect(saved).toMatch(/<bpmndi:BPMNShape id="Task_di" bpmnElement="Task">\s*<di:extension>\s*<v:style fill="#ffcc00" stroke="#333333" \/>/);
    expect(saved).toContain('xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:v=');
    expect(saved).toContain('<v:font size="9" />');
    expect(saved).toContain('<v:route kind="orthogonal" />');
    expect(saved).toMatch(/<startEvent id="Start">\s*<extensionElements>\s*<v:trigger kind="email" \/>/);
    expect(saved).toContain('<xs:schema targetNamespace="http://example.com/vendor/types">');
    // The HTML is the documentation's text, tags written out (and escaped in the XML).
    const proc = parsed.definitions!['rootElements'] as ModdleElement[];
    const documentation = (proc.find((r) => r['id'] === 'Proc')!['documentation'] as ModdleElement[]).map((d) => d['text']);
    expect(documentation).toEqual(['Plain first line', '<p>Handles <b>orders</b> &amp; returns.</p><ul><li>fast</li></ul>']);
    expect(report.namespaces['http://vendor.example.com/diagram']).toEqual({ before: { elements: 4, attributes: 5 }, after: { elements: 4, attributes: 5 } });
  });
});

describe('declared encodings and bad bytes', () => {
  const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
  const file = (encoding: string, name: string) =>
    `<?xml version="1.0" encoding="${encoding}"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">\n<process id="P"><task id="T" name="${name}"/></process>\n</definitions>`;

  it('reads ISO-8859-1 and windows-1252 as declared', async () => {
    const iso = await parseBpmn(latin1(file('ISO-8859-1', 'Prüfung für Bestellungen')));
    expect(iso.graph!.nodes[0]!.name).toBe('Prüfung für Bestellungen');
    expect(iso.issues).toEqual([expect.objectContaining({ code: 'xml.encoding', severity: 'info' })]);
    // 0x80 is the euro sign in windows-1252.
    const bytes = latin1(file('windows-1252', 'Preis X'));
    bytes[bytes.indexOf('X'.charCodeAt(0))] = 0x80;
    const cp = await parseBpmn(bytes);
    expect(cp.graph!.nodes[0]!.name).toBe('Preis €');
    const { xml } = { xml: await serializeBpmn(cp.moddle!, cp.definitions!) };
    expect(xml).toContain('encoding="UTF-8"');
    expect(xml).toContain('name="Preis €"');
  });

  it('reports bytes that are not UTF-8 as an error naming the line', async () => {
    const bytes = latin1(file('UTF-8', 'Prüfung'));
    const doc = await loadDocument(bytes);
    const error = doc.issues.find((i) => i.code === 'xml.invalidBytes');
    expect(error?.severity).toBe('error');
    expect(error?.message).toMatch(/^Line 3 has bytes that are not valid UTF-8 \(byte 0xfc/);
    expect(decodeXmlBytes(new TextEncoder().encode(file('UTF-8', 'Prüfung'))).issues).toEqual([]);
  });
});

describe('files without incoming/outgoing', () => {
  it('completes the lists from the sequence flows, so the model reads like one that has them', async () => {
    const { parsed, saved } = await roundTrip(read('flows-without-lists.bpmn'));
    const review = (parsed.definitions!['rootElements'] as ModdleElement[])[0]!['flowElements'] as ModdleElement[];
    const node = review.find((e) => e['id'] === 'Review')!;
    expect((node['incoming'] as ModdleElement[]).map((f) => f['id'])).toEqual(['F2']);
    expect((node['outgoing'] as ModdleElement[]).map((f) => f['id'])).toEqual(['F3']);
    expect(saved).toMatch(/<task id="Review" name="Review order">\s*<incoming>F2<\/incoming>\s*<outgoing>F3<\/outgoing>/);
    expect(parsed.issues).toEqual([expect.objectContaining({ code: 'bpmn.flowReferencesCompleted', message: expect.stringContaining('8 incoming/outgoing') })]);
  });
});

describe('compareRoundTrip and auditSave', () => {
  const original = read('several-planes.bpmn');

  it('finds a lost plane, a changed attribute, lost text and a lost foreign element, each with the element id', async () => {
    const withVendor = original.replace('<bpmndi:BPMNShape id="End_di" bpmnElement="End">', '<bpmndi:BPMNShape id="End_di" bpmnElement="End"><di:extension><v:x xmlns:v="urn:v" a="1"/></di:extension>');
    const damaged = withVendor
      .replace(/<bpmndi:BPMNPlane id="PlaneSub"[\s\S]*?<\/bpmndi:BPMNPlane>/, '')
      .replace('name="Inside"', 'name="Outside"')
      .replace('<v:x xmlns:v="urn:v" a="1"/>', '');
    const report = compareRoundTrip(withVendor, damaged);
    expect(report.losses.map((l) => l.message)).toEqual([
      'task \'SubTask\', attribute name: "Inside" became "Outside".',
      "v:x 'End_di' (inside it) is missing after saving.",
      "bpmndi:BPMNPlane 'PlaneSub' and what it holds is missing after saving.",
    ]);
    expect(report.losses[1]!.plane).toBe('PlaneMain');
    expect(report.planes['PlaneSub']).toEqual({ before: ['edge:F3', 'shape:SubStart', 'shape:SubTask'], after: [] });
    expect(report.namespaces['urn:v']).toEqual({ before: { elements: 1, attributes: 1 }, after: { elements: 0, attributes: 0 } });
  });

  it('auditSave turns a loss that no issue explains into a warning naming the element', async () => {
    const parsed = await parseBpmn(original);
    expect(await auditSave(original, parsed)).toEqual([]);
    // Simulate a writer bug: the sub-process plane disappears from the model before saving.
    const diagrams = parsed.definitions!['diagrams'] as ModdleElement[];
    parsed.definitions!.set('diagrams', diagrams.filter((d) => (d['plane'] as ModdleElement)['id'] !== 'PlaneSub'));
    const issues = await auditSave(original, parsed);
    expect(issues).toContainEqual({ code: 'bpmn.lostOnSave', severity: 'warning', message: "Saving from Leanflow would lose this: bpmndi:BPMNPlane 'PlaneSub' and what it holds is missing after saving.", elementId: 'PlaneSub' });
  });
});

// The check before opening, in slices for a large file: a good file passes without the browser's parser (and hands
// its tree on); anything saxen refuses or reads more leniently than a strict parser goes to `checkBpmnText`, so a
// broken file gets the message it always got. (`checkBpmnText` needs DOMParser: Node runs a recorder in its place;
// apps/studio/e2e/studio-large.e2e.ts checks the real message in Chromium.)
import { describe, expect, it } from 'vitest';
import { checkBpmnTextInSlices, type FileIssue } from './bpmn-file.ts';

function strictRecorder() {
  const seen: string[] = [];
  const issue: FileIssue = { code: 'file.notXml', message: 'error.notXml', params: { detail: 'from the strict check' } };
  return { seen, check: (text: string) => (seen.push(text), issue), issue };
}

/** A chain of `tasks` tasks with their shapes and edges (as bench/generate-process.ts writes). */
function generateProcess(tasks: number): string {
  const ids = ['Start', ...Array.from({ length: tasks }, (_, i) => `Task_${i + 1}`), 'End'];
  const nodes = ids.map((id, i) => (i === 0 ? `<bpmn:startEvent id="${id}" />` : i === ids.length - 1 ? `<bpmn:endEvent id="${id}" />` : `<bpmn:task id="${id}" name="Step ${i}" />`));
  const flows = ids.slice(1).map((id, i) => `<bpmn:sequenceFlow id="Flow_${i + 1}" sourceRef="${ids[i]}" targetRef="${id}" />`);
  const shapes = ids.map((id, i) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${100 + i * 150}" y="100" width="100" height="80" /></bpmndi:BPMNShape>`);
  const edges = ids.slice(1).map((_, i) => `<bpmndi:BPMNEdge id="Flow_${i + 1}_di" bpmnElement="Flow_${i + 1}"><di:waypoint x="${200 + i * 150}" y="140" /><di:waypoint x="${250 + i * 150}" y="140" /></bpmndi:BPMNEdge>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="bench">
<bpmn:process id="P" isExecutable="false">${nodes.join('')}${flows.join('')}</bpmn:process>
<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="Plane" bpmnElement="P">${shapes.join('')}${edges.join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

const slices = () => {
  let pauses = 0;
  return { options: { sliceMs: 0, now: () => performance.now(), pause: async () => void pauses++ }, pauses: () => pauses };
};

describe('checkBpmnTextInSlices', () => {
  const good = generateProcess(2_000);

  it('passes a good file in many slices without the strict check, and gives its tree', async () => {
    const strict = strictRecorder();
    const { options, pauses } = slices();
    const result = await checkBpmnTextInSlices(good, options, strict.check);
    expect(result.issue).toBeUndefined();
    expect(strict.seen).toEqual([]);
    expect(pauses()).toBeGreaterThan(10);
    expect(result.tree?.ok && result.tree.root.localName).toBe('definitions');
  });

  const broken: [string, string][] = [
    ['cut off', good.slice(0, Math.floor(good.length / 2))],
    ['a closing tag that does not match', good.replace('</bpmn:process>', '</bpmn:proces>')],
    ['an undeclared prefix', good.replace('<bpmn:task ', '<foo:task ')],
    ['another root', good.replace(/bpmn:definitions/g, 'bpmn:notes')],
    ['no diagram', good.replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '')],
    ['an attribute twice', good.replace('<bpmn:task ', '<bpmn:task name="a" name="b" ')],
    ['an attribute without quotes', good.replace('<bpmn:task ', '<bpmn:task name=a ')],
    ['an undefined entity', good.replace('<bpmn:task ', '<bpmn:task name="&nbsp;" ')],
    ['a control character', good.replace('<bpmn:task ', '<bpmn:task name="\u0001" ')],
    ['a < in an attribute', good.replace('<bpmn:task ', '<bpmn:task name="a<b" ')],
    ['a document type', good.replace('<bpmn:definitions', '<!DOCTYPE x [<!ENTITY e "x">]><bpmn:definitions')],
    ['text after the root', `${good}trailing`],
    ['nested too deep', good.replace('</bpmn:process>', `${'<bpmn:subProcess id="S">'.repeat(300)}${'</bpmn:subProcess>'.repeat(300)}</bpmn:process>`)],
    ['empty', '   '],
  ];
  it.each(broken)('leaves a file with %s to the strict check, whose message it gives', async (_name, text) => {
    expect(text).not.toBe(good);
    const strict = strictRecorder();
    const result = await checkBpmnTextInSlices(text, slices().options, strict.check);
    expect(strict.seen).toEqual([text]);
    expect(result).toEqual({ issue: strict.issue });
  });
});

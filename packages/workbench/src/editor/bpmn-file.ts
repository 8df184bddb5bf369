// Checks a file's text before the editor tries it, so bad input gets a specific, actionable message.
import { MAX_XML_DEPTH, findTooDeepInText, parseXmlTreeInSlices, type TreeSliceOptions, type XmlElement, type XmlParseResult } from '@leanflow/model';
import type { MessageKey } from '../i18n/messages-en.ts';

export const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
export const BPMN_DI_NS = 'http://www.omg.org/spec/BPMN/20100524/DI';

/** A refusal: a stable code, the catalogue message and its parameters. */
export interface FileIssue {
  readonly code: 'file.empty' | 'file.notXml' | 'file.notBpmn' | 'file.noDiagram' | 'file.tooDeep' | 'file.importFailed' | 'file.readFailed';
  readonly message: MessageKey;
  readonly params: Record<string, string>;
}

/** Checks that text is well-formed XML with a BPMN 2.0 `definitions` root and a diagram; undefined when fine. */
export function checkBpmnText(text: string): FileIssue | undefined {
  if (text.trim() === '') return { code: 'file.empty', message: 'error.empty', params: {} };
  // Before the browser's parser (Chromium's stops at 256 levels with "Excessive depth") and bpmn-js (recursive):
  // the same limit and words as @leanflow/model's bpmn.tooDeep in the CLI.
  const deep = findTooDeepInText(text);
  if (deep) {
    const element = `${deep.name}${deep.id !== undefined ? ` id="${deep.id}"` : ''}`;
    return { code: 'file.tooDeep', message: 'error.tooDeep', params: { depth: String(deep.depth), element, limit: String(MAX_XML_DEPTH) } };
  }
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) {
    // Chromium wraps the parser message in a <div>; keep only the first line (e.g. "error on line 3 at column 5: ...").
    const detail = (error.querySelector('div')?.textContent ?? error.textContent ?? '').trim().split('\n')[0] ?? '';
    return { code: 'file.notXml', message: 'error.notXml', params: { detail: detail.replace(/\s+/g, ' ').slice(0, 200) } };
  }
  const root = doc.documentElement;
  if (root.localName !== 'definitions' || root.namespaceURI !== BPMN_MODEL_NS) {
    return { code: 'file.notBpmn', message: 'error.notBpmn', params: { root: root.tagName } };
  }
  if (doc.getElementsByTagNameNS(BPMN_DI_NS, 'BPMNDiagram').length === 0) {
    return { code: 'file.noDiagram', message: 'error.noDiagram', params: {} };
  }
  return undefined;
}

/** Text length from which the studio checks a file in slices (a 20,000-element file is 3.9 MB). */
export const SLICED_CHECK_MIN_CHARS = 1_000_000;

/**
 * What a strict XML parser refuses and saxen reads without a word: a document type (entities), an entity reference
 * other than the five predefined ones and character references, a control character, `<` in an attribute value.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const LENIENTLY_READ = /<!DOCTYPE|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|="[^"]*<|='[^']*</;

/**
 * `checkBpmnText` for a large text without holding the main thread: saxen reads the text in slices (with `pause`
 * between them), and only when it finds something wrong, or something it reads more leniently than the browser,
 * does `checkBpmnText` run, so a broken file gets exactly the message it always got. `tree` is what was read, for
 * the editor's read of the same text (`prepareBpmnTextInSlices`'s `tree`), when the file is fine.
 *
 * @example
 * const { issue, tree } = await checkBpmnTextInSlices(text, { now: () => performance.now(), pause: nextTask });
 */
export async function checkBpmnTextInSlices(
  text: string,
  options: TreeSliceOptions,
  strictCheck: (text: string) => FileIssue | undefined = checkBpmnText,
): Promise<{ issue: FileIssue | undefined; tree?: XmlParseResult }> {
  const strict = () => ({ issue: strictCheck(text) });
  if (text.trim() === '' || findTooDeepInText(text) || LENIENTLY_READ.test(text)) return strict();
  let lenient = false;
  const tree = await parseXmlTreeInSlices(text, { ...options, onWarning: () => (lenient = true) });
  if (lenient || !tree.ok || tree.root.localName !== 'definitions' || tree.root.uri !== BPMN_MODEL_NS || !hasDiagram(tree.root)) return strict();
  return { issue: undefined, tree };
}

/** Whether there is a BPMNDiagram element anywhere (it is a child of definitions in every real file). */
function hasDiagram(root: XmlElement): boolean {
  const stack: XmlElement[] = [root];
  for (let element = stack.pop(); element; element = stack.pop()) {
    if (element.localName === 'BPMNDiagram' && element.uri === BPMN_DI_NS) return true;
    for (const child of element.children) if (typeof child !== 'string') stack.push(child);
  }
  return false;
}

/** The small valid process "New process" starts from: start event → task → end event (no errors to fix first). */
export function blankProcessXml(id: string, names: { process: string; start: string; task: string; end: string } = { process: 'New process', start: 'Request received', task: 'Handle request', end: 'Request handled' }): string {
  const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_${id}" targetNamespace="https://leanflow.dev/bpmn" exporter="Leanflow" exporterVersion="0.1.0">
  <bpmn:process id="Process_${id}" name="${esc(names.process)}" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1" name="${esc(names.start)}">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="Task_1" name="${esc(names.task)}">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="EndEvent_1" name="${esc(names.end)}">
      <bpmn:incoming>Flow_2</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="EndEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_${id}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="156" y="203" width="84" height="27" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_1_di" bpmnElement="Task_1">
        <dc:Bounds x="270" y="138" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndEvent_1_di" bpmnElement="EndEvent_1">
        <dc:Bounds x="422" y="160" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="398" y="203" width="84" height="27" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
        <di:waypoint x="216" y="178" /><di:waypoint x="270" y="178" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">
        <di:waypoint x="370" y="178" /><di:waypoint x="422" y="178" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

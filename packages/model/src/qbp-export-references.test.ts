// Every QBP export must be runnable by BIMP: no timetable, resource or element reference may point nowhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, exportQbp, findQbp, findQbpDanglingReferences, loadDocument, parseBpmn, parseXmlTree } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bpmnFiles(join(dir, entry.name)) : entry.name.endsWith('.bpmn') ? [join(dir, entry.name)] : [],
  );
}

async function exportAndCheck(xml: string) {
  const doc = await loadDocument(xml);
  const scenario = doc.scenarios.find((s) => s.id === doc.activeScenarioId) ?? doc.scenarios[0];
  if (!scenario || !doc.graph) return { skipped: true as const };
  const result = await exportQbp(xml, scenario);
  const tree = parseXmlTree(result.xml!);
  if (!tree.ok) throw new Error('export is not well-formed');
  const infos = findQbp(tree.root);
  const reread = await parseBpmn(result.xml!);
  return { skipped: false as const, infos, dangling: infos.flatMap((info) => findQbpDanglingReferences(info, reread.graph!)), issues: result.issues };
}

describe('findQbpDanglingReferences', () => {
  it('names the timetable a resource points at when it is missing (what BIMP rejects)', async () => {
    const xml =
      '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:qbp="http://www.qbp-simulator.com/Schema201212" id="D" targetNamespace="t">' +
      '<process id="P"><startEvent id="S"/><task id="T"/><sequenceFlow id="F" sourceRef="S" targetRef="T"/></process>' +
      '<qbp:processSimulationInfo id="q"><qbp:timetables><qbp:timetable id="A" default="true"/></qbp:timetables>' +
      '<qbp:resources><qbp:resource id="R" timetableId="LEANFLOW_24_7"/></qbp:resources>' +
      '<qbp:elements><qbp:element id="e" elementId="T"><qbp:resourceIds><qbp:resourceId>NOPE</qbp:resourceId></qbp:resourceIds></qbp:element><qbp:element id="x" elementId="Gone"/></qbp:elements>' +
      '<qbp:sequenceFlows><qbp:sequenceFlow elementId="F2" executionProbability="1"/></qbp:sequenceFlows></qbp:processSimulationInfo></definitions>';
    const parsed = await parseBpmn(xml);
    const messages = findQbpDanglingReferences(findQbp(parsed.xmlTree!)[0]!, parsed.graph!).map((i) => i.message);
    expect(messages).toEqual([
      "qbp:resource 'R', attribute timetableId: the timetable 'LEANFLOW_24_7' is not defined.",
      "qbp:element 'e', resourceId: the resource 'NOPE' is not defined.",
      "qbp:element 'x', attribute elementId: 'Gone' is not in the diagram.",
      "qbp:sequenceFlow, attribute elementId: 'F2' is not a sequence flow of the diagram.",
    ]);
  });
});

describe('QBP export of every fixture and sample has no dangling reference', () => {
  it('the sample: automated tasks point at a 24/7 timetable that is written', async () => {
    const result = await exportAndCheck(LEAD_TO_QUOTE_SAMPLE);
    if (result.skipped) throw new Error('the sample has a scenario');
    expect(result.dangling).toEqual([]);
    expect(result.issues.filter((i) => i.code === 'qbp.danglingReference')).toEqual([]);
    // The case BIMP rejected: the system resource of automated tasks and its 24/7 timetable are both written.
    const xml = JSON.stringify(result.infos);
    expect(xml).toContain('LEANFLOW_SYSTEM');
    expect(xml).toMatch(/"localName":"timetable"[^\]]*"value":"LEANFLOW_24_7"/);
  });

  const files = [...bpmnFiles(join(fixturesDir, 'miwg')), ...bpmnFiles(join(fixturesDir, 'bpsim')), join(fixturesDir, 'logs/loanapp-simplified.bpmn')];
  it.each(files.map((file) => [relative(fixturesDir, file), file]))('%s', async (_name, file) => {
    const result = await exportAndCheck(readFileSync(file, 'utf8'));
    if (result.skipped) return;
    expect(result.infos).toHaveLength(1);
    expect(result.dangling).toEqual([]);
  });
});

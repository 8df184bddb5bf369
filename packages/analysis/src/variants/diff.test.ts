// The diagram diff against real files: each MIWG reference model against what other tools wrote back after a
// round trip. A round trip should show only what the tool really changed; the expected lists below were derived by
// reading the files (the comments say what is in them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { describeElement, diffBpmn, readableSummary, type DiagramDiff } from '../index.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const miwg = join(fixtures, 'miwg');

/** Reads an XML file in the encoding its declaration names (some references are ISO-8859-1). */
function readXml(path: string): string {
  const bytes = readFileSync(path);
  const encoding = /encoding="([^"]+)"/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1] ?? 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
}

const VENDORS = {
  camunda: 'bpmn.io-camunda-modeler-18.6.1',
  signavio: 'sap-signavio-process-manager-19.9.0',
  trisotech: 'trisotech-workflow-modeler-12.6.3',
  yaoqiang: 'yaoqiang-bpmn-editor-4.0',
  bizagi: 'bizagi-modeler-2.8.0.8',
} as const;

async function roundTripDiff(reference: string, vendor: keyof typeof VENDORS): Promise<DiagramDiff> {
  const result = await diffBpmn(readXml(join(miwg, 'reference', `${reference}.bpmn`)), readXml(join(miwg, 'vendors', VENDORS[vendor], `${reference}-roundtrip.bpmn`)));
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.diff;
}

const brief = (d: DiagramDiff) => d.changes.map((c) => [c.kind, c.elementId, c.attributes.map((a) => [a.name, a.oldValue, a.newValue]), c.layout]);

// The A.1.0 elements: a start event, three tasks, an end event and four flows.
const A1 = {
  start: '_93c466ab-b271-4376-a427-f4c353d55ce8',
  task1: '_ec59e164-68b4-4f94-98de-ffb1c58a84af',
  task2: '_820c21c0-45f3-473b-813f-06381cc637cd',
  task3: '_e70a6fcb-913c-4a7b-a65d-e83adc73d69c',
  end: '_a47df184-085b-49f7-bb82-031c84625821',
  flows: ['_2aa47410-1b0e-4f8b-ad54-d6f798080cb4', '_8e8fe679-eb3b-4c43-a4d6-891e7087ff80', '_d77dd5ec-e4e7-420e-bbe7-8ac9cd1df599', '_e16564d7-0c4c-413e-95f6-f668a3f851fb'],
};

describe('diffBpmn on MIWG round trips', () => {
  it('finds nothing in the Camunda round trips that keep the model, and exactly the real losses in the others', async () => {
    const clean: string[] = [];
    for (const file of readdirSync(join(miwg, 'vendors', VENDORS.camunda))) {
      const match = /^(.+)-roundtrip\.bpmn$/.exec(file);
      if (!match || !existsSync(join(miwg, 'reference', `${match[1]}.bpmn`))) continue;
      const d = await roundTripDiff(match[1]!, 'camunda');
      if (d.changes.length === 0) clean.push(match[1]!);
    }
    // bpmn.io keeps every id, attribute and coordinate; the bpmn-js-differ raw output for e.g. A.2.1 still flags
    // two elements (re-serialised DI), which the normalisation drops.
    expect(clean).toEqual(['A.1.0', 'A.2.0', 'A.2.1', 'A.3.0', 'A.4.0', 'A.4.1', 'C.2.0', 'C.3.0', 'C.4.0', 'C.5.0', 'C.6.0', 'C.7.0', 'C.8.0', 'C.8.1', 'C.9.0', 'C.9.1', 'C.9.2']);

    // C.1.1: Camunda wrote "Rechnung klären" back double-encoded (UTF-8 bytes read as Latin-1): a real change of the name.
    const c11 = await roundTripDiff('C.1.1', 'camunda');
    expect(brief(c11)).toEqual([['changed', 'reviewInvoice', [['name', 'Rechnung klären', 'Rechnung klÃ¤ren']], []]]);

    // B.1.0: the reference draws a fifth process outside any pool (start, "Abstract Task 4", end, two flows);
    // Camunda keeps its elements but drops their shapes, so they are no longer shown.
    const b10 = await roundTripDiff('B.1.0', 'camunda');
    expect(b10.moved).toEqual(['_200f43e7-1385-46e2-a380-3ef16ebe7847', '_60ed96e6-5954-48de-861b-7d1e3c1fb23e', '_6c6288e8-43f6-4085-87c7-1ff21c38fe17', '_c57a5344-213f-4834-a6c3-94ce878b413c', '_ed405919-9fd6-47d0-bb00-9be7d5467efb']);
    expect(b10.changes.every((c) => c.kind === 'moved' && c.layout.join() === 'hidden')).toBe(true);
  });

  it('Trisotech A.1.0: only the process name it adds', async () => {
    // Trisotech also writes isClosed="false" (the default), isImmediate="false" on every flow (no default, no
    // meaning for a diagram), its own extension elements, and label bounds from its own fonts: all normalised away.
    const d = await roundTripDiff('A.1.0', 'trisotech');
    expect(brief(d)).toEqual([['changed', 'WFP-6-', [['name', null, 'A.1.0']], []]]);
    expect(d.ignored.length).toBeGreaterThan(0);
  });

  it('Trisotech C.9.0: the call activity loses its called element', async () => {
    // implementation="##WebService" on service/send tasks and "##unspecified" elsewhere are the spec defaults, and a
    // condition "= approved " lost its trailing blank: normalised. calledElement="ManualCheck" is really gone.
    const d = await roundTripDiff('C.9.0', 'trisotech');
    expect(brief(d)).toEqual([['changed', 'Activity_ManualCheck', [['calledElement', 'ManualCheck', null]], []]]);
  });

  it('Signavio A.1.0: the process name and the end event drawn at its standard size', async () => {
    // The end event was 32 x 32 at (648, 335); Signavio draws it 30 x 30 at (649, 336): same centre, new size.
    // isImmediate="true", processType="None" and isClosed="false" are normalised away.
    const d = await roundTripDiff('A.1.0', 'signavio');
    expect(brief(d)).toEqual([
      ['changed', 'WFP-6-', [['name', null, 'A.1.0']], []],
      ['moved', A1.end, [], ['size']],
    ]);
  });

  it('Yaoqiang A.1.0: tasks 2 px wider; waypoints shifted by 0.58 px are rounding', async () => {
    // Tasks 83 -> 85 px wide, the centre moves by 1 px (within the tolerance); a flow from x 342 to 342.577 is rounding.
    const d = await roundTripDiff('A.1.0', 'yaoqiang');
    expect(brief(d)).toEqual([
      ['moved', A1.task2, [], ['size']],
      ['moved', A1.task3, [], ['size']],
      ['moved', A1.task1, [], ['size']],
    ]);
  });

  it('Bizagi A.1.0: a pool is added around the process; the shift of the whole diagram is not a move', async () => {
    // Bizagi adds a collaboration with two participants: a 700 x 350 pool (Id_d6bf...) around the process, and an
    // undrawn one for an empty process of its own (Id_3ac7...). It redraws every shape inside the pool, all by the
    // same offset (task 1 from (258, 317) to (192, 70)): the diagram moved, not its elements.
    const d = await roundTripDiff('A.1.0', 'bizagi');
    expect(d.added).toEqual(['Id_3ac71596-6a5c-4573-a621-1b41c0041c06', 'Id_930af6d2-00bf-4b06-bca9-6a43e1ae6142', 'Id_d6bfdd4a-3047-4e58-ae6f-6730d65499cf']);
    expect(d.changes.filter((c) => c.kind === 'added').map((c) => c.type)).toEqual(['bpmn:Participant', 'bpmn:Collaboration', 'bpmn:Participant']);
    expect(d.offset).toEqual([-66, -247]);
    expect([d.removed, d.changed, d.moved]).toEqual([[], [], []]);
    expect(d.changes).toHaveLength(3);
  });

  it('diffs every round trip without failing, and each changed entry names what changed', async () => {
    let pairs = 0;
    for (const vendor of Object.keys(VENDORS) as (keyof typeof VENDORS)[]) {
      for (const file of readdirSync(join(miwg, 'vendors', VENDORS[vendor]))) {
        const match = /^(.+)-roundtrip\.bpmn$/.exec(file);
        if (!match || !existsSync(join(miwg, 'reference', `${match[1]}.bpmn`))) continue;
        const d = await roundTripDiff(match[1]!, vendor);
        pairs++;
        for (const c of d.changes) {
          if (c.kind === 'changed') expect(c.attributes.length, `${file} ${c.elementId}`).toBeGreaterThan(0);
          if (c.kind === 'moved') expect(c.layout.length, `${file} ${c.elementId}`).toBeGreaterThan(0);
        }
      }
    }
    // Every X-roundtrip.bpmn with a reference X.bpmn (Signavio's numbered C.4.0/C.5.0 round trips have none).
    expect(pairs).toBe(77);
  });
});

describe('diffBpmn', () => {
  it('reports a renamed task and a move beyond 1 px, not a 0.4 px shift', async () => {
    // (Two shapes out of 18 changing does not make an offset of the whole diagram.)
    const edited = LEAD_TO_QUOTE_SAMPLE.replace('name="Prepare quote"', 'name="Prepare the quote"')
      // Qualify lead: 0.4 px is rounding, not a move.
      .replace(/(bpmnElement="Task_Qualify">\s*<dc:Bounds x=")(\d+)/, (_, head: string, x: string) => `${head}${Number(x) + 0.4}`)
      // Manager approval moves 30 px to the right.
      .replace(/(bpmnElement="Task_Approve">\s*<dc:Bounds x=")(\d+)/, (_, head: string, x: string) => `${head}${Number(x) + 30}`);
    const result = await diffBpmn(LEAD_TO_QUOTE_SAMPLE, edited);
    if (!result.ok) throw new Error('unreadable');
    expect(brief(result.diff)).toEqual([
      ['changed', 'Task_PrepareQuote', [['name', 'Prepare quote', 'Prepare the quote']], []],
      ['moved', 'Task_Approve', [], ['position']],
    ]);
    expect(result.diff.changes[0]!.summary).toBe('name: "Prepare quote" → "Prepare the quote"');
    expect(result.diff.offset).toEqual([0, 0]);
  });

  it('reports a changed element type and a new condition, with the old and new values', async () => {
    const edited = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmn:userTask id="Task_Qualify"([\s\S]*?)<\/bpmn:userTask>/, '<bpmn:manualTask id="Task_Qualify"$1</bpmn:manualTask>').replace(
      '<bpmn:sequenceFlow id="Flow_Yes" name="Yes" sourceRef="Gateway_Qualified" targetRef="Task_PrepareQuote" />',
      '<bpmn:sequenceFlow id="Flow_Yes" name="Yes" sourceRef="Gateway_Qualified" targetRef="Task_PrepareQuote"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">score &gt; 50</bpmn:conditionExpression></bpmn:sequenceFlow>',
    );
    const result = await diffBpmn(LEAD_TO_QUOTE_SAMPLE, edited);
    if (!result.ok) throw new Error('unreadable');
    expect(brief(result.diff)).toEqual([
      ['changed', 'Flow_Yes', [['conditionExpression', null, { $type: 'bpmn:FormalExpression', body: 'score > 50' }]], []],
      ['changed', 'Task_Qualify', [['$type', 'bpmn:UserTask', 'bpmn:ManualTask']], []],
    ]);
  });

  it('names the elements a changed reference points to, for people; the summary keeps the ids', async () => {
    const edited = LEAD_TO_QUOTE_SAMPLE.replace('<bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Acknowledge" targetRef="Task_CheckHistory" />', '<bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Acknowledge" targetRef="Task_Qualify" />');
    const result = await diffBpmn(LEAD_TO_QUOTE_SAMPLE, edited);
    if (!result.ok) throw new Error('unreadable');
    const change = result.diff.changes.find((c) => c.elementId === 'Flow_2')!;
    expect(change.summary).toBe('targetRef: "Task_CheckHistory" → "Task_Qualify"');
    expect(change.attributes[0]).toMatchObject({ oldRef: { id: 'Task_CheckHistory', name: 'Check customer history' }, newRef: { id: 'Task_Qualify', name: 'Qualify lead' } });
    expect(readableSummary(change)).toBe("targetRef: User task 'Check customer history' → User task 'Qualify lead'");
    const zh = readableSummary(change, 'zh-CN');
    expect(zh).toBe(`targetRef: ${describeElement(change.attributes[0]!.oldRef!, 'zh-CN')} → ${describeElement(change.attributes[0]!.newRef!, 'zh-CN')}`);
    expect(zh).not.toContain('Task_');
  });

  it('lists every element of a removed subtree, not only its top', async () => {
    const empty = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Empty" targetNamespace="x"/>';
    const result = await diffBpmn(LEAD_TO_QUOTE_SAMPLE, empty);
    if (!result.ok) throw new Error('unreadable');
    // The sample's 1 collaboration, 1 participant, 3 lanes, 11 flow nodes and 10 sequence flows.
    expect(result.diff.removed).toHaveLength(26);
    expect(result.diff.removed).toContain('Task_CheckHistory');
    expect(result.diff.removed).toContain('Lane_Manager');
    expect(result.diff.added).toEqual([]);
  });

  it('explains an unreadable file instead of throwing', async () => {
    const result = await diffBpmn(LEAD_TO_QUOTE_SAMPLE, '<nope');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toMatch(/^The new file is not a readable BPMN file/);
  });
});

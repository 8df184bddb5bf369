// Drawing in slices: the queued adds run in the walker's order with real parents, in several slices with progress,
// and a failing element becomes a warning without its children (as bpmn-js's own walker does).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countDiagramElements, deferImport } from './chunked-import.ts';

/** A stand-in for bpmn-js's importer: records what it drew and under which parent. */
function fakeImporter(failOn?: string) {
  const drawn: { id: string; parent: string | undefined }[] = [];
  return {
    drawn,
    add(semantic: unknown, _di: unknown, parent?: unknown) {
      const id = (semantic as { id: string }).id;
      if (id === failOn) throw new Error(`cannot draw ${id}`);
      // A parent must be a real shape by now, never a stand-in.
      const parentId = parent === undefined ? undefined : (parent as { id?: string }).id;
      if (parent !== undefined && parentId === undefined) throw new Error(`${id} got a stand-in as parent`);
      drawn.push({ id, parent: parentId });
      return { id };
    },
  };
}

/** What bpmn-js's walker does: the root now, then children with the value returned for their parent. */
function walk(importer: { add(s: unknown, d: unknown, p?: unknown): unknown }, lanes: number, tasksPerLane: number) {
  const root = importer.add({ id: 'Process' }, { $type: 'bpmndi:BPMNPlane' });
  for (let l = 0; l < lanes; l++) {
    const lane = importer.add({ id: `Lane_${l}` }, { $type: 'bpmndi:BPMNShape' }, root);
    for (let t = 0; t < tasksPerLane; t++) importer.add({ id: `Task_${l}_${t}` }, { $type: 'bpmndi:BPMNShape' }, lane);
  }
}

describe('chunked import', () => {
  it('queues everything below the root and draws it later in the same order, in slices, with progress', async () => {
    const importer = fakeImporter();
    const chunked = deferImport(importer);
    walk(importer, 3, 2_000);
    expect(importer.drawn.map((d) => d.id)).toEqual(['Process']); // only the root so far
    expect(chunked.queued()).toBe(3 + 6_000);
    const progress: number[] = [];
    const warnings = await chunked.drawQueued((done) => progress.push(done), { sliceMs: 1 });
    expect(warnings).toEqual([]);
    expect(importer.drawn).toHaveLength(1 + 3 + 6_000);
    expect(importer.drawn[1]).toEqual({ id: 'Lane_0', parent: 'Process' });
    expect(importer.drawn[2]).toEqual({ id: 'Task_0_0', parent: 'Lane_0' });
    expect(importer.drawn.at(-1)).toEqual({ id: 'Task_2_1999', parent: 'Lane_2' });
    // Several slices, progress rising to the total.
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(6_003);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    // Afterwards the importer draws at once again (edits, paste).
    importer.add({ id: 'Later' }, { $type: 'bpmndi:BPMNShape' }, { id: 'Process' });
    expect(importer.drawn.at(-1)).toEqual({ id: 'Later', parent: 'Process' });
  });

  it('turns an element that fails into a warning and skips its children', async () => {
    const importer = fakeImporter('Lane_1');
    const chunked = deferImport(importer);
    walk(importer, 3, 10);
    const warnings = await chunked.drawQueued(() => {});
    expect(warnings).toEqual([{ message: 'cannot draw Lane_1', elementId: 'Lane_1' }]);
    expect(importer.drawn.filter((d) => d.parent === 'Lane_1')).toHaveLength(0);
    expect(importer.drawn).toHaveLength(1 + 2 + 20);
  });

  it('counts the diagram elements of a file without parsing it', () => {
    const xml = '<bpmndi:BPMNShape id="a"/><bpmndi:BPMNShape id="b"></bpmndi:BPMNShape><BPMNEdge id="c"/><!-- BPMNShape in a comment -->';
    expect(countDiagramElements(xml)).toBe(3);
  });
});

describe('bpmn-js as patched (patches/bpmn-js@*.patch)', () => {
  it('lists a process\'s flow elements into one array: copying it per element took ~0.2 s of the walk for 20,000 elements', () => {
    const importer = readFileSync(createRequire(import.meta.url).resolve('bpmn-js/lib/import/Importer.js'), 'utf8');
    const list = importer.slice(importer.indexOf('function selfAndAllFlowElements('));
    expect(list).toContain('selfAndAllFlowElements(element.flowElements, result);');
    expect(list).not.toContain('.concat(');
  });
});

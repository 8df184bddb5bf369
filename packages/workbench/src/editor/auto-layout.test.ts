import { LEAD_TO_QUOTE_SAMPLE, loadDocument, parseBpmn } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { lacksLayout, withLayout } from './auto-layout.ts';

/** The sample without its diagram: what a process-mining tool or a "model only" export writes. */
const WITHOUT_DI = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '');

describe('auto layout of files without diagram layout', () => {
  it('lays out a process without BPMNDI: a shape for every flow node, an edge for every flow, same process', async () => {
    expect(WITHOUT_DI).not.toContain('BPMNShape');
    expect(lacksLayout(WITHOUT_DI)).toBe(true);
    expect(lacksLayout(LEAD_TO_QUOTE_SAMPLE)).toBe(false);
    const { text, laidOut } = await withLayout(WITHOUT_DI);
    expect(laidOut).toBe(true);
    const before = await parseBpmn(WITHOUT_DI);
    const after = await parseBpmn(text);
    const nodes = before.graph!.nodes.map((n) => n.id).sort();
    expect(after.graph!.nodes.map((n) => n.id).sort()).toEqual(nodes);
    expect(after.graph!.flows.map((f) => `${f.sourceId}>${f.targetId}`).sort()).toEqual(before.graph!.flows.map((f) => `${f.sourceId}>${f.targetId}`).sort());
    const shapes = [...text.matchAll(/bpmnElement="([^"]+)"/g)].map((m) => m[1]!);
    for (const id of nodes) expect(shapes, id).toContain(id);
    for (const flow of before.graph!.flows) expect(shapes, flow.id).toContain(flow.id);
    // The simulation scenario (our extension) is still in the file, the same as before.
    const [scenarioBefore, scenarioAfter] = await Promise.all([loadDocument(WITHOUT_DI), loadDocument(text)]);
    expect(scenarioAfter.scenarioSource).toBe('leanflow');
    expect(scenarioAfter.scenarios).toEqual(scenarioBefore.scenarios);
  });

  it('leaves a file with a layout untouched', async () => {
    expect(await withLayout(LEAD_TO_QUOTE_SAMPLE)).toEqual({ text: LEAD_TO_QUOTE_SAMPLE, laidOut: false });
  });
});

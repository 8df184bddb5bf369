// The planner on real suggestion output: for every suggestion the built-in providers make on the sample, the plan
// from the original diagram reaches the transformed one (ids, types, names, flow ends, bounds, waypoints, labels).
import { applyEdits, suggestSimplifications } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, parseBpmn } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { planReconcile, simulatePlan, snapshotDiagram, type DiagramSnapshot } from './reconcile-plan.ts';

async function snapshot(xml: string): Promise<DiagramSnapshot> {
  const parsed = await parseBpmn(xml);
  return snapshotDiagram(parsed.definitions!);
}

interface PlainEdge {
  type: string;
  name: string | undefined;
  ends: (string | undefined)[];
  waypoints: readonly { x: number; y: number }[];
  label?: unknown;
}
const plain = (s: DiagramSnapshot) => ({
  shapes: Object.fromEntries([...s.shapes].map(([id, v]) => [id, { type: v.type, name: v.name, bounds: v.bounds, label: v.labelBounds }] as const)),
  edges: Object.fromEntries(
    [...s.edges].map(([id, v]): [string, PlainEdge] => [id, { type: v.type, name: v.name, ends: [v.sourceId, v.targetId], waypoints: v.waypoints, label: v.labelBounds }]),
  ),
});

describe('planReconcile', () => {
  it('reaches the transformed diagram for every suggestion on the sample', async () => {
    const result = await suggestSimplifications(LEAD_TO_QUOTE_SAMPLE, { predict: false });
    if (!result.ok) throw new Error('sample refused');
    const before = await snapshot(LEAD_TO_QUOTE_SAMPLE);
    const applicable = result.suggestions.filter((s) => s.xml !== undefined);
    expect(applicable.length).toBeGreaterThanOrEqual(5);
    for (const offered of applicable) {
      const after = await snapshot(offered.xml!);
      const plan = planReconcile(before, after);
      expect(plan.unsupported, offered.suggestion.id).toEqual([]);
      expect(plan.ops.length, offered.suggestion.id).toBeGreaterThan(0);
      // Labels only where the target has them: compare everything else exactly.
      const reached = plain(simulatePlan(before, plan));
      const wanted = plain(after);
      for (const e of Object.values(reached.edges)) if (!e.label) delete e.label;
      expect(reached.shapes, offered.suggestion.id).toEqual(wanted.shapes);
      expect(Object.keys(reached.edges).sort(), offered.suggestion.id).toEqual(Object.keys(wanted.edges).sort());
      for (const [id, e] of Object.entries(wanted.edges)) expect({ ...reached.edges[id], label: e.label }, `${offered.suggestion.id} ${id}`).toEqual(e);
    }
  });

  it('removes flows before nodes and creates before it removes', async () => {
    const applied = await applyEdits(LEAD_TO_QUOTE_SAMPLE, [{ type: 'removeElement', elementId: 'Task_CheckHistory' }]);
    const plan = planReconcile(await snapshot(LEAD_TO_QUOTE_SAMPLE), await snapshot(applied.xml!));
    const kinds = plan.ops.map((o) => `${o.op}:${o.id}`);
    const removeShape = kinds.indexOf('removeShape:Task_CheckHistory');
    expect(removeShape).toBeGreaterThan(-1);
    const removedFlows = plan.ops.filter((o) => o.op === 'removeConnection');
    expect(removedFlows).toHaveLength(1);
    expect(kinds.indexOf(`removeConnection:${removedFlows[0]!.id}`)).toBeLessThan(removeShape);
    const reconnect = plan.ops.find((o) => o.op === 'reconnect');
    expect(reconnect && kinds.indexOf(`reconnect:${reconnect.id}`)).toBeLessThan(removeShape);
    expect(plan.ops.filter((o) => o.op === 'createShape')).toEqual([]);
  });

  it('plans nothing for an unchanged model', async () => {
    const s = await snapshot(LEAD_TO_QUOTE_SAMPLE);
    expect(planReconcile(s, s).ops.filter((o) => o.op !== 'moveLabel')).toEqual([]);
  });
});

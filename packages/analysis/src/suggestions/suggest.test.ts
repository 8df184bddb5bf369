import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument, parseBpmn } from '@leanflow/model';
import { applyEdits, predictImpact, suggestSimplifications, type ModelEdit, type SuggestionProvider } from '@leanflow/analysis';
import { buildBpmn, overlapping } from './testing.ts';

const linear = () =>
  buildBpmn({
    nodes: [{ id: 'S', type: 'startEvent' }, { id: 'A', type: 'userTask', name: 'A' }, { id: 'B', type: 'userTask', name: 'B' }, { id: 'E', type: 'endEvent' }],
    flows: [['S', 'A'], ['A', 'B'], ['B', 'E']],
  });

describe('soundness gate and provider errors', () => {
  it('withholds a suggestion whose result leaves a task unreachable, and reports a provider that throws', async () => {
    const bad: SuggestionProvider = {
      id: 'bad',
      provide: () => [{ id: 'x:A', kind: 'parallelise', title: 'skip A', rationale: '', elements: ['A'], heuristic: 'parallelism', edits: [{ type: 'reconnectFlow', flowId: 'Flow_S_A', targetId: 'B' }] }],
    };
    const broken: SuggestionProvider = { id: 'broken', provide: () => { throw new Error('boom'); } };
    const result = await suggestSimplifications(await linear(), { providers: [bad, broken], predict: false });
    if (!result.ok) throw new Error('not ok');
    expect(result.suggestions).toEqual([]);
    expect(result.withheld.map((w) => w.issues.map((i) => i.code))).toEqual([['sound.unreachable']]);
    expect(result.providerErrors).toEqual([{ providerId: 'broken', message: 'boom' }]);
  });

  it('an edit that does not fit the model comes back as an issue, not an exception', async () => {
    const xml = await linear();
    const unknown = await applyEdits(xml, [{ type: 'removeElement', elementId: 'Nope' }]);
    expect(unknown.xml).toBeUndefined();
    expect(unknown.issues[0]).toMatchObject({ code: 'edit.element.missing', elementId: 'Nope' });
    const start = await applyEdits(xml, [{ type: 'removeElement', elementId: 'S' }]);
    expect(start.issues[0]!.code).toBe('edit.incoming.count');
    const scenario = await applyEdits(xml, [{ type: 'setScenarioParameter', path: 'tasks.A.automated', value: true }]);
    expect(scenario.issues[0]!.code).toBe('edit.scenario.missing');
  });

  it('scenario edits are validated; types change only within tasks or gateways', async () => {
    const xml = await buildBpmn({
      nodes: [{ id: 'S', type: 'startEvent' }, { id: 'A', type: 'userTask', name: 'A' }, { id: 'E', type: 'endEvent' }],
      flows: [['S', 'A'], ['A', 'E']],
      scenario: { id: 's', name: 'Test', pools: [{ id: 'staff', name: 'Staff', headcount: 2 }], tasks: { A: { poolId: 'staff' } } },
    });
    const ok = await applyEdits(xml, [{ type: 'setScenarioParameter', path: 'pools.staff.headcount', value: 4 }]);
    expect(ok.xml).toMatch(/"headcount": 4/);
    const bad = await applyEdits(xml, [{ type: 'setScenarioParameter', path: 'pools.staff.headcount', value: -1 }]);
    expect(bad.issues[0]!.code).toBe('edit.scenario.invalid');
    expect(bad.issues[0]!.message).toMatch(/Headcount cannot be negative/);
    // Nobody in the pool is a state the file can hold (a role nobody fills yet): the edit goes through and
    // validation reports the pool's tasks, instead of the input being refused.
    const unstaffed = await applyEdits(xml, [{ type: 'setScenarioParameter', path: 'pools.staff.headcount', value: 0 }]);
    expect(unstaffed.issues).toEqual([]);
    expect(unstaffed.xml).toMatch(/"headcount": 0/);
    const document = await loadDocument(unstaffed.xml!);
    expect(document.issues.filter((i) => i.code === 'pool.unstaffed')).toEqual([
      expect.objectContaining({ code: 'pool.unstaffed', elementId: 'A', message: "Pool 'Staff' has nobody (headcount 0): its task 'A' can never be served. Give it at least one person." }),
    ]);
    const wrongKind = await applyEdits(xml, [{ type: 'changeType', elementId: 'A', newType: 'bpmn:ExclusiveGateway' }]);
    expect(wrongKind.issues[0]!.code).toBe('edit.changeType.kind');
  });

  it('insertTask and moveElement keep the diagram: new shapes, shifted successors, fresh waypoints', async () => {
    const xml = await linear();
    const edits: ModelEdit[] = [
      { type: 'insertTask', flowId: 'Flow_A_B', elementId: 'T', name: 'New' },
      { type: 'moveElement', elementId: 'A', afterId: 'B' },
    ];
    const { xml: out, issues } = await applyEdits(xml, edits);
    expect(issues).toEqual([]);
    const parsed = await parseBpmn(out!);
    const order: string[] = [];
    for (let id: string | undefined = 'S'; id; id = parsed.graph!.flows.find((f) => f.sourceId === id)?.targetId) order.push(id);
    expect(order).toEqual(['S', 'T', 'B', 'A', 'E']);
    // Left to right in the drawing too.
    const x = (id: string) => Number(new RegExp(`bpmnElement="${id}"[^>]*>\\s*<dc:Bounds x="([-\\d.]+)"`).exec(out!)![1]);
    const xs = order.map(x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(out).toMatch(/bpmnElement="T_out"/);
  });
});

describe('the sample lead-to-quote process', () => {
  it('every offered transformation keeps shapes apart (no two flow nodes overlap)', async () => {
    const result = await suggestSimplifications(LEAD_TO_QUOTE_SAMPLE, { predict: false, cases: 200, replications: 2 });
    if (!result.ok) throw new Error('not ok');
    const applied = result.suggestions.filter((s) => s.xml !== undefined);
    expect(applied.length).toBeGreaterThanOrEqual(6);
    for (const s of applied) expect({ id: s.suggestion.id, overlaps: await overlapping(s.xml!) }).toEqual({ id: s.suggestion.id, overlaps: [] });
  });

  it('ranks the early substantive response first; applying the top two cuts first response and raises the score (CRN, paired CI)', async () => {
    const result = await suggestSimplifications(LEAD_TO_QUOTE_SAMPLE, { cases: 400, replications: 8, seed: 11 });
    if (!result.ok) throw new Error('not ok');
    const ids = result.suggestions.map((s) => s.suggestion.id);
    expect(ids.slice(0, 2)).toEqual(['earlyResponse:Task_Acknowledge', 'removeNonValueAdding:Task_CheckHistory']);
    // Ranked by benefit, best first.
    const benefits = result.suggestions.filter((s) => s.impact).map((s) => s.impact!.benefit);
    expect([...benefits].sort((a, b) => b - a)).toEqual(benefits);

    const edits = result.suggestions.slice(0, 2).flatMap((s) => s.suggestion.edits);
    const predicted = await predictImpact(LEAD_TO_QUOTE_SAMPLE, edits, { cases: 400, replications: 8, seed: 11 });
    if (!predicted.ok) throw new Error(predicted.issues.map((i) => i.message).join('; '));
    const { kpis, score } = predicted.impact;
    const fr = kpis['firstResponseTime']!;
    expect(fr.difference.ci95![1]).toBeLessThan(0); // the whole 95% interval is an improvement
    expect(fr.after.mean!).toBeLessThan(fr.before.mean! * 0.7);
    expect(fr.difference.mean!).toBeCloseTo(fr.after.mean! - fr.before.mean!, 6);
    expect(kpis['cycleTime']!.difference.ci95![1]).toBeLessThan(0);
    expect(score.after!).toBeGreaterThan(score.before! + 2);
    // Scored replication by replication, the paired difference of the score excludes 0 as well.
    expect(score.perReplication.difference.pairs).toBe(8);
    expect(score.perReplication.difference.ci95![0]).toBeGreaterThan(0);
    expect(score.perReplication.difference.mean!).toBeCloseTo(score.difference!, -1); // within ±5 points of the whole-run difference
  }, 60_000);

  it('identical models give a zero paired difference (common random numbers)', async () => {
    const predicted = await predictImpact(LEAD_TO_QUOTE_SAMPLE, [{ type: 'renameElement', elementId: 'Task_Qualify', name: 'Qualify the lead' }], { cases: 200, replications: 4 });
    if (!predicted.ok) throw new Error('not ok');
    expect(predicted.impact.kpis['cycleTime']!.difference).toMatchObject({ mean: 0, significant: false });
  });
});

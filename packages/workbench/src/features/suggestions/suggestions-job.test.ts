// The worker's job and the view model on the sample: listed at once, then one prediction per applicable suggestion
// equal to analysis predictImpact (same seed), ranked best first, with the headline rows the view shows.
import { predictImpact } from '@leanflow/analysis';
import { toAnalysisSuggestion } from '@leanflow/plugin-api';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPluginSuggestions, createPluginTestHost } from '@leanflow/plugin-host';
import { SIMPLIFICATIONS_PLUGIN_ID } from '../extensions/builtin-ids.ts';
import type { PrepareResponse, SuggestResponse } from './protocol.ts';
import { runPrepareJob, runSuggestJob } from './suggestions-job.ts';
import { kpiRows, rankEntries, type RankedEntry } from './view-model.ts';

const t = (key: string, params?: Record<string, string | number>) => (params ? `${key} ${JSON.stringify(params)}` : key);

describe('runSuggestJob', () => {
  it('lists, predicts each suggestion like analysis, and the view ranks and describes them', async () => {
    const messages: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 7, xml: LEAD_TO_QUOTE_SAMPLE, cases: 300, replications: 3 }, (m) => messages.push(m), () => false);
    const listed = messages[0]!;
    if (listed.type !== 'listed' || !listed.ok) throw new Error('not listed');
    expect(messages.every((m) => m.requestId === 7)).toBe(true);
    expect(messages.at(-1)!.type).toBe('done');
    const applicable = listed.entries.filter((e) => e.xml !== undefined);
    const predicted = messages.filter((m) => m.type === 'predicted');
    expect(predicted.map((m) => m.id)).toEqual(applicable.map((e) => e.suggestion.id));
    // The preview's change sets: the early response adds a task and a flow, removing a task removes it and a flow.
    const early = listed.entries.find((e) => e.suggestion.kind === 'earlyResponse')!;
    expect(early.changes!.added.length).toBe(2);
    const removal = listed.entries.find((e) => e.suggestion.kind === 'removeNonValueAdding')!;
    expect(removal.changes!.removed).toContain('Task_CheckHistory');

    const entries: RankedEntry[] = listed.entries.map((e) => {
      const p = predicted.find((m) => m.id === e.suggestion.id);
      return p?.type === 'predicted' && p.impact ? { ...e, impact: p.impact } : e;
    });
    const reference = await predictImpact(LEAD_TO_QUOTE_SAMPLE, early.suggestion, { cases: 300, replications: 3 });
    if (!reference.ok) throw new Error('no reference');
    const earlyRanked = entries.find((e) => e.suggestion.id === early.suggestion.id)!;
    expect(earlyRanked.impact!.benefit).toBeCloseTo(reference.impact.benefit, 9);

    const ranked = rankEntries(entries);
    for (let i = 1; i < ranked.length; i++) if (ranked[i]!.impact) expect(ranked[i - 1]!.impact!.benefit).toBeGreaterThanOrEqual(ranked[i]!.impact!.benefit);
    expect(ranked[0]!.suggestion.kind).toBe('earlyResponse');
    const rows = kpiRows(earlyRanked.impact!, t, 'en');
    const fr = rows.find((r) => r.key === 'firstResponseTime')!;
    expect(fr).toMatchObject({ direction: 'better', trend: 'down' });
    expect(fr.after).toBeLessThan(fr.before! / 5);
    expect(fr.deltaText.startsWith('−')).toBe(true);
    const score = rows.find((r) => r.key === 'score')!;
    expect(score).toMatchObject({ direction: 'better', trend: 'up' });
    expect(score.deltaText.startsWith('+')).toBe(true);
    // Predicted costs in the scenario's currency, like every other view ("€63.99", not "63.99").
    expect(listed.scenario?.currency).toBe('EUR');
    const cost = kpiRows(earlyRanked.impact!, t, 'en', listed.scenario!.currency).find((r) => r.key === 'costPerCase')!;
    expect(cost.beforeText).toMatch(/^€\d+\.\d\d$/);
    expect(Number(cost.beforeText.slice(1))).toBeCloseTo(cost.before!, 2);
  }, 60_000);

  it('only lists when predictions are not wanted (the view is closed)', async () => {
    const messages: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 4, xml: LEAD_TO_QUOTE_SAMPLE, cases: 100, replications: 2, predict: false }, (m) => messages.push(m), () => false);
    expect(messages.map((m) => m.type)).toEqual(['listed', 'done']);
  });

  it('stops predicting when a newer request arrives', async () => {
    const messages: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 1, xml: LEAD_TO_QUOTE_SAMPLE, cases: 100, replications: 2 }, (m) => messages.push(m), () => true);
    expect(messages.map((m) => m.type)).toEqual(['listed']);
  });

  it('refuses a file without a process with a message', async () => {
    const messages: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 2, xml: '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>', cases: 100, replications: 2 }, (m) => messages.push(m), () => false);
    expect(messages[0]).toMatchObject({ type: 'listed', ok: false });
  });

  it("gates and predicts plugins' suggestions like the built-in ones", async () => {
    const messages: SuggestResponse[] = [];
    const external = [
      { providerTitle: 'Lead scoring', suggestion: toAnalysisSuggestion('acme.fast', { id: 'rule', title: 'Score leads automatically', elementIds: ['Task_Qualify'], edits: [{ kind: 'changeTaskType', elementId: 'Task_Qualify', taskType: 'businessRuleTask' }] })! },
      { providerTitle: 'Lead scoring', suggestion: toAnalysisSuggestion('acme.fast', { id: 'broken', title: 'Remove a gateway', elementIds: ['Gateway_Qualified'], edits: [{ kind: 'removeElement', elementId: 'Gateway_Qualified' }] })! },
    ];
    // BPMN attributes cannot be previewed: such a suggestion is not taken over.
    expect(toAnalysisSuggestion('acme.fast', { id: 'attr', title: 'x', elementIds: ['T'], edits: [{ kind: 'setProperty', elementId: 'T', property: 'isForCompensation', value: true }] })).toBeUndefined();
    await runSuggestJob({ type: 'suggest', requestId: 3, xml: LEAD_TO_QUOTE_SAMPLE, cases: 100, replications: 2, external }, (m) => messages.push(m), () => false);
    const listed = messages[0]!;
    if (listed.type !== 'listed' || !listed.ok) throw new Error('not listed');
    const rule = listed.entries.find((e) => e.suggestion.id === 'acme.fast/rule')!;
    expect(rule.source).toBe('Lead scoring');
    expect(rule.changes!.changed).toEqual(['Task_Qualify']);
    // A gateway with two outgoing flows cannot be removed: the gate withholds it.
    expect(listed.entries.some((e) => e.suggestion.id === 'acme.fast/broken')).toBe(false);
    expect(listed.withheld).toBeGreaterThanOrEqual(1);
    expect(messages.some((m) => m.type === 'predicted' && m.id === 'acme.fast/rule' && m.impact !== undefined)).toBe(true);
  }, 60_000);

  it('lists and predicts the same with the built-in suggestions from the simplifications plugin as with the providers run here', async () => {
    const settings = { xml: LEAD_TO_QUOTE_SAMPLE, cases: 300, replications: 3 };
    const direct: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 1, ...settings }, (m) => direct.push(m), () => false);

    const prepared: PrepareResponse[] = [];
    const run = await runPrepareJob({ type: 'prepare', requestId: 2, ...settings }, (m) => prepared.push(m));
    const answer = prepared[0]!;
    if (!answer.ok) throw new Error('not prepared');
    expect(answer.input.graph.dataAssociations).toEqual([]);
    expect(answer.input.simulation?.replications).toBe(3);
    const test = await createPluginTestHost();
    let builtIn: ReturnType<typeof collectPluginSuggestions>['builtIn'];
    try {
      await test.install(join(fileURLToPath(new URL('../../../../..', import.meta.url)), 'plugins', 'simplifications'));
      builtIn = collectPluginSuggestions(await test.host.provideSuggestions(answer.input), { builtInPluginId: SIMPLIFICATIONS_PLUGIN_ID }).builtIn;
    } finally {
      await test.dispose();
    }
    expect(builtIn?.length).toBeGreaterThanOrEqual(5);
    const viaPlugin: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 1, ...settings, builtIn: builtIn! }, (m) => viaPlugin.push(m), () => false, undefined, run);
    const withoutTime = (messages: SuggestResponse[]) => messages.map((m) => (m.type === 'done' ? { ...m, milliseconds: 0 } : m));
    expect(withoutTime(viaPlugin)).toEqual(withoutTime(direct));
    expect(viaPlugin.filter((m) => m.type === 'predicted').length).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('lists nothing built in when the built-in plugin is disabled (an empty list from the host)', async () => {
    const messages: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 5, xml: LEAD_TO_QUOTE_SAMPLE, cases: 100, replications: 2, predict: false, builtIn: [] }, (m) => messages.push(m), () => false);
    expect(messages[0]).toMatchObject({ type: 'listed', ok: true, entries: [] });
  });
});

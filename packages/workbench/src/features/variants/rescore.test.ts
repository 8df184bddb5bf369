// Compare's scorecards come from the Scorecard view's scorer: each variant's run scored with the scorer's rules (here
// the built-in rules plus one "plugin" rule, as the studio's plugin host adds the example plugins' rules), and the
// score difference follows. A scorer that cannot score leaves the worker's cards (never a mix of two rule sets).
import { BUILT_IN_RULES, compareVariants, computeScorecard, defineRule, findBuiltInProfile, toSimulationSummary, type ScoringRule } from '@leanflow/analysis';

/** Takes any configuration (the rule has none). */
const ANY_CONFIG = BUILT_IN_RULES.find((r) => r.id === 'missing-labels')!.configSchema;
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import type { SimulationResult } from '@leanflow/sim';
import { describe, expect, it } from 'vitest';
import type { RunScorer } from '../scorecard/scorecard-controller.ts';
import { withScorecards } from './rescore.ts';

/** A rule of "another plugin": 100 minus 10 per user task (so deleting a task changes it). */
const userTasks = defineRule({
  id: 'test.userTasks', title: 'Few user tasks', category: 'simplicity', kind: 'static', defaultWeight: 3, configSchema: ANY_CONFIG, docsUrl: '', rationale: '',
  evaluate: ({ graph }) => ({ score: Math.max(0, 100 - 10 * graph.nodes.filter((n) => n.kind === 'userTask').length), findings: [] }),
}) as ScoringRule;

const scorer: RunScorer = {
  async scoreRun(xml: string, result: SimulationResult | undefined) {
    const document = await loadDocument(xml);
    const scenario = document.scenarios.find((s) => s.id === document.activeScenarioId);
    return computeScorecard([...BUILT_IN_RULES, userTasks], { graph: document.graph!, ...(scenario ? { scenario } : {}), ...(result ? { simulation: toSimulationSummary(result) } : {}) }, findBuiltInProfile('balanced')!);
  },
};

const withoutCheckHistory = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmn:userTask id="Task_CheckHistory"[\s\S]*?<\/bpmn:userTask>/, '')
  .replace(/<bpmn:flowNodeRef>Task_CheckHistory<\/bpmn:flowNodeRef>/, '')
  .replace(/<bpmn:sequenceFlow id="Flow_3"[^>]*\/>/, '')
  .replace('targetRef="Task_CheckHistory"', 'targetRef="Task_Qualify"')
  .replace('<bpmn:incoming>Flow_3</bpmn:incoming>', '<bpmn:incoming>Flow_2</bpmn:incoming>')
  .replace(/<bpmndi:BPMNShape id="Task_CheckHistory_di"[\s\S]*?<\/bpmndi:BPMNShape>/, '')
  .replace(/<bpmndi:BPMNEdge id="Flow_3_di"[\s\S]*?<\/bpmndi:BPMNEdge>/, '');

describe('withScorecards', () => {
  it("replaces each variant's card with the scorer's for its own run, and the score difference", async () => {
    const xmls = [LEAD_TO_QUOTE_SAMPLE, withoutCheckHistory];
    const comparison = await compareVariants([{ name: 'As-is', xml: xmls[0]! }, { name: 'To-be', xml: xmls[1]! }], { cases: 200, replications: 3, seed: 5 });
    if (!comparison.ok) throw new Error('no comparison');
    const shown = await withScorecards(comparison, xmls, scorer);
    for (const [i, variant] of shown.variants.entries()) {
      const expected = await scorer.scoreRun(xmls[i]!, comparison.variants[i]!.simulation);
      expect(variant.scorecard.score).toBe(expected!.score);
      expect(variant.scorecard.rules.some((r) => r.ruleId === 'test.userTasks')).toBe(true);
    }
    // The extra rule makes the cards differ from the worker's (else this test could not fail).
    expect(shown.variants[0]!.scorecard.score).not.toBe(comparison.variants[0]!.scorecard.score);
    expect(shown.differences[0]!.scoreDifference).toBeCloseTo(shown.variants[1]!.scorecard.score! - shown.variants[0]!.scorecard.score!, 12);
    // KPIs are untouched.
    expect(shown.differences[0]!.kpis).toBe(comparison.differences[0]!.kpis);
  });

  it('keeps the worker cards when the scorer cannot score one variant', async () => {
    const comparison = await compareVariants([{ name: 'A', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'B', xml: withoutCheckHistory }], { cases: 100, replications: 2, seed: 1 });
    if (!comparison.ok) throw new Error('no comparison');
    let calls = 0;
    const flaky: RunScorer = { scoreRun: async (xml, run) => (++calls === 2 ? undefined : scorer.scoreRun(xml, run)) };
    expect(await withScorecards(comparison, [LEAD_TO_QUOTE_SAMPLE, withoutCheckHistory], flaky)).toBe(comparison);
  });
});

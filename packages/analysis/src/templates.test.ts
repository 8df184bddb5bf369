// Every gallery template (as-is and to-be, English and Chinese) loads cleanly, simulates and scores without errors,
// and shows the sales-service study's pattern: a first real answer after about a day in the as-is (2 h expected),
// more steps than the to-be, nobody busy 60% of the time; the to-be answers sooner with fewer tasks.
import { PROCESS_TEMPLATES, loadDocument, templateTaskCount, templateXml, validateGraph } from '@leanflow/model';
import { simulate } from '@leanflow/sim';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULES, computeScorecard, toSimulationSummary } from './index.ts';

const RUN = { cases: 300, replications: 2 };

async function run(xml: string) {
  const doc = await loadDocument(xml);
  expect(doc.issues).toEqual([]);
  expect(validateGraph(doc.graph!)).toEqual([]);
  const scenario = doc.scenarios.find((s) => s.id === doc.activeScenarioId)!;
  const outcome = await simulate(doc.graph!, scenario, RUN);
  if (!outcome.ok) throw new Error(outcome.issues.map((i) => i.message).join('; '));
  expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const card = await computeScorecard(BUILT_IN_RULES, { graph: doc.graph!, scenario, simulation: toSimulationSummary(outcome), ...(doc.definitions ? { definitions: doc.definitions } : {}) });
  expect(card.rules.filter((r) => r.status === 'error').map((r) => `${r.ruleId}: ${r.reason}`)).toEqual([]);
  expect(card.score).not.toBeNull();
  return { doc, outcome, card };
}

describe('process templates', () => {
  it('offers the six sales-service processes of the brief', () => {
    expect(PROCESS_TEMPLATES.map((t) => t.id)).toEqual(['lead-to-quote', 'complaint-handling', 'returns-rma', 'quote-to-order', 'after-sales-service', 'customer-onboarding']);
    for (const t of PROCESS_TEMPLATES) {
      expect(t.name.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(t.description.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(templateTaskCount(t.asIs)).toBeGreaterThan(templateTaskCount(t.toBe));
    }
  });

  it.each(PROCESS_TEMPLATES.map((t) => [t.id, t] as const))('%s: as-is and to-be simulate and score; the to-be answers sooner', async (_id, template) => {
    const asIs = await run(templateXml(template, 'asIs', 'en'));
    const toBe = await run(templateXml(template, 'toBe', 'en'));
    const firstResponse = (o: typeof asIs.outcome) => (o.ok ? o.kpis.firstResponseTime.mean : null);
    const asIsHours = firstResponse(asIs.outcome)! / 3600;
    const toBeHours = firstResponse(toBe.outcome)! / 3600;
    expect(asIsHours).toBeGreaterThan(12); // "about a day" where customers expect 2 h
    expect(asIsHours).toBeLessThan(48);
    expect(toBeHours).toBeLessThan(asIsHours / 2);
    for (const pool of asIs.outcome.ok ? asIs.outcome.pools : []) expect(pool.utilisation).toBeLessThan(0.6);
    expect(asIs.doc.scenarios[0]!.targets.firstResponseSla).toEqual({ value: 2, unit: 'h' });
    console.log(`${template.id}: first response ${asIsHours.toFixed(1)} h -> ${toBeHours.toFixed(1)} h; score ${asIs.card.score!.toFixed(0)} -> ${toBe.card.score!.toFixed(0)}`);
  });

  it.each(PROCESS_TEMPLATES.map((t) => [t.id, t] as const))('%s: the Chinese files carry Chinese names and simulate', async (_id, template) => {
    for (const which of ['asIs', 'toBe'] as const) {
      const { doc } = await run(templateXml(template, which, 'zh'));
      expect(doc.graph!.lanes.every((l) => /[\u4e00-\u9fff]/.test(l.name ?? ''))).toBe(true);
      expect(doc.scenarios[0]!.name).toBe(which === 'asIs' ? '现状' : '目标');
    }
  });
});

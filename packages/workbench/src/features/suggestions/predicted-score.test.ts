// One run, one set of figures: without run settings the suggestions worker predicts with the scenario's own cases,
// replications and seed, so a prediction's "before" is exactly the run the Simulation view shows (its worker job),
// and the score row comes from the Scorecard's scorer for those runs.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import type { RunScorer } from '../scorecard/scorecard-controller.ts';
import { runSimulationJob } from '../simulation/simulation-job.ts';
import { withScorecardScore } from './predicted-score.ts';
import { predictionSettings } from './suggestions-controller.ts';
import type { SuggestResponse } from './protocol.ts';
import { runSuggestJob } from './suggestions-job.ts';

describe('predictions and the Simulation view', () => {
  it("predict from the Simulation view's run, and show the scorer's score for both runs", async () => {
    const messages: SuggestResponse[] = [];
    await runSuggestJob({ type: 'suggest', requestId: 1, xml: LEAD_TO_QUOTE_SAMPLE }, (m) => messages.push(m), () => false);
    const listed = messages.find((m) => m.type === 'listed');
    const predicted = messages.find((m): m is Extract<SuggestResponse, { type: 'predicted' }> => m.type === 'predicted' && m.impact !== undefined)!;
    expect(predicted.runs).toBeDefined();
    const view = await runSimulationJob({ type: 'run', runId: 1, xml: LEAD_TO_QUOTE_SAMPLE });
    if (!view.ok) throw new Error('the sample should simulate');
    const { impact, runs } = predicted as Required<typeof predicted>;
    expect(impact.settings).toMatchObject({ cases: view.result.cases, replications: view.result.replications, seed: view.result.seed });
    expect(impact.kpis['cycleTime']!.before.mean).toBe(view.result.kpis.cycleTime.mean);
    expect(impact.kpis['costPerCase']!.before.mean).toBe(view.result.kpis.costPerCase.mean);
    expect(runs.before.kpis.cycleTime.mean).toBe(view.result.kpis.cycleTime.mean);

    // The score row: the scorer's scores; the ranking figure moves with the score difference.
    const entry = listed?.type === 'listed' && listed.ok ? listed.entries.find((e) => e.suggestion.id === predicted.id) : undefined;
    const scores = new Map([[LEAD_TO_QUOTE_SAMPLE, 70], [entry!.xml!, 75.5]]);
    const scorer: RunScorer = { scoreRun: async (xml) => ({ score: scores.get(xml) ?? null }) as never };
    const shown = await withScorecardScore(impact, runs, { before: LEAD_TO_QUOTE_SAMPLE, after: entry!.xml! }, scorer);
    expect(shown.score).toMatchObject({ before: 70, after: 75.5, difference: 5.5 });
    expect(shown.benefit).toBeCloseTo(impact.benefit - impact.score.difference! + 5.5, 12);
    expect(shown.kpis).toBe(impact.kpis);
  }, 60_000);

  it("predicts with the Simulation view's settings when the user set them, else the scenario's", () => {
    const reader = (values: Record<string, number>) => ({ get: <T,>(id: string) => (values[id] ?? 0) as T, schema: (id: string) => (id in values ? {} : undefined) });
    expect(predictionSettings(reader({}))).toEqual({});
    expect(predictionSettings(reader({ 'simulation.cases': 0, 'simulation.replications': 0 }))).toEqual({});
    expect(predictionSettings(reader({ 'simulation.cases': 200, 'simulation.replications': 4 }))).toEqual({ cases: 200, replications: 4 });
  });
});

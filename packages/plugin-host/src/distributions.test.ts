// Rules' figures for their own targets and quantiles (API 1.2 `shareWithin` / `quantileOf`) are counted from the
// run's streamed values the way the run counts its own: the share within the scenario's target is
// `firstResponseWithinTarget`, the p90 is `cycleTimeP90`, and a rule's own target gives what a run with that
// target reports.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LEAD_TO_QUOTE_SAMPLE, type Scenario } from '@leanflow/model';
import { quantileOf, shareWithin, type ActiveModel, type SimulationSummary } from '@leanflow/plugin-api';
import { describe, expect, it } from 'vitest';
import { modelFromBpmn, runPluginOnFile, simulateModel, toPluginSimulationSummary } from '@leanflow/plugin-host';
import { simulateSync } from '@leanflow/sim';

const withTargets = (model: ActiveModel, seconds: number, caseTypes?: Scenario['caseTypes']): ActiveModel => {
  const scenario = model.scenario as Scenario;
  return { ...model, scenario: { ...scenario, targets: { ...scenario.targets, firstResponseSla: { value: seconds, unit: 's' } }, ...(caseTypes ? { caseTypes } : {}) } };
};

async function leadToQuote(): Promise<ActiveModel> {
  const { model } = await modelFromBpmn(LEAD_TO_QUOTE_SAMPLE, 'lead-to-quote.bpmn');
  if (!model?.scenario) throw new Error('the sample has no scenario');
  return model;
}

describe('figures for any target and quantile', () => {
  it('the share within the scenario target is firstResponseWithinTarget and the p90 is cycleTimeP90, to the last digit', async () => {
    const summary = await simulateModel(await leadToQuote(), { cases: 800, replications: 3, seed: 11 });
    const target = summary.targets?.firstResponseSeconds;
    expect(target).toBe(7200);
    expect(summary.firstResponseWithinTarget).toBeGreaterThan(0);
    expect(summary.firstResponseWithinTarget).toBeLessThan(1);
    expect(shareWithin(summary, 'firstResponseTime', target!)).toBe(summary.firstResponseWithinTarget);
    expect(quantileOf(summary, 'cycleTime', 0.9)).toBeCloseTo(summary.cycleTimeP90!, 6);
    // One replication's values are that replication's cases (800), every case counted once.
    expect(summary.distributions?.cycleTime.map((r) => r.values.length)).toEqual([800, 800, 800]);
    // The median lies between the shares: half the cases within it.
    const median = quantileOf(summary, 'firstResponseTime', 0.5)!;
    expect(shareWithin(summary, 'firstResponseTime', median)).toBeGreaterThan(0.45);
  });

  it("a rule's own target gives what a run with that target reports (same seed), not the histogram's 3 h bins", async () => {
    const model = await leadToQuote();
    const options = { cases: 600, replications: 2, seed: 5 };
    const asIs = await simulateModel(model, options);
    for (const seconds of [1800, 3600, 4 * 3600]) {
      const other = await simulateModel(withTargets(model, seconds), options);
      expect(other.firstResponseWithinTarget).not.toBe(asIs.firstResponseWithinTarget);
      expect(shareWithin(asIs, 'firstResponseTime', seconds)).toBe(other.firstResponseWithinTarget);
    }
  });

  it('runs too long to keep every value (bucketed sketches) stay within the sketch accuracy and keep the p90', async () => {
    const summary = await simulateModel(await leadToQuote(), { cases: 12_000, replications: 1, seed: 3 });
    const values = summary.distributions!.cycleTime[0]!;
    expect(values.counts).toBeDefined();
    expect(values.values.length).toBeLessThan(12_000);
    expect(values.counts!.reduce((a, b) => a + b, 0)).toBe(12_000);
    expect(quantileOf(summary, 'cycleTime', 0.9)).toBeCloseTo(summary.cycleTimeP90!, 6);
    // Only values within 0.1% of the target can fall on the other side.
    const exact = summary.firstResponseWithinTarget!;
    const share = shareWithin(summary, 'firstResponseTime', 7200)!;
    expect(Math.abs(share - exact)).toBeLessThanOrEqual(Math.abs(shareWithin(summary, 'firstResponseTime', 7200 * 1.001)! - shareWithin(summary, 'firstResponseTime', 7200 * 0.999)!));
  });

  it("a task's waits: the mean of its values is the run's mean waiting time; shares are of its executions", async () => {
    const summary = await simulateModel(await leadToQuote(), { cases: 3000, replications: 2, seed: 2 });
    const waited = summary.tasks!.filter((t) => t.waitingTime > 0);
    expect(waited.length).toBeGreaterThan(0);
    for (const task of summary.tasks!) {
      const replications = summary.distributions!.taskWaitingTime[task.id]!;
      const count = replications.reduce((a, r) => a + r.of, 0);
      expect(count / 2).toBeCloseTo(task.count, 6);
      const sum = replications.reduce((a, r) => a + r.values.reduce((s, v, i) => s + v * (r.counts?.[i] ?? 1), 0), 0);
      expect(sum / count).toBeCloseTo(task.waitingTime, 3);
      expect(shareWithin(summary, 'taskWaitingTime', Number.MAX_VALUE, { taskId: task.id })).toBe(1);
    }
    const busiest = waited.sort((a, b) => b.waitingTime - a.waitingTime)[0]!;
    const share = shareWithin(summary, 'taskWaitingTime', busiest.waitingTime, { taskId: busiest.id })!;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
  });

  it("per case type, the share within the type's own target is the segment's firstResponseWithinTarget", async () => {
    const model = withTargets(await leadToQuote(), 7200, [
      { id: 'vip', name: 'VIP', share: 0.3, priority: 1, targets: { firstResponseSla: { value: 1, unit: 'h' } } },
      { id: 'standard', name: 'Standard', share: 0.7, priority: 0 },
    ]);
    const summary = await simulateModel(model, { cases: 1000, replications: 2, seed: 9 });
    const vip = summary.segments!.find((s) => s.id === 'vip')!;
    expect(vip.targets.firstResponseSeconds).toBe(3600);
    expect(shareWithin(summary, 'firstResponseTime', 3600, { segmentId: 'vip' })).toBe(vip.firstResponseWithinTarget);
    expect(shareWithin(summary, 'firstResponseTime', 3600, { segmentId: 'nope' })).toBeNull();
  });

  it('a run stored before API 1.2 (restored by the studio after a reload) converts without values: shares are null', async () => {
    const model = await leadToQuote();
    const result = simulateSync(model.graph, model.scenario!, { cases: 100, replications: 1, seed: 1 });
    if (!result.ok) throw new Error('rejected');
    // Tasks' waits are streamed only when asked for (`taskWaitValues`: the plugin host asks; it costs CPU).
    expect(result.distributions.taskWaitingTime).toEqual({});
    expect(result.distributions.cycleTime[0]!.of).toBe(100);
    const { distributions: _, ...old } = result;
    const segments = old.segments.map(({ distributions: _d, ...segment }) => segment);
    const summary = toPluginSimulationSummary({ ...old, segments } as unknown as typeof result);
    expect(summary.distributions).toBeUndefined();
    expect(summary.firstResponseWithinTarget).toBe(result.kpis.firstResponseTime.withinSla);
    expect(shareWithin(summary, 'firstResponseTime', 7200)).toBeNull();
  });

  it('unmeasured figures are null, bad arguments say what to pass', () => {
    expect(shareWithin(undefined, 'cycleTime', 3600)).toBeNull();
    const summary = { cases: 1, replications: 1, kpis: {}, elements: {}, distributions: { cycleTime: [{ of: 2, values: [10, 20] }], firstResponseTime: null, taskWaitingTime: {} } } satisfies SimulationSummary;
    expect(shareWithin(summary, 'firstResponseTime', 3600)).toBeNull();
    expect(shareWithin(summary, 'cycleTime', 15)).toBe(0.5);
    expect(quantileOf(summary, 'cycleTime', 0.5)).toBe(15);
    expect(() => quantileOf(summary, 'cycleTime', 90)).toThrow('q is a fraction from 0 to 1, e.g. 0.9 for the p90 (got 90)');
    expect(() => shareWithin(summary, 'taskWaitingTime', 60)).toThrow("'taskWaitingTime' needs a taskId");
  });

  it('a plugin rule bundled with the API helpers scores against its own target', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lf-within-'));
    try {
      const api = resolve(import.meta.dirname, '../../plugin-api/src/api.ts').replace(/\\/g, '/');
      writeFileSync(
        join(folder, 'leanflow-plugin.json'),
        JSON.stringify({
          id: 'acme.within',
          name: 'Within one hour',
          version: '1.0.0',
          publisher: 'acme',
          engines: { leanflow: '^1.2.0' },
          main: 'index.ts',
          contributes: { scoringRules: [{ id: 'acme.within.hour', title: 'Answered within 1 h', category: 'Speed', kind: 'dynamic' }] },
          permissions: ['readModel'],
        }),
      );
      writeFileSync(
        join(folder, 'index.ts'),
        `import { shareWithin, type PluginContext } from '${api}';
export function activate(context: PluginContext) {
  context.subscriptions.push(context.scoring.registerRule('acme.within.hour', {
    evaluate(input) {
      const share = shareWithin(input.simulation, 'firstResponseTime', 3600);
      if (share === null) return { notApplicable: 'Needs a simulation with a first response', findings: [] };
      return { score: Math.round(share * 100), findings: [] };
    },
  }));
}
`,
      );
      const result = await runPluginOnFile(folder, LEAD_TO_QUOTE_SAMPLE, { simulate: { cases: 500, replications: 2, seed: 4 } });
      const expected = shareWithin(result.simulation, 'firstResponseTime', 3600)!;
      expect(expected).toBeGreaterThan(0);
      expect(result.errors).toEqual([]);
      expect(result.scoring.rules.find((r) => r.ruleId === 'acme.within.hour')).toMatchObject({ ok: true, score: Math.round(expected * 100) });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

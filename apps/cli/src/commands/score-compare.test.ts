// `leanflow score` and the baseline of `leanflow compare` with their default settings give the same score for the
// same file: the same run (the scenario's cases, replications and seed), the same rules and the same profile (the
// one stored in the file, else balanced). Before, `score` simulated 500 cases x 3 and `compare` the scenario's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBuiltInProfile } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, saveScorecardProfileToXml } from '@leanflow/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-score-compare-'));
const run = cliRunner(dir);

beforeAll(async () => {
  writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
  const stored = await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, { ...findBuiltInProfile('cost-focused')!, name: 'Cost focused' });
  writeFileSync(join(dir, 'profiled.bpmn'), stored.xml!);
});

interface ScoreJson {
  score: number;
  simulation: { cases: number | null; replications: number; seed: number };
  profile: { id: string };
  categories: Record<string, { score: number | null }>;
}
interface CompareJson {
  settings: { cases: number | null; replications: number; seed: number; profile: { id: string; source?: string } };
  variants: { score: number; categories: Record<string, number | null> }[];
}

describe('score and compare agree', () => {
  for (const file of ['sample.bpmn', 'profiled.bpmn']) {
    it(`gives ${file} one score in both commands, from the same run`, async () => {
      const scored = await run('score', file, '--format', 'json');
      expect(scored.code, scored.stderr).toBe(0);
      const score = JSON.parse(scored.stdout) as ScoreJson;
      const compared = await run('compare', file, file, '--format', 'json');
      expect(compared.code, compared.stderr).toBe(0);
      const comparison = JSON.parse(compared.stdout) as CompareJson;
      expect(score.simulation).toEqual({ cases: comparison.settings.cases, replications: comparison.settings.replications, seed: comparison.settings.seed });
      expect(score.profile.id).toBe(comparison.settings.profile.id);
      expect(score.score).toBe(comparison.variants[0]!.score);
      for (const [category, value] of Object.entries(score.categories)) expect(value.score, category).toBe(comparison.variants[0]!.categories[category]);
    });
  }

  it('uses the profile stored in the baseline file in compare, as score does', async () => {
    const compared = await run('compare', 'profiled.bpmn', 'sample.bpmn', '--format', 'json');
    const comparison = JSON.parse(compared.stdout) as CompareJson;
    expect(comparison.settings.profile).toMatchObject({ id: 'cost-focused', source: 'model' });
  });

  it("predicts suggestions from simulate's run: the same settings and the same 'before' figures", async () => {
    const simulated = await run('simulate', 'sample.bpmn', '--format', 'json');
    expect(simulated.code, simulated.stderr).toBe(0);
    const sim = JSON.parse(simulated.stdout) as { cases: number; replications: number; seed: number; kpis: { cycleTime: { mean: number } } };
    const suggested = await run('suggest', 'sample.bpmn', '--format', 'json');
    expect(suggested.code, suggested.stderr).toBe(0);
    const json = JSON.parse(suggested.stdout) as { simulation: unknown; suggestions: { predicted?: { cycleTime: { before: number } } }[] };
    expect(json.simulation).toEqual({ cases: sim.cases, replications: sim.replications, seed: sim.seed });
    const predicted = json.suggestions.filter((s) => s.predicted);
    expect(predicted.length).toBeGreaterThan(2);
    // (suggest rounds to 4 decimals, simulate to 6)
    for (const s of predicted) expect(Math.abs(s.predicted!.cycleTime.before - sim.kpis.cycleTime.mean)).toBeLessThanOrEqual(5e-5);
  }, 60_000);
});

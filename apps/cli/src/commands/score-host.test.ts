// `leanflow score` runs the built-in rules in the lean-scorecard plugin through the plugin host. Its JSON must be
// exactly what scoring the same file directly with @leanflow/analysis gives (same simulation, same profile).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_RULES, computeScorecard, findBuiltInProfile, toSimulationSummary, type ScoringProfile } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, parseBpmn, readScenarios } from '@leanflow/model';
import { simulate } from '@leanflow/sim';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../testing.ts';
import { scorecardJson } from './score.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-score-host-'));

const run = cliRunner(dir);

/** The JSON of scoring `file` directly (no plugin host), as the CLI did before the built-in plugin. */
async function direct(file: string, profile: ScoringProfile, simulation?: { cases: number; replications: number }) {
  const parsed = await parseBpmn(readFileSync(join(dir, file), 'utf8'));
  const stored = readScenarios(parsed.definitions!);
  const scenario = stored.scenarios.find((s) => s.id === stored.activeScenarioId);
  let summary;
  let run;
  if (simulation && scenario) {
    const outcome = await simulate(parsed.graph!, scenario, { ...simulation, seed: scenario.seed });
    if (!outcome.ok) throw new Error('should simulate');
    summary = toSimulationSummary(outcome);
    run = { ...simulation, seed: scenario.seed };
  }
  const card = await computeScorecard(BUILT_IN_RULES, { graph: parsed.graph!, definitions: parsed.definitions!, ...(scenario ? { scenario } : {}), ...(summary ? { simulation: summary } : {}) }, profile);
  return scorecardJson(card, { file, profile, profileSource: 'option', ...(scenario ? { scenario, scenarioSource: 'leanflow' as const } : {}), ...(run ? { simulation: run } : {}) });
}

beforeAll(() => {
  writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
  writeFileSync(join(dir, 'miwg.bpmn'), readFileSync(join(fixtures, 'miwg', 'reference', 'B.2.0.bpmn'), 'utf8'));
  writeFileSync(join(dir, 'bad-thresholds.json'), JSON.stringify({ id: 'odd', name: 'Odd', thresholds: { 'manual-steps': { target: 'many' } } }));
});

describe('leanflow score through the plugin host', () => {
  it('gives the same JSON as scoring directly: the sample with a simulation, every profile', async () => {
    for (const id of ['balanced', 'customer-first', 'model-quality']) {
      const result = await run('score', 'sample.bpmn', '--format', 'json', '--profile', id, '--cases', '100', '--replications', '2');
      expect(result.stderr).toBe('');
      const json = JSON.parse(result.stdout);
      expect(json).toEqual(await direct('sample.bpmn', findBuiltInProfile(id)!, { cases: 100, replications: 2 }));
      if (id === 'balanced') expect(json.rules.filter((r: { kind: string; status: string }) => r.kind === 'dynamic' && r.status === 'scored').length).toBeGreaterThanOrEqual(4);
    }
  });

  it('gives the same JSON on a MIWG reference model (bpmnlint from the XML) and keeps a bad-threshold reason word for word', async () => {
    const miwg = JSON.parse((await run('score', 'miwg.bpmn', '--format', 'json', '--profile', 'balanced')).stdout);
    expect(miwg).toEqual(await direct('miwg.bpmn', findBuiltInProfile('balanced')!));
    expect(miwg.rules.find((r: { id: string }) => r.id === 'bpmnlint').status).toBe('scored');
    const odd = JSON.parse((await run('score', 'sample.bpmn', '--format', 'json', '--profile', 'bad-thresholds.json', '--no-simulation')).stdout);
    const expected = await direct('sample.bpmn', { id: 'odd', name: 'Odd', weights: {}, categoryWeights: {}, thresholds: { 'manual-steps': { target: 'many' } } });
    expect(odd).toEqual({ ...expected, simulation: null });
    expect(odd.rules.find((r: { id: string }) => r.id === 'manual-steps')).toMatchObject({ status: 'error', reason: expect.stringMatching(/thresholds of "Manual steps on the typical path" in profile "Odd" are invalid/) });
  });
});

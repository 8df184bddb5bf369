// `leanflow score` with a scorecard profile stored in the file: used by default, `--profile` wins, a damaged one is
// reported and skipped; the JSON says which profile was used (`profile.source`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, saveScorecardProfileToXml } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-score-profile-'));

const run = cliRunner(dir);

interface ScoreJson {
  score: number;
  profile: { id: string; name: string; source: string };
  rules: { id: string; status: string; score: number | null; weight: number; metrics: Record<string, number> }[];
}

// Only two rules, manual steps with a target of 3 (the sample's typical path has 5 manual steps; bound 7 -> 50).
const TEAM = { id: 'team', name: 'Team', enabledRules: ['manual-steps', 'model-size'], weights: { 'manual-steps': 3 }, thresholds: { 'manual-steps': { target: 3, bound: 7 } } };

beforeAll(async () => {
  writeFileSync(join(dir, 'team.bpmn'), (await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, TEAM)).xml!);
  const damaged = await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, { ...TEAM, weights: { 'manual-steps': -1 } });
  writeFileSync(join(dir, 'damaged.bpmn'), damaged.xml!);
  writeFileSync(join(dir, 'plain.bpmn'), LEAD_TO_QUOTE_SAMPLE);
});

describe('leanflow score with a profile stored in the file', () => {
  it('uses the stored profile and says so', async () => {
    const result = await run('score', 'team.bpmn', '--format', 'json', '--no-simulation');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as ScoreJson;
    expect(json.profile).toEqual({ id: 'team', name: 'Team', source: 'model' });
    const scored = json.rules.filter((r) => r.status === 'scored').map((r) => r.id);
    expect(scored.sort()).toEqual(['manual-steps', 'model-size']);
    const manual = json.rules.find((r) => r.id === 'manual-steps')!;
    expect(manual.weight).toBe(3);
    // score = 100 at <= 3 steps, 0 at 7: linear in between.
    expect(manual.score).toBeCloseTo(100 * (7 - manual.metrics.manualSteps!) / 4, 1);
    // The overall score is the weighted mean of the two rules: manual steps x3, model size (100) x1.
    expect(json.score).toBeCloseTo((3 * manual.score! + 100) / 4, 1);
    const table = await run('score', 'team.bpmn', '--no-simulation');
    expect(table.stdout).toMatch(/profile Team stored in the file/);
  });

  it('lets --profile win over the stored one', async () => {
    const json = JSON.parse((await run('score', 'team.bpmn', '--format', 'json', '--no-simulation', '--profile', 'balanced')).stdout) as ScoreJson;
    expect(json.profile).toEqual({ id: 'balanced', name: 'Balanced', source: 'option' });
    expect(json.rules.filter((r) => r.status === 'scored').length).toBeGreaterThan(2);
  });

  it('falls back to balanced with a warning when the stored profile is invalid, and reports the default', async () => {
    const damaged = await run('score', 'damaged.bpmn', '--format', 'json', '--no-simulation');
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).toMatch(/scorecard profile stored in the file is not valid[\s\S]*weights\.manual-steps: A weight cannot be negative/);
    expect((JSON.parse(damaged.stdout) as ScoreJson).profile).toEqual({ id: 'balanced', name: 'Balanced', source: 'default' });
    const plain = JSON.parse((await run('score', 'plain.bpmn', '--format', 'json', '--no-simulation')).stdout) as ScoreJson;
    expect(plain.profile.source).toBe('default');
  });
});

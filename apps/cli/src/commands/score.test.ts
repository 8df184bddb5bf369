import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, saveScenariosToXml, type ScenarioInput } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-score-'));

const run = cliRunner(dir);

interface ScoreJson {
  score: number | null;
  passed: boolean;
  simulation: { cases: number; replications: number; seed: number } | null;
  categories: Record<string, { score: number | null; weight: number }>;
  rules: { id: string; status: string; score: number | null; metrics: Record<string, number>; findings: { severity: string; message: string; elements: string[] }[] }[];
}

const fixed = (value: number) => ({ type: 'fixed' as const, value, unit: 'min' as const });
// Every lead is qualified and nobody waits (a lead every 2 h, 80 min of work): the figures are exact.
const deterministic: ScenarioInput = {
  id: 'det',
  name: 'Deterministic',
  pools: [
    { id: 'assistants', name: 'Assistants', headcount: 1, costPerHour: 60, laneIds: ['Lane_Assistant'] },
    { id: 'reps', name: 'Representatives', headcount: 1, costPerHour: 60, laneIds: ['Lane_Representative'] },
    { id: 'managers', name: 'Managers', headcount: 1, costPerHour: 60, laneIds: ['Lane_Manager'] },
  ],
  arrivals: { Start_LeadReceived: { interArrival: { type: 'fixed', value: 2, unit: 'h' } } },
  tasks: {
    Task_Acknowledge: { duration: fixed(0), automated: true },
    Task_CheckHistory: { duration: fixed(10), valueClass: 'nonValueAdding' },
    Task_Qualify: { duration: fixed(20) },
    Task_SendRejection: { duration: fixed(5) },
    Task_PrepareQuote: { duration: fixed(30), valueClass: 'valueAdding' },
    Task_Approve: { duration: fixed(15) },
    Task_SendQuote: { duration: fixed(5), substantiveResponse: true },
  },
  gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 1, Flow_No: 0 } } },
  targets: { firstResponseSla: { value: 2, unit: 'h' }, costPerCase: 100 },
};

beforeAll(async () => {
  const saved = await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [deterministic], { activeScenarioId: 'det' });
  writeFileSync(join(dir, 'lead.bpmn'), saved.xml!);
  // The sample carries a scenario now; strip it so this file stays scenario-free.
  writeFileSync(join(dir, 'plain.bpmn'), LEAD_TO_QUOTE_SAMPLE.replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, ''));
  writeFileSync(join(dir, 'broken.bpmn'), '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process');
  writeFileSync(join(dir, 'strict.json'), JSON.stringify({ id: 'strict', name: 'Strict', thresholds: { 'manual-steps': { target: 2, bound: 6 } } }));
  writeFileSync(join(dir, 'bad-profile.json'), JSON.stringify({ id: 'x', name: 'X', weights: { 'manual-steps': -2 } }));
});

describe('leanflow score', () => {
  it('scores static and simulated dynamic rules into JSON with the documented fields', async () => {
    const result = await run('score', 'lead.bpmn', '--format', 'json', '--cases', '100', '--replications', '2');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as ScoreJson;
    expect(json.simulation).toEqual({ cases: 100, replications: 2, seed: 1 });
    expect(Object.keys(json.categories).sort()).toEqual(['cost', 'customerExperience', 'modelQuality', 'simplicity', 'speed']);
    const rule = (id: string) => json.rules.find((r) => r.id === id)!;
    // 80 minutes to the quote, within the 2 h SLA for every case; 30 of 80 minutes add value.
    expect(rule('first-response-time').score).toBe(100);
    expect(rule('first-response-time').metrics.meanSeconds).toBeCloseTo(4800, 6);
    expect(rule('process-cycle-efficiency').metrics.processCycleEfficiency).toBeCloseTo(30 / 80, 6);
    // Work costs 80 min x 60/h = 80 per case, under the target of 100.
    expect(rule('cost-per-case').metrics.costPerCase).toBeCloseTo(80, 6);
    expect(rule('cost-per-case').score).toBe(100);
    // Every lead takes the quote path: 5 manual steps, 1 non-value-adding task of 6 executed.
    expect(rule('manual-steps').metrics.manualSteps).toBe(5);
    expect(rule('non-value-adding-share').metrics.nonValueAddingShare).toBeCloseTo(1 / 6, 12);
    expect(rule('resource-utilisation').findings.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(rule('resource-utilisation').findings[0]!.elements).toEqual(['Lane_Assistant']);
    expect(json.score).toBeGreaterThan(0);
    expect(json.score).toBeLessThanOrEqual(100);
    expect(json.passed).toBe(true);
  });

  it('fails the gate with exit 1 when the score is below --min-score', async () => {
    const pass = await run('score', 'plain.bpmn', '--min-score', '50');
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^Score \d+\.\d \/ 100 {2}\(profile Balanced, no scenario, not simulated\)/);
    expect(pass.stdout).toContain('Passed:');
    const fail = await run('score', 'plain.bpmn', '--min-score', '99.9', '--format', 'json');
    expect(fail.code).toBe(1);
    expect((JSON.parse(fail.stdout) as ScoreJson).passed).toBe(false);
    expect(fail.stderr).toContain('is below --min-score 99.9');
  });

  it('skips the simulation with --no-simulation, leaving dynamic rules not applicable', async () => {
    const result = await run('score', 'lead.bpmn', '--no-simulation', '--format', 'json');
    const json = JSON.parse(result.stdout) as ScoreJson;
    expect(json.simulation).toBeNull();
    expect(json.rules.find((r) => r.id === 'cycle-time')!.status).toBe('notApplicable');
    expect(json.rules.find((r) => r.id === 'manual-steps')!.status).toBe('scored');
  });

  it('applies built-in and file profiles', async () => {
    const quality = JSON.parse((await run('score', 'plain.bpmn', '--profile', 'model-quality', '--format', 'json')).stdout) as ScoreJson;
    expect(quality.rules.find((r) => r.id === 'manual-steps')!.status).toBe('disabled');
    const strict = JSON.parse((await run('score', 'plain.bpmn', '--profile', 'strict.json', '--format', 'json')).stdout) as ScoreJson;
    // 5 manual steps against target 2, zero at 6: 25.
    expect(strict.rules.find((r) => r.id === 'manual-steps')!.score).toBe(25);
  });

  it('is listed in the help and explains its options', async () => {
    expect((await run('--help')).stdout).toMatch(/^\s+score\s+Score a BPMN file with the lean scorecard/m);
    const help = await run('score', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--min-score N');
    expect(help.stdout).toContain('--no-simulation');
  });

  it('rejects bad input with a clear message and no stack trace', async () => {
    const cases: [string[], number, RegExp][] = [
      [['score'], 2, /Give exactly one BPMN file/],
      [['score', 'missing.bpmn'], 2, /Cannot open missing.bpmn: no such file/],
      [['score', 'broken.bpmn'], 1, /broken.bpmn cannot be scored/],
      [['score', 'plain.bpmn', '--min-score', 'high'], 2, /--min-score needs a number from 0 to 100/],
      [['score', 'plain.bpmn', '--profile', 'fastest'], 2, /Unknown profile "fastest". Use one of: balanced, customer-first/],
      [['score', 'plain.bpmn', '--profile', 'bad-profile.json'], 2, /weights.manual-steps: A weight cannot be negative/],
      [['score', 'plain.bpmn', '--format', 'xml'], 2, /Unknown --format xml/],
      [['score', 'lead.bpmn', '--scenario', 'Nope'], 2, /There is no scenario "Nope".*"Deterministic"/],
    ];
    for (const [argv, code, message] of cases) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('scores a MIWG reference model from the shared fixtures', async () => {
    const result = await run('score', join(fixtures, 'miwg', 'reference', 'C.1.0.bpmn'), '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as ScoreJson;
    expect(json.rules.filter((r) => r.status === 'error')).toEqual([]);
    expect(json.score).toBeGreaterThanOrEqual(0);
  });
});

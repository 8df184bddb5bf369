import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, saveScenariosToXml, type ScenarioInput } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-optimise-'));
const run = cliRunner(dir);

beforeAll(async () => {
  writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
  // The sample with nobody flagged as the first response: first-response targets cannot be measured.
  const { code, stdout } = await run('simulate', 'sample.bpmn', '--format', 'json', '--cases', '1');
  expect(code).toBe(0);
  expect(JSON.parse(stdout).kpis.firstResponseTime.flagged).toBe(true);
});

const settings = ['--cases', '300', '--replications', '4', '--seed', '5'];

describe('leanflow optimise', () => {
  it('prints the contract JSON; worker threads give exactly the numbers of one thread; today equals `simulate`', async () => {
    const one = await run('optimise', 'sample.bpmn', ...settings, '--threads', '1', '--format', 'json');
    const two = await run('optimise', 'sample.bpmn', ...settings, '--threads', '2', '--format', 'json');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    for (const field of ['current', 'front', 'recommended', 'evaluations', 'seconds']) expect(a).toHaveProperty(field);
    for (const field of ['staffing', 'costPerCase', 'costPerWeek', 'firstResponseWithinSla', 'cycleTime']) expect(a.current).toHaveProperty(field);
    expect(a.current.staffing).toEqual({ 'Sales assistant': 2, 'Sales representative': 3, 'Sales manager': 1 });
    expect({ ...a, seconds: 0, threads: 0 }).toEqual({ ...b, seconds: 0, threads: 0 });
    // One figure, one value: today's share answered within 2 h and cycle time are `simulate`'s for the same settings.
    const simulated = JSON.parse((await run('simulate', 'sample.bpmn', ...settings, '--format', 'json')).stdout);
    expect(a.current.firstResponseWithinSla).toBeCloseTo(simulated.kpis.firstResponseTime.withinSla, 6);
    expect(a.current.cycleTime).toBeCloseTo(simulated.kpis.cycleTime.mean, 3);
    // The front is cheapest first and includes no staffing below what each pool needs to keep up.
    const costs = a.front.map((p: { costPerWeek: number }) => p.costPerWeek);
    expect(costs).toEqual([...costs].sort((x: number, y: number) => x - y));
    expect(a.front.every((p: { staffing: Record<string, number> }) => p.staffing['Sales representative']! >= 3)).toBe(true);
  });

  it('the table names the target, marks today and explains the recommendation', async () => {
    const { code, stdout } = await run('optimise', 'sample.bpmn', ...settings, '--threads', '1', '--target', 'cycle-time:1d:80%');
    expect(code).toBe(0);
    expect(stdout).toContain('Staffing for 80% of cases done within 1 d');
    expect(stdout).toMatch(/\n {2}\*/);
    expect(stdout).toMatch(/Recommended: .* is the cheapest staffing found that meets the target|Recommended: The current staffing is already/);
  });

  it('an impossible budget gives no recommendation and says why; bad options get clear messages', async () => {
    const { code, stdout } = await run('optimise', 'sample.bpmn', ...settings, '--threads', '1', '--budget', '100', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.recommended).toBeNull();
    expect(json.reason).toContain('a budget of');
    const bad = await run('optimise', 'sample.bpmn', '--target', 'waiting:2h:90%');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('use first-response or cycle-time');
  });

  it('without a flagged first response, a first-response target is refused with what to do', async () => {
    const unflagged: ScenarioInput = { id: 'u', name: 'Unflagged', tasks: { Task_SendQuote: { substantiveResponse: false } } };
    const saved = await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [unflagged], { activeScenarioId: 'u' });
    writeFileSync(join(dir, 'unflagged.bpmn'), saved.xml!);
    const { code, stdout } = await run('optimise', 'unflagged.bpmn', ...settings, '--threads', '1', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.recommended).toBeNull();
    expect(json.current.firstResponseWithinSla).toBeNull();
    expect(json.reason).toContain('Flag the task that first answers the customer');
  });
});

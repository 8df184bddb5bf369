import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-compare-'));

const run = cliRunner(dir);

interface CompareJson {
  settings: { cases: number; replications: number; seed: number; scenario: { id: string } };
  variants: { name: string; file: string; scenario: { source: string }; kpis: Record<string, { mean: number | null; ci95: [number, number] | null }>; score: number }[];
  differences: {
    variant: string;
    baseline: string;
    kpis: Record<string, { baselineMean: number; variantMean: number; difference: { mean: number; ci95: [number, number]; significant: boolean; pairs: number }; verdict: string }>;
    scoreDifference: number;
    diagram: { added: string[]; removed: string[]; changed: string[]; moved: string[]; changes: { kind: string; elementId: string; type: string; name: string }[] };
  }[];
  histograms: { cycleTime: { edges: number[]; series: { variant: string; shares: number[] }[] } };
}

beforeAll(() => {
  writeFileSync(join(dir, 'as-is.bpmn'), LEAD_TO_QUOTE_SAMPLE);
  // To be: four sales representatives instead of three (in the file's scenario), and the approval renamed.
  writeFileSync(join(dir, 'to-be.bpmn'), LEAD_TO_QUOTE_SAMPLE.replace('"headcount": 3', '"headcount": 4').replace('name="Manager approval"', 'name="Approval"'));
  // Case types: VIP (20%, own 1 h first-response target) and standard; in the variant VIPs are served first.
  const typed = (vipPriority: number) =>
    LEAD_TO_QUOTE_SAMPLE.replace(
      '"seed": 42,',
      `"seed": 42, "caseTypes": [{ "id": "vip", "name": "VIP", "share": 0.2, "priority": ${vipPriority}, "targets": { "firstResponseSla": { "value": 1, "unit": "h" } } }, { "id": "standard", "name": "Standard", "share": 0.8 }],`,
    );
  writeFileSync(join(dir, 'typed.bpmn'), typed(0));
  writeFileSync(join(dir, 'vip-first.bpmn'), typed(1));
  writeFileSync(join(dir, 'broken.bpmn'), '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process');
});

const RUN = ['--cases', '300', '--replications', '5', '--seed', '3'];

describe('leanflow compare', () => {
  it('prints JSON with each variant, the paired differences with intervals and significance, and the diagram diff', async () => {
    const result = await run('compare', 'as-is.bpmn', 'to-be.bpmn', '--format', 'json', ...RUN);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CompareJson;
    expect(json.settings).toMatchObject({ cases: 300, replications: 5, seed: 3, scenario: { id: 'as-is' } });
    expect(json.variants.map((v) => [v.name, v.file, v.scenario.source])).toEqual([
      ['as-is', 'as-is.bpmn', 'own'],
      ['to-be', 'to-be.bpmn', 'own'],
    ]);
    const d = json.differences[0]!;
    expect([d.variant, d.baseline]).toEqual(['to-be', 'as-is']);
    const waiting = d.kpis.waitingTime!;
    expect(waiting.difference.pairs).toBe(5);
    expect(waiting.difference.mean).toBeCloseTo(waiting.variantMean - waiting.baselineMean, 4);
    expect(waiting.difference.ci95[0]).toBeLessThan(waiting.difference.mean);
    // A fourth representative cuts the waiting in every replication: significant, an improvement.
    expect(waiting.difference.ci95[1]).toBeLessThan(0);
    expect(waiting.difference.significant).toBe(true);
    expect(waiting.verdict).toBe('better');
    // The work itself is the same random numbers: no difference at all.
    expect(d.kpis.processingTime!.difference.mean).toBe(0);
    expect(d.kpis.processingTime!.difference.significant).toBe(false);
    expect(d.diagram.changes).toEqual([expect.objectContaining({ kind: 'changed', elementId: 'Task_Approve', type: 'bpmn:UserTask', name: 'Approval' })]);
    expect(json.histograms.cycleTime.series.map((s) => s.variant)).toEqual(['as-is', 'to-be']);
  });

  it('compares each case type: JSON segments with paired intervals, and a table per type', async () => {
    const result = await run('compare', 'typed.bpmn', 'vip-first.bpmn', '--format', 'json', '--cases', '1000', '--replications', '8', '--seed', '11');
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as CompareJson & {
      caseTypes: { id: string; share: number }[];
      variants: { segments: { id: string; kpis: Record<string, { mean: number | null }> }[] }[];
      differences: { segments: { id: string; kpis: CompareJson['differences'][number]['kpis'] }[] }[];
    };
    expect(json.caseTypes.map((t) => [t.id, t.share])).toEqual([['vip', 0.2], ['standard', 0.8]]);
    expect(json.variants[0]!.segments.map((s) => s.id)).toEqual(['vip', 'standard']);
    const vip = json.differences[0]!.segments.find((s) => s.id === 'vip')!.kpis.firstResponseTime!;
    expect(vip.difference.pairs).toBe(8);
    expect(vip.difference.ci95[1]).toBeLessThan(0);
    expect(vip.verdict).toBe('better');
    expect(vip.baselineMean).toBeCloseTo(json.variants[0]!.segments[0]!.kpis.firstResponseTime!.mean!, 6);
    const table = await run('compare', 'typed.bpmn', 'vip-first.bpmn', '--cases', '1000', '--replications', '8', '--seed', '11');
    expect(table.stdout).toContain('\nCase type VIP (20 % of arrivals)\n');
    expect(table.stdout).toMatch(/\nCase type VIP[^]*\n {2}First response +[\d.]+ h \[[^\n]*▼ better\n[^]*Case type Standard/);
  });

  it('gives exactly zero differences for the same file twice', async () => {
    const result = await run('compare', 'as-is.bpmn', 'as-is.bpmn', '--format', 'json', ...RUN);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CompareJson;
    expect(json.variants.map((v) => v.name)).toEqual(['as-is.bpmn', 'as-is.bpmn (2)']);
    for (const [key, k] of Object.entries(json.differences[0]!.kpis)) {
      expect(k.difference.mean, key).toBe(0);
      expect(k.difference.significant, key).toBe(false);
    }
    expect(json.differences[0]!.diagram.changes).toEqual([]);
  });

  it('prints Markdown for a pull request and a table for people', async () => {
    const markdown = await run('compare', 'as-is.bpmn', 'to-be.bpmn', '--format', 'markdown', ...RUN);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout.startsWith('## Variant comparison: as-is vs to-be\n')).toBe(true);
    expect(markdown.stdout).toContain('| KPI | as-is | to-be | to-be − as-is |');
    expect(markdown.stdout).toMatch(/\| Waiting for resources \| .* \| \*\*-[\d.]+ min \[.*\] \(-[\d.]+ %\)\*\* ▼ better \|/);
    expect(markdown.stdout).toContain('- changed UserTask "Approval" (`Task_Approve`): name: "Manager approval" → "Approval"');

    const table = await run('compare', 'as-is.bpmn', 'to-be.bpmn', ...RUN, '--html', 'report.html');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Scenario "As is": 300 cases x 5 replications, seed 3');
    expect(table.stdout).toMatch(/\nWaiting for resources +[\d.]+ min \[/);
    expect(table.stdout).toContain('Diagram changes, to-be against as-is: 1\n  changed  Task_Approve (UserTask "Approval"): name: "Manager approval" → "Approval"');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg ');
  });

  it('explains bad input with exit code 2 (1 for a file that cannot be simulated)', async () => {
    const one = await run('compare', 'as-is.bpmn');
    expect(one.code).toBe(2);
    expect(one.stderr).toBe('leanflow compare: Give 2 to 4 BPMN files (got 1): the baseline first, e.g. `pnpm leanflow compare as-is.bpmn to-be.bpmn`.\n');
    const five = await run('compare', 'as-is.bpmn', 'to-be.bpmn', 'as-is.bpmn', 'to-be.bpmn', 'as-is.bpmn');
    expect(five.code).toBe(2);
    expect(five.stderr).toContain('Give 2 to 4 BPMN files (got 5)');
    const missing = await run('compare', 'as-is.bpmn', 'nope.bpmn');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('leanflow compare: Cannot open nope.bpmn: no such file.\n');
    const format = await run('compare', 'as-is.bpmn', 'to-be.bpmn', '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('Unknown --format xml. Use one of: table, json, markdown.');
    const scenario = await run('compare', 'as-is.bpmn', 'to-be.bpmn', '--scenario', 'Future');
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain('There is no scenario "Future" in the baseline. Its scenarios: "As is".');
    const broken = await run('compare', 'as-is.bpmn', 'broken.bpmn');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: broken: /);
    expect(broken.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, importQbp, loadDocument } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-convert-'));

const run = cliRunner(dir);

beforeAll(() => {
  writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
});

describe('leanflow convert', () => {
  it('keeps the BPSim scenarios of Technical Support as Leanflow scenarios, with BPSim data still in the file', async () => {
    const result = await run('convert', join(fixtures, 'bpsim/technical-support-process-v2.0.0.bpmn'), '--to', 'leanflow', '--out', 'support.bpmn');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote 3 scenario(s) from BPSim to support.bpmn: 1 - Control perspective, 2 - Temporal perspective, 3 - Resource perspective');
    expect(result.stderr).toContain('Front Office');
    const written = readFileSync(join(dir, 'support.bpmn'), 'utf8');
    expect(written).toContain('<bpsim:BPSimData>');
    const doc = await loadDocument(written);
    expect(doc.scenarioSource).toBe('leanflow');
    expect(doc.scenarios.map((s) => s.id)).toEqual(['S1', 'S2', 'S3']);
    expect(doc.scenarios[1]!.tasks['_10-794']!.duration).toEqual({ type: 'normal', mean: 300, sd: 30, unit: 'min' });
  });

  it('converts only the scenario asked for', async () => {
    const result = await run('convert', join(fixtures, 'bpsim/technical-support-process-v2.0.0.bpmn'), '--to', 'leanflow', '--out', 's2.bpmn', '--scenario', '2 - temporal perspective');
    expect(result.code).toBe(0);
    const doc = await loadDocument(readFileSync(join(dir, 's2.bpmn'), 'utf8'));
    expect(doc.scenarios.map((s) => s.id)).toEqual(['S2']);
    expect(doc.activeScenarioId).toBe('S2');
  });

  it('exports the sample scenario to BIMP/QBP, which imports back to the same task durations', async () => {
    const result = await run('convert', 'sample.bpmn', '--to', 'qbp', '--out', 'sample-qbp.bpmn');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote scenario "As is" as BIMP/QBP parameters to sample-qbp.bpmn');
    const written = readFileSync(join(dir, 'sample-qbp.bpmn'), 'utf8');
    expect(written.match(/<qbp:processSimulationInfo /g)).toHaveLength(1);
    const { scenarios } = await importQbp(written);
    const original = (await loadDocument(LEAD_TO_QUOTE_SAMPLE)).scenarios[0]!;
    expect(scenarios[0]!.tasks['Task_PrepareQuote']!.duration).toEqual(original.tasks['Task_PrepareQuote']!.duration);
    expect(scenarios[0]!.gateways).toEqual(original.gateways);
    expect(scenarios[0]!.pools.find((p) => p.id === 'sales-representatives')).toMatchObject({ headcount: 3, costPerHour: 55 });
    // The Leanflow scenario stays in the file too.
    expect((await loadDocument(written)).scenarioSource).toBe('leanflow');
  });

  it('rejects missing or wrong options with a clear message and exit 2', async () => {
    expect(await run('convert', 'sample.bpmn', '--out', 'x.bpmn')).toMatchObject({ code: 2, stderr: 'leanflow convert: Say what to convert to: --to leanflow or --to qbp.\n' });
    expect(await run('convert', 'sample.bpmn', '--to', 'bpsim', '--out', 'x.bpmn')).toMatchObject({ code: 2, stderr: 'leanflow convert: Unknown --to bpsim. Use one of: leanflow, qbp.\n' });
    expect(await run('convert', 'sample.bpmn', '--to', 'qbp')).toMatchObject({ code: 2, stderr: 'leanflow convert: Say where to write the result: --out <file.bpmn>.\n' });
    const unknown = await run('convert', 'sample.bpmn', '--to', 'qbp', '--out', 'x.bpmn', '--scenario', 'To be');
    expect(unknown).toMatchObject({ code: 2, stderr: 'leanflow convert: There is no scenario "To be" in sample.bpmn. Scenarios: "As is" (as-is).\n' });
  });

  it('refuses a file that is not BPMN with exit 1', async () => {
    writeFileSync(join(dir, 'note.bpmn'), 'just some text');
    const result = await run('convert', 'note.bpmn', '--to', 'leanflow', '--out', 'x.bpmn');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('note.bpmn cannot be converted:\n  error: This is not an XML file');
  });
});

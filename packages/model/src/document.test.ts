import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, createDefaultScenario, loadDocument, parseBpmn, saveScenariosToXml } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

describe('loadDocument', () => {
  it('uses the scenarios stored with the lf extension first', async () => {
    const graph = (await parseBpmn(LEAD_TO_QUOTE_SAMPLE)).graph!;
    const { xml } = await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE.replace(/<lf:scenarios[\s\S]*<\/lf:scenarios>/, ''), [createDefaultScenario(graph, { id: 'mine', name: 'Mine' })]);
    const doc = await loadDocument(xml!);
    expect(doc.scenarioSource).toBe('leanflow');
    expect(doc.defaulted).toBe(false);
    expect(doc.scenarios.map((s) => s.id)).toEqual(['mine']);
    expect(doc.activeScenarioId).toBe('mine');
  });

  it('imports BPSim scenarios with a report when the file has no lf scenarios', async () => {
    const doc = await loadDocument(readFileSync(join(fixturesDir, 'bpsim/technical-support-process-v2.0.0.bpmn'), 'utf8'));
    expect(doc.scenarioSource).toBe('bpsim');
    expect(doc.scenarios.map((s) => s.id)).toEqual(['S1', 'S2', 'S3']);
    expect(doc.importReport!.mapped.length).toBeGreaterThan(0);
    expect(doc.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('makes up a default scenario for a bare diagram and says which parameters it assumed', async () => {
    const doc = await loadDocument(readFileSync(join(fixturesDir, 'miwg/reference/A.2.0.bpmn'), 'utf8'));
    expect(doc.scenarioSource).toBe('default');
    expect(doc.defaulted).toBe(true);
    const codes = doc.issues.map((i) => i.code);
    expect(codes).toContain('scenario.defaulted');
    expect(codes).toContain('scenario.defaulted.arrivals');
    expect(codes).toContain('scenario.defaulted.durations');
    expect(doc.issues.find((i) => i.code === 'scenario.defaulted.durations')!.message).toMatch(/^Assumed \d+ task\(s\) take 5 to 20 minutes, usually 10: 'Task 1'/);
    expect(doc.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('returns issues, not an exception, for a broken file', async () => {
    const doc = await loadDocument('<definitions');
    expect(doc.graph).toBeUndefined();
    expect(doc.scenarios).toEqual([]);
    expect(doc.issues[0]!.code).toBe('xml.malformed');
  });
});

// The figures the studio shows when a file's scenario was imported from BIMP (QBP) or BPSim, and when our own
// scenario is used next to kept foreign data.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDefaultScenario, loadDocument, saveScenariosToXml } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { describeImportedScenario, mayCarryForeignScenario } from './imported-scenario.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../../shared/fixtures');
const read = (path: string) => readFileSync(resolve(fixturesDir, path), 'utf8');
const loanApplication = read('logs/loanapp-simplified.bpmn');
const qbpBlock = readFileSync(resolve(import.meta.dirname, 'fixtures/loanapp-qbp-simulation-info.xml'), 'utf8').replace(/<!--[\s\S]*?-->\s*/, '');
const bimp = loanApplication.replace('</definitions>', `${qbpBlock}</definitions>`);

describe('describeImportedScenario', () => {
  it('summarises a BIMP scenario: resources, timetables, task durations, arrivals, what could not be mapped', async () => {
    expect(await describeImportedScenario(bimp)).toEqual({
      source: 'qbp',
      foreign: 'qbp',
      scenarioName: expect.any(String),
      scenarios: 1,
      resources: 4,
      calendars: 3,
      tasks: 12,
      arrivals: 1,
      gateways: 3,
      unmapped: 1,
      unmappedMessages: ['QBP statistics options (trimming of the first and last cases) have no Leanflow equivalent; use the warm-up instead.'],
    });
  });

  it('summarises the active BPSim scenario of three', async () => {
    const summary = await describeImportedScenario(read('bpsim/technical-support-process-v2.0.0.bpmn'));
    // Scenario 1 is BPSim's "control perspective": arrivals and branch probabilities only. Scenario 3's per-shift
    // (`validFor`) values are imported as an arrival profile and a shift plan now, so 3 fewer remarks than before.
    expect(summary).toMatchObject({ source: 'bpsim', foreign: 'bpsim', scenarioName: '1 - Control perspective', scenarios: 3, resources: 0, calendars: 0, tasks: 0, arrivals: 1, gateways: 4, unmapped: 20 });
  });

  it('says when our own scenario is used and the foreign data is only kept', async () => {
    const graph = (await loadDocument(bimp)).graph!;
    const { xml } = await saveScenariosToXml(bimp, [{ ...createDefaultScenario(graph), name: 'Edited' }]);
    expect(xml).toContain('qbp:processSimulationInfo');
    expect(await describeImportedScenario(xml!)).toMatchObject({ source: 'leanflow', foreign: 'qbp', scenarioName: 'Edited', unmapped: 0 });
  });

  it('does not read files without foreign simulation data (the QBP namespace alone is not data)', async () => {
    expect(loanApplication).toContain('xmlns:qbp=');
    expect(mayCarryForeignScenario(loanApplication)).toBeUndefined();
    expect(await describeImportedScenario(loanApplication)).toBeUndefined();
  });
});

// A BIMP/QBP file: every command uses the imported scenario the same way, and prints what the import could not map.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportQbp, loadDocument, saveScenariosToXml } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../../shared/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'leanflow-imported-'));
const run = cliRunner(dir);

beforeAll(async () => {
  // The Simod loan-application model with BIMP parameters, as BIMP writes them (qbp:processSimulationInfo under
  // definitions): 2 analysts, 300 cases (QBP has no replications: 5 by default), plus a resource with totalAmount="0" and a statsOptions BIMP-only block.
  const original = readFileSync(join(fixturesDir, 'logs/loanapp-simplified.bpmn'), 'utf8');
  const doc = await loadDocument(original);
  const scenario = { ...doc.scenarios[0]!, cases: 300, pools: doc.scenarios[0]!.pools.map((p) => ({ ...p, headcount: 2, costPerHour: 30 })) };
  const { xml } = await exportQbp(original, scenario);
  const bimp = xml!
    .replace('<qbp:resources>', '<qbp:statsOptions trimStartProcessInstances="0.1"/>\n    <qbp:resources>\n      <qbp:resource id="NOBODY" name="Nobody" totalAmount="0" costPerHour="10" timetableId="LEANFLOW_24_7" />');
  writeFileSync(join(dir, 'bimp.bpmn'), bimp);
  // The same model with nobody in its pools: exported as totalAmount="0", imported back as 0.
  const unstaffed = await exportQbp(original, { ...scenario, pools: scenario.pools.map((p) => ({ ...p, headcount: 0 })) });
  writeFileSync(join(dir, 'bimp-unstaffed.bpmn'), unstaffed.xml!);
});

describe('a BIMP model', () => {
  it('score uses the imported scenario, with the same settings as compare: the same score', async () => {
    const score = await run('score', 'bimp.bpmn', '--format', 'json');
    expect(score.code).toBe(0);
    const card = JSON.parse(score.stdout) as { score: number; scenario: { id: string; source: string } | null; simulation: { cases: number; replications: number } | null };
    expect(card.scenario).toEqual({ id: 'qbp', name: 'Imported from BIMP', source: 'qbp' });
    expect(card.simulation).toMatchObject({ cases: 300, replications: 5 });
    expect(score.stderr).toContain('imported from the file\'s QBP data');
    expect(score.stderr).not.toContain('no Leanflow scenario');

    const compare = await run('compare', 'bimp.bpmn', 'bimp.bpmn', '--format', 'json');
    const comparison = JSON.parse(compare.stdout) as { settings: { cases: number; replications: number }; variants: { score: number }[] };
    expect(comparison.settings).toMatchObject({ cases: 300, replications: 5 });
    expect(card.score).toBe(comparison.variants[0]!.score);
    // The dynamic rules ran (a model-only score would have them "not applicable").
    const dynamic = (JSON.parse(score.stdout) as { rules: { id: string; status: string }[] }).rules.find((r) => r.id === 'cycle-time');
    expect(dynamic?.status).toBe('scored');
  });

  it('simulate prints the import remarks check prints: on stderr, and as warnings[] in JSON', async () => {
    const check = JSON.parse((await run('check', 'bimp.bpmn', '--format', 'json')).stdout) as { importReport: { unmapped: { code: string }[] } };
    const remarks = check.importReport.unmapped.filter((i) => i.code !== 'import.qbp.seconds').map((i) => i.code);
    expect(remarks).toEqual(expect.arrayContaining(['import.qbp.statsOptions', 'import.qbp.resourceUnstaffed']));

    const table = await run('simulate', 'bimp.bpmn', '--cases', '50', '--replications', '1');
    expect(table.code).toBe(0);
    expect(table.stderr).toContain('statistics options');
    expect(table.stderr).toContain('totalAmount="0"');

    const json = await run('simulate', 'bimp.bpmn', '--cases', '50', '--replications', '1', '--format', 'json');
    const parsed = JSON.parse(json.stdout) as { kpis: unknown; warnings: { code: string; severity: string; message: string }[] };
    expect(parsed.kpis).toBeDefined();
    expect(parsed.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(remarks));
    for (const w of parsed.warnings) expect(Object.keys(w).sort()).toEqual(expect.arrayContaining(['code', 'message', 'severity']));
  });

  it('an unstaffed resource with tasks: check and simulate refuse with the same error (exit 1)', async () => {
    const xml = readFileSync(join(dir, 'bimp-unstaffed.bpmn'), 'utf8');
    expect(xml).toMatch(/<qbp:resource [^>]*totalAmount="0"/);
    expect(xml).not.toMatch(/<qbp:resource [^>]*totalAmount="[1-9]/);
    const check = await run('check', 'bimp-unstaffed.bpmn', '--format', 'json');
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as { issues: { code: string; severity: string; message: string; elementId?: string }[] };
    const errors = report.issues.filter((i) => i.code === 'pool.unstaffed');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.severity).toBe('error');
      expect(error.elementId).toBeDefined();
      expect(error.message).toMatch(/^Pool '.+' has nobody \(headcount 0\): its tasks? '.+' can never be served\. Give it at least one person\.$/);
    }
    // check lists each one once, although validation and the engine both find it.
    expect(new Set(errors.map((e) => e.message)).size).toBe(errors.length);

    const simulate = await run('simulate', 'bimp-unstaffed.bpmn', '--cases', '20', '--replications', '1');
    expect(simulate.code).toBe(1);
    expect(simulate.stdout).toBe('');
    for (const error of errors) {
      const line = `error: ${error.message} [${error.elementId}]\n`;
      expect(simulate.stderr).toContain(line);
      expect(simulate.stderr.split(line)).toHaveLength(2);
    }
    expect(simulate.stderr).toContain('The simulation did not run');
  });

  it('check lists an unstaffed pool once per scenario when the file has several', async () => {
    const doc = await loadDocument(readFileSync(join(dir, 'bimp-unstaffed.bpmn'), 'utf8'));
    const first = doc.scenarios[0]!;
    const second = { ...first, id: 'second', name: 'Second' };
    const saved = await saveScenariosToXml(readFileSync(join(dir, 'bimp-unstaffed.bpmn'), 'utf8'), [first, second], { activeScenarioId: first.id });
    writeFileSync(join(dir, 'two-unstaffed.bpmn'), saved.xml!);
    const check = await run('check', 'two-unstaffed.bpmn', '--format', 'json');
    expect(check.code).toBe(1);
    const errors = (JSON.parse(check.stdout) as { issues: { code: string; message: string }[] }).issues.filter((i) => i.code === 'pool.unstaffed');
    expect(errors.map((e) => e.message.replace(/: its tasks[\s\S]*$/, ''))).toEqual([
      `Scenario '${first.name}': Pool 'Staff' has nobody (headcount 0)`,
      "Scenario 'Second': Pool 'Staff' has nobody (headcount 0)",
    ]);
  });
});

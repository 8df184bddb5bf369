// Issue 11, item 6: a plugin that crashed, was stopped or had a rule refused must not look like success to CI, and
// a flood of plugin errors must not flood stderr. Exit codes: 0 ok, 1 below --min-score / unreadable file / `plugin
// run`: the plugin failed, 2 bad arguments, 3 a --plugin of `score` or `suggest` failed, 70 internal error.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const examples = fileURLToPath(new URL('../../../../plugins/examples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-exit-codes-'));
writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
const run = cliRunner(dir);
const throwsOnActivate = join(examples, 'test-fixtures', 'throws-on-activate');
const throwsInHandlers = join(examples, 'test-fixtures', 'throws-in-handlers');

function plugin(name: string, contributes: Record<string, unknown>, code: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const manifest = { id: `tests.${name}`, name, version: '1.0.0', publisher: 'tests', engines: { leanflow: '^1.0.0' }, main: 'plugin.js', permissions: ['readModel'], contributes };
  writeFileSync(join(folder, 'leanflow-plugin.json'), JSON.stringify(manifest));
  writeFileSync(join(folder, 'plugin.js'), code);
  return folder;
}

const crashingProvider = plugin('crashing-provider', { suggestionProviders: [{ id: 'tests.crash', title: 'Crashes' }] }, 'export function activate() { throw new Error("no suggestions today"); }\n');
const ruleCount = 150;
const failingRules = plugin(
  'failing-rules',
  { scoringRules: Array.from({ length: ruleCount }, (_, i) => ({ id: `tests.fail${i}`, title: `Fails ${i}` })) },
  `export function activate(context) { for (let i = 0; i < ${ruleCount}; i++) context.scoring.registerRule('tests.fail' + i, { evaluate: () => { throw new Error('rule ' + i + ' failed ' + 'x'.repeat(5000)); } }); }\n`,
);
const cyclic = plugin('cyclic', { commands: [{ command: 'tests.cycle', title: 'Cycle' }] }, "export function activate(c) { c.commands.registerCommand('tests.cycle', () => { const a = { n: 1 }; a.self = a; return a; }); }\n");

describe('exit codes when a plugin fails', () => {
  it('score --plugin exits 3 when the plugin crashed, and still prints the scorecard', async () => {
    const result = await run('score', 'sample.bpmn', '--no-simulation', '--plugin', throwsOnActivate);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^Score /);
    expect(result.stderr).toContain('leanflow: plugin fixtures.throws-on-activate crashed: activate() failed: broken on purpose during activate');
  });

  it('score --plugin exits 3 when a rule was refused, and 1 (the gate) wins when the score is also too low', async () => {
    const refused = await run('score', 'sample.bpmn', '--no-simulation', '--plugin', throwsInHandlers);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('scoring fixtures.flaky.outOfRange');
    expect((await run('score', 'sample.bpmn', '--no-simulation', '--min-score', '100', '--plugin', throwsInHandlers)).code).toBe(1);
  });

  it('score --plugin exits 3 when the plugin was refused at install', async () => {
    const result = await run('score', 'sample.bpmn', '--no-simulation', '--plugin', join(dir, 'missing-plugin'));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/plugin .*missing-plugin was refused/);
  });

  it('suggest --plugin exits 3 when the plugin crashed', async () => {
    const result = await run('suggest', 'sample.bpmn', '--cases', '50', '--replications', '2', '--plugin', crashingProvider);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('leanflow: plugin tests.crashing-provider crashed: activate() failed: no suggestions today');
  }, 60_000);

  it('plugin run exits 1 when a rule was refused, and 1 (not 70) for a cyclic command result', async () => {
    const refused = await run('plugin', 'run', throwsInHandlers, 'sample.bpmn');
    expect(refused.code).toBe(1);
    const cycle = await run('plugin', 'run', cyclic, 'sample.bpmn', '--command', 'tests.cycle');
    expect(cycle.code).toBe(1);
    expect(cycle.stdout).toContain('Command failed: the result refers to itself (a cycle at self); return plain data');
  });

  it('caps a flood of plugin errors on stderr with an "N more suppressed" line', async () => {
    const result = await run('score', 'sample.bpmn', '--no-simulation', '--plugin', failingRules);
    expect(result.code).toBe(3);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.slice(0, 20).every((l) => l.startsWith('leanflow: plugin tests.failing-rules (scoring tests.fail') && l.length <= 600)).toBe(true);
    expect(lines[20]).toBe(`leanflow: ${ruleCount - 20} more plugin problems suppressed`);
    expect(result.stderr.length).toBeLessThan(15_000);
  });
});

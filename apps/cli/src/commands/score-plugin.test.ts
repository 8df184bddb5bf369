// `leanflow score --plugin`: third-party scoring rules run headless next to the built-in ones, listed in the JSON
// with their source; a plugin whose rule hangs is stopped, reported on stderr, and the command still finishes (exit 3).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, parseBpmn } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const examples = fileURLToPath(new URL('../../../../plugins/examples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-score-plugin-'));
writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);

// A plugin whose scoring rule never returns (blocks its worker).
const hanging = join(dir, 'hanging-rule');
mkdirSync(hanging);
writeFileSync(
  join(hanging, 'leanflow-plugin.json'),
  JSON.stringify({
    id: 'tests.hanging-rule', name: 'Hanging rule', version: '1.0.0', publisher: 'tests', engines: { leanflow: '^1.0.0' }, main: 'plugin.js',
    permissions: ['readModel'], contributes: { scoringRules: [{ id: 'tests.hang', title: 'Hangs forever' }] },
  }),
);
writeFileSync(join(hanging, 'plugin.js'), "export function activate(context) { context.subscriptions.push(context.scoring.registerRule('tests.hang', { evaluate() { for (;;) {} } })); }\n");

const run = cliRunner(dir);

interface ScoreJson {
  score: number | null;
  rules: { id: string; source: string; status: string; score: number | null; weight: number; category: string; reason?: string }[];
}

describe('leanflow score --plugin', () => {
  it('scores the example plugin’s rules next to the built-in ones, marked with their source', async () => {
    const { graph } = await parseBpmn(LEAD_TO_QUOTE_SAMPLE);
    const kinds = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask']);
    const tasks = graph!.nodes.filter((n) => kinds.has(n.kind));
    const named = tasks.filter((t) => t.name?.trim()).length;

    const withPlugin = await run('score', 'sample.bpmn', '--no-simulation', '--format', 'json', '--plugin', join(examples, 'lean-rules'));
    const without = await run('score', 'sample.bpmn', '--no-simulation', '--format', 'json');
    expect(withPlugin.code).toBe(0);
    const card = JSON.parse(withPlugin.stdout) as ScoreJson;
    const builtIn = JSON.parse(without.stdout) as ScoreJson;
    const plugin = card.rules.filter((r) => r.source === 'plugin:examples.lean-rules');
    expect(plugin.map((r) => [r.id, r.status, r.category, r.weight])).toEqual([
      ['examples.unnamedTasks', 'scored', 'modelQuality', 1],
      ['examples.manualSteps', 'scored', 'simplicity', 2],
    ]);
    expect(plugin[0]!.score).toBe(Math.round((100 * named) / tasks.length));
    expect(card.rules.filter((r) => r.source === 'built-in').map((r) => r.id)).toEqual(builtIn.rules.map((r) => r.id));
    // The overall score is the weighted mean over built-in and plugin rules alike.
    const scored = card.rules.filter((r) => r.status === 'scored' && r.weight > 0);
    const mean = scored.reduce((s, r) => s + r.weight * r.score!, 0) / scored.reduce((s, r) => s + r.weight, 0);
    expect(card.score).toBeCloseTo(mean, 1);
  });

  it('reports a hanging plugin on stderr and still finishes with the other rules', async () => {
    const started = Date.now();
    const result = await run('score', 'sample.bpmn', '--no-simulation', '--format', 'json', '--plugin', hanging, '--plugin', join(examples, 'lean-rules'));
    expect(Date.now() - started).toBeLessThan(15_000);
    // 3: a --plugin failed (the scorecard is still printed)
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/plugin tests\.hanging-rule crashed: not responding/);
    const card = JSON.parse(result.stdout) as ScoreJson;
    expect(card.rules.find((r) => r.id === 'tests.hang')).toMatchObject({ source: 'plugin:tests.hanging-rule', status: 'error' });
    expect(card.rules.find((r) => r.id === 'examples.unnamedTasks')).toMatchObject({ status: 'scored' });
  });

  it('reports a plugin that cannot be loaded and scores the rest', async () => {
    const result = await run('score', 'sample.bpmn', '--no-simulation', '--plugin', join(dir, 'missing-plugin'));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/plugin .*missing-plugin was refused/);
    expect(result.stdout).toMatch(/^Score /);
  });
});

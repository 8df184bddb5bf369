import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '@leanflow/plugin-api';
import { cliRunner } from '../testing.ts';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const fixtures = process.env.LEANFLOW_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures');
const c10 = join(fixtures, 'miwg', 'reference', 'C.1.0.bpmn');
const examples = join(repoRoot, 'plugins', 'examples');
const scratch = await mkdtemp(join(tmpdir(), 'leanflow-plugin-cli-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const run = cliRunner(repoRoot);

describe('leanflow plugin validate', () => {
  it('describes a valid plugin folder', async () => {
    const result = await run('plugin', 'validate', 'plugins/examples/lean-rules');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('examples.lean-rules 1.0.0 (Lean rules (example), by leanflow) is valid.');
    expect(result.stdout).toContain('contributes 0 commands, 0 views, 2 scoring rules, 1 suggestion provider, 1 diagnostics source, 1 setting, 1 process template');
    expect(result.stdout).toContain('activation events: onScoring, onSuggestions, onStartupFinished');
  });

  it('names the field and the reason for a bad manifest in a zip', async () => {
    const zip = join(scratch, 'bad.zip');
    const manifest = { id: 'acme.bad', name: 'Bad', version: 'one', publisher: 'acme', engines: { leanflow: '^9.0.0' }, main: 'plugin.js' };
    await writeFile(zip, zipSync({ 'leanflow-plugin.json': strToU8(JSON.stringify(manifest)), 'plugin.js': strToU8('export function activate() {}') }));
    const result = await run('plugin', 'validate', zip);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`leanflow plugin: ${zip} is not a valid plugin:\n  version: must be a semantic version like 1.0.0\n`);
  });

  it('accepts a zip with a built bundle and refuses an incompatible engine', async () => {
    const good = join(scratch, 'good.zip');
    const manifest = { id: 'acme.good', name: 'Good', version: '1.0.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'dist/plugin.js' };
    await writeFile(good, zipSync({ 'acme-good/leanflow-plugin.json': strToU8(JSON.stringify(manifest)), 'acme-good/dist/plugin.js': strToU8('export function activate() {}') }));
    expect((await run('plugin', 'validate', good)).code).toBe(0);
    const old = join(scratch, 'old.zip');
    await writeFile(old, zipSync({ 'leanflow-plugin.json': strToU8(JSON.stringify({ ...manifest, engines: { leanflow: '^2.0.0' } })), 'dist/plugin.js': strToU8('x') }));
    const result = await run('plugin', 'validate', old);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`engines.leanflow: this plugin needs the Leanflow plugin API ^2.0.0, but this Leanflow provides ${API_VERSION}`);
  });

  it('reports a keybinding on a core chord (ctrl+s) as a warning naming the keybinding; --strict fails on it', async () => {
    const zip = join(scratch, 'hijack.zip');
    const manifest = {
      id: 'acme.hijack', name: 'Hijack', version: '1.0.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'plugin.js',
      contributes: { commands: [{ command: 'acme.save', title: 'Save mine' }], keybindings: [{ command: 'acme.save', key: 'ctrl+s' }] },
    };
    await writeFile(zip, zipSync({ 'leanflow-plugin.json': strToU8(JSON.stringify(manifest)), 'plugin.js': strToU8('export function activate() {}') }));
    const result = await run('plugin', 'validate', zip);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('acme.hijack 1.0.0 (Hijack, by acme) is valid.');
    expect(result.stderr).toBe(
      'leanflow plugin: warning: contributes.keybindings.0.key: "ctrl+s" is the studio\'s Save (Ctrl+S); plugins cannot take core keybindings, so the studio refuses this one. Choose another key (a user can still bind it on purpose in Keyboard Shortcuts).\n',
    );
    expect((await run('plugin', 'validate', zip, '--strict')).code).toBe(1);
    expect((await run('plugin', 'validate', 'plugins/examples/lean-rules', '--strict')).code).toBe(0);
  });

  it('rejects a missing path and a missing action without a stack trace', async () => {
    const missing = await run('plugin', 'validate', 'no/such/plugin');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no/such/plugin: no such folder or file');
    const noAction = await run('plugin');
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toBe('leanflow plugin: Say what to do: leanflow plugin init|validate|pack|run|install ...\n');
  });
});

describe('leanflow plugin pack', () => {
  it('packs a TypeScript example into a zip that validates and runs like the folder', async () => {
    const zip = join(scratch, 'task-summary.zip');
    const packed = await run('plugin', 'pack', 'plugins/examples/task-summary', '--out', zip);
    expect(packed.stderr).toBe('');
    expect(packed.stdout).toMatch(/^wrote .*task-summary\.zip \(\d+\.\d KiB\)/);
    const validated = await run('plugin', 'validate', zip);
    expect(validated.stdout).toContain('  bundle: plugin.js (');
    const ran = await run('plugin', 'run', zip, c10, '--command', 'examples.taskSummary.show');
    expect(ran.stdout).toContain('Command result: {"tasks":9,"manual":4,"handOffs":4}');
  });

  it('keeps the process templates in the package', async () => {
    const zip = join(scratch, 'lean-rules.zip');
    expect((await run('plugin', 'pack', 'plugins/examples/lean-rules', '--out', zip)).code).toBe(0);
    expect((await run('plugin', 'validate', zip)).stdout).toContain('1 process template');
  });
});

describe('leanflow plugin run', () => {
  it('runs the scoring example headless on a real BPMN file', async () => {
    const result = await run('plugin', 'run', 'plugins/examples/lean-rules', c10);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Plugin examples\.lean-rules 1\.0\.0: active \(activated in \d+ ms\)$/m);
    expect(result.stdout).toContain('Scoring (weighted score 86.0):');
    expect(result.stdout).toMatch(/Few manual steps\s+79 {2}4 of 9 tasks are manual \(44%, limit 30%\)/);
    expect(result.stdout).toContain('Suggestions (Automate manual steps): none');
  });

  it('runs a command and shows its views, as text and JSON', async () => {
    const text = await run('plugin', 'run', 'plugins/examples/task-summary', c10, '--command', 'examples.taskSummary.show');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Command result: {"tasks":9,"manual":4,"handOffs":4}');
    expect(text.stdout).toMatch(/View Tasks per lane:\n {2}Lane\s+Task\s+Type\n/);
    expect(text.stdout).toContain('  Hand-offs between lanes: 4\n');
    const json = await run('plugin', 'run', 'plugins/examples/task-summary', c10, '--command', 'examples.taskSummary.show', '--format', 'json');
    const parsed = JSON.parse(json.stdout) as { command: { value: { tasks: number } }; views: Record<string, { rows?: unknown[] }> };
    expect(parsed.command.value.tasks).toBe(9);
    expect(parsed.views['examples.taskSummary.table']?.rows).toHaveLength(9);
  });

  it('reports a hanging plugin on stderr and still finishes', async () => {
    const started = performance.now();
    const result = await run('plugin', 'run', join(examples, 'test-fixtures', 'endless-loop'), c10, '--command', 'fixtures.loop.run');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Command failed: Endless loop (test fixture) crashed: not responding for more than 2000 ms');
    expect(result.stderr).toBe('leanflow: plugin fixtures.endless-loop crashed: not responding for more than 2000 ms (an endless loop?); stopped\n');
  });

  it('reports a plugin that throws on activate', async () => {
    const result = await run('plugin', 'run', join(examples, 'test-fixtures', 'throws-on-activate'), c10);
    expect(result.code).toBe(1);
    // its contributions are withdrawn with it, so its rule is not listed
    expect(result.stdout).toBe('Plugin fixtures.throws-on-activate 1.0.0: crashed (activate() failed: broken on purpose during activate)\n');
    expect(result.stderr).toBe('leanflow: plugin fixtures.throws-on-activate crashed: activate() failed: broken on purpose during activate\n');
  });

  it('refuses a file that is not BPMN', async () => {
    const notBpmn = join(scratch, 'note.bpmn');
    await writeFile(notBpmn, 'hello');
    const result = await run('plugin', 'run', 'plugins/examples/lean-rules', notBpmn);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^leanflow plugin: .*note\.bpmn cannot be read:\n {2}This is not an XML file/);
  });
});

describe('the built-in simplifications plugin', () => {
  it('offers the analysis suggestions through the plugin host, with edits that translate back exactly', async () => {
    const { BUILT_IN_SUGGESTION_PROVIDERS, analyseGraph } = await import('@leanflow/analysis');
    const { LEAD_TO_QUOTE_SAMPLE, loadDocument } = await import('@leanflow/model');
    const { processEditsToModelEdits } = await import('@leanflow/plugin-api');
    const file = join(scratch, 'lead-to-quote.bpmn');
    await writeFile(file, LEAD_TO_QUOTE_SAMPLE);
    const result = await run('plugin', 'run', 'plugins/simplifications', file, '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      status: { state: string };
      suggestions: { providerId: string; ok: boolean; suggestions: { id: string; title: string; elementIds: string[]; edits: Parameters<typeof processEditsToModelEdits>[0] }[] }[];
    };
    expect(parsed.suggestions).toHaveLength(BUILT_IN_SUGGESTION_PROVIDERS.length);
    expect(parsed.suggestions.every((p) => p.ok)).toBe(true);
    // The same providers called directly on the same model (no simulation in either: pool sizing offers nothing).
    const document = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
    const scenario = document.scenarios.find((s) => s.id === document.activeScenarioId);
    const input = { graph: document.graph!, definitions: document.definitions!, ...(scenario ? { scenario } : {}), analysis: analyseGraph(document.graph!, scenario) };
    const direct = BUILT_IN_SUGGESTION_PROVIDERS.flatMap((p) => p.provide(input));
    const viaPlugin = parsed.suggestions.flatMap((p) => p.suggestions);
    expect(viaPlugin.map((s) => s.id).sort()).toEqual(direct.map((s) => s.id).sort());
    expect(viaPlugin.length).toBeGreaterThanOrEqual(4);
    for (const s of viaPlugin) {
      const original = direct.find((d) => d.id === s.id)!;
      expect(s.title).toBe(original.title);
      expect(processEditsToModelEdits(s.edits).modelEdits).toEqual(original.edits);
    }
  }, 60_000);
});

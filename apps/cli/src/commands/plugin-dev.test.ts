// The plugin dev loop: `plugin init`, `plugin run --simulate` (dynamic rules get figures; without, the reason they
// are not applicable instead of a 0) and `plugin run --watch`.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { modelFromBpmn, simulateModel } from '@leanflow/plugin-host';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../testing.ts';
import { watchPluginRun } from './plugin.ts';

let dir: string;
let run: ReturnType<typeof cliRunner>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leanflow-plugin-dev-'));
  run = cliRunner(dir);
  await writeFile(join(dir, 'lead.bpmn'), LEAD_TO_QUOTE_SAMPLE);
  const init = await run('plugin', 'init', 'cycle', '--id', 'acme.cycle');
  expect(init.code).toBe(0);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('leanflow plugin init', () => {
  it('writes a complete plugin that validates', async () => {
    expect((await readdir(join(dir, 'cycle'))).sort()).toEqual(['.gitignore', 'README.md', 'leanflow-plugin.json', 'package.json', 'src', 'test', 'tsconfig.json']);
    const pkg = JSON.parse(await readFile(join(dir, 'cycle', 'package.json'), 'utf8')) as { keywords: string[]; scripts: Record<string, string> };
    expect(pkg.keywords).toContain('leanflow-plugin');
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['test', 'validate', 'build', 'dev']));
    const validated = await run('plugin', 'validate', 'cycle', '--strict');
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
  });

  it('refuses a folder that is not empty, a bad template and a bad id, writing nothing', async () => {
    const again = await run('plugin', 'init', 'cycle');
    expect(again).toMatchObject({ code: 2, stderr: 'leanflow plugin: cycle is not empty: give a new folder name (nothing was written).\n' });
    expect((await run('plugin', 'init', 'x', '--template', 'widget')).stderr).toBe('leanflow plugin: --template must be one of rule, suggestion, view.\n');
    expect((await run('plugin', 'init', 'y', '--id', 'noPublisher')).code).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['cycle', 'lead.bpmn']);
  });
});

describe('leanflow plugin run --simulate', () => {
  it('without a simulation shows why the dynamic rule is not applicable, not a 0', async () => {
    const result = await run('plugin', 'run', 'cycle', 'lead.bpmn');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Cycle time within target\s+n\/a {2}not applicable: Needs a simulation of the process/);
    expect(result.stdout).toContain('run again with --simulate');
  });

  it('with --simulate the rule scores the same run simulateModel gives for that seed', async () => {
    const result = await run('plugin', 'run', 'cycle', 'lead.bpmn', '--simulate', '--cases', '150', '--replications', '1', '--seed', '3', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { simulated: unknown; scoring: { rules: { score: number; metrics: { p90Minutes: number } }[] } };
    expect(json.simulated).toEqual({ cases: 150, replications: 1, seed: 3 });
    const model = (await modelFromBpmn(LEAD_TO_QUOTE_SAMPLE, 'lead.bpmn')).model!;
    const p90 = (await simulateModel(model, { cases: 150, replications: 1, seed: 3 })).cycleTimeP90!;
    expect(json.scoring.rules[0]!.metrics.p90Minutes).toBe(Math.round(p90 / 60));
    expect(json.scoring.rules[0]!.score).toBe(p90 <= 480 * 60 ? 100 : Math.round((100 * 480 * 60) / p90));
  });

  it('refuses --cases without --simulate', async () => {
    const result = await run('plugin', 'run', 'cycle', 'lead.bpmn', '--cases', '10');
    expect(result).toMatchObject({ code: 2, stderr: 'leanflow plugin: --cases, --replications and --seed go with --simulate.\n' });
  });
});

describe('leanflow plugin run --watch', () => {
  it('runs again when a source file changes, until stopped', async () => {
    let stdout = '';
    const io = { stdout: (t: string) => void (stdout += t), stderr: () => {}, cwd: dir };
    const stop = new AbortController();
    const watching = watchPluginRun(io, 'cycle', 'lead.bpmn', {}, stop.signal, 50);
    await expect.poll(() => stdout, { timeout: 30_000 }).toContain('Watching cycle and lead.bpmn');
    const source = join(dir, 'cycle', 'src', 'index.ts');
    await writeFile(source, (await readFile(source, 'utf8')).replace('Needs a simulation of the process', 'Edited: needs a simulation'));
    await expect.poll(() => stdout, { timeout: 30_000, interval: 100 }).toMatch(/index\.ts changed: running again[\s\S]*not applicable: Edited: needs a simulation/);
    stop.abort();
    expect(await watching).toBe(0);
  });
});

describe('leanflow plugin run: a thrown error names the source', () => {
  it('says the file, line and column of the TypeScript source (from the bundle source map)', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'boom', 'src'), { recursive: true });
    await writeFile(
      join(dir, 'boom', 'leanflow-plugin.json'),
      JSON.stringify({ id: 'acme.boom', name: 'Boom', version: '1.0.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'src/index.ts', contributes: { commands: [{ command: 'acme.boom', title: 'Boom' }] } }),
    );
    // Line 6, column 9: the `new Error` the frame points at.
    await writeFile(
      join(dir, 'boom', 'src', 'index.ts'),
      "import type { PluginContext } from '@leanflow/plugin-api';\n\ntype Reason = { readonly text: string };\n\nfunction fail(reason: Reason): never {\n  throw new Error(reason.text);\n}\n\nexport function activate(context: PluginContext): void {\n  context.commands.registerCommand('acme.boom', () => fail({ text: 'no quote' }));\n}\n",
    );
    const result = await run('plugin', 'run', 'boom', 'lead.bpmn', '--command', 'acme.boom');
    expect(result.stdout).toContain('Command failed: no quote (at src/index.ts:6:9)\n');
    expect(result.stderr).toContain('leanflow: plugin acme.boom (command acme.boom): no quote (at src/index.ts:6:9)');
  });
});

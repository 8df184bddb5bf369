// The plugin SDK outside this repository (issue 16): build the three publishable packages, `pnpm pack` them, install
// the tarballs with npm (offline: they have no dependencies) in a temporary folder outside the repo, scaffold a plugin
// there with the installed `leanflow` bin, run its tests with Vitest, type-check it against the published .d.ts,
// validate, pack and run the packed plugin. esbuild, Vitest and TypeScript, which a plugin author installs from npm,
// are linked from this repository's pnpm store (the test must not need the network).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiVersion, buildPackages } from './build-packages.ts';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'leanflow-sdk-'));
const project = join(work, 'author');
const bin = join(project, 'node_modules', '.bin', 'leanflow');

/** Runs a command; on failure the error carries its stdout and stderr, so the test output says what went wrong. */
async function sh(file: string, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, [...args], { cwd, env: { ...process.env, INIT_CWD: cwd, CI: '1' }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${message}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

let tarballs: string[] = [];

beforeAll(async () => {
  const { dirs } = await buildPackages({ outDir: join(work, 'build') });
  const packed = join(work, 'tarballs');
  mkdirSync(packed);
  for (const dir of Object.values(dirs)) await sh('pnpm', ['pack', '--pack-destination', packed], dir);
  tarballs = readdirSync(packed).map((name) => join(packed, name));
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "author", "private": true }\n');
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], project);
  for (const tool of ['esbuild', 'vitest', 'typescript']) symlinkSync(realpathSync(join(repo, 'node_modules', tool)), join(project, 'node_modules', tool), 'dir');
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the plugin SDK outside the repository', () => {
  it('packs three packages without dependencies; plugin-api is versioned as the API and ships one .d.ts tagged @since', () => {
    expect(tarballs.map((t) => t.replace(/^.*[\\/]/, '')).sort()).toEqual(['leanflow-cli-0.1.0.tgz', `leanflow-plugin-api-${apiVersion()}.tgz`, `leanflow-plugin-testing-${apiVersion()}.tgz`]);
    const installed = (name: string) => JSON.parse(readFileSync(join(project, 'node_modules', '@leanflow', name, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const name of ['cli', 'plugin-api', 'plugin-testing']) expect(installed(name).dependencies).toBeUndefined();
    expect(installed('cli').bin).toEqual({ leanflow: './dist/leanflow.js' });
    const dts = readFileSync(join(project, 'node_modules', '@leanflow', 'plugin-api', 'index.d.ts'), 'utf8');
    expect(dts).toContain(`export const API_VERSION = "${apiVersion()}";`);
    expect(dts).toMatch(/@since 1\.1\.0[\s\S]*export type UnscoredResult/);
    // No TypeScript in the CLI package: it runs built JavaScript only.
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    expect(files(join(project, 'node_modules', '@leanflow', 'cli')).filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('scaffolds a rule plugin whose tests pass, that type-checks, validates, packs and runs from its .zip', async () => {
    const started = performance.now();
    const init = await sh(bin, ['plugin', 'init', 'first-response', '--template', 'rule', '--id', 'acme.first-response'], project);
    expect(init.stdout).toMatch(/Wrote a rule plugin to first-response/);
    const plugin = join(project, 'first-response');
    const tests = await sh(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter', 'dot'], plugin);
    expect(`${tests.stdout}${tests.stderr}`).toMatch(/2 passed/);
    await sh(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'], plugin);
    const validated = await sh(bin, ['plugin', 'validate', '.', '--strict'], plugin);
    expect(validated.stdout).toMatch(/acme\.first-response 0\.1\.0 \(First response, by acme\) is valid/);
    await sh(bin, ['plugin', 'pack', '.', '--out', 'dist/plugin.zip'], plugin);
    const packedSeconds = (performance.now() - started) / 1000;
    expect(existsSync(join(plugin, 'dist', 'plugin.zip'))).toBe(true);
    console.log(`plugin init -> tests passed -> type-checked -> validated -> packed: ${packedSeconds.toFixed(1)} s`);
    const ran = await sh(bin, ['plugin', 'run', 'dist/plugin.zip', 'test/sample.bpmn', '--simulate', '--cases', '100', '--replications', '1'], plugin);
    expect(ran.stdout).toMatch(/Cycle time within target\s+\d+ {2}90% of cases finish within \d+ min/);
  }, 120_000);

  it('scaffolds suggestion and view plugins whose tests pass', async () => {
    for (const template of ['suggestion', 'view']) {
      await sh(bin, ['plugin', 'init', `my-${template}`, '--template', template], project);
      const tests = await sh(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter', 'dot'], join(project, `my-${template}`));
      expect(`${tests.stdout}${tests.stderr}`).toMatch(/1 passed/);
    }
  }, 120_000);
});

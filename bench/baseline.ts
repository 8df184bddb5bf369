// The engine before this branch, for "before | after" rows printed in the same run: `git archive` of
// packages/sim/src at the merge base with main (or LEANFLOW_BENCH_BASELINE), unpacked next to the current source so
// it resolves the same @leanflow/model, and imported from there.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where the baseline source is unpacked (git-ignored, removed by `removeBaselineSim`). */
export const BASELINE_DIR = `${root}packages/sim/.bench-baseline`;

/** The commit the baseline comes from. */
export function baselineRef(): string {
  if (process.env.LEANFLOW_BENCH_BASELINE) return process.env.LEANFLOW_BENCH_BASELINE;
  return execFileSync('git', ['merge-base', 'HEAD', 'main'], { cwd: root, encoding: 'utf8' }).trim();
}

/** Unpacks the baseline engine; returns the file URL of its entry (for `import()`, also inside child processes). */
export function unpackBaselineSim(ref = baselineRef()): string {
  rmSync(BASELINE_DIR, { recursive: true, force: true });
  mkdirSync(BASELINE_DIR, { recursive: true });
  const archive = execFileSync('git', ['archive', ref, 'packages/sim/src'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '--strip-components=2', '-C', BASELINE_DIR], { input: archive });
  return pathToFileURL(`${BASELINE_DIR}/src/index.ts`).href;
}

export function removeBaselineSim(): void {
  rmSync(BASELINE_DIR, { recursive: true, force: true });
}

/**
 * Bundles an engine entry (`.../src/index.ts`) with esbuild into one ES module next to the baseline and returns its
 * URL: the engine as it ships (the built CLI and the studio bundle it with esbuild, honouring the packages'
 * tsconfig). Run from sources under tsx the same code is slower: tsx applies the root tsconfig only to the files it
 * includes, so the packages' classes get define semantics for their fields, and every module stays separate.
 */
export async function bundleSim(entryUrl: string, name: string): Promise<string> {
  mkdirSync(BASELINE_DIR, { recursive: true });
  const outfile = `${BASELINE_DIR}/${name}.bundle.mjs`;
  await build({ entryPoints: [fileURLToPath(entryUrl)], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'warning' });
  return pathToFileURL(outfile).href;
}

/**
 * Bundles `bench/parallel-entry.ts` (the CLI's replication pool and the engine) and the CLI's replication worker into
 * one folder, the worker as `replication-worker.js` next to the entry, where the pool looks for it in a build;
 * returns the entry's URL. The parallel row then starts workers as the built CLI does.
 */
export async function bundleParallel(): Promise<string> {
  const outdir = `${BASELINE_DIR}/parallel`;
  await build({
    entryPoints: { 'parallel-bench': fileURLToPath(new URL('./parallel-entry.ts', import.meta.url)), 'replication-worker': `${root}apps/cli/src/replication-worker.ts` },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outdir,
    logLevel: 'warning',
  });
  return pathToFileURL(`${outdir}/parallel-bench.js`).href;
}

// CLI start-up (issue 20): wall time of the built CLI (`@leanflow/cli`'s bin, dist/packages/cli) for `version` and a
// one-case `simulate`, next to `node -e 0` (the floor: Node itself) and the old way (tsx compiling the TypeScript
// sources at run time), all in the same run. Targets: version < 0.3 s, one-case simulate < 0.5 s. Asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackages } from '../scripts/build-packages.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const { dirs } = await buildPackages({ only: ['cli'] });
const bin = join(dirs.cli, 'dist', 'leanflow.js');
const work = mkdtempSync(join(tmpdir(), 'leanflow-bench-startup-'));
const bpmn = join(work, 'lead.bpmn');
execFileSync(process.execPath, [bin, 'sample', '--out', bpmn]);

function time(args: readonly string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    execFileSync(process.execPath, args, { cwd: work, stdio: 'ignore' });
    times.push((performance.now() - started) / 1000);
  }
  return times;
}

const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const rows: [string, number[], string][] = [
  ['node -e 0 (baseline)', time(['-e', '0']), ''],
  ['leanflow version (built)', time([bin, 'version']), 'target < 0.3 s'],
  ['leanflow simulate, 1 case (built)', time([bin, 'simulate', bpmn, '--cases', '1', '--replications', '1']), 'target < 0.5 s'],
  ['leanflow version (tsx, sources)', time([tsx, join(root, 'apps', 'cli', 'src', 'main.ts'), 'version']), 'before'],
  ['leanflow simulate, 1 case (tsx, sources)', time([tsx, join(root, 'apps', 'cli', 'src', 'main.ts'), 'simulate', bpmn, '--cases', '1', '--replications', '1']), 'before'],
];
// On a loaded machine Node's own start swings most: the figure over the baseline is the CLI's own cost.
const baseline = median(rows[0]![1]);
console.log(`median of ${RUNS} runs, wall seconds; load average ${loadavg()[0]!.toFixed(1)}`);
for (const [name, times, note] of rows) {
  console.log(`${name.padEnd(44)} ${median(times).toFixed(3)} s  (min ${Math.min(...times).toFixed(3)}, +${(median(times) - baseline).toFixed(3)} s over node -e 0)  ${note}`);
}
rmSync(work, { recursive: true, force: true });

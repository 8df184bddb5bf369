// Staffing optimiser speed: the sample's front through `leanflow optimise` (in-process CLI, worker threads) with one
// thread against two, evaluations per second, and a single `simulate` of the same settings as the baseline unit.
// Prints figures; asserts nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
// The root has no workspace dependencies: import the public entries by path.
import { LEAD_TO_QUOTE_SAMPLE } from '../packages/model/src/index.ts';
import { cliRunner } from '../apps/cli/src/testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-bench-optimise-'));
writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
const run = cliRunner(dir);
console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const started = performance.now();
await run('simulate', 'sample.bpmn', '--format', 'json');
const single = performance.now() - started;
console.log(`one simulation of the sample (scenario settings, in this thread): ${Math.round(single)} ms`);

const seconds: Record<number, number> = {};
for (const threads of [1, 2]) {
  const t0 = performance.now();
  const { stdout, code } = await run('optimise', 'sample.bpmn', '--threads', String(threads), '--format', 'json');
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`optimise failed with ${code}`);
  const json = JSON.parse(stdout);
  seconds[threads] = wall;
  console.log(
    `optimise the sample, ${threads} thread${threads === 1 ? ' ' : 's'}: ${wall.toFixed(2)} s wall (search ${json.seconds.toFixed(2)} s), ${json.evaluations} staffings (${json.method}), ${(json.evaluations / json.seconds).toFixed(1)} staffings/s, front of ${json.front.length}`,
  );
}
console.log(`two threads against one: ${(seconds[1]! / seconds[2]!).toFixed(2)}x faster`);
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

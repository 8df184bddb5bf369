// `pnpm leanflow ...` in this repository: runs the built CLI (dist/packages/cli, made by `pnpm install` through the
// root `prepare` script), rebuilding it first when it is missing or older than a source file it is made from, so a
// checkout never runs stale code. Outside the repository the CLI is the `leanflow` bin of @leanflow/cli.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'packages', 'cli', 'dist', 'leanflow.js');
const sources = ['apps/cli/src', 'packages/model/src', 'packages/sim/src', 'packages/analysis/src', 'packages/plugin-api/src', 'packages/plugin-host/src', 'plugins/lean-scorecard', 'plugins/simplifications'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
if (built === 0 || sources.some((dir) => existsSync(join(root, dir)) && newestMtime(join(root, dir)) > built)) {
  process.stderr.write('leanflow: building the CLI (dist/packages/cli)...\n');
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-packages.ts'), 'cli'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
await import(pathToFileURL(bundle).href);

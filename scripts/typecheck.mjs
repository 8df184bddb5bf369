// Type-checks every package with its own tsconfig: DOM-free layers have no DOM lib, so a stray
// `document` fails here. Test files are checked by tsconfig.tests.json (they may use Node APIs).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const projects = ['tsconfig.json', 'tsconfig.tests.json'];
for (const group of ['packages', 'plugins', 'plugins/examples', 'apps']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const config = join(group, name, 'tsconfig.json');
    if (existsSync(config)) projects.push(config);
  }
}
const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
let failed = 0;
for (const project of projects) {
  process.stdout.write(`typecheck ${project}\n`);
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
  } catch {
    failed++;
  }
}
if (failed) {
  console.error(`typecheck: ${failed} project(s) failed`);
  process.exit(1);
}

// `pnpm bench`: runs every bench/*.bench.ts in turn (each prints its own figures) and the machine it ran on.
// Figures go into docs/performance.md by hand, with the date and the machine.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
for (const file of files) {
  console.log(`\n## ${file}`);
  execFileSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
}

#!/usr/bin/env node
// `pnpm leanflow <command>`: the headless Leanflow CLI.
import type { CommandIo } from './command.ts';

const argv = process.argv.slice(2);
const io: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // pnpm runs scripts from the repo root; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  ...(process.stderr.isTTY ? { progress: terminalProgress() } : {}),
};

/** One line on stderr, redrawn at most 10 times a second and cleared when done (a terminal only). */
function terminalProgress(): (label: string, fraction: number) => void {
  let last = -Infinity;
  let shown = false;
  return (label, fraction) => {
    if (fraction >= 1) {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
      return;
    }
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    const width = 30;
    const filled = Math.round(fraction * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}%`);
    shown = true;
  };
}
// `version` answers without loading the engine, the schemas and the plugin host (in the built CLI those are
// separate chunks): for it, start-up is nearly all of the time.
const versionOnly = argv.length === 1 && ['version', '--version', '-v'].includes(argv[0]!);
const exitCode = versionOnly
  ? await (await import('./commands/version.ts')).versionCommand.run({ values: {}, positionals: [] }, io)
  : await (await import('./cli.ts')).runCli(argv, io);
process.exitCode = exitCode;

#!/usr/bin/env node
// `pnpm leanflow <command>`: the headless Leanflow CLI.
import type { CommandIo } from './command.ts';

const argv = process.argv.slice(2);
const io: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // pnpm runs scripts from the repo root; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
};
// `version` answers without loading the engine, the schemas and the plugin host (in the built CLI those are
// separate chunks): for it, start-up is nearly all of the time.
const versionOnly = argv.length === 1 && ['version', '--version', '-v'].includes(argv[0]!);
const exitCode = versionOnly
  ? await (await import('./commands/version.ts')).versionCommand.run({ values: {}, positionals: [] }, io)
  : await (await import('./cli.ts')).runCli(argv, io);
process.exitCode = exitCode;

#!/usr/bin/env node
// `pnpm leanflow <command>`: the headless Leanflow CLI.
import { runCli } from './cli.ts';

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // pnpm runs scripts from the repo root; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exitCode = exitCode;

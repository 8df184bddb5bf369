// Argument parsing and dispatch, separate from main.ts so tests can run the CLI in-process.
import { parseArgs } from 'node:util';
import { UserInputError, type CliCommand, type CommandIo } from './command.ts';
import { commands } from './commands/index.ts';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Leanflow: simulate, score and simplify BPMN processes from the command line.',
    '',
    'Usage: pnpm leanflow <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `pnpm leanflow <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  return `${command.summary}\n\nUsage: ${command.usage}\n`;
}

/** Runs the CLI with the given arguments; returns the exit code. Never throws for user errors. */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? commandHelp(topic) : overview());
    return 0;
  }
  if (name === '--version' || name === '-v') return runCli(['version'], io);
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`leanflow: unknown command "${name}". Run \`pnpm leanflow --help\` to list commands.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return 0;
  }
  try {
    const parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: command.allowPositionals, strict: true });
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UserInputError) {
      io.stderr(`leanflow ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`leanflow ${command.name}: ${(error as Error).message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    // A bug, not bad input: say so plainly, keep the detail for a bug report.
    io.stderr(`leanflow ${command.name}: internal error: ${(error as Error).message}\n`);
    if (process.env.LEANFLOW_DEBUG) io.stderr(`${(error as Error).stack ?? ''}\n`);
    return 70;
  }
}

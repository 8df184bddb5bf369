// Test helper for the CLI's commands: runs `leanflow <argv>` in-process and collects what it printed.
import { runCli } from './cli.ts';

/** What one run of the CLI printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A function that runs the CLI with `cwd` as its working folder.
 *
 * @example
 * const run = cliRunner(dir);
 * const { code, stdout } = await run('score', 'sample.bpmn', '--format', 'json');
 */
export function cliRunner(cwd: string): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
    return { code, stdout, stderr };
  };
}

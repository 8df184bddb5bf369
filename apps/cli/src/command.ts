// What a CLI command is. Each command lives in ./commands/<name>.ts and is listed in ./commands/index.ts.
import type { ParseArgsConfig } from 'node:util';

export interface CommandIo {
  /** Normal output (results). */
  readonly stdout: (text: string) => void;
  /** Warnings and errors for people. */
  readonly stderr: (text: string) => void;
  /** The directory relative paths are resolved against (where the user ran `pnpm leanflow`). */
  readonly cwd: string;
  /**
   * Progress of a long step (0..1), for people watching: `main.ts` draws a line on stderr when it is a terminal and
   * leaves this out otherwise (pipes, files, tests), so output that tools read never contains it.
   */
  readonly progress?: (label: string, fraction: number) => void;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `leanflow --help`. */
  readonly summary: string;
  /** Usage line(s) and option descriptions for `leanflow <name> --help`. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Whether positionals are accepted. */
  readonly allowPositionals: boolean;
  /** Returns the exit code. Throws `UserInputError` for bad arguments or files. */
  run(
    args: { readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>; readonly positionals: readonly string[] },
    io: CommandIo,
  ): Promise<number>;
}

/**
 * Bad arguments or files: printed as a clear message on stderr with a non-zero exit, never a stack trace.
 */
export class UserInputError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserInputError';
  }
}

// Small helpers shared by commands: resolving and reading user files with clear errors.
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { UserInputError, type CommandIo } from './command.ts';

export function resolveUserPath(io: CommandIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

export async function readUserFile(io: CommandIo, path: string): Promise<string> {
  return new TextDecoder().decode(await readUserBytes(io, path));
}

/**
 * A file's bytes, for BPMN files: `loadDocument`/`parseBpmn` decode them as the file declares (ISO-8859-1,
 * windows-1252...) and report bytes that do not decode with their line, instead of a silent U+FFFD.
 */
export async function readUserBytes(io: CommandIo, path: string): Promise<Uint8Array> {
  const full = resolveUserPath(io, path);
  try {
    return await readFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserInputError(`Cannot open ${path}: no such file.`);
    if (code === 'EISDIR') throw new UserInputError(`Cannot open ${path}: it is a folder, not a file.`);
    if (code === 'EACCES') throw new UserInputError(`Cannot open ${path}: permission denied.`);
    throw new UserInputError(`Cannot open ${path}: ${(error as Error).message}`);
  }
}

export async function writeUserFile(io: CommandIo, path: string, content: string): Promise<void> {
  const full = resolveUserPath(io, path);
  try {
    await writeFile(full, content, 'utf8');
  } catch (error) {
    throw new UserInputError(`Cannot write ${path}: ${(error as Error).message}`);
  }
}

/** Reads `--format` and checks it against the formats a command supports. */
export function readFormat<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UserInputError(`Unknown --format ${String(value)}. Use one of: ${allowed.join(', ')}.`);
}

/** Reads a whole-number option such as `--cases 1000`. */
export function readInteger(name: string, value: unknown, { min = 0 }: { min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(number) || number < min) {
    throw new UserInputError(`--${name} needs a whole number of at least ${min}, got "${String(value)}".`);
  }
  return number;
}

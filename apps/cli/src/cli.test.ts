import { describe, expect, it } from 'vitest';
import { cliRunner } from './testing.ts';

const run = cliRunner(process.cwd());

describe('leanflow CLI', () => {
  it('lists its commands with --help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pnpm leanflow <command>');
    expect(result.stdout).toMatch(/^\s+version\s+Print the Leanflow version$/m);
  });

  it('rejects an unknown command with a clear message and exit 2', async () => {
    const result = await run('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('leanflow: unknown command "frobnicate". Run `pnpm leanflow --help` to list commands.\n');
  });

  it('rejects an unknown option without a stack trace', async () => {
    const result = await run('version', '--bogus');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

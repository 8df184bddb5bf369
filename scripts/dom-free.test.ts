// The DOM-free layers (model, sim, analysis, plugin-api) are compiled without the DOM lib: a stray
// `document` must fail the type check rather than crash a Web Worker or Node at run time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

describe.each(['model', 'sim', 'analysis', 'plugin-api'])('packages/%s', (name) => {
  it('has no DOM lib, so `document` does not compile', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, 'packages', name, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { lib: string[]; types: string[] };
    };
    expect(config.compilerOptions.lib.some((lib) => lib.toLowerCase().startsWith('dom'))).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'leanflow-domfree-'));
    try {
      writeFileSync(join(dir, 'probe.ts'), 'export const title = document.title;\n');
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: join(repoRoot, 'tsconfig.base.json'),
          compilerOptions: { ...config.compilerOptions, typeRoots: [] },
          files: ['probe.ts'],
        }),
      );
      let output = '';
      try {
        execFileSync(process.execPath, [tsc, '--noEmit', '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        output = (error as { stdout: string }).stdout;
      }
      expect(output).toContain("Cannot find name 'document'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Proves the layer check bites: an upward import between packages, a plugin reaching past plugin-api, and a
// deep import of another package's internals each fail `pnpm layers`; a downward import passes.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const depcruise = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
let workspace: string | undefined;

function fakeWorkspace(files: Record<string, string>): string {
  workspace = mkdtempSync(join(tmpdir(), 'leanflow-layers-'));
  cpSync(join(repoRoot, '.dependency-cruiser.cjs'), join(workspace, '.dependency-cruiser.cjs'));
  cpSync(join(repoRoot, 'tsconfig.base.json'), join(workspace, 'tsconfig.base.json'));
  mkdirSync(join(workspace, 'plugins'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  return workspace;
}

function checkLayers(cwd: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(process.execPath, [depcruise, '--config', '.dependency-cruiser.cjs', 'packages', 'plugins'], {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { ok: true, output };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

afterEach(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

describe('layer check', () => {
  it('accepts a downward import (sim -> model)', () => {
    const cwd = fakeWorkspace({
      'packages/model/src/index.ts': 'export const model = 1;\n',
      'packages/sim/src/index.ts': "import { model } from '../../model/src/index.ts';\nexport const sim = model;\n",
      'plugins/ok/src/index.ts': 'export const ok = 1;\n',
    });
    const result = checkLayers(cwd);
    expect(result.output).toContain('no dependency violations found');
    expect(result.ok).toBe(true);
  });

  it('fails an upward import (model -> sim)', () => {
    const cwd = fakeWorkspace({
      'packages/model/src/index.ts': "import { sim } from '../../sim/src/index.ts';\nexport const model = sim;\n",
      'packages/sim/src/index.ts': 'export const sim = 1;\n',
    });
    const result = checkLayers(cwd);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('layer-model-no-upward-imports');
  });

  it('fails a plugin that imports anything but plugin-api', () => {
    const cwd = fakeWorkspace({
      'packages/sim/src/index.ts': 'export const sim = 1;\n',
      'plugins/bad/src/index.ts': "import { sim } from '../../../packages/sim/src/index.ts';\nexport const bad = sim;\n",
    });
    const result = checkLayers(cwd);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('plugins-only-use-plugin-api');
  });

  it("fails a deep import of another package's internals", () => {
    const cwd = fakeWorkspace({
      'packages/model/src/index.ts': 'export {};\n',
      'packages/model/src/graph.ts': 'export const graph = 1;\n',
      'packages/sim/src/index.ts': "import { graph } from '../../model/src/graph.ts';\nexport const sim = graph;\n",
    });
    const result = checkLayers(cwd);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('one-public-entry-per-package');
  });
});

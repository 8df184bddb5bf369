// The plugin host treats every plugin alike: which built-in plugin's rules and suggestions are the product's own is
// known only to the set-up (the studio's builtin-ids.ts, the CLI's plugin-runner.ts), which passes it as options.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PLUGIN_IDS } from '../apps/cli/src/commands/plugin-runner.ts';
import { LEAN_SCORECARD_PLUGIN_ID, SIMPLIFICATIONS_PLUGIN_ID } from '../packages/workbench/src/features/extensions/builtin-ids.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The `id` of every plugin in plugins/ (built-in and examples). */
function pluginIds(dir = join(repoRoot, 'plugins')): string[] {
  const ids: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules' || !statSync(path).isDirectory()) continue;
    const manifest = join(path, 'leanflow-plugin.json');
    try {
      ids.push((JSON.parse(readFileSync(manifest, 'utf8')) as { id: string }).id);
    } catch {
      ids.push(...pluginIds(path));
    }
  }
  return ids;
}

/** The non-test TypeScript sources of packages/plugin-host/src. */
function hostSources(dir = join(repoRoot, 'packages', 'plugin-host', 'src')): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return hostSources(path);
    return entry.endsWith('.ts') && !entry.endsWith('.test.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('built-in plugin ids', () => {
  const ids = pluginIds();

  it('finds the built-in plugins in plugins/', () => {
    expect(ids).toEqual(expect.arrayContaining(['leanflow.lean-scorecard', 'leanflow.simplifications']));
  });

  it('are not mentioned in the plugin host sources', () => {
    const mentions = hostSources().flatMap(({ path, text }) => ids.filter((id) => text.includes(id)).map((id) => `${path.slice(repoRoot.length)}: ${id}`));
    expect(mentions).toEqual([]);
  });

  it('match the manifests in both set-ups (studio and CLI)', () => {
    const manifest = (folder: string) => (JSON.parse(readFileSync(join(repoRoot, 'plugins', folder, 'leanflow-plugin.json'), 'utf8')) as { id: string }).id;
    expect(LEAN_SCORECARD_PLUGIN_ID).toBe(manifest('lean-scorecard'));
    expect(SIMPLIFICATIONS_PLUGIN_ID).toBe(manifest('simplifications'));
    expect(BUILT_IN_PLUGIN_IDS).toEqual({ leanScorecard: manifest('lean-scorecard'), simplifications: manifest('simplifications') });
  });
});

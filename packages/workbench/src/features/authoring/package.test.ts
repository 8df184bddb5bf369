// Export: the .zip the authoring tab downloads is what `leanflow plugin pack` makes and the Extensions view installs.
import { validateManifest } from '@leanflow/plugin-api';
import { readPluginZip } from '@leanflow/plugin-host';
import { describe, expect, it } from 'vitest';
import { createPluginPackage } from './package.ts';
import { createPluginScaffold } from './scaffold.ts';

const compiled = "export function activate(context) { context.subscriptions.push(context.scoring.registerRule('local.stepCount1', { evaluate: () => ({ score: 100, findings: [] }) })); }\n";

describe('createPluginPackage', () => {
  it('packs the manifest and the compiled bundle into an installable zip', () => {
    const manifest = JSON.parse(createPluginScaffold(1).manifest) as { id: string; version: string; main: string };
    const { fileName, bytes } = createPluginPackage(manifest, compiled);
    expect(fileName).toBe('local.step-count-1-0.1.0.zip');
    const loaded = readPluginZip(bytes, fileName);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.bundle.code).toBe(compiled);
    const validation = validateManifest(loaded.bundle.manifest);
    expect(validation.ok).toBe(true);
    expect(loaded.bundle.manifest).toMatchObject({ id: 'local.step-count-1', main: 'plugin.js' });
  });

  it('points a TypeScript main at the bundle and keeps a JavaScript one', () => {
    const base = JSON.parse(createPluginScaffold(2).manifest) as { id: string; version: string; main: string };
    const ts = readPluginZip(createPluginPackage({ ...base, main: 'src/index.ts' }, compiled).bytes);
    expect(ts.ok && (ts.bundle.manifest as { main: string }).main).toBe('plugin.js');
    const js = readPluginZip(createPluginPackage({ ...base, main: './dist/rule.mjs' }, compiled).bytes);
    expect(js.ok && (js.bundle.manifest as { main: string }).main).toBe('dist/rule.mjs');
    expect(js.ok && js.bundle.code).toBe(compiled);
  });
});

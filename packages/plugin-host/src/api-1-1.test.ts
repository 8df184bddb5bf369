// Plugin API 1.1 additions, through the real host and worker: typed settings with defaults, getActiveModelStatus,
// status items that follow their fields without show(), and commands that get a cancellation token.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginTestHost } from '@leanflow/plugin-host';

let folder: string;

async function plugin(name: string, permissions: string[], code: string): Promise<string> {
  const dir = join(folder, name);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir);
  const manifest = {
    id: `acme.${name}`,
    name,
    version: '1.0.0',
    publisher: 'acme',
    engines: { leanflow: '^1.1.0' },
    main: 'plugin.js',
    permissions,
    activationEvents: ['*'],
    contributes: {
      commands: ['status', 'settings', 'model', 'long', 'wasCancelled'].map((c) => ({ command: `acme.${c}`, title: c })),
      configuration: { properties: { 'acme.limit': { type: 'number', default: 3 }, 'acme.label': { type: 'string' } } },
    },
  };
  await writeFile(join(dir, 'leanflow-plugin.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'plugin.js'), code);
  return dir;
}

const CODE = `
let cancelled = false;
export function activate(context) {
  const item = context.window.createStatusBarItem({ id: 'acme.item' });
  item.text = 'before';
  item.show();
  context.commands.registerCommand('acme.status', () => { item.text = 'after'; item.tooltip = 'changed'; return null; });
  context.commands.registerCommand('acme.settings', () => [context.configuration.get('acme.limit', 10), context.configuration.get('acme.label', 'none'), context.configuration.get('acme.missing', true)]);
  context.commands.registerCommand('acme.model', () => context.model.getActiveModelStatus().state);
  context.commands.registerCancellableCommand('acme.long', (token) => new Promise((resolve) => token.onCancellationRequested(() => { cancelled = true; resolve('stopped'); })));
  context.commands.registerCommand('acme.wasCancelled', () => cancelled);
}`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'leanflow-api11-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('plugin API 1.1', () => {
  it('settings typed by their default, status items updated without show(), the model status', async () => {
    const dir = await plugin('full', ['readModel'], CODE);
    const test = await createPluginTestHost({ bpmnXml: LEAD_TO_QUOTE_SAMPLE, configuration: { 'acme.full': { 'acme.label': 42 } } });
    try {
      await test.install(dir);
      await test.host.startupFinished();
      // The declared default 3 wins over the call's 10; a number where a string is expected gives the call's default.
      expect(await test.host.executeCommand('acme.settings')).toEqual({ ok: true, value: [3, 'none', true] });
      expect(await test.host.executeCommand('acme.model')).toEqual({ ok: true, value: 'open' });
      expect(test.host.contributions.statusBarItems().map((i) => i.text)).toEqual(['before']);
      await test.host.executeCommand('acme.status');
      await expect.poll(() => test.host.contributions.statusBarItems().map((i) => [i.text, i.tooltip])).toEqual([['after', 'changed']]);
    } finally {
      await test.dispose();
    }
  });

  it('tells a missing permission from no open model', async () => {
    const withoutPermission = await createPluginTestHost({ bpmnXml: LEAD_TO_QUOTE_SAMPLE });
    const noModel = await createPluginTestHost({});
    try {
      await withoutPermission.install(await plugin('bare', [], CODE));
      expect(await withoutPermission.host.executeCommand('acme.model')).toEqual({ ok: true, value: 'noPermission' });
      await noModel.install(await plugin('empty', ['readModel'], CODE));
      expect(await noModel.host.executeCommand('acme.model')).toEqual({ ok: true, value: 'noModel' });
    } finally {
      await withoutPermission.dispose();
      await noModel.dispose();
    }
  });

  it('cancels the token of a command that runs out of time', async () => {
    const test = await createPluginTestHost({ limits: { commandTimeoutMs: 300 } });
    try {
      await test.install(await plugin('slow', [], CODE));
      const outcome = await test.host.executeCommand('acme.long');
      expect(outcome.ok).toBe(false);
      await expect.poll(() => test.host.executeCommand('acme.wasCancelled')).toEqual({ ok: true, value: true });
    } finally {
      await test.dispose();
    }
  });
});

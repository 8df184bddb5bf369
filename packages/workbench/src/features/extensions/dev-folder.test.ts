// A development plugin loaded from a folder reloads when its files change: the real service and host (Node
// workers), the folder an in-memory stand-in for a File System Access directory handle whose files get new
// times and contents, as an author's build writes them.
import { describe, expect, it } from 'vitest';
import { createNodeTransportFactory } from '@leanflow/plugin-host';
import { I18nService } from '../../i18n/i18n.ts';
import { CommandRegistry } from '../../services/commands.ts';
import { ContextKeyService } from '../../services/context-keys.ts';
import { StatusBarRegistry, ViewRegistry } from '../../services/contributions.ts';
import { DialogService } from '../../services/dialogs.ts';
import { DocumentService } from '../../services/documents.ts';
import { KeybindingRegistry } from '../../services/keybindings.ts';
import { LayoutService } from '../../services/layout.ts';
import { NotificationService, OutputService, ProblemsService } from '../../services/notifications.ts';
import { SettingsRegistry } from '../../services/settings.ts';
import { canWatchFolders, readPluginFolder, type DirectoryLike } from './dev-folder.ts';
import { EXTENSIONS_EN } from './messages.ts';
import { createMemoryPluginStore } from './plugin-store.ts';
import { PluginService } from './plugin-service.ts';

/** A folder of text files keyed by path; `write` gives the file a new time, as a save does. */
function memoryFolder(name: string, files: Record<string, string>): DirectoryLike & { write(path: string, text: string): void; remove(path: string): void } {
  const entries = new Map(Object.entries(files).map(([path, text]) => [path, { text, time: 1 }]));
  let clock = 1;
  const folder = (prefix: string): DirectoryLike => ({
    name: prefix === '' ? name : prefix.split('/').at(-2)!,
    async getDirectoryHandle(child) {
      if (![...entries.keys()].some((p) => p.startsWith(`${prefix}${child}/`))) throw Object.assign(new Error('not found'), { name: 'NotFoundError' });
      return folder(`${prefix}${child}/`);
    },
    async getFileHandle(child) {
      const entry = entries.get(`${prefix}${child}`);
      if (!entry) throw Object.assign(new Error('not found'), { name: 'NotFoundError' });
      const bytes = new TextEncoder().encode(entry.text);
      return { getFile: async () => ({ lastModified: entry.time, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer }) };
    },
  });
  return Object.assign(folder(''), {
    write(path: string, text: string) {
      entries.set(path, { text, time: ++clock });
    },
    remove(path: string) {
      entries.delete(path);
    },
  });
}

const MANIFEST = JSON.stringify({ id: 'acme.dev', name: 'Dev plugin', version: '0.1.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'dist/plugin.js', contributes: { commands: [{ command: 'acme.dev.hello', title: 'Hello' }] } });
const code = (answer: string) => `export function activate(context) {\n  context.commands.registerCommand('acme.dev.hello', () => '${answer}');\n}\n`;

function createService() {
  const contextKeys = new ContextKeyService();
  const i18n = new I18nService('en');
  i18n.addMessages('en', EXTENSIONS_EN);
  const workbench = {
    contextKeys,
    commands: new CommandRegistry(contextKeys),
    keybindings: new KeybindingRegistry(contextKeys, false),
    settings: new SettingsRegistry(),
    views: new ViewRegistry(),
    statusBar: new StatusBarRegistry(),
    problems: new ProblemsService(),
    output: new OutputService(),
    notifications: new NotificationService(),
    documents: new DocumentService(),
    i18n,
    dialogs: new DialogService(),
    layout: new LayoutService(),
    activeEditor: undefined,
  };
  return { workbench, service: new PluginService({ workbench, createTransport: createNodeTransportFactory(), store: createMemoryPluginStore(), builtIns: [], modelDebounceMs: 0 }) };
}

describe('development plugin from a folder', () => {
  it('reads the manifest, the built main and its map file; the fingerprint follows the files', async () => {
    const folder = memoryFolder('my-plugin', { 'leanflow-plugin.json': MANIFEST, 'dist/plugin.js': `${code('one')}//# sourceMappingURL=plugin.js.map\n`, 'dist/plugin.js.map': '{"version":3,"sources":[],"mappings":""}' });
    const first = await readPluginFolder(folder);
    expect(first.files).toEqual(['dist/plugin.js', 'dist/plugin.js.map', 'leanflow-plugin.json']);
    expect(first.loaded.ok && first.loaded.bundle.sourceMap).toBe('{"version":3,"sources":[],"mappings":""}');
    folder.write('dist/plugin.js.map', '{"version":3,"sources":["a.ts"],"mappings":""}');
    expect((await readPluginFolder(folder)).fingerprint).not.toBe(first.fingerprint);
  });

  it('reloads the plugin when its bundle changes, says so in the Output, and stops when asked', async () => {
    const { workbench, service } = createService();
    await service.start();
    try {
      const folder = memoryFolder('my-plugin', { 'leanflow-plugin.json': MANIFEST, 'dist/plugin.js': code('one') });
      const loaded = await service.loadDevelopmentFolder(folder, 20);
      expect(loaded.ok).toBe(true);
      expect(service.info('acme.dev')).toMatchObject({ development: true, watchedFolder: 'my-plugin' });
      expect(await service.host.executeCommand('acme.dev.hello')).toEqual({ ok: true, value: 'one' });

      folder.write('dist/plugin.js', code('two'));
      await expect.poll(async () => (await service.host.executeCommand('acme.dev.hello')).ok && (await service.host.executeCommand('acme.dev.hello')), { timeout: 10_000, interval: 50 }).toEqual({ ok: true, value: 'two' });
      expect(workbench.output.all().map((l) => l.text)).toContain('Dev plugin reloaded: files in "my-plugin" changed.');

      // A broken manifest keeps the running plugin and says why in the Output.
      folder.write('leanflow-plugin.json', '{ not json');
      await expect.poll(() => workbench.output.all().some((l) => l.text.startsWith('The plugin in "my-plugin" could not be reloaded: leanflow-plugin.json is not valid JSON')), { timeout: 10_000, interval: 50 }).toBe(true);
      expect(await service.host.executeCommand('acme.dev.hello')).toEqual({ ok: true, value: 'two' });

      service.stopWatching('acme.dev');
      expect(service.info('acme.dev')?.watchedFolder).toBeUndefined();
      folder.write('leanflow-plugin.json', MANIFEST);
      folder.write('dist/plugin.js', code('three'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await service.host.executeCommand('acme.dev.hello')).toEqual({ ok: true, value: 'two' });
    } finally {
      service.dispose();
    }
  });

  it('knows whether the browser can watch a folder', () => {
    expect(canWatchFolders({})).toBe(false);
    expect(canWatchFolders({ showDirectoryPicker: () => undefined })).toBe(true);
  });
});

// Plugin API 1.2 view additions, through the real host and worker: a lazy tree tells the studio its data changed
// (`onDidChangeTreeData`), and `setViewContent` says what became of the content.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventEmitter } from '@leanflow/plugin-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginTestHost, type ContributionChange } from '@leanflow/plugin-host';

let folder: string;

async function plugin(code: string): Promise<string> {
  const dir = join(folder, `p${Math.random().toString(36).slice(2)}`);
  await mkdir(dir);
  const manifest = {
    id: 'acme.views',
    name: 'Views',
    version: '1.0.0',
    publisher: 'acme',
    engines: { leanflow: '^1.2.0' },
    main: 'plugin.js',
    activationEvents: ['*'],
    contributes: {
      commands: ['add', 'rename', 'show', 'stopTree'].map((c) => ({ command: `acme.${c}`, title: c })),
      views: [
        { id: 'acme.tree', name: 'Queue', kind: 'tree' },
        { id: 'acme.notes', name: 'Notes', kind: 'markdown' },
      ],
    },
  };
  await writeFile(join(dir, 'leanflow-plugin.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'plugin.js'), code);
  return dir;
}

// A queue of groups with items; `add` adds a group (the whole tree changed), `rename` renames an item of group A
// (only A's children changed).
const CODE = `
const listeners = new Set();
const onDidChangeTreeData = (listener) => { listeners.add(listener); return { dispose: () => listeners.delete(listener) }; };
const fire = (element) => { for (const l of listeners) l(element); };
const groups = [{ name: 'A', items: ['a1'] }];
let registration;
export function activate(context) {
  registration = context.views.registerTreeDataProvider('acme.tree', {
    getChildren: (group) => (group ? group.items : groups),
    getTreeItem: (value) => (typeof value === 'string' ? { label: value } : { label: value.name, collapsible: true }),
    onDidChangeTreeData,
  });
  context.commands.registerCommand('acme.add', () => { groups.push({ name: 'B', items: [] }); fire(undefined); return null; });
  context.commands.registerCommand('acme.rename', () => { groups[0].items[0] = 'a1 (renamed)'; fire(groups[0]); return null; });
  context.commands.registerCommand('acme.show', async () => [
    await context.views.setViewContent('acme.notes', { kind: 'markdown', markdown: '# Notes' }),
    await context.views.setViewContent('acme.notes', { kind: 'table', columns: [{ key: 'a', title: 'A' }], rows: [] }),
    await context.views.setViewContent('acme.tree', { kind: 'tree', nodes: [{ label: 'static' }] }),
  ]);
  context.commands.registerCommand('acme.stopTree', async () => { registration.dispose(); return context.views.setViewContent('acme.tree', { kind: 'tree', nodes: [{ label: 'static' }] }); });
}`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'leanflow-api12-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('plugin API 1.2 views', () => {
  it('onDidChangeTreeData: the studio hears which rows changed and gets the new rows', async () => {
    const test = await createPluginTestHost();
    const changes: ContributionChange[] = [];
    try {
      await test.install(await plugin(CODE));
      await test.host.startupFinished();
      test.host.contributions.onDidChange((c) => void (c.kind === 'treeData' && changes.push(c)));
      const roots = await test.host.getTreeChildren('acme.tree');
      expect(roots.map((r) => r.item.label)).toEqual(['A']);
      const groupA = roots[0]!.handle;
      expect((await test.host.getTreeChildren('acme.tree', groupA)).map((r) => r.item.label)).toEqual(['a1']);

      await test.host.executeCommand('acme.rename');
      await settle();
      // Group A's row is the one the host knows by its handle: only its children are asked for again.
      expect(changes).toEqual([{ kind: 'treeData', pluginId: 'acme.views', id: 'acme.tree', handle: groupA }]);
      expect((await test.host.getTreeChildren('acme.tree', groupA)).map((r) => r.item.label)).toEqual(['a1 (renamed)']);

      await test.host.executeCommand('acme.add');
      await settle();
      expect(changes[1]).toEqual({ kind: 'treeData', pluginId: 'acme.views', id: 'acme.tree' });
      expect((await test.host.getTreeChildren('acme.tree')).map((r) => r.item.label)).toEqual(['A', 'B']);
      expect(test.host.errors('acme.views')).toEqual([]);
    } finally {
      await test.dispose();
    }
  });

  it('setViewContent resolves with what became of the content, and never rejects', async () => {
    const test = await createPluginTestHost();
    try {
      await test.install(await plugin(CODE));
      await test.host.startupFinished();
      const outcome = await test.host.executeCommand('acme.show');
      expect(outcome).toEqual({
        ok: true,
        value: [
          { shown: true },
          { shown: false, reason: 'views.setViewContent: view "acme.notes" is a markdown view, not table' },
          { shown: false, reason: 'view "acme.tree" shows the tree of its TreeDataProvider; the content is kept and shown once the provider is disposed' },
        ],
      });
      expect(test.host.contributions.viewContent('acme.notes')).toEqual({ kind: 'markdown', markdown: '# Notes' });
      // Once the provider is disposed the static content is what the view shows.
      expect(await test.host.executeCommand('acme.stopTree')).toEqual({ ok: true, value: { shown: true } });
      expect(test.host.contributions.isRegistered('acme.views', 'treeDataProvider', 'acme.tree')).toBe(false);
    } finally {
      await test.dispose();
    }
  });

  it('createEventEmitter: listeners in order, disposed ones not called, one that throws does not stop the others', () => {
    const emitter = createEventEmitter<number>();
    const seen: string[] = [];
    const first = emitter.event((n) => seen.push(`first ${n}`));
    emitter.event(() => {
      throw new Error('bad listener');
    });
    emitter.event((n) => seen.push(`third ${n}`));
    expect(() => emitter.fire(1)).toThrow('bad listener');
    first.dispose();
    expect(() => emitter.fire(2)).toThrow('bad listener');
    expect(seen).toEqual(['first 1', 'third 1', 'third 2']);
    emitter.dispose();
    emitter.fire(3);
    expect(seen).toHaveLength(3);
  });
});

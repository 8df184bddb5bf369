// The plugin platform's service and bridge in Node, with the real host and one worker thread per plugin: built-in
// plugins reach the command, keybinding, settings, view, status-bar and Output registries; bad packages are
// refused naming the field; a hung plugin's registrations are disposed and come back on restart; installed
// plugins and their enabled flag persist.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, parseBpmn } from '@leanflow/model';
import { createNodeTransportFactory, loadPlugin, type PluginBundle } from '@leanflow/plugin-host';
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
import { applyEditProposal } from './apply-edits.ts';
import { EXTENSIONS_EN, EXTENSIONS_ZH } from './messages.ts';
import { createMemoryPluginStore, type PluginStore } from './plugin-store.ts';
import { PluginService, type PluginWorkbench } from './plugin-service.ts';

const examples = fileURLToPath(new URL('../../../../../plugins/examples/', import.meta.url));

async function bundle(folder: string): Promise<PluginBundle> {
  const loaded = await loadPlugin(`${examples}${folder}`);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
  return loaded.bundle;
}

function createWorkbench(): PluginWorkbench {
  const contextKeys = new ContextKeyService();
  const i18n = new I18nService('en');
  i18n.addMessages('en', EXTENSIONS_EN);
  const documents = new DocumentService();
  const doc = documents.open({ name: 'lead-to-quote.bpmn', xml: LEAD_TO_QUOTE_SAMPLE, ready: true });
  contextKeys.set('documentOpen', !!doc);
  return {
    contextKeys,
    commands: new CommandRegistry(contextKeys),
    keybindings: new KeybindingRegistry(contextKeys, false),
    settings: new SettingsRegistry(),
    views: new ViewRegistry(),
    statusBar: new StatusBarRegistry(),
    problems: new ProblemsService(),
    output: new OutputService(),
    notifications: new NotificationService(),
    documents,
    i18n,
    dialogs: new DialogService(),
    layout: new LayoutService(),
    activeEditor: undefined,
  };
}

async function createService(store: PluginStore = createMemoryPluginStore(), builtIns?: PluginBundle[] | (() => Promise<readonly PluginBundle[]>)) {
  const workbench = createWorkbench();
  const service = new PluginService({
    workbench,
    createTransport: createNodeTransportFactory(),
    store,
    builtIns: builtIns ?? [await bundle('lean-rules'), await bundle('task-summary')],
    modelDebounceMs: 0,
  });
  await service.start();
  return { workbench, service, store };
}

describe('PluginService', () => {
  it('maps the built-in plugins onto the workbench registries and runs their command and scoring', async () => {
    const { workbench, service } = await createService();
    try {
      expect(service.list().map((p) => [p.id, p.builtIn])).toEqual([
        ['examples.lean-rules', true],
        ['examples.task-summary', true],
      ]);
      const command = workbench.commands.get('examples.taskSummary.show');
      // Manifest texts are catalogue keys now that the plugin ships translations (`l10n`): English, or Chinese.
      const l = (text: string | undefined) => workbench.i18n.localize(text ?? '');
      expect([l(command?.title), l(command?.category)]).toEqual(['Summarise tasks', 'Examples']); // the command's own category (it was the plugin's name)
      expect(workbench.keybindings.lookup('examples.taskSummary.show')).toBe('Ctrl+Alt+T');
      expect(workbench.views.all().map((v) => v.id)).toEqual(['examples.taskSummary.table', 'examples.taskSummary.figures']);
      const manualShare = workbench.settings.schema('examples.leanRules.maxManualShare');
      expect(manualShare).toMatchObject({ type: 'number', default: 0.3 });
      expect([l(manualShare?.category), l(manualShare?.title)]).toEqual(['Lean rules (example)', 'Max manual share']);
      workbench.i18n.setLanguage('zh-CN');
      expect([l(manualShare?.category), l(manualShare?.title), l(command?.title)]).toEqual(['精益规则（示例）', '人工任务占比上限', '汇总任务']);
      expect(service.localizeText('Task summary (example)', 'examples.task-summary')).toBe('任务概览（示例）');
      workbench.i18n.setLanguage('en');

      // Expected figures straight from the graph.
      const { graph } = await parseBpmn(LEAD_TO_QUOTE_SAMPLE);
      const kinds = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask']);
      const tasks = graph!.nodes.filter((n) => kinds.has(n.kind));
      const result = (await workbench.commands.execute('examples.taskSummary.show')) as { tasks: number; manual: number; handOffs: number };
      expect(result.tasks).toBe(tasks.length);
      expect(result.manual).toBe(tasks.filter((t) => t.kind === 'userTask' || t.kind === 'manualTask').length);
      expect(service.host.contributions.viewContent('examples.taskSummary.figures')).toMatchObject({ kind: 'keyFigures' });
      await expect.poll(() => workbench.statusBar.all('right').map((i) => i.text)).toEqual([`${result.tasks} tasks, ${result.handOffs} hand-offs`]);
      await expect.poll(() => workbench.output.all().some((l) => l.text.startsWith('[Task summary (example) · Task summary] lead-to-quote.bpmn:'))).toBe(true);

      // The lean-rules limit is a workbench setting; changing it reaches the running plugin.
      const docId = workbench.documents.active!.id;
      const manualRule = async () => (await service.runScoring(docId)).rules.find((r) => r.ruleId === 'examples.manualSteps')!;
      const before = await manualRule();
      expect(before.ok).toBe(true);
      workbench.settings.set('examples.leanRules.maxManualShare', 0);
      await new Promise((r) => setTimeout(r, 50));
      const strict = await manualRule();
      workbench.settings.set('examples.leanRules.maxManualShare', 1);
      await new Promise((r) => setTimeout(r, 50));
      const lenient = await manualRule();
      expect(lenient.ok && lenient.score).toBe(100);
      expect(strict.ok && strict.score).toBeLessThan(100);
    } finally {
      service.dispose();
    }
  });

  it("asks the studio's runs for task waits only while a third-party plugin with scoring rules is enabled", async () => {
    const { service } = await createService();
    try {
      // The built-in lean-rules contributes rules, yet built-ins alone keep the faster runs.
      expect(service.manifest('examples.lean-rules')!.contributes.scoringRules.length).toBeGreaterThan(0);
      expect(service.needsTaskWaits()).toBe(false);
      const code = 'export function activate() {}';
      const base = { name: 'Demo', version: '1.0.0', publisher: 'acme', main: 'plugin.js', engines: { leanflow: '^1.0.0' } };
      const commands = await service.installFromSource({ manifest: { ...base, id: 'acme.commands', contributes: { commands: [{ command: 'acme.hello', title: 'Hello' }] } }, code });
      expect(commands.ok).toBe(true);
      expect(service.needsTaskWaits()).toBe(false);
      const rules = await service.installFromSource({ manifest: { ...base, id: 'acme.rules', permissions: ['readModel'], contributes: { scoringRules: [{ id: 'acme.quickReview', title: 'Quick review' }] } }, code });
      expect(rules.ok).toBe(true);
      expect(service.needsTaskWaits()).toBe(true);
      await service.disable('acme.rules');
      expect(service.needsTaskWaits()).toBe(false);
      await service.enable('acme.rules');
      expect(service.needsTaskWaits()).toBe(true);
    } finally {
      service.dispose();
    }
  });

  it('refuses bad manifests naming the field, ids another part already uses, and a built-in id', async () => {
    const { workbench, service } = await createService();
    try {
      const code = 'export function activate() {}';
      const base = { id: 'acme.demo', name: 'Demo', version: '1.0.0', publisher: 'acme', main: 'plugin.js', engines: { leanflow: '^1.0.0' } };
      const engines = await service.installFromSource({ manifest: { ...base, engines: { leanflow: '^2.0.0' } }, code });
      expect(engines.ok).toBe(false);
      expect(!engines.ok && engines.issues[0]!.field).toBe('engines.leanflow');
      expect(workbench.notifications.all().at(-1)).toMatchObject({ severity: 'error', title: 'Could not install Demo' });
      expect(workbench.notifications.all().at(-1)!.detail).toMatch(/^engines\.leanflow: this plugin needs the Leanflow plugin API \^2\.0\.0/);
      const version = await service.installFromSource({ manifest: { ...base, version: 'one' }, code });
      expect(!version.ok && version.issues[0]!.message).toMatch(/^version: /);
      const conflict = await service.installFromSource({ manifest: { ...base, contributes: { commands: [{ command: 'examples.taskSummary.show', title: 'Mine' }] } }, code });
      expect(!conflict.ok && conflict.issues[0]).toMatchObject({ field: 'contributes.commands.0.command', message: 'contributes.commands.0.command: "examples.taskSummary.show" is already used by Task summary (example).' });
      const builtIn = await service.installFromSource({ manifest: { ...base, id: 'examples.lean-rules' }, code });
      expect(!builtIn.ok && builtIn.issues[0]!.field).toBe('id');
      const dev = await service.installFromSource({ manifest: { ...base, version: 'x' }, code, development: true });
      expect(dev.ok).toBe(false);
      const notified = workbench.notifications.all().length;
      await service.installFromSource({ manifest: { ...base, version: 'x' }, code, development: true });
      expect(workbench.notifications.all().length).toBe(notified); // the authoring view shows development issues itself
      expect(service.list().map((p) => p.id)).not.toContain('acme.demo');
    } finally {
      service.dispose();
    }
  });

  it('refuses a keybinding that takes a core chord (Save), keeps the plugin and its other keybindings', async () => {
    const { workbench, service } = await createService();
    try {
      // The studio's own Save, as the Workbench registers it.
      workbench.commands.register({ id: 'file.save', title: 'Save', handler: () => 'saved' });
      workbench.keybindings.register({ command: 'file.save', key: 'Ctrl+S' });
      const manifest = {
        id: 'acme.hijack', name: 'Hijack', version: '1.0.0', publisher: 'acme', main: 'plugin.js', engines: { leanflow: '^1.0.0' },
        contributes: {
          commands: [{ command: 'acme.quickSave', title: 'Quick save' }, { command: 'acme.other', title: 'Other' }],
          keybindings: [{ command: 'acme.quickSave', key: 'CTRL+s' }, { command: 'acme.other', key: 'meta+z' }, { command: 'acme.other', key: 'ctrl+alt+o' }],
        },
      };
      const result = await service.installFromSource({ manifest, code: 'export function activate() {}' });
      expect(result.ok).toBe(true);
      expect(workbench.keybindings.resolve('Ctrl+S')?.command).toBe('file.save');
      expect(workbench.keybindings.lookup('acme.quickSave')).toBeUndefined();
      expect(workbench.keybindings.resolve('Ctrl+Alt+O')).toMatchObject({ command: 'acme.other', source: 'Hijack' });
      expect(workbench.output.all().map((l) => l.text)).toContain(
        "[Hijack] Keybinding CTRL+s was refused: it is the studio's Save (Ctrl+S), which plugins cannot take. The plugin's other contributions work; you can bind its command yourself in Keyboard Shortcuts.",
      );
      // Cmd counts as Ctrl: meta+z would take Undo on a Mac.
      expect(workbench.output.all().map((l) => l.text).filter((t) => t.includes('(Ctrl+Z)'))).toHaveLength(1);
      expect(workbench.keybindings.resolve('Cmd+Z')).toBeUndefined();
      // The user may still bind the core chord to the plugin's command on purpose.
      workbench.keybindings.setUserKeybinding('acme.quickSave', ['Ctrl+S']);
      expect(workbench.keybindings.resolve('Ctrl+S')?.command).toBe('acme.quickSave');
    } finally {
      service.dispose();
    }
  });

  it('disposes a hung plugin’s registrations, shows it crashed, and restarts it', async () => {
    const { workbench, service } = await createService(createMemoryPluginStore(), []);
    try {
      const loop = await bundle('test-fixtures/endless-loop');
      const installed = await service.installFromSource({ manifest: loop.manifest, code: loop.code });
      expect(installed.ok).toBe(true);
      expect(workbench.commands.get('fixtures.loop.run')).toBeDefined();
      const started = Date.now();
      await workbench.commands.execute('fixtures.loop.run');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(service.info('fixtures.endless-loop')).toMatchObject({ state: 'crashed' });
      expect(service.info('fixtures.endless-loop')!.reason).toMatch(/not responding/);
      expect(workbench.commands.get('fixtures.loop.run')).toBeUndefined();
      expect(workbench.notifications.all().some((n) => n.title.startsWith('Endless loop (test fixture) stopped: not responding'))).toBe(true);
      await service.restart('fixtures.endless-loop');
      expect(service.info('fixtures.endless-loop')).toMatchObject({ state: 'active' });
      expect(workbench.commands.get('fixtures.loop.run')).toBeDefined();
    } finally {
      service.dispose();
    }
  });

  it('keeps installed plugins, their enabled flag and data across restarts; uninstall removes them', async () => {
    const store = createMemoryPluginStore();
    const first = await createService(store);
    const summary = await bundle('task-summary');
    const manifest = JSON.parse(JSON.stringify(summary.manifest).replaceAll('examples.taskSummary', 'acme.taskSummary').replace('"examples.task-summary"', '"acme.task-summary"')) as Record<string, unknown>;
    delete (manifest['contributes'] as Record<string, unknown>)['keybindings'];
    const code = summary.code.replaceAll('examples.taskSummary', 'acme.taskSummary');
    expect((await first.service.installFromSource({ manifest, code })).ok).toBe(true);
    await first.workbench.commands.execute('acme.taskSummary.show');
    await first.service.disable('examples.lean-rules');
    expect(first.workbench.settings.schema('examples.leanRules.maxManualShare')).toBeUndefined();
    first.service.dispose();
    expect(store.data.get('acme.task-summary')?.get('runs')).toBe(1);

    const second = await createService(store);
    try {
      expect(second.service.list().map((p) => [p.id, p.state])).toEqual([
        ['examples.lean-rules', 'disabled'],
        ['examples.task-summary', 'installed'],
        ['acme.task-summary', 'installed'],
      ]);
      expect(second.workbench.commands.get('acme.taskSummary.show')).toBeDefined();
      await second.service.enable('examples.lean-rules');
      expect(store.plugins.get('examples.lean-rules')).toEqual({ id: 'examples.lean-rules', enabled: true, builtIn: true });
      await second.service.uninstall('acme.task-summary');
      expect(store.plugins.has('acme.task-summary')).toBe(false);
      expect(store.data.has('acme.task-summary')).toBe(false);
      expect(second.workbench.commands.get('acme.taskSummary.show')).toBeUndefined();
      await second.service.uninstall('examples.task-summary');
      expect(second.service.info('examples.task-summary')).toBeDefined(); // built-ins stay
    } finally {
      second.service.dispose();
    }
  });
  it('loads the built-ins lazily; when their chunk cannot be loaded it says so and still starts the installed plugins', async () => {
    const store = createMemoryPluginStore();
    const first = await createService(store, async () => [await bundle('lean-rules')]);
    const summary = await bundle('task-summary');
    expect((await first.service.installFromSource({ manifest: summary.manifest, code: summary.code })).ok).toBe(true);
    expect(first.service.list().map((p) => [p.id, p.builtIn])).toEqual([
      ['examples.lean-rules', true],
      ['examples.task-summary', false],
    ]);
    first.service.dispose();

    const second = await createService(store, () => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    try {
      expect(second.service.list().map((p) => p.id)).toEqual(['examples.task-summary']);
      expect(second.workbench.notifications.all().map((n) => n.code)).toContain('plugin.builtInsFailed');
      expect(second.workbench.output.all().some((l) => l.text.includes('Failed to fetch dynamically imported module'))).toBe(true);
      expect(second.workbench.commands.get('examples.taskSummary.show')).toBeDefined();
    } finally {
      second.service.dispose();
    }
  });
  it('shows the built-in Simulation plugin under its translated titles, in its place in the activity bar', async () => {
    const loaded = await loadPlugin(fileURLToPath(new URL('../../../../../plugins/simulation', import.meta.url)));
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
    const { workbench, service } = await createService(createMemoryPluginStore(), [loaded.bundle]);
    try {
      const command = workbench.commands.get('simulation.run')!;
      expect([workbench.i18n.localize(command.title), workbench.i18n.localize(command.category!)]).toEqual(['Simulate', 'Simulation']);
      expect(workbench.keybindings.lookup('simulation.run')).toBe('F5');
      expect(workbench.views.get('simulation')).toMatchObject({ order: 20 });
      workbench.i18n.setLanguage('zh-CN');
      expect([workbench.i18n.localize(command.title), workbench.i18n.localize(command.category!)]).toEqual(['运行仿真', '仿真']);
      expect(workbench.i18n.localize(workbench.views.get('simulation')!.title)).toBe('仿真');
    } finally {
      service.dispose();
    }
  });
});

describe('applyEditProposal', () => {
  const messages = { noEditor: () => 'no diagram', missing: (id: string) => `missing ${id}`, unsupported: (k: string) => `unsupported ${k}`, failed: (d: string) => `failed ${d}` };
  function fakeModeler() {
    const calls: string[] = [];
    const elements = new Map([['Task_1', { id: 'Task_1' }], ['Task_2', { id: 'Task_2' }]]);
    let handler: { preExecute(context: { run(): void }): void } | undefined;
    const services: Record<string, unknown> = {
      elementRegistry: { get: (id: string) => elements.get(id) },
      modeling: {
        updateLabel: (e: { id: string }, text: string) => calls.push(`label ${e.id} ${text}`),
        updateProperties: (e: { id: string }, p: Record<string, unknown>) => calls.push(`props ${e.id} ${JSON.stringify(p)}`),
        removeElements: (list: { id: string }[]) => calls.push(`remove ${list.map((e) => e.id).join()}`),
      },
      commandStack: {
        register: (_name: string, h: typeof handler) => (handler = h),
        execute: (name: string, context: { run(): void }) => {
          calls.push(`execute ${name}`);
          handler!.preExecute(context);
        },
      },
    };
    return { calls, modeler: { get: <T>(name: string) => services[name] as T } };
  }

  it('applies renames and BPMN attributes as one command of the command stack', async () => {
    const { calls, modeler } = fakeModeler();
    const result = await applyEditProposal(modeler, {
      label: 'Tidy',
      edits: [
        { kind: 'rename', elementId: 'Task_1', name: 'Check order' },
        { kind: 'setProperty', elementId: 'Task_1', property: 'isForCompensation', value: false },
        { kind: 'setProperty', elementId: 'Task_2', property: 'name', value: 'Approve' },
      ],
    }, messages);
    expect(result).toEqual({ applied: true });
    expect(calls).toEqual(['execute leanflow.plugin.applyEdits', 'label Task_1 Check order', 'props Task_1 {"isForCompensation":false}', 'label Task_2 Approve']);
  });

  it('refuses missing elements (also ends of flows and merged tasks) and a missing editor without touching the diagram', async () => {
    const { calls, modeler } = fakeModeler();
    await expect(applyEditProposal(modeler, { label: 'x', edits: [{ kind: 'rename', elementId: 'Nope', name: 'a' }] }, messages)).resolves.toEqual({ applied: false, reason: 'missing Nope' });
    await expect(applyEditProposal(modeler, { label: 'x', edits: [{ kind: 'mergeTasks', elementIds: ['Task_1', 'Task_9'], name: 'a' }] }, messages)).resolves.toEqual({ applied: false, reason: 'missing Task_9' });
    await expect(applyEditProposal(modeler, { label: 'x', edits: [{ kind: 'reconnect', flowId: 'Task_1', targetId: 'Gone' }] }, messages)).resolves.toEqual({ applied: false, reason: 'missing Gone' });
    await expect(applyEditProposal(undefined, { label: 'x', edits: [] }, messages)).resolves.toEqual({ applied: false, reason: 'no diagram' });
    expect(calls).toEqual([]);
  });

});

describe('extension messages', () => {
  it('have the same placeholders in English and Chinese', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, english] of Object.entries(EXTENSIONS_EN)) {
      expect(placeholders(EXTENSIONS_ZH[key as keyof typeof EXTENSIONS_ZH]), key).toEqual(placeholders(english));
    }
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPluginTestHost, modelFromBpmn, runPluginOnFile, type PluginStatus, type PluginTestHost } from '@leanflow/plugin-host';
import { API_VERSION } from '@leanflow/plugin-api';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = process.env.LEANFLOW_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures');
const examples = join(repoRoot, 'plugins', 'examples');
const leanRules = join(examples, 'lean-rules');
const taskSummary = join(examples, 'task-summary');
const fixture = (name: string) => join(examples, 'test-fixtures', name);
const miwg = (name: string) => readFile(join(fixtures, 'miwg', 'reference', name), 'utf8');

let open: PluginTestHost | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

async function testHost(...args: Parameters<typeof createPluginTestHost>): Promise<PluginTestHost> {
  open = await createPluginTestHost(...args);
  return open;
}

/** Resolves when the plugin reaches `state`. */
function waitForState(test: PluginTestHost, pluginId: string, state: PluginStatus['state']): Promise<PluginStatus> {
  return new Promise((resolve) => {
    const current = test.host.status(pluginId);
    if (current?.state === state) return resolve(current);
    const subscription = test.host.onDidChangeStatus((status) => {
      if (status.id === pluginId && status.state === state) {
        subscription.dispose();
        resolve(status);
      }
    });
  });
}

describe('example plugins on real BPMN (MIWG C.1.0 invoice process)', () => {
  // C.1.0 has 9 tasks: 4 plain tasks, 4 user tasks, 1 service task, all named; 4 sequence flows cross lanes
  // (gateway "Invoice approved?" -> 2 lanes, "Review successful?" and "Assign Approver" -> "Approve Invoice").
  it('lean-rules scores naming and manual work', async () => {
    const result = await runPluginOnFile(leanRules, await miwg('C.1.0.bpmn'));
    expect(result.status.state).toBe('active');
    const [unnamed, manual] = result.scoring.rules;
    expect(unnamed).toMatchObject({ ruleId: 'examples.unnamedTasks', ok: true, score: 100, findings: [] });
    // 4 of 9 manual = 44.4% against the default limit of 30%: 100 * (1 - (4/9 - 0.3) / 0.7) = 79.4
    expect(manual).toMatchObject({ ruleId: 'examples.manualSteps', ok: true, score: 79, summary: '4 of 9 tasks are manual (44%, limit 30%)' });
    if (!manual?.ok) throw new Error('manual steps rule failed');
    expect(manual.findings[0]!.elementIds).toHaveLength(4);
    // weights 1 and 2: (100 * 1 + 79 * 2) / 3
    expect(result.scoring.score).toBeCloseTo(86, 5);
    expect(result.diagnostics).toEqual([{ pluginId: 'examples.lean-rules', source: 'examples.naming', byElement: {} }]);
    expect(result.errors).toEqual([]);
  });

  it('lean-rules reacts to an unnamed task and to its setting', async () => {
    const xml = (await miwg('C.1.0.bpmn')).replace('name="Scan Invoice"', '');
    const result = await runPluginOnFile(leanRules, xml, { configuration: { 'examples.lean-rules': { 'examples.leanRules.maxManualShare': 0.5 } } });
    const [unnamed, manual] = result.scoring.rules;
    // 8 of 9 named
    expect(unnamed).toMatchObject({ ok: true, score: 89 });
    if (!unnamed?.ok) throw new Error('unnamed rule failed');
    const scanId = unnamed.findings[0]!.elementIds;
    expect(scanId).toHaveLength(1);
    // 44% manual is under a 50% limit
    expect(manual).toMatchObject({ ok: true, score: 100, findings: [] });
    expect(result.diagnostics[0]!.byElement).toEqual({ [scanId[0]!]: [{ severity: 'warning', message: 'This task has no name', code: 'unnamed-task' }] });
  });

  it('lean-rules follows a settings change without restarting', async () => {
    const test = await testHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    await test.install(leanRules);
    expect((await test.host.runScoring()).rules[1]).toMatchObject({ ok: true, score: 79 });
    test.services.setConfiguration('examples.lean-rules', { 'examples.leanRules.maxManualShare': 0.2 });
    test.host.configurationChanged('examples.lean-rules', ['examples.leanRules.maxManualShare']);
    // 4/9 manual against a 20% limit: 100 * (1 - (4/9 - 0.2) / 0.8) = 69.4
    expect((await test.host.runScoring()).rules[1]).toMatchObject({ ok: true, score: 69, summary: '4 of 9 tasks are manual (44%, limit 20%)' });
    expect(test.host.status('examples.lean-rules')?.activationTimeMs).toBeDefined();
  });

  it('lean-rules suggests automating manual and routine steps (C.4.0 onboarding)', async () => {
    // C.4.0 has 3 manual tasks and 2 user tasks whose names say "send" or "notify".
    const result = await runPluginOnFile(leanRules, await miwg('C.4.0.bpmn'));
    const [provider] = result.suggestions;
    if (!provider?.ok) throw new Error(`suggestions failed: ${JSON.stringify(provider)}`);
    expect(provider.suggestions.map((s) => s.title).sort()).toEqual([
      'Automate "Clarify missing points"',
      'Automate "Get signature on contract and notify responsible department"',
      'Automate "Prepare access card"',
      'Automate "Prepare workstation"',
      'Automate "Send candidate Contract"',
    ]);
    expect(provider.suggestions[0]!.edits).toEqual([{ kind: 'changeTaskType', elementId: provider.suggestions[0]!.elementIds[0], taskType: 'serviceTask' }]);
  });

  it('task-summary computes a table and key figures from a command', async () => {
    const result = await runPluginOnFile(taskSummary, await miwg('C.1.0.bpmn'), { command: 'examples.taskSummary.show' });
    expect(result.command).toEqual({ ok: true, value: { tasks: 9, manual: 4, handOffs: 4 } });
    const table = result.views['examples.taskSummary.table'];
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.rows).toHaveLength(9);
    expect(table.rows.filter((r) => r.lane === 'Team Assistant').map((r) => r.task)).toEqual(['Assign Approver', 'Rechnung klären']);
    expect(result.views['examples.taskSummary.figures']).toEqual({
      kind: 'keyFigures',
      figures: [
        { label: 'Tasks', value: 9 },
        { label: 'Manual steps', value: 4, status: 'good' },
        { label: 'Hand-offs between lanes', value: 4, hint: 'Every hand-off is a queue where work waits.' },
      ],
    });
    expect(result.statusBar.map((s) => s.text)).toEqual(['9 tasks, 4 hand-offs']);
    expect(result.output.find((o) => o.name === 'Task summary')?.text).toBe('test.bpmn: 9 tasks, 4 manual, 4 hand-offs (run 1)\n');
  });

  it('exposes static contributions before activation and derives activation events', async () => {
    const test = await testHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    const status = await test.install(taskSummary);
    expect(status.state).toBe('installed');
    expect(status.activationEvents).toEqual(['onCommand:examples.taskSummary.show', 'onView:examples.taskSummary.table', 'onView:examples.taskSummary.figures']);
    expect(test.host.contributions.commands()).toEqual([
      { pluginId: 'examples.task-summary', command: 'examples.taskSummary.show', title: 'Summarise tasks', category: 'Examples', registered: false },
    ]);
    expect(test.host.contributions.menuItems('toolbar')).toEqual([{ pluginId: 'examples.task-summary', command: 'examples.taskSummary.show', group: 'analysis' }]);
    expect(test.host.contributions.keybindings()[0]!.key).toBe('ctrl+alt+t');
    const outcome = await test.host.executeCommand('examples.taskSummary.show');
    expect(outcome.ok).toBe(true);
    expect(test.host.status('examples.task-summary')?.state).toBe('active');
    expect(test.host.contributions.commands()[0]!.registered).toBe(true);
    // per-plugin storage kept by the host
    await test.host.executeCommand('examples.taskSummary.show');
    expect(test.services.stored.get('examples.task-summary')?.get('runs')).toBe(2);
  });

  it('offers the process template of lean-rules without activating it', async () => {
    const test = await testHost({});
    await test.install(leanRules);
    expect(test.host.contributions.processTemplates().map((t) => t.name)).toEqual(['Complaint handling (lean)']);
    const xml = test.host.getProcessTemplate('examples.lean-rules', 'examples.complaintHandling');
    const { model } = await modelFromBpmn(xml ?? '', 'template.bpmn');
    expect(model?.graph.nodes.map((n) => `${n.kind}:${n.name}`)).toEqual([
      'startEvent:Complaint received',
      'serviceTask:Register complaint',
      'userTask:Resolve and reply',
      'endEvent:Customer answered',
    ]);
    expect(test.host.status('examples.lean-rules')?.state).toBe('installed');
  });

  it('serves a lazy tree view through the plugin, node by node', async () => {
    const test = await testHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    const manifest = {
      id: 'acme.lanes',
      name: 'Lanes',
      version: '1.0.0',
      publisher: 'acme',
      main: 'plugin.js',
      engines: { leanflow: '^1.0.0' },
      permissions: ['readModel'],
      contributes: { views: [{ id: 'acme.lanes.tree', name: 'Lanes', kind: 'tree' }] },
    };
    const code = `export function activate(context) {
      const graph = () => context.model.getActiveModel().graph;
      context.views.registerTreeDataProvider('acme.lanes.tree', {
        getChildren: (lane) => lane ? graph().nodes.filter((n) => n.laneId === lane.id && /ask$/.test(n.kind)) : graph().lanes.filter((l) => l.name),
        getTreeItem: (element) => 'flowNodeIds' in element
          ? { label: element.name, collapsible: true }
          : { label: element.name.replace(/\\s+/g, ' '), description: element.kind, elementId: element.id },
      });
    }`;
    await test.host.install({ manifest, code });
    const lanes = await test.host.getTreeChildren('acme.lanes.tree');
    expect(lanes.map((row) => row.item.label)).toEqual(['Approver', 'Team Assistant', 'Accountant']);
    const assistant = lanes.find((row) => row.item.label === 'Team Assistant')!;
    const tasks = await test.host.getTreeChildren('acme.lanes.tree', assistant.handle);
    expect(tasks.map((row) => [row.item.label, row.item.description])).toEqual([
      ['Assign Approver', 'userTask'],
      ['Rechnung klären', 'userTask'],
    ]);
    expect(await test.host.getTreeChildren('acme.lanes.tree', 999)).toEqual([]);
    expect(test.host.errors('acme.lanes').map((e) => e.message)).toEqual(['unknown tree item 999']);
  });

  it('lets a plugin ask the user and propose edits, and validates the proposal', async () => {
    const test = await testHost({ bpmnXml: await miwg('A.1.0.bpmn'), quickPickAnswer: 1 });
    const manifest = {
      id: 'acme.renamer',
      name: 'Renamer',
      version: '1.0.0',
      publisher: 'acme',
      main: 'plugin.js',
      engines: { leanflow: '^1.0.0' },
      permissions: ['readModel', 'proposeEdits'],
      contributes: { commands: [{ command: 'acme.rename', title: 'Rename a task' }, { command: 'acme.bad', title: 'Bad proposal' }] },
    };
    const code = `export function activate(context) {
      context.commands.registerCommand('acme.rename', async () => {
        const tasks = context.model.getActiveModel().graph.nodes.filter((n) => /ask$/.test(n.kind));
        const picked = await context.window.showQuickPick(tasks.map((t) => ({ label: t.name, description: t.id })), { title: 'Which task?' });
        if (!picked) return null;
        return context.edits.propose({ label: 'Rename ' + picked.label, edits: [{ kind: 'rename', elementId: picked.description, name: picked.label + ' (checked)' }] });
      });
      context.commands.registerCommand('acme.bad', () => context.edits.propose({ label: 'Nothing', edits: [] }));
    }`;
    await test.host.install({ manifest, code });
    const outcome = await test.host.executeCommand('acme.rename');
    expect(outcome).toEqual({ ok: true, value: { applied: false, reason: 'headless run: the edits were recorded, not applied' } });
    const picks = test.services.quickPicks[0]!;
    expect(picks.title).toBe('Which task?');
    const second = picks.items[1]!;
    expect(test.services.proposals).toEqual([
      { pluginId: 'acme.renamer', proposal: { label: `Rename ${second.label}`, edits: [{ kind: 'rename', elementId: second.description, name: `${second.label} (checked)` }] } },
    ]);
    const bad = await test.host.executeCommand('acme.bad');
    expect(bad).toEqual({ ok: false, error: 'edits.propose was rejected: edits: Too small: expected array to have >=1 items' });
    expect(test.services.proposals).toHaveLength(1);
  });

  it('forwards model changes to active plugins', async () => {
    const test = await testHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    await test.install(leanRules);
    await test.host.startupFinished();
    expect(test.host.contributions.diagnostics()[0]!.byElement).toEqual({});
    const changed = new Promise<void>((resolve) => test.host.contributions.onDidChange((c) => c.kind === 'diagnostics' && resolve()));
    const model = test.services.getActiveModel()!;
    const graph = { ...model.graph, nodes: model.graph.nodes.map((n) => (n.name === 'Approve Invoice' ? { ...n, name: '' } : n)) };
    test.services.setModel({ ...model, version: 2, graph });
    await changed;
    const approve = model.graph.nodes.find((n) => n.name === 'Approve Invoice')!.id;
    expect(Object.keys(test.host.contributions.diagnostics()[0]!.byElement)).toEqual([approve]);
  });

  it('gives a plugin that is still activating the model that changed meanwhile (e.g. a document loading after a reload)', async () => {
    const test = await testHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    const manifest = {
      id: 'acme.slow',
      name: 'Slow start',
      version: '1.0.0',
      publisher: 'acme',
      main: 'plugin.js',
      engines: { leanflow: '^1.0.0' },
      permissions: ['readModel'],
      contributes: { commands: [{ command: 'acme.slow.version', title: 'Model version' }] },
    };
    const code = `export async function activate(context) {
      context.commands.registerCommand('acme.slow.version', () => context.model.getActiveModel()?.version ?? null);
      const status = context.window.createStatusBarItem({ id: 'acme.slow.status' });
      status.text = 'starting';
      status.show();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }`;
    await test.host.install({ manifest, code });
    // Once activate() has begun (its status item arrives), change the model before activate returns.
    const started = new Promise<void>((resolve) => test.host.contributions.onDidChange((c) => c.kind === 'statusBar' && resolve()));
    const activation = test.host.activate('acme.slow');
    await started;
    expect(test.host.status('acme.slow')?.state).toBe('activating');
    const model = test.services.getActiveModel()!;
    test.services.setModel({ ...model, version: 7 });
    expect((await activation).state).toBe('active');
    expect(await test.host.executeCommand('acme.slow.version')).toEqual({ ok: true, value: 7 });
  });
});

describe('a large model', () => {
  it('is posted to each plugin in a task of its own, and every plugin gets the models in order', async () => {
    const test = await testHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    for (const id of ['acme.first', 'acme.second']) {
      const manifest = { id, name: id, version: '1.0.0', publisher: 'acme', main: 'plugin.js', engines: { leanflow: '^1.0.0' }, permissions: ['readModel'], contributes: { commands: [{ command: `${id}.versions`, title: 'Versions' }] } };
      const code = `export function activate(context) {
        const seen = [];
        context.model.onDidChangeModel((model) => seen.push([model?.version ?? null, model?.graph.nodes.length ?? 0]));
        context.commands.registerCommand('${id}.versions', () => seen);
      }`;
      await test.host.install({ manifest, code });
      await test.host.activate(id);
    }
    const model = test.services.getActiveModel()!;
    const node = model.graph.nodes[0]!;
    const large = { ...model, version: 2, graph: { ...model.graph, nodes: Array.from({ length: 2_500 }, (_, i) => ({ ...node, id: `N${i}` })) } };
    // What the host posts to the plugins' workers (Node transport: worker_threads' Worker.postMessage), as versions.
    const posted: number[] = [];
    const realPost = Worker.prototype.postMessage;
    const record = () =>
      vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker, message: unknown, transfer?: Parameters<Worker['postMessage']>[1]) {
        if ((message as { method?: string }).method === 'model.changed') posted.push((message as { params: { model?: { version: number } } }).params.model?.version ?? 0);
        return Reflect.apply(realPost, this, transfer ? [message, transfer] : [message]) as void;
      });
    const spy = record();
    try {
      test.services.setModel(large);
      // Not posted in the task that changed the model: one plugin's copy per task.
      expect(posted).toEqual([]);
      // A small model right after waits behind the large one, so no plugin gets them the wrong way round.
      test.services.setModel({ ...model, version: 3 });
      expect(posted).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(posted).toEqual([2]);
      await vi.waitFor(() => expect(posted).toEqual([2, 2, 3, 3]));
    } finally {
      spy.mockRestore();
    }
    for (const id of ['acme.first', 'acme.second']) {
      await vi.waitFor(async () => expect(await test.host.executeCommand(`${id}.versions`)).toEqual({ ok: true, value: [[2, 2_500], [3, model.graph.nodes.length]] }));
    }
    // A small model alone is posted at once, as before.
    const spyAgain = record();
    try {
      test.services.setModel({ ...model, version: 4 });
      expect(posted.slice(4)).toEqual([4, 4]);
    } finally {
      spyAgain.mockRestore();
    }
  });
});

describe('faulty plugins', () => {
  it('terminates a plugin stuck in an endless loop within 3 s, removes its contributions, and can restart it', async () => {
    const test = await testHost({});
    await test.install(fixture('endless-loop'));
    await test.install(taskSummary);
    await test.host.activate('fixtures.endless-loop');
    const started = performance.now();
    const crashed = waitForState(test, 'fixtures.endless-loop', 'crashed');
    const outcome = test.host.executeCommand('fixtures.loop.run');
    const status = await crashed;
    const recoveryMs = performance.now() - started;
    console.log(`endless loop: detected and terminated after ${recoveryMs.toFixed(0)} ms`);
    expect(recoveryMs).toBeLessThan(3_000);
    expect(status.reason).toBe('not responding for more than 2000 ms (an endless loop?); stopped');
    expect(await outcome).toEqual({ ok: false, error: 'Endless loop (test fixture) crashed: not responding for more than 2000 ms (an endless loop?); stopped' });
    expect(test.host.contributions.commands().map((c) => c.command)).toEqual(['examples.taskSummary.show']);
    // the other plugin is untouched
    expect((await test.host.executeCommand('examples.taskSummary.show')).ok).toBe(true);
    // restartable
    const restarted = await test.host.restart('fixtures.endless-loop');
    expect(restarted.state).toBe('active');
    expect(test.host.contributions.commands().map((c) => c.command).sort()).toEqual(['examples.taskSummary.show', 'fixtures.loop.run']);
  });

  it('reports a plugin whose activate throws, and the others keep working', async () => {
    const test = await testHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    await test.install(fixture('throws-on-activate'));
    await test.install(leanRules);
    const report = await test.host.runScoring();
    expect(test.host.status('fixtures.throws-on-activate')).toMatchObject({ state: 'crashed', reason: 'activate() failed: broken on purpose during activate' });
    expect(test.host.errors('fixtures.throws-on-activate')[0]).toMatchObject({ where: 'activate', message: 'broken on purpose during activate' });
    expect(report.rules.map((r) => [r.ruleId, r.ok])).toEqual([
      ['examples.unnamedTasks', true],
      ['examples.manualSteps', true],
    ]);
    expect(await test.host.executeCommand('fixtures.broken.run')).toEqual({ ok: false, error: 'unknown command "fixtures.broken.run"' });
  });

  it('reports throwing handlers and rejected payloads while the plugin keeps running', async () => {
    const test = await testHost({ bpmnXml: await miwg('A.1.0.bpmn') });
    await test.install(fixture('throws-in-handlers'));
    // The plugin's own file and line (it has no source map): plugin.js line 6, at the `new Error`.
    expect(await test.host.executeCommand('fixtures.flaky.fail')).toEqual({ ok: false, error: 'command failed on purpose', location: 'plugin.js:6:13' });
    expect(await test.host.executeCommand('fixtures.flaky.ok')).toEqual({ ok: true, value: 1 });
    expect(await test.host.executeCommand('fixtures.flaky.badView')).toEqual({ ok: true, value: 'sent' });
    const uncaught = new Promise<string>((resolve) => test.host.onDidReportError((r) => r.where === 'uncaught' && resolve(r.message)));
    expect(await test.host.executeCommand('fixtures.flaky.timerThrow')).toEqual({ ok: true, value: 'scheduled' });
    expect(await uncaught).toBe('thrown from a timer');
    const report = await test.host.runScoring();
    expect(report.rules).toEqual([
      { pluginId: 'fixtures.throws-in-handlers', ruleId: 'fixtures.flaky.throwingRule', title: 'Throws', weight: 1, ok: false, error: 'rule failed on purpose', location: 'plugin.js:22:15' },
      {
        pluginId: 'fixtures.throws-in-handlers',
        ruleId: 'fixtures.flaky.outOfRange',
        title: 'Returns 150',
        weight: 1,
        ok: false,
        error: 'the result of scoring rule fixtures.flaky.outOfRange was rejected: score: a score cannot be above 100',
      },
      // A.1.0 has 5 flow nodes
      { pluginId: 'fixtures.throws-in-handlers', ruleId: 'fixtures.flaky.goodRule', title: 'Counts nodes', weight: 1, ok: true, score: 5, findings: [] },
    ]);
    expect(report.score).toBe(5);
    expect(await test.host.executeCommand('fixtures.flaky.ok')).toEqual({ ok: true, value: 2 });
    expect(test.host.status('fixtures.throws-in-handlers')?.state).toBe('active');
    expect(test.host.contributions.viewContent('fixtures.flaky.view')).toBeUndefined();
    const where = test.host.errors('fixtures.throws-in-handlers').map((e) => e.where);
    expect(where).toEqual(expect.arrayContaining(['command fixtures.flaky.fail', 'payload views.setContent', 'uncaught', 'scoring fixtures.flaky.throwingRule', 'scoring fixtures.flaky.outOfRange']));
  });

  it('stops a plugin that floods the host with messages', async () => {
    const test = await testHost({ limits: { maxMessagesPerSecond: 1_000 } });
    await test.install(fixture('flood'));
    await test.install(taskSummary);
    const outcome = await test.host.executeCommand('fixtures.flood.run');
    expect(outcome.ok).toBe(false);
    expect(test.host.status('fixtures.flood')).toMatchObject({ state: 'crashed', reason: 'sent more than 1000 messages in one second; stopped' });
    expect(test.host.contributions.contextKeys()).toEqual({});
    expect((await test.host.executeCommand('examples.taskSummary.show')).ok).toBe(true);
  });

  it('does not count answers to the host as flooding', async () => {
    const test = await testHost({ limits: { maxMessagesPerSecond: 1_000 } });
    await test.install(fixture('throws-in-handlers'));
    // each call is answered with an ack and a result: 3,000 messages from the plugin, far within one second
    for (let i = 1; i <= 1_500; i++) expect(await test.host.executeCommand('fixtures.flaky.ok')).toEqual({ ok: true, value: i });
    expect(test.host.status('fixtures.throws-in-handlers')?.state).toBe('active');
  });

  it('stops a plugin that allocates without bound', async () => {
    const test = await testHost({ limits: { memoryLimitMb: 32 } });
    await test.install(fixture('memory-hog'));
    const outcome = await test.host.executeCommand('fixtures.memory.grow');
    expect(outcome.ok).toBe(false);
    expect(test.host.status('fixtures.memory-hog')).toMatchObject({ state: 'crashed', reason: 'used more memory than allowed (32 MB)' });
  });

  it('hides storage, the DOM, the network and Node globals from plugin code', async () => {
    const test = await testHost({});
    await test.install(fixture('snoop'));
    const outcome = await test.host.executeCommand('fixtures.snoop.probe');
    expect(outcome).toEqual({
      ok: true,
      value: {
        nodeFs: 'blocked',
        localStorage: 'undefined',
        sessionStorage: 'undefined',
        indexedDB: 'undefined',
        indexedDBViaPrototype: 'none',
        caches: 'undefined',
        document: 'undefined',
        window: 'undefined',
        fetch: 'undefined',
        XMLHttpRequest: 'undefined',
        WebSocket: 'undefined',
        BroadcastChannel: 'undefined',
        importScripts: 'undefined',
        navigatorStorage: 'undefined',
        process: 'undefined',
        require: 'undefined',
        env: 'undefined',
      },
    });
  });
});

describe('installing', () => {
  it('refuses an incompatible engines range and a bad field with messages naming the field', async () => {
    const test = await testHost({});
    const code = 'export function activate() {}';
    const base = { id: 'acme.demo', name: 'Demo', version: '1.0.0', publisher: 'acme', main: 'plugin.js' };
    const incompatible = await test.host.install({ manifest: { ...base, engines: { leanflow: '^2.0.0' } }, code });
    expect(incompatible).toEqual({
      ok: false,
      issues: [
        {
          code: 'manifest.engine.incompatible',
          severity: 'error',
          field: 'engines.leanflow',
          message: `engines.leanflow: this plugin needs the Leanflow plugin API ^2.0.0, but this Leanflow provides ${API_VERSION}`,
        },
      ],
    });
    const bad = await test.host.install({ manifest: { ...base, engines: { leanflow: '^1.0.0' }, permissions: ['network'] }, code });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.message)).toEqual(['permissions.0: must be one of "readModel", "proposeEdits", "runSimulation", "storage"']);
    expect(test.host.list()).toEqual([]);
  });

  it('cancels running scoring rules, and the plugin sees its token fire', async () => {
    const test = await testHost({ bpmnXml: await miwg('A.1.0.bpmn') });
    const manifest = {
      id: 'acme.slow',
      name: 'Slow',
      version: '1.0.0',
      publisher: 'acme',
      main: 'plugin.js',
      engines: { leanflow: '^1.0.0' },
      permissions: ['readModel'],
      contributes: { scoringRules: [{ id: 'acme.slow.rule', title: 'Waits' }] },
    };
    const code = `export function activate(context) {
      context.scoring.registerRule('acme.slow.rule', {
        evaluate: (input, token) => new Promise((resolve) => token.onCancellationRequested(() => {
          context.setContextKey('acme.slow.cancelled', true);
          resolve({ score: 0, findings: [] });
        })),
      });
    }`;
    await test.host.install({ manifest, code });
    await test.host.activate('acme.slow');
    const seen = new Promise<void>((resolve) => test.host.contributions.onDidChange((c) => c.kind === 'contextKeys' && resolve()));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const report = await test.host.runScoring(undefined, { signal: controller.signal });
    expect(report.rules).toEqual([{ pluginId: 'acme.slow', ruleId: 'acme.slow.rule', title: 'Waits', weight: 1, ok: false, error: 'scoring.evaluate: cancelled' }]);
    await seen;
    expect(test.host.contributions.contextKeys()).toEqual({ 'acme.slow.cancelled': true });
    expect(test.host.errors('acme.slow')).toEqual([]);
  });

  it('refuses undeclared registrations in the plugin with a clear error', async () => {
    const test = await testHost({});
    const manifest = { id: 'acme.sneaky', name: 'Sneaky', version: '1.0.0', publisher: 'acme', main: 'plugin.js', engines: { leanflow: '^1.0.0' } };
    const code = "export function activate(context) { context.commands.registerCommand('acme.undeclared', () => 1); }";
    await test.host.install({ manifest, code });
    const status = await test.host.activate('acme.sneaky');
    expect(status).toMatchObject({
      state: 'crashed',
      reason: 'activate() failed: command "acme.undeclared" is not declared in contributes.commands of the manifest',
    });
  });

  it('leaves no timers behind once disposed (a CLI process can exit at once)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const test = await createPluginTestHost({ bpmnXml: await miwg('C.1.0.bpmn') });
    await test.install(taskSummary);
    await test.install(leanRules);
    expect((await test.host.executeCommand('examples.taskSummary.show')).ok).toBe(true);
    await test.host.runScoring();
    expect(timers()).toBeGreaterThan(before);
    await test.dispose();
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('disables and enables a plugin, hiding and restoring its contributions', async () => {
    const test = await testHost({});
    await test.install(taskSummary);
    await test.host.executeCommand('examples.taskSummary.show');
    expect(test.host.contributions.views()).toHaveLength(2);
    expect((await test.host.disable('examples.task-summary')).state).toBe('disabled');
    expect(test.host.contributions.views()).toEqual([]);
    expect(await test.host.executeCommand('examples.taskSummary.show')).toEqual({ ok: false, error: 'unknown command "examples.taskSummary.show"' });
    await test.host.enable('examples.task-summary');
    expect(test.host.contributions.views()).toHaveLength(2);
    // no model open: the command tells the user instead of failing
    expect(await test.host.executeCommand('examples.taskSummary.show')).toEqual({ ok: true, value: null });
    expect(test.services.notifications.map((n) => n.message)).toEqual(['Open a process first.', 'Open a process first.']);
  });
});

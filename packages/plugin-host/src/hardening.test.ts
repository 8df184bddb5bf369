// Issue 11, items 4 and 5: calls that never answer, and limits that hold. Each test drives a small inline plugin
// through the real host and its Node worker.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPluginHost, createMemoryServices, createPluginTestHost, type PluginTestHost, type RpcMessage } from '@leanflow/plugin-host';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = process.env.LEANFLOW_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures');
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

const manifest = (contributes: Record<string, unknown>, permissions: string[] = ['readModel']) => ({
  id: 'acme.hostile',
  name: 'Hostile',
  version: '1.0.0',
  publisher: 'acme',
  main: 'plugin.js',
  engines: { leanflow: '^1.0.0' },
  permissions,
  contributes,
});

const UNDESCRIBABLE = 'the plugin threw something that cannot be described (throw an Error with a message)';

/** Thrown values no code can describe: every trap of the Proxy throws, and an object whose getters throw. */
const THROWERS = `
  const trap = () => { throw new Error('trap'); };
  const proxy = () => new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
  const getters = () => ({ get message() { throw new Error('no message'); }, get name() { throw new Error('no name'); }, toString() { throw new Error('no string'); } });
`;

describe('calls that never answer (item 4)', () => {
  it('answers a command that throws a Proxy or an object whose getters throw, with the default limits', async () => {
    const test = await testHost({});
    const code = `${THROWERS}
      export function activate(context) {
        context.commands.registerCommand('acme.proxy', () => { throw proxy(); });
        context.commands.registerCommand('acme.getters', async () => { throw getters(); });
        context.commands.registerCommand('acme.ok', () => 'still here');
      }`;
    await test.host.install({ manifest: manifest({ commands: [{ command: 'acme.proxy', title: 'P' }, { command: 'acme.getters', title: 'G' }, { command: 'acme.ok', title: 'O' }] }), code });
    expect(await test.host.executeCommand('acme.proxy')).toEqual({ ok: false, error: UNDESCRIBABLE });
    expect(await test.host.executeCommand('acme.getters')).toEqual({ ok: false, error: UNDESCRIBABLE });
    expect(await test.host.executeCommand('acme.ok')).toEqual({ ok: true, value: 'still here' });
    expect(test.host.status('acme.hostile')?.state).toBe('active');
  }, 15_000);

  it('reports the real cause when activate throws a Proxy, not "no response"', async () => {
    const test = await testHost({});
    const code = `${THROWERS}
      export function activate() { throw proxy(); }`;
    await test.host.install({ manifest: manifest({ commands: [{ command: 'acme.ok', title: 'O' }] }), code });
    const started = Date.now();
    const status = await test.host.activate('acme.hostile');
    expect(status).toMatchObject({ state: 'crashed', reason: `activate() failed: ${UNDESCRIBABLE}` });
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);

  it('answers scoring rules that throw undescribable values, rule by rule', async () => {
    const test = await testHost({ bpmnXml: await miwg('A.1.0.bpmn') });
    const code = `${THROWERS}
      export function activate(context) {
        context.scoring.registerRule('acme.proxyRule', { evaluate: () => { throw proxy(); } });
        context.scoring.registerRule('acme.gettersRule', { evaluate: () => { throw getters(); } });
      }`;
    await test.host.install({ manifest: manifest({ scoringRules: [{ id: 'acme.proxyRule', title: 'P' }, { id: 'acme.gettersRule', title: 'G' }] }), code });
    const started = Date.now();
    const report = await test.host.runScoring();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.rules.map((r) => (r.ok ? 'ok' : r.error))).toEqual([
      UNDESCRIBABLE,
      UNDESCRIBABLE,
    ]);
  }, 15_000);

  it('times out a command that never answers, but not while the host waits for the user on its behalf', async () => {
    const test = await testHost({ limits: { commandTimeoutMs: 400 } });
    const code = `export function activate(context) {
      context.commands.registerCommand('acme.never', () => new Promise(() => {}));
      context.commands.registerCommand('acme.ask', async () => (await context.window.showQuickPick(['a', 'b'])) ?? 'dismissed');
    }`;
    await test.host.install({ manifest: manifest({ commands: [{ command: 'acme.never', title: 'N' }, { command: 'acme.ask', title: 'A' }] }), code });
    expect(await test.host.executeCommand('acme.never')).toEqual({ ok: false, error: 'command.run: no response within 400 ms' });
    // the user takes 1.2 s to pick, three times the command's time-out: the clock stops meanwhile
    Object.assign(test.services, { showQuickPick: () => new Promise((resolve) => setTimeout(() => resolve(1), 1_200)) });
    expect(await test.host.executeCommand('acme.ask')).toEqual({ ok: true, value: 'b' });
  }, 15_000);

  it('gives commands a time-out by default', async () => {
    const test = await testHost({});
    expect(test.host.limits.commandTimeoutMs).toBeGreaterThan(0);
  });

  it('treats a malformed reply as the failure of that call', async () => {
    const host = fakeWorkerHost({ 'command.run': (id) => ({ t: 'res', id, ok: false, error: { message: 42 } }) }, [{ kind: 'command', id: 'acme.ok' }]);
    try {
      await host.install({ manifest: manifest({ commands: [{ command: 'acme.ok', title: 'O' }] }), code: 'export function activate() {}' });
      expect(await host.executeCommand('acme.ok')).toEqual({ ok: false, error: 'command.run: the plugin sent a malformed reply' });
    } finally {
      await host.dispose();
    }
  });
});

/**
 * A host whose "worker" is a script: it answers init and activate, registers `registrations`, and answers other
 * requests with `answers[method](id)`. Messages are passed as they are (no structured clone), as a worker that
 * bypassed the runtime could send them.
 */
function fakeWorkerHost(answers: Record<string, (id: number) => unknown>, registrations: { kind: string; id: string }[]) {
  return createPluginHost({
    services: createMemoryServices({ model: { uri: 'a.bpmn', version: 1, graph: { processes: [], participants: [], lanes: [], nodes: [], flows: [], messageFlows: [], dataElements: [] } } }),
    createTransport: async () => {
      let listener: (data: unknown) => void = () => {};
      const send = (message: unknown) => setTimeout(() => listener(message), 1);
      return {
        post(message: RpcMessage) {
          if (message.t !== 'req') return;
          send({ t: 'ack', id: message.id });
          const answer = answers[message.method];
          if (answer) send(answer(message.id));
          else if (message.method === 'init' || message.method === 'activate') send({ t: 'res', id: message.id, ok: true, result: {} });
        },
        onMessage(l) {
          listener = l;
          send({ t: 'note', method: 'ready', params: {} });
          for (const params of registrations) send({ t: 'note', method: 'register', params });
        },
        onExit() {},
        async terminate() {},
      };
    },
    limits: { commandTimeoutMs: 0 },
  });
}

describe('limits that hold (item 5)', () => {
  it('checks again on the host: a million findings and a cycle that bypassed the worker runtime are refused', async () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const finding = { severity: 'info', message: 'm', elementIds: [] };
    const host = fakeWorkerHost(
      {
        'command.run': (id) => ({ t: 'res', id, ok: true, result: cyclic }),
        'scoring.evaluate': (id) => ({ t: 'res', id, ok: true, result: [{ id: 'acme.many', ok: true, value: { score: 1, findings: new Array(1_000_000).fill(finding) } }] }),
      },
      [
        { kind: 'command', id: 'acme.cycle' },
        { kind: 'scoringRule', id: 'acme.many' },
      ],
    );
    try {
      await host.install({ manifest: manifest({ commands: [{ command: 'acme.cycle', title: 'C' }], scoringRules: [{ id: 'acme.many', title: 'M' }] }), code: 'export function activate() {}' });
      expect(await host.executeCommand('acme.cycle')).toEqual({ ok: false, error: 'the result of acme.cycle refers to itself (a cycle at self); return plain data' });
      const report = await host.runScoring();
      expect(report.rules.map((r) => (r.ok ? r.score : r.error))).toEqual(['the result of scoring rule acme.many was rejected: 1000000 findings; a scoring rule may return at most 1000']);
    } finally {
      await host.dispose();
    }
  });

  it('refuses a million findings in the worker, before they reach the host', async () => {
    const test = await testHost({ bpmnXml: await miwg('A.1.0.bpmn') });
    const code = `export function activate(context) {
      const finding = { severity: 'info', message: 'm', elementIds: [] };
      context.scoring.registerRule('acme.many', { evaluate: () => ({ score: 50, findings: Array.from({ length: 1000000 }, () => finding) }) });
      context.scoring.registerRule('acme.fine', { evaluate: () => ({ score: 70, findings: [finding] }) });
    }`;
    await test.host.install({ manifest: manifest({ scoringRules: [{ id: 'acme.many', title: 'Many' }, { id: 'acme.fine', title: 'Fine' }] }), code });
    const report = await test.host.runScoring();
    expect(report.rules.map((r) => (r.ok ? r.score : r.error))).toEqual(['the result has 1000000 findings; a scoring rule may return at most 1000', 70]);
  });

  it('refuses cyclic results with a clear message, and the plugin keeps running', async () => {
    const test = await testHost({ bpmnXml: await miwg('A.1.0.bpmn') });
    const code = `export function activate(context) {
      const cyclic = () => { const a = { n: 1, inner: { list: [] } }; a.inner.list.push(a); return a; };
      context.commands.registerCommand('acme.cycle', () => cyclic());
      context.commands.registerCommand('acme.view', () => {
        const content = { kind: 'markdown', markdown: 'x' };
        content.again = content;
        try { context.views.setViewContent('acme.view', content); return 'sent'; } catch (e) { return e.message; }
      });
      context.scoring.registerRule('acme.cyclicRule', { evaluate: () => { const r = { score: 1, findings: [] }; r.findings.push({ severity: 'info', message: 'm', elementIds: [], back: r }); return r; } });
    }`;
    const contributes = { commands: [{ command: 'acme.cycle', title: 'C' }, { command: 'acme.view', title: 'V' }], views: [{ id: 'acme.view', name: 'V', kind: 'markdown' }], scoringRules: [{ id: 'acme.cyclicRule', title: 'R' }] };
    await test.host.install({ manifest: manifest(contributes), code });
    expect(await test.host.executeCommand('acme.cycle')).toEqual({ ok: false, error: 'the result refers to itself (a cycle at inner.list.0); return plain data' });
    expect(await test.host.executeCommand('acme.view')).toEqual({ ok: true, value: 'the view content refers to itself (a cycle at again); return plain data' });
    const report = await test.host.runScoring();
    expect(report.rules.map((r) => (r.ok ? r.score : r.error))).toEqual(['the result refers to itself (a cycle at findings.0.back); return plain data']);
    expect(test.host.status('acme.hostile')?.state).toBe('active');
  });
});

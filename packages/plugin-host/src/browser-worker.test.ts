// The browser side of the host in real Chromium: the host and worker-browser-main.ts are bundled for the browser
// with esbuild, served from 127.0.0.1, and driven with playwright-core. Checks the sandbox (no storage, DOM or
// network in the worker), that an endless loop is stopped while the page stays responsive, that the iframe's
// Content-Security-Policy alone (a worker without the sandbox) keeps every way out closed, and that binary memory
// over the limit stops the plugin as out of memory.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_FRAME_SCRIPT, PLUGIN_WORKER_CSP } from './browser-transport.ts';
import { buildBrowserWorkerBootstrap } from './browser-worker.vite.ts';
import { startRecordingServer } from './recording-server.ts';

const chromiumPath = process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium';
const source = fileURLToPath(new URL('.', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../plugins/examples/test-fixtures/', import.meta.url));

/** What a host that sends its own CSP for the studio must allow for the plugin iframe (docs/plugins.md). */
const STRICT_PAGE_CSP = `default-src 'self'; script-src 'self' ${PLUGIN_WORKER_CSP.match(/'sha256-[^']+'/)![0]} blob:; worker-src blob:; connect-src 'self'; frame-src 'none'`;

const page = `
import { createMemoryServices, createPluginHost, createWebWorkerTransportFactory } from ${JSON.stringify(join(source, 'index.ts'))};
const base = { version: '1.0.0', publisher: 'tests', engines: { leanflow: '^1.0.0' }, main: 'plugin.js' };
const command = (id, name, command) => ({ ...base, id, name, contributes: { commands: [{ command, title: name }] } });
window.runCheck = async (snoopCode, loopCode) => {
  localStorage.setItem('secret', 'studio data');
  const host = createPluginHost({ services: createMemoryServices({}), createTransport: createWebWorkerTransportFactory('/worker.js') });
  const result = {};
  await host.install({ manifest: command('fixtures.snoop', 'Snoop', 'fixtures.snoop.probe'), code: snoopCode });
  result.snoop = await host.executeCommand('fixtures.snoop.probe');
  await host.install({ manifest: command('fixtures.endless-loop', 'Loop', 'fixtures.loop.run'), code: loopCode });
  await host.activate('fixtures.endless-loop');
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 100);
  const crashed = new Promise((resolve) => host.onDidChangeStatus((s) => s.id === 'fixtures.endless-loop' && s.state === 'crashed' && resolve(s)));
  const started = performance.now();
  void host.executeCommand('fixtures.loop.run');
  result.crashed = await crashed;
  result.recoveryMs = performance.now() - started;
  clearInterval(ticker);
  result.ticksDuringHang = ticks;
  result.otherStillWorks = (await host.executeCommand('fixtures.snoop.probe')).ok;
  result.restarted = (await host.restart('fixtures.endless-loop')).state;
  result.pageStorageIntact = localStorage.getItem('secret');
  await host.dispose();
  return result;
};
// A worker with the policy but without the sandbox: the escape fixture with every global still in place.
window.runPolicyCheck = async (escapeCode, base) => {
  const probe = escapeCode.replace('export function activate', 'function activate') + \`
    onmessage = async (event) => {
      const port = event.data.port;
      let handler;
      activate({ subscriptions: [], model: { getActiveModel: () => undefined }, commands: { registerCommand: (id, h) => (handler = h) } });
      port.postMessage(await handler(\${JSON.stringify(base)}, \${JSON.stringify(location.origin)}));
    };\`;
  const transport = await createWebWorkerTransportFactory({ workerCode: probe })({ pluginId: 'probe', memoryLimitMb: 128 });
  const outcomes = await new Promise((resolve) => transport.onMessage(resolve));
  await transport.terminate();
  return outcomes;
};
window.churnCheck = async (code) => {
  const host = createPluginHost({ services: createMemoryServices({}), createTransport: createWebWorkerTransportFactory('/worker.js'), limits: { memoryLimitMb: 256 } });
  await host.install({ manifest: command('fixtures.memory-steps', 'Steps', 'fixtures.memory.steps'), code });
  const outcome = await host.executeCommand('fixtures.memory.steps', 'churn', 64, 20, 16);
  const state = host.status('fixtures.memory-steps').state;
  await host.dispose();
  return { ...outcome, state };
};
window.runMemoryCheck = async (code, kind, stepMb, pauseMs) => {
  const host = createPluginHost({ services: createMemoryServices({}), createTransport: createWebWorkerTransportFactory('/worker.js'), limits: { memoryLimitMb: 256 } });
  await host.install({ manifest: { ...command('fixtures.memory-steps', 'Steps', 'fixtures.memory.steps') }, code });
  const log = [];
  host.contributions.onDidChange((change) => {
    const channel = host.contributions.outputChannels().find((o) => o.name === 'console');
    if (change.kind === 'output' && channel) log.splice(0, log.length, channel.text);
  });
  const crashed = new Promise((resolve) => host.onDidChangeStatus((s) => s.state === 'crashed' && resolve({ ...s, at: performance.now() })));
  const started = performance.now();
  const outcome = await host.executeCommand('fixtures.memory.steps', kind, stepMb, pauseMs, 40);
  const status = await crashed;
  await host.dispose();
  return { outcome, reason: status.reason, stoppedMs: status.at - started, log: log[0] ?? '' };
};
`;

describe('the plugin iframe', () => {
  it('carries the hash of its own script in its Content-Security-Policy (change both together)', () => {
    const hash = createHash('sha256').update(PLUGIN_FRAME_SCRIPT).digest('base64');
    expect(PLUGIN_WORKER_CSP).toContain(`'sha256-${hash}'`);
    expect(PLUGIN_WORKER_CSP).toContain("connect-src 'none'");
    expect(PLUGIN_WORKER_CSP).not.toMatch(/unsafe-eval|unsafe-inline|data:|'self'|\*/);
  });
});

describe.skipIf(!existsSync(chromiumPath))('plugin workers in Chromium', () => {
  let dir: string;
  let server: Server;
  let browser: Browser;
  let tab: Page;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leanflow-browser-host-'));
    await writeFile(join(dir, 'page.js'), page);
    await writeFile(join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="/bundle.js"></script></body></html>');
    await Promise.all([
      // The studio gets the worker from a Vite virtual module; here it is fetched from /worker.js instead.
      build({ entryPoints: [join(dir, 'page.js')], bundle: true, format: 'esm', platform: 'browser', outfile: join(dir, 'bundle.js'), logLevel: 'silent', external: ['virtual:*'] }),
      buildBrowserWorkerBootstrap().then(({ code }) => writeFile(join(dir, 'worker.js'), code)),
    ]);
    server = createServer(async (request, response) => {
      const path = request.url === '/' ? 'index.html' : (request.url ?? '').slice(1);
      // strict.html: the page as a host with its own strict CSP would serve it (docs/plugins.md, "Security model").
      const name = path === 'strict.html' ? 'index.html' : path;
      if (!['index.html', 'bundle.js', 'worker.js'].includes(name)) return void response.writeHead(404).end();
      const headers: Record<string, string> = { 'content-type': name.endsWith('.html') ? 'text/html' : 'text/javascript' };
      if (path === 'strict.html') headers['content-security-policy'] = STRICT_PAGE_CSP;
      response.writeHead(200, headers).end(await readFile(join(dir, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab.waitForFunction(() => 'runCheck' in window);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('hide storage, the DOM and the network, and a hung plugin is stopped while the page keeps running', async () => {
    const [snoop, loop] = await Promise.all([readFile(join(fixtures, 'snoop', 'plugin.js'), 'utf8'), readFile(join(fixtures, 'endless-loop', 'plugin.js'), 'utf8')]);
    const result = (await tab.evaluate(
      ([s, l]) => (window as unknown as { runCheck(s: string, l: string): Promise<unknown> }).runCheck(s!, l!),
      [snoop, loop],
    )) as { snoop: { ok: boolean; value: Record<string, string> }; crashed: { reason: string }; recoveryMs: number; ticksDuringHang: number; otherStillWorks: boolean; restarted: string; pageStorageIntact: string };
    console.log(`Chromium: endless loop stopped after ${result.recoveryMs.toFixed(0)} ms; the page ran ${result.ticksDuringHang} 100-ms timers meanwhile`);
    expect(result.snoop.ok).toBe(true);
    for (const [name, seen] of Object.entries(result.snoop.value)) expect({ name, seen }).toEqual({ name, seen: name === 'indexedDBViaPrototype' ? 'none' : name === 'nodeFs' ? 'blocked' : 'undefined' });
    expect(result.crashed.reason).toBe('not responding for more than 2000 ms (an endless loop?); stopped');
    expect(result.recoveryMs).toBeLessThan(3_000);
    // the page's event loop kept running: about one tick per 100 ms of the ~2.2 s hang
    expect(result.ticksDuringHang).toBeGreaterThanOrEqual(15);
    expect(result.otherStillWorks).toBe(true);
    expect(result.restarted).toBe('active');
    expect(result.pageStorageIntact).toBe('studio data');
  });

  it('closes every way out by the policy alone: a worker with all its globals reaches nothing', async () => {
    const recorder = await startRecordingServer();
    try {
      const escape = await readFile(join(fixtures, 'escape', 'plugin.js'), 'utf8');
      const ways = (await tab.evaluate(([code, base]) => (window as unknown as { runPolicyCheck(c: string, b: string): Promise<unknown> }).runPolicyCheck(code!, base!), [escape, recorder.base])) as Record<string, string>;
      console.log(`Chromium, policy only (no sandbox):\n${Object.entries(ways).map(([way, result]) => `  ${way}: ${result}`).join('\n')}`);
      // Without the sandbox these run inside the worker's own opaque origin and reach nothing outside it: a blob:
      // module the worker made itself, a message to its own (deaf) Worker object, a channel nobody else can join.
      const harmless = new Set(['importBlob', 'parentPostMessage', 'broadcastChannel']);
      for (const [way, result] of Object.entries(ways)) {
        if (!harmless.has(way)) expect({ way, result }).toEqual({ way, result: expect.stringMatching(/^blocked: \w*Error: /) });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(recorder.seen).toEqual([]);
    } finally {
      await recorder.close();
    }
  });

  it('run under the strictest page policy a host may add, as documented', async () => {
    const strict = await browser.newPage();
    const violations: string[] = [];
    strict.on('console', (message) => void (/Content Security Policy/.test(message.text()) && violations.push(message.text())));
    try {
      await strict.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/strict.html`);
      await strict.waitForFunction(() => 'runCheck' in window);
      const [snoop, loop] = await Promise.all([readFile(join(fixtures, 'snoop', 'plugin.js'), 'utf8'), readFile(join(fixtures, 'endless-loop', 'plugin.js'), 'utf8')]);
      const result = (await strict.evaluate(([s, l]) => (window as unknown as { runCheck(s: string, l: string): Promise<unknown> }).runCheck(s!, l!), [snoop, loop])) as { snoop: { ok: boolean } };
      expect(result.snoop.ok).toBe(true);
      expect(violations).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('does not stop a plugin that churns through 1 GB of small scratch arrays (garbage, not growth)', async () => {
    const code = await readFile(join(fixtures, 'memory-steps', 'plugin.js'), 'utf8');
    const outcome = await tab.evaluate(async (c) => {
      const w = window as unknown as { churnCheck?: (code: string) => Promise<unknown> };
      return w.churnCheck!(c);
    }, code);
    expect(outcome).toEqual({ ok: true, value: 16 * 64, state: 'active' });
  });

  for (const kind of ['arrayBuffer', 'wasmMemory', 'resizable', 'blob', 'stream', 'structuredClone'] as const) {
    it(`stops a plugin that grows ${kind} in 64 MB steps with pauses within 2 s of passing 256 MB, as out of memory`, async () => {
      const code = await readFile(join(fixtures, 'memory-steps', 'plugin.js'), 'utf8');
      const result = (await tab.evaluate(([c, k]) => (window as unknown as { runMemoryCheck(c: string, k: string, s: number, p: number): Promise<unknown> }).runMemoryCheck(c!, k!, 64, 300), [code, kind])) as {
        outcome: { ok: boolean };
        reason: string;
        stoppedMs: number;
        log: string;
      };
      const steps = [...result.log.matchAll(/step (\d+): (\d+) MB at (\d+) ms/g)].map((m) => ({ mb: Number(m[2]), ms: Number(m[3]) }));
      const last = steps.at(-1) ?? { mb: 0, ms: 0 };
      console.log(`Chromium, ${kind}: stopped after ${result.stoppedMs.toFixed(0)} ms, last step ${last.mb} MB at ${last.ms} ms; ${result.reason}`);
      expect(result.outcome.ok).toBe(false);
      expect(result.reason).toMatch(/^used more memory than allowed \(\d+ MB of 256 MB\)$/);
      // It never held more than the limit (the next step was refused) ...
      expect(last.mb).toBeLessThanOrEqual(256);
      expect(last.mb).toBeGreaterThanOrEqual(192);
      // ... and was stopped within 2 s of that refused step (which came after the pause).

      expect(result.stoppedMs - last.ms).toBeLessThan(2_000 + 300);
    });
  }
});

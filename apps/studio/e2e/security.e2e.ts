// Plugins cannot leak or hog, in the studio as users get it (production build, `vite preview`), in Chromium.
// Network: the escape fixture (readModel only) tries every way out it knows, carrying the open model's task names,
// against a recording TCP+UDP listener on 127.0.0.1 and against the studio's own origin; the listener receives
// nothing, the browser makes no such request, and the plugin catches an error for each way. Memory: ArrayBuffers
// and WebAssembly memory grown in 128 MB steps with pauses stop the plugin as out of memory within 2 s of passing
// the default 128 MB limit, shown as such in the Extensions view. Screenshot: /tmp/leanflow-security-oom.png.
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, studioUrl, waitForCanvas } from './browser.ts';

const fixtures = fileURLToPath(new URL('../../../plugins/examples/test-fixtures/', import.meta.url));

interface Recorder {
  readonly base: string;
  readonly seen: string[];
  close(): Promise<void>;
}

/** TCP and UDP on one port of 127.0.0.1, recording everything; answers like a permissive server (CORS open). */
async function startRecorder(): Promise<Recorder> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    seen.push('tcp connection');
    socket.once('data', (data) => {
      seen.push(`tcp: ${data.toString('latin1').split('\r\n')[0]}`);
      socket.end('HTTP/1.1 200 OK\r\naccess-control-allow-origin: *\r\ncontent-type: text/javascript\r\nconnection: close\r\n\r\nexport default 1;\n');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as { port: number }).port;
  const udp = createSocket('udp4');
  udp.on('message', (message) => seen.push(`udp: ${message.length} bytes`));
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => tcp.close(resolve));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}

async function installFixture(page: Page, name: string): Promise<void> {
  const [manifest, code] = await Promise.all([readFile(join(fixtures, name, 'leanflow-plugin.json'), 'utf8'), readFile(join(fixtures, name, 'plugin.js'), 'utf8')]);
  const installed = await page.evaluate(
    ([m, c]) => (window as unknown as { leanflow: { plugins: { installFromSource(s: unknown): Promise<{ ok: boolean }> } } }).leanflow.plugins.installFromSource({ manifest: JSON.parse(m!), code: c }),
    [manifest, code],
  );
  expect(installed.ok).toBe(true);
}

function executeCommand(page: Page, id: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return page.evaluate(
    ([command, rest]) =>
      (window as unknown as { leanflow: { plugins: { host: { executeCommand(id: string, ...a: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: string }> } } } }).leanflow.plugins.host.executeCommand(
        command as string,
        ...(rest as unknown[]),
      ),
    [id, args] as const,
  );
}

describe('plugins cannot leak or hog in the studio', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a plugin finds no way out to the network: nothing reaches the server and the plugin catches an error for each way', async () => {
    const recorder = await startRecorder();
    const { page, context } = await openStudio(browser);
    // Chromium reports the attempts the policy refused as failed requests (net::ERR_BLOCKED_BY_CSP): none may get
    // an answer, and every one must have failed that way.
    const ours = (url: string) => url.startsWith(recorder.base) || url.includes('__leanflow_probe') || url.startsWith('data:text/javascript');
    const answered: string[] = [];
    const failed: string[] = [];
    context.on('requestfinished', (request) => void (ours(request.url()) && answered.push(request.url())));
    context.on('requestfailed', (request) => void (ours(request.url()) && failed.push(`${request.failure()?.errorText}: ${request.url().split('?')[0]}`)));
    try {
      await waitForCanvas(page);
      await installFixture(page, 'escape');
      const studioOrigin = new URL(studioUrl()).origin;
      const outcome = await executeCommand(page, 'fixtures.escape.tryAll', recorder.base, studioOrigin);
      expect(outcome.ok).toBe(true);
      const ways = outcome.value as Record<string, string>;
      console.log(`Chromium studio, ways out tried:\n${Object.entries(ways).map(([way, result]) => `  ${way}: ${result}`).join('\n')}`);
      expect(Object.keys(ways).length).toBeGreaterThanOrEqual(25);
      for (const [way, result] of Object.entries(ways)) expect({ way, result }).toEqual({ way, result: expect.stringMatching(/^blocked: \w*Error: /) });
      // The plugin did carry the model's task names (it had readModel): they would have left with a request.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(recorder.seen).toEqual([]);
      expect(answered).toEqual([]);
      console.log(`refused by the policy:\n  ${failed.join('\n  ')}`);
      for (const failure of failed) expect(failure).toMatch(/^(net::ERR_BLOCKED_BY_CSP|csp): /);
      const state = await page.evaluate(() => (window as unknown as { leanflow: { plugins: { host: { status(id: string): { state: string } } } } }).leanflow.plugins.host.status('fixtures.escape').state);
      expect(state).toBe('active');
    } finally {
      await context.close();
      await recorder.close();
    }
  });

  for (const kind of ['arrayBuffer', 'wasmMemory'] as const) {
    it(`a plugin growing ${kind} in 128 MB steps with pauses is stopped as out of memory within 2 s of passing 128 MB`, async () => {
      const { page, context } = await openStudio(browser);
      try {
        await waitForCanvas(page);
        await installFixture(page, 'memory-steps');
        const result = await page.evaluate(async (k) => {
          const host = (
            window as unknown as {
              leanflow: {
                plugins: {
                  host: {
                    limits: { memoryLimitMb: number };
                    executeCommand(id: string, ...a: unknown[]): Promise<{ ok: boolean }>;
                    onDidChangeStatus(listener: (s: { id: string; state: string; reason?: string }) => void): { dispose(): void };
                    contributions: { onDidChange(l: (c: { kind: string; pluginId: string }) => void): void; outputChannels(): { pluginId: string; name: string; text: string }[] };
                  };
                };
              };
            }
          ).leanflow.plugins.host;
          let log = '';
          host.contributions.onDidChange((change) => {
            const channel = host.contributions.outputChannels().find((o) => o.pluginId === 'fixtures.memory-steps' && o.name === 'console');
            if (change.kind === 'output' && channel) log = channel.text;
          });
          const crashed = new Promise<{ reason: string | undefined; at: number }>((resolve) =>
            host.onDidChangeStatus((s) => s.id === 'fixtures.memory-steps' && s.state === 'crashed' && resolve({ reason: s.reason, at: performance.now() })),
          );
          const started = performance.now();
          const outcome = await host.executeCommand('fixtures.memory.steps', k, 128, 300, 40);
          const status = await crashed;
          return { limitMb: host.limits.memoryLimitMb, ok: outcome.ok, reason: status.reason ?? '', stoppedMs: status.at - started, log };
        }, kind);
        const steps = [...result.log.matchAll(/step (\d+): (\d+) MB at (\d+) ms/g)].map((m) => ({ mb: Number(m[2]), ms: Number(m[3]) }));
        const last = steps.at(-1) ?? { mb: 0, ms: 0 };
        console.log(`Chromium studio, ${kind}: stopped after ${result.stoppedMs.toFixed(0)} ms, last step ${last.mb} MB at ${last.ms} ms; ${result.reason}`);
        expect(result.limitMb).toBe(128);
        expect(result.ok).toBe(false);
        expect(result.reason).toMatch(/^used more memory than allowed \(\d+ MB of 128 MB\)$/);
        // The step past the limit was refused, and the plugin stopped within 2 s of it (it came after a 300 ms pause).
        expect(last.mb).toBeLessThanOrEqual(128);
        expect(result.stoppedMs - last.ms).toBeLessThan(2_000 + 300);
        // The Extensions view says why.
        await page.locator('.lf-activity[data-view="extensions"]').click();
        const reason = page.locator('lf-extensions-view .lf-extension[data-plugin-id="fixtures.memory-steps"] .lf-extension-reason');
        await expect.poll(() => reason.textContent()).toMatch(/used more memory than allowed/);
        if (kind === 'arrayBuffer') await page.screenshot({ path: '/tmp/leanflow-security-oom.png' });
      } finally {
        await context.close();
      }
    });
  }
});

// Suggestions in the studio, with the built-in suggestions from the simplifications plugin through the plugin host:
// time from Ctrl+Alt+I to the first card on fresh pages (where the list came from), and a warm Refresh through the
// plugin against the providers run in the worker (the direct path, forced by hiding the plugin from the controller),
// interleaved in one page. The sample process. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { gotoStudio } from './studio-page.ts';

const configFile = new URL('../vite.config.ts', import.meta.url).pathname;
const PAGES = 5;
const REFRESHES = 8;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const outDir = mkdtempSync(join(tmpdir(), 'leanflow-bench-suggestions-'));
await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ configFile, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
const browser = await chromium.launch({
  executablePath: process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const status = '() => document.querySelector("lf-suggestions-view .lf-suggestions")?.getAttribute("data-status") === "done"';
try {
  const first: number[] = [];
  const sources: string[] = [];
  for (let run = 0; run < PAGES; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await gotoStudio(page, server.resolvedUrls!.local[0]!);
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-element').first().waitFor({ timeout: 30_000 });
    const t0 = performance.now();
    await page.keyboard.press('Control+Alt+I');
    await page.locator('lf-suggestions-view .lf-sugg-card').first().waitFor({ timeout: 60_000 });
    first.push(performance.now() - t0);
    sources.push((await page.locator('lf-suggestions-view .lf-suggestions').getAttribute('data-builtin-source')) ?? '?');
    await context.close();
  }
  console.log(`fresh page, Ctrl+Alt+I -> first card: median ${Math.round(median(first))} ms [${range(first)}] of ${PAGES}; built-in suggestions from: ${sources.join(', ')}`);

  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await gotoStudio(page, server.resolvedUrls!.local[0]!);
  await page.locator('lf-bpmn-editor:not([hidden]) .djs-element').first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Control+Alt+I');
  await page.waitForFunction(status, undefined, { timeout: 90_000 });
  // tsx keeps function names with a `__name` helper the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  const timings: { plugin: number[]; direct: number[]; sources: string[] } = await page.evaluate(async (refreshes) => {
    const w = (window as Any).leanflow;
    const host = w.plugins.host;
    const original = host.status.bind(host);
    const root = () => document.querySelector('lf-suggestions-view .lf-suggestions');
    const until = (ok: () => boolean) => new Promise<void>((resolve) => { const check = () => (ok() ? resolve() : setTimeout(check, 2)); check(); });
    const refresh = async () => {
      const started = performance.now();
      await w.commands.execute('suggestions.refresh');
      await until(() => ['predicting', 'done'].includes(root()?.getAttribute('data-status') ?? ''));
      const listed = performance.now() - started;
      await until(() => root()?.getAttribute('data-status') === 'done');
      return { listed, source: root()?.getAttribute('data-builtin-source') ?? '?' };
    };
    const out = { plugin: [] as number[], direct: [] as number[], sources: [] as string[] };
    for (let i = 0; i < refreshes; i++) {
      host.status = original;
      const viaPlugin = await refresh();
      out.plugin.push(viaPlugin.listed);
      out.sources.push(viaPlugin.source);
      // The controller then sees no simplifications plugin: the worker runs the providers itself.
      host.status = (id: string) => (id === 'leanflow.simplifications' ? undefined : original(id));
      const direct = await refresh();
      out.direct.push(direct.listed);
      out.sources.push(direct.source);
    }
    host.status = original;
    return out;
  }, REFRESHES);
  console.log(
    `warm Refresh -> listed, ${REFRESHES} interleaved: through the plugin ${Math.round(median(timings.plugin))} ms [${range(timings.plugin)}], ` +
      `providers in the worker ${Math.round(median(timings.direct))} ms [${range(timings.direct)}] (sources ${[...new Set(timings.sources)].join('/')})`,
  );
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}

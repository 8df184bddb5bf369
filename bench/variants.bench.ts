// Variant comparison speed: in the studio (click "Compare" -> results drawn, the simulations in the worker) against
// compareVariants in Node on the same XML, and the time from opening the compare tab to the coloured visual diff.
// The sample against the sample without "Check customer history". Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The root has no workspace dependencies: import the public entry by path.
import { compareVariants } from '../packages/analysis/src/index.ts';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { gotoStudio } from './studio-page.ts';

const configFile = new URL('../vite.config.ts', import.meta.url).pathname;
const RUNS = 5;
const SETTINGS = [
  { cases: 1000, replications: 10 },
  { cases: 1000, replications: 5 },
  { cases: 5000, replications: 10 },
];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const outDir = mkdtempSync(join(tmpdir(), 'leanflow-bench-variants-'));
await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ configFile, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
const browser = await chromium.launch({
  executablePath: process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await gotoStudio(page, server.resolvedUrls!.local[0]!);
  await page.locator('lf-bpmn-editor:not([hidden]) .djs-element').first().waitFor({ timeout: 30_000 });
  await page.evaluate(() => (window as Any).leanflow.commands.execute('variants.duplicate'));
  await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 2);
  await page.waitForFunction(() => (window as Any).leanflow.activeEditor);
  const xml: string[] = await page.evaluate(async () => {
    const w = (window as Any).leanflow;
    const editor = w.activeEditor;
    editor.get('modeling').removeElements([editor.get('elementRegistry').get('Task_CheckHistory')]);
    return Promise.all(w.documents.all().map((d: Any) => w.documents.getXml(d.id)));
  });

  const opened = performance.now();
  await page.evaluate(() => (window as Any).leanflow.commands.execute('variants.compare'));
  await page.waitForSelector('lf-variants-compare[data-diff-ready]', { timeout: 30_000 });
  console.log(`open compare tab -> visual diff drawn (diffBpmn in the worker, two viewers): ${Math.round(performance.now() - opened)} ms`);

  for (const { cases, replications } of SETTINGS) {
    const studio: number[] = [];
    const node: number[] = [];
    // Run 0 warms up the worker's and Node's JIT and is not counted.
    for (let run = 0; run <= RUNS; run++) {
      await page.fill('lf-variants-compare input[data-setting=cases]', String(cases));
      await page.fill('lf-variants-compare input[data-setting=replications]', String(replications));
      // Timed in the page: from the click to the first paint with status "done" after "running".
      const elapsed = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const root = document.querySelector('lf-variants-compare .lf-variants-compare')!;
            let sawRunning = false;
            const started = performance.now();
            const observer = new MutationObserver(() => {
              const status = root.getAttribute('data-status');
              if (status === 'running') sawRunning = true;
              if (sawRunning && status === 'done') {
                observer.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - started));
              }
            });
            observer.observe(root, { attributes: true, attributeFilter: ['data-status'] });
            document.querySelector<HTMLButtonElement>('lf-variants-compare button[data-action=compare]')!.click();
          }),
      );
      if (run > 0) studio.push(elapsed);
      const t0 = performance.now();
      const result = await compareVariants([{ name: 'As-is', xml: xml[0]! }, { name: 'To-be A', xml: xml[1]! }], { cases, replications });
      if (run > 0) node.push(performance.now() - t0);
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
    }
    console.log(
      `2 variants x ${cases} cases x ${replications} replications: studio (click -> results drawn) ${Math.round(median(studio))} ms [${range(studio)}], ` +
        `Node compareVariants ${Math.round(median(node))} ms [${range(node)}], median of ${RUNS}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}

// Edit -> new score after the debounce, in the production studio (headless Chromium): rename a task of a generated
// 300-node process (and of the sample) to nothing and back, and time from the modeling call to the Scorecard ring
// showing the new score, minus the scorecard's 300 ms debounce (SCORE_DEBOUNCE_MS). The baseline, measured in the
// same page and run, is one DOMParser read of the same 300-node XML: the ratio says how many XML reads' worth of time
// an edit costs, which stays comparable on a machine whose load changes between runs. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { generateProcess } from './generate-process.ts';
import { gotoStudio } from './studio-page.ts';

const configFile = new URL('../vite.config.ts', import.meta.url).pathname;
/** The scorecard's debounce (packages/workbench/src/features/scorecard/scorecard-controller.ts SCORE_DEBOUNCE_MS). */
const DEBOUNCE_MS = 300;
const EDITS = Number(process.env.LEANFLOW_BENCH_EDITS ?? 16);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `[${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}]`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

const outDir = mkdtempSync(join(tmpdir(), 'leanflow-bench-rescore-'));
await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ configFile, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
const browser = await chromium.launch({
  executablePath: process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  console.log(`load average before: ${load()}`);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await gotoStudio(page, server.resolvedUrls!.local[0]!);
  await page.waitForSelector('.djs-element[data-element-id="Task_Qualify"]');
  await page.keyboard.press('Control+Alt+L');
  await page.waitForSelector('lf-scorecard-view .lf-score-ring[data-score]');
  const large = generateProcess(298);

  /** Waits until the shown score has not changed for a second (the document's first scoring is done). */
  const settled = async (): Promise<void> => {
    let last: string | null | undefined;
    let since = Date.now();
    while (Date.now() - since < 1_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await page.evaluate(() => document.querySelector('lf-scorecard-view .lf-score-ring')?.getAttribute('data-score'));
      if (now !== last) {
        last = now;
        since = Date.now();
      }
    }
  };

  /** Edits `taskId`'s label `EDITS` times (after two warm-up edits); ms from the edit to the new score. */
  const rescore = async (taskId: string, name: string): Promise<number[]> => {
    await settled();
    const times: number[] = [];
    for (let i = 0; i < EDITS + 2; i++) {
      const ms = await page.evaluate(
        async ({ id, label }) => {
          // (No named functions inside: tsx would wrap them in a helper the page does not have.)
          const selector = 'lf-scorecard-view .lf-score-ring';
          const before = document.querySelector(selector)?.getAttribute('data-score');
          const editor = (window as unknown as { leanflow: { activeEditor: { get<T>(s: string): T } } }).leanflow.activeEditor;
          const task = editor.get<{ get(id: string): unknown }>('elementRegistry').get(id);
          const started = performance.now();
          editor.get<{ updateLabel(e: unknown, t: string): void }>('modeling').updateLabel(task, label);
          // A score that does not change within 30 s is reported as a failed edit (NaN), never waited for forever.
          while (document.querySelector(selector)?.getAttribute('data-score') === before && performance.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 5));
          return document.querySelector(selector)?.getAttribute('data-score') === before ? Number.NaN : performance.now() - started;
        },
        { id: taskId, label: i % 2 === 0 ? '' : name },
      );
      if (Number.isNaN(ms)) console.log(`  edit ${i + 1} of ${taskId}: no new score within 30 s`);
      else if (i >= 2) times.push(ms);
    }
    return times;
  };

  /** The baseline: one DOMParser read of the 300-node XML in the same page (median of 15). */
  const baseline = async (): Promise<number> =>
    median(
      await page.evaluate((xml) => {
        const times: number[] = [];
        for (let i = 0; i < 15; i++) {
          const started = performance.now();
          new DOMParser().parseFromString(xml, 'application/xml');
          times.push(performance.now() - started);
        }
        return times;
      }, large),
    );

  const before = await baseline();
  const sample = await rescore('Task_Qualify', 'Qualify lead');
  const opened = await page.evaluate(async (xml) => (window as unknown as { leanflow: { openText(n: string, x: string): Promise<boolean> } }).leanflow.openText('generated-300.bpmn', xml), large);
  if (!opened) throw new Error('generated-300.bpmn did not open');
  await page.waitForSelector('lf-scorecard-view .lf-score-ring[data-score]');
  const generated = await rescore('Task_150', 'Step 150');
  const after = await baseline();
  const reference = (before + after) / 2;
  const row = (name: string, times: number[]) => {
    const net = times.map((t) => t - DEBOUNCE_MS);
    console.log(
      `edit -> new score (after the ${DEBOUNCE_MS} ms debounce), ${name}: median ${median(net).toFixed(0)} ms ${range(net)} over ${net.length} edits ` +
        `(with the debounce ${median(times).toFixed(0)} ms); ${(median(net) / reference).toFixed(1)}x the baseline`,
    );
  };
  console.log(`baseline: one DOMParser read of the 300-node XML (${(large.length / 1024).toFixed(0)} KiB) in the same page: ${before.toFixed(1)} ms before, ${after.toFixed(1)} ms after the edits`);
  row('sample', sample);
  row('generated 300-node process', generated);
  console.log(`load average after: ${load()}`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}

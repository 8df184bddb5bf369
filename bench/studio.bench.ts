// Studio speed: initial JavaScript (gzip), time to an interactive canvas with the sample on localhost, time to
// import and render MIWG C.8.0 and a generated 1,000-element process, and how soon the Scorecard shows the new score
// after an edit (debounce + scoring in workers through the plugin host), and edit -> journal. Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { generateProcess } from './generate-process.ts';
import { gotoStudio } from './studio-page.ts';

const configFile = new URL('../vite.config.ts', import.meta.url).pathname;
const fixtures = process.env.LEANFLOW_FIXTURES ?? new URL('../../shared/fixtures', import.meta.url).pathname;
const RUNS = 5;
/** Step 7 also prints what the sliced open's long tasks spent their time in (a Chromium CPU profile). */
const profile = process.env.LEANFLOW_STUDIO_PROFILE === '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The time of the first sample with `functionName` on its stack (the profile's clock, microseconds). */
function firstSampleIn(cpu: { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }, functionName: string): number {
  const parent = new Map<number, number>();
  for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inside = new Set(cpu.nodes.filter((n) => n.callFrame.functionName === functionName).map((n) => n.id));
  let time = cpu.startTime;
  for (let i = 0; i < cpu.samples.length; i++) {
    time += cpu.timeDeltas[i]!;
    for (let id: number | undefined = cpu.samples[i]; id !== undefined; id = parent.get(id)) if (inside.has(id)) return time;
  }
  return cpu.startTime;
}

/** The functions a task's samples were in (each counted once per sample, callers included), most first. */
function attribute(cpu: { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }, fromUs: number, toUs: number): string {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<string, number>();
  let time = cpu.startTime;
  let total = 0;
  cpu.samples.forEach((sample, i) => {
    time += cpu.timeDeltas[i]!;
    if (time < fromUs || time > toUs) return;
    total++;
    const names = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!frame.functionName || frame.functionName.startsWith('(')) continue;
      names.add(`${frame.functionName} (${frame.url.split('/').pop()}:${frame.lineNumber + 1})`);
    }
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, n]) => `${Math.round((n / Math.max(1, total)) * 100)}% ${name}`).join('; ');
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const outDir = mkdtempSync(join(tmpdir(), 'leanflow-bench-'));
const server = await (async () => {
  // LEANFLOW_STUDIO_PROFILE=1: unminified, so step 7's CPU profile names the functions.
  await build({ configFile, logLevel: 'warn', build: { outDir, manifest: true, emptyOutDir: true, ...(profile ? { minify: false } : {}) } });
  return preview({ configFile, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
})();
const browser = await chromium.launch({
  executablePath: process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  // 1. Initial JavaScript: the entry chunk and everything it imports statically.
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]!.imports ?? []) visit(imported);
  };
  visit(entryKey);
  let raw = 0;
  let gzip = 0;
  const css = new Set<string>();
  for (const key of seen) {
    const content = readFileSync(join(outDir, manifest[key]!.file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    for (const c of manifest[key]!.css ?? []) css.add(c);
  }
  const cssGzip = [...css].reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length, 0);
  const initialText = [...seen].map((k) => readFileSync(join(outDir, manifest[k]!.file), 'utf8')).join('');
  console.log(`initial JavaScript: ${kb(gzip)} gzip (${kb(raw)} raw) in ${seen.size} chunk(s); CSS ${kb(cssGzip)} gzip`);
  console.log(`monaco in initial bundle: ${/monaco-editor|monaco\.editor/.test(initialText) ? 'YES' : 'no'}`);

  if (process.env.LEANFLOW_STUDIO_BENCH !== 'large') {
  // 2. Time to an interactive canvas: navigation start -> the sample drawn, fresh profile each run.
  const url = server.resolvedUrls!.local[0]!;
  const ready: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await gotoStudio(page, url);
    await page.waitForSelector('.djs-element[data-element-id="Task_Qualify"]');
    ready.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  console.log(`time to interactive canvas (first run, sample): median ${median(ready).toFixed(0)} ms over ${RUNS} cold loads [${ready.map((v) => v.toFixed(0)).join(', ')}]`);

  // 3. Import and render: open the text in a new tab and wait for the drawing (check + import + render).
  const cases = [
    { name: 'MIWG C.8.0', file: 'C.8.0.bpmn', xml: readFileSync(join(fixtures, 'miwg/reference/C.8.0.bpmn'), 'utf8') },
    { name: 'generated 1,000-element process', file: 'generated-1000.bpmn', xml: generateProcess(499) },
  ];
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await gotoStudio(page, url);
  await page.waitForSelector('.djs-element');
  for (const c of cases) {
    const times: number[] = [];
    let elements = 0;
    for (let i = 0; i < RUNS; i++) {
      const result = await page.evaluate(async ({ name, xml }) => {
        const w = (window as unknown as { leanflow: { openText(n: string, x: string): Promise<boolean>; activeEditor?: { get<T>(s: string): T }; closeDocument(id: string): void; documents: { active?: { id: string } } } }).leanflow;
        const started = performance.now();
        const ok = await w.openText(name, xml);
        // Wait for the browser to paint the drawing.
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const ms = performance.now() - started;
        const count = w.activeEditor?.get<{ getAll(): unknown[] }>('elementRegistry').getAll().length ?? 0;
        if (w.documents.active) w.closeDocument(w.documents.active.id);
        return { ok, ms, count };
      }, { name: c.file, xml: c.xml });
      if (!result.ok) throw new Error(`${c.file} did not open`);
      times.push(result.ms);
      elements = result.count;
    }
    console.log(`import + render ${c.name} (${elements} diagram elements, ${kb(c.xml.length)}): median ${median(times).toFixed(0)} ms over ${RUNS} [${times.map((v) => v.toFixed(0)).join(', ')}]`);
  }

  // 4. Edit -> new score in the Scorecard view: rename a task to nothing and back (the missing-label rule changes the
  // score each time); from the modeling call to the ring showing a different score.
  await page.keyboard.press('Control+Alt+L');
  await page.waitForSelector('lf-scorecard-view .lf-score-ring[data-score]');
  const rescore: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) {
    rescore.push(
      // (No named functions inside: tsx would wrap them in a helper the page does not have.)
      await page.evaluate(async (label) => {
        const selector = 'lf-scorecard-view .lf-score-ring';
        const before = document.querySelector(selector)?.getAttribute('data-score');
        const editor = (window as unknown as { leanflow: { activeEditor: { get<T>(s: string): T } } }).leanflow.activeEditor;
        const task = editor.get<{ get(id: string): unknown }>('elementRegistry').get('Task_Qualify');
        const started = performance.now();
        editor.get<{ updateLabel(e: unknown, t: string): void }>('modeling').updateLabel(task, label);
        while (document.querySelector(selector)?.getAttribute('data-score') === before) await new Promise((resolve) => setTimeout(resolve, 5));
        return performance.now() - started;
      }, i % 2 === 0 ? '' : 'Qualify lead'),
    );
  }
  console.log(`edit -> new score shown (sample, Scorecard view open; 300 ms debounce included): median ${median(rescore).toFixed(0)} ms over ${rescore.length} [${rescore.map((v) => v.toFixed(0)).join(', ')}]`);

  // 5. Edit -> journal: every edit writes the document's XML to localStorage in the edit's own task (saveXML
  // resolves in microtasks), so a reload right after it keeps it. Timed from the modeling call (which itself
  // redraws) to the journal's setItem, and saveXML alone, on the sample and the two large cases.
  for (const c of [{ name: 'sample', file: '', xml: '' }, ...cases]) {
    if (c.xml) await page.evaluate(({ name, xml }) => (window as unknown as { leanflow: { openText(n: string, x: string): Promise<boolean> } }).leanflow.openText(name, xml), { name: c.file, xml: c.xml });
    else await page.locator('.lf-tab', { hasText: 'lead-to-quote.bpmn' }).click();
    const result = await page.evaluate(async (runs) => {
      const editor = (window as unknown as { leanflow: { activeEditor: { get<T>(s: string): T; getXml(): Promise<string> } } }).leanflow.activeEditor;
      const task = editor.get<{ filter(fn: (e: { type: string }) => boolean): unknown[] }>('elementRegistry').filter((e) => /Task$/.test(e.type))[0];
      const setItem = Storage.prototype.setItem;
      let journalled = 0;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (key.startsWith('leanflow.journal.')) journalled = performance.now();
        setItem.call(this, key, value);
      };
      const edit: number[] = [];
      const save: number[] = [];
      try {
        for (let i = 0; i < runs; i++) {
          journalled = 0;
          const started = performance.now();
          editor.get<{ updateLabel(e: unknown, t: string): void }>('modeling').updateLabel(task, `Bench ${i}`);
          await new Promise((resolve) => setTimeout(resolve, 0));
          edit.push(journalled - started);
          const before = performance.now();
          await editor.getXml();
          save.push(performance.now() - before);
        }
      } finally {
        Storage.prototype.setItem = setItem;
      }
      return { edit, save };
    }, RUNS * 3);
    console.log(`edit -> journal ${c.name}: median ${median(result.edit).toFixed(1)} ms [max ${Math.max(...result.edit).toFixed(1)}]; saveXML alone median ${median(result.save).toFixed(1)} ms (${result.edit.length} edits)`);
  }
  // 6. Edit -> new score on a generated 300-node process (298 tasks in a chain), the size the target names.
  const opened = await page.evaluate(async (xml) => (window as unknown as { leanflow: { openText(n: string, x: string): Promise<boolean> } }).leanflow.openText('generated-300.bpmn', xml), generateProcess(298));
  if (!opened) throw new Error('generated-300.bpmn did not open');
  await page.waitForSelector('lf-scorecard-view .lf-score-ring[data-score]');
  const rescoreLarge: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) {
    rescoreLarge.push(
      await page.evaluate(async (label) => {
        const selector = 'lf-scorecard-view .lf-score-ring';
        const before = document.querySelector(selector)?.getAttribute('data-score');
        const editor = (window as unknown as { leanflow: { activeEditor: { get<T>(s: string): T } } }).leanflow.activeEditor;
        const task = editor.get<{ get(id: string): unknown }>('elementRegistry').get('Task_150');
        const started = performance.now();
        editor.get<{ updateLabel(e: unknown, t: string): void }>('modeling').updateLabel(task, label);
        while (document.querySelector(selector)?.getAttribute('data-score') === before) await new Promise((resolve) => setTimeout(resolve, 5));
        return performance.now() - started;
      }, i % 2 === 0 ? '' : 'Step 150'),
    );
  }
  console.log(`edit -> new score shown (generated 300-node process; 300 ms debounce included): median ${median(rescoreLarge).toFixed(0)} ms over ${rescoreLarge.length} [${rescoreLarge.map((v) => v.toFixed(0)).join(', ')}]`);
  await context.close();
}
{
  // 7. A 20,000-element file (9,999 tasks and their flows): the longest main-thread task (PerformanceObserver
  // 'longtask') from the click to the drawing done and 5 s after it (scoring, suggestions, the snapshot), read and
  // drawn in one go (before: the \`leanflow.bench.chunkedImport\` key turns slices off) and in slices with progress
  // (now: the XML tree, moddle's read and the drawing in slices, the repair in a task of its own).
  const url = server.resolvedUrls!.local[0]!;
  const xml = generateProcess(9_999);
  const rows: string[] = [];
  for (const mode of ['before', 'now'] as const) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    if (mode === 'before') await context.addInitScript(() => localStorage.setItem('leanflow.bench.chunkedImport', 'off'));
    const page = await context.newPage();
    await gotoStudio(page, url);
    await page.waitForSelector('.djs-element');
    // The text goes in first: handing 4 MB to the page is not part of opening it.
    await page.evaluate((text) => ((window as unknown as { benchXml: string }).benchXml = text), xml);
    const cdp = profile && mode === 'now' ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const result = await page.evaluate(async () => {
      const tasks: [number, number][] = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
      let progressSeen = 0;
      const watcher = new MutationObserver(() => (progressSeen += document.querySelector('.lf-import-progress') ? 1 : 0));
      watcher.observe(document.body, { subtree: true, childList: true, characterData: true });
      const w = (window as unknown as { benchXml: string; leanflow: { openText(n: string, x: string): Promise<boolean>; activeEditor?: { get<T>(s: string): T } } });
      const started = performance.now();
      const ok = await w.leanflow.openText('generated-20000.bpmn', w.benchXml);
      const drawn = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5000));
      watcher.disconnect();
      const count = w.leanflow.activeEditor?.get<{ getAll(): unknown[] }>('elementRegistry').getAll().length ?? 0;
      const mine = tasks.filter(([start]) => start >= started - 1);
      // The long tasks on the profiler's clock (microseconds since the time origin, as performance.timeOrigin).
      return { ok, drawn, count, longest: Math.max(0, ...mine.map(([, d]) => d)), overOneSecond: mine.filter(([, d]) => d > 1000).length, progressSeen, long: mine.filter(([, d]) => d > 200), origin: performance.timeOrigin, started };
    });
    if (cdp) {
      const { profile: cpu } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] } };
      // The profile's clock is not the page's: line them up at the first sample inside openText (it starts at
      // `started`, within a millisecond).
      const openUs = firstSampleIn(cpu, 'openText');
      for (const [start, duration] of result.long) {
        const fromUs = openUs + (start - result.started) * 1000;
        console.log(`  long task ${(duration / 1000).toFixed(2)} s at +${((start - result.started) / 1000).toFixed(1)} s: ${attribute(cpu, fromUs, fromUs + duration * 1000)}`);
      }
    }
    if (!result.ok) throw new Error(`generated-20000.bpmn did not open (${mode})`);
    rows.push(`${mode}: drawn in ${(result.drawn / 1000).toFixed(1)} s, longest task ${(result.longest / 1000).toFixed(2)} s, ${result.overOneSecond} task(s) over 1 s, progress updates ${result.progressSeen} (${result.count} diagram elements)`);
    await context.close();
  }
  console.log(`open a 20,000-element file (${kb(xml.length)}) | ${rows.join(' | ')} | target: no task over 1 s`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}

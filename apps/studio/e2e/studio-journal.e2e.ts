// The edit journal: a reload 0, 10, 50 or 100 ms after an edit, or a renderer crash 250 ms after it, keeps the edit
// (the debounced IndexedDB snapshot alone could not). Also prints how long the edit -> journal path takes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixturesDir, launchBrowser, openStudio, waitForAutosave, waitForCanvas } from './browser.ts';

type Studio = {
  leanflow: {
    documents: { active?: { id: string; name: string; dirty: boolean }; getXml(id: string): Promise<string> };
    activeEditor?: { get<T>(name: string): T };
    openText(name: string, xml: string): Promise<boolean>;
  };
};

function activeXml(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = (window as unknown as Studio).leanflow;
    return w.documents.getXml(w.documents.active!.id);
  });
}

/** Renames an element through bpmn-js's modeling (one command, as the user's edit) and reloads `delay` ms later. */
function renameThenReload(page: Page, elementId: string, name: string, delay: number): Promise<void> {
  return page.evaluate(
    ({ elementId, name, delay }) => {
      const editor = (window as unknown as Studio).leanflow.activeEditor!;
      const element = editor.get<{ get(id: string): unknown }>('elementRegistry').get(elementId);
      editor.get<{ updateLabel(e: unknown, text: string): void }>('modeling').updateLabel(element, name);
      // In the same task for 0 ms: nothing of the page runs after the edit but its own microtasks.
      if (delay === 0) location.reload();
      else setTimeout(() => location.reload(), delay);
    },
    { elementId, name, delay },
  );
}

describe('edit journal', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps an edit when the page reloads 0, 10, 50 and 100 ms after it', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await waitForAutosave(page);
    for (const delay of [0, 10, 50, 100]) {
      const loaded = page.waitForEvent('load');
      await renameThenReload(page, 'Task_Qualify', `Qualified after ${delay} ms`, delay);
      await loaded;
      await waitForCanvas(page);
      const xml = await activeXml(page);
      expect(xml, `reload ${delay} ms after the edit`).toContain(`name="Qualified after ${delay} ms"`);
      await expect(page.locator('.lf-tab.active').getAttribute('class')).resolves.toContain('dirty');
      const output = await page.evaluate(() => (window as unknown as { leanflow: { output: { all(): { text: string }[] } } }).leanflow.output.all().map((l) => l.text));
      expect(output).toContain('Recovered the latest edits of 1 document(s) from the edit journal (they were made just before the page closed).');
      // The restored journal entry becomes the snapshot and is then dropped.
      await waitForAutosave(page);
      await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('leanflow.journal.')));
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps an edit when the renderer crashes 250 ms after it (chrome://crash)', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    await waitForAutosave(page);
    const url = page.url();
    // The snapshot cannot hold the edit (10 s autosave delay, and a crash has no pagehide): only the journal can.
    await page.evaluate(() => (window as unknown as { leanflow: { settings: { set(id: string, v: number): unknown } } }).leanflow.settings.set('files.autosaveDelay', 10_000));
    const editedAt = Date.now();
    await page.evaluate(() => {
      const editor = (window as unknown as Studio).leanflow.activeEditor!;
      const element = editor.get<{ get(id: string): unknown }>('elementRegistry').get('Task_Qualify');
      editor.get<{ updateLabel(e: unknown, text: string): void }>('modeling').updateLabel(element, 'Survives a crash');
    });
    await page.waitForTimeout(Math.max(0, 250 - (Date.now() - editedAt)));
    const crashed = page.waitForEvent('crash', { timeout: 10_000 });
    const crashAt = Date.now() - editedAt;
    // The navigation never completes in a crashed renderer; do not wait for it.
    void page.goto('chrome://crash').catch(() => undefined);
    await crashed;
    expect(crashAt).toBeGreaterThanOrEqual(250);
    expect(crashAt).toBeLessThan(1000); // ~250 ms; a loaded machine may add a little
    const again = await context.newPage();
    await again.goto(url);
    await waitForCanvas(again);
    expect(await activeXml(again)).toContain('name="Survives a crash"');
    await context.close();
  });

  it('journals within the edit task: figures for the sample and MIWG C.8.0 (241 KB)', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    const big = readFileSync(join(fixturesDir(), 'miwg/reference/C.8.0.bpmn'), 'utf8');
    const figures: string[] = [];
    for (const [label, xml] of [['sample', undefined], ['C.8.0', big]] as const) {
      if (xml) {
        await page.evaluate((text) => (window as unknown as Studio).leanflow.openText('C.8.0.bpmn', text), xml);
        await waitForCanvas(page);
      }
      const timings = await page.evaluate(async () => {
        const editor = (window as unknown as Studio).leanflow.activeEditor!;
        const registry = editor.get<{ filter(fn: (e: { type: string; businessObject?: unknown }) => boolean): { id: string }[] }>('elementRegistry');
        const task = registry.filter((e) => /Task$/.test(e.type))[0]!;
        const setItem = Storage.prototype.setItem;
        let journalledAt = 0;
        Storage.prototype.setItem = function (key: string, value: string) {
          if (key.startsWith('leanflow.journal.')) journalledAt = performance.now();
          setItem.call(this, key, value);
        };
        const result: { ms: number; sameTask: boolean }[] = [];
        try {
          for (let i = 0; i < 15; i++) {
            journalledAt = 0;
            const started = performance.now();
            editor.get<{ updateLabel(e: unknown, text: string): void }>('modeling').updateLabel(task, `Measured ${i}`);
            // The next task: the edit's microtasks (saveXML resolves in microtasks) have all run by then.
            await new Promise<void>((resolve) => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve();
              channel.port2.postMessage(0);
            });
            result.push({ ms: journalledAt - started, sameTask: journalledAt > 0 });
          }
        } finally {
          Storage.prototype.setItem = setItem;
        }
        return result;
      });
      expect(timings.every((t) => t.sameTask), `${label}: journalled before the next task`).toBe(true);
      const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
      figures.push(`${label}: edit -> journal median ${sorted[7]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (15 edits)`);
    }
    console.log(`[journal] ${figures.join('; ')}`);
    await context.close();
  });
});

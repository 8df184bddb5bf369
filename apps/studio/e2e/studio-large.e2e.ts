// A 20,000-element file (issue 20): opened through the file picker, it is read and drawn in slices with progress
// ("Reading ..." then "Drawing ..."), becomes editable, and the document stays the file's model (nothing lost).
// Speed is measured by `pnpm bench studio` (docs/performance.md), not asserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateProcess } from '../../../bench/generate-process.ts';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

/** Every progress text the page showed, recorded from the first script on (before the studio starts). */
const RECORD_PROGRESS = `
  window.__progress = [];
  new MutationObserver(() => {
    const bar = document.querySelector('.lf-import-progress');
    if (!bar) return;
    const last = window.__progress[window.__progress.length - 1];
    const entry = { phase: bar.dataset.phase || '', text: bar.textContent || '', value: bar.getAttribute('aria-valuenow') };
    if (!last || last.text !== entry.text) window.__progress.push(entry);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
`;

/** The ids a text defines (id="..."), independently of moddle. */
function idsOf(xml: string): Set<string> {
  return new Set([...xml.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

describe('a 20,000-element file', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens with progress, becomes editable and keeps every element of the file', async () => {
    const { page, context, errors } = await openStudio(browser, { initScript: RECORD_PROGRESS });
    await waitForCanvas(page);
    const xml = generateProcess(9_999);
    await page.setInputFiles('#lf-open-file', { name: 'generated-20000.bpmn', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    // The progress bar is over the canvas while the file is read and drawn.
    await page.locator('.lf-import-progress').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: '/tmp/leanflow-large-progress.png' });
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'generated-20000.bpmn' }).waitFor({ timeout: 180_000 });
    await page.locator('.lf-import-progress').waitFor({ state: 'detached', timeout: 180_000 });
    await page.waitForFunction(() => !!document.querySelector('lf-bpmn-editor:not([hidden]) .djs-element[data-element-id="Task_9999"]'), undefined, { timeout: 60_000 });
    await page.screenshot({ path: '/tmp/leanflow-large-open.png' });

    const progress = (await page.evaluate(() => (window as unknown as { __progress: { phase: string; text: string }[] }).__progress)) as { phase: string; text: string }[];
    // Read in slices (several percentages shown), then drawn in slices (several counts shown).
    const reading = progress.filter((p) => p.phase === 'reading' && /^Reading generated-20000\.bpmn: \d+%$/.test(p.text));
    const drawing = progress.filter((p) => p.phase === 'drawing' && /^Drawing generated-20000\.bpmn: [\d,]+ of 20,001 elements$/.test(p.text));
    expect(reading.length).toBeGreaterThan(2);
    expect(drawing.length).toBeGreaterThan(2);
    expect(progress.findIndex((p) => p.phase === 'drawing')).toBeGreaterThan(progress.findIndex((p) => p.phase === 'reading'));

    // All 20,001 shapes and edges (and the process) are in the editor, and the document is its file until edited.
    const opened = await page.evaluate(async () => {
      const editor = (window as unknown as { leanflow: { activeEditor: { get<T>(s: string): T; getXml(): Promise<string> } } }).leanflow.activeEditor;
      return { elements: editor.get<{ getAll(): unknown[] }>('elementRegistry').getAll().length, xml: await editor.getXml() };
    });
    expect(opened.elements).toBe(20_002);
    expect(opened.xml).toBe(xml);

    // Editable: a rename through bpmn-js's command stack marks the tab unsaved and is in the saved XML, with every
    // element of the file still there.
    const edited = await page.evaluate(async () => {
      const editor = (window as unknown as { leanflow: { activeEditor: { get<T>(s: string): T; getXml(): Promise<string> } } }).leanflow.activeEditor;
      const task = editor.get<{ get(id: string): unknown }>('elementRegistry').get('Task_5000');
      editor.get<{ updateLabel(element: unknown, text: string): void }>('modeling').updateLabel(task, 'Renamed in a large file');
      return editor.getXml();
    });
    await page.locator('.lf-tab.active.dirty').waitFor();
    expect(edited).toContain('name="Renamed in a large file"');
    const before = idsOf(xml);
    const after = idsOf(edited);
    expect(before.size).toBeGreaterThan(40_000);
    expect([...before].filter((id) => !after.has(id))).toEqual([]);
    expect((edited.match(/<bpmndi:BPMNShape /g) ?? []).length).toBe(10_001);
    expect((edited.match(/<bpmndi:BPMNEdge /g) ?? []).length).toBe(10_000);

    // Undo goes back to the file's model.
    await page.evaluate(() => (window as unknown as { leanflow: { activeEditor: { trigger(action: string): void } } }).leanflow.activeEditor.trigger('undo'));
    await page.locator('.lf-tab.active:not(.dirty)').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 400_000);

  it('refuses a broken large file with the browser parser\'s own message, as before it was checked in slices', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const xml = generateProcess(9_999);
    const cases = [
      // saxen finds this one itself; the message is still the browser's
      { name: 'mismatch.bpmn', text: xml.replace('</bpmn:process>', '</bpmn:proces>') },
      // saxen reads this one leniently (a warning): the browser refuses it
      { name: 'twice.bpmn', text: xml.replace('<bpmn:task id="Task_5000" ', '<bpmn:task id="Task_5000" name="a" ') },
    ];
    for (const c of cases) {
      expect(c.text.length).toBeGreaterThan(1_000_000);
      // What the browser's parser says about this text, as the one-go check words it (first line of its error).
      const detail = await page.evaluate((text) => {
        const error = new DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('parsererror')[0];
        return (error?.querySelector('div')?.textContent ?? error?.textContent ?? '').trim().split('\n')[0]!.replace(/\s+/g, ' ').slice(0, 200);
      }, c.text);
      expect(detail).toMatch(/^error on line 3 at column \d+: ./);
      await page.setInputFiles('#lf-open-file', { name: c.name, mimeType: 'application/xml', buffer: Buffer.from(c.text) });
      const toast = page.locator('.lf-toast.error[data-code="file.notXml"]').filter({ hasText: `"${c.name}"` });
      await toast.waitFor({ timeout: 60_000 });
      expect(await toast.textContent()).toContain(`The file is not valid XML (${detail}).`);
      await toast.locator('button').click();
    }
    await expect(page.locator('.lf-tab .lf-tab-name').allTextContents()).resolves.toEqual(['lead-to-quote.bpmn']);
    expect(errors).toEqual([]);
    await context.close();
  }, 200_000);
});

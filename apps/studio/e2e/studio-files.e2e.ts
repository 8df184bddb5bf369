// Opening files: a MIWG reference model through the file picker, drag-and-drop, and bad input that must be
// refused with a clear message while the open documents survive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fixturesDir, launchBrowser, openStudio, waitForCanvas } from './browser.ts';

const BPMN = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"';

/** Element ids a reference file draws (its BPMNShape/BPMNEdge targets). */
function drawnIds(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?BPMN(?:Shape|Edge)\b[^>]*\bbpmnElement="([^"]+)"/g)].map((m) => m[1]!);
}

describe('studio files', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens a MIWG reference file from the file picker and draws all its elements', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const file = join(fixturesDir(), 'miwg/reference/C.1.0.bpmn');
    await page.setInputFiles('#lf-open-file', file);
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'C.1.0.bpmn' }).waitFor();
    await waitForCanvas(page);
    const ids = drawnIds(readFileSync(file, 'utf8'));
    expect(ids.length).toBeGreaterThan(20);
    const drawn = await page.$$eval('lf-bpmn-editor:not([hidden]) .djs-element[data-element-id]', (els) => els.map((e) => e.getAttribute('data-element-id')));
    expect(ids.filter((id) => !drawn.includes(id))).toEqual([]);
    await expect(page.locator('.lf-tab').count()).resolves.toBe(2);
    await expect(page.locator('[data-item="document"]').textContent()).resolves.toBe('C.1.0.bpmn');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses broken files with a message naming the file and the problem, and keeps the other tabs', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    await page.setInputFiles('#lf-open-file', join(fixturesDir(), 'miwg/reference/A.1.0.bpmn'));
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'A.1.0.bpmn' }).waitFor();
    await waitForCanvas(page);

    const cases = [
      { name: 'truncated.bpmn', text: `<?xml version="1.0"?><bpmn:definitions ${BPMN}><bpmn:process id="P">`, code: 'file.notXml', says: 'not valid XML' },
      { name: 'notes.xml', text: '<?xml version="1.0"?><notes><note>hello</note></notes>', code: 'file.notBpmn', says: 'root element is <notes>' },
      // A file without diagram layout is no longer refused: it opens laid out (studio-small-things.e2e.ts).
      { name: 'empty.bpmn', text: '   ', code: 'file.empty', says: 'empty' },
      { name: 'photo.png', text: '\u0089PNG\r\n\u001a\n\u0000\u0000', code: 'file.notXml', says: 'not valid XML' },
      // 5,000 sub-processes inside each other: the same message as the CLI (issue 11, item 7)
      {
        name: 'deep.bpmn',
        text: `<bpmn:definitions ${BPMN} id="D"><bpmn:process id="P">${'<bpmn:subProcess id="S">'.repeat(5_000)}${'</bpmn:subProcess>'.repeat(5_000)}</bpmn:process></bpmn:definitions>`,
        code: 'file.tooDeep',
        says: 'The file nests its XML elements 5002 levels deep (at <bpmn:subProcess id="S">, e.g. sub-processes inside sub-processes); Leanflow reads at most 200 levels.',
      },
    ];
    for (const c of cases) {
      await page.setInputFiles('#lf-open-file', { name: c.name, mimeType: 'application/octet-stream', buffer: Buffer.from(c.text, 'utf8') });
      const toast = page.locator(`.lf-toast.error[data-code="${c.code}"]`).filter({ hasText: `"${c.name}"` });
      await toast.waitFor();
      const text = (await toast.textContent()) ?? '';
      expect(text).toContain(c.says);
      expect(text).not.toMatch(/at \w+ \(|Error:|\.js:\d+/);
      await toast.locator('button').click();
    }
    // Still the same two documents, the last good one active and drawn.
    await expect(page.locator('.lf-tab .lf-tab-name').allTextContents()).resolves.toEqual(['lead-to-quote.bpmn', 'A.1.0.bpmn']);
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('A.1.0.bpmn');
    await expect(page.locator('lf-bpmn-editor:not([hidden]) .djs-element').count()).resolves.toBeGreaterThan(3);
    await expect(page.locator('lf-bpmn-editor').count()).resolves.toBe(2);
    await page.screenshot({ path: '/tmp/leanflow-refused.png' });

    // A reload brings back exactly the good documents.
    await page.evaluate(() => (window as unknown as { leanflow: { autosaver: { flush(): Promise<void> } } }).leanflow.autosaver.flush());
    await page.reload();
    await waitForCanvas(page);
    await expect(page.locator('.lf-tab .lf-tab-name').allTextContents()).resolves.toEqual(['lead-to-quote.bpmn', 'A.1.0.bpmn']);
    await context.close();
  });

  it('lists bpmn-js import warnings in the Problems panel', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    const xml = `<?xml version="1.0"?>
<bpmn:definitions ${BPMN} id="D" targetNamespace="x">
  <bpmn:process id="P"><bpmn:task id="T" name="Quote"/><bpmn:sequenceFlow id="F" sourceRef="T" targetRef="Missing"/></bpmn:process>
  <bpmndi:BPMNDiagram id="Di"><bpmndi:BPMNPlane id="Pl" bpmnElement="P">
    <bpmndi:BPMNShape id="T_di" bpmnElement="T"><dc:Bounds x="100" y="100" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Ghost_di" bpmnElement="Ghost"><dc:Bounds x="300" y="100" width="100" height="80"/></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
    await page.setInputFiles('#lf-open-file', { name: 'warnings.bpmn', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'warnings.bpmn' }).waitFor();
    await page.locator('.lf-toast.warning[data-code="file.importWarnings"]').waitFor();
    await page.locator('[data-item="problems"]').click();
    const problems = await page.locator('lf-panel .lf-problem').allTextContents();
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.join('\n')).toContain('Missing');
    expect(problems.join('\n')).toContain('Ghost');
    await expect(page.locator('[data-item="problems"]').textContent()).resolves.toBe(`${problems.length} problems`);
    await expect(page.locator('.djs-shape[data-element-id="T"]').count()).resolves.toBe(1);
    await context.close();
  });

  it('saves and exports through downloads when the File System Access API is missing', async () => {
    const { page, context, errors } = await openStudio(browser, { initScript: "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });" });
    await waitForCanvas(page);
    await page.keyboard.press('Alt+N');
    await page.locator('.lf-tab.active.dirty .lf-tab-name', { hasText: 'Untitled-1.bpmn' }).waitFor();
    await waitForCanvas(page);

    const download = async (run: () => Promise<void>) => {
      const [file] = await Promise.all([page.waitForEvent('download'), run()]);
      const stream = await file.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return { name: file.suggestedFilename(), content: Buffer.concat(chunks) };
    };
    // Ctrl+S while a label is being typed saves (with the typed name) instead of the browser's "Save page".
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-shape[data-element-id="StartEvent_1"]').dblclick();
    await page.locator('.djs-direct-editing-parent').waitFor({ state: 'visible' });
    await page.keyboard.press('Control+A'); // replace the new process's "Request received"
    await page.keyboard.type('Order received');
    const saved = await download(() => page.keyboard.press('Control+S'));
    expect(saved.name).toBe('Untitled-1.bpmn');
    expect(saved.content.toString('utf8')).toMatch(/<bpmn:startEvent id="StartEvent_1" name="Order received"/);
    await page.locator('.lf-tab.active:not(.dirty)').waitFor();
    await expect(page.locator('[data-item="saved"]').textContent()).resolves.toBe('Saved');

    const runFromPalette = async (query: string) => {
      await page.keyboard.press('F1');
      await page.locator('.lf-palette input').fill(query);
      await page.locator('.lf-palette input').press('Enter');
    };
    const svg = await download(() => runFromPalette('export svg'));
    expect(svg.name).toBe('Untitled-1.svg');
    expect(svg.content.toString('utf8')).toContain('<svg');
    const png = await download(() => runFromPalette('export png'));
    expect(png.name).toBe('Untitled-1.png');
    expect(png.content.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.content.length).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens files dropped onto the window', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    const xml = readFileSync(join(fixturesDir(), 'miwg/reference/A.2.0.bpmn'), 'utf8');
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.bpmn', { type: 'application/xml' }));
      const target = document.querySelector('.lf-editors')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, xml);
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'dropped.bpmn' }).waitFor();
    await waitForCanvas(page);
    await expect(page.locator('.lf-drop-overlay').count()).resolves.toBe(0);
    await context.close();
  });
});

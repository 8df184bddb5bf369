// Editing in the studio: the first-run sample, the bpmn-js palette, direct editing, autosave and restore,
// the command palette, quick open and tabs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openStudio, waitForAutosave, waitForCanvas } from './browser.ts';

/** The active document's current XML, as it would be saved. */
function activeXml(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = (window as unknown as { leanflow: { documents: { active?: { id: string }; getXml(id: string): Promise<string> } } }).leanflow;
    return w.documents.getXml(w.documents.active!.id);
  });
}

describe('studio editing', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the sample on first run, adds and renames a task, and restores it after a reload', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('lead-to-quote.bpmn');
    await expect(page.locator('.djs-element[data-element-id="Task_Qualify"]').count()).resolves.toBe(1);
    // The bpmn.io watermark is required by the bpmn-js licence.
    await expect(page.locator('.bjs-powered-by').isVisible()).resolves.toBe(true);

    const tasksBefore = await page.locator('.djs-shape[data-element-id^="Activity_"]').count();
    await page.locator('.djs-palette .entry[data-action="create.task"]').click();
    // Drop it into the empty left part of the manager's lane (a task must sit inside the pool).
    const lane = (await page.locator('.djs-shape[data-element-id="Lane_Manager"]').boundingBox())!;
    const canvas = (await page.locator('lf-bpmn-editor:not([hidden]) .lf-canvas').boundingBox())!;
    await page.mouse.move(lane.x + 140, lane.y + lane.height / 2 - 10);
    await page.mouse.move(lane.x + 150, lane.y + lane.height / 2);
    await page.mouse.click(lane.x + 150, lane.y + lane.height / 2);
    const editing = page.locator('.djs-direct-editing-parent');
    await editing.waitFor({ state: 'visible' });
    await page.keyboard.type('Call the customer back');
    // Clicking empty canvas ends direct editing.
    await page.mouse.click(canvas.x + canvas.width - 120, canvas.y + 20);
    await expect(page.locator('.djs-shape[data-element-id^="Activity_"]').count()).resolves.toBe(tasksBefore + 1);
    await expect(page.locator('.djs-shape[data-element-id^="Activity_"] .djs-label').allTextContents()).resolves.toContain('Call the customer back');
    await expect(page.locator('.lf-tab.active').getAttribute('class')).resolves.toContain('dirty');

    await waitForAutosave(page);
    await page.reload();
    await waitForCanvas(page);
    const labels = await page.locator('.djs-shape[data-element-id^="Activity_"] .djs-label').allTextContents();
    expect(labels.join(' ')).toContain('Call the customer back');
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('lead-to-quote.bpmn');
    await expect(page.locator('.lf-tab.active').getAttribute('class')).resolves.toContain('dirty');
    expect(errors).toEqual([]);
    await page.screenshot({ path: '/tmp/leanflow-editing.png' });
    await context.close();
  });

  it('restores documents after the tab crashes (debounced autosave, no pagehide)', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Alt+N');
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Untitled-1.bpmn' }).waitFor();
    await waitForCanvas(page);
    // Rename the start event with F2 (direct editing) through the keyboard only.
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-shape[data-element-id="StartEvent_1"]').click();
    await page.keyboard.press('F2');
    await page.locator('.djs-direct-editing-parent').waitFor({ state: 'visible' });
    // New processes start with a named start event ("Request received"): replace the name.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Complaint received');
    await page.keyboard.press('Enter');
    // Labels wrap into one <tspan> per line, so compare the saved name rather than the drawn text.
    expect(await activeXml(page)).toContain('name="Complaint received"');
    // More than the 500 ms debounce, then a hard renderer crash: no pagehide, no visibilitychange.
    await page.waitForTimeout(1200);
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash', { timeout: 10_000 });
    // The reply never comes from a crashed renderer, so do not wait for it.
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    const again = await context.newPage();
    await again.goto(page.url());
    await waitForCanvas(again);
    await expect(again.locator('.lf-tab .lf-tab-name').allTextContents()).resolves.toEqual(['lead-to-quote.bpmn', 'Untitled-1.bpmn']);
    await expect(again.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('Untitled-1.bpmn');
    expect(await activeXml(again)).toContain('name="Complaint received"');
    await context.close();
  });

  it('runs commands from the command palette, with fuzzy search and keybindings shown', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const zoomText = () => page.locator('[data-item="zoom"]').textContent();
    const fitted = await zoomText();

    await page.locator('.djs-container').first().click({ position: { x: 700, y: 20 } });
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    expect(await zoomText()).not.toBe(fitted);

    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.lf-palette input');
    await input.waitFor();
    await input.fill('zoom fit');
    const first = page.locator('.lf-palette-item').first();
    await expect(first.locator('.lf-palette-label').textContent()).resolves.toBe('View: Zoom to Fit');
    await expect(first.locator('mark').count()).resolves.toBeGreaterThan(0);
    await expect(first.locator('kbd').textContent()).resolves.toBe('Shift+1');
    await input.press('Enter');
    await expect(page.locator('.lf-palette').count()).resolves.toBe(0);
    expect(await zoomText()).toBe(fitted);

    // F1 opens it too; "New process" opens a blank, unsaved diagram with one start event.
    await page.keyboard.press('F1');
    await input.fill('new proc');
    await expect(page.locator('.lf-palette-item.selected kbd').textContent()).resolves.toBe('Alt+N');
    await input.press('Enter');
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Untitled-1.bpmn' }).waitFor();
    await waitForCanvas(page);
    await expect(page.locator('lf-bpmn-editor:not([hidden]) .djs-shape[data-element-id="StartEvent_1"]').count()).resolves.toBe(1);
    await expect(page.locator('.lf-tab').count()).resolves.toBe(2);
    await expect(page.locator('.lf-tab.active').getAttribute('class')).resolves.toContain('dirty');

    // Escape closes the palette without running anything.
    await page.keyboard.press('Control+Shift+P');
    await input.fill('toggle panel');
    await input.press('Escape');
    await expect(page.locator('lf-panel').count()).resolves.toBe(0);

    // Quick open (Ctrl+P) switches documents; Alt+PageDown cycles tabs; Ctrl+J toggles the panel.
    await page.keyboard.press('Control+P');
    await input.fill('lead');
    await input.press('Enter');
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('lead-to-quote.bpmn');
    // ">" in quick open switches to commands, as in VS Code.
    await page.keyboard.press('Control+P');
    await input.fill('>toggle side');
    await expect(page.locator('.lf-palette-item.selected .lf-palette-label').textContent()).resolves.toBe('View: Toggle Side Bar');
    await input.press('Escape');
    await page.keyboard.press('Alt+PageDown');
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('Untitled-1.bpmn');
    await page.keyboard.press('Control+J');
    await expect(page.locator('lf-panel .lf-panel-tab.active').textContent()).resolves.toContain('Problems');

    // Middle click closes a tab; an unsaved one asks first. Escape cancels, "Don't Save" closes.
    const untitled = page.locator('.lf-tab', { hasText: 'Untitled-1.bpmn' });
    await untitled.click({ button: 'middle' });
    const dialog = page.locator('.lf-dialog[role="alertdialog"]');
    await expect(dialog.locator('h2').textContent()).resolves.toBe('Do you want to save the changes you made to Untitled-1.bpmn?');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(page.locator('.lf-tab').count()).resolves.toBe(2);
    await untitled.click({ button: 'middle' });
    await dialog.getByRole('button', { name: "Don't Save" }).click();
    await untitled.waitFor({ state: 'detached' });
    await expect(page.locator('.lf-tab').count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('undoes and redoes through the workbench commands, and names the document in the window title', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    await expect(page.title()).resolves.toBe('lead-to-quote.bpmn — Leanflow');
    await page.locator('.djs-shape[data-element-id="Task_Qualify"]').click();
    await page.keyboard.press('Delete');
    await expect(page.locator('.djs-shape[data-element-id="Task_Qualify"]').count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe('● lead-to-quote.bpmn — Leanflow');
    const run = async (query: string) => {
      await page.keyboard.press('Control+Shift+P');
      await page.locator('.lf-palette input').fill(query);
      await page.locator('.lf-palette input').press('Enter');
    };
    await run('edit undo');
    await page.locator('.djs-shape[data-element-id="Task_Qualify"]').waitFor();
    // Back at the saved state: clean again, as in VS Code.
    await expect.poll(() => page.title()).toBe('lead-to-quote.bpmn — Leanflow');
    await run('edit redo');
    await page.locator('.djs-shape[data-element-id="Task_Qualify"]').waitFor({ state: 'detached' });
    await expect.poll(() => page.title()).toBe('● lead-to-quote.bpmn — Leanflow');
    await context.close();
  });

  it('resizes the side bar and the panel by dragging, and keeps the sizes after a reload', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    const sash = await page.locator('.lf-sash').boundingBox();
    await page.mouse.move(sash!.x + 2, sash!.y + 200);
    await page.mouse.down();
    await page.mouse.move(sash!.x + 120, sash!.y + 200, { steps: 4 });
    await page.mouse.up();
    const width = (await page.locator('.lf-sidebar').boundingBox())!.width;
    expect(width).toBeGreaterThan(330);
    // The bottom panel resizes the same way.
    await page.keyboard.press('Control+J');
    const panelSash = (await page.locator('.lf-sash-horizontal').boundingBox())!;
    const panelBefore = (await page.locator('lf-panel').boundingBox())!.height;
    await page.mouse.move(panelSash.x + 300, panelSash.y + 2);
    await page.mouse.down();
    await page.mouse.move(panelSash.x + 300, panelSash.y - 100, { steps: 4 });
    await page.mouse.up();
    const panelHeight = (await page.locator('lf-panel').boundingBox())!.height;
    expect(panelHeight - panelBefore).toBeGreaterThan(90);

    await page.reload();
    await waitForCanvas(page);
    expect(Math.abs((await page.locator('.lf-sidebar').boundingBox())!.width - width)).toBeLessThan(2);
    expect(Math.abs((await page.locator('lf-panel').boundingBox())!.height - panelHeight)).toBeLessThan(2);
    await context.close();
  });
});

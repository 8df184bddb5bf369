// Two tabs, one document: the first tab owns it for editing; the second shows it read-only, says why, follows the
// owner's edits and can take over (the owner hands over its latest edits and becomes read-only). Closing the owner
// lets the other tab edit again. No tab's edits are ever overwritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openStudio, studioUrl, waitForAutosave, waitForCanvas } from './browser.ts';

type Studio = {
  leanflow: {
    documents: { active?: { id: string; readOnly?: boolean }; getXml(id: string): Promise<string> };
    activeEditor?: { get<T>(name: string): T };
    notifications: { all(): { title: string; code?: string }[] };
  };
};

function activeXml(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = (window as unknown as Studio).leanflow;
    return w.documents.getXml(w.documents.active!.id);
  });
}

/** Renames an element through bpmn-js's modeling, as an edit of the user would. */
function rename(page: Page, elementId: string, name: string): Promise<void> {
  return page.evaluate(
    ({ elementId, name }) => {
      const editor = (window as unknown as Studio).leanflow.activeEditor!;
      const element = editor.get<{ get(id: string): unknown }>('elementRegistry').get(elementId);
      editor.get<{ updateLabel(e: unknown, text: string): void }>('modeling').updateLabel(element, name);
    },
    { elementId, name },
  );
}

function readOnly(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as Studio).leanflow.documents.active?.readOnly === true);
}

async function waitForXml(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    async (wanted) => {
      const w = (window as unknown as Studio).leanflow;
      return (await w.documents.getXml(w.documents.active!.id)).includes(wanted);
    },
    text,
    { timeout: 10_000, polling: 100 },
  );
}

describe('two tabs, one document', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets one tab edit, shows the other read-only and following, hands over on request, and never loses an edit', async () => {
    const { page: first, context, errors } = await openStudio(browser);
    await waitForCanvas(first);
    await waitForAutosave(first);
    const second = await context.newPage();
    second.on('pageerror', (error) => errors.push(error.message));
    await second.goto(studioUrl());
    await waitForCanvas(second);
    const id = await first.evaluate(() => (window as unknown as Studio).leanflow.documents.active!.id);
    expect(await second.evaluate(() => (window as unknown as Studio).leanflow.documents.active!.id)).toBe(id);

    // The second tab says why it cannot edit, and refuses edits (whatever their path: here bpmn-js modeling).
    const banner = second.locator('.lf-readonly-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Read-only: lead-to-quote.bpmn is open for editing in another tab of this browser.');
    expect(await readOnly(first)).toBe(false);
    await rename(second, 'Task_Qualify', 'Edited in the second tab');
    expect(await activeXml(second)).not.toContain('Edited in the second tab');
    expect(await second.evaluate(() => (window as unknown as Studio).leanflow.notifications.all().map((n) => n.code))).toContain('document.readOnly');
    await expect(second.locator('lf-bpmn-editor:not([hidden]) .djs-palette').isVisible()).resolves.toBe(false);

    // The owner's edits reach the read-only tab.
    await rename(first, 'Task_Qualify', 'Edited in the first tab');
    await waitForXml(second, 'Edited in the first tab');
    await expect.poll(() => second.locator('.djs-element[data-element-id="Task_Qualify"] .djs-label').textContent()).toContain('Edited');

    // Take over right after the owner's last edit: the hand-over carries it.
    await rename(first, 'Task_Qualify', 'Last edit before the take-over');
    await second.locator('.lf-readonly-banner [data-action="take-over"]').click();
    await second.locator('.lf-readonly-banner').waitFor({ state: 'detached' });
    await first.locator('.lf-readonly-banner').waitFor();
    await waitForXml(second, 'Last edit before the take-over');
    expect(await readOnly(second)).toBe(false);
    expect(await readOnly(first)).toBe(true);
    expect(await activeXml(first)).toContain('Last edit before the take-over'); // the old owner kept its edits
    expect(await first.evaluate(() => (window as unknown as Studio).leanflow.notifications.all().map((n) => n.code))).toContain('document.ownershipLost');

    // Now the second tab edits and the first follows; the first cannot edit.
    await rename(second, 'Task_Qualify', 'Edited after the take-over');
    await waitForXml(first, 'Edited after the take-over');
    await rename(first, 'Task_PrepareQuote', 'Not allowed here');
    expect(await activeXml(first)).not.toContain('Not allowed here');
    await first.screenshot({ path: '/tmp/leanflow-two-tabs-readonly.png' });

    // Closing the owning tab lets the other edit again, from the latest content.
    await waitForAutosave(second);
    await second.close();
    await first.locator('.lf-readonly-banner').waitFor({ state: 'detached' });
    expect(await readOnly(first)).toBe(false);
    await rename(first, 'Task_PrepareQuote', 'Edited in the first tab again');
    const xml = await activeXml(first);
    expect(xml).toContain('Edited after the take-over');
    expect(xml).toContain('Edited in the first tab again');

    // What is stored has both tabs' edits.
    await waitForAutosave(first);
    const third = await context.newPage();
    await third.goto(studioUrl());
    await waitForCanvas(third);
    const stored = await activeXml(third);
    expect(stored).toContain('Edited after the take-over');
    expect(stored).toContain('Edited in the first tab again');
    expect(await readOnly(third)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

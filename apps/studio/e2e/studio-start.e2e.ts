// Issue 15, "Start" and "Learn" and "Share": the welcome page with its template gallery (built-in and plugin
// templates), the guided tour, a new process without errors, the help view and glossary, locale numbers, exports.
// Screenshots go to /tmp/studio-start-*.png (looked at while writing this) and docs/images/welcome.png (README).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const imagesDir = new URL('../../../docs/images/', import.meta.url).pathname;

async function studioReady(page: Page): Promise<void> {
  await page.waitForFunction(() => !!(window as Any).leanflow, undefined, { timeout: 30_000 });
  await page.evaluate(() => (window as Any).leanflow.plugins?.whenStarted());
}

describe('start: welcome page, templates, tour', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the welcome page on first run with six built-in templates and the plugin one, and opens a template as a process group', async () => {
    const { page, context, errors } = await openStudio(browser);
    await studioReady(page);
    const welcome = page.locator('lf-welcome-page');
    await welcome.locator('h1', { hasText: 'Welcome to Leanflow' }).waitFor();
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('Welcome');
    await expect(welcome.locator('.lf-template-card:not(.plugin) h3').allTextContents()).resolves.toEqual([
      'Lead to quote', 'Complaint handling', 'Returns (RMA)', 'Quote to order', 'After-sales service request', 'Customer onboarding',
    ]);
    // The example plugin's contributed template sits in the same gallery.
    await welcome.locator('.lf-template-card.plugin', { hasText: 'Complaint handling (lean)' }).waitFor();
    await expect(welcome.locator('.lf-template-card[data-template="returns-rma"] .lf-template-figures').textContent()).resolves.toBe('10 tasks → 6');
    await page.screenshot({ path: `${imagesDir}welcome.png` });

    await welcome.locator('.lf-template-card[data-template="complaint-handling"] button').click();
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Complaint handling.bpmn' }).waitFor();
    await page.locator('lf-bpmn-editor:not([hidden]) [data-element-id="Task_Investigate"]').waitFor();
    const groups = await page.evaluate(() => (window as Any).leanflow.variantGroups.all().map((g: Any) => ({ name: g.name, members: g.members.map((m: Any) => m.name) })));
    expect(groups).toContainEqual({ name: 'Complaint handling', members: ['As-is', 'To-be'] });
    await page.locator('.lf-toast[data-code="welcome.templateOpened"]', { hasText: 'Opened the template “Complaint handling”' }).first().waitFor();
    // No errors in Problems for the template (warnings from lint rules may exist; errors would be red).
    await page.waitForTimeout(1500);
    const problemErrors = await page.evaluate(() => {
      const w = (window as Any).leanflow;
      return w.problems.get(w.documents.active.id).filter((p: Any) => p.severity === 'error').map((p: Any) => p.message);
    });
    expect(problemErrors).toEqual([]);
    await page.screenshot({ path: '/tmp/studio-start-template.png' });

    // The plugin's template opens too.
    await page.locator('[data-item="help"]').click();
    await page.locator('lf-welcome-page .lf-template-card.plugin button').click();
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Complaint handling (lean).bpmn' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the gallery in Chinese', async () => {
    const { page, context, errors } = await openStudio(browser, { locale: 'zh-CN' });
    await studioReady(page);
    const welcome = page.locator('lf-welcome-page');
    await welcome.locator('h1', { hasText: '欢迎使用 Leanflow' }).waitFor();
    await expect(welcome.locator('.lf-template-card[data-template="complaint-handling"] h3').textContent()).resolves.toBe('投诉处理');
    await welcome.locator('.lf-template-card[data-template="returns-rma"] button').click();
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: '退货（RMA）.bpmn' }).waitFor();
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-element', { hasText: '核对保修条款' }).first().waitFor();
    await page.screenshot({ path: '/tmp/studio-start-zh.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs the guided tour through the six steps; once closed it is not offered again, and Help reopens it', async () => {
    const { page, context, errors } = await openStudio(browser);
    await studioReady(page);
    const offer = page.locator('lf-welcome-page [data-part="tour-offer"]');
    await offer.waitFor();
    await offer.locator('[data-action="tour"]').click();
    const popover = page.locator('.driver-popover');
    const titles: string[] = [];
    for (let step = 0; step < 6; step++) {
      await popover.waitFor();
      titles.push((await popover.locator('.driver-popover-title').textContent()) ?? '');
      if (step === 2) await page.screenshot({ path: '/tmp/studio-start-tour.png' });
      await popover.locator('.driver-popover-next-btn').click();
    }
    expect(titles).toEqual(['1 · Draw', '2 · Data', '3 · Simulate', '4 · Score', '5 · Suggest', '6 · Compare']);
    await popover.waitFor({ state: 'detached' });
    await expect(page.evaluate(() => localStorage.getItem('leanflow.tour'))).resolves.toBe('done');
    // Reload: not the first run, and the offer does not come back on the welcome page.
    await page.reload();
    await studioReady(page);
    await page.evaluate(() => (window as Any).leanflow.commands.execute('help.welcome'));
    await page.locator('lf-welcome-page h1').waitFor();
    await expect(offer.count()).resolves.toBe(0);
    // Help reopens it; Escape closes it.
    await page.evaluate(() => (window as Any).leanflow.commands.execute('help.tour'));
    await popover.waitFor();
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('dismissing the offer keeps it away', async () => {
    const { page, context } = await openStudio(browser);
    await studioReady(page);
    await page.locator('lf-welcome-page [data-action="dismiss-tour"]').click();
    await page.locator('lf-welcome-page [data-part="tour-offer"]').waitFor({ state: 'detached' });
    await expect(page.evaluate(() => localStorage.getItem('leanflow.tour'))).resolves.toBe('dismissed');
    await context.close();
  });
});

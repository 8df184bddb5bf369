import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

describe('studio smoke', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the studio page', async () => {
    const { page, context } = await openStudio(browser);
    await expect(page.title()).resolves.toMatch(/Leanflow$/);
    await context.close();
  });

  it('shows the welcome page when every document is closed, and brings the sample back from it', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Alt+W');
    await page.locator('.lf-welcome h1', { hasText: 'Welcome to Leanflow' }).waitFor();
    await expect(page.locator('[data-item="document"]').textContent()).resolves.toBe('No document');
    await page.getByRole('button', { name: 'Open Sample Process (Lead to Quote)' }).click();
    await waitForCanvas(page);
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('lead-to-quote.bpmn');
    await expect(page.locator('.lf-welcome').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

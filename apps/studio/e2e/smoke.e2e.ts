import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openStudio } from './browser.ts';

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
});

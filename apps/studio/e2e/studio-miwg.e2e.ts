// Every MIWG file (reference models and five vendors' exports) opens or is refused with a clear message.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fixturesDir, launchBrowser, openStudio, waitForCanvas } from './browser.ts';

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bpmnFiles(join(dir, entry.name)) : entry.name.endsWith('.bpmn') ? [join(dir, entry.name)] : [],
  );
}

describe('MIWG test suite', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens every reference file and opens or clearly refuses every vendor file', { timeout: 300_000 }, async () => {
    const root = join(fixturesDir(), 'miwg');
    const files = bpmnFiles(root).sort();
    expect(files.length).toBeGreaterThan(100);
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const opened: string[] = [];
    const refused: { file: string; message: string }[] = [];
    let withWarnings = 0;
    for (const file of files) {
      const name = file.split('/').pop()!;
      await page.setInputFiles('#lf-open-file', file);
      // Either a tab for the file becomes active with a drawn diagram, or an error toast names the file.
      const tab = page.locator('.lf-tab.active .lf-tab-name', { hasText: name });
      const toast = page.locator('.lf-toast.error').filter({ hasText: `"${name}"` });
      await tab.or(toast).first().waitFor({ timeout: 30_000 });
      if (await toast.count()) {
        refused.push({ file: relative(root, file), message: (await toast.first().textContent()) ?? '' });
        await page.evaluate(() => (window as unknown as { leanflow: { notifications: { clear(): void } } }).leanflow.notifications.clear());
      } else {
        await waitForCanvas(page);
        opened.push(relative(root, file));
        if ((await page.locator('[data-item="problems"]').textContent()) !== 'No problems') withWarnings++;
        // Close it again (Alt+W) so the page holds one diagram at a time, as a person would.
        await page.keyboard.press('Alt+W');
        await tab.waitFor({ state: 'detached' });
      }
    }
    console.log(`MIWG: ${opened.length} of ${files.length} files opened (${withWarnings} with import warnings in Problems), ${refused.length} refused`);
    for (const r of refused) console.log(`  refused ${r.file}: ${r.message}`);
    expect(opened.filter((f) => f.startsWith('reference/')).length).toBe(files.filter((f) => f.includes('/reference/')).length);
    for (const r of refused) {
      expect(r.message).toMatch(/Could not open ".+": .+/);
      expect(r.message).not.toMatch(/at \w+ \(|\.js:\d+/);
    }
    // bpmn-js itself logs the elements it skipped (they are also in Problems); anything else is ours.
    expect(errors.filter((e) => !e.startsWith('failed to import'))).toEqual([]);
    // The sample is still there.
    await expect(page.locator('.lf-tab .lf-tab-name').allTextContents()).resolves.toEqual(['lead-to-quote.bpmn']);
    await context.close();
  });
});

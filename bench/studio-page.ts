// Opens the studio in a bench's page the way the e2e tests do: the first run shows the welcome page over the editor,
// so it is closed before anything is measured on the canvas.
import type { Page } from 'playwright-core';

export async function gotoStudio(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => !!(window as unknown as { leanflow?: unknown }).leanflow, undefined, { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as { leanflow: { editorTabs: { close(id: string): Promise<boolean> } } }).leanflow.editorTabs.close('welcome'));
}

// Shared Playwright helpers: Debian's Chromium driven by playwright-core, one fresh profile per test file.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function studioUrl(): string {
  return inject('studioUrl');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

export interface StudioSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Messages the page logged as errors (uncaught exceptions, console.error). */
  readonly errors: string[];
}

export async function openStudio(
  browser: Browser,
  options: { locale?: string; colorScheme?: 'light' | 'dark'; initScript?: string } = {},
): Promise<StudioSession> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
  });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(studioUrl());
  return { context, page, errors };
}

/** The shared BPMN fixtures (`<repo root>/../shared/fixtures`, or LEANFLOW_FIXTURES). */
export function fixturesDir(): string {
  return process.env.LEANFLOW_FIXTURES ?? new URL('../../../../shared/fixtures', import.meta.url).pathname;
}

/**
 * The first run shows the welcome page in front of the sample; tests about the canvas close it (the welcome
 * page's own test, welcome.e2e.ts, does not).
 */
export async function dismissWelcome(page: Page): Promise<void> {
  await page.waitForFunction(() => !!(window as unknown as { leanflow?: unknown }).leanflow, undefined, { timeout: 30_000 });
  await page.evaluate(() => (window as unknown as { leanflow: { editorTabs: { close(id: string): Promise<boolean> } } }).leanflow.editorTabs.close('welcome'));
}

/** Waits until the active editor shows a drawn diagram. */
export async function waitForCanvas(page: Page): Promise<void> {
  await dismissWelcome(page);
  await page.locator('lf-bpmn-editor:not([hidden]) .djs-element').first().waitFor({ timeout: 30_000 });
  // The built-in plugins (F5 is the Simulation plugin's) load as their own chunk at boot: wait until they started.
  await page.evaluate(() => (window as unknown as { leanflow: { plugins?: { whenStarted(): Promise<void> } } }).leanflow.plugins?.whenStarted());
}

/** Waits until every open document is written to IndexedDB (autosave is debounced). */
export async function waitForAutosave(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const w = (window as unknown as { leanflow?: { documents: { all(): { unpersisted: boolean; ready: boolean }[] } } }).leanflow;
    return !!w && w.documents.all().every((d) => !d.ready || !d.unpersisted);
  });
  // The write itself is async after the flag flips; give the IndexedDB transaction a moment to commit.
  await page.evaluate(() => (window as unknown as { leanflow: { autosaver: { flush(): Promise<void> } } }).leanflow.autosaver.flush());
}

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

  it('shows contributed side-bar views, status-bar items and commands, and removes them on dispose', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await page.evaluate(() => {
      type Disposable = { dispose(): void };
      const w = (window as unknown as { leanflow: {
        views: { register(v: unknown): Disposable };
        statusBar: { set(i: unknown): Disposable };
        commands: { register(c: unknown): Disposable; execute(id: string, ...args: unknown[]): Promise<unknown> };
        problems: { set(doc: string, source: string, list: unknown[]): void };
        documents: { active: { id: string } };
      } }).leanflow;
      const icon = '<svg viewBox="0 0 24 24"><circle cx="12" cy="12" r="8" fill="currentColor"/></svg>';
      const registrations = [
        // Ids of their own: the studio's real Scorecard feature owns "scorecard" and "scorecard.show".
        w.views.register({ id: 'demo-score', title: 'Demo score', icon, order: 50, render: (el: HTMLElement) => { el.innerHTML = '<p class="score">Lean score 72</p>'; return { dispose() {} }; } }),
        w.statusBar.set({ id: 'kpi', text: 'Lead time 3.2 h', alignment: 'left', priority: 1, command: 'demo.showScore' }),
        w.commands.register({ id: 'demo.showScore', title: 'Show Demo Score', category: 'Demo', handler: () => w.commands.execute('workbench.showView', 'demo-score') }),
      ];
      w.problems.set(w.documents.active.id, 'lean-rules', [{ severity: 'warning', source: 'lean-rules', message: 'Approval adds a hand-off', elementId: 'Task_Qualify' }]);
      (window as unknown as { disposeContributions: () => void }).disposeContributions = () => registrations.forEach((r) => r.dispose());
    });
    // The scorecard's status item appears once the sample is scored and shifts the others: click after it is there.
    await page.locator('[data-item="scorecard.score"]').waitFor();
    await page.locator('[data-item="kpi"]').click();
    await expect(page.locator('.lf-sidebar .score').textContent()).resolves.toBe('Lean score 72');
    await expect(page.locator('.lf-sidebar-title').textContent()).resolves.toBe('Demo score');
    // The contributed problem is listed (next to the scorecard's own findings, source "scorecard").
    const contributed = await page.evaluate(() => {
      const w = (window as unknown as { leanflow: { problems: { get(id: string): { source: string }[] }; documents: { active: { id: string } } } }).leanflow;
      return w.problems.get(w.documents.active.id).filter((p) => p.source !== 'scorecard').map((p) => p.source);
    });
    expect(contributed).toEqual(['lean-rules']);
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.lf-palette input').fill('demo score');
    await expect(page.locator('.lf-palette-item .lf-palette-label').allTextContents()).resolves.toContain('Demo: Show Demo Score');
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as unknown as { disposeContributions: () => void }).disposeContributions());
    await expect(page.locator('.lf-activity[data-view="demo-score"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-item="kpi"]').count()).resolves.toBe(0);
    // The side bar falls back to the first view instead of disappearing.
    await expect(page.locator('.lf-sidebar-title').textContent()).resolves.toBe('Explorer');
    expect(errors).toEqual([]);
    await context.close();
  });
});

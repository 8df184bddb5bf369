// The Optimise Staffing view on the sample, in Chromium: the search runs on Web Workers with progress, the front
// and recommendation equal a Node run of @leanflow/analysis on the same XML (same seeds), the chart marks today,
// hovering a point names its staffing, Cancel stops a search, and Apply as variant opens a variant with that staffing.
import { optimiseStaffing } from '@leanflow/analysis';
import { loadDocument } from '@leanflow/model';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('Optimise Staffing in the studio', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds the front Node finds, marks today, applies a staffing as a variant; cancel stops a search', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const xml: string = await page.evaluate(() => (window as Any).leanflow.activeEditor.getXml());
    await page.evaluate(() => (window as Any).leanflow.commands.execute('optimise.show'));
    const view = page.locator('lf-optimise-view');
    await view.locator('button[data-action="run"]').waitFor();
    // Whole case within 1 day for 80%, at most 5 people per role.
    await view.locator('select[name="kpi"]').selectOption('cycle-time');
    await view.locator('input[name="within"]').fill('1');
    await view.locator('select[name="unit"]').selectOption('d');
    await view.locator('input[name="share"]').fill('80');
    await view.locator('input[name="maxHeadcount"]').fill('5');
    await view.locator('button[data-action="run"]').click();
    await view.locator('.lf-opt-progress progress').waitFor({ timeout: 10_000 });
    await view.locator('.lf-opt-result').waitFor({ timeout: 120_000 });

    const doc = await loadDocument(xml);
    const scenario = doc.scenarios.find((s) => s.id === doc.activeScenarioId)!;
    const node = await optimiseStaffing(doc.graph!, scenario, { target: { kpi: 'cycle-time', withinSeconds: 86400, share: 0.8 }, maxHeadcount: 5 });
    const shown = await view.locator('.lf-opt-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-staffing')));
    const staffing = (p: { staffing: Record<string, number> }) => Object.entries(p.staffing).map(([n, h]) => `${n} ${h}`).join(' · ');
    expect(shown).toEqual(node.front.map(staffing));
    const headline = await view.locator('.lf-opt-headline').textContent();
    if (node.recommended) expect(headline).toContain(staffing(node.recommended));
    // Today is ringed in the chart; the recommended point is marked; hover names the staffing.
    await expect.poll(() => view.locator('circle.point.today').count()).toBe(1);
    const title = await view.locator('circle.point').first().locator('title').textContent();
    expect(title).toContain(staffing(node.front[0]!));
    await page.screenshot({ path: 'test-results/optimise-view.png' });

    // Apply a staffing that is not today's as a variant: a second document whose scenario has that staffing.
    const before = await page.evaluate(() => (window as Any).leanflow.documents.all().length);
    await view.locator('button[data-action="apply"]').first().click();
    await page.waitForFunction((n) => (window as Any).leanflow.documents.all().length === n + 1, before);
    const variantXml: string = await page.evaluate(async () => {
      const w = (window as Any).leanflow;
      return w.documents.getXml(w.documents.active.id);
    });
    const variant = await loadDocument(variantXml);
    const applied = variant.scenarios.find((s) => s.id === variant.activeScenarioId)!;
    const firstApplicable = node.front.find((p) => JSON.stringify(p.headcounts) !== JSON.stringify(node.current.headcounts))!;
    expect(Object.fromEntries(applied.pools.map((p) => [p.id, p.headcount]))).toEqual(firstApplicable.headcounts);

    // Back to the original; a search without a head-count limit can be cancelled.
    await page.evaluate(() => {
      const w = (window as Any).leanflow;
      w.documents.setActive(w.documents.all()[0].id);
    });
    await view.locator('input[name="maxHeadcount"]').fill('');
    await view.locator('button[data-action="run"]').click();
    await view.locator('button[data-action="cancel"]').click();
    await view.locator('.lf-opt-note').waitFor();
    expect(await view.locator('.lf-opt-note').textContent()).toContain('cancelled');
    expect(errors).toEqual([]);
    await context.close();
  });
});

// Demand, shifts and case types through the Properties forms in Chromium (no JSON): "about 120 leads a day, most of
// them Monday morning" on the sample's start event, a shift plan for a pool, a VIP case type with its own target;
// each edit lands in the scenario; then a run shows the VIP's figures in the Simulation view. Screenshots in /tmp.
import { loadDocument, type Scenario } from '@leanflow/model';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

async function select(page: Page, id: string): Promise<void> {
  await page.evaluate((elementId) => (window as Any).leanflow.activeEditor.reveal(elementId), id);
}

async function activeScenario(page: Page): Promise<Scenario> {
  const xml: string = await page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
  const loaded = await loadDocument(xml);
  return loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
}

describe('demand, shifts and case types in the studio', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('enters a weekly demand, a shift plan and a VIP case type through forms and shows the VIP figures', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Alt+Enter');
    await page.locator('lf-properties-view .lf-props').waitFor();

    // Demand: "about 120 leads a day, Mon-Fri 08:00-18:00, most of them Monday morning".
    await select(page, 'Start_LeadReceived');
    const mode = page.locator('lf-properties-view [data-field="demand-mode"]');
    await mode.waitFor();
    await mode.selectOption('weekly');
    await expect.poll(async () => (await activeScenario(page)).arrivals['Start_LeadReceived']?.profile?.periods.length).toBe(1);
    const perDay = page.locator('lf-properties-view [data-demand] [data-field="perDay"]');
    await perDay.fill('120');
    await perDay.press('Tab');
    await page.locator('lf-properties-view [data-demand] [data-field="shape"]').selectOption('mondayMorning');
    await expect.poll(async () => (await activeScenario(page)).arrivals['Start_LeadReceived']!.profile!.periods.length).toBe(4);
    const periods = (await activeScenario(page)).arrivals['Start_LeadReceived']!.profile!.periods;
    const hours = (clock: string) => Number(clock.slice(0, 2)) + Number(clock.slice(3)) / 60;
    expect(periods.reduce((a, p) => a + p.days.length * (hours(p.to) - hours(p.from)) * p.casesPerHour, 0)).toBeCloseTo(600, 0);
    await expect.poll(() => page.locator('lf-properties-view [data-demand-total]').textContent()).toContain('600 cases a week');
    await page.screenshot({ path: '/tmp/segments-demand.png' });

    // Case types: add one (Standard 80% + a new type 20%), rename it VIP, give it a 1 h first-response target.
    await page.evaluate(() => (window as Any).leanflow.activeEditor.get('selection').select([]));
    await page.locator('lf-properties-view [data-action="add-caseType"]').click();
    await expect.poll(async () => (await activeScenario(page)).caseTypes?.map((t) => [t.id, t.share, t.priority])).toEqual([
      ['standard', 0.8, 0],
      ['type-1', 0.2, 1],
    ]);
    const vipName = page.locator('lf-properties-view [data-case-type="type-1"] [data-field="caseType-name"]');
    await vipName.fill('VIP');
    await vipName.press('Tab');
    const target = page.locator('lf-properties-view [data-case-type="type-1"] [data-duration="caseTypes.1.targets.firstResponseSla"]');
    await target.locator('[data-field="amount"]').fill('1');
    await target.locator('[data-field="amount"]').press('Tab');
    await expect.poll(async () => (await activeScenario(page)).caseTypes?.[1]).toMatchObject({ name: 'VIP', targets: { firstResponseSla: { value: 1, unit: 'h' } } });
    // Changing one share moves the other: still 100%.
    const share = page.locator('lf-properties-view [data-case-type="type-1"] [data-field="caseType-share"]');
    await share.fill('30');
    await share.press('Tab');
    await expect.poll(async () => (await activeScenario(page)).caseTypes?.map((t) => t.share)).toEqual([0.7, 0.3]);
    await page.screenshot({ path: '/tmp/segments-case-types.png' });

    // Shifts for the first pool: 3 people Mon-Fri 08:00-13:00, then 2 until 18:00.
    await page.locator('lf-properties-view .lf-prop-resources > summary').click();
    const staffing = page.locator('lf-properties-view .lf-prop-card[data-pool] [data-field="pool-staffing"]').first();
    await staffing.selectOption('shifts');
    await expect.poll(async () => (await activeScenario(page)).pools[0]!.shifts?.periods.length).toBe(1);
    const firstShift = page.locator('lf-properties-view .lf-prop-card[data-pool] [data-shift="0"]').first();
    await firstShift.locator('[data-field="shift-headcount"]').fill('3');
    await firstShift.locator('[data-field="shift-headcount"]').press('Tab');
    await expect.poll(async () => (await activeScenario(page)).pools[0]!.headcount).toBe(3);
    await page.screenshot({ path: '/tmp/segments-shifts.png' });

    // Simulate; the view offers the case types and shows the VIP's figures.
    await page.keyboard.press('F5');
    const choice = page.locator('[data-section="caseType"] select');
    await choice.waitFor({ timeout: 60_000 });
    await expect(choice.locator('option').allTextContents()).resolves.toEqual(['All cases', 'Standard (70%, priority 0)', 'VIP (30%, priority 1)']);
    await choice.selectOption('type-1');
    await page.locator('[data-section="caseTypeNote"]').waitFor();
    await page.screenshot({ path: '/tmp/segments-simulation-vip.png' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

// What differs per case type, and people in several pools, through the Properties forms in Chromium (no JSON): a VIP
// case type with its own "Prepare quote" duration and its own split at "Qualified?" (a sum of 120% explained, then
// fixed), a person who works as a representative and as a manager on their own calendar; each edit one undo step;
// saved, reopened and shown again; then a run whose VIP processing time differs as set and matches a Node run of the
// saved file.
import { loadDocument, type Scenario } from '@leanflow/model';
import { simulateSync } from '@leanflow/sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const VIEW = 'lf-properties-view';
const VIP_DURATION = `${VIEW} [data-distribution="caseTypes.1.tasks.Task_PrepareQuote.duration"]`;
const VIP_SPLIT = `${VIEW} [data-overrides="split"] [data-override-type="type-1"]`;

async function select(page: Page, id: string): Promise<void> {
  await page.evaluate((elementId) => (window as Any).leanflow.activeEditor.reveal(elementId), id);
}

async function xmlOf(page: Page): Promise<string> {
  return page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
}

async function activeScenario(page: Page): Promise<Scenario> {
  const loaded = await loadDocument(await xmlOf(page));
  return loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
}

async function undoSteps(page: Page): Promise<number> {
  return page.evaluate(() => (window as Any).leanflow.activeEditor.get('commandStack')._stackIdx + 1);
}

async function setField(page: Page, selector: string, value: string): Promise<void> {
  const input = page.locator(selector);
  await input.fill(value);
  await input.press('Tab');
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** The raw values (seconds) of the key-figure cards with "Figures for" set to a case type. */
async function figuresOf(page: Page, segmentId: string, name: string): Promise<{ cycleTime: number; processing: number; waiting: number }> {
  await page.locator('[data-section="caseType"] select').selectOption(segmentId);
  // The view is drawn again for the chosen type: its note names it.
  await expect.poll(() => page.locator('[data-section="caseTypeNote"]').textContent()).toContain(name);
  const raw = async (kpi: string) => Number(await page.locator(`[data-view-id="simulation"] .lf-sim-card[data-kpi="${kpi}"]`).getAttribute('data-value'));
  return { cycleTime: await raw('cycleTime'), processing: await raw('processing'), waiting: await raw('waiting') };
}

describe('case-type overrides and shared people through forms', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sets a VIP duration and split and a shared person, saves, reopens, and the run shows the VIP figures as set', async () => {
    const { page, context, errors } = await openStudio(browser, { initScript: "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });" });
    await waitForCanvas(page);
    await page.keyboard.press('Alt+Enter');
    await page.locator(`${VIEW} .lf-props`).waitFor();

    // A VIP case type (Standard 80%, VIP 20% priority 1).
    await page.locator(`${VIEW} [data-action="add-caseType"]`).click();
    await setField(page, `${VIEW} [data-case-type="type-1"] [data-field="caseType-name"]`, 'VIP');
    await expect.poll(async () => (await activeScenario(page)).caseTypes?.map((t) => [t.name, t.share, t.priority])).toEqual([
      ['Standard', 0.8, 0],
      ['VIP', 0.2, 1],
    ]);
    await expect(page.locator(`${VIEW} [data-case-type="type-1"] [data-changes="none"]`).count()).resolves.toBe(1);

    // "Prepare quote": the VIP's own duration starts from the task's (about 30, usually 20–45 min), then 10 (5–15).
    await select(page, 'Task_PrepareQuote');
    const durationChoice = page.locator(`${VIEW} [data-overrides="duration"] [data-override-type="type-1"] [data-field="override"]`);
    await durationChoice.waitFor();
    await expect(page.locator(`${VIEW} [data-overrides="duration"] [data-override-type="standard"] [data-field="override"]`).inputValue()).resolves.toBe('same');
    let steps = await undoSteps(page);
    await durationChoice.selectOption('own');
    await page.locator(`${VIP_DURATION} [data-field="typical"]`).waitFor();
    expect(await undoSteps(page)).toBe(steps + 1);
    await expect(page.locator(`${VIP_DURATION} [data-field="typical"]`).inputValue()).resolves.toBe('30');
    await setField(page, `${VIP_DURATION} [data-field="low"]`, '5');
    await setField(page, `${VIP_DURATION} [data-field="typical"]`, '10');
    steps = await undoSteps(page);
    await setField(page, `${VIP_DURATION} [data-field="high"]`, '15');
    await expect.poll(async () => (await activeScenario(page)).caseTypes?.[1]?.tasks).toEqual({ Task_PrepareQuote: { duration: { type: 'triangular', min: 5, mode: 10, max: 15, unit: 'min' } } });
    expect(await undoSteps(page)).toBe(steps + 1);
    // The task's own duration is untouched; the VIP's curve is drawn like the task's.
    expect((await activeScenario(page)).tasks['Task_PrepareQuote']!.duration).toEqual({ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' });
    await expect(page.locator(`${VIP_DURATION} [data-preview="triangular"]`).count()).resolves.toBe(1);
    // An impossible value is explained next to the VIP's field and not written.
    await setField(page, `${VIP_DURATION} [data-field="low"]`, '12');
    await expect.poll(() => page.locator(`${VIEW} [data-messages="caseTypes.1.tasks.Task_PrepareQuote.duration"]`).textContent()).toContain('The usual minimum (12 min) cannot be above the typical value (10 min).');
    expect(await undoSteps(page)).toBe(steps + 1);
    await setField(page, `${VIP_DURATION} [data-field="low"]`, '5');
    await page.locator(`${VIEW} [data-overrides="duration"]`).screenshot({ path: '/tmp/segment-forms-duration.png' });
    await page.screenshot({ path: '/tmp/segment-forms-task.png' });

    // "Qualified?": the VIP's own split starts from the gateway's 70/30; 90% yes makes 120%, explained; 10% no fixes it.
    await select(page, 'Gateway_Qualified');
    await page.locator(`${VIP_SPLIT} [data-field="override"]`).selectOption('own');
    await expect.poll(async () => (await activeScenario(page)).caseTypes?.[1]?.gateways).toEqual({ Gateway_Qualified: { probabilities: { Flow_No: 0.3, Flow_Yes: 0.7 } } });
    await setField(page, `${VIP_SPLIT} [data-flow="Flow_Yes"]`, '90');
    const sum = page.locator(`${VIP_SPLIT} [data-type-sum]`);
    await expect.poll(() => sum.textContent()).toContain('VIP: the branches add up to 120%; they must add up to 100%.');
    await expect(sum.getAttribute('class')).resolves.toContain('bad');
    await expect(page.locator(`${VIP_SPLIT} [data-action="normalise-type"]`).count()).resolves.toBe(1);
    await page.screenshot({ path: '/tmp/segment-forms-split-bad.png' });
    steps = await undoSteps(page);
    await setField(page, `${VIP_SPLIT} [data-flow="Flow_No"]`, '10');
    await expect.poll(async () => (await activeScenario(page)).caseTypes?.[1]?.gateways).toEqual({ Gateway_Qualified: { probabilities: { Flow_No: 0.1, Flow_Yes: 0.9 } } });
    expect(await undoSteps(page)).toBe(steps + 1);
    await expect(sum.getAttribute('class')).resolves.toContain('ok');
    // Undo is one step back to the 120% (the message again); redo fixes it again.
    await blur(page);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => sum.textContent()).toContain('120%');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => sum.getAttribute('class')).toContain('ok');
    // The scenario's own split stays 70/30.
    expect((await activeScenario(page)).gateways['Gateway_Qualified']!.probabilities).toEqual({ Flow_Yes: 0.7, Flow_No: 0.3 });
    await page.locator(`${VIEW} [data-overrides="split"]`).screenshot({ path: '/tmp/segment-forms-split.png' });

    // Nothing selected: the VIP's card lists what it changes, as links to the elements.
    await page.evaluate(() => (window as Any).leanflow.activeEditor.get('selection').select([]));
    await expect.poll(() => page.locator(`${VIEW} [data-case-type="type-1"] [data-changes] [data-action="reveal"]`).allTextContents()).toEqual(['Prepare quote', 'Qualified?']);

    // A person who works as a representative and as a manager, on office hours.
    await page.locator(`${VIEW} .lf-prop-resources > summary`).click();
    await page.locator(`${VIEW} [data-action="add-person"]`).click();
    const person = page.locator(`${VIEW} [data-person="person-1"]`);
    await person.waitFor();
    await setField(page, `${VIEW} [data-person="person-1"] [data-field="person-name"]`, 'Ann');
    await person.locator('[data-pool-choice="sales-representatives"]').check();
    await person.locator('[data-pool-choice="sales-managers"]').check();
    await person.locator('[data-pool-choice="sales-assistants"]').uncheck();
    await person.locator('[data-field="person-calendar"]').selectOption('office-hours');
    await expect.poll(async () => (await activeScenario(page)).people).toEqual([{ id: 'person-1', name: 'Ann', count: 1, poolIds: ['sales-representatives', 'sales-managers'], calendarId: 'office-hours' }]);
    // Unticking both pools: the last one is refused with what to do instead, and stays ticked.
    await person.locator('[data-pool-choice="sales-representatives"]').uncheck();
    steps = await undoSteps(page);
    await person.locator('[data-pool-choice="sales-managers"]').click();
    await expect.poll(() => person.locator('[data-messages="people.0"]').textContent()).toContain('Ann must work in at least one pool: tick another pool first, or remove Ann.');
    await expect(person.locator('[data-pool-choice="sales-managers"]').isChecked()).resolves.toBe(true);
    expect(await undoSteps(page)).toBe(steps);
    await person.locator('[data-pool-choice="sales-representatives"]').check();
    await expect.poll(async () => (await activeScenario(page)).people?.[0]?.poolIds).toEqual(['sales-managers', 'sales-representatives']);
    // The pools say who else works there.
    await expect.poll(() => page.locator(`${VIEW} [data-pool="sales-managers"] [data-shared-people]`).textContent()).toBe('Also works here (people in several pools): Ann.');
    await expect(page.locator(`${VIEW} [data-pool="sales-assistants"] [data-shared-people]`).count()).resolves.toBe(0);
    await person.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/segment-forms-people.png' });

    // Save (a download), read the file back, reopen it: the forms show what was set.
    await blur(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const saved = Buffer.concat(chunks).toString('utf8');
    const reread = await loadDocument(saved);
    const stored = reread.scenarios.find((s) => s.id === reread.activeScenarioId)!;
    expect(stored.caseTypes?.[1]).toMatchObject({
      name: 'VIP',
      tasks: { Task_PrepareQuote: { duration: { type: 'triangular', min: 5, mode: 10, max: 15, unit: 'min' } } },
      gateways: { Gateway_Qualified: { probabilities: { Flow_No: 0.1, Flow_Yes: 0.9 } } },
    });
    expect(stored.people).toEqual([{ id: 'person-1', name: 'Ann', count: 1, poolIds: ['sales-managers', 'sales-representatives'], calendarId: 'office-hours' }]);
    await page.setInputFiles('#lf-open-file', { name: 'vip.bpmn', mimeType: 'application/xml', buffer: Buffer.from(saved) });
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'vip.bpmn' }).waitFor();
    await waitForCanvas(page);
    await select(page, 'Task_PrepareQuote');
    await expect.poll(() => page.locator(`${VIP_DURATION} [data-field="typical"]`).inputValue()).toBe('10');
    await select(page, 'Gateway_Qualified');
    await expect.poll(() => page.locator(`${VIP_SPLIT} [data-flow="Flow_Yes"]`).inputValue()).toBe('90');

    // Simulate the reopened file and read the figures of each case type.
    await blur(page);
    await page.keyboard.press('F5');
    await page.locator('[data-section="caseType"] select').waitFor({ timeout: 90_000 });
    const standard = await figuresOf(page, 'standard', 'Standard');
    const vip = await figuresOf(page, 'type-1', 'VIP');
    await page.screenshot({ path: '/tmp/segment-forms-simulation.png' });
    const node = simulateSync(reread.graph!, stored);
    if (!node.ok) throw new Error('the saved file should simulate');
    const [nodeStandard, nodeVip] = node.segments;
    const minutes = (seconds: number) => (seconds / 60).toFixed(1);
    console.log(`VIP: processing ${minutes(vip.processing)} min, waiting ${minutes(vip.waiting)} min, cycle ${minutes(vip.cycleTime)} min; standard: ${minutes(standard.processing)} / ${minutes(standard.waiting)} / ${minutes(standard.cycleTime)} min; Ann busy ${(node.people[0]!.utilisation * 100).toFixed(1)}%`);
    // Processing as set: 10 s + 11.67 (check) + 18.33 (qualify) + 90% x (10 quote + 15 approve + 6 send) + 10% x 6
    // (rejection) = 58.7 min for a VIP; a standard lead 30.2 + 70% x 52.7 + 30% x 6 = 68.8 min.
    expect(Math.abs(vip.processing / 60 - 58.67) / 58.67).toBeLessThan(0.03);
    expect(Math.abs(standard.processing / 60 - 68.83) / 68.83).toBeLessThan(0.03);
    // Served first and quicker: less waiting for people, and a shorter cycle time (seed 42: 16.5 vs 36.9 min waiting,
    // 4 h 35 min vs 5 h 20 min).
    expect(vip.waiting).toBeLessThan(standard.waiting * 0.75);
    expect(vip.cycleTime).toBeLessThan(standard.cycleTime);
    // The page's figures are those of a Node run of the saved file (same engine, scenario and seed).
    for (const [page_, nodeSegment] of [[vip, nodeVip!], [standard, nodeStandard!]] as const) {
      expect(Math.abs(page_.processing - nodeSegment.kpis.processingTime.mean) / nodeSegment.kpis.processingTime.mean).toBeLessThan(1e-9);
      expect(Math.abs(page_.cycleTime - nodeSegment.kpis.cycleTime.mean) / nodeSegment.kpis.cycleTime.mean).toBeLessThan(1e-9);
    }
    expect(node.people[0]).toMatchObject({ name: 'Ann', poolIds: ['sales-managers', 'sales-representatives'] });
    expect(node.people[0]!.utilisation).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

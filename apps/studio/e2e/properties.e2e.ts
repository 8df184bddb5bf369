// The Properties panel in Chromium: select a task of the sample, edit its duration as an estimate, save (a
// download: no File System Access API), reopen the saved file and see the value; undo/redo are one step per edit;
// impossible values are explained inline and not written; gateway probabilities with "make it 100%"; scenario
// create/duplicate/delete (with the confirm dialog); screenshots in light and dark.
import { loadDocument, type Scenario } from '@leanflow/model';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const DURATION = '[data-distribution="tasks.Task_Qualify.duration"]';

async function select(page: Page, id: string): Promise<void> {
  await page.evaluate((elementId) => (window as Any).leanflow.activeEditor.reveal(elementId), id);
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Types into a panel field and commits it (the change event), like a user tabbing out. */
async function setField(page: Page, selector: string, value: string): Promise<void> {
  const input = page.locator(selector);
  await input.fill(value);
  await input.press('Tab');
}

async function activeScenario(page: Page): Promise<Scenario> {
  const xml: string = await page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
  const loaded = await loadDocument(xml);
  expect(loaded.scenarioSource).toBe('leanflow');
  return loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
}

async function undoSteps(page: Page): Promise<number> {
  return page.evaluate(() => (window as Any).leanflow.activeEditor.get('commandStack')._stackIdx + 1);
}

describe('properties panel', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('edits a task duration, undoes it, refuses impossible values, saves, reopens and shows the value', async () => {
    const { page, context, errors } = await openStudio(browser, { initScript: "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });" });
    await waitForCanvas(page);
    await page.keyboard.press('Alt+Enter');
    await page.locator('lf-properties-view .lf-props').waitFor();
    await select(page, 'Task_Qualify');
    await page.locator(`${DURATION} [data-field="typical"]`).waitFor();
    // The sample's scenario: triangular 10 / 15 / 30 min.
    await expect(page.locator(`${DURATION} [data-field="typical"]`).inputValue()).resolves.toBe('15');
    await expect(page.locator(`${DURATION} [data-field="low"]`).inputValue()).resolves.toBe('10');
    await expect(page.locator(`${DURATION} [data-field="high"]`).inputValue()).resolves.toBe('30');
    await expect(page.locator(`${DURATION} [data-preview="triangular"]`).count()).resolves.toBe(1);
    await expect(page.locator('lf-properties-view [data-field="name"]').inputValue()).resolves.toBe('Qualify lead');

    const before = await undoSteps(page);
    await setField(page, `${DURATION} [data-field="typical"]`, '25');
    await expect.poll(async () => (await activeScenario(page)).tasks['Task_Qualify']!.duration).toEqual({ type: 'triangular', min: 10, mode: 25, max: 30, unit: 'min' });
    expect(await undoSteps(page)).toBe(before + 1);
    await page.locator('.lf-tab.active.dirty').waitFor();

    // Undo (Ctrl+Z) is one step back to 15; redo brings 25 again.
    await blur(page);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => page.locator(`${DURATION} [data-field="typical"]`).inputValue()).toBe('15');
    expect((await activeScenario(page)).tasks['Task_Qualify']!.duration).toMatchObject({ mode: 15 });
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => page.locator(`${DURATION} [data-field="typical"]`).inputValue()).toBe('25');

    // Impossible values: explained next to the field, nothing written.
    const steps = await undoSteps(page);
    await setField(page, `${DURATION} [data-field="low"]`, '50');
    const messages = page.locator(`[data-messages="tasks.Task_Qualify.duration"]`);
    await expect.poll(() => messages.textContent()).toContain('The usual minimum (50 min) cannot be above the typical value (25 min).');
    await setField(page, `${DURATION} [data-field="low"]`, '10');
    await setField(page, `${DURATION} [data-field="high"]`, '-5');
    await expect.poll(() => messages.textContent()).toContain('The high value must be a number of at least 0.');
    expect(await undoSteps(page)).toBe(steps + 1); // only the valid low = 10 (the same value) went through
    expect((await activeScenario(page)).tasks['Task_Qualify']!.duration).toEqual({ type: 'triangular', min: 10, mode: 25, max: 30, unit: 'min' });
    await setField(page, `${DURATION} [data-field="high"]`, '45');
    await expect.poll(() => messages.count()).toBe(0);
    // Advanced: a normal distribution with min > max-like nonsense (negative spread) is refused by the schema.
    await page.locator(`${DURATION} [data-action="toggle-advanced"]`).click();
    await page.locator(`${DURATION} [data-field="type"]`).selectOption('normal');
    await expect.poll(() => page.locator(`${DURATION} [data-preview="normal"]`).count()).toBe(1);
    await setField(page, `${DURATION} [data-field="sd"]`, '-3');
    await expect.poll(() => messages.textContent()).toContain('The standard deviation cannot be negative.');
    expect((await activeScenario(page)).tasks['Task_Qualify']!.duration!.type).toBe('normal');
    await blur(page);
    await page.keyboard.press('Control+Z'); // back to the estimate
    await expect.poll(async () => (await activeScenario(page)).tasks['Task_Qualify']!.duration).toEqual({ type: 'triangular', min: 10, mode: 25, max: 45, unit: 'min' });
    await expect.poll(() => messages.count()).toBe(0); // the refused value's message goes with the undo
    await page.locator(`${DURATION} [data-action="toggle-advanced"]`).click(); // back to the simple estimate
    await page.screenshot({ path: '/tmp/properties-task-light.png' });

    // Save: a download (no File System Access API here).
    await blur(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const saved = Buffer.concat(chunks).toString('utf8');
    expect(saved).toContain('<lf:scenarios');
    const reread = await loadDocument(saved);
    expect(reread.scenarios.find((s) => s.id === reread.activeScenarioId)!.tasks['Task_Qualify']!.duration).toEqual({ type: 'triangular', min: 10, mode: 25, max: 45, unit: 'min' });

    // Reopen the saved file through the file input: the panel shows the saved value.
    await page.setInputFiles('#lf-open-file', { name: 'reopened.bpmn', mimeType: 'application/xml', buffer: Buffer.from(saved) });
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'reopened.bpmn' }).waitFor();
    await waitForCanvas(page);
    await select(page, 'Task_Qualify');
    await expect.poll(() => page.locator(`${DURATION} [data-field="typical"]`).inputValue()).toBe('25');
    await expect(page.locator(`${DURATION} [data-field="high"]`).inputValue()).resolves.toBe('45');

    // A new process has no scenario: the panel shows the defaults, the first edit stores them, undo removes them.
    await blur(page);
    await page.keyboard.press('Alt+N');
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Untitled-1.bpmn' }).waitFor();
    await waitForCanvas(page);
    await select(page, 'StartEvent_1');
    const arrivals = '[data-distribution="arrivals.StartEvent_1.interArrival"]';
    await page.locator(arrivals).waitFor();
    await expect(page.locator('lf-properties-view [data-note="source"]').textContent()).resolves.toContain('default guesses');
    // The default (exponential, mean 30 min) is not an estimate: the advanced editor shows it.
    await expect(page.locator(`${arrivals} [data-field="mean"]`).inputValue()).resolves.toBe('30');
    await setField(page, `${arrivals} [data-field="mean"]`, '12');
    const xml: string = await page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
    const stored = await loadDocument(xml);
    expect(stored.scenarioSource).toBe('leanflow');
    expect(stored.scenarios[0]!.arrivals['StartEvent_1']!.interArrival).toEqual({ type: 'exponential', mean: 12, unit: 'min' });
    await page.screenshot({ path: '/tmp/properties-start-light.png' });
    // "Simple estimate" turns it into an estimate with the same average (triangular 8 / 12 / 16).
    await page.locator(`${arrivals} [data-action="toggle-advanced"]`).click();
    await expect.poll(() => page.locator(`${arrivals} [data-field="typical"]`).inputValue()).toBe('12');
    await blur(page);
    await page.keyboard.press('Control+Z');
    await blur(page);
    await page.keyboard.press('Control+Z');
    await expect
      .poll(() => page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id)))
      .not.toContain('lf:scenarios');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('gateway probabilities, start event, scenario settings, scenarios and resources; light and dark', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Alt+Enter');
    await page.locator('lf-properties-view .lf-props').waitFor();

    await select(page, 'Gateway_Qualified');
    const yes = page.locator('lf-properties-view [data-field="probability"][data-flow="Flow_Yes"]');
    await yes.waitFor();
    await setField(page, '[data-field="probability"][data-flow="Flow_Yes"]', '50');
    await expect.poll(() => page.locator('.lf-prop-sum.bad').count()).toBe(1);
    const sumText = await page.locator('.lf-prop-sum').textContent();
    await page.screenshot({ path: '/tmp/properties-gateway-light.png' });
    await page.locator('[data-action="normalise"]').click();
    await expect.poll(() => page.locator('.lf-prop-sum.ok').count()).toBe(1);
    const probabilities = (await activeScenario(page)).gateways['Gateway_Qualified']!.probabilities;
    expect(Object.values(probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(sumText).toMatch(/Sum: \d+%/);

    await select(page, 'Start_LeadReceived');
    const arrivals = '[data-distribution="arrivals.Start_LeadReceived.interArrival"]';
    await page.locator(arrivals).waitFor();
    await page.locator(`${arrivals} [data-action="toggle-advanced"]`).waitFor();

    // Nothing selected: the scenario settings, first-response target 2 h by default.
    await page.evaluate(() => (window as Any).leanflow.activeEditor.get('selection').select(null));
    await page.locator('lf-properties-view [data-duration="targets.firstResponseSla"]').waitFor();
    await expect(page.locator('[data-duration="targets.firstResponseSla"] [data-field="amount"]').inputValue()).resolves.toBe('2');
    await setField(page, 'lf-properties-view [data-field="replications"]', '0');
    await expect.poll(() => page.locator('[data-messages="replications"]').textContent()).toContain('Run at least one replication.');
    await setField(page, 'lf-properties-view [data-field="replications"]', '10');
    await expect.poll(async () => (await activeScenario(page)).replications).toBe(10);
    await setField(page, 'lf-properties-view [data-field="targets.costPerCase"]', '-5');
    await expect.poll(() => page.locator('[data-messages="targets.costPerCase"]').textContent()).toMatch(/cost target/i);
    await setField(page, 'lf-properties-view [data-field="targets.costPerCase"]', '120');
    await expect.poll(async () => (await activeScenario(page)).targets.costPerCase).toBe(120);

    // Scenarios: new, duplicate, delete with a confirmation, each one undo step.
    const names = () => page.locator('lf-properties-view [data-field="scenario"] option').allTextContents();
    const initial = await names();
    await page.locator('[data-action="new-scenario"]').click();
    await expect.poll(names).toHaveLength(initial.length + 1);
    await page.locator('[data-action="duplicate-scenario"]').click();
    await expect.poll(names).toHaveLength(initial.length + 2);
    expect((await names()).at(-1)).toBe('New scenario (copy)');
    await page.locator('[data-action="delete-scenario"]').click();
    await page.locator('lf-dialog button', { hasText: 'Delete' }).click();
    await expect.poll(names).toHaveLength(initial.length + 1);
    await blur(page);
    await page.keyboard.press('Control+Z');
    await expect.poll(names).toHaveLength(initial.length + 2);
    await setField(page, 'lf-properties-view [data-field="scenario-name"]', '');
    await expect.poll(() => page.locator('[data-messages="scenario-name"]').textContent()).toContain('A scenario needs a name.');
    await setField(page, 'lf-properties-view [data-field="scenario-name"]', 'To be');
    await expect.poll(async () => (await activeScenario(page)).name).toBe('To be');

    // Resources: headcount of the first pool; a pool with no people is kept, and the card says its tasks can never be served.
    await page.locator('lf-properties-view .lf-prop-resources > summary').click();
    const headcount = page.locator('lf-properties-view .lf-prop-card[data-pool] [data-field="headcount"]').first();
    await headcount.waitFor();
    await headcount.fill('0');
    await headcount.press('Tab');
    await expect.poll(async () => (await activeScenario(page)).pools[0]!.headcount).toBe(0);
    await expect.poll(() => page.locator('.lf-prop-card[data-pool] .lf-prop-messages').first().textContent()).toMatch(/has nobody \(headcount 0\): its tasks? '.+' can never be served\. Give it at least one person\./);
    await headcount.fill('4');
    await headcount.press('Tab');
    await expect.poll(async () => (await activeScenario(page)).pools[0]!.headcount).toBe(4);
    await expect(page.locator('.lf-prop-card[data-calendar] [data-field="timeZone"] option').count()).resolves.toBeGreaterThan(100);
    await page.screenshot({ path: '/tmp/properties-resources-light.png' });

    await select(page, 'Task_PrepareQuote');
    await page.locator('[data-distribution="tasks.Task_PrepareQuote.duration"]').waitFor();
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.toggleTheme'));
    await page.waitForTimeout(200);
    await page.screenshot({ path: '/tmp/properties-task-dark.png' });
    await select(page, 'Gateway_Qualified');
    await page.waitForTimeout(200);
    await page.screenshot({ path: '/tmp/properties-gateway-dark.png' });

    // The palette lists the commands; Chinese strings.
    await page.evaluate(() => (window as Any).leanflow.settings.set('workbench.language', 'zh-CN'));
    await select(page, 'Task_PrepareQuote');
    await expect.poll(() => page.locator('lf-properties-view').textContent()).toContain('耗时');
    await page.screenshot({ path: '/tmp/properties-zh.png' });
    const conflicts = await page.evaluate(() => (window as Any).leanflow.keybindings.conflicts().map((c: { key: string }) => c.key));
    expect(conflicts).not.toContain('Alt+Enter');
    expect(errors).toEqual([]);
    await context.close();
  });
});

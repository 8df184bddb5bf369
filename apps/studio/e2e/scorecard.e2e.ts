// The Scorecard view: the overall score equals a Node run of @leanflow/analysis on the same XML; clicking a finding
// selects its elements; an edit re-scores within seconds without reloading; findings in the Problems panel.
import { BUILT_IN_RULES, computeScorecard, findBuiltInProfile, toSimulationSummary, type Scorecard } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { simulateSync } from '@leanflow/sim';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('scorecard in the studio', () => {
  let browser: Browser;
  let expected: number;
  /** The scorecard with a simulation of the sample (the scenario's seed and run sizes, as the studio's Simulate). */
  let simulated: Scorecard;
  beforeAll(async () => {
    browser = await launchBrowser();
    const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
    const scenario = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
    const input = { graph: loaded.graph!, definitions: loaded.definitions!, scenario };
    const card = await computeScorecard(BUILT_IN_RULES, input, findBuiltInProfile('balanced')!);
    expected = card.score!;
    const outcome = simulateSync(loaded.graph!, scenario);
    if (!outcome.ok) throw new Error('the sample should simulate');
    simulated = await computeScorecard(BUILT_IN_RULES, { ...input, simulation: toSimulationSummary(outcome) }, findBuiltInProfile('balanced')!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('scores the sample like Node, selects a finding, re-scores after an edit, fills Problems', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Control+Alt+L');
    const overall = page.locator('lf-scorecard-view .lf-score-ring');
    await overall.waitFor({ timeout: 30_000 });
    const raw = Number(await overall.getAttribute('data-score'));
    const shown = await page.locator('.lf-score-overall').textContent();
    console.log(`overall: Node ${expected.toFixed(4)}, page ${raw.toFixed(4)}, shown "${shown}"`);
    expect(Math.abs(raw - expected)).toBeLessThan(1e-9);
    expect(Number(shown)).toBe(Math.round(expected));
    await expect(page.locator('.lf-score-rule[data-rule="cycle-time"] .lf-score-reason').textContent()).resolves.toContain('Run a simulation');
    await page.screenshot({ path: '/tmp/scorecard-light.png' });

    // Edit: remove the name of a task -> missing-labels finding.
    const before = raw;
    await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      const el = editor.get('elementRegistry').get('Task_Qualify');
      editor.get('modeling').updateLabel(el, '');
    });
    await page.waitForFunction((b) => Number(document.querySelector('lf-scorecard-view .lf-score-ring')?.getAttribute('data-score')) < b, before, { timeout: 10_000 });
    const finding = page.locator('.lf-score-rule[data-rule="missing-labels"] .lf-score-finding-main').first();
    await finding.waitFor();
    await finding.click();
    const selected = await page.evaluate(() => (window as Any).leanflow.activeEditor.get('selection').get().map((e: { id: string }) => e.id));
    expect(selected).toContain('Task_Qualify');
    const marked = await page.locator('.djs-element.lf-score-warning, .djs-element.lf-score-error').count();
    expect(marked).toBeGreaterThan(0);
    const problems = await page.evaluate(() => {
      const w = (window as Any).leanflow;
      return w.problems.get(w.documents.active.id).filter((p: { source: string }) => p.source === 'scorecard').length;
    });
    expect(problems).toBeGreaterThan(0);

    await page.evaluate(() => (window as Any).leanflow.settings.set('workbench.colorTheme', 'dark'));
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/scorecard-dark.png' });
    await context.close();
  }, 120_000);

  it('scores the dynamic rules after "Simulate now", equal to Node on the same simulation', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Control+Alt+L');
    const dynamic = simulated.rules.filter((r) => r.kind === 'dynamic');
    const firstDynamic = page.locator(`.lf-score-rule[data-rule="${dynamic[0]!.ruleId}"]`);
    await firstDynamic.waitFor({ timeout: 30_000 });
    await expect(firstDynamic.getAttribute('data-status')).resolves.toBe('notApplicable');
    const button = page.locator('lf-scorecard-view [data-action="simulate"]');
    await button.waitFor();
    await page.screenshot({ path: '/tmp/scorecard-needs-simulation.png' });
    await button.click();
    // The view stays on the scorecard while the simulation runs, then re-scores with its result.
    await page.waitForFunction(() => document.querySelector('.lf-score-rule[data-rule="cycle-time"]')?.getAttribute('data-status') === 'scored', undefined, { timeout: 90_000 });
    await expect(page.locator('.lf-sidebar-title').textContent()).resolves.toBe('Scorecard');
    for (const rule of dynamic) {
      const row = page.locator(`.lf-score-rule[data-rule="${rule.ruleId}"]`);
      const status = await row.getAttribute('data-status');
      const raw = await row.getAttribute('data-score');
      console.log(`${rule.ruleId}: Node ${rule.status} ${rule.score?.toFixed(4)}, page ${status} ${raw}`);
      expect(status).toBe(rule.status);
      if (rule.score === null) expect(raw).toBe('');
      else expect(Math.abs(Number(raw) - rule.score)).toBeLessThan(1e-9);
    }
    expect(dynamic.filter((r) => r.status === 'scored').length).toBeGreaterThanOrEqual(4);
    const overall = Number(await page.locator('lf-scorecard-view .lf-score-ring').getAttribute('data-score'));
    expect(Math.abs(overall - simulated.score!)).toBeLessThan(1e-9);
    await expect(page.locator('lf-scorecard-view [data-action="simulate"]').count()).resolves.toBe(0);
    await page.screenshot({ path: '/tmp/scorecard-simulated.png' });

    // An edit makes the simulation stale: the dynamic rules wait for a new one again.
    await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      editor.get('modeling').updateLabel(editor.get('elementRegistry').get('Task_Qualify'), 'Qualify the lead again');
    });
    await page.waitForFunction(() => document.querySelector('.lf-score-rule[data-rule="cycle-time"]')?.getAttribute('data-status') === 'notApplicable', undefined, { timeout: 10_000 });
    await context.close();
  }, 180_000);

  it('saves the profile into the model (undoable), uses it over the settings, and shows which one is active', async () => {
    const { page, context } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Control+Alt+L');
    const profileLine = page.locator('lf-scorecard-view .lf-score-profile');
    await profileLine.waitFor({ timeout: 30_000 });
    await expect(profileLine.getAttribute('data-profile-source')).resolves.toBe('settings');
    await page.evaluate(() => (window as Any).leanflow.settings.set('scorecard.profile', 'model-quality'));
    await page.waitForFunction(() => document.querySelector('.lf-score-profile')?.getAttribute('data-profile') === 'model-quality', undefined, { timeout: 10_000 });
    // From the command palette, as a user would.
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.lf-palette input').fill('save scorecard profile');
    await page.locator('.lf-palette-item').first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.lf-score-profile')?.getAttribute('data-profile-source') === 'model', undefined, { timeout: 10_000 });
    const xml: string = await page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
    expect(xml).toMatch(/<lf:scorecardProfile id="model-quality" name="Model quality" format="json">/);
    // The stored profile wins over the settings: back to balanced in settings, still model-quality (8 rules).
    await page.evaluate(() => (window as Any).leanflow.settings.set('scorecard.profile', 'balanced'));
    await page.waitForTimeout(800);
    await expect(profileLine.getAttribute('data-profile')).resolves.toBe('model-quality');
    await expect(page.locator('.lf-score-rule[data-status="scored"]').count()).resolves.toBe(8);
    await expect(profileLine.textContent()).resolves.toMatch(/Model quality\s*\(stored in the model\)/);
    await page.screenshot({ path: '/tmp/scorecard-model-profile.png' });
    // Undo removes it again: the settings' profile (balanced) applies.
    await page.evaluate(() => (window as Any).leanflow.activeEditor.get('commandStack').undo());
    await page.waitForFunction(() => document.querySelector('.lf-score-profile')?.getAttribute('data-profile') === 'balanced', undefined, { timeout: 10_000 });
    await expect(profileLine.getAttribute('data-profile-source')).resolves.toBe('settings');
    const after: string = await page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
    expect(after).not.toContain('scorecardProfile');
    await context.close();
  }, 120_000);
});

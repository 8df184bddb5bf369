// The Scorecard view: its rules run in the plugin host (the built-in lean-scorecard plugin plus the example plugins
// the studio ships), and its numbers equal a Node run of the same plugins through a headless host on the same XML;
// the built-in rules' scores equal @leanflow/analysis directly. Clicking a finding selects its elements; an edit
// re-scores within seconds without reloading; findings in the Problems panel; dynamic rules after a simulation;
// the profile stored in the model.
import { fileURLToPath } from 'node:url';
import { BUILT_IN_RULES, computeScorecard, findBuiltInProfile, toSimulationSummary, type Scorecard } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { createMemoryServices, createNodeTransportFactory, createPluginHost, loadPlugin, scorecardFromPlugins, toPluginSimulationSummary, withScorecardFigures } from '@leanflow/plugin-host';
import { BUILT_IN_PLUGIN_IDS } from '../../cli/src/commands/plugin-runner.ts';
import { simulateSync, type SimulationResult } from '@leanflow/sim';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** The plugins the studio ships that contribute scoring rules (of BUILT_IN_PLUGIN_FOLDERS in builtin-plugins.vite.ts). */
const STUDIO_PLUGINS = ['plugins/lean-scorecard', 'plugins/examples/lean-rules', 'plugins/examples/task-summary'].map((folder) => fileURLToPath(new URL(`../../../${folder}`, import.meta.url)));

/** The scorecard of the sample computed in Node through a headless plugin host with the studio's plugins. */
async function hostScorecard(result?: SimulationResult): Promise<Scorecard> {
  const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
  const graph = loaded.graph!;
  const scenario = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
  const host = createPluginHost({ services: createMemoryServices({ model: { uri: 'lead-to-quote.bpmn', version: 1, graph, scenario } }), createTransport: createNodeTransportFactory() });
  try {
    for (const folder of STUDIO_PLUGINS) {
      const plugin = await loadPlugin(folder);
      if (!plugin.ok) throw new Error(plugin.issues.map((i) => i.message).join('\n'));
      await host.install(plugin.bundle);
    }
    const profile = findBuiltInProfile('balanced')!;
    const summary = result ? toSimulationSummary(result) : undefined;
    const report = await host.runScoring({ graph, scenario, xml: LEAD_TO_QUOTE_SAMPLE, profile, ...(result && summary ? { simulation: withScorecardFigures(toPluginSimulationSummary(result), summary) } : {}) });
    return (await scorecardFromPlugins(report, host.contributions.scoringRules(), { graph, scenario, ...(summary ? { simulation: summary } : {}) }, profile, { builtInPluginId: BUILT_IN_PLUGIN_IDS.leanScorecard })).card;
  } finally {
    await host.dispose();
  }
}

describe('scorecard in the studio', () => {
  let browser: Browser;
  let expected: number;
  /** The built-in rules scored directly with @leanflow/analysis, without and with the simulation. */
  let direct: Scorecard;
  let simulated: Scorecard;
  /** The same through a Node plugin host with the studio's plugins (built-in + example rules). */
  let viaHostSimulated: Scorecard;
  /** Mean cycle time of the Node run of the sample (its scenario's seed), seconds. */
  let nodeCycleTime: number;
  beforeAll(async () => {
    browser = await launchBrowser();
    const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
    const scenario = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
    const input = { graph: loaded.graph!, definitions: loaded.definitions!, scenario };
    direct = await computeScorecard(BUILT_IN_RULES, input, findBuiltInProfile('balanced')!);
    const viaHost = await hostScorecard();
    expected = viaHost.score!;
    const outcome = simulateSync(loaded.graph!, scenario);
    if (!outcome.ok) throw new Error('the sample should simulate');
    nodeCycleTime = outcome.kpis.cycleTime.mean;
    simulated = await computeScorecard(BUILT_IN_RULES, { ...input, simulation: toSimulationSummary(outcome) }, findBuiltInProfile('balanced')!);
    viaHostSimulated = await hostScorecard(outcome);
    // The host's built-in rules are the framework's.
    for (const rule of direct.rules) expect(viaHost.rules.find((r) => r.ruleId === rule.ruleId)?.score, rule.ruleId).toBe(rule.score);
  }, 120_000);
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
    // Every built-in rule equals the framework run directly; the example plugins' rules are listed too.
    for (const rule of direct.rules) {
      const row = page.locator(`.lf-score-rule[data-rule="${rule.ruleId}"]`);
      await expect(row.getAttribute('data-status'), rule.ruleId).resolves.toBe(rule.status);
      if (rule.score !== null) expect(Math.abs(Number(await row.getAttribute('data-score')) - rule.score), rule.ruleId).toBeLessThan(1e-9);
    }
    const pluginRule = page.locator('.lf-score-rule[data-rule="examples.unnamedTasks"]');
    await expect(pluginRule.getAttribute('data-status')).resolves.toBe('scored');
    await expect(pluginRule.locator('.lf-score-rule-source').textContent()).resolves.toBe('From the plugin “Lean rules (example)”');
    await expect(page.locator('.lf-score-rule[data-rule="manual-steps"] .lf-score-rule-source').count()).resolves.toBe(0);
    await pluginRule.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/scorecard-plugin-rule.png' });
    await page.locator('lf-scorecard-view .lf-score-ring').scrollIntoViewIfNeeded();
    await expect(page.locator('.lf-score-rule[data-rule="cycle-time"] .lf-score-reason').textContent()).resolves.toContain('Run a simulation');
    await page.screenshot({ path: '/tmp/scorecard-light.png' });

    // Edit: remove the name of a task -> missing-labels finding.
    const before = raw;
    await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      const el = editor.get('elementRegistry').get('Task_Qualify');
      editor.get('modeling').updateLabel(el, '');
    });
    const editedAt = Date.now();
    await page.waitForFunction((b) => Number(document.querySelector('lf-scorecard-view .lf-score-ring')?.getAttribute('data-score')) < b, before, { timeout: 10_000 });
    console.log(`re-scored ${Date.now() - editedAt} ms after the edit (debounce ${300} ms included)`);
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

    // The built-in plugin's settings (the one family of thresholds) reach its rules: 2 manual steps allowed instead of 8.
    const manual = page.locator('.lf-score-rule[data-rule="manual-steps"]');
    const manualBefore = Number(await manual.getAttribute('data-score'));
    const started = Date.now();
    await page.evaluate(() => (window as Any).leanflow.settings.set('leanScorecard.manualSteps.target', 2));
    await page.waitForFunction((b) => Number(document.querySelector('.lf-score-rule[data-rule="manual-steps"]')?.getAttribute('data-score')) < b, manualBefore, { timeout: 10_000 });
    console.log(`manual steps ${manualBefore} -> ${await manual.getAttribute('data-score')} after the plugin setting changed (${Date.now() - started} ms)`);
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
    expect(Math.abs(overall - viaHostSimulated.score!)).toBeLessThan(1e-9);
    await expect(page.locator('lf-scorecard-view [data-action="simulate"]').count()).resolves.toBe(0);
    await page.screenshot({ path: '/tmp/scorecard-simulated.png' });

    // The Simulation view (a plugin) shows the run the Scorecard started, with the heat-map.
    await page.locator('.lf-activity[data-view="simulation"]').click();
    const card = page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cycleTime"]');
    await card.waitFor({ timeout: 10_000 });
    const shownCycle = Number(await card.getAttribute('data-value'));
    console.log(`Simulation view after "Simulate now": cycle time ${shownCycle.toFixed(3)} s, Node ${nodeCycleTime.toFixed(3)} s`);
    expect(Math.abs(shownCycle - nodeCycleTime)).toBeLessThan(1e-6);
    await expect.poll(() => page.locator('lf-bpmn-editor:not([hidden]) .lf-heat-badge').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/scorecard-simulation-view.png' });
    await page.locator('.lf-activity[data-view="scorecard"]').click();

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

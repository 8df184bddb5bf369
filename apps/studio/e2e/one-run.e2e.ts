// One run, one set of figures: open the sample, simulate, and read every figure shown for that run — the Simulation
// view, the Scorecard, the status bar, the Suggestions' "before" and Compare's baseline (run with its default
// settings: the scenario's). They are equal, and each view says which run it comes from. Before any simulation the
// status bar and the Scorecard say the score is static. The CLI's `score` gives the same overall score.
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/src/cli.ts';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('lf-command-palette input').fill(title);
  await page.locator('.lf-palette-item').first().waitFor();
  await page.keyboard.press('Enter');
}

const statusItem = (page: Page) => page.locator('[data-item="scorecard.score"]');

describe('one run, one set of figures', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the same figures for the same run in every view, and says which run', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const documentId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);
    const xml: string = await page.evaluate(() => (window as Any).leanflow.activeEditor.getXml());

    // Before any simulation: the status bar and the Scorecard say the score is static.
    await page.keyboard.press('Control+Alt+L');
    await page.locator('lf-scorecard-view .lf-score-note[data-static]').waitFor({ timeout: 30_000 });
    await expect.poll(() => statusItem(page).textContent(), { timeout: 30_000 }).toMatch(/^\s*Score \d+ \(static\)\s*$/);
    expect(await statusItem(page).getAttribute('title')).toContain('Static score, before any simulation');
    await page.screenshot({ path: '/tmp/one-run-static.png' });

    // Simulate (the scenario's own run).
    await runCommand(page, 'simulate');
    const cycleCard = page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cycleTime"]');
    await cycleCard.waitFor({ timeout: 90_000 });
    const simulation = {
      cycleTime: Number(await cycleCard.getAttribute('data-value')),
      cost: Number(await page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cost"]').getAttribute('data-value')),
    };
    const run: { cases: number; replications: number; seed: number } = await page.evaluate(
      (id) => {
        const r = (window as Any).leanflow.simulation.state(id).report.result;
        return { cases: r.cases, replications: r.replications, seed: r.seed };
      },
      documentId,
    );
    // Cases may be written with a thousands separator ("1,000").
    const cases = String(run.cases).replace(/\B(?=(\d{3})+(?!\d))/g, ',?');
    const summary = await page.locator('[data-view-id="simulation"]').textContent();
    expect(summary).toMatch(new RegExp(`${cases} cases × ${run.replications} replications · seed ${run.seed}`));

    // Scorecard and status bar: the simulated score, with the run named.
    await page.keyboard.press('Control+Alt+L');
    const runNote = page.locator('lf-scorecard-view .lf-score-note[data-run]');
    await runNote.waitFor({ timeout: 60_000 });
    const runText = new RegExp(`${cases} cases × ${run.replications} replications, seed ${run.seed}`);
    expect(await runNote.textContent()).toMatch(runText);
    const score = Number(await page.locator('lf-scorecard-view .lf-score-ring').getAttribute('data-score'));
    await expect.poll(() => statusItem(page).textContent()).toMatch(new RegExp(`^\\s*Score ${Math.round(score)}\\s*$`));
    expect(await statusItem(page).getAttribute('title')).toMatch(runText);
    await page.screenshot({ path: '/tmp/one-run-scorecard.png' });
    console.log(`run ${JSON.stringify(run)}: cycle time ${simulation.cycleTime} s, cost ${simulation.cost}, score ${score}`);

    // Suggestions: every prediction's "before" is this run.
    await page.keyboard.press('Control+Alt+I');
    // (The list may be there already, computed without predictions while the view was closed.)
    await page.locator('lf-suggestions-view .lf-sugg-meta[data-run]').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => document.querySelector('lf-suggestions-view .lf-suggestions')?.getAttribute('data-status') === 'done', undefined, { timeout: 120_000 });
    expect(await page.locator('lf-suggestions-view .lf-sugg-meta[data-run]').getAttribute('data-run')).toBe(`${run.cases}|${run.replications}|${run.seed}`);
    const befores = await page.$$eval('lf-suggestions-view .lf-sugg-card tr[data-kpi]', (rows) =>
      rows.map((r) => ({ kpi: (r as HTMLElement).dataset['kpi']!, before: Number((r as HTMLElement).dataset['before']) })),
    );
    expect(befores.length).toBeGreaterThan(4);
    for (const row of befores) {
      const expected = row.kpi === 'cycleTime' ? simulation.cycleTime : row.kpi === 'costPerCase' ? simulation.cost : row.kpi === 'score' ? score : undefined;
      if (expected === undefined) continue;
      expect(Math.abs(row.before - expected), row.kpi).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
    }
    expect(befores.filter((r) => r.kpi === 'score').length).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/one-run-suggestions.png' });

    // Compare with its default settings (the scenario's): the baseline's figures are this run's.
    await runCommand(page, 'Duplicate as Variant');
    await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 2);
    await waitForCanvas(page);
    await page.keyboard.press('Control+Alt+V');
    const view = page.locator('lf-variants-compare');
    await view.waitFor();
    await view.locator('button[data-action=compare]').click();
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=done]', { timeout: 120_000 });
    const baselineName = await view.locator('.lf-variants-scorecard').first().getAttribute('data-variant');
    const baselineScore = Number(await view.locator('.lf-variants-score').first().getAttribute('data-score'));
    const baselineCycle = Number(await view.locator(`tr[data-kpi=cycleTime] td[data-variant="${baselineName}"]`).getAttribute('data-mean'));
    const baselineCost = Number(await view.locator(`tr[data-kpi=costPerCase] td[data-variant="${baselineName}"]`).getAttribute('data-mean'));
    console.log(`compare baseline: score ${baselineScore}, cycle time ${baselineCycle}, cost ${baselineCost}`);
    expect(Math.abs(baselineScore - score)).toBeLessThanOrEqual(1e-9 * score);
    expect(Math.abs(baselineCycle - simulation.cycleTime)).toBeLessThanOrEqual(1e-9 * simulation.cycleTime);
    expect(Math.abs(baselineCost - simulation.cost)).toBeLessThanOrEqual(1e-9 * simulation.cost);
    expect(await view.textContent()).toMatch(new RegExp(`${cases} × ${run.replications} replications · seed ${run.seed}`));

    // The CLI scores the same file with the same run: the same overall score (the studio also runs the bundled
    // example plugins' rules, which the CLI runs with --plugin).
    const dir = mkdtempSync(join(tmpdir(), 'leanflow-one-run-'));
    writeFileSync(join(dir, 'sample.bpmn'), xml);
    let stdout = '';
    const examples = ['lean-rules', 'task-summary'].map((p) => new URL(`../../../plugins/examples/${p}`, import.meta.url).pathname);
    const code = await runCli(['score', 'sample.bpmn', '--format', 'json', ...examples.flatMap((p) => ['--plugin', p])], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: dir });
    expect(code).toBe(0);
    const cli = JSON.parse(stdout) as { score: number; simulation: { cases: number; replications: number; seed: number } };
    expect(cli.simulation).toEqual(run);
    console.log(`CLI score ${cli.score}, studio ${score}`);
    expect(Math.abs(cli.score - score)).toBeLessThan(0.006); // the CLI rounds to 2 decimals
    expect(errors).toEqual([]);
    await context.close();
  }, 400_000);
});

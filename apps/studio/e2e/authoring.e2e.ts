// Writing a plugin inside the studio: "New Plugin" from the palette loads Monaco only then, IntelliSense from the
// plugin-api .d.ts, a type error as a marker and in Problems, Run scores the open sample with the new rule (the
// number checked against the sample's task count), a thrown error shown with the plugin's message, Save installs
// it (listed in Extensions), Export downloads an installable .zip. Screenshots in light and dark.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// Monaco's editor inside page.evaluate is untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const MONACO_CHUNK = /monaco-setup|editor\.api|ts\.worker|editor\.worker|tsMode|register-[\w-]+\.js/;
const TASK_KINDS = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask']);

async function runFromPalette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.lf-palette input').fill(command);
  await page.locator('.lf-palette-item').first().waitFor();
  await page.keyboard.press('Enter');
}

/** Puts the cursor at the end of the first line containing `text` (through Monaco's own API, as a click would). */
async function cursorAfter(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const editor = (document.querySelector('lf-authoring-editor') as Any).editor;
    const model = editor.getModel();
    const line = model.getLinesContent().findIndex((l: string) => l.includes(needle)) + 1;
    editor.setPosition({ lineNumber: line, column: model.getLineMaxColumn(line) });
    editor.focus();
  }, text);
}

async function setCode(page: Page, transform: (code: string) => string): Promise<void> {
  const code = await page.evaluate(() => (document.querySelector('lf-authoring-editor') as Any).codeModel.getValue() as string);
  await page.evaluate((next) => (document.querySelector('lf-authoring-editor') as Any).codeModel.setValue(next), transform(code));
}

describe('authoring plugins in the studio', () => {
  let browser: Browser;
  let expectedScore: number;
  let taskCount: number;
  beforeAll(async () => {
    browser = await launchBrowser();
    const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
    taskCount = loaded.graph!.nodes.filter((n) => TASK_KINDS.has(n.kind)).length;
    expectedScore = Math.max(0, 100 - 10 * Math.max(0, taskCount - 8));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('New Plugin loads Monaco on demand; IntelliSense, markers, Run, errors, Save, Export', async () => {
    const { page, errors } = await openStudio(browser);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await waitForCanvas(page);
    // Nothing of Monaco before the command.
    expect(requested.filter((url) => MONACO_CHUNK.test(url))).toEqual([]);
    const conflicts = await page.evaluate(() => (window as Any).leanflow.keybindings.conflicts().map((c: { chord: string }) => c.chord));
    expect(conflicts.filter((chord: string) => /F5|Enter/.test(chord))).toEqual([]);

    await runFromPalette(page, 'New Plugin');
    await page.locator('lf-authoring-editor .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    expect(requested.some((url) => /monaco-setup/.test(url))).toBe(true);
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('Step count 1');

    // Keys the diagram uses (Shift+1 fits the view, Delete removes the selection) type into the code instead.
    await cursorAfter(page, 'const TARGET_STEPS = 8;');
    await page.keyboard.type(' // lean! x');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Delete');
    expect(await page.evaluate(() => (document.querySelector('lf-authoring-editor') as Any).codeModel.getValue())).toContain('const TARGET_STEPS = 8; // lean!\n');
    // IntelliSense: `context.` lists the API's namespaces (from the generated .d.ts).
    await cursorAfter(page, 'context.subscriptions.push(');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('context.');
    const scoringItem = page.locator('.suggest-widget .monaco-list-row', { hasText: 'scoring' }).first();
    await scoringItem.waitFor({ timeout: 30_000 });
    await expect(page.locator('.suggest-widget .monaco-list-row', { hasText: 'commands' }).count()).resolves.toBeGreaterThan(0);
    await page.keyboard.press('Escape');

    // Break it: a number where the rule id (a string) goes, and no provider.
    await page.keyboard.type('scoring.registerRule(42);');
    await page.locator('lf-authoring-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.showProblems'));
    const problem = page.locator('.lf-problem', { hasText: 'index.ts (' }).first();
    await problem.waitFor();
    expect(await problem.locator('.lf-problem-source').textContent()).toContain('authoring');
    // Run refuses and says why.
    await page.locator('lf-authoring-editor [data-action=run]').click();
    await page.locator('.lf-authoring-output-title', { hasText: 'error' }).waitFor();
    const shownErrors = await page.locator('.lf-authoring-lines .lf-authoring-line.error').allTextContents();
    expect(shownErrors.join('\n')).toMatch(/index\.ts:\d+ .*(number|argument)/i);

    // Fix it (delete the line) and run with F5 from the editor.
    await cursorAfter(page, 'registerRule(42)');
    await page.keyboard.press('Home');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Backspace');
    await page.locator('.lf-problem', { hasText: 'index.ts (' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.evaluate(() => (document.querySelector('lf-authoring-editor') as Any).codeModel.getValue())).not.toContain('registerRule(42)');
    await page.keyboard.press('F5');
    const score = page.locator('.lf-authoring-rule[data-rule="local.stepCount1"] .lf-authoring-score');
    await score.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: '/tmp/authoring-failure.png' });
      console.log('output:', await page.locator('.lf-authoring-output').textContent());
      throw error;
    });
    console.log(`sample: ${taskCount} tasks, expected score ${expectedScore}, shown ${await score.textContent()}`);
    expect(Number(await score.getAttribute('data-score'))).toBe(expectedScore);
    await expect(page.locator('.lf-authoring-summary').textContent()).resolves.toBe(`${taskCount} steps (target: 8 or fewer)`);
    // The studio did not simulate on F5 (the authoring tab's binding won).
    await expect(page.locator('[data-view-id="simulation"] .lf-sim-card').count()).resolves.toBe(0);
    // Problems are empty again.
    await expect(page.locator('.lf-problem', { hasText: 'index.ts (' }).count()).resolves.toBe(0);

    await page.screenshot({ path: '/tmp/authoring-light.png' });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.toggleTheme'));
    await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'dark');
    await page.locator('lf-authoring-editor .monaco-editor.vs-dark').waitFor();
    await page.screenshot({ path: '/tmp/authoring-dark.png' });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.toggleTheme'));

    // A rule that throws: the plugin's own message, the studio keeps running; re-running replaces the instance.
    await setCode(page, (code) => code.replace('const tasks =', "if (graph.nodes.length > 0) throw new Error('no lanes configured');\n  const tasks ="));
    await page.locator('lf-authoring-editor [data-action=run]').click();
    await page.locator('.lf-authoring-rule.failed', { hasText: 'no lanes configured' }).waitFor({ timeout: 30_000 });
    // The error names the editor's line (the compiled code's source map), and a click goes there.
    const throwLine = await page.evaluate(() => (document.querySelector('lf-authoring-editor') as Any).codeModel.getLinesContent().findIndex((l: string) => l.includes('no lanes configured')) + 1);
    const failedLine = page.locator('.lf-authoring-rule.failed .lf-authoring-line.error');
    await expect(failedLine.getAttribute('data-location')).resolves.toMatch(new RegExp(`^index\\.ts:${throwLine}:\\d+$`));
    await failedLine.click();
    await expect(page.evaluate(() => (document.querySelector('lf-authoring-editor') as Any).editor.getPosition().lineNumber)).resolves.toBe(throwLine);
    await page.screenshot({ path: '/tmp/authoring-error.png' });
    await setCode(page, (code) => code.replace("if (graph.nodes.length > 0) throw new Error('no lanes configured');\n  ", ''));
    await page.locator('lf-authoring-editor [data-action=run]').click();
    await page.locator('.lf-authoring-rule[data-rule="local.stepCount1"]:not(.failed) .lf-authoring-score').waitFor({ timeout: 30_000 });
    // A stricter target: 100 - 10 per step above it, the findings point at the tasks (click selects them).
    // No click on Run: once run, the editor runs the plugin again when typing pauses.
    await setCode(page, (code) => code.replace('const TARGET_STEPS = 8;', 'const TARGET_STEPS = 5;'));
    const strict = Math.max(0, 100 - 10 * Math.max(0, taskCount - 5));
    await page.locator(`.lf-authoring-score[data-score="${strict}"]`).waitFor({ timeout: 30_000 });
    const finding = page.locator('.lf-authoring-findings .lf-authoring-line.warning').first();
    await expect(finding.locator('span').first().textContent()).resolves.toBe(`${taskCount - 5} step(s) more than the target of 5`);
    await page.screenshot({ path: '/tmp/authoring-findings.png' });
    await finding.locator('button.lf-link').click();
    // The diagram comes back with the first named task selected; the authoring tab stays open.
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('lead-to-quote.bpmn');
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-element.selected').first().waitFor();
    await page.locator('.lf-tab[data-tab="authoring:1"]').click();
    await page.locator('lf-authoring-editor .monaco-editor').waitFor();
    const devInstances = await page.evaluate(() => (window as Any).leanflow.plugins.list().filter((p: { id: string }) => p.id === 'local.step-count-1').map((p: { development: boolean }) => p.development));
    expect(devInstances).toEqual([true]);

    // Save installs it for good; the Extensions view lists it.
    await page.locator('lf-authoring-editor [data-action=save]').click();
    await page.locator('.lf-authoring-line.info', { hasText: 'is installed' }).waitFor();
    const saved = await page.evaluate(() => (window as Any).leanflow.plugins.list().filter((p: { id: string }) => p.id === 'local.step-count-1').map((p: { development: boolean; state: string }) => ({ development: p.development, state: p.state })));
    expect(saved).toHaveLength(1);
    expect(saved[0].development).toBe(false);
    await page.evaluate(() => (window as Any).leanflow.commands.execute('extensions.show'));
    await page.locator('.lf-extension[data-plugin-id="local.step-count-1"] .lf-extension-name', { hasText: 'Step count 1' }).waitFor();

    // Export: an installable .zip with the manifest and the compiled bundle.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('lf-authoring-editor [data-action=export]').click()]);
    expect(download.suggestedFilename()).toBe('local.step-count-1-0.1.0.zip');
    const zipPath = (await download.path())!;
    const entries = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    expect(entries).toEqual(['leanflow-plugin.json', 'plugin.js']);
    const bundle = execFileSync('unzip', ['-p', zipPath, 'plugin.js'], { encoding: 'utf8' });
    expect(bundle).toContain("registerRule('local.stepCount1'");
    expect(bundle).not.toMatch(/^import /m);
    // The package installs through the Extensions path (after removing the saved copy).
    const base64 = (await readFile(zipPath)).toString('base64');
    const reinstalled = await page.evaluate(async (data) => {
      const w = (window as Any).leanflow;
      await w.plugins.uninstall('local.step-count-1');
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const [result] = await w.plugins.installFromFiles([new File([bytes], 'local.step-count-1-0.1.0.zip')]);
      return result.ok ? { ok: true, id: result.plugin.id, development: result.plugin.development } : { ok: false, issues: result.issues };
    }, base64);
    expect(reinstalled).toEqual({ ok: true, id: 'local.step-count-1', development: false });

    // A reload keeps the plugin being written: its tab comes back in the background and Monaco loads only when shown.
    await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    requested.length = 0;
    await page.reload();
    await waitForCanvas(page);
    await page.locator('.lf-tab[data-tab="authoring:1"]', { hasText: 'Step count 1' }).waitFor();
    expect(requested.filter((url) => MONACO_CHUNK.test(url))).toEqual([]);
    await page.locator('.lf-tab[data-tab="authoring:1"]').click();
    await page.locator('lf-authoring-editor .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (document.querySelector('lf-authoring-editor') as Any).codeModel.getValue())).toContain('const TARGET_STEPS = 5;');
    // Closing the tab (nothing unsaved) removes the draft.
    await page.locator('.lf-tab[data-tab="authoring:1"] .lf-tab-close').click();
    await page.locator('.lf-tab[data-tab="authoring:1"]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => localStorage.getItem('leanflow.authoring.drafts'))).toBeNull();
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });

  it('speaks Chinese: toolbar, results and the manifest check', async () => {
    const { page } = await openStudio(browser, { locale: 'zh-CN' });
    await waitForCanvas(page);
    await page.evaluate(() => (window as Any).leanflow.commands.execute('authoring.newPlugin'));
    await page.locator('lf-authoring-editor .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    await expect(page.locator('lf-authoring-editor [data-action=run]').textContent()).resolves.toContain('运行');
    // A manifest mistake is named by its field, and Run refuses with the count.
    await page.locator('lf-authoring-editor [data-file=manifest]').click();
    await page.evaluate(() => {
      const model = (document.querySelector('lf-authoring-editor') as Any).manifestModel;
      model.setValue(model.getValue().replace('"version": "0.1.0"', '"version": "one"'));
    });
    await page.locator('lf-authoring-editor [data-action=run]').click();
    await page.locator('.lf-authoring-output-title', { hasText: '清单中有 1 个问题' }).waitFor();
    await expect(page.locator('.lf-authoring-line.error').first().textContent()).resolves.toMatch(/^version:/);
    await page.locator('lf-authoring-editor .squiggly-error').first().waitFor();
    await page.screenshot({ path: '/tmp/authoring-zh.png' });
  });
});

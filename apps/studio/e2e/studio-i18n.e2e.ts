// Language and theme: switching to Simplified Chinese in the settings view changes the workbench and bpmn-js's
// own strings, and survives a reload; the theme follows the OS unless the setting overrides it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('studio language and theme', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('switches to Chinese in the settings view, including bpmn-js palette and context pad', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const createTask = page.locator('.djs-palette .entry[data-action="create.task"]');
    await expect(createTask.getAttribute('aria-label')).resolves.toBe('Create task');
    // An edit before the switch: its undo must survive the language change (no re-import).
    const taskName = () =>
      page.evaluate(() => {
        const registry = (window as unknown as { leanflow: { activeEditor: { modeler: { get(n: string): { get(id: string): { businessObject: { name: string } } } } } } }).leanflow.activeEditor.modeler.get('elementRegistry');
        return registry.get('Task_Qualify').businessObject.name;
      });
    await page.evaluate(() => {
      const modeler = (window as unknown as { leanflow: { activeEditor: { modeler: { get(n: string): Any } } } }).leanflow.activeEditor.modeler;
      modeler.get('modeling').updateLabel(modeler.get('elementRegistry').get('Task_Qualify'), 'Qualify lead (renamed)');
    });
    expect(await taskName()).toBe('Qualify lead (renamed)');

    await page.locator('.lf-activity[data-view="settings"]').click();
    await expect(page.locator('.lf-sidebar-title').textContent()).resolves.toBe('Settings');
    // The settings view is searchable.
    await page.locator('.lf-settings .lf-search').fill('language of the studio');
    await expect(page.locator('.lf-setting').count()).resolves.toBe(1);
    await page.selectOption('select[id="setting-workbench.language"]', 'zh-CN');

    await expect(page.locator('.lf-sidebar-title').textContent()).resolves.toBe('设置');
    // The scorecard's findings on the sample are problems too: the count, in Chinese.
    await expect(page.locator('[data-item="problems"]').textContent()).resolves.toMatch(/^(无问题|\d+ 个问题)$/);
    await expect(page.locator('[data-item="language"]').textContent()).resolves.toBe('简体中文');
    await expect(page.locator('.lf-activity[data-view="explorer"]').getAttribute('title')).resolves.toBe('资源管理器');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    // A refused value is explained in the user's language and the old value stays.
    await page.locator('.lf-settings .lf-search').fill('');
    await page.locator('input[id="setting-files.autosaveDelay"]').fill('50');
    await page.locator('input[id="setting-files.autosaveDelay"]').press('Tab');
    await expect(page.locator('[data-setting="files.autosaveDelay"] .lf-setting-error').textContent()).resolves.toBe('该值未被接受：请输入 100 到 10000 之间的值。');
    // bpmn-js strings come from bpmn-js-i18n.
    await createTask.waitFor();
    await expect(createTask.getAttribute('aria-label')).resolves.toBe('创建任务');
    await page.locator('.djs-shape[data-element-id="Task_Qualify"]').click();
    await expect(page.locator('.djs-context-pad .entry[data-action="append.append-task"]').getAttribute('title')).resolves.toBe('添加任务');
    // Command palette titles are translated too.
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.lf-palette input').fill('缩放');
    await expect(page.locator('.lf-palette-item .lf-palette-label').allTextContents()).resolves.toContain('视图: 缩放以适应窗口');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: '/tmp/leanflow-zh.png' });
    // The edit made in English is still undoable after the switch.
    await page.evaluate(() => (window as unknown as { leanflow: { commands: { execute(id: string): Promise<unknown> } } }).leanflow.commands.execute('edit.undo'));
    expect(await taskName()).toBe('Qualify lead');

    await page.reload();
    await waitForCanvas(page);
    await expect(page.locator('[data-item="language"]').textContent()).resolves.toBe('简体中文');
    await expect(createTask.getAttribute('aria-label')).resolves.toBe('创建任务');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('follows a dark OS theme, and the setting overrides it', async () => {
    const { page, context } = await openStudio(browser, { colorScheme: 'dark' });
    await waitForCanvas(page);
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect(background()).resolves.toBe('rgb(30, 30, 30)');
    await page.screenshot({ path: '/tmp/leanflow-dark.png' });
    await page.locator('.lf-activity[data-view="settings"]').click();
    await page.selectOption('select[id="setting-workbench.colorTheme"]', 'light');
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('light');
    await expect(background()).resolves.toBe('rgb(255, 255, 255)');
    await context.close();
  });
});

// Keybinding hijack: a plugin contributing ctrl+s does not replace Save (its keybinding is refused and the plugin
// says so in the Extensions view; its other keybindings work). The keyboard-shortcuts editor lists every command,
// searches, records a new key (a core one on purpose too), shows conflicts, persists and resets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { RESERVED_KEYBINDINGS } from '@leanflow/plugin-api';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

const NO_PICKER = "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });";

type Studio = {
  leanflow: {
    commands: { onDidExecute(listener: (e: { id: string }) => void): unknown };
    keybindings: { resolve(chord: string): { command: string } | undefined };
    plugins: { installFromSource(s: unknown): Promise<{ ok: boolean }> };
  };
  executed: string[];
};

async function recordCommands(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Studio;
    w.executed = [];
    w.leanflow.commands.onDidExecute((e) => w.executed.push(e.id));
  });
}

const executed = (page: Page) => page.evaluate(() => (window as unknown as Studio).executed);

async function focusCanvas(page: Page): Promise<void> {
  await page.locator('lf-bpmn-editor:not([hidden]) .djs-container').click({ position: { x: 700, y: 20 } });
}

describe('keybindings', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the core chords for the studio: a plugin’s ctrl+s is refused and shown on the plugin, Save still saves', async () => {
    const { page, context, errors } = await openStudio(browser, { initScript: NO_PICKER });
    await waitForCanvas(page);
    // Every reserved chord runs the studio's command (one list for the manifest check and the studio).
    const resolved = await page.evaluate(
      (keys) => keys.map((key) => (window as unknown as Studio).leanflow.keybindings.resolve(key)?.command ?? null),
      RESERVED_KEYBINDINGS.filter((r) => r.command).map((r) => r.key),
    );
    expect(resolved).toEqual(RESERVED_KEYBINDINGS.filter((r) => r.command).map((r) => r.command));

    const installed = await page.evaluate(async () => {
      const manifest = {
        id: 'acme.hijack', name: 'Hijack', version: '1.0.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'plugin.js',
        contributes: {
          commands: [{ command: 'acme.quickSave', title: 'Quick save' }, { command: 'acme.other', title: 'Other thing' }],
          keybindings: [{ command: 'acme.quickSave', key: 'ctrl+s' }, { command: 'acme.other', key: 'ctrl+alt+o' }],
        },
      };
      const code = `export function activate(context) {
        context.subscriptions.push(context.commands.registerCommand('acme.quickSave', () => 'hijacked'));
        context.subscriptions.push(context.commands.registerCommand('acme.other', () => 'other'));
      }`;
      return (await (window as unknown as Studio).leanflow.plugins.installFromSource({ manifest, code })).ok;
    });
    expect(installed).toBe(true);
    await recordCommands(page);
    await focusCanvas(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
    expect(download.suggestedFilename()).toBe('lead-to-quote.bpmn');
    await page.keyboard.press('Control+Alt+O');
    await expect.poll(() => executed(page)).toEqual(['file.save', 'acme.other']);

    await page.locator('.lf-activity[data-view="extensions"]').click();
    const refused = page.locator('lf-extensions-view .lf-extension[data-plugin-id="acme.hijack"] [data-refused-keybinding="ctrl+s"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      "Keybinding ctrl+s was refused: it is the studio's Save (Ctrl+S), which plugins cannot take. The plugin's other contributions work; you can bind its command yourself in Keyboard Shortcuts.",
    );
    await refused.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/leanflow-keybinding-refused.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('rebinds in the keyboard-shortcuts editor: search, record (a core chord on purpose), conflicts, persisted, reset', async () => {
    const { page, context, errors } = await openStudio(browser, { initScript: NO_PICKER });
    await waitForCanvas(page);
    // From the command palette.
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.lf-palette input').fill('keyboard shortcuts');
    await expect(page.locator('.lf-palette-item').first().locator('.lf-palette-label').textContent()).resolves.toBe('Preferences: Keyboard Shortcuts');
    await page.keyboard.press('Enter');
    const editor = page.locator('lf-keyboard-shortcuts');
    await editor.waitFor();
    const allRows = await editor.locator('tbody tr').count();
    expect(allRows).toBeGreaterThan(30);
    await expect(editor.locator('tr[data-command="file.save"] .lf-shortcut-keys kbd').allTextContents()).resolves.toEqual(['Ctrl+S']);

    // Search by title, then by key.
    await editor.locator('.lf-search').fill('toggle theme');
    await expect(editor.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-command')))).resolves.toEqual(['workbench.toggleTheme']);
    await editor.locator('.lf-search').fill('ctrl+shift+p');
    await expect(editor.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-command')))).resolves.toEqual(['workbench.showCommands']);

    // Record Ctrl+S for Toggle Theme: the conflict with Save is shown before and after.
    await editor.locator('.lf-search').fill('toggle theme');
    await editor.locator('tr[data-command="workbench.toggleTheme"] [data-action="record"]').click();
    await page.keyboard.press('Control+S');
    // Save, and the plugin editor's own Ctrl+S (only while that editor has focus).
    await expect(editor.locator('.lf-shortcut-recorder .lf-shortcut-conflict').textContent()).resolves.toMatch(/^Already bound to: File: Save(, .*)?\. Enter binds it here anyway \(yours wins\)\.$/);
    await page.keyboard.press('Enter');
    await editor.locator('.lf-search').fill('');
    const theme = editor.locator('tr[data-command="workbench.toggleTheme"]');
    await expect(theme.locator('.lf-shortcut-keys kbd').allTextContents()).resolves.toEqual(['Ctrl+S']);
    await expect(theme.locator('.lf-shortcut-source').textContent()).resolves.toBe('User');
    await expect(theme.locator('.lf-shortcut-conflict').count()).resolves.toBe(1);
    await expect(editor.locator('tr[data-command="file.save"] .lf-shortcut-conflict').count()).resolves.toBe(1);
    await page.screenshot({ path: '/tmp/leanflow-keyboard-shortcuts.png' });

    // The user's binding wins, and survives a reload.
    const themeNow = () => page.evaluate(() => document.documentElement.dataset['theme']);
    await page.locator('.lf-tab', { hasText: 'lead-to-quote.bpmn' }).click();
    await focusCanvas(page);
    const before = await themeNow();
    await page.keyboard.press('Control+S');
    await expect.poll(themeNow).not.toBe(before);
    await page.reload();
    await waitForCanvas(page);
    await focusCanvas(page);
    const reloaded = await themeNow();
    await page.keyboard.press('Control+S');
    await expect.poll(themeNow).not.toBe(reloaded);

    // Reset gives Save its chord back.
    await page.keyboard.press('Control+Alt+K');
    await page.locator('lf-keyboard-shortcuts tr[data-command="workbench.toggleTheme"] [data-action="reset"]').click();
    await expect(page.locator('lf-keyboard-shortcuts tr[data-command="workbench.toggleTheme"] .lf-shortcut-source').textContent()).resolves.toBe('Default');
    await expect(page.locator('lf-keyboard-shortcuts .lf-shortcut-conflict').count()).resolves.toBe(0);
    await page.locator('.lf-tab', { hasText: 'lead-to-quote.bpmn' }).click();
    await focusCanvas(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
    expect(download.suggestedFilename()).toBe('lead-to-quote.bpmn');
    expect(await page.evaluate(() => localStorage.getItem('leanflow.keybindings'))).toBe('{}');
    expect(errors).toEqual([]);
    await context.close();
  });
});

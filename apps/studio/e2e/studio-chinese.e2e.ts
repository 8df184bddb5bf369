// Chinese, completely: the studio in Simplified Chinese opens every side-bar view, runs a simulation, shows the
// Scorecard, Suggestions, Problems, Output, Settings, Extensions and the plugins' views, compares two variants and
// opens a new process (the default scenario Leanflow makes up), and fails on any visible English word that is not the
// user's data (names and ids from the BPMN files, file names), a unit or an abbreviation on the allow-list.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fixturesDir, launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Latin words a Chinese studio may show: units, standards, abbreviations, product and library names, keys. */
const ALLOWED = new Set([
  'EUR', 'USD', 'CNY', 'SLA', 'VIP', 'BPMN', 'bpmn', 'XOR', 'AND', 'PMG', 'KPI', 'PCE', 'CSV', 'XLSX', 'Excel', 'PNG', 'SVG', 'HTML', 'XML', 'JSON', 'Markdown', 'UTC',
  'XES', 'xes', 'AIC', 'npm', 'npmjs', 'org', 'Verdaccio', 'leanflow-plugin',
  'Leanflow', 'leanflow', 'bpmnlint', 'Reijers', 'Limam', 'Mansar', 'Kingman', 'Monaco', 'Ctrl', 'Alt', 'Shift', 'Esc', 'Enter', 'Tab', 'Delete',
  'docs', 'scoring', 'md', 'https', 'github', 'com', 'io', 'zip', 'label', 'required', 'disconnected', 'implicit', 'end', 'start', 'no',
]);

/** Visible texts, input values and selected options of the studio (not inside diagrams, which show BPMN data). */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const shown = (el: Element) => {
      if (el.closest('svg, .djs-container, .lf-canvas, .lf-diff-canvas, [hidden], script, style, .monaco-editor')) return false;
      if (el.getClientRects().length === 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none';
    };
    const root = document.querySelector('lf-studio')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (el && el.tagName !== 'OPTION' && shown(el) && node.textContent!.trim()) out.push(node.textContent!.trim());
    }
    for (const input of root.querySelectorAll<HTMLInputElement>('input[type=text], input:not([type]), textarea')) if (shown(input) && input.value) out.push(input.value);
    for (const input of root.querySelectorAll<HTMLInputElement>('input[placeholder]')) if (shown(input) && !input.value) out.push(input.placeholder);
    for (const select of root.querySelectorAll<HTMLSelectElement>('select')) if (shown(select) && select.selectedOptions[0]) out.push(select.selectedOptions[0].text);
    return out;
  });
}

/** The user's data: every name and id in the open documents' XML, and the file names. */
async function userData(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const w = (window as Any).leanflow;
    const data: string[] = [];
    for (const doc of w.documents.all()) {
      data.push(doc.name, doc.name.replace(/\.bpmn$/i, ''));
      const xml: string = await w.documents.getXml(doc.id);
      for (const m of xml.matchAll(/\b(?:name|id|timeZone|currency)="([^"]+)"/g)) data.push(m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
      for (const m of xml.matchAll(/<bpmn:text>([^<]+)<\/bpmn:text>/g)) data.push(m[1]!);
      // Scenarios are JSON inside the file: their names (scenario, pools, calendars) are the user's too.
      for (const m of xml.replace(/&quot;/g, '"').matchAll(/"name"\s*:\s*"([^"]+)"/g)) data.push(m[1]!);
    }
    return data.filter((d) => /[A-Za-z]/.test(d)).sort((a, b) => b.length - a.length);
  });
}

/** English words left once user data, ids and allowed words are taken out; each with the text it came from. */
async function english(page: Page, where: string, seen: Map<string, string>, extra: readonly string[] = []): Promise<void> {
  const data = [...(await userData(page)), ...extra].sort((a, b) => b.length - a.length);
  for (const text of await visibleTexts(page)) {
    let rest = text;
    for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(' ');
    // Ids, bpmnlint rule names, paths and file names are not words to translate.
    rest = rest.replace(/bpmnlint [\w-]+/g, ' ').replace(/\S*[/…]\S*|\S+\.(?:json|zip|bpmn|md|js)\b/g, ' ').replace(/[\w-]*[\d_][\w-]*/g, ' ').replace(/\b[A-Z]\b|\bp\d+\b/g, ' ');
    for (const word of rest.match(/[A-Za-z][A-Za-z'-]{2,}/g) ?? []) {
      if (ALLOWED.has(word)) continue;
      if (!seen.has(word)) seen.set(word, `${where}: ${text.slice(0, 140)}`);
    }
  }
}

async function showView(page: Page, id: string): Promise<void> {
  await page.evaluate((view) => (window as Any).leanflow.layout.update({ sidebarVisible: true, activeView: view }), id);
  await page.waitForTimeout(400);
}

describe('Chinese, completely', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows no English word outside user data, units and abbreviations in any view', async () => {
    const { page, errors } = await openStudio(browser, { locale: 'zh-CN' });
    await waitForCanvas(page);
    expect(await page.evaluate(() => (window as Any).leanflow.i18n.language)).toBe('zh-CN');
    const seen = new Map<string, string>();
    // The CJK font stack is declared (the face that renders depends on the machine).
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toContain('PingFang SC');
    expect(font).toContain('Noto Sans CJK SC');
    expect(font).toContain('Microsoft YaHei');

    // A simulation first, so the Simulation view, the dynamic rules and the Suggestions' predictions have figures.
    await page.keyboard.press('F5');
    await page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cycleTime"]').waitFor({ timeout: 90_000 });

    const views: string[] = await page.$$eval('.lf-activity', (buttons) => buttons.map((b) => b.getAttribute('data-view')!).filter(Boolean));
    expect(views.length).toBeGreaterThanOrEqual(8);
    for (const view of views) {
      await showView(page, view);
      if (view === 'suggestions') await page.waitForFunction(() => document.querySelector('lf-suggestions-view .lf-suggestions')?.getAttribute('data-status') === 'done', undefined, { timeout: 90_000 });
      // Fold out what a view folds in (scorecard rules and "why", property sections).
      await page.evaluate(() => document.querySelectorAll('lf-studio details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await english(page, `view ${view}`, seen);
      await page.screenshot({ path: `/tmp/chinese-${view.replace(/\W+/g, '-')}.png` });
    }
    for (const command of ['workbench.showProblems', 'workbench.showOutput']) {
      await page.evaluate((id) => (window as Any).leanflow.commands.execute(id), command);
      await page.waitForTimeout(300);
      await english(page, command, seen);
    }
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.showProblems'));
    await page.screenshot({ path: '/tmp/chinese-problems.png' });

    // The Compare tab with results (its units too).
    await page.evaluate(() => (window as Any).leanflow.commands.execute('variants.duplicate'));
    await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 2);
    await waitForCanvas(page);
    await page.keyboard.press('Control+Alt+V');
    const compare = page.locator('lf-variants-compare');
    await compare.waitFor();
    await compare.locator('input[data-setting=cases]').fill('60');
    await compare.locator('input[data-setting=replications]').fill('2');
    await compare.locator('button[data-action=compare]').click();
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=done]', { timeout: 90_000 });
    await page.waitForSelector('lf-variants-compare[data-diff-ready]', { timeout: 30_000 });
    await english(page, 'compare', seen);
    expect(await compare.locator('tr[data-kpi=cycleTime] td').first().textContent()).toMatch(/(小时|分钟|秒|天)/);
    await page.screenshot({ path: '/tmp/chinese-compare.png' });

    // A new process: the default scenario Leanflow makes up, in Chinese.
    await page.evaluate(() => (window as Any).leanflow.commands.execute('file.newProcess'));
    await waitForCanvas(page);
    await showView(page, 'properties');
    await page.evaluate(() => document.querySelectorAll('lf-studio details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.locator('lf-properties-view input[data-field="scenario-name"]').waitFor();
    expect(await page.locator('lf-properties-view input[data-field="scenario-name"]').inputValue()).toBe('默认场景');
    await english(page, 'new process', seen);
    await page.screenshot({ path: '/tmp/chinese-new-process.png' });

    // The per-case-type forms and people in several pools, back on the sample: a case type's card, its own duration
    // on a task and its own split on the gateway (with the "must add up to 100%" message), a person's card.
    await page.locator('.lf-tab[data-id]').first().click();
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-element').first().waitFor();
    await showView(page, 'properties');
    await page.evaluate(() => (window as Any).leanflow.activeEditor.get('selection').select([]));
    await page.locator('lf-properties-view [data-action="add-caseType"]').click();
    await page.locator('lf-properties-view [data-case-type="type-1"]').waitFor();
    await page.evaluate(() => document.querySelectorAll('lf-studio details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.locator('lf-properties-view [data-action="add-person"]').click();
    await page.locator('lf-properties-view [data-person="person-1"]').waitFor();
    await english(page, 'case types and people', seen);
    await page.screenshot({ path: '/tmp/chinese-people.png' });
    await page.evaluate(() => (window as Any).leanflow.activeEditor.reveal('Task_PrepareQuote'));
    await page.locator('lf-properties-view [data-overrides="duration"] [data-override-type="type-1"] [data-field="override"]').selectOption('own');
    await page.locator('lf-properties-view [data-distribution="caseTypes.1.tasks.Task_PrepareQuote.duration"] [data-preview]').waitFor();
    await english(page, 'case type duration', seen);
    await page.screenshot({ path: '/tmp/chinese-case-type-duration.png' });
    await page.evaluate(() => (window as Any).leanflow.activeEditor.reveal('Gateway_Qualified'));
    const split = 'lf-properties-view [data-overrides="split"] [data-override-type="type-1"]';
    await page.locator(`${split} [data-field="override"]`).selectOption('own');
    await page.locator(`${split} [data-flow="Flow_Yes"]`).fill('90');
    await page.locator(`${split} [data-flow="Flow_Yes"]`).press('Tab');
    await page.locator(`${split} .lf-prop-sum.bad`).waitFor();
    expect(await page.locator(`${split} .lf-prop-sum.bad`).textContent()).toContain('必须为 100%');
    await english(page, 'case type split', seen);
    await page.screenshot({ path: '/tmp/chinese-case-type-split.png' });

    // The Event Log view with a log read, mapped, calibrated and replayed on the Simod loan model. The log's column
    // names and values (shown in the column dialog's preview) are the user's data, like the model's names.
    await page.setInputFiles('#lf-open-file', join(fixturesDir(), 'logs/loanapp-simplified.bpmn'));
    await page.waitForFunction(() => (window as Any).leanflow.documents.active?.name === 'loanapp-simplified.bpmn');
    await waitForCanvas(page);
    await showView(page, 'eventLogs');
    const logText = gunzipSync(readFileSync(join(fixturesDir(), 'logs/loanapp-simplified-train.csv.gz'))).toString('utf8');
    // Every value of the log is the user's data (roles such as "Senior Officer" appear in the results); values with
    // digits (timestamps, ids) are ignored by the word check anyway.
    const logData = [...new Set(logText.split('\n').flatMap((line) => line.split(',')).filter((v) => v && !/\d/.test(v)))];
    const logView = page.locator('lf-event-logs-view');
    await english(page, 'event log (empty)', seen);
    await logView.locator('input.lf-log-file').setInputFiles({ name: 'loan_log.csv.gz', mimeType: 'application/gzip', buffer: readFileSync(join(fixturesDir(), 'logs/loanapp-simplified-train.csv.gz')) });
    await page.locator('dialog.lf-log-dialog button[data-action="import"]').waitFor();
    await english(page, 'event log columns', seen, [...logData, 'loan_log.csv.gz']);
    await page.screenshot({ path: '/tmp/chinese-event-log-columns.png' });
    await page.locator('dialog.lf-log-dialog button[data-action="import"]').click();
    await logView.locator('.lf-log-mapping tbody tr').first().waitFor({ timeout: 60_000 });
    await logView.locator('select[name="first-response"]').selectOption('Check credit history');
    await logView.locator('button[data-action="calibrate"]').click();
    await logView.locator('.lf-log-conformance').waitFor({ timeout: 60_000 });
    // The first response, weekly profile, working hours and the validation table in Chinese too.
    await logView.locator('.lf-log-validation[data-state="done"]').waitFor({ timeout: 120_000 });
    await page.evaluate(() => document.querySelectorAll('lf-studio details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await english(page, 'event log results', seen, [...logData, 'loan_log.csv.gz', 'loan_log']);
    await page.screenshot({ path: '/tmp/chinese-event-log.png', fullPage: true });

    const found = [...seen].map(([word, where]) => `${word} <- ${where}`);
    console.log(`English words found: ${found.length}`);
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});

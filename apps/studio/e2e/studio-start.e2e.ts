// Issue 15, "Start" and "Learn" and "Share": the welcome page with its template gallery (built-in and plugin
// templates), the guided tour, a new process without errors, the help view and glossary, locale numbers, exports.
// Screenshots go to /tmp/studio-start-*.png (looked at while writing this) and docs/images/welcome.png (README).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '@leanflow/model';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const imagesDir = new URL('../../../docs/images/', import.meta.url).pathname;

async function activeXml(page: Page): Promise<string> {
  return page.evaluate(() => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
}

async function problems(page: Page): Promise<{ severity: string; message: string }[]> {
  return page.evaluate(() => {
    const w = (window as Any).leanflow;
    return w.problems.get(w.documents.active.id).map((p: Any) => ({ severity: p.severity, message: p.message }));
  });
}

async function studioReady(page: Page): Promise<void> {
  await page.waitForFunction(() => !!(window as Any).leanflow, undefined, { timeout: 30_000 });
  await page.evaluate(() => (window as Any).leanflow.plugins?.whenStarted());
}

describe('start: welcome page, templates, tour', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the welcome page on first run with six built-in templates and the plugin one, and opens a template as a process group', async () => {
    const { page, context, errors } = await openStudio(browser);
    await studioReady(page);
    const welcome = page.locator('lf-welcome-page');
    await welcome.locator('h1', { hasText: 'Welcome to Leanflow' }).waitFor();
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('Welcome');
    await expect(welcome.locator('.lf-template-card:not(.plugin) h3').allTextContents()).resolves.toEqual([
      'Lead to quote', 'Complaint handling', 'Returns (RMA)', 'Quote to order', 'After-sales service request', 'Customer onboarding',
    ]);
    // The example plugin's contributed template sits in the same gallery.
    await welcome.locator('.lf-template-card.plugin', { hasText: 'Complaint handling (lean)' }).waitFor();
    await expect(welcome.locator('.lf-template-card[data-template="returns-rma"] .lf-template-figures').textContent()).resolves.toBe('10 tasks → 6');
    await page.screenshot({ path: `${imagesDir}welcome.png` });

    await welcome.locator('.lf-template-card[data-template="complaint-handling"] button').click();
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Complaint handling.bpmn' }).waitFor();
    await page.locator('lf-bpmn-editor:not([hidden]) [data-element-id="Task_Investigate"]').waitFor();
    const groups = await page.evaluate(() => (window as Any).leanflow.variantGroups.all().map((g: Any) => ({ name: g.name, members: g.members.map((m: Any) => m.name) })));
    expect(groups).toContainEqual({ name: 'Complaint handling', members: ['As-is', 'To-be'] });
    await page.locator('.lf-toast[data-code="welcome.templateOpened"]', { hasText: 'Opened the template “Complaint handling”' }).first().waitFor();
    // No errors in Problems for the template (warnings from lint rules may exist; errors would be red).
    await page.waitForTimeout(1500);
    const problemErrors = await page.evaluate(() => {
      const w = (window as Any).leanflow;
      return w.problems.get(w.documents.active.id).filter((p: Any) => p.severity === 'error').map((p: Any) => p.message);
    });
    expect(problemErrors).toEqual([]);
    await page.screenshot({ path: '/tmp/studio-start-template.png' });

    // The plugin's template opens too.
    await page.locator('[data-item="help"]').click();
    await page.locator('lf-help-page [data-action="welcome"]').click();
    await page.locator('lf-welcome-page .lf-template-card.plugin button').click();
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Complaint handling (lean).bpmn' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the gallery in Chinese', async () => {
    const { page, context, errors } = await openStudio(browser, { locale: 'zh-CN' });
    await studioReady(page);
    const welcome = page.locator('lf-welcome-page');
    await welcome.locator('h1', { hasText: '欢迎使用 Leanflow' }).waitFor();
    await expect(welcome.locator('.lf-template-card[data-template="complaint-handling"] h3').textContent()).resolves.toBe('投诉处理');
    await welcome.locator('.lf-template-card[data-template="returns-rma"] button').click();
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: '退货（RMA）.bpmn' }).waitFor();
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-element', { hasText: '核对保修条款' }).first().waitFor();
    await page.screenshot({ path: '/tmp/studio-start-zh.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs the guided tour through the six steps; once closed it is not offered again, and Help reopens it', async () => {
    const { page, context, errors } = await openStudio(browser);
    await studioReady(page);
    const offer = page.locator('lf-welcome-page [data-part="tour-offer"]');
    await offer.waitFor();
    await offer.locator('[data-action="tour"]').click();
    const popover = page.locator('.driver-popover');
    const titles: string[] = [];
    for (let step = 0; step < 6; step++) {
      await popover.waitFor();
      titles.push((await popover.locator('.driver-popover-title').textContent()) ?? '');
      if (step === 2) await page.screenshot({ path: '/tmp/studio-start-tour.png' });
      await popover.locator('.driver-popover-next-btn').click();
    }
    expect(titles).toEqual(['1 · Draw', '2 · Data', '3 · Simulate', '4 · Score', '5 · Suggest', '6 · Compare']);
    await popover.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => localStorage.getItem('leanflow.tour'))).toBe('done');
    // Reload: not the first run, and the offer does not come back on the welcome page.
    await page.reload();
    await studioReady(page);
    await page.evaluate(() => (window as Any).leanflow.commands.execute('help.welcome'));
    await page.locator('lf-welcome-page h1').waitFor();
    await expect(offer.count()).resolves.toBe(0);
    // Help reopens it; Escape closes it.
    await page.evaluate(() => (window as Any).leanflow.commands.execute('help.tour'));
    await popover.waitFor();
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('dismissing the offer keeps it away', async () => {
    const { page, context } = await openStudio(browser);
    await studioReady(page);
    await page.locator('lf-welcome-page [data-action="dismiss-tour"]').click();
    await page.locator('lf-welcome-page [data-part="tour-offer"]').waitFor({ state: 'detached' });
    await expect(page.evaluate(() => localStorage.getItem('leanflow.tour'))).resolves.toBe('dismissed');
    await context.close();
  });
});

describe('start: a new process, value class and cost', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('starts a new process from a small valid template: no errors; tasks have no value class yet; cost 0 asks for the cost per hour', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await page.keyboard.press('Alt+N');
    await page.locator('.lf-tab.active .lf-tab-name', { hasText: 'Untitled-1.bpmn' }).waitFor();
    await waitForCanvas(page);
    await page.locator('[data-item="scorecard.score"]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    expect((await problems(page)).filter((p) => p.severity === 'error')).toEqual([]);
    const loaded = await loadDocument(await activeXml(page));
    expect(loaded.graph!.nodes.map((n) => n.kind)).toEqual(['startEvent', 'userTask', 'endEvent']);
    expect(loaded.modelIssues.filter((i) => i.severity === 'error')).toEqual([]);

    // Draw a second task after the first: its value class is "not set", and Properties says what that means.
    await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      const registry = editor.get('elementRegistry');
      const modeling = editor.get('modeling');
      const factory = editor.get('elementFactory');
      const task = registry.get('Task_1');
      const shape = modeling.appendShape(task, factory.createShape({ type: 'bpmn:UserTask' }), { x: task.x + 250, y: task.y + 40 });
      modeling.updateLabel(shape, 'Check request');
      editor.get('selection').select(shape);
    });
    await page.locator('.lf-activity[data-view="properties"]').click();
    const select = page.locator('lf-properties-view select[data-field="valueClass"]');
    await select.waitFor();
    await expect(select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]!.textContent)).resolves.toBe('Not set');
    await expect(page.locator('lf-properties-view [data-note="valueClassNotSet"]').textContent()).resolves.toContain('process cycle efficiency (PCE) counts it as not value-adding');
    await page.screenshot({ path: '/tmp/studio-start-not-set.png' });

    // Simulate: no cost per hour anywhere, so the cost card asks for one instead of showing a bare 0.
    await page.keyboard.press('F5');
    const cost = page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cost"]');
    await cost.waitFor({ timeout: 60_000 });
    await expect(cost.locator('.lf-sim-card-detail').textContent()).resolves.toBe('Set the cost per hour (Properties → People) to see cost per case.');
    await page.screenshot({ path: '/tmp/studio-start-cost.png' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('learn: numbers follow the language', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function costField(page: Page) {
    await waitForCanvas(page);
    await page.locator('.lf-activity[data-view="properties"]').click();
    await page.locator('lf-properties-view .lf-prop-resources > summary').click();
    const field = page.locator('lf-properties-view .lf-prop-card[data-pool] [data-field="costPerHour"]').first();
    await field.waitFor();
    return field;
  }

  async function firstPoolCost(page: Page): Promise<number> {
    const loaded = await loadDocument(await activeXml(page));
    return loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!.pools[0]!.costPerHour;
  }

  it('refuses "12,5" in English with "use a dot" and keeps the value (never 125); "12.5" is taken', async () => {
    const { page, context, errors } = await openStudio(browser, { locale: 'en-US' });
    const field = await costField(page);
    expect(await firstPoolCost(page)).toBe(38);
    await field.fill('12,5');
    await field.press('Tab');
    await page.locator('.lf-toast[data-code="input.decimalComma"]', { hasText: '“12,5” was not changed: use a dot for decimals (12.5).' }).waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.screenshot({ path: '/tmp/studio-start-number-en.png' });
    expect(await firstPoolCost(page)).toBe(38);
    await field.fill('12.5');
    await field.press('Tab');
    await expect.poll(() => firstPoolCost(page)).toBe(12.5);
    await expect(field.getAttribute('aria-invalid')).resolves.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('accepts the decimal comma where the locale writes one (de-DE)', async () => {
    const { page, context, errors } = await openStudio(browser, { locale: 'de-DE' });
    const field = await costField(page);
    await field.fill('12,5');
    await field.press('Tab');
    await expect.poll(() => firstPoolCost(page)).toBe(12.5);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('learn: the guide and the glossary inside the studio', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('"Learn more" on a finding opens the scoring guide in a help tab (not /docs/*.md); "?" opens the glossary', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const url = page.url();
    await page.locator('.lf-activity[data-view="scorecard"]').click();
    const finding = page.locator('lf-scorecard-view .lf-score-rule:not([data-rule="bpmnlint"]) .lf-score-finding').first();
    await finding.waitFor({ timeout: 30_000 });
    await finding.locator('.lf-score-why summary').click();
    await finding.locator('a', { hasText: 'Learn more' }).click();
    const help = page.locator('lf-help-page');
    await help.locator('.lf-help-content[data-page="scoring"] h1', { hasText: 'Scoring: the lean scorecard' }).waitFor();
    await expect(page.locator('.lf-tab.active .lf-tab-name').textContent()).resolves.toBe('Help: Scoring');
    expect(page.url()).toBe(url);
    // The finding's rule heading is scrolled to and marked.
    await help.locator('.lf-help-target').waitFor();
    await page.screenshot({ path: '/tmp/studio-start-help-doc.png' });

    // A rule's "?" explains its figure in plain words: the hand-offs rule → hand-off.
    // (The Scorecard view is still open in the side bar: clicking its activity again would close it.)
    await page.locator('lf-scorecard-view .lf-score-rule[data-rule="hand-offs"] a.lf-glossary-link').click();
    await help.locator('.lf-help-content[data-page="glossary"] dt#handOff.lf-help-target').waitFor();
    await expect(help.locator('dt#handOff + dd').textContent()).resolves.toContain('passing from one person or team to another');
    await expect(help.locator('dt#flowFactor + dd').textContent()).resolves.toContain('how many times longer a case takes than the work in it');
    await expect(help.locator('dt#kingman + dd').textContent()).resolves.toContain('waiting time');
    await expect(help.locator('dt#offCalendarTime + dd').textContent()).resolves.toContain('nights, weekends and holidays');
    await page.screenshot({ path: '/tmp/studio-start-glossary.png' });

    // The status bar's "? Help" brings the help tab back; its links move between pages inside it.
    await help.locator('a[data-page="simulation"]').click();
    await help.locator('.lf-help-content[data-page="simulation"] h1').waitFor();
    expect(page.url()).toBe(url);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the glossary in Chinese', async () => {
    const { page, context, errors } = await openStudio(browser, { locale: 'zh-CN' });
    await waitForCanvas(page);
    await page.evaluate(() => (window as Any).leanflow.commands.execute('help.glossary', 'kingman'));
    const help = page.locator('lf-help-page');
    await expect(help.locator('dt#kingman').textContent()).resolves.toContain('金曼公式');
    await expect(help.locator('dt#flowFactor + dd').textContent()).resolves.toContain('周期时间除以处理时间');
    await page.screenshot({ path: '/tmp/studio-start-glossary-zh.png' });
    // The guide's user-facing pages in Chinese; a page without a Chinese version says so above the English text.
    await page.evaluate(() => (window as Any).leanflow.commands.execute('help.docs', { page: 'scoring', anchor: 'cycle-time' }));
    await expect.poll(() => help.locator('.lf-help-doc h1').textContent()).toContain('评分');
    expect(await help.locator('.lf-help-doc').getAttribute('lang')).toBe('zh-CN');
    expect(await help.locator('.lf-help-fallback').count()).toBe(0);
    await page.screenshot({ path: '/tmp/studio-start-guide-zh.png' });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('help.docs', { page: 'plugins' }));
    await help.locator('.lf-help-fallback').waitFor();
    expect(await help.locator('.lf-help-fallback').textContent()).toContain('本页暂无中文版');
    expect(await help.locator('.lf-help-doc').getAttribute('lang')).toBe('en');
    await page.screenshot({ path: '/tmp/studio-start-guide-fallback.png' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('share: results as CSV/XLSX, the run report, the diagram with its heat-map', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Runs `command`, or clicks the Simulation view's button when `command` is `button:<action>`. */
  async function download(page: Page, command: string): Promise<{ name: string; content: Buffer }> {
    const action = command.startsWith('button:') ? command.slice(7) : undefined;
    const trigger = action
      ? page.locator(`[data-view-id="simulation"] button[data-action="${action}"]`).click()
      : page.evaluate((id) => (window as Any).leanflow.commands.execute(id), command);
    const [file] = await Promise.all([page.waitForEvent('download'), trigger]);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: file.suggestedFilename(), content: Buffer.concat(chunks) };
  }

  it('exports the latest run with a toast and an Output line on every path; numbers match the run', async () => {
    // The browser shows no save picker (Firefox, Safari): files download, and the feedback must still come.
    const { page, context, errors } = await openStudio(browser, { initScript: "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });" });
    await waitForCanvas(page);
    // Before any run: a clear message, no file.
    await page.evaluate(() => (window as Any).leanflow.commands.execute('simulation.exportResultsCsv'));
    await page.locator('.lf-toast[data-code="results.noRun"]').waitFor();

    await page.keyboard.press('F5');
    await page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cycleTime"]').waitFor({ timeout: 60_000 });
    const run = await page.evaluate(() => {
      const w = (window as Any).leanflow;
      const r = w.simulation.state(w.documents.active.id).report.result;
      return { cycleTime: r.kpis.cycleTime.mean, replications: r.perReplication.length, tasks: r.tasks.length, pools: r.pools.map((p: Any) => p.name) };
    });

    // The Simulation view shows the exports as buttons (they were palette commands only).
    const buttons = await page.locator('[data-view-id="simulation"] button[data-action^="export-"]').allTextContents();
    expect(buttons.map((b) => b.trim())).toEqual(['CSV', 'Excel', 'Report', 'SVG', 'PNG']);
    await page.locator('[data-view-id="simulation"] button[data-action="export-csv"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/studio-start-export-buttons.png' });
    // Weekly cost in whole euros, the one money formatter.
    expect(await page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cost"]').textContent()).toMatch(/€\d{1,3}(,\d{3})* per week/);
    const csv = await download(page, 'button:export-csv');
    expect(csv.name).toBe('lead-to-quote – results.csv');
    const text = csv.content.toString('utf8').replace(/^\ufeff/, '');
    const sections = text.trim().split('\r\n\r\n').map((s) => s.split('\r\n'));
    expect(sections.map((s) => s[0])).toEqual(['KPIs', 'Tasks', 'Pools', 'Replications']);
    const cycle = sections[0]!.find((l) => l.startsWith('Cycle time (mean),h,'))!.split(',');
    expect(Number(cycle[2])).toBeCloseTo(run.cycleTime / 3600, 9);
    expect(Number(cycle[3])).toBeLessThan(Number(cycle[2]));
    expect(Number(cycle[4])).toBeGreaterThan(Number(cycle[2]));
    expect(sections[1]!.length - 2).toBe(run.tasks);
    expect(sections[3]!.length - 2).toBe(run.replications);
    await page.locator('.lf-toast[data-code="results.exported"]', { hasText: 'lead-to-quote – results.csv' }).first().waitFor();
    await expect.poll(() => page.evaluate(() => (window as Any).leanflow.output.all().map((l: Any) => l.text).join('\n'))).toContain('Exported the simulation results to lead-to-quote – results.csv.');

    const xlsx = await download(page, 'simulation.exportResultsXlsx');
    expect(xlsx.name).toBe('lead-to-quote – results.xlsx');
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(xlsx.content));
    const workbook = strFromU8(files['xl/workbook.xml']!);
    expect([...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1])).toEqual(['KPIs', 'Tasks', 'Pools', 'Replications']);
    const kpiSheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const value = Number(/<row r="2">.*?<c r="C2"><v>([^<]+)<\/v>/.exec(kpiSheet)![1]);
    expect(value).toBeCloseTo(run.cycleTime / 3600, 9);
    for (const name of run.pools) expect(strFromU8(files['xl/worksheets/sheet3.xml']!)).toContain(name);

    const report = await download(page, 'button:export-report');
    expect(report.name).toBe('lead-to-quote – report.html');
    const html = report.content.toString('utf8');
    for (const part of ['<h2>Diagram</h2>', '<h2>Key figures</h2>', '<h2>Bottlenecks</h2>', '<h2>Tasks</h2>', '<h2>Teams</h2>', 'Cycle time (mean)', '95% CI']) expect(html).toContain(part);
    expect(html).toMatch(/fill:#(fff4c2|ffd591|ffa66b|f26b5b)/);
    expect(html).not.toMatch(/<script/i);
    // The scorecard of this very run: the Scorecard view's score, categories and findings, to the digit.
    await page.evaluate(() => (window as Any).leanflow.layout.update({ sidebarVisible: true, activeView: 'scorecard' }));
    const ring = page.locator('lf-scorecard-view .lf-score-ring[data-score]');
    await ring.waitFor();
    const shown = Number(await ring.getAttribute('data-score'));
    expect(Number(/<section class="scorecard" data-score="([^"]+)"/.exec(html)![1])).toBe(shown);
    const view = await page.evaluate(() => {
      const w = (window as Any).leanflow;
      const m = w.scorecard.viewModel(w.documents.active.id);
      return { categories: m.categories.map((c: Any) => [c.id, c.scoreText]), findings: m.findingCount, run: m.runText };
    });
    for (const [id, text] of view.categories) expect(html).toMatch(new RegExp(`data-category="${id}"><td>[^<]+</td><td>.*?</td><td>${text}</td>`));
    expect([...html.matchAll(/<li class="(error|warning|info)" data-rule=/g)]).toHaveLength(view.findings);
    expect(view.run).toMatch(/1000 cases × 5 replications, seed 42/);
    expect(html).toContain(view.run);
    // Problems name elements by kind and name; the id is the tooltip.
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.showProblems'));
    const elements = await page.locator('.lf-problem-element').evaluateAll((items) => items.map((i) => [i.textContent, i.getAttribute('title')]));
    expect(elements).toContainEqual(["User task 'Check customer history'", 'Task_CheckHistory']);
    expect(elements).toContainEqual(["flow from 'Check customer history' to 'Qualify lead'", 'Flow_3']);
    expect(await page.locator('.lf-problems').textContent()).not.toMatch(/Element (Task|Flow|Lane|Gateway)_/);
    await page.screenshot({ path: '/tmp/studio-start-problems-names.png' });
    const reportPage = await context.newPage();
    await reportPage.setContent(html);
    await reportPage.screenshot({ path: '/tmp/studio-start-report.png', fullPage: true });
    await reportPage.locator('section.scorecard').screenshot({ path: '/tmp/studio-start-report-scorecard.png' });
    await reportPage.close();

    // The diagram export carries the heat-map shown on the canvas.
    const heated = await page.locator('lf-bpmn-editor:not([hidden]) .djs-element[class*="lf-heat-"]').count();
    expect(heated).toBeGreaterThan(0);
    const svg = await download(page, 'file.exportSvg');
    expect(svg.content.toString('utf8')).toMatch(/fill:#(fff4c2|ffd591|ffa66b|f26b5b)/);
    await page.locator('.lf-toast[data-code="file.exported"]').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

// Process variants in the studio: duplicate the sample as a variant, delete a task on the critical path, compare
// (the cycle-time difference equals a Node run of compareVariants with the same XML, settings and seed), the visual
// diff lists exactly the removed task and its flows and focuses it, identical variants differ by exactly 0, the
// report and Markdown, reload keeps the group, and the group exports as a .zip of .bpmn files.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVariants } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForAutosave, waitForCanvas } from './browser.ts';
import { hostScorecard } from './host-scorecard.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const SETTINGS = { cases: 300, replications: 5, seed: 7 };

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('lf-command-palette input').fill(title);
  await page.keyboard.press('Enter');
}

async function compare(page: Page): Promise<void> {
  const view = page.locator('lf-variants-compare');
  await view.locator('input[data-setting=cases]').fill(String(SETTINGS.cases));
  await view.locator('input[data-setting=replications]').fill(String(SETTINGS.replications));
  await view.locator('input[data-setting=seed]').fill(String(SETTINGS.seed));
  await view.locator('button[data-action=compare]').click();
  await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=done]', { timeout: 60_000 });
}

/** Every difference cell of the KPI table: kpi, variant, mean, interval, significance. */
async function differenceCells(page: Page) {
  return page.$$eval('lf-variants-compare tr[data-kpi] td.lf-diff-cell', (cells) =>
    cells.map((c) => ({
      kpi: (c.closest('tr') as HTMLElement).dataset['kpi']!,
      variant: (c as HTMLElement).dataset['variant']!,
      mean: Number((c as HTMLElement).dataset['mean']),
      low: Number((c as HTMLElement).dataset['low']),
      high: Number((c as HTMLElement).dataset['high']),
      significant: (c as HTMLElement).dataset['significant'] === 'true',
    })),
  );
}

describe('process variants in the studio', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('duplicates, compares like Node, diffs, reports, survives a reload and exports a zip', async () => {
    const { page, context, errors } = await openStudio(browser, { initScript: "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });" });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await waitForCanvas(page);
    const asIsId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);

    // Duplicate as Variant from the palette: a second tab, the two grouped in the explorer.
    await runCommand(page, 'Duplicate as Variant');
    await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 2);
    await waitForCanvas(page);
    const toBeId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);
    expect(toBeId).not.toBe(asIsId);
    const explorer = page.locator('lf-explorer-view');
    await explorer.locator('.lf-group').waitFor();
    expect(await explorer.locator('li.lf-variant .lf-variant-name').allTextContents()).toEqual(['As-is', 'To-be A']);
    expect(await explorer.locator(`li[data-id="${asIsId}"] .lf-variant-role`).textContent()).toBe('baseline');

    // Delete "Check customer history" (on the only path from the first reply to qualification) in the variant.
    await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      editor.get('selection').select(editor.get('elementRegistry').get('Task_CheckHistory'));
    });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('edit.deleteSelection'));
    expect(await page.evaluate(() => !!(window as Any).leanflow.activeEditor.get('elementRegistry').get('Task_CheckHistory'))).toBe(false);

    // Compare from the explorer's group action: a wide editor tab.
    await explorer.locator('[data-action="variants.compare"]').click();
    await page.locator('lf-variants-compare').waitFor();
    const started = Date.now();
    await compare(page);
    console.log(`compare 2 variants x ${SETTINGS.cases} cases x ${SETTINGS.replications} replications in the studio: ${Date.now() - started} ms (incl. UI)`);

    // The same comparison in Node, on the XML the page compared.
    const xml = await page.evaluate(async (ids: string[]) => Promise.all(ids.map((id) => (window as Any).leanflow.documents.getXml(id))), [asIsId, toBeId]);
    const node = await compareVariants([{ name: 'As-is', xml: xml[0]! }, { name: 'To-be A', xml: xml[1]! }], SETTINGS);
    if (!node.ok) throw new Error(JSON.stringify(node.issues));
    const expected = node.differences[0]!.kpis['cycleTime']!.difference;
    const cells = await differenceCells(page);
    const cycle = cells.find((c) => c.kpi === 'cycleTime' && c.variant === 'To-be A')!;
    console.log(`cycle-time difference: page ${cycle.mean} [${cycle.low}, ${cycle.high}], Node ${expected.mean} [${expected.ci95![0]}, ${expected.ci95![1]}]`);
    expect(cycle.mean).toBeLessThan(0);
    expect(cycle.significant).toBe(true);
    expect(cycle.high).toBeLessThan(0);
    // Same code, same seed, same numbers: equal up to the text round trip of a double (relative 1e-12).
    expect(Math.abs(cycle.mean - expected.mean!)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.mean!));
    expect(Math.abs(cycle.low - expected.ci95![0])).toBeLessThanOrEqual(1e-12 * Math.abs(expected.ci95![0]));
    expect(Math.abs(cycle.high - expected.ci95![1])).toBeLessThanOrEqual(1e-12 * Math.abs(expected.ci95![1]));
    const shownScores = await page.$$eval('lf-variants-compare .lf-variants-score', (els) => els.map((e) => Number((e as HTMLElement).dataset['score'])));
    // The scorecards are the Scorecard's for each variant's run (its rules: the example plugins' too).
    const expectedScores = await Promise.all(node.variants.map(async (v, i) => (await hostScorecard(xml[i]!, v.simulation)).score!));
    shownScores.forEach((score, i) => expect(Math.abs(score - expectedScores[i]!)).toBeLessThan(1e-9));
    expect(await page.locator('lf-variants-compare [data-chart=cycleTime] path').count()).toBe(2);
    expect(await page.locator('lf-variants-compare tr[data-kpi=cycleTime] td.lf-diff-cell.better').count()).toBe(1);

    // Visual diff: exactly the removed task and its flows. bpmn-js keeps the incoming flow and reconnects it to the
    // next task when a task with one flow in and one out is deleted, so Flow_3 goes and Flow_2 now targets Task_Qualify
    // (the same diff as the analysis test that deletes the task with bpmn-moddle). Clicking the task focuses it.
    await page.waitForSelector('lf-variants-compare[data-diff-ready]', { timeout: 30_000 });
    const changes = await page.$$eval('lf-variants-compare .lf-change', (items) => items.map((i) => `${(i as HTMLElement).dataset['kind']} ${(i as HTMLElement).dataset['element']}`));
    expect(changes).toEqual(['removed Flow_3', 'removed Task_CheckHistory', 'changed Flow_2']);
    // Said with names, not ids ("SequenceFlow Flow_3" before): the id is the tooltip.
    const words = await page.$$eval('lf-variants-compare .lf-change-what', (items) => items.map((i) => [i.textContent!.trim(), i.getAttribute('title')]));
    expect(words).toEqual([
      ["flow from 'Check customer history' to 'Qualify lead'", 'Flow_3'],
      ["User task 'Check customer history'", 'Task_CheckHistory'],
      ["flow from 'Send auto-reply' to 'Qualify lead'", 'Flow_2'],
    ]);
    // The referenced tasks by name; the ids in the tooltip.
    const summary = page.locator('lf-variants-compare .lf-change[data-element="Flow_2"] .lf-change-summary');
    expect(await summary.textContent()).toContain("targetRef: User task 'Check customer history' → User task 'Qualify lead'");
    expect(await summary.getAttribute('title')).toContain('targetRef: "Task_CheckHistory" → "Task_Qualify"');
    expect(await page.locator('.lf-diff-canvas[data-side=old] .djs-element.lf-diff-removed[data-element-id="Task_CheckHistory"]').count()).toBe(1);
    await page.locator('lf-variants-compare .lf-change[data-element="Task_CheckHistory"]').click();
    expect(await page.locator('lf-variants-compare').getAttribute('data-focused')).toBe('Task_CheckHistory');
    expect(await page.locator('.lf-diff-canvas[data-side=old] .djs-element.lf-diff-focus[data-element-id="Task_CheckHistory"]').count()).toBe(1);
    // Both viewers are centred on the task's place (the variant has no such element, so on where it was).
    const centres = await page.evaluate(() => {
      const box = document.querySelector('.lf-diff-canvas[data-side=old] [data-element-id="Task_CheckHistory"]')!.getBoundingClientRect();
      const panes = [...document.querySelectorAll('.lf-diff-canvas')].map((p) => p.getBoundingClientRect());
      return { task: { x: box.x + box.width / 2, y: box.y + box.height / 2 }, panes: panes.map((p) => ({ x: p.x + p.width / 2, y: p.y + p.height / 2 })) };
    });
    expect(Math.abs(centres.task.x - centres.panes[0]!.x)).toBeLessThan(3);
    expect(Math.abs(centres.task.y - centres.panes[0]!.y)).toBeLessThan(3);
    await page.evaluate(() => (window as Any).leanflow.notifications.clear());
    await page.locator('lf-variants-compare .lf-variants-diff').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/variants-diff.png' });
    await page.locator('lf-variants-compare .lf-variants-diff').screenshot({ path: '/tmp/variants-diff-section.png' });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.toggleTheme'));
    await page.screenshot({ path: '/tmp/variants-diff-dark.png' });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.toggleTheme'));
    await page.locator('lf-variants-compare').evaluate((e) => (e.scrollTop = 0));
    await page.screenshot({ path: '/tmp/variants-compare.png' });

    // Report: a print-ready page with the tables, the charts and both diagrams (the removed task coloured).
    const reportDownload = page.waitForEvent('download');
    await page.locator('lf-variants-compare button[data-action=export-report]').click();
    const report = await readFile((await (await reportDownload).path())!, 'utf8');
    // Every arrowhead reference points at a marker of its own diagram (bpmn-js ids are prefixed per diagram).
    const references = [...report.matchAll(/url\(['"]?#([^)'"]+)['"]?\)/g)].map((m) => m[1]!);
    expect(references.length).toBeGreaterThan(10);
    for (const id of new Set(references)) expect(report, id).toContain(`id="${id}"`);
    await writeFile('/tmp/variants-report.html', report);
    const reportPage = await context.newPage();
    await reportPage.goto('file:///tmp/variants-report.html');
    await reportPage.screenshot({ path: '/tmp/variants-report.png', fullPage: true });
    await reportPage.close();
    expect(report).toContain('<h2>Diagrams</h2>');
    // The studio's money and names in the report (the CLI's report keeps "EUR" and ids).
    expect(report).toMatch(/€\d/);
    expect(report).toContain(`<td title="Task_CheckHistory">User task 'Check customer history'</td>`);
    expect(report).toContain('Cycle time distribution');
    expect((report.match(/<figure class="diagram">/g) ?? []).length).toBe(2);
    expect(report).toMatch(/lf-diff-removed[^>]*data-element-id="Task_CheckHistory"|data-element-id="Task_CheckHistory"[^>]*lf-diff-removed/);
    // "Open printable report": the same page in a new tab.
    const printable = context.waitForEvent('page');
    await page.locator('lf-variants-compare button[data-action=print-report]').click();
    const printPage = await printable;
    await printPage.waitForLoadState();
    expect(await printPage.locator('h1').textContent()).toBe('Variant comparison: As-is vs To-be A');
    expect(await printPage.locator('figure.diagram svg').count()).toBe(2);
    await printPage.close();
    await page.locator('lf-variants-compare button[data-action=copy-markdown]').click();
    const markdown: string = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown).toContain('## Variant comparison: As-is vs To-be A');
    expect(markdown).toContain('- removed UserTask "Check customer history" (`Task_CheckHistory`)');

    // Two identical variants: a fresh duplicate of the as-is, compared with it, differs by exactly 0 everywhere.
    await page.evaluate((id) => (window as Any).leanflow.documents.setActive(id), asIsId);
    await runCommand(page, 'Duplicate as Variant');
    await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 3);
    await waitForCanvas(page);
    const sameId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);
    await page.keyboard.press('Control+Alt+V');
    const view = page.locator('lf-variants-compare');
    await view.waitFor();
    await view.locator(`label[data-document="${toBeId}"] input`).uncheck();
    await view.locator(`label[data-document="${sameId}"] input`).check();
    await compare(page);
    expect(await view.locator('.lf-variants-results').getAttribute('data-compared')).toBe('As-is|To-be B');
    const zeros = await differenceCells(page);
    expect(zeros.length).toBeGreaterThan(10);
    for (const cell of zeros) {
      expect(cell.mean, cell.kpi).toBe(0);
      expect([cell.low, cell.high], cell.kpi).toEqual([0, 0]);
      expect(cell.significant, cell.kpi).toBe(false);
    }

    // The group folds and unfolds.
    await explorer.locator('.lf-group-chevron').click();
    expect(await explorer.locator('li.lf-variant').count()).toBe(0);
    await explorer.locator('.lf-group-chevron').click();
    expect(await explorer.locator('li.lf-variant').count()).toBe(3);

    // Rename a variant in place, then reload: the group, names and baseline come back.
    await explorer.locator(`li[data-id="${sameId}"]`).dblclick();
    await explorer.locator('input.lf-rename').fill('Same as before');
    await explorer.locator('input.lf-rename').press('Enter');
    await waitForAutosave(page);
    await page.reload();
    // The Compare tab was in front: it comes back in front (studio-small-things.e2e.ts checks its results); then the documents.
    await page.locator('lf-variants-compare').waitFor();
    expect(await page.evaluate(() => (window as Any).leanflow.editorTabs.active?.id)).toMatch(/compare/);
    await page.evaluate(() => (window as Any).leanflow.editorTabs.activate(undefined));
    await waitForCanvas(page);
    await explorer.locator('.lf-group').waitFor();
    expect(await explorer.locator('li.lf-variant .lf-variant-name').allTextContents()).toEqual(['As-is', 'To-be A', 'Same as before']);
    expect(await explorer.locator(`li[data-id="${asIsId}"] .lf-variant-role`).textContent()).toBe('baseline');

    // Export Group as .zip: one .bpmn per variant with the current XML.
    const zipDownload = page.waitForEvent('download');
    await explorer.locator('[data-action="variants.exportZip"]').click();
    const download = await zipDownload;
    expect(download.suggestedFilename()).toBe('lead-to-quote.zip');
    const zip = unzipSync(new Uint8Array(await readFile((await download.path())!)));
    expect(Object.keys(zip).sort()).toEqual(['As-is.bpmn', 'Same as before.bpmn', 'To-be A.bpmn']);
    expect(strFromU8(zip['As-is.bpmn']!)).toContain('Task_CheckHistory');
    expect(strFromU8(zip['To-be A.bpmn']!)).not.toContain('id="Task_CheckHistory"');

    // Rename the process group (✎): an empty name is refused in place, a new one is kept after a reload.
    await explorer.locator('[data-action="variants.renameGroup"]').click();
    await explorer.locator('input.lf-rename-group').fill('  ');
    await explorer.locator('input.lf-rename-group').press('Enter');
    expect(await explorer.locator('.lf-rename-error').textContent()).toBe('Give the process a name.');
    await page.screenshot({ path: '/tmp/variants-group-rename.png' });
    await explorer.locator('input.lf-rename-group').fill('Lead to quote 2027');
    await explorer.locator('input.lf-rename-group').press('Enter');
    expect(await explorer.locator('.lf-group-name').textContent()).toBe('Lead to quote 2027');
    await waitForAutosave(page);
    await page.reload();
    await waitForCanvas(page);
    await explorer.locator('.lf-group').waitFor();
    expect(await explorer.locator('.lf-group-name').textContent()).toBe('Lead to quote 2027');

    expect(errors).toEqual([]);
    await context.close();
  });
  it('shows a per-case-type KPI table with paired differences when the baseline has case types', async () => {
    const { page, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const typed = (vipPriority: number) =>
      LEAD_TO_QUOTE_SAMPLE.replace(
        '"seed": 42,',
        `"seed": 42, "caseTypes": [{ "id": "vip", "name": "VIP", "share": 0.2, "priority": ${vipPriority}, "targets": { "firstResponseSla": { "value": 1, "unit": "h" } } }, { "id": "standard", "name": "Standard", "share": 0.8 }],`,
      );
    const baseId: string = await page.evaluate((xml) => (window as Any).leanflow.documents.open({ name: 'typed.bpmn', xml }).id, typed(0));
    await page.evaluate(
      ([sourceDocumentId, xml]) => (window as Any).leanflow.commands.execute('leanflow.variants.createFromXml', { sourceDocumentId, xml, name: 'VIP first' }),
      [baseId, typed(1)] as const,
    );
    await page.keyboard.press('Control+Alt+V');
    const view = page.locator('lf-variants-compare');
    await view.locator('input[data-setting=cases]').fill('1000');
    await view.locator('input[data-setting=replications]').fill('8');
    await view.locator('input[data-setting=seed]').fill('11');
    await view.locator('button[data-action=compare]').click();
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=done]', { timeout: 120_000 });
    expect(await view.locator('.lf-variants-case-types button').allTextContents()).toEqual(['VIP · 20 % of arrivals', 'Standard · 80 % of arrivals']);
    const vip = view.locator('table[data-case-type=vip] tr[data-kpi=firstResponseTime] td.lf-diff-cell');
    expect(await vip.getAttribute('data-verdict')).toBe('better');
    expect(Number(await vip.getAttribute('data-high'))).toBeLessThan(0);
    // The Node comparison of the same files gives the same per-type difference.
    const xml = await page.evaluate(async (id: string) => {
      const w = (window as Any).leanflow;
      const members = w.variantGroups.groupOf(id).members;
      return Promise.all(members.map((m: Any) => w.documents.getXml(m.documentId)));
    }, baseId);
    const node = await compareVariants([{ name: 'A', xml: xml[0]! }, { name: 'B', xml: xml[1]! }], { cases: 1000, replications: 8, seed: 11 });
    if (!node.ok) throw new Error(JSON.stringify(node.issues));
    const expected = node.differences[0]!.segments[0]!.kpis['firstResponseTime']!.difference.mean!;
    expect(Math.abs(Number(await vip.getAttribute('data-mean')) - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
    await view.locator('.lf-variants-case-types button[data-case-type=standard]').click();
    expect(await view.locator('table[data-case-type=standard] tr[data-kpi=waitingTime] td.lf-diff-cell').getAttribute('data-verdict')).toBe('worse');
    await view.locator('.lf-variants-case-types').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/variants-case-types.png' });
    expect(errors).toEqual([]);
  });

  it('creates variants from XML and from a file, shows progress, cancels, and speaks Chinese', async () => {
    const { page, context, errors } = await openStudio(browser, { locale: 'zh-CN' });
    await waitForCanvas(page);
    const sourceId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);

    // What the suggestions feature calls for "Apply as variant": a new document in the source's group.
    const renamed = LEAD_TO_QUOTE_SAMPLE.replace('name="Manager approval"', 'name="Approval"');
    const createdId: string = await page.evaluate(
      ([sourceDocumentId, xml]) => (window as Any).leanflow.commands.execute('leanflow.variants.createFromXml', { sourceDocumentId, xml, name: 'Fewer approvals' }),
      [sourceId, renamed] as const,
    );
    const group = await page.evaluate((id) => {
      const w = (window as Any).leanflow;
      const g = w.variantGroups.groupOf(id);
      return { members: g.members.map((m: Any) => m.name), baseline: g.baselineId, active: w.documents.active.id };
    }, createdId);
    expect(group).toEqual({ members: ['现状', 'Fewer approvals'], baseline: sourceId, active: createdId });

    // Add File to Group…: the file joins the group of the document active when asked.
    const dir = await mkdtemp(join(tmpdir(), 'leanflow-variants-'));
    const file = join(dir, 'lead-to-quote-fast.bpmn');
    await writeFile(file, LEAD_TO_QUOTE_SAMPLE.replace('name="Qualify lead"', 'name="Qualify lead quickly"'));
    const chooser = page.waitForEvent('filechooser');
    await page.evaluate(() => (window as Any).leanflow.commands.execute('variants.addFile'));
    await (await chooser).setFiles(file);
    await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 3);
    expect(await page.locator('lf-explorer-view li.lf-variant .lf-variant-name').allTextContents()).toEqual(['现状', 'Fewer approvals', 'lead-to-quote-fast']);
    const fastId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);

    // A long comparison shows progress and stops at once on Cancel; the diff of the chosen variant is ready meanwhile.
    await page.keyboard.press('Control+Alt+V');
    const view = page.locator('lf-variants-compare');
    await view.locator(`label[data-document="${createdId}"] input`).uncheck();
    await view.locator('input[data-setting=cases]').fill('200000');
    await view.locator('button[data-action=compare]').click();
    await page.waitForFunction(() => Number(document.querySelector('lf-variants-compare [role=progressbar]')?.getAttribute('aria-valuenow')) > 0, undefined, { timeout: 30_000 });
    expect(await view.locator('.lf-variants-progress').textContent()).toContain('正在仿真各变体');
    await page.evaluate(() => (window as Any).leanflow.commands.execute('variants.cancel'));
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=cancelled]');
    expect(await page.evaluate(() => (window as Any).leanflow.contextKeys.get('variantsComparing'))).toBe(false);

    // Bad settings are refused with a message, nothing runs.
    await view.locator('input[data-setting=replications]').fill('1');
    await view.locator('button[data-action=compare]').click();
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=refused]');

    await view.locator('input[data-setting=cases]').fill('200');
    await view.locator('input[data-setting=replications]').fill('3');
    await view.locator('button[data-action=compare]').click();
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=done]', { timeout: 60_000 });
    expect(await view.locator('tr[data-kpi=cycleTime] th').textContent()).toBe('周期时间');
    await page.waitForSelector('lf-variants-compare[data-diff-ready]', { timeout: 30_000 });
    const changes = await page.$$eval('lf-variants-compare .lf-change', (items) => items.map((i) => `${(i as HTMLElement).dataset['kind']} ${(i as HTMLElement).dataset['element']}`));
    expect(changes).toEqual(['changed Task_Approve']);
    // Editing a compared variant makes the figures stale; editing the diffed one brings the diff up to date.
    for (const id of [fastId, createdId]) {
      await page.evaluate((doc) => (window as Any).leanflow.documents.setActive(doc), id);
      await page.waitForFunction(() => (window as Any).leanflow.activeEditor);
      await page.evaluate(() => {
        const editor = (window as Any).leanflow.activeEditor;
        editor.get('modeling').updateLabel(editor.get('elementRegistry').get('Task_SendQuote'), 'Send the quote');
      });
    }
    await page.keyboard.press('Control+Alt+V');
    await page.waitForSelector('lf-variants-compare .lf-variants-banner');
    await page.waitForFunction(() => document.querySelectorAll('lf-variants-compare .lf-change').length === 2, undefined, { timeout: 10_000 });
    await page.screenshot({ path: '/tmp/variants-zh.png' });

    // Diff with Baseline from the palette, on the active variant.
    await page.evaluate((id) => (window as Any).leanflow.documents.setActive(id), fastId);
    await runCommand(page, '与基线比较差异');
    await page.waitForFunction(
      () => [...document.querySelectorAll('lf-variants-compare .lf-change')].map((i) => (i as HTMLElement).dataset['element']).join() === 'Task_Qualify,Task_SendQuote',
      undefined,
      { timeout: 10_000 },
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});

// The Event Log view in Chromium, as a user works: a million-event CSV reads in the worker with progress while the
// page stays responsive, and Cancel stops a read; an XES file dropped on the view reads at once; a CRM export with
// its own column names (semicolons, day-first dates, gzip) goes through the column dialog (a wrong column shows the
// line it fails on, in the preview and from the worker); the activity mapping preselects equal names and a
// suggestion and takes a manual choice (the export dropped on the studio, not on the view); Calibrate shows each fit with its plot and the same figures Node computes;
// Apply adds a scenario as one undo step (Ctrl+Z restores the file's scenarios); conformance shows the fitness and
// the skipped step on the diagram.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { activityCounts, calibrateScenario, compareEventLogs, mapActivities, parseCsvLog, replayLog } from '@leanflow/analysis';
import { loadDocument } from '@leanflow/model';
import { formatPercent } from '@leanflow/plugin-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const MODEL = join(fixturesDir(), 'logs/loanapp-simplified.bpmn');

/** dd/mm/yyyy hh:mm:ss.mmm, as a European spreadsheet writes it. */
const dayFirst = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 23)}`;

/**
 * The Simod loan log as a CRM would export it: its own column names, semicolons, day-first dates, one activity
 * renamed slightly (a suggestion) and one differently (mapped by hand), AML check skipped in the first 100 cases, and
 * a "Ready" column with one value that is not a date (line 3001).
 */
function crmExport(): string {
  const lines = gunzipSync(readFileSync(join(fixturesDir(), 'logs/loanapp-simplified-train.csv.gz'))).toString('utf8').trim().split('\n');
  const out = ['Ticket;Step;Agent;Opened;Closed;Ready'];
  for (const line of lines.slice(1)) {
    const [caseId, resource, , activity, , , start, end, enabled] = line.split(',');
    if (activity === 'AML check' && Number(caseId) < 100) continue;
    const step = activity === 'Check credit history' ? 'Credit history checks' : activity === 'Design loan offer' ? 'Offer drafting' : activity!;
    out.push([caseId, step, resource, dayFirst(start!), dayFirst(end!), out.length === 3000 ? 'n/a' : dayFirst(enabled!)].join(';'));
  }
  return out.join('\n') + '\n';
}

/** A Simod-like CSV of `events` events (10 a case), for the size and the cancel tests. */
function bigLog(events: number): string {
  const parts = ['case_id,activity,resource,start_time,end_time'];
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < events; i++) {
    const c = Math.floor(i / 10);
    const start = t0 + c * 60_000 + (i % 10) * 600_000;
    parts.push(`${c},Step ${i % 10},R${c % 7},${new Date(start).toISOString()},${new Date(start + 300_000).toISOString()}`);
  }
  return parts.join('\n') + '\n';
}

const XES = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
${[1, 2, 3].map((c) => `  <trace><string key="concept:name" value="T${c}"/>
    <event><string key="concept:name" value="Check application form completeness"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2024-03-0${c}T09:00:00.000+01:00"/></event>
    <event><string key="concept:name" value="Check application form completeness"/><string key="lifecycle:transition" value="complete"/><date key="time:timestamp" value="2024-03-0${c}T09:20:00.000+01:00"/></event>
  </trace>`).join('\n')}
</log>`;

/** A fresh studio with the Simod loan model open and the Event Log view shown. */
async function openLoanModelWithLogView(browser: Browser) {
  const studio = await openStudio(browser);
  const { page } = studio;
  await waitForCanvas(page);
  await page.setInputFiles('#lf-open-file', MODEL);
  await page.waitForFunction(() => (window as Any).leanflow.documents.active?.name === 'loanapp-simplified.bpmn');
  await waitForCanvas(page);
  await page.evaluate(() => (window as Any).leanflow.commands.execute('eventLogs.show'));
  return { ...studio, view: page.locator('lf-event-logs-view') };
}

async function scenariosOf(page: Page): Promise<{ ids: string[]; active: string | undefined }> {
  const xml: string = await page.evaluate(async () => {
    const w = (window as Any).leanflow;
    return w.documents.getXml(w.documents.active.id);
  });
  const doc = await loadDocument(xml);
  return { ids: doc.scenarios.map((s) => s.id), active: doc.activeScenarioId };
}

describe('Event logs in the studio', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reads a million events in the worker with progress, the page responsive; Cancel stops a read', async () => {
    const { page, context, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const dir = mkdtempSync(join(tmpdir(), 'leanflow-log-'));
    const file = join(dir, 'million.csv');
    writeFileSync(file, bigLog(1_000_000));
    await page.evaluate(() => (window as Any).leanflow.commands.execute('eventLogs.show'));
    const view = page.locator('lf-event-logs-view');

    // Cancel: the read stops, the view says so.
    await view.locator('input.lf-log-file').setInputFiles(file);
    await page.locator('dialog.lf-log-dialog button[data-action="import"]').click();
    await view.locator('.lf-log-progress progress').waitFor();
    await view.locator('button[data-action="cancel"]').click();
    await view.locator('[data-state="cancelled"]').waitFor();

    // The whole read, with the main thread's largest stall measured meanwhile.
    await view.locator('input.lf-log-file').setInputFiles(file);
    const dialog = page.locator('dialog.lf-log-dialog');
    expect(await dialog.locator('select[name="column-case"]').inputValue()).toBe('case_id');
    expect(await dialog.locator('select[name="column-start"]').inputValue()).toBe('start_time');
    await page.evaluate(() => {
      const probe = { last: performance.now(), worst: 0, timer: 0 };
      probe.timer = window.setInterval(() => {
        const now = performance.now();
        probe.worst = Math.max(probe.worst, now - probe.last);
        probe.last = now;
      }, 20);
      (window as Any).__probe = probe;
    });
    const started = Date.now();
    await dialog.locator('button[data-action="import"]').click();
    await view.locator('.lf-log-progress progress').waitFor();
    await view.locator('.lf-log-summary[data-events="1000000"]').waitFor({ timeout: 240_000 });
    const wall = Date.now() - started;
    const worst: number = await page.evaluate(() => (clearInterval((window as Any).__probe.timer), (window as Any).__probe.worst));
    console.log(`1,000,000 events: read in ${wall} ms (worker ${await view.locator('.lf-log-summary').textContent()}); worst main-thread gap ${worst.toFixed(0)} ms`);
    expect(await view.locator('.lf-log-summary').textContent()).toContain('100,000 cases');
    // A frozen page would stall for the whole read; the worker keeps the page's timers within a frame or two.
    expect(worst).toBeLessThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  }, 360_000);

  it('imports, maps columns, calibrates, applies as one undo step and shows conformance deviations', async () => {
    const { page, context, errors, view } = await openLoanModelWithLogView(browser);

    // An XES file dropped on the view reads without the column dialog.
    await view.locator('[data-drop="event-log"]').waitFor();
    const drop = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'three.xes', { type: 'application/xml' }));
      return transfer;
    }, XES);
    await view.locator('[data-drop="event-log"]').dispatchEvent('dragover', { dataTransfer: drop });
    await view.locator('[data-drop="event-log"]').dispatchEvent('drop', { dataTransfer: drop });
    await view.locator('.lf-log-summary[data-events="3"]').waitFor();
    expect(await view.locator('.lf-log-summary').textContent()).toContain('3 cases');

    // The CRM export (gzip) dropped on the diagram goes to the Event Log view (not to the BPMN reader) and its column
    // dialog.
    const csv = crmExport();
    const documents = await page.evaluate(() => (window as Any).leanflow.documents.all().length);
    const dropped = await page.evaluateHandle((base64) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'crm-export.csv.gz', { type: 'application/gzip' }));
      return transfer;
    }, gzipSync(csv).toString('base64'));
    await page.locator('.lf-shell').dispatchEvent('drop', { dataTransfer: dropped });
    const dialog = page.locator('dialog.lf-log-dialog');
    await dialog.waitFor();
    // "Ticket" and "Agent" are known names for the case id and the resource; the rest is the user's to choose. A date
    // in the first rows (13/02/2023) tells that dates are day first.
    expect(await dialog.locator('select[name="column-case"]').inputValue()).toBe('Ticket');
    expect(await dialog.locator('select[name="column-resource"]').inputValue()).toBe('Agent');
    expect(await dialog.locator('select[name="column-activity"]').inputValue()).toBe('');
    expect(await dialog.locator('button[data-action="import"]').isDisabled()).toBe(true);
    expect(await dialog.locator('[data-detected="dmy"]').textContent()).toContain('day first (from 13/02/2023');
    expect(await dialog.locator('select[name="date-order"]').inputValue()).toBe('dmy');
    await dialog.locator('select[name="column-activity"]').selectOption('Step');
    await dialog.locator('select[name="column-resource"]').selectOption('Agent');
    await dialog.locator('select[name="column-start"]').selectOption('Opened');
    // A wrong end column: the preview names the line and the value.
    await dialog.locator('select[name="column-end"]').selectOption('Agent');
    expect(await dialog.locator('[role="alert"]').first().textContent()).toContain('Each field needs its own column');
    await dialog.locator('select[name="column-resource"]').selectOption('');
    expect(await dialog.locator('[data-problem="preview"]').textContent()).toBe('Line 2: “Clerk-000001” in column “Agent” is not a date and time this reader knows.');
    await dialog.locator('select[name="column-resource"]').selectOption('Agent');
    await dialog.locator('select[name="column-end"]').selectOption('Closed');
    // The ready time has a bad value further down: the worker's read names its line, the dialog stays open.
    await dialog.locator('select[name="column-enabled"]').selectOption('Ready');
    expect(await dialog.locator('[role="alert"]').count()).toBe(0);
    await page.screenshot({ path: 'test-results/event-logs-columns.png' });
    await dialog.locator('button[data-action="import"]').click();
    await dialog.locator('[data-problem="read"]').waitFor();
    expect(await dialog.locator('[data-problem="read"]').textContent()).toContain('line 3001: "n/a" in column "Ready"');
    await dialog.locator('select[name="column-enabled"]').selectOption('');
    await dialog.locator('button[data-action="import"]').click();
    await view.locator('.lf-log-summary[data-events="7444"]').waitFor({ timeout: 60_000 });
    expect(await dialog.count()).toBe(0);
    expect(await page.evaluate(() => (window as Any).leanflow.documents.all().length)).toBe(documents);
    expect(await page.locator('.lf-toast[data-code^="file."]').count()).toBe(0);

    // The mapping: equal names, one suggestion preselected, one activity mapped by hand.
    const model = await loadDocument(readFileSync(MODEL, 'utf8'));
    const tasks = Object.fromEntries(model.graph!.nodes.map((n) => [n.name, n.id]));
    const rows = view.locator('.lf-log-mapping tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(12);
    const suggested = view.locator('tr[data-activity="Credit history checks"]');
    expect(await suggested.getAttribute('data-source')).toBe('suggested');
    expect(await suggested.locator('select').inputValue()).toBe(tasks['Check credit history']);
    const manual = view.locator('tr[data-activity="Offer drafting"]');
    expect(await manual.getAttribute('data-source')).toBe('none');
    expect(await view.locator('[data-unmapped="activities"]').textContent()).toContain('Offer drafting');
    expect(await view.locator('[data-unmapped="tasks"]').textContent()).toContain('Design loan offer');
    await manual.locator('select').selectOption(tasks['Design loan offer']!);
    expect(await manual.getAttribute('data-source')).toBe('user');
    expect(await view.locator('.lf-log-mapping .lf-log-ok').count()).toBe(1);

    // Calibrate: the figures Node computes from the same file and mapping.
    const log = parseCsvLog(csv, { columns: { case: 'Ticket', activity: 'Step', resource: 'Agent', start: 'Opened', end: 'Closed' }, dateOrder: 'dmy' });
    const mapping = { ...mapActivities(model.graph!, activityCounts(log)).mapping, 'Credit history checks': tasks['Check credit history']!, 'Offer drafting': tasks['Design loan offer']! };
    const base = model.scenarios.find((s) => s.id === model.activeScenarioId)!;
    const node = calibrateScenario(model.graph!, base, log, { mapping });
    await view.locator('button[data-action="calibrate"]').click();
    const results = view.locator('.lf-log-results');
    await results.waitFor({ timeout: 60_000 });
    expect(await results.locator('[data-fit="arrivals"]').textContent()).toContain(`${node.arrivals[0]!.ratePerHour.toFixed(3).replace(/0+$/, '')} cases an hour`);
    expect(await results.locator('details.lf-log-task').count()).toBe(node.tasks.length);
    const design = node.tasks.find((x) => x.taskId === tasks['Design loan offer'])!;
    const row = results.locator(`details[data-task="${design.taskId}"]`);
    expect(await row.locator('.ks').textContent()).toBe(`KS ${design.fit.chosen.ks.toFixed(2)}`);
    await row.locator('summary').click();
    expect(await row.locator(`tr.chosen`).getAttribute('data-family')).toBe(design.fit.chosen.family);
    expect(await row.locator('svg rect.bar').count()).toBeGreaterThanOrEqual(5);
    expect(await row.locator('svg path.curve').count()).toBe(1);
    expect(await results.locator('.lf-log-gateway').count()).toBe(node.gateways.length);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/event-logs-calibration.png' });

    // Apply: one new active scenario, the old ones kept; Ctrl+Z takes it all back.
    const before = await scenariosOf(page);
    await results.locator('button[data-action="apply"]').click();
    await expect.poll(async () => (await scenariosOf(page)).active).toBe('calibrated');
    const after = await scenariosOf(page);
    expect(after.ids).toEqual([...before.ids, 'calibrated']);
    const xml: string = await page.evaluate(async () => (window as Any).leanflow.documents.getXml((window as Any).leanflow.documents.active.id));
    const applied = (await loadDocument(xml)).scenarios.find((s) => s.id === 'calibrated')!;
    expect(applied.tasks[design.taskId]!.duration).toEqual(design.fit.distribution);
    expect(applied.arrivals[node.arrivals[0]!.startEventId]!.interArrival).toEqual(node.arrivals[0]!.interArrival);
    await page.locator('lf-bpmn-editor:not([hidden]) .djs-container').click({ position: { x: 600, y: 40 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await scenariosOf(page)).ids.includes('calibrated')).toBe(false);
    expect(await scenariosOf(page)).toEqual(before);

    // Conformance: AML check skipped in 100 of 1000 cases.
    await view.locator('button[data-action="conformance"]').click();
    const conformance = view.locator('.lf-log-conformance');
    await conformance.locator('.lf-log-method').waitFor();
    const replay = replayLog(model.graph!, log, mapping);
    expect(replay.fittingCases).toBe(900);
    expect(await conformance.locator('.lf-log-fitness').textContent()).toContain('900 of 1,000 cases fit the model (90%)');
    expect(await conformance.locator('.lf-log-method').textContent()).toContain('token replay');
    const deviating = replay.deviations.filter((d) => d.missing + d.remaining > 0);
    expect(await conformance.locator('tbody tr').count()).toBe(deviating.length);
    // Drawn on the diagram: a badge and a marker on each deviating element.
    await page.locator('.lf-log-dev-badge').first().waitFor();
    expect(await page.locator('.lf-log-dev-badge').count()).toBe(deviating.length);
    for (const d of deviating) {
      expect(await page.locator(`.lf-log-dev-badge[data-element-id="${d.elementId}"]`).textContent()).toBe(`${d.missing} missing · ${d.remaining} left`);
      expect(await page.locator(`.djs-element[data-element-id="${d.elementId}"]`).getAttribute('class')).toMatch(/lf-log-dev-[1-4]/);
    }
    await page.locator('.lf-log-dev-legend').waitFor();
    await conformance.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/event-logs-conformance.png' });
    // Switched off, the diagram is clean again.
    await conformance.locator('input[name="show-deviations"]').uncheck();
    await expect.poll(() => page.locator('.lf-log-dev-badge').count()).toBe(0);
    expect(await page.locator('.djs-element[class*="lf-log-dev-"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('first response, weekly profile and working hours, validation by simulation, and a before/after comparison', async () => {
    const { page, context, errors, view } = await openLoanModelWithLogView(browser);
    const train = gunzipSync(readFileSync(join(fixturesDir(), 'logs/loanapp-simplified-train.csv.gz'))).toString('utf8');
    const test = gunzipSync(readFileSync(join(fixturesDir(), 'logs/loanapp-simplified-test.csv.gz'))).toString('utf8');
    await view.locator('input.lf-log-file').setInputFiles({ name: 'train.csv', mimeType: 'text/csv', buffer: Buffer.from(train) });
    await page.locator('dialog.lf-log-dialog button[data-action="import"]').click();
    await view.locator('.lf-log-mapping tbody tr').first().waitFor({ timeout: 60_000 });

    // The first response is a log activity; calibration gets it and shows the log's figures, as Node computes them.
    await view.locator('select[name="first-response"]').selectOption('Check credit history');
    const model = await loadDocument(readFileSync(MODEL, 'utf8'));
    const log = parseCsvLog(train);
    const mapping = mapActivities(model.graph!, activityCounts(log)).mapping;
    const base = model.scenarios.find((s) => s.id === model.activeScenarioId)!;
    const node = calibrateScenario(model.graph!, base, log, { mapping, timeZone: 'UTC', firstResponse: 'Check credit history' });
    const fr = node.firstResponse!;
    await view.locator('button[data-action="calibrate"]').click();
    const results = view.locator('.lf-log-results');
    await results.waitFor({ timeout: 60_000 });
    const frText = await results.locator('[data-fit="first-response"]').textContent();
    expect(Number(await results.locator('[data-fit="first-response"]').getAttribute('data-within'))).toBeCloseTo(fr.withinTarget, 9);
    expect(frText).toContain(`${formatPercent(fr.withinTarget, 'en')} of cases answered within the`);
    expect(frText).toContain('1,000 of 1,000 cases answered');

    // The weekly profile: 168 hours of the week drawn (hours without arrivals have no bar), the test and fit in words.
    const profile = node.arrivals[0]!.profile!;
    const weekly = results.locator('[data-plot="weekly"]');
    expect(await weekly.getAttribute('data-weekly')).toBe(String(profile.weekly));
    expect(await weekly.locator('rect.bar').count()).toBe(profile.ratePerHour.filter((r) => r > 0).length);
    expect(await weekly.locator('path.curve').count()).toBe(1);
    expect(await results.locator('[data-fit="profile"]').textContent()).toContain(`R² ${profile.fit.r2.toFixed(3)}`);
    // Working hours per pool with their coverage.
    expect(await results.locator('.lf-log-table.hours tbody tr').count()).toBe(node.calendars.length);
    for (const c of node.calendars) expect(await results.locator(`.lf-log-table.hours tr[data-pool="${c.poolId}"] td:last-child`).textContent()).toBe(formatPercent(c.fit.coverage, 'en'));

    // Validation: the calibrated scenario simulated in the simulation worker, the log's KPIs next to it.
    const validation = results.locator('.lf-log-validation[data-state="done"]');
    await validation.waitFor({ timeout: 120_000 });
    expect(await validation.locator('[data-run-cases]').textContent()).toContain('1,000 cases × 3 replications, seed 1');
    const cycle = validation.locator('tr[data-kpi="cycleTime"]');
    expect(await cycle.count()).toBe(1);
    expect(await validation.locator('tr[data-kpi="firstResponse:withinTarget"] td').nth(1).textContent()).toBe(`${formatPercent(fr.withinTarget, 'en')}`);
    expect(await validation.locator('tr[data-kpi="processingTime"]').count()).toBe(node.tasks.length);
    await validation.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/event-logs-validation.png' });
    await weekly.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/event-logs-weekly.png' });

    // Before/after: the test log compared with the train log, as compareEventLogs gives it in Node (same seed).
    await view.locator('input.lf-log-compare-file').setInputFiles({ name: 'test.csv', mimeType: 'text/csv', buffer: Buffer.from(test) });
    const compare = view.locator('.lf-log-compare[data-compare="done"]');
    await compare.waitFor({ timeout: 120_000 });
    const expected = compareEventLogs(log, parseCsvLog(test), { activityKeys: mapping, firstResponseActivities: ['Check credit history'], firstResponseTargetSeconds: fr.targetSeconds });
    expect(await compare.locator('tbody tr').count()).toBe(expected.kpis.length);
    for (const k of expected.kpis) {
      const row = compare.locator(`tr[data-kpi="${k.key}"]`);
      expect(await row.getAttribute('data-verdict')).toBe(k.verdict);
      expect(await row.getAttribute('data-significant')).toBe(String(k.significant));
    }
    expect(await compare.locator('tr[data-kpi="cycleTime"] .lf-log-diff').textContent()).toMatch(/95%: [+−]?\S+ .* … [+−]?\S+/);
    await compare.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/event-logs-compare.png' });
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});

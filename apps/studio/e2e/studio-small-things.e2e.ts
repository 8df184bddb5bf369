// Small things users noticed: each side-bar view keeps its scroll position; Problems does not show a document's
// findings while the Compare tab is shown; the Compare tab (with its results) and the latest simulation results come
// back after a reload; an element appended off-screen scrolls into view; heat-map badges, lightbulbs and lane badges
// cover no label and no start event; a file without diagram layout opens laid out.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForAutosave, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function showView(page: Page, id: string): Promise<void> {
  // Through the layout (a click on the active view's icon would close the side bar, as in VS Code).
  await page.evaluate((view) => (window as Any).leanflow.layout.update({ sidebarVisible: true, activeView: view }), id);
  await page.waitForTimeout(300);
}

async function simulate(page: Page): Promise<void> {
  await page.keyboard.press('F5');
  await page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cycleTime"]').waitFor({ timeout: 90_000 });
}

/** Rectangles of the heat-map badges, lightbulbs and lane badges, and of the labels and flow nodes they must not cover. */
async function overlayGeometry(page: Page) {
  return page.evaluate(() => {
    const rect = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const editor = document.querySelector('lf-bpmn-editor:not([hidden])')!;
    const texts = [...editor.querySelectorAll('.djs-element[data-element-id] text')]
      .filter((t) => (t.textContent ?? '').trim())
      .map((t) => ({ id: t.closest('.djs-element')!.getAttribute('data-element-id')!, box: rect(t) }))
      .filter((l) => !/^(Lane|Participant)/.test(l.id));
    const startEvents = [...editor.querySelectorAll('.djs-shape[data-element-id^="StartEvent"], .djs-shape[data-element-id^="Start"]')].map((e) => ({ id: e.getAttribute('data-element-id')!, box: rect(e) }));
    return {
      heat: [...editor.querySelectorAll('.lf-heat-badge')].map((e) => ({ id: (e as HTMLElement).dataset['elementId']!, box: rect(e) })),
      bulbs: [...editor.querySelectorAll('.lf-quick-fix-bulb')].map((e) => ({ id: (e as HTMLElement).dataset['element']!, box: rect(e) })),
      lanes: [...editor.querySelectorAll('.lf-lane-badge')].map((e) => ({ id: (e as HTMLElement).dataset['elementId']!, box: rect(e) })),
      texts,
      startEvents,
    };
  });
}

describe('small things users noticed', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('scroll per view, Problems beside Compare, badges clear of labels, off-screen appends scroll in, restore after reload', async () => {
    const { page, errors } = await openStudio(browser);
    await waitForCanvas(page);
    const asIsId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);
    await simulate(page);

    // Badges and lightbulbs cover no label, and no lane badge sits on a start event.
    await showView(page, 'scorecard');
    await page.waitForFunction(() => document.querySelectorAll('lf-bpmn-editor:not([hidden]) .lf-quick-fix-bulb').length > 0, undefined, { timeout: 60_000 });
    await page.evaluate(() => (window as Any).leanflow.commands.execute('view.zoomFit'));
    await page.waitForTimeout(300);
    const geometry = await overlayGeometry(page);
    expect(geometry.heat.length).toBeGreaterThan(3);
    expect(geometry.bulbs.length).toBeGreaterThan(0);
    expect(geometry.lanes.length).toBe(3);
    const covered: string[] = [];
    for (const o of [...geometry.heat.map((h) => ({ ...h, kind: 'heat' })), ...geometry.bulbs.map((b) => ({ ...b, kind: 'bulb' })), ...geometry.lanes.map((l) => ({ ...l, kind: 'lane' }))]) {
      for (const label of geometry.texts) if (overlaps(o.box, label.box)) covered.push(`${o.kind} of ${o.id} covers the label of ${label.id}`);
      for (const start of geometry.startEvents) if (overlaps(o.box, start.box)) covered.push(`${o.kind} of ${o.id} covers ${start.id}`);
    }
    for (const bulb of geometry.bulbs) for (const heat of geometry.heat) if (overlaps(bulb.box, heat.box)) covered.push(`bulb of ${bulb.id} covers the heat badge of ${heat.id}`);
    expect(covered).toEqual([]);
    await page.screenshot({ path: '/tmp/small-badges.png' });

    // Each side-bar view keeps its own scroll position.
    await showView(page, 'scorecard');
    await page.locator('.lf-view-host').evaluate((host) => (host.scrollTop = 400));
    await showView(page, 'settings');
    expect(await page.locator('.lf-view-host').evaluate((host) => host.scrollTop)).toBe(0);
    await page.locator('.lf-view-host').evaluate((host) => (host.scrollTop = 250));
    await page.waitForTimeout(100);
    await showView(page, 'scorecard');
    await expect.poll(() => page.locator('.lf-view-host').evaluate((host) => host.scrollTop)).toBe(400);
    await showView(page, 'settings');
    await expect.poll(() => page.locator('.lf-view-host').evaluate((host) => host.scrollTop)).toBe(250);
    await showView(page, 'explorer');

    // Problems with the Compare tab in front lists no document's findings; back on the document they are there.
    await page.evaluate(() => (window as Any).leanflow.commands.execute('workbench.showProblems'));
    const documentProblems = await page.locator('lf-panel .lf-problem').count();
    expect(documentProblems).toBeGreaterThan(0);
    await page.evaluate(() => (window as Any).leanflow.commands.execute('variants.duplicate'));
    await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 2);
    await waitForCanvas(page);
    await page.keyboard.press('Control+Alt+V');
    const compare = page.locator('lf-variants-compare');
    await compare.waitFor();
    await compare.locator('input[data-setting=cases]').fill('80');
    await compare.locator('input[data-setting=replications]').fill('2');
    await compare.locator('button[data-action=compare]').click();
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=done]', { timeout: 90_000 });
    expect(await page.locator('lf-panel .lf-problem').count()).toBe(0);
    expect(await page.locator('lf-status-bar [data-item="problems"]').textContent()).toBe('No problems');
    await page.screenshot({ path: '/tmp/small-compare-problems.png' });
    const compared = await compare.locator('.lf-variants-results').getAttribute('data-compared');
    const cycleCell = await compare.locator('tr[data-kpi=cycleTime] td.lf-diff-cell').getAttribute('data-mean');
    await page.locator(`.lf-tab[data-id="${asIsId}"]`).click();
    await expect.poll(() => page.locator('lf-panel .lf-problem').count()).toBe(documentProblems);

    // Reload with the Compare tab in front: it comes back with its results, and so does the latest simulation run.
    await page.locator('.lf-tab[data-tab]').click();
    await waitForAutosave(page);
    await page.reload();
    await page.locator('lf-variants-compare .lf-variants-compare[data-status=done]').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as Any).leanflow.editorTabs.active?.id)).toMatch(/compare/);
    expect(await page.locator('lf-variants-compare .lf-variants-results').getAttribute('data-compared')).toBe(compared);
    expect(await page.locator('lf-variants-compare tr[data-kpi=cycleTime] td.lf-diff-cell').getAttribute('data-mean')).toBe(cycleCell);
    await page.screenshot({ path: '/tmp/small-compare-restored.png' });
    await page.locator(`.lf-tab[data-id="${asIsId}"]`).click();
    await waitForCanvas(page);
    await page.waitForFunction((id) => (window as Any).leanflow.simulation.state(id)?.report !== null && (window as Any).leanflow.simulation.state(id)?.report !== undefined, asIsId, { timeout: 30_000 });
    expect(await page.evaluate((id) => (window as Any).leanflow.simulation.state(id).status, asIsId)).toBe('done');
    await showView(page, 'simulation');
    await page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cycleTime"]').waitFor({ timeout: 30_000 });
    await page.locator('lf-bpmn-editor:not([hidden]) .lf-heat-badge').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: '/tmp/small-simulation-restored.png' });

    // An element appended to the right of the view scrolls into view.
    await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      const canvas = editor.get('canvas');
      canvas.zoom(1.5);
      const end = editor.get('elementRegistry').get('EndEvent_QuoteSent') ?? editor.get('elementRegistry').filter((e: Any) => e.type === 'bpmn:EndEvent').pop();
      const box = canvas.viewbox();
      // The end event at the right edge of the view: what is appended after it lands outside.
      canvas.viewbox({ x: end.x + end.width - box.width + 10, y: end.y - box.height / 2, width: box.width, height: box.height });
      editor.get('selection').select(end);
    });
    const before = await page.evaluate(() => (window as Any).leanflow.activeEditor.get('elementRegistry').getAll().length);
    await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      const end = editor.get('selection').get()[0];
      const shape = editor.get('elementFactory').createShape({ type: 'bpmn:Task' });
      editor.get('autoPlace').append(end, shape);
    });
    await page.waitForFunction((n) => (window as Any).leanflow.activeEditor.get('elementRegistry').getAll().length > n, before);
    const placed = await page.evaluate(() => {
      const editor = (window as Any).leanflow.activeEditor;
      const shape = editor.get('selection').get()[0];
      const box = editor.get('canvas').viewbox();
      return { inside: shape.x >= box.x && shape.x + shape.width <= box.x + box.width && shape.y >= box.y && shape.y + shape.height <= box.y + box.height, type: shape.type };
    });
    expect(placed).toEqual({ inside: true, type: 'bpmn:Task' });
    await page.screenshot({ path: '/tmp/small-autoscroll.png' });

    // A file without diagram layout opens laid out (and unsaved), with a note saying so.
    const withoutDi = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '');
    await page.setInputFiles('#lf-open-file', { name: 'mined-process.bpmn', mimeType: 'application/xml', buffer: Buffer.from(withoutDi, 'utf8') });
    await page.waitForFunction(() => (window as Any).leanflow.documents.active?.name === 'mined-process.bpmn');
    await waitForCanvas(page);
    const drawn = await page.evaluate(() => {
      const registry = (window as Any).leanflow.activeEditor.get('elementRegistry');
      return { tasks: registry.filter((e: Any) => /Task$/.test(e.type)).length, flows: registry.filter((e: Any) => e.type === 'bpmn:SequenceFlow').length };
    });
    expect(drawn.tasks).toBe((LEAD_TO_QUOTE_SAMPLE.match(/<bpmn:(userTask|serviceTask|sendTask|task|manualTask)\b/g) ?? []).length);
    expect(drawn.flows).toBe((LEAD_TO_QUOTE_SAMPLE.match(/<bpmn:sequenceFlow\b/g) ?? []).length);
    expect(await page.evaluate(() => (window as Any).leanflow.documents.active.dirty)).toBe(true);
    expect(await page.locator('lf-notifications .lf-toast[data-code="file.laidOut"]').count()).toBe(1);
    await page.evaluate(() => (window as Any).leanflow.commands.execute('view.zoomFit'));
    await page.screenshot({ path: '/tmp/small-auto-layout.png' });
    expect(errors).toEqual([]);
  }, 300_000);
});

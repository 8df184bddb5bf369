// Names of any length never widen the page. "Apply as variant" names the variant by what changed ("To-be: without
// 'Check customer history'"), one toast says so; renaming the variant renames its tab; then a 300-character Chinese
// variant and group name stay inside a 1440×900 and a 1280×720 window in the editor, the Explorer, the Compare tab
// (with results) and after a reload: tabs, titles, rows and table headers are cut with an ellipsis and carry the whole
// name as a tooltip.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openStudio, waitForAutosave, waitForCanvas } from './browser.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const LONG_VARIANT = `客户历史检查（新流程）${'删除非增值任务并合并审批步骤'.repeat(21)}`.slice(0, 300);
const LONG_GROUP = `${'销售服务线索到报价流程'.repeat(28)}`.slice(0, 300);

/** What sticks out of the window: the page's own scroll width and every studio element whose right edge is past it. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = innerWidth;
    const outside: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('lf-studio *')) {
      // Inside a diagram the drawing may extend past its (clipped) canvas; that is the canvas's business.
      if (el.closest('svg, .djs-container, .lf-canvas, .lf-diff-canvas')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
      // Cut off by an ancestor that clips and itself ends inside the window (an ellipsis): fine, unless that ancestor
      // scrolls sideways (a tab strip that scrolls is what the issue reported).
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX === 'visible') continue;
        const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
        clipped = p.getBoundingClientRect().right <= width + 1 && (!scrolls || p.scrollWidth <= p.clientWidth + 1);
        break;
      }
      if (!clipped) outside.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(box.right)}`);
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: width, outside: outside.slice(0, 10) };
  });
}

async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const result = await overflow(page);
  expect(result.scrollWidth, where).toBeLessThanOrEqual(result.innerWidth);
  expect(result.outside, where).toEqual([]);
  // The strips that used to scroll sideways do not: tabs, the Explorer, the status bar.
  const scrolling = await page.evaluate(() =>
    ['.lf-tabs', '.lf-view-host', '.lf-status-bar', 'lf-variants-compare:not([hidden])']
      .flatMap((s) => [...document.querySelectorAll<HTMLElement>(s)])
      .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.scrollWidth}>${e.clientWidth}`),
  );
  expect(scrolling, where).toEqual([]);
}

/** An element shows an ellipsis (its text is wider than its box) and its tooltip holds the whole name. */
async function truncatedWithTooltip(page: Page, selector: string, name: string): Promise<void> {
  const info = await page.locator(selector).first().evaluate((el) => {
    const titled = el.closest('[title]') as HTMLElement | null;
    const style = getComputedStyle(el);
    return { cut: el.scrollWidth > el.clientWidth, ellipsis: style.textOverflow, title: titled?.title ?? '' };
  });
  expect(info.cut, selector).toBe(true);
  expect(info.ellipsis, selector).toBe('ellipsis');
  expect(info.title, selector).toContain(name);
}

describe('nothing breaks the layout', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('short variant names, renamed tabs, and 300-character Chinese names inside 1440×900 and 1280×720', async () => {
    const { page, errors } = await openStudio(browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    await waitForCanvas(page);
    const asIsId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);

    // Apply as variant: the variant is named by what changed, and one toast says so.
    await page.keyboard.press('Control+Alt+I');
    const card = page.locator('lf-suggestions-view .lf-sugg-card[data-id="removeNonValueAdding:Task_CheckHistory"]');
    await card.waitFor({ timeout: 90_000 });
    await page.evaluate(() => (window as Any).leanflow.notifications.clear());
    await card.locator('[data-action="variant"]').click();
    await page.waitForFunction(() => (window as Any).leanflow.documents.all().length === 2, undefined, { timeout: 20_000 });
    await waitForCanvas(page);
    const toBeId: string = await page.evaluate(() => (window as Any).leanflow.documents.active.id);
    const explorerName = page.locator(`lf-explorer-view li[data-id="${toBeId}"] .lf-variant-name`);
    await page.keyboard.press('Control+Shift+E');
    expect(await explorerName.textContent()).toBe("To-be: without 'Check customer history'");
    expect(await page.evaluate((id) => (window as Any).leanflow.documents.get(id).name, toBeId)).toBe("lead-to-quote (To-be: without 'Check customer history').bpmn");
    const toasts = await page.$$eval('lf-notifications .lf-toast', (items) => items.map((t) => `${t.getAttribute('data-code')}: ${t.textContent!.trim()}`));
    expect(toasts).toEqual(["variants.created: Created variant “To-be: without 'Check customer history'” of lead-to-quote."]);
    await page.screenshot({ path: '/tmp/layout-variant-applied.png' });

    // Renaming the variant renames its tab (and the document the studio named after it).
    await page.evaluate(([id, name]) => (window as Any).leanflow.variantGroups.rename(id, name), [toBeId, 'Lean'] as const);
    await expect.poll(() => page.locator(`.lf-tab[data-id="${toBeId}"] .lf-tab-name`).textContent()).toBe('lead-to-quote (Lean).bpmn');

    // Now names of 300 characters, Chinese: the variant (in place, from the Explorer) and the group.
    await page.locator(`lf-explorer-view li[data-id="${toBeId}"]`).dblclick();
    await page.locator('lf-explorer-view input.lf-rename').fill(LONG_VARIANT);
    await page.keyboard.press('Enter');
    const longDocName = `lead-to-quote (${LONG_VARIANT}).bpmn`;
    await expect.poll(() => page.evaluate((id) => (window as Any).leanflow.documents.get(id).name, toBeId)).toBe(longDocName);
    await page.evaluate(([id, name]) => {
      const groups = (window as Any).leanflow.variantGroups;
      groups.renameGroup(groups.groupOf(id).id, name);
    }, [asIsId, LONG_GROUP] as const);
    await page.evaluate(() => (window as Any).leanflow.notifications.clear());
    await expectNoSidewaysScroll(page, 'editor 1440');
    await truncatedWithTooltip(page, `.lf-tab[data-id="${toBeId}"] .lf-tab-name`, longDocName);
    await truncatedWithTooltip(page, `lf-explorer-view li[data-id="${toBeId}"] .lf-doc-name`, LONG_VARIANT);
    await truncatedWithTooltip(page, 'lf-explorer-view li.lf-group .lf-group-name', LONG_GROUP);
    await truncatedWithTooltip(page, 'lf-status-bar [data-item="document"]', longDocName);
    expect((await page.locator(`.lf-tab[data-id="${toBeId}"]`).boundingBox())!.width).toBeLessThanOrEqual(260);
    await page.screenshot({ path: '/tmp/layout-editor-1440.png' });

    // The Compare tab, with results: the title, the variant list, the KPI table's headers and the diff panes.
    await page.keyboard.press('Control+Alt+V');
    const view = page.locator('lf-variants-compare');
    await view.waitFor();
    await view.locator('input[data-setting=cases]').fill('60');
    await view.locator('input[data-setting=replications]').fill('2');
    await view.locator('button[data-action=compare]').click();
    await page.waitForSelector('lf-variants-compare .lf-variants-compare[data-status=done]', { timeout: 90_000 });
    await page.waitForSelector('lf-variants-compare[data-diff-ready]', { timeout: 30_000 });
    await page.evaluate(() => (window as Any).leanflow.notifications.clear());
    await expectNoSidewaysScroll(page, 'compare 1440');
    await truncatedWithTooltip(page, `.lf-tab[data-tab] .lf-tab-name`, LONG_GROUP);
    await truncatedWithTooltip(page, 'lf-variants-compare h2', LONG_GROUP);
    await truncatedWithTooltip(page, 'lf-variants-compare thead th.lf-name-head:nth-child(3) .lf-truncate', LONG_VARIANT);
    await truncatedWithTooltip(page, 'lf-variants-compare .lf-diff-pane:nth-child(2) .lf-diff-title .lf-truncate', LONG_VARIANT);
    // The difference column and the right-hand diagram are inside the window.
    const right = await page.evaluate(() => ({
      difference: document.querySelector('lf-variants-compare tr[data-kpi=cycleTime] td.lf-diff-cell')!.getBoundingClientRect().right,
      diagram: document.querySelector('.lf-diff-canvas[data-side=new]')!.getBoundingClientRect().right,
      width: innerWidth,
    }));
    expect(right.difference).toBeLessThanOrEqual(right.width);
    expect(right.diagram).toBeLessThanOrEqual(right.width);
    await page.screenshot({ path: '/tmp/layout-compare-1440.png' });
    await view.locator('.lf-variants-diff').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/layout-compare-diff-1440.png' });

    // 1280×720: the same, editor and Compare.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expectNoSidewaysScroll(page, 'compare 1280');
    await page.screenshot({ path: '/tmp/layout-compare-1280.png' });
    await page.locator(`.lf-tab[data-id="${toBeId}"]`).click();
    await expectNoSidewaysScroll(page, 'editor 1280');
    await page.screenshot({ path: '/tmp/layout-editor-1280.png' });

    // After a reload (the tab "never shrank, even after a reload").
    await waitForAutosave(page);
    await page.reload();
    await waitForCanvas(page);
    await page.evaluate(() => (window as Any).leanflow.notifications.clear());
    await expectNoSidewaysScroll(page, 'reloaded 1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await expectNoSidewaysScroll(page, 'reloaded 1440');
    await page.screenshot({ path: '/tmp/layout-reloaded-1440.png' });
    expect(errors).toEqual([]);
  }, 300_000);
});

// Lossless interchange in the studio: a BIMP file (QBP simulation data directly under definitions, flow nodes
// without incoming/outgoing lists), a BPSim file and Camunda/Signavio exports are opened, edited and saved; the
// saved file's foreign elements and attributes equal the input's, namespace by namespace. The BIMP scenario is the
// one the studio shows (toast, Properties, Simulation view) and simulates: the same cycle time as `leanflow
// simulate` of the same file, far from what Leanflow's defaults give. Editing the imported scenario in Properties
// stores a Leanflow scenario next to the untouched QBP block.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEANFLOW_NAMESPACE_URI, createDefaultScenario, loadDocument, parseXmlTree, type XmlElement } from '@leanflow/model';
import { suggestSimplifications } from '@leanflow/analysis';
import { simulateSync } from '@leanflow/sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../../cli/src/testing.ts';
import { fixturesDir, launchBrowser, openStudio, waitForCanvas } from './browser.ts';

// bpmn-js services inside page.evaluate are untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const NO_FILE_PICKER = "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });";

/** Namespaces that are BPMN itself (model, DI, DD), XML Schema instance and our own `lf:`; everything else is foreign. */
const isForeign = (uri: string) => uri !== '' && !uri.startsWith('http://www.omg.org/spec/') && !uri.startsWith('http://www.w3.org/') && uri !== LEANFLOW_NAMESPACE_URI;

/**
 * The foreign content of a file, per namespace: every foreign element (with its attributes and text, under the id
 * of its nearest ancestor that has one) and every foreign attribute on a BPMN element. Prefixes, namespace
 * declarations and sibling order are not compared; moddle writes an attribute prefixed with its own element's
 * namespace without the prefix (`<t:x t:a="1"/>` -> `<t:x a="1"/>`), which is the same attribute to a reader.
 */
function foreignContent(xml: string): Record<string, string[]> {
  const tree = parseXmlTree(xml);
  if (!tree.ok) throw new Error(`not well-formed: ${tree.message}`);
  const byNamespace: Record<string, string[]> = {};
  const add = (uri: string, line: string) => (byNamespace[uri] ??= []).push(line);
  const visit = (element: XmlElement, owner: string, path: string) => {
    const id = element.attributes.find((a) => a.uri === '' && a.localName === 'id')?.value;
    const here = id ?? owner;
    if (isForeign(element.uri)) {
      const attributes = [...new Set(element.attributes.filter((a) => !a.uri.startsWith('http://www.w3.org/')).map((a) => `${a.uri === element.uri ? '' : a.uri}:${a.localName}=${a.value}`))].sort();
      const text = element.children.filter((c): c is string => typeof c === 'string').join('').trim();
      const line = `${owner}${path}/${element.localName} [${attributes.join(' ')}]${text ? ` "${text}"` : ''}`;
      add(element.uri, line);
      for (const child of element.children) if (typeof child !== 'string') visit(child, owner, `${path}/${element.localName}`);
      return;
    }
    for (const attribute of element.attributes) if (isForeign(attribute.uri)) add(attribute.uri, `${here} @${attribute.localName}=${attribute.value}`);
    for (const child of element.children) if (typeof child !== 'string') visit(child, here, '');
  };
  visit(tree.root, '', '');
  for (const lines of Object.values(byNamespace)) lines.sort();
  return byNamespace;
}

const count = (content: Record<string, string[]>) => Object.values(content).reduce((n, lines) => n + lines.length, 0);

/** Counts BPMN elements with a local name (e.g. incoming) in a file. */
function countBpmn(xml: string, localName: string): number {
  const tree = parseXmlTree(xml);
  if (!tree.ok) throw new Error('not well-formed');
  let n = 0;
  const visit = (e: XmlElement) => {
    if (e.localName === localName && e.uri === 'http://www.omg.org/spec/BPMN/20100524/MODEL') n++;
    for (const c of e.children) if (typeof c !== 'string') visit(c);
  };
  visit(tree.root);
  return n;
}

/** The loan-application process as BIMP exports it: no incoming/outgoing lists, the QBP block under definitions. */
function bimpLoanApplication(): string {
  const base = readFileSync(join(fixturesDir(), 'logs/loanapp-simplified.bpmn'), 'utf8');
  const block = readFileSync(new URL('../../../packages/workbench/src/editor/fixtures/loanapp-qbp-simulation-info.xml', import.meta.url), 'utf8').replace(/<!--[\s\S]*?-->\s*/, '');
  return base.replace(/^\s*<(incoming|outgoing)>[^<]*<\/\1>\s*\n/gm, '').replace('</definitions>', `${block}</definitions>`);
}

async function openFile(page: Page, path: string): Promise<void> {
  const name = path.split('/').pop()!;
  await page.setInputFiles('#lf-open-file', path);
  await page.locator('.lf-tab.active .lf-tab-name', { hasText: name }).waitFor();
  await waitForCanvas(page);
}

/** The Problems entries of a document once the scorecard has scored it (two equal reads 1 s apart). */
async function settledProblems(page: Page, name: string): Promise<string[]> {
  const read = () =>
    page.evaluate((file) => {
      const lf = (window as Any).leanflow;
      const doc = lf.documents.all().find((d: Any) => d.name === file);
      return (lf.problems.get(doc.id) as Any[]).map((p) => `${p.source} ${p.elementId ?? ''} ${p.message}`).sort() as string[];
    }, name);
  await expect.poll(async () => (await read()).length, { timeout: 30_000 }).toBeGreaterThan(0);
  let last = await read();
  for (;;) {
    await page.waitForTimeout(1000);
    const next = await read();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
}

/** The Suggestions view's ranking once the cards are predicted and nothing changes for a second. */
async function settledSuggestions(page: Page): Promise<{ id: string; benefit: number }[]> {
  const read = () =>
    page.evaluate(() => ({
      status: document.querySelector('lf-suggestions-view .lf-suggestions')?.getAttribute('data-status'),
      cards: [...document.querySelectorAll('lf-suggestions-view .lf-sugg-card')].map((c) => ({ id: c.getAttribute('data-id')!, benefit: Number(c.getAttribute('data-benefit') || NaN) })),
    }));
  let last = '';
  for (let i = 0; i < 120; i++) {
    await page.waitForTimeout(1000);
    const { status, cards } = await read();
    const key = JSON.stringify(cards);
    // Listed first, then predicted while the view is shown: wait for predictions, then for quiet.
    const ready = status === 'done' && cards.some((card) => Number.isFinite(card.benefit));
    if (ready && key === last) return cards;
    last = ready ? key : '';
  }
  const output = await page.evaluate(() => ((window as Any).leanflow.output.all() as { text: string }[]).map((l) => l.text).slice(-8));
  throw new Error(`the suggestions did not settle: ${JSON.stringify(await read())} ${JSON.stringify(output)}`);
}

async function runFromPalette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.lf-palette input').fill(command);
  await page.locator('.lf-palette-item').first().waitFor();
  await page.keyboard.press('Enter');
}

async function rename(page: Page, elementId: string, name: string): Promise<void> {
  await page.evaluate(
    ([id, label]) => {
      const editor = (window as Any).leanflow.activeEditor;
      editor.get('modeling').updateLabel(editor.get('elementRegistry').get(id), label);
    },
    [elementId, name] as const,
  );
}

/** Ctrl+S with no File System Access API: the saved file arrives as a download. */
async function save(page: Page): Promise<string> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('lossless interchange in the studio', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'leanflow-interchange-'));
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps a BIMP file\'s QBP block through open, edit, save; shows and simulates the imported scenario', { timeout: 240_000 }, async () => {
    const bimp = bimpLoanApplication();
    const path = join(dir, 'loanapp-bimp.bpmn');
    writeFileSync(path, bimp);
    const input = foreignContent(bimp);
    const qbp = 'http://www.qbp-simulator.com/Schema201212';
    expect(input[qbp]!.length).toBe(87);
    expect(countBpmn(bimp, 'incoming')).toBe(0);

    const { page, context, errors } = await openStudio(browser, { initScript: NO_FILE_PICKER });
    await waitForCanvas(page);

    // The same process with its incoming/outgoing lists: the BIMP file must lint and score exactly like it.
    const withLists = join(dir, 'loanapp-lists.bpmn');
    writeFileSync(withLists, readFileSync(join(fixturesDir(), 'logs/loanapp-simplified.bpmn'), 'utf8').replace('</definitions>', bimp.slice(bimp.indexOf('<qbp:processSimulationInfo'))));
    // It gets the same suggestions, predicted with the imported scenario (no scenario gave no predictions before).
    await openFile(page, withLists);
    const reference = await settledProblems(page, 'loanapp-lists.bpmn');
    await page.keyboard.press('Control+Alt+I');
    const referenceSuggestions = await settledSuggestions(page);
    await openFile(page, path);
    // Said clearly on opening: an info toast with the figures; no "opened with 1 warning" any more.
    const toast = page.locator('.lf-toast[data-code="file.importedScenario"]', { hasText: 'loanapp-bimp.bpmn' });
    await toast.waitFor();
    const toastText = (await toast.textContent())!;
    console.log(`toast: ${toastText.replace(/\s+/g, ' ')}`);
    expect(toastText).toContain('simulation scenario imported from BIMP (QBP) (4 resources, 3 timetables, 12 task durations, 3 decisions, 1 arrival streams)');
    expect(toastText).toContain('the BIMP (QBP) data stays in the file unchanged');
    await expect(page.locator('.lf-toast[data-code="file.importWarnings"]').count()).resolves.toBe(0);

    const problems = await settledProblems(page, 'loanapp-bimp.bpmn');
    const suggestions = await settledSuggestions(page);
    console.log(`scorecard findings in Problems: ${problems.length}; suggestions: ${suggestions.map((e) => `${e.id} ${e.benefit.toFixed(4)}`).join(', ')}`);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((p) => /not connected/.test(p))).toEqual([]);
    expect(problems).toEqual(reference);
    expect(suggestions).toEqual(referenceSuggestions);
    // As `suggestSimplifications` predicts them in Node for the file with the lists (the scenario's own run, as the
    // scenario's seed). (Node on the BIMP file itself still lists fewer: applyEdits reads the lists; see docs.)
    const node = await suggestSimplifications(readFileSync(withLists, 'utf8'));
    if (!node.ok) throw new Error('the loan process should be analysed');
    expect(node.scenario?.id).toBe('qbp');
    // The same suggestions. The studio scores the runs with its Scorecard's rules (the example plugins' too), so a
    // benefit differs from Node's by exactly the difference of the score differences (which may reorder close
    // ones); the KPI part is the same.
    expect(suggestions.map((entry) => entry.id).sort()).toEqual(node.suggestions.map((entry) => entry.suggestion.id).sort());
    const predicted = node.suggestions.filter((entry) => entry.impact);
    expect(predicted.length).toBeGreaterThanOrEqual(3);
    for (const entry of predicted) {
      const id = entry.suggestion.id;
      const scoreRow = page.locator(`.lf-sugg-card[data-id="${id}"] tr[data-kpi="score"]`);
      const pageScoreDifference = (await scoreRow.count()) ? Number(await scoreRow.getAttribute('data-after')) - Number(await scoreRow.getAttribute('data-before')) : 0;
      const shown = suggestions.find((card) => card.id === id)!.benefit - pageScoreDifference;
      expect(Math.abs(shown - (entry.impact!.benefit - (entry.impact!.score.difference ?? 0)))).toBeLessThan(1e-6);
    }
    await page.screenshot({ path: '/tmp/interchange-suggestions-qbp.png' });

    // Properties names the source and the figures.
    await page.keyboard.press('Alt+Enter');
    const note = page.locator('lf-properties-view [data-note="source"]');
    await note.waitFor();
    await expect(note.getAttribute('data-source')).resolves.toBe('qbp');
    await expect(note.textContent()).resolves.toContain('Scenario imported from the file\'s BIMP (QBP) data (4 resources, 3 timetables, 12 task durations)');
    await page.screenshot({ path: '/tmp/interchange-properties-qbp.png' });

    // Simulate uses it: the cycle time equals `leanflow simulate` of the same file (same seed, cases, replications).
    await runFromPalette(page, 'simulate');
    const card = page.locator('[data-view-id="simulation"] .lf-sim-card[data-kpi="cycleTime"]');
    await card.waitFor({ timeout: 120_000 });
    const shown = Number(await card.getAttribute('data-value'));
    await expect(page.locator('[data-view-id="simulation"]').textContent()).resolves.toContain('Parameters imported from the file\'s BIMP (QBP) data.');
    const cli = await cliRunner(dir)('simulate', 'loanapp-bimp.bpmn', '--format', 'json');
    expect(cli.code).toBe(0);
    const cliJson = JSON.parse(cli.stdout) as { cases: number; replications: number; seed: number; kpis: { cycleTime: { mean: number } } };
    const loaded = await loadDocument(bimp);
    const defaults = simulateSync(loaded.graph!, createDefaultScenario(loaded.graph!));
    if (!defaults.ok) throw new Error('the defaults should simulate');
    console.log(`cycle time: studio ${shown.toFixed(1)} s, CLI ${cliJson.kpis.cycleTime.mean} s (${cliJson.cases} cases x ${cliJson.replications}, seed ${cliJson.seed}), defaults ${defaults.kpis.cycleTime.mean.toFixed(1)} s`);
    expect(cliJson).toMatchObject({ cases: 400, replications: 5, seed: 1 });
    expect(Math.abs(shown - cliJson.kpis.cycleTime.mean) / cliJson.kpis.cycleTime.mean).toBeLessThan(1e-6);
    expect(Math.abs(shown - defaults.kpis.cycleTime.mean) / defaults.kpis.cycleTime.mean).toBeGreaterThan(0.5);
    await page.screenshot({ path: '/tmp/interchange-simulation-qbp.png' });

    // Edit and save: every foreign element and attribute comes back; the flow nodes now list their flows.
    await rename(page, 'sid-8BCCD9BA-2B23-44CA-BB32-4988807D3161', 'Check the credit history');
    const saved = await save(page);
    expect(saved).toContain('name="Check the credit history"');
    expect(foreignContent(saved)).toEqual(input);
    expect(countBpmn(saved, 'incoming')).toBe(24);
    expect(countBpmn(saved, 'outgoing')).toBe(24);
    expect((await loadDocument(saved)).scenarios).toEqual(loaded.scenarios);

    // Editing the imported scenario stores a Leanflow scenario; the QBP block stays as it was.
    await page.evaluate(() => (window as Any).leanflow.activeEditor.get('selection').select(null));
    await page.keyboard.press('Alt+Enter');
    const replications = page.locator('lf-properties-view [data-field="replications"]');
    await replications.waitFor();
    await replications.fill('3');
    await replications.press('Tab');
    await expect.poll(() => note.getAttribute('data-source')).toBe('leanflow');
    await expect(note.getAttribute('data-foreign')).resolves.toBe('qbp');
    await expect(note.textContent()).resolves.toContain('The file\'s original BIMP (QBP) data is kept unchanged but no longer used.');
    const edited = await save(page);
    expect(foreignContent(edited)).toEqual(input);
    const reread = await loadDocument(edited);
    expect(reread.scenarioSource).toBe('leanflow');
    expect(reread.scenarios[0]).toEqual({ ...loaded.scenarios[0], replications: 3 });
    await page.screenshot({ path: '/tmp/interchange-properties-edited.png' });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('says it in Chinese too', { timeout: 120_000 }, async () => {
    const path = join(dir, 'loanapp-bimp-zh.bpmn');
    writeFileSync(path, bimpLoanApplication());
    const { page, context, errors } = await openStudio(browser, { locale: 'zh-CN' });
    await waitForCanvas(page);
    await openFile(page, path);
    const toast = page.locator('.lf-toast[data-code="file.importedScenario"]');
    await toast.waitFor();
    await expect(toast.textContent()).resolves.toContain('仿真场景导入自 BIMP（QBP）（4 个资源，3 个时间表，12 个任务时长，3 个决策，1 个到达流）');
    await page.keyboard.press('Alt+Enter');
    const note = page.locator('lf-properties-view [data-note="source"]');
    await note.waitFor();
    await expect(note.textContent()).resolves.toContain('场景导入自文件中的 BIMP（QBP）数据（4 个资源，3 个时间表，12 个任务时长）');
    await page.screenshot({ path: '/tmp/interchange-zh.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps BPSim, Camunda and Signavio extensions through open, edit, save', { timeout: 240_000 }, async () => {
    const files = [
      { path: 'bpsim/technical-support-process-v2.0.0.bpmn', imported: 'BPSim' },
      { path: 'miwg/vendors/bpmn.io-camunda-modeler-18.6.1/C.1.0-roundtrip.bpmn' },
      { path: 'miwg/vendors/sap-signavio-process-manager-19.9.0/C.5.0-export.1.bpmn' },
      { path: 'miwg/vendors/trisotech-workflow-modeler-12.6.3/B.2.0-export.bpmn' },
    ];
    const { page, context, errors } = await openStudio(browser, { initScript: NO_FILE_PICKER });
    await waitForCanvas(page);
    for (const file of files) {
      const original = readFileSync(join(fixturesDir(), file.path), 'utf8');
      const input = foreignContent(original);
      await openFile(page, join(fixturesDir(), file.path));
      if (file.imported) {
        const toast = page.locator('.lf-toast[data-code="file.importedScenario"]');
        await toast.waitFor();
        await expect(toast.textContent()).resolves.toContain(`simulation scenario imported from ${file.imported}`);
        await page.keyboard.press('Alt+Enter');
        await expect(page.locator('lf-properties-view [data-note="source"]').getAttribute('data-source')).resolves.toBe('bpsim');
        await expect(page.locator('lf-properties-view [data-field="scenario"] option').count()).resolves.toBe(3);
      }
      // Rename the first named task.
      const task: string = await page.evaluate(
        () => (window as Any).leanflow.activeEditor.get('elementRegistry').filter((e: Any) => /Task$/.test(e.type) && e.businessObject.name)[0].id,
      );
      await rename(page, task, 'Renamed in Leanflow');
      const saved = await save(page);
      expect(saved).toContain('name="Renamed in Leanflow"');
      const output = foreignContent(saved);
      console.log(`${file.path}: ${count(input)} foreign elements/attributes in ${Object.keys(input).length} namespaces (${Object.keys(input).join(', ')}), ${count(output)} saved`);
      expect(count(input)).toBeGreaterThan(0);
      expect(output).toEqual(input);
      if (file.imported) expect((await loadDocument(saved)).scenarios).toEqual((await loadDocument(original)).scenarios);
    }
    expect(errors.filter((e) => !e.startsWith('failed to import'))).toEqual([]);
    await context.close();
  });

  it('opens a file whose ids moddle rejects (spaces, a leading digit), edits it and saves the file\'s own ids', { timeout: 120_000 }, async () => {
    const task = 'Check credit history';
    const flow = '1c6l3pq flow';
    const xml = readFileSync(join(fixturesDir(), 'logs/loanapp-simplified.bpmn'), 'utf8')
      .split('sid-8BCCD9BA-2B23-44CA-BB32-4988807D3161').join(task)
      .split('Flow_1c6l3pq').join(flow);
    const path = join(dir, 'loanapp-odd-ids.bpmn');
    writeFileSync(path, xml);
    const { page, context, errors } = await openStudio(browser, { initScript: NO_FILE_PICKER });
    await waitForCanvas(page);
    await openFile(page, path);
    // bpmn-js holds the file's ids: no stand-in reaches the registry, the DOM or the id service.
    const state = await page.evaluate(([t, f]) => {
      const editor = (window as Any).leanflow.activeEditor;
      const registry = editor.get('elementRegistry');
      const ids: string[] = registry.getAll().map((e: Any) => e.id);
      return {
        standIns: ids.filter((id) => id.includes('lf_id_')),
        task: registry.get(t)?.businessObject.id,
        flowTarget: registry.get(f)?.target?.id,
        claimed: editor.get('moddle').ids.assigned(t) !== false,
      };
    }, [task, flow] as const);
    expect(state).toEqual({ standIns: [], task, flowTarget: task, claimed: true });
    // Selecting it on the canvas works (diagram-js finds the shape by its id attribute).
    await page.locator(`.djs-shape[data-element-id="${task}"]`).click({ force: true });
    await expect
      .poll(() => page.evaluate(() => ((window as Any).leanflow.activeEditor.get('selection').get() as Any[]).map((e) => e.id)))
      .toEqual([task]);
    await rename(page, task, 'Check the credit history');
    await page.evaluate((t) => {
      const editor = (window as Any).leanflow.activeEditor;
      editor.get('modeling').moveElements([editor.get('elementRegistry').get(t)], { x: 0, y: 40 });
    }, task);
    const saved = await save(page);
    expect(saved).not.toContain('lf_id_');
    expect(saved).toMatch(new RegExp(`<(bpmn:)?task id="${task}"`));
    expect(saved).toContain('name="Check the credit history"');
    expect(saved).toContain(`bpmnElement="${task}"`);
    expect(saved).toContain(`targetRef="${task}"`);
    expect(saved).toContain(`<incoming>${flow}</incoming>`);
    expect(saved).toContain(`bpmnElement="${flow}"`);
    const reread = await loadDocument(saved);
    expect(reread.graph?.nodes.find((n) => n.id === task)?.name).toBe('Check the credit history');
    expect(reread.graph?.flows.find((f) => f.id === flow)?.targetId).toBe(task);
    expect(errors).toEqual([]);
    await context.close();
  });
});

// Sharing a simulation run: the results as CSV or XLSX (KPIs with intervals, per task, per pool, per replication),
// a printable HTML report of the run, and the heat-map in SVG/PNG exports of the diagram. Every path ends in a
// toast and an Output line (also when the browser downloads instead of showing a save picker).
import { DisposableStore, toDisposable, type Disposable } from '../../base/lifecycle.ts';
import { saveBlob, withExtension } from '../../editor/file-io.ts';
import type { Workbench } from '../../workbench.ts';
import { withHeatmap } from './heatmap-svg.ts';
import { RESULTS_EN, RESULTS_ZH, type ResultsMessageKey } from './messages.ts';
import { renderRunReport } from './report.ts';
import { resultTables, tablesToCsv } from './tables.ts';
import { tablesToXlsx, XLSX_MIME } from './xlsx.ts';
import { SCORECARD_SERVICE, SIMULATION_SERVICE } from '../../services/feature-services.ts';

type Kind = 'csv' | 'xlsx' | 'html';

/**
 * @example
 * registerResults(workbench);
 * await workbench.commands.execute('simulation.exportResultsXlsx');
 */
export function registerResults(workbench: Workbench): Disposable {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', RESULTS_EN);
  workbench.i18n.addMessages('zh-CN', RESULTS_ZH);
  const m = (key: ResultsMessageKey, params?: Record<string, string | number>) => workbench.i18n.localize(`%${key}%`, params);

  const filter = (svg: string, editor: HTMLElement) => withHeatmap(svg, editor);
  workbench.svgExportFilters.push(filter);
  store.add(toDisposable(() => workbench.svgExportFilters.splice(workbench.svgExportFilters.indexOf(filter), 1)));

  async function exportAs(kind: Kind): Promise<void> {
    const doc = workbench.documents.active;
    const report = doc ? workbench.services.find(SIMULATION_SERVICE)?.state(doc.id)?.report : undefined;
    if (!doc || !report) {
      workbench.notifications.notify({ severity: 'info', title: m('results.noRun'), code: 'results.noRun' });
      return;
    }
    const base = doc.name.replace(/\.(bpmn|xml)$/i, '');
    const file = kind === 'html' ? `${base} – report.html` : withExtension(`${base} – results`, `.${kind}`);
    try {
      const tables = resultTables(report.result, report.scenario.currency);
      let blob: Blob;
      if (kind === 'csv') blob = new Blob(['\ufeff', tablesToCsv(tables)], { type: 'text/csv' });
      else if (kind === 'xlsx') blob = new Blob([tablesToXlsx(tables).slice().buffer], { type: XLSX_MIME });
      else {
        const editor = await workbench.editorFor(doc.id);
        const diagramSvg = editor ? withHeatmap(await editor.getSvg(), editor) : undefined;
        // The Scorecard view's figures for this very run (one run, one score in every view and in print).
        const scorecard = await workbench.services.find(SCORECARD_SERVICE)?.viewModelForRun(doc.id, report.result).catch(() => undefined);
        blob = new Blob(
          [renderRunReport({ title: doc.name, scenario: report.scenario.name, currency: report.scenario.currency, result: report.result, ...(diagramSvg ? { diagramSvg } : {}), ...(scorecard ? { scorecard } : {}), translate: m })],
          { type: 'text/html' },
        );
      }
      const saved = await saveBlob(file, blob, kind);
      if (!saved) return;
      const message = m('results.saved', { file: saved.name });
      workbench.notifications.notify({ severity: 'info', title: message, code: 'results.exported' });
      workbench.output.append(message);
    } catch (error) {
      const message = m('results.failed', { file, detail: error instanceof Error ? error.message : String(error) });
      workbench.notifications.notify({ severity: 'error', title: message, code: 'results.exportFailed' });
      workbench.output.append(message, 'error');
    }
  }

  const c = (id: string, key: ResultsMessageKey, kind: Kind) =>
    store.add(workbench.commands.register({ id, title: `%${key}%`, category: '%results.category%', handler: () => exportAs(kind), when: 'documentOpen' }));
  c('simulation.exportResultsCsv', 'results.command.csv', 'csv');
  c('simulation.exportResultsXlsx', 'results.command.xlsx', 'xlsx');
  c('simulation.exportRunReport', 'results.command.report', 'html');
  return store;
}

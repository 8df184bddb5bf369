// The staffing optimiser in the studio: the Optimise Staffing view (target, limits, progress, cancel, the Pareto
// front as a chart and a table, Apply as variant). The search is @leanflow/analysis's `searchStaffing`; simulations
// run in a pool of Web Workers. Registered from boot.ts.
import { DisposableStore, type Disposable } from '../../base/lifecycle.ts';
import { mountView } from '../../components/mount-view.ts';
import type { Workbench } from '../../workbench.ts';
import './lf-optimise-view.ts';
import { OPTIMISE_EN, OPTIMISE_ZH } from './messages.ts';
import { OptimiseController, type OptimiseWorker } from './optimise-controller.ts';

export { OptimiseController } from './optimise-controller.ts';

function createBrowserWorker(): OptimiseWorker {
  return new Worker(new URL('./optimise.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-optimise' }) as unknown as OptimiseWorker;
}

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M8 8.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM3.5 20v-3a4.5 4.5 0 0 1 9 0v3M16.5 10.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM14.5 14.2a3.6 3.6 0 0 1 6 2.6V20"/></svg>';

/**
 * Adds the staffing optimiser. Returns what to dispose to remove it again.
 * @example
 * registerOptimise(workbench);
 * await workbench.commands.execute('optimise.show');
 */
export function registerOptimise(workbench: Workbench, createWorker: () => OptimiseWorker = createBrowserWorker): Disposable & { controller: OptimiseController } {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', OPTIMISE_EN);
  workbench.i18n.addMessages('zh-CN', OPTIMISE_ZH);
  const threads = Math.min(4, Math.max(1, typeof navigator !== 'undefined' ? (navigator.hardwareConcurrency ?? 2) : 2));
  const controller = store.add(new OptimiseController(workbench, createWorker, threads));
  const category = '%optimise.category%';
  const show = () => {
    const layout = workbench.layout.value;
    workbench.layout.update({ sidebarVisible: true, activeView: 'optimise', sidebarWidth: Math.max(layout.sidebarWidth, 400) });
  };
  store.add(workbench.commands.register({ id: 'optimise.show', title: '%optimise.command.show%', category, handler: show }));
  store.add(workbench.commands.register({ id: 'optimise.cancel', title: '%optimise.command.cancel%', category, when: 'documentOpen', handler: () => controller.cancel() }));
  store.add(
    workbench.views.register({ id: 'optimise', title: '%optimise.view%', icon: ICON, order: 38, render: mountView('lf-optimise-view', { workbench, controller }) }),
  );
  return Object.assign(store, { controller });
}

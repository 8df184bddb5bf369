// The simulation feature: the "Simulate" command (palette, F5, the view's button), the Simulation side-bar view,
// the heat-map toggle and the settings for case and replication counts. Registered from boot.ts.
import type { SimulationResult } from '@leanflow/sim';
import { DisposableStore, toDisposable, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import './lf-simulation-view.ts';
import type { LfSimulationView } from './lf-simulation-view.ts';
import { SIMULATION_EN, SIMULATION_ZH } from './messages.ts';
import { SIMULATION_SETTING, SimulationController, type SimulationWorker } from './simulation-controller.ts';

export { SimulationController } from './simulation-controller.ts';

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 20V10M9.3 20V4M14.6 20v-7M20 20V7M3 20.5h18"/></svg>';

/** The results need room: the view widens the side bar to at least this when it opens. */
const VIEW_MIN_WIDTH = 400;

function createBrowserWorker(): SimulationWorker {
  return new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-simulation' }) as unknown as SimulationWorker;
}

/**
 * Adds simulation to the studio. Returns what to dispose to remove it again, with the controller (its `state(id)`
 * and `onDidChange` give other features the latest result of a document, see `latestSimulationSource`).
 *
 * @example
 * const simulation = registerSimulation(workbench); // palette: "Simulation: Simulate", F5
 * registerScorecard(workbench, { simulation: latestSimulationSource(simulation.controller) });
 */
export function registerSimulation(
  workbench: Workbench,
  createWorker: () => SimulationWorker = createBrowserWorker,
): Disposable & { controller: SimulationController } {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', SIMULATION_EN);
  workbench.i18n.addMessages('zh-CN', SIMULATION_ZH);
  const controller = store.add(new SimulationController(workbench, createWorker));
  const show = () => {
    const layout = workbench.layout.value;
    workbench.layout.update({ sidebarVisible: true, activeView: 'simulation', sidebarWidth: Math.max(layout.sidebarWidth, VIEW_MIN_WIDTH) });
  };
  const category = '%simulation.category%';
  store.add(
    workbench.commands.register({
      id: 'simulation.run',
      title: '%simulation.command.run%',
      category,
      when: 'documentOpen',
      handler: () => {
        show();
        return controller.run();
      },
    }),
  );
  store.add(workbench.commands.register({ id: 'simulation.cancel', title: '%simulation.command.cancel%', category, when: 'simulationRunning', handler: () => controller.cancel() }));
  store.add(
    workbench.commands.register({
      id: 'simulation.toggleHeatmap',
      title: '%simulation.command.toggleHeatmap%',
      category,
      when: 'documentOpen',
      handler: () => controller.setHeatmap(!controller.heatmapVisible),
    }),
  );
  store.add(workbench.commands.register({ id: 'simulation.show', title: '%simulation.command.show%', category, handler: show }));
  // F5 is "run" in VS Code; the workbench binds nothing else to it. The browser's reload is prevented while a
  // document is open (Ctrl+R still reloads).
  store.add(workbench.keybindings.register({ command: 'simulation.run', key: 'F5', when: 'documentOpen' }));
  store.add(workbench.keybindings.register({ command: 'simulation.cancel', key: 'Shift+F5', when: 'simulationRunning' }));
  store.add(controller.onDidChange(() => workbench.contextKeys.set('simulationRunning', controller.running)));
  workbench.contextKeys.set('simulationRunning', false);

  store.add(
    workbench.settings.register({
      id: SIMULATION_SETTING.cases, type: 'number', default: 0, minimum: 0, maximum: 10_000_000,
      title: '%simulation.setting.cases.title%', description: '%simulation.setting.cases.description%', category,
    }),
  );
  store.add(
    workbench.settings.register({
      id: SIMULATION_SETTING.replications, type: 'number', default: 0, minimum: 0, maximum: 100,
      title: '%simulation.setting.replications.title%', description: '%simulation.setting.replications.description%', category,
    }),
  );

  store.add(
    workbench.views.register({
      id: 'simulation',
      title: '%simulation.view%',
      icon: ICON,
      order: 20,
      render: (container) => {
        const view = document.createElement('lf-simulation-view') as LfSimulationView;
        view.workbench = workbench;
        view.controller = controller;
        container.append(view);
        return toDisposable(() => view.remove());
      },
    }),
  );
  return Object.assign(store, { controller });
}

/**
 * The latest result of each document that still matches its model (undefined before the first run and once an edit
 * made it stale), with an event when that may have changed: what the scorecard's dynamic rules read.
 */
export function latestSimulationSource(controller: SimulationController): {
  latest(documentId: string): SimulationResult | undefined;
  readonly onDidChange: Event<void>;
  run(documentId: string): Promise<void>;
  running(): boolean;
} {
  return {
    latest: (documentId) => {
      const state = controller.state(documentId);
      return state?.report && !state.stale ? state.report.result : undefined;
    },
    onDidChange: controller.onDidChange,
    run: (documentId) => controller.run(documentId),
    running: () => controller.running,
  };
}

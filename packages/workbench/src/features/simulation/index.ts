// The studio side of simulation: the engine in its Web Worker (SimulationController), the latest result per
// document, the settings for case and replication counts, and `workbench.simulation` for the features that read
// results (the scorecard) or run the engine (the plugin platform's `context.simulation.run`). The user interface
// (Simulate F5, Cancel Shift+F5, the Simulation view, heat-map, progress) is the built-in plugin plugins/simulation.
import type { SimulationResult } from '@leanflow/sim';
import { DisposableStore, type Disposable, type Event } from '../../base/lifecycle.ts';
import { PLUGIN_SERVICE, SIMULATION_SERVICE } from '../../services/feature-services.ts';
import type { Workbench } from '../../workbench.ts';
import { SIMULATION_EN, SIMULATION_ZH } from './messages.ts';
import { inProcessWorker, WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import { SIMULATION_SETTING, SimulationController } from './simulation-controller.ts';

export { SimulationController } from './simulation-controller.ts';


function createBrowserWorker(): WorkerLike {
  return new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-simulation' }) as unknown as WorkerLike;
}

/** The simulation worker's client: a Web Worker, or the same handlers in-process where workers are unavailable. */
export function createSimulationClient(createWorker: () => WorkerLike = createBrowserWorker): WorkerClient {
  return new WorkerClient(createWorker, { name: 'simulation', fallback: () => inProcessWorker(import('./simulation-job.ts').then((m) => m.SIMULATION_HANDLERS)) });
}

/**
 * Adds the simulation engine to the studio. Returns what to dispose to remove it again, with the controller (its
 * `state(id)` and `onDidChange` give other features the latest result of a document, see `latestSimulationSource`).
 *
 * @example
 * const simulation = registerSimulation(workbench);
 * registerScorecard(workbench, { simulation: latestSimulationSource(simulation.controller) });
 * await workbench.services.get(SIMULATION_SERVICE).runDetailed({ seed: 7 });
 */
/** Where the latest runs are stored in the workspace state (`features[...]`). */
export const SIMULATION_STATE_KEY = 'simulation';

export function registerSimulation(
  workbench: Workbench,
  createWorker: () => WorkerLike = createBrowserWorker,
): Disposable & { controller: SimulationController } {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', SIMULATION_EN);
  workbench.i18n.addMessages('zh-CN', SIMULATION_ZH);
  // Asked at each run: the plugins installed or enabled since count.
  const needsTaskWaits = () => workbench.services.find(PLUGIN_SERVICE)?.needsTaskWaits() ?? false;
  const controller = store.add(new SimulationController(workbench, createSimulationClient(createWorker), needsTaskWaits));
  store.add(workbench.services.set(SIMULATION_SERVICE, controller));
  const category = '%simulation.category%';
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
  // The latest run of each document is stored with the workspace and shown again after a reload.
  store.add(workbench.autosaver.contribute(SIMULATION_STATE_KEY, () => controller.snapshot()));
  store.add(controller.onDidFinishRun(() => workbench.autosaver.schedule()));
  store.add(
    workbench.onDidRestore(async (features) => {
      // After the plugins started, so the Simulation plugin's view hears of the restored runs too.
      await workbench.services.find(PLUGIN_SERVICE)?.whenStarted();
      const restored = controller.restore(features[SIMULATION_STATE_KEY]);
      if (restored.length) workbench.output.append(controller.t('simulation.restored', { count: restored.length }));
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

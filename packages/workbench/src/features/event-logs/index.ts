// Event logs in the studio: the Event Log view (import with progress and Cancel, column mapping dialog, activity
// mapping editor, calibration with fit plots, Apply as new scenario, conformance) and deviations on the diagram.
// The work is @leanflow/analysis's event-log core, run in the event-log worker. Registered from boot.ts.
import { DisposableStore, type Disposable } from '../../base/lifecycle.ts';
import { inProcessWorker, WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import { mountView } from '../../components/mount-view.ts';
import type { Workbench } from '../../workbench.ts';
import { createSimulationClient } from '../simulation/index.ts';
import { registerDeviationOverlays } from './deviation-overlays.ts';
import { EventLogController, isEventLogName } from './event-logs-controller.ts';
import type { LfEventLogsView } from './lf-event-logs-view.ts';
import './lf-event-logs-view.ts';
import { EVENT_LOGS_EN, EVENT_LOGS_ZH } from './messages.ts';

export { EventLogController, isEventLogName } from './event-logs-controller.ts';

function createBrowserWorker(): WorkerLike {
  return new Worker(new URL('./event-logs.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-event-logs' }) as unknown as WorkerLike;
}

/** The event-log worker's client; in-process where a Web Worker cannot start. */
export function createEventLogClient(createWorker: () => WorkerLike = createBrowserWorker): WorkerClient {
  return new WorkerClient(createWorker, { name: 'event-logs', fallback: () => inProcessWorker(import('./event-logs-job.ts').then((m) => m.EVENT_LOG_HANDLERS)) });
}

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 5h10M4 9.5h7M4 14h5M4 18.5h4M13.5 19.5l2.2-5.5 2.3 3 2.5-7"/><circle cx="18.5" cy="5.5" r="1.6" fill="none" stroke="currentColor" stroke-width="1.4"/></svg>';

/**
 * Adds the Event Log view and its commands. Returns what to dispose to remove them again.
 * @example
 * registerEventLogs(workbench);
 * await workbench.commands.execute('eventLogs.show');
 */
export function registerEventLogs(workbench: Workbench, createWorker?: () => WorkerLike): Disposable & { controller: EventLogController } {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', EVENT_LOGS_EN);
  workbench.i18n.addMessages('zh-CN', EVENT_LOGS_ZH);
  const client = store.add(createEventLogClient(createWorker));
  // The validation run of a calibrated scenario goes to a simulation worker of its own (started at the first run).
  const controller = store.add(new EventLogController(workbench, client, store.add(createSimulationClient())));
  const tr = (key: string, params?: Record<string, string | number>) => workbench.i18n.localize(`%${key}%`, params);
  store.add(registerDeviationOverlays(workbench, controller, tr));
  const category = '%eventLogs.category%';
  const show = () => {
    const layout = workbench.layout.value;
    workbench.layout.update({ sidebarVisible: true, activeView: 'eventLogs', sidebarWidth: Math.max(layout.sidebarWidth, 420) });
  };
  const view = () => document.querySelector<LfEventLogsView>('lf-event-logs-view');
  const active = () => workbench.documents.active?.id;
  const commands: [string, string, () => unknown, string?][] = [
    ['eventLogs.show', '%eventLogs.command.show%', show],
    // The view's own file input opens the picker (the palette's Enter still counts as the user's gesture).
    ['eventLogs.import', '%eventLogs.command.import%', () => (show(), requestAnimationFrame(() => view()?.pickFile()))],
    ['eventLogs.cancel', '%eventLogs.command.cancel%', () => controller.cancel()],
    ['eventLogs.calibrate', '%eventLogs.command.calibrate%', () => (show(), active() && controller.calibrate(active()!, tr('eventLogs.scenarioDefault', { file: controller.log.status === 'read' ? controller.log.summary.fileName : '' }))), 'documentOpen'],
    ['eventLogs.conformance', '%eventLogs.command.conformance%', () => (show(), active() && controller.checkConformance(active()!)), 'documentOpen'],
    ['eventLogs.apply', '%eventLogs.command.apply%', () => active() && controller.apply(active()!), 'documentOpen'],
  ];
  for (const [id, title, handler, when] of commands) store.add(workbench.commands.register({ id, title, category, handler, ...(when ? { when } : {}) }));
  store.add(workbench.views.register({ id: 'eventLogs', title: '%eventLogs.view%', icon: ICON, order: 40, render: mountView('lf-event-logs-view', { workbench, controller }) }));
  return Object.assign(store, { controller });
}

/** Opens a dropped or picked log file in the Event Log view (the studio's file opening routes logs here). */
export function openEventLogFile(workbench: Workbench, controller: EventLogController, file: File): boolean {
  if (!isEventLogName(file.name)) return false;
  workbench.layout.update({ sidebarVisible: true, activeView: 'eventLogs' });
  void controller.open(file, file.name);
  return true;
}

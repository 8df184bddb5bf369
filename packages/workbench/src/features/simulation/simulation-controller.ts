// Runs simulations of open documents in a Web Worker and keeps the results per document until the model changes.
// One run at a time; cancelling terminates the worker (the UI thread never simulates).
import type { ModelIssue } from '@leanflow/model';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { Problem } from '../../services/notifications.ts';
import type { Workbench } from '../../workbench.ts';
import type { FormatLanguage } from './format.ts';
import { HeatmapPainter, type HeatmapEditor } from './heatmap.ts';
import type { SimulationProgress, SimulationReport, SimulationRequest, SimulationWorkerMessage } from './protocol.ts';
import { issueMessage, toViewModel, type SimulationViewModel, type Translate } from './view-model.ts';
import type { SimulationMessageKey } from './messages.ts';

/** The subset of `Worker` the controller uses (tests may pass a fake). */
export interface SimulationWorker {
  postMessage(message: SimulationRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<SimulationWorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export type RunStatus = 'idle' | 'running' | 'done' | 'refused' | 'cancelled' | 'crashed';

export interface DocumentSimulation {
  status: RunStatus;
  progress: SimulationProgress | null;
  /** The last successful run, kept while a new one runs and after a cancel. */
  report: Extract<SimulationReport, { ok: true }> | null;
  /** Why the last run was refused (errors in the model). */
  refusal: readonly ModelIssue[];
  /** The model changed after `report` was computed. */
  stale: boolean;
  crash: string | null;
}

export const SIMULATION_SETTING = { cases: 'simulation.cases', replications: 'simulation.replications' } as const;
export const PROBLEM_SOURCE = 'simulation';

export class SimulationController implements Disposable {
  private readonly states = new Map<string, DocumentSimulation>();
  private readonly versions = new Map<string, number>();
  private readonly painters = new Map<string, HeatmapPainter>();
  private worker: SimulationWorker | undefined;
  private current: { runId: number; documentId: string; version: number } | undefined;
  private nextRunId = 1;
  private heatmap = true;
  /** The scenario chosen per document in the view; absent: the document's active scenario. */
  private readonly scenarios = new Map<string, string>();
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[] = [];
  private statusItem: Disposable | undefined;
  private lastStatusPercent = -1;
  /** Fires when a run starts, progresses, ends, or results go stale. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly workbench: Workbench,
    private readonly createWorker: () => SimulationWorker,
  ) {
    const { documents } = workbench;
    this.subscriptions.push(
      documents.onDidChangeContent((id) => this.onContentChanged(id)),
      documents.onDidChange(() => this.onDocumentsChanged()),
      workbench.onDidLoadEditor(({ documentId, editor }) => {
        // A re-import (language switch) drops overlays with the old modeler: paint again.
        this.painters.get(documentId)?.clear();
        this.painters.delete(documentId);
        if (this.painters.size === 0 && this.states.size === 0) return;
        this.paint(documentId, editor);
      }),
      workbench.i18n.onDidChangeLanguage(() => {
        for (const id of this.painters.keys()) this.repaint(id);
        this.changed.fire();
      }),
    );
  }

  get language(): FormatLanguage {
    return this.workbench.i18n.language;
  }

  /** Translator for this feature's message keys. */
  readonly t: Translate = (key: SimulationMessageKey, params?: Record<string, string | number>) => this.workbench.i18n.localize(`%${key}%`, params);

  state(documentId: string | undefined): DocumentSimulation | undefined {
    return documentId ? this.states.get(documentId) : undefined;
  }

  /** Chooses the scenario for the next runs of a document (the view's picker). */
  setScenario(documentId: string, scenarioId: string): void {
    this.scenarios.set(documentId, scenarioId);
    this.changed.fire();
  }

  scenarioOf(documentId: string): string | undefined {
    return this.scenarios.get(documentId) ?? this.states.get(documentId)?.report?.scenario.id;
  }

  get heatmapVisible(): boolean {
    return this.heatmap;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** The view model of a document's last result in the current language. */
  viewModel(documentId: string): SimulationViewModel | undefined {
    const report = this.states.get(documentId)?.report;
    return report ? toViewModel(report, this.language, this.t) : undefined;
  }

  /** Simulates the active document (or `documentId`). Starting a run cancels one that is going. */
  async run(documentId = this.workbench.documents.active?.id): Promise<void> {
    const doc = documentId ? this.workbench.documents.get(documentId) : undefined;
    if (!doc) {
      this.workbench.notifications.notify({ severity: 'info', title: this.t('simulation.noDocument'), code: 'simulation.noDocument' });
      return;
    }
    if (this.current) this.cancel();
    this.workbench.activeEditor?.completeEditing();
    const version = this.versions.get(doc.id) ?? 0;
    const runId = this.nextRunId++;
    this.current = { runId, documentId: doc.id, version };
    const state = this.ensure(doc.id);
    state.status = 'running';
    state.progress = null;
    state.crash = null;
    this.changed.fire();
    this.updateStatusBar();
    let xml: string;
    try {
      xml = await this.workbench.documents.getXml(doc.id);
    } catch (error) {
      this.finishCrashed(runId, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.current?.runId !== runId) return;
    const cases = this.workbench.settings.get<number>(SIMULATION_SETTING.cases);
    const replications = this.workbench.settings.get<number>(SIMULATION_SETTING.replications);
    const scenarioId = this.scenarios.get(doc.id);
    const request: SimulationRequest = {
      type: 'run',
      runId,
      xml,
      ...(scenarioId !== undefined ? { scenarioId } : {}),
      ...(cases > 0 ? { cases } : {}),
      ...(replications > 0 ? { replications } : {}),
    };
    try {
      this.ensureWorker().postMessage(request);
    } catch (error) {
      // No worker (blocked by the page's policy, or out of memory): say so; never simulate on the UI thread.
      this.finishCrashed(runId, error instanceof Error ? error.message : String(error));
    }
  }

  /** Stops the running simulation at once (terminates the worker); earlier results stay. */
  cancel(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    const state = this.states.get(current.documentId);
    if (state) {
      state.status = 'cancelled';
      state.progress = null;
    }
    this.workbench.output.append(this.t('simulation.cancelled'));
    this.updateStatusBar();
    this.changed.fire();
  }

  setHeatmap(visible: boolean): void {
    this.heatmap = visible;
    if (visible) for (const id of this.states.keys()) this.repaint(id);
    else for (const painter of this.painters.values()) painter.clear();
    this.changed.fire();
  }

  private ensure(documentId: string): DocumentSimulation {
    let state = this.states.get(documentId);
    if (!state) {
      state = { status: 'idle', progress: null, report: null, refusal: [], stale: false, crash: null };
      this.states.set(documentId, state);
    }
    return state;
  }

  private ensureWorker(): SimulationWorker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event) => this.onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.current) this.finishCrashed(this.current.runId, event.message || 'worker error');
    };
    this.worker = worker;
    return worker;
  }

  private onMessage(message: SimulationWorkerMessage): void {
    const current = this.current;
    if (!current || message.runId !== current.runId) return;
    const state = this.ensure(current.documentId);
    if (message.type === 'progress') {
      state.progress = message;
      this.updateStatusBar();
      this.changed.fire();
      return;
    }
    if (message.type === 'crashed') {
      this.finishCrashed(message.runId, message.message);
      return;
    }
    this.current = undefined;
    state.progress = null;
    const report = message.report;
    const documentId = current.documentId;
    if (report.ok) {
      const first = state.report === null;
      state.status = 'done';
      state.report = report;
      state.refusal = [];
      state.stale = (this.versions.get(documentId) ?? 0) !== current.version;
      this.setProblems(documentId, report.issues.filter((i) => i.severity !== 'info'));
      const cycle = toViewModel(report, this.language, this.t).cards[0]!.value;
      this.workbench.output.append(`${this.t('simulation.notify.done', { value: cycle })} (${report.result.elementExecutions.toLocaleString('en')} element executions, ${Math.round(report.milliseconds)} ms)`);
      if (this.heatmap && !state.stale) this.repaint(documentId);
      // The first results of a document: show the whole diagram (the side bar may just have grown).
      if (first && this.workbench.documents.active?.id === documentId) setTimeout(() => this.workbench.activeEditor?.zoom('fit'), 0);
    } else {
      state.status = 'refused';
      state.refusal = report.issues.filter((i) => i.severity === 'error');
      this.setProblems(documentId, report.issues);
      this.painters.get(documentId)?.clear();
      this.workbench.notifications.notify({ severity: 'error', title: this.t('simulation.notify.refused', { count: state.refusal.length }), code: 'simulation.refused' });
    }
    this.updateStatusBar();
    this.changed.fire();
  }

  private finishCrashed(runId: number, detail: string): void {
    if (this.current?.runId !== runId) return;
    const state = this.ensure(this.current.documentId);
    this.current = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    state.status = 'crashed';
    state.crash = detail;
    state.progress = null;
    this.workbench.output.append(this.t('simulation.crashed', { detail }), 'error');
    this.updateStatusBar();
    this.changed.fire();
  }

  private setProblems(documentId: string, issues: readonly ModelIssue[]): void {
    const problems: Problem[] = issues.map((issue) => ({
      severity: issue.severity,
      message: issueMessage(issue, this.t, this.language),
      source: this.t('simulation.problemSource'),
      code: issue.code,
      ...(issue.elementId ? { elementId: issue.elementId } : {}),
    }));
    this.workbench.problems.set(documentId, PROBLEM_SOURCE, problems);
  }

  private onContentChanged(documentId: string): void {
    this.versions.set(documentId, (this.versions.get(documentId) ?? 0) + 1);
    const state = this.states.get(documentId);
    if (!state?.report || state.stale) return;
    state.stale = true;
    this.painters.get(documentId)?.clear();
    this.changed.fire();
  }

  private onDocumentsChanged(): void {
    for (const id of [...this.states.keys()]) {
      if (this.workbench.documents.get(id)) continue;
      if (this.current?.documentId === id) this.cancel();
      this.states.delete(id);
      this.versions.delete(id);
      this.scenarios.delete(id);
      this.painters.get(id)?.clear();
      this.painters.delete(id);
    }
    this.changed.fire();
  }

  private repaint(documentId: string): void {
    const active = this.workbench.documents.active?.id === documentId ? this.workbench.activeEditor : undefined;
    if (active) {
      this.paint(documentId, active);
      return;
    }
    void this.workbench.editorFor(documentId).then((editor) => editor && this.paint(documentId, editor));
  }

  private paint(documentId: string, editor: HeatmapEditor): void {
    const state = this.states.get(documentId);
    let painter = this.painters.get(documentId);
    if (!painter) {
      painter = new HeatmapPainter(editor);
      this.painters.set(documentId, painter);
    }
    painter.clear();
    if (!this.heatmap || !state?.report || state.stale) return;
    const model = this.viewModel(documentId);
    if (model) painter.paint(model, this.language, this.t);
  }

  private updateStatusBar(): void {
    const progress = this.current ? this.states.get(this.current.documentId)?.progress : undefined;
    if (!this.current) {
      this.statusItem?.dispose();
      this.statusItem = undefined;
      this.lastStatusPercent = -1;
      return;
    }
    const percent = Math.floor((progress?.fraction ?? 0) * 100);
    if (percent === this.lastStatusPercent && this.statusItem) return;
    this.lastStatusPercent = percent;
    this.statusItem = this.workbench.statusBar.set({
      id: 'simulation.progress',
      text: this.t('simulation.status.running', { percent }),
      tooltip: this.t('simulation.status.tooltip'),
      command: 'simulation.show',
      alignment: 'left',
      priority: 5,
    });
  }

  dispose(): void {
    this.cancel();
    for (const s of this.subscriptions) s.dispose();
    for (const painter of this.painters.values()) painter.clear();
    this.statusItem?.dispose();
  }
}

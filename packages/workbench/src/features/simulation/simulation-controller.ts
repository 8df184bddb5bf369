// Runs simulations of open documents in a Web Worker and keeps the latest result per document (marked stale when
// the model changes). One run at a time; cancelling terminates the worker (the UI thread never simulates). The
// Simulation view, heat-map and progress item are the built-in plugin's (plugins/simulation): its
// `context.simulation.run` comes here through `runDetailed`, so a plugin's run is the studio's run.
import type { ModelIssue } from '@leanflow/model';
import type { SimulationIssue, SimulationOptions, SimulationOutcome, SimulationProgress as PluginSimulationProgress } from '@leanflow/plugin-api';
import { toPluginSimulationSummary } from '@leanflow/plugin-host';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { Problem } from '../../services/notifications.ts';
import type { Workbench } from '../../workbench.ts';
import { formatDuration, type FormatLanguage } from '@leanflow/plugin-api';
import type { SimulationProgress, SimulationReport, SimulationRequest, SimulationWorkerMessage } from './protocol.ts';
import type { SimulationMessageKey } from './messages.ts';

export type Translate = (key: SimulationMessageKey, params?: Record<string, string | number>) => string;

/** An issue's message in the user's language where the code is known, else the engine's (English) message. */
export function issueMessage(issue: ModelIssue, t: Translate, language: FormatLanguage): string {
  if (language === 'en') return issue.message;
  const key = `simulation.issue.${issue.code}` as SimulationMessageKey;
  const translated = t(key);
  return translated === key ? issue.message : translated;
}

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

/** Who waits for a run started by `runDetailed` (a plugin's `simulation.run`). */
interface RunWaiter {
  readonly resolve: (outcome: SimulationOutcome) => void;
  readonly onProgress?: (progress: PluginSimulationProgress) => void;
}

export const SIMULATION_SETTING = { cases: 'simulation.cases', replications: 'simulation.replications' } as const;
export const PROBLEM_SOURCE = 'simulation';

export class SimulationController implements Disposable {
  private readonly states = new Map<string, DocumentSimulation>();
  private readonly versions = new Map<string, number>();
  private worker: SimulationWorker | undefined;
  private current: { runId: number; documentId: string; version: number } | undefined;
  private nextRunId = 1;
  /** The scenario chosen per document in the view; absent: the document's active scenario. */
  private readonly scenarios = new Map<string, string>();
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[] = [];
  private readonly waiters = new Map<number, RunWaiter>();
  /** Fires when a run starts, progresses, ends, or results go stale. */
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly finished = new Emitter<{ readonly documentId: string; readonly upToDate: boolean }>();
  /** Fires when a run ends with results (whoever started it); `summaryOf(documentId)` gives them. */
  readonly onDidFinishRun: Event<{ readonly documentId: string; readonly upToDate: boolean }> = this.finished.event;

  constructor(
    private readonly workbench: Workbench,
    private readonly createWorker: () => SimulationWorker,
  ) {
    const { documents } = workbench;
    this.subscriptions.push(
      documents.onDidChangeContent((id) => this.onContentChanged(id)),
      documents.onDidChange(() => this.onDocumentsChanged()),
      workbench.i18n.onDidChangeLanguage(() => this.changed.fire()),
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

  get running(): boolean {
    return this.current !== undefined;
  }

  /**
   * Simulates the active document for a plugin (`context.simulation.run`): the same run as `run()` — one at a
   * time, cached per document, seen by everyone who listens — resolving with the plugin API's outcome.
   * `options` override the settings; aborting `signal` cancels the run.
   *
   * @example
   * const outcome = await controller.runDetailed({ seed: 7 }, { onProgress: (p) => log(p.fraction) });
   */
  runDetailed(
    options: SimulationOptions = {},
    control: { readonly signal?: AbortSignal; readonly onProgress?: (progress: PluginSimulationProgress) => void } = {},
  ): Promise<SimulationOutcome> {
    const doc = this.workbench.documents.active;
    if (!doc) return Promise.resolve({ ok: false, cancelled: false, message: this.t('simulation.noDocument'), issues: [] });
    return new Promise<SimulationOutcome>((resolve) => {
      const runId = this.start(doc.id, options, { resolve, ...(control.onProgress ? { onProgress: control.onProgress } : {}) });
      control.signal?.addEventListener('abort', () => this.current?.runId === runId && this.cancel(), { once: true });
      if (control.signal?.aborted && this.current?.runId === runId) this.cancel();
    });
  }

  /** Simulates the active document (or `documentId`). Starting a run cancels one that is going. */
  async run(documentId = this.workbench.documents.active?.id): Promise<void> {
    const doc = documentId ? this.workbench.documents.get(documentId) : undefined;
    if (!doc) {
      this.workbench.notifications.notify({ severity: 'info', title: this.t('simulation.noDocument'), code: 'simulation.noDocument' });
      return;
    }
    this.start(doc.id, {});
  }

  /** Starts a run and returns its id; the request goes to the worker once the document's XML is read. */
  private start(documentId: string, options: SimulationOptions, waiter?: RunWaiter): number {
    const doc = this.workbench.documents.get(documentId)!;
    if (this.current) this.cancel();
    this.workbench.activeEditor?.completeEditing();
    const version = this.versions.get(doc.id) ?? 0;
    const runId = this.nextRunId++;
    if (waiter) this.waiters.set(runId, waiter);
    this.current = { runId, documentId: doc.id, version };
    void this.post(runId, doc.id, options);
    return runId;
  }

  private async post(runId: number, documentId: string, options: SimulationOptions): Promise<void> {
    const doc = this.workbench.documents.get(documentId)!;
    const state = this.ensure(doc.id);
    state.status = 'running';
    state.progress = null;
    state.crash = null;
    this.changed.fire();
    let xml: string;
    try {
      xml = await this.workbench.documents.getXml(doc.id);
    } catch (error) {
      this.finishCrashed(runId, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.current?.runId !== runId) return;
    const cases = options.cases ?? this.workbench.settings.get<number>(SIMULATION_SETTING.cases);
    const replications = options.replications ?? this.workbench.settings.get<number>(SIMULATION_SETTING.replications);
    if (options.scenarioId !== undefined) this.scenarios.set(doc.id, options.scenarioId);
    const scenarioId = this.scenarios.get(doc.id);
    const request: SimulationRequest = {
      type: 'run',
      runId,
      xml,
      ...(scenarioId !== undefined ? { scenarioId } : {}),
      ...(cases > 0 ? { cases } : {}),
      ...(replications > 0 ? { replications } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
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
    this.settle(current.runId, { ok: false, cancelled: true, message: this.t('simulation.cancelled'), issues: [] });
    this.changed.fire();
  }

  /** What survives a reload: each open document's last successful run and whether the model changed since. */
  snapshot(): Record<string, { readonly report: Extract<SimulationReport, { ok: true }>; readonly stale: boolean }> {
    const out: Record<string, { report: Extract<SimulationReport, { ok: true }>; stale: boolean }> = {};
    for (const [documentId, state] of this.states) if (state.report && this.workbench.documents.get(documentId)) out[documentId] = { report: state.report, stale: state.stale };
    return out;
  }

  /**
   * Puts back the runs of `snapshot()` after a reload (documents still open and not run since), and tells every
   * listener as if they had just finished: the Simulation view, heat-map and Scorecard show them again.
   */
  restore(data: unknown): string[] {
    if (!data || typeof data !== 'object') return [];
    const restored: string[] = [];
    for (const [documentId, entry] of Object.entries(data as Record<string, { report?: Extract<SimulationReport, { ok: true }>; stale?: boolean }>)) {
      if (!this.workbench.documents.get(documentId) || !entry?.report?.ok || this.states.get(documentId)?.report) continue;
      const state = this.ensure(documentId);
      state.status = 'done';
      state.report = entry.report;
      state.stale = entry.stale === true;
      restored.push(documentId);
    }
    if (restored.length === 0) return restored;
    this.changed.fire();
    for (const documentId of restored) this.finished.fire({ documentId, upToDate: !this.states.get(documentId)!.stale });
    return restored;
  }

  /** The results of a document's last successful run in the plugin API's shape (issues in the user's language). */
  summaryOf(documentId: string): Extract<SimulationOutcome, { ok: true }>['summary'] | undefined {
    const report = this.states.get(documentId)?.report;
    if (!report) return undefined;
    return toPluginSimulationSummary(report.result, {
      scenario: { id: report.scenario.id, name: report.scenario.name, currency: report.scenario.currency, source: report.scenario.source, available: report.scenario.available },
      laneIds: Object.fromEntries(report.scenario.pools.map((p) => [p.id, p.laneIds])),
      issues: report.issues.map((i) => this.pluginIssue(i)),
      assumed: report.defaulted,
      milliseconds: report.milliseconds,
      ...(report.offeredLoad ? { offeredLoad: report.offeredLoad } : {}),
      ...(report.firstResponseGuess ? { firstResponseGuess: report.firstResponseGuess } : {}),
    });
  }

  private pluginIssue(issue: ModelIssue): SimulationIssue {
    return { code: issue.code, severity: issue.severity, message: issueMessage(issue, this.t, this.language), ...(issue.elementId !== undefined ? { elementId: issue.elementId } : {}) };
  }

  private settle(runId: number, outcome: SimulationOutcome): void {
    const waiter = this.waiters.get(runId);
    if (!waiter) return;
    this.waiters.delete(runId);
    waiter.resolve(outcome);
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
      const { fraction, replication, replications, casesDone, casesTotal } = message;
      this.waiters.get(message.runId)?.onProgress?.({ fraction, replication, replications, casesDone, casesTotal });
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
      const cycle = formatDuration(report.result.kpis.cycleTime.mean, this.language);
      this.workbench.output.append(this.t('simulation.output.done', { message: this.t('simulation.notify.done', { value: cycle }), executions: report.result.elementExecutions.toLocaleString(this.workbench.i18n.language), ms: Math.round(report.milliseconds) }));
      // The first results of a document: show the whole diagram (the side bar may just have grown).
      if (first && this.workbench.documents.active?.id === documentId) setTimeout(() => this.workbench.activeEditor?.zoom('fit'), 0);
      this.settle(current.runId, { ok: true, summary: this.summaryOf(documentId)! });
      this.finished.fire({ documentId, upToDate: !state.stale });
    } else {
      state.status = 'refused';
      state.refusal = report.issues.filter((i) => i.severity === 'error');
      this.setProblems(documentId, report.issues);
      this.workbench.notifications.notify({ severity: 'error', title: this.t('simulation.notify.refused', { count: state.refusal.length }), code: 'simulation.refused' });
      this.settle(current.runId, {
        ok: false,
        cancelled: false,
        message: this.t('simulation.notify.refused', { count: state.refusal.length }),
        issues: report.issues.map((i) => this.pluginIssue(i)),
      });
    }
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
    this.settle(runId, { ok: false, cancelled: false, message: this.t('simulation.crashed', { detail }), issues: [] });
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
    this.changed.fire();
  }

  private onDocumentsChanged(): void {
    for (const id of [...this.states.keys()]) {
      if (this.workbench.documents.get(id)) continue;
      if (this.current?.documentId === id) this.cancel();
      this.states.delete(id);
      this.versions.delete(id);
      this.scenarios.delete(id);
    }
    this.changed.fire();
  }

  dispose(): void {
    this.cancel();
    for (const s of this.subscriptions) s.dispose();
  }
}

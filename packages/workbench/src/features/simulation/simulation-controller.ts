// Runs simulations of open documents in the simulation worker (WorkerClient) and keeps the latest result per document
// (DocumentJobs; marked stale when the model changes). One run at a time; cancelling terminates the worker. The
// Simulation view, heat-map and progress item are the built-in plugin's (plugins/simulation): its
// `context.simulation.run` comes here through `runDetailed`, so a plugin's run is the studio's run.
import type { ModelIssue } from '@leanflow/model';
import type { SimulationIssue, SimulationOptions, SimulationOutcome, SimulationProgress as PluginSimulationProgress } from '@leanflow/plugin-api';
import { toPluginSimulationSummary } from '@leanflow/plugin-host';
import { DocumentJobs, type JobRun } from '../../base/document-jobs.ts';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { WorkerClient } from '../../base/worker-client.ts';
import type { Problem } from '../../services/notifications.ts';
import type { Workbench } from '../../workbench.ts';
import { formatDuration, type FormatLanguage } from '@leanflow/plugin-api';
import type { SimulationParams, SimulationProgress, SimulationReport } from './protocol.ts';
import type { SimulationMessageKey } from './messages.ts';

export type Translate = (key: SimulationMessageKey, params?: Record<string, string | number>) => string;

/** An issue's message in the user's language where the code is known, else the engine's (English) message. */
export function issueMessage(issue: ModelIssue, t: Translate, language: FormatLanguage): string {
  if (language === 'en') return issue.message;
  const key = `simulation.issue.${issue.code}` as SimulationMessageKey;
  const translated = t(key);
  return translated === key ? issue.message : translated;
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

/** The workbench services the simulation uses (tests give it just these). */
export type SimulationServices = Pick<Workbench, 'documents' | 'settings' | 'i18n' | 'output' | 'notifications' | 'problems' | 'activeEditor'>;

export class SimulationController implements Disposable {
  private readonly states = new Map<string, DocumentSimulation>();
  private readonly jobs: DocumentJobs<SimulationReport>;
  /** The run going now (one at a time), with who waits for it. */
  private current: { readonly documentId: string; readonly options: SimulationOptions; readonly waiter: RunWaiter | undefined } | undefined;
  /** The scenario chosen per document in the view; absent: the document's active scenario. */
  private readonly scenarios = new Map<string, string>();
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[] = [];
  /** Fires when a run starts, progresses, ends, or results go stale. */
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly finished = new Emitter<{ readonly documentId: string; readonly upToDate: boolean }>();
  /** Fires when a run ends with results (whoever started it); `summaryOf(documentId)` gives them. */
  readonly onDidFinishRun: Event<{ readonly documentId: string; readonly upToDate: boolean }> = this.finished.event;

  constructor(
    private readonly workbench: SimulationServices,
    private readonly client: WorkerClient,
    /** Whether runs stream every task's waits (a third-party rule may read them; see `PluginService.needsTaskWaits`). */
    private readonly needsTaskWaits: () => boolean = () => false,
  ) {
    const { documents } = workbench;
    this.jobs = new DocumentJobs(documents, {
      debounceMs: 0,
      run: (job) => this.execute(job),
      onResult: (report, job) => this.finish(report, job),
      onCrash: (detail) => this.finishCrashed(detail),
    });
    this.subscriptions.push(
      this.jobs,
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
      const waiter = { resolve, ...(control.onProgress ? { onProgress: control.onProgress } : {}) };
      this.start(doc.id, options, waiter);
      const cancel = () => this.current?.waiter === waiter && this.cancel();
      control.signal?.addEventListener('abort', cancel, { once: true });
      if (control.signal?.aborted) cancel();
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

  /** Starts a run (cancelling one that is going); the request goes to the worker once the document's XML is read. */
  private start(documentId: string, options: SimulationOptions, waiter?: RunWaiter): void {
    if (this.current) this.cancel();
    this.workbench.activeEditor?.completeEditing();
    this.current = { documentId, options, waiter };
    void this.jobs.run(documentId);
  }

  private async execute({ documentId, signal }: JobRun): Promise<SimulationReport> {
    const { options, waiter } = this.current!;
    const state = this.ensure(documentId);
    Object.assign(state, { status: 'running', progress: null, crash: null });
    this.changed.fire();
    const xml = await this.workbench.documents.getXml(documentId);
    const cases = options.cases ?? this.workbench.settings.get<number>(SIMULATION_SETTING.cases);
    const replications = options.replications ?? this.workbench.settings.get<number>(SIMULATION_SETTING.replications);
    if (options.scenarioId !== undefined) this.scenarios.set(documentId, options.scenarioId);
    const scenarioId = this.scenarios.get(documentId);
    const params: SimulationParams = {
      xml,
      ...(scenarioId !== undefined ? { scenarioId } : {}),
      ...(cases > 0 ? { cases } : {}),
      ...(replications > 0 ? { replications } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(this.needsTaskWaits() ? { taskWaitValues: true } : {}),
    };
    const onProgress = (progress: SimulationProgress) => {
      if (signal.aborted) return;
      state.progress = progress;
      const { fraction, replication, replications, casesDone, casesTotal } = progress;
      waiter?.onProgress?.({ fraction, replication, replications, casesDone, casesTotal });
      this.changed.fire();
    };
    return this.client.request<SimulationReport, SimulationProgress>('run', params, { signal, onProgress });
  }

  /** Stops the running simulation at once (terminates the worker); earlier results stay. */
  cancel(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.jobs.cancel(current.documentId);
    this.client.restart('cancelled');
    const state = this.states.get(current.documentId);
    if (state) Object.assign(state, { status: 'cancelled', progress: null });
    this.workbench.output.append(this.t('simulation.cancelled'));
    current.waiter?.resolve({ ok: false, cancelled: true, message: this.t('simulation.cancelled'), issues: [] });
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

  private ensure(documentId: string): DocumentSimulation {
    let state = this.states.get(documentId);
    if (!state) {
      state = { status: 'idle', progress: null, report: null, refusal: [], stale: false, crash: null };
      this.states.set(documentId, state);
    }
    return state;
  }

  private finish(report: SimulationReport, { documentId, version }: JobRun): void {
    const waiter = this.current?.waiter;
    this.current = undefined;
    const state = this.ensure(documentId);
    state.progress = null;
    if (report.ok) {
      const first = state.report === null;
      Object.assign(state, { status: 'done', report, refusal: [], stale: this.jobs.version(documentId) !== version });
      this.setProblems(documentId, report.issues.filter((i) => i.severity !== 'info'));
      const cycle = formatDuration(report.result.kpis.cycleTime.mean, this.language);
      this.workbench.output.append(this.t('simulation.output.done', { message: this.t('simulation.notify.done', { value: cycle }), executions: report.result.elementExecutions.toLocaleString(this.workbench.i18n.language), ms: Math.round(report.milliseconds) }));
      // The first results of a document: show the whole diagram (the side bar may just have grown).
      if (first && this.workbench.documents.active?.id === documentId) setTimeout(() => this.workbench.activeEditor?.zoom('fit'), 0);
      waiter?.resolve({ ok: true, summary: this.summaryOf(documentId)! });
      this.finished.fire({ documentId, upToDate: !state.stale });
    } else {
      const message = this.t('simulation.notify.refused', { count: report.issues.filter((i) => i.severity === 'error').length });
      Object.assign(state, { status: 'refused', refusal: report.issues.filter((i) => i.severity === 'error') });
      this.setProblems(documentId, report.issues);
      this.workbench.notifications.notify({ severity: 'error', title: message, code: 'simulation.refused' });
      waiter?.resolve({ ok: false, cancelled: false, message, issues: report.issues.map((i) => this.pluginIssue(i)) });
    }
    this.changed.fire();
  }

  private finishCrashed(detail: string): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    // The worker may be stuck or broken: the next run starts a fresh one.
    this.client.restart('crashed');
    Object.assign(this.ensure(current.documentId), { status: 'crashed', crash: detail, progress: null });
    this.workbench.output.append(this.t('simulation.crashed', { detail }), 'error');
    current.waiter?.resolve({ ok: false, cancelled: false, message: this.t('simulation.crashed', { detail }), issues: [] });
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
      this.scenarios.delete(id);
    }
    this.changed.fire();
  }

  dispose(): void {
    this.cancel();
    for (const s of this.subscriptions) s.dispose();
    this.client.dispose();
  }
}

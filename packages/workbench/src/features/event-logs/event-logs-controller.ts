// The studio's event-log session: one log at a time, read in the event-log worker (WorkerClient) with progress and
// Cancel (the worker is terminated), mapped to the active document's tasks, calibrated and replayed there; the
// calibrated scenario is applied as one undoable edit, and conformance deviations are drawn on the diagram.
import { validateCalibration, type MappingSuggestion } from '@leanflow/analysis';
import type { Scenario } from '@leanflow/model';
import { DisposableStore, Emitter, type Disposable } from '../../base/lifecycle.ts';
import { RpcError } from '@leanflow/plugin-host';
import type { WorkerClient } from '../../base/worker-client.ts';
import type { Workbench } from '../../workbench.ts';
import { readLiveScenarios, writeLiveScenarios } from '../properties/scenario-command.ts';
import type { SimulationReport } from '../simulation/protocol.ts';
import type { CalibrationView, ConformanceView, LogComparisonView, LogPreview, LogSummaryView, MappingChoice, MappingProposal, ReadOptions, ReadProgress, ValidationView } from './protocol.ts';

export type LogState =
  | { readonly status: 'empty' }
  | { readonly status: 'opening'; readonly fileName: string }
  /** A CSV waits for its column mapping (the dialog is open). */
  | { readonly status: 'columns'; readonly preview: LogPreview; readonly error?: string; readonly options?: ReadOptions }
  | { readonly status: 'reading'; readonly fileName: string; readonly progress: ReadProgress | undefined }
  | { readonly status: 'read'; readonly summary: LogSummaryView }
  | { readonly status: 'failed'; readonly fileName: string; readonly message: string }
  | { readonly status: 'cancelled'; readonly fileName: string };

/** The before/after comparison with a second log (the read log is "before"). */
export type ComparisonState =
  | { readonly status: 'none' }
  | { readonly status: 'running'; readonly fileName: string }
  | { readonly status: 'done'; readonly view: LogComparisonView }
  | { readonly status: 'failed'; readonly fileName: string; readonly message: string };

/** How each activity's current choice was made (for the editor's badges). */
export type ChoiceSource = 'name' | 'suggested' | 'user' | 'none';

export interface DocumentLogState {
  /** The log (file name and events) the figures below are for. */
  readonly logKey: string;
  readonly proposal?: MappingProposal;
  readonly choice: MappingChoice;
  readonly sources: Readonly<Record<string, ChoiceSource>>;
  readonly busy?: 'propose' | 'calibrate' | 'conformance';
  readonly error?: string;
  readonly calibration?: CalibrationView;
  readonly conformance?: ConformanceView;
  /** The document changed after the figures were made. */
  readonly stale: boolean;
  /** The scenario id the last Apply added. */
  readonly appliedScenarioId?: string;
  /** The log activity that is the first substantive response (passed to calibration; none: no first response). */
  readonly firstResponse?: string;
  /** The calibrated scenario simulated against the log (runs after each calibration). */
  readonly validation?: ValidationView;
  readonly validating?: boolean;
  readonly validationError?: string;
}

const LOG_NAME = /\.(csv|txt|tsv|xes)(\.gz)?$/i;
/** Whether a file name looks like an event log the studio reads. */
export const isEventLogName = (name: string) => LOG_NAME.test(name);

const message = (error: unknown) => (error instanceof RpcError ? error.message.replace(/^[\w.]+: /, '') : error instanceof Error ? error.message : String(error));

/**
 * The initial choice: name matches as the core made them, an unmapped activity's suggestion preselected.
 *
 * @example
 * const { choice, sources } = initialChoice(proposal);
 */
export function initialChoice(proposal: MappingProposal): { choice: Record<string, string | null>; sources: Record<string, ChoiceSource> } {
  const choice: Record<string, string | null> = {};
  const sources: Record<string, ChoiceSource> = {};
  for (const [activity, taskId] of Object.entries(proposal.mapping.mapping)) {
    choice[activity] = taskId;
    sources[activity] = 'name';
  }
  // One suggestion per task: the most similar activity keeps it.
  const taken = new Map<string, MappingSuggestion & { activity: string }>();
  for (const entry of proposal.mapping.unmappedActivities) {
    const s = entry.suggestion;
    if (s && (taken.get(s.taskId)?.score ?? -1) < s.score) taken.set(s.taskId, { ...s, activity: entry.activity });
  }
  for (const entry of proposal.mapping.unmappedActivities) {
    const s = taken.get(entry.suggestion?.taskId ?? '');
    const mine = s?.activity === entry.activity;
    choice[entry.activity] = mine ? s.taskId : null;
    sources[entry.activity] = mine ? 'suggested' : 'none';
  }
  return { choice, sources };
}

/** Tasks no activity maps to under a choice. */
export function unmappedTasks(proposal: MappingProposal, choice: MappingChoice): MappingProposal['tasks'] {
  const used = new Set(Object.values(choice).filter((v): v is string => !!v));
  return proposal.tasks.filter((t) => !used.has(t.id));
}

export class EventLogController implements Disposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  readonly onDidChange = this.changed.event;
  private logState: LogState = { status: 'empty' };
  private comparisonState: ComparisonState = { status: 'none' };
  private readonly documents = new Map<string, DocumentLogState>();
  private reading: AbortController | undefined;
  private applying: string | undefined;
  private logKey = '';
  /** Deviations are drawn on the diagram while this is on (and the document has a conformance result). */
  private deviationsShown = true;

  constructor(
    private readonly workbench: Pick<Workbench, 'documents' | 'activeEditor' | 'i18n'>,
    private readonly client: WorkerClient,
    /** The simulation worker's client, for the validation run of a calibrated scenario (none: no validation). */
    private readonly simulation?: WorkerClient,
  ) {
    this.store.add(workbench.documents.onDidChangeContent((id) => this.markStale(id)));
    // An undo of Apply removes the scenario: the view shows Apply again.
    this.store.add(workbench.documents.onDidChangeContent(() => this.changed.fire()));
  }

  get showDeviations(): boolean {
    return this.deviationsShown;
  }

  setShowDeviations(shown: boolean): void {
    this.deviationsShown = shown;
    this.changed.fire();
  }

  get log(): LogState {
    return this.logState;
  }

  state(documentId: string): DocumentLogState | undefined {
    const state = this.documents.get(documentId);
    return state?.logKey === this.logKey ? state : undefined;
  }

  get comparison(): ComparisonState {
    return this.comparisonState;
  }

  private setLog(state: LogState): void {
    // Another log (or none): a comparison made with the previous one no longer applies.
    if (state.status !== 'read' || this.logState.status !== 'read' || state.summary !== this.logState.summary) this.comparisonState = { status: 'none' };
    this.logState = state;
    this.changed.fire();
  }

  private setDocument(documentId: string, state: DocumentLogState): void {
    this.documents.set(documentId, state);
    this.changed.fire();
  }

  private markStale(documentId: string): void {
    if (this.applying === documentId) return; // our own Apply changes the scenarios, not what the figures were made from
    const state = this.documents.get(documentId);
    if (state && !state.stale && (state.calibration || state.conformance)) this.setDocument(documentId, { ...state, stale: true });
  }

  /** Opens a log file: XES is read at once; a CSV first shows its columns (the mapping dialog). */
  async open(file: Blob, fileName: string): Promise<void> {
    this.cancel();
    this.setLog({ status: 'opening', fileName });
    let preview: LogPreview;
    try {
      preview = await this.client.request<LogPreview>('open', { file, fileName });
    } catch (error) {
      this.setLog({ status: 'failed', fileName, message: message(error) });
      return;
    }
    if (preview.format === 'xes') await this.read({});
    else this.setLog({ status: 'columns', preview });
  }

  /** Reads the opened log with these options (the dialog's OK); a bad value keeps the dialog open with the error. */
  async read(options: ReadOptions): Promise<void> {
    const before = this.logState;
    const preview = before.status === 'columns' ? before.preview : undefined;
    const fileName = preview?.fileName ?? (before.status === 'opening' ? before.fileName : '');
    const controller = new AbortController();
    this.reading = controller;
    this.setLog({ status: 'reading', fileName, progress: undefined });
    try {
      const summary = await this.client.request<LogSummaryView, ReadProgress>('read', options, {
        signal: controller.signal,
        onProgress: (progress) => this.reading === controller && this.setLog({ status: 'reading', fileName, progress }),
      });
      if (this.reading !== controller) return;
      this.logKey = `${summary.fileName}#${summary.events}#${Date.now()}`;
      this.setLog({ status: 'read', summary });
      const doc = this.workbench.documents.active;
      if (doc) void this.propose(doc.id);
    } catch (error) {
      if (this.reading !== controller) return;
      // Back to the dialog with the reason (a column, a date format or a zone to change); an XES cannot be remapped.
      if (preview) this.setLog({ status: 'columns', preview, error: message(error), options });
      else this.setLog({ status: 'failed', fileName, message: message(error) });
    } finally {
      if (this.reading === controller) this.reading = undefined;
    }
  }

  /** Stops a going import: the worker is terminated, so nothing keeps reading. */
  cancel(): void {
    const state = this.logState;
    if (state.status !== 'reading' && state.status !== 'opening') return;
    this.reading = undefined;
    this.client.restart('cancelled');
    this.setLog({ status: 'cancelled', fileName: state.fileName });
  }

  /** Closes the column dialog without reading. */
  dismissColumns(): void {
    if (this.logState.status === 'columns') this.setLog({ status: 'cancelled', fileName: this.logState.preview.fileName });
  }

  /** Proposes the mapping of the log's activities to a document's tasks (names, then suggestions). */
  async propose(documentId: string): Promise<void> {
    if (this.logState.status !== 'read' || this.state(documentId)?.busy === 'propose') return;
    const key = this.logKey;
    this.setDocument(documentId, { logKey: key, choice: {}, sources: {}, busy: 'propose', stale: false });
    try {
      const proposal = await this.client.request<MappingProposal>('propose', { xml: await this.workbench.documents.getXml(documentId) });
      if (key !== this.logKey) return;
      const { choice, sources } = initialChoice(proposal);
      this.setDocument(documentId, { logKey: key, proposal, choice, sources, stale: false });
    } catch (error) {
      if (key === this.logKey) this.setDocument(documentId, { logKey: key, choice: {}, sources: {}, error: message(error), stale: false });
    }
  }

  /**
   * Compares a second log with the read one (before = the read log, after = this file), read with the same columns,
   * time zone and date order; waiting is per task under the active document's mapping, first response as chosen.
   */
  async compareWith(file: Blob, fileName: string): Promise<void> {
    if (this.logState.status !== 'read') return;
    const key = this.logKey;
    const doc = this.workbench.documents.active;
    const state = doc ? this.state(doc.id) : undefined;
    this.comparisonState = { status: 'running', fileName };
    this.changed.fire();
    try {
      const view = await this.client.request<LogComparisonView>('compareWith', {
        file,
        fileName,
        ...(state?.proposal ? { mapping: state.choice, taskNames: Object.fromEntries(state.proposal.tasks.map((t) => [t.id, t.name ?? t.id])) } : {}),
        ...(state?.firstResponse ? { firstResponse: state.firstResponse } : {}),
        ...(state?.calibration?.result.firstResponse ? { targetSeconds: state.calibration.result.firstResponse.targetSeconds } : {}),
      });
      if (key === this.logKey) this.comparisonState = { status: 'done', view };
    } catch (error) {
      if (key === this.logKey) this.comparisonState = { status: 'failed', fileName, message: message(error) };
    }
    this.changed.fire();
  }

  /** Changes the task one activity maps to (null: leave it out). */
  choose(documentId: string, activity: string, taskId: string | null): void {
    const state = this.state(documentId);
    if (!state) return;
    this.setDocument(documentId, { ...state, choice: { ...state.choice, [activity]: taskId }, sources: { ...state.sources, [activity]: 'user' } });
  }

  /** Chooses the log activity that is the first substantive response (undefined: none), used by the next calibration. */
  setFirstResponse(documentId: string, activity: string | undefined): void {
    const state = this.state(documentId);
    if (!state) return;
    const { firstResponse: _old, ...rest } = state;
    this.setDocument(documentId, { ...rest, ...(activity ? { firstResponse: activity } : {}) });
  }

  /** Fits a new scenario from the log with the current mapping. */
  async calibrate(documentId: string, scenarioName: string): Promise<void> {
    const state = this.state(documentId);
    if (!state?.proposal) return;
    this.setDocument(documentId, { ...state, busy: 'calibrate' });
    const { error: _error, ...rest } = state;
    try {
      const calibration = await this.client.request<CalibrationView>('calibrate', { xml: await this.workbench.documents.getXml(documentId), mapping: state.choice, scenarioName, language: this.workbench.i18n.language, ...(state.firstResponse ? { firstResponse: state.firstResponse } : {}) });
      const { busy: _busy, ...now } = this.state(documentId) ?? rest;
      const { validation: _v, validationError: _e, ...kept } = now;
      this.setDocument(documentId, { ...kept, calibration, conformance: { replay: calibration.result.conformance, mapped: Object.keys(calibration.result.mapping.mapping).length }, stale: false });
    } catch (error) {
      this.setDocument(documentId, { ...rest, error: message(error) });
      return;
    }
    await this.validate(documentId);
  }

  /**
   * Simulates the calibrated scenario (in the simulation worker, on the document with the scenario added) and puts
   * its KPIs next to the log's: as many cases as the log has (200..5000), 3 replications, seed 1.
   */
  async validate(documentId: string): Promise<void> {
    const state = this.state(documentId);
    const calibration = state?.calibration;
    if (!state || !calibration || !this.simulation) return;
    const { validationError: _e, ...rest } = state;
    this.setDocument(documentId, { ...rest, validating: true });
    const done = (patch: Partial<DocumentLogState>) => {
      const now = this.state(documentId);
      if (!now || now.calibration !== calibration) return; // calibrated again meanwhile: that run validates itself
      const { validating: _busy, validationError: _old, ...others } = now;
      this.setDocument(documentId, { ...others, ...patch });
    };
    try {
      const scenario = calibration.result.scenario;
      const xml = await this.client.request<string>('scenarioXml', { xml: await this.workbench.documents.getXml(documentId), scenario, scenarios: calibration.scenarios });
      const run = { cases: Math.max(200, Math.min(5000, calibration.result.log.cases)), replications: 3, seed: 1 };
      const report = await this.simulation.request<SimulationReport>('run', { xml, scenarioId: scenario.id, ...run });
      if (!report.ok) {
        done({ validationError: report.issues.find((i) => i.severity === 'error')?.message ?? report.issues[0]?.message ?? 'The calibrated scenario cannot be simulated.' });
        return;
      }
      done({ validation: { rows: validateCalibration(calibration.result, report.result), run: { scenarioId: scenario.id, scenarioName: scenario.name, ...run, milliseconds: report.milliseconds } } });
    } catch (error) {
      done({ validationError: message(error) });
    }
  }

  /** Replays the log on the document's model with the current mapping. */
  async checkConformance(documentId: string): Promise<void> {
    const state = this.state(documentId);
    if (!state?.proposal) return;
    const { error: _error, ...rest } = state;
    this.setDocument(documentId, { ...rest, busy: 'conformance' });
    try {
      const conformance = await this.client.request<ConformanceView>('conformance', { xml: await this.workbench.documents.getXml(documentId), mapping: state.choice });
      const { busy: _busy, ...now } = this.state(documentId) ?? rest;
      this.setDocument(documentId, { ...now, conformance, stale: now.calibration ? now.stale : false });
    } catch (error) {
      this.setDocument(documentId, { ...rest, error: message(error) });
    }
  }

  /**
   * Adds the calibrated scenario to the document's scenarios and makes it active, as one command (one Undo step);
   * the scenarios the file had (or the imported/default one it showed) are kept. Returns the new scenario, or
   * undefined when the document is not the active editor's.
   */
  apply(documentId: string): Scenario | undefined {
    const state = this.state(documentId);
    const calibration = state?.calibration;
    const modeler = this.workbench.activeEditor?.modeler as Parameters<typeof writeLiveScenarios>[0] | undefined;
    if (!state || !calibration || !modeler || this.workbench.documents.active?.id !== documentId) return undefined;
    const live = readLiveScenarios(modeler);
    const kept = live.scenarios.length ? live.scenarios : calibration.scenarios;
    const ids = new Set(kept.map((s) => s.id));
    let id = calibration.result.scenario.id;
    for (let i = 2; ids.has(id); i++) id = `${calibration.result.scenario.id}-${i}`;
    const log = calibration.result.log;
    const file = this.logState.status === 'read' ? this.logState.summary.fileName : '';
    // The core writes its description in English; the file gets it in the studio's language.
    const description = this.workbench.i18n.localize('%eventLogs.scenarioDescription%', { file, cases: log.cases, from: log.from.slice(0, 10), to: log.to.slice(0, 10) });
    const scenario: Scenario = { ...calibration.result.scenario, id, description };
    this.applying = documentId;
    try {
      writeLiveScenarios(modeler, { scenarios: [...kept, scenario], activeScenarioId: id });
    } finally {
      this.applying = undefined;
    }
    this.setDocument(documentId, { ...(this.documents.get(documentId) ?? state), appliedScenarioId: id });
    return scenario;
  }

  /** Whether the scenario the last Apply added is in the document now (an Undo removes it). */
  isApplied(documentId: string): boolean {
    const id = this.state(documentId)?.appliedScenarioId;
    const modeler = this.workbench.activeEditor?.modeler as Parameters<typeof readLiveScenarios>[0] | undefined;
    if (!id || !modeler || this.workbench.documents.active?.id !== documentId) return false;
    return readLiveScenarios(modeler).scenarios.some((s) => s.id === id);
  }

  dispose(): void {
    this.cancel();
    this.store.dispose();
  }
}

// Scores the active document in a Web Worker ~300 ms after its last edit, keeps one result per document (never
// mixed across documents; answers to superseded requests are dropped), and shows the findings as diagram markers
// and in the Problems panel. The UI thread only renders.
import { parseStoredProfile, type FindingSeverity, type Scorecard, type ScoringProfile, type SimulationSummary } from '@leanflow/analysis';
import type { AnalysisInput, ScoringRuleContribution } from '@leanflow/plugin-api';
import { scorecardFromPlugins, toPluginSimulationSummary, withScorecardFigures, type ScoringReport } from '@leanflow/plugin-host';
import type { SimulationResult } from '@leanflow/sim';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { Problem } from '../../services/notifications.ts';
import type { Workbench } from '../../workbench.ts';
import { findingLocalizer } from './finding-texts.ts';
import type { ScorecardMessageKey } from './messages.ts';
import { buildProfile, SCORECARD_SETTING, scorecardOptionsFromSettings, simulationInput, type ScorecardOptions } from './profile.ts';
import { readLiveProfile, writeLiveProfile } from './profile-command.ts';
import type { PrepareResponse, ScoreRefusal, ScoringWorkerRequest, ScoringWorkerResponse, UsedProfile } from './protocol.ts';
import { allFindings, displayScore, markersOf, runText, toScorecardViewModel, type ScorecardViewModel, type Translate } from './view-model.ts';

/** The subset of `Worker` the controller uses (tests may pass a fake). */
export interface ScoringWorker {
  postMessage(message: ScoringWorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<ScoringWorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/**
 * Where the latest simulation result of a document comes from (the hook for the simulation feature). Return
 * undefined when there is none or when it no longer matches the model (stale).
 */
export interface SimulationResultSource {
  latest(documentId: string): SimulationResult | undefined;
  readonly onDidChange: Event<unknown>;
  /** Starts a simulation of the document (the view's "Simulate now" button); absent: no button. */
  run?(documentId: string): Promise<void>;
  /** Whether a simulation is running now (the button then says so). */
  running?(): boolean;
}

/**
 * Where the rules run: the plugin host (the built-in lean-scorecard plugin and every installed plugin with scoring
 * rules). While it is not `available()` (the built-in plugin disabled or crashed) the view scores the built-in
 * rules directly in its worker, so the scorecard keeps working.
 */
export interface ScoringRuleSource {
  available(): boolean;
  runScoring(input: AnalysisInput): Promise<ScoringReport>;
  scoringRules(): readonly (ScoringRuleContribution & { readonly pluginId: string })[];
  /** The plugin whose rules are the scorecard's own (they keep their ids); the host knows no plugin by id. */
  readonly builtInPluginId: string;
  /** A plugin's display name (for "From the plugin …" under its rules). */
  pluginName?(pluginId: string): string | undefined;
  /** A plugin's manifest text in the studio's language (its `l10n`), e.g. its rules' titles; else undefined. */
  localizeText?(text: string): string | undefined;
  /** Fires when plugins are installed, removed, enabled or change state. */
  readonly onDidChange: Event<unknown>;
}

/** Scores a file with a simulation run exactly as the Scorecard view does (one score per run in every view). */
export interface RunScorer {
  scoreRun(xml: string, result: SimulationResult | undefined): Promise<Scorecard | undefined>;
}

export type ScoreStatus = 'idle' | 'scoring' | 'done' | 'refused' | 'crashed';

export interface DocumentScore {
  status: ScoreStatus;
  /** The latest scorecard of this document (kept, dimmed by `scoring`, while a new one is computed). */
  card: Scorecard | null;
  /** The simulation result that fed `card`, if any. */
  simulation: SimulationResult | undefined;
  /** The profile `card` was computed with (the file's own, or the settings'). */
  profile: UsedProfile | null;
  /** Why the profile stored in the file was not used, when it does not validate. */
  modelProfileIssues: readonly string[];
  /** Rule id -> the name of the plugin it comes from, for rules of other plugins than the built-in one. */
  ruleSources: Readonly<Record<string, string>>;
  refusal: readonly ScoreRefusal[];
  crash: string | null;
  /** The document version `card` was computed for. */
  version: number;
}

export const PROBLEM_SOURCE = 'scorecard';
export const MARKER_CLASS: Readonly<Record<FindingSeverity, string | null>> = { error: 'lf-score-error', warning: 'lf-score-warning', info: null };
/** Static rules re-run this long after the last edit. */
export const SCORE_DEBOUNCE_MS = 300;

interface MarkerCanvas {
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
}
interface MarkerEditor {
  get<T>(name: string): T;
  readonly modeler: unknown;
}

export class ScorecardController implements Disposable, RunScorer {
  private readonly states = new Map<string, DocumentScore>();
  private readonly versions = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The newest request per document; older answers are dropped. */
  private readonly latestRequest = new Map<string, number>();
  private readonly pending = new Map<number, { documentId: string; version: number; simulation: SimulationResult | undefined }>();
  private readonly applied = new Map<string, { editor: MarkerEditor; markers: [string, string][] }>();
  private worker: ScoringWorker | undefined;
  private nextRequestId = 1;
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[] = [];
  private statusItem: Disposable | undefined;
  private source: SimulationResultSource | undefined;
  private sourceSubscription: Disposable | undefined;
  private rules: ScoringRuleSource | undefined;
  private rulesSubscription: Disposable | undefined;
  private rulesKey = '';
  /** Prepare requests waiting for the worker. */
  private readonly preparing = new Map<number, (answer: PrepareResponse | { type: 'crashed'; message: string }) => void>();
  /** Fires when scoring starts or a result arrives. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly workbench: Workbench,
    private readonly createWorker: () => ScoringWorker,
    simulation?: SimulationResultSource,
  ) {
    const { documents } = workbench;
    this.subscriptions.push(
      documents.onDidChangeContent((id) => this.onContentChanged(id)),
      documents.onDidChange(() => this.onDocumentsChanged()),
      workbench.settings.onDidChange((id) => {
        // Ours, and the built-in lean-scorecard plugin's thresholds (its rules read them through the plugin API).
        if (id.startsWith('scorecard.') || id.startsWith('leanScorecard.')) this.rescoreAll();
      }),
      workbench.onDidLoadEditor(({ documentId }) => {
        // A new modeler (first import, language switch): its markers are gone, paint them again.
        this.applied.delete(documentId);
        this.applyMarkers(documentId);
      }),
      workbench.i18n.onDidChangeLanguage(() => {
        for (const id of this.states.keys()) this.publishProblems(id);
        this.updateStatusBar();
        this.changed.fire();
      }),
    );
    if (simulation) this.setSimulationSource(simulation);
  }

  /** Runs the rules in the plugin host from now on (built-in plus installed plugins); re-scores when they change. */
  setRuleSource(rules: ScoringRuleSource | undefined): void {
    this.rulesSubscription?.dispose();
    this.rules = rules;
    this.rulesKey = this.ruleSetKey();
    this.rulesSubscription = rules?.onDidChange(() => {
      // Activation and other state changes fire too: re-score only when the set of rules changed.
      const key = this.ruleSetKey();
      if (key === this.rulesKey) return;
      this.rulesKey = key;
      this.rescoreAll();
    });
    this.rescoreAll();
  }

  /** Whether the rules run in the plugin host now (else directly in the scoring worker). */
  get throughPlugins(): boolean {
    return this.rules?.available() ?? false;
  }

  private ruleSetKey(): string {
    if (!this.rules) return '';
    return `${this.rules.available()}|${this.rules.scoringRules().map((r) => `${r.pluginId}/${r.id}`).join(',')}`;
  }

  /** Feeds the dynamic rules from `source` (the simulation feature's latest results); re-scores when it changes. */
  setSimulationSource(source: SimulationResultSource | undefined): void {
    this.sourceSubscription?.dispose();
    this.source = source;
    this.sourceSubscription = source?.onDidChange(() => {
      this.changed.fire(); // the view's "Simulating…" state
      const active = this.workbench.documents.active?.id;
      if (!active) return;
      const state = this.states.get(active);
      if (state && state.simulation !== source.latest(active)) this.schedule(active, 0);
    });
    this.rescoreAll();
  }

  /** Whether the view can start a simulation itself (a source with `run`). */
  get canSimulate(): boolean {
    return typeof this.source?.run === 'function';
  }

  get simulating(): boolean {
    return this.source?.running?.() ?? false;
  }

  /** Simulates the active document so the dynamic rules score (re-scored when the result arrives). */
  async simulate(documentId = this.workbench.documents.active?.id): Promise<void> {
    if (documentId && this.source?.run) await this.source.run(documentId);
  }

  /** Whether the active document stores a scorecard profile (read from the live diagram). */
  hasModelProfile(): boolean {
    const modeler = this.workbench.activeEditor?.modeler as Parameters<typeof readLiveProfile>[0] | undefined;
    return modeler ? readLiveProfile(modeler) !== undefined : false;
  }

  /**
   * Stores the profile the settings give (built-in profile plus changed thresholds) in the active document, as
   * one undoable edit; the file then scores the same for everyone who opens it, and in `leanflow score`.
   */
  saveProfileToModel(): boolean {
    const modeler = this.workbench.activeEditor?.modeler as Parameters<typeof writeLiveProfile>[0] | undefined;
    if (!modeler) {
      this.workbench.notifications.notify({ severity: 'info', title: this.t('scorecard.noDocument'), code: 'scorecard.noDocument' });
      return false;
    }
    const { profile } = buildProfile(this.options());
    const name = this.profileName(profile.id);
    writeLiveProfile(modeler, { ...profile, name });
    this.workbench.notifications.notify({ severity: 'info', title: this.t('scorecard.modelProfile.saved', { name }), code: 'scorecard.profileSaved' });
    return true;
  }

  /** Removes the profile stored in the active document (undoable); the settings' profile applies again. */
  removeProfileFromModel(): boolean {
    const modeler = this.workbench.activeEditor?.modeler as Parameters<typeof writeLiveProfile>[0] | undefined;
    if (!modeler || readLiveProfile(modeler) === undefined) return false;
    writeLiveProfile(modeler, undefined);
    this.workbench.notifications.notify({ severity: 'info', title: this.t('scorecard.modelProfile.removed'), code: 'scorecard.profileRemoved' });
    return true;
  }

  /** Translator for this feature's message keys. */
  readonly t: Translate = (key: ScorecardMessageKey, params?: Record<string, string | number>) => this.workbench.i18n.localize(`%${key}%`, params);

  state(documentId: string | undefined): DocumentScore | undefined {
    return documentId ? this.states.get(documentId) : undefined;
  }

  /** The user's settings (only the ones changed from the default override the profile). */
  options(): ScorecardOptions {
    return scorecardOptionsFromSettings(this.workbench.settings);
  }


  profileName(profileId: string): string {
    const text = this.t(`scorecard.profile.${profileId}` as ScorecardMessageKey);
    return text.startsWith('scorecard.') ? profileId : text;
  }

  /** The view model of a document's latest scorecard in the current language. */
  viewModel(documentId: string): ScorecardViewModel | undefined {
    const state = this.states.get(documentId);
    if (!state?.card) return undefined;
    const profileName = state.profile?.source === 'model' ? state.profile.name : this.profileName(state.card.profileId);
    const run = state.simulation;
    const localize = findingLocalizer(this.workbench.i18n.language, this.rules?.localizeText);
    return toScorecardViewModel(state.card, this.t, { simulated: run !== undefined, profileName, ruleSources: state.ruleSources, localize, ...(run ? { run } : {}) });
  }

  /** Scores the active document (or `documentId`) after `delay` ms; a later call replaces an earlier one. */
  schedule(documentId = this.workbench.documents.active?.id, delay = SCORE_DEBOUNCE_MS): void {
    if (!documentId || !this.workbench.documents.get(documentId)) return;
    clearTimeout(this.timers.get(documentId));
    const state = this.ensure(documentId);
    if (state.status !== 'scoring') {
      state.status = 'scoring';
      this.changed.fire();
    }
    this.timers.set(
      documentId,
      setTimeout(() => {
        this.timers.delete(documentId);
        void this.score(documentId);
      }, delay),
    );
  }

  /** Scores a document now (the "Re-score Now" command). */
  async score(documentId = this.workbench.documents.active?.id): Promise<void> {
    if (!documentId || !this.workbench.documents.get(documentId)) return;
    clearTimeout(this.timers.get(documentId));
    this.timers.delete(documentId);
    const state = this.ensure(documentId);
    state.status = 'scoring';
    const requestId = this.nextRequestId++;
    this.latestRequest.set(documentId, requestId);
    const version = this.versions.get(documentId) ?? 0;
    this.changed.fire();
    let xml: string;
    try {
      xml = await this.workbench.documents.getXml(documentId);
    } catch (error) {
      this.finishCrashed(documentId, requestId, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.latestRequest.get(documentId) !== requestId) return;
    const options = this.options();
    const { profile, invalidBand } = buildProfile(options);
    if (invalidBand) this.workbench.output.append(this.t('scorecard.setting.invalidBand', invalidBand), 'warning');
    const result = this.source?.latest(documentId);
    let simulation: SimulationSummary | undefined;
    try {
      simulation = result ? simulationInput(result, options.firstResponseSlaHours) : undefined;
    } catch {
      simulation = undefined; // an unexpected result shape: score the model alone rather than fail
    }
    const useModelProfile = this.workbench.settings.get<boolean>(SCORECARD_SETTING.useModelProfile);
    const simulated = simulation && result ? { result, summary: simulation } : undefined;
    if (this.rules?.available()) {
      await this.scoreThroughPlugins({ documentId, requestId, version, xml, profile, useModelProfile, simulated });
      return;
    }
    this.pending.set(requestId, { documentId, version, simulation: simulated?.result });
    try {
      this.ensureWorker().postMessage({ type: 'score', requestId, xml, profile, useModelProfile, ...(simulation ? { simulation } : {}) });
    } catch (error) {
      // No worker (blocked by the page's policy): say so; never score on the UI thread.
      this.finishCrashed(documentId, requestId, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * The worker reads the document (off the UI thread), every plugin's rules run in its own worker, and the results
   * are combined here with the framework's weights (a few additions). Stale answers are dropped at each step.
   */
  private async scoreThroughPlugins(job: {
    documentId: string;
    requestId: number;
    version: number;
    xml: string;
    profile: ScoringProfile;
    useModelProfile: boolean;
    simulated: { result: SimulationResult; summary: SimulationSummary } | undefined;
  }): Promise<void> {
    const { documentId, requestId, simulated } = job;
    const current = () => this.latestRequest.get(documentId) === requestId && this.workbench.documents.get(documentId) !== undefined;
    const outcome = await this.runPlugins({ ...job, current });
    if (!current() || outcome === undefined) return;
    if (outcome.type === 'crashed') this.finishCrashed(documentId, requestId, outcome.message);
    else if (outcome.type === 'refused') this.applyRefusal(documentId, job.version, outcome.issues);
    else this.applyCard(documentId, job.version, outcome.card, simulated?.result, outcome.profile, outcome.modelProfileIssues, outcome.ruleSources);
  }

  /**
   * Scores `xml` with the run `result` exactly as the Scorecard view scores a document with that run: the same rules
   * (plugin host), profile (the file's own or the settings') and thresholds. The variants comparison and the
   * suggestions' predictions show these figures, so one run gives one score in every view. Undefined while the
   * plugin host cannot score (the caller keeps its own figure and says so).
   *
   * @example
   * const card = await controller.scoreRun(xml, comparison.variants[0].simulation);
   */
  async scoreRun(xml: string, result: SimulationResult | undefined): Promise<Scorecard | undefined> {
    if (!this.rules?.available()) return undefined;
    const options = this.options();
    let summary: SimulationSummary | undefined;
    try {
      summary = result ? simulationInput(result, options.firstResponseSlaHours) : undefined;
    } catch {
      summary = undefined;
    }
    const outcome = await this.runPlugins({
      requestId: this.nextRequestId++,
      xml,
      profile: buildProfile(options).profile,
      useModelProfile: this.workbench.settings.get<boolean>(SCORECARD_SETTING.useModelProfile),
      simulated: result && summary ? { result, summary } : undefined,
      current: () => true,
    });
    return outcome?.type === 'card' ? outcome.card : undefined;
  }

  private async runPlugins(job: {
    requestId: number;
    xml: string;
    profile: ScoringProfile;
    useModelProfile: boolean;
    simulated: { result: SimulationResult; summary: SimulationSummary } | undefined;
    current: () => boolean;
  }): Promise<
    | { type: 'card'; card: Scorecard; profile: UsedProfile; modelProfileIssues: readonly string[]; ruleSources: Record<string, string> }
    | { type: 'refused'; issues: readonly ScoreRefusal[] }
    | { type: 'crashed'; message: string }
    | undefined
  > {
    const { requestId, simulated, current } = job;
    try {
      const prepared = await this.prepare({ type: 'prepare', requestId, xml: job.xml, simulated: simulated !== undefined });
      if (!current()) return undefined;
      if (prepared.type === 'crashed') return prepared;
      if (!prepared.ok) return { type: 'refused', issues: prepared.issues };
      const stored = job.useModelProfile && prepared.scorecardProfile ? parseStoredProfile(prepared.scorecardProfile) : undefined;
      const profile = stored?.ok ? stored.profile : job.profile;
      const scenario = prepared.scenario;
      const input: AnalysisInput = {
        graph: prepared.graph,
        ...(scenario ? { scenario } : {}),
        // The plugin API's summary of the run, with the scorecard's figures (the SLA share as the settings ask).
        ...(simulated ? { simulation: withScorecardFigures(toPluginSimulationSummary(simulated.result), simulated.summary) } : {}),
        xml: job.xml,
        profile,
      };
      const report = await this.rules!.runScoring(input);
      if (!current()) return undefined;
      const context = { graph: prepared.graph, ...(scenario ? { scenario } : {}), ...(simulated ? { simulation: simulated.summary } : {}) };
      const { card, sources } = await scorecardFromPlugins(report, this.rules!.scoringRules(), context, profile, { builtInPluginId: this.rules!.builtInPluginId });
      if (!current()) return undefined;
      const ruleSources: Record<string, string> = {};
      for (const [ruleId, source] of Object.entries(sources)) {
        const pluginId = source.replace(/^plugin:/, '');
        ruleSources[ruleId] = this.rules?.pluginName?.(pluginId) ?? pluginId;
      }
      const usedProfile: UsedProfile = { id: profile.id, name: profile.name, source: stored?.ok ? 'model' : 'settings' };
      return { type: 'card', card, profile: usedProfile, modelProfileIssues: stored && !stored.ok ? stored.issues : [], ruleSources };
    } catch (error) {
      return { type: 'crashed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private prepare(request: Extract<ScoringWorkerRequest, { type: 'prepare' }>): Promise<PrepareResponse | { type: 'crashed'; message: string }> {
    return new Promise((resolve) => {
      this.preparing.set(request.requestId, resolve);
      try {
        this.ensureWorker().postMessage(request);
      } catch (error) {
        this.preparing.delete(request.requestId);
        resolve({ type: 'crashed', message: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  private rescoreAll(): void {
    const active = this.workbench.documents.active?.id;
    for (const id of this.states.keys()) if (id !== active) this.ensure(id).version = -1; // re-scored when shown
    if (active && this.states.has(active)) this.schedule(active, 0);
  }

  private ensure(documentId: string): DocumentScore {
    let state = this.states.get(documentId);
    if (!state) {
      state = { status: 'idle', card: null, simulation: undefined, profile: null, modelProfileIssues: [], ruleSources: {}, refusal: [], crash: null, version: -1 };
      this.states.set(documentId, state);
    }
    return state;
  }

  private ensureWorker(): ScoringWorker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event) => this.onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.worker?.terminate();
      this.worker = undefined;
      for (const [requestId, p] of [...this.pending]) this.finishCrashed(p.documentId, requestId, event.message || 'worker error');
      for (const [requestId, resolve] of [...this.preparing]) {
        this.preparing.delete(requestId);
        resolve({ type: 'crashed', message: event.message || 'worker error' });
      }
    };
    this.worker = worker;
    return worker;
  }

  private onMessage(message: ScoringWorkerResponse): void {
    const waiting = this.preparing.get(message.requestId);
    if (waiting) {
      this.preparing.delete(message.requestId);
      if (message.type === 'prepared' || message.type === 'crashed') waiting(message);
      return;
    }
    if (message.type === 'prepared') return;
    const pending = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    if (!pending) return;
    const { documentId } = pending;
    // A newer request for this document is on its way (or the document closed): this answer is stale.
    if (this.latestRequest.get(documentId) !== message.requestId || !this.workbench.documents.get(documentId)) return;
    if (message.type === 'crashed') {
      this.finishCrashed(documentId, message.requestId, message.message);
      return;
    }
    if (message.ok) this.applyCard(documentId, pending.version, message.card, pending.simulation, message.profile, message.modelProfileIssues ?? []);
    else this.applyRefusal(documentId, pending.version, message.issues);
  }

  /** A new scorecard for the document: view, markers, Problems and status bar follow. */
  private applyCard(
    documentId: string,
    version: number,
    card: Scorecard,
    simulation: SimulationResult | undefined,
    profile: UsedProfile,
    modelProfileIssues: readonly string[],
    ruleSources: Readonly<Record<string, string>> = {},
  ): void {
    const state = this.ensure(documentId);
    state.ruleSources = ruleSources;
    state.crash = null;
    state.status = 'done';
    state.card = card;
    state.simulation = simulation;
    state.profile = profile;
    // Say it once per change, not on every re-score.
    if (modelProfileIssues.length > 0 && modelProfileIssues.join('\n') !== state.modelProfileIssues.join('\n')) {
      this.workbench.output.append(this.t('scorecard.modelProfile.invalid', { detail: modelProfileIssues.join('; ') }), 'warning');
    }
    state.modelProfileIssues = modelProfileIssues;
    state.refusal = [];
    state.version = version;
    this.afterResult(documentId);
  }

  private applyRefusal(documentId: string, version: number, issues: readonly ScoreRefusal[]): void {
    const state = this.ensure(documentId);
    state.crash = null;
    state.status = 'refused';
    state.card = null;
    state.simulation = undefined;
    state.profile = null;
    state.refusal = issues;
    state.version = version;
    this.afterResult(documentId);
  }

  private afterResult(documentId: string): void {
    this.publishProblems(documentId);
    this.applyMarkers(documentId);
    this.updateStatusBar();
    this.changed.fire();
  }

  private finishCrashed(documentId: string, requestId: number, detail: string): void {
    this.pending.delete(requestId);
    if (this.latestRequest.get(documentId) !== requestId) return;
    const state = this.ensure(documentId);
    state.status = 'crashed';
    state.crash = detail;
    this.workbench.output.append(this.t('scorecard.crashed', { detail }), 'error');
    this.changed.fire();
  }

  private publishProblems(documentId: string): void {
    const state = this.states.get(documentId);
    if (!state || !this.workbench.documents.get(documentId)) return;
    const source = this.t('scorecard.problemSource');
    let problems: Problem[] = [];
    if (state.status === 'refused') {
      problems = state.refusal.map((r) => ({ severity: 'error', message: r.message, source, code: 'scorecard.refused', ...(r.elementId ? { elementId: r.elementId } : {}) }));
    } else {
      const model = this.viewModel(documentId);
      problems = model
        ? allFindings(model).map((f) => ({
            severity: f.severity,
            message: f.message,
            source,
            code: `scorecard.${f.ruleId}`,
            ...(f.elementIds[0] ? { elementId: f.elementIds[0] } : {}),
          }))
        : [];
    }
    this.workbench.problems.set(documentId, PROBLEM_SOURCE, problems);
  }

  /** Outlines the elements with findings (worst severity wins) on the document's diagram; replaces earlier markers. */
  private applyMarkers(documentId: string): void {
    const active = this.workbench.documents.active?.id === documentId ? this.workbench.activeEditor : undefined;
    if (active) this.paintMarkers(documentId, active);
    else void this.workbench.editorFor(documentId).then((editor) => editor && this.paintMarkers(documentId, editor));
  }

  private paintMarkers(documentId: string, editor: MarkerEditor): void {
    const previous = this.applied.get(documentId);
    if (previous?.editor === editor && previous.editor.modeler) {
      const canvas = editor.get<MarkerCanvas>('canvas');
      for (const [id, marker] of previous.markers) safe(() => canvas.removeMarker(id, marker));
    }
    this.applied.delete(documentId);
    if (!editor.modeler) return;
    const model = this.viewModel(documentId);
    const markers: [string, string][] = [];
    if (model) {
      const canvas = editor.get<MarkerCanvas>('canvas');
      const registry = editor.get<{ get(id: string): unknown }>('elementRegistry');
      for (const [id, severity] of markersOf(model)) {
        const marker = MARKER_CLASS[severity];
        if (!marker || !registry.get(id)) continue;
        canvas.addMarker(id, marker);
        markers.push([id, marker]);
      }
    }
    this.applied.set(documentId, { editor, markers });
  }

  private onContentChanged(documentId: string): void {
    this.versions.set(documentId, (this.versions.get(documentId) ?? 0) + 1);
    if (this.workbench.documents.active?.id === documentId) this.schedule(documentId);
    else this.ensure(documentId);
  }

  private onDocumentsChanged(): void {
    for (const id of [...this.states.keys()]) {
      if (this.workbench.documents.get(id)) continue;
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      this.states.delete(id);
      this.versions.delete(id);
      this.latestRequest.delete(id);
      this.applied.delete(id);
    }
    const active = this.workbench.documents.active;
    if (active?.ready) {
      const state = this.states.get(active.id);
      const version = this.versions.get(active.id) ?? 0;
      if (!state || (state.version !== version && state.status !== 'scoring')) this.schedule(active.id, 0);
    }
    this.updateStatusBar();
    this.changed.fire();
  }

  private updateStatusBar(): void {
    const active = this.workbench.documents.active?.id;
    const card = active ? this.states.get(active)?.card : undefined;
    if (!card || card.score === null) {
      this.statusItem?.dispose();
      this.statusItem = undefined;
      return;
    }
    // Say which run the figure comes from, or that it is static (the same model scores lower once simulated).
    const run = this.states.get(active!)?.simulation;
    const score = displayScore(card.score);
    this.statusItem = this.workbench.statusBar.set({
      id: 'scorecard.score',
      text: run ? this.t('scorecard.status.text', { score }) : this.t('scorecard.status.text.static', { score }),
      tooltip: run ? this.t('scorecard.status.tooltip.run', { run: runText(run, this.t) }) : this.t('scorecard.status.tooltip.static'),
      command: 'scorecard.show',
      alignment: 'left',
      priority: 4,
    });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.worker?.terminate();
    this.worker = undefined;
    for (const s of this.subscriptions) s.dispose();
    this.sourceSubscription?.dispose();
    this.rulesSubscription?.dispose();
    for (const id of this.applied.keys()) {
      const entry = this.applied.get(id)!;
      if (entry.editor.modeler) for (const [el, marker] of entry.markers) safe(() => entry.editor.get<MarkerCanvas>('canvas').removeMarker(el, marker));
    }
    this.applied.clear();
    this.statusItem?.dispose();
  }
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // the element was deleted with the edit that triggered the re-score
  }
}

// Scores the active document ~300 ms after its last edit through the one scoring path (plugin-scoring.ts: the worker
// reads the file, the plugin host runs the rules), keeps one result per document (DocumentJobs: latest wins, stale
// answers dropped, closed documents forgotten), and shows the findings as diagram markers, in the Problems panel and
// in the status bar (scorecard-decorations.ts). The UI thread only renders.
import type { Scorecard } from '@leanflow/analysis';
import type { SimulationResult } from '@leanflow/sim';
import { DocumentJobs, type JobRun } from '../../base/document-jobs.ts';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { WorkerClient } from '../../base/worker-client.ts';
import type { Workbench } from '../../workbench.ts';
import { findingLocalizer } from './finding-texts.ts';
import type { ScorecardMessageKey } from './messages.ts';
import { scoreThroughPlugins, scoringJob, type RunScorer, type ScoringOutcome, type ScoringRuleSource, type SimulationResultSource } from './plugin-scoring.ts';
import { buildProfile, scorecardOptionsFromSettings, type ScorecardOptions } from './profile.ts';
import { hasModelProfile, removeProfileFromModel, saveProfileToModel } from './profile-command.ts';
import type { ScoreRefusal, UsedProfile } from './protocol.ts';
import { ScorecardDecorations } from './scorecard-decorations.ts';
import { toScorecardViewModel, type ScorecardViewModel, type Translate } from './view-model.ts';

export type { RunScorer, ScoringRuleSource, SimulationResultSource } from './plugin-scoring.ts';
export { MARKER_CLASS, PROBLEM_SOURCE } from './scorecard-decorations.ts';

/** `unavailable`: the lean-scorecard plugin is disabled or stopped (the one path to score is through it). */
export type ScoreStatus = 'idle' | 'scoring' | 'done' | 'refused' | 'crashed' | 'unavailable';

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

/** Static rules re-run this long after the last edit. */
export const SCORE_DEBOUNCE_MS = 300;

/** The workbench services the scorecard uses (tests give it just these). */
export type ScorecardServices = Pick<
  Workbench,
  'documents' | 'settings' | 'i18n' | 'output' | 'notifications' | 'problems' | 'statusBar' | 'activeEditor' | 'editorFor' | 'onDidLoadEditor'
>;

type Outcome = (ScoringOutcome & { simulation: SimulationResult | undefined }) | { type: 'unavailable' };

export class ScorecardController implements Disposable, RunScorer {
  private readonly states = new Map<string, DocumentScore>();
  private readonly jobs: DocumentJobs<Outcome>;
  private readonly decorations: ScorecardDecorations;
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[] = [];
  private source: SimulationResultSource | undefined;
  private sourceSubscription: Disposable | undefined;
  private rules: ScoringRuleSource | undefined;
  private rulesSubscription: Disposable | undefined;
  private rulesKey = '';
  /** Fires when scoring starts or a result arrives. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly workbench: ScorecardServices,
    private readonly client: WorkerClient,
    simulation?: SimulationResultSource,
  ) {
    const { documents } = workbench;
    this.decorations = new ScorecardDecorations(workbench, this.t);
    this.jobs = new DocumentJobs<Outcome>(documents, {
      debounceMs: SCORE_DEBOUNCE_MS,
      run: (job) => this.run(job),
      onStart: ({ documentId }) => this.setStatus(documentId, 'scoring'),
      onResult: (outcome, job) => this.apply(outcome, job),
      onCrash: (detail, { documentId }) => {
        Object.assign(this.ensure(documentId), { status: 'crashed', crash: detail });
        this.workbench.output.append(this.t('scorecard.crashed', { detail }), 'error');
        this.changed.fire();
      },
    });
    this.subscriptions.push(
      this.jobs,
      documents.onDidChangeContent((id) => (documents.active?.id === id ? this.schedule(id) : this.ensure(id))),
      documents.onDidChange(() => this.onDocumentsChanged()),
      workbench.settings.onDidChange((id) => {
        // Ours, and the built-in lean-scorecard plugin's thresholds (its rules read them through the plugin API).
        if (id.startsWith('scorecard.') || id.startsWith('leanScorecard.')) this.rescoreAll();
      }),
      workbench.onDidLoadEditor(({ documentId }) => {
        this.decorations.forget(documentId);
        this.decorations.applyMarkers(documentId, this.viewModel(documentId));
      }),
      workbench.i18n.onDidChangeLanguage(() => {
        for (const id of this.states.keys()) this.decorations.publishProblems(id, this.scored(id));
        this.updateStatusBar();
        this.changed.fire();
      }),
    );
    if (simulation) this.setSimulationSource(simulation);
  }

  /** Runs the rules in the plugin host (built-in plus installed plugins); re-scores when the set of rules changes. */
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
      const state = active ? this.states.get(active) : undefined;
      if (active && state && state.simulation !== source.latest(active)) this.schedule(active, 0);
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
    return hasModelProfile(this.workbench);
  }

  /** Stores the settings' profile in the active document as one undoable edit (it then scores the same everywhere). */
  saveProfileToModel(): boolean {
    const { profile } = buildProfile(this.options());
    return saveProfileToModel(this.workbench, { ...profile, name: this.profileName(profile.id) }, this.t);
  }

  /** Removes the profile stored in the active document (undoable); the settings' profile applies again. */
  removeProfileFromModel(): boolean {
    return removeProfileFromModel(this.workbench, this.t);
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
    this.setStatus(documentId, 'scoring');
    this.jobs.schedule(documentId, delay);
  }

  /**
   * The Scorecard view's model for one simulation run of a document (the printable run report's scorecard): the
   * view's own scorecard when it was scored with that run, else the document scored with that run exactly as the
   * view would score it. Undefined when nothing can score.
   *
   * @example
   * const model = await controller.viewModelForRun(doc.id, simulation.state(doc.id).report.result);
   */
  async viewModelForRun(documentId: string, result: SimulationResult): Promise<ScorecardViewModel | undefined> {
    const state = this.states.get(documentId);
    if (state?.card && state.simulation && sameRun(state.simulation, result)) return this.viewModel(documentId);
    if (!this.workbench.documents.get(documentId)) return undefined;
    const card = await this.scoreRun(await this.workbench.documents.getXml(documentId), result);
    if (!card) return undefined;
    const localize = findingLocalizer(this.workbench.i18n.language, this.rules?.localizeText);
    return toScorecardViewModel(card, this.t, { simulated: true, profileName: this.profileName(card.profileId), localize, run: result });
  }

  /** Scores a document now (the "Re-score Now" command). */
  async score(documentId = this.workbench.documents.active?.id): Promise<void> {
    if (documentId && this.workbench.documents.get(documentId)) await this.jobs.run(documentId);
  }

  /**
   * Scores `xml` with the run `result` exactly as the Scorecard view scores a document with that run: the same rules
   * (plugin host), profile and thresholds. Compare and the suggestions' predictions show these figures, so one run
   * gives one score in every view. Undefined while the plugin host cannot score (the caller says so).
   *
   * @example
   * const card = await controller.scoreRun(xml, comparison.variants[0].simulation);
   */
  async scoreRun(xml: string, result: SimulationResult | undefined): Promise<Scorecard | undefined> {
    if (!this.rules?.available()) return undefined;
    const outcome = await scoreThroughPlugins(this.client, this.rules, scoringJob(this.workbench.settings, xml, result)).catch(() => undefined);
    return outcome?.type === 'card' ? outcome.card : undefined;
  }

  /** One scoring of a document: read, then the one path through the plugin host. */
  private async run({ documentId, signal }: JobRun): Promise<Outcome> {
    const xml = await this.workbench.documents.getXml(documentId);
    await this.rules?.whenStarted?.();
    if (!this.rules?.available()) return { type: 'unavailable' };
    const job = scoringJob(this.workbench.settings, xml, this.source?.latest(documentId), signal);
    if (job.invalidBand) this.workbench.output.append(this.t('scorecard.setting.invalidBand', job.invalidBand), 'warning');
    return { ...(await scoreThroughPlugins(this.client, this.rules, job)), simulation: job.simulated?.result };
  }

  /** A result of the newest scoring: view, markers, Problems and status bar follow. */
  private apply(outcome: Outcome, { documentId, version }: JobRun): void {
    const state = this.ensure(documentId);
    Object.assign(state, { crash: null, version, ruleSources: {}, refusal: [] });
    if (outcome.type === 'card') {
      // Say it once per change, not on every re-score.
      const issues = outcome.modelProfileIssues;
      if (issues.length > 0 && issues.join('\n') !== state.modelProfileIssues.join('\n')) {
        this.workbench.output.append(this.t('scorecard.modelProfile.invalid', { detail: issues.join('; ') }), 'warning');
      }
      const { card, profile, ruleSources, simulation } = outcome;
      Object.assign(state, { status: 'done', card, simulation, profile, ruleSources, modelProfileIssues: issues });
    } else if (outcome.type === 'refused') {
      Object.assign(state, { status: 'refused', card: null, simulation: undefined, profile: null, refusal: outcome.issues });
    } else {
      Object.assign(state, { status: 'unavailable', card: null, simulation: undefined, profile: null });
    }
    this.decorations.update(documentId, this.scored(documentId));
    this.updateStatusBar();
    this.changed.fire();
  }

  private scored(documentId: string) {
    const state = this.ensure(documentId);
    return { status: state.status, refusal: state.refusal, simulation: state.simulation, model: this.viewModel(documentId), score: state.card?.score };
  }

  private setStatus(documentId: string, status: ScoreStatus): void {
    const state = this.ensure(documentId);
    if (state.status === status) return;
    state.status = status;
    this.changed.fire();
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

  private onDocumentsChanged(): void {
    for (const id of [...this.states.keys()]) {
      if (this.workbench.documents.get(id)) continue;
      this.states.delete(id);
      this.decorations.forget(id);
    }
    const active = this.workbench.documents.active;
    if (active?.ready) {
      const state = this.states.get(active.id);
      if (!state || (state.version !== this.jobs.version(active.id) && state.status !== 'scoring')) this.schedule(active.id, 0);
    }
    this.updateStatusBar();
    this.changed.fire();
  }

  private updateStatusBar(): void {
    const active = this.workbench.documents.active?.id;
    this.decorations.updateStatusBar(active && this.states.has(active) ? this.scored(active) : undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.sourceSubscription?.dispose();
    this.rulesSubscription?.dispose();
    this.decorations.dispose();
    this.client.dispose();
  }
}

/** The same run (restored results are copies of the object the scorecard was fed). */
function sameRun(a: SimulationResult, b: SimulationResult): boolean {
  return a === b || (a.seed === b.seed && a.replications === b.replications && a.cases === b.cases && a.kpis.cycleTime.mean === b.kpis.cycleTime.mean && a.kpis.costPerCase.mean === b.kpis.costPerCase.mean);
}

// Keeps the suggestions of the active document: the plugin host's (the built-in simplifications plugin's and other
// plugins', plugin-suggestions.ts), gated and predicted in the suggestions worker (listing, then one prediction after
// another), re-computed ~1.5 s after the last edit (DocumentJobs: the old list stays, marked stale, meanwhile; latest
// wins), ranked by predicted benefit. Applies a suggestion (suggestion-actions.ts), remembers dismissals per document
// until the model changes, and offers suggestions as quick fixes on problems.
import type { Suggestion } from '@leanflow/analysis';
import { DocumentJobs, type JobRun } from '../../base/document-jobs.ts';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { WorkerClient } from '../../base/worker-client.ts';
import type { Problem, QuickFix } from '../../services/notifications.ts';
import type { Workbench } from '../../workbench.ts';
import type { RunScorer } from '../scorecard/plugin-scoring.ts';
import type { SuggestionsMessageKey } from './messages.ts';
import { onBuiltInToggled, predictionSettings, suggestionsFromPlugins, type BuiltInSource, type PluginSuggestionSource } from './plugin-suggestions.ts';
import { withScorecardScores } from './predicted-score.ts';
import type { Refusal, SuggestParams, SuggestResponse } from './protocol.ts';
import { applyAsVariant, applyInPlace } from './suggestion-actions.ts';
import { suggestionTexts } from './suggestion-texts.ts';
import { variantNameFor } from './variant-name.ts';
import { listedState, rankEntries, withPrediction, type RankedEntry, type Translate } from './view-model.ts';

export { BUILT_IN_SUGGESTIONS_PLUGIN, PLUGIN_SUGGESTIONS_TIMEOUT_MS, predictionSettings, type BuiltInSource } from './plugin-suggestions.ts';
export { CREATE_VARIANT_COMMAND } from './suggestion-actions.ts';

export type SuggestionsStatus = 'idle' | 'listing' | 'predicting' | 'done' | 'refused' | 'crashed';

export interface DocumentSuggestions {
  status: SuggestionsStatus;
  /** In provider order; `ranked()` sorts them. */
  entries: RankedEntry[];
  scenario: { id: string; name: string; currency?: string } | undefined;
  withheld: number;
  refusal: readonly Refusal[];
  crash: string | null;
  /** The model changed since `entries` were computed (they are kept, dimmed, until the new ones arrive). */
  stale: boolean;
  /** Predictions done / to do for the current request. */
  progress: { done: number; total: number } | null;
  /** The document version `entries` belong to. */
  version: number;
  /** Whether the latest request simulated the suggestions (only while the view is open). */
  predicted: boolean;
  /** Where the built-in suggestions of the latest request came from. */
  builtInSource: BuiltInSource;
}

/** Re-computation waits this long after the last edit (predictions simulate every suggestion twice). */
export const SUGGEST_DEBOUNCE_MS = 1500;
export const PREVIEW_COMMAND = 'suggestions.preview';

/** The workbench services the suggestions use (tests give them just these). */
export type SuggestionsServices = Pick<Workbench, 'documents' | 'settings' | 'i18n' | 'output' | 'notifications' | 'problems' | 'layout' | 'commands' | 'editorFor' | 'openText'>;

type Progress = Extract<SuggestResponse, { type: 'listed' } | { type: 'predicted' }>;

export class SuggestionsController implements Disposable {
  private readonly states = new Map<string, DocumentSuggestions>();
  private readonly dismissed = new Map<string, Set<string>>();
  private readonly jobs: DocumentJobs<SuggestResponse | undefined>;
  /** Progress is handled in order; a prediction waits for its scores (see `scorer`). */
  private handling: Promise<void> = Promise.resolve();
  /** Scores a prediction's runs as the Scorecard view does (set by the studio when both features are there). */
  scorer: RunScorer | undefined;
  private readonly changed = new Emitter<void>();
  private readonly focusRequested = new Emitter<{ documentId: string; suggestionId: string }>();
  private readonly subscriptions: Disposable[] = [];
  /** Fires when computing starts, progresses or ends, and on dismissals. */
  readonly onDidChange: Event<void> = this.changed.event;
  /** The view should open and show this suggestion's preview (quick fixes, palette). */
  readonly onDidRequestFocus: Event<{ documentId: string; suggestionId: string }> = this.focusRequested.event;
  /** The suggestion the view shows expanded (set by quick fixes). */
  focused: { documentId: string; suggestionId: string } | undefined;

  constructor(
    private readonly workbench: SuggestionsServices,
    private readonly client: WorkerClient,
    private readonly plugins: PluginSuggestionSource | undefined,
  ) {
    const { documents } = workbench;
    this.jobs = new DocumentJobs(documents, {
      debounceMs: SUGGEST_DEBOUNCE_MS,
      run: (job) => this.run(job),
      onResult: (done, job) => this.finish(done, job),
      onCrash: (detail, { documentId }) => {
        Object.assign(this.ensure(documentId), { status: 'crashed', crash: detail, progress: null });
        this.workbench.output.append(this.t('suggestions.crashedOutput', { detail }), 'error');
        this.changed.fire();
      },
    });
    this.subscriptions.push(
      this.jobs,
      documents.onDidChangeContent((id) => this.onContentChanged(id)),
      documents.onDidChange(() => this.onDocumentsChanged()),
      workbench.problems.registerQuickFixProvider({ provideQuickFixes: (documentId, problem) => this.quickFixes(documentId, problem) }),
      // Predictions (the heavy part) run only while the view is shown; opening it predicts what is listed.
      workbench.layout.onDidChange(() => {
        const active = documents.active?.id;
        const state = active ? this.states.get(active) : undefined;
        if (active && state && !state.predicted && !this.busy(active) && this.viewVisible()) void this.compute(active);
      }),
    );
    // Enabling or disabling the built-in simplifications plugin changes what is listed: list again.
    this.subscriptions.push(
      onBuiltInToggled(plugins, () => {
        const active = documents.active?.id;
        if (active && this.states.has(active)) this.schedule(active, 0);
      }),
    );
  }

  readonly t: Translate = (key: SuggestionsMessageKey, params?: Record<string, string | number>) => this.workbench.i18n.localize(`%${key}%`, params);

  /** A suggestion's title and rationale in the studio's language (Chinese for built-in ones, else as given). */
  texts(suggestion: Suggestion): { readonly title: string; readonly rationale: string } {
    return suggestionTexts(suggestion, this.workbench.i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  }

  state(documentId: string | undefined): DocumentSuggestions | undefined {
    return documentId ? this.states.get(documentId) : undefined;
  }

  /** The document's suggestions best first, without the dismissed ones. */
  ranked(documentId: string): RankedEntry[] {
    const state = this.states.get(documentId);
    const dismissed = this.dismissed.get(documentId);
    return state ? rankEntries(state.entries.filter((e) => !dismissed?.has(e.suggestion.id))) : [];
  }

  entry(documentId: string, suggestionId: string): RankedEntry | undefined {
    return this.states.get(documentId)?.entries.find((e) => e.suggestion.id === suggestionId);
  }

  /** Computes the suggestions of a document after `delay` ms; a later call replaces an earlier one. */
  schedule(documentId = this.workbench.documents.active?.id, delay = SUGGEST_DEBOUNCE_MS): void {
    if (documentId && this.workbench.documents.get(documentId)) this.jobs.schedule(documentId, delay);
  }

  /** The Suggestions view is on screen. */
  viewVisible(): boolean {
    const layout = this.workbench.layout.value;
    return layout.sidebarVisible && layout.activeView === 'suggestions';
  }

  /** Computes now ("Refresh"). */
  async compute(documentId = this.workbench.documents.active?.id): Promise<void> {
    if (documentId && this.workbench.documents.get(documentId)) await this.jobs.run(documentId);
  }

  private busy(documentId: string): boolean {
    const status = this.states.get(documentId)?.status;
    return status === 'listing' || status === 'predicting';
  }

  /** One computation: read, ask the plugin host's providers, then list and predict in the worker. */
  private async run(job: JobRun): Promise<SuggestResponse | undefined> {
    const { documentId, signal } = job;
    const state = this.ensure(documentId);
    const predict = this.viewVisible();
    Object.assign(state, { status: 'listing', progress: null, predicted: predict });
    this.changed.fire();
    const xml = await this.workbench.documents.getXml(documentId);
    const settings = predictionSettings(this.workbench.settings);
    const fromPlugins = await suggestionsFromPlugins(this.client, this.plugins, { xml, ...settings }, signal);
    if (!job.current()) return undefined;
    for (const failure of fromPlugins.providerFailures) this.workbench.output.append(this.t('suggestions.providerFailed', { name: failure.title, detail: failure.error }), 'warning');
    if (fromPlugins.failure !== undefined) this.workbench.output.append(this.t('suggestions.builtInFailed', { detail: fromPlugins.failure }), 'warning');
    state.builtInSource = fromPlugins.source;
    const params: SuggestParams = { xml, ...settings, predict, builtIn: fromPlugins.builtIn, ...(fromPlugins.external.length > 0 ? { external: fromPlugins.external } : {}) };
    const onProgress = (message: Progress) => {
      this.handling = this.handling
        .then(async () => {
          const after = message.type === 'predicted' ? this.entry(documentId, message.id)?.xml : undefined;
          const scored = message.type === 'predicted' ? await withScorecardScores(message, xml, after, this.scorer) : message;
          if (job.current()) this.progress(scored, job);
        })
        // A bug in handling one message must not stop the ones after it.
        .catch((error: unknown) => console.error(error));
    };
    const done = await this.client.request<SuggestResponse | undefined, Progress>('suggest', params, { signal, onProgress });
    await this.handling;
    return done;
  }

  private progress(message: Progress, { documentId, version }: JobRun): void {
    const state = this.ensure(documentId);
    if (message.type === 'listed') {
      Object.assign(state, { crash: null, version, stale: version !== this.jobs.version(documentId) });
      Object.assign(state, listedState(message, state.predicted));
      if (message.ok) for (const e of message.providerErrors) this.workbench.output.append(`suggestion provider ${e.providerId}: ${e.message}`, 'warning');
      this.workbench.problems.refreshQuickFixes(documentId);
    } else {
      state.entries = withPrediction(state.entries, message);
      if (state.progress) state.progress = { ...state.progress, done: state.progress.done + 1 };
    }
    this.changed.fire();
  }

  /** The worker finished the list (and its predictions). */
  private finish(done: SuggestResponse | undefined, { documentId }: JobRun): void {
    const state = this.states.get(documentId);
    if (!state || !done || state.status === 'refused') return;
    const here = this.viewVisible() && this.workbench.documents.active?.id === documentId;
    // The view was opened while this list was computed without predictions: compute again with predictions, without
    // showing the unpredicted list as done.
    if (!state.predicted && state.scenario && here) {
      void this.compute(documentId);
      return;
    }
    Object.assign(state, { status: 'done', progress: null });
    this.workbench.problems.refreshQuickFixes(documentId);
    this.changed.fire();
    if (!state.predicted && here) void this.compute(documentId);
  }

  /** Hides a suggestion for this document until the model changes. */
  dismiss(documentId: string, suggestionId: string): void {
    let set = this.dismissed.get(documentId);
    if (!set) this.dismissed.set(documentId, (set = new Set()));
    set.add(suggestionId);
    if (this.focused?.suggestionId === suggestionId) this.focused = undefined;
    this.changed.fire();
    this.workbench.problems.refreshQuickFixes(documentId);
  }

  isDismissed(documentId: string, suggestionId: string): boolean {
    return this.dismissed.get(documentId)?.has(suggestionId) ?? false;
  }

  /** Opens the view on one suggestion (its preview expanded). */
  reveal(documentId: string, suggestionId: string): void {
    this.focused = { documentId, suggestionId };
    const layout = this.workbench.layout.value;
    this.workbench.layout.update({ sidebarVisible: true, activeView: 'suggestions', sidebarWidth: Math.max(layout.sidebarWidth, 400) });
    this.changed.fire();
    this.focusRequested.fire({ documentId, suggestionId });
  }

  /** Applies a suggestion to the open diagram as one undo step (refused when computed for an older model). */
  async apply(documentId: string, suggestionId: string): Promise<boolean> {
    const entry = this.entry(documentId, suggestionId);
    const state = this.states.get(documentId);
    if (entry?.xml === undefined || !state) return false;
    const stale = state.stale || state.version !== this.jobs.version(documentId);
    const applied = await applyInPlace(this.workbench, documentId, { ...entry, xml: entry.xml }, this.texts(entry.suggestion).title, stale, this.t);
    if (applied && this.focused?.suggestionId === suggestionId) this.focused = undefined;
    return applied;
  }

  /** Opens the transformed model next to the original (a variant group when that feature is there). */
  async applyAsVariant(documentId: string, suggestionId: string): Promise<boolean> {
    const entry = this.entry(documentId, suggestionId);
    if (entry?.xml === undefined) return false;
    const name = variantNameFor(entry.suggestion, this.workbench.i18n.language === 'zh-CN' ? 'zh-CN' : 'en', this.texts(entry.suggestion).title);
    return applyAsVariant(this.workbench, documentId, entry.xml, name, this.t);
  }

  /** Suggestions that involve the problem's element, offered as "Fix: <title>" (opens the preview). */
  quickFixes(documentId: string, problem: Problem): QuickFix[] {
    const state = this.states.get(documentId);
    if (!problem.elementId || !state || state.stale) return [];
    return this.ranked(documentId)
      .filter((e) => e.xml !== undefined && e.suggestion.elements.includes(problem.elementId!))
      .map((e) => ({ title: this.t('suggestions.fix', { title: this.texts(e.suggestion).title }), command: PREVIEW_COMMAND, args: [documentId, e.suggestion.id] }));
  }

  /** Suggestions involving any of `elementIds` (the "Quick Fix" command on a selection). */
  forElements(documentId: string, elementIds: readonly string[]): RankedEntry[] {
    const wanted = new Set(elementIds);
    return this.ranked(documentId).filter((e) => e.suggestion.elements.some((id) => wanted.has(id)));
  }

  private ensure(documentId: string): DocumentSuggestions {
    let state = this.states.get(documentId);
    if (!state) {
      state = { status: 'idle', entries: [], scenario: undefined, withheld: 0, refusal: [], crash: null, stale: false, progress: null, version: -1, predicted: false, builtInSource: 'plugin' };
      this.states.set(documentId, state);
    }
    return state;
  }

  private onContentChanged(documentId: string): void {
    // Dismissals hold until the model changes.
    this.dismissed.delete(documentId);
    const state = this.states.get(documentId);
    if (state && !state.stale) {
      state.stale = true;
      this.changed.fire();
      this.workbench.problems.refreshQuickFixes(documentId);
    }
    if (this.workbench.documents.active?.id === documentId) this.schedule(documentId);
  }

  private onDocumentsChanged(): void {
    for (const id of [...this.states.keys()]) {
      if (this.workbench.documents.get(id)) continue;
      this.states.delete(id);
      this.dismissed.delete(id);
    }
    const active = this.workbench.documents.active;
    if (active?.ready) {
      const state = this.states.get(active.id);
      const outdated = state && state.version !== this.jobs.version(active.id) && !this.busy(active.id) && !this.jobs.isScheduled(active.id);
      if (!state || outdated) this.schedule(active.id, 0);
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.client.dispose();
  }
}

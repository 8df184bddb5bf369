// Keeps the suggestions of the active document: the built-in simplifications plugin's and other plugins' (through the
// plugin host, like any plugin), gated and predicted in a Web Worker (listing, then one prediction after another),
// re-computed ~1.5 s after the last edit (the old list stays, marked stale, meanwhile), ranked by predicted benefit.
// Applies a suggestion in place (one undo step, reconcile.ts) or as a variant (a new document), remembers dismissals
// per document until the model changes, and offers suggestions as quick fixes on problems.
import type { Suggestion } from '@leanflow/analysis';
import type { AnalysisInput } from '@leanflow/plugin-api';
import { collectPluginSuggestions, type ProviderOutcome } from '@leanflow/plugin-host';
import { SIMPLIFICATIONS_PLUGIN_ID } from '../extensions/builtin-ids.ts';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { Problem, QuickFix } from '../../services/notifications.ts';
import type { Workbench } from '../../workbench.ts';
import type { RunScorer } from '../scorecard/scorecard-controller.ts';
import { withScorecardScore } from './predicted-score.ts';
import type { SuggestionsMessageKey } from './messages.ts';
import type { ExternalSuggestion, PrepareRequest, PrepareResponse, Refusal, SuggestionsWorkerRequest, SuggestResponse } from './protocol.ts';
import { applyModelInPlace } from './reconcile.ts';
import { suggestionTexts } from './suggestion-texts.ts';
import { variantNameFor } from './variant-name.ts';
import { rankEntries, type RankedEntry, type Translate } from './view-model.ts';

/** The subset of `Worker` the controller uses (tests may pass a fake). */
export interface SuggestionsWorker {
  postMessage(message: SuggestionsWorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<SuggestResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export type SuggestionsStatus = 'idle' | 'listing' | 'predicting' | 'done' | 'refused' | 'crashed';

/**
 * Where the built-in suggestions of a list came from: the simplifications plugin through the host (`plugin`), the
 * providers run in the worker because there is no plugin platform or it did not answer in time (`direct`), or
 * nowhere because the user disabled the plugin (`none`).
 */
export type BuiltInSource = 'plugin' | 'direct' | 'none';

export interface DocumentSuggestions {
  status: SuggestionsStatus;
  /** In provider order; `ranked()` sorts them. */
  entries: RankedEntry[];
  scenario: { id: string; name: string } | undefined;
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

/**
 * Run settings of the predictions: the Simulation view's — the simulation feature's `simulation.cases` and
 * `simulation.replications` settings when set (> 0), else the scenario's own — so a prediction's "before" is the run
 * the Simulation view shows (500 x 5 made them differ).
 */
export function predictionSettings(settings: { get<T extends string | number | boolean>(id: string): T; schema(id: string): unknown }): { cases?: number; replications?: number } {
  const set = (id: string) => (settings.schema(id) !== undefined ? settings.get<number>(id) : 0);
  const cases = set('simulation.cases');
  const replications = set('simulation.replications');
  return { ...(cases > 0 ? { cases } : {}), ...(replications > 0 ? { replications } : {}) };
}
/** Re-computation waits this long after the last edit (predictions simulate every suggestion twice). */
export const SUGGEST_DEBOUNCE_MS = 1500;
/** The command another feature (variant groups) may register; used for "Apply as variant" when present. */
export const CREATE_VARIANT_COMMAND = 'leanflow.variants.createFromXml';
export const PREVIEW_COMMAND = 'suggestions.preview';
/** The built-in plugin that makes the built-in suggestions (the providers of @leanflow/analysis). */
export const BUILT_IN_SUGGESTIONS_PLUGIN = SIMPLIFICATIONS_PLUGIN_ID;
/**
 * How long the list waits for the plugin host (a slow plugin must not hold the view back): after that the worker runs
 * the built-in providers itself, so the list and the quick fixes never stay empty.
 */
export const PLUGIN_SUGGESTIONS_TIMEOUT_MS = 3000;

/** What the controller needs of the plugin platform (`workbench.plugins`); absent in tests without it. */
interface PluginSuggestionSource {
  whenStarted(): Promise<void>;
  /** Fires when a plugin is installed, removed or changes state. */
  readonly onDidChange?: Event<void>;
  info(pluginId: string): { readonly builtIn: boolean } | undefined;
  readonly host: {
    status(pluginId: string): { readonly state: string } | undefined;
    readonly contributions: { suggestionProviders(): readonly { readonly pluginId: string }[] };
    provideSuggestions(input: AnalysisInput): Promise<readonly ProviderOutcome[]>;
  };
}

/** The plugins' part of one computation (see `SuggestRequest.builtIn` and `external`). */
interface FromPlugins {
  readonly builtIn?: readonly Suggestion[];
  readonly external: readonly ExternalSuggestion[];
  readonly source: BuiltInSource;
}

export class SuggestionsController implements Disposable {
  private readonly states = new Map<string, DocumentSuggestions>();
  private readonly versions = new Map<string, number>();
  private readonly dismissed = new Map<string, Set<string>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly latestRequest = new Map<string, number>();
  private readonly pending = new Map<number, { documentId: string; version: number; xml: string }>();
  /** Worker messages are handled in order; a prediction waits for its scores (see `scorer`). */
  private handling: Promise<void> = Promise.resolve();
  /** Scores a prediction's runs as the Scorecard view does (set by the studio when both features are there). */
  scorer: RunScorer | undefined;
  private readonly preparing = new Map<number, (response: PrepareResponse | { type: 'crashed'; message: string }) => void>();
  private worker: SuggestionsWorker | undefined;
  private nextRequestId = 1;
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
    private readonly workbench: Workbench,
    private readonly createWorker: () => SuggestionsWorker,
  ) {
    const { documents } = workbench;
    this.subscriptions.push(
      documents.onDidChangeContent((id) => this.onContentChanged(id)),
      documents.onDidChange(() => this.onDocumentsChanged()),
      workbench.problems.registerQuickFixProvider({ provideQuickFixes: (documentId, problem) => this.quickFixes(documentId, problem) }),
      // Predictions (the heavy part) run only while the view is shown; opening it predicts what is listed.
      workbench.layout.onDidChange(() => {
        const active = workbench.documents.active?.id;
        const state = active ? this.states.get(active) : undefined;
        const busy = state?.status === 'listing' || state?.status === 'predicting';
        if (active && state && !state.predicted && !busy && this.viewVisible()) void this.compute(active);
      }),
    );
    // Enabling or disabling the built-in simplifications plugin changes what is listed: list again.
    const plugins = (workbench as { plugins?: PluginSuggestionSource }).plugins;
    const builtInOff = () => plugins?.host.status(BUILT_IN_SUGGESTIONS_PLUGIN)?.state === 'disabled';
    let wasOff = builtInOff();
    if (plugins?.onDidChange)
      this.subscriptions.push(
        plugins.onDidChange(() => {
          if (builtInOff() === wasOff) return;
          wasOff = builtInOff();
          const active = workbench.documents.active?.id;
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
    if (!state) return [];
    const dismissed = this.dismissed.get(documentId);
    return rankEntries(state.entries.filter((e) => !dismissed?.has(e.suggestion.id)));
  }

  entry(documentId: string, suggestionId: string): RankedEntry | undefined {
    return this.states.get(documentId)?.entries.find((e) => e.suggestion.id === suggestionId);
  }

  /** Computes the suggestions of a document after `delay` ms; a later call replaces an earlier one. */
  schedule(documentId = this.workbench.documents.active?.id, delay = SUGGEST_DEBOUNCE_MS): void {
    if (!documentId || !this.workbench.documents.get(documentId)) return;
    clearTimeout(this.timers.get(documentId));
    this.timers.set(
      documentId,
      setTimeout(() => {
        this.timers.delete(documentId);
        void this.compute(documentId);
      }, delay),
    );
  }

  /** The Suggestions view is on screen. */
  viewVisible(): boolean {
    const layout = this.workbench.layout.value;
    return layout.sidebarVisible && layout.activeView === 'suggestions';
  }

  /** Computes now ("Refresh"). */
  async compute(documentId = this.workbench.documents.active?.id): Promise<void> {
    if (!documentId || !this.workbench.documents.get(documentId)) return;
    clearTimeout(this.timers.get(documentId));
    this.timers.delete(documentId);
    const state = this.ensure(documentId);
    const requestId = this.nextRequestId++;
    this.latestRequest.set(documentId, requestId);
    const version = this.versions.get(documentId) ?? 0;
    state.status = 'listing';
    state.progress = null;
    const predict = this.viewVisible();
    state.predicted = predict;
    this.changed.fire();
    let xml: string;
    try {
      xml = await this.workbench.documents.getXml(documentId);
    } catch (error) {
      this.finishCrashed(documentId, requestId, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.latestRequest.get(documentId) !== requestId) return;
    const { builtIn, external, source } = await this.pluginSuggestions(documentId, requestId, xml);
    if (this.latestRequest.get(documentId) !== requestId) return;
    state.builtInSource = source;
    this.pending.set(requestId, { documentId, version, xml });
    try {
      this.ensureWorker().postMessage({ type: 'suggest', requestId, xml, ...predictionSettings(this.workbench.settings), predict, ...(builtIn ? { builtIn } : {}), ...(external.length > 0 ? { external } : {}) });
    } catch (error) {
      // No worker (blocked by the page's policy): say so; never simulate on the UI thread.
      this.finishCrashed(documentId, requestId, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * The suggestions of the plugin host's providers for this XML: the built-in simplifications plugin's (the built-in
   * suggestions) and installed plugins' (the bundled examples are left out, as before), asked with the input the
   * worker prepares (graph with data associations, scenario, quick simulation). Without a plugin platform, or when the
   * host does not answer within PLUGIN_SUGGESTIONS_TIMEOUT_MS or the built-in plugin fails, the built-in suggestions
   * are left to the worker (`direct`); when the user disabled the built-in plugin there are none. Suggestions that set
   * plain BPMN attributes cannot be previewed and are left out.
   */
  private async pluginSuggestions(documentId: string, requestId: number, xml: string): Promise<FromPlugins> {
    const direct: FromPlugins = { external: [], source: 'direct' };
    const plugins = (this.workbench as { plugins?: PluginSuggestionSource }).plugins;
    if (!plugins) return direct;
    let timedOut = false;
    // After a time-out the list went ahead without the host: do not start work for it any more.
    const current = () => !timedOut && this.latestRequest.get(documentId) === requestId;
    const ask = async (): Promise<FromPlugins> => {
      await plugins.whenStarted();
      if (!current()) return direct;
      const state = plugins.host.status(BUILT_IN_SUGGESTIONS_PLUGIN)?.state;
      const builtInOn = state !== undefined && state !== 'disabled';
      const asked = (pluginId: string) => pluginId === BUILT_IN_SUGGESTIONS_PLUGIN || plugins.info(pluginId)?.builtIn === false;
      const others = plugins.host.contributions.suggestionProviders().some((p) => p.pluginId !== BUILT_IN_SUGGESTIONS_PLUGIN && asked(p.pluginId));
      const none: FromPlugins = { builtIn: [], external: [], source: 'none' };
      if (!builtInOn && !others) return state === 'disabled' ? none : direct;
      const prepared = await this.prepare({ type: 'prepare', requestId, xml, ...predictionSettings(this.workbench.settings) });
      // A file the analysis refuses: the worker says why when it lists.
      if (prepared.type !== 'prepared' || !prepared.ok || !current()) return direct;
      const outcomes = (await plugins.host.provideSuggestions(prepared.input)).filter((o) => asked(o.pluginId));
      const collected = collectPluginSuggestions(outcomes, { builtInPluginId: BUILT_IN_SUGGESTIONS_PLUGIN });
      for (const failure of collected.failures)
        if (failure.pluginId !== BUILT_IN_SUGGESTIONS_PLUGIN) this.workbench.output.append(this.t('suggestions.providerFailed', { name: failure.title, detail: failure.error }), 'warning');
      const external = collected.external.map((e): ExternalSuggestion => ({ suggestion: e.suggestion, providerTitle: e.providerTitle }));
      if (!builtInOn) return { ...none, external };
      if (!collected.builtIn) {
        const detail = collected.failures.find((f) => f.pluginId === BUILT_IN_SUGGESTIONS_PLUGIN)?.error ?? state ?? '';
        this.workbench.output.append(this.t('suggestions.builtInDirect', { detail }), 'warning');
        return { external, source: 'direct' };
      }
      return { builtIn: collected.builtIn, external, source: 'plugin' };
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<FromPlugins>((resolve) => {
      timer = setTimeout(() => {
        if (current()) this.workbench.output.append(this.t('suggestions.builtInDirect', { detail: this.t('suggestions.hostTimeout', { seconds: PLUGIN_SUGGESTIONS_TIMEOUT_MS / 1000 }) }), 'warning');
        timedOut = true;
        resolve(direct);
      }, PLUGIN_SUGGESTIONS_TIMEOUT_MS);
    });
    try {
      return await Promise.race([ask(), timeout]);
    } catch (error) {
      this.workbench.output.append(this.t('suggestions.builtInDirect', { detail: error instanceof Error ? error.message : String(error) }), 'warning');
      return direct;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Asks the worker for the providers' input (it keeps the quick simulation for the `suggest` that follows). */
  private prepare(request: PrepareRequest): Promise<PrepareResponse | { type: 'crashed'; message: string }> {
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

  /**
   * Applies a suggestion to the open diagram as one undo step. Refuses (with a notification) when the suggestion
   * was computed for an older version of the model, or when its change cannot be made in place.
   */
  async apply(documentId: string, suggestionId: string): Promise<boolean> {
    const entry = this.entry(documentId, suggestionId);
    const state = this.states.get(documentId);
    if (!entry?.xml || !state) return false;
    const { title } = this.texts(entry.suggestion);
    if (state.stale || state.version !== (this.versions.get(documentId) ?? 0)) {
      this.workbench.notifications.notify({ severity: 'warning', title: this.t('suggestions.applyFailed', { title }), detail: this.t('suggestions.staleApply'), code: 'suggestions.stale' });
      return false;
    }
    const editor = await this.workbench.editorFor(documentId);
    const modeler = editor?.modeler as Parameters<typeof applyModelInPlace>[0] | undefined;
    if (!modeler) {
      this.workbench.notifications.notify({ severity: 'warning', title: this.t('suggestions.applyFailed', { title }), detail: this.t('suggestions.noEditor'), code: 'suggestions.noEditor' });
      return false;
    }
    const result = await applyModelInPlace(modeler, entry.xml);
    if (!result.ok) {
      const detail = this.t('suggestions.applyFailedDetail', { detail: result.detail });
      this.workbench.notifications.notify({ severity: 'error', title: this.t('suggestions.applyFailed', { title }), detail, code: `suggestions.${result.reason}` });
      this.workbench.output.append(`${this.t('suggestions.applyFailed', { title })}: ${result.detail}`, 'error');
      return false;
    }
    if (this.focused?.suggestionId === suggestionId) this.focused = undefined;
    this.workbench.notifications.notify({ severity: 'info', title: this.t('suggestions.applied', { title }), code: 'suggestions.applied' });
    return true;
  }

  /** Opens the transformed model next to the original (a variant group when that feature is there). */
  async applyAsVariant(documentId: string, suggestionId: string): Promise<boolean> {
    const entry = this.entry(documentId, suggestionId);
    const doc = this.workbench.documents.get(documentId);
    if (!entry?.xml || !doc) return false;
    // Short and about what changed ("To-be: without 'Check customer history'"); the variants feature files it as
    // "<process> (<name>).bpmn".
    const name = variantNameFor(entry.suggestion, this.workbench.i18n.language === 'zh-CN' ? 'zh-CN' : 'en', this.texts(entry.suggestion).title);
    // The variants feature says "Created variant …" itself: one toast per event, not two.
    if (this.workbench.commands.get(CREATE_VARIANT_COMMAND)) {
      return (await this.workbench.commands.execute(CREATE_VARIANT_COMMAND, { sourceDocumentId: documentId, xml: entry.xml, name })) !== undefined;
    }
    const opened = await this.workbench.openText(this.t('suggestions.variantName', { document: doc.name.replace(/\.bpmn$/i, ''), title: name }), entry.xml, { dirty: true });
    if (opened) this.workbench.notifications.notify({ severity: 'info', title: this.t('suggestions.variantOpened', { name }), code: 'suggestions.variant' });
    return opened;
  }

  /** Suggestions that involve the problem's element, offered as "Fix: <title>" (opens the preview). */
  quickFixes(documentId: string, problem: Problem): QuickFix[] {
    if (!problem.elementId) return [];
    const state = this.states.get(documentId);
    if (!state || state.stale) return [];
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
      state = { status: 'idle', entries: [], scenario: undefined, withheld: 0, refusal: [], crash: null, stale: false, progress: null, version: -1, predicted: false, builtInSource: 'direct' };
      this.states.set(documentId, state);
    }
    return state;
  }

  private ensureWorker(): SuggestionsWorker {
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

  private onMessage(message: SuggestResponse): void {
    this.handling = this.handling
      .then(async () => {
        const scored = message.type === 'predicted' ? await this.scored(message) : message;
        this.handle(scored);
      })
      // A bug in handling one message must not stop the ones after it.
      .catch((error: unknown) => console.error(error));
  }

  /** A prediction with its score row from the Scorecard's scorer (one score per run in every view). */
  private async scored(message: Extract<SuggestResponse, { type: 'predicted' }>): Promise<SuggestResponse> {
    const pending = this.pending.get(message.requestId);
    const after = pending && this.states.get(pending.documentId)?.entries.find((e) => e.suggestion.id === message.id)?.xml;
    if (!this.scorer || !message.impact || !message.runs || !pending || after === undefined) return message;
    const impact = await withScorecardScore(message.impact, message.runs, { before: pending.xml, after }, this.scorer).catch(() => message.impact!);
    return { ...message, impact };
  }

  private handle(message: SuggestResponse): void {
    const preparing = this.preparing.get(message.requestId);
    if (preparing && (message.type === 'prepared' || message.type === 'crashed')) {
      this.preparing.delete(message.requestId);
      preparing(message);
      return;
    }
    if (message.type === 'prepared') return;
    const pending = this.pending.get(message.requestId);
    if (!pending) return;
    const { documentId } = pending;
    if (this.latestRequest.get(documentId) !== message.requestId || !this.workbench.documents.get(documentId)) {
      this.pending.delete(message.requestId);
      return;
    }
    const state = this.ensure(documentId);
    if (message.type === 'crashed') {
      this.finishCrashed(documentId, message.requestId, message.message);
      return;
    }
    if (message.type === 'listed') {
      state.crash = null;
      state.version = pending.version;
      state.stale = pending.version !== (this.versions.get(documentId) ?? 0);
      if (message.ok) {
        state.entries = [...message.entries];
        state.scenario = message.scenario;
        state.withheld = message.withheld;
        state.refusal = [];
        const total = message.scenario && state.predicted ? message.entries.filter((e) => e.xml !== undefined).length : 0;
        state.progress = { done: 0, total };
        state.status = total > 0 ? 'predicting' : 'done';
        for (const e of message.providerErrors) this.workbench.output.append(`suggestion provider ${e.providerId}: ${e.message}`, 'warning');
      } else {
        state.entries = [];
        state.refusal = message.issues;
        state.status = 'refused';
        state.progress = null;
        this.pending.delete(message.requestId);
      }
      this.workbench.problems.refreshQuickFixes(documentId);
    } else if (message.type === 'predicted') {
      state.entries = state.entries.map((e) =>
        e.suggestion.id === message.id ? { ...e, ...(message.impact ? { impact: message.impact } : {}), ...(message.issues ? { predictionIssues: message.issues } : {}) } : e,
      );
      if (state.progress) state.progress = { ...state.progress, done: state.progress.done + 1 };
    } else {
      this.pending.delete(message.requestId);
      // The view was opened while this list was computed without predictions (the layout change came while busy):
      // compute again with predictions, without showing the unpredicted list as done.
      if (!state.predicted && state.scenario && this.viewVisible() && this.workbench.documents.active?.id === documentId) {
        void this.compute(documentId);
        return;
      }
      state.status = 'done';
      state.progress = null;
      this.workbench.problems.refreshQuickFixes(documentId);
      // The view opened while this list (without predictions) was computed: predict now.
      if (!state.predicted && this.viewVisible() && this.workbench.documents.active?.id === documentId) void this.compute(documentId);
    }
    this.changed.fire();
  }

  private finishCrashed(documentId: string, requestId: number, detail: string): void {
    this.pending.delete(requestId);
    if (this.latestRequest.get(documentId) !== requestId) return;
    const state = this.ensure(documentId);
    state.status = 'crashed';
    state.crash = detail;
    state.progress = null;
    this.workbench.output.append(this.t('suggestions.crashedOutput', { detail }), 'error');
    this.changed.fire();
  }

  private onContentChanged(documentId: string): void {
    this.versions.set(documentId, (this.versions.get(documentId) ?? 0) + 1);
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
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      this.states.delete(id);
      this.versions.delete(id);
      this.dismissed.delete(id);
      this.latestRequest.delete(id);
    }
    const active = this.workbench.documents.active;
    if (active?.ready) {
      const state = this.states.get(active.id);
      const version = this.versions.get(active.id) ?? 0;
      const busy = state?.status === 'listing' || state?.status === 'predicting';
      if (!state || (state.version !== version && !busy && !this.timers.has(active.id))) this.schedule(active.id, 0);
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.worker?.terminate();
    this.worker = undefined;
    for (const s of this.subscriptions) s.dispose();
  }
}

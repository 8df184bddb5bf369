// Runs variant comparisons and diagram diffs in a Web Worker and keeps their results per variant group.
// One comparison at a time (a new one cancels the old); cancel terminates the worker. The UI thread never simulates.
import type { DiagramDiff, VariantComparison } from '@leanflow/analysis';
import type { ModelIssue } from '@leanflow/model';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { VariantGroup } from '../../services/variant-groups.ts';
import type { Workbench } from '../../workbench.ts';
import { buildProfile, SCORECARD_SETTING, scorecardOptionsFromSettings } from '../scorecard/profile.ts';
import type { VariantsMessageKey } from './messages.ts';
import type { CompareRequest, VariantsRequest, VariantsWorkerMessage } from './protocol.ts';
import type { RunScorer } from '../scorecard/scorecard-controller.ts';
import { withScorecards } from './rescore.ts';

/** The subset of `Worker` the controller uses (tests may pass a fake). */
export interface VariantsWorker {
  postMessage(message: VariantsRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<VariantsWorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export type CompareStatus = 'idle' | 'running' | 'done' | 'refused' | 'cancelled' | 'crashed';

export interface DiffState {
  readonly baselineId: string;
  readonly variantId: string;
  status: 'loading' | 'done' | 'failed';
  oldXml: string;
  newXml: string;
  diff: DiagramDiff | null;
  error: string | null;
  stale: boolean;
}

export interface GroupComparison {
  readonly groupId: string;
  /** Chosen documents (2 to 4); the baseline is always compared. */
  selected: string[];
  /** Raw inputs; empty = the baseline scenario's value. */
  settings: { cases: string; replications: string; seed: string };
  status: CompareStatus;
  progress: number;
  comparison: VariantComparison | null;
  /** The documents of `comparison`, in its order (baseline first). */
  comparedIds: string[];
  refusal: readonly ModelIssue[];
  crash: string | null;
  /** A compared document changed after the run. */
  stale: boolean;
  milliseconds: number;
  /** The variant shown in the diagram diff (against the baseline). */
  diffVariantId: string | undefined;
  diff: DiffState | null;
}

/** Parses a settings field: empty = undefined (scenario default); otherwise a whole number ≥ min, else NaN. */
export function parseSetting(text: string, min: number): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  return Number.isInteger(value) && value >= min ? value : Number.NaN;
}

export class CompareController implements Disposable {
  private readonly states = new Map<string, GroupComparison>();
  private compareWorker: VariantsWorker | undefined;
  private diffWorker: VariantsWorker | undefined;
  private current: { runId: number; groupId: string } | undefined;
  private readonly diffRuns = new Map<number, string>();
  private nextRunId = 1;
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[] = [];
  private diffTimer: ReturnType<typeof setTimeout> | undefined;
  /** The XML each variant of the running comparison was compared with (for the scorer). */
  private compared: readonly string[] = [];
  /** Scores each variant's run as the Scorecard view does (set by the studio when both features are there). */
  scorer: RunScorer | undefined;
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly workbench: Workbench,
    private readonly createWorker: () => VariantsWorker,
  ) {
    this.subscriptions.push(
      workbench.documents.onDidChangeContent((id) => this.onContentChanged(id)),
      workbench.variantGroups.onDidChange(() => this.onGroupsChanged()),
    );
  }

  readonly t = (key: VariantsMessageKey, params?: Record<string, string | number>): string => this.workbench.i18n.localize(`%${key}%`, params);

  get running(): boolean {
    return this.current !== undefined;
  }

  /** The state of a group (created with sensible defaults: the baseline and up to 3 more variants selected). */
  state(group: VariantGroup): GroupComparison {
    let state = this.states.get(group.id);
    if (!state) {
      const ids = this.workbench.variantGroups.baselineFirst(group).map((m) => m.documentId);
      state = {
        groupId: group.id,
        selected: ids.slice(0, 4),
        settings: { cases: '', replications: '', seed: '' },
        status: 'idle',
        progress: 0,
        comparison: null,
        comparedIds: [],
        refusal: [],
        crash: null,
        stale: false,
        milliseconds: 0,
        diffVariantId: ids[1],
        diff: null,
      };
      this.states.set(group.id, state);
    }
    // Members may have come or gone since.
    const members = new Set(group.members.map((m) => m.documentId));
    state.selected = state.selected.filter((id) => members.has(id));
    if (!state.selected.includes(group.baselineId)) state.selected = [group.baselineId, ...state.selected].slice(0, 4);
    if (!state.diffVariantId || !members.has(state.diffVariantId) || state.diffVariantId === group.baselineId)
      state.diffVariantId = group.members.find((m) => m.documentId !== group.baselineId)?.documentId;
    return state;
  }

  toggle(group: VariantGroup, documentId: string, on: boolean): void {
    const state = this.state(group);
    if (documentId === group.baselineId) return;
    state.selected = on ? [...new Set([...state.selected, documentId])].slice(0, 4) : state.selected.filter((id) => id !== documentId);
    this.changed.fire();
  }

  setSetting(group: VariantGroup, key: keyof GroupComparison['settings'], value: string): void {
    this.state(group).settings[key] = value;
  }

  /** Runs the comparison of the selected variants of a group. */
  async run(group: VariantGroup): Promise<void> {
    const state = this.state(group);
    const members = this.workbench.variantGroups.baselineFirst(group).filter((m) => state.selected.includes(m.documentId));
    if (members.length < 2 || members.length > 4) {
      this.workbench.notifications.notify({ severity: 'info', title: this.t('variants.needTwo'), code: 'variants.needTwo' });
      return;
    }
    const cases = parseSetting(state.settings.cases, 1);
    const replications = parseSetting(state.settings.replications, 2);
    const seed = parseSetting(state.settings.seed, 0);
    if ([cases, replications, seed].some((v) => Number.isNaN(v))) {
      state.status = 'refused';
      state.refusal = [{ code: 'variants.settings', severity: 'error', message: 'Cases must be a whole number of at least 1, replications at least 2, and the seed a whole number of at least 0.' }];
      this.changed.fire();
      return;
    }
    if (this.current) this.cancel();
    this.workbench.activeEditor?.completeEditing();
    const runId = this.nextRunId++;
    this.current = { runId, groupId: group.id };
    Object.assign(state, { status: 'running', progress: 0, crash: null, refusal: [] });
    this.changed.fire();
    let variants: { name: string; xml: string }[];
    try {
      variants = await Promise.all(members.map(async (m) => ({ name: m.name, xml: await this.workbench.documents.getXml(m.documentId) })));
    } catch (error) {
      this.finishCrashed(runId, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.current?.runId !== runId) return;
    state.comparedIds = members.map((m) => m.documentId);
    this.compared = variants.map((v) => v.xml);
    state.stale = false;
    // The scorecards use the Scorecard view's profile with the user's threshold settings (when that feature is there).
    const settings = this.workbench.settings;
    const profile = settings.schema(SCORECARD_SETTING.profile) ? buildProfile(scorecardOptionsFromSettings(settings)).profile : undefined;
    const request: CompareRequest = {
      type: 'compare',
      runId,
      variants,
      ...(profile ? { profile } : {}),
      ...(cases !== undefined ? { cases } : {}),
      ...(replications !== undefined ? { replications } : {}),
      ...(seed !== undefined ? { seed } : {}),
    };
    try {
      this.compareWorker ??= this.startWorker((m) => this.onCompareMessage(m));
      this.compareWorker.postMessage(request);
    } catch (error) {
      this.finishCrashed(runId, error instanceof Error ? error.message : String(error));
    }
  }

  cancel(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.compareWorker?.terminate();
    this.compareWorker = undefined;
    const state = this.states.get(current.groupId);
    if (state) Object.assign(state, { status: 'cancelled', progress: 0 });
    this.workbench.output.append(this.t('variants.compare.cancelled'));
    this.changed.fire();
  }

  /** Chooses which variant the diagram diff shows against the baseline, and computes the diff. */
  showDiff(group: VariantGroup, variantId: string): void {
    this.state(group).diffVariantId = variantId;
    void this.refreshDiff(group);
  }

  /** Computes the baseline-vs-variant diff of a group in the worker, unless it is current. */
  async refreshDiff(group: VariantGroup, force = false): Promise<void> {
    const state = this.state(group);
    const variantId = state.diffVariantId;
    if (!variantId) return;
    const current = state.diff;
    if (!force && current && current.baselineId === group.baselineId && current.variantId === variantId && !current.stale) return;
    const [oldXml, newXml] = await Promise.all([this.workbench.documents.getXml(group.baselineId), this.workbench.documents.getXml(variantId)]);
    const diff: DiffState = { baselineId: group.baselineId, variantId, status: 'loading', oldXml, newXml, diff: null, error: null, stale: false };
    state.diff = diff;
    this.changed.fire();
    const runId = this.nextRunId++;
    this.diffRuns.set(runId, group.id);
    try {
      this.diffWorker ??= this.startWorker((m) => this.onDiffMessage(m));
      this.diffWorker.postMessage({ type: 'diff', runId, oldXml, newXml });
    } catch (error) {
      Object.assign(diff, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
      this.changed.fire();
    }
  }

  private startWorker(handle: (message: VariantsWorkerMessage) => void): VariantsWorker {
    const worker = this.createWorker();
    worker.onmessage = (event) => handle(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (worker === this.compareWorker && this.current) this.finishCrashed(this.current.runId, event.message || 'worker error');
    };
    return worker;
  }

  private onCompareMessage(message: VariantsWorkerMessage): void {
    const current = this.current;
    if (!current || message.runId !== current.runId) return;
    const state = this.states.get(current.groupId);
    if (!state) return;
    if (message.type === 'progress') {
      state.progress = message.fraction;
      this.changed.fire();
    } else if (message.type === 'compared') {
      if (message.comparison.ok) {
        const { comparison, milliseconds } = message;
        const scored = this.scorer ? withScorecards(comparison, this.compared, this.scorer).catch(() => comparison) : Promise.resolve(comparison);
        void scored.then((shown) => {
          if (this.current?.runId !== message.runId) return;
          this.current = undefined;
          Object.assign(state, { status: 'done', comparison: shown, milliseconds, progress: 1 });
          this.changed.fire();
        });
        return;
      } else {
        this.current = undefined;
        Object.assign(state, { status: 'refused', refusal: message.comparison.issues });
      }
      this.changed.fire();
    } else if (message.type === 'crashed') {
      this.finishCrashed(message.runId, message.message);
    }
  }

  private onDiffMessage(message: VariantsWorkerMessage): void {
    const groupId = this.diffRuns.get(message.runId);
    if (!groupId || (message.type !== 'diffed' && message.type !== 'crashed')) return;
    this.diffRuns.delete(message.runId);
    const diff = this.states.get(groupId)?.diff;
    if (!diff || diff.status !== 'loading') return;
    if (message.type === 'crashed') Object.assign(diff, { status: 'failed', error: message.message });
    else if (message.result.ok) Object.assign(diff, { status: 'done', diff: message.result.diff });
    else Object.assign(diff, { status: 'failed', error: message.result.issues.map((i) => i.message).join(' ') });
    this.changed.fire();
  }

  private finishCrashed(runId: number, detail: string): void {
    if (this.current?.runId !== runId) return;
    const state = this.states.get(this.current.groupId);
    this.current = undefined;
    this.compareWorker?.terminate();
    this.compareWorker = undefined;
    if (state) Object.assign(state, { status: 'crashed', crash: detail });
    this.workbench.notifications.notify({ severity: 'error', title: this.t('variants.compare.crashed', { detail }), code: 'variants.crashed' });
    this.changed.fire();
  }

  /** A new baseline or a removed variant: the shown diff is of the wrong pair; groups that are gone lose their state. */
  private onGroupsChanged(): void {
    for (const [groupId, state] of this.states) {
      const group = this.workbench.variantGroups.get(groupId);
      if (!group) {
        this.states.delete(groupId);
        continue;
      }
      const diff = state.diff;
      this.state(group);
      if (!state.diffVariantId) state.diff = null;
      else if (diff && (diff.baselineId !== group.baselineId || diff.variantId !== state.diffVariantId)) void this.refreshDiff(group);
    }
    this.changed.fire();
  }

  private onContentChanged(documentId: string): void {
    let touched = false;
    for (const state of this.states.values()) {
      if (state.comparison && state.comparedIds.includes(documentId) && !state.stale) {
        state.stale = true;
        touched = true;
      }
      if (state.diff && (state.diff.baselineId === documentId || state.diff.variantId === documentId)) {
        state.diff.stale = true;
        touched = true;
      }
    }
    if (!touched) return;
    this.changed.fire();
    // Diagram diffs are cheap: bring them up to date shortly after the last edit.
    clearTimeout(this.diffTimer);
    this.diffTimer = setTimeout(() => {
      for (const state of this.states.values()) {
        const group = this.workbench.variantGroups.get(state.groupId);
        if (group && state.diff?.stale) void this.refreshDiff(group);
      }
    }, 600);
  }

  dispose(): void {
    clearTimeout(this.diffTimer);
    this.compareWorker?.terminate();
    this.diffWorker?.terminate();
    for (const s of this.subscriptions) s.dispose();
  }
}

// Runs variant comparisons and diagram diffs in the variants worker (WorkerClient, one for each) and keeps their
// results per variant group (DocumentJobs keyed by group: latest wins, stale answers dropped). One comparison at a
// time (a new one cancels the old); cancel terminates the worker. The UI thread never simulates.
import type { DiagramDiff, VariantComparison } from '@leanflow/analysis';
import type { ModelIssue } from '@leanflow/model';
import { DocumentJobs, type JobRun } from '../../base/document-jobs.ts';
import { Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { WorkerClient } from '../../base/worker-client.ts';
import type { VariantGroup } from '../../services/variant-groups.ts';
import type { Workbench } from '../../workbench.ts';
import { compareParams, runSettings } from './compare-request.ts';
import type { VariantsMessageKey } from './messages.ts';

export { parseSetting } from './compare-request.ts';
import type { CompareParams, Compared, Diffed } from './protocol.ts';
import type { RunScorer } from '../scorecard/plugin-scoring.ts';
import { withScorecards } from './rescore.ts';

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

/** The workbench services the comparison uses (tests give it just these). */
export type CompareServices = Pick<Workbench, 'documents' | 'variantGroups' | 'settings' | 'i18n' | 'output' | 'notifications' | 'activeEditor'>;

/** What a comparison run needs: the members compared and the request for the worker. */
interface CompareInput {
  readonly params: CompareParams;
  readonly memberIds: readonly string[];
}

export class CompareController implements Disposable {
  private readonly states = new Map<string, GroupComparison>();
  /** One comparison at a time: the group whose comparison runs now, with its input. */
  private current: { readonly groupId: string; readonly input: Promise<CompareInput> } | undefined;
  private readonly comparisons: DocumentJobs<Compared>;
  private readonly diffs: DocumentJobs<Diffed['result']>;
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[] = [];
  /** Scores each variant's run as the Scorecard view does (set by the studio when both features are there). */
  scorer: RunScorer | undefined;
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly workbench: CompareServices,
    private readonly compareClient: WorkerClient,
    private readonly diffClient: WorkerClient,
  ) {
    this.comparisons = new DocumentJobs(undefined, {
      debounceMs: 0,
      run: (job) => this.compare(job),
      onResult: (result, job) => this.finishComparison(result, job),
      onCrash: (detail, { documentId: groupId }) => this.finishCrashed(groupId, detail),
    });
    // Diagram diffs are cheap: brought up to date shortly after the last edit.
    this.diffs = new DocumentJobs(undefined, {
      debounceMs: 600,
      run: (job) => this.diff(job),
      onResult: (result, { documentId: groupId }) => this.finishDiff(groupId, result.ok ? { status: 'done', diff: result.diff } : { status: 'failed', error: result.issues.map((i) => i.message).join(' ') }),
      onCrash: (error, { documentId: groupId }) => this.finishDiff(groupId, { status: 'failed', error }),
    });
    this.subscriptions.push(
      this.comparisons,
      this.diffs,
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
    const run = runSettings(state.settings);
    if ('code' in run) {
      Object.assign(state, { status: 'refused', refusal: [run] });
      this.changed.fire();
      return;
    }
    if (this.current) this.cancel();
    this.workbench.activeEditor?.completeEditing();
    Object.assign(state, { status: 'running', progress: 0, crash: null, refusal: [] });
    this.changed.fire();
    const input = compareParams(this.workbench, members, run).then((params): CompareInput => ({ params, memberIds: members.map((m) => m.documentId) }));
    this.current = { groupId: group.id, input };
    void this.comparisons.run(group.id);
    await input.catch(() => undefined);
  }

  /** One comparison: read the variants, compare them in the worker, score each run as the Scorecard view does. */
  private async compare({ documentId: groupId, signal, current }: JobRun): Promise<Compared> {
    const { memberIds, params } = await this.current!.input;
    const state = this.states.get(groupId);
    if (!state) throw new Error('the variant group was removed');
    Object.assign(state, { comparedIds: memberIds, stale: false });
    const onProgress = (fraction: number) => {
      if (!current()) return;
      state.progress = fraction;
      this.changed.fire();
    };
    const compared = await this.compareClient.request<Compared, number>('compare', params, { signal, onProgress });
    const { comparison } = compared;
    if (!comparison.ok || !this.scorer) return compared;
    const xmls = params.variants.map((v) => v.xml);
    return { ...compared, comparison: await withScorecards(comparison, xmls, this.scorer).catch(() => comparison) };
  }

  private finishComparison({ comparison, milliseconds }: Compared, { documentId: groupId }: JobRun): void {
    this.current = undefined;
    const state = this.states.get(groupId);
    if (!state) return;
    if (comparison.ok) Object.assign(state, { status: 'done', comparison, milliseconds, progress: 1 });
    else Object.assign(state, { status: 'refused', refusal: comparison.issues });
    this.changed.fire();
  }

  cancel(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.comparisons.cancel(current.groupId);
    this.compareClient.restart('cancelled');
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
    await this.diffs.run(group.id);
  }

  private async diff({ documentId: groupId, signal }: JobRun): Promise<Diffed['result']> {
    const group = this.workbench.variantGroups.get(groupId);
    const state = this.states.get(groupId);
    const variantId = state?.diffVariantId;
    if (!group || !state || !variantId) throw new Error('the variant group was removed');
    const [oldXml, newXml] = await Promise.all([this.workbench.documents.getXml(group.baselineId), this.workbench.documents.getXml(variantId)]);
    state.diff = { baselineId: group.baselineId, variantId, status: 'loading', oldXml, newXml, diff: null, error: null, stale: false };
    this.changed.fire();
    return this.diffClient.request<Diffed['result']>('diff', { oldXml, newXml }, { signal });
  }

  private finishDiff(groupId: string, outcome: Partial<DiffState>): void {
    const diff = this.states.get(groupId)?.diff;
    if (!diff || diff.status !== 'loading') return;
    Object.assign(diff, outcome);
    this.changed.fire();
  }

  private finishCrashed(groupId: string, detail: string): void {
    this.current = undefined;
    // The worker may be stuck or broken: the next comparison starts a fresh one.
    this.compareClient.restart('crashed');
    const state = this.states.get(groupId);
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
        this.diffs.schedule(state.groupId);
      }
    }
    if (touched) this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.compareClient.dispose();
    this.diffClient.dispose();
  }
}

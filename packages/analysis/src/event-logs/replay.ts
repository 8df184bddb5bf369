// Token replay of case activity sequences on a process graph, for conformance and for observed routing.
//
// Method: sequence flows hold tokens. A case's mapped activities, ordered by start time (else end time), fire in
// order; gateways, events, sub-process borders and tasks no log activity maps to are silent steps, found by a
// breadth-first search (shortest, bounded) from the current marking to one where the next activity is enabled.
// An activity that cannot be reached fires anyway and counts as a missing token at its task; tokens left when the
// case cannot complete count as remaining at the element they wait for. A case fits when nothing is missing or left.
import type { FlowNode, ProcessGraph } from '@leanflow/model';

const ACTIVITY_KINDS = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask', 'callActivity']);
export const isReplayTask = (node: FlowNode) => ACTIVITY_KINDS.has(node.kind);

/** How each element fared over all cases. */
export interface ElementDeviation {
  readonly elementId: string;
  readonly name?: string;
  /** Times the log did this activity where the model had no token for it. */
  missing: number;
  /** Cases that ended with a token still waiting before this element. */
  remaining: number;
  /** Times the activity fired as the log said. */
  fired: number;
}

export interface ReplayResult {
  readonly method: string;
  readonly cases: number;
  readonly fittingCases: number;
  /** Share of cases that fit (0..1). */
  readonly fitness: number;
  /** Token-based fitness, 1/2 (1 - missing/consumed) + 1/2 (1 - remaining/produced), as in pm4py's token replay. */
  readonly tokenFitness: number;
  readonly deviations: readonly ElementDeviation[];
  /** Tokens each sequence flow carried over all cases (observed routing). */
  readonly flowCounts: Readonly<Record<string, number>>;
  /** Cases whose silent-step search hit its bound (counted as not fitting). */
  readonly searchLimited: number;
}

export const REPLAY_METHOD =
  'Token replay: mapped activities fire in start-time order; gateways, events and unmapped tasks are silent steps found by a bounded shortest search. A case fits when every activity had a token and the process then completes with no tokens left.';

interface Move {
  readonly node: number;
  readonly consume: readonly number[];
  readonly produce: readonly number[];
}

const MAX_STATES = 4000;

/** Compiles the graph into moves over flow indices and replays sequences of task ids. */
export class TokenReplayer {
  private readonly flowIndex = new Map<string, number>();
  private readonly silent: Move[][] = [];
  private readonly visible = new Map<string, Move[]>();
  private readonly starts: number[][] = [];
  private readonly deviation = new Map<string, ElementDeviation>();
  private readonly flowTarget: string[] = [];
  private readonly counts: number[];
  private consumed = 0;
  private produced = 0;
  private missingTotal = 0;
  private remainingTotal = 0;
  private fitting = 0;
  private total = 0;
  private limited = 0;

  constructor(
    private readonly graph: ProcessGraph,
    /** Task ids the log maps activities to; other tasks are silent. */
    visibleTasks: ReadonlySet<string>,
  ) {
    graph.flows.forEach((f, i) => {
      this.flowIndex.set(f.id, i);
      this.flowTarget[i] = f.targetId;
    });
    this.counts = graph.flows.map(() => 0);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const idx = (ids: readonly string[]) => ids.map((id) => this.flowIndex.get(id)).filter((i): i is number => i !== undefined);
    const silent: Move[] = [];
    graph.nodes.forEach((node, n) => {
      const inc = idx(node.incoming);
      const out = idx(node.outgoing);
      const parent = node.parentId ? byId.get(node.parentId) : undefined;
      if (node.kind === 'boundaryEvent' || node.triggeredByEvent || (parent?.triggeredByEvent ?? false)) return;
      if (node.kind === 'startEvent' && inc.length === 0) {
        if (!parent) this.starts.push(out);
        return;
      }
      const each = (produce: readonly number[]) => (inc.length === 0 ? [] : inc.map((i) => ({ node: n, consume: [i], produce })));
      let moves: Move[];
      switch (node.kind) {
        case 'exclusiveGateway':
        case 'eventBasedGateway':
          moves = out.length === 0 ? each([]) : out.flatMap((o) => each([o]));
          break;
        case 'parallelGateway':
          moves = [{ node: n, consume: inc, produce: out }];
          break;
        case 'inclusiveGateway':
        case 'complexGateway': {
          // A join takes the tokens present on any non-empty subset of its incoming flows; a split picks branches.
          const outSets = out.length <= 4 ? subsets(out) : [...out.map((o) => [o]), out];
          const inSets = inc.length <= 4 ? subsets(inc) : [...inc.map((i) => [i]), inc];
          moves = inSets.flatMap((consume) => (outSets.length ? outSets : [[]]).map((produce) => ({ node: n, consume, produce })));
          break;
        }
        case 'subProcess':
        case 'transaction':
        case 'adHocSubProcess': {
          const innerStarts = graph.nodes.filter((c) => c.parentId === node.id && c.kind === 'startEvent' && !c.triggeredByEvent).flatMap((c) => idx(c.outgoing));
          moves = each(innerStarts.length ? innerStarts : out);
          break;
        }
        case 'endEvent':
          moves = each(parent && (parent.kind === 'subProcess' || parent.kind === 'transaction' || parent.kind === 'adHocSubProcess') ? idx(parent.outgoing) : out);
          break;
        default:
          moves = each(out);
      }
      if (isReplayTask(node) && visibleTasks.has(node.id)) this.visible.set(node.id, moves);
      else silent.push(...moves);
    });
    this.silent = [silent];
    if (this.starts.length === 0) this.starts.push([]);
  }

  private enabled(marking: Int32Array, move: Move): boolean {
    if (move.consume.length === 0) return false;
    const need = new Map<number, number>();
    for (const c of move.consume) need.set(c, (need.get(c) ?? 0) + 1);
    for (const [c, k] of need) if (marking[c]! < k) return false;
    return true;
  }

  private apply(marking: Int32Array, move: Move): Int32Array {
    const next = marking.slice();
    for (const c of move.consume) next[c]!--;
    for (const p of move.produce) next[p]!++;
    return next;
  }

  /** Shortest silent path to a marking where `goal` holds; undefined when none within the bound. */
  private search(from: Int32Array, goal: (m: Int32Array) => boolean): { marking: Int32Array; path: Move[] } | undefined | 'limit' {
    if (goal(from)) return { marking: from, path: [] };
    const seen = new Set<string>([from.join(',')]);
    let frontier: { marking: Int32Array; path: Move[] }[] = [{ marking: from, path: [] }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const state of frontier) {
        for (const move of this.silent[0]!) {
          if (!this.enabled(state.marking, move)) continue;
          const m = this.apply(state.marking, move);
          const key = m.join(',');
          if (seen.has(key)) continue;
          // Tokens piling up on one flow only come from silent loops: not a useful state.
          if (m.some((k) => k > 8)) continue;
          seen.add(key);
          const found = { marking: m, path: [...state.path, move] };
          if (goal(m)) return found;
          if (seen.size > MAX_STATES) return 'limit';
          next.push(found);
        }
      }
      frontier = next;
    }
    return undefined;
  }

  private note(id: string): ElementDeviation {
    let d = this.deviation.get(id);
    if (!d) {
      const node = this.graph.nodes.find((n) => n.id === id);
      d = { elementId: id, ...(node?.name ? { name: node.name } : {}), missing: 0, remaining: 0, fired: 0 };
      this.deviation.set(id, d);
    }
    return d;
  }

  private record(path: readonly Move[]): void {
    for (const move of path) {
      this.consumed += move.consume.length;
      this.produced += move.produce.length;
      for (const p of move.produce) this.counts[p]!++;
    }
  }

  /** Replays one case: the task ids its activities map to, in order. Returns whether it fits. */
  replay(taskIds: readonly string[]): boolean {
    this.total++;
    let best: { fits: boolean; missing: number; run: () => void } | undefined;
    // With several start events, the one that explains the case best.
    for (const start of this.starts) {
      const outcome = this.tryCase(start, taskIds);
      if (!best || outcome.missing < best.missing) best = outcome;
      if (outcome.fits) break;
    }
    best!.run();
    if (best!.fits) this.fitting++;
    return best!.fits;
  }

  private tryCase(start: readonly number[], taskIds: readonly string[]) {
    let marking: Int32Array = new Int32Array(this.graph.flows.length);
    for (const s of start) marking[s]!++;
    const effects: (() => void)[] = [() => (this.produced += start.length), () => start.forEach((s) => this.counts[s]!++)];
    let missing = 0;
    let limitHit = false;
    for (const taskId of taskIds) {
      const moves = this.visible.get(taskId) ?? [];
      const found = this.search(marking, (m) => moves.some((mv) => this.enabled(m, mv)));
      if (found && found !== 'limit') {
        const move = moves.find((mv) => this.enabled(found.marking, mv))!;
        marking = this.apply(found.marking, move);
        const path = [...found.path, move];
        effects.push(() => {
          this.record(path);
          this.note(taskId).fired++;
        });
      } else {
        if (found === 'limit') limitHit = true;
        missing++;
        const move = moves[0];
        const produce = move?.produce ?? [];
        const forced = marking.slice();
        for (const p of produce) forced[p]!++;
        marking = forced;
        effects.push(() => {
          this.missingTotal += 1;
          this.consumed += 1;
          this.record([{ node: -1, consume: [], produce }]);
          const d = this.note(taskId);
          d.missing++;
          d.fired++;
        });
      }
    }
    const end = this.search(marking, (m) => m.every((k) => k === 0));
    let remaining: number[] = [];
    if (end && end !== 'limit') {
      const path = end.path;
      effects.push(() => this.record(path));
    } else {
      if (end === 'limit') limitHit = true;
      remaining = [...marking].flatMap((k, i) => (k > 0 ? [i] : []));
      effects.push(() => {
        for (const i of remaining) {
          this.remainingTotal += marking[i]!;
          this.note(this.flowTarget[i]!).remaining++;
        }
      });
    }
    const fits = missing === 0 && remaining.length === 0;
    return {
      fits,
      missing: missing + remaining.length,
      run: () => {
        if (limitHit) this.limited++;
        for (const e of effects) e();
      },
    };
  }

  result(): ReplayResult {
    const tokenFitness = this.consumed + this.produced === 0 ? 1 : 0.5 * (1 - this.missingTotal / Math.max(1, this.consumed)) + 0.5 * (1 - this.remainingTotal / Math.max(1, this.produced));
    const flowCounts: Record<string, number> = {};
    this.graph.flows.forEach((f, i) => (flowCounts[f.id] = this.counts[i]!));
    return {
      method: REPLAY_METHOD,
      cases: this.total,
      fittingCases: this.fitting,
      fitness: this.total === 0 ? 1 : this.fitting / this.total,
      tokenFitness,
      deviations: [...this.deviation.values()].sort((a, b) => b.missing + b.remaining - (a.missing + a.remaining) || b.fired - a.fired),
      flowCounts,
      searchLimited: this.limited,
    };
  }
}

function subsets(items: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

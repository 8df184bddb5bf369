// Structural and probabilistic analysis of a ProcessGraph: the facts scoring rules (and later suggestions) read.
// Everything here is a pure function of (graph, scenario); results are plain data.
import type { FlowNode, FlowNodeKind, ProcessGraph, Scenario, SequenceFlow } from '@leanflow/model';
import { createSampler } from '@leanflow/sim';

const TASK_KINDS: ReadonlySet<FlowNodeKind> = new Set([
  'task',
  'userTask',
  'manualTask',
  'serviceTask',
  'scriptTask',
  'businessRuleTask',
  'sendTask',
  'receiveTask',
]);
const ACTIVITY_KINDS: ReadonlySet<FlowNodeKind> = new Set([...TASK_KINDS, 'subProcess', 'adHocSubProcess', 'transaction', 'callActivity']);
const GATEWAY_KINDS: ReadonlySet<FlowNodeKind> = new Set(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'complexGateway']);
/** Task types a system performs: never a manual step. */
const AUTOMATED_KINDS: ReadonlySet<FlowNodeKind> = new Set(['serviceTask', 'scriptTask', 'businessRuleTask']);
const SCOPE_KINDS: ReadonlySet<FlowNodeKind> = new Set(['subProcess', 'adHocSubProcess', 'transaction']);

export const isTask = (node: FlowNode): boolean => TASK_KINDS.has(node.kind);
export const isActivity = (node: FlowNode): boolean => ACTIVITY_KINDS.has(node.kind);
export const isGateway = (node: FlowNode): boolean => GATEWAY_KINDS.has(node.kind);
export const isEvent = (node: FlowNode): boolean => node.kind.endsWith('Event');

/**
 * A manual step: a task or call activity done by a person. Service, script and business-rule tasks, receive tasks
 * (waiting is not work) and tasks the scenario marks `automated` are not manual steps.
 */
export function isManualStep(node: FlowNode, scenario?: Scenario): boolean {
  if (node.kind !== 'callActivity' && !TASK_KINDS.has(node.kind)) return false;
  if (AUTOMATED_KINDS.has(node.kind) || node.kind === 'receiveTask') return false;
  return scenario?.tasks[node.id]?.automated !== true;
}

/** How a control-flow edge arises. Only `sequence` edges are sequence flows in the file. */
export type EdgeKind = 'sequence' | 'boundary' | 'subProcessStart' | 'eventSubProcess';

export interface ControlEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** The sequence flow, for `sequence` edges. */
  readonly flowId?: string;
  /** Expected tokens sent along this edge per visit of `from` (1 for AND, a probability for XOR). */
  readonly probability: number;
  /** Whether the probability came from the scenario (false: assumed equal split or structural default). */
  readonly fromScenario: boolean;
}

/** Successor/predecessor index of a graph, with branch probabilities. */
export interface GraphIndex {
  readonly nodes: ReadonlyMap<string, FlowNode>;
  readonly flows: ReadonlyMap<string, SequenceFlow>;
  /** Outgoing control edges per node id (sequence flows, boundary events, sub-process starts). */
  readonly successors: ReadonlyMap<string, readonly ControlEdge[]>;
  readonly predecessors: ReadonlyMap<string, readonly ControlEdge[]>;
  /** Probability per sequence-flow id (see `ControlEdge.probability`). */
  readonly flowProbability: ReadonlyMap<string, number>;
  /** Where a case enters, with the share of cases entering there (summing to 1 per process). */
  readonly entries: ReadonlyMap<string, number>;
}

/** The decision semantics of a node's outgoing sequence flows. */
export type SplitSemantics = 'none' | 'exclusive' | 'parallel' | 'inclusive';

/** How a node routes tokens: XOR-like gateways choose one flow, AND all, OR some; activities depend on conditions. */
export function splitSemantics(node: FlowNode, flows: readonly SequenceFlow[]): SplitSemantics {
  if (flows.length < 2) return 'none';
  switch (node.kind) {
    case 'exclusiveGateway':
    case 'eventBasedGateway':
    case 'complexGateway':
      return 'exclusive';
    case 'parallelGateway':
      return 'parallel';
    case 'inclusiveGateway':
      return 'inclusive';
    default:
      // Activities and events: unconditional flows all fire (an implicit AND split); conditional ones like an OR.
      return flows.some((f) => f.condition !== undefined || f.isDefault) ? 'inclusive' : 'parallel';
  }
}

function outgoingFlowsOf(graph: ProcessGraph): Map<string, SequenceFlow[]> {
  const map = new Map<string, SequenceFlow[]>();
  for (const flow of graph.flows) {
    const list = map.get(flow.sourceId);
    if (list) list.push(flow);
    else map.set(flow.sourceId, [flow]);
  }
  return map;
}

/** Probabilities of a node's outgoing flows, from the scenario where given, else an equal split. */
function branchProbabilities(node: FlowNode, flows: readonly SequenceFlow[], scenario?: Scenario): { probabilities: number[]; fromScenario: boolean } {
  const semantics = splitSemantics(node, flows);
  if (semantics === 'none' || semantics === 'parallel') return { probabilities: flows.map(() => 1), fromScenario: false };
  const given = scenario?.gateways[node.id]?.probabilities ?? {};
  const known = flows.map((f) => given[f.id]);
  const fromScenario = known.some((p) => p !== undefined);
  if (semantics === 'inclusive') {
    // Each branch independently; unknown ones get 1/n (on average one branch, like an equal XOR split).
    const probabilities = known.map((p) => (p === undefined ? 1 / flows.length : p));
    // Activities fire their unconditional, non-default flows always.
    if (!isGateway(node)) flows.forEach((f, i) => { if (f.condition === undefined && !f.isDefault && known[i] === undefined) probabilities[i] = 1; });
    return { probabilities, fromScenario };
  }
  const knownSum = known.reduce<number>((sum, p) => sum + (p ?? 0), 0);
  const missing = known.filter((p) => p === undefined).length;
  const rest = missing > 0 ? Math.max(0, 1 - knownSum) / missing : 0;
  const raw = known.map((p) => p ?? rest);
  const total = raw.reduce((a, b) => a + b, 0);
  return { probabilities: total > 0 ? raw.map((p) => p / total) : flows.map(() => 1 / flows.length), fromScenario };
}

/**
 * Builds the successor/predecessor index with branch probabilities and entry points.
 *
 * Entries: per process, its top-level start events (or, without any, its nodes without incoming flows) share the
 * process's cases equally; when the scenario has arrivals, only start events with arrivals are entries.
 *
 * @example
 * const index = createGraphIndex(graph, scenario);
 * index.successors.get('Task_1')?.map((e) => e.to);
 */
export function createGraphIndex(graph: ProcessGraph, scenario?: Scenario): GraphIndex {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n] as const));
  const flows = new Map(graph.flows.map((f) => [f.id, f] as const));
  const successors = new Map<string, ControlEdge[]>();
  const predecessors = new Map<string, ControlEdge[]>();
  const flowProbability = new Map<string, number>();
  for (const node of graph.nodes) {
    successors.set(node.id, []);
    predecessors.set(node.id, []);
  }
  const addEdge = (edge: ControlEdge) => {
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) return;
    successors.get(edge.from)!.push(edge);
    predecessors.get(edge.to)!.push(edge);
  };

  const outgoing = outgoingFlowsOf(graph);
  for (const [sourceId, list] of outgoing) {
    const source = nodes.get(sourceId);
    if (!source) continue;
    const { probabilities, fromScenario } = branchProbabilities(source, list, scenario);
    list.forEach((flow, i) => {
      flowProbability.set(flow.id, probabilities[i]!);
      addEdge({ from: flow.sourceId, to: flow.targetId, kind: 'sequence', flowId: flow.id, probability: probabilities[i]!, fromScenario });
    });
  }

  // Children per scope (a sub-process, or the process itself for top-level nodes).
  const children = new Map<string, FlowNode[]>();
  for (const node of graph.nodes) {
    const scope = node.parentId ?? `process:${node.processId}`;
    const list = children.get(scope);
    if (list) list.push(node);
    else children.set(scope, [node]);
  }
  const hasIncomingFlow = (node: FlowNode) => predecessors.get(node.id)!.some((e) => e.kind === 'sequence');
  /** Where a scope starts: its blank/typed start events, else nodes without incoming flows (implicit start). */
  const scopeStarts = (scope: string): FlowNode[] => {
    const inside = (children.get(scope) ?? []).filter((n) => !(SCOPE_KINDS.has(n.kind) && n.triggeredByEvent));
    const starts = inside.filter((n) => n.kind === 'startEvent');
    if (starts.length > 0) return starts;
    return inside.filter((n) => n.kind !== 'boundaryEvent' && !hasIncomingFlow(n) && !isLinkCatch(n));
  };

  for (const node of graph.nodes) {
    if (node.kind === 'boundaryEvent' && node.attachedToId) {
      addEdge({ from: node.attachedToId, to: node.id, kind: 'boundary', probability: 0, fromScenario: false });
    }
    if (SCOPE_KINDS.has(node.kind)) {
      for (const start of scopeStarts(node.id)) {
        if (node.triggeredByEvent) continue;
        addEdge({ from: node.id, to: start.id, kind: 'subProcessStart', probability: 1, fromScenario: false });
      }
      // Event sub-processes inside this scope can be triggered while it runs.
      for (const child of children.get(node.id) ?? []) {
        if (SCOPE_KINDS.has(child.kind) && child.triggeredByEvent) addEdge({ from: node.id, to: child.id, kind: 'eventSubProcess', probability: 0, fromScenario: false });
      }
    }
    if (node.triggeredByEvent) {
      for (const start of scopeStarts(node.id)) addEdge({ from: node.id, to: start.id, kind: 'subProcessStart', probability: 1, fromScenario: false });
    }
  }

  const entries = new Map<string, number>();
  const withArrivals = scenario ? new Set(Object.keys(scenario.arrivals)) : new Set<string>();
  for (const process of graph.processes) {
    let starts = scopeStarts(`process:${process.id}`);
    const arrived = starts.filter((s) => withArrivals.has(s.id));
    if (arrived.length > 0) starts = arrived;
    for (const start of starts) entries.set(start.id, 1 / starts.length);
  }
  // Nodes whose processId names no process (hand-made graphs) still need a way in.
  if (graph.processes.length === 0) {
    const starts = scopeStarts(`process:${graph.nodes[0]?.processId ?? ''}`);
    for (const start of starts) entries.set(start.id, 1 / starts.length);
  }
  return { nodes, flows, successors, predecessors, flowProbability, entries };
}

function isLinkCatch(node: FlowNode): boolean {
  return node.kind === 'intermediateCatchEvent' && node.eventDefinitions.includes('link');
}

/** Nodes no case can reach from an entry (following sequence flows, boundary events and sub-process starts). */
export function findUnreachable(graph: ProcessGraph, index: GraphIndex = createGraphIndex(graph)): string[] {
  const seen = new Set<string>();
  const stack = [...index.entries.keys()];
  // Link catch events continue a throw elsewhere; top-level event sub-processes start on their own trigger
  // (nested ones hang off their sub-process). Compensation handlers are wired by associations, which the graph
  // does not hold: with a compensation boundary event in a process, its unconnected activities count as reached.
  const compensating = new Set(graph.nodes.filter((n) => n.kind === 'boundaryEvent' && n.eventDefinitions.includes('compensate')).map((n) => n.processId));
  for (const node of graph.nodes) {
    if (isLinkCatch(node) || (node.triggeredByEvent && node.parentId === undefined)) stack.push(node.id);
    if (compensating.has(node.processId) && isActivity(node) && node.incoming.length === 0 && node.outgoing.length === 0) stack.push(node.id);
  }
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of index.successors.get(id) ?? []) if (!seen.has(edge.to)) stack.push(edge.to);
  }
  return graph.nodes.filter((n) => !seen.has(n.id)).map((n) => n.id);
}

/**
 * Sequence flows that close a cycle (a depth-first search from the entries meets a node still on its stack):
 * the loop-backs of rework loops. Returned as sequence-flow ids.
 */
export function findBackEdges(graph: ProcessGraph, index: GraphIndex = createGraphIndex(graph)): Set<string> {
  const state = new Map<string, 1 | 2>(); // 1 on stack, 2 done
  const back = new Set<string>();
  const roots = [...index.entries.keys(), ...graph.nodes.map((n) => n.id)];
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = index.successors.get(frame.id) ?? [];
      if (frame.next < edges.length) {
        const edge = edges[frame.next++]!;
        const s = state.get(edge.to);
        if (s === 1) {
          if (edge.flowId) back.add(edge.flowId);
        } else if (s === undefined) {
          state.set(edge.to, 1);
          stack.push({ id: edge.to, next: 0 });
        }
      } else {
        state.set(frame.id, 2);
        stack.pop();
      }
    }
  }
  return back;
}

/** Result of solving the expected visit counts of a case. */
export interface VisitCounts {
  /** Expected executions of each node per case. */
  readonly visits: ReadonlyMap<string, number>;
  /** Nodes in a loop a case cannot leave (return probability 1): their counts are capped, not exact. */
  readonly unboundedLoopNodeIds: readonly string[];
}

/**
 * Expected visits per node per case: the solution of v = e + Pᵀv (an absorbing Markov chain; e = entry shares,
 * P = branch probabilities). Solved exactly per strongly connected component in topological order (Gaussian
 * elimination inside a loop), so rework loops count 1/(1-p) executions.
 *
 * @example
 * computeVisitCounts(graph, scenario).visits.get('Task_Rework'); // 0.25 for a 20% rework loop after 1 check
 */
export function computeVisitCounts(graph: ProcessGraph, scenario?: Scenario, index: GraphIndex = createGraphIndex(graph, scenario)): VisitCounts {
  return solveVisits(graph, index, (edge) => edge.probability, index.entries);
}

function solveVisits(graph: ProcessGraph, index: GraphIndex, probability: (edge: ControlEdge) => number, entries: ReadonlyMap<string, number>): VisitCounts {
  const ids = graph.nodes.map((n) => n.id);
  const position = new Map(ids.map((id, i) => [id, i] as const));
  const n = ids.length;
  const joinFactor = joinFactors(graph, index, probability);
  const out: { to: number; p: number }[][] = ids.map((id) =>
    (index.successors.get(id) ?? [])
      .map((e) => ({ to: position.get(e.to)!, p: probability(e) * (e.kind === 'sequence' ? (joinFactor.get(e.to) ?? 1) : 1) }))
      .filter((e) => e.p > 0),
  );
  const components = stronglyConnectedComponents(n, out); // reverse topological order
  const visits = new Float64Array(n);
  const inflow = new Float64Array(n);
  for (const [id, share] of entries) {
    const i = position.get(id);
    if (i !== undefined) inflow[i] += share;
  }
  const unbounded: string[] = [];
  for (let c = components.length - 1; c >= 0; c--) {
    const members = components[c]!;
    if (members.length === 1 && !out[members[0]!]!.some((e) => e.to === members[0])) {
      visits[members[0]!] = inflow[members[0]!]!;
    } else {
      const solved = solveComponent(members, out, inflow);
      if (!solved.ok) for (const m of members) unbounded.push(ids[m]!);
      members.forEach((m, k) => (visits[m] = solved.values[k]!));
    }
    const inside = new Set(members);
    for (const m of members) for (const e of out[m]!) if (!inside.has(e.to)) inflow[e.to] += visits[m]! * e.p;
  }
  return { visits: new Map(ids.map((id, i) => [id, visits[i]!] as const)), unboundedLoopNodeIds: unbounded };
}

/**
 * How much of a firing each incoming token of a join is worth. An AND join fires once for its k tokens: 1/k. An
 * OR join matched to an OR split with branch probabilities pᵢ fires when at least one branch ran, 1 - Π(1-pᵢ) per
 * split execution, while Σpᵢ tokens arrive: (1 - Π(1-pᵢ)) / Σpᵢ. Linear factors keep the system solvable exactly.
 */
function joinFactors(graph: ProcessGraph, index: GraphIndex, probability: (edge: ControlEdge) => number): Map<string, number> {
  const factors = new Map<string, number>();
  const sequenceIn = (id: string) => (index.predecessors.get(id) ?? []).filter((e) => e.kind === 'sequence').length;
  let hasOrJoin = false;
  for (const node of graph.nodes) {
    const k = sequenceIn(node.id);
    if (k < 2) continue;
    if (node.kind === 'parallelGateway') factors.set(node.id, 1 / k);
    if (node.kind === 'inclusiveGateway') hasOrJoin = true;
  }
  if (!hasOrJoin) return factors;
  for (const match of matchSplitsAndJoins(graph, index, findBackEdges(graph, index))) {
    if (match.joinId === undefined || index.nodes.get(match.joinId)!.kind !== 'inclusiveGateway' || match.splitSemantics !== 'inclusive') continue;
    const ps = (index.successors.get(match.splitId) ?? []).filter((e) => e.kind === 'sequence').map((e) => Math.min(1, probability(e)));
    const total = ps.reduce((a, b) => a + b, 0);
    if (total > 0) factors.set(match.joinId, (1 - ps.reduce((q, p) => q * (1 - p), 1)) / total);
  }
  return factors;
}

/** Solves v_i = b_i + Σ_j p_ji v_j inside one loop. Falls back to bounded iteration for huge or unbounded loops. */
function solveComponent(members: readonly number[], out: readonly { to: number; p: number }[][], inflow: Float64Array): { ok: boolean; values: number[] } {
  const k = members.length;
  const local = new Map(members.map((m, i) => [m, i] as const));
  if (k <= 400) {
    // (I - Pᵀ) v = b, dense Gaussian elimination with partial pivoting.
    const a = Array.from({ length: k }, (_, i) => {
      const row = new Float64Array(k + 1);
      row[i] = 1;
      row[k] = inflow[members[i]!]!;
      return row;
    });
    members.forEach((m, j) => {
      for (const e of out[m]!) {
        const i = local.get(e.to);
        if (i !== undefined) a[i]![j]! -= e.p;
      }
    });
    let singular = false;
    for (let col = 0; col < k; col++) {
      let pivot = col;
      for (let r = col + 1; r < k; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
      if (Math.abs(a[pivot]![col]!) < 1e-12) {
        singular = true;
        break;
      }
      [a[col], a[pivot]] = [a[pivot]!, a[col]!];
      const pr = a[col]!;
      for (let r = 0; r < k; r++) {
        if (r === col) continue;
        const row = a[r]!;
        const f = row[col]! / pr[col]!;
        if (f === 0) continue;
        for (let c = col; c <= k; c++) row[c]! -= f * pr[c]!;
      }
    }
    if (!singular) {
      const values = a.map((row, i) => row[k]! / row[i]!);
      if (values.every((v) => Number.isFinite(v) && v >= -1e-9)) return { ok: true, values: values.map((v) => Math.max(0, v)) };
    }
  }
  // Bounded iteration: exact for huge leaky loops, and a cap (not infinity) for loops a case cannot leave.
  const within: { from: number; p: number }[][] = members.map(() => []);
  members.forEach((m, j) => {
    for (const e of out[m]!) {
      const i = local.get(e.to);
      if (i !== undefined) within[i]!.push({ from: j, p: e.p });
    }
  });
  const values = new Float64Array(k);
  let converged = false;
  for (let round = 0; round < 1000 && !converged; round++) {
    let change = 0;
    for (let i = 0; i < k; i++) {
      let v = inflow[members[i]!]!;
      for (const e of within[i]!) v += values[e.from]! * e.p;
      change = Math.max(change, Math.abs(v - values[i]!));
      values[i] = v;
    }
    converged = change < 1e-10;
  }
  // A singular system means a loop without exit: the iteration then only gives a cap.
  return { ok: converged && k > 400, values: [...values] };
}

/** Tarjan's algorithm, iterative. Components come out in reverse topological order. */
function stronglyConnectedComponents(n: number, out: readonly { to: number }[][]): number[][] {
  const indexOf = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (indexOf[root] !== -1) continue;
    const work: { v: number; next: number }[] = [{ v: root, next: 0 }];
    indexOf[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = out[frame.v]!;
      if (frame.next < edges.length) {
        const w = edges[frame.next++]!.to;
        if (indexOf[w] === -1) {
          indexOf[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ v: w, next: 0 });
        } else if (onStack[w]) {
          low[frame.v] = Math.min(low[frame.v]!, indexOf[w]!);
        }
      } else {
        work.pop();
        if (work.length > 0) {
          const parent = work[work.length - 1]!.v;
          low[parent] = Math.min(low[parent]!, low[frame.v]!);
        }
        if (low[frame.v] === indexOf[frame.v]) {
          const component: number[] = [];
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = 0;
            component.push(w);
          } while (w !== frame.v);
          components.push(component);
        }
      }
    }
  }
  return components;
}

/** The most likely route of a case. */
export interface TypicalPath {
  /** Nodes on the path, in the order a depth-first walk from the entry meets them. */
  readonly nodeIds: readonly string[];
  /** Expected executions of each node on the path (above 1 inside rework loops). */
  readonly visits: ReadonlyMap<string, number>;
  /** Manual steps on the path, counting repeated executions in loops (see `isManualStep`). */
  readonly manualSteps: number;
  /** The manual-step node ids on the path. */
  readonly manualStepIds: readonly string[];
  /** Whether any branch choice on it relied on an assumed equal split (no scenario probabilities). */
  readonly assumedProbabilities: boolean;
}

/**
 * The typical path: from one entry, every XOR-like decision takes its most likely forward flow (ties: the default
 * flow, else the branch with the longest route ahead, i.e. the main route rather than an early exit), parallel
 * splits take all branches, inclusive splits the branches with p >= 0.5 (at
 * least the most likely one). Loop-backs keep their probability, so a rework loop with return probability p
 * counts its steps 1/(1-p) times (expected visits).
 *
 * @example
 * typicalPath(graph, scenario).manualSteps; // e.g. 12 for the study's average process
 */
export function typicalPath(graph: ProcessGraph, scenario?: Scenario, index: GraphIndex = createGraphIndex(graph, scenario), backEdges: ReadonlySet<string> = findBackEdges(graph, index)): TypicalPath {
  const chosen = new Map<string, number>(); // flowId -> probability on the typical path
  let assumed = false;
  let remaining: Map<string, number> | undefined;
  for (const node of graph.nodes) {
    const edges = (index.successors.get(node.id) ?? []).filter((e) => e.kind === 'sequence');
    if (edges.length < 2) continue;
    const semantics = splitSemantics(node, edges.map((e) => index.flows.get(e.flowId!)!));
    if (semantics === 'parallel') continue;
    const back = edges.filter((e) => backEdges.has(e.flowId!));
    const forward = edges.filter((e) => !backEdges.has(e.flowId!));
    if (forward.length === 0) continue;
    if (!edges[0]!.fromScenario && isGateway(node)) assumed = true;
    if (semantics === 'inclusive') {
      const best = Math.max(...forward.map((e) => e.probability));
      for (const e of forward) chosen.set(e.flowId!, e.probability >= 0.5 || e.probability === best ? 1 : 0);
      continue;
    }
    // Ties (e.g. an assumed equal split): the default flow, else the branch with more ahead of it (the main
    // route rather than an early exit), else the first.
    const best = Math.max(...forward.map((e) => e.probability));
    const tied = forward.filter((e) => e.probability >= best - 1e-12);
    let pick = tied.find((e) => e.flowId === node.defaultFlowId) ?? tied[0]!;
    if (tied.length > 1 && pick.flowId !== node.defaultFlowId) {
      remaining ??= longestPathAhead(graph, index, backEdges);
      let most = -1;
      for (const e of tied) {
        const ahead = remaining.get(e.to) ?? 0;
        if (ahead > most) [most, pick] = [ahead, e];
      }
    }
    const backShare = back.reduce((s, e) => s + e.probability, 0);
    for (const e of forward) chosen.set(e.flowId!, e === pick ? Math.max(0, 1 - backShare) : 0);
  }
  // One entry per process: the first start event with the largest share.
  const entries = new Map<string, number>();
  const perProcess = new Map<string, string>();
  for (const [id, share] of index.entries) {
    const processId = index.nodes.get(id)!.processId;
    const current = perProcess.get(processId);
    if (current === undefined || share > index.entries.get(current)!) perProcess.set(processId, id);
  }
  for (const id of perProcess.values()) entries.set(id, 1);
  const { visits } = solveVisits(graph, index, (e) => (e.flowId !== undefined && chosen.has(e.flowId) ? chosen.get(e.flowId)! : e.probability), entries);

  const order: string[] = [];
  const seen = new Set<string>();
  const stack = [...entries.keys()].reverse();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || (visits.get(id) ?? 0) <= 1e-9) continue;
    seen.add(id);
    order.push(id);
    const next = (index.successors.get(id) ?? []).map((e) => e.to).filter((t) => !seen.has(t));
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  const onPath = new Map(order.map((id) => [id, visits.get(id)!] as const));
  const manualStepIds = order.filter((id) => isManualStep(index.nodes.get(id)!, scenario));
  const manualSteps = manualStepIds.reduce((sum, id) => sum + onPath.get(id)!, 0);
  return { nodeIds: order, visits: onPath, manualSteps, manualStepIds, assumedProbabilities: assumed };
}

/** Nodes on the longest forward route from each node to an end (loop-backs ignored, so the graph is a DAG). */
function longestPathAhead(graph: ProcessGraph, index: GraphIndex, backEdges: ReadonlySet<string>): Map<string, number> {
  const forward = (id: string) => (index.successors.get(id) ?? []).filter((e) => e.kind === 'sequence' && !backEdges.has(e.flowId!));
  const length = new Map<string, number>();
  for (const root of graph.nodes) {
    if (length.has(root.id)) continue;
    // Iterative post-order: a node's length is known once all its successors' are.
    const stack: { id: string; expanded: boolean }[] = [{ id: root.id, expanded: false }];
    const open = new Set<string>();
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (length.has(frame.id)) {
        stack.pop();
        continue;
      }
      if (!frame.expanded) {
        frame.expanded = true;
        open.add(frame.id);
        for (const e of forward(frame.id)) if (!length.has(e.to) && !open.has(e.to)) stack.push({ id: e.to, expanded: false });
        continue;
      }
      stack.pop();
      open.delete(frame.id);
      let best = 0;
      for (const e of forward(frame.id)) best = Math.max(best, length.get(e.to) ?? 0);
      length.set(frame.id, best + 1);
    }
  }
  return length;
}

/** A sequence flow that moves work from one lane to another. */
export interface HandOff {
  readonly flowId: string;
  readonly fromLaneId: string;
  readonly toLaneId: string;
  /** Expected times per case this flow is taken (visits of its source x its probability). */
  readonly expectedPerCase: number;
}

/** Sequence flows whose source and target sit in different lanes, weighted by how often a case takes them. */
export function findHandOffs(graph: ProcessGraph, visits: ReadonlyMap<string, number>, index: GraphIndex): HandOff[] {
  const handOffs: HandOff[] = [];
  for (const flow of graph.flows) {
    const from = index.nodes.get(flow.sourceId)?.laneId;
    const to = index.nodes.get(flow.targetId)?.laneId;
    if (from === undefined || to === undefined || from === to) continue;
    const expected = (visits.get(flow.sourceId) ?? 0) * (index.flowProbability.get(flow.id) ?? 0);
    handOffs.push({ flowId: flow.id, fromLaneId: from, toLaneId: to, expectedPerCase: expected });
  }
  return handOffs;
}

/** How a split is closed. */
export interface SplitMatch {
  readonly splitId: string;
  readonly splitSemantics: Exclude<SplitSemantics, 'none'>;
  /** The nearest node every branch reaches and that merges flows (a gateway or activity with several incoming). */
  readonly joinId?: string;
  readonly joinSemantics?: 'exclusive' | 'parallel' | 'inclusive' | 'complex';
  /** `deadlock`: an XOR split closed by an AND join; `lackOfSynchronisation`: an AND split closed by an XOR merge. */
  readonly problem?: 'deadlock' | 'lackOfSynchronisation';
}

function joinSemantics(node: FlowNode): NonNullable<SplitMatch['joinSemantics']> {
  switch (node.kind) {
    case 'parallelGateway':
      return 'parallel';
    case 'inclusiveGateway':
      return 'inclusive';
    case 'complexGateway':
      return 'complex';
    default:
      return 'exclusive'; // XOR and event-based joins, and activities/events with several incoming flows, merge
  }
}

/**
 * Matches every split (a gateway or activity with two or more outgoing flows) with its join: the nearest
 * merging node all branches reach going forward (loop-backs ignored). Flags structural deadlocks (XOR/OR split
 * closed by an AND join) and lack of synchronisation (AND/OR split closed by an XOR merge).
 */
export function matchSplitsAndJoins(graph: ProcessGraph, index: GraphIndex, backEdges: ReadonlySet<string>): SplitMatch[] {
  const forward = (id: string) => (index.successors.get(id) ?? []).filter((e) => e.kind === 'sequence' && !backEdges.has(e.flowId!));
  const incomingCount = (id: string) => (index.predecessors.get(id) ?? []).filter((e) => e.kind === 'sequence').length;
  const matches: SplitMatch[] = [];
  for (const node of graph.nodes) {
    const edges = (index.successors.get(node.id) ?? []).filter((e) => e.kind === 'sequence');
    const semantics = splitSemantics(node, edges.map((e) => index.flows.get(e.flowId!)!));
    if (semantics === 'none') continue;
    const targets = [...new Set(edges.map((e) => e.to))];
    if (targets.length < 2) continue;
    // Grow all branches one layer at a time; the first merge node every branch has reached is the join
    // (smallest worst-case distance, then smallest total). A branch that runs out without reaching a merge
    // node everyone else could still reach ends the search early.
    const reach = targets.map((start) => new Map<string, number>([[start, 1]]));
    const frontiers = targets.map((start) => [start]);
    let best: { id: string; worst: number; sum: number } | undefined;
    for (let depth = 1; !best; depth++) {
      for (const id of new Set(frontiers.flat())) {
        if (incomingCount(id) < 2 || !reach.every((r) => r.has(id))) continue;
        const ds = reach.map((r) => r.get(id)!);
        const worst = Math.max(...ds);
        const sum = ds.reduce((a, b) => a + b, 0);
        if (!best || worst < best.worst || (worst === best.worst && sum < best.sum)) best = { id, worst, sum };
      }
      if (best) break;
      let exhausted = false;
      frontiers.forEach((frontier, i) => {
        const next: string[] = [];
        for (const id of frontier) for (const e of forward(id)) if (!reach[i]!.has(e.to) && e.to !== node.id) {
          reach[i]!.set(e.to, depth + 1);
          next.push(e.to);
        }
        frontiers[i] = next;
        if (next.length === 0 && ![...reach[i]!.keys()].some((id) => incomingCount(id) >= 2)) exhausted = true;
      });
      if (exhausted || frontiers.every((f) => f.length === 0)) break;
    }
    if (!best) {
      matches.push({ splitId: node.id, splitSemantics: semantics });
      continue;
    }
    const joinNode = index.nodes.get(best.id)!;
    const join = joinSemantics(joinNode);
    let problem: SplitMatch['problem'];
    if ((semantics === 'exclusive' || semantics === 'inclusive') && join === 'parallel') problem = 'deadlock';
    // Tokens that meet at an end event just end: nothing after it runs twice.
    if ((semantics === 'parallel' || semantics === 'inclusive') && join === 'exclusive' && joinNode.kind !== 'endEvent') problem = 'lackOfSynchronisation';
    matches.push({ splitId: node.id, splitSemantics: semantics, joinId: best.id, joinSemantics: join, ...(problem ? { problem } : {}) });
  }
  return matches;
}

/** Gateways with several incoming AND several outgoing flows (they both join and split). */
export function findMixedGateways(graph: ProcessGraph): string[] {
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, number>();
  for (const f of graph.flows) {
    incoming.set(f.targetId, (incoming.get(f.targetId) ?? 0) + 1);
    outgoing.set(f.sourceId, (outgoing.get(f.sourceId) ?? 0) + 1);
  }
  return graph.nodes.filter((n) => isGateway(n) && (incoming.get(n.id) ?? 0) >= 2 && (outgoing.get(n.id) ?? 0) >= 2).map((n) => n.id);
}

/** Activities with two or more unconditional, non-default outgoing flows: an AND split drawn without a gateway. */
export function findImplicitSplits(graph: ProcessGraph): string[] {
  const outgoing = outgoingFlowsOf(graph);
  return graph.nodes
    .filter((n) => isActivity(n) && (outgoing.get(n.id) ?? []).filter((f) => f.condition === undefined && !f.isDefault).length >= 2)
    .map((n) => n.id);
}

/**
 * Cardoso's control-flow complexity: the sum over splits of XOR: fan-out, OR: 2^fan-out - 1, AND: 1. Activities
 * with several outgoing flows count as AND (unconditional) or OR (conditional) splits.
 *
 * @example
 * controlFlowComplexity(graph).total; // 3 for one XOR split into 3 branches
 */
export function controlFlowComplexity(graph: ProcessGraph): { total: number; perSplit: ReadonlyMap<string, number> } {
  const outgoing = outgoingFlowsOf(graph);
  const perSplit = new Map<string, number>();
  for (const node of graph.nodes) {
    const flows = outgoing.get(node.id) ?? [];
    const semantics = splitSemantics(node, flows);
    if (semantics === 'none') continue;
    const n = flows.length;
    perSplit.set(node.id, semantics === 'exclusive' ? n : semantics === 'parallel' ? 1 : 2 ** Math.min(n, 30) - 1);
  }
  let total = 0;
  for (const v of perSplit.values()) total += v;
  return { total, perSplit };
}

/** Default pattern for approval and review steps, in English and Chinese. */
export const DEFAULT_APPROVAL_PATTERN = 'approv|review|check|sign[- ]?off|authori[sz]|verif|审批|审核|复核|批准|核准|签核|签批';
/** Default pattern for steps that only report on an approval (notify, inform, send): not approvals themselves. */
export const DEFAULT_APPROVAL_EXCLUDE_PATTERN = 'notif|inform|send|e-?mail|通知|告知|发送';

/**
 * Runs of two or more approval/review tasks in a row (directly or through gateways and intermediate events,
 * loop-backs ignored). Each chain is a list of task ids in order.
 */
export function findApprovalChains(
  graph: ProcessGraph,
  index: GraphIndex,
  backEdges: ReadonlySet<string>,
  pattern: RegExp,
  minLength = 2,
  options: { readonly exclude?: RegExp; readonly scenario?: Scenario } = {},
): string[][] {
  // Only steps people do count (an automated check adds no waiting), and not notifications about an approval.
  const isApproval = (node: FlowNode) =>
    isManualStep(node, options.scenario) && node.name !== undefined && pattern.test(node.name) && !(options.exclude?.test(node.name) ?? false);
  const next = new Map<string, string[]>();
  const hasPrevious = new Set<string>();
  for (const node of graph.nodes) {
    if (!isApproval(node)) continue;
    const found = new Set<string>();
    const seen = new Set<string>();
    const stack = (index.successors.get(node.id) ?? []).filter((e) => e.kind === 'sequence' && !backEdges.has(e.flowId!)).map((e) => e.to);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const target = index.nodes.get(id)!;
      if (isActivity(target)) {
        if (isApproval(target)) found.add(id);
        continue; // any other activity breaks the chain
      }
      if (target.kind === 'endEvent') continue;
      for (const e of index.successors.get(id) ?? []) if (e.kind === 'sequence' && !backEdges.has(e.flowId!)) stack.push(e.to);
    }
    next.set(node.id, [...found]);
    for (const f of found) hasPrevious.add(f);
  }
  const longest = new Map<string, string[]>();
  const chainFrom = (id: string, depth = 0): string[] => {
    const known = longest.get(id);
    if (known) return known;
    let best: string[] = [];
    if (depth < 1000) for (const n of next.get(id) ?? []) {
      const c = chainFrom(n, depth + 1);
      if (c.length > best.length) best = c;
    }
    const chain = [id, ...best];
    longest.set(id, chain);
    return chain;
  };
  const chains: string[][] = [];
  for (const id of next.keys()) {
    if (hasPrevious.has(id)) continue;
    const chain = chainFrom(id);
    if (chain.length >= minLength) chains.push(chain);
  }
  return chains;
}

/** A loop-back sequence flow and how likely a case goes round again. */
export interface ReworkLoop {
  readonly flowId: string;
  /** Where the loop-back starts and where work goes back to (the loop's entry). */
  readonly fromId: string;
  readonly toId: string;
  /** The nodes on the loop (from the entry to the loop-back). */
  readonly bodyIds: readonly string[];
  /** Share of the entry's executions that are repetitions via this flow: p for a simple loop that returns with p. */
  readonly returnProbability: number;
  /** Whether every decision on the loop has probabilities in the scenario (else an equal split is assumed). */
  readonly fromScenario: boolean;
  /** Executions of the entry per case that reaches it: 1/(1-p); infinite for a loop without an exit. */
  readonly expectedRepetitions: number;
}

/**
 * Rework loops: every loop-back flow with the probability that work returns, derived from expected visits
 * (`returnProbability = back-flow visits / entry visits`), so a loop whose exit sits at another decision is
 * measured where it exits, not by the loop-back flow's own (often unconditional) probability.
 */
export function findReworkLoops(index: GraphIndex, backEdges: ReadonlySet<string>, visits?: ReadonlyMap<string, number>): ReworkLoop[] {
  const sequence = (edges: readonly ControlEdge[] | undefined) => (edges ?? []).filter((e) => e.kind === 'sequence');
  const loops: ReworkLoop[] = [];
  for (const flowId of backEdges) {
    const flow = index.flows.get(flowId)!;
    // Loop body: reachable from the entry and reaching the loop-back's source.
    const ahead = new Set<string>([flow.targetId]);
    for (const stack = [flow.targetId]; stack.length > 0; ) {
      for (const e of sequence(index.successors.get(stack.pop()!))) {
        if (ahead.has(e.to) || backEdges.has(e.flowId!)) continue;
        ahead.add(e.to);
        stack.push(e.to);
      }
    }
    const body = new Set<string>([flow.sourceId]);
    for (const stack = [flow.sourceId]; stack.length > 0; ) {
      for (const e of sequence(index.predecessors.get(stack.pop()!))) {
        if (body.has(e.from) || !ahead.has(e.from) || backEdges.has(e.flowId!)) continue;
        body.add(e.from);
        stack.push(e.from);
      }
    }
    const decisions = [...body].map((id) => sequence(index.successors.get(id))).filter((edges) => edges.length >= 2 && edges.some((e) => e.probability < 1));
    const fromScenario = decisions.length > 0 && decisions.every((edges) => edges[0]!.fromScenario);
    const edge = sequence(index.successors.get(flow.sourceId)).find((e) => e.flowId === flowId)!;
    const entryVisits = visits?.get(flow.targetId) ?? 0;
    const hasExit = [...body].some((id) => sequence(index.successors.get(id)).some((e) => !body.has(e.to) && e.probability > 0));
    let p = edge.probability;
    if (!hasExit) p = 1;
    else if (entryVisits > 1e-12) p = Math.min(1, ((visits!.get(flow.sourceId) ?? 0) * edge.probability) / entryVisits);
    loops.push({
      flowId,
      fromId: flow.sourceId,
      toId: flow.targetId,
      bodyIds: [...ahead].filter((id) => body.has(id)),
      returnProbability: p,
      fromScenario,
      expectedRepetitions: p < 1 ? 1 / (1 - p) : Number.POSITIVE_INFINITY,
    });
  }
  return loops;
}

/** A check followed by an XOR decision that ends some cases early (rejects them). */
export interface KnockOutCheck {
  readonly checkId: string;
  readonly gatewayId: string;
  /** Flows that lead to an end without rejoining the main path. */
  readonly rejectFlowIds: readonly string[];
  readonly rejectProbability: number;
  /** Mean duration of the check in seconds, when the scenario gives one. */
  readonly effortSeconds?: number;
  /** effort / reject probability: the effort spent per rejected case (lower first is cheaper). */
  readonly effortPerRejection?: number;
}

/** A pair of knock-out checks in a costly order: the first spends more effort per rejection than a later one. */
export interface CostlyKnockOutOrder {
  readonly firstId: string;
  readonly laterId: string;
}

/**
 * Knock-out checks: an XOR gateway right after an activity where at least one branch leads only to end events
 * (through at most `maxRejectSteps` activities) and does not rejoin the others. Also pairs in a costly order
 * (van der Aalst's knock-out principle: checks with less effort per rejected case should come first).
 */
export function findKnockOuts(
  graph: ProcessGraph,
  index: GraphIndex,
  backEdges: ReadonlySet<string>,
  scenario?: Scenario,
  maxRejectSteps = 2,
): { checks: KnockOutCheck[]; costlyOrder: CostlyKnockOutOrder[] } {
  const forward = (id: string) => (index.successors.get(id) ?? []).filter((e) => e.kind !== 'eventSubProcess' && !(e.flowId && backEdges.has(e.flowId)));
  const limit = 4 * maxRejectSteps + 8;
  /** The nodes of a branch when it is a short dead end (a rejection): few activities, an end, no one joins in. */
  const shortBranch = (start: string, gatewayId: string): Set<string> | undefined => {
    const seen = new Set<string>();
    const stack = [start];
    let activities = 0;
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      if (id === gatewayId || seen.size >= limit) return undefined;
      seen.add(id);
      if (isActivity(index.nodes.get(id)!) && ++activities > maxRejectSteps) return undefined;
      for (const e of forward(id)) stack.push(e.to);
    }
    if (![...seen].some((id) => index.nodes.get(id)!.kind === 'endEvent')) return undefined;
    for (const id of seen) {
      if (id === start) continue;
      for (const e of index.predecessors.get(id) ?? []) if (e.kind === 'sequence' && !seen.has(e.from)) return undefined;
    }
    return seen;
  };
  const reachable = (starts: readonly string[], wanted: string): boolean => {
    const seen = new Set<string>();
    const stack = [...starts];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === wanted) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const e of forward(id)) stack.push(e.to);
    }
    return false;
  };
  const checks: KnockOutCheck[] = [];
  const passTargets = new Map<string, string[]>();
  for (const gateway of graph.nodes) {
    if (gateway.kind !== 'exclusiveGateway') continue;
    const incoming = (index.predecessors.get(gateway.id) ?? []).filter((e) => e.kind === 'sequence');
    if (incoming.length !== 1) continue;
    const check = index.nodes.get(incoming[0]!.from)!;
    if (!isActivity(check)) continue;
    const branches = (index.successors.get(gateway.id) ?? []).filter((e) => e.kind === 'sequence' && !backEdges.has(e.flowId!));
    if (branches.length < 2) continue;
    const short = branches.map((b) => shortBranch(b.to, gateway.id));
    const reject = branches.map((_, i) => i).filter((i) => short[i] !== undefined);
    if (reject.length === branches.length) {
      // Every branch ends soon (e.g. at the end of the model): the one with most ahead of it is the pass branch.
      const sizes = reject.map((i) => short[i]!.size);
      const most = Math.max(...sizes);
      if (sizes.filter((n) => n === most).length > 1) continue;
      reject.splice(sizes.indexOf(most), 1);
    }
    if (reject.length === 0) continue;
    const rejectProbability = reject.reduce((sum, i) => sum + branches[i]!.probability, 0);
    const duration = scenario?.tasks[check.id]?.duration;
    const effortSeconds = duration ? createSampler(duration).mean : undefined;
    checks.push({
      checkId: check.id,
      gatewayId: gateway.id,
      rejectFlowIds: reject.map((i) => branches[i]!.flowId!),
      rejectProbability,
      ...(effortSeconds !== undefined ? { effortSeconds } : {}),
      ...(effortSeconds !== undefined && rejectProbability > 0 ? { effortPerRejection: effortSeconds / rejectProbability } : {}),
    });
    passTargets.set(check.id, branches.filter((_, i) => !reject.includes(i)).map((b) => b.to));
  }
  const costlyOrder: CostlyKnockOutOrder[] = [];
  const known = checks.filter((c) => c.effortPerRejection !== undefined);
  for (const first of known) {
    for (const later of known) {
      if (first === later || first.effortPerRejection! <= later.effortPerRejection! * (1 + 1e-9)) continue;
      if (reachable(passTargets.get(first.checkId)!, later.checkId)) costlyOrder.push({ firstId: first.checkId, laterId: later.checkId });
    }
  }
  return { checks, costlyOrder };
}

/** Everything the built-in rules read, computed once per (graph, scenario). */
export interface GraphAnalysis {
  readonly index: GraphIndex;
  readonly backEdges: ReadonlySet<string>;
  readonly visits: VisitCounts;
  readonly typicalPath: TypicalPath;
  readonly unreachable: readonly string[];
  readonly splits: readonly SplitMatch[];
}

const cache = new WeakMap<ProcessGraph, WeakMap<object, GraphAnalysis>>();
const NO_SCENARIO = {};

/**
 * The shared analysis of a graph (and scenario). Memoised per object pair, so the many rules of one scorecard
 * compute it once; graphs and scenarios are immutable data, so the cache can never be stale.
 *
 * @example
 * const { typicalPath, unreachable } = analyseGraph(graph, scenario);
 */
export function analyseGraph(graph: ProcessGraph, scenario?: Scenario): GraphAnalysis {
  let byScenario = cache.get(graph);
  if (!byScenario) cache.set(graph, (byScenario = new WeakMap()));
  const key = scenario ?? NO_SCENARIO;
  const known = byScenario.get(key);
  if (known) return known;
  const index = createGraphIndex(graph, scenario);
  const backEdges = findBackEdges(graph, index);
  const analysis: GraphAnalysis = {
    index,
    backEdges,
    visits: solveVisits(graph, index, (e) => e.probability, index.entries),
    typicalPath: typicalPath(graph, scenario, index, backEdges),
    unreachable: findUnreachable(graph, index),
    splits: matchSplitsAndJoins(graph, index, backEdges),
  };
  byScenario.set(key, analysis);
  return analysis;
}

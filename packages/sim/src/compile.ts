// Compiles a ProcessGraph + Scenario into integer-indexed typed arrays the engine can walk without lookups,
// applying documented defaults (each with a warning) and running the static checks.
import { durationToSeconds, unstaffedPoolIssues, type FlowNode, type ModelIssue, type ProcessGraph, type Scenario } from '@leanflow/model';
import { createWeeklySchedule, createWorkCalendar, isValidTimeZone, type WeeklySchedule, type WorkCalendar } from './calendar.ts';
import { Sampler } from './distributions.ts';
import { compileEvents, linkFlows, type CompiledEvents } from './events.ts';

export const K_TASK = 0;
export const K_SUBPROCESS = 1;
export const K_START = 2;
export const K_END = 3;
export const K_XOR = 4;
export const K_AND = 5;
export const K_OR = 6;
export const K_EVENT_GATEWAY = 7;
export const K_CATCH = 8;
export const K_PASS = 9;
export const K_BOUNDARY = 10;

export const LOOP_NONE = 0;
export const LOOP_STANDARD = 1;
export const LOOP_SEQUENTIAL = 2;
export const LOOP_PARALLEL = 3;

/** Defaults applied when the scenario says nothing (documented in docs/simulation.md). */
export const SIMULATION_DEFAULTS = {
  /** Inter-arrival time when no start event has arrival parameters: exponential with this mean, in seconds. */
  interArrivalMeanSeconds: 3600,
  /** Independent probability of each inclusive-gateway branch without a probability. */
  inclusiveBranchProbability: 0.5,
  maxTokensPerCase: 10_000,
  maxEventsPerCase: 100_000,
} as const;

/** A compiled model: everything indexed by integers. Internal to the engine, exposed for benchmarks. */
export interface CompiledModel extends CompiledEvents {
  readonly nodeCount: number;
  readonly flowCount: number;
  readonly nodeIds: readonly string[];
  readonly nodeNames: readonly string[];
  readonly kind: Uint8Array;
  /** Outgoing flows of node n: outFlows[outStart[n] .. outStart[n+1]). */
  readonly outStart: Int32Array;
  readonly outFlows: Int32Array;
  readonly inStart: Int32Array;
  readonly inFlows: Int32Array;
  readonly flowTarget: Int32Array;
  readonly flowIds: readonly string[];
  /** XOR: cumulative probability per outgoing flow; OR: independent probability. */
  readonly flowProbability: Float64Array;
  readonly defaultFlow: Int32Array;
  readonly terminate: Uint8Array;
  /** Sub-process n starts tokens at startNodes[startStart[n] .. startStart[n+1]). */
  readonly startStart: Int32Array;
  readonly startNodes: Int32Array;
  /** Activity n's boundary events: boundaryNodes[boundaryStart[n] .. boundaryStart[n+1]). */
  readonly boundaryStart: Int32Array;
  readonly boundaryNodes: Int32Array;
  readonly interrupting: Uint8Array;
  /** Index into `sources` of the duration/delay of a node, or -1. */
  readonly delaySource: Int32Array;
  /** Index into `sources` of a gateway's decisions or an activity's loop count, or -1. */
  readonly choiceSource: Int32Array;
  readonly loopKind: Uint8Array;
  /** Fixed multi-instance count (0 when drawn from choiceSource). */
  readonly instanceCount: Int32Array;
  readonly pool: Int32Array;
  readonly valueAdding: Uint8Array;
  readonly substantive: Uint8Array;
  readonly fixedCost: Float64Array;
  /** Is node n a task whose statistics are reported (tasks, not gateways/events)? */
  readonly isTask: Uint8Array;
  /** OR joins: orSlot[n] >= 0 and upstream[orSlot[n] * nodeCount + m] = 1 when m can reach n. */
  readonly orSlot: Int32Array;
  readonly upstream: Uint8Array;
  /** Parallel joins: a dense slot per incoming flow of a joining parallel gateway (-1 for other flows). */
  readonly joinSlot: Int32Array;
  readonly joinInputCount: number;
  /** Message flows from node n go to messageTargets[messageStart[n] .. messageStart[n+1]). */
  readonly messageStart: Int32Array;
  readonly messageTargets: Int32Array;
  /** Catch events, receive tasks and boundary events that wait for a message sent by a simulated node. */
  readonly messageWait: Uint8Array;
  /** Random sources: stream key and sampler (null for decision streams). */
  readonly sources: readonly { readonly key: string; readonly sampler: Sampler | null }[];
  readonly arrivals: readonly {
    readonly node: number;
    readonly source: number;
    readonly calendar: WorkCalendar | null;
    readonly cases: number | null;
    /** A weekly arrival profile (cases per second): a Poisson stream whose rate follows the week; or null. */
    readonly profile: WeeklySchedule | null;
    /**
     * A timer start event without scenario arrivals: its first case at `at` (seconds since the start), then one every
     * `period` seconds (0 for a single date); `cases` holds the cycle's repetitions (null: unbounded). Else null.
     */
    readonly timer: { readonly at: number; readonly period: number } | null;
  }[];
  readonly pools: readonly CompiledPool[];
  /** Case types; one (`default`, everything) when the scenario has none. */
  readonly caseTypes: readonly CompiledCaseType[];
  /** Cumulative shares of the case types, to draw a case's type. */
  readonly typeCumulative: Float64Array;
  /** The random source that draws each case's type (-1 with a single type). */
  readonly typeSource: number;
  /** Queue rank per case type: rank 0 (the highest priority) is served first. */
  readonly typeRank: Int32Array;
  readonly rankCount: number;
  /** Duration source per case type and node: row `type * nodeCount`. */
  readonly typeDelaySource: Int32Array;
  /** Branch probability per case type and flow: row `type * flowCount` (same layout as `flowProbability`). */
  readonly typeFlowProbability: Float64Array;
  /** A higher-priority case interrupts a lower-priority case's task when nobody is free. */
  readonly preemptive: boolean;
  /** People who work in several pools (groups of `count`). */
  readonly people: readonly CompiledPerson[];
  /** Pool p's people: people[personStart[p] .. personStart[p+1]) of `personOfPool`. */
  readonly personStart: Int32Array;
  readonly personOfPool: Int32Array;
  /** Person w's pools: poolOfPerson[poolStart[w] .. poolStart[w+1]). */
  readonly poolStart: Int32Array;
  readonly poolOfPerson: Int32Array;
  readonly startEpochSeconds: number;
  readonly warmUpSeconds: number;
  readonly horizonSeconds: number | null;
  readonly firstResponseSlaSeconds: number;
  readonly resolutionSlaSeconds: number | null;
  readonly hasSubstantive: boolean;
}

export interface CompiledPool {
  readonly id: string;
  readonly name: string;
  /** People on duty (the peak of the shift plan when there is one). */
  readonly headcount: number;
  readonly costPerHour: number;
  /** Salaried: costs headcount x paid (open) hours x rate, not per busy hour. */
  readonly paidHours: boolean;
  readonly calendar: WorkCalendar | null;
  /** People on duty by weekday and hour; replaces headcount and calendar when set. */
  readonly shifts: WeeklySchedule | null;
}

export interface CompiledCaseType {
  readonly id: string;
  readonly name: string;
  readonly share: number;
  readonly priority: number;
  readonly firstResponseSlaSeconds: number;
  readonly resolutionSlaSeconds: number | null;
}

export interface CompiledPerson {
  readonly id: string;
  readonly name: string;
  readonly count: number;
  /** Their own calendar, else null (then the calendar of the pool whose task they take). */
  readonly calendar: WorkCalendar | null;
}

/** Person-seconds a pool offers over [from, to): headcount x open time, or the integral of its shift plan. */
export function poolCapacitySeconds(pool: CompiledPool, from: number, to: number): number {
  if (!(to > from)) return 0;
  if (pool.shifts !== null) return pool.shifts.integral(from, to);
  return pool.headcount * (pool.calendar ? pool.calendar.openSeconds(from, to) : to - from);
}

export interface CompileResult {
  readonly model: CompiledModel;
  readonly issues: ModelIssue[];
}

const TASK_KINDS = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask', 'callActivity']);
const SUBPROCESS_KINDS = new Set(['subProcess', 'adHocSubProcess', 'transaction']);

/** Parses an ISO 8601 duration such as `PT1H30M` or `P2D` (also the period of a cycle `R3/PT1H`) into seconds. */
export function parseIsoDuration(text: string): number | null {
  const period = text.includes('/') ? text.split('/').find((part) => part.startsWith('P')) : text;
  const match = period?.trim().match(/^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/);
  if (!match || period === 'P' || period === 'PT') return null;
  const n = (i: number) => (match[i] ? Number(match[i].replace(',', '.')) : 0);
  return n(1) * 365 * 86400 + n(2) * 30 * 86400 + n(3) * 7 * 86400 + n(4) * 86400 + n(5) * 3600 + n(6) * 60 + n(7);
}

/**
 * The arrivals a top-level timer start event makes by itself: one case at its `timeDate`, or one per period of its
 * `timeCycle` (`R3/2026-01-05T09:00:00Z/PT1H`: 3 cases from that instant; `R/PT1H`: unbounded, the first one period
 * after the start). Null, with a note, when the expression cannot be simulated: the scenario's rate is used then.
 */
function timerArrivals(
  node: FlowNode,
  at: number,
  repeat: number,
  warn: (code: string, message: string, elementId?: string, severity?: ModelIssue['severity']) => void,
): { at: number; period: number; cases: number | null } | null {
  const timer = node.timer as NonNullable<FlowNode['timer']>;
  const fallback = (why: string) => {
    warn('sim.timer.start', `The timer start event ${label(node)} ${why}; cases arrive at the scenario's rate instead. Give it arrivals in the scenario to choose the rate.`, node.id);
    return null;
  };
  if (timer.kind === 'date') {
    // An unreadable date was already reported (sim.timer.date).
    if (Number.isNaN(at)) return null;
    if (at < 0) return fallback(`fires at ${timer.expression}, before the scenario starts`);
    return { at, period: 0, cases: 1 };
  }
  const period = parseIsoDuration(timer.expression);
  if (period === null || !(period > 0)) return fallback(`has the cycle "${timer.expression}", which is not an ISO 8601 repeating interval like R5/2026-01-05T09:00:00Z/PT1H`);
  let first = Number.isNaN(at) ? period : at;
  let cases: number | null = repeat > 0 ? repeat : null;
  // Firings before the scenario start are gone; the cycle goes on from the first one after it.
  if (first < 0) {
    const missed = Math.ceil(-first / period - 1e-9);
    first += missed * period;
    if (cases !== null) cases -= missed;
    if (cases !== null && cases <= 0) return fallback(`has the cycle "${timer.expression}", which ends before the scenario starts`);
  }
  return { at: first, period, cases };
}

function label(node: FlowNode): string {
  return node.name ? `"${node.name}"` : node.id;
}

/**
 * Compiles a graph and a (zod-parsed) scenario. Never throws for bad input: problems come back as issues.
 *
 * @example
 * const { model, issues } = compileModel(graph, ScenarioSchema.parse(input));
 */
export function compileModel(graph: ProcessGraph, scenario: Scenario): CompileResult {
  const issues: ModelIssue[] = [];
  const warn = (code: string, message: string, elementId?: string, severity: ModelIssue['severity'] = 'warning') =>
    issues.push(elementId === undefined ? { code, severity, message } : { code, severity, message, elementId });

  // Event sub-processes are compiled like sub-processes that no flow enters; events.ts says what triggers them.
  const nodes = graph.nodes;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const flows = [...graph.flows, ...linkFlows(graph, (code, message, id) => warn(code, message, id, 'info'))].filter((f) => index.has(f.sourceId) && index.has(f.targetId));
  const flowIndex = new Map(flows.map((f, i) => [f.id, i]));
  const N = nodes.length;
  const F = flows.length;

  const kind = new Uint8Array(N);
  const terminate = new Uint8Array(N);
  const isTask = new Uint8Array(N);
  nodes.forEach((node, i) => {
    if (TASK_KINDS.has(node.kind)) {
      kind[i] = K_TASK;
      isTask[i] = 1;
      if (node.kind === 'callActivity')
        warn('sim.fallback.callActivity', `The call activity ${label(node)} is simulated as a single task (its called process is not expanded).`, node.id, 'info');
    } else if (SUBPROCESS_KINDS.has(node.kind)) {
      kind[i] = K_SUBPROCESS;
      if (node.kind === 'adHocSubProcess')
        warn('sim.fallback.adHoc', `The ad-hoc sub-process ${label(node)} runs all its unconnected activities once, in parallel.`, node.id, 'info');
    } else if (node.kind === 'startEvent') kind[i] = K_START;
    else if (node.kind === 'endEvent') {
      kind[i] = K_END;
      terminate[i] = node.eventDefinitions.includes('terminate') ? 1 : 0;
    } else if (node.kind === 'exclusiveGateway') kind[i] = K_XOR;
    else if (node.kind === 'parallelGateway') kind[i] = K_AND;
    else if (node.kind === 'inclusiveGateway') kind[i] = K_OR;
    else if (node.kind === 'complexGateway') {
      kind[i] = K_OR;
      warn('sim.fallback.complexGateway', `The complex gateway ${label(node)} is simulated as an inclusive gateway.`, node.id, 'info');
    } else if (node.kind === 'eventBasedGateway') kind[i] = K_EVENT_GATEWAY;
    else if (node.kind === 'intermediateCatchEvent') kind[i] = node.eventDefinitions.includes('link') ? K_PASS : K_CATCH;
    else if (node.kind === 'boundaryEvent') kind[i] = K_BOUNDARY;
    else kind[i] = K_PASS;
  });

  // Flow adjacency (CSR).
  const outStart = new Int32Array(N + 1);
  const inStart = new Int32Array(N + 1);
  const flowTarget = new Int32Array(F);
  const flowSource = new Int32Array(F);
  flows.forEach((f, i) => {
    flowSource[i] = index.get(f.sourceId) as number;
    flowTarget[i] = index.get(f.targetId) as number;
    outStart[flowSource[i] + 1]++;
    inStart[flowTarget[i] + 1]++;
  });
  for (let i = 0; i < N; i++) {
    outStart[i + 1] += outStart[i];
    inStart[i + 1] += inStart[i];
  }
  const outFlows = new Int32Array(F);
  const inFlows = new Int32Array(F);
  {
    const o = outStart.slice(0, N);
    const n = inStart.slice(0, N);
    // Keep the file's order of outgoing flows so decisions map to flows stably.
    nodes.forEach((node, i) => {
      for (const id of node.outgoing) {
        const f = flowIndex.get(id);
        if (f !== undefined && flowSource[f] === i) outFlows[o[i]++] = f;
      }
    });
    flows.forEach((_, f) => {
      inFlows[n[flowTarget[f]]++] = f;
    });
    // Flows listed on the flow but missing from the node's outgoing list.
    flows.forEach((_, f) => {
      const s = flowSource[f];
      let found = false;
      for (let k = outStart[s]; k < o[s]; k++) if (outFlows[k] === f) found = true;
      if (!found) outFlows[o[s]++] = f;
    });
  }

  // Message flows between simulated nodes: a message to a start event starts that process within the case;
  // a message to an intermediate catch event releases the token waiting there (or the next one to arrive).
  const messageLists: number[][] = Array.from({ length: N }, () => []);
  const messageWait = new Uint8Array(N);
  const messageStarted = new Uint8Array(N);
  for (const mf of graph.messageFlows) {
    const source = index.get(mf.sourceId);
    const target = index.get(mf.targetId);
    if (source === undefined || target === undefined) continue;
    if (kind[target] === K_START) messageStarted[target] = 1;
    else if (kind[target] === K_CATCH || kind[target] === K_BOUNDARY || nodes[target].kind === 'receiveTask') messageWait[target] = 1;
    else {
      warn('sim.fallback.messageTarget', `The message flow ${mf.id} ends at ${label(nodes[target])}, which the simulation does not make wait for it.`, mf.id, 'info');
      continue;
    }
    messageLists[source].push(target);
  }
  const messageStart = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) messageStart[i + 1] = messageStart[i] + messageLists[i].length;
  const messageTargets = Int32Array.from(messageLists.flat());

  // Errors, escalations, signals, event sub-processes, timer dates and cycles.
  const startSeconds = Date.parse(scenario.startTime) / 1000;
  const events = compileEvents({
    graph,
    nodes,
    index,
    base: Number.isFinite(startSeconds) ? startSeconds : Date.parse('2026-01-05T00:00:00Z') / 1000,
    hasScenarioTime: (node) => scenario.events[node.id] !== undefined,
    messageWait,
    messageStarted,
    warn,
  });
  const timed = (i: number) => !Number.isNaN(events.timerAt[i]);

  // Random sources.
  const sources: { key: string; sampler: Sampler | null }[] = [];
  const addSource = (key: string, sampler: Sampler | null) => sources.push({ key, sampler }) - 1;
  const delaySource = new Int32Array(N).fill(-1);
  const choiceSource = new Int32Array(N).fill(-1);
  const flowProbability = new Float64Array(F);
  const defaultFlow = new Int32Array(N).fill(-1);

  // Pools and calendars.
  const startEpochSeconds = Date.parse(scenario.startTime) / 1000;
  const base = Number.isFinite(startEpochSeconds) ? startEpochSeconds : Date.parse('2026-01-05T00:00:00Z') / 1000;
  if (!Number.isFinite(startEpochSeconds))
    issues.push({ code: 'sim.startTime.invalid', severity: 'error', message: `The start time "${scenario.startTime}" is not a date; use ISO 8601 like 2026-01-05T08:00:00Z.`, path: 'startTime' });
  const calendars = new Map<string, WorkCalendar>();
  for (const calendar of scenario.calendars) {
    if (!isValidTimeZone(calendar.timeZone)) {
      issues.push({ code: 'sim.calendar.timeZone', severity: 'error', message: `The calendar "${calendar.name}" has an unknown time zone "${calendar.timeZone}"; UTC is used.`, path: `calendars.${calendar.id}.timeZone` });
      calendars.set(calendar.id, createWorkCalendar({ ...calendar, timeZone: 'UTC' }, base));
    } else calendars.set(calendar.id, createWorkCalendar(calendar, base));
  }
  const calendarOf = (id: string | undefined, path: string): WorkCalendar | null => {
    if (id === undefined) return null;
    const calendar = calendars.get(id);
    if (!calendar) issues.push({ code: 'sim.calendar.unknown', severity: 'warning', message: `There is no calendar "${id}"; always open is assumed.`, path });
    return calendar && !calendar.alwaysOpen ? calendar : null;
  };
  const pools: CompiledPool[] = scenario.pools.map((p) => {
    const shifts = p.shifts
      ? createWeeklySchedule(
          p.shifts.periods.map((s) => ({ ...s, value: s.headcount })),
          isValidTimeZone(p.shifts.timeZone) ? p.shifts.timeZone : 'UTC',
          base,
        )
      : null;
    if (shifts && p.calendarId !== undefined)
      warn('sim.shifts.calendar', `The pool "${p.name}" has a shift plan; its calendar is not used (the shifts say who is on duty when).`);
    return {
      id: p.id,
      name: p.name,
      headcount: shifts ? shifts.peak : p.headcount,
      costPerHour: p.costPerHour,
      paidHours: p.costModel === 'paid-hour',
      calendar: shifts ? null : calendarOf(p.calendarId, `pools.${p.id}.calendarId`),
      shifts,
    };
  });
  const poolIndex = new Map(scenario.pools.map((p, i) => [p.id, i]));
  const laneToPool = new Map<string, number>();
  scenario.pools.forEach((p, i) => p.laneIds.forEach((lane) => laneToPool.set(lane, i)));
  const laneParent = new Map(graph.lanes.map((l) => [l.id, l.parentLaneId]));
  const poolOfLane = (laneId: string | undefined): number => {
    let lane = laneId;
    while (lane !== undefined) {
      const pool = laneToPool.get(lane);
      if (pool !== undefined) return pool;
      lane = laneParent.get(lane);
    }
    return -1;
  };

  const pool = new Int32Array(N).fill(-1);
  const valueAdding = new Uint8Array(N);
  const substantive = new Uint8Array(N);
  const fixedCost = new Float64Array(N);
  const loopKind = new Uint8Array(N);
  const instanceCount = new Int32Array(N);
  const timerSampler = (node: FlowNode): Sampler | null => {
    const params = scenario.events[node.id];
    if (params) return Sampler.from(params.duration);
    if (node.timer && node.timer.kind !== 'date') {
      const seconds = parseIsoDuration(node.timer.expression);
      if (seconds !== null) return Sampler.from({ type: 'fixed', value: seconds, unit: 's' });
    }
    return null;
  };
  let hasSubstantive = false;
  const unpooled: string[] = [];

  nodes.forEach((node, i) => {
    const k = kind[i];
    if (k === K_TASK || k === K_SUBPROCESS) {
      const params = scenario.tasks[node.id];
      if (k === K_TASK) {
        const duration = params?.duration;
        if (messageWait[i])
          warn('sim.message.receiveTask', `The receive task ${label(node)} waits for the message sent inside the model${duration ? '; its duration is not used' : ''}.`, node.id, 'info');
        else if (duration === undefined)
          warn('sim.default.duration', `The task ${label(node)} has no duration; it takes no time.`, node.id);
        delaySource[i] = addSource(`duration:${node.id}`, duration === undefined ? null : Sampler.from(duration));
        if (params?.automated) pool[i] = -1;
        else if (params?.poolId !== undefined) {
          const p = poolIndex.get(params.poolId);
          if (p === undefined) {
            warn('sim.pool.unknown', `The task ${label(node)} names an unknown resource pool "${params.poolId}"; the lane's pool is used.`, node.id);
            pool[i] = poolOfLane(node.laneId);
          } else pool[i] = p;
        } else pool[i] = poolOfLane(node.laneId);
        if (pool[i] < 0 && !params?.automated) unpooled.push(node.id);
        valueAdding[i] = params?.valueClass === 'valueAdding' ? 1 : 0;
        substantive[i] = params?.substantiveResponse ? 1 : 0;
        if (substantive[i]) hasSubstantive = true;
        fixedCost[i] = params?.fixedCost ?? 0;
      }
      if (node.loop?.kind === 'standard') {
        loopKind[i] = LOOP_STANDARD;
        if (params?.loopCount === undefined)
          warn('sim.default.loopCount', `The loop ${label(node)} has no loop count; it runs once.`, node.id);
        // Counts are plain numbers: the distribution's unit is ignored.
        choiceSource[i] = addSource(`loop:${node.id}`, params?.loopCount === undefined ? null : Sampler.from({ ...params.loopCount, unit: 's' }));
      } else if (node.loop?.kind === 'multiInstance') {
        loopKind[i] = node.loop.sequential ? LOOP_SEQUENTIAL : LOOP_PARALLEL;
        if (params?.instanceCount !== undefined) instanceCount[i] = params.instanceCount;
        else if (params?.loopCount !== undefined) choiceSource[i] = addSource(`loop:${node.id}`, Sampler.from({ ...params.loopCount, unit: 's' }));
        else {
          instanceCount[i] = 1;
          warn('sim.default.instanceCount', `The multi-instance activity ${label(node)} has no instance count; one instance runs.`, node.id);
        }
      }
    } else if (k === K_CATCH && messageWait[i]) {
      if (scenario.events[node.id] && !node.eventDefinitions.includes('signal'))
        warn('sim.message.modelled', `The event ${label(node)} waits for a message sent inside the model; its waiting time in the scenario is not used.`, node.id, 'info');
      delaySource[i] = addSource(`event:${node.id}`, null);
    } else if (k === K_CATCH) {
      const sampler = timerSampler(node);
      if (sampler === null && !timed(i))
        warn('sim.default.eventDuration', `The event ${label(node)} has no waiting time; it passes at once.`, node.id);
      delaySource[i] = addSource(`event:${node.id}`, sampler);
    } else if (k === K_BOUNDARY && messageWait[i]) {
      delaySource[i] = addSource(`event:${node.id}`, null); // fires when the model's message arrives
    } else if (k === K_BOUNDARY) {
      const sampler = timerSampler(node);
      if (sampler === null && !timed(i) && !node.eventDefinitions.some((d) => d === 'error' || d === 'escalation' || d === 'compensate'))
        warn('sim.boundary.neverFires', `The boundary event ${label(node)} has no time until it fires; it never fires.`, node.id, 'info');
      delaySource[i] = addSource(`event:${node.id}`, sampler);
    } else if (k === K_XOR || k === K_OR || k === K_EVENT_GATEWAY) {
      if (node.defaultFlowId !== undefined) defaultFlow[i] = flowIndex.get(node.defaultFlowId) ?? -1;
      const out = outFlows.subarray(outStart[i], outStart[i + 1]);
      if (out.length > 1 && k !== K_EVENT_GATEWAY) {
        choiceSource[i] = addSource(`gateway:${node.id}`, null);
        fillProbabilities(flowProbability, 0, node, i, out, scenario.gateways[node.id]?.probabilities, true);
      }
    }
  });
  /** Writes the branch probabilities of gateway `i` (XOR: cumulative; OR: independent) into `target` at `offset`. */
  function fillProbabilities(target: Float64Array, offset: number, node: FlowNode, i: number, out: Int32Array, given: Record<string, number> | undefined, report: boolean): void {
    const k = kind[i];
    const probabilities = Array.from(out, (f) => given?.[flows[f].id]);
    if (k === K_XOR) {
      let values = probabilities.map((p) => p ?? 0);
      let sum = values.reduce((a, b) => a + b, 0);
      // A default flow without a probability takes what the others leave.
      const defaultIndex = Array.from(out).indexOf(defaultFlow[i]);
      if (given !== undefined && defaultIndex >= 0 && probabilities[defaultIndex] === undefined && sum < 1) {
        values[defaultIndex] = 1 - sum;
        sum = 1;
      }
      if (given === undefined || sum === 0) {
        if (report) warn('sim.default.probabilities', `The gateway ${label(node)} has no branch probabilities; each branch is equally likely.`, node.id);
        values = values.map(() => 1 / out.length);
      } else if (Math.abs(sum - 1) > 1e-6) {
        if (report) warn('sim.probabilities.normalised', `The branch probabilities of ${label(node)} add up to ${sum.toFixed(3)}, not 1; they are scaled to 1.`, node.id);
        values = values.map((p) => p / sum);
      }
      let cumulative = 0;
      out.forEach((f, j) => {
        cumulative += values[j];
        target[offset + f] = cumulative;
      });
      target[offset + out[out.length - 1]] = 1;
    } else {
      if (report && probabilities.some((p) => p === undefined))
        warn(
          'sim.default.probabilities',
          `Some branches of the inclusive gateway ${label(node)} have no probability; they are taken with probability ${SIMULATION_DEFAULTS.inclusiveBranchProbability}.`,
          node.id,
        );
      out.forEach((f, j) => (target[offset + f] = probabilities[j] ?? SIMULATION_DEFAULTS.inclusiveBranchProbability));
    }
  }

  // Case types: their shares, queue ranks and what each changes (durations, branch probabilities, targets).
  const firstResponseSlaSeconds = durationToSeconds(scenario.targets.firstResponseSla);
  const resolutionSlaSeconds = scenario.targets.resolutionSla ? durationToSeconds(scenario.targets.resolutionSla) : null;
  const givenTypes = scenario.caseTypes ?? [];
  const caseTypes: CompiledCaseType[] =
    givenTypes.length === 0
      ? [{ id: 'default', name: 'All cases', share: 1, priority: 0, firstResponseSlaSeconds, resolutionSlaSeconds }]
      : givenTypes.map((t) => ({
          id: t.id,
          name: t.name,
          share: t.share,
          priority: t.priority,
          firstResponseSlaSeconds: t.targets?.firstResponseSla ? durationToSeconds(t.targets.firstResponseSla) : firstResponseSlaSeconds,
          resolutionSlaSeconds: t.targets?.resolutionSla ? durationToSeconds(t.targets.resolutionSla) : resolutionSlaSeconds,
        }));
  const T = caseTypes.length;
  const typeCumulative = new Float64Array(T);
  {
    const total = caseTypes.reduce((a, t) => a + t.share, 0);
    let cumulative = 0;
    caseTypes.forEach((t, j) => (typeCumulative[j] = cumulative += total > 0 ? t.share / total : 1 / T));
    typeCumulative[T - 1] = 1;
  }
  const priorities = [...new Set(caseTypes.map((t) => t.priority))].sort((a, b) => b - a);
  const typeRank = Int32Array.from(caseTypes, (t) => priorities.indexOf(t.priority));
  const typeSource = T > 1 ? addSource('caseType', null) : -1;
  const typeDelaySource = new Int32Array(T * N);
  const typeFlowProbability = new Float64Array(T * F);
  caseTypes.forEach((type, j) => {
    typeDelaySource.set(delaySource, j * N);
    typeFlowProbability.set(flowProbability, j * F);
    const given = givenTypes[j];
    if (!given) return;
    for (const [id, params] of Object.entries(given.tasks ?? {})) {
      const n = index.get(id);
      if (n === undefined || kind[n] !== K_TASK) continue;
      // Its own stream: the type's draws do not shift the other types' numbers.
      typeDelaySource[j * N + n] = addSource(`duration:${id}#${type.id}`, Sampler.from(params.duration));
    }
    for (const [id, params] of Object.entries(given.gateways ?? {})) {
      const n = index.get(id);
      if (n === undefined || (kind[n] !== K_XOR && kind[n] !== K_OR)) continue;
      const out = outFlows.subarray(outStart[n], outStart[n + 1]);
      if (out.length > 1) fillProbabilities(typeFlowProbability, j * F, nodes[n], n, out, params.probabilities, false);
    }
  });
  const preemptive = scenario.queueDiscipline === 'preemptive';
  if (preemptive && priorities.length < 2)
    warn('sim.preemptive.oneClass', 'The queue discipline is preemptive, but all case types have the same priority: nothing is ever interrupted.', undefined, 'info');

  // People in several pools.
  const people: CompiledPerson[] = [];
  const personLists: number[][] = scenario.pools.map(() => []);
  const poolLists: number[][] = [];
  for (const person of scenario.people ?? []) {
    const ids = person.poolIds.map((id) => poolIndex.get(id)).filter((p): p is number => p !== undefined);
    if (ids.length === 0) continue;
    const w = people.length;
    people.push({ id: person.id, name: person.name, count: person.count, calendar: calendarOf(person.calendarId, `people.${person.id}.calendarId`) });
    poolLists.push(ids);
    for (const p of ids) personLists[p].push(w);
  }
  const personStart = new Int32Array(pools.length + 1);
  personLists.forEach((list, p) => (personStart[p + 1] = personStart[p] + list.length));
  const poolStart = new Int32Array(people.length + 1);
  poolLists.forEach((list, w) => (poolStart[w + 1] = poolStart[w] + list.length));

  if (unpooled.length > 0)
    issues.push({
      code: 'sim.default.pool',
      severity: 'info',
      message: `${unpooled.length} task(s) have no resource pool (no pool for their lane); they never wait for a resource: ${unpooled.slice(0, 5).join(', ')}${unpooled.length > 5 ? ', ...' : ''}.`,
      elementId: unpooled[0],
    });

  // Event-based gateway targets need a delay to race with.
  nodes.forEach((_, i) => {
    if (kind[i] !== K_EVENT_GATEWAY) return;
    for (let k = outStart[i]; k < outStart[i + 1]; k++) {
      const target = flowTarget[outFlows[k]];
      if (delaySource[target] < 0) delaySource[target] = addSource(`event:${nodes[target].id}`, timerSampler(nodes[target]));
    }
  });

  // Event sub-process starts armed on time draw their time like a boundary event.
  for (let k = 0; k < events.armNodes.length; k++) {
    const s = events.armNodes[k];
    if (delaySource[s] < 0) delaySource[s] = addSource(`event:${nodes[s].id}`, timerSampler(nodes[s]));
  }

  // Sub-process start nodes and boundary events.
  const children = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    if (node.parentId !== undefined) {
      const list = children.get(node.parentId) ?? [];
      list.push(i);
      children.set(node.parentId, list);
    }
  });
  const startStart = new Int32Array(N + 1);
  const startList: number[] = [];
  const boundaryStart = new Int32Array(N + 1);
  const boundaryList: number[] = [];
  const interrupting = new Uint8Array(N);
  nodes.forEach((node, i) => {
    startStart[i] = startList.length;
    if (kind[i] === K_SUBPROCESS) {
      const inner = children.get(node.id) ?? [];
      const starts = inner.filter((c) => kind[c] === K_START);
      const chosen = starts.length > 0 ? starts : inner.filter((c) => kind[c] !== K_BOUNDARY && inStart[c + 1] === inStart[c] && !nodes[c].triggeredByEvent);
      startList.push(...chosen);
    }
    boundaryStart[i] = boundaryList.length;
    for (const id of node.boundaryEventIds) {
      const b = index.get(id);
      if (b !== undefined) {
        boundaryList.push(b);
        interrupting[b] = nodes[b].cancelActivity === false ? 0 : 1;
      }
    }
    if (events.espOf[i] >= 0) interrupting[i] = node.isInterrupting === false ? 0 : 1;
  });
  startStart[N] = startList.length;
  boundaryStart[N] = boundaryList.length;

  // Arrivals: top-level start events.
  const topStarts = nodes.map((n, i) => [n, i] as const).filter(([n, i]) => kind[i] === K_START && n.parentId === undefined);
  const arrivals: CompiledModel['arrivals'][number][] = [];
  for (const [node, i] of topStarts) {
    const params = scenario.arrivals[node.id];
    if (params && messageStarted[i])
      warn(
        'sim.arrival.messageStarted',
        `${label(node)} is started by a ${node.eventDefinitions.includes('signal') ? 'signal' : 'message'} from another process in the model; its arrival rate is not used.`,
        node.id,
        'info',
      );
    else if (params)
      arrivals.push({
        node: i,
        // With a profile the stream draws unit-rate exponential gaps, stretched by the profile's rate.
        source: addSource(`arrival:${node.id}`, Sampler.from(params.profile ? { type: 'exponential', mean: 1, unit: 's' } : params.interArrival)),
        calendar: params.profile ? null : calendarOf(params.calendarId, `arrivals.${node.id}.calendarId`),
        cases: params.cases ?? null,
        profile: params.profile
          ? createWeeklySchedule(
              params.profile.periods.map((p) => ({ ...p, value: p.casesPerHour / 3600 })),
              isValidTimeZone(params.profile.timeZone) ? params.profile.timeZone : 'UTC',
              base,
            )
          : null,
        timer: null,
      });
    else if (!messageStarted[i] && node.timer && node.timer.kind !== 'duration') {
      const timer = timerArrivals(node, events.timerAt[i], events.timerRepeat[i], warn);
      if (timer) arrivals.push({ node: i, source: addSource(`arrival:${node.id}`, null), calendar: null, cases: timer.cases, profile: null, timer: { at: timer.at, period: timer.period } });
    }
  }
  for (const id of Object.keys(scenario.arrivals))
    if (!topStarts.some(([n]) => n.id === id))
      warn('sim.arrival.unknown', `Arrival parameters are given for "${id}", which is not a top-level start event; they are ignored.`, id);
  if (topStarts.length === 0)
    issues.push({ code: 'sim.start.missing', severity: 'error', message: 'The process has no start event, so no case can start. Add a start event.' });
  else if (arrivals.length === 0) {
    const [node, i] = topStarts.find(([, j]) => !messageStarted[j]) ?? topStarts[0];
    warn(
      'sim.default.arrivals',
      `No arrival rate is given; cases arrive at ${label(node)} on average every ${SIMULATION_DEFAULTS.interArrivalMeanSeconds / 60} minutes (exponential).`,
      node.id,
    );
    arrivals.push({
      node: i,
      source: addSource(`arrival:${node.id}`, Sampler.from({ type: 'exponential', mean: SIMULATION_DEFAULTS.interArrivalMeanSeconds, unit: 's' })),
      calendar: null,
      cases: null,
      profile: null,
      timer: null,
    });
  }

  // Parallel joins: number their inputs densely so the engine counts arrivals in a flat array.
  const joinSlot = new Int32Array(F).fill(-1);
  let joinInputCount = 0;
  for (let i = 0; i < N; i++)
    if (kind[i] === K_AND && inStart[i + 1] - inStart[i] > 1) for (let k = inStart[i]; k < inStart[i + 1]; k++) joinSlot[inFlows[k]] = joinInputCount++;

  // OR joins: which nodes can still send a token to the join (reverse reachability, not through the join).
  const orSlot = new Int32Array(N).fill(-1);
  let orCount = 0;
  for (let i = 0; i < N; i++) if (kind[i] === K_OR && inStart[i + 1] - inStart[i] > 1) orSlot[i] = orCount++;
  const upstream = new Uint8Array(orCount * N);
  const attachedOf = nodes.map((n) => (n.attachedToId === undefined ? -1 : (index.get(n.attachedToId) ?? -1)));
  for (let j = 0; j < N; j++) {
    if (orSlot[j] < 0) continue;
    const row = orSlot[j] * N;
    const stack: number[] = [];
    for (let k = inStart[j]; k < inStart[j + 1]; k++) stack.push(flowSource[inFlows[k]]);
    while (stack.length > 0) {
      const m = stack.pop() as number;
      if (m === j || upstream[row + m]) continue;
      upstream[row + m] = 1;
      for (let k = inStart[m]; k < inStart[m + 1]; k++) stack.push(flowSource[inFlows[k]]);
      if (attachedOf[m] >= 0) stack.push(attachedOf[m]);
    }
  }

  const model: CompiledModel = {
    nodeCount: N,
    flowCount: F,
    nodeIds: nodes.map((n) => n.id),
    nodeNames: nodes.map((n) => n.name ?? n.id),
    kind,
    outStart,
    outFlows,
    inStart,
    inFlows,
    flowTarget,
    flowIds: flows.map((f) => f.id),
    flowProbability,
    defaultFlow,
    terminate,
    startStart,
    startNodes: Int32Array.from(startList),
    boundaryStart,
    boundaryNodes: Int32Array.from(boundaryList),
    interrupting,
    delaySource,
    choiceSource,
    loopKind,
    instanceCount,
    pool,
    valueAdding,
    substantive,
    fixedCost,
    isTask,
    orSlot,
    upstream,
    joinSlot,
    joinInputCount,
    messageStart,
    messageTargets,
    messageWait,
    ...events,
    sources,
    arrivals,
    pools,
    caseTypes,
    typeCumulative,
    typeSource,
    typeRank,
    rankCount: priorities.length,
    typeDelaySource,
    typeFlowProbability,
    preemptive,
    people,
    personStart,
    personOfPool: Int32Array.from(personLists.flat()),
    poolStart,
    poolOfPerson: Int32Array.from(poolLists.flat()),
    startEpochSeconds: base,
    warmUpSeconds: scenario.warmUp ? durationToSeconds(scenario.warmUp) : 0,
    horizonSeconds: scenario.horizon ? durationToSeconds(scenario.horizon) : null,
    firstResponseSlaSeconds,
    resolutionSlaSeconds,
    hasSubstantive,
  };
  issues.push(...staticChecks(model, flowSource));
  // Tasks of a pool with nobody in it would wait forever: the same error (code and message) as validateScenario.
  issues.push(...unstaffedPoolIssues(scenario, graph));
  return { model, issues };
}

/**
 * Static checks that can see a problem before the run: an exclusive choice closed by a parallel join (deadlock)
 * and a cycle that no decision can leave (livelock).
 */
function staticChecks(model: CompiledModel, flowSource: Int32Array): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const { kind, outStart, outFlows, inStart, flowTarget, nodeCount: N, nodeIds, nodeNames } = model;
  const name = (n: number) => (nodeNames[n] !== nodeIds[n] ? `"${nodeNames[n]}"` : nodeIds[n]);

  // Deadlock: for each exclusive split X and parallel join J, which incoming flows of J each branch of X reaches
  // without passing a parallel/inclusive split (which would add tokens), X or J. If the branches together cover
  // all of J's inputs but no single branch does, one token can never satisfy J.
  for (let x = 0; x < N; x++) {
    if ((kind[x] !== K_XOR && kind[x] !== K_EVENT_GATEWAY) || outStart[x + 1] - outStart[x] < 2) continue;
    const reached = new Map<number, Set<number>[]>();
    for (let k = outStart[x]; k < outStart[x + 1]; k++) {
      const seen = new Uint8Array(N);
      const stack = [outFlows[k]];
      const branch = k - outStart[x];
      while (stack.length > 0) {
        const f = stack.pop() as number;
        const t = flowTarget[f];
        if (kind[t] === K_AND && inStart[t + 1] - inStart[t] > 1) {
          const sets = reached.get(t) ?? [];
          (sets[branch] ??= new Set()).add(f);
          reached.set(t, sets);
          continue;
        }
        if (t === x || seen[t]) continue;
        seen[t] = 1;
        const splits = outStart[t + 1] - outStart[t] > 1 && (kind[t] === K_AND || kind[t] === K_OR || kind[t] === K_TASK || kind[t] === K_SUBPROCESS || kind[t] === K_PASS);
        if (splits) continue;
        for (let m = outStart[t]; m < outStart[t + 1]; m++) stack.push(outFlows[m]);
      }
    }
    for (const [j, sets] of reached) {
      const inputs = inStart[j + 1] - inStart[j];
      const union = new Set<number>();
      let branches = 0;
      let anyComplete = false;
      for (const set of sets) {
        if (!set) continue;
        branches++;
        set.forEach((f) => union.add(f));
        if (set.size === inputs) anyComplete = true;
      }
      if (branches >= 2 && union.size === inputs && !anyComplete)
        issues.push({
          code: 'sim.deadlock.exclusiveIntoParallelJoin',
          severity: 'error',
          message: `The exclusive gateway ${name(x)} sends a case down only one path, but the parallel gateway ${name(j)} waits for all its incoming paths: cases would get stuck there. Use an exclusive gateway to merge, or a parallel gateway to split.`,
          elementId: nodeIds[j],
        });
    }
  }

  // Livelock: strongly connected components (Tarjan) over flows that can be taken (probability > 0); a cycle with
  // no exit through a decision (gateway branch or boundary event) repeats forever.
  const edges: number[][] = Array.from({ length: N }, () => []);
  const canTake = (f: number) => {
    const s = flowSource[f];
    if (kind[s] === K_XOR) {
      const k = outStart[s];
      let previous = 0;
      for (let m = k; m < outStart[s + 1]; m++) {
        const p = model.flowProbability[outFlows[m]] - previous;
        previous = model.flowProbability[outFlows[m]];
        if (outFlows[m] === f) return p > 0 || outStart[s + 1] - k === 1;
      }
    }
    if (kind[s] === K_OR && outStart[s + 1] - outStart[s] > 1) return model.flowProbability[f] > 0 || model.defaultFlow[s] === f;
    return true;
  };
  for (let f = 0; f < flowSource.length; f++) if (canTake(f)) edges[flowSource[f]].push(flowTarget[f]);
  for (let a = 0; a < N; a++)
    for (let k = model.boundaryStart[a]; k < model.boundaryStart[a + 1]; k++) edges[a].push(model.boundaryNodes[k]);
  const order = new Int32Array(N).fill(-1);
  const low = new Int32Array(N);
  const onStack = new Uint8Array(N);
  const stack: number[] = [];
  const component = new Int32Array(N).fill(-1);
  let counter = 0;
  let components = 0;
  const strong = (v: number) => {
    // Iterative Tarjan to survive large models.
    const work: [number, number][] = [[v, 0]];
    order[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [u, i] = frame;
      if (i < edges[u].length) {
        frame[1]++;
        const w = edges[u][i];
        if (order[w] < 0) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[u] = Math.min(low[u], order[w]);
      } else {
        work.pop();
        if (work.length > 0) {
          const parent = work[work.length - 1][0];
          low[parent] = Math.min(low[parent], low[u]);
        }
        if (low[u] === order[u]) {
          let w: number;
          do {
            w = stack.pop() as number;
            onStack[w] = 0;
            component[w] = components;
          } while (w !== u);
          components++;
        }
      }
    }
  };
  for (let v = 0; v < N; v++) if (order[v] < 0) strong(v);
  const members: number[][] = Array.from({ length: components }, () => []);
  for (let v = 0; v < N; v++) members[component[v]].push(v);
  for (const group of members) {
    const cyclic = group.length > 1 || edges[group[0]].includes(group[0]);
    if (!cyclic) continue;
    const c = component[group[0]];
    let exit = false;
    for (const v of group) {
      const decides = kind[v] === K_XOR || kind[v] === K_OR || kind[v] === K_EVENT_GATEWAY;
      for (const w of edges[v]) {
        if (component[w] === c) continue;
        if (decides || (kind[w] === K_BOUNDARY && model.interrupting[w])) exit = true;
      }
    }
    if (!exit) {
      const gateway = group.find((v) => (kind[v] === K_XOR || kind[v] === K_OR) && outStart[v + 1] - outStart[v] > 1) ?? group[0];
      issues.push({
        code: 'sim.livelock.loop',
        severity: 'error',
        message: `Cases can never leave the loop through ${group
          .slice(0, 6)
          .map(name)
          .join(', ')}${group.length > 6 ? ', ...' : ''}: no branch out of it has a probability above 0. Give an exit branch a probability.`,
        elementId: nodeIds[gateway],
      });
    }
  }
  return issues;
}

// Calibrating a scenario from an event log: arrivals, task durations, routing, headcounts, waiting vs processing.
import type { Distribution, ModelIssue, ProcessGraph, Scenario } from '@leanflow/model';
import { fitDuration, toDistribution, type DistributionFit, type FitCandidate } from './fit.ts';
import { mapActivities, type ActivityMapping, type MappingOverrides } from './mapping.ts';
import { groupCases } from './read.ts';
import { TokenReplayer, type ReplayResult } from './replay.ts';
import type { EventLog, LogEvent } from './types.ts';

export interface ArrivalFit {
  readonly startEventId: string;
  readonly cases: number;
  /** Cases per hour over the log's span (first to last arrival). */
  readonly ratePerHour: number;
  /** Exponential inter-arrival (a Poisson process): the distribution applied. */
  readonly exponential: FitCandidate;
  /** The best candidate by AIC, to show how far from Poisson the arrivals are. */
  readonly best: FitCandidate;
  readonly interArrival: Distribution;
}

export interface TaskFit {
  readonly taskId: string;
  readonly name?: string;
  readonly activities: readonly string[];
  readonly events: number;
  /** Processing time (start to end) when the log has start times, else time since the case's previous event ended. */
  readonly measured: 'processing' | 'since-previous';
  readonly fit: DistributionFit;
  /** Mean waiting before the task started (from enabled times, else the case's previous end), seconds. */
  readonly meanWaiting: number | null;
}

export interface GatewayFit {
  readonly gatewayId: string;
  readonly name?: string;
  /** Tokens observed on the gateway's outgoing flows over the replay. */
  readonly observations: number;
  readonly probabilities: Readonly<Record<string, number>>;
}

export interface PoolFit {
  readonly poolId: string;
  readonly name: string;
  readonly previousHeadcount: number;
  /** Distinct resources seen doing the pool's tasks. */
  readonly headcount: number;
  readonly resources: readonly string[];
}

export interface LogSummary {
  readonly cases: number;
  readonly events: number;
  readonly activities: number;
  readonly resources: number;
  readonly hasStartTimes: boolean;
  readonly from: string;
  readonly to: string;
  /** Mean case duration (first start to last end), seconds. */
  readonly meanCycleTime: number;
}

export interface CalibrationResult {
  readonly scenario: Scenario;
  readonly log: LogSummary;
  readonly mapping: ActivityMapping;
  readonly arrivals: readonly ArrivalFit[];
  readonly tasks: readonly TaskFit[];
  readonly gateways: readonly GatewayFit[];
  readonly pools: readonly PoolFit[];
  readonly conformance: ReplayResult;
  readonly issues: readonly ModelIssue[];
}

export interface CalibrateOptions {
  readonly mapping?: MappingOverrides;
  /** Id and name of the new scenario (made unique against `existingIds`). */
  readonly scenarioId?: string;
  readonly scenarioName?: string;
  readonly existingIds?: readonly string[];
}

const SPLITS = new Set(['exclusiveGateway', 'inclusiveGateway', 'complexGateway']);

/** Counts events per activity. */
export function activityCounts(log: EventLog): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of log.events) counts.set(e.activity, (counts.get(e.activity) ?? 0) + 1);
  return counts;
}

/** Replays every case of the log on the graph with a mapping (activities not mapped are left out). */
export function replayLog(graph: ProcessGraph, log: EventLog, mapping: Readonly<Record<string, string>>): ReplayResult {
  const replayer = new TokenReplayer(graph, new Set(Object.values(mapping)));
  for (const events of groupCases(log).values()) replayer.replay(events.flatMap((e) => (mapping[e.activity] ? [mapping[e.activity]!] : [])));
  return replayer.result();
}

const arrivalOf = (events: readonly LogEvent[]) => events.reduce((a, e) => Math.min(a, e.enabled ?? e.start ?? e.end), Infinity);
// Loops, not Math.min(...xs): a spread of a million events overflows the stack.
const lowest = (xs: Iterable<number>) => {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
};
const highest = (xs: Iterable<number>) => {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
};

/**
 * Fits a new scenario from the log on top of `base` (kept for what the log cannot tell: costs, calendars, targets).
 * Durations are fitted by maximum likelihood (fixed, exponential, normal, lognormal, gamma) and chosen by AIC;
 * arrivals are exponential at the observed rate; gateway probabilities come from the tokens the replay routed;
 * headcounts are the distinct resources per pool.
 */
export function calibrateScenario(graph: ProcessGraph, base: Scenario, log: EventLog, options: CalibrateOptions = {}): CalibrationResult {
  const issues: ModelIssue[] = [];
  const mapping = mapActivities(graph, activityCounts(log), options.mapping);
  for (const p of mapping.problems) issues.push({ code: 'calibrate.mapping', severity: 'warning', message: p.message });
  for (const a of mapping.unmappedActivities)
    issues.push({
      code: 'calibrate.activity.unmapped',
      severity: 'warning',
      message: `The log activity "${a.activity}" (${a.events} events) matches no task by name${a.suggestion ? `; perhaps "${a.suggestion.name}" (${a.suggestion.taskId})? Map it in a mapping file` : ''}.`,
      ...(a.suggestion ? { elementId: a.suggestion.taskId } : {}),
    });
  for (const t of mapping.unmappedTasks)
    issues.push({ code: 'calibrate.task.unmapped', severity: 'info', message: `No log activity maps to the task "${t.name ?? t.taskId}": its parameters stay as they were.`, elementId: t.taskId });
  const cases = groupCases(log);
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));

  // Tasks: processing times (or time since the previous event) and waiting.
  const samples = new Map<string, { durations: number[]; waits: number[]; activities: Set<string>; resources: Set<string> }>();
  for (const events of cases.values()) {
    const ends = events.map((e) => e.end).sort((a, b) => a - b);
    const arrival = arrivalOf(events);
    for (const e of events) {
      const taskId = mapping.mapping[e.activity];
      if (!taskId) continue;
      let s = samples.get(taskId);
      if (!s) samples.set(taskId, (s = { durations: [], waits: [], activities: new Set(), resources: new Set() }));
      s.activities.add(e.activity);
      if (e.resource) s.resources.add(e.resource);
      // The latest end at or before this event began: when it was probably enabled (parallel branches blur this).
      const began = e.start ?? e.end;
      let previous = arrival;
      for (const t of ends) if (t <= began && t > previous) previous = t;
      if (e.start !== undefined) {
        s.durations.push((e.end - e.start) / 1000);
        s.waits.push(Math.max(0, (e.start - (e.enabled ?? previous)) / 1000));
      } else s.durations.push(Math.max(0, (e.end - (e.enabled ?? previous)) / 1000));
    }
  }
  const tasks: TaskFit[] = [];
  const scenarioTasks: Scenario['tasks'] = { ...base.tasks };
  for (const [taskId, s] of samples) {
    const fit = fitDuration(s.durations);
    if (!fit) continue;
    const node = nodes.get(taskId);
    tasks.push({
      taskId,
      ...(node?.name ? { name: node.name } : {}),
      activities: [...s.activities],
      events: s.durations.length,
      measured: log.hasStartTimes ? 'processing' : 'since-previous',
      fit,
      meanWaiting: s.waits.length ? s.waits.reduce((a, b) => a + b, 0) / s.waits.length : null,
    });
    const previous = base.tasks[taskId];
    scenarioTasks[taskId] = { ...(previous ?? { fixedCost: 0, valueClass: 'businessValueAdding', substantiveResponse: false, automated: false }), duration: fit.distribution };
  }
  if (!log.hasStartTimes)
    issues.push({ code: 'calibrate.noStartTimes', severity: 'warning', message: 'The log has only completion times: task durations are measured from the previous event of the case, so they include waiting.' });

  // Arrivals: one stream of case arrivals, exponential at the observed rate.
  const arrivalTimes = [...cases.values()].map(arrivalOf).sort((a, b) => a - b);
  const gaps = arrivalTimes.slice(1).map((t, i) => (t - arrivalTimes[i]!) / 1000);
  const startIds = Object.keys(base.arrivals).length > 0 ? Object.keys(base.arrivals) : graph.nodes.filter((n) => n.kind === 'startEvent' && !n.parentId && n.incoming.length === 0 && n.eventDefinitions.length === 0).map((n) => n.id);
  const arrivals: ArrivalFit[] = [];
  const scenarioArrivals: Scenario['arrivals'] = { ...base.arrivals };
  const gapFit = fitDuration(gaps);
  if (gapFit && startIds.length > 0 && gapFit.sampleMean > 0) {
    const span = (arrivalTimes[arrivalTimes.length - 1]! - arrivalTimes[0]!) / 1000;
    const mean = span / (arrivalTimes.length - 1);
    const exponential = gapFit.candidates.find((c) => c.family === 'exponential') ?? { ...gapFit.chosen, family: 'exponential' as const };
    const interArrival = toDistribution({ family: 'exponential', mean, sd: mean });
    const startEventId = startIds[0]!;
    arrivals.push({ startEventId, cases: cases.size, ratePerHour: 3600 / mean, exponential, best: gapFit.chosen, interArrival });
    scenarioArrivals[startEventId] = { ...(base.arrivals[startEventId] ?? {}), interArrival };
    if (startIds.length > 1)
      issues.push({ code: 'calibrate.arrivals.oneStream', severity: 'info', message: `The log's arrivals were applied to the start event ${startEventId}; the model has ${startIds.length} start events.`, elementId: startEventId });
  } else issues.push({ code: 'calibrate.arrivals.none', severity: 'warning', message: 'Arrivals were not fitted: the log needs at least two cases with different start times and the model a none start event.' });

  // Routing: the replay's token counts on each split's outgoing flows.
  const conformance = replayLog(graph, log, mapping.mapping);
  const gateways: GatewayFit[] = [];
  const scenarioGateways: Scenario['gateways'] = { ...base.gateways };
  for (const node of graph.nodes) {
    if (!SPLITS.has(node.kind) || node.outgoing.length < 2) continue;
    const counts = node.outgoing.map((f) => conformance.flowCounts[f] ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    const entered = node.incoming.reduce((a, f) => a + (conformance.flowCounts[f] ?? 0), 0);
    const probabilities: Record<string, number> = {};
    // Exclusive: shares of the tokens; inclusive: each branch's own probability per pass through the gateway.
    const denominator = node.kind === 'exclusiveGateway' ? total : Math.max(entered, 1);
    node.outgoing.forEach((f, i) => (probabilities[f] = Number(Math.min(1, counts[i]! / denominator).toFixed(4))));
    if (node.kind === 'exclusiveGateway') {
      // Rounding must not break the sum-to-1 rule: the largest share takes the rest.
      const keys = Object.keys(probabilities);
      const largest = keys.reduce((a, b) => (probabilities[b]! > probabilities[a]! ? b : a));
      probabilities[largest] = Number((1 - keys.filter((k) => k !== largest).reduce((a, k) => a + probabilities[k]!, 0)).toFixed(4));
    }
    gateways.push({ gatewayId: node.id, ...(node.name ? { name: node.name } : {}), observations: total, probabilities });
    scenarioGateways[node.id] = { probabilities };
  }

  // Headcounts: distinct resources doing each pool's tasks.
  const laneParent = new Map(graph.lanes.map((l) => [l.id, l.parentLaneId]));
  const poolOf = (taskId: string): string | undefined => {
    const own = scenarioTasks[taskId]?.poolId;
    if (own) return own;
    for (let lane = nodes.get(taskId)?.laneId; lane !== undefined; lane = laneParent.get(lane)) {
      const pool = base.pools.find((p) => p.laneIds.includes(lane!));
      if (pool) return pool.id;
    }
    return undefined;
  };
  const poolResources = new Map<string, Set<string>>();
  for (const [taskId, s] of samples) {
    const pool = poolOf(taskId);
    if (!pool) continue;
    const set = poolResources.get(pool) ?? new Set<string>();
    for (const r of s.resources) set.add(r);
    poolResources.set(pool, set);
  }
  const pools: PoolFit[] = [];
  const scenarioPools = base.pools.map((p) => {
    const seen = poolResources.get(p.id);
    if (!seen || seen.size === 0) return p;
    pools.push({ poolId: p.id, name: p.name, previousHeadcount: p.headcount, headcount: seen.size, resources: [...seen].sort() });
    return { ...p, headcount: seen.size };
  });

  const ids = new Set(options.existingIds ?? []);
  let id = options.scenarioId ?? 'calibrated';
  for (let i = 2; ids.has(id); i++) id = `${options.scenarioId ?? 'calibrated'}-${i}`;
  const scenario: Scenario = {
    ...base,
    id,
    name: options.scenarioName ?? 'Calibrated from event log',
    description: `Fitted from an event log of ${cases.size} cases (${arrivalTimes.length ? new Date(arrivalTimes[0]!).toISOString().slice(0, 10) : ''} to ${new Date(highest(log.events.map((e) => e.end))).toISOString().slice(0, 10)}).`,
    tasks: scenarioTasks,
    arrivals: scenarioArrivals,
    gateways: scenarioGateways,
    pools: scenarioPools,
  };
  const cycle = [...cases.values()].map((ev) => (highest(ev.map((e) => e.end)) - lowest(ev.map((e) => e.start ?? e.end))) / 1000);
  const resources = new Set(log.events.flatMap((e) => (e.resource ? [e.resource] : [])));
  return {
    scenario,
    log: {
      cases: cases.size,
      events: log.events.length,
      activities: activityCounts(log).size,
      resources: resources.size,
      hasStartTimes: log.hasStartTimes,
      from: new Date(lowest(log.events.map((e) => e.start ?? e.end))).toISOString(),
      to: new Date(highest(log.events.map((e) => e.end))).toISOString(),
      meanCycleTime: cycle.reduce((a, b) => a + b, 0) / Math.max(1, cycle.length),
    },
    mapping,
    arrivals,
    tasks,
    gateways,
    pools,
    conformance,
    issues,
  };
}



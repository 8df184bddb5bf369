// Calibrating a scenario from an event log: arrivals, task durations, routing, headcounts, waiting vs processing.
import type { SimulationResult } from '@leanflow/sim';
import { durationToSeconds, isActivity, type Calendar, type Distribution, type ModelIssue, type ProcessGraph, type Scenario } from '@leanflow/model';
import { fitDuration, toDistribution, type DistributionFit, type FitCandidate } from './fit.ts';
import { mapActivities, normaliseName, type ActivityMapping, type MappingOverrides } from './mapping.ts';
import { fitArrivalProfile, fitWorkingHours, openHoursOfWeek, openSeconds, type ArrivalProfileFit, type WorkingHoursFit } from './weekly.ts';
import { groupCases } from './read.ts';
import { discoverResourcePools, type PoolsMode, type ResourcePoolDiscovery } from './pools.ts';
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
  /** The weekday x hour profile fitted to the arrivals; applied when `profile.weekly` (the log shows a weekly pattern). */
  readonly profile?: ArrivalProfileFit;
}

export interface TaskFit {
  readonly taskId: string;
  readonly name?: string;
  readonly activities: readonly string[];
  readonly events: number;
  /** Processing time (start to end) when the log has start times, else time since the case's previous event ended. */
  readonly measured: 'processing' | 'since-previous';
  readonly fit: DistributionFit;
  /** Mean waiting before the task started (from enabled times, else the case's previous end), seconds; in working time with a fitted calendar. */
  readonly meanWaiting: number | null;
  /** `working-time`: durations count only the open hours of the pool's fitted calendar (as the engine does). */
  readonly timeBasis?: 'wall-clock' | 'working-time';
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
  /**
   * Busy time of the pool's tasks (working time with a fitted calendar) / (headcount x open time of the pool's
   * calendar over the log's span): the log's utilisation, as the simulation counts it. Null without start times.
   */
  readonly utilisation?: number | null;
}

/** A log figure next to the calibrated scenario's simulated one. */
export interface ValidationRow {
  /** `cycleTime`, `cycleTime:p50`, `cycleTime:p90`, `firstResponse:withinTarget`, `firstResponse:mean`, `processingTime`, `waitingTime`, `utilisation`. */
  readonly kpi: string;
  readonly elementId?: string;
  readonly name?: string;
  readonly unit?: 'seconds' | 'share';
  readonly log: number;
  readonly simulated: number;
  /** (simulated - log) / log; Infinity when the log's figure is 0 and the simulated one is not. */
  readonly relativeError: number;
  /** simulated - log (seconds, or a share: percentage points / 100). */
  readonly absoluteError?: number;
}

/** Working hours fitted for a pool from its people's start and complete times. */
export interface CalendarFit {
  readonly poolId: string;
  readonly name: string;
  /** The scenario calendar made from the fit; absent when the pool works around the clock (nothing applied). */
  readonly calendarId?: string;
  readonly fit: WorkingHoursFit;
}

/** The log's first substantive response: arrival of the case to the first completion of the response activity. */
export interface FirstResponseFit {
  /** What was asked for (an activity, a task id or a task name). */
  readonly requested: string;
  /** The task flagged as the substantive response in the calibrated scenario (absent when none matches). */
  readonly taskId?: string;
  readonly name?: string;
  readonly activities: readonly string[];
  readonly cases: number;
  /** Cases with a response in the log. */
  readonly responded: number;
  /** The scenario's first-response target (`targets.firstResponseSla`), seconds. */
  readonly targetSeconds: number;
  /** Share of all cases answered within the target (never answered counts as late, as the simulation counts). */
  readonly withinTarget: number;
  /** Over answered cases, seconds; null when no case was answered. */
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
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
  /** Median and 90th percentile of the case durations, seconds. */
  readonly cycleTimeP50?: number;
  readonly cycleTimeP90?: number;
}

/** Which pools the calibrated scenario uses, and why (`--pools`). */
export interface PoolsChoice {
  /** What was asked for (`auto` by default). */
  readonly requested: PoolsMode;
  /** What was applied: `roles` and `single` add pools found in the log; `model` keeps the model's pools. */
  readonly applied: 'roles' | 'single' | 'model';
  readonly reason: string;
  /** The pools found in the log (absent when the log names no resources). */
  readonly discovery?: ResourcePoolDiscovery;
  /** Ids of the model's pools left out of the calibrated scenario because no task uses them any more. */
  readonly removedPoolIds: readonly string[];
}

export interface CalibrationResult {
  readonly scenario: Scenario;
  readonly log: LogSummary;
  readonly mapping: ActivityMapping;
  readonly arrivals: readonly ArrivalFit[];
  readonly tasks: readonly TaskFit[];
  readonly gateways: readonly GatewayFit[];
  readonly pools: readonly PoolFit[];
  /** Working hours per pool fitted from resource activity (pools whose tasks the log has). */
  readonly calendars: readonly CalendarFit[];
  /** Present when a first-response activity was named (option or mapping file). */
  readonly firstResponse?: FirstResponseFit;
  readonly conformance: ReplayResult;
  readonly issues: readonly ModelIssue[];
  /** The pool choice (present when the log names resources). */
  readonly poolsChoice?: PoolsChoice;
}

export interface CalibrateOptions {
  readonly mapping?: MappingOverrides;
  /** Id and name of the new scenario (made unique against `existingIds`). */
  readonly scenarioId?: string;
  readonly scenarioName?: string;
  readonly existingIds?: readonly string[];
  /** Time zone of weekday and hour for profiles and calendars (UTC by default): the team's local time. */
  readonly timeZone?: string;
  /** Fit and apply the weekly arrival profile and the pools' calendars (default true). */
  readonly weekly?: boolean;
  /** An hour is worked when it has this share of a busy hour's start/complete times (default 0.1). */
  readonly calendarBusyShare?: number;
  /** The first substantive response: a log activity, a task id or a task name. Its task is flagged in the scenario. */
  readonly firstResponse?: string;
  /**
   * Pools of the calibrated scenario: `roles` (pools found in the log: its role column, else resources clustered by
   * activity profile), `single` (one pool of all the log's resources), `model` (the model's pools, headcounts
   * refitted) or `auto` (default: `roles` when the log shows at least two pools that the model's pools do not match,
   * else `model`).
   */
  readonly pools?: PoolsMode;
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

/** Mean length in seconds of [from, to] pairs (flat), wall-clock or by a working-time measure. */
function meanSpan(pairs: readonly number[], measure?: (from: number, to: number) => number): number {
  let total = 0;
  for (let i = 0; i < pairs.length; i += 2) total += measure ? measure(pairs[i]!, pairs[i + 1]!) : (pairs[i + 1]! - pairs[i]!) / 1000;
  return total / (pairs.length / 2);
}

/** A quantile of sorted values (linear interpolation), null for none. */
export function quantileOf(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** The time a case arrived: its earliest enabled, start or end time. */
export const caseArrival = arrivalOf;

/**
 * Finds the task (and activities) of a first-response request: a log activity (exact, then by normalised name), a
 * task id, or a task name.
 */
export function resolveFirstResponse(graph: ProcessGraph, mapping: Readonly<Record<string, string>>, requested: string): { taskId?: string; activities: string[] } {
  const wanted = normaliseName(requested);
  const exact = Object.keys(mapping).filter((a) => a === requested);
  const byName = exact.length ? exact : Object.keys(mapping).filter((a) => normaliseName(a) === wanted);
  if (byName.length) return { taskId: mapping[byName[0]!]!, activities: Object.keys(mapping).filter((a) => mapping[a] === mapping[byName[0]!]) };
  const task = graph.nodes.find((n) => n.id === requested) ?? graph.nodes.find((n) => n.name !== undefined && normaliseName(n.name) === wanted);
  if (task) return { taskId: task.id, activities: Object.keys(mapping).filter((a) => mapping[a] === task.id) };
  return { activities: [] };
}

/** First-response times per case (seconds; NaN for a case never answered), in the order of `cases`. */
export function firstResponseTimes(cases: Iterable<readonly LogEvent[]>, activities: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (const events of cases) {
    let first = Infinity;
    for (const e of events) if (activities.has(e.activity) && e.end < first) first = e.end;
    out.push(first === Infinity ? NaN : (first - arrivalOf(events)) / 1000);
  }
  return out;
}

/** The pool a task uses, as the engine resolves it: the task's own, else its lane's or a parent lane's. */
function poolResolver(graph: ProcessGraph, scenario: Scenario): (taskId: string) => string | undefined {
  const laneParent = new Map(graph.lanes.map((l) => [l.id, l.parentLaneId]));
  const laneOf = new Map(graph.nodes.map((n) => [n.id, n.laneId]));
  return (taskId) => {
    const own = scenario.tasks[taskId]?.poolId;
    if (own && scenario.pools.some((p) => p.id === own)) return own;
    for (let lane = laneOf.get(taskId); lane !== undefined; lane = laneParent.get(lane)) {
      const pool = scenario.pools.find((p) => p.laneIds.includes(lane!));
      if (pool) return pool.id;
    }
    return undefined;
  };
}

/**
 * Decides the pools of the calibrated scenario (see `CalibrateOptions.pools`) and returns the base with the log's
 * pools added and the tasks pointed at them; `members` are the resources (headcount) of each added pool.
 */
function planPools(graph: ProcessGraph, base: Scenario, log: EventLog, mapping: Readonly<Record<string, string>>, requested: PoolsMode, issues: ModelIssue[]): { base: Scenario; members: Map<string, readonly string[]>; choice?: PoolsChoice } {
  const members = new Map<string, readonly string[]>();
  if (!log.events.some((e) => e.resource && mapping[e.activity])) {
    if (requested === 'roles' || requested === 'single')
      issues.push({ code: 'calibrate.pools.noResources', severity: 'warning', message: `--pools ${requested} needs a resource column in the log; the model's pools were kept.` });
    return { base, members };
  }
  const discovery = discoverResourcePools(log, mapping, { method: requested === 'single' ? 'single' : 'auto', existingIds: base.pools.map((p) => p.id) });
  const modelPool = poolResolver(graph, base);
  const human = Object.keys(discovery.taskPools).filter((t) => !base.tasks[t]?.automated);
  const used = discovery.pools.filter((p) => p.taskIds.some((t) => human.includes(t)));
  // The model matches the log when its pools split the tasks exactly as the log's pools do.
  const matches = (() => {
    const toModel = new Map<string, string | undefined>();
    const toLog = new Map<string | undefined, string>();
    for (const t of human) {
      const m = modelPool(t);
      const l = discovery.taskPools[t]!;
      if (m === undefined || (toModel.has(l) && toModel.get(l) !== m) || (toLog.has(m) && toLog.get(m) !== l)) return false;
      toModel.set(l, m);
      toLog.set(m, l);
    }
    return true;
  })();
  let applied: PoolsChoice['applied'];
  let reason: string;
  if (requested === 'model') [applied, reason] = ['model', 'asked for (--pools model)'];
  else if (requested === 'single') [applied, reason] = ['single', 'asked for (--pools single)'];
  else if (requested === 'roles') [applied, reason] = ['roles', 'asked for (--pools roles)'];
  else if (used.length < 2) [applied, reason] = ['model', `the log shows ${used.length} pool${used.length === 1 ? '' : 's'} of people for the mapped tasks (${discovery.method}), so the model's pools were kept`];
  else if (matches) [applied, reason] = ['model', `the model's pools split the tasks as the log's ${used.length} pools do (${discovery.method}), so they were kept`];
  else [applied, reason] = ['roles', `the log shows ${used.length} pools of people (${discovery.method}) that the model's ${base.pools.length} pool${base.pools.length === 1 ? '' : 's'} do not match`];
  if (applied === 'model') return { base, members, choice: { requested, applied, reason, discovery, removedPoolIds: [] } };

  // Add the log's pools (costs and calendar from the model pool their tasks used) and point the tasks at them.
  const tasks: Scenario['tasks'] = { ...base.tasks };
  const added = used.map((p) => {
    const mine = p.taskIds.filter((t) => human.includes(t));
    const previous = base.pools.find((m) => m.id === modelPool(mine[0]!));
    for (const t of mine) tasks[t] = { ...(tasks[t] ?? { fixedCost: 0, valueClass: 'businessValueAdding' as const, substantiveResponse: false, automated: false }), poolId: p.id };
    members.set(p.id, p.resources);
    return {
      id: p.id,
      name: p.name,
      headcount: p.resources.length,
      costPerHour: previous?.costPerHour ?? 0,
      ...(previous?.costModel ? { costModel: previous.costModel } : {}),
      ...(previous?.calendarId ? { calendarId: previous.calendarId } : {}),
      laneIds: [],
    };
  });
  // A model pool stays while some activity not reassigned (or a person) still uses it.
  const withTasks = { ...base, tasks };
  const stillUsed = poolResolver(graph, base);
  const moved = new Set(added.map((p) => p.id));
  const keep = new Set(graph.nodes.filter((n) => isActivity(n) && !tasks[n.id]?.automated && !moved.has(tasks[n.id]?.poolId ?? '')).map((n) => stillUsed(n.id)));
  for (const person of base.people ?? []) for (const id of person.poolIds) keep.add(id);
  const removedPoolIds = base.pools.filter((p) => !keep.has(p.id)).map((p) => p.id);
  const pools = [...base.pools.filter((p) => keep.has(p.id)), ...added];
  issues.push({
    code: 'calibrate.pools.roles',
    severity: 'info',
    message: `${added.length} pools found in the log (${discovery.method}): ${added.map((p) => `${p.name} (${p.headcount})`).join(', ')}; ${reason}.${removedPoolIds.length ? ` No task uses ${removedPoolIds.join(', ')} any more; left out of the calibrated scenario.` : ''}`,
  });
  for (const t of human)
    if ((discovery.taskCoverage[t] ?? 1) < 0.9)
      issues.push({ code: 'calibrate.pools.shared', severity: 'info', message: `Only ${Math.round(discovery.taskCoverage[t]! * 100)} % of the events of ${graph.nodes.find((n) => n.id === t)?.name ?? t} are done by its pool's people; others help out.`, elementId: t });
  return { base: { ...withTasks, pools }, members, choice: { requested, applied, reason, discovery, removedPoolIds } };
}

/**
 * Fits a new scenario from the log on top of `base` (kept for what the log cannot tell: costs, targets).
 * Durations are fitted by maximum likelihood (fixed, exponential, normal, lognormal, gamma) and chosen by AIC;
 * arrivals are exponential at the observed rate, with a weekday x hour profile when the log shows a weekly pattern;
 * pools get working hours fitted from their people's activity (durations then count working time only); gateway
 * probabilities come from the tokens the replay routed; headcounts are the distinct resources per pool.
 */
export function calibrateScenario(graph: ProcessGraph, baseScenario: Scenario, log: EventLog, options: CalibrateOptions = {}): CalibrationResult {
  const issues: ModelIssue[] = [];
  const mapping = mapActivities(graph, activityCounts(log), options.mapping);
  // Pools first: working hours, durations in working time and headcounts are fitted per pool.
  const plan = planPools(graph, baseScenario, log, mapping.mapping, options.pools ?? 'auto', issues);
  const base = plan.base;
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
  const timeZone = options.timeZone ?? 'UTC';
  const weekly = options.weekly !== false;

  // Tasks: the span each duration covers (start to end, or previous end to end) and waiting.
  const samples = new Map<string, { spans: number[]; waits: number[]; activities: Set<string>; resources: Set<string>; stamps: number[] }>();
  for (const events of cases.values()) {
    const ends = events.map((e) => e.end).sort((a, b) => a - b);
    const arrival = arrivalOf(events);
    for (const e of events) {
      const taskId = mapping.mapping[e.activity];
      if (!taskId) continue;
      let s = samples.get(taskId);
      if (!s) samples.set(taskId, (s = { spans: [], waits: [], activities: new Set(), resources: new Set(), stamps: [] }));
      s.activities.add(e.activity);
      if (e.resource) s.resources.add(e.resource);
      // The latest end at or before this event began: when it was probably enabled (parallel branches blur this).
      const began = e.start ?? e.end;
      let previous = arrival;
      for (const t of ends) if (t <= began && t > previous) previous = t;
      if (e.start !== undefined) {
        s.spans.push(e.start, e.end);
        s.waits.push(Math.min(e.start, e.enabled ?? previous), e.start);
        s.stamps.push(e.start, e.end);
      } else {
        s.spans.push(Math.min(e.end, e.enabled ?? previous), e.end);
        s.stamps.push(e.end);
      }
    }
  }

  // Pools: the pool of each task, as the engine resolves it (task, else lane or a parent lane).
  const poolOf = poolResolver(graph, base);

  // Calendars: working hours per pool from its people's start and complete times.
  const calendars: CalendarFit[] = [];
  const scenarioCalendars: Calendar[] = [...base.calendars];
  const poolCalendar = new Map<string, { id: string; open: boolean[] }>();
  if (weekly) {
    const stamps = new Map<string, number[]>();
    for (const [taskId, s] of samples) {
      const pool = poolOf(taskId);
      if (!pool || base.tasks[taskId]?.automated) continue;
      const list = stamps.get(pool) ?? [];
      for (const t of s.stamps) list.push(t);
      stamps.set(pool, list);
    }
    const calendarIds = new Set(base.calendars.map((c) => c.id));
    for (const pool of base.pools) {
      const times = stamps.get(pool.id);
      if (!times || times.length === 0 || pool.shifts) continue;
      const fit = fitWorkingHours(times, timeZone, options.calendarBusyShare ?? 0.1);
      if (fit.alwaysOpen) {
        calendars.push({ poolId: pool.id, name: pool.name, fit });
        continue;
      }
      let id = `log-hours-${pool.id}`;
      for (let i = 2; calendarIds.has(id); i++) id = `log-hours-${pool.id}-${i}`;
      calendarIds.add(id);
      scenarioCalendars.push({ id, name: `${pool.name} hours (from the log)`, timeZone, hours: [...fit.hours], holidays: [] });
      poolCalendar.set(pool.id, { id, open: openHoursOfWeek(fit.hours) });
      calendars.push({ poolId: pool.id, name: pool.name, calendarId: id, fit });
    }
  }

  const tasks: TaskFit[] = [];
  const scenarioTasks: Scenario['tasks'] = { ...base.tasks };
  const zoneCache = new Map<number, number>();
  for (const [taskId, s] of samples) {
    // With a fitted calendar the engine pauses work outside it, so the durations count working time only.
    const pool = poolOf(taskId);
    const calendar = pool && !base.tasks[taskId]?.automated ? poolCalendar.get(pool) : undefined;
    const durations: number[] = [];
    for (let i = 0; i < s.spans.length; i += 2)
      durations.push(calendar ? openSeconds(s.spans[i]!, s.spans[i + 1]!, calendar.open, timeZone, zoneCache) : Math.max(0, (s.spans[i + 1]! - s.spans[i]!) / 1000));
    const fit = fitDuration(durations);
    if (!fit) continue;
    const node = nodes.get(taskId);
    tasks.push({
      taskId,
      ...(node?.name ? { name: node.name } : {}),
      activities: [...s.activities],
      events: durations.length,
      measured: log.hasStartTimes ? 'processing' : 'since-previous',
      fit,
      meanWaiting: s.waits.length ? meanSpan(s.waits, calendar ? (from, to) => openSeconds(from, to, calendar.open, timeZone, zoneCache) : undefined) : null,
      timeBasis: calendar ? 'working-time' : 'wall-clock',
    });
    const previous = base.tasks[taskId];
    scenarioTasks[taskId] = { ...(previous ?? { fixedCost: 0, valueClass: 'businessValueAdding', substantiveResponse: false, automated: false }), duration: fit.distribution };
  }
  if (!log.hasStartTimes)
    issues.push({ code: 'calibrate.noStartTimes', severity: 'warning', message: 'The log has only completion times: task durations are measured from the previous event of the case, so they include waiting.' });

  // Arrivals: one stream of case arrivals, exponential at the observed rate, with a weekly profile when the log has one.
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
    const profile = weekly ? fitArrivalProfile(arrivalTimes, timeZone) : undefined;
    arrivals.push({ startEventId, cases: cases.size, ratePerHour: 3600 / mean, exponential, best: gapFit.chosen, interArrival, ...(profile ? { profile } : {}) });
    const { profile: _previousProfile, ...previous } = base.arrivals[startEventId] ?? { interArrival };
    scenarioArrivals[startEventId] = { ...previous, interArrival, ...(profile?.weekly ? { profile: profile.profile } : {}) };
    if (profile?.weekly)
      issues.push({ code: 'calibrate.arrivals.weekly', severity: 'info', message: `The arrivals follow the week (chi-square ${profile.test.statistic.toFixed(0)}, p ${profile.test.pValue.toExponential(1)}): a weekday x hour profile of ${profile.profile.periods.length} periods was applied.`, elementId: startEventId });
    if (startIds.length > 1)
      issues.push({ code: 'calibrate.arrivals.oneStream', severity: 'info', message: `The log's arrivals were applied to the start event ${startEventId}; the model has ${startIds.length} start events.`, elementId: startEventId });
  } else issues.push({ code: 'calibrate.arrivals.none', severity: 'warning', message: 'Arrivals were not fitted: the log needs at least two cases with different start times and the model a none start event.' });

  // First response: arrival to the first completion of the named activity; its task is the one flagged.
  let firstResponse: FirstResponseFit | undefined;
  if (options.firstResponse !== undefined) {
    const requested = options.firstResponse;
    const resolved = resolveFirstResponse(graph, mapping.mapping, requested);
    const activities = new Set(resolved.activities.length ? resolved.activities : activityCounts(log).has(requested) ? [requested] : []);
    const times = firstResponseTimes(cases.values(), activities);
    const answered = times.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
    const targetSeconds = durationToSeconds(base.targets.firstResponseSla);
    const node = resolved.taskId ? nodes.get(resolved.taskId) : undefined;
    firstResponse = {
      requested,
      ...(resolved.taskId ? { taskId: resolved.taskId } : {}),
      ...(node?.name ? { name: node.name } : {}),
      activities: [...activities],
      cases: times.length,
      responded: answered.length,
      targetSeconds,
      withinTarget: times.length ? answered.filter((t) => t <= targetSeconds).length / times.length : 0,
      mean: answered.length ? answered.reduce((a, b) => a + b, 0) / answered.length : null,
      p50: quantileOf(answered, 0.5),
      p90: quantileOf(answered, 0.9),
    };
    if (activities.size === 0)
      issues.push({ code: 'calibrate.firstResponse.unknown', severity: 'warning', message: `The first response "${requested}" is no activity of the log and no task of the model: name a log activity or a task.` });
    else if (!resolved.taskId)
      issues.push({ code: 'calibrate.firstResponse.unmapped', severity: 'warning', message: `The first-response activity "${requested}" maps to no task, so no task was flagged: map it in the mapping file.` });
    else {
      // Only this task ends the first response in the calibrated scenario, as in the log.
      for (const [id, t] of Object.entries(scenarioTasks)) if (t.substantiveResponse && id !== resolved.taskId) scenarioTasks[id] = { ...t, substantiveResponse: false };
      const own = scenarioTasks[resolved.taskId] ?? { fixedCost: 0, valueClass: 'businessValueAdding' as const, substantiveResponse: false, automated: false };
      scenarioTasks[resolved.taskId] = { ...own, substantiveResponse: true };
      if (answered.length < times.length)
        issues.push({ code: 'calibrate.firstResponse.missing', severity: 'info', message: `${times.length - answered.length} of ${times.length} cases of the log never reach "${requested}".`, elementId: resolved.taskId });
    }
  }

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
  const poolResources = new Map<string, Set<string>>();
  for (const [taskId, s] of samples) {
    const pool = poolOf(taskId);
    if (!pool) continue;
    const set = poolResources.get(pool) ?? new Set<string>();
    for (const r of s.resources) set.add(r);
    poolResources.set(pool, set);
  }
  // A pool found in the log is its own people, not everyone who helped with its tasks.
  for (const [pool, people] of plan.members) poolResources.set(pool, new Set(people));
  const poolBusy = new Map<string, number>();
  if (log.hasStartTimes)
    for (const t of tasks) {
      const pool = poolOf(t.taskId);
      if (pool && !base.tasks[t.taskId]?.automated) poolBusy.set(pool, (poolBusy.get(pool) ?? 0) + t.fit.sampleMean * t.fit.samples);
    }
  const logFrom = lowest(log.events.map((e) => e.start ?? e.end));
  const logTo = highest(log.events.map((e) => e.end));
  const pools: PoolFit[] = [];
  const scenarioPools = base.pools.map((p) => {
    const seen = poolResources.get(p.id);
    const calendar = poolCalendar.get(p.id);
    const withCalendar = calendar ? { ...p, calendarId: calendar.id } : p;
    if (!seen || seen.size === 0) return withCalendar;
    const open = calendar ? openSeconds(logFrom, logTo, calendar.open, timeZone, zoneCache) : (logTo - logFrom) / 1000;
    const busy = poolBusy.get(p.id);
    const utilisation = busy === undefined || open <= 0 ? null : busy / (seen.size * open);
    pools.push({ poolId: p.id, name: p.name, previousHeadcount: plan.members.has(p.id) ? 0 : p.headcount, headcount: seen.size, resources: [...seen].sort(), utilisation });
    return { ...withCalendar, headcount: seen.size };
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
    calendars: scenarioCalendars,
  };
  const cycle = [...cases.values()].map((ev) => (highest(ev.map((e) => e.end)) - lowest(ev.map((e) => e.start ?? e.end))) / 1000);
  const sortedCycle = [...cycle].sort((a, b) => a - b);
  const resources = new Set(log.events.flatMap((e) => (e.resource ? [e.resource] : [])));
  return {
    scenario,
    log: {
      cases: cases.size,
      events: log.events.length,
      activities: activityCounts(log).size,
      resources: resources.size,
      hasStartTimes: log.hasStartTimes,
      from: new Date(logFrom).toISOString(),
      to: new Date(logTo).toISOString(),
      meanCycleTime: cycle.reduce((a, b) => a + b, 0) / Math.max(1, cycle.length),
      cycleTimeP50: quantileOf(sortedCycle, 0.5) ?? 0,
      cycleTimeP90: quantileOf(sortedCycle, 0.9) ?? 0,
    },
    mapping,
    arrivals,
    tasks,
    gateways,
    pools,
    calendars,
    ...(firstResponse ? { firstResponse } : {}),
    conformance,
    issues,
    ...(plan.choice ? { poolsChoice: plan.choice } : {}),
  };
}

/**
 * The log's KPIs next to the calibrated scenario's simulated ones, each with its error: cycle time (mean, p50, p90),
 * first response (share within target, mean; when a first-response activity was named), processing and waiting time
 * per task, utilisation per pool (logs with start times).
 *
 * @example
 * const outcome = await simulate(graph, result.scenario, { cases: 2000, replications: 3 });
 * if (outcome.ok) validateCalibration(result, outcome); // [{ kpi: 'cycleTime', log: 44928, simulated: 34560, relativeError: -0.231 }, ...]
 */
export function validateCalibration(result: CalibrationResult, simulation: SimulationResult): ValidationRow[] {
  const row = (kpi: string, unit: 'seconds' | 'share', log: number, simulated: number, elementId?: string, name?: string): ValidationRow => ({
    kpi,
    ...(elementId ? { elementId } : {}),
    ...(name ? { name } : {}),
    unit,
    log,
    simulated,
    relativeError: log === 0 ? (simulated === 0 ? 0 : Infinity) : (simulated - log) / log,
    absoluteError: simulated - log,
  });
  const k = simulation.kpis;
  const rows = [row('cycleTime', 'seconds', result.log.meanCycleTime, k.cycleTime.mean)];
  if (result.log.cycleTimeP50 !== undefined) rows.push(row('cycleTime:p50', 'seconds', result.log.cycleTimeP50, k.cycleTime.p50));
  if (result.log.cycleTimeP90 !== undefined) rows.push(row('cycleTime:p90', 'seconds', result.log.cycleTimeP90, k.cycleTime.p90));
  const fr = result.firstResponse;
  if (fr?.taskId && k.firstResponseTime.flagged) {
    if (k.firstResponseTime.withinSla !== null) rows.push(row('firstResponse:withinTarget', 'share', fr.withinTarget, k.firstResponseTime.withinSla, fr.taskId, fr.name));
    if (fr.mean !== null && k.firstResponseTime.mean !== null) rows.push(row('firstResponse:mean', 'seconds', fr.mean, k.firstResponseTime.mean, fr.taskId, fr.name));
  }
  for (const t of result.tasks) {
    const sim = simulation.tasks.find((s) => s.id === t.taskId);
    if (!sim) continue;
    rows.push(row('processingTime', 'seconds', t.fit.sampleMean, sim.processingTime.mean, t.taskId, t.name));
    if (t.meanWaiting !== null && t.measured === 'processing') rows.push(row('waitingTime', 'seconds', t.meanWaiting, sim.waitingTime.mean, t.taskId, t.name));
  }
  for (const p of result.pools) {
    const sim = simulation.pools.find((s) => s.id === p.poolId);
    if (sim && p.utilisation !== undefined && p.utilisation !== null) rows.push(row('utilisation', 'share', p.utilisation, sim.utilisation, p.poolId, p.name));
  }
  return rows;
}

// Offered load per resource pool, before simulating: the work the arrivals demand in a week against the hours the
// pool's people are there. At 1 or more no staffing plan works out: the queue grows without bound, whatever the
// simulation's averages say. The Simulation view, the Scorecard and `leanflow simulate` warn with it.
import type { ModelIssue, ProcessGraph, Scenario } from '@leanflow/model';
import { compileModel, poolCapacitySeconds } from '@leanflow/sim';
import { computeVisitCounts, createGraphIndex } from './graph-analysis.ts';

const WEEK = 7 * 86400;
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_LABELS: Record<(typeof DAY_NAMES)[number], string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** The offered load of one pool. */
export interface PoolOfferedLoad {
  readonly poolId: string;
  readonly poolName: string;
  readonly headcount: number;
  /** Lanes the pool staffs (the warning points at the first). */
  readonly laneIds: readonly string[];
  /**
   * Work demanded / capacity in the pool's working hours: (arrivals per week x expected work per case for this pool,
   * from durations x visit probabilities) / (headcount x open hours per week). 1 or more: overloaded.
   */
  readonly offeredLoad: number;
  /** Hours of work the arrivals bring per week, and the person-hours the pool is open per week. */
  readonly workHoursPerWeek: number;
  readonly capacityHoursPerWeek: number;
  /** The calendar window the load is measured in, e.g. "Mon–Fri 09:00–17:00 (Europe/Berlin)" or "around the clock". */
  readonly window: string;
  readonly overloaded: boolean;
}

type CompiledArrival = ReturnType<typeof compileModel>['model']['arrivals'][number];

/** Cases a start event brings in a week: open hours of its arrival calendar / mean inter-arrival time. */
function weeklyCases(model: ReturnType<typeof compileModel>['model'], arrival: CompiledArrival): number {
  // A weekly arrival profile says the cases per week itself (its rate is per second).
  if (arrival.profile) return arrival.profile.weeklyTotal;
  // A timer start's cycle: one case a period (bounded by its repetitions); a single date brings no weekly load.
  if (arrival.timer) return arrival.timer.period > 0 ? Math.min(arrival.cases ?? Infinity, WEEK / arrival.timer.period) : 0;
  const gap = model.sources[arrival.source]?.sampler?.mean ?? 0;
  if (!(gap > 0)) return 0;
  const openPerWeek = arrival.calendar ? arrival.calendar.openSeconds(model.warmUpSeconds, model.warmUpSeconds + WEEK) : WEEK;
  return openPerWeek / gap;
}

/**
 * Cases that arrive in a week, over all start events with arrivals (the volume `computeOfferedLoad` works from).
 *
 * @example
 * arrivalsPerWeek(graph, scenario); // 240 for one lead every 10 minutes, Mon–Fri 9–17
 */
export function arrivalsPerWeek(graph: ProcessGraph, scenario: Scenario): number {
  const { model } = compileModel(graph, scenario);
  return model.arrivals.reduce((sum, arrival) => sum + weeklyCases(model, arrival), 0);
}

/** Writes a calendar's working hours in words: consecutive days joined ("Mon–Fri 09:00–17:00"). */
export function describeWorkingHours(calendar: Scenario['calendars'][number] | undefined): string {
  if (!calendar || calendar.hours.length === 0) return 'around the clock';
  const blocks = calendar.hours.map((h) => {
    const days = DAY_NAMES.filter((d) => h.days.includes(d));
    const runs: string[] = [];
    for (let i = 0; i < days.length; ) {
      let j = i;
      while (j + 1 < days.length && DAY_NAMES.indexOf(days[j + 1]!) === DAY_NAMES.indexOf(days[j]!) + 1) j++;
      runs.push(j > i ? `${DAY_LABELS[days[i]!]}–${DAY_LABELS[days[j]!]}` : DAY_LABELS[days[i]!]);
      i = j + 1;
    }
    return `${runs.join(', ')} ${h.from}–${h.to}`;
  });
  return `${blocks.join('; ')}${calendar.timeZone && calendar.timeZone !== 'UTC' ? ` (${calendar.timeZone})` : ''}`;
}

/**
 * The offered load of every resource pool, computed from the model and scenario alone (no simulation): usable in
 * the Properties, the Scorecard and before a run. Each start event with arrivals brings its cases at its rate (open
 * hours of its arrival calendar / mean inter-arrival time per week); each task's mean duration counts as often as a
 * case visits it (branch probabilities, rework loops, loop and instance counts); with case types, each type's own
 * branch probabilities and durations, weighted by its share.
 *
 * @example
 * computeOfferedLoad(graph, scenario).filter((p) => p.overloaded).map((p) => p.poolName);
 */
export function computeOfferedLoad(graph: ProcessGraph, scenario: Scenario): PoolOfferedLoad[] {
  const { model } = compileModel(graph, scenario);
  const work = new Float64Array(model.pools.length); // seconds per week
  // Each case type reaches the tasks by its own branch probabilities and works them for its own durations: the
  // expected work is the share-weighted sum over the types of visits x duration (not visits of the scenario's
  // branches x the mean duration).
  const given = scenario.caseTypes ?? [];
  const typeScenarios = given.length === 0 ? [scenario] : given.map((type) => (type.gateways ? { ...scenario, gateways: { ...scenario.gateways, ...type.gateways } } : scenario));
  const indexes = typeScenarios.map((s) => createGraphIndex(graph, s));
  const total = model.caseTypes.reduce((a, t) => a + t.share, 0);
  for (const arrival of model.arrivals) {
    const casesPerWeek = weeklyCases(model, arrival);
    if (!(casesPerWeek > 0)) continue;
    const entries = new Map([[model.nodeIds[arrival.node]!, 1]]);
    model.caseTypes.forEach((type, j) => {
      const share = model.caseTypes.length === 1 ? 1 : total > 0 ? type.share / total : 1 / model.caseTypes.length;
      if (!(share > 0)) return;
      const visits = computeVisitCounts(graph, typeScenarios[j], { ...indexes[j]!, entries }).visits;
      for (let n = 0; n < model.nodeCount; n++) {
        const p = model.pool[n]!;
        if (p < 0 || !model.isTask[n]) continue;
        const duration = model.sources[model.typeDelaySource[j * model.nodeCount + n]!]?.sampler?.mean ?? 0;
        const loops = model.loopKind[n] === 0 ? 1 : model.instanceCount[n]! > 0 ? model.instanceCount[n]! : Math.max(1, Math.round(model.sources[model.choiceSource[n]!]?.sampler?.mean ?? 1));
        work[p] += share * casesPerWeek * (visits.get(model.nodeIds[n]!) ?? 0) * loops * duration;
      }
    });
  }
  return model.pools.map((pool, p) => {
    // Person-seconds a week: headcount x open time, or the shift plan's integral.
    const capacity = poolCapacitySeconds(pool, model.warmUpSeconds, model.warmUpSeconds + WEEK);
    const offeredLoad = capacity > 0 ? work[p]! / capacity : work[p]! > 0 ? Infinity : 0;
    const defined = scenario.pools.find((x) => x.id === pool.id);
    const calendarId = defined?.calendarId;
    return {
      poolId: pool.id,
      poolName: pool.name,
      headcount: pool.headcount,
      laneIds: defined?.laneIds ?? [],
      offeredLoad,
      workHoursPerWeek: work[p]! / 3600,
      capacityHoursPerWeek: capacity / 3600,
      window: pool.shifts ? `shifts, up to ${pool.headcount} at once` : describeWorkingHours(scenario.calendars.find((c) => c.id === calendarId)),
      overloaded: offeredLoad >= 1,
    };
  });
}

/** The words of the overload warning, naming the pool and its window. */
export function overloadMessage(load: Pick<PoolOfferedLoad, 'poolName' | 'offeredLoad' | 'window' | 'workHoursPerWeek' | 'capacityHoursPerWeek' | 'headcount'>): string {
  const percent = Number.isFinite(load.offeredLoad) ? `${Math.round(load.offeredLoad * 100)}%` : 'infinite';
  return `"${load.poolName}" is overloaded: the queue grows without bound at this staffing. In its working hours (${load.window}) it gets ${load.workHoursPerWeek.toFixed(1)} h of work a week for ${load.capacityHoursPerWeek.toFixed(1)} person-hours (${load.headcount} ${load.headcount === 1 ? 'person' : 'people'}): offered load ${percent}. Add people, cut the work per case, or take fewer cases.`;
}

/**
 * Overload warnings (`sim.pool.overloaded`, severity warning) for pools whose offered load is 1 or more, or whose
 * queue grew over the simulated arrival window (`queueGrowing` from a run).
 *
 * @example
 * const warnings = overloadWarnings(computeOfferedLoad(graph, scenario));
 */
export function overloadWarnings(loads: readonly PoolOfferedLoad[], queueGrowing: ReadonlySet<string> = new Set()): ModelIssue[] {
  return loads
    // A pool with nobody (headcount 0) and work is the validation error `pool.unstaffed`, not an overload.
    .filter((l) => l.headcount > 0 && (l.overloaded || queueGrowing.has(l.poolId)))
    .map((l) => ({
      code: 'sim.pool.overloaded',
      severity: 'warning' as const,
      message: l.overloaded
        ? overloadMessage(l)
        : `"${l.poolName}" is overloaded: its queue kept growing while cases arrived (offered load ${Math.round(l.offeredLoad * 100)}% in its working hours, ${l.window}). The averages understate the waiting; add people or cut the work per case.`,
      ...(l.laneIds[0] !== undefined ? { elementId: l.laneIds[0] } : {}),
    }));
}

// The staffing optimiser: the cheapest headcount per pool that meets a service target, and the Pareto front of
// cost against service. Queueing approximations bound the search (below: pools that cannot keep up; above: pools
// where one more person hardly matters); simulation with common random numbers decides, and a point is only called
// better than another when the paired replication differences say so (95% interval). See docs/optimise.md.
import { type ProcessGraph, type Scenario } from '@leanflow/model';
import { simulateSync } from '@leanflow/sim';
import { formatMoney } from '../money.ts';
import { arrivalsPerWeek, computeOfferedLoad } from '../offered-load.ts';
import { estimateKpi, pairedDifference } from '../variants/statistics.ts';
import { minimumStableHeadcount, saturationHeadcount } from './queueing.ts';
import { describeStaffingTarget, type StaffingTarget } from './target.ts';

/** What one simulated staffing gave, replication by replication (same seeds for every staffing). */
export interface StaffingEvaluation {
  /** Headcount per scenario pool, in `scenario.pools` order. */
  readonly headcounts: readonly number[];
  /** Share of counted cases that met the target's time, per replication. */
  readonly withinTarget: readonly number[];
  /** Share answered within the target's (or the scenario's) first-response time; null when no task is flagged. */
  readonly firstResponseWithinSla: readonly number[] | null;
  /** Mean cycle time per replication, seconds. */
  readonly cycleTime: readonly number[];
  /** Fixed task costs per counted case (mean over replications). */
  readonly fixedCostPerCase: number;
  /** Why the run could not start, when it could not. */
  readonly error?: string;
}

/** Simulates many staffings, e.g. spread over worker threads. Must return one evaluation per staffing, in order. */
export type StaffingEvaluator = (staffings: readonly (readonly number[])[]) => Promise<readonly StaffingEvaluation[]>;

/**
 * One evaluator over several runners (worker threads, Web Workers): the staffings are dealt out in turn, so cheap and
 * dear ones spread evenly, and the answers come back in the order asked. A runner that rejects fails the batch.
 *
 * @example
 * const evaluate = spreadEvaluations(workers.map((w) => (part) => w.evaluate(part)));
 */
export function spreadEvaluations(runners: readonly ((staffings: readonly (readonly number[])[]) => Promise<readonly StaffingEvaluation[]>)[]): StaffingEvaluator {
  const n = runners.length;
  return async (staffings) => {
    const parts = runners.map((_, w) => staffings.filter((__, i) => i % n === w));
    const lists = await Promise.all(parts.map((part, w) => (part.length > 0 ? runners[w]!(part) : Promise.resolve([]))));
    return staffings.map((_, i) => lists[i % n]![Math.floor(i / n)]!);
  };
}

export interface StaffingRunOptions {
  readonly cases?: number;
  readonly replications?: number;
  readonly seed?: number;
}

/** The scenario with other headcounts, its targets set to the one the search aims for. */
export function scenarioWithStaffing(scenario: Scenario, headcounts: readonly number[], target: StaffingTarget): Scenario {
  const targets =
    target.kpi === 'first-response'
      ? { ...scenario.targets, firstResponseSla: { value: target.withinSeconds, unit: 's' as const } }
      : { ...scenario.targets, resolutionSla: { value: target.withinSeconds, unit: 's' as const } };
  return { ...scenario, targets, pools: scenario.pools.map((pool, i) => ({ ...pool, headcount: headcounts[i] ?? pool.headcount })) };
}

/**
 * Simulates one staffing in this thread. The seed and replications are the same for every staffing, so the
 * staffings share their random numbers (common random numbers) and their differences are paired.
 */
export function evaluateStaffing(graph: ProcessGraph, scenario: Scenario, target: StaffingTarget, headcounts: readonly number[], options: StaffingRunOptions = {}): StaffingEvaluation {
  const outcome = simulateSync(graph, scenarioWithStaffing(scenario, headcounts, target), options);
  if (!outcome.ok) {
    const error = outcome.issues.find((i) => i.severity === 'error')?.message ?? 'The simulation could not start.';
    return { headcounts, withinTarget: [], firstResponseWithinSla: null, cycleTime: [], fixedCostPerCase: 0, error };
  }
  const flagged = outcome.kpis.firstResponseTime.flagged;
  const replications = outcome.perReplication;
  const fixed = scenario.tasks;
  const counted = replications.reduce((a, r) => a + r.cases, 0) / Math.max(1, replications.length);
  const fixedCostPerCase = counted > 0 ? outcome.tasks.reduce((sum, task) => sum + task.count * (fixed[task.id]?.fixedCost ?? 0), 0) / counted : 0;
  return {
    headcounts,
    withinTarget: replications.map((r) => (target.kpi === 'first-response' ? (flagged ? r.firstResponseTime.withinSla : NaN) : r.cycleTime.withinResolutionSla)),
    firstResponseWithinSla: flagged ? replications.map((r) => r.firstResponseTime.withinSla) : null,
    cycleTime: replications.map((r) => r.cycleTime.mean),
    fixedCostPerCase,
  };
}

/** One staffing on the result: the JSON shape `leanflow optimise` prints. */
export interface StaffingPoint {
  /** Pool name -> headcount (pool id where two pools share a name). */
  readonly staffing: Readonly<Record<string, number>>;
  /** Pool id -> headcount. */
  readonly headcounts: Readonly<Record<string, number>>;
  /** Staffing cost (everyone paid for their calendar's open hours) plus fixed task costs, per case and per week. */
  readonly costPerCase: number;
  readonly costPerWeek: number;
  /** People in all pools. */
  readonly people: number;
  /** Share of cases answered within the first-response time (mean over replications); null when no task is flagged. */
  readonly firstResponseWithinSla: number | null;
  readonly firstResponseWithinSlaCi95: readonly [number, number] | null;
  /** Mean cycle time, seconds. */
  readonly cycleTime: number;
  readonly cycleTimeCi95: readonly [number, number] | null;
  /** Share of cases meeting the target (the same as one of the two above, for the target's KPI). */
  readonly withinTarget: number | null;
  readonly withinTargetCi95: readonly [number, number] | null;
  readonly meetsTarget: boolean;
  /** Not dominated by any other evaluated staffing (see `dominates`). */
  readonly onFront: boolean;
}

export interface StaffingPoolBounds {
  readonly id: string;
  readonly name: string;
  readonly current: number;
  /** The range searched; equal when the pool has no work (it keeps its headcount). */
  readonly min: number;
  readonly max: number;
  /** Work the arrivals bring, in people kept busy during the pool's open hours (Erlangs). */
  readonly offeredLoad: number;
  readonly costPerHour: number;
  /** Open hours of one person's calendar per week. */
  readonly paidHoursPerWeek: number;
  /** The current headcount cannot keep up (offered load per person at or above 1). */
  readonly overloadedNow: boolean;
  /** The pool has no work in this process, or a shift plan: it keeps its staffing and is not searched. */
  readonly keepsHeadcount: boolean;
  /** The pool is staffed by a shift plan (headcount by weekday and hour), which the search does not vary yet. */
  readonly shiftPlan?: true;
}

/** The structured form of a staffing optimisation's `reason` (shares 0..1, costs per week in `costUnit`). */
export type StaffingReasonParts =
  | { readonly code: 'no-first-response' }
  | { readonly code: 'cannot-keep-up'; readonly maxHeadcount: number | null; readonly budget: number | null; readonly pools: readonly { readonly name: string; readonly minimum: number }[] }
  | { readonly code: 'not-reached'; readonly maxHeadcount: number | null; readonly budget: number | null; readonly bestShare: number | null; readonly bestStaffing: Readonly<Record<string, number>> | null; readonly saturated: boolean }
  | { readonly code: 'already-cheapest'; readonly share: number | null; readonly ci95: readonly [number, number] | null; readonly uncertain: boolean }
  | {
      readonly code: 'recommended';
      readonly staffing: Readonly<Record<string, number>>;
      readonly share: number | null;
      readonly ci95: readonly [number, number] | null;
      /** Compared with today's share within the target (a significant difference, or about the same). */
      readonly versusToday: 'better' | 'worse' | 'same';
      readonly todayShare: number | null;
      readonly costPerWeek: number;
      readonly todayCostPerWeek: number;
      /** Today's people minus the recommended people (for `costUnit: 'people'`). */
      readonly fewerPeople: number;
      readonly uncertain: boolean;
    };

export interface StaffingOptimisation {
  readonly target: StaffingTarget & { readonly description: string };
  readonly current: StaffingPoint;
  /** The current staffing is not dominated: no staffing found is cheaper without being demonstrably worse. */
  readonly currentOnFront: boolean;
  /** Non-dominated staffings, cheapest first. */
  readonly front: readonly StaffingPoint[];
  /** The cheapest staffing found that meets the target (within the budget), or null. */
  readonly recommended: (StaffingPoint & { readonly reason: string }) | null;
  /** Why `recommended` is what it is (also when it is null). */
  readonly reason: string;
  /** The figures of `reason`, for a front end that words it in its own language (`reason` stays English). */
  readonly reasonParts: StaffingReasonParts;
  readonly evaluations: number;
  readonly seconds: number;
  /** `exhaustive`: every staffing in the bounds; `greedy`: marginal analysis from the smallest stable staffing. */
  readonly method: 'exhaustive' | 'greedy';
  readonly pools: readonly StaffingPoolBounds[];
  /** What cost means here. */
  readonly costBasis: string;
  /** `currency` when some pool has a cost per hour, else `people` (the search then minimises headcount). */
  readonly costUnit: 'currency' | 'people';
  readonly currency: string;
  readonly casesPerWeek: number;
  readonly replications: number;
  readonly seed: number;
  readonly notes: readonly string[];
}

export interface OptimiseStaffingOptions extends StaffingRunOptions {
  readonly target: StaffingTarget;
  /** Most people per pool. */
  readonly maxHeadcount?: number;
  /** Most cost per week a staffing may have. */
  readonly budget?: number;
  /** Exhaustive search up to this many staffings, else greedy (default 400). */
  readonly maxEvaluations?: number;
  readonly evaluate?: StaffingEvaluator;
  readonly onProgress?: (done: number, planned: number) => void;
  readonly signal?: { readonly aborted: boolean };
}

interface Candidate {
  readonly evaluation: StaffingEvaluation;
  readonly costPerWeek: number;
  readonly people: number;
  /** What dominance compares: cost per week, or people when no pool costs anything. */
  readonly cost: number;
}

type Metric = (c: Candidate) => readonly number[] | null;

/** `a` is significantly better than `b` on a metric: the paired 95% interval of the difference excludes 0. */
function significantlyBetter(a: Candidate, b: Candidate, metric: Metric, higherIsBetter: boolean): boolean {
  const va = metric(a);
  const vb = metric(b);
  if (!va || !vb || va.length !== vb.length) return false;
  const difference = pairedDifference(vb, va); // a − b
  if (!difference.significant || difference.mean === null) return false;
  return higherIsBetter ? difference.mean > 0 : difference.mean < 0;
}

const METRICS: readonly { readonly metric: Metric; readonly higherIsBetter: boolean }[] = [
  { metric: (c) => c.evaluation.withinTarget, higherIsBetter: true },
  { metric: (c) => c.evaluation.firstResponseWithinSla, higherIsBetter: true },
  { metric: (c) => c.evaluation.cycleTime, higherIsBetter: false },
];

/**
 * `a` dominates `b`: it costs no more, `b` is not demonstrably better on any service figure, and `a` is cheaper or
 * demonstrably better on one. Overlapping intervals never make a point better.
 */
export function dominates(a: Candidate, b: Candidate): boolean {
  if (a.cost > b.cost + 1e-9) return false;
  if (METRICS.some(({ metric, higherIsBetter }) => significantlyBetter(b, a, metric, higherIsBetter))) return false;
  return a.cost < b.cost - 1e-9 || METRICS.some(({ metric, higherIsBetter }) => significantlyBetter(a, b, metric, higherIsBetter));
}

/** The candidates no other candidate dominates. */
export function nonDominated<T extends Candidate>(candidates: readonly T[]): T[] {
  return candidates.filter((b) => !candidates.some((a) => a !== b && dominates(a, b)));
}

const key = (headcounts: readonly number[]) => headcounts.join(',');

/**
 * What the search needs from the model, computed once from the graph (no simulation): per pool its work in people
 * kept busy, its open hours and the range worth searching; the cases a week. Plain data: a studio worker computes
 * it and the search runs wherever the simulations are dispatched from.
 */
export interface StaffingPlan {
  readonly pools: readonly StaffingPoolBounds[];
  readonly casesPerWeek: number;
  readonly costUnit: 'currency' | 'people';
  readonly currency: string;
  readonly replications: number;
  readonly seed: number;
}

/** The bounds of the search for this model and scenario (see docs/optimise.md, "The method"). */
export function planStaffingSearch(graph: ProcessGraph, scenario: Scenario, options: Pick<OptimiseStaffingOptions, 'maxHeadcount' | 'replications' | 'seed'> = {}): StaffingPlan {
  // Per pool: offered load in people (one person each), open hours, and the range worth searching.
  const onePerPool = computeOfferedLoad(graph, { ...scenario, pools: scenario.pools.map((p) => ({ ...p, headcount: 1 })) });
  const costUnit = scenario.pools.some((p) => p.costPerHour > 0 && (onePerPool.find((l) => l.poolId === p.id)?.workHoursPerWeek ?? 0) > 0) ? 'currency' : 'people';
  const pools: StaffingPoolBounds[] = scenario.pools.map((pool) => {
    const load = onePerPool.find((l) => l.poolId === pool.id);
    const erlangs = load?.offeredLoad ?? 0;
    // A pool with a shift plan is staffed by its plan, not its headcount: the search leaves it as it is (for now).
    const hasWork = (load?.workHoursPerWeek ?? 0) > 0 && Number.isFinite(erlangs) && !pool.shifts;
    const lowest = Math.max(1, minimumStableHeadcount(erlangs));
    let min = hasWork ? lowest : pool.headcount;
    let max = hasWork ? Math.max(lowest, saturationHeadcount(erlangs)) : pool.headcount;
    if (hasWork && options.maxHeadcount !== undefined) max = Math.min(max, options.maxHeadcount);
    if (max < min) min = max = Math.max(0, options.maxHeadcount ?? min); // cannot keep up within the limit: reported later
    return {
      id: pool.id,
      name: pool.name,
      current: pool.headcount,
      min,
      max,
      offeredLoad: erlangs,
      costPerHour: pool.costPerHour,
      // A shift plan's person-hours do not depend on the headcount (its peak): spread them so headcount x hours = the plan.
      paidHoursPerWeek: pool.shifts ? (load?.capacityHoursPerWeek ?? 0) / Math.max(1, pool.headcount) : (load?.capacityHoursPerWeek ?? 168),
      overloadedNow: hasWork && erlangs >= pool.headcount,
      keepsHeadcount: !hasWork,
      ...(pool.shifts ? { shiftPlan: true } : {}),
    };
  });
  return { pools, casesPerWeek: arrivalsPerWeek(graph, scenario), costUnit, currency: scenario.currency, replications: options.replications ?? scenario.replications, seed: options.seed ?? scenario.seed };
}

/**
 * Finds the Pareto front of staffing cost against service, and the cheapest staffing that meets the target.
 *
 * @example
 * const result = await optimiseStaffing(graph, scenario, { target: { kpi: 'first-response', withinSeconds: 7200, share: 0.9 } });
 * result.recommended?.staffing; // { 'Sales assistant': 2, 'Sales representative': 4, 'Sales manager': 1 }
 */
export async function optimiseStaffing(graph: ProcessGraph, scenario: Scenario, options: OptimiseStaffingOptions): Promise<StaffingOptimisation> {
  const plan = planStaffingSearch(graph, scenario, options);
  const runOptions: StaffingRunOptions = { ...(options.cases === undefined ? {} : { cases: options.cases }), replications: plan.replications, seed: plan.seed };
  const evaluate: StaffingEvaluator = options.evaluate ?? (async (staffings) => staffings.map((h) => evaluateStaffing(graph, scenario, options.target, h, runOptions)));
  return searchStaffing(plan, { ...options, evaluate });
}

/** The search itself, on a plan: it needs no model, only a way to simulate staffings (`options.evaluate`). */
export async function searchStaffing(plan: StaffingPlan, options: OptimiseStaffingOptions & { readonly evaluate: StaffingEvaluator }): Promise<StaffingOptimisation> {
  const started = Date.now();
  const { target, evaluate } = options;
  const { pools, casesPerWeek, costUnit } = plan;
  const notes: string[] = [];
  let fixedCostPerCase = 0;
  const staffingCost = (headcounts: readonly number[]) => pools.reduce((sum, p, i) => sum + headcounts[i]! * p.paidHoursPerWeek * p.costPerHour, 0);
  const candidates = new Map<string, Candidate>();
  const toCandidate = (evaluation: StaffingEvaluation): Candidate => {
    const people = evaluation.headcounts.reduce((a, b) => a + b, 0);
    const costPerWeek = staffingCost(evaluation.headcounts) + fixedCostPerCase * casesPerWeek;
    return { evaluation, costPerWeek, people, cost: costUnit === 'currency' ? costPerWeek : people };
  };
  let planned = 1;
  const run = async (staffings: readonly (readonly number[])[]): Promise<Candidate[]> => {
    if (options.signal?.aborted) throw Object.assign(new Error('The staffing search was cancelled.'), { name: 'AbortError' });
    const fresh = staffings.filter((h, i) => !candidates.has(key(h)) && staffings.findIndex((o) => key(o) === key(h)) === i);
    if (fresh.length > 0) {
      const results = await evaluate(fresh);
      for (const evaluation of results) {
        if (evaluation.error) throw new Error(evaluation.error);
        candidates.set(key(evaluation.headcounts), toCandidate(evaluation));
      }
      options.onProgress?.(candidates.size, Math.max(planned, candidates.size));
    }
    return staffings.map((h) => candidates.get(key(h))!);
  };

  const currentHeadcounts = pools.map((p) => p.current);
  const [currentCandidate] = await run([currentHeadcounts]);
  fixedCostPerCase = currentCandidate!.evaluation.fixedCostPerCase;
  candidates.set(key(currentHeadcounts), toCandidate(currentCandidate!.evaluation));

  const cannotKeepUp = pools.filter((p) => p.offeredLoad > 0 && p.max < minimumStableHeadcount(p.offeredLoad) && p.min === p.max && p.max !== p.current);
  for (const pool of pools.filter((p) => p.overloadedNow))
    notes.push(`"${pool.name}" cannot keep up with ${pool.current} ${pool.current === 1 ? 'person' : 'people'} (the work needs ${pool.offeredLoad.toFixed(2)} people busy all the time): every staffing searched has at least ${Math.max(1, minimumStableHeadcount(pool.offeredLoad))}.`);
  for (const pool of pools.filter((p) => p.shiftPlan)) notes.push(`"${pool.name}" works to a shift plan: the search keeps its shifts as they are and varies the other pools.`);
  if (costUnit === 'people') notes.push('No pool that does work has a cost per hour: the search minimises the number of people instead. Set the cost per hour to see cost per case.');

  const withinBudget = (h: readonly number[]) => options.budget === undefined || staffingCost(h) + fixedCostPerCase * casesPerWeek <= options.budget + 1e-9;
  const gridSize = pools.reduce((n, p) => n * (p.max - p.min + 1), 1);
  const maxEvaluations = options.maxEvaluations ?? 400;
  const method: 'exhaustive' | 'greedy' = gridSize <= maxEvaluations ? 'exhaustive' : 'greedy';
  const budgetPruned = { count: 0 };
  if (method === 'exhaustive') {
    const grid: number[][] = [];
    const visit = (i: number, prefix: number[]) => {
      if (i === pools.length) {
        if (withinBudget(prefix)) grid.push(prefix);
        else budgetPruned.count++;
        return;
      }
      for (let h = pools[i]!.min; h <= pools[i]!.max; h++) visit(i + 1, [...prefix, h]);
    };
    visit(0, []);
    planned = grid.length + 1;
    // In chunks, so progress moves and cancelling stops between chunks.
    for (let i = 0; i < grid.length; i += 8) await run(grid.slice(i, i + 8));
  } else {
    // Marginal analysis: from the smallest stable staffing, add the person who buys the most service per cost.
    let at = pools.map((p) => p.min);
    planned = Math.min(maxEvaluations, pools.reduce((n, p) => n + (p.max - p.min) * pools.length, 1));
    if (withinBudget(at)) {
      let [here] = await run([at]);
      while (candidates.size < maxEvaluations) {
        const steps = pools.map((p, i) => (at[i]! < p.max ? at.map((h, j) => (j === i ? h + 1 : h)) : null)).filter((h): h is number[] => h !== null && withinBudget(h));
        if (steps.length === 0) break;
        const next = await run(steps);
        const gain = (c: Candidate) => {
          const share = mean(c.evaluation.withinTarget) - mean(here!.evaluation.withinTarget);
          const cycle = (mean(here!.evaluation.cycleTime) - mean(c.evaluation.cycleTime)) / Math.max(1, mean(here!.evaluation.cycleTime));
          return ((Number.isFinite(share) ? share : 0) + 0.1 * cycle) / Math.max(1e-9, c.cost - here!.cost);
        };
        const best = next.reduce((a, b) => (gain(b) > gain(a) ? b : a));
        at = [...best.evaluation.headcounts];
        here = best;
      }
    } else budgetPruned.count++;
  }
  if (budgetPruned.count > 0) notes.push(`${budgetPruned.count} staffing${budgetPruned.count === 1 ? '' : 's'} over the budget of ${options.budget} a week ${budgetPruned.count === 1 ? 'was' : 'were'} not simulated.`);

  const all = [...candidates.values()];
  const front = new Set(nonDominated(all));
  const toPoint = (c: Candidate): StaffingPoint => toStaffingPoint(c, pools, target, front.has(c), casesPerWeek);
  const current = toPoint(candidates.get(key(currentHeadcounts))!);
  // Today's staffing is simulated for comparison even when it breaks the limits; a recommendation never does.
  const withinLimits = (c: Candidate) => c.evaluation.headcounts.every((h, i) => options.maxHeadcount === undefined || pools[i]!.keepsHeadcount || h <= options.maxHeadcount);
  const meeting = all.filter((c) => toPoint(c).meetsTarget && withinLimits(c) && (options.budget === undefined || c.costPerWeek <= options.budget + 1e-9));
  const best = meeting.sort((a, b) => a.cost - b.cost || mean(b.evaluation.withinTarget) - mean(a.evaluation.withinTarget) || a.people - b.people)[0];
  const description = describeStaffingTarget(target);
  const recommendedPoint = best ? toPoint(best) : null;
  const { text: reason, parts: reasonParts } = explain({ target, description, current, recommended: recommendedPoint, best, currentCandidate: candidates.get(key(currentHeadcounts))!, all, pools, cannotKeepUp, options, costUnit, currency: plan.currency });
  return {
    target: { ...target, description },
    current,
    currentOnFront: current.onFront,
    front: [...front].sort((a, b) => a.cost - b.cost || a.people - b.people).map(toPoint),
    recommended: recommendedPoint ? { ...recommendedPoint, reason } : null,
    reason,
    reasonParts,
    evaluations: candidates.size,
    seconds: (Date.now() - started) / 1000,
    method,
    pools,
    costBasis: 'Everyone is paid for the open hours of their calendar (headcount × hours a week × cost per hour), plus the tasks\' fixed costs; cost per case = cost per week / cases a week.',
    costUnit,
    currency: plan.currency,
    casesPerWeek,
    replications: plan.replications,
    seed: plan.seed,
    notes,
  };
}

function mean(values: readonly number[] | null): number {
  const finite = (values ?? []).filter((v) => Number.isFinite(v));
  return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

function toStaffingPoint(c: Candidate, pools: readonly StaffingPoolBounds[], target: StaffingTarget, onFront: boolean, casesPerWeek: number): StaffingPoint {
  const names = pools.map((p) => p.name);
  const staffing: Record<string, number> = {};
  const headcounts: Record<string, number> = {};
  pools.forEach((pool, i) => {
    staffing[names.indexOf(pool.name) === names.lastIndexOf(pool.name) ? pool.name : pool.id] = c.evaluation.headcounts[i]!;
    headcounts[pool.id] = c.evaluation.headcounts[i]!;
  });
  const within = estimateKpi(c.evaluation.withinTarget);
  const response = c.evaluation.firstResponseWithinSla ? estimateKpi(c.evaluation.firstResponseWithinSla) : null;
  const cycle = estimateKpi(c.evaluation.cycleTime);
  return {
    staffing,
    headcounts,
    costPerCase: casesPerWeek > 0 ? c.costPerWeek / casesPerWeek : 0,
    costPerWeek: c.costPerWeek,
    people: c.people,
    firstResponseWithinSla: response?.mean ?? null,
    firstResponseWithinSlaCi95: response?.ci95 ?? null,
    cycleTime: cycle.mean ?? NaN,
    cycleTimeCi95: cycle.ci95,
    withinTarget: within.mean,
    withinTargetCi95: within.ci95,
    meetsTarget: within.mean !== null && within.mean >= target.share - 1e-12,
    onFront,
  };
}

const percent = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const interval = (ci: readonly [number, number] | null) => (ci ? ` (95% interval ${percent(ci[0])}–${percent(ci[1])})` : '');
const staffingText = (p: StaffingPoint) => Object.entries(p.staffing).map(([name, n]) => `${name} ${n}`).join(', ');

function explain(input: {
  target: StaffingTarget;
  description: string;
  current: StaffingPoint;
  recommended: StaffingPoint | null;
  best: Candidate | undefined;
  currentCandidate: Candidate;
  all: readonly Candidate[];
  pools: readonly StaffingPoolBounds[];
  cannotKeepUp: readonly StaffingPoolBounds[];
  options: OptimiseStaffingOptions;
  costUnit: 'currency' | 'people';
  currency: string;
}): { text: string; parts: StaffingReasonParts } {
  const { recommended, current, description } = input;
  const limits = { maxHeadcount: input.options.maxHeadcount ?? null, budget: input.options.budget ?? null };
  // The studio's one money formatter, in whole units: the same figures the Optimise table shows ("€11,520").
  const money = (x: number) => (input.costUnit === 'currency' ? formatMoney(x, input.currency, 'en', { whole: true }) : `${x} people`);
  if (!recommended) {
    if (input.target.kpi === 'first-response' && current.firstResponseWithinSla === null)
      return { text: 'No task is flagged as the first substantive response, so first responses cannot be measured. Flag the task that first answers the customer, or aim for a cycle-time target.', parts: { code: 'no-first-response' } };
    const limit = [input.options.maxHeadcount !== undefined ? `at most ${input.options.maxHeadcount} per pool` : null, input.options.budget !== undefined ? `a budget of ${money(input.options.budget)} a week` : null].filter(Boolean).join(' and ');
    if (input.cannotKeepUp.length > 0)
      return {
        text: `No staffing within ${limit || 'the limits'} meets the target (${description}): ${input.cannotKeepUp.map((p) => `"${p.name}" needs at least ${minimumStableHeadcount(p.offeredLoad)} people to keep up`).join(', ')}.`,
        parts: { code: 'cannot-keep-up', ...limits, pools: input.cannotKeepUp.map((p) => ({ name: p.name, minimum: minimumStableHeadcount(p.offeredLoad) })) },
      };
    const bestShare = input.all.reduce<Candidate | undefined>((a, b) => (a === undefined || mean(b.evaluation.withinTarget) > mean(a.evaluation.withinTarget) ? b : a), undefined);
    const bestShareValue = bestShare ? mean(bestShare.evaluation.withinTarget) : NaN;
    const saturated = input.pools.every((p) => p.max === p.min || p.max >= saturationHeadcount(p.offeredLoad));
    const why = saturated
      ? ' More people would not help: at the best staffing hardly anyone waits for a person, so the time goes to the work itself, timers and off-hours. Change the process or its working hours.'
      : ` Allow more people${input.options.maxHeadcount !== undefined ? ` (--max-headcount above ${input.options.maxHeadcount})` : ''}${input.options.budget !== undefined ? ' or a larger budget' : ''}.`;
    return {
      text: `No staffing ${limit ? `within ${limit} ` : ''}meets the target (${description}); the best found reaches ${percent(Number.isFinite(bestShareValue) ? bestShareValue : null)}${bestShare ? ` (${bestShare.evaluation.headcounts.map((h, i) => `${input.pools[i]!.name} ${h}`).join(', ')})` : ''}.${why}`,
      parts: {
        code: 'not-reached',
        ...limits,
        bestShare: Number.isFinite(bestShareValue) ? bestShareValue : null,
        bestStaffing: bestShare ? Object.fromEntries(bestShare.evaluation.headcounts.map((h, i) => [input.pools[i]!.name, h])) : null,
        saturated,
      },
    };
  }
  const same = staffingText(recommended) === staffingText(current);
  const isUncertain = !!recommended.withinTargetCi95 && recommended.withinTargetCi95[0] < input.target.share;
  const uncertain = isUncertain ? ' Its interval reaches below the target: run more replications to be sure.' : '';
  if (same)
    return {
      text: `The current staffing is already the cheapest found that meets the target (${description}): ${percent(recommended.withinTarget)}${interval(recommended.withinTargetCi95)}.${uncertain}`,
      parts: { code: 'already-cheapest', share: recommended.withinTarget, ci95: recommended.withinTargetCi95, uncertain: isUncertain },
    };
  // Whole units on both sides, so the difference is the difference of the two figures the table shows.
  const saving = Math.round(current.costPerWeek) - Math.round(recommended.costPerWeek);
  const costWords =
    input.costUnit === 'currency'
      ? saving === 0
        ? `costs ${money(recommended.costPerWeek)} a week, the same as today`
        : `costs ${money(recommended.costPerWeek)} a week, ${money(Math.abs(saving))} ${saving > 0 ? 'less' : 'more'} than today's ${money(current.costPerWeek)}`
      : Math.abs(saving) < 0.5
        ? 'costs the same as today'
        : saving > 0
          ? `costs ${money(current.people - recommended.people)} a week less than today`
          : `costs ${money(recommended.people - current.people)} a week more than today`;
  const versusToday = significantlyBetter(input.best!, input.currentCandidate, METRICS[0]!.metric, true) ? 'better' : significantlyBetter(input.currentCandidate, input.best!, METRICS[0]!.metric, true) ? 'worse' : 'same';
  const vsCurrent = versusToday === 'better' ? `, against ${percent(current.withinTarget)} today` : versusToday === 'worse' ? `, a little less than today's ${percent(current.withinTarget)}` : ', about the same as today';
  return {
    text: `${staffingText(recommended)} is the cheapest staffing found that meets the target (${description}): ${percent(recommended.withinTarget)}${interval(recommended.withinTargetCi95)}${vsCurrent}. It ${costWords}.${uncertain}`,
    parts: {
      code: 'recommended',
      staffing: recommended.staffing,
      share: recommended.withinTarget,
      ci95: recommended.withinTargetCi95,
      versusToday,
      todayShare: current.withinTarget,
      costPerWeek: recommended.costPerWeek,
      todayCostPerWeek: current.costPerWeek,
      fewerPeople: current.people - recommended.people,
      uncertain: isUncertain,
    },
  };
}

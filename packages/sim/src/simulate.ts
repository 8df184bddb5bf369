// The public simulation API: validate and compile, run replications (synchronously or in chunks that yield to the
// event loop), and turn raw replication figures into KPIs with confidence intervals.
import { ScenarioSchema, type ModelIssue, type ProcessGraph, type Scenario, type ScenarioInput } from '@leanflow/model';
import { SIMULATION_DEFAULTS, compileModel, poolCapacitySeconds, type CompiledModel } from './compile.ts';
import { Replication } from './engine.ts';
import type { CaseTally, ReplicationBase, ReplicationOptions, RuntimeProblem } from './replication-base.ts';
import { SequenceReplication, isSequenceModel } from './sequence-engine.ts';
import { createQuantileSketch, estimate, mergeSketch, sketchHistogram, sketchQuantile, sketchSortedValues, type Estimate, type QuantileSketch } from './stats.ts';

/** Something with an `aborted` flag, such as an `AbortSignal`. */
export interface CancellationSignal {
  readonly aborted: boolean;
}

export interface SimulationOptions {
  /** Cases per start event and replication (overrides the scenario's `cases`, per-start-event counts and horizon). */
  readonly cases?: number;
  readonly replications?: number;
  readonly seed?: number;
  /** Called with the fraction done (0..1) between chunks of work. */
  readonly onProgress?: (fraction: number) => void;
  /** Cancels the run: `simulate` then rejects with a `SimulationCancelledError`. */
  readonly signal?: CancellationSignal;
  /** Keep the event log (CSV) of the first replication. */
  readonly eventLog?: boolean;
  /**
   * Stream each task's waiting times into a sketch (`distributions.taskWaitingTime`), for shares of a task's waits
   * within any target. Off by default: it costs about 20% CPU on a 7-task model with 20,000 cases (the cases' own
   * cycle and first-response sketches are always kept).
   */
  readonly taskWaitValues?: boolean;
  readonly maxTokensPerCase?: number;
  readonly maxEventsPerCase?: number;
  /** Bins of the cycle-time and first-response histograms (default 20). */
  readonly histogramBins?: number;
  /**
   * Which engine runs the replications. `auto` (the default) runs models whose cases each follow one path (tasks
   * and exclusive gateways, pools without calendars or shift plans, one case type) on the sequence engine, about
   * twice as fast, and everything else on the general engine; both give exactly the same numbers. `general` forces
   * the general engine (for comparisons and benchmarks).
   */
  readonly engine?: 'auto' | 'general';
}

/** The run was cancelled through `options.signal`. */
export class SimulationCancelledError extends Error {
  constructor() {
    super('The simulation was cancelled.');
    this.name = 'AbortError';
  }
}

export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  /** Share of cases in [from, to); the last bin also holds everything above. */
  readonly share: number;
}

/** Figures of one replication (times in seconds). */
export interface ReplicationFigures {
  readonly replication: number;
  /** Cases that started after the warm-up and completed. */
  readonly cases: number;
  readonly completedCases: number;
  readonly abortedCases: number;
  /** Cases stuck when nothing else could happen (see the `sim.deadlock.runtime` issue). */
  readonly unfinishedCases: number;
  /** Cases still running when the horizon ended the replication (not counted in the KPIs). */
  readonly inProgressCases: number;
  /** Cases that ended with an error no boundary event or event sub-process caught (see `sim.error.uncaught`); also in completedCases. */
  readonly errorEndedCases: number;
  readonly cycleTime: {
    readonly mean: number;
    readonly p50: number;
    readonly p90: number;
    readonly p95: number;
    readonly max: number;
    /** Share of cases done within `targets.resolutionSla` (NaN without one). */
    readonly withinResolutionSla: number;
  };
  readonly firstResponseTime: { readonly mean: number; readonly withinSla: number; readonly responded: number; readonly withoutResponse: number };
  readonly processingTime: number;
  readonly waitingTime: number;
  readonly offCalendarTime: number;
  /** The mean cycle time split into parts that add up to it exactly (see `CycleTimeParts`). */
  readonly cycleTimeParts: CycleTimeParts<number>;
  readonly valueAddingTime: number;
  readonly processCycleEfficiency: number;
  readonly costPerCase: number;
  /** Cost per case x cases per week: what the process costs a week at this volume. */
  readonly costPerWeek: number;
  /** Cost of the salaried (`paid-hour`) pools over the run after the warm-up: headcount x paid hours x rate. */
  readonly paidCost: number;
  readonly throughputPerHour: number;
  readonly workInProgress: number;
  /** Simulated time from the start to the last event, seconds. */
  readonly simulatedSeconds: number;
  readonly elementExecutions: number;
  readonly events: number;
  /** Same order as `SimulationResult.pools`. */
  readonly pools: readonly {
    readonly id: string;
    /** Over the arrival window (after the warm-up, up to the last arrival): see `PoolResult.utilisation`. */
    readonly utilisation: number;
    /** Over the whole run after the warm-up, including the drain after the last arrival. */
    readonly utilisationWholeRun: number;
    readonly meanQueueLength: number;
    readonly maxQueueLength: number;
    /** The queue grew over the arrival window (last third at least twice the first third, plus the headcount). */
    readonly queueGrowing: boolean;
  }[];
  /** The arrival window: from the warm-up to the last arrival (seconds since the start). */
  readonly arrivalWindow: { readonly from: number; readonly to: number };
  /** Same order as `SimulationResult.tasks`. */
  readonly tasks: readonly {
    readonly id: string;
    readonly count: number;
    readonly waitingTime: number;
    readonly processingTime: number;
    readonly maxWaitingTime: number;
  }[];
}

/**
 * Where a case's cycle time goes, along the path that finished last (the critical path: parallel branches that
 * finished earlier do not add to the cycle time). processing + waitingForPeople + offCalendar + otherWaiting = cycle
 * time, case by case. On a process without parallel branches the first three equal `processingTime`, `waitingTime`
 * and `offCalendarTime`.
 */
export interface CycleTimeParts<T> {
  /** Work on the critical path. */
  readonly processing: T;
  /** Waiting for a free person on the critical path. */
  readonly waitingForPeople: T;
  /** Work paused outside its pool's working hours on the critical path. */
  readonly offCalendar: T;
  /** The rest: waiting on timers, messages, the customer, and for other branches at joins. */
  readonly otherWaiting: T;
}

export interface PoolResult {
  readonly id: string;
  readonly name: string;
  readonly headcount: number;
  /**
   * Busy time / available capacity within the pool's calendar over the arrival window (after the warm-up, up to
   * the last arrival), mean across replications (0..1). The weeks after arrivals stop, while a backlog drains,
   * do not dilute it.
   */
  readonly utilisation: number;
  readonly utilisationEstimate: Estimate;
  /** The same over the whole run after the warm-up, drain included (what `utilisation` was before). */
  readonly utilisationWholeRun: number;
  /** Utilisation per simulated day (per week for runs over 90 days), all replications averaged; null when closed. */
  readonly utilisationByPeriod: { readonly period: 'day' | 'week'; readonly values: readonly (number | null)[] };
  /** The queue grew over the arrival window in most replications: the pool cannot keep up. */
  readonly queueGrowing: boolean;
  /** `busy-hour`: costs while working on cases; `paid-hour`: every paid hour of its calendar (salaried). */
  readonly costModel: 'busy-hour' | 'paid-hour';
  readonly meanQueueLength: number;
  readonly maxQueueLength: number;
  /** Queue length sampled every `interval` seconds in the first replication. */
  readonly queueLength: { readonly interval: number; readonly values: readonly number[] };
  /**
   * Mean wait for a person by the hour of the week the request was made (168 values, Monday 00:00-01:00 UTC first;
   * null when no request fell in that hour), after the warm-up, all replications: where a weekly profile or a
   * shift plan makes people wait.
   */
  readonly waitingByHourOfWeek: readonly (number | null)[];
  /** Shift plan: the most people on duty at once (`headcount` is then that peak). */
  readonly shifts: boolean;
}

/** People who work in several pools (`scenario.people`). */
export interface PersonResult {
  readonly id: string;
  readonly name: string;
  readonly count: number;
  readonly poolIds: readonly string[];
  /** Busy time / (count x open time of their calendar) over the run after the warm-up, mean across replications. */
  readonly utilisation: number;
}

/** The figures of one case type (a segment). */
export interface SegmentResult {
  readonly id: string;
  readonly name: string;
  /** Share of arrivals asked for (0..1). */
  readonly share: number;
  readonly priority: number;
  /** Counted cases of this type per replication (mean). */
  readonly cases: number;
  /** The same KPIs as the top level, over this type's cases (its own targets for the SLA shares). */
  readonly kpis: SimulationKpis;
  /** This type's cycle and first-response times per replication (`taskWaitingTime` is empty: tasks are not split by type). */
  readonly distributions: RunDistributions;
  /** This type's figures per replication, in replication order (NaN where it had no case): for paired comparisons. */
  readonly perReplication: readonly SegmentReplicationFigures[];
}

/**
 * One replication's values of a figure (seconds, streamed into a sketch) and what its shares are of: the counted
 * cases (for the first response those never answered too, as `withinSla` counts them), or a task's executions.
 */
export interface ReplicationValues {
  readonly of: number;
  readonly sketch: QuantileSketch;
}

/**
 * The run's values behind its shares and quantiles, per replication, so a share within any target or any quantile
 * can be counted the way the run counts `withinSla` and `p90` (per replication, then the mean).
 */
export interface RunDistributions {
  readonly cycleTime: readonly ReplicationValues[];
  /** Null when no task is flagged as the first substantive response (nothing is measured). */
  readonly firstResponseTime: readonly ReplicationValues[] | null;
  /** Per task id: the waiting times of its counted executions (empty unless `taskWaitValues` was asked for). */
  readonly taskWaitingTime: Readonly<Record<string, readonly ReplicationValues[]>>;
}

export interface TaskResult {
  readonly id: string;
  readonly name: string;
  readonly poolId: string | null;
  /** Executions per replication (mean). */
  readonly count: number;
  readonly waitingTime: { readonly mean: number; readonly max: number };
  readonly processingTime: { readonly mean: number };
}

export interface Bottleneck {
  readonly elementId: string;
  readonly name: string;
  readonly poolId: string | null;
  /** Share of all resource waiting time that happens at this task (0..1). */
  readonly shareOfWaiting: number;
  readonly meanWaitingTime: number;
  readonly utilisation: number | null;
}

export interface SimulationKpis {
  readonly cycleTime: Estimate & {
    readonly p50: number;
    readonly p90: number;
    readonly p95: number;
    readonly histogram: readonly HistogramBin[];
    /** Share of counted cases completed within `targets.resolutionSla`; null without that target. */
    readonly withinResolutionSla: number | null;
    readonly resolutionSlaSeconds: number | null;
  };
  readonly firstResponseTime: {
    /** Null when no task is flagged as a substantive response. */
    readonly mean: number | null;
    readonly ci95: readonly [number, number] | null;
    readonly values: readonly number[];
    /** Share of counted cases answered within the SLA (cases never answered count as late). */
    readonly withinSla: number | null;
    readonly slaSeconds: number;
    /** Share of counted cases that never got a substantive response; null when no task is flagged. */
    readonly withoutResponse: number | null;
    /** Is any task flagged as the first substantive response? Without one every first-response figure is null. */
    readonly flagged: boolean;
    readonly histogram: readonly HistogramBin[];
  };
  readonly processingTime: Estimate;
  readonly waitingTime: Estimate;
  readonly offCalendarTime: Estimate;
  /** The cycle time in parts that add up to `cycleTime.mean` (replication by replication). */
  readonly cycleTimeParts: CycleTimeParts<Estimate>;
  readonly valueAddingTime: Estimate;
  readonly processCycleEfficiency: Estimate;
  /**
   * Busy-hour pools: rate x work hours of the case's tasks; salaried (`paid-hour`) pools: headcount x paid hours of
   * their calendar over the run x rate, shared over the counted cases; plus the tasks' fixed costs.
   */
  readonly costPerCase: Estimate;
  /** Cost per case x cases per week (throughput x 168 h): the weekly budget of the process at this volume. */
  readonly costPerWeek: Estimate;
  readonly throughputPerHour: Estimate;
  readonly workInProgress: Estimate;
}

export interface SimulationResult {
  readonly ok: true;
  /** Cases per replication asked for (arrivals per start event), or null when a horizon limits arrivals. */
  readonly cases: number | null;
  readonly replications: number;
  readonly seed: number;
  readonly kpis: SimulationKpis;
  /**
   * Per case type, the same KPIs as `kpis` (one segment, all cases, when the scenario has no case types). Salaried
   * pools' paid cost is shared over the types by their counted cases.
   */
  readonly segments: readonly SegmentResult[];
  /** People who work in several pools, with their utilisation. */
  readonly people: readonly PersonResult[];
  readonly pools: readonly PoolResult[];
  readonly tasks: readonly TaskResult[];
  readonly bottlenecks: readonly Bottleneck[];
  /** How often each element ran per replication (all cases, warm-up included): token flow for heat-maps. */
  readonly elements: readonly { readonly id: string; readonly executions: number }[];
  readonly perReplication: readonly ReplicationFigures[];
  /** The values behind the shares and quantiles, per replication (see `RunDistributions`). */
  readonly distributions: RunDistributions;
  readonly elementExecutions: number;
  readonly events: number;
  /** Defaults applied, fallbacks used, runtime problems. */
  readonly issues: readonly ModelIssue[];
  /** CSV of the first replication (case, activity, activityId, resource, start, end) when asked for. */
  readonly eventLog?: string;
}

/** The run could not start: the scenario is invalid or a static check found an error. */
export interface SimulationRejected {
  readonly ok: false;
  readonly issues: readonly ModelIssue[];
}

export type SimulationOutcome = SimulationResult | SimulationRejected;

const CHUNK_EVENTS = 50_000;
const AGGREGATE_EXACT_VALUES = 200_000;

function parseScenario(scenario: Scenario | ScenarioInput): { scenario: Scenario; issues: ModelIssue[] } | { scenario: null; issues: ModelIssue[] } {
  const parsed = ScenarioSchema.safeParse(scenario);
  if (parsed.success) return { scenario: parsed.data, issues: [] };
  return {
    scenario: null,
    issues: parsed.error.issues.map((i) => ({ code: 'scenario.invalid', severity: 'error' as const, message: i.message, path: i.path.join('.') })),
  };
}

/**
 * Static checks without running: compile issues, deadlock and livelock findings.
 *
 * @example
 * const issues = checkModel(graph, scenario).filter((i) => i.severity === 'error');
 */
export function checkModel(graph: ProcessGraph, scenario: Scenario | ScenarioInput): ModelIssue[] {
  const parsed = parseScenario(scenario);
  if (parsed.scenario === null) return parsed.issues;
  return compileModel(graph, parsed.scenario).issues;
}

/**
 * A prepared simulation that advances in steps: `step(maxEvents)` until it returns true, then `result()`.
 * Use it in a worker loop or a benchmark; `simulate` and `simulateSync` are built on it.
 *
 * @example
 * const prepared = prepareSimulation(graph, scenario, { replications: 10 });
 * if (prepared.ok) {
 *   while (!prepared.run.step(50_000)) postMessage({ progress: prepared.run.progress() });
 *   postMessage({ result: prepared.run.result() });
 * }
 */
export class SimulationRun {
  readonly model: CompiledModel;
  readonly replications: number;
  readonly seed: number;
  readonly cases: number | null;
  private readonly issues: ModelIssue[];
  private readonly options: SimulationOptions;
  private current: RunningReplication | null = null;
  private index = 0;
  private readonly done: ReplicationSummary[] = [];

  constructor(model: CompiledModel, scenario: Scenario, issues: ModelIssue[], options: SimulationOptions) {
    this.model = model;
    this.issues = issues;
    this.options = options;
    this.replications = options.replications ?? scenario.replications;
    this.seed = options.seed ?? scenario.seed;
    this.cases = options.cases ?? (scenario.horizon ? null : scenario.cases);
  }

  /** Fraction of the whole run done (0..1). */
  progress(): number {
    const within = this.current ? this.current.progress() : 0;
    return Math.min(1, (this.index + within) / this.replications);
  }

  /** Runs up to `maxEvents` events; true when every replication is done. */
  step(maxEvents: number): boolean {
    if (this.index >= this.replications) return true;
    this.current ??= this.startReplication(this.index);
    if (this.current.run(maxEvents)) {
      // Only the summary is kept: memory does not grow with cases x replications.
      this.done.push(summariseReplication(this, this.current, this.index));
      this.current = null;
      this.index++;
    }
    return this.index >= this.replications;
  }

  private startReplication(index: number): RunningReplication {
    const options: ReplicationOptions = {
      seed: this.seed,
      replication: index,
      cases: this.cases ?? 0,
      casesOverride: this.options.cases !== undefined,
      horizon: this.cases === null ? this.model.horizonSeconds : null,
      maxTokensPerCase: this.options.maxTokensPerCase ?? SIMULATION_DEFAULTS.maxTokensPerCase,
      maxEventsPerCase: this.options.maxEventsPerCase ?? SIMULATION_DEFAULTS.maxEventsPerCase,
      eventLog: this.options.eventLog === true && index === 0,
      taskWaitValues: this.options.taskWaitValues === true,
      queueSamples: 100,
    };
    return this.engine() === 'sequence' ? new SequenceReplication(this.model, options) : new Replication(this.model, options);
  }

  private chosenEngine: 'sequence' | 'general' | null = null;

  /** The engine this run's replications use: `sequence` for models it can run (unless `general` was asked for). */
  engine(): 'sequence' | 'general' {
    if (this.chosenEngine === null) {
      const maxTokensPerCase = this.options.maxTokensPerCase ?? SIMULATION_DEFAULTS.maxTokensPerCase;
      this.chosenEngine = this.options.engine !== 'general' && isSequenceModel(this.model, { maxTokensPerCase }) ? 'sequence' : 'general';
    }
    return this.chosenEngine;
  }

  /**
   * Runs replication `index` (0-based) alone, to the end, and returns its summary. Replication i draws from its own
   * random streams (seed, i), so it gives the same numbers whichever thread runs it and in whatever order.
   */
  runReplication(index: number, onProgress?: (fraction: number) => void): ReplicationSummary {
    const steps = this.replicationSteps(index);
    while (!steps.step(CHUNK_EVENTS)) onProgress?.(steps.progress());
    return steps.summary();
  }

  /**
   * Replication `index` (0-based) alone, in steps: `step(maxEvents)` until it returns true, then `summary()`. For a
   * thread that runs a replication and must keep answering messages meanwhile (the one that deals jobs to workers).
   *
   * @example
   * const steps = run.replicationSteps(3);
   * while (!steps.step(10_000)) await pause();
   * const summary = steps.summary();
   */
  replicationSteps(index: number): ReplicationSteps {
    if (!Number.isInteger(index) || index < 0 || index >= this.replications) throw new Error(`replication ${index} is out of range`);
    const replication = this.startReplication(index);
    let finished = false;
    return {
      step: (maxEvents) => (finished ||= replication.run(maxEvents)),
      progress: () => (finished ? 1 : replication.progress()),
      summary: () => {
        if (!finished) throw new Error(`replication ${index} has not finished: call step() until it returns true`);
        return summariseReplication(this, replication, index);
      },
    };
  }

  /** The aggregated result; call after `step` returned true. */
  result(): SimulationResult {
    if (this.done.length < this.replications) throw new Error('SimulationRun.result() called before the run finished');
    return aggregate(this, this.done, this.issues, this.options);
  }

  /** The aggregated result of summaries from `runReplication` (one per replication, any order). */
  resultOf(summaries: readonly ReplicationSummary[]): SimulationResult {
    const ordered = [...summaries].sort((a, b) => a.figures.replication - b.figures.replication);
    if (ordered.length !== this.replications || ordered.some((r, i) => r.figures.replication !== i))
      throw new Error(`SimulationRun.resultOf() needs one summary per replication (0..${this.replications - 1})`);
    return aggregate(this, ordered, this.issues, this.options);
  }
}

/** One replication run in steps (`SimulationRun.replicationSteps`). */
export interface ReplicationSteps {
  /** Runs up to `maxEvents` events; true when the replication has finished. */
  step(maxEvents: number): boolean;
  /** The fraction of the replication done (cases arrived, or simulated time of a horizon), 0..1. */
  progress(): number;
  /** The finished replication's summary (after `step` returned true). */
  summary(): ReplicationSummary;
}

/**
 * What a finished replication leaves for the aggregate: its figures and fixed-size data (no per-case values).
 * Plain data, so it crosses a worker boundary by structured clone.
 */
export interface ReplicationSummary {
  readonly figures: ReplicationFigures;
  /** Simulated seconds at the end. */
  readonly now: number;
  readonly taskCount: Float64Array;
  readonly taskWait: Float64Array;
  readonly taskProc: Float64Array;
  readonly taskWaitMax: Float64Array;
  /** Per node (null but for tasks that ran): the counted executions' waiting times. */
  readonly taskWaits: readonly (QuantileSketch | null)[];
  readonly nodeExecutions: Float64Array;
  /** Per pool: busy person-seconds per simulated day and per week, up to the end of the replication. */
  readonly busyByDay: readonly Float64Array[];
  readonly busyByWeek: readonly Float64Array[];
  readonly queueSeries: readonly { readonly interval: number; readonly values: readonly number[] }[];
  readonly problems: readonly { readonly code: RuntimeProblem['code']; readonly nodes: readonly number[]; readonly cases: number }[];
  readonly cycleTimes: QuantileSketch;
  readonly firstResponses: QuantileSketch;
  /** Per case type (only with more than one): that type's streamed tally, for `segments`. */
  readonly typeTallies: readonly CaseTally[] | null;
  /** Busy person-seconds per person group after the warm-up (`people` utilisation). */
  readonly personBusy: Float64Array;
  /** Per pool: waiting time and count of requests by hour of the week (2 x 168 values). */
  readonly waitByWeekHour: readonly Float64Array[];
  /** [throwing node, cases] of errors nothing caught. */
  readonly uncaughtErrors: readonly (readonly [number, number])[];
  /** Event log rows (first replication with `eventLog`), else empty. */
  readonly log: readonly number[];
}

/**
 * Validates, compiles and prepares a run, or explains why it cannot run (`{ ok: false, issues }`).
 *
 * @example
 * const prepared = prepareSimulation(graph, scenario);
 * if (!prepared.ok) show(prepared.issues);
 */
export function prepareSimulation(
  graph: ProcessGraph,
  scenario: Scenario | ScenarioInput,
  options: SimulationOptions = {},
): { ok: true; run: SimulationRun } | SimulationRejected {
  const parsed = parseScenario(scenario);
  if (parsed.scenario === null) return { ok: false, issues: parsed.issues };
  const { model, issues } = compileModel(graph, parsed.scenario);
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  for (const [name, value, min] of [
    ['cases', options.cases, 1],
    ['replications', options.replications, 1],
    ['seed', options.seed, 0],
  ] as const)
    if (value !== undefined && (!Number.isInteger(value) || value < min))
      return { ok: false, issues: [{ code: 'sim.option.invalid', severity: 'error', message: `The ${name} must be a whole number of at least ${min}.`, path: name }] };
  return { ok: true, run: new SimulationRun(model, parsed.scenario, issues, options) };
}

/**
 * Runs the whole simulation synchronously (benchmarks, workers, tests).
 *
 * @example
 * const outcome = simulateSync(graph, scenario, { cases: 10_000, replications: 5, seed: 1 });
 * if (outcome.ok) console.log(outcome.kpis.waitingTime.mean, outcome.bottlenecks[0]?.name);
 */
export function simulateSync(graph: ProcessGraph, scenario: Scenario | ScenarioInput, options: SimulationOptions = {}): SimulationOutcome {
  const prepared = prepareSimulation(graph, scenario, options);
  if (!prepared.ok) return prepared;
  while (!prepared.run.step(1_000_000)) {
    /* keep going */
  }
  return prepared.run.result();
}

const yieldToEventLoop = (): Promise<void> => {
  const timer = (globalThis as { setTimeout?: (callback: () => void, ms: number) => unknown }).setTimeout;
  return new Promise((resolve) => (timer ? timer(resolve, 0) : void Promise.resolve().then(resolve)));
};

/**
 * Simulates `scenario` on `graph`: replications of token-based discrete-event simulation, KPIs with 95% CIs.
 * Yields to the event loop between chunks so it can report progress and be cancelled.
 *
 * @example
 * const outcome = await simulate(graph, scenario, { replications: 10, seed: 1, onProgress: (f) => bar.set(f) });
 * if (outcome.ok) console.log(outcome.kpis.cycleTime.mean);
 */
export async function simulate(graph: ProcessGraph, scenario: Scenario | ScenarioInput, options: SimulationOptions = {}): Promise<SimulationOutcome> {
  const prepared = prepareSimulation(graph, scenario, options);
  if (!prepared.ok) return prepared;
  const run = prepared.run;
  for (;;) {
    if (options.signal?.aborted) throw new SimulationCancelledError();
    const finished = run.step(CHUNK_EVENTS);
    options.onProgress?.(run.progress());
    if (finished) break;
    await yieldToEventLoop();
  }
  return run.result();
}

/** A replication on either engine: the same figures, read the same way. */
type RunningReplication = ReplicationBase;

const RUNTIME_MESSAGES: Record<RuntimeProblem['code'], string> = {
  'sim.limit.tokens': 'created more parallel paths than the limit allows and were stopped',
  'sim.limit.events': 'ran more steps than the limit allows (an endless loop?) and were stopped',
  'sim.deadlock.runtime': 'never finished: they got stuck waiting',
};

/** Sums of hourly buckets per period of `length` seconds, for the periods that start before `end`. */
function sumPeriods(hours: readonly number[], end: number, length: number): Float64Array {
  const sums = new Float64Array(Math.max(0, Math.ceil(end / length)));
  for (let k = 0; k < sums.length; k++) sums[k] = sumHours(hours, k * length, (k + 1) * length);
  return sums;
}

function summariseReplication(run: SimulationRun, r: RunningReplication, index: number): ReplicationSummary {
  const model = run.model;
  const warmUp = model.warmUpSeconds;
  const taskNodes = model.nodeIds.map((_, i) => i).filter((i) => model.isTask[i] === 1);
  const figures: ReplicationFigures = (() => {
    const end = r.now;
    const window = Math.max(0, end - warmUp);
    // Arrivals stop at the last case (or run until the horizon): after that the pools only work off the backlog.
    // Salaried pools are paid for every open hour of their calendar (or shift plan) while the run goes on (the drain included).
    const paidCost = model.pools.reduce((a, pool) => (pool.paidHours ? a + (poolCapacitySeconds(pool, warmUp, end) * pool.costPerHour) / 3600 : a), 0);
    const arrivalsTo = run.cases === null ? Math.min(end, model.horizonSeconds ?? end) : Math.min(end, r.lastArrival);
    const figures = tallyFigures(r, model.resolutionSlaSeconds, window, paidCost);
    return {
      replication: index,
      cases: figures.cases,
      completedCases: r.completedCases,
      abortedCases: r.abortedCases,
      unfinishedCases: r.unfinishedCases,
      inProgressCases: r.inProgressCases,
      errorEndedCases: r.errorEndedCases,
      cycleTime: figures.cycleTime,
      firstResponseTime: figures.firstResponseTime,
      processingTime: figures.processingTime,
      waitingTime: figures.waitingTime,
      offCalendarTime: figures.offCalendarTime,
      cycleTimeParts: figures.cycleTimeParts,
      valueAddingTime: figures.valueAddingTime,
      processCycleEfficiency: figures.processCycleEfficiency,
      costPerCase: figures.costPerCase,
      costPerWeek: figures.costPerWeek,
      paidCost,
      throughputPerHour: figures.throughputPerHour,
      workInProgress: figures.workInProgress,
      simulatedSeconds: end,
      elementExecutions: r.elementExecutions,
      events: r.events,
      pools: model.pools.map((pool, p) => {
        // Person-seconds on offer: headcount x open time, or the integral of the shift plan.
        const capacity = poolCapacitySeconds(pool, warmUp, end);
        // An unstaffed pool (headcount 0) only runs when no task needs it: never busy, utilisation 0.
        const wholeRun = capacity > 0 ? r.poolStats.busy[p] / capacity : 0;
        const arrivalCapacity = arrivalsTo > warmUp ? poolCapacitySeconds(pool, warmUp, arrivalsTo) : 0;
        const third = (arrivalsTo - warmUp) / 3;
        const firstQueue = third > 0 ? sumHours(r.poolStats.queueByHour[p], warmUp, warmUp + third) / third : 0;
        const lastQueue = third > 0 ? sumHours(r.poolStats.queueByHour[p], arrivalsTo - third, arrivalsTo) / third : 0;
        return {
          id: pool.id,
          utilisation: arrivalCapacity > 0 && r.busyAtLastArrival !== null ? r.busyAtLastArrival[p] / arrivalCapacity : wholeRun,
          utilisationWholeRun: wholeRun,
          meanQueueLength: window > 0 ? r.poolStats.queueArea[p] / window : 0,
          maxQueueLength: r.poolStats.queueMax[p],
          queueGrowing: lastQueue > 2 * firstQueue + pool.headcount,
        };
      }),
      arrivalWindow: { from: warmUp, to: arrivalsTo },
      tasks: taskNodes.map((i) => ({
        id: model.nodeIds[i],
        count: r.taskCount[i],
        waitingTime: r.taskCount[i] > 0 ? r.taskWait[i] / r.taskCount[i] : 0,
        processingTime: r.taskCount[i] > 0 ? r.taskProc[i] / r.taskCount[i] : 0,
        maxWaitingTime: r.taskWaitMax[i],
      })),
    };
  })();
  return {
    figures,
    now: r.now,
    taskCount: r.taskCount,
    taskWait: r.taskWait,
    taskProc: r.taskProc,
    taskWaitMax: r.taskWaitMax,
    taskWaits: r.taskWaits,
    nodeExecutions: r.nodeExecutions,
    busyByDay: r.poolStats.busyByHour.map((hours) => sumPeriods(hours, r.now, 86400)),
    busyByWeek: r.poolStats.busyByHour.map((hours) => sumPeriods(hours, r.now, 7 * 86400)),
    queueSeries: r.poolStats.queueSeries,
    problems: [...r.problems.values()].map((p) => ({ code: p.code, nodes: [...p.nodes], cases: p.cases })),
    cycleTimes: r.cycleTimes,
    firstResponses: r.firstResponses,
    typeTallies: r.typeTallies,
    personBusy: r.personBusy,
    waitByWeekHour: r.waitByWeekHour,
    uncaughtErrors: [...r.uncaughtErrors],
    log: r.log,
  };
}

function aggregate(run: SimulationRun, replications: readonly ReplicationSummary[], issues: readonly ModelIssue[], options: SimulationOptions): SimulationResult {
  const model = run.model;
  const perReplication = replications.map((r) => r.figures);
  const R = perReplication.length;
  const pick = (f: (r: ReplicationFigures) => number) => estimate(perReplication.map(f).filter((x) => !Number.isNaN(x)));
  const bins = options.histogramBins ?? 20;
  const counted = perReplication.reduce((a, r) => a + r.cases, 0);
  const kpis = kpisFrom(perReplication, replications, model.hasSubstantive, model.firstResponseSlaSeconds, model.resolutionSlaSeconds, bins);
  const distributions: RunDistributions = {
    ...caseDistributions(replications, model.hasSubstantive),
    taskWaitingTime: options.taskWaitValues
      ? Object.fromEntries(
          model.nodeIds.flatMap((id, i) => (model.isTask[i] ? [[id, replications.map((r) => ({ of: r.taskCount[i], sketch: r.taskWaits[i] ?? createQuantileSketch(0) }))]] : [])),
        )
      : {},
  };

  const pools: PoolResult[] = model.pools.map((pool, p) => {
    const utilisation = pick((r) => r.pools[p].utilisation);
    return {
      id: pool.id,
      name: pool.name,
      headcount: pool.headcount,
      utilisation: utilisation.mean,
      utilisationEstimate: utilisation,
      utilisationWholeRun: mean(perReplication.map((r) => r.pools[p].utilisationWholeRun)),
      utilisationByPeriod: utilisationByPeriod(model, replications, p),
      queueGrowing: perReplication.filter((r) => r.pools[p].queueGrowing).length * 2 > R,
      costModel: pool.paidHours ? 'paid-hour' : 'busy-hour',
      meanQueueLength: perReplication.reduce((a, r) => a + r.pools[p].meanQueueLength, 0) / R,
      maxQueueLength: Math.max(...perReplication.map((r) => r.pools[p].maxQueueLength)),
      queueLength: replications[0].queueSeries[p],
      waitingByHourOfWeek: Array.from({ length: 168 }, (_, h) => {
        const count = replications.reduce((a, r) => a + r.waitByWeekHour[p][168 + h], 0);
        return count > 0 ? replications.reduce((a, r) => a + r.waitByWeekHour[p][h], 0) / count : null;
      }),
      shifts: pool.shifts !== null,
    };
  });

  const tasks: TaskResult[] = [];
  model.nodeIds.forEach((id, i) => {
    if (!model.isTask[i]) return;
    const count = replications.reduce((a, r) => a + r.taskCount[i], 0);
    const wait = replications.reduce((a, r) => a + r.taskWait[i], 0);
    const proc = replications.reduce((a, r) => a + r.taskProc[i], 0);
    tasks.push({
      id,
      name: model.nodeNames[i],
      poolId: model.pool[i] >= 0 ? model.pools[model.pool[i]].id : null,
      count: count / R,
      waitingTime: { mean: count > 0 ? wait / count : 0, max: Math.max(...replications.map((r) => r.taskWaitMax[i])) },
      processingTime: { mean: count > 0 ? proc / count : 0 },
    });
  });
  const totalWait = tasks.reduce((a, t) => a + t.count * t.waitingTime.mean, 0);
  const bottlenecks: Bottleneck[] = tasks
    .filter((t) => t.count * t.waitingTime.mean > 0)
    .map((t) => ({
      elementId: t.id,
      name: t.name,
      poolId: t.poolId,
      shareOfWaiting: (t.count * t.waitingTime.mean) / totalWait,
      meanWaitingTime: t.waitingTime.mean,
      utilisation: t.poolId === null ? null : (pools.find((p) => p.id === t.poolId)?.utilisation ?? null),
    }))
    .sort((a, b) => b.shareOfWaiting - a.shareOfWaiting)
    .slice(0, 10);

  const allIssues: ModelIssue[] = [...issues];
  const problems = new Map<string, { code: RuntimeProblem['code']; nodes: Set<number>; cases: number }>();
  for (const r of replications)
    for (const problem of r.problems) {
      const code = problem.code;
      const merged = problems.get(code) ?? { code: problem.code, nodes: new Set<number>(), cases: 0 };
      problem.nodes.forEach((n) => merged.nodes.add(n));
      merged.cases += problem.cases;
      problems.set(code, merged);
    }
  for (const problem of problems.values()) {
    const names = [...problem.nodes].map((n) => (model.nodeNames[n] !== model.nodeIds[n] ? `"${model.nodeNames[n]}"` : model.nodeIds[n]));
    const first = [...problem.nodes][0];
    const issue: ModelIssue = {
      code: problem.code,
      severity: 'error',
      message: `${problem.cases} case(s) ${RUNTIME_MESSAGES[problem.code]} at ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''}.`,
    };
    allIssues.push(first === undefined ? issue : { ...issue, elementId: model.nodeIds[first] });
  }
  // Errors nothing caught: the case ended there; say where and how often (per replication, all cases).
  const uncaught = new Map<number, number>();
  for (const r of replications) for (const [node, cases] of r.uncaughtErrors) uncaught.set(node, (uncaught.get(node) ?? 0) + cases);
  for (const [node, cases] of uncaught) {
    const name = model.nodeNames[node] !== model.nodeIds[node] ? `"${model.nodeNames[node]}"` : model.nodeIds[node];
    allIssues.push({
      code: 'sim.error.uncaught',
      severity: 'warning',
      message: `On average ${(cases / R).toFixed(1)} case(s) per replication ended with the error thrown at ${name}, which no error boundary event or event sub-process catches: those cases stop there (they count as completed, with their time up to the error).`,
      elementId: model.nodeIds[node],
    });
  }
  const inProgress = perReplication.reduce((a, r) => a + r.inProgressCases, 0) / R;
  if (inProgress > 0)
    allIssues.push({
      code: 'sim.horizon.inProgress',
      severity: 'info',
      message: `On average ${inProgress.toFixed(1)} case(s) per replication were still in progress when the simulated period ended; they are not in the KPIs.`,
    });
  if (counted === 0)
    allIssues.push({ code: 'sim.noCases', severity: 'warning', message: 'No case completed after the warm-up; the KPIs are empty. Simulate more cases or a shorter warm-up.' });
  if (!model.hasSubstantive)
    allIssues.push({
      code: 'sim.firstResponse.unflagged',
      severity: 'info',
      message: 'No task is flagged as the first substantive response, so first-response time is not measured: flag the task that first answers the customer.',
    });

  const result: SimulationResult = {
    ok: true,
    cases: run.cases,
    replications: R,
    seed: run.seed,
    kpis,
    segments: segmentsOf(model, replications, perReplication, kpis, distributions, bins),
    people: model.people.map((person, w) => ({
      id: person.id,
      name: person.name,
      count: person.count,
      poolIds: Array.from(model.poolOfPerson.subarray(model.poolStart[w], model.poolStart[w + 1]), (p) => model.pools[p].id),
      utilisation: mean(
        replications.map((r) => {
          const open = person.calendar ? person.calendar.openSeconds(model.warmUpSeconds, r.now) : Math.max(0, r.now - model.warmUpSeconds);
          return open > 0 ? r.personBusy[w] / (person.count * open) : NaN;
        }),
      ),
    })),
    pools,
    tasks,
    bottlenecks,
    elements: model.nodeIds.map((id, i) => ({ id, executions: replications.reduce((a, r) => a + r.nodeExecutions[i], 0) / R })),
    perReplication,
    distributions,
    elementExecutions: perReplication.reduce((a, r) => a + r.elementExecutions, 0),
    events: perReplication.reduce((a, r) => a + r.events, 0),
    issues: allIssues,
  };
  return options.eventLog ? { ...result, eventLog: eventLogCsv(model, replications[0]) } : result;
}

/** The case figures of one replication for a tally (all cases or one case type). */
/** The figures of one replication that a case type has too (the case-level part of `ReplicationFigures`). */
export type SegmentReplicationFigures = Pick<
  ReplicationFigures,
  | 'cases'
  | 'cycleTime'
  | 'firstResponseTime'
  | 'processingTime'
  | 'waitingTime'
  | 'offCalendarTime'
  | 'cycleTimeParts'
  | 'valueAddingTime'
  | 'processCycleEfficiency'
  | 'costPerCase'
  | 'costPerWeek'
  | 'throughputPerHour'
  | 'workInProgress'
>;

/** `r`'s SLA counts are those of the same SLAs (the engine counts them as the cases complete). */
function tallyFigures(r: CaseTally, resolutionSla: number | null, window: number, paidCost: number): SegmentReplicationFigures {
  const n = r.cycleTimes.count;
  // Summed in ascending order while the sketch holds the values, as always; beyond, in completion order (the mean
  // may then differ from a sorted-order sum in the last bits).
  const sorted = sketchSortedValues(r.cycleTimes);
  const sumCycle = sorted !== null ? sorted.reduce((a, b) => a + b, 0) : r.cycleTimeSum;
  const responded = r.firstResponses.count;
  return {
    cases: n,
    cycleTime: {
      mean: n > 0 ? sumCycle / n : NaN,
      p50: sketchQuantile(r.cycleTimes, 0.5),
      p90: sketchQuantile(r.cycleTimes, 0.9),
      p95: sketchQuantile(r.cycleTimes, 0.95),
      max: n > 0 ? r.cycleTimes.max : NaN,
      withinResolutionSla: resolutionSla === null || n === 0 ? NaN : r.withinResolutionSla / n,
    },
    firstResponseTime: {
      mean: responded > 0 ? r.firstResponseSum / responded : NaN,
      withinSla: n > 0 ? r.firstResponsesWithinSla / n : NaN,
      responded,
      withoutResponse: r.noResponseCases,
    },
    processingTime: n > 0 ? r.sumProcessing / n : NaN,
    waitingTime: n > 0 ? r.sumWaiting / n : NaN,
    offCalendarTime: n > 0 ? r.sumOffCalendar / n : NaN,
    cycleTimeParts: {
      processing: n > 0 ? r.sumPathWork / n : NaN,
      waitingForPeople: n > 0 ? r.sumPathWait / n : NaN,
      offCalendar: n > 0 ? r.sumPathOff / n : NaN,
      // The remainder, so the parts add up; never negative (a path's parts lie within the case's life).
      otherWaiting: n > 0 ? Math.max(0, (sumCycle - r.sumPathWork - r.sumPathWait - r.sumPathOff) / n) : NaN,
    },
    valueAddingTime: n > 0 ? r.sumValueAdding / n : NaN,
    processCycleEfficiency: sumCycle > 0 ? r.sumValueAdding / sumCycle : NaN,
    costPerCase: n > 0 ? (r.sumCost + paidCost) / n : NaN,
    costPerWeek: window > 0 && n > 0 ? ((r.sumCost + paidCost) / window) * 7 * 86400 : NaN,
    throughputPerHour: window > 0 ? (n / window) * 3600 : NaN,
    workInProgress: window > 0 ? r.wipArea / window : NaN,
  };
}

/** KPIs with intervals from per-replication figures (and the sketches of the values, for histograms). */
function kpisFrom(
  perReplication: readonly SegmentReplicationFigures[],
  tallies: readonly Pick<CaseTally, 'cycleTimes' | 'firstResponses'>[],
  flagged: boolean,
  firstResponseSla: number,
  resolutionSla: number | null,
  bins: number,
): SimulationKpis {
  const pick = (f: (r: SegmentReplicationFigures) => number) => estimate(perReplication.map(f).filter((x) => !Number.isNaN(x)));
  // Exact histograms up to 200,000 values over all replications (1.6 MB while aggregating), sketched beyond.
  const allCycles = createQuantileSketch(AGGREGATE_EXACT_VALUES);
  const allResponses = createQuantileSketch(AGGREGATE_EXACT_VALUES);
  for (const r of tallies) {
    mergeSketch(allCycles, r.cycleTimes);
    mergeSketch(allResponses, r.firstResponses);
  }
  const cycle = pick((r) => r.cycleTime.mean);
  const counted = perReplication.reduce((a, r) => a + r.cases, 0);
  const response = pick((r) => r.firstResponseTime.mean);
  const withinSla = perReplication.map((r) => r.firstResponseTime.withinSla).filter((x) => !Number.isNaN(x));
  return {
    cycleTime: {
      ...cycle,
      p50: mean(perReplication.map((r) => r.cycleTime.p50)),
      p90: mean(perReplication.map((r) => r.cycleTime.p90)),
      p95: mean(perReplication.map((r) => r.cycleTime.p95)),
      histogram: sketchHistogram(allCycles, bins),
      withinResolutionSla: resolutionSla === null ? null : mean(perReplication.map((r) => r.cycleTime.withinResolutionSla)),
      resolutionSlaSeconds: resolutionSla,
    },
    firstResponseTime: {
      mean: flagged && response.values.length > 0 ? response.mean : null,
      ci95: flagged ? response.ci95 : null,
      values: response.values,
      withinSla: flagged && withinSla.length > 0 ? mean(withinSla) : null,
      slaSeconds: firstResponseSla,
      // Without a flagged task nothing is measured: not "100% never answered".
      withoutResponse: !flagged ? null : counted > 0 ? perReplication.reduce((a, r) => a + r.firstResponseTime.withoutResponse, 0) / counted : 0,
      flagged,
      histogram: sketchHistogram(allResponses, bins),
    },
    processingTime: pick((r) => r.processingTime),
    waitingTime: pick((r) => r.waitingTime),
    offCalendarTime: pick((r) => r.offCalendarTime),
    cycleTimeParts: {
      processing: pick((r) => r.cycleTimeParts.processing),
      waitingForPeople: pick((r) => r.cycleTimeParts.waitingForPeople),
      offCalendar: pick((r) => r.cycleTimeParts.offCalendar),
      otherWaiting: pick((r) => r.cycleTimeParts.otherWaiting),
    },
    valueAddingTime: pick((r) => r.valueAddingTime),
    processCycleEfficiency: pick((r) => r.processCycleEfficiency),
    costPerCase: pick((r) => r.costPerCase),
    costPerWeek: pick((r) => r.costPerWeek),
    throughputPerHour: pick((r) => r.throughputPerHour),
    workInProgress: pick((r) => r.workInProgress),
  };
}

/** Cycle and first-response values per replication; shares are of the counted cases (`cycleTimes.count`). */
function caseDistributions(
  tallies: readonly Pick<CaseTally, 'cycleTimes' | 'firstResponses'>[],
  flagged: boolean,
): Pick<RunDistributions, 'cycleTime' | 'firstResponseTime'> {
  return {
    cycleTime: tallies.map((t) => ({ of: t.cycleTimes.count, sketch: t.cycleTimes })),
    firstResponseTime: flagged ? tallies.map((t) => ({ of: t.cycleTimes.count, sketch: t.firstResponses })) : null,
  };
}

/** One segment per case type; without case types one segment of all cases (the top-level KPIs). */
function segmentsOf(
  model: CompiledModel,
  replications: readonly ReplicationSummary[],
  perReplication: readonly ReplicationFigures[],
  kpis: SimulationKpis,
  distributions: RunDistributions,
  bins: number,
): SegmentResult[] {
  const R = replications.length;
  return model.caseTypes.map((type, j) => {
    if (replications[0].typeTallies === null)
      return { id: type.id, name: type.name, share: type.share, priority: type.priority, cases: perReplication.reduce((a, r) => a + r.cases, 0) / R, kpis, distributions, perReplication };
    const figures = replications.map((r, i) => {
      const tally = (r.typeTallies as CaseTally[])[j];
      const all = perReplication[i];
      const window = Math.max(0, r.now - model.warmUpSeconds);
      // Salaried pools' paid cost is shared by counted cases.
      const paid = all.cases > 0 ? (all.paidCost * tally.countedCases) / all.cases : 0;
      return tallyFigures(tally, type.resolutionSlaSeconds, window, paid);
    });
    const tallies = replications.map((r) => (r.typeTallies as CaseTally[])[j]);
    return {
      id: type.id,
      name: type.name,
      share: type.share,
      priority: type.priority,
      cases: figures.reduce((a, f) => a + f.cases, 0) / R,
      kpis: kpisFrom(figures, tallies, model.hasSubstantive, type.firstResponseSlaSeconds, type.resolutionSlaSeconds, bins),
      distributions: { ...caseDistributions(tallies, model.hasSubstantive), taskWaitingTime: {} },
      perReplication: figures,
    };
  });
}

/** The sum of hourly buckets over [from, to), the hours at either end in proportion. */
function sumHours(hours: readonly number[], from: number, to: number): number {
  let total = 0;
  const last = Math.min(hours.length - 1, Math.ceil(to / 3600) - 1);
  for (let h = Math.max(0, Math.floor(from / 3600)); h <= last; h++) {
    const a = Math.max(from, h * 3600);
    const b = Math.min(to, (h + 1) * 3600);
    if (b > a) total += (hours[h] * (b - a)) / 3600;
  }
  return total;
}

/** Utilisation per day (per week beyond 90 days) over the whole run, averaged over the replications that reached it. */
function utilisationByPeriod(model: CompiledModel, replications: readonly ReplicationSummary[], p: number): PoolResult['utilisationByPeriod'] {
  const end = Math.max(...replications.map((r) => r.now));
  const period = end > 90 * 86400 ? 'week' : 'day';
  const length = period === 'week' ? 7 * 86400 : 86400;
  const pool = model.pools[p];
  const values: (number | null)[] = [];
  for (let k = 0; k * length < end; k++) {
    const from = k * length;
    const to = from + length;
    const capacity = poolCapacitySeconds(pool, from, to);
    const open = pool.shifts ? capacity : pool.calendar ? pool.calendar.openSeconds(from, to) : length;
    const reached = replications.filter((r) => r.now > from);
    if (!(open > 0) || reached.length === 0) {
      values.push(null);
      continue;
    }
    // The summary's busy seconds per period are the hourly buckets summed over [from, to).
    const busy = reached.reduce((a, r) => a + (period === 'week' ? r.busyByWeek : r.busyByDay)[p][k], 0) / reached.length;
    values.push(capacity > 0 ? busy / capacity : 0);
  }
  return { period, values };
}

function mean(values: readonly number[]): number {
  const finite = values.filter((x) => !Number.isNaN(x));
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function eventLogCsv(model: CompiledModel, replication: ReplicationSummary): string {
  const lines = ['case,activity,activityId,resource,start,end'];
  const iso = (t: number) => new Date((model.startEpochSeconds + t) * 1000).toISOString();
  const log = replication.log;
  for (let i = 0; i < log.length; i += 6) {
    const node = log[i + 1];
    const pool = log[i + 2];
    const unit = log[i + 3];
    // A person from a group working in several pools is written as -2 - (group * 65536 + unit).
    const person = unit <= -2 ? Math.floor((-2 - unit) / 65536) : -1;
    const resource = pool < 0 ? '' : person >= 0 ? `${model.people[person].name} ${((-2 - unit) % 65536) + 1}` : `${model.pools[pool].name} ${unit + 1}`;
    lines.push([String(log[i]), csvField(model.nodeNames[node]), csvField(model.nodeIds[node]), csvField(resource), iso(log[i + 4]), iso(log[i + 5])].join(','));
  }
  return `${lines.join('\n')}\n`;
}

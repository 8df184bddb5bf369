// What every replication records, whichever engine runs it (`engine.ts` for any model, `sequence-engine.ts` for
// one-path models): the options it runs with, its random streams, its arrivals and the figures it counts. The
// engines extend it with how they move cases; `summariseReplication` (simulate.ts) reads only what is here.
import type { CompiledModel } from './compile.ts';
import type { Sampler } from './distributions.ts';
import { PoolStatistics } from './pool-statistics.ts';
import { createRandomStream, type RandomStream } from './rng.ts';
import { createQuantileSketch, type QuantileSketch } from './stats.ts';

/** Options of one replication. */
export interface ReplicationOptions {
  readonly seed: number;
  readonly replication: number;
  /** Cases per arrival source (when the scenario has no horizon, or `cases` was set explicitly). */
  readonly cases: number;
  /** `cases` was asked for explicitly: it also overrides the per-start-event counts of the scenario. */
  readonly casesOverride: boolean;
  /** The replication is this fixed period (seconds since start): arrivals and the run stop there; or null. */
  readonly horizon: number | null;
  readonly maxTokensPerCase: number;
  readonly maxEventsPerCase: number;
  readonly eventLog: boolean;
  /** Stream each task's waiting times into `taskWaits` (costs CPU: off unless asked for). */
  readonly taskWaitValues?: boolean;
  /** Queue-length samples kept per pool (the sampling interval doubles as the run grows). */
  readonly queueSamples: number;
}

/**
 * What a replication counts for a set of cases (all counted cases, or one case type): the raw sums the KPIs are
 * made of, streamed (sums, SLA counts and quantile sketches), so memory does not grow with the number of cases.
 * `Replication` itself is the tally of all cases. Plain data: it crosses a worker boundary by structured clone.
 */
export interface CaseTally {
  readonly cycleTimes: QuantileSketch;
  readonly firstResponses: QuantileSketch;
  /** Sum of the cycle times, in completion order. */
  cycleTimeSum: number;
  /** Cases done within the resolution SLA (of the case type, for a type's tally). */
  withinResolutionSla: number;
  firstResponseSum: number;
  /** First responses within the first-response SLA (of the case type, for a type's tally). */
  firstResponsesWithinSla: number;
  countedCases: number;
  noResponseCases: number;
  sumProcessing: number;
  sumWaiting: number;
  sumOffCalendar: number;
  sumValueAdding: number;
  sumCost: number;
  sumPathWork: number;
  sumPathWait: number;
  sumPathOff: number;
  wipArea: number;
}

/** A runtime problem: bounded limits hit, or cases stuck when nothing else can happen. */
export interface RuntimeProblem {
  readonly code: 'sim.limit.tokens' | 'sim.limit.events' | 'sim.deadlock.runtime';
  readonly nodes: readonly number[];
  readonly cases: number;
}

const WEEK = 7 * 86400;
/** 1970-01-05, the first Monday of the epoch, in seconds. */
const FIRST_MONDAY = 4 * 86400;

/** Waiting times a task's sketch keeps exactly (fewer than the cases' 10,000: a model may have hundreds of tasks). */
export const TASK_WAIT_EXACT_VALUES = 2_000;

// Growing typed arrays (doubling, or to `size` when that is more), out of line so the hot paths stay small.
export function growInt(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
export function growFloat(a: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
export function growByte(a: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/** A tally with nothing counted yet. */
export function createTally(): CaseTally {
  return {
    cycleTimes: createQuantileSketch(),
    firstResponses: createQuantileSketch(),
    cycleTimeSum: 0,
    withinResolutionSla: 0,
    firstResponseSum: 0,
    firstResponsesWithinSla: 0,
    countedCases: 0,
    noResponseCases: 0,
    sumProcessing: 0,
    sumWaiting: 0,
    sumOffCalendar: 0,
    sumValueAdding: 0,
    sumCost: 0,
    sumPathWork: 0,
    sumPathWait: 0,
    sumPathOff: 0,
    wipArea: 0,
  };
}

export abstract class ReplicationBase implements CaseTally {
  readonly model: CompiledModel;
  protected readonly options: ReplicationOptions;
  protected readonly streams: RandomStream[];
  // Per source and per pool, flat for the hot loop (the same values as in `model`).
  protected readonly samplers: (Sampler | null)[];
  /** Per source: the mean of an exponential distribution (the common case, drawn without the sampler), else NaN. */
  protected readonly expMean: Float64Array;
  /** What a busy hour costs: the rate, or 0 for salaried pools (paid per hour of their calendar instead). */
  protected readonly pBusyRate: Float64Array;
  protected readonly maxEventsPerCase: number;
  // Options and model figures the hot loop reads, as own fields (no option-object lookups per event).
  /** A fixed number of cases (no horizon): counted cases are those that started after the warm-up. */
  protected readonly fixedCases: boolean;
  /** The horizon in seconds, or Infinity without one (one compare per event either way). */
  protected readonly horizonAt: number;
  protected readonly warmUp: number;
  protected readonly eventLog: boolean;
  now = 0;
  events = 0;
  elementExecutions = 0;

  /** Busy person-seconds per person group after the warm-up. */
  readonly personBusy: Float64Array;
  /** Per pool: waiting time and count of requests for a person by hour of the week (Monday 00:00 UTC first). */
  readonly waitByWeekHour: Float64Array[];
  /** Seconds from the Monday 00:00 before the run's start to the start. */
  protected readonly weekShift: number;
  // The hour of the week last looked up (`hourOfWeek`), with the interval of shifted times that surely have it.
  private weekHour = 0;
  private weekFrom = 1;
  private weekTo = 0;
  /** Per case type (only with more than one): the same figures as the replication's, for that type's cases. */
  readonly typeTallies: CaseTally[] | null;
  /** Busy time and queues per pool (one `PoolStatistics` for both engines, so both count the same way). */
  readonly poolStats: PoolStatistics;

  // Arrivals.
  protected readonly arrivalsLeft: Int32Array;
  arrivalsDone = 0;
  /** When the last case arrived: the end of the arrival window (utilisation is measured up to here, not over the drain). */
  lastArrival = 0;
  /** Busy seconds per pool after the warm-up up to the last arrival (fixed case counts only; else null). */
  busyAtLastArrival: Float64Array | null = null;
  protected readonly arrivalsTotal: number;
  protected caseSerial = 0;

  // Statistics (counted cases: those that started after the warm-up).
  // Streamed, so memory does not grow with the number of cases: sums, extremes, SLA counts and quantile sketches.
  readonly cycleTimes = createQuantileSketch();
  readonly firstResponses = createQuantileSketch();
  /** Sum of the counted cases' cycle times, in completion order. */
  cycleTimeSum = 0;
  /** Counted cases done within `resolutionSlaSeconds`. */
  withinResolutionSla = 0;
  firstResponseSum = 0;
  /** First responses within `firstResponseSlaSeconds`. */
  firstResponsesWithinSla = 0;
  countedCases = 0;
  completedCases = 0;
  abortedCases = 0;
  /** Cases that ended with an error no event caught (also in `completedCases`). */
  errorEndedCases = 0;
  noResponseCases = 0;
  sumProcessing = 0;
  sumWaiting = 0;
  sumOffCalendar = 0;
  sumValueAdding = 0;
  sumCost = 0;
  /** Sums over counted cases of the parts of the path that finished last. */
  sumPathWork = 0;
  sumPathWait = 0;
  sumPathOff = 0;
  wipArea = 0;
  lastCompletion = 0;
  readonly taskCount: Float64Array;
  readonly taskWait: Float64Array;
  readonly taskProc: Float64Array;
  readonly taskWaitMax: Float64Array;
  /** Per task node: the counted executions' waiting times, for shares within any target (null until the first). */
  readonly taskWaits: (QuantileSketch | null)[];
  protected readonly recordTaskWaits: boolean;
  readonly nodeExecutions: Float64Array;
  readonly problems = new Map<string, { code: RuntimeProblem['code']; nodes: Set<number>; cases: number }>();
  /** Event log rows: case, node, pool, unit, start, end (flattened). */
  readonly log: number[] = [];
  /** Cases per replication that ended with an error nothing caught, per throwing node. */
  readonly uncaughtErrors = new Map<number, number>();
  /** Cases stuck when nothing else could happen. */
  unfinishedCases = 0;
  /** Cases still running when a horizon ended the replication. */
  inProgressCases = 0;

  constructor(model: CompiledModel, options: ReplicationOptions) {
    this.model = model;
    this.options = options;
    this.streams = model.sources.map((s) => createRandomStream(options.seed, options.replication, s.key));
    this.samplers = model.sources.map((s) => s.sampler);
    this.expMean = Float64Array.from(model.sources, (s) => (s.sampler === null ? NaN : s.sampler.exponentialMean));
    this.pBusyRate = Float64Array.from(model.pools, (p) => (p.paidHours ? 0 : p.costPerHour));
    this.maxEventsPerCase = options.maxEventsPerCase;
    this.fixedCases = options.horizon === null;
    this.horizonAt = options.horizon === null ? Infinity : options.horizon;
    this.warmUp = model.warmUpSeconds;
    this.eventLog = options.eventLog;
    this.personBusy = new Float64Array(model.people.length);
    this.waitByWeekHour = model.pools.map(() => new Float64Array(2 * 168));
    this.weekShift = (((model.startEpochSeconds - FIRST_MONDAY) % WEEK) + WEEK) % WEEK;
    this.typeTallies = model.caseTypes.length > 1 ? model.caseTypes.map(() => createTally()) : null;
    this.poolStats = new PoolStatistics(model.pools, model.warmUpSeconds, options.queueSamples);
    this.taskCount = new Float64Array(model.nodeCount);
    this.taskWait = new Float64Array(model.nodeCount);
    this.taskProc = new Float64Array(model.nodeCount);
    this.taskWaitMax = new Float64Array(model.nodeCount);
    // Made on a task's first counted execution: a large model's tasks that never run cost nothing.
    this.taskWaits = new Array<QuantileSketch | null>(model.nodeCount).fill(null);
    this.recordTaskWaits = options.taskWaitValues === true;
    this.nodeExecutions = new Float64Array(model.nodeCount);
    // A timer start's date or bounded cycle fixes its own count of cases.
    this.arrivalsLeft = Int32Array.from(model.arrivals, (a) =>
      a.timer !== null && a.cases !== null ? a.cases : options.horizon !== null ? 2 ** 31 - 1 : options.casesOverride ? options.cases : (a.cases ?? options.cases),
    );
    this.arrivalsTotal = options.horizon === null ? this.arrivalsLeft.reduce((x, y) => x + y, 0) : 0;
  }

  /** Runs at most `maxEvents` events; returns true when the replication has finished. */
  abstract run(maxEvents: number): boolean;

  /**
   * Which cases the statistics include. A fixed number of cases runs until all are done: those that started after
   * the warm-up. A fixed period (horizon) is cut at its end: those that finished after the warm-up (statistics
   * reset at the warm-up, as BPSim tools do), so long cases cut off at the end are balanced by long cases that
   * started during the warm-up.
   */
  protected isCounted(start: number, end: number): boolean {
    return this.fixedCases ? start >= this.warmUp : end >= this.warmUp;
  }

  /** Progress of this replication in [0, 1]. */
  progress(): number {
    if (this.options.horizon !== null) return Math.min(1, this.now / this.options.horizon);
    return this.arrivalsTotal === 0 ? 1 : this.arrivalsDone / this.arrivalsTotal;
  }

  /** When the next case arrives at source `a` after `now`: a gap in open time, or along the weekly profile. */
  protected nextArrival(a: CompiledModel['arrivals'][number], now: number): number {
    if (a.timer !== null) return now + a.timer.period;
    const gap = this.sample(a.source);
    if (a.profile !== null) return a.profile.advance(now, gap);
    return a.calendar ? a.calendar.advance(now, gap) : now + gap;
  }

  protected inHorizon(t: number): boolean {
    // A calendar that never opens again gives Infinity: no more arrivals.
    return t < Infinity && t <= this.horizonAt;
  }

  /** A case was stopped at `node` for `code`: one more case under that problem. */
  protected recordAbort(code: RuntimeProblem['code'], node: number): void {
    this.abortedCases++;
    const problem = this.problems.get(code) ?? { code, nodes: new Set<number>(), cases: 0 };
    problem.nodes.add(node);
    problem.cases++;
    this.problems.set(code, problem);
  }

  /**
   * The run is over with `cases` open: in progress at the horizon, or stuck at the nodes `stuck` when nothing else
   * could happen. The queues are looked at once more, so their figures run to the end.
   */
  protected closeRun(atHorizon: boolean, cases: number, stuck: Set<number>): void {
    if (atHorizon) this.inProgressCases = cases;
    else {
      if (cases > 0) this.problems.set('sim.deadlock.runtime', { code: 'sim.deadlock.runtime', nodes: stuck, cases });
      this.unfinishedCases = cases;
    }
    for (let p = 0; p < this.model.pools.length; p++) this.poolStats.queueChanged(p, 0);
  }

  /**
   * The hour of the week (0: Monday 00:00-01:00 UTC) of simulated time `time`, where `waitByWeekHour` files a
   * request for a person. Mostly the hour of the previous request: no division.
   */
  protected hourOfWeek(time: number): number {
    const shifted = time + this.weekShift;
    if (shifted >= this.weekFrom && shifted < this.weekTo) return this.weekHour;
    return this.newHourOfWeek(shifted);
  }

  private newHourOfWeek(shifted: number): number {
    const w = (shifted / 3600) | 0; // times are >= 0: the floor, a small integer for V8
    const hour = (w % 168) | 0;
    if (w >= 0 && w < 2 ** 30) {
      // w * 3600 divided by 3600 is exactly w, so later times have an hour of at least w (division rounds
      // monotonically); below (w + 1) * 3600 * (1 - 2^-50) the quotient stays below w + 1 even rounded up.
      this.weekHour = hour;
      this.weekFrom = w * 3600;
      this.weekTo = (w + 1) * 3600 * (1 - 2 ** -50);
    }
    return hour;
  }

  protected sample(source: number): number {
    // The same expression as Sampler.sample's, so the same number.
    const mean = this.expMean[source];
    if (mean === mean) return -mean * Math.log(this.streams[source].nextOpen());
    const sampler = this.samplers[source];
    return sampler === null ? 0 : sampler.sample(this.streams[source]);
  }
}

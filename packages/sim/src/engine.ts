// The discrete-event core: one replication of a compiled model. Tokens, scopes (case, sub-process and
// multi-instance instances) and events live in growable typed arrays; the hot loop allocates nothing per event.
import * as compiled from './compile.ts';
import type { CompiledModel } from './compile.ts';
import type { Sampler } from './distributions.ts';
import { createRandomStream, type RandomStream } from './rng.ts';
import { addToSketch, createQuantileSketch } from './stats.ts';

// Local copies: imported bindings are live (getter-backed in some loaders), too slow for the hot loop.
const K_TASK = compiled.K_TASK;
const K_SUBPROCESS = compiled.K_SUBPROCESS;
const K_START = compiled.K_START;
const K_END = compiled.K_END;
const K_XOR = compiled.K_XOR;
const K_AND = compiled.K_AND;
const K_OR = compiled.K_OR;
const K_EVENT_GATEWAY = compiled.K_EVENT_GATEWAY;
const K_CATCH = compiled.K_CATCH;
const K_PASS = compiled.K_PASS;
const K_BOUNDARY = compiled.K_BOUNDARY;
const LOOP_NONE = compiled.LOOP_NONE;
const LOOP_PARALLEL = compiled.LOOP_PARALLEL;

// Token states.
const S_READY = 0;
const S_QUEUED = 1;
const S_WORKING = 2;
const S_DELAY = 3;
const S_JOIN = 4;
const S_OR_JOIN = 5;
const S_WAIT_CHILD = 6;
const S_MESSAGE = 7;
const S_RACE = 8;

// Event kinds.
const E_ARRIVAL = 0;
const E_WORK_DONE = 1;
const E_DELAY_DONE = 2;
const E_BOUNDARY = 3;
const E_RACE = 4;

function growInt(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
function growFloat(a: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
function growByte(a: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/** Adds `rate` per second over [from, to) to hourly buckets (growing the list as needed). */
function spreadOverHours(hours: number[], from: number, to: number, rate: number): void {
  if (!(to > from)) return;
  const last = Math.floor(to / 3600);
  while (hours.length <= last) hours.push(0);
  for (let h = Math.floor(from / 3600); h <= last; h++) {
    const a = Math.max(from, h * 3600);
    const b = Math.min(to, (h + 1) * 3600);
    if (b > a) hours[h] += rate * (b - a);
  }
}

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
  /** Queue-length samples kept per pool (the sampling interval doubles as the run grows). */
  readonly queueSamples: number;
}

/** A runtime problem: bounded limits hit, or cases stuck when nothing else can happen. */
export interface RuntimeProblem {
  readonly code: 'sim.limit.tokens' | 'sim.limit.events' | 'sim.deadlock.runtime';
  readonly nodes: readonly number[];
  readonly cases: number;
}

/**
 * One replication. `run(maxEvents)` advances it by at most that many events and returns true when it is
 * finished, so callers can interleave progress reports and cancellation.
 */
export class Replication {
  readonly model: CompiledModel;
  private readonly options: ReplicationOptions;
  private readonly streams: RandomStream[];
  // Per source and per pool, flat for the hot loop (the same values as in `model`).
  private readonly samplers: (Sampler | null)[];
  /** 1 when the pool has a calendar. */
  private readonly pCalendar: Uint8Array;
  /** What a busy hour costs: the rate, or 0 for salaried pools (paid per hour of their calendar instead). */
  private readonly pBusyRate: Float64Array;
  private readonly maxEventsPerCase: number;
  now = 0;
  events = 0;
  elementExecutions = 0;

  // Tokens.
  private tNode = new Int32Array(256);
  private tScope = new Int32Array(256);
  private tState = new Uint8Array(256);
  private tGen = new Int32Array(256);
  private tFlow = new Int32Array(256);
  private tLoop = new Int32Array(256);
  private tBody = new Uint8Array(256);
  private tChild = new Int32Array(256);
  private tArrive = new Float64Array(256);
  private tAssign = new Float64Array(256);
  private tStartWork = new Float64Array(256);
  private tWork = new Float64Array(256);
  private tUnit = new Int32Array(256);
  // The cycle-time parts along the token's path (processing, waiting for a person, paused off-calendar): a case's
  // parts are those of the path that finished last, so they add up to at most its cycle time (the rest is waiting
  // on timers, messages and joins).
  private tPathWork = new Float64Array(256);
  private tPathWait = new Float64Array(256);
  private tPathOff = new Float64Array(256);
  private tPrev = new Int32Array(256);
  private tNext = new Int32Array(256);
  private tokenCount = 0;
  private tokenFree = -1;

  // Scopes. For root scopes (cases) the c* columns hold the case's figures.
  private sOwner = new Int32Array(64);
  private sRoot = new Int32Array(64);
  private sCount = new Int32Array(64);
  private sHead = new Int32Array(64);
  private sSerial = new Float64Array(64);
  private sOrWaiting = new Int32Array(64);
  private sDirty = new Uint8Array(64);
  private cStart = new Float64Array(64);
  private cFirst = new Float64Array(64);
  private cProc = new Float64Array(64);
  private cWait = new Float64Array(64);
  private cOff = new Float64Array(64);
  private cValue = new Float64Array(64);
  private cCost = new Float64Array(64);
  private cExec = new Int32Array(64);
  private cTokens = new Int32Array(64);
  private cNumber = new Int32Array(64);
  private sPathWork = new Float64Array(64);
  private sPathWait = new Float64Array(64);
  private sPathOff = new Float64Array(64);
  private scopeCount = 0;
  private scopeFree = -1;
  private serial = 0;

  // Events: a binary heap ordered by (time, sequence). The heap holds the keys next to the event id, so sifting
  // compares without looking the event up.
  private eTime = new Float64Array(256);
  private eKind = new Uint8Array(256);
  private eToken = new Int32Array(256);
  private eGen = new Int32Array(256);
  private eAux = new Int32Array(256);
  private eNextFree = new Int32Array(256);
  private eventCount = 0;
  private eventFree = -1;
  private heap = new Int32Array(256);
  private heapTime = new Float64Array(256);
  private heapSeq = new Float64Array(256);
  private heapSize = 0;
  private sequence = 0;

  // Work stack of tokens to process now (token, generation).
  private ready = new Int32Array(256);
  private readyGen = new Int32Array(256);
  private readySize = 0;
  private dirty: number[] = [];

  // Parallel joins: tokens arrived per (scope, join input), dense: joinCount[scope * joinInputs + slot].
  private joinCount: Int32Array;
  // Messages: tokens waiting at a catch event, and messages that arrived before a token, per (case serial, node).
  private readonly messageWaiting = new Map<number, number[]>();
  private readonly messagePending = new Map<number, number>();
  private pendingAbort = -1;
  private pendingAbortNode = -1;
  private pendingAbortCode: RuntimeProblem['code'] = 'sim.limit.tokens';

  // Pools.
  private readonly pFree: Int32Array;
  private readonly pUnits: Int32Array[];
  private readonly pQueue: Int32Array[];
  private readonly pQueueGen: Int32Array[];
  private readonly pHead: Int32Array;
  private readonly pTail: Int32Array;
  private readonly pLive: Int32Array;
  readonly poolBusy: Float64Array;
  readonly poolQueueArea: Float64Array;
  readonly poolQueueMax: Int32Array;
  private readonly pQueueLast: Float64Array;
  readonly queueSeries: { interval: number; values: number[] }[];
  private readonly pNextSample: Float64Array;
  /** Per pool and simulated hour (all of the run, warm-up included): busy person-seconds and queue-length area. */
  readonly busyByHour: number[][];
  readonly queueByHour: number[][];
  private readonly pQueueHourLast: Float64Array;

  // Arrivals.
  private readonly arrivalsLeft: Int32Array;
  arrivalsDone = 0;
  /** When the last case arrived: the end of the arrival window (utilisation is measured up to here, not over the drain). */
  lastArrival = 0;
  /** Busy seconds per pool after the warm-up up to the last arrival (fixed case counts only; else null). */
  busyAtLastArrival: Float64Array | null = null;
  private readonly arrivalsTotal: number;
  private caseSerial = 0;

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
  noResponseCases = 0;
  sumProcessing = 0;
  sumWaiting = 0;
  sumOffCalendar = 0;
  sumValueAdding = 0;
  sumCost = 0;
  /** Sums over counted cases of the parts of the path that finished last (see `tPathWork`). */
  sumPathWork = 0;
  sumPathWait = 0;
  sumPathOff = 0;
  wipArea = 0;
  lastCompletion = 0;
  readonly taskCount: Float64Array;
  readonly taskWait: Float64Array;
  readonly taskProc: Float64Array;
  readonly taskWaitMax: Float64Array;
  readonly nodeExecutions: Float64Array;
  readonly problems = new Map<string, { code: RuntimeProblem['code']; nodes: Set<number>; cases: number }>();
  /** Event log rows: case, node, pool, unit, start, end (flattened). */
  readonly log: number[] = [];

  constructor(model: CompiledModel, options: ReplicationOptions) {
    this.model = model;
    this.options = options;
    this.joinCount = new Int32Array(64 * Math.max(1, model.joinInputCount));
    this.streams = model.sources.map((s) => createRandomStream(options.seed, options.replication, s.key));
    this.samplers = model.sources.map((s) => s.sampler);
    this.pCalendar = Uint8Array.from(model.pools, (p) => (p.calendar !== null ? 1 : 0));
    this.pBusyRate = Float64Array.from(model.pools, (p) => (p.paidHours ? 0 : p.costPerHour));
    this.maxEventsPerCase = options.maxEventsPerCase;
    const P = model.pools.length;
    this.pFree = Int32Array.from(model.pools, (p) => p.headcount);
    this.pUnits = model.pools.map((p) => Int32Array.from({ length: p.headcount }, (_, i) => p.headcount - 1 - i));
    this.pQueue = model.pools.map(() => new Int32Array(64));
    this.pQueueGen = model.pools.map(() => new Int32Array(64));
    this.pHead = new Int32Array(P);
    this.pTail = new Int32Array(P);
    this.pLive = new Int32Array(P);
    this.poolBusy = new Float64Array(P);
    this.poolQueueArea = new Float64Array(P);
    this.poolQueueMax = new Int32Array(P);
    this.pQueueLast = new Float64Array(P).fill(model.warmUpSeconds);
    this.queueSeries = model.pools.map(() => ({ interval: 60, values: [] as number[] }));
    this.pNextSample = new Float64Array(P);
    this.busyByHour = model.pools.map(() => []);
    this.queueByHour = model.pools.map(() => []);
    this.pQueueHourLast = new Float64Array(P);
    this.taskCount = new Float64Array(model.nodeCount);
    this.taskWait = new Float64Array(model.nodeCount);
    this.taskProc = new Float64Array(model.nodeCount);
    this.taskWaitMax = new Float64Array(model.nodeCount);
    this.nodeExecutions = new Float64Array(model.nodeCount);
    this.arrivalsLeft = Int32Array.from(model.arrivals, (a) => (options.horizon !== null ? 2 ** 31 - 1 : options.casesOverride ? options.cases : (a.cases ?? options.cases)));
    this.arrivalsTotal = options.horizon === null ? this.arrivalsLeft.reduce((x, y) => x + y, 0) : 0;
    model.arrivals.forEach((a, i) => {
      const first = this.sample(a.source);
      const t = a.calendar ? a.calendar.advance(0, first) : first;
      if (this.inHorizon(t)) this.schedule(t, E_ARRIVAL, -1, 0, i);
    });
  }

  /**
   * Which cases the statistics include. A fixed number of cases runs until all are done: those that started after
   * the warm-up. A fixed period (horizon) is cut at its end: those that finished after the warm-up (statistics
   * reset at the warm-up, as BPSim tools do), so long cases cut off at the end are balanced by long cases that
   * started during the warm-up.
   */
  private isCounted(start: number, end: number): boolean {
    return this.options.horizon === null ? start >= this.model.warmUpSeconds : end >= this.model.warmUpSeconds;
  }

  /** Progress of this replication in [0, 1]. */
  progress(): number {
    if (this.options.horizon !== null) return Math.min(1, this.now / this.options.horizon);
    return this.arrivalsTotal === 0 ? 1 : this.arrivalsDone / this.arrivalsTotal;
  }

  private inHorizon(t: number): boolean {
    // A calendar that never opens again gives Infinity: no more arrivals.
    return t < Infinity && (this.options.horizon === null || t <= this.options.horizon);
  }

  private sample(source: number): number {
    const sampler = this.samplers[source];
    return sampler === null ? 0 : sampler.sample(this.streams[source]);
  }

  // ---- event heap ----

  private schedule(time: number, kind: number, token: number, gen: number, aux: number): void {
    let e = this.eventFree;
    if (e >= 0) this.eventFree = this.eNextFree[e];
    else {
      e = this.eventCount++;
      if (e >= this.eTime.length) {
        const n = e + 1;
        this.eTime = growFloat(this.eTime, n);
        this.eKind = growByte(this.eKind, n);
        this.eToken = growInt(this.eToken, n);
        this.eGen = growInt(this.eGen, n);
        this.eAux = growInt(this.eAux, n);
        this.eNextFree = growInt(this.eNextFree, n);
      }
    }
    this.eTime[e] = time;
    const seq = this.sequence++;
    this.eKind[e] = kind;
    this.eToken[e] = token;
    this.eGen[e] = gen;
    this.eAux[e] = aux;
    if (this.heapSize >= this.heap.length) {
      this.heap = growInt(this.heap, this.heapSize + 1);
      this.heapTime = growFloat(this.heapTime, this.heapSize + 1);
      this.heapSeq = growFloat(this.heapSeq, this.heapSize + 1);
    }
    // Sift up.
    const heap = this.heap;
    const times = this.heapTime;
    const seqs = this.heapSeq;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && seqs[parent] < seq)) break;
      heap[i] = heap[parent];
      times[i] = pt;
      seqs[i] = seqs[parent];
      i = parent;
    }
    heap[i] = e;
    times[i] = time;
    seqs[i] = seq;
  }

  private popEvent(): number {
    const heap = this.heap;
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const top = heap[0];
    const size = --this.heapSize;
    if (size > 0) {
      const last = heap[size];
      const lt = times[size];
      const ls = seqs[size];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        const right = child + 1;
        if (right < size) {
          const a = times[child];
          const b = times[right];
          if (b < a || (b === a && seqs[right] < seqs[child])) child = right;
        }
        const ct = times[child];
        if (lt < ct || (lt === ct && ls < seqs[child])) break;
        heap[i] = heap[child];
        times[i] = ct;
        seqs[i] = seqs[child];
        i = child;
      }
      heap[i] = last;
      times[i] = lt;
      seqs[i] = ls;
    }
    return top;
  }

  // ---- tokens and scopes ----

  private newToken(scope: number, node: number, flow: number): number {
    let t = this.tokenFree;
    if (t >= 0) this.tokenFree = this.tNext[t];
    else {
      t = this.tokenCount++;
      if (t >= this.tNode.length) {
        const n = t + 1;
        this.tNode = growInt(this.tNode, n);
        this.tScope = growInt(this.tScope, n);
        this.tState = growByte(this.tState, n);
        this.tGen = growInt(this.tGen, n);
        this.tFlow = growInt(this.tFlow, n);
        this.tLoop = growInt(this.tLoop, n);
        this.tBody = growByte(this.tBody, n);
        this.tChild = growInt(this.tChild, n);
        this.tArrive = growFloat(this.tArrive, n);
        this.tAssign = growFloat(this.tAssign, n);
        this.tStartWork = growFloat(this.tStartWork, n);
        this.tWork = growFloat(this.tWork, n);
        this.tUnit = growInt(this.tUnit, n);
        this.tPathWork = growFloat(this.tPathWork, n);
        this.tPathWait = growFloat(this.tPathWait, n);
        this.tPathOff = growFloat(this.tPathOff, n);
        this.tPrev = growInt(this.tPrev, n);
        this.tNext = growInt(this.tNext, n);
      }
    }
    this.tNode[t] = node;
    this.tScope[t] = scope;
    this.tState[t] = S_READY;
    this.tFlow[t] = flow;
    this.tLoop[t] = 1;
    this.tBody[t] = 0;
    this.tChild[t] = -1;
    this.tUnit[t] = -1;
    this.tPathWork[t] = 0;
    this.tPathWait[t] = 0;
    this.tPathOff[t] = 0;
    // Link at the head of the scope's token list.
    const head = this.sHead[scope];
    this.tPrev[t] = -1;
    this.tNext[t] = head;
    if (head >= 0) this.tPrev[head] = t;
    this.sHead[scope] = t;
    this.sCount[scope]++;
    const root = this.sRoot[scope];
    // Aborting here would free scopes under the caller's feet: abort once the current token is processed.
    if (++this.cTokens[root] > this.options.maxTokensPerCase && this.pendingAbort < 0) {
      this.pendingAbort = root;
      this.pendingAbortNode = node;
    }
    return t;
  }

  /** Frees a token; the caller decides what an empty scope means. */
  private freeToken(t: number): void {
    const scope = this.tScope[t];
    const prev = this.tPrev[t];
    const next = this.tNext[t];
    if (prev >= 0) this.tNext[prev] = next;
    else this.sHead[scope] = next;
    if (next >= 0) this.tPrev[next] = prev;
    this.tGen[t]++;
    this.sCount[scope]--;
    this.cTokens[this.sRoot[scope]]--;
    if (this.sOrWaiting[scope] > 0) this.markDirty(scope);
    this.tNext[t] = this.tokenFree;
    this.tokenFree = t;
    this.tScope[t] = -1;
  }

  private newScope(owner: number, root: number): number {
    let s = this.scopeFree;
    if (s >= 0) this.scopeFree = this.sHead[s];
    else {
      s = this.scopeCount++;
      if (s >= this.sOwner.length) {
        const n = s + 1;
        this.sOwner = growInt(this.sOwner, n);
        this.sRoot = growInt(this.sRoot, n);
        this.sCount = growInt(this.sCount, n);
        this.sHead = growInt(this.sHead, n);
        this.sSerial = growFloat(this.sSerial, n);
        this.sOrWaiting = growInt(this.sOrWaiting, n);
        this.sDirty = growByte(this.sDirty, n);
        this.cStart = growFloat(this.cStart, n);
        this.cFirst = growFloat(this.cFirst, n);
        this.cProc = growFloat(this.cProc, n);
        this.cWait = growFloat(this.cWait, n);
        this.cOff = growFloat(this.cOff, n);
        this.cValue = growFloat(this.cValue, n);
        this.cCost = growFloat(this.cCost, n);
        this.cExec = growInt(this.cExec, n);
        this.cTokens = growInt(this.cTokens, n);
        this.cNumber = growInt(this.cNumber, n);
        this.sPathWork = growFloat(this.sPathWork, n);
        this.sPathWait = growFloat(this.sPathWait, n);
        this.sPathOff = growFloat(this.sPathOff, n);
        this.joinCount = growInt(this.joinCount, this.sOwner.length * this.model.joinInputCount);
      }
    }
    const J = this.model.joinInputCount;
    if (J > 0) this.joinCount.fill(0, s * J, (s + 1) * J);
    this.sOwner[s] = owner;
    this.sRoot[s] = root < 0 ? s : root;
    this.sCount[s] = 0;
    this.sHead[s] = -1;
    this.sSerial[s] = ++this.serial;
    this.sOrWaiting[s] = 0;
    this.sPathWork[s] = 0;
    this.sPathWait[s] = 0;
    this.sPathOff[s] = 0;
    return s;
  }

  private freeScope(s: number): void {
    this.sSerial[s] = -1;
    this.sHead[s] = this.scopeFree;
    this.scopeFree = s;
  }

  private push(t: number): void {
    if (this.tScope[t] < 0) return;
    if (this.readySize >= this.ready.length) {
      this.ready = growInt(this.ready, this.readySize + 1);
      this.readyGen = growInt(this.readyGen, this.readySize + 1);
    }
    this.ready[this.readySize] = t;
    this.readyGen[this.readySize++] = this.tGen[t];
  }

  private markDirty(s: number): void {
    if (this.sDirty[s]) return;
    this.sDirty[s] = 1;
    this.dirty.push(s, this.sSerial[s]);
  }

  // ---- the run ----

  /** Runs at most `maxEvents` events; returns true when the replication has finished. */
  run(maxEvents: number): boolean {
    for (let i = 0; i < maxEvents; i++) {
      if (this.heapSize === 0) {
        this.finish(false);
        return true;
      }
      // With a horizon the replication is a fixed period: it ends there, open cases are in progress.
      const horizon = this.options.horizon;
      if (horizon !== null && this.heapTime[0] > horizon) {
        this.now = horizon;
        this.finish(true);
        return true;
      }
      const e = this.popEvent();
      const kind = this.eKind[e];
      const t = this.eToken[e];
      const gen = this.eGen[e];
      const aux = this.eAux[e];
      this.eNextFree[e] = this.eventFree;
      this.eventFree = e;
      // Cancelled events (stale generation) neither count nor move the clock.
      if (kind !== E_ARRIVAL && this.tGen[t] !== gen) continue;
      this.now = this.eTime[e];
      this.events++;
      if (kind === E_ARRIVAL) this.arrive(aux);
      else if (kind === E_WORK_DONE) this.workDone(t);
      else if (kind === E_DELAY_DONE) this.moveOut(t, this.tNode[t]);
      else if (kind === E_RACE) this.raceWon(t, aux);
      else this.boundaryFires(t, aux);
      if (this.pendingAbort >= 0) this.flushAbort();
      this.drain();
    }
    return false;
  }

  private drain(): void {
    for (;;) {
      while (this.readySize > 0) {
        const i = --this.readySize;
        const t = this.ready[i];
        if (this.tGen[t] === this.readyGen[i]) this.process(t);
        if (this.pendingAbort >= 0) this.flushAbort();
      }
      if (this.dirty.length === 0) return;
      const serial = this.dirty.pop() as number;
      const s = this.dirty.pop() as number;
      this.sDirty[s] = 0;
      if (this.sSerial[s] === serial) this.checkOrJoins(s);
    }
  }

  private arrive(source: number): void {
    const arrival = this.model.arrivals[source];
    this.arrivalsDone++;
    this.lastArrival = this.now;
    if (this.arrivalsDone === this.arrivalsTotal) this.busyAtLastArrival = this.busySoFar();
    const root = this.newScope(-1, -1);
    this.cStart[root] = this.now;
    this.cFirst[root] = -1;
    this.cProc[root] = 0;
    this.cWait[root] = 0;
    this.cOff[root] = 0;
    this.cValue[root] = 0;
    this.cCost[root] = 0;
    this.cExec[root] = 0;
    this.cTokens[root] = 0;
    this.cNumber[root] = ++this.caseSerial;
    this.push(this.newToken(root, arrival.node, -1));
    if (--this.arrivalsLeft[source] > 0) {
      const gap = this.sample(arrival.source);
      const next = arrival.calendar ? arrival.calendar.advance(this.now, gap) : this.now + gap;
      if (this.inHorizon(next)) this.schedule(next, E_ARRIVAL, -1, 0, source);
    }
  }

  /** A token has just arrived at its node. */
  private process(t: number): void {
    const m = this.model;
    const n = this.tNode[t];
    const scope = this.tScope[t];
    const root = this.sRoot[scope];
    this.elementExecutions++;
    this.nodeExecutions[n]++;
    if (++this.cExec[root] > this.maxEventsPerCase) {
      this.pendingAbort = root;
      this.pendingAbortNode = n;
      this.pendingAbortCode = 'sim.limit.events';
      return;
    }
    switch (m.kind[n]) {
      case K_TASK:
      case K_SUBPROCESS:
        if (this.tBody[t]) this.startBody(t);
        else this.enterActivity(t);
        return;
      case K_XOR: {
        const start = m.outStart[n];
        const end = m.outStart[n + 1];
        if (end - start <= 1) {
          this.moveOut(t, n);
          return;
        }
        const u = this.streams[m.choiceSource[n]].next();
        let k = start;
        while (k < end - 1 && u >= m.flowProbability[m.outFlows[k]]) k++;
        const f = m.outFlows[k];
        this.tNode[t] = m.flowTarget[f];
        this.tFlow[t] = f;
        if (this.sOrWaiting[scope] > 0) this.markDirty(scope);
        this.push(t);
        return;
      }
      case K_AND:
        if (m.inStart[n + 1] - m.inStart[n] > 1 && !this.andJoin(t, n, scope)) return;
        this.moveOut(t, n);
        return;
      case K_OR:
        if (m.orSlot[n] >= 0) {
          this.tState[t] = S_OR_JOIN;
          this.sOrWaiting[scope]++;
          this.markDirty(scope);
          return;
        }
        this.orSplit(t, n);
        return;
      case K_EVENT_GATEWAY:
        this.race(t, n);
        return;
      case K_CATCH: {
        if (m.messageWait[n]) {
          this.awaitMessage(t, n, root);
          return;
        }
        const d = this.sample(m.delaySource[n]);
        if (d > 0) {
          this.tState[t] = S_DELAY;
          this.schedule(this.now + d, E_DELAY_DONE, t, this.tGen[t], 0);
        } else this.moveOut(t, n);
        return;
      }
      case K_END:
        if (m.messageStart[n + 1] > m.messageStart[n]) this.sendMessages(n, root, t);
        this.pathEnds(t);
        if (m.terminate[n]) this.terminateScope(scope);
        else {
          this.freeToken(t);
          if (this.sCount[scope] === 0) this.scopeDone(scope);
        }
        return;
      case K_START:
      case K_PASS:
      case K_BOUNDARY:
      default:
        if (m.messageStart[n + 1] > m.messageStart[n]) this.sendMessages(n, root, t);
        this.moveOut(t, n);
    }
  }

  /** Sends a token down every outgoing flow of `n` (one flow: it moves; none: its path ends). */
  private moveOut(t: number, n: number): void {
    const m = this.model;
    const scope = this.tScope[t];
    const start = m.outStart[n];
    const end = m.outStart[n + 1];
    this.tState[t] = S_READY;
    if (start === end) {
      this.pathEnds(t);
      this.freeToken(t);
      if (this.sCount[scope] === 0) this.scopeDone(scope);
      return;
    }
    if (this.sOrWaiting[scope] > 0) this.markDirty(scope);
    for (let k = start + 1; k < end; k++) {
      const f = m.outFlows[k];
      this.push(this.inheritPath(this.newToken(scope, m.flowTarget[f], f), t));
    }
    const f = m.outFlows[start];
    this.tNode[t] = m.flowTarget[f];
    this.tFlow[t] = f;
    this.push(t);
  }

  private andJoin(t: number, n: number, scope: number): boolean {
    const m = this.model;
    const counts = this.joinCount;
    const base = scope * m.joinInputCount;
    counts[base + m.joinSlot[this.tFlow[t]]]++;
    for (let k = m.inStart[n]; k < m.inStart[n + 1]; k++) {
      if (counts[base + m.joinSlot[m.inFlows[k]]] === 0) {
        this.tState[t] = S_JOIN;
        return false;
      }
    }
    // Every input has a token: consume one per input; this token continues, the waiting ones end.
    for (let k = m.inStart[n]; k < m.inStart[n + 1]; k++) {
      const f = m.inFlows[k];
      counts[base + m.joinSlot[f]]--;
      if (f === this.tFlow[t]) continue;
      for (let w = this.sHead[scope]; w >= 0; w = this.tNext[w]) {
        if (w !== t && this.tNode[w] === n && this.tState[w] === S_JOIN && this.tFlow[w] === f) {
          this.freeToken(w);
          break;
        }
      }
    }
    return true;
  }

  /** Fires every OR join in scope `s` that no other token of the scope can still reach. */
  private checkOrJoins(s: number): void {
    const m = this.model;
    const N = m.nodeCount;
    for (let w = this.sHead[s]; w >= 0; w = this.tNext[w]) {
      if (this.tState[w] !== S_OR_JOIN) continue;
      const j = this.tNode[w];
      const row = m.orSlot[j] * N;
      let blocked = false;
      for (let o = this.sHead[s]; o >= 0; o = this.tNext[o]) {
        if (this.tNode[o] === j && this.tState[o] === S_OR_JOIN) continue;
        if (m.upstream[row + this.tNode[o]]) {
          blocked = true;
          break;
        }
      }
      if (blocked) continue;
      // Merge all tokens waiting here into `w`.
      for (let o = this.sHead[s]; o >= 0; ) {
        const next = this.tNext[o];
        if (o !== w && this.tNode[o] === j && this.tState[o] === S_OR_JOIN) {
          this.sOrWaiting[s]--;
          if (this.tPathWork[o] + this.tPathWait[o] + this.tPathOff[o] > this.tPathWork[w] + this.tPathWait[w] + this.tPathOff[w]) this.inheritPath(w, o);
          this.freeToken(o);
        }
        o = next;
      }
      this.sOrWaiting[s]--;
      this.tState[w] = S_READY;
      this.orSplit(w, j);
      this.markDirty(s);
      return; // the list changed; the scope is re-checked after the new tokens moved
    }
  }

  private orSplit(t: number, n: number): void {
    const m = this.model;
    const start = m.outStart[n];
    const end = m.outStart[n + 1];
    if (end - start <= 1) {
      this.moveOut(t, n);
      return;
    }
    const rng = this.streams[m.choiceSource[n]];
    const scope = this.tScope[t];
    let first = -1;
    for (let k = start; k < end; k++) {
      const f = m.outFlows[k];
      if (f === m.defaultFlow[n]) continue;
      if (rng.next() < m.flowProbability[f]) {
        if (first < 0) first = f;
        else this.push(this.inheritPath(this.newToken(scope, m.flowTarget[f], f), t));
      }
    }
    if (first < 0) {
      // No condition held: the default flow, else one branch drawn in proportion to its probability.
      first = m.defaultFlow[n];
      if (first < 0) {
        let total = 0;
        for (let k = start; k < end; k++) total += m.flowProbability[m.outFlows[k]];
        let u = rng.next() * total;
        first = m.outFlows[end - 1];
        for (let k = start; k < end; k++) {
          u -= m.flowProbability[m.outFlows[k]];
          if (u < 0) {
            first = m.outFlows[k];
            break;
          }
        }
      }
    }
    this.tNode[t] = m.flowTarget[first];
    this.tFlow[t] = first;
    if (this.sOrWaiting[scope] > 0) this.markDirty(scope);
    this.push(t);
  }

  /** Event-based gateway: every target's event draws its time; the first one wins. */
  private race(t: number, n: number): void {
    const m = this.model;
    let best = Infinity;
    let winner = -1;
    for (let k = m.outStart[n]; k < m.outStart[n + 1]; k++) {
      const f = m.outFlows[k];
      const target = m.flowTarget[f];
      const source = m.delaySource[target];
      const sampler = source >= 0 ? m.sources[source].sampler : null;
      const d = sampler === null ? Infinity : sampler.sample(this.streams[source]);
      if (d < best || winner < 0) {
        best = d;
        winner = f;
      }
    }
    if (winner < 0) {
      this.moveOut(t, n);
      return;
    }
    // Targets waiting for a message sent inside the model race too: the token waits at the gateway.
    let waitsForMessage = false;
    const root = this.sRoot[this.tScope[t]];
    for (let k = m.outStart[n]; k < m.outStart[n + 1]; k++) {
      const f = m.outFlows[k];
      if (!m.messageWait[m.flowTarget[f]]) continue;
      const key = this.sSerial[root] * m.nodeCount + m.flowTarget[f];
      const pending = this.messagePending.get(key) ?? 0;
      if (pending > 0) {
        if (pending === 1) this.messagePending.delete(key);
        else this.messagePending.set(key, pending - 1);
        this.raceWon(t, f);
        return;
      }
      waitsForMessage = true;
    }
    if (waitsForMessage) {
      this.tState[t] = S_RACE;
      const gen = this.tGen[t];
      for (let k = m.outStart[n]; k < m.outStart[n + 1]; k++) {
        const target = m.flowTarget[m.outFlows[k]];
        if (!m.messageWait[target]) continue;
        const key = this.sSerial[root] * m.nodeCount + target;
        const waiting = this.messageWaiting.get(key);
        if (waiting) waiting.push(t, gen);
        else this.messageWaiting.set(key, [t, gen]);
      }
      if (best < Infinity) this.schedule(this.now + best, E_RACE, t, gen, winner);
      return;
    }
    const target = m.flowTarget[winner];
    this.tNode[t] = target;
    this.tFlow[t] = winner;
    this.elementExecutions++;
    this.nodeExecutions[target]++;
    this.tState[t] = S_DELAY;
    if (best === Infinity) best = 0; // no target has a time: the first one happens at once
    this.schedule(this.now + best, E_DELAY_DONE, t, this.tGen[t], 0);
  }

  /** The event behind flow `f` of an event-based gateway happened first: withdraw the others and go on. */
  private raceWon(t: number, f: number): void {
    const target = this.model.flowTarget[f];
    this.tGen[t]++; // cancels the other timers and message registrations of this race
    this.tNode[t] = target;
    this.tFlow[t] = f;
    this.elementExecutions++;
    this.nodeExecutions[target]++;
    this.moveOut(t, target);
  }

  private enterActivity(t: number): void {
    const m = this.model;
    const n = this.tNode[t];
    for (let k = m.boundaryStart[n]; k < m.boundaryStart[n + 1]; k++) {
      const b = m.boundaryNodes[k];
      if (m.messageWait[b]) {
        // Armed while the activity runs: a message sent inside the model fires it.
        const key = this.sSerial[this.sRoot[this.tScope[t]]] * m.nodeCount + b;
        const waiting = this.messageWaiting.get(key);
        if (waiting) waiting.push(t, this.tGen[t]);
        else this.messageWaiting.set(key, [t, this.tGen[t]]);
        continue;
      }
      const source = m.delaySource[b];
      if (m.sources[source].sampler === null) continue;
      this.schedule(this.now + this.sample(source), E_BOUNDARY, t, this.tGen[t], b);
    }
    const loop = m.loopKind[n];
    if (loop === LOOP_NONE) {
      this.startBody(t);
      return;
    }
    let count = m.instanceCount[n];
    if (count === 0) {
      const source = m.choiceSource[n];
      count = m.sources[source].sampler === null ? 1 : Math.max(1, Math.round(this.sample(source)));
    }
    if (loop === LOOP_PARALLEL) {
      const child = this.newScope(t, this.sRoot[this.tScope[t]]);
      this.tChild[t] = child;
      this.tState[t] = S_WAIT_CHILD;
      for (let i = 0; i < count; i++) {
        const c = this.newToken(child, n, -1);
        this.tBody[c] = 1;
        this.push(c);
      }
      return;
    }
    // Standard loop and sequential multi-instance: the body runs `count` times in a row.
    this.tLoop[t] = count;
    this.startBody(t);
  }

  private startBody(t: number): void {
    const m = this.model;
    const n = this.tNode[t];
    if (m.kind[n] === K_SUBPROCESS) {
      const child = this.newScope(t, this.sRoot[this.tScope[t]]);
      this.tChild[t] = child;
      this.tState[t] = S_WAIT_CHILD;
      const start = m.startStart[n];
      const end = m.startStart[n + 1];
      if (start === end) {
        this.tChild[t] = -1;
        this.freeScope(child);
        this.bodyDone(t);
        return;
      }
      for (let k = start; k < end; k++) this.push(this.newToken(child, m.startNodes[k], -1));
      return;
    }
    if (m.messageWait[n]) {
      // A receive task whose message is sent inside the model: it waits for that message, no person needed.
      this.awaitMessage(t, n, this.sRoot[this.tScope[t]]);
      return;
    }
    this.tArrive[t] = this.now;
    const p = m.pool[n];
    if (p < 0) {
      this.startWork(t, -1, -1);
      return;
    }
    if (this.pFree[p] > 0) {
      this.startWork(t, p, this.pUnits[p][--this.pFree[p]]);
      return;
    }
    // FIFO queue (ring buffer); cancelled entries are skipped lazily by generation.
    this.tState[t] = S_QUEUED;
    let queue = this.pQueue[p];
    if (this.pTail[p] - this.pHead[p] >= queue.length) {
      const size = queue.length;
      const bigger = new Int32Array(size * 2);
      const biggerGen = new Int32Array(size * 2);
      for (let i = this.pHead[p]; i < this.pTail[p]; i++) {
        bigger[i - this.pHead[p]] = queue[i % size];
        biggerGen[i - this.pHead[p]] = this.pQueueGen[p][i % size];
      }
      this.pTail[p] -= this.pHead[p];
      this.pHead[p] = 0;
      this.pQueue[p] = queue = bigger;
      this.pQueueGen[p] = biggerGen;
    }
    const slot = this.pTail[p]++ % queue.length;
    queue[slot] = t;
    this.pQueueGen[p][slot] = this.tGen[t];
    this.queueChanged(p, 1);
  }

  private queueChanged(p: number, delta: number): void {
    const now = this.now;
    const live = this.pLive[p];
    const warmUp = this.model.warmUpSeconds;
    if (now > warmUp) this.poolQueueArea[p] += live * (now - Math.max(warmUp, this.pQueueLast[p]));
    this.pQueueLast[p] = now;
    if (live > 0) {
      const hours = this.queueByHour[p];
      const from = this.pQueueHourLast[p];
      const h = Math.floor(from / 3600);
      // Mostly the same hour: no loop, no call.
      if (h === Math.floor(now / 3600) && h < hours.length) hours[h] += live * (now - from);
      else spreadOverHours(hours, from, now, live);
    }
    this.pQueueHourLast[p] = now;
    // Sampled series: the value at multiples of `interval`; the interval doubles to keep the series short.
    const series = this.queueSeries[p];
    while (this.pNextSample[p] <= now) {
      series.values.push(live);
      this.pNextSample[p] += series.interval;
      if (series.values.length >= 2 * this.options.queueSamples) {
        const kept: number[] = [];
        for (let i = 0; i < series.values.length; i += 2) kept.push(series.values[i]);
        series.values = kept;
        series.interval *= 2;
        this.pNextSample[p] = kept.length * series.interval;
      }
    }
    this.pLive[p] = live + delta;
    if (live + delta > this.poolQueueMax[p]) this.poolQueueMax[p] = live + delta;
  }

  private startWork(t: number, p: number, unit: number): void {
    const m = this.model;
    const n = this.tNode[t];
    const work = this.sample(m.delaySource[n]);
    const calendar = p >= 0 ? m.pools[p].calendar : null;
    this.tState[t] = S_WORKING;
    this.tUnit[t] = unit;
    this.tAssign[t] = this.now;
    this.tWork[t] = work;
    let end: number;
    if (calendar === null) {
      this.tStartWork[t] = this.now;
      end = this.now + work;
    } else {
      this.tStartWork[t] = calendar.nextOpen(this.now);
      end = calendar.advance(this.now, work);
    }
    if (end === Infinity) return; // the calendar never opens again: stuck, reported at the end
    this.schedule(end, E_WORK_DONE, t, this.tGen[t], 0);
  }

  private releaseResource(p: number, unit: number): void {
    // Hand the resource to the first live entry of the queue, else make it free.
    const queue = this.pQueue[p];
    const gens = this.pQueueGen[p];
    while (this.pHead[p] < this.pTail[p]) {
      const slot = this.pHead[p]++ % queue.length;
      const next = queue[slot];
      if (this.tGen[next] !== gens[slot] || this.tState[next] !== S_QUEUED) continue;
      this.queueChanged(p, -1);
      this.startWork(next, p, unit);
      return;
    }
    this.pUnits[p][this.pFree[p]++] = unit;
  }

  private workDone(t: number): void {
    const m = this.model;
    const n = this.tNode[t];
    const p = m.pool[n];
    const now = this.now;
    const work = this.tWork[t];
    const root = this.sRoot[this.tScope[t]];
    const wait = this.tAssign[t] - this.tArrive[t];
    // Without a calendar the work runs straight through: no off-calendar time (and no rounding residue).
    const off = p >= 0 && this.pCalendar[p] === 1 ? Math.max(0, now - this.tAssign[t] - work) : 0;
    // A salaried pool's cost is its paid hours, added per replication; here only what a busy hour costs.
    const rate = p >= 0 ? this.pBusyRate[p] : 0;
    const cost = (rate > 0 ? (rate * work) / 3600 : 0) + m.fixedCost[n];
    this.cProc[root] += work;
    this.cWait[root] += wait;
    this.cOff[root] += off;
    this.tPathWork[t] += work;
    this.tPathWait[t] += wait;
    this.tPathOff[t] += off;
    this.cCost[root] += cost;
    if (m.valueAdding[n]) this.cValue[root] += work;
    if (m.substantive[n] && this.cFirst[root] < 0) this.cFirst[root] = now - this.cStart[root];
    if (this.isCounted(this.cStart[root], now)) {
      this.taskCount[n]++;
      this.taskWait[n] += wait;
      this.taskProc[n] += work;
      if (wait > this.taskWaitMax[n]) this.taskWaitMax[n] = wait;
    }
    if (p >= 0) {
      this.addBusy(p, this.tStartWork[t], now, work);
      if (this.options.eventLog) this.log.push(this.cNumber[root], n, p, this.tUnit[t], this.tStartWork[t], now);
      this.releaseResource(p, this.tUnit[t]);
    } else if (this.options.eventLog) this.log.push(this.cNumber[root], n, -1, -1, this.tStartWork[t], now);
    this.tUnit[t] = -1;
    this.bodyDone(t);
  }

  /** Busy time after the warm-up; work straddling the warm-up end counts in proportion. */
  private addBusy(p: number, start: number, end: number, work: number): void {
    this.addBusyByHour(p, start, end, work);
    const warmUp = this.model.warmUpSeconds;
    if (end <= warmUp) return;
    if (start >= warmUp || end === start) this.poolBusy[p] += work;
    else this.poolBusy[p] += (work * (end - warmUp)) / (end - start);
  }

  /** Busy time per simulated hour: the work is spread over the open time between start and end. */
  private addBusyByHour(p: number, start: number, end: number, work: number): void {
    const hours = this.busyByHour[p];
    const first = Math.floor(start / 3600);
    if (work <= 0) return;
    if (end <= start || Math.floor(end / 3600) === first) {
      while (hours.length <= first) hours.push(0);
      hours[first] += work;
      return;
    }
    const calendar = this.model.pools[p].calendar;
    if (calendar === null) {
      spreadOverHours(hours, start, end, work / (end - start));
      return;
    }
    const open = calendar.openSeconds(start, end);
    if (!(open > 0)) return;
    const last = Math.floor(end / 3600);
    while (hours.length <= last) hours.push(0);
    for (let h = first; h <= last; h++) {
      const inHour = calendar.openSeconds(Math.max(start, h * 3600), Math.min(end, (h + 1) * 3600));
      if (inHour > 0) hours[h] += (work * inHour) / open;
    }
  }

  private bodyDone(t: number): void {
    if (this.tBody[t]) {
      // One instance of a parallel multi-instance activity.
      const scope = this.tScope[t];
      this.pathEnds(t);
      this.freeToken(t);
      if (this.sCount[scope] === 0) this.scopeDone(scope);
      return;
    }
    if (this.tLoop[t] > 1) {
      this.tLoop[t]--;
      this.startBody(t);
      return;
    }
    this.tGen[t]++; // cancels this activity's pending boundary timers
    const n = this.tNode[t];
    if (this.model.messageStart[n + 1] > this.model.messageStart[n]) this.sendMessages(n, this.sRoot[this.tScope[t]], t);
    this.moveOut(t, n);
  }

  /** Sends the messages of node `n`; the receivers continue the sender's path (`sender`), which is why they go on now. */
  private sendMessages(n: number, root: number, sender: number): void {
    const m = this.model;
    for (let k = m.messageStart[n]; k < m.messageStart[n + 1]; k++) {
      const target = m.messageTargets[k];
      if (m.kind[target] === K_START) {
        this.push(this.inheritPath(this.newToken(root, target, -1), sender));
        continue;
      }
      const key = this.sSerial[root] * m.nodeCount + target;
      const waiting = this.messageWaiting.get(key);
      const boundary = m.kind[target] === K_BOUNDARY;
      let delivered = false;
      while (waiting && waiting.length > 0 && !delivered) {
        const t = waiting.shift() as number;
        const gen = waiting.shift() as number;
        if (this.tGen[t] !== gen) continue;
        delivered = true;
        // The receiver waited for this message: from here its time is the sender's path.
        if (!boundary && (this.tState[t] === S_MESSAGE || this.tState[t] === S_RACE)) this.inheritPath(t, sender);
        if (boundary) this.boundaryFires(t, target);
        else if (this.tState[t] === S_MESSAGE) this.messageArrived(t, target);
        else if (this.tState[t] === S_RACE) {
          const gateway = this.tNode[t];
          for (let j = m.outStart[gateway]; j < m.outStart[gateway + 1]; j++) if (m.flowTarget[m.outFlows[j]] === target) this.raceWon(t, m.outFlows[j]);
        } else delivered = false;
      }
      if (waiting && waiting.length === 0) this.messageWaiting.delete(key);
      // A message for a catch event or receive task waits for its token; one for an activity that is not running
      // (a boundary event) is lost, as in BPMN.
      if (!delivered && !boundary) this.messagePending.set(key, (this.messagePending.get(key) ?? 0) + 1);
    }
  }

  private awaitMessage(t: number, n: number, root: number): void {
    const key = this.sSerial[root] * this.model.nodeCount + n;
    const pending = this.messagePending.get(key) ?? 0;
    if (pending > 0) {
      if (pending === 1) this.messagePending.delete(key);
      else this.messagePending.set(key, pending - 1);
      this.messageArrived(t, n);
      return;
    }
    this.tState[t] = S_MESSAGE;
    const waiting = this.messageWaiting.get(key);
    if (waiting) waiting.push(t, this.tGen[t]);
    else this.messageWaiting.set(key, [t, this.tGen[t]]);
  }

  /** The message a catch event or receive task waited for is here. */
  private messageArrived(t: number, n: number): void {
    this.tState[t] = S_READY;
    if (this.model.kind[n] !== K_TASK) {
      this.moveOut(t, n);
      return;
    }
    const root = this.sRoot[this.tScope[t]];
    if (this.isCounted(this.cStart[root], this.now)) this.taskCount[n]++;
    this.bodyDone(t);
  }

  /** A token's path ends: the last one to end in a scope gives the scope its parts. */
  private pathEnds(t: number): void {
    const s = this.tScope[t];
    this.sPathWork[s] = this.tPathWork[t];
    this.sPathWait[s] = this.tPathWait[t];
    this.sPathOff[s] = this.tPathOff[t];
  }

  /** `to` continues the path of `from` (a split, a non-interrupting boundary event, an OR-join merge). */
  private inheritPath(to: number, from: number): number {
    this.tPathWork[to] = this.tPathWork[from];
    this.tPathWait[to] = this.tPathWait[from];
    this.tPathOff[to] = this.tPathOff[from];
    return to;
  }

  private scopeDone(s: number): void {
    const owner = this.sOwner[s];
    if (owner < 0) {
      this.caseDone(s);
      this.freeScope(s);
      return;
    }
    // The activity's time is that of the path inside that finished last.
    this.tPathWork[owner] += this.sPathWork[s];
    this.tPathWait[owner] += this.sPathWait[s];
    this.tPathOff[owner] += this.sPathOff[s];
    this.freeScope(s);
    this.tChild[owner] = -1;
    this.bodyDone(owner);
  }

  private caseDone(root: number): void {
    const m = this.model;
    const now = this.now;
    const start = this.cStart[root];
    this.completedCases++;
    this.lastCompletion = now;
    if (now > m.warmUpSeconds) this.wipArea += now - Math.max(start, m.warmUpSeconds);
    if (!this.isCounted(start, now)) return;
    this.countedCases++;
    const cycle = now - start;
    this.cycleTimeSum += cycle;
    addToSketch(this.cycleTimes, cycle);
    if (m.resolutionSlaSeconds !== null && cycle <= m.resolutionSlaSeconds) this.withinResolutionSla++;
    this.sumProcessing += this.cProc[root];
    this.sumWaiting += this.cWait[root];
    this.sumOffCalendar += this.cOff[root];
    this.sumValueAdding += this.cValue[root];
    this.sumCost += this.cCost[root];
    this.sumPathWork += this.sPathWork[root];
    this.sumPathWait += this.sPathWait[root];
    this.sumPathOff += this.sPathOff[root];
    const first = this.cFirst[root];
    if (first >= 0) {
      this.firstResponseSum += first;
      addToSketch(this.firstResponses, first);
      if (first <= m.firstResponseSlaSeconds) this.firstResponsesWithinSla++;
    } else this.noResponseCases++;
  }

  private boundaryFires(t: number, b: number): void {
    const m = this.model;
    if (m.interrupting[b]) {
      this.cancelActivity(t);
      this.tNode[t] = b;
      this.tLoop[t] = 1;
      this.push(t);
    } else {
      const c = this.newToken(this.tScope[t], b, -1);
      this.push(this.inheritPath(c, t));
    }
  }

  /** Stops whatever a token is doing (queue, work, child scope) and invalidates its pending events. */
  private cancelActivity(t: number): void {
    this.tGen[t]++;
    const state = this.tState[t];
    const n = this.tNode[t];
    const p = this.model.pool[n];
    if (state === S_QUEUED && p >= 0) this.queueChanged(p, -1);
    else if (state === S_WORKING && p >= 0 && this.tUnit[t] >= 0) {
      const calendar = this.model.pools[p].calendar;
      const start = this.tStartWork[t];
      const done = calendar === null ? this.now - start : calendar.openSeconds(start, this.now);
      this.addBusy(p, start, this.now, Math.max(0, Math.min(done, this.tWork[t])));
      this.releaseResource(p, this.tUnit[t]);
      this.tUnit[t] = -1;
    } else if (state === S_OR_JOIN) this.sOrWaiting[this.tScope[t]]--;
    if (this.tChild[t] >= 0) {
      this.killScope(this.tChild[t]);
      this.tChild[t] = -1;
    }
    this.tState[t] = S_READY;
  }

  private killScope(s: number): void {
    while (this.sHead[s] >= 0) {
      const t = this.sHead[s];
      this.cancelActivity(t);
      this.freeToken(t);
    }
    this.freeScope(s);
  }

  private terminateScope(s: number): void {
    while (this.sHead[s] >= 0) {
      const t = this.sHead[s];
      this.cancelActivity(t);
      this.freeToken(t);
    }
    this.scopeDone(s);
  }

  private flushAbort(): void {
    const root = this.pendingAbort;
    this.pendingAbort = -1;
    this.abortCase(root, this.pendingAbortCode, this.pendingAbortNode);
    this.pendingAbortCode = 'sim.limit.tokens';
  }

  private abortCase(root: number, code: RuntimeProblem['code'], node: number): void {
    if (this.sSerial[root] < 0) return;
    this.abortedCases++;
    const problem = this.problems.get(code) ?? { code, nodes: new Set<number>(), cases: 0 };
    problem.nodes.add(node);
    problem.cases++;
    this.problems.set(code, problem);
    if (this.now > this.model.warmUpSeconds) this.wipArea += this.now - Math.max(this.cStart[root], this.model.warmUpSeconds);
    // Tokens being created right now are freed with the scope; the caller's token goes stale by generation.
    this.killScope(root);
  }

  /**
   * The end of the replication. Stopped at the horizon: open cases are still in progress. Out of events: open
   * cases are stuck (a deadlock, or a calendar that never opens), reported with where their tokens wait.
   */
  /** Busy seconds per pool after the warm-up up to now, work under way included (for the arrival window). */
  private busySoFar(): Float64Array {
    const m = this.model;
    const busy = Float64Array.from(this.poolBusy);
    const warmUp = m.warmUpSeconds;
    const now = this.now;
    if (now <= warmUp) return busy;
    for (let t = 0; t < this.tokenCount; t++) {
      if (this.tScope[t] < 0 || this.tState[t] !== S_WORKING || this.tUnit[t] < 0) continue;
      const p = m.pool[this.tNode[t]];
      if (p < 0) continue;
      const calendar = m.pools[p].calendar;
      const start = this.tStartWork[t];
      const done = Math.min(this.tWork[t], calendar === null ? now - start : calendar.openSeconds(start, now));
      if (done <= 0) continue;
      busy[p] += start >= warmUp || now === start ? done : (done * (now - warmUp)) / (now - start);
    }
    return busy;
  }

  private finish(atHorizon: boolean): void {
    const m = this.model;
    const stuck = new Set<number>();
    let cases = 0;
    for (let s = 0; s < this.scopeCount; s++) {
      if (this.sSerial[s] < 0 || this.sOwner[s] >= 0) continue;
      cases++;
      if (this.now > m.warmUpSeconds) this.wipArea += this.now - Math.max(this.cStart[s], m.warmUpSeconds);
      const visit = (scope: number) => {
        for (let t = this.sHead[scope]; t >= 0; t = this.tNext[t]) {
          if (this.tChild[t] >= 0) visit(this.tChild[t]);
          else stuck.add(this.tNode[t]);
        }
      };
      if (!atHorizon) visit(s);
    }
    // Work under way at the end counts as busy time up to now.
    for (let t = 0; t < this.tokenCount; t++) {
      if (this.tScope[t] < 0 || this.tState[t] !== S_WORKING || this.tUnit[t] < 0) continue;
      const p = m.pool[this.tNode[t]];
      if (p < 0) continue;
      const calendar = m.pools[p].calendar;
      const start = this.tStartWork[t];
      const done = calendar === null ? this.now - start : calendar.openSeconds(start, this.now);
      if (done > 0) this.addBusy(p, start, this.now, Math.min(done, this.tWork[t]));
    }
    if (atHorizon) this.inProgressCases = cases;
    else {
      if (cases > 0) this.problems.set('sim.deadlock.runtime', { code: 'sim.deadlock.runtime', nodes: stuck, cases });
      this.unfinishedCases = cases;
    }
    for (let p = 0; p < m.pools.length; p++) this.queueChanged(p, 0);
  }

  /** Cases stuck when nothing else could happen. */
  unfinishedCases = 0;
  /** Cases still running when a horizon ended the replication. */
  inProgressCases = 0;
}

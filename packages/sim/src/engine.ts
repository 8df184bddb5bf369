// The discrete-event core: one replication of a compiled model. Tokens, scopes (case, sub-process and
// multi-instance instances) and events live in growable typed arrays; the hot loop allocates nothing per event.
import * as compiled from './compile.ts';
import type { CompiledModel } from './compile.ts';
import * as events from './events.ts';
import { EventHeap } from './event-heap.ts';
import { ReplicationBase, TASK_WAIT_EXACT_VALUES, growByte, growFloat, growInt, type CaseTally, type ReplicationOptions, type RuntimeProblem } from './replication-base.ts';
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
const THROW_SIGNAL = events.THROW_SIGNAL;
const THROW_ERROR = events.THROW_ERROR;
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
/** An event sub-process's timer; the event's token field holds the scope, its generation the scope's serial. */
const E_SCOPE_TIMER = 5;
/** A pool's shift plan changes its headcount (aux = pool). */
const E_STAFF = 6;








/**
 * One replication. `run(maxEvents)` advances it by at most that many events and returns true when it is
 * finished, so callers can interleave progress reports and cancellation.
 */
export class Replication extends ReplicationBase {
  /** 1 when the pool has a calendar. */
  private readonly pCalendar: Uint8Array;
  private readonly maxTokensPerCase: number;
  /**
   * Per node: 1 when it sends no message, throws nothing, arms no event sub-process, has no boundary event, no
   * loop or multi-instance, waits for no message and is not a terminate end: the common path skips those checks.
   */
  private readonly plainNode: Uint8Array;

  // Tokens.
  private tNode = new Int32Array(256);
  private tScope = new Int32Array(256);
  /** The case (root scope) of the token's scope: one load instead of two chained ones on the hot paths. */
  private tRoot = new Int32Array(256);
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
  /** The person group (index into `model.people`) doing the token's task, or -1 (one of the pool's own people). */
  private tPerson = new Int32Array(256);
  /** Work left of a task a higher-priority case interrupted (-1: none); the total and what was paused/waited before. */
  private tRemain = new Float64Array(256);
  private tWorkTotal = new Float64Array(256);
  private tWaitBefore = new Float64Array(256);
  private tOffBefore = new Float64Array(256);
  /** Bumped when work is interrupted: its pending completion event goes stale. */
  private tWorkSerial = new Int32Array(256);
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
  /** The case type of a case (index into `model.caseTypes`). */
  private cType = new Int32Array(64);
  private sPathWork = new Float64Array(64);
  private sPathWait = new Float64Array(64);
  private sPathOff = new Float64Array(64);
  private scopeCount = 0;
  private scopeFree = -1;
  private serial = 0;

  // Events: the heap (`EventHeap`, ordered by time then sequence) holds each pending event's id; one Int32Array holds
  // each event's kind, token, generation and aux (stride 4; a free event's token field links the free list). The
  // time of an event is its heap key only (the clock is read from the top before it is removed).
  private readonly heap = new EventHeap();
  private eData = new Int32Array(4 * 256);
  private eventCount = 0;
  private eventFree = -1;

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

  // Pools. Queues are ring buffers per (pool, priority rank): index p * rankCount + rank.
  private readonly pFree: Int32Array;
  private readonly pUnits: Int32Array[];
  private readonly pQueue: Int32Array[];
  private readonly pQueueGen: Int32Array[];
  private readonly pHead: Int32Array;
  private readonly pTail: Int32Array;
  /** People on duty (free + busy) and how many should be (shift plans change it; equal otherwise). */
  private readonly pActive: Int32Array;
  private readonly pTarget: Int32Array;
  /** Units off duty (shift plans). */
  private readonly pOff: Int32Array[];
  private readonly pOffCount: Int32Array;
  /** The token each of a pool's units works for (-1 when free); kept for preemption. */
  private readonly pUnitToken: Int32Array[];
  /** Shift changes waiting in the heap (they alone do not keep a finished run going). */
  private staffPending = 0;
  // People in several pools: free units per group.
  private readonly wFree: Int32Array;
  private readonly wUnits: Int32Array[];


  constructor(model: CompiledModel, options: ReplicationOptions) {
    super(model, options);
    this.joinCount = new Int32Array(64 * Math.max(1, model.joinInputCount));
    this.pCalendar = Uint8Array.from(model.pools, (p) => (p.calendar !== null ? 1 : 0));
    this.maxTokensPerCase = options.maxTokensPerCase;
    this.plainNode = new Uint8Array(model.nodeCount);
    for (let n = 0; n < model.nodeCount; n++) {
      const busy =
        model.messageStart[n + 1] > model.messageStart[n] ||
        model.throwKind[n] !== 0 ||
        model.armStart[n + 1] > model.armStart[n] ||
        model.boundaryStart[n + 1] > model.boundaryStart[n] ||
        model.loopKind[n] !== LOOP_NONE ||
        model.messageWait[n] !== 0 ||
        model.terminate[n] !== 0;
      this.plainNode[n] = busy ? 0 : 1;
    }
    const P = model.pools.length;
    const R = model.rankCount;
    // With a shift plan only those on duty at the start are free; the others wait off duty.
    const onDuty = model.pools.map((p) => (p.shifts ? p.shifts.valueAt(0) : p.headcount));
    this.pFree = Int32Array.from(onDuty);
    this.pUnits = model.pools.map((p, i) => Int32Array.from({ length: p.headcount }, (_, u) => (u < onDuty[i] ? onDuty[i] - 1 - u : 0)));
    this.pOff = model.pools.map((p, i) => Int32Array.from({ length: p.headcount }, (_, u) => (u < p.headcount - onDuty[i] ? p.headcount - 1 - u : 0)));
    this.pOffCount = Int32Array.from(model.pools, (p, i) => p.headcount - onDuty[i]);
    this.pActive = Int32Array.from(onDuty);
    this.pTarget = Int32Array.from(onDuty);
    this.pUnitToken = model.pools.map((p) => new Int32Array(p.headcount).fill(-1));
    this.pQueue = Array.from({ length: P * R }, () => new Int32Array(64));
    this.pQueueGen = Array.from({ length: P * R }, () => new Int32Array(64));
    this.pHead = new Int32Array(P * R);
    this.pTail = new Int32Array(P * R);
    this.wFree = Int32Array.from(model.people, (w) => w.count);
    this.wUnits = model.people.map((w) => Int32Array.from({ length: w.count }, (_, u) => w.count - 1 - u));
    model.arrivals.forEach((a, i) => {
      const t = a.timer !== null ? a.timer.at : this.nextArrival(a, 0);
      if (this.inHorizon(t)) this.schedule(t, E_ARRIVAL, -1, 0, i);
    });
    model.pools.forEach((pool, p) => {
      if (pool.shifts) this.scheduleStaffChange(p, 0);
    });
  }

  private scheduleStaffChange(p: number, now: number): void {
    const next = (this.model.pools[p].shifts as NonNullable<CompiledModel['pools'][number]['shifts']>).nextChange(now);
    if (next === Infinity) return;
    this.staffPending++;
    this.schedule(next, E_STAFF, -1, 0, p);
  }

  /** Is anyone waiting in a queue? (Shift changes alone keep the run going only for them.) */
  private anyQueued(): boolean {
    return this.poolStats.anyWaiting();
  }

  // ---- event heap ----

  // `schedule` is kept small (growing is out of line) so its callers inline it: a call that is not inlined boxes
  // the time argument on the heap, an allocation per event.
  private schedule(time: number, kind: number, token: number, gen: number, aux: number): void {
    let data = this.eData;
    let e = this.eventFree;
    if (e >= 0) this.eventFree = data[(e << 2) + 1];
    else {
      e = this.eventCount++;
      if (e << 2 >= data.length) data = this.growEvents();
    }
    const d = e << 2;
    data[d] = kind;
    data[d + 1] = token;
    data[d + 2] = gen;
    data[d + 3] = aux;
    this.heap.push(time, e);
  }

  private growEvents(): Int32Array<ArrayBuffer> {
    this.eData = growInt(this.eData, this.eData.length + 4);
    return this.eData;
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
        this.tRoot = growInt(this.tRoot, n);
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
        this.tPerson = growInt(this.tPerson, n);
        this.tRemain = growFloat(this.tRemain, n);
        this.tWorkTotal = growFloat(this.tWorkTotal, n);
        this.tWaitBefore = growFloat(this.tWaitBefore, n);
        this.tOffBefore = growFloat(this.tOffBefore, n);
        this.tWorkSerial = growInt(this.tWorkSerial, n);
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
    this.tPerson[t] = -1;
    this.tRemain[t] = -1;
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
    this.tRoot[t] = root;
    // Aborting here would free scopes under the caller's feet: abort once the current token is processed.
    if (++this.cTokens[root] > this.maxTokensPerCase && this.pendingAbort < 0) {
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
        this.cType = growInt(this.cType, n);
        this.sPathWork = growFloat(this.sPathWork, n);
        this.sPathWait = growFloat(this.sPathWait, n);
        this.sPathOff = growFloat(this.sPathOff, n);
        this.joinCount = growInt(this.joinCount, this.sOwner.length * this.model.joinInputCount);
      }
    }
    const J = this.model.joinInputCount;
    // A loop, not `fill`: a builtin call per case costs more than the few slots of a process's joins.
    const counts = this.joinCount;
    for (let k = s * J, last = k + J; k < last; k++) counts[k] = 0;
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
      if (this.heap.size === this.staffPending && (this.heap.size === 0 || !this.anyQueued())) {
        this.finish(false);
        return true;
      }
      // With a horizon the replication is a fixed period: it ends there, open cases are in progress.
      const time = this.heap.firstTime();
      if (time > this.horizonAt) {
        this.now = this.horizonAt;
        this.poolStats.setClock(this.horizonAt);
        this.finish(true);
        return true;
      }
      const e = this.heap.pop();
      const data = this.eData;
      const d = e << 2;
      const kind = data[d];
      const t = data[d + 1];
      const gen = data[d + 2];
      const aux = data[d + 3];
      data[d + 1] = this.eventFree;
      this.eventFree = e;
      // Cancelled events (stale generation, interrupted work) neither count nor move the clock.
      if (kind === E_SCOPE_TIMER) {
        if (this.sSerial[t] !== gen) continue;
      } else if (t >= 0 && (this.tGen[t] !== gen || (kind === E_WORK_DONE && this.tWorkSerial[t] !== aux))) continue;
      this.now = time;
      this.poolStats.setClock(time);
      this.events++;
      if (kind === E_ARRIVAL) this.arrive(aux);
      else if (kind === E_WORK_DONE) this.workDone(t);
      else if (kind === E_STAFF) this.staffChange(aux);
      else if (kind === E_DELAY_DONE) this.moveOut(t, this.tNode[t]);
      else if (kind === E_RACE) this.raceWon(t, aux);
      else if (kind === E_BOUNDARY) this.boundaryTimer(t, aux);
      else this.scopeTimer(t, aux);
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
    let type = 0;
    if (this.model.typeSource >= 0) {
      const u = this.streams[this.model.typeSource].next();
      const cumulative = this.model.typeCumulative;
      while (type < cumulative.length - 1 && u >= cumulative[type]) type++;
    }
    this.cType[root] = type;
    this.push(this.newToken(root, arrival.node, -1));
    if (--this.arrivalsLeft[source] > 0) {
      const next = this.nextArrival(arrival, this.now);
      if (this.inHorizon(next)) this.schedule(next, E_ARRIVAL, -1, 0, source);
    }
  }

  /** A token has just arrived at its node. */
  private process(t: number): void {
    const m = this.model;
    const n = this.tNode[t];
    const scope = this.tScope[t];
    const root = this.tRoot[t];
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
        // A plain activity has nothing to arm on entry: straight to its body (one call less per task).
        if (this.tBody[t] || this.plainNode[n] === 1) this.startBody(t);
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
        const probability = m.typeFlowProbability;
        const row = this.cType[root] * m.flowCount;
        let k = start;
        // Two flows (most gateways): the compare as a number, no branch (a random choice mispredicts).
        if (end - start === 2) k += (u >= probability[row + m.outFlows[k]]) as unknown as number;
        else while (k < end - 1 && u >= probability[row + m.outFlows[k]]) k++;
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
        const at = m.timerAt[n];
        const d = at === at ? Math.max(0, at - this.now) : this.sample(m.delaySource[n]);
        if (d > 0) {
          this.tState[t] = S_DELAY;
          this.schedule(this.now + d, E_DELAY_DONE, t, this.tGen[t], 0);
        } else this.moveOut(t, n);
        return;
      }
      case K_END:
        if (this.plainNode[n] === 1) {
          this.pathEnds(t);
          this.freeToken(t);
          if (this.sCount[scope] === 0) this.scopeDone(scope);
          return;
        }
        if (m.messageStart[n + 1] > m.messageStart[n] || m.throwKind[n] !== 0) {
          const gen = this.tGen[t];
          if (m.messageStart[n + 1] > m.messageStart[n]) this.sendMessages(n, root, t);
          if (m.throwKind[n] !== 0 && this.tGen[t] === gen) this.throwEvent(t, n);
          if (this.tGen[t] !== gen) return; // caught by an interrupting event, or the case ended
        }
        this.pathEnds(t);
        if (m.terminate[n]) this.terminateScope(scope);
        else {
          this.freeToken(t);
          if (this.sCount[scope] === 0) this.scopeDone(scope);
        }
        return;
      case K_START:
        if (this.plainNode[n] === 1) {
          this.moveOut(t, n);
          return;
        }
        if (m.armStart[n + 1] > m.armStart[n]) this.armScope(n, scope);
        if (m.messageStart[n + 1] > m.messageStart[n]) {
          const gen = this.tGen[t];
          this.sendMessages(n, root, t);
          if (this.tGen[t] !== gen) return;
        }
        this.moveOut(t, n);
        return;
      case K_PASS:
      case K_BOUNDARY:
      default:
        if (this.plainNode[n] === 0 && (m.messageStart[n + 1] > m.messageStart[n] || m.throwKind[n] !== 0)) {
          const gen = this.tGen[t];
          if (m.messageStart[n + 1] > m.messageStart[n]) this.sendMessages(n, root, t);
          if (m.throwKind[n] !== 0 && this.tGen[t] === gen) this.throwEvent(t, n);
          if (this.tGen[t] !== gen) return; // the token was taken by an interrupting event
        }
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
    const probability = m.typeFlowProbability;
    const row = this.cType[this.sRoot[scope]] * m.flowCount;
    let first = -1;
    for (let k = start; k < end; k++) {
      const f = m.outFlows[k];
      if (f === m.defaultFlow[n]) continue;
      if (rng.next() < probability[row + f]) {
        if (first < 0) first = f;
        else this.push(this.inheritPath(this.newToken(scope, m.flowTarget[f], f), t));
      }
    }
    if (first < 0) {
      // No condition held: the default flow, else one branch drawn in proportion to its probability.
      first = m.defaultFlow[n];
      if (first < 0) {
        let total = 0;
        for (let k = start; k < end; k++) total += probability[row + m.outFlows[k]];
        let u = rng.next() * total;
        first = m.outFlows[end - 1];
        for (let k = start; k < end; k++) {
          u -= probability[row + m.outFlows[k]];
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
      const at = m.timerAt[target];
      const d = at === at ? Math.max(0, at - this.now) : sampler === null ? Infinity : sampler.sample(this.streams[source]);
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
    if (this.plainNode[n] === 1) {
      this.startBody(t);
      return;
    }
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
      const at = m.timerAt[b];
      if (at === at) {
        this.schedule(Math.max(this.now, at), E_BOUNDARY, t, this.tGen[t], b);
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
      if (m.armStart[n + 1] > m.armStart[n]) this.armScope(n, child);
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
    if (m.preemptive) {
      this.tWaitBefore[t] = 0;
      this.tOffBefore[t] = 0;
    }
    const p = m.pool[n];
    if (p < 0) {
      this.startWork(t, -1, -1, -1);
      return;
    }
    if (this.pFree[p] > 0) {
      this.startWork(t, p, this.pUnits[p][--this.pFree[p]], -1);
      return;
    }
    if (m.personStart[p + 1] > m.personStart[p] && this.startWithPerson(t, p)) return;
    if (m.preemptive && this.preempt(t, p)) return;
    this.enqueue(t, p, false);
  }

  /** Queues token t at pool p in its case type's priority rank: at the back, or at the front (interrupted work). */
  private enqueue(t: number, p: number, front: boolean): void {
    const m = this.model;
    this.tState[t] = S_QUEUED;
    // FIFO ring buffer per (pool, rank); cancelled entries are skipped lazily by generation. Its length is a power
    // of two (64, doubled when full), so a slot is an index masked, not divided.
    const q = p * m.rankCount + m.typeRank[this.cType[this.tRoot[t]]];
    let queue = this.pQueue[q];
    if (this.pTail[q] - this.pHead[q] >= queue.length) {
      const size = queue.length;
      const bigger = new Int32Array(size * 2);
      const biggerGen = new Int32Array(size * 2);
      for (let i = this.pHead[q]; i < this.pTail[q]; i++) {
        bigger[i - this.pHead[q]] = queue[i & (size - 1)];
        biggerGen[i - this.pHead[q]] = this.pQueueGen[q][i & (size - 1)];
      }
      this.pTail[q] -= this.pHead[q];
      this.pHead[q] = 0;
      this.pQueue[q] = queue = bigger;
      this.pQueueGen[q] = biggerGen;
    }
    let slot: number;
    if (front) {
      // Moving both ends by the length keeps every slot where it is.
      if (this.pHead[q] === 0) {
        this.pHead[q] += queue.length;
        this.pTail[q] += queue.length;
      }
      slot = --this.pHead[q] & (queue.length - 1);
    } else slot = this.pTail[q]++ & (queue.length - 1);
    queue[slot] = t;
    this.pQueueGen[q][slot] = this.tGen[t];
    this.queueChanged(p, 1);
  }

  /** The queue `peekQueue` found its token in. */
  private peekedQueue = -1;

  /** The next live token waiting at pool p (highest priority rank first, then first come), or -1. */
  private peekQueue(p: number): number {
    const R = this.model.rankCount;
    for (let q = p * R, last = q + R; q < last; q++) {
      const queue = this.pQueue[q];
      const gens = this.pQueueGen[q];
      while (this.pHead[q] < this.pTail[q]) {
        const slot = this.pHead[q] & (queue.length - 1);
        const next = queue[slot];
        if (this.tGen[next] === gens[slot] && this.tState[next] === S_QUEUED) {
          this.peekedQueue = q;
          return next;
        }
        this.pHead[q]++;
      }
    }
    return -1;
  }

  /** A free person from another pool who also works in pool p takes token t (the first group listed with someone free). */
  private startWithPerson(t: number, p: number): boolean {
    const m = this.model;
    for (let k = m.personStart[p]; k < m.personStart[p + 1]; k++) {
      const w = m.personOfPool[k];
      if (this.wFree[w] > 0) {
        this.startWork(t, p, this.wUnits[w][--this.wFree[w]], w);
        return true;
      }
    }
    return false;
  }

  /**
   * Preemptive discipline: token t takes the person working for the lowest-priority case of pool p (the one that
   * started last among equals) when that case has a lower priority; the interrupted task queues first in its rank
   * and resumes where it stopped.
   */
  private preempt(t: number, p: number): boolean {
    const m = this.model;
    const rank = m.typeRank[this.cType[this.sRoot[this.tScope[t]]]];
    const tokens = this.pUnitToken[p];
    let victim = -1;
    let victimRank = rank;
    for (let u = 0; u < tokens.length; u++) {
      const v = tokens[u];
      if (v < 0) continue;
      const r = m.typeRank[this.cType[this.sRoot[this.tScope[v]]]];
      if (r > victimRank || (victim >= 0 && r === victimRank && this.tAssign[v] > this.tAssign[victim])) {
        victim = v;
        victimRank = r;
      }
    }
    if (victim < 0) return false;
    const unit = this.tUnit[victim];
    const calendar = m.pools[p].calendar;
    const start = this.tStartWork[victim];
    const done = Math.max(0, Math.min(this.tWork[victim], calendar === null ? this.now - start : calendar.openSeconds(start, this.now)));
    this.addBusy(p, start, this.now, done);
    this.tWaitBefore[victim] += this.tAssign[victim] - this.tArrive[victim];
    this.tOffBefore[victim] += calendar === null ? 0 : Math.max(0, this.now - this.tAssign[victim] - done);
    this.tRemain[victim] = this.tWork[victim] - done;
    this.tWorkSerial[victim]++; // its completion event goes stale
    this.tUnit[victim] = -1;
    this.tArrive[victim] = this.now;
    this.enqueue(victim, p, true);
    this.startWork(t, p, unit, -1);
    return true;
  }

  /** A shift plan changes pool p's headcount now: free people leave at once, busy ones after their task. */
  private staffChange(p: number): void {
    this.staffPending--;
    const shifts = this.model.pools[p].shifts;
    if (shifts === null) return;
    const target = shifts.valueAt(this.now);
    this.pTarget[p] = target;
    while (this.pActive[p] > target && this.pFree[p] > 0) {
      this.pOff[p][this.pOffCount[p]++] = this.pUnits[p][--this.pFree[p]];
      this.pActive[p]--;
    }
    while (this.pActive[p] < target && this.pOffCount[p] > 0) {
      this.pActive[p]++;
      this.releaseResource(p, this.pOff[p][--this.pOffCount[p]]);
    }
    this.scheduleStaffChange(p, this.now);
  }

  private queueChanged(p: number, delta: number): void {
    this.poolStats.queueChanged(p, delta);
  }

  /** The calendar token t's work follows: its person's own, else its pool's (null: always open). */
  private workCalendar(t: number, p: number): CompiledModel['pools'][number]['calendar'] {
    if (p < 0) return null;
    const person = this.tPerson[t];
    return person >= 0 ? (this.model.people[person].calendar ?? this.model.pools[p].calendar) : this.model.pools[p].calendar;
  }

  private startWork(t: number, p: number, unit: number, person: number): void {
    const m = this.model;
    let work: number;
    if (m.preemptive && this.tRemain[t] >= 0) {
      // Interrupted work resumes: what was left of it.
      work = this.tRemain[t];
      this.tRemain[t] = -1;
    } else {
      // One case type: its row is the first, no need to look the case up.
      const row = m.typeSource < 0 ? 0 : this.cType[this.tRoot[t]] * m.nodeCount;
      work = this.sample(m.typeDelaySource[row + this.tNode[t]]);
      if (m.preemptive) this.tWorkTotal[t] = work;
    }
    this.tState[t] = S_WORKING;
    this.tUnit[t] = unit;
    this.tPerson[t] = person;
    let calendar: CompiledModel['pools'][number]['calendar'] = null;
    if (p >= 0) {
      if (person >= 0) calendar = m.people[person].calendar ?? m.pools[p].calendar;
      else {
        if (this.pCalendar[p] === 1) calendar = m.pools[p].calendar;
        if (m.preemptive) this.pUnitToken[p][unit] = t;
      }
    }
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
    this.schedule(end, E_WORK_DONE, t, this.tGen[t], this.tWorkSerial[t]);
  }

  private releaseResource(p: number, unit: number): void {
    if (this.model.preemptive) this.pUnitToken[p][unit] = -1;
    // The shift is over for this person: off duty once the task in hand is done.
    if (this.pActive[p] > this.pTarget[p]) {
      this.pActive[p]--;
      this.pOff[p][this.pOffCount[p]++] = unit;
      return;
    }
    // Hand the resource to the first live entry of the queues (highest priority first), else make it free.
    const next = this.peekQueue(p);
    if (next >= 0) {
      this.pHead[this.peekedQueue]++;
      this.queueChanged(p, -1);
      this.startWork(next, p, unit, -1);
      return;
    }
    this.pUnits[p][this.pFree[p]++] = unit;
  }

  /** A person of group w is free: they take the most urgent case waiting in any of their pools (priority, then arrival). */
  private releasePerson(w: number, unit: number): void {
    const m = this.model;
    const R = m.rankCount;
    let best = -1;
    let bestQueue = -1;
    let bestPool = -1;
    for (let k = m.poolStart[w]; k < m.poolStart[w + 1]; k++) {
      const p = m.poolOfPerson[k];
      const c = this.peekQueue(p);
      if (c < 0) continue;
      const rank = this.peekedQueue - p * R;
      const bestRank = bestQueue - bestPool * R;
      if (best < 0 || rank < bestRank || (rank === bestRank && this.tArrive[c] < this.tArrive[best])) {
        best = c;
        bestQueue = this.peekedQueue;
        bestPool = p;
      }
    }
    if (best >= 0) {
      this.pHead[bestQueue]++;
      this.queueChanged(bestPool, -1);
      this.startWork(best, bestPool, unit, w);
      return;
    }
    this.wUnits[w][this.wFree[w]++] = unit;
  }

  /** Frees whoever works for token t (a pool's own person or a person from a group). */
  private releaseWorker(t: number, p: number): void {
    if (this.tPerson[t] >= 0) this.releasePerson(this.tPerson[t], this.tUnit[t]);
    else this.releaseResource(p, this.tUnit[t]);
    this.tUnit[t] = -1;
    this.tPerson[t] = -1;
  }

  /** Busy time of token t's worker over [start, end): the pool's, or the person group's. */
  private addWorkerBusy(t: number, p: number, start: number, end: number, work: number): void {
    const person = this.tPerson[t];
    if (person < 0) {
      this.addBusy(p, start, end, work);
      return;
    }
    const warmUp = this.model.warmUpSeconds;
    if (end <= warmUp) return;
    this.personBusy[person] += start >= warmUp || end === start ? work : (work * (end - warmUp)) / (end - start);
  }

  private workDone(t: number): void {
    const m = this.model;
    const n = this.tNode[t];
    const p = m.pool[n];
    const now = this.now;
    const preemptive = m.preemptive;
    const work = preemptive ? this.tWorkTotal[t] : this.tWork[t];
    const root = this.tRoot[t];
    // Interrupted work (preemption) adds the waiting and pausing before it resumed.
    const wait = (preemptive ? this.tWaitBefore[t] : 0) + this.tAssign[t] - this.tArrive[t];
    const person = this.tPerson[t];
    // The flat flag first: most work is done by a pool's own people, whose calendar is the pool's.
    const calendar = p < 0 ? null : person < 0 ? (this.pCalendar[p] === 1 ? m.pools[p].calendar : null) : (m.people[person].calendar ?? m.pools[p].calendar);
    // Without a calendar the work runs straight through: no off-calendar time (and no rounding residue).
    const off = (preemptive ? this.tOffBefore[t] : 0) + (calendar !== null ? Math.max(0, now - this.tAssign[t] - this.tWork[t]) : 0);
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
      if (this.recordTaskWaits) addToSketch((this.taskWaits[n] ??= createQuantileSketch(TASK_WAIT_EXACT_VALUES)), wait);
      if (p >= 0) {
        // Wait for a person by the hour of the week the (last) request came in.
        const hour = this.hourOfWeek(this.tArrive[t]);
        const byHour = this.waitByWeekHour[p];
        byHour[hour] += this.tAssign[t] - this.tArrive[t];
        byHour[168 + hour]++;
      }
    }
    if (p >= 0) {
      if (person < 0) {
        this.addBusy(p, this.tStartWork[t], now, this.tWork[t]);
        if (this.eventLog) this.log.push(this.cNumber[root], n, p, this.tUnit[t], this.tStartWork[t], now);
        this.releaseResource(p, this.tUnit[t]);
      } else {
        this.addWorkerBusy(t, p, this.tStartWork[t], now, this.tWork[t]);
        if (this.eventLog) this.log.push(this.cNumber[root], n, p, -2 - (person * 65536 + this.tUnit[t]), this.tStartWork[t], now);
        this.releasePerson(person, this.tUnit[t]);
        this.tPerson[t] = -1;
      }
    } else if (this.eventLog) this.log.push(this.cNumber[root], n, -1, -1, this.tStartWork[t], now);
    this.tUnit[t] = -1;
    this.bodyDone(t);
  }

  /** Busy time after the warm-up (work straddling its end counts in proportion) and per simulated hour. */
  private addBusy(p: number, start: number, end: number, work: number): void {
    this.poolStats.addBusy(p, start, end, work);
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
    const gen = ++this.tGen[t]; // cancels this activity's pending boundary timers
    const n = this.tNode[t];
    if (this.plainNode[n] === 0 && this.model.messageStart[n + 1] > this.model.messageStart[n]) {
      this.sendMessages(n, this.sRoot[this.tScope[t]], t);
      if (this.tGen[t] !== gen) return; // the message started an interrupting event sub-process around the sender
    }
    this.moveOut(t, n);
  }

  /** Sends the messages of node `n`; the receivers continue the sender's path (`sender`), which is why they go on now. */
  private sendMessages(n: number, root: number, sender: number): void {
    const m = this.model;
    for (let k = m.messageStart[n]; k < m.messageStart[n + 1]; k++) {
      const target = m.messageTargets[k];
      if (m.kind[target] === K_START) {
        if (m.espOf[target] >= 0) this.triggerInCase(root, target, sender);
        else this.push(this.inheritPath(this.newToken(root, target, -1), sender));
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
    if (now > m.warmUpSeconds) this.addWip(root, now - Math.max(start, m.warmUpSeconds));
    if (!this.isCounted(start, now)) return;
    const cycle = now - start;
    if (this.typeTallies !== null) {
      const type = this.cType[root];
      const caseType = m.caseTypes[type];
      this.tally(this.typeTallies[type], root, cycle, caseType.resolutionSlaSeconds, caseType.firstResponseSlaSeconds);
    }
    // The replication is the tally of all cases, against the scenario's own targets.
    this.tally(this, root, cycle, m.resolutionSlaSeconds, m.firstResponseSlaSeconds);
  }

  // ---- error, escalation and signal events, event sub-processes (tables from events.ts) ----

  // Path parts collected by collectPath (fields, not a returned object: no allocation).
  private pw = 0;
  private pwt = 0;
  private po = 0;

  /** The path of `t` plus those of the activities around it, up to (not including) the activity token `stop`. */
  private collectPath(t: number, stop: number): void {
    this.pw = this.tPathWork[t];
    this.pwt = this.tPathWait[t];
    this.po = this.tPathOff[t];
    for (let s = this.tScope[t]; this.sOwner[s] >= 0 && this.sOwner[s] !== stop; s = this.tScope[this.sOwner[s]]) {
      const x = this.sOwner[s];
      this.pw += this.tPathWork[x];
      this.pwt += this.tPathWait[x];
      this.po += this.tPathOff[x];
    }
  }

  /** Error, escalation or signal thrown at node `n` by token `t` (which is freed when an interrupting catch takes it). */
  private throwEvent(t: number, n: number): void {
    const m = this.model;
    const scope = this.tScope[t];
    const root = this.sRoot[scope];
    const kind = m.throwKind[n];
    if (kind === THROW_SIGNAL) {
      this.broadcastSignal(n, root, t);
      return;
    }
    const c = m.catchNode[n];
    if (c < 0) {
      if (kind !== THROW_ERROR) return; // an escalation nobody catches has no effect
      // Nothing catches the error: the case ends here, with this outcome reported.
      this.collectPath(t, -1);
      this.sPathWork[root] = this.pw;
      this.sPathWait[root] = this.pwt;
      this.sPathOff[root] = this.po;
      this.uncaughtErrors.set(n, (this.uncaughtErrors.get(n) ?? 0) + 1);
      this.errorEndedCases++;
      this.terminateScope(root);
      return;
    }
    const host = m.catchHost[n];
    if (m.kind[c] === K_BOUNDARY) {
      // The running instance of the sub-process around the thrower that carries the boundary event.
      let o = -1;
      for (let s = scope; this.sOwner[s] >= 0; s = this.tScope[this.sOwner[s]]) {
        const x = this.sOwner[s];
        if (this.tNode[x] === host && !this.tBody[x]) {
          o = x;
          break;
        }
      }
      if (o < 0) return;
      this.collectPath(t, o);
      if (m.interrupting[c]) {
        this.tPathWork[o] += this.pw;
        this.tPathWait[o] += this.pwt;
        this.tPathOff[o] += this.po;
        this.boundaryFires(o, c);
      } else {
        const b = this.inheritPath(this.newToken(this.tScope[o], c, -1), o);
        this.tPathWork[b] += this.pw;
        this.tPathWait[b] += this.pwt;
        this.tPathOff[b] += this.po;
        this.push(b);
      }
      return;
    }
    // An event sub-process in the instance of `host` around the thrower (the case at the process level).
    let s = scope;
    if (host < 0) s = root;
    else {
      while (this.sOwner[s] >= 0 && this.tNode[this.sOwner[s]] !== host) s = this.tScope[this.sOwner[s]];
      if (this.sOwner[s] < 0) return;
    }
    this.collectPath(t, this.sOwner[s]);
    this.startEventSubProcess(s, c, this.pw, this.pwt, this.po);
  }

  /** A signal reaches every catch of it in the case that waits now; start events start their process or event sub-process. */
  private broadcastSignal(n: number, root: number, sender: number): void {
    const m = this.model;
    for (let k = m.signalStart[n]; k < m.signalStart[n + 1]; k++) {
      const target = m.signalTargets[k];
      if (m.kind[target] === K_START) {
        if (m.espOf[target] >= 0) this.triggerInCase(root, target, sender);
        else this.push(this.inheritPath(this.newToken(root, target, -1), sender));
        continue;
      }
      const key = this.sSerial[root] * m.nodeCount + target;
      const waiting = this.messageWaiting.get(key);
      if (!waiting) continue;
      this.messageWaiting.delete(key);
      const boundary = m.kind[target] === K_BOUNDARY;
      let again: number[] | null = null;
      for (let j = 0; j < waiting.length; j += 2) {
        const t = waiting[j];
        if (this.tGen[t] !== waiting[j + 1]) continue;
        if (boundary) {
          this.boundaryFires(t, target);
          // A non-interrupting boundary event stays armed while its activity runs.
          if (!m.interrupting[target]) (again ??= []).push(t, this.tGen[t]);
        } else if (this.tState[t] === S_MESSAGE) this.messageArrived(this.inheritPath(t, sender), target);
        else if (this.tState[t] === S_RACE) {
          this.inheritPath(t, sender);
          const gateway = this.tNode[t];
          for (let f = m.outStart[gateway]; f < m.outStart[gateway + 1]; f++) if (m.flowTarget[m.outFlows[f]] === target) this.raceWon(t, m.outFlows[f]);
        }
      }
      if (again) this.messageWaiting.set(key, again);
    }
  }

  /** A message or signal for an event sub-process's start: it runs in the instance of its level now running, if any. */
  private triggerInCase(root: number, start: number, sender: number): void {
    const host = this.model.espHost[this.model.espOf[start]];
    const s = host < 0 ? root : this.findInstance(root, host);
    if (s < 0) return; // its sub-process is not running: the trigger is lost
    this.startEventSubProcess(s, start, this.tPathWork[sender], this.tPathWait[sender], this.tPathOff[sender]);
  }

  /** The child scope of a running instance of sub-process `host` inside `scope` (depth first), or -1. */
  private findInstance(scope: number, host: number): number {
    const m = this.model;
    for (let x = this.sHead[scope]; x >= 0; x = this.tNext[x]) {
      const child = this.tChild[x];
      if (child < 0) continue;
      if (this.tNode[x] === host && (this.tBody[x] || m.loopKind[host] !== compiled.LOOP_PARALLEL)) return child;
      const found = this.findInstance(child, host);
      if (found >= 0) return found;
    }
    return -1;
  }

  /**
   * Runs the event sub-process of `start` inside scope `s`; an interrupting start first cancels everything else
   * running in `s` (at the process level: in the same process). `s` completes when the event sub-process does.
   */
  private startEventSubProcess(s: number, start: number, work: number, wait: number, off: number): void {
    const m = this.model;
    const esp = m.espOf[start];
    if (m.interrupting[start]) {
      const process = m.processOf[esp];
      const nested = this.sOwner[s] >= 0;
      for (let x = this.sHead[s]; x >= 0; ) {
        const next = this.tNext[x];
        if (nested || m.processOf[this.tNode[x]] === process) {
          this.cancelActivity(x);
          this.freeToken(x);
        }
        x = next;
      }
    }
    const c = this.newToken(s, esp, -1);
    const child = this.newScope(c, this.sRoot[s]);
    this.tChild[c] = child;
    this.tState[c] = S_WAIT_CHILD;
    this.elementExecutions++;
    this.nodeExecutions[esp]++;
    if (m.armStart[esp + 1] > m.armStart[esp]) this.armScope(esp, child);
    const first = this.newToken(child, start, -1);
    this.tPathWork[first] = work;
    this.tPathWait[first] = wait;
    this.tPathOff[first] = off;
    this.push(first);
  }

  /** Arms the timed event sub-process starts of level `n` (a sub-process, or a top-level start event's process) in scope `s`. */
  private armScope(n: number, s: number): void {
    const m = this.model;
    for (let k = m.armStart[n]; k < m.armStart[n + 1]; k++) {
      const start = m.armNodes[k];
      const at = m.timerAt[start];
      const source = m.delaySource[start];
      if (at !== at && (source < 0 || m.sources[source].sampler === null)) continue;
      this.schedule(at === at ? Math.max(this.now, at) : this.now + this.sample(source), E_SCOPE_TIMER, s, this.sSerial[s], start);
    }
  }

  /** An event sub-process's timer fired in scope `s`: `aux` is the start event plus nodeCount x times fired before. */
  private scopeTimer(s: number, aux: number): void {
    const m = this.model;
    const start = aux % m.nodeCount;
    const fired = (aux - start) / m.nodeCount + 1;
    const repeat = m.timerRepeat[start];
    if (!m.interrupting[start] && (repeat === 0 || fired < repeat)) {
      const period = this.sample(m.delaySource[start]);
      if (period > 0) this.schedule(this.now + period, E_SCOPE_TIMER, s, this.sSerial[s], start + m.nodeCount * fired);
    }
    this.startEventSubProcess(s, start, 0, 0, 0);
  }

  /** A boundary timer fired; a non-interrupting cycle (`R3/PT1H`) fires again while the activity runs. */
  private boundaryTimer(t: number, aux: number): void {
    const m = this.model;
    const b = aux % m.nodeCount;
    if (!m.interrupting[b]) {
      const fired = (aux - b) / m.nodeCount + 1;
      const repeat = m.timerRepeat[b];
      if (repeat === 0 || fired < repeat) {
        const period = this.sample(m.delaySource[b]);
        if (period > 0) this.schedule(this.now + period, E_BOUNDARY, t, this.tGen[t], b + m.nodeCount * fired);
      }
    }
    this.boundaryFires(t, b);
  }

  /** Adds a counted case to a tally: a case type's, or the replication's own (all cases). */
  private tally(tally: CaseTally, root: number, cycle: number, resolutionSla: number | null, firstResponseSla: number): void {
    tally.countedCases++;
    tally.cycleTimeSum += cycle;
    addToSketch(tally.cycleTimes, cycle);
    if (resolutionSla !== null && cycle <= resolutionSla) tally.withinResolutionSla++;
    tally.sumProcessing += this.cProc[root];
    tally.sumWaiting += this.cWait[root];
    tally.sumOffCalendar += this.cOff[root];
    tally.sumValueAdding += this.cValue[root];
    tally.sumCost += this.cCost[root];
    tally.sumPathWork += this.sPathWork[root];
    tally.sumPathWait += this.sPathWait[root];
    tally.sumPathOff += this.sPathOff[root];
    const first = this.cFirst[root];
    if (first >= 0) {
      tally.firstResponseSum += first;
      addToSketch(tally.firstResponses, first);
      if (first <= firstResponseSla) tally.firstResponsesWithinSla++;
    } else tally.noResponseCases++;
  }

  private addWip(root: number, seconds: number): void {
    this.wipArea += seconds;
    if (this.typeTallies !== null) this.typeTallies[this.cType[root]].wipArea += seconds;
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
      const calendar = this.workCalendar(t, p);
      const start = this.tStartWork[t];
      const done = calendar === null ? this.now - start : calendar.openSeconds(start, this.now);
      this.addWorkerBusy(t, p, start, this.now, Math.max(0, Math.min(done, this.tWork[t])));
      this.releaseWorker(t, p);
    } else if (state === S_OR_JOIN) this.sOrWaiting[this.tScope[t]]--;
    this.tRemain[t] = -1;
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
    this.recordAbort(code, node);
    if (this.now > this.model.warmUpSeconds) this.addWip(root, this.now - Math.max(this.cStart[root], this.model.warmUpSeconds));
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
    const busy = Float64Array.from(this.poolStats.busy);
    const warmUp = m.warmUpSeconds;
    const now = this.now;
    if (now <= warmUp) return busy;
    for (let t = 0; t < this.tokenCount; t++) {
      if (this.tScope[t] < 0 || this.tState[t] !== S_WORKING || this.tUnit[t] < 0 || this.tPerson[t] >= 0) continue;
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
      if (this.now > m.warmUpSeconds) this.addWip(s, this.now - Math.max(this.cStart[s], m.warmUpSeconds));
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
      const calendar = this.workCalendar(t, p);
      const start = this.tStartWork[t];
      const done = calendar === null ? this.now - start : calendar.openSeconds(start, this.now);
      if (done > 0) this.addWorkerBusy(t, p, start, this.now, Math.min(done, this.tWork[t]));
    }
    this.closeRun(atHorizon, cases, stuck);
  }
}

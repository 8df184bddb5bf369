// A second, leaner engine for the commonest shape of service process: every case is one path through tasks and
// exclusive gateways, served by pools with or without office hours (no shift plans or shared people), one case
// type. It runs such models about twice as fast as the general engine (`engine.ts`), and gives **exactly** the
// same numbers: it schedules the same events in the same order (ties broken by the same sequence numbers), draws
// from the same random streams in the same order, reuses case slots in the same order, and adds up every figure in
// the same order. `sequence-engine.test.ts` compares both engines' results byte for byte over generated models.
//
// Why it is faster: a case has exactly one token, so the token, its case and its event are one slot; there is no
// ready stack, no token or scope lists, no generations (no event is ever cancelled), no per-node feature checks.
import * as compiled from './compile.ts';
import type { CompiledModel } from './compile.ts';
import type { WorkCalendar } from './calendar.ts';
import { EventHeap } from './event-heap.ts';
import { ReplicationBase, TASK_WAIT_EXACT_VALUES, growByte, growFloat, growInt, type ReplicationOptions } from './replication-base.ts';
import { addToSketch, createQuantileSketch } from './stats.ts';

const K_TASK = compiled.K_TASK;
const K_START = compiled.K_START;
const K_END = compiled.K_END;
const K_XOR = compiled.K_XOR;
const K_PASS = compiled.K_PASS;
const LOOP_NONE = compiled.LOOP_NONE;

// What a node does with the case's one token.
const STEP_MOVE = 0;
const STEP_TASK = 1;
const STEP_CHOICE = 2;
const STEP_END = 3;

// Slot states (mirroring the general engine's token states where they matter at the end of a run).
const FREE = 0;
const QUEUED = 1;
const WORKING = 2;

// Node flags.
const VALUE_ADDING = 1;
const SUBSTANTIVE = 2;

/**
 * Can `model` run on the sequence engine? Every node is a plain start, task, exclusive gateway, pass-through or end
 * (no sub-process, parallel or inclusive gateway, event, boundary event, loop, message or terminate end); only
 * exclusive gateways have more than one outgoing flow; one case type; pools without shift plans (calendars are fine)
 * and nobody shared between pools; no preemption.
 */
export function isSequenceModel(model: CompiledModel, options: Pick<ReplicationOptions, 'maxTokensPerCase'>): boolean {
  if (options.maxTokensPerCase < 1 || model.caseTypes.length > 1 || model.typeSource >= 0 || model.rankCount !== 1) return false;
  if (model.preemptive || model.people.length > 0) return false;
  if (model.pools.some((p) => p.shifts !== null)) return false;
  for (let n = 0; n < model.nodeCount; n++) {
    const kind = model.kind[n];
    if (kind !== K_START && kind !== K_TASK && kind !== K_XOR && kind !== K_PASS && kind !== K_END) return false;
    const outs = model.outStart[n + 1] - model.outStart[n];
    if (kind !== K_XOR && kind !== K_END && outs > 1) return false;
    if (
      model.messageStart[n + 1] > model.messageStart[n] ||
      model.throwKind[n] !== 0 ||
      model.armStart[n + 1] > model.armStart[n] ||
      model.boundaryStart[n + 1] > model.boundaryStart[n] ||
      model.loopKind[n] !== LOOP_NONE ||
      model.messageWait[n] !== 0 ||
      model.terminate[n] !== 0
    )
      return false;
  }
  return true;
}

/** Does the graph have a cycle (a rework loop)? Then a case may go round for ever and the step limit must be counted. */
function hasCycle(model: CompiledModel): boolean {
  const state = new Uint8Array(model.nodeCount); // 0 new, 1 on the current path, 2 done
  const visit = (start: number): boolean => {
    // Iterative depth-first search (a long chain must not overflow the stack): node and next outgoing flow.
    const stack: number[] = [start, model.outStart[start]];
    state[start] = 1;
    while (stack.length > 0) {
      const n = stack[stack.length - 2];
      const k = stack[stack.length - 1];
      if (k === model.outStart[n + 1]) {
        state[n] = 2;
        stack.length -= 2;
        continue;
      }
      stack[stack.length - 1] = k + 1;
      const next = model.flowTarget[model.outFlows[k]];
      if (state[next] === 1) return true;
      if (state[next] === 0) {
        state[next] = 1;
        stack.push(next, model.outStart[next]);
      }
    }
    return false;
  };
  for (let n = 0; n < model.nodeCount; n++) if (state[n] === 0 && visit(n)) return true;
  return false;
}


/** One replication of a sequence model (see `isSequenceModel`); the same surface and figures as `Replication`. */
export class SequenceReplication extends ReplicationBase {
  /** Can a case run into the step limit? Not when the graph has no cycle and fewer nodes than the limit. */
  private readonly limitSteps: boolean;
  // Without a step limit to check, a case goes from node n straight to `stop[n]`, the first node on from n that is
  // not a plain move (a task, a choice, an end, or a dead end), and only `entered[n]` counts; `nodeExecutions` is
  // worked out from those counts at the end (whole numbers, so the same sums).
  private readonly stop: Int32Array;
  private readonly entered: Float64Array;
  /** Per arrival source: 1 when its gaps are plain draws (no timer, weekly profile or calendar). */
  private readonly plainArrival: Uint8Array;
  // Per node, flat: what it does, where a move goes (-1: the path ends), its pool, its duration's source.
  private readonly step: Uint8Array;
  private readonly next: Int32Array;
  private readonly nodePool: Int32Array;
  private readonly duration: Int32Array;
  /** What an hour of the node's work costs (its pool's rate; 0 without a pool or for salaried pools), its fixed cost. */
  private readonly nodeRate: Float64Array;
  private readonly nodeFixedCost: Float64Array;
  /** VALUE_ADDING | SUBSTANTIVE. */
  private readonly nodeFlags: Uint8Array;
  /** The calendar of the node's pool (null: no pool, or always open). */
  private readonly nodeCalendar: (WorkCalendar | null)[];

  // Case slots: a case, its one token and its pending event share the slot. Freed slots are reused last-in first-out,
  // as the general engine reuses its scopes and tokens, so slot order (which sums at the end follow) is the same.
  private slotCount = 0;
  private slotFree = -1;
  private cState = new Uint8Array(64);
  private cNode = new Int32Array(64);
  private cNextFree = new Int32Array(64);
  private cNumber = new Int32Array(64);
  private cExec = new Int32Array(64);
  private cUnit = new Int32Array(64);
  private cStart = new Float64Array(64);
  private cFirst = new Float64Array(64);
  private cProc = new Float64Array(64);
  private cWait = new Float64Array(64);
  private cValue = new Float64Array(64);
  private cCost = new Float64Array(64);
  /** When the case came to its current task, was assigned a person, and how long the work takes. */
  private cArrive = new Float64Array(64);
  private cAssign = new Float64Array(64);
  private cWork = new Float64Array(64);
  /** When the work really starts (the calendar's next open time) and the case's paused time so far. */
  private cStartWork = new Float64Array(64);
  private cOff = new Float64Array(64);

  // Events: the heap holds a case slot (its work is done) or -1 - source (an arrival).
  private readonly heap = new EventHeap();
  // With one arrival source its next arrival waits here, not in the heap (half the heap work per case); it keeps
  // its sequence number, so a tie with the heap's first event falls as it would in the heap.
  private readonly oneSource: boolean;
  private arrivalPending = false;
  private arrivalAt = 0.5;
  private arrivalSeq = 0;
  /** The time of the arrival `scheduleArrival` adds (a field, not an argument: a call V8 does not inline boxes a double argument). */
  private at = 0.5;

  // Pools: FIFO ring buffers of case slots (power-of-two lengths), free units.
  private readonly pFree: Int32Array;
  private readonly pUnits: Int32Array[];
  private readonly pQueue: Int32Array[];
  private readonly pHead: Int32Array;
  private readonly pTail: Int32Array;

  constructor(model: CompiledModel, options: ReplicationOptions) {
    super(model, options);
    this.oneSource = model.arrivals.length === 1;
    this.limitSteps = hasCycle(model) || model.nodeCount > options.maxEventsPerCase;
    this.plainArrival = Uint8Array.from(model.arrivals, (a) => (a.timer === null && a.profile === null && a.calendar === null ? 1 : 0));
    const N = model.nodeCount;
    this.step = new Uint8Array(N);
    this.next = new Int32Array(N).fill(-1);
    this.nodePool = Int32Array.from(model.pool);
    this.duration = model.typeDelaySource.slice(0, N);
    this.nodeRate = Float64Array.from(model.pool, (p) => (p >= 0 ? this.pBusyRate[p] : 0));
    this.nodeFixedCost = Float64Array.from(model.fixedCost);
    this.nodeCalendar = Array.from(model.pool, (p) => (p >= 0 ? model.pools[p].calendar : null));
    this.nodeFlags = Uint8Array.from(model.valueAdding, (v, n) => (v ? VALUE_ADDING : 0) | (model.substantive[n] ? SUBSTANTIVE : 0));
    for (let n = 0; n < N; n++) {
      const kind = model.kind[n];
      const outs = model.outStart[n + 1] - model.outStart[n];
      this.step[n] = kind === K_TASK ? STEP_TASK : kind === K_END ? STEP_END : kind === K_XOR && outs > 1 ? STEP_CHOICE : STEP_MOVE;
      if (outs > 0) this.next[n] = model.flowTarget[model.outFlows[model.outStart[n]]];
    }
    this.stop = new Int32Array(N);
    this.entered = new Float64Array(N);
    if (!this.limitSteps)
      for (let n = 0; n < N; n++) {
        let m = n;
        while (this.step[m] === STEP_MOVE && this.next[m] >= 0) m = this.next[m]; // no cycle: this ends
        this.stop[n] = m;
      }
    const P = model.pools.length;
    this.pFree = Int32Array.from(model.pools, (p) => p.headcount);
    this.pUnits = model.pools.map((p) => Int32Array.from({ length: p.headcount }, (_, u) => p.headcount - 1 - u));
    this.pQueue = Array.from({ length: P }, () => new Int32Array(64));
    this.pHead = new Int32Array(P);
    this.pTail = new Int32Array(P);
    model.arrivals.forEach((a, i) => {
      const t = a.timer !== null ? a.timer.at : this.nextArrival(a, 0);
      if (this.inHorizon(t)) {
        this.at = t;
        this.scheduleArrival(i);
      }
    });
  }

  // ---- event heap (as the general engine's: the same keys, so ties fall the same way) ----

  /** Adds the arrival at `at` from `source`: held aside (one source), or in the heap. */
  private scheduleArrival(source: number): void {
    if (this.oneSource) {
      this.arrivalPending = true;
      this.arrivalAt = this.at;
      this.arrivalSeq = this.heap.takeSequence();
      return;
    }
    this.heap.push(this.at, -1 - source);
  }

  // ---- the run ----

  run(maxEvents: number): boolean {
    for (let i = 0; i < maxEvents; i++) {
      // The next event: the heap's first, or the waiting arrival when it comes first (by time, then sequence).
      let arrival = false;
      const heap = this.heap;
      if (this.arrivalPending)
        arrival = heap.size === 0 || this.arrivalAt < heap.firstTime() || (this.arrivalAt === heap.firstTime() && this.arrivalSeq < heap.firstSequence());
      else if (heap.size === 0) {
        this.finish(false);
        return true;
      }
      const time = arrival ? this.arrivalAt : heap.firstTime();
      if (time > this.horizonAt) {
        this.now = this.horizonAt;
        this.poolStats.setClock(this.horizonAt);
        this.finish(true);
        return true;
      }
      this.now = time;
      this.poolStats.setClock(time);
      this.events++;
      if (arrival) {
        this.arrivalPending = false;
        this.arrive(0);
        continue;
      }
      const item = heap.pop();
      if (item < 0) this.arrive(-1 - item);
      else this.workDone(item);
    }
    return false;
  }

  private newSlot(): number {
    let c = this.slotFree;
    if (c >= 0) this.slotFree = this.cNextFree[c];
    else {
      c = this.slotCount++;
      if (c >= this.cState.length) this.growSlots();
    }
    return c;
  }

  private growSlots(): void {
    // Doubling (a size of 0 asks for no more than that).
    this.cState = growByte(this.cState, 0);
    this.cNode = growInt(this.cNode, 0);
    this.cNextFree = growInt(this.cNextFree, 0);
    this.cNumber = growInt(this.cNumber, 0);
    this.cExec = growInt(this.cExec, 0);
    this.cUnit = growInt(this.cUnit, 0);
    this.cStart = growFloat(this.cStart, 0);
    this.cFirst = growFloat(this.cFirst, 0);
    this.cProc = growFloat(this.cProc, 0);
    this.cWait = growFloat(this.cWait, 0);
    this.cValue = growFloat(this.cValue, 0);
    this.cCost = growFloat(this.cCost, 0);
    this.cArrive = growFloat(this.cArrive, 0);
    this.cAssign = growFloat(this.cAssign, 0);
    this.cWork = growFloat(this.cWork, 0);
    this.cStartWork = growFloat(this.cStartWork, 0);
    this.cOff = growFloat(this.cOff, 0);
  }

  private freeSlot(c: number): void {
    this.cState[c] = FREE;
    this.cNextFree[c] = this.slotFree;
    this.slotFree = c;
  }

  private arrive(source: number): void {
    const arrival = this.model.arrivals[source];
    const now = this.now;
    this.arrivalsDone++;
    this.lastArrival = now;
    if (this.arrivalsDone === this.arrivalsTotal) this.busyAtLastArrival = this.busySoFar();
    const c = this.newSlot();
    this.cNode[c] = arrival.node;
    this.cStart[c] = now;
    this.cFirst[c] = -1;
    this.cProc[c] = 0;
    this.cWait[c] = 0;
    this.cValue[c] = 0;
    this.cOff[c] = 0;
    this.cCost[c] = 0;
    this.cExec[c] = 0;
    this.cNumber[c] = ++this.caseSerial;
    // The general engine schedules the next arrival before it moves the new case: so does this one.
    if (--this.arrivalsLeft[source] > 0) {
      const next = this.plainArrival[source] === 1 ? now + this.sample(arrival.source) : this.nextArrival(arrival, now);
      if (this.inHorizon(next)) {
        this.at = next;
        this.scheduleArrival(source);
      }
    }
    this.advance(c);
  }

  /** Moves case `c` from its current node until it waits (for a person or its work) or ends. */
  private advance(c: number): void {
    if (!this.limitSteps) {
      this.advanceUnlimited(c);
      return;
    }
    const step = this.step;
    let n = this.cNode[c];
    for (;;) {
      this.nodeExecutions[n]++;
      if (this.limitSteps && ++this.cExec[c] > this.maxEventsPerCase) {
        this.abortCase(c, n);
        return;
      }
      const what = step[n];
      if (what === STEP_TASK) {
        this.cNode[c] = n;
        this.startTask(c, n);
        return;
      }
      if (what === STEP_CHOICE) {
        n = this.choose(n);
        continue;
      }
      if (what === STEP_END) break;
      const next = this.next[n];
      if (next < 0) break;
      n = next;
    }
    this.cNode[c] = n;
    this.caseDone(c);
  }

  /** `advance` when no step limit can be reached: from stop to stop. */
  private advanceUnlimited(c: number): void {
    let n = this.cNode[c];
    for (;;) {
      this.entered[n]++;
      const t = this.stop[n];
      const what = this.step[t];
      if (what === STEP_TASK) {
        this.cNode[c] = t;
        this.startTask(c, t);
        return;
      }
      if (what !== STEP_CHOICE) {
        this.cNode[c] = t;
        this.caseDone(c);
        return;
      }
      n = this.choose(t);
    }
  }

  /** The target of the flow an exclusive gateway's draw picks. */
  private choose(n: number): number {
    const m = this.model;
    const u = this.streams[m.choiceSource[n]].next();
    const probability = m.typeFlowProbability;
    const end = m.outStart[n + 1];
    let k = m.outStart[n];
    while (k < end - 1 && u >= probability[m.outFlows[k]]) k++;
    return m.flowTarget[m.outFlows[k]];
  }

  private startTask(c: number, n: number): void {
    this.cArrive[c] = this.now;
    const p = this.nodePool[n];
    if (p < 0) this.startWork(c, -1);
    else if (this.pFree[p] > 0) this.startWork(c, this.pUnits[p][--this.pFree[p]]);
    else this.enqueue(c, p);
  }

  private enqueue(c: number, p: number): void {
    this.cState[c] = QUEUED;
    let queue = this.pQueue[p];
    if (this.pTail[p] - this.pHead[p] >= queue.length) {
      const size = queue.length;
      const bigger = new Int32Array(size * 2);
      for (let i = this.pHead[p]; i < this.pTail[p]; i++) bigger[i - this.pHead[p]] = queue[i & (size - 1)];
      this.pTail[p] -= this.pHead[p];
      this.pHead[p] = 0;
      this.pQueue[p] = queue = bigger;
    }
    queue[this.pTail[p]++ & (queue.length - 1)] = c;
    this.queueChanged(p, 1);
  }

  private startWork(c: number, unit: number): void {
    const source = this.duration[this.cNode[c]];
    // `sample`, written out: an exponential from its mean (Sampler.sample's expression), else the sampler.
    const mean = this.expMean[source];
    const sampler = this.samplers[source];
    const work = mean === mean ? -mean * Math.log(this.streams[source].nextOpen()) : sampler === null ? 0 : sampler.sample(this.streams[source]);
    const now = this.now;
    this.cState[c] = WORKING;
    this.cUnit[c] = unit;
    this.cAssign[c] = now;
    this.cWork[c] = work;
    const calendar = this.nodeCalendar[this.cNode[c]];
    if (calendar === null) {
      this.cStartWork[c] = now;
      this.heap.push(now + work, c);
      return;
    }
    // Work pauses outside the pool's calendar.
    this.cStartWork[c] = calendar.nextOpen(now);
    const end = calendar.advance(now, work);
    if (end !== Infinity) this.heap.push(end, c); // else the calendar never opens again: stuck, reported at the end
  }

  private workDone(c: number): void {
    const n = this.cNode[c];
    const p = this.nodePool[n];
    const now = this.now;
    const work = this.cWork[c];
    const wait = this.cAssign[c] - this.cArrive[c];
    const rate = this.nodeRate[n];
    const cost = (rate > 0 ? (rate * work) / 3600 : 0) + this.nodeFixedCost[n];
    this.cProc[c] += work;
    this.cWait[c] += wait;
    // Paused outside the calendar between the assignment and the end, beyond the work itself.
    if (this.nodeCalendar[n] !== null) this.cOff[c] += Math.max(0, now - this.cAssign[c] - work);
    this.cCost[c] += cost;
    const flags = this.nodeFlags[n];
    if (flags & VALUE_ADDING) this.cValue[c] += work;
    if (flags & SUBSTANTIVE && this.cFirst[c] < 0) this.cFirst[c] = now - this.cStart[c];
    if (this.isCounted(this.cStart[c], now)) {
      this.taskCount[n]++;
      this.taskWait[n] += wait;
      this.taskProc[n] += work;
      if (wait > this.taskWaitMax[n]) this.taskWaitMax[n] = wait;
      if (this.recordTaskWaits) addToSketch((this.taskWaits[n] ??= createQuantileSketch(TASK_WAIT_EXACT_VALUES)), wait);
      if (p >= 0) {
        const hour = this.hourOfWeek(this.cArrive[c]);
        const byHour = this.waitByWeekHour[p];
        byHour[hour] += wait;
        byHour[168 + hour]++;
      }
    }
    const unit = this.cUnit[c];
    if (p >= 0) {
      this.poolStats.addBusy(p, this.cStartWork[c], now, work);
      if (this.eventLog) this.log.push(this.cNumber[c], n, p, unit, this.cStartWork[c], now);
      this.release(p, unit);
    } else if (this.eventLog) this.log.push(this.cNumber[c], n, -1, -1, this.cStartWork[c], now);
    // The slot's state and unit are set again before anything reads them: by the next task, or when it is freed.
    const next = this.next[n];
    if (next < 0) {
      this.caseDone(c);
      return;
    }
    this.cNode[c] = next;
    this.advance(c);
  }

  /** Hands pool p's unit to the first case waiting, else makes it free. */
  private release(p: number, unit: number): void {
    if (this.pTail[p] > this.pHead[p]) {
      const queue = this.pQueue[p];
      const c = queue[this.pHead[p]++ & (queue.length - 1)];
      this.queueChanged(p, -1);
      this.startWork(c, unit);
      return;
    }
    this.pUnits[p][this.pFree[p]++] = unit;
  }

  private queueChanged(p: number, delta: number): void {
    this.poolStats.queueChanged(p, delta);
  }

  private caseDone(c: number): void {
    const m = this.model;
    const now = this.now;
    const start = this.cStart[c];
    this.completedCases++;
    this.lastCompletion = now;
    if (now > this.warmUp) this.wipArea += now - Math.max(start, this.warmUp);
    if (this.isCounted(start, now)) {
      const cycle = now - start;
      this.countedCases++;
      this.cycleTimeSum += cycle;
      addToSketch(this.cycleTimes, cycle);
      const resolutionSla = m.resolutionSlaSeconds;
      if (resolutionSla !== null && cycle <= resolutionSla) this.withinResolutionSla++;
      this.sumProcessing += this.cProc[c];
      this.sumWaiting += this.cWait[c];
      this.sumValueAdding += this.cValue[c];
      this.sumOffCalendar += this.cOff[c];
      this.sumCost += this.cCost[c];
      const first = this.cFirst[c];
      if (first >= 0) {
        this.firstResponseSum += first;
        addToSketch(this.firstResponses, first);
        if (first <= m.firstResponseSlaSeconds) this.firstResponsesWithinSla++;
      } else this.noResponseCases++;
    }
    this.freeSlot(c);
  }

  /** The case ran more steps than allowed (an endless rework loop): stopped and reported, as the general engine does. */
  private abortCase(c: number, node: number): void {
    this.recordAbort('sim.limit.events', node);
    if (this.now > this.warmUp) this.wipArea += this.now - Math.max(this.cStart[c], this.warmUp);
    this.freeSlot(c);
  }

  /** Busy seconds per pool after the warm-up up to now, work under way included (for the arrival window). */
  private busySoFar(): Float64Array {
    const busy = Float64Array.from(this.poolStats.busy);
    const warmUp = this.warmUp;
    const now = this.now;
    if (now <= warmUp) return busy;
    for (let c = 0; c < this.slotCount; c++) {
      if (this.cState[c] !== WORKING || this.cUnit[c] < 0) continue;
      const n = this.cNode[c];
      const p = this.nodePool[n];
      const calendar = this.nodeCalendar[n];
      const start = this.cStartWork[c];
      const done = Math.min(this.cWork[c], calendar === null ? now - start : calendar.openSeconds(start, now));
      if (done <= 0) continue;
      busy[p] += start >= warmUp || now === start ? done : (done * (now - warmUp)) / (now - start);
    }
    return busy;
  }

  private finish(atHorizon: boolean): void {
    const stuck = new Set<number>();
    let cases = 0;
    for (let c = 0; c < this.slotCount; c++) {
      if (this.cState[c] === FREE) continue;
      cases++;
      if (this.now > this.warmUp) this.wipArea += this.now - Math.max(this.cStart[c], this.warmUp);
      if (!atHorizon) stuck.add(this.cNode[c]);
    }
    for (let c = 0; c < this.slotCount; c++) {
      if (this.cState[c] !== WORKING || this.cUnit[c] < 0) continue;
      const n = this.cNode[c];
      const calendar = this.nodeCalendar[n];
      const start = this.cStartWork[c];
      const done = calendar === null ? this.now - start : calendar.openSeconds(start, this.now);
      if (done > 0) this.poolStats.addBusy(this.nodePool[n], start, this.now, Math.min(done, this.cWork[c]));
    }
    for (let n = 0; n < this.entered.length; n++) {
      const times = this.entered[n];
      if (times === 0) continue;
      for (let m = n; ; m = this.next[m]) {
        this.nodeExecutions[m] += times;
        if (m === this.stop[n]) break;
      }
    }
    for (let n = 0; n < this.nodeExecutions.length; n++) this.elementExecutions += this.nodeExecutions[n];
    this.sumPathWork = this.sumProcessing;
    this.sumPathWait = this.sumWaiting;
    this.sumPathOff = this.sumOffCalendar;
    this.closeRun(atHorizon, cases, stuck);
  }
}

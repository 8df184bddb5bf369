// BPMN event semantics resolved at compile time: link jumps, error/escalation propagation targets, signal
// broadcast lists, event sub-process triggers and absolute/cyclic timers. The engine only follows the integer
// tables built here (docs/simulation.md, "Events").
import type { FlowNode, ModelIssue, ProcessGraph, SequenceFlow } from '@leanflow/model';

/** What a throw event does (`CompiledEvents.throwKind`). */
export const THROW_NONE = 0;
export const THROW_ERROR = 1;
export const THROW_ESCALATION = 2;
export const THROW_SIGNAL = 3;

/** Integer tables of the event semantics, merged into `CompiledModel`. */
export interface CompiledEvents {
  /** THROW_* per node: error/escalation end or throw events, signal throw or end events. */
  readonly throwKind: Uint8Array;
  /**
   * Error/escalation throws: the catching node (a boundary event, or the start event of an event sub-process),
   * or -1 when nothing catches it.
   */
  readonly catchNode: Int32Array;
  /**
   * The activity whose running instance holds the catch: for a boundary event the sub-process it is attached to,
   * for an event sub-process the sub-process it sits in; -1 for the process level (the case).
   */
  readonly catchHost: Int32Array;
  /** Start events of event sub-processes: the event sub-process (else -1). */
  readonly espOf: Int32Array;
  /** Event sub-processes: the sub-process they sit in, or -1 at the process level. */
  readonly espHost: Int32Array;
  /**
   * Timed event sub-process starts armed when a scope starts: for a sub-process node its own, for a top-level
   * start event those of its process: armNodes[armStart[n] .. armStart[n+1]).
   */
  readonly armStart: Int32Array;
  readonly armNodes: Int32Array;
  /** Signal throws: the catches they reach, signalTargets[signalStart[n] .. signalStart[n+1]). */
  readonly signalStart: Int32Array;
  readonly signalTargets: Int32Array;
  /** Timers with an absolute date (`timeDate`, or the start of a cycle): seconds since the scenario start, else NaN. */
  readonly timerAt: Float64Array;
  /** Timer cycles `R<n>/...`: how often they fire (0: unbounded); 1 for every other event. */
  readonly timerRepeat: Int32Array;
  /** Top-level processes: index of the node's process (event sub-processes interrupt only their own process). */
  readonly processOf: Int32Array;
}

/** The signal, error, escalation... of an event, as far as the simulation cares. */
const has = (node: FlowNode, kind: FlowNode['eventDefinitions'][number]) => node.eventDefinitions.includes(kind);

/** Absolute date of a `timeDate` (or of a cycle's start `R3/2026-01-05T09:00:00Z/PT1H`), in epoch seconds. */
export function parseTimerDate(expression: string): number | null {
  const part = expression.includes('/') ? expression.split('/').find((p) => /^\d{4}-\d\d/.test(p.trim())) : expression;
  if (part === undefined) return null;
  let text = part.trim();
  // Without an offset the date is read as UTC, so every machine simulates the same instant.
  if (/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)) text += 'Z';
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** Link events: a flow from each link throw to the catch of the same name at the same level of the same process. */
export function linkFlows(graph: ProcessGraph, warn: (code: string, message: string, elementId: string) => void): SequenceFlow[] {
  const catches = graph.nodes.filter((n) => n.kind === 'intermediateCatchEvent' && has(n, 'link'));
  const flows: SequenceFlow[] = [];
  for (const node of graph.nodes) {
    if (node.kind !== 'intermediateThrowEvent' || !has(node, 'link')) continue;
    const level = catches.filter((c) => c.processId === node.processId && c.parentId === node.parentId);
    // Matched by name; a single catch at the level also takes an unnamed throw.
    const target = level.find((c) => node.eventTrigger !== undefined && c.eventTrigger === node.eventTrigger) ?? (node.eventTrigger === undefined && level.length === 1 ? level[0] : undefined);
    if (!target) {
      warn('sim.link.unmatched', `The link event ${labelOf(node)} has no catching link event of the same name at its level; its path ends there.`, node.id);
      continue;
    }
    flows.push({ id: `link:${node.id}->${target.id}`, sourceId: node.id, targetId: target.id, processId: node.processId, ...(node.parentId ? { parentId: node.parentId } : {}), isDefault: false });
  }
  return flows;
}

function labelOf(node: FlowNode): string {
  return node.name ? `"${node.name}"` : node.id;
}

export interface EventCompileInput {
  readonly graph: ProcessGraph;
  readonly nodes: readonly FlowNode[];
  readonly index: ReadonlyMap<string, number>;
  /** Seconds since the epoch of the scenario start. */
  readonly base: number;
  /** Nodes with scenario times (`events[id]`): their time wins over the timer expression. */
  readonly hasScenarioTime: (node: FlowNode) => boolean;
  /** Marked here: catches that wait for a signal thrown inside the model (they reuse the message waiting). */
  readonly messageWait: Uint8Array;
  /** Marked here: top-level start events started by a signal thrown inside the model. */
  readonly messageStarted: Uint8Array;
  readonly warn: (code: string, message: string, elementId: string, severity?: ModelIssue['severity']) => void;
}

/** Resolves the events of a graph whose nodes are already indexed (see `CompiledEvents`). */
export function compileEvents(input: EventCompileInput): CompiledEvents {
  const { nodes, index, warn } = input;
  const N = nodes.length;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const throwKind = new Uint8Array(N);
  const catchNode = new Int32Array(N).fill(-1);
  const catchHost = new Int32Array(N).fill(-1);
  const espOf = new Int32Array(N).fill(-1);
  const espHost = new Int32Array(N).fill(-1);
  const timerAt = new Float64Array(N).fill(NaN);
  const timerRepeat = new Int32Array(N).fill(1);
  const processIds = [...new Set(nodes.map((n) => n.processId))];
  const processOf = Int32Array.from(nodes, (n) => processIds.indexOf(n.processId));

  // Event sub-processes and their start events.
  const esps = nodes.filter((n) => n.triggeredByEvent);
  const espStarts = new Map<string, number[]>();
  for (const esp of esps) {
    const e = index.get(esp.id) as number;
    espHost[e] = esp.parentId === undefined ? -1 : (index.get(esp.parentId) ?? -1);
    const starts = nodes.flatMap((n, i) => (n.parentId === esp.id && n.kind === 'startEvent' ? [i] : []));
    for (const s of starts) espOf[s] = e;
    espStarts.set(esp.id, starts);
    if (starts.length === 0) warn('sim.eventSubProcess.noStart', `The event sub-process ${labelOf(esp)} has no start event, so nothing can trigger it.`, esp.id, 'info');
  }

  // Timers: absolute dates and cycle repetitions (durations and periods stay with the samplers).
  nodes.forEach((node, i) => {
    if (!node.timer) return;
    // A cycle's count holds also when the scenario gives the period.
    if (node.timer.kind === 'cycle') {
      const repeat = node.timer.expression.match(/^R(\d*)\//);
      timerRepeat[i] = repeat ? (repeat[1] === '' ? 0 : Math.max(1, Number(repeat[1]))) : 1;
    }
    if (input.hasScenarioTime(node)) return;
    if (node.timer.kind === 'date' || (node.timer.kind === 'cycle' && /\/\d{4}-/.test(node.timer.expression))) {
      const at = parseTimerDate(node.timer.expression);
      if (at === null) warn('sim.timer.date', `The timer ${labelOf(node)} has the date "${node.timer.expression}", which is not an ISO 8601 date-time like 2026-01-05T09:00:00Z; it is ignored.`, node.id);
      else timerAt[i] = at - input.base;
    }
  });

  // Error and escalation throws: the nearest catch, looking outwards level by level (an event sub-process in the
  // level first, then a boundary event on the sub-process that is the level).
  const catches = (catcher: FlowNode, kind: 'error' | 'escalation', trigger: string | undefined) =>
    has(catcher, kind) && (catcher.eventTrigger === undefined || catcher.eventTrigger === trigger);
  const uncaughtEscalations: FlowNode[] = [];
  nodes.forEach((node, i) => {
    const throwing = node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent';
    if (!throwing) return;
    if (has(node, 'signal')) {
      throwKind[i] = THROW_SIGNAL;
      return;
    }
    const kind = has(node, 'error') && node.kind === 'endEvent' ? 'error' : has(node, 'escalation') ? 'escalation' : null;
    if (kind === null) return;
    throwKind[i] = kind === 'error' ? THROW_ERROR : THROW_ESCALATION;
    let level = node.parentId === undefined ? undefined : byId.get(node.parentId);
    let skipEsp = false;
    while (catchNode[i] < 0) {
      if (!skipEsp) {
        for (const candidate of esps.filter((e) => e.parentId === level?.id && e.processId === node.processId)) {
          const start = (espStarts.get(candidate.id) ?? []).find((s) => catches(nodes[s], kind, node.eventTrigger));
          if (start !== undefined) {
            catchNode[i] = start;
            catchHost[i] = level === undefined ? -1 : (index.get(level.id) as number);
            break;
          }
        }
        if (catchNode[i] >= 0) break;
      }
      if (level === undefined) break;
      const boundary = level.boundaryEventIds.map((id) => byId.get(id)).find((b) => b !== undefined && catches(b, kind, node.eventTrigger));
      if (boundary) {
        catchNode[i] = index.get(boundary.id) as number;
        catchHost[i] = index.get(level.id) as number;
        break;
      }
      // An event sub-process's own events propagate past the level it sits in.
      skipEsp = level.triggeredByEvent === true;
      level = level.parentId === undefined ? undefined : byId.get(level.parentId);
    }
    if (catchNode[i] < 0 && kind === 'escalation') uncaughtEscalations.push(node);
  });
  for (const node of uncaughtEscalations)
    warn('sim.escalation.uncaught', `Nothing catches the escalation thrown at ${labelOf(node)} (no escalation boundary event or event sub-process around it); it has no effect.`, node.id, 'info');

  // Signals: broadcast to every catch of the same signal in the case (intermediate catches, boundary events,
  // event-based gateway targets, event sub-process starts and other processes' start events).
  const signalLists: number[][] = Array.from({ length: N }, () => []);
  const signalCatches = nodes.flatMap((n, i) => ((n.kind === 'intermediateCatchEvent' || n.kind === 'boundaryEvent' || n.kind === 'startEvent') && has(n, 'signal') ? [i] : []));
  nodes.forEach((node, i) => {
    if (throwKind[i] !== THROW_SIGNAL) return;
    for (const c of signalCatches) {
      const target = nodes[c];
      if (target.eventTrigger !== node.eventTrigger) continue;
      // A sub-process's own start events are not triggered from outside.
      if (target.kind === 'startEvent' && target.parentId !== undefined && espOf[c] < 0) continue;
      // A signal start of the thrower's own process would start another case of it; arrivals come from the scenario.
      if (target.kind === 'startEvent' && target.parentId === undefined && target.processId === node.processId) continue;
      signalLists[i].push(c);
    }
    if (signalLists[i].length === 0) warn('sim.signal.uncaught', `No event in the model catches the signal thrown at ${labelOf(node)}; it has no effect.`, node.id, 'info');
  });
  const caught = new Uint8Array(N);
  for (const list of signalLists)
    for (const c of list) {
      caught[c] = 1;
      if (nodes[c].kind === 'startEvent') {
        if (espOf[c] < 0) input.messageStarted[c] = 1;
      } else input.messageWait[c] = 1;
    }
  const signalStart = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) signalStart[i + 1] = signalStart[i] + signalLists[i].length;
  const signalTargets = Int32Array.from(signalLists.flat());

  // Event sub-process starts that fire on time: timers, and message/signal/conditional starts with a scenario time
  // and no sender in the model. Armed when the level starts (a sub-process instance, or the case at a top-level start).
  const armLists: number[][] = Array.from({ length: N }, () => []);
  const messaged = new Set(input.graph.messageFlows.map((f) => f.targetId));
  for (const esp of esps) {
    for (const s of espStarts.get(esp.id) ?? []) {
      const start = nodes[s];
      const timed = (start.timer !== undefined && start.timer.kind !== 'date') || !Number.isNaN(timerAt[s]) || input.hasScenarioTime(start);
      if (timed && !caught[s] && !messaged.has(start.id)) {
        const host = espHost[index.get(esp.id) as number];
        if (host >= 0) armLists[host].push(s);
        else nodes.forEach((n, j) => n.kind === 'startEvent' && n.parentId === undefined && n.processId === esp.processId && armLists[j].push(s));
      } else if (has(start, 'compensate')) continue; // reported below
      else if (!has(start, 'error') && !has(start, 'escalation') && !caught[s] && !messaged.has(start.id))
        warn(
          'sim.eventSubProcess.neverTriggered',
          `The event sub-process ${labelOf(esp)} starts with ${labelOf(start)}, which nothing in the model triggers and which has no time in the scenario; it never runs.`,
          start.id,
          'info',
        );
      else if ((has(start, 'error') || has(start, 'escalation')) && !catchNode.includes(s))
        warn('sim.eventSubProcess.neverTriggered', `The event sub-process ${labelOf(esp)} catches an error or escalation that nothing in the model throws; it never runs.`, start.id, 'info');
    }
  }
  const armStart = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) armStart[i + 1] = armStart[i] + armLists[i].length;
  const armNodes = Int32Array.from(armLists.flat());

  // Compensation is not simulated: say so once per element that would use it.
  for (const node of nodes) {
    if (!has(node, 'compensate')) continue;
    const what =
      node.kind === 'boundaryEvent'
        ? 'the compensation boundary event never fires and its handler never runs'
        : node.kind === 'startEvent'
          ? 'this compensation event sub-process never runs'
          : 'the compensation throw passes without undoing anything';
    warn('sim.unsupported.compensation', `Compensation is not simulated: ${what} (${labelOf(node)}).`, node.id, 'info');
  }

  return { throwKind, catchNode, catchHost, espOf, espHost, armStart, armNodes, signalStart, signalTargets, timerAt, timerRepeat, processOf };
}

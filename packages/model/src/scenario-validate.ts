// Scenario validation (schema + cross-checks against the process graph) and the documented default scenario.
import type { z } from 'zod';
import type { FlowNode, ModelIssue, ProcessGraph } from './graph.ts';
import { ScenarioSchema, type Calendar, type Distribution, type ResourcePool, type Scenario, type TaskParameters } from './scenario.ts';

/** Tolerance for "XOR branch probabilities add up to 1". */
export const PROBABILITY_TOLERANCE = 1e-6;

const ACTIVITY_KINDS: ReadonlySet<FlowNode['kind']> = new Set([
  'task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask',
  'subProcess', 'adHocSubProcess', 'transaction', 'callActivity',
]);

/** Whether a node does work that takes time (an activity). */
export function isActivity(node: FlowNode): boolean {
  return ACTIVITY_KINDS.has(node.kind);
}

/** Scenario sections keyed by a BPMN element id. */
const ELEMENT_SECTIONS = new Set(['tasks', 'gateways', 'events', 'arrivals']);

/** Maps zod issues to ModelIssues with a dotted `path` and, where the path names one, the element id. */
export function zodIssuesToModelIssues(issues: readonly z.core.$ZodIssue[]): ModelIssue[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    const elementId = ELEMENT_SECTIONS.has(path[0] ?? '') && path[1] ? path[1] : undefined;
    return {
      code: `scenario.${issue.code}`,
      severity: 'error',
      message: issue.message,
      ...(path.length ? { path: path.join('.') } : {}),
      ...(elementId ? { elementId } : {}),
    };
  });
}

const name = (node: { id: string; name?: string } | undefined, fallback: string) => `'${node?.name ?? node?.id ?? fallback}'`;
const round = (value: number) => Number(value.toFixed(6));

/** Readable context for a schema issue, e.g. "Task 'Qualify lead', duration". */
function describePath(path: readonly string[], scenario: Record<string, unknown>, nodes: Map<string, FlowNode>): string | undefined {
  const [section, key, ...rest] = path;
  const tail = rest.filter((p) => !/^\d+$/.test(p)).join(' ');
  const suffix = tail ? `, ${tail}` : '';
  if (section && ELEMENT_SECTIONS.has(section) && key) {
    const what = { tasks: 'Task', gateways: 'Gateway', events: 'Event', arrivals: 'Start event' }[section];
    return `${what} ${name(nodes.get(key), key)}${suffix}`;
  }
  if ((section === 'pools' || section === 'calendars') && key !== undefined) {
    const list = scenario[section];
    const item = Array.isArray(list) ? (list[Number(key)] as { name?: string; id?: string } | undefined) : undefined;
    return `${section === 'pools' ? 'Pool' : 'Calendar'} '${item?.name ?? item?.id ?? Number(key) + 1}'${suffix}`;
  }
  return section ? `${[section, key, ...rest].filter((p) => p !== undefined && !/^\d+$/.test(p)).join(' ')}` : undefined;
}

/**
 * Validates a scenario against the schema and against the process it belongs to. Returns issues (never
 * throws): impossible parameters, XOR probabilities that do not add up to 1, references to unknown pools,
 * calendars, lanes or elements, tasks that nobody can do.
 *
 * @example
 * const issues = validateScenario(scenario, graph);
 * // [{ code: 'gateway.probabilities.sum', message: "The branch probabilities of 'Qualified?' add up to 0.9; they must add up to 1.", ... }]
 */
export function validateScenario(scenario: unknown, graph: ProcessGraph): ModelIssue[] {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const parsed = ScenarioSchema.safeParse(scenario);
  if (!parsed.success) {
    const raw = (typeof scenario === 'object' && scenario !== null ? scenario : {}) as Record<string, unknown>;
    return zodIssuesToModelIssues(parsed.error.issues).map((issue) => {
      const context = issue.path ? describePath(issue.path.split('.'), raw, nodes) : undefined;
      return context ? { ...issue, message: `${context}: ${issue.message}` } : issue;
    });
  }
  return crossCheck(parsed.data, graph, nodes);
}

function crossCheck(scenario: Scenario, graph: ProcessGraph, nodes: Map<string, FlowNode>): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const calendars = new Map<string, Calendar>();
  for (const [index, calendar] of scenario.calendars.entries()) {
    if (calendars.has(calendar.id)) issues.push({ code: 'calendar.duplicateId', severity: 'error', message: `Two calendars have the id '${calendar.id}'.`, path: `calendars.${index}.id` });
    calendars.set(calendar.id, calendar);
    if (!isTimeZone(calendar.timeZone)) {
      issues.push({ code: 'calendar.timeZone', severity: 'error', message: `Calendar '${calendar.name}': '${calendar.timeZone}' is not a time zone; use one like Europe/Berlin or UTC.`, path: `calendars.${index}.timeZone` });
    }
  }
  const checkCalendar = (calendarId: string | undefined, path: string, owner: string, elementId?: string) => {
    if (calendarId !== undefined && !calendars.has(calendarId)) {
      issues.push({ code: 'scenario.unknownCalendar', severity: 'error', message: `${owner} uses the calendar '${calendarId}', which does not exist.`, path, ...(elementId ? { elementId } : {}) });
    }
  };

  const lanes = new Map(graph.lanes.map((l) => [l.id, l]));
  const pools = new Map<string, ResourcePool>();
  const poolOfLane = new Map<string, ResourcePool>();
  for (const [index, pool] of scenario.pools.entries()) {
    if (pools.has(pool.id)) issues.push({ code: 'pool.duplicateId', severity: 'error', message: `Two resource pools have the id '${pool.id}'.`, path: `pools.${index}.id` });
    pools.set(pool.id, pool);
    checkCalendar(pool.calendarId, `pools.${index}.calendarId`, `Pool '${pool.name}'`);
    for (const laneId of pool.laneIds) {
      if (!lanes.has(laneId)) {
        issues.push({ code: 'scenario.unknownLane', severity: 'error', message: `Pool '${pool.name}' covers the lane '${laneId}', which is not in the diagram.`, path: `pools.${index}.laneIds` });
      } else if (poolOfLane.has(laneId)) {
        issues.push({ code: 'pool.laneTwice', severity: 'warning', message: `Lane ${name(lanes.get(laneId), laneId)} is covered by both '${poolOfLane.get(laneId)!.name}' and '${pool.name}'; tasks use '${poolOfLane.get(laneId)!.name}'.`, path: `pools.${index}.laneIds` });
      } else poolOfLane.set(laneId, pool);
    }
  }

  // A task's pool: its own, else the pool of its lane or of an enclosing lane.
  const poolForLane = (laneId: string | undefined): ResourcePool | undefined => {
    for (let lane = laneId ? lanes.get(laneId) : undefined; lane; lane = lane.parentLaneId ? lanes.get(lane.parentLaneId) : undefined) {
      const pool = poolOfLane.get(lane.id);
      if (pool) return pool;
    }
    return undefined;
  };

  for (const [id, task] of Object.entries(scenario.tasks)) {
    const node = nodes.get(id);
    const path = `tasks.${id}`;
    if (!node) {
      issues.push({ code: 'scenario.unknownElement', severity: 'error', message: `The scenario has task settings for '${id}', which is not in the diagram.`, path, elementId: id });
      continue;
    }
    if (!isActivity(node)) {
      issues.push({ code: 'scenario.notActivity', severity: 'error', message: `${name(node, id)} is not a task, so it cannot have a duration or a resource.`, path, elementId: id });
      continue;
    }
    checkTask(node, task, path, pools, poolForLane, lanes, issues);
  }
  issues.push(...unstaffedPoolIssues(scenario, graph));
  for (const node of graph.nodes) {
    if (!isActivity(node) || scenario.tasks[node.id] || hasChildren(graph, node)) continue;
    issues.push({ code: 'task.noParameters', severity: 'warning', message: `Task ${name(node, node.id)} has no duration, so it takes no time in the simulation.`, elementId: node.id, path: `tasks.${node.id}` });
    const pool = poolForLane(node.laneId);
    if (!pool && node.laneId) {
      issues.push(noPoolIssue(node, lanes, `tasks.${node.id}`));
    }
  }

  const topStarts = graph.nodes.filter((n) => n.kind === 'startEvent' && n.parentId === undefined);
  for (const [id, arrival] of Object.entries(scenario.arrivals)) {
    const node = nodes.get(id);
    const path = `arrivals.${id}`;
    if (!node) issues.push({ code: 'scenario.unknownElement', severity: 'error', message: `The scenario has arrivals for '${id}', which is not in the diagram.`, path, elementId: id });
    else if (node.kind !== 'startEvent') issues.push({ code: 'scenario.notStartEvent', severity: 'error', message: `${name(node, id)} is not a start event, so cases cannot arrive there.`, path, elementId: id });
    checkCalendar(arrival.calendarId, `${path}.calendarId`, `The arrivals at ${name(node, id)}`, id);
  }
  if (topStarts.length > 0 && !topStarts.some((n) => scenario.arrivals[n.id])) {
    issues.push({ code: 'arrivals.missing', severity: 'error', message: `No start event has arrivals, so no case would start. Say how often cases arrive at ${name(topStarts[0], 'the start event')}.`, elementId: topStarts[0]!.id, path: `arrivals.${topStarts[0]!.id}` });
  }

  for (const [id, gateway] of Object.entries(scenario.gateways)) {
    const node = nodes.get(id);
    const path = `gateways.${id}`;
    if (!node) {
      issues.push({ code: 'scenario.unknownElement', severity: 'error', message: `The scenario has branch probabilities for '${id}', which is not in the diagram.`, path, elementId: id });
      continue;
    }
    if (node.kind !== 'exclusiveGateway' && node.kind !== 'inclusiveGateway' && node.kind !== 'complexGateway') {
      issues.push({ code: 'scenario.notDecision', severity: 'error', message: `${name(node, id)} is not an exclusive or inclusive gateway, so it has no branch probabilities.`, path, elementId: id });
      continue;
    }
    for (const flowId of Object.keys(gateway.probabilities)) {
      if (!node.outgoing.includes(flowId)) {
        issues.push({ code: 'gateway.unknownFlow', severity: 'error', message: `Gateway ${name(node, id)} has a probability for '${flowId}', which is not one of its outgoing flows.`, path: `${path}.probabilities.${flowId}`, elementId: id });
      }
    }
    if (node.kind === 'exclusiveGateway') {
      const sum = node.outgoing.reduce((total, flowId) => total + (gateway.probabilities[flowId] ?? 0), 0);
      if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
        issues.push({ code: 'gateway.probabilities.sum', severity: 'error', message: `The branch probabilities of ${name(node, id)} add up to ${round(sum)}; they must add up to 1.`, path: `${path}.probabilities`, elementId: id });
      }
    }
  }
  for (const node of graph.nodes) {
    if ((node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') && node.outgoing.length > 1 && !scenario.gateways[node.id]) {
      issues.push({ code: 'gateway.noProbabilities', severity: 'warning', message: `Gateway ${name(node, node.id)} has no branch probabilities; each branch will be taken equally often.`, elementId: node.id, path: `gateways.${node.id}` });
    }
  }

  for (const id of Object.keys(scenario.events)) {
    const node = nodes.get(id);
    const path = `events.${id}`;
    if (!node) issues.push({ code: 'scenario.unknownElement', severity: 'error', message: `The scenario has a waiting time for '${id}', which is not in the diagram.`, path, elementId: id });
    else if (!node.kind.endsWith('Event') && node.kind !== 'receiveTask') {
      issues.push({ code: 'scenario.notEvent', severity: 'error', message: `${name(node, id)} is not an event, so it has no waiting time.`, path, elementId: id });
    }
  }

  issues.push(...checkSegmentsAndStaffing(scenario, nodes, pools, calendars));

  if (scenario.warmUp && scenario.horizon && seconds(scenario.warmUp) >= seconds(scenario.horizon)) {
    issues.push({ code: 'scenario.warmUpTooLong', severity: 'error', message: 'The warm-up is as long as the simulated period or longer, so no case would be measured.', path: 'warmUp' });
  }
  return issues;
}

/** Case types, weekly arrival profiles, shift plans and people in several pools. */
function checkSegmentsAndStaffing(scenario: Scenario, nodes: Map<string, FlowNode>, pools: Map<string, ResourcePool>, calendars: Map<string, Calendar>): ModelIssue[] {
  const issues: ModelIssue[] = [];
  for (const [index, type] of (scenario.caseTypes ?? []).entries()) {
    const path = `caseTypes.${index}`;
    for (const id of Object.keys(type.tasks ?? {})) {
      const node = nodes.get(id);
      if (!node || !isActivity(node))
        issues.push({ code: 'caseType.unknownTask', severity: 'error', message: `Case type '${type.name}' changes the duration of '${id}', which is not a task in the diagram.`, path: `${path}.tasks.${id}`, elementId: id });
    }
    for (const [id, gateway] of Object.entries(type.gateways ?? {})) {
      const node = nodes.get(id);
      if (!node || (node.kind !== 'exclusiveGateway' && node.kind !== 'inclusiveGateway' && node.kind !== 'complexGateway')) {
        issues.push({ code: 'caseType.unknownGateway', severity: 'error', message: `Case type '${type.name}' changes the branch probabilities of '${id}', which is not an exclusive or inclusive gateway in the diagram.`, path: `${path}.gateways.${id}`, elementId: id });
        continue;
      }
      for (const flowId of Object.keys(gateway.probabilities))
        if (!node.outgoing.includes(flowId))
          issues.push({ code: 'gateway.unknownFlow', severity: 'error', message: `Case type '${type.name}': gateway ${name(node, id)} has a probability for '${flowId}', which is not one of its outgoing flows.`, path: `${path}.gateways.${id}.probabilities.${flowId}`, elementId: id });
      if (node.kind === 'exclusiveGateway') {
        const sum = node.outgoing.reduce((total, flowId) => total + (gateway.probabilities[flowId] ?? 0), 0);
        if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE)
          issues.push({ code: 'gateway.probabilities.sum', severity: 'error', message: `Case type '${type.name}': the branch probabilities of ${name(node, id)} add up to ${round(sum)}; they must add up to 1.`, path: `${path}.gateways.${id}.probabilities`, elementId: id });
      }
    }
  }
  for (const [id, arrival] of Object.entries(scenario.arrivals))
    if (arrival.profile && !isTimeZone(arrival.profile.timeZone))
      issues.push({ code: 'calendar.timeZone', severity: 'error', message: `The arrival profile of ${name(nodes.get(id), id)}: '${arrival.profile.timeZone}' is not a time zone; use one like Europe/Berlin or UTC.`, path: `arrivals.${id}.profile.timeZone`, elementId: id });
  for (const [index, pool] of scenario.pools.entries())
    if (pool.shifts && !isTimeZone(pool.shifts.timeZone))
      issues.push({ code: 'calendar.timeZone', severity: 'error', message: `The shifts of pool '${pool.name}': '${pool.shifts.timeZone}' is not a time zone; use one like Europe/Berlin or UTC.`, path: `pools.${index}.shifts.timeZone` });
  const personIds = new Set<string>();
  for (const [index, person] of (scenario.people ?? []).entries()) {
    const path = `people.${index}`;
    if (personIds.has(person.id)) issues.push({ code: 'person.duplicateId', severity: 'error', message: `Two people have the id '${person.id}'.`, path: `${path}.id` });
    personIds.add(person.id);
    for (const poolId of person.poolIds)
      if (!pools.has(poolId)) issues.push({ code: 'scenario.unknownPool', severity: 'error', message: `${person.name} works in the pool '${poolId}', which does not exist.`, path: `${path}.poolIds` });
    if (person.calendarId !== undefined && !calendars.has(person.calendarId))
      issues.push({ code: 'scenario.unknownCalendar', severity: 'error', message: `${person.name} uses the calendar '${person.calendarId}', which does not exist.`, path: `${path}.calendarId` });
  }
  return issues;
}

function checkTask(
  node: FlowNode,
  task: TaskParameters,
  path: string,
  pools: Map<string, ResourcePool>,
  poolForLane: (laneId: string | undefined) => ResourcePool | undefined,
  lanes: Map<string, { id: string; name?: string }>,
  issues: ModelIssue[],
): void {
  if (task.poolId !== undefined && !pools.has(task.poolId)) {
    issues.push({ code: 'scenario.unknownPool', severity: 'error', message: `Task ${name(node, node.id)} uses the resource pool '${task.poolId}', which does not exist.`, path: `${path}.poolId`, elementId: node.id });
  }
  if (!task.automated && task.poolId === undefined && !poolForLane(node.laneId)) {
    if (node.laneId) issues.push(noPoolIssue(node, lanes, `${path}.poolId`));
    else issues.push({ code: 'task.noResource', severity: 'info', message: `Task ${name(node, node.id)} is in no lane and has no resource pool, so it never waits for a person.`, path: `${path}.poolId`, elementId: node.id });
  }
  if (task.instanceCount !== undefined && node.loop?.kind !== 'multiInstance') {
    issues.push({ code: 'task.notMultiInstance', severity: 'warning', message: `Task ${name(node, node.id)} has an instance count but is not a multi-instance activity; the count is ignored.`, path: `${path}.instanceCount`, elementId: node.id });
  }
  if (task.loopCount !== undefined && node.loop?.kind !== 'standard') {
    issues.push({ code: 'task.notLoop', severity: 'warning', message: `Task ${name(node, node.id)} has a loop count but is not a loop activity; the count is ignored.`, path: `${path}.loopCount`, elementId: node.id });
  }
}

/**
 * Errors for pools with headcount 0 that tasks need: those tasks can never be served, so a case reaching them
 * waits forever. A pool with 0 and no tasks is fine (a role nobody fills yet). `validateScenario` and the
 * simulator's static checks both report these, with the same code and message.
 *
 * @example
 * unstaffedPoolIssues(scenario, graph);
 * // [{ code: 'pool.unstaffed', message: "Pool 'Clerk' has nobody (headcount 0): its tasks 'Review', 'Approve' can never be served. Give it at least one person.", elementId: 'Review', ... }]
 */
export function unstaffedPoolIssues(scenario: Pick<Scenario, 'pools' | 'tasks'> & Partial<Pick<Scenario, 'people'>>, graph: ProcessGraph): ModelIssue[] {
  // Shifts with someone on duty, or people from other pools who can help, staff a pool whose headcount is 0.
  const helped = new Set((scenario.people ?? []).flatMap((p) => p.poolIds));
  const isUnstaffed = (p: ResourcePool) => (p.shifts ? !p.shifts.periods.some((s) => s.headcount > 0) : p.headcount === 0) && !helped.has(p.id);
  if (!scenario.pools.some(isUnstaffed)) return [];
  const pools = new Map(scenario.pools.map((p) => [p.id, p]));
  const poolOfLane = new Map<string, ResourcePool>();
  for (const pool of scenario.pools) for (const laneId of pool.laneIds) if (!poolOfLane.has(laneId)) poolOfLane.set(laneId, pool);
  const parentLane = new Map(graph.lanes.map((l) => [l.id, l.parentLaneId]));
  const laneOf = (laneId: string | undefined): ResourcePool | undefined => {
    for (let lane = laneId; lane !== undefined; lane = parentLane.get(lane)) {
      const pool = poolOfLane.get(lane);
      if (pool) return pool;
    }
    return undefined;
  };
  const tasksOf = new Map<ResourcePool, FlowNode[]>();
  for (const node of graph.nodes) {
    if (!isActivity(node) || hasChildren(graph, node)) continue;
    const task = scenario.tasks[node.id];
    if (task?.automated) continue;
    // An unknown pool id is reported on its own; the simulator then falls back to the lane's pool.
    const pool = (task?.poolId !== undefined ? pools.get(task.poolId) : undefined) ?? laneOf(node.laneId);
    if (pool && isUnstaffed(pool)) tasksOf.set(pool, [...(tasksOf.get(pool) ?? []), node]);
  }
  return scenario.pools.flatMap((pool, index) => {
    const tasks = tasksOf.get(pool);
    if (!tasks) return [];
    const names = tasks.map((t) => name(t, t.id)).join(', ');
    return [{
      code: 'pool.unstaffed',
      severity: 'error' as const,
      message: `Pool '${pool.name}' has nobody (headcount 0): its ${tasks.length === 1 ? 'task' : 'tasks'} ${names} can never be served. Give it at least one person.`,
      path: `pools.${index}.headcount`,
      elementId: tasks[0]!.id,
    }];
  });
}

function noPoolIssue(node: FlowNode, lanes: Map<string, { id: string; name?: string }>, path: string): ModelIssue {
  const lane = lanes.get(node.laneId!);
  return {
    code: 'task.noPool',
    severity: 'error',
    message: `Task ${name(node, node.id)} is in lane ${name(lane, node.laneId!)}, but no resource pool covers that lane. Add the lane to a pool, pick a pool for the task, or mark it automated.`,
    path,
    elementId: node.id,
  };
}

function hasChildren(graph: ProcessGraph, node: FlowNode): boolean {
  return graph.nodes.some((n) => n.parentId === node.id);
}

function seconds(duration: { value: number; unit: 's' | 'min' | 'h' | 'd' }): number {
  return duration.value * { s: 1, min: 60, h: 3600, d: 86400 }[duration.unit];
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar every default pool and arrival uses: Monday to Friday, 09:00-17:00, UTC. */
export const DEFAULT_CALENDAR: Calendar = {
  id: 'business-hours',
  name: 'Business hours (Mon-Fri 9-17)',
  timeZone: 'UTC',
  hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
  holidays: [],
};

const AUTOMATED_KINDS: ReadonlySet<FlowNode['kind']> = new Set(['serviceTask', 'scriptTask', 'businessRuleTask']);

/** The default duration of a task of this kind (documented in docs/model.md). */
function defaultDuration(node: FlowNode): Distribution {
  if (AUTOMATED_KINDS.has(node.kind)) return { type: 'fixed', value: 30, unit: 's' };
  if (node.kind === 'receiveTask') return { type: 'exponential', mean: 1, unit: 'h' };
  return { type: 'triangular', min: 5, mode: 10, max: 20, unit: 'min' };
}

/** Parses a simple ISO 8601 duration such as PT30M or P1DT2H into seconds (undefined when it is not one). */
export function isoDurationToSeconds(expression: string): number | undefined {
  const match = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(expression.trim());
  if (!match || expression.trim() === 'P' || expression.trim().endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return (y! * 365 + mo! * 30 + w! * 7 + d!) * 86400 + h! * 3600 + mi! * 60 + s!;
}

/**
 * A starting scenario for a process that has none, with documented defaults (docs/model.md):
 * one pool per lane (headcount 1, no cost, Mon-Fri 9-17 UTC), a "Staff" pool for tasks outside lanes,
 * cases arriving every 30 minutes on average (exponential) during business hours at each top-level start
 * event that no message from another modelled pool starts, tasks taking 5-10-20 minutes (triangular), service/script/rule tasks automated and 30 s, receive
 * tasks and message catches waiting 1 hour on average (exponential), timers waiting their ISO duration or
 * cycle period (else 1 hour; dates are left to the simulation, which waits until them), equal XOR probabilities, 50% per inclusive branch, 3 instances per multi-instance activity.
 *
 * @example
 * const scenario = createDefaultScenario(graph);
 * validateScenario(scenario, graph); // no errors
 */
export function createDefaultScenario(graph: ProcessGraph, options: { id?: string; name?: string } = {}): Scenario {
  const leafLanes = graph.lanes.filter((lane) => graph.nodes.some((n) => n.laneId === lane.id && isActivity(n)));
  const pools: ResourcePool[] = leafLanes.map((lane) => ({
    id: `pool-${lane.id}`,
    name: lane.name ?? lane.id,
    headcount: 1,
    costPerHour: 0,
    calendarId: DEFAULT_CALENDAR.id,
    laneIds: [lane.id],
  }));
  const tasks: Record<string, TaskParameters> = {};
  const needsStaff = graph.nodes.some((n) => isActivity(n) && !n.laneId && !AUTOMATED_KINDS.has(n.kind) && n.kind !== 'receiveTask' && !hasChildren(graph, n));
  if (needsStaff) pools.push({ id: 'pool-staff', name: 'Staff', headcount: 1, costPerHour: 0, calendarId: DEFAULT_CALENDAR.id, laneIds: [] });

  for (const node of graph.nodes) {
    if (!isActivity(node) || hasChildren(graph, node)) continue;
    const automated = AUTOMATED_KINDS.has(node.kind) || node.kind === 'receiveTask';
    tasks[node.id] = {
      duration: defaultDuration(node),
      ...(!automated && !node.laneId ? { poolId: 'pool-staff' } : {}),
      fixedCost: 0,
      // No value class: "not set" until the user says (the Properties panel asks; PCE counts it as not value-adding).
      substantiveResponse: false,
      automated,
      ...(node.loop?.kind === 'multiInstance' ? { instanceCount: 3 } : {}),
    };
  }

  const arrivals: Scenario['arrivals'] = {};
  // A start event that receives a message from a modelled flow node is started by that pool, not by outside
  // arrivals; a message from a black-box pool (a participant) is an outside arrival.
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const messageTargets = new Set(graph.messageFlows.filter((f) => nodeIds.has(f.sourceId)).map((f) => f.targetId));
  for (const node of graph.nodes) {
    if (node.kind === 'startEvent' && node.parentId === undefined && !messageTargets.has(node.id)) {
      arrivals[node.id] = { interArrival: { type: 'exponential', mean: 30, unit: 'min' }, calendarId: DEFAULT_CALENDAR.id };
    }
  }

  const gateways: Scenario['gateways'] = {};
  for (const node of graph.nodes) {
    if (node.outgoing.length < 2) continue;
    if (node.kind === 'exclusiveGateway') {
      const share = 1 / node.outgoing.length;
      const probabilities: Record<string, number> = {};
      node.outgoing.forEach((flowId, index) => {
        // The last branch takes the remainder so the sum is exactly 1.
        probabilities[flowId] = index === node.outgoing.length - 1 ? 1 - share * (node.outgoing.length - 1) : share;
      });
      gateways[node.id] = { probabilities };
    } else if (node.kind === 'inclusiveGateway') {
      gateways[node.id] = { probabilities: Object.fromEntries(node.outgoing.map((flowId) => [flowId, 0.5])) };
    }
  }

  const events: Scenario['events'] = {};
  for (const node of graph.nodes) {
    const catches = node.kind === 'intermediateCatchEvent' || node.kind === 'boundaryEvent';
    if (!catches) continue;
    if (node.eventDefinitions.includes('timer')) {
      // A date is kept for the simulation to wait until it; a cycle (R6/P1D) waits its period.
      if (node.timer?.kind === 'date') continue;
      const period = node.timer?.kind === 'cycle' ? node.timer.expression.split('/').find((part) => part.startsWith('P')) : node.timer?.expression;
      const secs = period !== undefined ? isoDurationToSeconds(period) : undefined;
      events[node.id] = { duration: secs !== undefined ? { type: 'fixed', value: secs, unit: 's' } : { type: 'fixed', value: 1, unit: 'h' } };
    } else if (node.eventDefinitions.includes('message') && node.kind === 'intermediateCatchEvent') {
      events[node.id] = { duration: { type: 'exponential', mean: 1, unit: 'h' } };
    }
  }

  return ScenarioSchema.parse({
    id: options.id ?? 'default',
    name: options.name ?? 'Default scenario',
    description: 'Created by Leanflow with default values; replace them with your own figures.',
    calendars: [DEFAULT_CALENDAR],
    pools,
    arrivals,
    tasks,
    gateways,
    events,
  });
}

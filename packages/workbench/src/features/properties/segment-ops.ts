// DOM-free edits for what differs per case type (task durations, branch splits, targets) and for people who work
// in several pools. Like scenario-ops.ts: each takes the active scenario and returns a new one (never mutating);
// editActive checks it against the schema before anything is written.
import type { Distribution, Duration, Scenario, ScenarioInput } from '@leanflow/model';
import { sharesSummingToOne } from './scenario-ops.ts';

export type CaseType = NonNullable<Scenario['caseTypes']>[number];
export type Person = NonNullable<Scenario['people']>[number];

function withType(scenario: Scenario, typeId: string, change: (type: CaseType) => CaseType): Scenario {
  return { ...scenario, caseTypes: (scenario.caseTypes ?? []).map((t) => (t.id === typeId ? change(t) : t)) };
}

/** A record without `key`; undefined when nothing is left (so an empty override leaves no trace in the file). */
function without<T>(record: Record<string, T> | undefined, key: string): Record<string, T> | undefined {
  if (!record) return undefined;
  const { [key]: _gone, ...rest } = record;
  return Object.keys(rest).length ? rest : undefined;
}

function withOptional<K extends 'tasks' | 'gateways' | 'targets'>(type: CaseType, key: K, value: CaseType[K] | undefined): CaseType {
  const next: Record<string, unknown> = { ...type };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as CaseType;
}

/** The duration a new override starts from: the task's own, else the estimate the form shows for an unset one. */
export function overrideStartDuration(scenario: Scenario, taskId: string): Distribution {
  return structuredClone(scenario.tasks[taskId]?.duration ?? { type: 'triangular', min: 5, mode: 10, max: 20, unit: 'min' });
}

/**
 * Gives a case type its own duration for a task, or (null) lets it use the task's again.
 *
 * @example
 * setCaseTypeDuration(s, 'vip', 'Task_PrepareQuote', { type: 'triangular', min: 5, mode: 10, max: 15, unit: 'min' });
 */
export function setCaseTypeDuration(scenario: Scenario, typeId: string, taskId: string, duration: Distribution | null): ScenarioInput {
  return withType(scenario, typeId, (type) =>
    withOptional(type, 'tasks', duration === null ? without(type.tasks, taskId) : { ...type.tasks, [taskId]: { duration } }),
  );
}

/**
 * The split a new override starts from: the gateway's own probabilities over `flowIds` (0 for a flow without one),
 * or equal shares when it has none.
 */
export function overrideStartSplit(scenario: Scenario, gatewayId: string, flowIds: readonly string[]): Record<string, number> {
  const own = scenario.gateways[gatewayId]?.probabilities;
  if (own && flowIds.some((id) => own[id] !== undefined)) return Object.fromEntries(flowIds.map((id) => [id, own[id] ?? 0]));
  const share = Number((1 / flowIds.length).toFixed(4));
  return Object.fromEntries(flowIds.map((id, i) => [id, i === flowIds.length - 1 ? Number((1 - share * (flowIds.length - 1)).toFixed(4)) : share]));
}

/** Gives a case type its own branch probabilities at a gateway, or (null) lets it use the gateway's again. */
export function setCaseTypeSplit(scenario: Scenario, typeId: string, gatewayId: string, probabilities: Record<string, number> | null): ScenarioInput {
  return withType(scenario, typeId, (type) =>
    withOptional(type, 'gateways', probabilities === null ? without(type.gateways, gatewayId) : { ...type.gateways, [gatewayId]: { probabilities } }),
  );
}

/** Sets one branch's probability in a case type's own split (starting the split from the gateway's when it has none). */
export function setCaseTypeProbability(scenario: Scenario, typeId: string, gatewayId: string, flowIds: readonly string[], flowId: string, probability: number): ScenarioInput {
  const type = scenario.caseTypes?.find((t) => t.id === typeId);
  const current = type?.gateways?.[gatewayId]?.probabilities ?? overrideStartSplit(scenario, gatewayId, flowIds);
  return setCaseTypeSplit(scenario, typeId, gatewayId, { ...current, [flowId]: probability });
}

/** The sum of a case type's own split over `flowIds` (undefined when the type has none for this gateway). */
export function caseTypeSplitSum(type: CaseType, gatewayId: string, flowIds: readonly string[]): number | undefined {
  const own = type.gateways?.[gatewayId]?.probabilities;
  return own ? flowIds.reduce((total, id) => total + (own[id] ?? 0), 0) : undefined;
}

/**
 * Scales a case type's split so it adds up to exactly 1 (4 decimals, the last branch takes the remainder); all zero:
 * equal shares. The same rule as the gateway's own "Make it 100%".
 */
export function normaliseCaseTypeSplit(scenario: Scenario, typeId: string, gatewayId: string, flowIds: readonly string[]): ScenarioInput {
  const type = scenario.caseTypes?.find((t) => t.id === typeId);
  const probabilities = sharesSummingToOne(type?.gateways?.[gatewayId]?.probabilities ?? {}, flowIds);
  return setCaseTypeSplit(scenario, typeId, gatewayId, probabilities);
}

/** Sets (or, with undefined, removes) one of a case type's own targets. */
export function setCaseTypeTarget(scenario: Scenario, typeId: string, key: 'firstResponseSla' | 'resolutionSla', duration: Duration | undefined): ScenarioInput {
  return withType(scenario, typeId, (type) => {
    const targets: Record<string, Duration> = { ...type.targets } as Record<string, Duration>;
    if (duration) targets[key] = duration;
    else delete targets[key];
    return withOptional(type, 'targets', Object.keys(targets).length ? targets : undefined);
  });
}

/** What a case type changes: the tasks with their own duration and the gateways with their own split. */
export function caseTypeOverrides(type: CaseType): { tasks: string[]; gateways: string[] } {
  return { tasks: Object.keys(type.tasks ?? {}), gateways: Object.keys(type.gateways ?? {}) };
}

// ---- people in several pools ------------------------------------------------------------------------------

function unique(base: string, taken: readonly string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

function setPeople(scenario: Scenario, people: Person[]): ScenarioInput {
  const { people: _old, ...rest } = scenario;
  return people.length ? { ...rest, people } : rest;
}

/**
 * Adds a person working in `poolIds` (at least one: the schema refuses a person in no pool), on their pools' hours.
 *
 * @example
 * addPerson(s, 'Ann', ['sales-representatives', 'sales-managers']);
 */
export function addPerson(scenario: Scenario, name: string, poolIds: readonly string[]): ScenarioInput {
  const people = scenario.people ?? [];
  return setPeople(scenario, [...people, { id: unique('person', people.map((p) => p.id)), name, count: 1, poolIds: [...poolIds] }]);
}

/** Changes a person: name, how many people the entry stands for, pools, calendar (null: their pools' hours). */
export function updatePerson(scenario: Scenario, personId: string, change: { name?: string; count?: number; poolIds?: readonly string[]; calendarId?: string | null }): ScenarioInput {
  return setPeople(
    scenario,
    (scenario.people ?? []).map((person) => {
      if (person.id !== personId) return person;
      const { calendarId: oldCalendar, ...rest } = person;
      const next: Person = { ...rest, ...(change.name !== undefined ? { name: change.name.trim() } : {}), ...(change.count !== undefined ? { count: change.count } : {}), ...(change.poolIds ? { poolIds: [...change.poolIds] } : {}) };
      const calendarId = change.calendarId === null ? undefined : (change.calendarId ?? oldCalendar);
      return calendarId === undefined ? next : { ...next, calendarId };
    }),
  );
}

/** Adds a person to a pool or takes them out of it (the order of their pools is kept). */
export function setPersonPool(scenario: Scenario, personId: string, poolId: string, member: boolean): ScenarioInput {
  const person = scenario.people?.find((p) => p.id === personId);
  if (!person) return scenario;
  const poolIds = member ? (person.poolIds.includes(poolId) ? person.poolIds : [...person.poolIds, poolId]) : person.poolIds.filter((id) => id !== poolId);
  return updatePerson(scenario, personId, { poolIds });
}

export function removePerson(scenario: Scenario, personId: string): ScenarioInput {
  return setPeople(scenario, (scenario.people ?? []).filter((p) => p.id !== personId));
}

/** A problem with a person the form shows next to them, in the studio's language. */
export interface PersonProblem {
  readonly index: number;
  readonly personId: string;
  readonly code: 'person.noPool' | 'person.unknownPool' | 'person.unknownCalendar';
  /** The missing pool or calendar. */
  readonly ref?: string;
}

/**
 * What is wrong with the people of a scenario as stored (a file written elsewhere, a pool or calendar removed by
 * hand): nobody in no pool, no pool or calendar that does not exist. Forms never write these; they show them.
 */
export function peopleProblems(scenario: Pick<Scenario, 'pools' | 'calendars' | 'people'>): PersonProblem[] {
  const pools = new Set(scenario.pools.map((p) => p.id));
  const calendars = new Set(scenario.calendars.map((c) => c.id));
  const problems: PersonProblem[] = [];
  (scenario.people ?? []).forEach((person, index) => {
    const base = { index, personId: person.id };
    if (person.poolIds.length === 0) problems.push({ ...base, code: 'person.noPool' });
    for (const poolId of person.poolIds) if (!pools.has(poolId)) problems.push({ ...base, code: 'person.unknownPool', ref: poolId });
    if (person.calendarId !== undefined && !calendars.has(person.calendarId)) problems.push({ ...base, code: 'person.unknownCalendar', ref: person.calendarId });
  });
  return problems;
}

/**
 * Removes a pool and every reference to it (tasks that named it, people's memberships). Refused, with the names of
 * the people concerned, when someone works only in that pool: removing it would leave them nowhere to work.
 */
export function removePool(scenario: Scenario, poolId: string): { ok: true; scenario: ScenarioInput } | { ok: false; onlyHere: string[] } {
  const onlyHere = (scenario.people ?? []).filter((p) => p.poolIds.length === 1 && p.poolIds[0] === poolId).map((p) => p.name);
  if (onlyHere.length) return { ok: false, onlyHere };
  const tasks = Object.fromEntries(Object.entries(scenario.tasks).map(([id, t]) => [id, t.poolId === poolId ? (({ poolId: _p, ...rest }) => rest)(t) : t]));
  const people = (scenario.people ?? []).map((p) => (p.poolIds.includes(poolId) ? { ...p, poolIds: p.poolIds.filter((id) => id !== poolId) } : p));
  return { ok: true, scenario: setPeople({ ...scenario, pools: scenario.pools.filter((p) => p.id !== poolId), tasks }, people) };
}

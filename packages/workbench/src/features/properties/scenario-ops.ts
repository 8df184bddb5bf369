// DOM-free scenario editing for the Properties panel: every operation takes the document's scenario list and
// returns a new one (never mutating), checked against the schema before anything is written to the file.
import {
  ScenarioSchema,
  SECONDS_PER_UNIT,
  createDefaultScenario,
  distributionFromEstimate,
  validateScenario,
  zodIssuesToModelIssues,
  type Distribution,
  type Estimate,
  type ModelIssue,
  type ProcessGraph,
  type Scenario,
  type ScenarioInput,
  type TimeUnit,
} from '@leanflow/model';

/** The scenarios of one document as the panel edits them. */
export interface ScenarioSet {
  readonly scenarios: readonly Scenario[];
  readonly activeScenarioId: string | undefined;
}

/** The result of an edit: the new set to write, or the reasons it cannot be written. */
export type EditResult = { ok: true; set: ScenarioSet } | { ok: false; issues: ModelIssue[] };

/** The active scenario (the first when none is marked). */
export function activeScenario(set: ScenarioSet): Scenario | undefined {
  return set.scenarios.find((s) => s.id === set.activeScenarioId) ?? set.scenarios[0];
}

/**
 * Applies `change` to the active scenario and checks the result against the schema. Impossible values (min > max,
 * a negative duration...) come back as issues with a dotted `path` and are not written.
 *
 * @example
 * const result = editActive(set, (s) => setTaskDuration(s, 'Task_1', { type: 'fixed', value: 5, unit: 'min' }));
 */
export function editActive(set: ScenarioSet, change: (scenario: Scenario) => ScenarioInput): EditResult {
  const current = activeScenario(set);
  if (!current) return { ok: false, issues: [{ code: 'scenario.none', severity: 'error', message: 'There is no scenario to edit.' }] };
  const parsed = ScenarioSchema.safeParse(change(structuredClone(current)));
  if (!parsed.success) return { ok: false, issues: zodIssuesToModelIssues(parsed.error.issues) };
  return { ok: true, set: { scenarios: set.scenarios.map((s) => (s.id === current.id ? parsed.data : s)), activeScenarioId: current.id } };
}

/** Issues whose path is `prefix` or lies below it (e.g. `tasks.Task_1.duration` for the duration's fields). */
export function issuesAt(issues: readonly ModelIssue[], prefix: string): ModelIssue[] {
  return issues.filter((i) => i.path !== undefined && (i.path === prefix || i.path.startsWith(`${prefix}.`)));
}

/** Cross-checks of the active scenario against the diagram (XOR sums, unknown pools...), for inline messages. */
export function checkActive(set: ScenarioSet, graph: ProcessGraph | undefined): ModelIssue[] {
  const scenario = activeScenario(set);
  return scenario && graph ? validateScenario(scenario, graph) : [];
}

/**
 * The pool and task names of a `pool.unstaffed` issue (the model writes them into its English message), so the
 * panel can say it in another language; undefined for any other issue.
 */
export function unstaffedPoolParts(issue: Pick<ModelIssue, 'code' | 'message'>): { pool: string; tasks: string } | undefined {
  if (issue.code !== 'pool.unstaffed') return undefined;
  const match = /^Pool '(.*)' has nobody \(headcount 0\): its tasks? (.*) can never be served\./.exec(issue.message);
  return match ? { pool: match[1]!, tasks: match[2]! } : undefined;
}

/** Everything but `id` and `name` of a task's parameters, with the schema's defaults. */
function taskOf(scenario: Scenario, taskId: string): Scenario['tasks'][string] {
  return scenario.tasks[taskId] ?? { fixedCost: 0, substantiveResponse: false, automated: false };
}

/** Sets one field of a task's parameters (`undefined` removes an optional one). */
export function setTaskField<K extends keyof Scenario['tasks'][string]>(scenario: Scenario, taskId: string, key: K, value: Scenario['tasks'][string][K] | undefined): Scenario {
  const task: Record<string, unknown> = { ...taskOf(scenario, taskId) };
  if (value === undefined) delete task[key];
  else task[key] = value;
  return { ...scenario, tasks: { ...scenario.tasks, [taskId]: task as Scenario['tasks'][string] } };
}

/** Sets the inter-arrival time (and optionally calendar / case count) of a start event. */
export function setArrival(scenario: Scenario, startEventId: string, change: { interArrival?: Distribution; calendarId?: string | null; cases?: number | null }): ScenarioInput {
  const arrival: Record<string, unknown> = { ...(scenario.arrivals[startEventId] ?? { interArrival: { type: 'exponential', mean: 30, unit: 'min' } }) };
  if (change.interArrival) arrival['interArrival'] = change.interArrival;
  if (change.calendarId === null) delete arrival['calendarId'];
  else if (change.calendarId !== undefined) arrival['calendarId'] = change.calendarId;
  if (change.cases === null) delete arrival['cases'];
  else if (change.cases !== undefined) arrival['cases'] = change.cases;
  return { ...scenario, arrivals: { ...scenario.arrivals, [startEventId]: arrival as Scenario['arrivals'][string] } };
}

/** Sets the waiting time of a timer or message catch event (or receive task). */
export function setEventDuration(scenario: Scenario, eventId: string, duration: Distribution): ScenarioInput {
  return { ...scenario, events: { ...scenario.events, [eventId]: { duration } } };
}

/** Sets the probability of one outgoing flow of a gateway. */
export function setProbability(scenario: Scenario, gatewayId: string, flowId: string, probability: number): ScenarioInput {
  const probabilities = { ...(scenario.gateways[gatewayId]?.probabilities ?? {}), [flowId]: probability };
  return { ...scenario, gateways: { ...scenario.gateways, [gatewayId]: { probabilities } } };
}

/**
 * `current` scaled to add up to exactly 1 over `flowIds`, rounded to 4 places (the last branch takes the remainder);
 * all zero gives equal shares. Shared by the scenario's split and a case type's own split.
 */
export function sharesSummingToOne(current: Readonly<Record<string, number>>, flowIds: readonly string[]): Record<string, number> {
  const values = flowIds.map((id) => current[id] ?? 0);
  const sum = values.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? values.map((v) => v / sum) : values.map(() => 1 / flowIds.length);
  const probabilities: Record<string, number> = {};
  let used = 0;
  flowIds.forEach((id, index) => {
    const value = index === flowIds.length - 1 ? Math.max(0, Number((1 - used).toFixed(4))) : Number(shares[index]!.toFixed(4));
    used += value;
    probabilities[id] = value;
  });
  return probabilities;
}

/**
 * Scales a gateway's probabilities over `flowIds` so they add up to exactly 1 (rounded to 4 decimals, the last
 * branch takes the remainder). All zero: equal shares.
 */
export function normaliseProbabilities(scenario: Scenario, gatewayId: string, flowIds: readonly string[]): Scenario {
  const probabilities = sharesSummingToOne(scenario.gateways[gatewayId]?.probabilities ?? {}, flowIds);
  return { ...scenario, gateways: { ...scenario.gateways, [gatewayId]: { probabilities } } };
}

/** The sum of a gateway's probabilities over its outgoing flows. */
export function probabilitySum(scenario: Scenario, gatewayId: string, flowIds: readonly string[]): number {
  const p = scenario.gateways[gatewayId]?.probabilities ?? {};
  return flowIds.reduce((total, id) => total + (p[id] ?? 0), 0);
}

/**
 * Reads a distribution back as "about X, usually L–H" when it is one (triangular or fixed); otherwise undefined
 * (the panel then opens the advanced editor).
 */
export function estimateFromDistribution(distribution: Distribution | undefined): Estimate | undefined {
  if (!distribution) return undefined;
  if (distribution.type === 'fixed') return { typical: distribution.value, unit: distribution.unit };
  if (distribution.type === 'triangular') return { typical: distribution.mode, low: distribution.min, high: distribution.max, unit: distribution.unit };
  return undefined;
}

/** `distributionFromEstimate` with messages keyed like the schema's (`low`, `high`, `typical`). */
export function estimateToDistribution(estimate: Estimate): { ok: true; distribution: Distribution } | { ok: false; issues: ModelIssue[] } {
  return distributionFromEstimate(estimate);
}

/** The parameters each distribution type has, in the order the advanced editor shows them. */
export const DISTRIBUTION_PARAMETERS = {
  fixed: ['value'],
  uniform: ['min', 'max'],
  triangular: ['min', 'mode', 'max'],
  exponential: ['mean'],
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'sd'],
  gamma: ['mean', 'sd'],
  erlang: ['k', 'mean'],
  weibull: ['shape', 'scale'],
  empirical: [],
} as const satisfies Record<Distribution['type'], readonly string[]>;

/**
 * Converts a distribution to another type keeping its mean (and spread where the new type has one), so switching
 * type in the advanced editor starts from a sensible value.
 */
export function convertDistribution(from: Distribution, type: Distribution['type']): Distribution {
  const unit = from.unit;
  const mean = meanIn(from);
  const spread = Math.max(round(mean / 3), 0);
  switch (type) {
    case 'fixed':
      return { type, value: round(mean), unit };
    case 'uniform':
      return { type, min: round(Math.max(0, mean - spread)), max: round(mean + spread), unit };
    case 'triangular':
      return from.type === 'triangular' ? from : { type, min: round(Math.max(0, mean - spread)), mode: round(mean), max: round(mean + spread), unit };
    case 'exponential':
      return { type, mean: round(mean) || 1, unit };
    case 'normal':
      return { type, mean: round(mean), sd: spread, unit };
    case 'lognormal':
    case 'gamma':
      return { type, mean: round(mean) || 1, sd: spread || 1, unit };
    case 'erlang':
      return { type, k: 2, mean: round(mean) || 1, unit };
    case 'weibull':
      return { type, shape: 1.5, scale: round(mean * 1.1) || 1, unit };
    case 'empirical':
      return { type, bins: [{ min: round(Math.max(0, mean - spread)), max: round(mean + spread), weight: 1 }], unit };
  }
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}

/** A distribution's mean in its own unit. */
function meanIn(d: Distribution): number {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return (d.min + d.mode + d.max) / 3;
    case 'weibull':
      return d.scale;
    case 'empirical': {
      const total = d.bins.reduce((s, b) => s + b.weight, 0) || 1;
      return d.bins.reduce((s, b) => s + b.weight * ((b.min + b.max) / 2), 0) / total;
    }
    default:
      return d.mean;
  }
}

/** A time converted to another unit (for showing SLAs and warm-up in the unit the user picked). */
export function convertTime(value: number, from: TimeUnit, to: TimeUnit): number {
  return (value * SECONDS_PER_UNIT[from]) / SECONDS_PER_UNIT[to];
}

/** An id not used by any of `taken`: `base`, `base-2`, `base-3`... */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const clean = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';
  if (!used.has(clean)) return clean;
  for (let n = 2; ; n++) if (!used.has(`${clean}-${n}`)) return `${clean}-${n}`;
}

/** A name not used by any of `taken`: `base`, `base 2`, ... */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** Adds a scenario with the documented defaults for `graph` and makes it active. */
export function addScenario(set: ScenarioSet, graph: ProcessGraph, name: string): ScenarioSet {
  const finalName = uniqueName(name, set.scenarios.map((s) => s.name));
  const id = uniqueId(finalName, set.scenarios.map((s) => s.id));
  const scenario = createDefaultScenario(graph, { id, name: finalName });
  return { scenarios: [...set.scenarios, scenario], activeScenarioId: id };
}

/** Copies a scenario (all its parameters) under a new name and makes the copy active. */
export function duplicateScenario(set: ScenarioSet, scenarioId: string, name: string): ScenarioSet {
  const source = set.scenarios.find((s) => s.id === scenarioId);
  if (!source) return set;
  const finalName = uniqueName(name, set.scenarios.map((s) => s.name));
  const id = uniqueId(finalName, set.scenarios.map((s) => s.id));
  return { scenarios: [...set.scenarios, { ...structuredClone(source), id, name: finalName }], activeScenarioId: id };
}

/** Renames a scenario; an empty name is refused with the schema's message. */
export function renameScenario(set: ScenarioSet, scenarioId: string, name: string): EditResult {
  const trimmed = name.trim();
  if (!trimmed) return { ok: false, issues: [{ code: 'scenario.too_small', severity: 'error', message: 'A scenario needs a name.', path: 'name' }] };
  return { ok: true, set: { ...set, scenarios: set.scenarios.map((s) => (s.id === scenarioId ? { ...s, name: trimmed } : s)) } };
}

/** Removes a scenario; the last one cannot be removed (a file always keeps one once it has any). */
export function deleteScenario(set: ScenarioSet, scenarioId: string): ScenarioSet {
  if (set.scenarios.length <= 1) return set;
  const scenarios = set.scenarios.filter((s) => s.id !== scenarioId);
  const activeScenarioId = set.activeScenarioId === scenarioId ? scenarios[0]!.id : set.activeScenarioId;
  return { scenarios, activeScenarioId };
}

/** Picks the active scenario. */
export function activateScenario(set: ScenarioSet, scenarioId: string): ScenarioSet {
  return set.scenarios.some((s) => s.id === scenarioId) ? { ...set, activeScenarioId: scenarioId } : set;
}

// ---- demand and staffing over the week, case types ----------------------------------------------------------

type WeekdayName = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** How the cases of a day spread: evenly, half in the first third of the day, Monday twice as busy, or both. */
export const DEMAND_SHAPES = ['even', 'morning', 'monday', 'mondayMorning'] as const;
export type DemandShape = (typeof DEMAND_SHAPES)[number];

/** Demand in business terms: "about 120 leads a day, Monday to Friday, 08:00-18:00, most of them Monday morning". */
export interface Demand {
  readonly perDay: number;
  readonly days: readonly WeekdayName[];
  readonly from: string;
  readonly to: string;
  readonly shape: DemandShape;
}

const clockMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
const clockText = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(Math.round(minutes % 60)).padStart(2, '0')}`;
const round3 = (x: number) => Number(x.toPrecision(4));

/**
 * The weekly arrival periods (cases per hour) of a demand in business terms. The days together get
 * `perDay x days` cases; `monday` makes Monday twice as busy as each other day; `morning` puts half of each day's
 * cases into the first third of the hours.
 *
 * @example
 * profileFromDemand({ perDay: 120, days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00', shape: 'even' });
 * // [{ days: ['mon', ..., 'fri'], from: '08:00', to: '18:00', casesPerHour: 12 }]
 */
export function profileFromDemand(demand: Demand): { days: WeekdayName[]; from: string; to: string; casesPerHour: number }[] {
  const start = clockMinutes(demand.from);
  const end = clockMinutes(demand.to);
  const hours = (end - start) / 60;
  if (!(hours > 0) || demand.days.length === 0) return [];
  const mondayHeavy = (demand.shape === 'monday' || demand.shape === 'mondayMorning') && demand.days.includes('mon') && demand.days.length > 1;
  const total = demand.perDay * demand.days.length;
  // Monday counts as two ordinary days.
  const unit = mondayHeavy ? total / (demand.days.length + 1) : demand.perDay;
  const groups: { days: WeekdayName[]; perDay: number }[] = mondayHeavy
    ? [{ days: ['mon'], perDay: 2 * unit }, { days: demand.days.filter((d) => d !== 'mon'), perDay: unit }]
    : [{ days: [...demand.days], perDay: unit }];
  const morning = demand.shape === 'morning' || demand.shape === 'mondayMorning';
  return groups.flatMap((group) => {
    if (!morning) return [{ days: group.days, from: demand.from, to: demand.to, casesPerHour: round3(group.perDay / hours) }];
    const split = start + Math.round((end - start) / 3);
    return [
      { days: group.days, from: demand.from, to: clockText(split), casesPerHour: round3(group.perDay / 2 / ((split - start) / 60)) },
      { days: group.days, from: clockText(split), to: demand.to, casesPerHour: round3(group.perDay / 2 / ((end - split) / 60)) },
    ];
  });
}

/** Cases a week of weekly periods (cases per hour). */
export function casesPerWeek(periods: readonly { days: readonly string[]; from: string; to: string; casesPerHour: number }[]): number {
  return periods.reduce((a, p) => a + p.days.length * ((clockMinutes(p.to) - clockMinutes(p.from)) / 60) * p.casesPerHour, 0);
}

/**
 * Sets (or, with null, removes) the weekly arrival profile of a start event. The inter-arrival time is kept in step
 * (exponential, the profile's average gap) so figures that read only it (offered load in other tools) stay close.
 */
export function setArrivalProfile(scenario: Scenario, startEventId: string, periods: readonly { days: WeekdayName[]; from: string; to: string; casesPerHour: number }[] | null): ScenarioInput {
  const arrival: Record<string, unknown> = { ...(scenario.arrivals[startEventId] ?? { interArrival: { type: 'exponential', mean: 30, unit: 'min' } }) };
  if (periods === null) delete arrival['profile'];
  else {
    const timeZone = (arrival['profile'] as { timeZone?: string } | undefined)?.timeZone ?? 'UTC';
    arrival['profile'] = { timeZone, periods };
    const weekly = casesPerWeek(periods);
    if (weekly > 0) arrival['interArrival'] = { type: 'exponential', mean: round3((7 * 24 * 60) / weekly), unit: 'min' };
  }
  return { ...scenario, arrivals: { ...scenario.arrivals, [startEventId]: arrival as Scenario['arrivals'][string] } };
}

/** Sets (or, with null, removes) a pool's shift plan; the pool's headcount becomes the plan's peak. */
export function setShifts(scenario: Scenario, poolIndex: number, periods: readonly { days: WeekdayName[]; from: string; to: string; headcount: number }[] | null): ScenarioInput {
  return {
    ...scenario,
    pools: scenario.pools.map((pool, i) => {
      if (i !== poolIndex) return pool;
      const { shifts: _old, ...rest } = pool;
      if (periods === null) return rest;
      return { ...rest, headcount: peakHeadcount(periods), shifts: { timeZone: pool.shifts?.timeZone ?? 'UTC', periods: [...periods] } };
    }),
  };
}

/** The most people on duty at once in a shift plan (overlapping shifts add up). */
export function peakHeadcount(periods: readonly { days: readonly string[]; from: string; to: string; headcount: number }[]): number {
  let peak = 0;
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    const today = periods.filter((p) => p.days.includes(day));
    for (const p of today) {
      const at = clockMinutes(p.from);
      peak = Math.max(peak, today.filter((q) => clockMinutes(q.from) <= at && at < clockMinutes(q.to)).reduce((a, q) => a + q.headcount, 0));
    }
  }
  return peak;
}

/** Sets the case types (an empty list removes them: one type, all cases). Shares are stored as 0..1. */
export function setCaseTypes(scenario: Scenario, caseTypes: NonNullable<Scenario['caseTypes']>): ScenarioInput {
  const { caseTypes: _old, ...rest } = scenario;
  return caseTypes.length === 0 ? rest : { ...rest, caseTypes };
}

/**
 * Sets one case type's share; another type (the last, or the first when the last is edited) takes the difference so
 * the shares still add up to 100%. A share that leaves the other below 0 is kept as typed (the schema refuses it).
 */
export function balanceShares(types: NonNullable<Scenario['caseTypes']>, index: number, share: number): NonNullable<Scenario['caseTypes']> {
  if (types.length < 2) return types.map((t, i) => (i === index ? { ...t, share } : t));
  const other = index === types.length - 1 ? 0 : types.length - 1;
  const rest = Number((types[other]!.share + types[index]!.share - share).toPrecision(12));
  return types.map((t, i) => (i === index ? { ...t, share } : i === other && rest >= 0 ? { ...t, share: rest } : t));
}

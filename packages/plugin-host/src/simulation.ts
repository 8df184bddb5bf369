// Runs the simulation engine for plugins (on the host, never in a plugin worker) and turns its result into the
// plain `SimulationSummary` of the plugin API. Used by headless hosts; the studio runs the engine in its own worker.
import type {
  ActiveModel,
  AssumedParameters,
  KpiEstimate,
  ReplicationValues,
  SimulationDistributions,
  SimulationIssue,
  SimulationOptions,
  SimulationOutcome,
  SimulationProgress,
  SimulationScenarioInfo,
  SimulationSummary,
} from '@leanflow/plugin-api';
import {
  computeOfferedLoad,
  guessFirstResponseTask,
  overloadWarnings,
  toSimulationSummary,
  type FirstResponseGuess,
  type PoolOfferedLoad,
  type SimulationSummary as ScorecardSummary,
} from '@leanflow/analysis';
import { createDefaultScenario } from '@leanflow/model';
import { prepareSimulation, simulate, sketchPoints, type RunDistributions, type SimulationResult, type ReplicationValues as EngineValues } from '@leanflow/sim';

const estimate = (value: { readonly mean: number; readonly ci95: readonly [number, number] | null }, unit: string): KpiEstimate =>
  value.ci95 ? { mean: value.mean, low: value.ci95[0], high: value.ci95[1], unit } : { mean: value.mean, unit };

/** What the engine result does not know: the scenario behind it, the load issues, the assumptions, the time. */
export interface SummaryContext {
  readonly scenario?: SimulationScenarioInfo;
  /** Lanes per pool id (from the scenario's pools). */
  readonly laneIds?: Readonly<Record<string, readonly string[]>>;
  /** Warnings and notes to hand on (already in the user's language when shown by the studio). */
  readonly issues?: readonly SimulationIssue[];
  readonly assumed?: AssumedParameters | null;
  readonly milliseconds?: number;
  /** Offered load per pool from the model (`computeOfferedLoad`); overloaded pools are flagged and warned about. */
  readonly offeredLoad?: readonly PoolOfferedLoad[];
  /** The likely first responder (`guessFirstResponseTask`), offered when no task is flagged. */
  readonly firstResponseGuess?: FirstResponseGuess | null;
}

/** The engine's KPIs as the plugin API's record (seconds; costs in the scenario currency). */
function kpiRecord(k: SimulationResult['kpis']): Record<string, KpiEstimate> {
  const kpis: Record<string, KpiEstimate> = {
    cycleTime: estimate(k.cycleTime, 's'),
    processingTime: estimate(k.processingTime, 's'),
    waitingTime: estimate(k.waitingTime, 's'),
    offCalendarTime: estimate(k.offCalendarTime, 's'),
    valueAddingTime: estimate(k.valueAddingTime, 's'),
    processCycleEfficiency: estimate(k.processCycleEfficiency, 'ratio'),
    costPerCase: estimate(k.costPerCase, 'currency'),
    costPerWeek: estimate(k.costPerWeek, 'currency'),
    throughputPerHour: estimate(k.throughputPerHour, '1/h'),
    workInProgress: estimate(k.workInProgress, 'cases'),
  };
  if (k.firstResponseTime.mean !== null) {
    kpis.firstResponseTime = estimate({ mean: k.firstResponseTime.mean, ci95: k.firstResponseTime.ci95 }, 's');
  }
  return kpis;
}

/** A task's grouped waits: values within this factor of a group's first one become one entry (their mean). */
const TASK_WAIT_GROUPING = 1.01;

/**
 * One replication's values as plain arrays. Grouped (`grouping` > 1) only once the sketch has bucketed them, so a
 * task with many executions sends a few hundred entries per decade, not one per execution; the group's value is
 * the mean of its values, so the mean waiting time is kept.
 */
function plainValues(values: EngineValues, grouping = 1): ReplicationValues {
  const points = sketchPoints(values.sketch);
  if (points.counts === null) return { of: values.of, values: Array.from(points.values) };
  const counts = points.counts;
  if (grouping <= 1) return { of: values.of, values: Array.from(points.values), counts: Array.from(counts) };
  const grouped: number[] = [];
  const groupCounts: number[] = [];
  for (let i = 0; i < points.values.length; ) {
    const first = points.values[i];
    let count = 0;
    let sum = 0;
    for (; i < points.values.length && (points.values[i] === first || points.values[i] <= first * grouping); i++) {
      count += counts[i];
      sum += points.values[i] * counts[i];
    }
    grouped.push(sum / count);
    groupCounts.push(count);
  }
  return { of: values.of, values: grouped, counts: groupCounts };
}

function plainDistributions(d: RunDistributions): SimulationDistributions {
  return {
    cycleTime: d.cycleTime.map((r) => plainValues(r)),
    firstResponseTime: d.firstResponseTime === null ? null : d.firstResponseTime.map((r) => plainValues(r)),
    taskWaitingTime: Object.fromEntries(Object.entries(d.taskWaitingTime).map(([id, list]) => [id, list.map((r) => plainValues(r, TASK_WAIT_GROUPING))])),
  };
}

/**
 * Converts an engine result into the plugin API's summary: KPIs in seconds (costs in the scenario currency),
 * per-element `executions`, `waitingTime`, `processingTime` (tasks) and `utilisation` (pools).
 *
 * @example
 * const outcome = await simulate(graph, scenario);
 * if (outcome.ok) return toPluginSimulationSummary(outcome);
 */
export function toPluginSimulationSummary(result: SimulationResult, context: SummaryContext = {}): SimulationSummary {
  const k = result.kpis;
  const kpis = kpiRecord(k);
  const elements: Record<string, Record<string, number>> = {};
  for (const element of result.elements) elements[element.id] = { executions: element.executions };
  for (const task of result.tasks) {
    elements[task.id] = { ...elements[task.id], waitingTime: task.waitingTime.mean, processingTime: task.processingTime.mean };
  }
  for (const pool of result.pools) elements[pool.id] = { ...elements[pool.id], utilisation: pool.utilisation };
  const cases = result.cases ?? Math.round(result.perReplication.reduce((sum, r) => sum + r.cases, 0) / Math.max(1, result.perReplication.length));
  const loads = new Map((context.offeredLoad ?? []).map((l) => [l.poolId, l] as const));
  // Given issues already hold the overload warnings (the studio's run adds them); else they are added here.
  const growing = new Set(result.pools.filter((p) => p.queueGrowing).map((p) => p.id));
  const issues: readonly SimulationIssue[] =
    context.issues ??
    [...result.issues, ...overloadWarnings([...loads.values()], growing)].map((i) => ({ code: i.code, severity: i.severity, message: i.message, ...(i.elementId !== undefined ? { elementId: i.elementId } : {}) }));
  // The scorecard's view of the same run (completed cases, cycle time, first response, cost, efficiency), for the
  // built-in dynamic rules; its per-task figures are folded into `tasks` below.
  const scorecard = toSimulationSummary(result);
  // Absent from runs stored before API 1.2 (the studio restores the last run of a document after a reload).
  const stored = result.distributions as RunDistributions | undefined;
  const distributions = stored ? plainDistributions(stored) : undefined;
  const perCase = new Map(scorecard.tasks?.map((t) => [t.id, t.executionsPerCase]) ?? []);
  return {
    ...scorecard,
    cases,
    replications: result.replications,
    kpis,
    elements,
    seed: result.seed,
    fixedCases: result.cases !== null,
    ...(context.scenario ? { scenario: context.scenario } : {}),
    histograms: {
      cycleTime: k.cycleTime.histogram.map((b) => ({ from: b.from, to: b.to, share: b.share })),
      ...(k.firstResponseTime.mean !== null ? { firstResponseTime: k.firstResponseTime.histogram.map((b) => ({ from: b.from, to: b.to, share: b.share })) } : {}),
    },
    targets: { firstResponseSeconds: k.firstResponseTime.flagged ? k.firstResponseTime.slaSeconds : null, resolutionSeconds: k.cycleTime.resolutionSlaSeconds },
    firstResponseWithinTarget: k.firstResponseTime.withinSla,
    cycleTimeP90: k.cycleTime.p90,
    ...(!k.firstResponseTime.flagged && context.firstResponseGuess ? { firstResponseSuggestion: { taskId: context.firstResponseGuess.taskId, name: context.firstResponseGuess.name } } : {}),
    segments: result.segments.map((segment) => ({
      id: segment.id,
      name: segment.name,
      share: segment.share,
      priority: segment.priority,
      cases: segment.cases,
      kpis: kpiRecord(segment.kpis),
      firstResponseWithinTarget: segment.kpis.firstResponseTime.withinSla,
      targets: {
        firstResponseSeconds: segment.kpis.firstResponseTime.flagged ? segment.kpis.firstResponseTime.slaSeconds : null,
        resolutionSeconds: segment.kpis.cycleTime.resolutionSlaSeconds,
      },
      cycleTimeParts: {
        processing: segment.kpis.cycleTimeParts.processing.mean,
        waitingForPeople: segment.kpis.cycleTimeParts.waitingForPeople.mean,
        offCalendar: segment.kpis.cycleTimeParts.offCalendar.mean,
        otherWaiting: segment.kpis.cycleTimeParts.otherWaiting.mean,
      },
      // Without case types the one segment is all cases: the same values (one object) as the top level.
      ...(segment.distributions === stored ? (distributions ? { distributions } : {}) : (segment.distributions as RunDistributions | undefined) ? { distributions: plainDistributions(segment.distributions) } : {}),
    })),
    ...(distributions ? { distributions } : {}),
    cycleTimeParts: {
      processing: k.cycleTimeParts.processing.mean,
      waitingForPeople: k.cycleTimeParts.waitingForPeople.mean,
      offCalendar: k.cycleTimeParts.offCalendar.mean,
      otherWaiting: k.cycleTimeParts.otherWaiting.mean,
    },
    tasks: result.tasks.map((t) => {
      const executionsPerCase = perCase.get(t.id);
      return {
        id: t.id,
        name: t.name,
        count: t.count,
        waitingTime: t.waitingTime.mean,
        processingTime: t.processingTime.mean,
        waiting: t.waitingTime.mean,
        processing: t.processingTime.mean,
        ...(executionsPerCase !== undefined ? { executionsPerCase } : {}),
      };
    }),
    pools: result.pools.map((p) => {
      const load = loads.get(p.id);
      return {
        id: p.id,
        name: p.name,
        utilisation: p.utilisation,
        headcount: p.headcount,
        meanQueueLength: p.meanQueueLength,
        laneIds: [...(context.laneIds?.[p.id] ?? [])],
        utilisationWholeRun: p.utilisationWholeRun,
        offeredLoad: load && Number.isFinite(load.offeredLoad) ? load.offeredLoad : null,
        ...(load ? { window: load.window } : {}),
        queueGrowing: p.queueGrowing,
        overloaded: p.queueGrowing || (load?.overloaded ?? false),
        utilisationByPeriod: p.utilisationByPeriod,
        costModel: p.costModel,
      };
    }),
    bottlenecks: result.bottlenecks.map((b) => ({ elementId: b.elementId, name: b.name, shareOfWaiting: b.shareOfWaiting, meanWaitingTime: b.meanWaitingTime, utilisation: b.utilisation })),
    issues,
    ...(context.assumed ? { assumed: context.assumed } : {}),
    ...(context.milliseconds !== undefined ? { milliseconds: context.milliseconds } : {}),
  };
}

/**
 * The plugin summary with the scorecard's headline figures replaced by `figures` (e.g. computed with the SLA the
 * user's settings ask for); per-task and per-pool figures stay the plugin summary's, which carry more fields.
 *
 * @example
 * const simulation = withScorecardFigures(toPluginSimulationSummary(result), toSimulationSummary(result, { slaSeconds: 3600 }));
 */
export function withScorecardFigures(summary: SimulationSummary, figures: ScorecardSummary): SimulationSummary {
  // The API's segments (each type's KPIs and own targets) stay: they carry more than the scorecard's.
  const { tasks, pools: _pools, segments: _segments, ...headline } = figures;
  const perCase = new Map(tasks?.map((t) => [t.id, t.executionsPerCase]) ?? []);
  return {
    ...summary,
    ...headline,
    ...(summary.tasks
      ? {
          tasks: summary.tasks.map((t) => {
            const executionsPerCase = perCase.get(t.id) ?? t.executionsPerCase;
            return executionsPerCase !== undefined ? { ...t, executionsPerCase } : t;
          }),
        }
      : {}),
  };
}

/**
 * Simulates the open model with its active scenario (a default one when the file has none).
 * Throws with the engine's issues when the model cannot be simulated.
 *
 * @example
 * const services = createMemoryServices({ model, runSimulation: (options) => simulateModel(model, options) });
 */
export async function simulateModel(model: ActiveModel | undefined, options: SimulationOptions): Promise<SimulationSummary> {
  if (!model) throw new Error('no process is open');
  if (options.scenarioId !== undefined && options.scenarioId !== model.scenario?.id) throw new Error(`scenario "${options.scenarioId}" is not the active scenario`);
  const scenario = model.scenario ?? createDefaultScenario(model.graph);
  const started = Date.now();
  const outcome = await simulate(model.graph, scenario, {
    // Rules may ask for shares of a task's waits (`shareWithin(…, 'taskWaitingTime', …)`).
    taskWaitValues: true,
    ...(options.cases !== undefined ? { cases: options.cases } : {}),
    ...(options.replications !== undefined ? { replications: options.replications } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  if (!outcome.ok) throw new Error(`the model cannot be simulated: ${outcome.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ')}`);
  return toPluginSimulationSummary(outcome, summaryContext(model, Date.now() - started));
}

function summaryContext(model: ActiveModel, milliseconds: number): SummaryContext {
  const scenario = model.scenario ?? createDefaultScenario(model.graph);
  return {
    scenario: { id: scenario.id, name: scenario.name, currency: scenario.currency, source: model.scenario ? 'leanflow' : 'default', available: [{ id: scenario.id, name: scenario.name }] },
    laneIds: Object.fromEntries(scenario.pools.map((p) => [p.id, [...p.laneIds]])),
    milliseconds,
    offeredLoad: computeOfferedLoad(model.graph, scenario),
    firstResponseGuess: guessFirstResponseTask(model.graph, scenario),
  };
}

/** Events simulated between two progress reports (and checks for cancellation). */
const CHUNK_EVENTS = 20_000;

/**
 * Like `simulateModel`, with progress and cancellation, and a model that cannot run reported as issues
 * (headless hosts and the test harness; the studio runs its own simulation worker).
 *
 * @example
 * const outcome = await simulateModelDetailed(model, { seed: 1 }, { signal, onProgress: (p) => log(p.fraction) });
 */
export async function simulateModelDetailed(
  model: ActiveModel | undefined,
  options: SimulationOptions,
  control: { readonly signal?: AbortSignal; readonly onProgress?: (progress: SimulationProgress) => void } = {},
): Promise<SimulationOutcome> {
  const cancelled: SimulationOutcome = { ok: false, cancelled: true, message: 'the simulation was cancelled', issues: [] };
  if (!model) return { ok: false, cancelled: false, message: 'no process is open', issues: [] };
  if (options.scenarioId !== undefined && options.scenarioId !== model.scenario?.id) {
    return { ok: false, cancelled: false, message: `scenario "${options.scenarioId}" is not the active scenario`, issues: [] };
  }
  const started = Date.now();
  const scenario = model.scenario ?? createDefaultScenario(model.graph);
  const prepared = prepareSimulation(model.graph, scenario, {
    taskWaitValues: true,
    ...(options.cases !== undefined ? { cases: options.cases } : {}),
    ...(options.replications !== undefined ? { replications: options.replications } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  if (!prepared.ok) {
    const issues = prepared.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message, ...(i.elementId !== undefined ? { elementId: i.elementId } : {}) }));
    return { ok: false, cancelled: false, message: `the model cannot be simulated: ${issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ')}`, issues };
  }
  const run = prepared.run;
  const sources = Math.max(1, Object.keys(scenario.arrivals).length);
  const casesTotal = run.cases === null ? null : run.cases * sources * run.replications;
  const report = () => {
    const fraction = run.progress();
    control.onProgress?.({
      fraction,
      replication: Math.min(run.replications, Math.floor(fraction * run.replications) + 1),
      replications: run.replications,
      casesDone: casesTotal === null ? null : Math.round(fraction * casesTotal),
      casesTotal,
    });
  };
  report();
  while (!run.step(CHUNK_EVENTS)) {
    // Let the cancel message in between chunks.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (control.signal?.aborted) return cancelled;
    report();
  }
  report();
  return { ok: true, summary: toPluginSimulationSummary(run.result(), summaryContext(model, Date.now() - started)) };
}

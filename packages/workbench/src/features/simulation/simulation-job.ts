// The work the simulation worker does, without the worker: load the document, pick the scenario, check it and
// run it in chunks that report progress. DOM-free, so unit tests run it in Node on the same input as the worker.
import { distributionMean, loadDocument, type ModelIssue, type Scenario } from '@leanflow/model';
import { computeOfferedLoad, guessFirstResponseTask, overloadWarnings } from '@leanflow/analysis';
import { prepareSimulation, simulateInParallel, type ReplicationRunner, type SimulationResult } from '@leanflow/sim';
import type { HandlerControl } from '../../base/worker-client.ts';
import type { DefaultedParameters, ScenarioSummary, SimulationParams, SimulationProgress, SimulationReport, SimulationRequest } from './protocol.ts';

/** Events per chunk between progress reports (a chunk of the sample process takes a few milliseconds). */
const CHUNK_EVENTS = 20_000;
/** Estimated element executions from which replications go to the worker pool (about 0.3 s of work). */
const PARALLEL_MIN_EXECUTIONS = 2_000_000;

function summarise(scenario: Scenario, source: ScenarioSummary['source'], all: readonly Scenario[]): ScenarioSummary {
  return {
    id: scenario.id,
    available: all.map((s) => ({ id: s.id, name: s.name })),
    name: scenario.name,
    currency: scenario.currency,
    source,
    pools: scenario.pools.map((p) => ({ id: p.id, name: p.name, laneIds: [...p.laneIds] })),
  };
}

function defaultedParameters(scenario: Scenario): DefaultedParameters {
  const tasks = Object.values(scenario.tasks);
  const firstArrival = Object.values(scenario.arrivals)[0];
  return {
    durations: tasks.filter((t) => !t.automated).length,
    automated: tasks.filter((t) => t.automated).length,
    arrivals: Object.keys(scenario.arrivals).length,
    interArrivalSeconds: firstArrival ? distributionMean(firstArrival.interArrival) : null,
    pools: scenario.pools.length,
    probabilities: Object.keys(scenario.gateways).length,
    waiting: Object.keys(scenario.events).length,
  };
}

/**
 * Loads `request.xml` and simulates its scenario, reporting progress (at most every `progressMs`).
 *
 * @example
 * const report = await runSimulationJob({ type: 'run', runId: 1, xml }, (p) => postMessage(p));
 * if (report.ok) console.log(report.result.kpis.cycleTime.mean);
 */
export async function runSimulationJob(
  request: SimulationRequest,
  onProgress: (progress: SimulationProgress) => void = () => {},
  options: {
    progressMs?: number;
    now?: () => number;
    /**
     * Replication workers (see replication-pool.ts), asked for only when the run is long enough to gain from them:
     * with two or more, replications run on them, with the same numbers.
     */
    runners?: () => readonly ReplicationRunner[];
  } = {},
): Promise<SimulationReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const loaded = await loadDocument(request.xml);
  const modelErrors = loaded.modelIssues.filter((i) => i.severity === 'error');
  const scenario = loaded.scenarios.find((s) => s.id === (request.scenarioId ?? loaded.activeScenarioId)) ?? loaded.scenarios[0];
  if (!loaded.graph || !scenario || modelErrors.length > 0) {
    const issues: ModelIssue[] = modelErrors.length
      ? modelErrors
      : [{ code: 'sim.start.missing', severity: 'error', message: 'The process has no start event or task to simulate.' }];
    return { ok: false, issues, scenario: null, defaulted: null };
  }
  const summary = summarise(scenario, loaded.scenarioSource, loaded.scenarios);
  const defaulted = loaded.defaulted ? defaultedParameters(scenario) : null;
  // The defaulting warnings are summarised by `defaulted`; the rest are shown as they are.
  const loadIssues = [...loaded.modelIssues, ...(loaded.scenarioIssues[scenario.id] ?? [])].filter((i) => !i.code.startsWith('scenario.defaulted'));
  const simulationOptions = {
    ...(request.cases !== undefined ? { cases: request.cases } : {}),
    ...(request.replications !== undefined ? { replications: request.replications } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.taskWaitValues === true ? { taskWaitValues: true } : {}),
  };
  const prepared = prepareSimulation(loaded.graph, scenario, simulationOptions);
  if (!prepared.ok) {
    // Validation and the engine report some errors alike (an unstaffed pool): list each once.
    const refused = new Set(prepared.issues.map((i) => `${i.code}|${i.elementId ?? ''}|${i.message}`));
    const rest = loadIssues.filter((i) => i.severity !== 'info' && !refused.has(`${i.code}|${i.elementId ?? ''}|${i.message}`));
    return { ok: false, issues: [...prepared.issues, ...rest], scenario: summary, defaulted };
  }
  const run = prepared.run;
  const sources = Math.max(1, Object.keys(scenario.arrivals).length);
  const casesTotal = run.cases === null ? null : run.cases * sources * run.replications;
  const progressMs = options.progressMs ?? 50;
  let lastReport = -Infinity;
  const report = (fraction = run.progress()) => {
    onProgress({
      type: 'progress',
      runId: request.runId,
      fraction,
      replication: Math.min(run.replications, Math.floor(fraction * run.replications) + 1),
      replications: run.replications,
      casesDone: casesTotal === null ? null : Math.round(fraction * casesTotal),
      casesTotal,
    });
  };
  report();
  let result: SimulationResult;
  // Starting workers costs a few hundred ms: only runs of about that much work go parallel.
  const long = run.cases === null || run.cases * sources * run.replications * loaded.graph.nodes.length >= PARALLEL_MIN_EXECUTIONS;
  const runners = options.runners && run.replications >= 2 && long ? options.runners() : [];
  if (runners.length >= 2) {
    // Progress counts the cases of the replications still running (the workers report them); the numbers are those of the serial run.
    const outcome = await simulateInParallel(loaded.graph, scenario, { ...simulationOptions, onProgress: (f) => report(f) }, runners);
    if (!outcome.ok) return { ok: false, issues: outcome.issues, scenario: summary, defaulted };
    result = outcome;
  } else {
    while (!run.step(CHUNK_EVENTS)) {
      if (now() - lastReport >= progressMs) {
        lastReport = now();
        report();
      }
    }
    report();
    result = run.result();
  }
  // Static check issues (warnings, notes) come with the result; don't list them twice.
  const seen = new Set(loadIssues.map((i) => `${i.code}|${i.elementId ?? ''}|${i.message}`));
  // Overload is said, not averaged away: offered load >= 1 from the model, or a queue that grew in the run.
  const offeredLoad = computeOfferedLoad(loaded.graph, scenario);
  const overload = overloadWarnings(offeredLoad, new Set(result.pools.filter((p) => p.queueGrowing).map((p) => p.id)));
  const issues = [...loadIssues, ...result.issues.filter((i) => !seen.has(`${i.code}|${i.elementId ?? ''}|${i.message}`)), ...overload];
  const firstResponseGuess = result.kpis.firstResponseTime.flagged ? null : guessFirstResponseTask(loaded.graph, scenario);
  return { ok: true, result, scenario: summary, issues, defaulted, milliseconds: now() - started, offeredLoad, firstResponseGuess };
}

let nextRun = 1;

/**
 * The handlers the simulation worker serves; `runners` are its replication workers (the worker's pool), which long
 * runs spread their replications over.
 */
export function createSimulationHandlers(runners?: () => readonly ReplicationRunner[]) {
  return {
    run: (params: SimulationParams, control: HandlerControl<SimulationProgress>) =>
      runSimulationJob({ type: 'run', runId: nextRun++, ...params }, (p) => control.progress(p), runners ? { runners } : {}),
  };
}

/** What the simulation worker serves without replication workers (in-process where workers are unavailable). */
export const SIMULATION_HANDLERS = createSimulationHandlers();

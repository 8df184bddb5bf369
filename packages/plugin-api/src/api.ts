// The surface plugin authors code against. This file is the source of the single `.d.ts` given to plugin
// authors and to Monaco (scripts/build-dts.ts), so it holds only types, plain constants and tiny helpers:
// no runtime imports (plugins bundle it; the host passes every namespace in through `activate(context)`).
import type { ProcessGraph, Scenario } from '@leanflow/model';

/**
 * The version of this API (semver). A plugin states the range it needs in `engines.leanflow` of its manifest;
 * the host refuses plugins whose range does not include this version.
 *
 * @example
 * if (context.apiVersion !== API_VERSION) context.window.showNotification('Built against another API version');
 */
export const API_VERSION = '1.2.0';

/** Any value that survives JSON and structured clone: what crosses the boundary between plugin and host. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Something to clean up. Every registration returns one; push it to `context.subscriptions` so it is disposed
 * when the plugin is deactivated.
 *
 * @example
 * context.subscriptions.push(context.commands.registerCommand('demo.hello', () => 'hi'));
 */
export interface Disposable {
  dispose(): void;
}

/**
 * A typed event: call it with a listener, get a Disposable that unsubscribes.
 *
 * @example
 * const subscription = context.model.onDidChangeModel((model) => console.log(model?.graph.nodes.length));
 * context.subscriptions.push(subscription);
 */
export type Event<T> = (listener: (event: T) => void) => Disposable;

/**
 * Tells a long-running handler that the host no longer wants its result (the user moved on, or a time-out).
 *
 * @example
 * evaluate(input, token) { for (const node of input.graph.nodes) { if (token.isCancellationRequested) break; } }
 */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
  readonly onCancellationRequested: Event<void>;
}

/**
 * What a plugin asks to be allowed to do, in `permissions` of its manifest. Without it the matching calls fail.
 * - `readModel`: see the open process graph and scenario (needed for scoring rules and suggestions).
 * - `proposeEdits`: propose changes to the diagram (applied by the host, undoable).
 * - `runSimulation`: run the simulation engine on the host.
 * - `storage`: keep per-plugin data across sessions.
 *
 * @example
 * const needed: Permission[] = ['readModel', 'storage'];
 */
export type Permission = 'readModel' | 'proposeEdits' | 'runSimulation' | 'storage';

/** The names of every permission, in the order the manifest documentation lists them. */
export const PERMISSIONS: readonly Permission[] = ['readModel', 'proposeEdits', 'runSimulation', 'storage'];

// ---------------------------------------------------------------------------------------------------------------
// Model

/**
 * The process open in the editor: its typed graph and the active simulation scenario.
 *
 * @example
 * const model = context.model.getActiveModel();
 * const tasks = model?.graph.nodes.filter((n) => n.kind.endsWith('ask')) ?? [];
 */
export interface ActiveModel {
  /** Identifies the open document, e.g. a file name (two open documents may share a name). */
  readonly uri: string;
  /** A stable id of the open document for this session, unique even when names repeat (the studio sets it). */
  readonly documentId?: string;
  /** Grows by one on every change; lets a plugin skip work it has already done. */
  readonly version: number;
  readonly graph: ProcessGraph;
  /** The scenario selected for simulation, when the file has one. */
  readonly scenario?: Scenario;
}

/**
 * Read the open process. Needs the `readModel` permission.
 *
 * @example
 * context.model.onDidChangeModel((model) => {
 *   context.views.setViewContent('demo.count', { kind: 'markdown', markdown: `${model?.graph.nodes.length ?? 0} nodes` });
 * });
 */
export interface ModelNamespace {
  /** The open model, or undefined when no process is open (or the permission is missing: see `getActiveModelStatus`). */
  getActiveModel(): ActiveModel | undefined;
  /**
   * The open model, or why there is none: no process is open, or the manifest lacks the `readModel` permission.
   *
   * @since 1.1.0
   * @example
   * const status = context.model.getActiveModelStatus();
   * if (status.state === 'noPermission') context.window.showNotification('Add "readModel" to the manifest permissions');
   */
  getActiveModelStatus(): { readonly state: 'open'; readonly model: ActiveModel } | { readonly state: 'noModel' | 'noPermission'; readonly model?: undefined };
  /** Fires after the open model changed (edited, replaced or closed). */
  readonly onDidChangeModel: Event<ActiveModel | undefined>;
}

// ---------------------------------------------------------------------------------------------------------------
// Edits

/** BPMN task types an edit may insert or convert to. */
export type InsertableTaskType = 'task' | 'userTask' | 'manualTask' | 'serviceTask' | 'scriptTask' | 'businessRuleTask' | 'sendTask' | 'receiveTask';

/**
 * One change to the process, as data. The host applies a list of them as one undoable step.
 *
 * @example
 * const edits: ProcessEdit[] = [
 *   { kind: 'rename', elementId: 'Task_1', name: 'Check order' },
 *   { kind: 'insertTask', flowId: 'Flow_3', taskType: 'serviceTask', name: 'Send confirmation' },
 * ];
 */
export type ProcessEdit =
  | { readonly kind: 'removeElement'; readonly elementId: string }
  | { readonly kind: 'rename'; readonly elementId: string; readonly name: string }
  /** A BPMN attribute (e.g. `isExecutable`) or, with a `scenario.` prefix, a scenario value (e.g. `scenario.tasks.Task_1.automated`). */
  | { readonly kind: 'setProperty'; readonly elementId: string; readonly property: string; readonly value: JsonValue }
  /** Moves one or both ends of a sequence flow. */
  | { readonly kind: 'reconnect'; readonly flowId: string; readonly sourceId?: string; readonly targetId?: string }
  /** Splits a sequence flow with a new task. */
  | { readonly kind: 'insertTask'; readonly flowId: string; readonly taskType: InsertableTaskType; readonly name: string; readonly id?: string }
  | { readonly kind: 'changeTaskType'; readonly elementId: string; readonly taskType: InsertableTaskType }
  // The kinds below carry the redesign transformations of the built-in suggestions (docs/suggestions.md, ModelEdit).
  // Ids the edit creates (`splitId`, `joinId`, `newId`) are chosen by the edit, so a preview and the applied model agree.
  /** Replaces a gateway's type (e.g. an AND join closing an XOR split becomes an XOR join). */
  | { readonly kind: 'changeGatewayType'; readonly elementId: string; readonly gatewayType: GatewayType }
  /** Merges directly connected tasks into the first (the others are removed) and names it; scenario durations add up. */
  | { readonly kind: 'mergeTasks'; readonly elementIds: readonly string[]; readonly name: string }
  /** Runs a chain of directly connected tasks side by side between a new AND split and AND join. */
  | { readonly kind: 'insertParallelBlock'; readonly elementIds: readonly string[]; readonly splitId: string; readonly joinId: string }
  /**
   * Moves the segment `elementId`..`throughId` onto the flow `ontoFlowId`, or right after `afterId`; its old
   * neighbours are connected. `continueFlowId` picks the segment's way out when `throughId` has several.
   */
  | {
      readonly kind: 'moveElement';
      readonly elementId: string;
      readonly throughId?: string;
      readonly continueFlowId?: string;
      readonly afterId?: string;
      readonly ontoFlowId?: string;
    }
  /** Splits a gateway that both joins and splits: its outgoing flows move to a new gateway `newId` right after it. */
  | { readonly kind: 'splitGateway'; readonly elementId: string; readonly newId: string }
  /** Lets a share of cases skip a task: XOR split `splitId` before it, XOR join `joinId` after it, a bypass flow between. */
  | { readonly kind: 'insertBypass'; readonly elementId: string; readonly splitId: string; readonly joinId: string; readonly name: string; readonly skipProbability: number }
  /** Sets one scenario value by dotted path (e.g. `pools.sales.headcount`), in every scenario or only in `scenarioId`; null deletes. */
  | { readonly kind: 'setScenarioParameter'; readonly path: string; readonly value: JsonValue; readonly scenarioId?: string };

/** BPMN gateway types an edit may convert to. */
export type GatewayType = 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway';

/**
 * A named list of edits applied together (one undo step).
 *
 * @example
 * const proposal: EditProposal = { label: 'Name the unnamed task', edits: [{ kind: 'rename', elementId: 'Task_1', name: 'Review' }] };
 */
export interface EditProposal {
  /** Shown in the undo history and the confirmation. */
  readonly label: string;
  readonly edits: readonly ProcessEdit[];
}

/**
 * What happened to a proposal.
 *
 * @example
 * const result = await context.edits.propose(proposal);
 * if (!result.applied) context.window.showNotification(result.reason ?? 'Not applied', { severity: 'warning' });
 */
export interface EditResult {
  readonly applied: boolean;
  /** Why it was not applied (declined by the user, an element is missing...). */
  readonly reason?: string;
}

/**
 * Propose changes to the open process. Needs the `proposeEdits` permission.
 *
 * @example
 * await context.edits.propose({ label: 'Rename', edits: [{ kind: 'rename', elementId: 'Task_1', name: 'Review' }] });
 */
export interface EditsNamespace {
  propose(proposal: EditProposal): Promise<EditResult>;
}

// ---------------------------------------------------------------------------------------------------------------
// Simulation

/**
 * Options for a simulation run; anything left out comes from the active scenario.
 *
 * @example
 * const options: SimulationOptions = { replications: 3, cases: 500, seed: 7 };
 */
export interface SimulationOptions {
  readonly scenarioId?: string;
  readonly replications?: number;
  readonly cases?: number;
  readonly seed?: number;
}

/**
 * An estimate over replications: the mean and, with two or more replications, a 95% confidence interval.
 *
 * @example
 * const estimate: KpiEstimate = { mean: 42.5, low: 40.1, high: 44.9, unit: 'min' };
 */
export interface KpiEstimate {
  readonly mean: number;
  readonly low?: number;
  readonly high?: number;
  readonly unit?: string;
}

/**
 * Simulation results as data. KPI names are those of the engine, e.g. `cycleTime`, `firstResponseTime`,
 * `costPerCase`; per-element figures are keyed by element id, then by figure (`waitingTime`, `utilisation`...).
 *
 * @example
 * const result = await context.simulation.run({ replications: 3 });
 * const cycle = result.kpis.cycleTime?.mean;
 */
export interface SimulationSummary {
  readonly cases: number;
  readonly replications: number;
  readonly kpis: Readonly<Record<string, KpiEstimate>>;
  readonly elements: Readonly<Record<string, Readonly<Record<string, number>>>>;
  // The fields below are the scorecard's view of the same run (the `SimulationSummary` of @leanflow/analysis, what
  // the built-in dynamic rules read). The host fills them whenever it has a run from the Leanflow engine.
  /** Completed cases the figures rest on. */
  readonly completedCases?: number;
  /** Case start to case end, seconds. */
  readonly cycleTime?: MeanFigure;
  /**
   * Case start to the first substantive response, with the share answered within the SLA (`withinSla`, the same
   * share as `firstResponseWithinTarget`, fixed to the scenario's target).
   */
  readonly firstResponse?: MeanFigure & {
    /** @deprecated since 1.1.0: use `firstResponseWithinTarget` (same value), or the histogram for your own target. */
    readonly withinSla: number;
    readonly slaSeconds: number;
  };
  /** Case start to resolution, when the simulator tells it apart from the cycle time. */
  readonly resolution?: MeanFigure & { readonly withinSla?: number; readonly slaSeconds?: number };
  /** Cost per completed case, in the scenario's currency. */
  readonly costPerCase?: MeanFigure;
  /** Value-adding processing time / cycle time, per case on average. */
  readonly processCycleEfficiency?: number;
  /** The seed of the random numbers (the same seed gives the same figures). */
  readonly seed?: number;
  /** False when a simulated period, not a case count, limited the arrivals (then `cases` is a mean). */
  readonly fixedCases?: boolean;
  readonly scenario?: SimulationScenarioInfo;
  /** Distributions of cycle time and first-response time over all cases. */
  readonly histograms?: { readonly cycleTime?: readonly HistogramBin[]; readonly firstResponseTime?: readonly HistogramBin[] };
  /** Targets of the scenario, seconds: first substantive response and resolution. */
  readonly targets?: { readonly firstResponseSeconds?: number | null; readonly resolutionSeconds?: number | null };
  /** Share of cases answered within the first-response target (null without a target or a response task). */
  readonly firstResponseWithinTarget?: number | null;
  /** 90th percentile of the cycle time, seconds. */
  readonly cycleTimeP90?: number;
  /**
   * The mean cycle time in parts that add up to it (seconds), along the path that finished last: processing +
   * waiting for people + paused outside working hours + other waiting (timers, messages, joins) = cycle time.
   */
  readonly cycleTimeParts?: CycleTimeParts;
  /**
   * When no task is flagged as the first substantive response (first response is then not measured): the task
   * that probably answers the customer first, for a one-click "flag it" the user confirms.
   */
  readonly firstResponseSuggestion?: { readonly taskId: string; readonly name: string };
  /** Per task and per resource pool (busy time / available time): read by the simulation view and the scorecard. */
  readonly tasks?: readonly TaskFigures[];
  readonly pools?: readonly PoolFigures[];
  readonly bottlenecks?: readonly Bottleneck[];
  /** Warnings and notes about the model and scenario (errors refuse the run). */
  readonly issues?: readonly SimulationIssue[];
  /** What was assumed because the file had no simulation data; absent when nothing was. */
  readonly assumed?: AssumedParameters;
  /** Wall-clock time of the run. */
  readonly milliseconds?: number;
  /**
   * The figures per case type (segment), e.g. VIP and standard customers: the same KPI names as `kpis`. One segment
   * (`default`, all cases) when the scenario has no case types.
   */
  readonly segments?: readonly SimulationSegment[];
  /**
   * The values behind the shares and quantiles, per replication: read them with `shareWithin` (a share within your
   * own target) and `quantileOf` (any quantile), which count them the way the run counts
   * `firstResponseWithinTarget` and `cycleTimeP90`. Absent from hosts that do not run the Leanflow engine.
   *
   * @since 1.2.0
   */
  readonly distributions?: SimulationDistributions;
}

/**
 * The values of a run's time figures per replication (seconds), for shares within any target and any quantile.
 * Read them with `shareWithin` and `quantileOf` rather than by hand.
 *
 * @since 1.2.0
 * @example
 * const withinOneHour = shareWithin(summary, 'firstResponseTime', 3600);
 */
export interface SimulationDistributions {
  /** Case start to case end, of every counted case. */
  readonly cycleTime: readonly ReplicationValues[];
  /** Case start to the first substantive response; null when no task is flagged (nothing is measured). */
  readonly firstResponseTime: readonly ReplicationValues[] | null;
  /** Per task id: the waiting time (for a person) of each counted execution of the task. Empty in a segment. */
  readonly taskWaitingTime: Readonly<Record<string, readonly ReplicationValues[]>>;
}

/**
 * One replication's values of a figure, ascending (seconds). Runs that kept every value list each once; long runs
 * group equal-ish values (within 0.1%; a task's waits within 1%) and give each group's count.
 *
 * @since 1.2.0
 * @example
 * const replication: ReplicationValues = { of: 4, values: [600, 3600, 9000] }; // one case never answered
 */
export interface ReplicationValues {
  /**
   * What the shares are of: the counted cases (for the first response, cases never answered count too and have no
   * value), or the task's counted executions.
   */
  readonly of: number;
  readonly values: readonly number[];
  /** How many values each entry of `values` stands for; absent when each stands for one. */
  readonly counts?: readonly number[];
}

/**
 * A time figure with values per case (or, for `taskWaitingTime`, per task execution).
 *
 * @since 1.2.0
 */
export type DistributionFigure = 'cycleTime' | 'firstResponseTime' | 'taskWaitingTime';

/**
 * Which values to read: a case type's (`segmentId`, see `SimulationSummary.segments`) instead of all cases, and
 * for `taskWaitingTime` the task (`taskId`, required).
 *
 * @since 1.2.0
 * @example
 * const query: DistributionQuery = { segmentId: 'vip' };
 */
export interface DistributionQuery {
  readonly segmentId?: string;
  readonly taskId?: string;
}

/**
 * One case type's figures from a run.
 *
 * @example
 * const vip = summary.segments?.find((s) => s.id === 'vip');
 * if (vip && (vip.firstResponseWithinTarget ?? 1) < 0.9) report('VIP customers wait too long for a first answer');
 */
export interface SimulationSegment {
  readonly id: string;
  readonly name: string;
  /** Share of the arriving cases (0..1). */
  readonly share: number;
  /** Higher is served first when people are busy. */
  readonly priority: number;
  /** Counted cases of this type per replication (mean). */
  readonly cases: number;
  readonly kpis: Readonly<Record<string, KpiEstimate>>;
  /** Share answered within this type's first-response target (null when no task is flagged). */
  readonly firstResponseWithinTarget: number | null;
  /** This type's targets, seconds. */
  readonly targets: { readonly firstResponseSeconds: number | null; readonly resolutionSeconds: number | null };
  /** The mean cycle time of this type in its four parts, seconds. */
  readonly cycleTimeParts: CycleTimeParts;
  /**
   * This type's cycle and first-response values per replication (`shareWithin(summary, figure, seconds, { segmentId })`).
   *
   * @since 1.2.0
   */
  readonly distributions?: SimulationDistributions;
}

/**
 * Where a case's time goes, seconds; the four parts add up to the mean cycle time.
 *
 * @example
 * const parts: CycleTimeParts = { processing: 8100, waitingForPeople: 4140, offCalendar: 12960, otherWaiting: 0 };
 */
export interface CycleTimeParts {
  readonly processing: number;
  readonly waitingForPeople: number;
  readonly offCalendar: number;
  readonly otherWaiting: number;
}

/**
 * A mean with an optional 95% confidence half-width over replications.
 *
 * @example
 * const cycle: MeanFigure = { mean: 5400, halfWidth: 120 };
 */
export interface MeanFigure {
  readonly mean: number;
  readonly halfWidth?: number;
}

/**
 * How far a running simulation is.
 *
 * @example
 * const progress: SimulationProgress = { fraction: 0.4, replication: 2, replications: 5, casesDone: 2000, casesTotal: 5000 };
 */
export interface SimulationProgress {
  /** 0..1 of the whole run. */
  readonly fraction: number;
  /** 1-based replication being run. */
  readonly replication: number;
  readonly replications: number;
  /** Cases done over all replications and their total; null when a simulated period limits the arrivals. */
  readonly casesDone: number | null;
  readonly casesTotal: number | null;
}

/**
 * Progress reporting and cancellation of one run (the second argument of `simulation.run` / `runWithDetails`).
 *
 * @example
 * const source = createCancellationTokenSource();
 * await context.simulation.run({}, { token: source.token, onProgress: (p) => console.log(p.fraction) });
 */
export interface SimulationRunControl {
  /** Called as the run progresses (a few times per second at most). */
  readonly onProgress?: (progress: SimulationProgress) => void;
  /** Cancelling stops the engine at once; `run` then rejects, `runWithDetails` resolves with `cancelled: true`. */
  readonly token?: CancellationToken;
}

/**
 * A problem with the model or scenario found by the engine, in the user's language, keyed to an element.
 *
 * @example
 * const issue: SimulationIssue = { code: 'sim.deadlock', severity: 'error', message: 'Deadlock at the join', elementId: 'Gateway_2' };
 */
export interface SimulationIssue {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly elementId?: string;
}

/**
 * One bar of a distribution: the share of cases whose value lies in [from, to) (seconds).
 *
 * @example
 * const bin: HistogramBin = { from: 0, to: 3600, share: 0.25 };
 */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly share: number;
}

/**
 * Figures of one task (means over cases and replications; times in seconds).
 *
 * @example
 * const task: TaskFigures = { id: 'Task_1', name: 'Qualify', count: 100, waitingTime: 600, processingTime: 900 };
 */
export interface TaskFigures {
  readonly id: string;
  readonly name: string;
  /** Executions per replication. */
  readonly count: number;
  readonly waitingTime: number;
  readonly processingTime: number;
  /**
   * The same mean as `waitingTime` (the name the scorecard's rules read).
   *
   * @deprecated since 1.1.0: use `waitingTime` (same value; kept for plugins written against 1.0).
   */
  readonly waiting: number;
  /**
   * The same mean as `processingTime`.
   *
   * @deprecated since 1.1.0: use `processingTime` (same value; kept for plugins written against 1.0).
   */
  readonly processing: number;
  /** Executions per case (rework loops make it > 1), when the case count is known. */
  readonly executionsPerCase?: number;
}

/**
 * Figures of one resource pool.
 *
 * @example
 * const pool: PoolFigures = { id: 'Sales', name: 'Sales', utilisation: 0.72, headcount: 3, meanQueueLength: 1.4, laneIds: ['Lane_Sales'] };
 */
export interface PoolFigures {
  readonly id: string;
  readonly name: string;
  /** 0..1 of the available working time. */
  readonly utilisation: number;
  readonly headcount: number;
  readonly meanQueueLength: number;
  /** Lanes of the diagram this pool staffs. */
  readonly laneIds: readonly string[];
  /** `utilisation` is over the arrival window (after the warm-up, to the last arrival); this one includes the drain. */
  readonly utilisationWholeRun?: number;
  /**
   * Work demanded / capacity in the pool's working hours, from the model alone (arrival rate x expected work per
   * case / (headcount x open hours)); 1 or more means the queue grows without bound. Null when not known.
   */
  readonly offeredLoad?: number | null;
  /** The working hours the offered load is measured in, e.g. "Mon–Fri 09:00–17:00". */
  readonly window?: string;
  /** The queue grew over the simulated arrival window. */
  readonly queueGrowing?: boolean;
  /** Offered load of 1 or more, or a growing queue: never "healthy", whatever the utilisation says. */
  readonly overloaded?: boolean;
  /** Utilisation per simulated day (per week for long runs); null when the pool was closed. */
  readonly utilisationByPeriod?: { readonly period: 'day' | 'week'; readonly values: readonly (number | null)[] };
  /** `busy-hour`: costs while working on cases; `paid-hour`: every paid hour of its calendar (salaried staff). */
  readonly costModel?: 'busy-hour' | 'paid-hour';
}

/**
 * Where the waiting happens, biggest first.
 *
 * @example
 * const b: Bottleneck = { elementId: 'Task_Quote', name: 'Prepare quote', shareOfWaiting: 0.6, meanWaitingTime: 5400, utilisation: 0.93 };
 */
export interface Bottleneck {
  readonly elementId: string;
  readonly name: string;
  /** 0..1 of all waiting time of a case. */
  readonly shareOfWaiting: number;
  readonly meanWaitingTime: number;
  /** Utilisation of the pool doing the task, when there is one. */
  readonly utilisation: number | null;
}

/**
 * The scenario a run used, and the others of the document (to offer a choice).
 *
 * @example
 * const s: SimulationScenarioInfo = { id: 'asIs', name: 'As-is', currency: 'EUR', source: 'leanflow', available: [{ id: 'asIs', name: 'As-is' }] };
 */
export interface SimulationScenarioInfo {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  /** Where the parameters came from: our own extension, BPSim, QBP, or assumed defaults. */
  readonly source: 'leanflow' | 'bpsim' | 'qbp' | 'default' | 'none';
  readonly available: readonly { readonly id: string; readonly name: string }[];
}

/**
 * Counts of parameters the host assumed because the file had no simulation data.
 *
 * @example
 * const assumed: AssumedParameters = { durations: 7, automated: 1, arrivals: 1, interArrivalSeconds: 1800, pools: 3, probabilities: 2, waiting: 0 };
 */
export interface AssumedParameters {
  readonly durations: number;
  readonly automated: number;
  readonly arrivals: number;
  /** Mean assumed time between arrivals at the first start event, seconds. */
  readonly interArrivalSeconds: number | null;
  readonly pools: number;
  readonly probabilities: number;
  readonly waiting: number;
}

/**
 * The result of `simulation.runWithDetails`: a summary, or why there is none (the model cannot run, or cancelled).
 *
 * @example
 * const outcome = await context.simulation.runWithDetails();
 * if (!outcome.ok) context.diagnostics.set(Object.fromEntries(outcome.issues.map((i) => [i.elementId ?? '', [i]])));
 */
export type SimulationOutcome =
  | { readonly ok: true; readonly summary: SimulationSummary }
  | { readonly ok: false; readonly cancelled: boolean; readonly message: string; readonly issues: readonly SimulationIssue[] };

/**
 * Run the simulation engine on the host (never in the plugin's worker). Needs the `runSimulation` permission.
 * In the studio a run is the studio's simulation of the open document: one at a time (a new run cancels the
 * previous one), with the case and replication counts of the settings unless the options say otherwise.
 *
 * @example
 * const summary = await context.simulation.run({ replications: 5 });
 * const source = createCancellationTokenSource();
 * const outcome = await context.simulation.runWithDetails({}, { token: source.token, onProgress: (p) => show(p.fraction) });
 */
export interface SimulationNamespace {
  /** Rejects when the model cannot be simulated or the run is cancelled. */
  run(options?: SimulationOptions, control?: SimulationRunControl): Promise<SimulationSummary>;
  /** Like `run`, but a model that cannot run or a cancel resolve with the reasons instead of rejecting. */
  runWithDetails(options?: SimulationOptions, control?: SimulationRunControl): Promise<SimulationOutcome>;
  /**
   * Fires when a simulation of an open document finishes successfully, whoever started it (this plugin, another
   * plugin, or the studio, e.g. the Scorecard's "Simulate now"). Needs the `readModel` permission.
   */
  readonly onDidFinishRun: Event<SimulationRunEvent>;
}

/**
 * A finished simulation of an open document (`simulation.onDidFinishRun`).
 *
 * @example
 * context.simulation.onDidFinishRun((run) => {
 *   if (run.documentId === context.model.getActiveModel()?.documentId) show(run.summary);
 * });
 */
export interface SimulationRunEvent {
  /** The document simulated: its `ActiveModel.uri` and, in the studio, `documentId`. */
  readonly uri: string;
  readonly documentId?: string;
  readonly summary: SimulationSummary;
  /** False when the document changed while the run was going (the results describe an older model). */
  readonly upToDate: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics

/** How serious a finding or diagnostic is. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem shown on an element of the diagram and in the problems list.
 *
 * @example
 * const item: DiagnosticItem = { severity: 'warning', message: 'This task has no name', code: 'unnamed-task' };
 */
export interface DiagnosticItem {
  readonly severity: Severity;
  readonly message: string;
  readonly code?: string;
}

/**
 * Publish diagnostics keyed by element id. `set` replaces everything this plugin published for that source.
 *
 * @example
 * context.diagnostics.set({ Task_1: [{ severity: 'warning', message: 'No name' }] });
 * context.diagnostics.clear();
 */
export interface DiagnosticsNamespace {
  /** `source` must be declared in `contributes.diagnosticsSources` when given; defaults to the plugin id. */
  set(byElement: Readonly<Record<string, readonly DiagnosticItem[]>>, source?: string): void;
  clear(source?: string): void;
}

// ---------------------------------------------------------------------------------------------------------------
// Window

/**
 * Options of a notification.
 *
 * @example
 * await context.window.showNotification('Saved', { severity: 'info' });
 */
export interface NotificationOptions {
  readonly severity?: Severity;
  /** Button labels; the promise resolves with the one clicked. */
  readonly actions?: readonly string[];
}

/**
 * One choice of a quick pick.
 *
 * @example
 * const item: QuickPickItem = { label: 'Lead to quote', description: 'as-is' };
 */
export interface QuickPickItem {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
}

/**
 * Options of a quick pick.
 *
 * @example
 * const options: QuickPickOptions = { title: 'Pick a variant', placeholder: 'Type to filter' };
 */
export interface QuickPickOptions {
  readonly title?: string;
  readonly placeholder?: string;
}

/**
 * A text in the status bar. Change its fields, then call `show()` (again) to publish them.
 *
 * @example
 * const item = context.window.createStatusBarItem({ id: 'demo.score' });
 * item.text = 'Score 82'; item.command = 'demo.showScore'; item.show();
 */
export interface StatusBarItem extends Disposable {
  readonly id: string;
  /** Since 1.1.0 a change to `text`, `tooltip` or `command` of a shown item updates it (no `show()` needed). */
  text: string;
  tooltip?: string | undefined;
  /** A command id run when the item is clicked (undefined: none). */
  command?: string | undefined;
  show(): void;
  hide(): void;
}

/**
 * A named log the user can open in the output panel.
 *
 * @example
 * const log = context.window.createOutputChannel('Demo');
 * log.appendLine('started');
 */
export interface OutputChannel extends Disposable {
  readonly name: string;
  append(text: string): void;
  appendLine(text: string): void;
  clear(): void;
}

/**
 * Talk to the user through the workbench (never through the DOM).
 *
 * @example
 * const choice = await context.window.showQuickPick(['as-is', 'to-be'], { title: 'Variant' });
 */
export interface WindowNamespace {
  /** Resolves with the action clicked, or undefined when dismissed (or without actions). */
  showNotification(message: string, options?: NotificationOptions): Promise<string | undefined>;
  /** Resolves with the item picked (a string when given strings), or undefined when dismissed. */
  showQuickPick<T extends string | QuickPickItem>(items: readonly T[], options?: QuickPickOptions): Promise<T | undefined>;
  createStatusBarItem(options: { readonly id: string; readonly alignment?: 'left' | 'right'; readonly priority?: number }): StatusBarItem;
  createOutputChannel(name: string): OutputChannel;
}

// ---------------------------------------------------------------------------------------------------------------
// Storage, configuration, commands

/**
 * Per-plugin key-value storage kept by the host (other plugins and the studio cannot see it). Needs `storage`.
 *
 * @example
 * const runs = ((await context.storage.get('runs')) as number | undefined) ?? 0;
 * await context.storage.set('runs', runs + 1);
 */
export interface StorageNamespace {
  /** The stored value; give the type you stored (`get<number>('runs')`, since 1.1.0) instead of casting. */
  get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined>;
  set(key: string, value: JsonValue): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<readonly string[]>;
}

/**
 * The plugin's settings (declared in `contributes.configuration`), with the user's values over the defaults.
 *
 * @example
 * const limit = context.configuration.get('demo.maxManualSteps', 3); // a number, 3 when unset or not a number
 */
export interface ConfigurationNamespace {
  /**
   * The value of a setting, or `defaultValue` when it has none or one of another type (since 1.1.0: typed by the
   * default; without one, give the type: `get<number>('demo.limit')`).
   */
  get(key: string, defaultValue: number): number;
  get(key: string, defaultValue: string): string;
  get(key: string, defaultValue: boolean): boolean;
  get<T extends JsonValue = JsonValue>(key: string): T | undefined;
  /** Fires with the keys that changed. */
  readonly onDidChangeConfiguration: Event<readonly string[]>;
}

/**
 * A command handler: gets the arguments given by whoever runs it; its return value goes back to them.
 *
 * @example
 * const handler: CommandHandler = (name) => `Hello ${String(name)}`;
 */
export type CommandHandler = (...args: JsonValue[]) => JsonValue | void | Promise<JsonValue | void>;

/**
 * Commands: declared in `contributes.commands` (so they show in the palette before the plugin loads), implemented here.
 *
 * @example
 * context.subscriptions.push(context.commands.registerCommand('demo.count', () => context.model.getActiveModel()?.graph.nodes.length ?? 0));
 */
export interface CommandsNamespace {
  registerCommand(id: string, handler: CommandHandler): Disposable;
  /**
   * Like `registerCommand`, the handler getting a token first: cancelled when the command times out, the user
   * cancels it or the plugin is stopped.
   *
   * @since 1.1.0
   * @example
   * context.commands.registerCancellableCommand('demo.long', async (token) => {
   *   for (let i = 0; i < 100 && !token.isCancellationRequested; i++) await step(i);
   * });
   */
  registerCancellableCommand(id: string, handler: (token: CancellationToken, ...args: JsonValue[]) => JsonValue | void | Promise<JsonValue | void>): Disposable;
  /** Runs any command (this plugin's, another plugin's, or the workbench's). */
  executeCommand(id: string, ...args: JsonValue[]): Promise<JsonValue | undefined>;
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring and suggestions

/**
 * One thing a scoring rule found.
 *
 * @example
 * const finding: Finding = {
 *   severity: 'warning', message: '2 tasks have no name', elementIds: ['Task_1', 'Task_2'],
 *   why: 'Unnamed steps cannot be discussed or measured.', docsUrl: 'https://example.org/naming',
 * };
 */
export interface Finding {
  readonly severity: Severity;
  readonly message: string;
  readonly elementIds: readonly string[];
  /** Why it matters, in words a business user understands. */
  readonly why?: string;
  readonly docsUrl?: string;
}

/**
 * A rule's verdict: a score from 0 (bad) to 100 (good) and the findings that explain it; or, without a score, why
 * the rule cannot judge this model (`notApplicable`) or failed (`failed`).
 *
 * @example
 * const result: ScoreResult = { score: 80, findings: [], summary: 'Almost every task is named' };
 * const notYet: ScoreResult = { notApplicable: 'Needs a simulation', findings: [] };
 */
export type ScoreResult = ScoredResult | UnscoredResult;

/**
 * A verdict without a score: the rule says why (API 1.1; before, it had to give a score of 0 that was ignored).
 *
 * @since 1.1.0
 * @example
 * return { notApplicable: 'Needs a simulation (run with --simulate)', findings: [] };
 */
export type UnscoredResult = Omit<ScoredResult, 'score'> & { readonly score?: number } & ({ readonly notApplicable: string } | { readonly failed: string });

/**
 * A verdict with a score (what `ScoreResult` was in API 1.0).
 *
 * @since 1.1.0
 * @example
 * const result: ScoredResult = { score: 80, findings: [] };
 */
export interface ScoredResult {
  readonly score: number;
  readonly findings: readonly Finding[];
  readonly summary?: string;
  /** Figures behind the score (e.g. `{ manualSteps: 12 }`), shown next to it and in `leanflow score --format json`. */
  readonly metrics?: Readonly<Record<string, number>>;
  /**
   * Set when the rule cannot judge this model (e.g. a dynamic rule without a simulation): the reason. The rule then
   * counts neither for nor against the score, and `score` is ignored (give 0).
   */
  readonly notApplicable?: string;
  /**
   * Set when the rule failed in a way it can explain (e.g. invalid thresholds): the reason. Like a thrown error, the
   * rule is left out of the score; `score` is ignored (give 0).
   */
  readonly failed?: string;
}

/**
 * What a scoring rule or suggestion provider is given: the model, and simulation results when there are any.
 *
 * @example
 * const nodes = input.graph.nodes.length;
 */
export interface AnalysisInput {
  readonly graph: ProcessGraph;
  readonly scenario?: Scenario;
  readonly simulation?: SimulationSummary;
  /** The BPMN file itself, for rules that lint the XML (e.g. bpmnlint); absent when the host has no file text. */
  readonly xml?: string;
  /** The scoring profile in use: rules read their threshold overrides from `profile.thresholds[ruleId]`. */
  readonly profile?: ScoringProfileData;
  /**
   * bpmnlint's reports on the file, computed by the host where it parsed this version (with the profile's
   * `bpmnlint` thresholds), so no plugin parses the XML again; absent when the host has no file.
   */
  readonly bpmnlint?: BpmnlintReport;
}

/**
 * bpmnlint's recommended rules run on the open file (https://github.com/bpmn-io/bpmnlint).
 *
 * @example
 * const errors = input.bpmnlint?.issues.filter((i) => i.category === 'error').length ?? 0;
 */
export interface BpmnlintReport {
  readonly issues: readonly {
    /** The bpmnlint rule, e.g. `label-required`. */
    readonly rule: string;
    readonly message: string;
    readonly category: 'error' | 'warn' | 'info' | 'rule-error';
    readonly elementId?: string;
  }[];
  /** Set when `no-overlapping-elements` was skipped on a large model: the flow-node count it is skipped above. */
  readonly overlapCheckSkippedAbove?: number;
}

/**
 * A scoring profile as plain data (weights, category weights, per-rule thresholds, the rules switched on).
 *
 * @example
 * const target = input.profile?.thresholds?.['manual-steps']?.['target'] ?? 8;
 */
export interface ScoringProfileData {
  readonly id: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly weights?: Readonly<Record<string, number>> | undefined;
  readonly categoryWeights?: Readonly<Record<string, number>> | undefined;
  readonly thresholds?: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
  readonly enabledRules?: readonly string[] | undefined;
}

/**
 * A scoring rule. Its id must be declared in `contributes.scoringRules`.
 *
 * @example
 * const rule: ScoringRule = {
 *   evaluate({ graph }) {
 *     const unnamed = graph.nodes.filter((n) => n.kind.endsWith('ask') && !n.name);
 *     return { score: unnamed.length === 0 ? 100 : 50, findings: [] };
 *   },
 * };
 */
export interface ScoringRule {
  evaluate(input: AnalysisInput, token: CancellationToken): ScoreResult | Promise<ScoreResult>;
}

/**
 * Register scoring rules. Needs `readModel`.
 *
 * @example
 * context.subscriptions.push(context.scoring.registerRule('demo.unnamed-tasks', rule));
 */
export interface ScoringNamespace {
  registerRule(id: string, rule: ScoringRule): Disposable;
}

/**
 * The predicted effect of a suggestion on one figure, e.g. cycle time -25%.
 *
 * @example
 * const effect: PredictedEffect = { metric: 'cycleTime', change: -25, unit: '%' };
 */
export interface PredictedEffect {
  readonly metric: string;
  readonly change: number;
  readonly unit?: string;
}

/**
 * A title or description in translatable form: a message key and its parameters. The studio shows its own template
 * for a key it knows (e.g. in Chinese) and the plain text otherwise. A list parameter holds element names.
 *
 * @example
 * const message: SuggestionMessage = { key: 'automateTask.title', params: { task: 'Send confirmation' } };
 */
export interface SuggestionMessage {
  readonly key: string;
  readonly params: Readonly<Record<string, string | number | readonly string[]>>;
}

/**
 * A one-click improvement: edits plus an explanation.
 *
 * @example
 * const suggestion: Suggestion = {
 *   id: 'automate-Task_3', title: 'Automate "Send confirmation"', elementIds: ['Task_3'],
 *   edits: [{ kind: 'changeTaskType', elementId: 'Task_3', taskType: 'serviceTask' }],
 *   effects: [{ metric: 'cycleTime', change: -10, unit: '%' }],
 * };
 */
export interface Suggestion {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly why?: string;
  /** `title` as a message the studio can translate (built-in keys only; others show `title`). */
  readonly titleMessage?: SuggestionMessage;
  /** `description` as a message the studio can translate. */
  readonly descriptionMessage?: SuggestionMessage;
  /** The redesign heuristic it applies, e.g. `task elimination` (Reijers & Limam Mansar); the studio names it. */
  readonly heuristic?: string;
  /** Advice a person acts on (no edits to apply). */
  readonly adviceOnly?: boolean;
  readonly elementIds: readonly string[];
  readonly edits: readonly ProcessEdit[];
  readonly effects?: readonly PredictedEffect[];
}

/**
 * Provides suggestions for the open model. Its id must be declared in `contributes.suggestionProviders`.
 *
 * @example
 * const provider: SuggestionProvider = { provideSuggestions: ({ graph }) => [] };
 */
export interface SuggestionProvider {
  provideSuggestions(input: AnalysisInput, token: CancellationToken): readonly Suggestion[] | Promise<readonly Suggestion[]>;
}

/**
 * Register suggestion providers. Needs `readModel`.
 *
 * @example
 * context.subscriptions.push(context.suggestions.registerProvider('demo.automate', provider));
 */
export interface SuggestionsNamespace {
  registerProvider(id: string, provider: SuggestionProvider): Disposable;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

/**
 * A row of a tree view.
 *
 * @example
 * const item: TreeItem = { label: 'Check order', description: 'manual', collapsible: false, elementId: 'Task_1' };
 */
export interface TreeItem {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly collapsible?: boolean;
  /** Selecting the item reveals this diagram element. */
  readonly elementId?: string;
  /** Run when the item is clicked. */
  readonly command?: { readonly id: string; readonly args?: readonly JsonValue[] };
}

/**
 * Supplies a tree view lazily. `T` is any plugin-side value; the host only ever sees `TreeItem`s.
 *
 * @example
 * const provider: TreeDataProvider<string> = {
 *   getChildren: (parent) => (parent ? [] : ['a', 'b']),
 *   getTreeItem: (label) => ({ label }),
 * };
 */
export interface TreeDataProvider<T> {
  getChildren(parent?: T): readonly T[] | Promise<readonly T[]>;
  getTreeItem(element: T): TreeItem | Promise<TreeItem>;
  /**
   * Fire it when the data changed, and the studio asks again: with an element given, for that element's children
   * (when they are shown); with nothing, for the whole tree. Make one with `createEventEmitter`.
   *
   * @since 1.2.0
   * @example
   * const changed = createEventEmitter<string | undefined>();
   * const provider: TreeDataProvider<string> = { getChildren, getTreeItem, onDidChangeTreeData: changed.event };
   * context.simulation.onDidFinishRun(() => changed.fire(undefined));
   */
  readonly onDidChangeTreeData?: Event<T | undefined>;
}

/**
 * What `setViewContent` did: the content is shown (`shown: true`; the view draws it now if it is open, else when
 * it is opened), or why not (`reason`): the view belongs to no running plugin any more (disabled, removed, stopping),
 * it shows the tree of a `TreeDataProvider` instead (the content is kept for when the provider is disposed), or
 * the content was refused.
 *
 * @since 1.2.0
 * @example
 * const result = await context.views.setViewContent('demo.summary', { kind: 'markdown', markdown: '# 12 tasks' });
 * if (!result.shown) console.warn(result.reason);
 */
export type ViewContentResult = { readonly shown: true } | { readonly shown: false; readonly reason: string };

/**
 * A node of a static tree given as view content.
 *
 * @example
 * const node: TreeNode = { label: 'Sales', children: [{ label: 'Qualify lead' }] };
 */
export interface TreeNode {
  readonly label: string;
  readonly description?: string;
  readonly elementId?: string;
  readonly children?: readonly TreeNode[];
}

/**
 * A table column; `format` tells the workbench how to show numbers.
 *
 * @example
 * const column: TableColumn = { key: 'duration', title: 'Duration', format: 'duration' };
 */
export interface TableColumn {
  readonly key: string;
  readonly title: string;
  readonly align?: 'left' | 'right' | 'center';
  readonly format?: 'text' | 'number' | 'percent' | 'duration' | 'currency';
}

/** A cell value of a table. */
export type TableCell = string | number | boolean | null;

/**
 * One series of a chart.
 *
 * @example
 * const series: ChartSeries = { name: 'Waiting time', values: [12, 40, 3] };
 */
export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/**
 * A declarative chart: the workbench draws it.
 *
 * @example
 * const chart: ChartSpec = { type: 'bar', labels: ['Qualify', 'Quote'], series: [{ name: 'min', values: [12, 40] }], unit: 'min' };
 */
export interface ChartSpec {
  readonly type: 'bar' | 'stackedBar' | 'line' | 'pie';
  readonly title?: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly unit?: string;
}

/**
 * A big number with a label, e.g. "Cycle time 3.2 h".
 *
 * @example
 * const figure: KeyFigure = { label: 'Cycle time', value: 3.2, unit: 'h', status: 'warning' };
 */
export interface KeyFigure {
  readonly label: string;
  readonly value: number | string;
  readonly unit?: string;
  readonly status?: 'good' | 'warning' | 'bad';
  readonly hint?: string;
  /** A stable id (e.g. the KPI name), for tests and styling. */
  readonly id?: string;
  /** The uncertainty, already formatted, e.g. "95% CI 2 h – 2 h 30 min". */
  readonly interval?: string;
  /** A second line, e.g. "90% within the 2 h target". */
  readonly detail?: string;
  /** The exact number behind a formatted `value` (machine-readable). */
  readonly rawValue?: number;
}

/**
 * The content of a declarative view. Plugins never draw: they hand over data, the workbench renders it.
 *
 * @example
 * context.views.setViewContent('demo.summary', {
 *   kind: 'table',
 *   columns: [{ key: 'task', title: 'Task' }, { key: 'kind', title: 'Type' }],
 *   rows: [{ task: 'Check order', kind: 'userTask' }],
 * });
 */
export type ViewContent =
  | { readonly kind: 'markdown'; readonly markdown: string }
  | {
      readonly kind: 'table';
      readonly columns: readonly TableColumn[];
      readonly rows: readonly Readonly<Record<string, TableCell>>[];
      /** Clicking a column header sorts by it (numbers biggest first, text A–Z). */
      readonly sortable?: boolean;
      /** The column sorted by at first. */
      readonly sortBy?: string;
      /** Per row: the diagram element a click on the row reveals. */
      readonly rowElementIds?: readonly (string | null)[];
      /** Per row: 0..1, drawn as a heat dot in the first cell (the diagram's heat colours). */
      readonly rowHeat?: readonly number[];
    }
  | { readonly kind: 'chart'; readonly chart: ChartSpec }
  | { readonly kind: 'keyFigures'; readonly figures: readonly KeyFigure[] }
  | { readonly kind: 'tree'; readonly nodes: readonly TreeNode[] }
  | { readonly kind: 'sections'; readonly sections: readonly ViewSection[] };

/**
 * A button of a view that runs a command (with its key binding shown next to it).
 *
 * @example
 * const action: ViewAction = { title: 'Simulate', command: 'simulation.run' };
 */
export interface ViewAction {
  readonly title: string;
  readonly command: string;
  readonly args?: readonly JsonValue[];
  /** `secondary` draws a quieter button. */
  readonly style?: 'primary' | 'secondary';
  /** A stable id, for tests. */
  readonly id?: string;
  /** Shown as pressed (a toggle). */
  readonly pressed?: boolean;
}

/**
 * One item of a `meters` section: a horizontal bar of 0..1.
 *
 * @example
 * const meter: MeterItem = { label: 'Sales', value: 0.72, valueText: '72%', band: { low: 0.6, high: 0.85 }, detail: 'healthy · 3 people' };
 */
export interface MeterItem {
  readonly label: string;
  /** 0..1. */
  readonly value: number;
  readonly valueText?: string;
  readonly detail?: string;
  /** Clicking the item reveals this diagram element. */
  readonly elementId?: string;
  /** A healthy range drawn behind the bar; the bar is coloured by where the value falls. */
  readonly band?: { readonly low: number; readonly high: number };
  /** Overrides the colour the band gives, e.g. `high` for a pool whose queue grows whatever its utilisation. */
  readonly status?: 'low' | 'ok' | 'high';
  readonly id?: string;
}

/**
 * What a section of a `sections` view shows: any plain view content, or one of the parts below.
 * - `actions`: buttons running commands.
 * - `progress`: a progress bar (0..1) with a title and a line of text.
 * - `notice`: a message box (info, warning, error) with an optional list (items reveal elements) and a button;
 *   `collapsed` folds the list under the message.
 * - `histogram`: bars of shares with a three-point axis and an optional target line (0..1 of the axis).
 * - `meters`: labelled bars of 0..1, optionally with a healthy band; `ordered` numbers them.
 * - `choice`: a drop-down; picking an option runs `command` with the option's value.
 *
 * @example
 * const part: SectionContent = { kind: 'progress', fraction: 0.4, title: 'Simulating…', message: '2,000 of 5,000 cases' };
 */
export type SectionContent =
  | Exclude<ViewContent, { readonly kind: 'sections' }>
  | { readonly kind: 'actions'; readonly actions: readonly ViewAction[] }
  | { readonly kind: 'progress'; readonly fraction: number; readonly title?: string; readonly message?: string }
  | {
      readonly kind: 'notice';
      readonly severity: Severity;
      readonly message: string;
      readonly items?: readonly { readonly text: string; readonly elementId?: string; readonly severity?: Severity }[];
      readonly action?: ViewAction;
      readonly collapsed?: boolean;
    }
  | {
      readonly kind: 'histogram';
      readonly title: string;
      readonly bars: readonly { readonly share: number; readonly label: string; readonly over?: boolean }[];
      readonly axis: readonly [string, string, string];
      readonly target?: { readonly position: number; readonly label: string };
    }
  | { readonly kind: 'meters'; readonly items: readonly MeterItem[]; readonly ordered?: boolean; readonly note?: string }
  | { readonly kind: 'choice'; readonly label: string; readonly options: readonly { readonly value: string; readonly label: string }[]; readonly value?: string; readonly command: string };

/**
 * One part of a `sections` view, under an optional heading. A view of kind `sections` shows several kinds of
 * content at once: key figures with intervals, charts, tables, notices, buttons.
 *
 * @example
 * context.views.setViewContent('demo.results', {
 *   kind: 'sections',
 *   sections: [
 *     { content: { kind: 'actions', actions: [{ title: 'Run', command: 'demo.run' }] } },
 *     { title: 'Key figures', content: { kind: 'keyFigures', figures: [{ label: 'Cycle time', value: '2 h', interval: '95% CI 1.8 h – 2.2 h' }] } },
 *   ],
 * });
 */
export interface ViewSection {
  readonly title?: string;
  /** A stable id, for tests and styling (`data-section`). */
  readonly id?: string;
  /** Draws the section faded (e.g. results that no longer match the model). */
  readonly dimmed?: boolean;
  readonly content: SectionContent;
}

/**
 * Fill the views declared in `contributes.views`.
 *
 * @example
 * context.views.setViewContent('demo.summary', { kind: 'markdown', markdown: '# 12 tasks' });
 */
export interface ViewsNamespace {
  /**
   * Replaces the content of a view. Throws at once for a view not declared in `contributes.views`; since 1.2.0
   * returns a promise of what the studio did with it (`ViewContentResult`; it never rejects). Calls that ignore it
   * keep working.
   */
  setViewContent(viewId: string, content: ViewContent): Promise<ViewContentResult>;
  /** Makes a `tree` view lazy: the workbench asks the provider for children as the user expands nodes. */
  registerTreeDataProvider<T>(viewId: string, provider: TreeDataProvider<T>): Disposable;
}

// ---------------------------------------------------------------------------------------------------------------
// Diagram decorations and environment

/**
 * A mark on a diagram element. With `heat` (0..1) the element is coloured on the heat scale and gets a badge
 * with an hourglass and `label`; with `tone` it gets a plain coloured badge (e.g. on a lane) instead.
 *
 * @example
 * const mark: DiagramDecoration = { elementId: 'Task_Quote', heat: 1, label: '1.5 h', tooltip: 'Prepare quote: waits 1 h 30 min on average' };
 */
export interface DiagramDecoration {
  readonly elementId: string;
  readonly heat?: number;
  readonly label?: string;
  readonly tooltip?: string;
  readonly tone?: 'good' | 'warning' | 'bad';
}

/**
 * The legend shown over the diagram with the decorations: a title and labelled stops of the heat scale.
 *
 * @example
 * const legend: DecorationLegend = { title: 'Mean waiting time', stops: [{ heat: 0, label: 'none' }, { heat: 1, label: '≤ 2 h' }] };
 */
export interface DecorationLegend {
  readonly title: string;
  readonly stops: readonly { readonly heat: number; readonly label: string }[];
}

/**
 * Draw on the open diagram (the workbench paints; plugins never touch the DOM). Everything a plugin painted is
 * removed when it is deactivated or crashes.
 *
 * @example
 * context.diagram.setDecorations([{ elementId: 'Task_1', heat: 0.8, label: '42 min' }], { title: 'Waiting', stops: [{ heat: 1, label: '42 min' }] });
 * context.diagram.clearDecorations();
 */
export interface DiagramNamespace {
  /** Replaces this plugin's decorations (and legend) on the open diagram. */
  setDecorations(decorations: readonly DiagramDecoration[], legend?: DecorationLegend): void;
  clearDecorations(): void;
}

/**
 * The user's environment.
 *
 * @example
 * const zh = context.env.language === 'zh-CN';
 * context.env.onDidChangeLanguage((language) => render(language));
 */
export interface EnvNamespace {
  /** The studio's language, e.g. `en` or `zh-CN`. */
  readonly language: string;
  readonly onDidChangeLanguage: Event<string>;
}

// ---------------------------------------------------------------------------------------------------------------
// Context and entry point

/**
 * Everything a plugin can do, handed to `activate`.
 *
 * @example
 * export function activate(context: PluginContext): void {
 *   context.subscriptions.push(context.commands.registerCommand('demo.hello', () => 'hello'));
 * }
 */
export interface PluginContext {
  /** The plugin's id from its manifest. */
  readonly pluginId: string;
  /** The plugin's own version from its manifest. */
  readonly pluginVersion: string;
  /** The API version the host implements. */
  readonly apiVersion: string;
  /** Disposed (in reverse order) when the plugin is deactivated. */
  readonly subscriptions: Disposable[];
  readonly commands: CommandsNamespace;
  readonly model: ModelNamespace;
  readonly edits: EditsNamespace;
  readonly simulation: SimulationNamespace;
  readonly diagnostics: DiagnosticsNamespace;
  readonly window: WindowNamespace;
  readonly storage: StorageNamespace;
  readonly configuration: ConfigurationNamespace;
  readonly scoring: ScoringNamespace;
  readonly suggestions: SuggestionsNamespace;
  readonly views: ViewsNamespace;
  readonly diagram: DiagramNamespace;
  readonly env: EnvNamespace;
  /** Sets a context key for `when` clauses of menus and keybindings, e.g. `demo.hasFindings`. */
  setContextKey(key: string, value: string | number | boolean | null): void;
}

/**
 * What a plugin's `main` bundle exports.
 *
 * @example
 * export function activate(context: PluginContext) {}
 * export function deactivate() {}
 */
export interface PluginModule {
  activate(context: PluginContext): void | Promise<void>;
  deactivate?(): void | Promise<void>;
}

/**
 * Wraps a function as a Disposable, and several Disposables as one.
 *
 * @example
 * const both = disposeAll([first, second]);
 * const timer = toDisposable(() => clearInterval(handle));
 */
export function toDisposable(dispose: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/**
 * Combines Disposables into one that disposes them in reverse order.
 *
 * @example
 * context.subscriptions.push(disposeAll([registration, channel]));
 */
export function disposeAll(disposables: readonly Disposable[]): Disposable {
  return toDisposable(() => {
    for (const disposable of [...disposables].reverse()) disposable.dispose();
  });
}

/**
 * Makes a CancellationToken the plugin controls: `cancel()` cancels it (e.g. a "Cancel" command).
 *
 * @example
 * const source = createCancellationTokenSource();
 * void context.simulation.run({}, { token: source.token });
 * source.cancel();
 */
export function createCancellationTokenSource(): { readonly token: CancellationToken; cancel(): void } {
  let cancelled = false;
  const listeners = new Set<(event: void) => void>();
  return {
    token: {
      get isCancellationRequested() {
        return cancelled;
      },
      onCancellationRequested: (listener) => {
        if (cancelled) {
          listener();
          return toDisposable(() => {});
        }
        listeners.add(listener);
        return toDisposable(() => listeners.delete(listener));
      },
    },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const listener of [...listeners]) listener();
      listeners.clear();
    },
  };
}

/** The values of `figure` per replication, or null when the summary does not have them. */
function replicationValues(summary: SimulationSummary, figure: DistributionFigure, query: DistributionQuery): readonly ReplicationValues[] | null {
  const distributions = query.segmentId === undefined ? summary.distributions : summary.segments?.find((s) => s.id === query.segmentId)?.distributions;
  if (!distributions) return null;
  if (figure === 'taskWaitingTime') {
    if (query.taskId === undefined) throw new Error("shareWithin/quantileOf: 'taskWaitingTime' needs a taskId, e.g. { taskId: 'Task_Review' }");
    return Object.prototype.hasOwnProperty.call(distributions.taskWaitingTime, query.taskId) ? (distributions.taskWaitingTime[query.taskId] ?? null) : null;
  }
  return distributions[figure];
}

/** The mean of the per-replication figures that exist (NaN skipped), as the run averages its own; null when none. */
function meanOfReplications(figures: readonly number[]): number | null {
  const finite = figures.filter((x) => !Number.isNaN(x));
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
}

/**
 * The share (0..1) of cases whose `figure` is within `seconds` (at most), for your own target: counted per
 * replication over `of` and averaged over replications, exactly as the run counts `firstResponseWithinTarget`
 * (so `shareWithin(summary, 'firstResponseTime', summary.targets.firstResponseSeconds)` is that share; cases never
 * answered count as not within). For `taskWaitingTime`, the share of the task's executions that waited at most
 * `seconds`. Null when the summary has no values for it (no simulation, first response not measured, an unknown
 * segment or task).
 *
 * @since 1.2.0
 * @example
 * const withinOneHour = shareWithin(input.simulation, 'firstResponseTime', 3600);
 * const vipWithin30Min = shareWithin(input.simulation, 'firstResponseTime', 1800, { segmentId: 'vip' });
 * const reviewWaitsUnder15Min = shareWithin(input.simulation, 'taskWaitingTime', 900, { taskId: 'Task_Review' });
 */
export function shareWithin(summary: SimulationSummary | undefined, figure: DistributionFigure, seconds: number, query: DistributionQuery = {}): number | null {
  if (!(seconds >= 0)) throw new Error(`shareWithin: the target must be a number of seconds, 0 or more (got ${String(seconds)})`);
  const replications = summary ? replicationValues(summary, figure, query) : null;
  if (!replications) return null;
  return meanOfReplications(
    replications.map((r) => {
      if (!(r.of > 0)) return NaN;
      let within = 0;
      for (let i = 0; i < r.values.length && (r.values[i] as number) <= seconds; i++) within += r.counts ? (r.counts[i] as number) : 1;
      return within / r.of;
    }),
  );
}

/**
 * The `q` quantile (0..1: 0.5 is the median, 0.9 the p90) of `figure`, seconds: each replication's quantile
 * (interpolated between ranks) averaged over replications, exactly as the run computes `cycleTimeP90`. First
 * response quantiles are over the cases answered. Null when the summary has no values for it.
 *
 * @since 1.2.0
 * @example
 * const p95 = quantileOf(input.simulation, 'cycleTime', 0.95);
 * const medianFirstResponse = quantileOf(input.simulation, 'firstResponseTime', 0.5);
 */
export function quantileOf(summary: SimulationSummary | undefined, figure: DistributionFigure, q: number, query: DistributionQuery = {}): number | null {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantileOf: q is a fraction from 0 to 1, e.g. 0.9 for the p90 (got ${String(q)})`);
  const replications = summary ? replicationValues(summary, figure, query) : null;
  if (!replications) return null;
  return meanOfReplications(replications.map((r) => quantileOfReplication(r, q)));
}

function quantileOfReplication(r: ReplicationValues, q: number): number {
  const { values, counts } = r;
  const n = counts ? counts.reduce((a, b) => a + b, 0) : values.length;
  if (n === 0) return NaN;
  const position = (n - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(n - 1, lower + 1);
  const at = (rank: number): number => {
    if (!counts) return values[rank] as number;
    let seen = 0;
    for (let i = 0; i < values.length; i++) {
      seen += counts[i] as number;
      if (rank < seen) return values[i] as number;
    }
    return values[values.length - 1] as number;
  };
  const a = at(lower);
  const b = upper === lower ? a : at(upper);
  return a + (b - a) * (position - lower);
}

/**
 * An event the plugin fires itself, e.g. `TreeDataProvider.onDidChangeTreeData`: `event` is what listeners subscribe
 * to, `fire` calls them (in order; one that throws does not stop the others), `dispose` drops them all.
 *
 * @since 1.2.0
 * @example
 * const changed = createEventEmitter<string | undefined>();
 * context.subscriptions.push(changed);
 * changed.fire(undefined); // the whole tree changed
 */
export function createEventEmitter<T>(): { readonly event: Event<T>; fire(value: T): void; dispose(): void } {
  const listeners = new Set<(event: T) => void>();
  return {
    event: (listener) => {
      listeners.add(listener);
      return toDisposable(() => listeners.delete(listener));
    },
    fire(value) {
      const errors: unknown[] = [];
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) throw errors[0];
    },
    dispose() {
      listeners.clear();
    },
  };
}

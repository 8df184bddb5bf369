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
export const API_VERSION = '1.0.0';

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
  /** Identifies the open document, e.g. a file name. */
  readonly uri: string;
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
  /** The open model, or undefined when no process is open (or the permission is missing). */
  getActiveModel(): ActiveModel | undefined;
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
  /** Case start to the first substantive response, with the share answered within the SLA. */
  readonly firstResponse?: MeanFigure & { readonly withinSla: number; readonly slaSeconds: number };
  /** Case start to resolution, when the simulator tells it apart from the cycle time. */
  readonly resolution?: MeanFigure & { readonly withinSla?: number; readonly slaSeconds?: number };
  /** Cost per completed case, in the scenario's currency. */
  readonly costPerCase?: MeanFigure;
  /** Value-adding processing time / cycle time, per case on average. */
  readonly processCycleEfficiency?: number;
  /** Busy time / available time per resource pool. */
  readonly pools?: readonly { readonly id: string; readonly name?: string; readonly utilisation: number }[];
  /** Mean waiting and processing time per execution of each task (seconds), and executions per case when known. */
  readonly tasks?: readonly { readonly id: string; readonly waiting: number; readonly processing: number; readonly executionsPerCase?: number }[];
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
 * Run the simulation engine on the host (never in the plugin's worker). Needs the `runSimulation` permission.
 *
 * @example
 * const summary = await context.simulation.run({ replications: 5 });
 */
export interface SimulationNamespace {
  run(options?: SimulationOptions): Promise<SimulationSummary>;
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
  text: string;
  tooltip?: string;
  /** A command id run when the item is clicked. */
  command?: string;
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
  get(key: string): Promise<JsonValue | undefined>;
  set(key: string, value: JsonValue): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<readonly string[]>;
}

/**
 * The plugin's settings (declared in `contributes.configuration`), with the user's values over the defaults.
 *
 * @example
 * const limit = (context.configuration.get('demo.maxManualSteps') as number | undefined) ?? 3;
 */
export interface ConfigurationNamespace {
  get(key: string): JsonValue | undefined;
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
 * A rule's verdict: a score from 0 (bad) to 100 (good) and the findings that explain it.
 *
 * @example
 * const result: ScoreResult = { score: 80, findings: [], summary: 'Almost every task is named' };
 */
export interface ScoreResult {
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
}

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
  | { readonly kind: 'table'; readonly columns: readonly TableColumn[]; readonly rows: readonly Readonly<Record<string, TableCell>>[] }
  | { readonly kind: 'chart'; readonly chart: ChartSpec }
  | { readonly kind: 'keyFigures'; readonly figures: readonly KeyFigure[] }
  | { readonly kind: 'tree'; readonly nodes: readonly TreeNode[] };

/**
 * Fill the views declared in `contributes.views`.
 *
 * @example
 * context.views.setViewContent('demo.summary', { kind: 'markdown', markdown: '# 12 tasks' });
 */
export interface ViewsNamespace {
  /** Replaces the content of a view. */
  setViewContent(viewId: string, content: ViewContent): void;
  /** Makes a `tree` view lazy: the workbench asks the provider for children as the user expands nodes. */
  registerTreeDataProvider<T>(viewId: string, provider: TreeDataProvider<T>): Disposable;
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

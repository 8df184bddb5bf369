// A test harness for plugin authors (Node, e.g. in Vitest): run a plugin folder against a BPMN file through the
// real host (own worker, validation, limits) and get everything it produced as data.
import type { ActiveModel, JsonValue, SimulationSummary, ViewContent } from '@leanflow/plugin-api';
import type { ModelIssue } from '@leanflow/model';
import { createPluginHost, type PluginHost } from './host.ts';
import type { CommandOutcome, PluginErrorReport, PluginLimits, PluginStatus, ProviderOutcome, ScoringReport } from './host/types.ts';
import { modelFromBpmn } from './model.ts';
import { createNodeTransportFactory } from './node-transport.ts';
import { loadPlugin } from './node-loader.ts';
import type { DiagnosticsEntry, OutputEntry, StatusBarEntry } from './registry.ts';
import { createMemoryServices, type MemoryServices, type MemoryServicesOptions } from './services.ts';
import { simulateModel } from './simulation.ts';

/**
 * Simulate before scoring, so dynamic rules get `input.simulation`: `true` runs the scenario's own cases and
 * replications with seed 1; an object overrides them.
 *
 * @example
 * await runPluginOnFile('.', xml, { simulate: { cases: 200, replications: 1, seed: 7 } });
 */
export type HarnessSimulation = boolean | { readonly cases?: number; readonly replications?: number; readonly seed?: number };

/**
 * Settings are `{ [pluginId]: { key: value } }`; a flat `{ key: value }` would silently reach no plugin, so it is
 * refused with the shape to use.
 */
function checkConfigurationShape(configuration: PluginTestHostOptions['configuration']): void {
  if (configuration === undefined) return;
  const flat = Object.entries(configuration).filter(([, value]) => typeof value !== 'object' || value === null || Array.isArray(value));
  if (flat.length === 0) return;
  const [key, value] = flat[0]!;
  throw new Error(
    `createPluginTestHost: configuration is keyed by plugin id: { "<plugin id>": { "${key}": ${JSON.stringify(value)} } }; "${key}" is a setting at the top level, which no plugin would see`,
  );
}

/** Options of `createPluginTestHost`. */
export interface PluginTestHostOptions extends Omit<MemoryServicesOptions, 'model'> {
  /** The open model: BPMN XML (parsed with @leanflow/model) or a ready `ActiveModel`. */
  readonly bpmnXml?: string;
  readonly model?: ActiveModel;
  readonly limits?: Partial<PluginLimits>;
}

/**
 * A plugin host in Node with in-memory services.
 *
 * @example
 * const test = await createPluginTestHost({ bpmnXml });
 * const status = await test.install('plugins/examples/lean-rules');
 * const report = await test.host.runScoring();
 * await test.dispose();
 */
export interface PluginTestHost {
  readonly host: PluginHost;
  readonly services: MemoryServices;
  /** Problems reading `bpmnXml`. */
  readonly modelIssues: readonly ModelIssue[];
  /** Loads a plugin folder or .zip and installs it; throws with every issue when it is refused. */
  install(folderOrZip: string): Promise<PluginStatus>;
  dispose(): Promise<void>;
}

/**
 * Creates a plugin host for tests (see `PluginTestHost`).
 *
 * @example
 * const test = await createPluginTestHost({ bpmnXml: await readFile('order.bpmn', 'utf8'), limits: { unresponsiveMs: 1000 } });
 */
export async function createPluginTestHost(options: PluginTestHostOptions = {}): Promise<PluginTestHost> {
  checkConfigurationShape(options.configuration);
  let model = options.model;
  let modelIssues: readonly ModelIssue[] = [];
  if (options.bpmnXml !== undefined) {
    const read = await modelFromBpmn(options.bpmnXml, 'test.bpmn');
    modelIssues = read.issues;
    if (!read.model) throw new Error(`createPluginTestHost: the BPMN could not be read: ${read.issues.map((i) => i.message).join('; ')}`);
    model = read.model;
  }
  const services = createMemoryServices({ ...options, ...(model ? { model } : {}) });
  const host = createPluginHost({ services, createTransport: createNodeTransportFactory(), ...(options.limits ? { limits: options.limits } : {}) });
  return {
    host,
    services,
    modelIssues,
    async install(folderOrZip) {
      const loaded = await loadPlugin(folderOrZip);
      if (!loaded.ok) throw new Error(`${folderOrZip} was refused:\n${loaded.issues.map((i) => `  ${i.message}`).join('\n')}`);
      const installed = await host.install(loaded.bundle);
      if (!installed.ok) throw new Error(`${folderOrZip} was refused:\n${installed.issues.map((i) => `  ${i.message}`).join('\n')}`);
      return installed.status;
    },
    dispose: () => host.dispose(),
  };
}

/**
 * Everything a plugin produced in one headless run.
 *
 * @example
 * const result = await runPluginOnFile('plugins/examples/lean-rules', xml);
 * expect(result.scoring.rules[0].score).toBe(75);
 */
export interface PluginRunResult {
  readonly status: PluginStatus;
  readonly scoring: ScoringReport;
  readonly suggestions: readonly ProviderOutcome[];
  /** The outcome of `command`, when one was given. */
  readonly command?: CommandOutcome;
  /** Content of every view the plugin contributes (after opening each). */
  readonly views: Readonly<Record<string, ViewContent | undefined>>;
  readonly diagnostics: readonly DiagnosticsEntry[];
  readonly statusBar: readonly StatusBarEntry[];
  readonly output: readonly OutputEntry[];
  readonly notifications: MemoryServices['notifications'];
  readonly proposals: MemoryServices['proposals'];
  readonly errors: readonly PluginErrorReport[];
  /** The simulation the rules and providers got (`simulate` option). */
  readonly simulation?: SimulationSummary;
}

/**
 * Loads a plugin, opens the BPMN, runs its scoring rules and suggestion providers, optionally one command, opens
 * its views, and returns all results. The worker is stopped afterwards. Throws when the plugin is refused.
 *
 * @example
 * const result = await runPluginOnFile('plugins/examples/task-summary', xml, { command: 'examples.taskSummary.show' });
 * expect(result.views['examples.taskSummary.table']?.kind).toBe('table');
 */
export async function runPluginOnFile(
  pluginFolder: string,
  bpmnXml: string,
  options: { readonly command?: string; readonly args?: readonly JsonValue[]; readonly limits?: Partial<PluginLimits>; readonly simulate?: HarnessSimulation } & Omit<
    PluginTestHostOptions,
    'bpmnXml' | 'model'
  > = {},
): Promise<PluginRunResult> {
  const test = await createPluginTestHost({ ...options, bpmnXml });
  try {
    const installed = await test.install(pluginFolder);
    const { host } = test;
    const views: Record<string, ViewContent | undefined> = {};
    await host.startupFinished();
    // The file itself too, as `leanflow score` and the studio give it (rules that lint the XML read `input.xml`).
    const model = test.services.getActiveModel();
    const simulation = model && options.simulate ? await simulateModel(model, { seed: 1, ...(typeof options.simulate === 'object' ? options.simulate : {}) }) : undefined;
    const input = model ? { graph: model.graph, ...(model.scenario ? { scenario: model.scenario } : {}), xml: bpmnXml, ...(simulation ? { simulation } : {}) } : undefined;
    const scoring = await host.runScoring(input);
    const suggestions = await host.provideSuggestions(input);
    const command = options.command !== undefined ? await host.executeCommand(options.command, ...(options.args ?? [])) : undefined;
    for (const view of host.contributions.views().filter((v) => v.pluginId === installed.id)) views[view.id] = await host.openView(view.id);
    return {
      status: host.status(installed.id)!,
      scoring,
      suggestions,
      ...(command ? { command } : {}),
      views,
      diagnostics: host.contributions.diagnostics(),
      statusBar: host.contributions.statusBarItems(),
      output: host.contributions.outputChannels(),
      notifications: test.services.notifications,
      proposals: test.services.proposals,
      errors: host.errors(installed.id),
      ...(simulation ? { simulation } : {}),
    };
  } finally {
    await test.dispose();
  }
}

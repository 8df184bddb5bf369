// What the host needs from its surroundings. The workbench implements these with the bpmn-js command stack,
// its notification and quick-pick UI and IndexedDB; the CLI and tests use `createMemoryServices`.
import type {
  ActiveModel,
  Disposable,
  EditProposal,
  EditResult,
  JsonValue,
  QuickPickItem,
  Severity,
  SimulationOptions,
  SimulationOutcome,
  SimulationProgress,
  SimulationRunEvent,
  SimulationSummary,
} from '@leanflow/plugin-api';
import { simulateModel, simulateModelDetailed } from './simulation.ts';

/**
 * Per-plugin key-value storage; the host passes the plugin id, so plugins never see each other's data.
 *
 * @example
 * const storage: PluginStorageService = { get: (id, key) => db.get(`${id}/${key}`), ... };
 */
export interface PluginStorageService {
  get(pluginId: string, key: string): Promise<JsonValue | undefined>;
  set(pluginId: string, key: string, value: JsonValue): Promise<void>;
  delete(pluginId: string, key: string): Promise<void>;
  keys(pluginId: string): Promise<readonly string[]>;
}

/**
 * A notification a plugin asked to show.
 *
 * @example
 * showNotification: async (request) => toast(request.message, request.severity, request.actions)
 */
export interface NotificationRequest {
  readonly pluginId: string;
  readonly message: string;
  readonly severity: Severity;
  readonly actions: readonly string[];
}

/**
 * A quick pick a plugin asked to show; answer with the index picked.
 *
 * @example
 * showQuickPick: async (request) => palette.pick(request.items.map((i) => i.label))
 */
export interface QuickPickRequest {
  readonly pluginId: string;
  readonly items: readonly QuickPickItem[];
  readonly title?: string;
  readonly placeholder?: string;
}

/**
 * The services the host is given. Every payload reaching them has been validated and permission-checked.
 *
 * @example
 * const host = createPluginHost({ services: myWorkbenchServices, createTransport: createWebWorkerTransportFactory() });
 */
export interface HostServices {
  getActiveModel(): ActiveModel | undefined;
  onDidChangeModel(listener: (model: ActiveModel | undefined) => void): Disposable;
  /** Applies edits as one undoable step (the workbench: through the bpmn-js command stack). */
  applyEdits(request: { readonly pluginId: string; readonly proposal: EditProposal }): Promise<EditResult>;
  runSimulation(request: { readonly pluginId: string; readonly options: SimulationOptions }): Promise<SimulationSummary>;
  /**
   * A run with progress and cancellation that reports a model that cannot run as issues (the studio: its own
   * simulation of the open document). Without it the host wraps `runSimulation`.
   */
  runSimulationDetailed?(request: {
    readonly pluginId: string;
    readonly options: SimulationOptions;
    readonly signal: AbortSignal;
    readonly onProgress: (progress: SimulationProgress) => void;
  }): Promise<SimulationOutcome>;
  /** Finished simulations of open documents, whoever started them (`simulation.onDidFinishRun`). */
  onDidFinishSimulation?(listener: (run: SimulationRunEvent) => void): Disposable;
  /** The user's language (`en`, `zh-CN`); default `en`. */
  getLanguage?(): string;
  /** Resolves with the action clicked, if any. */
  showNotification(request: NotificationRequest): Promise<string | undefined>;
  /** Resolves with the index of the item picked, or undefined. */
  showQuickPick(request: QuickPickRequest): Promise<number | undefined>;
  /** Runs a command that no plugin contributes (a workbench command); undefined when unknown. */
  executeCommand?(id: string, args: readonly JsonValue[]): Promise<JsonValue | undefined>;
  readonly storage: PluginStorageService;
  /** The user's values of a plugin's settings (the host adds the manifest defaults underneath). */
  getConfiguration?(pluginId: string): Readonly<Record<string, JsonValue>>;
}

/**
 * Options of `createMemoryServices`.
 *
 * @example
 * createMemoryServices({ model, quickPickAnswer: 1, applyEdits: true });
 */
export interface MemoryServicesOptions {
  readonly model?: ActiveModel;
  /** Answer of every quick pick: an index, or undefined (dismissed). Default: the first item. */
  readonly quickPickAnswer?: number;
  /** Answer of notifications with actions: an action label. Default: dismissed. */
  readonly notificationAnswer?: string;
  /** Whether proposed edits count as applied (they are only recorded). Default: false, with a reason. */
  readonly applyEdits?: boolean;
  /** Default: the real engine on the open model and its active scenario (`simulateModel`). */
  readonly runSimulation?: (options: SimulationOptions) => Promise<SimulationSummary>;
  readonly configuration?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
}

/**
 * In-memory services that record what plugins asked for.
 *
 * @example
 * expect(services.proposals[0].proposal.label).toBe('Rename');
 */
export interface MemoryServices extends HostServices {
  readonly notifications: NotificationRequest[];
  readonly quickPicks: QuickPickRequest[];
  readonly proposals: { readonly pluginId: string; readonly proposal: EditProposal }[];
  readonly stored: Map<string, Map<string, JsonValue>>;
  /** Replaces the open model and tells the plugins. */
  setModel(model: ActiveModel | undefined): void;
  /** Replaces a plugin's user settings (then call `host.configurationChanged`). */
  setConfiguration(pluginId: string, values: Readonly<Record<string, JsonValue>>): void;
  /** Announces a finished simulation, as the studio does for every run (`simulation.onDidFinishRun`). */
  finishSimulation(run: SimulationRunEvent): void;
}

/**
 * Headless services for the CLI and tests: a fixed model, recorded notifications and edits, storage in memory.
 *
 * @example
 * const services = createMemoryServices({ model: { uri: 'a.bpmn', version: 1, graph } });
 * const host = createPluginHost({ services, createTransport: createNodeTransportFactory() });
 * // ... services.notifications lists what plugins showed
 */
export function createMemoryServices(options: MemoryServicesOptions = {}): MemoryServices {
  let model = options.model;
  const configuration = new Map(Object.entries(options.configuration ?? {}));
  const listeners = new Set<(model: ActiveModel | undefined) => void>();
  const finished = new Set<(run: SimulationRunEvent) => void>();
  const stored = new Map<string, Map<string, JsonValue>>();
  const bucket = (pluginId: string) => {
    let map = stored.get(pluginId);
    if (!map) stored.set(pluginId, (map = new Map()));
    return map;
  };
  const services: MemoryServices = {
    notifications: [],
    quickPicks: [],
    proposals: [],
    stored,
    getActiveModel: () => model,
    onDidChangeModel(listener) {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
    setModel(next) {
      model = next;
      for (const listener of [...listeners]) listener(next);
    },
    onDidFinishSimulation(listener) {
      finished.add(listener);
      return { dispose: () => void finished.delete(listener) };
    },
    finishSimulation(run) {
      for (const listener of [...finished]) listener(run);
    },
    async applyEdits(request) {
      services.proposals.push(request);
      return options.applyEdits ? { applied: true } : { applied: false, reason: 'headless run: the edits were recorded, not applied' };
    },
    async runSimulation(request) {
      return options.runSimulation ? options.runSimulation(request.options) : simulateModel(model, request.options);
    },
    ...(options.runSimulation
      ? {}
      : { runSimulationDetailed: (request: Parameters<NonNullable<HostServices['runSimulationDetailed']>>[0]) => simulateModelDetailed(model, request.options, request) }),
    async showNotification(request) {
      services.notifications.push(request);
      return request.actions.length > 0 ? options.notificationAnswer : undefined;
    },
    async showQuickPick(request) {
      services.quickPicks.push(request);
      if ('quickPickAnswer' in options) return options.quickPickAnswer;
      return request.items.length > 0 ? 0 : undefined;
    },
    storage: {
      get: async (pluginId, key) => bucket(pluginId).get(key),
      set: async (pluginId, key, value) => void bucket(pluginId).set(key, value),
      delete: async (pluginId, key) => void bucket(pluginId).delete(key),
      keys: async (pluginId) => [...bucket(pluginId).keys()],
    },
    getConfiguration: (pluginId) => configuration.get(pluginId) ?? {},
    setConfiguration: (pluginId, values) => void configuration.set(pluginId, values),
  };
  return services;
}

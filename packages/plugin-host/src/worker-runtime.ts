// Runs inside each plugin's worker: loads the plugin bundle, builds its `PluginContext` on top of the RPC, and
// answers the host's requests (activate, run a command, evaluate rules...). Platform details (Node worker thread
// or Web Worker) come in through `WorkerPlatform`. Bundled into the worker bootstrap: no zod, no runtime imports
// of other packages.
import type {
  ActiveModel,
  AnalysisInput,
  CancellationToken,
  CommandHandler,
  DiagnosticItem,
  Disposable,
  EditProposal,
  EditResult,
  JsonValue,
  OutputChannel,
  Permission,
  PluginContext,
  PluginModule,
  QuickPickItem,
  ScoringRule,
  SimulationOptions,
  SimulationOutcome,
  SimulationProgress,
  SimulationRunControl,
  SimulationRunEvent,
  SimulationSummary,
  StatusBarItem,
  SuggestionProvider,
  TreeDataProvider,
  ViewContent,
  ViewContentResult,
} from '@leanflow/plugin-api';
import type { BatchOutcome, HostToWorker, HostToWorkerNotes, PingReply, RegistrationKind, WorkerPluginInfo } from './protocol.ts';
import { createEmitter } from './emitter.ts';
import { MAX_FINDINGS, MAX_SUGGESTIONS, arrayLength, checkPayload } from './payload.ts';
import { RpcEndpoint, describeError, toErrorData, type RpcMessage } from './rpc.ts';

/** What the worker needs from its platform. */
export interface WorkerPlatform {
  post(message: RpcMessage): void;
  onMessage(listener: (message: RpcMessage) => void): void;
  /** Evaluates the plugin bundle (ESM text) and returns its module namespace. */
  importCode(code: string): Promise<unknown>;
  /** Calls the listener for errors nothing else caught (a throw in a timer, an unhandled rejection). */
  onUncaughtError(listener: (error: unknown) => void): void;
  heapUsedBytes?(): number | undefined;
  /** Everything counted against the memory limit (see PingReply.memoryUsedBytes). */
  memoryUsedBytes?(): number | undefined;
}

function disposable(dispose: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (!done) {
        done = true;
        dispose();
      }
    },
  };
}

/** Marks a command registered with `registerCancellableCommand`: the real handler, which takes a token first. */
const CANCELLABLE = Symbol('cancellable');
const NEVER_CANCELLED: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => disposable(() => {}) };

function tokenFor(signal: AbortSignal): CancellationToken {
  return {
    get isCancellationRequested() {
      return signal.aborted;
    },
    onCancellationRequested: (listener) => {
      const handler = () => listener();
      signal.addEventListener('abort', handler);
      return disposable(() => signal.removeEventListener('abort', handler));
    },
  };
}

function format(values: readonly unknown[]): string {
  return values
    .map((value) => {
      if (typeof value === 'string') return value;
      const error = toErrorData(value);
      if (error.name !== undefined) return error.stack ?? error.message;
      try {
        return JSON.stringify(value) ?? error.message;
      } catch {
        return error.message;
      }
    })
    .join(' ')
    .slice(0, 10_000);
}

/** Throws when `value` is cyclic, too deep or too big to send: the plugin gets the reason, nothing crosses. */
function sendable<T>(value: T, what: string): T {
  const problem = checkPayload(value, what);
  if (problem) throw new Error(problem);
  return value;
}

/** Refuses a list over its limit before walking it (a million findings are refused at once). */
function checkCount(value: unknown, key: string | undefined, limit: number, what: string): void {
  const length = arrayLength(value, key);
  if (length !== undefined && length > limit) throw new Error(`the result has ${length} ${what}; a ${what === 'findings' ? 'scoring rule' : 'suggestion provider'} may return at most ${limit}`);
}

interface TreeRegistration {
  readonly provider: TreeDataProvider<unknown>;
  readonly elements: Map<number, unknown>;
  nextHandle: number;
}

/**
 * Starts the plugin side of the RPC. Called once by the worker bootstrap, after the sandbox is in place.
 *
 * @example
 * startPluginWorker({ post: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l), importCode, onUncaughtError });
 */
export function startPluginWorker(platform: WorkerPlatform): void {
  let info: WorkerPluginInfo | undefined;
  let apiVersion = '';
  let pluginModule: PluginModule | undefined;
  let context: PluginContext | undefined;
  let model: ActiveModel | undefined;
  let configuration: Readonly<Record<string, JsonValue>> = {};
  let language = 'en';
  const progressListeners = new Map<number, (progress: SimulationProgress) => void>();
  let nextProgressId = 1;
  const commands = new Map<string, CommandHandler>();
  const rules = new Map<string, ScoringRule>();
  const providers = new Map<string, SuggestionProvider>();
  const trees = new Map<string, TreeRegistration>();

  const reportError = (error: unknown, where = 'plugin') => {
    const { message, stack } = toErrorData(error);
    rpc.notify('error', { where, message, ...(stack ? { stack } : {}) });
  };
  const modelChanged = createEmitter<ActiveModel | undefined>((e) => reportError(e, 'onDidChangeModel'));
  const configurationChanged = createEmitter<readonly string[]>((e) => reportError(e, 'onDidChangeConfiguration'));
  const languageChanged = createEmitter<string>((e) => reportError(e, 'onDidChangeLanguage'));
  const simulationFinished = createEmitter<SimulationRunEvent>((e) => reportError(e, 'onDidFinishRun'));

  const plugin = (): WorkerPluginInfo => {
    if (!info) throw new Error('the plugin is not initialised');
    return info;
  };
  const requirePermission = (permission: Permission, what: string) => {
    if (!plugin().permissions.includes(permission)) {
      throw new Error(`${what} needs the "${permission}" permission in the manifest's "permissions"`);
    }
  };
  const requireDeclared = (list: readonly string[], id: string, what: string, where: string) => {
    if (!list.includes(id)) throw new Error(`${what} "${id}" is not declared in ${where} of the manifest`);
  };
  const register = (kind: RegistrationKind, id: string, unregister: () => void): Disposable => {
    rpc.notify('register', { kind, id });
    return disposable(() => {
      unregister();
      rpc.notify('unregister', { kind, id });
    });
  };

  function createContext(): PluginContext {
    const self = plugin();
    const statusBarItem = (options: { readonly id: string; readonly alignment?: 'left' | 'right'; readonly priority?: number }): StatusBarItem => {
      const state: { text: string; tooltip: string | undefined; command: string | undefined; visible: boolean } = { text: '', tooltip: undefined, command: undefined, visible: false };
      const publish = () =>
        rpc.notify('statusBar.update', {
          id: options.id,
          text: state.text,
          ...(state.tooltip !== undefined ? { tooltip: state.tooltip } : {}),
          ...(state.command !== undefined ? { command: state.command } : {}),
          alignment: options.alignment ?? 'left',
          priority: options.priority ?? 0,
          visible: state.visible,
        });
      // A shown item follows its fields (API 1.1): changes made together go out as one update.
      let queued = false;
      const changed = () => {
        if (!state.visible || queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (state.visible) publish();
        });
      };
      const item: StatusBarItem = {
        id: options.id,
        get text() {
          return state.text;
        },
        set text(value: string) {
          state.text = String(value);
          changed();
        },
        get tooltip(): string | undefined {
          return state.tooltip;
        },
        set tooltip(value: string | undefined) {
          state.tooltip = value;
          changed();
        },
        get command(): string | undefined {
          return state.command;
        },
        set command(value: string | undefined) {
          state.command = value;
          changed();
        },
        show() {
          state.visible = true;
          publish();
        },
        hide() {
          state.visible = false;
          publish();
        },
        dispose() {
          rpc.notify('statusBar.dispose', { id: options.id });
        },
      };
      return item;
    };
    const outputChannel = (name: string): OutputChannel => ({
      name,
      append: (text) => rpc.notify('output.append', { name, text: String(text) }),
      appendLine: (text) => rpc.notify('output.append', { name, text: `${String(text)}\n` }),
      clear: () => rpc.notify('output.clear', { name }),
      dispose: () => rpc.notify('output.dispose', { name }),
    });
    const storageCall = async (method: string, params: unknown) => {
      requirePermission('storage', 'context.storage');
      return rpc.request(method, params);
    };

    return {
      pluginId: self.id,
      pluginVersion: self.version,
      apiVersion,
      subscriptions: [],
      commands: {
        registerCommand(id, handler) {
          requireDeclared(self.commands, id, 'command', 'contributes.commands');
          if (commands.has(id)) throw new Error(`command "${id}" is already registered`);
          commands.set(id, handler);
          return register('command', id, () => commands.delete(id));
        },
        registerCancellableCommand(id, handler) {
          requireDeclared(self.commands, id, 'command', 'contributes.commands');
          if (commands.has(id)) throw new Error(`command "${id}" is already registered`);
          commands.set(id, Object.assign((...args: JsonValue[]) => handler(NEVER_CANCELLED, ...args), { [CANCELLABLE]: handler }));
          return register('command', id, () => commands.delete(id));
        },
        async executeCommand(id, ...args) {
          const local = commands.get(id);
          if (local) return ((await local(...args)) ?? undefined) as JsonValue | undefined;
          return (await rpc.request('commands.execute', { id, args }, { timeoutMs: 0 })) as JsonValue | undefined;
        },
      },
      model: {
        getActiveModel: () => (self.permissions.includes('readModel') ? model : undefined),
        getActiveModelStatus: () => (!self.permissions.includes('readModel') ? { state: 'noPermission' } : model ? { state: 'open', model } : { state: 'noModel' }),
        onDidChangeModel: modelChanged.event,
      },
      edits: {
        async propose(proposal: EditProposal) {
          requirePermission('proposeEdits', 'edits.propose');
          return (await rpc.request('edits.propose', proposal, { timeoutMs: 0 })) as EditResult;
        },
      },
      simulation: {
        async run(options = {}, control) {
          requirePermission('runSimulation', 'simulation.run');
          if (!control) return (await rpc.request('simulation.run', options, { timeoutMs: 0 })) as SimulationSummary;
          const outcome = await runDetailed(options, control);
          if (!outcome.ok) throw new Error(outcome.message);
          return outcome.summary;
        },
        async runWithDetails(options = {}, control = {}) {
          requirePermission('runSimulation', 'simulation.runWithDetails');
          return runDetailed(options, control);
        },
        onDidFinishRun(listener) {
          requirePermission('readModel', 'simulation.onDidFinishRun');
          return simulationFinished.event(listener);
        },
      },
      diagram: {
        setDecorations(decorations, legend) {
          rpc.notify('diagram.setDecorations', sendable({ decorations, ...(legend ? { legend } : {}) }, 'the decorations'));
        },
        clearDecorations() {
          rpc.notify('diagram.clearDecorations', {});
        },
      },
      env: {
        get language() {
          return language;
        },
        onDidChangeLanguage: languageChanged.event,
      },
      diagnostics: {
        set(byElement: Readonly<Record<string, readonly DiagnosticItem[]>>, source = self.id) {
          if (source !== self.id) requireDeclared(self.diagnosticsSources, source, 'diagnostics source', 'contributes.diagnosticsSources');
          rpc.notify('diagnostics.set', { source, byElement: sendable(byElement, 'the diagnostics') });
        },
        clear(source = self.id) {
          rpc.notify('diagnostics.clear', { source });
        },
      },
      window: {
        async showNotification(message, options = {}) {
          const answer = await rpc.request('window.notify', { message, ...options }, { timeoutMs: 0 });
          return typeof answer === 'string' ? answer : undefined;
        },
        async showQuickPick<T extends string | QuickPickItem>(items: readonly T[], options = {}) {
          const index = await rpc.request('window.quickPick', { items, ...options }, { timeoutMs: 0 });
          return typeof index === 'number' ? items[index] : undefined;
        },
        createStatusBarItem: statusBarItem,
        createOutputChannel: outputChannel,
      },
      storage: {
        get: async <T extends JsonValue = JsonValue>(key: string) => (await storageCall('storage.get', { key })) as T | undefined,
        set: async (key, value) => void (await storageCall('storage.set', { key, value })),
        delete: async (key) => void (await storageCall('storage.delete', { key })),
        keys: async () => (await storageCall('storage.keys', {})) as readonly string[],
      },
      configuration: {
        // Typed by the caller or by the default (API 1.1); a value of another JSON type gives the default.
        get: ((key: string, defaultValue?: JsonValue) => {
          const value = configuration[key];
          if (defaultValue === undefined) return value;
          return value !== undefined && value !== null && typeof value === typeof defaultValue ? value : defaultValue;
        }) as PluginContext['configuration']['get'],
        onDidChangeConfiguration: configurationChanged.event,
      },
      scoring: {
        registerRule(id, rule) {
          requirePermission('readModel', 'scoring.registerRule');
          requireDeclared(self.scoringRules, id, 'scoring rule', 'contributes.scoringRules');
          if (typeof rule?.evaluate !== 'function') throw new Error(`scoring rule "${id}" needs an evaluate(input) function`);
          rules.set(id, rule);
          return register('scoringRule', id, () => rules.delete(id));
        },
      },
      suggestions: {
        registerProvider(id, provider) {
          requirePermission('readModel', 'suggestions.registerProvider');
          requireDeclared(self.suggestionProviders, id, 'suggestion provider', 'contributes.suggestionProviders');
          if (typeof provider?.provideSuggestions !== 'function') throw new Error(`suggestion provider "${id}" needs a provideSuggestions(input) function`);
          providers.set(id, provider);
          return register('suggestionProvider', id, () => providers.delete(id));
        },
      },
      views: {
        setViewContent(viewId: string, content: ViewContent): Promise<ViewContentResult> {
          requireDeclared(self.views, viewId, 'view', 'contributes.views');
          const params = { viewId, content: sendable(content, 'the view content') };
          // Never rejects: callers from before 1.2 ignore the promise, and an unhandled rejection would be reported.
          return (rpc.request('views.setContent', params, { timeoutMs: 0 }) as Promise<ViewContentResult>).catch(
            (error: unknown): ViewContentResult => ({ shown: false, reason: describeError(error) }),
          );
        },
        registerTreeDataProvider<T>(viewId: string, provider: TreeDataProvider<T>) {
          requireDeclared(self.views, viewId, 'view', 'contributes.views');
          const tree: TreeRegistration = { provider: provider as TreeDataProvider<unknown>, elements: new Map(), nextHandle: 1 };
          trees.set(viewId, tree);
          // A changed element is known to the host by the handle it was last sent with; others refresh the whole tree.
          const changed = typeof provider.onDidChangeTreeData === 'function'
            ? provider.onDidChangeTreeData((element) => {
                if (trees.get(viewId) !== tree) return;
                let handle: number | undefined;
                if (element !== undefined) for (const [h, value] of tree.elements) if (value === element) handle = h;
                rpc.notify('views.treeChanged', handle === undefined ? { viewId } : { viewId, handle });
              })
            : undefined;
          const registration = register('treeDataProvider', viewId, () => {
            changed?.dispose();
            if (trees.get(viewId) === tree) trees.delete(viewId);
          });
          return registration;
        },
      },
      setContextKey(key, value) {
        rpc.notify('context.set', { key, value });
      },
    };
  }

  /** One `simulation.runDetailed` request: progress comes back as notes, the token aborts the request. */
  async function runDetailed(options: SimulationOptions, control: SimulationRunControl): Promise<SimulationOutcome> {
    const progressId = nextProgressId++;
    const onProgress = control.onProgress;
    if (onProgress) progressListeners.set(progressId, onProgress);
    const abort = new AbortController();
    const subscription = control.token?.onCancellationRequested(() => abort.abort());
    if (control.token?.isCancellationRequested) abort.abort();
    try {
      return (await rpc.request('simulation.runDetailed', { options, ...(onProgress ? { progressId } : {}) }, { timeoutMs: 0, signal: abort.signal })) as SimulationOutcome;
    } catch (error) {
      if (abort.signal.aborted) return { ok: false, cancelled: true, message: 'the simulation was cancelled', issues: [] };
      throw error;
    } finally {
      progressListeners.delete(progressId);
      subscription?.dispose();
    }
  }

  async function runBatch<T>(
    ids: readonly string[],
    lookup: (id: string) => T | undefined,
    run: (handler: T) => unknown,
    what: string,
    check: (value: unknown) => void,
  ): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = [];
    for (const id of ids) {
      const handler = lookup(id);
      if (!handler) {
        outcomes.push({ id, ok: false, error: `${what} "${id}" is not registered (call it in activate)` });
        continue;
      }
      try {
        const value = await run(handler);
        check(value);
        outcomes.push({ id, ok: true, value: sendable(value, 'the result') });
      } catch (error) {
        const { message, stack } = toErrorData(error);
        outcomes.push({ id, ok: false, error: message, ...(stack ? { stack } : {}) });
      }
    }
    return outcomes;
  }

  async function onRequest(method: string, params: unknown, signal: AbortSignal): Promise<unknown> {
    switch (method) {
      case 'init': {
        const init = params as HostToWorker['init'];
        info = init.plugin;
        apiVersion = init.apiVersion;
        configuration = init.configuration;
        model = init.model;
        language = init.language ?? 'en';
        const loaded = (await platform.importCode(init.code)) as Partial<PluginModule>;
        if (typeof loaded?.activate !== 'function') throw new Error('the plugin bundle does not export an activate(context) function');
        pluginModule = loaded as PluginModule;
        return {};
      }
      case 'activate':
        if (!pluginModule) throw new Error('the plugin is not initialised');
        context = createContext();
        await pluginModule.activate(context);
        return {};
      case 'deactivate': {
        const errors: string[] = [];
        try {
          await pluginModule?.deactivate?.();
        } catch (error) {
          errors.push(describeError(error));
        }
        for (const subscription of [...(context?.subscriptions ?? [])].reverse()) {
          try {
            subscription.dispose();
          } catch (error) {
            errors.push(describeError(error));
          }
        }
        if (errors.length > 0) throw new Error(`deactivate: ${errors.join('; ')}`);
        return {};
      }
      case 'command.run': {
        const { id, args } = params as HostToWorker['command.run'];
        const handler = commands.get(id);
        if (!handler) throw new Error(`command "${id}" is not registered (call registerCommand in activate)`);
        const cancellable = (handler as { [CANCELLABLE]?: (token: CancellationToken, ...args: JsonValue[]) => unknown })[CANCELLABLE];
        return sendable(((await (cancellable ? cancellable(tokenFor(signal), ...args) : handler(...args))) ?? null) as JsonValue, 'the result');
      }
      case 'scoring.evaluate': {
        const { ruleIds, input } = params as HostToWorker['scoring.evaluate'];
        const token = tokenFor(signal);
        return runBatch(ruleIds, (id) => rules.get(id), (rule) => rule.evaluate(input as AnalysisInput, token), 'scoring rule', (value) => checkCount(value, 'findings', MAX_FINDINGS, 'findings'));
      }
      case 'suggestions.provide': {
        const { providerIds, input } = params as HostToWorker['suggestions.provide'];
        const token = tokenFor(signal);
        return runBatch(
          providerIds,
          (id) => providers.get(id),
          (provider) => provider.provideSuggestions(input as AnalysisInput, token),
          'suggestion provider',
          (value) => checkCount(value, undefined, MAX_SUGGESTIONS, 'suggestions'),
        );
      }
      case 'tree.children': {
        const { viewId, handle } = params as HostToWorker['tree.children'];
        const tree = trees.get(viewId);
        if (!tree) throw new Error(`no tree data provider for view "${viewId}"`);
        if (handle !== undefined && !tree.elements.has(handle)) throw new Error(`unknown tree item ${handle}`);
        const children = await tree.provider.getChildren(handle === undefined ? undefined : tree.elements.get(handle));
        const rows = [];
        for (const child of children) {
          const childHandle = tree.nextHandle++;
          tree.elements.set(childHandle, child);
          rows.push({ handle: childHandle, item: await tree.provider.getTreeItem(child) });
        }
        return sendable(rows, 'the tree items');
      }
      case 'ping': {
        const heap = platform.heapUsedBytes?.();
        const memory = platform.memoryUsedBytes?.();
        const reply: PingReply = { ...(heap === undefined ? {} : { heapUsedBytes: heap }), ...(memory === undefined ? {} : { memoryUsedBytes: memory }) };
        return reply;
      }
      default:
        throw new Error(`unknown request ${method}`);
    }
  }

  function onNote(method: string, params: unknown): void {
    if (method === 'model.changed') {
      model = (params as HostToWorkerNotes['model.changed']).model;
      if (info?.permissions.includes('readModel')) modelChanged.fire(model);
    } else if (method === 'simulation.progress') {
      const note = params as HostToWorkerNotes['simulation.progress'];
      const listener = progressListeners.get(note.progressId);
      if (listener) {
        try {
          listener(note.progress);
        } catch (error) {
          reportError(error, 'simulation progress');
        }
      }
    } else if (method === 'simulation.finished') {
      if (info?.permissions.includes('readModel')) simulationFinished.fire((params as HostToWorkerNotes['simulation.finished']).run);
    } else if (method === 'env.language') {
      language = (params as HostToWorkerNotes['env.language']).language;
      languageChanged.fire(language);
    } else if (method === 'configuration.changed') {
      const change = params as HostToWorkerNotes['configuration.changed'];
      configuration = change.configuration;
      configurationChanged.fire(change.keys);
    }
  }

  const rpc = new RpcEndpoint({ post: (message) => platform.post(message) }, onRequest, onNote, { timeoutMs: 60_000, ackTimeoutMs: 0 });
  platform.onMessage((message) => rpc.receive(message));
  platform.onUncaughtError((error) => reportError(error, 'uncaught'));

  // Plugin console output goes to the host (shown in the plugin's log), not to the host's stdout.
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const pluginConsole = Object.fromEntries(levels.map((level) => [level, (...values: unknown[]) => rpc.notify('log', { level, message: format(values) })]));
  Object.defineProperty(globalThis, 'console', { value: pluginConsole, configurable: false, writable: false });
  rpc.notify('ready', {});
}

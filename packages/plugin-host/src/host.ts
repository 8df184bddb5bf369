// The plugin host: installs plugins from a manifest and a bundle, runs each in its own worker, routes commands,
// scoring, suggestions and views to them, validates everything they send, and stops the ones that hang, flood
// or crash without disturbing the others. The workbench and the CLI drive it; it reaches them only through the
// injected `HostServices` and the `ContributionRegistry` (data + change events).
import { API_VERSION, JsonValueSchema, ScoreResultSchema, SuggestionListSchema, deriveActivationEvents, validateManifest } from '@leanflow/plugin-api';
import type { ActivationEvent, AnalysisInput, Event, Finding, JsonValue, Suggestion, ViewContent } from '@leanflow/plugin-api';
import { createEmitter } from './emitter.ts';
import { NOTE_HANDLERS, REQUEST_HANDLERS } from './host/handlers/index.ts';
import { BatchSchema, PayloadError, TreeRowsSchema, isClosed, parse } from './host/schemas.ts';
import { WorkerSupervisor } from './host/supervision.ts';
import { inlineSourceMap, mapPluginStack, readSourceMap } from './source-maps.ts';
import {
  DEFAULT_LIMITS,
  MAX_ERRORS_KEPT,
  type CommandOutcome,
  type InstallResult,
  type PluginBundle,
  type PluginErrorReport,
  type PluginHostOptions,
  type PluginLimits,
  type PluginRecord,
  type PluginState,
  type PluginStatus,
  type ProviderOutcome,
  type RuleOutcome,
  type RunningWorker,
  type ScoringReport,
} from './host/types.ts';
import { withBpmnlint } from './model.ts';
import { MAX_FINDINGS, MAX_SUGGESTIONS, arrayLength } from './payload.ts';
import type { BatchOutcome, WorkerPluginInfo } from './protocol.ts';
import { ContributionRegistry, type TreeRow } from './registry.ts';
import { RpcError, describeError } from './rpc.ts';
import type { HostServices } from './services.ts';

/**
 * Creates a plugin host.
 *
 * @example
 * const host = createPluginHost({ services: createMemoryServices({ model }), createTransport: createNodeTransportFactory() });
 * host.install({ manifest, code });
 * const report = await host.runScoring();
 * await host.dispose();
 */
export function createPluginHost(options: PluginHostOptions): PluginHost {
  return new PluginHost(options);
}

/**
 * The plugin host; create it with `createPluginHost`.
 *
 * @example
 * const status = await host.restart('acme.demo'); // after a crash
 */
/** Nodes and flows from which each plugin's copy of a changed model is posted in a task of its own. */
const LARGE_MODEL_ELEMENTS = 2_000;

export class PluginHost {
  /** Every contribution of the installed, enabled plugins, as data with change events. */
  readonly contributions = new ContributionRegistry();
  readonly limits: PluginLimits;
  private readonly apiVersion: string;
  private readonly services: HostServices;
  private readonly plugins = new Map<string, PluginRecord>();
  private readonly statusChanges = createEmitter<PluginStatus>();
  private readonly errorReports = createEmitter<PluginErrorReport>();
  private readonly modelSubscription: { dispose(): void };
  private readonly simulationSubscription: { dispose(): void } | undefined;
  private disposed = false;
  private readonly supervisor: WorkerSupervisor;
  /** `model.changed` notes of a large model waiting for their own task (see the model subscription). */
  private readonly modelNotes: { readonly record: PluginRecord; readonly worker: PluginRecord['worker']; readonly model: ReturnType<HostServices['getActiveModel']> }[] = [];
  private modelNotesTimer: ReturnType<typeof setTimeout> | undefined;

  /** Fires when a plugin is installed, changes state or is uninstalled. */
  readonly onDidChangeStatus: Event<PluginStatus> = this.statusChanges.event;
  /** Fires for every problem a plugin causes. */
  readonly onDidReportError: Event<PluginErrorReport> = this.errorReports.event;

  constructor(options: PluginHostOptions) {
    this.services = options.services;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.supervisor = new WorkerSupervisor({
      limits: this.limits,
      createTransport: options.createTransport,
      contributions: this.contributions,
      report: (record, where, error) => this.report(record, where, error),
      emitStatus: (record) => this.emitStatus(record),
      handleRequest: (record, method, params, signal) => this.handleRequest(record, method, params, signal),
      handleNote: (record, worker, method, params) => this.handleNote(record, worker, method, params),
    });
    this.apiVersion = options.apiVersion ?? API_VERSION;
    this.simulationSubscription = this.services.onDidFinishSimulation?.((run) => {
      for (const record of this.plugins.values()) {
        if (record.state === 'active' && record.manifest.permissions.includes('readModel')) record.worker?.rpc.notify('simulation.finished', { run });
      }
    });
    this.modelSubscription = this.services.onDidChangeModel((model) => {
      // Posting clones the model once per plugin: a large model's clones go one per task (a 20,000-element model
      // held the studio's main thread 0.6 s for all plugins at once), and while any wait, later models queue behind
      // them, so each plugin gets the models in order.
      const large = (model?.graph.nodes.length ?? 0) + (model?.graph.flows.length ?? 0) >= LARGE_MODEL_ELEMENTS;
      for (const record of this.plugins.values()) {
        if (!this.wantsModel(record)) continue;
        const worker = record.worker;
        if (!large && this.modelNotes.length === 0) worker?.rpc.notify('model.changed', model ? { model } : {});
        else this.modelNotes.push({ record, worker, model });
      }
      this.postModelNotes();
    });
  }

  // ----- installation and life cycle

  /** Validates and installs a plugin (replacing one with the same id). It starts when one of its activation events happens. */
  async install(bundle: PluginBundle): Promise<InstallResult> {
    const validation = validateManifest(bundle.manifest, { apiVersion: this.apiVersion });
    if (!validation.ok) return { ok: false, issues: validation.issues };
    if (typeof bundle.code !== 'string' || bundle.code.trim() === '') {
      return { ok: false, issues: [{ code: 'manifest.invalid', severity: 'error', field: 'main', message: `main: the bundle ${validation.manifest.main} is empty` }] };
    }
    if (bundle.code.length > this.limits.maxBundleBytes) {
      return {
        ok: false,
        issues: [{ code: 'manifest.invalid', severity: 'error', field: 'main', message: `main: the bundle is larger than ${Math.round(this.limits.maxBundleBytes / 1024 / 1024)} MB` }],
      };
    }
    const manifest = validation.manifest;
    const files = bundle.files ?? {};
    const missing = manifest.contributes.processTemplates.findIndex((template) => typeof files[template.file] !== 'string');
    if (missing >= 0) {
      const field = `contributes.processTemplates.${missing}.file`;
      return { ok: false, issues: [{ code: 'manifest.invalid', severity: 'error', field, message: `${field}: ${manifest.contributes.processTemplates[missing]!.file} is not in the package` }] };
    }
    if (this.plugins.has(manifest.id)) await this.uninstall(manifest.id);
    const record: PluginRecord = {
      manifest,
      code: bundle.code,
      files,
      activationEvents: deriveActivationEvents(manifest),
      state: 'installed',
      errors: [],
      generation: 0,
      ...(typeof bundle.sourceMap === 'string' ? { sourceMap: bundle.sourceMap } : {}),
    };
    this.plugins.set(manifest.id, record);
    this.contributions.addPlugin(manifest);
    this.emitStatus(record);
    return { ok: true, status: this.statusOf(record) };
  }

  async uninstall(pluginId: string): Promise<void> {
    const record = this.plugins.get(pluginId);
    if (!record) return;
    await this.supervisor.stop(record, 'inactive');
    this.plugins.delete(pluginId);
    this.contributions.removePlugin(pluginId);
    this.statusChanges.fire({ ...this.statusOf(record), state: 'disabled', reason: 'uninstalled' });
  }

  /** Stops the plugin and hides its contributions until `enable`. */
  async disable(pluginId: string): Promise<PluginStatus> {
    const record = this.record(pluginId);
    await this.supervisor.stop(record, 'disabled');
    delete record.reason;
    this.contributions.removePlugin(pluginId);
    this.emitStatus(record);
    return this.statusOf(record);
  }

  async enable(pluginId: string): Promise<PluginStatus> {
    const record = this.record(pluginId);
    if (record.state !== 'disabled') return this.statusOf(record);
    record.state = 'installed';
    this.contributions.addPlugin(record.manifest);
    this.emitStatus(record);
    return this.statusOf(record);
  }

  /** Stops a crashed (or any) plugin and activates it again. */
  async restart(pluginId: string): Promise<PluginStatus> {
    const record = this.record(pluginId);
    await this.supervisor.stop(record, 'installed');
    delete record.reason;
    if (!this.contributions.hasPlugin(pluginId)) this.contributions.addPlugin(record.manifest);
    return this.activate(pluginId);
  }

  /** Deactivates the plugin (its `deactivate` and subscriptions run) and stops its worker. */
  async deactivate(pluginId: string): Promise<PluginStatus> {
    const record = this.record(pluginId);
    if (record.worker && record.state === 'active') {
      try {
        await record.worker.rpc.request('deactivate', {}, { timeoutMs: 2_000 });
      } catch (error) {
        this.report(record, 'deactivate', error);
      }
    }
    await this.supervisor.stop(record, 'inactive');
    return this.statusOf(record);
  }

  /** Starts the plugin's worker and runs its `activate`. Never throws: failures show in the returned status. */
  activate(pluginId: string): Promise<PluginStatus> {
    const record = this.record(pluginId);
    if (record.state === 'active' || record.state === 'disabled' || record.state === 'crashed') return Promise.resolve(this.statusOf(record));
    record.activation ??= this.startAndActivate(record).finally(() => delete record.activation);
    return record.activation;
  }

  /** Activates every enabled plugin listening for the event (`onCommand:x`, `onView:x`, `onScoring`...). */
  async activateByEvent(event: ActivationEvent): Promise<PluginStatus[]> {
    const matching = [...this.plugins.values()].filter(
      (r) => (r.state === 'installed' || r.state === 'inactive' || r.state === 'activating') && (r.activationEvents.includes(event) || r.activationEvents.includes('*')),
    );
    return Promise.all(matching.map((r) => this.activate(r.manifest.id)));
  }

  /** Tells the host the workbench has started: activates `onStartupFinished` and `*` plugins. */
  startupFinished(): Promise<PluginStatus[]> {
    return this.activateByEvent('onStartupFinished');
  }

  status(pluginId: string): PluginStatus | undefined {
    const record = this.plugins.get(pluginId);
    return record && this.statusOf(record);
  }

  list(): PluginStatus[] {
    return [...this.plugins.values()].map((r) => this.statusOf(r));
  }

  /** Problems reported for one plugin (or all), oldest first. */
  errors(pluginId?: string): PluginErrorReport[] {
    if (pluginId !== undefined) return [...(this.plugins.get(pluginId)?.errors ?? [])];
    return [...this.plugins.values()].flatMap((r) => r.errors).sort((a, b) => a.time - b.time);
  }

  /** Tells a plugin its settings changed (the workbench calls this after the user edits them). */
  configurationChanged(pluginId: string, keys: readonly string[]): void {
    const record = this.plugins.get(pluginId);
    if (record?.state === 'active') record.worker?.rpc.notify('configuration.changed', { configuration: this.configurationOf(record), keys });
  }

  /** Tells the running plugins the studio's language changed (`context.env.onDidChangeLanguage`). */
  languageChanged(language: string): void {
    for (const record of this.plugins.values()) if (record.state === 'active') record.worker?.rpc.notify('env.language', { language });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.modelSubscription.dispose();
    this.simulationSubscription?.dispose();
    clearTimeout(this.modelNotesTimer);
    this.modelNotes.length = 0;
    await Promise.all([...this.plugins.values()].map((r) => this.supervisor.stop(r, 'inactive')));
  }

  /** A plugin that is sent model changes: active, or activating with its `init` sent (it must not miss one). */
  private wantsModel(record: PluginRecord): boolean {
    return (record.state === 'active' || (record.state === 'activating' && record.initialised === true)) && record.manifest.permissions.includes('readModel');
  }

  /** Sends the next queued `model.changed` note, each in a task of its own, to a worker that still runs. */
  private postModelNotes(): void {
    if (this.modelNotesTimer !== undefined || this.modelNotes.length === 0) return;
    this.modelNotesTimer = setTimeout(() => {
      this.modelNotesTimer = undefined;
      const note = this.modelNotes.shift();
      if (note && !this.disposed && note.record.worker === note.worker && this.wantsModel(note.record)) {
        note.worker?.rpc.notify('model.changed', note.model ? { model: note.model } : {});
      }
      this.postModelNotes();
    }, 0);
  }

  // ----- using plugins

  /** Runs a contributed command (activating its plugin first), or a workbench command through the services. */
  async executeCommand(commandId: string, ...args: JsonValue[]): Promise<CommandOutcome> {
    const ownerId = this.contributions.commandOwner(commandId);
    if (ownerId === undefined) {
      if (this.services.executeCommand) {
        try {
          return { ok: true, value: await this.services.executeCommand(commandId, args) };
        } catch (error) {
          return { ok: false, error: describeError(error) };
        }
      }
      return { ok: false, error: `unknown command "${commandId}"` };
    }
    const record = this.record(ownerId);
    await this.activateByEvent(`onCommand:${commandId}`);
    if (record.state !== 'active') await this.activate(ownerId);
    if (record.state !== 'active' || !record.worker) return { ok: false, error: `${record.manifest.name} is ${record.state}${record.reason ? `: ${record.reason}` : ''}` };
    if (!this.contributions.isRegistered(ownerId, 'command', commandId)) {
      return { ok: false, error: `${record.manifest.name} declares "${commandId}" but did not register it in activate()` };
    }
    try {
      const value = await record.worker.rpc.request('command.run', { id: commandId, args }, { timeoutMs: this.limits.commandTimeoutMs, pausable: true });
      return { ok: true, value: parse(JsonValueSchema, value, `the result of ${commandId}`) as JsonValue };
    } catch (error) {
      const message = this.failureMessage(record, error);
      const location = isClosed(error) ? undefined : this.report(record, `command ${commandId}`, error).location;
      return { ok: false, error: message, ...(location !== undefined ? { location } : {}) };
    }
  }

  /**
   * Runs every scoring rule of every enabled plugin on the input (default: the open model). Aborting `signal`
   * cancels the rules still running (their plugins see the cancellation token fire).
   */
  async runScoring(input?: AnalysisInput, options: { readonly signal?: AbortSignal } = {}): Promise<ScoringReport> {
    const given = input ?? this.inputFromModel();
    // Given the file but not bpmnlint's reports, the host lints it (plugins never parse the XML themselves).
    const analysisInput = given?.xml !== undefined && given.bpmnlint === undefined ? await withBpmnlint(given) : given;
    await this.activateByEvent('onScoring');
    const outcomes: RuleOutcome[] = [];
    const rules = this.contributions.scoringRules();
    const byPlugin = new Map<string, typeof rules>();
    for (const rule of rules) byPlugin.set(rule.pluginId, [...(byPlugin.get(rule.pluginId) ?? []), rule]);
    await Promise.all(
      [...byPlugin].map(async ([pluginId, pluginRules]) => {
        const record = this.record(pluginId);
        const base = (rule: (typeof rules)[number]) => ({ pluginId, ruleId: rule.id, title: rule.title, weight: rule.weight });
        if (!analysisInput) {
          for (const rule of pluginRules) outcomes.push({ ...base(rule), ok: false, error: 'no process is open' });
          return;
        }
        const batch = await this.runBatch(record, 'scoring.evaluate', { ruleIds: pluginRules.map((r) => r.id), input: analysisInput }, 'scoring', options.signal);
        for (const rule of pluginRules) {
          const outcome = batch.get(rule.id) ?? { id: rule.id, ok: false, error: batch.error ?? 'no result' };
          if (!outcome.ok) {
            outcomes.push({ ...base(rule), ok: false, error: outcome.error, ...(outcome.location !== undefined ? { location: outcome.location } : {}) });
            continue;
          }
          try {
            const findings = arrayLength(outcome.value, 'findings');
            if (findings !== undefined && findings > MAX_FINDINGS) {
              throw new PayloadError(`the result of scoring rule ${rule.id} was rejected: ${findings} findings; a scoring rule may return at most ${MAX_FINDINGS}`);
            }
            const result = parse(ScoreResultSchema, outcome.value, `the result of scoring rule ${rule.id}`);
            outcomes.push({
              ...base(rule),
              ok: true,
              score: result.score,
              findings: result.findings as readonly Finding[],
              ...(result.summary !== undefined ? { summary: result.summary } : {}),
              ...(result.metrics !== undefined ? { metrics: result.metrics } : {}),
              ...(result.notApplicable !== undefined ? { notApplicable: result.notApplicable } : {}),
              ...(result.failed !== undefined ? { failed: result.failed } : {}),
            });
          } catch (error) {
            this.report(record, `scoring ${rule.id}`, error);
            outcomes.push({ ...base(rule), ok: false, error: (error as Error).message });
          }
        }
      }),
    );
    const order = new Map(rules.map((r, i) => [`${r.pluginId}\u0000${r.id}`, i]));
    outcomes.sort((a, b) => order.get(`${a.pluginId}\u0000${a.ruleId}`)! - order.get(`${b.pluginId}\u0000${b.ruleId}`)!);
    const scored = outcomes.filter((o): o is RuleOutcome & { ok: true } => o.ok && o.notApplicable === undefined && o.failed === undefined);
    const weight = scored.reduce((sum, o) => sum + o.weight, 0);
    const score = weight > 0 ? scored.reduce((sum, o) => sum + o.score * o.weight, 0) / weight : undefined;
    return score === undefined ? { rules: outcomes } : { rules: outcomes, score };
  }

  /** Asks every suggestion provider for suggestions on the input (default: the open model); `signal` cancels. */
  async provideSuggestions(input?: AnalysisInput, options: { readonly signal?: AbortSignal } = {}): Promise<ProviderOutcome[]> {
    const analysisInput = input ?? this.inputFromModel();
    await this.activateByEvent('onSuggestions');
    const providers = this.contributions.suggestionProviders();
    const pluginIds = [...new Set(providers.map((p) => p.pluginId))];
    const outcomes: ProviderOutcome[] = [];
    await Promise.all(
      pluginIds.map(async (pluginId) => {
        const record = this.record(pluginId);
        const own = providers.filter((p) => p.pluginId === pluginId);
        const batch = analysisInput
          ? await this.runBatch(record, 'suggestions.provide', { providerIds: own.map((p) => p.id), input: analysisInput }, 'suggestions', options.signal)
          : Object.assign(new Map<string, BatchOutcome>(), { error: 'no process is open' });
        for (const provider of own) {
          const base = { pluginId, providerId: provider.id, title: provider.title };
          const outcome = batch.get(provider.id) ?? { id: provider.id, ok: false, error: batch.error ?? 'no result' };
          if (!outcome.ok) {
            outcomes.push({ ...base, ok: false, error: outcome.error });
            continue;
          }
          try {
            const count = arrayLength(outcome.value);
            if (count !== undefined && count > MAX_SUGGESTIONS) {
              throw new PayloadError(`the suggestions of ${provider.id} were rejected: ${count} suggestions; a provider may return at most ${MAX_SUGGESTIONS}`);
            }
            outcomes.push({ ...base, ok: true, suggestions: parse(SuggestionListSchema, outcome.value, `the suggestions of ${provider.id}`) as readonly Suggestion[] });
          } catch (error) {
            this.report(record, `suggestions ${provider.id}`, error);
            outcomes.push({ ...base, ok: false, error: (error as Error).message });
          }
        }
      }),
    );
    return outcomes;
  }

  /** Children of a node of a lazy tree view (the root when `handle` is omitted). Failures give an empty list and a report. */
  async getTreeChildren(viewId: string, handle?: number): Promise<TreeRow[]> {
    const ownerId = this.contributions.viewOwner(viewId);
    if (ownerId === undefined) return [];
    const record = this.record(ownerId);
    await this.activateByEvent(`onView:${viewId}`);
    if (record.state !== 'active' || !record.worker || !this.contributions.isRegistered(ownerId, 'treeDataProvider', viewId)) return [];
    try {
      const rows = await record.worker.rpc.request('tree.children', handle === undefined ? { viewId } : { viewId, handle }, { timeoutMs: this.limits.callTimeoutMs });
      return parse(TreeRowsSchema, rows, `the tree of ${viewId}`) as TreeRow[];
    } catch (error) {
      if (!isClosed(error)) this.report(record, `tree ${viewId}`, error);
      return [];
    }
  }

  /** The BPMN XML of a contributed process template (no activation needed: templates are files). */
  getProcessTemplate(pluginId: string, templateId: string): string | undefined {
    const record = this.plugins.get(pluginId);
    if (!record || !this.contributions.hasPlugin(pluginId)) return undefined;
    const template = record.manifest.contributes.processTemplates.find((t) => t.id === templateId);
    return template ? record.files[template.file] : undefined;
  }

  /** Activates the plugin behind a view (`onView:<id>`) and returns the content it published, if any. */
  async openView(viewId: string): Promise<ViewContent | undefined> {
    await this.activateByEvent(`onView:${viewId}`);
    return this.contributions.viewContent(viewId);
  }

  // ----- internals

  private record(pluginId: string): PluginRecord {
    const record = this.plugins.get(pluginId);
    if (!record) throw new Error(`no plugin "${pluginId}" is installed`);
    return record;
  }

  private statusOf(record: PluginRecord): PluginStatus {
    const m = record.manifest;
    return {
      id: m.id,
      name: m.name,
      version: m.version,
      publisher: m.publisher,
      state: record.state,
      ...(record.reason !== undefined ? { reason: record.reason } : {}),
      activationEvents: record.activationEvents,
      ...(record.activationTimeMs !== undefined ? { activationTimeMs: record.activationTimeMs } : {}),
      errorCount: record.errors.length,
    };
  }

  private emitStatus(record: PluginRecord): void {
    this.statusChanges.fire(this.statusOf(record));
  }

  private inputFromModel(): AnalysisInput | undefined {
    const model = this.services.getActiveModel();
    if (!model) return undefined;
    return model.scenario ? { graph: model.graph, scenario: model.scenario } : { graph: model.graph };
  }

  private configurationOf(record: PluginRecord): Record<string, JsonValue> {
    return { ...this.contributions.configurationDefaults(record.manifest.id), ...(this.services.getConfiguration?.(record.manifest.id) ?? {}) };
  }

  private report(record: PluginRecord, where: string, error: unknown, stack?: string): PluginErrorReport {
    const remote = stack ?? (error instanceof RpcError ? error.remoteStack : undefined);
    const report: PluginErrorReport = this.located(record, {
      pluginId: record.manifest.id,
      where,
      message: describeError(error),
      ...(remote ? { stack: remote } : {}),
      time: Date.now(),
    });
    this.keep(record, report);
    return report;
  }

  private keep(record: PluginRecord, report: PluginErrorReport): void {
    record.errors.push(report);
    if (record.errors.length > MAX_ERRORS_KEPT) record.errors.splice(0, record.errors.length - MAX_ERRORS_KEPT);
    this.errorReports.fire(report);
  }

  /** The report with its stack pointing at the plugin's source (its source map, read once) and the place thrown. */
  private located(record: PluginRecord, report: PluginErrorReport): PluginErrorReport {
    if (report.stack === undefined) return report;
    if (record.mapSource === undefined) {
      const map = record.sourceMap ?? inlineSourceMap(record.code);
      record.mapSource = (map !== undefined ? readSourceMap(map) : undefined) ?? null;
    }
    const { stack, location } = mapPluginStack(report.stack, record.mapSource ?? undefined, record.manifest.main);
    return { ...report, stack, ...(location !== undefined ? { location } : {}) };
  }

  private failureMessage(record: PluginRecord, error: unknown): string {
    if (record.state === 'crashed') return `${record.manifest.name} crashed: ${record.reason ?? 'unknown reason'}`;
    return describeError(error);
  }

  private async runBatch(
    record: PluginRecord,
    method: 'scoring.evaluate' | 'suggestions.provide',
    params: unknown,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, BatchOutcome> & { error?: string }> {
    const result = new Map<string, BatchOutcome>() as Map<string, BatchOutcome> & { error?: string };
    if (record.state !== 'active' || !record.worker) {
      result.error = `${record.manifest.name} is ${record.state}${record.reason ? `: ${record.reason}` : ''}`;
      return result;
    }
    try {
      const raw = await record.worker.rpc.request(method, params, { timeoutMs: this.limits.callTimeoutMs, ...(signal ? { signal } : {}) });
      for (const outcome of parse(BatchSchema, raw, `the ${what} results`, true)) {
        const location = outcome.ok ? undefined : this.report(record, `${what} ${outcome.id}`, new Error(outcome.error), outcome.stack).location;
        result.set(outcome.id, (location !== undefined ? { ...outcome, location } : outcome) as BatchOutcome);
      }
    } catch (error) {
      result.error = this.failureMessage(record, error);
      const cancelled = error instanceof RpcError && error.code === 'cancelled';
      if (!isClosed(error) && !cancelled) this.report(record, what, error);
    }
    return result;
  }

  private async startAndActivate(record: PluginRecord): Promise<PluginStatus> {
    const started = Date.now();
    const generation = ++record.generation;
    record.state = 'activating';
    record.initialised = false;
    delete record.reason;
    this.emitStatus(record);
    try {
      const worker = await this.supervisor.start(record, generation);
      // A pending timer would keep a CLI process alive: clear it as soon as the worker is ready (or gone).
      const readyTimer = setTimeout(() => worker.failReady(`the worker did not start within ${this.limits.startupTimeoutMs} ms`), this.limits.startupTimeoutMs);
      try {
        await worker.ready;
      } finally {
        clearTimeout(readyTimer);
      }
      const m = record.manifest;
      const info: WorkerPluginInfo = {
        id: m.id,
        version: m.version,
        permissions: m.permissions as WorkerPluginInfo['permissions'],
        commands: m.contributes.commands.map((c) => c.command),
        scoringRules: m.contributes.scoringRules.map((r) => r.id),
        suggestionProviders: m.contributes.suggestionProviders.map((p) => p.id),
        views: m.contributes.views.map((v) => v.id),
        diagnosticsSources: m.contributes.diagnosticsSources.map((d) => d.id),
      };
      const model = m.permissions.includes('readModel') ? this.services.getActiveModel() : undefined;
      await worker.rpc.request(
        'init',
        { plugin: info, apiVersion: this.apiVersion, code: record.code, configuration: this.configurationOf(record), ...(model ? { model } : {}), language: this.services.getLanguage?.() ?? 'en' },
        { timeoutMs: this.limits.startupTimeoutMs },
      );
      record.initialised = true;
      // The model may have changed while `init` was on its way (e.g. a document finished loading after a reload).
      const current = m.permissions.includes('readModel') ? this.services.getActiveModel() : undefined;
      if (current !== model) worker.rpc.notify('model.changed', current ? { model: current } : {});
      await worker.rpc.request('activate', {}, { timeoutMs: this.limits.activationTimeoutMs });
      if (record.generation !== generation) return this.statusOf(record);
      record.state = 'active';
      record.activationTimeMs = Date.now() - started;
      // The model may have changed while the plugin started (changes go only to active plugins): catch it up.
      if (m.permissions.includes('readModel')) {
        const current = this.services.getActiveModel();
        if (current !== model) worker.rpc.notify('model.changed', current ? { model: current } : {});
      }
      this.emitStatus(record);
    } catch (error) {
      if (record.generation === generation && (record.state as PluginState) !== 'crashed') {
        const message = error instanceof RpcError && error.code === 'remote' ? `activate() failed: ${error.message}` : describeError(error);
        this.report(record, 'activate', error);
        await this.supervisor.crash(record, message);
      }
    }
    return this.statusOf(record);
  }

  private async handleRequest(record: PluginRecord, method: string, params: unknown, signal: AbortSignal): Promise<unknown> {
    try {
      const handler = REQUEST_HANDLERS.get(method);
      if (!handler) throw new PayloadError(`unknown request "${method}"`);
      return await handler(params, { record, pluginId: record.manifest.id, services: this.services, contributions: this.contributions, signal, executeCommand: (commandId, ...args) => this.executeCommand(commandId, ...args) }, method);
    } catch (error) {
      if (error instanceof PayloadError) this.report(record, `payload ${method}`, error);
      throw error;
    }
  }

  private handleNote(record: PluginRecord, worker: RunningWorker, method: string, params: unknown): void {
    try {
      const handler = NOTE_HANDLERS.get(method);
      if (!handler) throw new PayloadError(`unknown notification "${method}"`);
      handler(
        params,
        {
          record,
          pluginId: record.manifest.id,
          worker,
          contributions: this.contributions,
          outOfMemory: (usedBytes) => this.supervisor.outOfMemory(record, usedBytes),
          addError: (report) => this.keep(record, this.located(record, report)),
        },
        method,
      );
    } catch (error) {
      this.report(record, `payload ${method}`, error);
    }
  }
}

// The plugin host: installs plugins from a manifest and a bundle, runs each in its own worker, routes commands,
// scoring, suggestions and views to them, validates everything they send, and stops the ones that hang, flood
// or crash without disturbing the others. The workbench and the CLI drive it; it reaches them only through the
// injected `HostServices` and the `ContributionRegistry` (data + change events).
import {
  API_VERSION,
  ContextKeyValueSchema,
  DiagnosticsByElementSchema,
  DiagramDecorationsSchema,
  EditProposalSchema,
  JsonValueSchema,
  NotificationSchema,
  QuickPickRequestSchema,
  ScoreResultSchema,
  SimulationOptionsSchema,
  StatusBarItemSchema,
  SuggestionListSchema,
  TreeItemSchema,
  ViewContentSchema,
  deriveActivationEvents,
  validateManifest,
} from '@leanflow/plugin-api';
import type {
  ActivationEvent,
  AnalysisInput,
  DecorationLegend,
  DiagramDecoration,
  DiagnosticItem,
  EditProposal,
  Event,
  Finding,
  JsonValue,
  ManifestIssue,
  PluginManifest,
  QuickPickItem,
  SimulationOptions,
  SimulationOutcome,
  SimulationProgress,
  Suggestion,
  ViewContent,
} from '@leanflow/plugin-api';
import { z } from 'zod';
import { createEmitter } from './emitter.ts';
import { withBpmnlint } from './model.ts';
import { MAX_FINDINGS, MAX_SUGGESTIONS, arrayLength, checkPayload } from './payload.ts';
import type { BatchOutcome, PingReply, RegistrationKind, WorkerPluginInfo } from './protocol.ts';
import { ContributionRegistry, type TreeRow } from './registry.ts';
import { RpcEndpoint, RpcError, describeError } from './rpc.ts';
import { parseRpcMessage } from './rpc-schema.ts';
import type { HostServices } from './services.ts';
import type { PluginTransport, TransportFactory } from './transport.ts';

/** Life cycle of an installed plugin. */
export type PluginState = 'installed' | 'activating' | 'active' | 'inactive' | 'disabled' | 'crashed';

/**
 * What the Extensions view shows about a plugin.
 *
 * @example
 * const crashed = host.list().filter((s) => s.state === 'crashed').map((s) => `${s.name}: ${s.reason}`);
 */
export interface PluginStatus {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly publisher: string;
  readonly state: PluginState;
  /** Why it crashed or was stopped. */
  readonly reason?: string;
  readonly activationEvents: readonly ActivationEvent[];
  /** From starting the worker to `activate` returning, for the last activation. */
  readonly activationTimeMs?: number;
  readonly errorCount: number;
}

/**
 * A plugin to install: its manifest (unvalidated JSON) and its `main` bundle as ESM text.
 *
 * @example
 * host.install({ manifest: JSON.parse(manifestText), code: bundleText, source: 'acme-demo.zip' });
 */
export interface PluginBundle {
  readonly manifest: unknown;
  readonly code: string;
  /** Where it came from (a folder, a zip, a URL), for messages. */
  readonly source?: string;
  /** Other files of the package by relative path: the `.bpmn` of `contributes.processTemplates`. */
  readonly files?: Readonly<Record<string, string>>;
}

/** The result of `install`: the plugin's status, or the reasons it was refused. */
export type InstallResult = { readonly ok: true; readonly status: PluginStatus } | { readonly ok: false; readonly issues: readonly ManifestIssue[] };

/**
 * Limits enforced on every plugin.
 *
 * @example
 * createPluginHost({ services, createTransport, limits: { unresponsiveMs: 1500, maxMessagesPerSecond: 500 } });
 */
export interface PluginLimits {
  /** A worker that does not acknowledge a heartbeat for this long is terminated (an endless loop). */
  readonly unresponsiveMs: number;
  readonly heartbeatIntervalMs: number;
  /** Time for the worker to start and evaluate the bundle. */
  readonly startupTimeoutMs: number;
  /** Time for `activate` to finish (it may await). */
  readonly activationTimeoutMs: number;
  /** Time for one scoring, suggestion or tree request. */
  readonly callTimeoutMs: number;
  /**
   * Time for a command; 0 = none. The clock stops while the host works for the plugin (a quick pick or a
   * notification waiting for the user, a simulation, edits, another command), so a command may wait for the user.
   */
  readonly commandTimeoutMs: number;
  /** More requests and notifications than this within one second stops the plugin (answers to the host do not count). */
  readonly maxMessagesPerSecond: number;
  /** Memory limit of the worker: heap and binary memory (ArrayBuffers, WebAssembly); see docs/plugins.md, "Security model". */
  readonly memoryLimitMb: number;
  /** Largest accepted bundle. */
  readonly maxBundleBytes: number;
}

/**
 * The defaults: a plugin that blocks its worker is stopped 2 to 2.25 s after it stops answering.
 *
 * @example
 * createPluginHost({ services, createTransport, limits: { ...DEFAULT_LIMITS, memoryLimitMb: 256 } });
 */
export const DEFAULT_LIMITS: PluginLimits = {
  unresponsiveMs: 2_000,
  heartbeatIntervalMs: 250,
  startupTimeoutMs: 10_000,
  activationTimeoutMs: 10_000,
  callTimeoutMs: 30_000,
  commandTimeoutMs: 60_000,
  maxMessagesPerSecond: 2_000,
  memoryLimitMb: 128,
  maxBundleBytes: 10 * 1024 * 1024,
};

/**
 * A problem a plugin caused: a throw in a handler, a rejected payload, a crash. The plugin keeps running unless
 * the report says it was stopped.
 *
 * @example
 * host.onDidReportError((report) => console.error(`${report.pluginId} (${report.where}): ${report.message}`));
 */
export interface PluginErrorReport {
  readonly pluginId: string;
  /** Where it happened, e.g. `activate`, `command acme.count`, `scoring acme.rule`, `payload views.setContent`. */
  readonly where: string;
  readonly message: string;
  readonly stack?: string;
  readonly time: number;
}

/**
 * The outcome of running a command.
 *
 * @example
 * const outcome = await host.executeCommand('acme.count');
 * if (!outcome.ok) notify(outcome.error);
 */
export type CommandOutcome = { readonly ok: true; readonly value: JsonValue | undefined } | { readonly ok: false; readonly error: string };

/** One scoring rule's result, or why it has none. */
export type RuleOutcome = {
  readonly pluginId: string;
  readonly ruleId: string;
  readonly title: string;
  readonly weight: number;
} & (
  | {
      readonly ok: true;
      readonly score: number;
      readonly findings: readonly Finding[];
      readonly summary?: string;
      readonly metrics?: Readonly<Record<string, number>>;
      /** The rule cannot judge this model (the reason); it is left out of the score. */
      readonly notApplicable?: string;
      /** The rule failed in a way it explains (the reason); it is left out of the score. */
      readonly failed?: string;
    }
  | { readonly ok: false; readonly error: string }
);

/**
 * Scores of every rule, and their weighted mean over the rules that produced one.
 *
 * @example
 * const report = await host.runScoring();
 * console.log(report.score, report.rules.filter((r) => !r.ok));
 */
export interface ScoringReport {
  readonly rules: readonly RuleOutcome[];
  readonly score?: number;
}

/** One suggestion provider's suggestions, or why it has none. */
export type ProviderOutcome = { readonly pluginId: string; readonly providerId: string; readonly title: string } & (
  | { readonly ok: true; readonly suggestions: readonly Suggestion[] }
  | { readonly ok: false; readonly error: string }
);

/** Options of `createPluginHost`. */
export interface PluginHostOptions {
  readonly services: HostServices;
  readonly createTransport: TransportFactory;
  readonly limits?: Partial<PluginLimits>;
  /** The API version plugins are checked against (default API_VERSION). */
  readonly apiVersion?: string;
}

interface RunningWorker {
  readonly transport: PluginTransport;
  readonly rpc: RpcEndpoint;
  heartbeat?: ReturnType<typeof setInterval>;
  pingOutstanding: boolean;
  windowStart: number;
  windowCount: number;
  ready: Promise<void>;
  markReady(): void;
  /** Rejects `ready` when the worker is stopped before it started. */
  failReady(reason: string): void;
}

interface PluginRecord {
  readonly manifest: PluginManifest;
  readonly code: string;
  readonly files: Readonly<Record<string, string>>;
  readonly activationEvents: readonly ActivationEvent[];
  state: PluginState;
  reason?: string;
  activationTimeMs?: number;
  errors: PluginErrorReport[];
  worker?: RunningWorker;
  activation?: Promise<PluginStatus>;
  /** The worker has its `init` (code and model): model changes can be sent to it. */
  initialised?: boolean;
  /** Bumped on every stop, so late callbacks of an old worker are ignored. */
  generation: number;
}

const MAX_ERRORS_KEPT = 200;

function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`)
    .join('; ');
}

/** `shallow`: the schema does not look inside the values (a batch of results, each checked on its own). */
function parse<T>(schema: z.ZodType<T>, value: unknown, what: string, shallow = false): T {
  // Cycles, depth and size first, without recursion: zod would recurse into a cycle or walk a million items.
  const problem = shallow ? undefined : checkPayload(value, what);
  if (problem) throw new PayloadError(problem);
  const result = schema.safeParse(value);
  if (!result.success) throw new PayloadError(`${what} was rejected: ${describeZodError(result.error)}`);
  return result.data;
}

/** The worker was stopped while the call was running: the stop itself is what gets reported. */
function isClosed(error: unknown): boolean {
  return error instanceof RpcError && error.code === 'closed';
}

/** A plugin sent something malformed; reported, never applied. */
class PayloadError extends Error {
  override name = 'PayloadError';
}

const id = z.string().min(1).max(200);
const RegistrationSchema = z.object({ kind: z.enum(['command', 'scoringRule', 'suggestionProvider', 'treeDataProvider']), id });
const BatchSchema = z.array(z.union([z.object({ id, ok: z.literal(true), value: z.unknown() }), z.object({ id, ok: z.literal(false), error: z.string().max(10_000) })]));
const TreeRowsSchema = z.array(z.object({ handle: z.number().int().positive(), item: TreeItemSchema })).max(10_000);
const ErrorNoteSchema = z.object({ where: z.string().max(200), message: z.string().max(10_000), stack: z.string().max(50_000).optional() });
const LogSchema = z.object({ level: z.enum(['log', 'info', 'warn', 'error', 'debug']), message: z.string().max(10_000) });
const OutputSchema = z.object({ name: z.string().min(1).max(100), text: z.string().max(100_000).optional() });
const StorageKeySchema = z.object({ key: z.string().min(1).max(200) });
const StorageSetSchema = z.object({ key: z.string().min(1).max(200), value: JsonValueSchema });
const MemoryExceededSchema = z.object({ usedBytes: z.number().nonnegative() });
const SimulationRunSchema = z.object({ options: SimulationOptionsSchema, progressId: z.number().int().nonnegative().optional() });

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
export class PluginHost {
  /** Every contribution of the installed, enabled plugins, as data with change events. */
  readonly contributions = new ContributionRegistry();
  readonly limits: PluginLimits;
  private readonly apiVersion: string;
  private readonly services: HostServices;
  private readonly createTransport: TransportFactory;
  private readonly plugins = new Map<string, PluginRecord>();
  private readonly statusChanges = createEmitter<PluginStatus>();
  private readonly errorReports = createEmitter<PluginErrorReport>();
  private readonly modelSubscription: { dispose(): void };
  private readonly simulationSubscription: { dispose(): void } | undefined;
  private disposed = false;

  /** Fires when a plugin is installed, changes state or is uninstalled. */
  readonly onDidChangeStatus: Event<PluginStatus> = this.statusChanges.event;
  /** Fires for every problem a plugin causes. */
  readonly onDidReportError: Event<PluginErrorReport> = this.errorReports.event;

  constructor(options: PluginHostOptions) {
    this.services = options.services;
    this.createTransport = options.createTransport;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.apiVersion = options.apiVersion ?? API_VERSION;
    this.simulationSubscription = this.services.onDidFinishSimulation?.((run) => {
      for (const record of this.plugins.values()) {
        if (record.state === 'active' && record.manifest.permissions.includes('readModel')) record.worker?.rpc.notify('simulation.finished', { run });
      }
    });
    this.modelSubscription = this.services.onDidChangeModel((model) => {
      for (const record of this.plugins.values()) {
        // Activating plugins too: one that got an older model in `init` must not miss the change.
        if ((record.state === 'active' || (record.state === 'activating' && record.initialised)) && record.manifest.permissions.includes('readModel')) {
          record.worker?.rpc.notify('model.changed', model ? { model } : {});
        }
      }
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
    const record: PluginRecord = { manifest, code: bundle.code, files, activationEvents: deriveActivationEvents(manifest), state: 'installed', errors: [], generation: 0 };
    this.plugins.set(manifest.id, record);
    this.contributions.addPlugin(manifest);
    this.emitStatus(record);
    return { ok: true, status: this.statusOf(record) };
  }

  async uninstall(pluginId: string): Promise<void> {
    const record = this.plugins.get(pluginId);
    if (!record) return;
    await this.stop(record, 'inactive');
    this.plugins.delete(pluginId);
    this.contributions.removePlugin(pluginId);
    this.statusChanges.fire({ ...this.statusOf(record), state: 'disabled', reason: 'uninstalled' });
  }

  /** Stops the plugin and hides its contributions until `enable`. */
  async disable(pluginId: string): Promise<PluginStatus> {
    const record = this.record(pluginId);
    await this.stop(record, 'disabled');
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
    await this.stop(record, 'installed');
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
    await this.stop(record, 'inactive');
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
    await Promise.all([...this.plugins.values()].map((r) => this.stop(r, 'inactive')));
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
      if (!isClosed(error)) this.report(record, `command ${commandId}`, error);
      return { ok: false, error: message };
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
            outcomes.push({ ...base(rule), ok: false, error: outcome.error });
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

  private report(record: PluginRecord, where: string, error: unknown): void {
    const report: PluginErrorReport = {
      pluginId: record.manifest.id,
      where,
      message: describeError(error),
      ...(error instanceof RpcError && error.remoteStack ? { stack: error.remoteStack } : {}),
      time: Date.now(),
    };
    record.errors.push(report);
    if (record.errors.length > MAX_ERRORS_KEPT) record.errors.splice(0, record.errors.length - MAX_ERRORS_KEPT);
    this.errorReports.fire(report);
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
        result.set(outcome.id, outcome as BatchOutcome);
        if (!outcome.ok) this.report(record, `${what} ${outcome.id}`, new Error(outcome.error));
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
      const worker = await this.startWorker(record, generation);
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
        await this.crash(record, message);
      }
    }
    return this.statusOf(record);
  }

  private async startWorker(record: PluginRecord, generation: number): Promise<RunningWorker> {
    const transport = await this.createTransport({ pluginId: record.manifest.id, memoryLimitMb: this.limits.memoryLimitMb });
    let markReady = () => {};
    let failReady: (reason: string) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = (reason) => reject(new Error(reason));
    });
    ready.catch(() => {});
    const rpc = new RpcEndpoint(
      { post: (message) => transport.post(message) },
      async (method, params, signal) => {
        // While the host answers the plugin (the user picks, a simulation runs), the plugin's command clock stops.
        const release = rpc.hold();
        try {
          return await this.handleRequest(record, method, params, signal);
        } finally {
          release();
        }
      },
      (method, params) => this.handleNote(record, worker, method, params),
      { timeoutMs: 30_000, ackTimeoutMs: 0 },
    );
    const worker: RunningWorker = { transport, rpc, pingOutstanding: false, windowStart: Date.now(), windowCount: 0, ready, markReady, failReady };
    record.worker = worker;
    transport.onMessage((data) => {
      if (record.generation !== generation) return;
      const message = parseRpcMessage(data);
      // Answers to the host's own requests are bounded by the host; only what the plugin starts is rate-limited.
      if ((!message || message.t === 'req' || message.t === 'note') && !this.withinRate(record, worker)) return;
      if (!message) {
        this.report(record, 'message', new PayloadError('a malformed message was ignored'));
        // A malformed answer fails the call it answers, so the caller never waits for an answer that will not come.
        const reply = data as { t?: unknown; id?: unknown } | null;
        if (typeof reply === 'object' && reply !== null && reply.t === 'res' && typeof reply.id === 'number') rpc.fail(reply.id, 'invalid', 'the plugin sent a malformed reply');
        return;
      }
      rpc.receive(message);
    });
    transport.onExit((exit) => {
      if (record.generation === generation && record.worker === worker) void this.crash(record, exit.reason);
    });
    void ready.then(() => {
      if (record.worker !== worker) return;
      worker.heartbeat = setInterval(() => this.ping(record, worker), this.limits.heartbeatIntervalMs);
    });
    return worker;
  }

  private ping(record: PluginRecord, worker: RunningWorker): void {
    if (worker.pingOutstanding || record.worker !== worker) return;
    worker.pingOutstanding = true;
    worker.rpc
      .request('ping', {}, { timeoutMs: 0, ackTimeoutMs: this.limits.unresponsiveMs })
      .then((reply) => {
        worker.pingOutstanding = false;
        const memory = reply as PingReply | undefined;
        const used = memory?.memoryUsedBytes ?? memory?.heapUsedBytes;
        if (typeof used === 'number' && used > this.limits.memoryLimitMb * 1024 * 1024) this.outOfMemory(record, used);
      })
      .catch((error: unknown) => {
        worker.pingOutstanding = false;
        if (record.worker !== worker) return;
        if (error instanceof RpcError && error.code === 'noAck') {
          void this.crash(record, `not responding for more than ${this.limits.unresponsiveMs} ms (an endless loop?); stopped`);
        }
      });
  }

  private outOfMemory(record: PluginRecord, usedBytes: number): void {
    void this.crash(record, `used more memory than allowed (${Math.ceil(usedBytes / 1024 / 1024)} MB of ${this.limits.memoryLimitMb} MB)`);
  }

  private withinRate(record: PluginRecord, worker: RunningWorker): boolean {
    const now = Date.now();
    if (now - worker.windowStart >= 1_000) {
      worker.windowStart = now;
      worker.windowCount = 0;
    }
    worker.windowCount++;
    if (worker.windowCount <= this.limits.maxMessagesPerSecond) return true;
    if (worker.windowCount === this.limits.maxMessagesPerSecond + 1) {
      void this.crash(record, `sent more than ${this.limits.maxMessagesPerSecond} messages in one second; stopped`);
    }
    return false;
  }

  /** Stops the worker for good: contributions removed, state crashed with the reason. Restartable. */
  private async crash(record: PluginRecord, reason: string): Promise<void> {
    if (record.state === 'crashed' && !record.worker) return;
    record.generation++;
    record.state = 'crashed';
    record.reason = reason;
    this.report(record, 'host', new Error(reason));
    const worker = record.worker;
    delete record.worker;
    this.contributions.removePlugin(record.manifest.id);
    this.emitStatus(record);
    if (worker) await this.terminate(worker, reason);
  }

  private async stop(record: PluginRecord, state: PluginState): Promise<void> {
    record.generation++;
    const worker = record.worker;
    delete record.worker;
    record.state = state;
    this.contributions.clearRuntime(record.manifest.id);
    if (worker) await this.terminate(worker, `the plugin was stopped (${state})`);
    this.emitStatus(record);
  }

  private async terminate(worker: RunningWorker, reason: string): Promise<void> {
    if (worker.heartbeat) clearInterval(worker.heartbeat);
    worker.failReady(reason);
    worker.rpc.close(reason);
    try {
      await worker.transport.terminate();
    } catch {
      // already gone
    }
  }

  private requirePermission(record: PluginRecord, permission: 'readModel' | 'proposeEdits' | 'runSimulation' | 'storage', what: string): void {
    if (!record.manifest.permissions.includes(permission)) throw new PayloadError(`${what} needs the "${permission}" permission`);
  }

  private async handleRequest(record: PluginRecord, method: string, params: unknown, signal: AbortSignal): Promise<unknown> {
    const pluginId = record.manifest.id;
    try {
      switch (method) {
        case 'commands.execute': {
          const call = parse(z.object({ id, args: z.array(JsonValueSchema).max(20) }), params, 'commands.execute');
          const outcome = await this.executeCommand(call.id, ...(call.args as JsonValue[]));
          if (!outcome.ok) throw new Error(outcome.error);
          return outcome.value ?? null;
        }
        case 'edits.propose': {
          this.requirePermission(record, 'proposeEdits', 'edits.propose');
          const proposal = parse(EditProposalSchema, params, 'edits.propose') as EditProposal;
          return await this.services.applyEdits({ pluginId, proposal });
        }
        case 'simulation.run': {
          this.requirePermission(record, 'runSimulation', 'simulation.run');
          const options = parse(SimulationOptionsSchema, params, 'simulation.run') as SimulationOptions;
          return await this.services.runSimulation({ pluginId, options });
        }
        case 'simulation.runDetailed': {
          this.requirePermission(record, 'runSimulation', 'simulation.runWithDetails');
          const run = parse(SimulationRunSchema, params, 'simulation.runWithDetails');
          const options = run.options as SimulationOptions;
          const onProgress = (progress: SimulationProgress) => {
            if (run.progressId !== undefined && record.worker && !signal.aborted) record.worker.rpc.notify('simulation.progress', { progressId: run.progressId, progress });
          };
          if (this.services.runSimulationDetailed) return await this.services.runSimulationDetailed({ pluginId, options, signal, onProgress });
          try {
            const summary = await this.services.runSimulation({ pluginId, options });
            const outcome: SimulationOutcome = signal.aborted ? { ok: false, cancelled: true, message: 'cancelled', issues: [] } : { ok: true, summary };
            return outcome;
          } catch (error) {
            const outcome: SimulationOutcome = { ok: false, cancelled: false, message: describeError(error), issues: [] };
            return outcome;
          }
        }
        case 'window.notify': {
          const notification = parse(NotificationSchema, params, 'window.showNotification');
          return (await this.services.showNotification({ pluginId, ...notification })) ?? null;
        }
        case 'window.quickPick': {
          const request = parse(QuickPickRequestSchema, params, 'window.showQuickPick');
          const items = request.items.map((item): QuickPickItem => (typeof item === 'string' ? { label: item } : (item as QuickPickItem)));
          const index = await this.services.showQuickPick({
            pluginId,
            items,
            ...(request.title !== undefined ? { title: request.title } : {}),
            ...(request.placeholder !== undefined ? { placeholder: request.placeholder } : {}),
          });
          return index !== undefined && index >= 0 && index < items.length ? index : null;
        }
        case 'storage.get':
          this.requirePermission(record, 'storage', 'storage.get');
          return (await this.services.storage.get(pluginId, parse(StorageKeySchema, params, 'storage.get').key)) ?? null;
        case 'storage.set': {
          this.requirePermission(record, 'storage', 'storage.set');
          const entry = parse(StorageSetSchema, params, 'storage.set');
          if (JSON.stringify(entry.value).length > 1_000_000) throw new PayloadError('storage.set was rejected: a value may be at most 1 MB of JSON');
          await this.services.storage.set(pluginId, entry.key, entry.value as JsonValue);
          return null;
        }
        case 'storage.delete':
          this.requirePermission(record, 'storage', 'storage.delete');
          await this.services.storage.delete(pluginId, parse(StorageKeySchema, params, 'storage.delete').key);
          return null;
        case 'storage.keys':
          this.requirePermission(record, 'storage', 'storage.keys');
          return [...(await this.services.storage.keys(pluginId))];
        default:
          throw new PayloadError(`unknown request "${method}"`);
      }
    } catch (error) {
      if (error instanceof PayloadError) this.report(record, `payload ${method}`, error);
      throw error;
    }
  }

  private handleNote(record: PluginRecord, worker: RunningWorker, method: string, params: unknown): void {
    const pluginId = record.manifest.id;
    const c = record.manifest.contributes;
    try {
      switch (method) {
        case 'ready':
          worker.markReady();
          return;
        case 'memory.exceeded':
          // The worker's memory guard refused an allocation over the limit: stop it now, even if it never yields.
          this.outOfMemory(record, parse(MemoryExceededSchema, params, method).usedBytes);
          return;
        case 'register':
        case 'unregister': {
          const registration = parse(RegistrationSchema, params, method);
          const declared: Record<RegistrationKind, readonly string[]> = {
            command: c.commands.map((x) => x.command),
            scoringRule: c.scoringRules.map((x) => x.id),
            suggestionProvider: c.suggestionProviders.map((x) => x.id),
            treeDataProvider: c.views.map((x) => x.id),
          };
          if (!declared[registration.kind].includes(registration.id)) throw new PayloadError(`${method}: ${registration.kind} "${registration.id}" is not declared in the manifest`);
          this.contributions.setRegistered(pluginId, registration.kind, registration.id, method === 'register');
          return;
        }
        case 'diagnostics.set': {
          const { source, byElement } = parse(z.object({ source: id, byElement: DiagnosticsByElementSchema }), params, 'diagnostics.set');
          this.checkSource(record, source);
          this.contributions.setDiagnostics(pluginId, source, byElement as Readonly<Record<string, readonly DiagnosticItem[]>>);
          return;
        }
        case 'diagnostics.clear': {
          const { source } = parse(z.object({ source: id }), params, 'diagnostics.clear');
          this.contributions.clearDiagnostics(pluginId, source);
          return;
        }
        case 'statusBar.update': {
          const item = parse(StatusBarItemSchema, params, 'statusBar.update');
          this.contributions.setStatusBarItem({
            pluginId,
            id: item.id,
            text: item.text,
            ...(item.tooltip !== undefined ? { tooltip: item.tooltip } : {}),
            ...(item.command !== undefined ? { command: item.command } : {}),
            alignment: item.alignment,
            priority: item.priority,
            visible: item.visible,
          });
          return;
        }
        case 'statusBar.dispose':
          this.contributions.removeStatusBarItem(pluginId, parse(z.object({ id }), params, 'statusBar.dispose').id);
          return;
        case 'output.append': {
          const output = parse(OutputSchema, params, 'output.append');
          this.contributions.appendOutput(pluginId, output.name, output.text ?? '');
          return;
        }
        case 'output.clear':
        case 'output.dispose':
          this.contributions.clearOutput(pluginId, parse(OutputSchema, params, method).name, method === 'output.dispose');
          return;
        case 'context.set': {
          const { key, value } = parse(z.object({ key: id, value: ContextKeyValueSchema }), params, 'context.set');
          this.contributions.setContextKey(pluginId, key, value);
          return;
        }
        case 'views.setContent': {
          const { viewId, content } = parse(z.object({ viewId: id, content: ViewContentSchema }), params, 'views.setViewContent');
          const view = c.views.find((v) => v.id === viewId);
          if (!view) throw new PayloadError(`views.setViewContent: view "${viewId}" is not declared in contributes.views`);
          if (view.kind !== content.kind) throw new PayloadError(`views.setViewContent: view "${viewId}" is a ${view.kind} view, not ${content.kind}`);
          this.contributions.setViewContent(pluginId, viewId, content as ViewContent);
          return;
        }
        case 'diagram.setDecorations': {
          const { decorations, legend } = parse(DiagramDecorationsSchema, params, 'diagram.setDecorations');
          this.contributions.setDecorations(pluginId, decorations as readonly DiagramDecoration[], legend as DecorationLegend | undefined);
          return;
        }
        case 'diagram.clearDecorations':
          this.contributions.setDecorations(pluginId, []);
          return;
        case 'log': {
          const log = parse(LogSchema, params, 'console');
          this.contributions.appendOutput(pluginId, 'console', `${log.level === 'log' ? '' : `[${log.level}] `}${log.message}\n`);
          return;
        }
        case 'error': {
          const note = parse(ErrorNoteSchema, params, 'error');
          const report: PluginErrorReport = { pluginId, where: note.where, message: note.message, ...(note.stack ? { stack: note.stack } : {}), time: Date.now() };
          record.errors.push(report);
          if (record.errors.length > MAX_ERRORS_KEPT) record.errors.splice(0, record.errors.length - MAX_ERRORS_KEPT);
          this.errorReports.fire(report);
          return;
        }
        default:
          throw new PayloadError(`unknown notification "${method}"`);
      }
    } catch (error) {
      this.report(record, `payload ${method}`, error);
    }
  }

  private checkSource(record: PluginRecord, source: string): void {
    if (source !== record.manifest.id && !record.manifest.contributes.diagnosticsSources.some((d) => d.id === source)) {
      throw new PayloadError(`diagnostics.set: source "${source}" is not declared in contributes.diagnosticsSources`);
    }
  }
}

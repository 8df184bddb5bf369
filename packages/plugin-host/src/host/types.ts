// The plugin host's types: what it reports about plugins (status, errors, outcomes), its limits and options, and
// the records it keeps per installed plugin and running worker.
import type { SourcePosition } from '../source-maps.ts';
import type { ActivationEvent, Finding, JsonValue, ManifestIssue, PluginManifest, Suggestion } from '@leanflow/plugin-api';
import type { RpcEndpoint } from '../rpc.ts';
import type { HostServices } from '../services.ts';
import type { PluginTransport, TransportFactory } from '../transport.ts';

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
  /**
   * The source map of `code` when it is a file of its own (`main` + `.map`, named by `//# sourceMappingURL=`): thrown
   * errors then point at the plugin's source. An inline map in `code` needs nothing here.
   */
  readonly sourceMap?: string;
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
  /** The stack, the plugin's frames mapped to its source when it has a source map (else to `main`). */
  readonly stack?: string;
  /** Where in the plugin's source it was thrown, e.g. `src/rules.ts:12:11` (the first frame of the plugin's code). */
  readonly location?: string;
  readonly time: number;
}

/**
 * The outcome of running a command.
 *
 * @example
 * const outcome = await host.executeCommand('acme.count');
 * if (!outcome.ok) notify(outcome.error);
 */
export type CommandOutcome =
  | { readonly ok: true; readonly value: JsonValue | undefined }
  | { readonly ok: false; readonly error: string; /** Where in the plugin's source it was thrown (see `PluginErrorReport.location`). */ readonly location?: string };

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
  | { readonly ok: false; readonly error: string; /** Where in the plugin's source it was thrown (`PluginErrorReport.location`). */ readonly location?: string }
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

/** A plugin's running worker, as the host supervises it (internal). */
export interface RunningWorker {
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

/** An installed plugin, as the host keeps it (internal). */
export interface PluginRecord {
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
  /** The bundle's external source map (`PluginBundle.sourceMap`). */
  readonly sourceMap?: string;
  /** Maps a generated position to the source, read on the first error (null: no map). */
  mapSource?: ((line: number, column: number) => SourcePosition | undefined) | null;
}

/** Error reports kept per plugin (the oldest are dropped). */
export const MAX_ERRORS_KEPT = 200;

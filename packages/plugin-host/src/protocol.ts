// What the host and a plugin worker say to each other, besides the RPC envelope. Types only, plus limits the
// worker enforces on itself before the host checks again.
import type { ActiveModel, AnalysisInput, JsonValue, Permission, SimulationProgress, SimulationRunEvent } from '@leanflow/plugin-api';

/** What the worker needs to know about its plugin (a subset of the manifest). */
export interface WorkerPluginInfo {
  readonly id: string;
  readonly version: string;
  readonly permissions: readonly Permission[];
  readonly commands: readonly string[];
  readonly scoringRules: readonly string[];
  readonly suggestionProviders: readonly string[];
  readonly views: readonly string[];
  readonly diagnosticsSources: readonly string[];
}

/** Host -> worker requests. */
export interface HostToWorker {
  init: {
    readonly plugin: WorkerPluginInfo;
    readonly apiVersion: string;
    readonly code: string;
    readonly configuration: Readonly<Record<string, JsonValue>>;
    readonly model?: ActiveModel;
    readonly language?: string;
  };
  activate: Record<string, never>;
  deactivate: Record<string, never>;
  'command.run': { readonly id: string; readonly args: readonly JsonValue[] };
  'scoring.evaluate': { readonly ruleIds: readonly string[]; readonly input: AnalysisInput };
  'suggestions.provide': { readonly providerIds: readonly string[]; readonly input: AnalysisInput };
  'tree.children': { readonly viewId: string; readonly handle?: number };
  ping: Record<string, never>;
}

/** Host -> worker notifications. */
export interface HostToWorkerNotes {
  'model.changed': { readonly model?: ActiveModel };
  'configuration.changed': { readonly configuration: Readonly<Record<string, JsonValue>>; readonly keys: readonly string[] };
  /** Progress of a `simulation.runDetailed` request, by the `progressId` the plugin gave. */
  'simulation.progress': { readonly progressId: number; readonly progress: SimulationProgress };
  'env.language': { readonly language: string };
  /** A simulation of an open document finished (whoever started it). */
  'simulation.finished': { readonly run: SimulationRunEvent };
}

/** One rule's or provider's outcome inside a batch. */
export type BatchOutcome =
  | { readonly id: string; readonly ok: true; readonly value: unknown }
  | { readonly id: string; readonly ok: false; readonly error: string; readonly stack?: string; /** Set by the host: the place in the source. */ readonly location?: string };

/** What `ping` answers: the worker's memory, as far as its platform can tell. */
export interface PingReply {
  /** The JS heap (Node). */
  readonly heapUsedBytes?: number;
  /** Everything the worker counts against its limit: heap + external (ArrayBuffers, WebAssembly) in Node, the
   * binary memory counted by the memory guard in the browser (memory-guard.ts). */
  readonly memoryUsedBytes?: number;
}

/** Sent by the worker's memory guard, outside the RPC, when an allocation would pass the limit. */
export interface MemoryExceededNote {
  readonly usedBytes: number;
}

/** Kinds of handler a plugin registers at run time. */
export type RegistrationKind = 'command' | 'scoringRule' | 'suggestionProvider' | 'treeDataProvider';

/** Worker -> host request and notification method names. */
export const WORKER_REQUESTS = [
  'commands.execute',
  'edits.propose',
  'simulation.run',
  'simulation.runDetailed',
  'window.notify',
  'window.quickPick',
  'storage.get',
  'storage.set',
  'storage.delete',
  'storage.keys',
  'views.setContent',
] as const;
export const WORKER_NOTES = [
  'ready',
  'register',
  'unregister',
  'diagnostics.set',
  'diagnostics.clear',
  'statusBar.update',
  'statusBar.dispose',
  'output.append',
  'output.clear',
  'output.dispose',
  'context.set',
  'views.setContent',
  'views.treeChanged',
  'diagram.setDecorations',
  'diagram.clearDecorations',
  'log',
  'error',
  'memory.exceeded',
] as const;

// What a handler of a plugin's request or notification is given: the plugin's record and the host's services.
import type { JsonValue } from '@leanflow/plugin-api';
import type { ContributionRegistry } from '../../registry.ts';
import type { HostServices } from '../../services.ts';
import type { CommandOutcome, PluginErrorReport, PluginRecord, RunningWorker } from '../types.ts';

/** A request from a plugin (it awaits the answer). */
export interface RequestContext {
  readonly record: PluginRecord;
  readonly pluginId: string;
  readonly services: HostServices;
  readonly contributions: ContributionRegistry;
  /** Aborted when the plugin cancels the call or stops. */
  readonly signal: AbortSignal;
  executeCommand(commandId: string, ...args: JsonValue[]): Promise<CommandOutcome>;
}

/** A notification from a plugin (no answer). */
export interface NoteContext {
  readonly record: PluginRecord;
  readonly pluginId: string;
  readonly worker: RunningWorker;
  readonly contributions: ContributionRegistry;
  /** Stops the plugin for using more memory than allowed. */
  outOfMemory(usedBytes: number): void;
  /** Keeps and announces a problem the plugin reported about itself. */
  addError(report: PluginErrorReport): void;
}

export type RequestHandler = (params: unknown, context: RequestContext, method: string) => Promise<unknown>;
export type NoteHandler = (params: unknown, context: NoteContext, method: string) => void;

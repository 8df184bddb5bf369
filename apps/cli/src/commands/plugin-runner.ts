// Runs third-party plugins headless for CLI commands (`plugin run`, and `score --plugin`): one host, one worker
// per plugin, in-memory services. A plugin that is refused, crashes or hangs is reported on stderr; the caller
// carries on with the others.
import type { ActiveModel, JsonValue } from '@leanflow/plugin-api';
import {
  createMemoryServices,
  createNodeTransportFactory,
  createPluginHost,
  loadPlugin,
  type MemoryServices,
  type PluginErrorReport,
  type PluginHost,
  type PluginLimits,
  type PluginStatus,
} from '@leanflow/plugin-host';
import { fileURLToPath } from 'node:url';
import type { CommandIo } from '../command.ts';
import { resolveUserPath } from '../io.ts';

// Set by the package build (scripts/build-packages.ts): the built-ins are packed next to the bundle as .zip files.
declare const __LEANFLOW_BUILT_CLI__: boolean | undefined;
const BUILT = typeof __LEANFLOW_BUILT_CLI__ === 'boolean' && __LEANFLOW_BUILT_CLI__;

/** The built-in plugins the CLI runs like third-party ones (folders in this repository, .zip files in the package). */
export const BUILT_IN_PLUGINS = {
  leanScorecard: fileURLToPath(BUILT ? new URL('./plugins/lean-scorecard.zip', import.meta.url) : new URL('../../../../plugins/lean-scorecard', import.meta.url)),
  simplifications: fileURLToPath(BUILT ? new URL('./plugins/simplifications.zip', import.meta.url) : new URL('../../../../plugins/simplifications', import.meta.url)),
} as const;

/**
 * The ids of the built-in plugins whose answers the CLI treats as its own (their manifests' `id`): the plugin host
 * knows no plugin by id, so `score` and `suggest` pass these to it. Checked against the manifests by
 * scripts/plugin-host-ids.test.ts.
 */
export const BUILT_IN_PLUGIN_IDS = {
  leanScorecard: 'leanflow.lean-scorecard',
  simplifications: 'leanflow.simplifications',
} as const;

/**
 * Exit code of `score` and `suggest` when a `--plugin` failed: refused at install, crashed or stopped (hung,
 * flooded, out of memory), or one of its rules or providers failed or was refused. The output is still printed.
 */
export const PLUGIN_FAILED_EXIT_CODE = 3;

/** Plugin problems printed on stderr before the rest is summed up in one "N more suppressed" line. */
export const MAX_PROBLEM_LINES = 20;
/** Longest problem line (a plugin's error message may be 10,000 characters). */
const MAX_PROBLEM_LINE_LENGTH = 500;

/** Built-in plugins are bundled once per process (esbuild takes a moment; the tests score many files). */
const builtInBundles = new Map<string, ReturnType<typeof loadPlugin>>();

/** A host with the given plugins installed. */
export interface HeadlessPlugins {
  readonly host: PluginHost;
  readonly services: MemoryServices;
  /** Plugins installed (by the path given). */
  readonly installed: readonly { readonly path: string; readonly status: PluginStatus }[];
  /** Paths whose plugin was refused; already reported on stderr. */
  readonly refused: readonly string[];
  /**
   * Writes each plugin's crash and errors (once) to stderr, at most `MAX_PROBLEM_LINES` lines in all, then one
   * "N more plugin problems suppressed" line; returns how many plugins crashed.
   */
  reportProblems(): number;
  /** Whether a plugin given by path (not a built-in) was refused, crashed, or reported an error (a failed or refused rule...). */
  anyFailed(): boolean;
  dispose(): Promise<void>;
}

/**
 * Loads and installs plugins (folders or .zip files) into a fresh headless host.
 *
 * @example
 * const plugins = await startHeadlessPlugins(io, ['my-rule.zip'], { model });
 * const report = await plugins.host.runScoring();
 * plugins.reportProblems();
 * await plugins.dispose();
 */
export async function startHeadlessPlugins(
  io: CommandIo,
  paths: readonly string[],
  options: {
    readonly model?: ActiveModel;
    readonly limits?: Partial<PluginLimits>;
    readonly configuration?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
    /** Built-in plugin folders installed first (bundled once per process). */
    readonly builtIn?: readonly string[];
  } = {},
): Promise<HeadlessPlugins> {
  const services = createMemoryServices({ ...(options.model ? { model: options.model } : {}), ...(options.configuration ? { configuration: options.configuration } : {}) });
  const host = createPluginHost({ services, createTransport: createNodeTransportFactory(), limits: { commandTimeoutMs: 30_000, callTimeoutMs: 30_000, ...options.limits } });
  const installed: { path: string; status: PluginStatus }[] = [];
  const refused: string[] = [];
  for (const path of [...(options.builtIn ?? []), ...paths]) {
    const isBuiltIn = options.builtIn?.includes(path) ?? false;
    let loading = isBuiltIn ? builtInBundles.get(path) : undefined;
    if (!loading) {
      loading = loadPlugin(resolveUserPath(io, path));
      if (isBuiltIn) builtInBundles.set(path, loading);
    }
    const loaded = await loading;
    const result = loaded.ok ? await host.install(loaded.bundle) : loaded;
    if (result.ok) {
      installed.push({ path, status: result.status });
      continue;
    }
    refused.push(path);
    io.stderr(`leanflow: plugin ${path} was refused:\n${result.issues.map((issue) => `  ${issue.message}\n`).join('')}`);
  }
  const reported = new Set<PluginErrorReport>();
  const reportedCrashes = new Set<string>();
  let printed = 0;
  let suppressed = 0;
  const problem = (line: string) => {
    if (printed >= MAX_PROBLEM_LINES) {
      suppressed++;
      return;
    }
    printed++;
    const oneLine = line.replace(/\s*\n\s*/g, ' ');
    io.stderr(`${oneLine.length > MAX_PROBLEM_LINE_LENGTH ? `${oneLine.slice(0, MAX_PROBLEM_LINE_LENGTH - 1)}…` : oneLine}\n`);
  };
  const userPluginIds = () => new Set(installed.filter((p) => !(options.builtIn ?? []).includes(p.path)).map((p) => p.status.id));
  return {
    host,
    services,
    installed,
    refused,
    reportProblems() {
      let crashed = 0;
      const before = suppressed;
      for (const status of host.list()) {
        if (status.state === 'crashed') {
          crashed++;
          const key = `${status.id}\u0000${status.reason ?? ''}`;
          if (!reportedCrashes.has(key)) {
            reportedCrashes.add(key);
            problem(`leanflow: plugin ${status.id} crashed: ${status.reason ?? 'unknown reason'}`);
          }
        }
        for (const error of host.errors(status.id)) {
          if (reported.has(error) || error.where === 'host' || (status.state === 'crashed' && error.where === 'activate')) continue;
          reported.add(error);
          problem(`leanflow: plugin ${status.id} (${error.where}): ${error.message}${error.location ? ` (at ${error.location})` : ''}`);
        }
      }
      if (suppressed > before) io.stderr(`leanflow: ${suppressed - before} more plugin problems suppressed\n`);
      return crashed;
    },
    anyFailed() {
      if (refused.some((path) => !(options.builtIn ?? []).includes(path))) return true;
      const ids = userPluginIds();
      return host.list().some((status) => ids.has(status.id) && (status.state === 'crashed' || host.errors(status.id).length > 0));
    },
    dispose: () => host.dispose(),
  };
}

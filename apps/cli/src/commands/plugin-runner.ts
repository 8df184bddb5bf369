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

/** The built-in plugins the CLI runs like third-party ones (folders in this repository). */
export const BUILT_IN_PLUGINS = {
  leanScorecard: fileURLToPath(new URL('../../../../plugins/lean-scorecard', import.meta.url)),
  simplifications: fileURLToPath(new URL('../../../../plugins/simplifications', import.meta.url)),
} as const;

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
  /** Writes each plugin's crash and errors (once) to stderr; returns how many plugins crashed. */
  reportProblems(): number;
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
  return {
    host,
    services,
    installed,
    refused,
    reportProblems() {
      let crashed = 0;
      for (const status of host.list()) {
        if (status.state === 'crashed') {
          crashed++;
          io.stderr(`leanflow: plugin ${status.id} crashed: ${status.reason ?? 'unknown reason'}\n`);
        }
        for (const error of host.errors(status.id)) {
          if (reported.has(error) || error.where === 'host' || (status.state === 'crashed' && error.where === 'activate')) continue;
          reported.add(error);
          io.stderr(`leanflow: plugin ${status.id} (${error.where}): ${error.message}\n`);
        }
      }
      return crashed;
    },
    dispose: () => host.dispose(),
  };
}

// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the virtual module's ambient declaration must reach every tsconfig that compiles this file
/// <reference path="./builtin-plugins.d.ts" />
// The built-in plugins, bundled at build time by builtin-plugins.vite.ts (never committed). Their code (several MB of
// bundled strings) is a chunk of its own, fetched as the studio boots, so the first paint does not wait for it.
import type { PluginBundle } from '@leanflow/plugin-host';

let loading: Promise<readonly PluginBundle[]> | undefined;

/** Starts fetching the built-in plugins (once) and resolves with their bundles. */
export function loadBuiltInPlugins(): Promise<readonly PluginBundle[]> {
  loading ??= import('virtual:leanflow/builtin-plugins').then((module) => module.default.map((p) => ({ ...p, source: 'built-in' })));
  return loading;
}

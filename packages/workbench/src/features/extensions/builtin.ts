// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the virtual module's ambient declaration must reach every tsconfig that compiles this file
/// <reference path="./builtin-plugins.d.ts" />
// The built-in plugins, bundled at build time by builtin-plugins.vite.ts (never committed).
import builtIns from 'virtual:leanflow/builtin-plugins';
import type { PluginBundle } from '@leanflow/plugin-host';

export const BUILT_IN_PLUGINS: readonly PluginBundle[] = builtIns.map((p) => ({ ...p, source: 'built-in' }));

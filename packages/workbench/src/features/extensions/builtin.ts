// The built-in plugins, bundled at build time by builtin-plugins.vite.ts (never committed).
import builtIns from 'virtual:leanflow/builtin-plugins';
import type { PluginBundle } from '@leanflow/plugin-host';

export const BUILT_IN_PLUGINS: readonly PluginBundle[] = builtIns.map((p) => ({ ...p, source: 'built-in' }));

// "Export": the installable package (.zip with leanflow-plugin.json and the compiled bundle), the same format
// `leanflow plugin pack` writes and the Extensions view installs.
import { createPluginZip } from '@leanflow/plugin-host';
import { BUNDLE_FILE } from './scaffold.ts';

export interface PluginPackage {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/**
 * Packs a validated manifest and its compiled JavaScript. A TypeScript `main` is pointed at the bundle.
 *
 * @example
 * const { fileName, bytes } = createPluginPackage(manifest, compiledJs); // "local.step-count-1-0.1.0.zip"
 */
export function createPluginPackage(manifest: { readonly id: string; readonly version: string; readonly main: string }, code: string): PluginPackage {
  const main = /\.m?js$/.test(manifest.main) ? manifest.main.replace(/^\.\//, '') : BUNDLE_FILE;
  const bytes = createPluginZip({ manifest: { ...manifest, main }, code });
  return { fileName: `${manifest.id}-${manifest.version}.zip`.replace(/[^\w.-]+/g, '-'), bytes };
}

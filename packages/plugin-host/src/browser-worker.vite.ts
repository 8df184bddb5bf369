// Build-time only (used by the root vite.config.ts, never by the studio bundle): the virtual module
// `virtual:leanflow/plugin-worker` exports the browser worker bootstrap (worker-browser-main.ts and everything it
// imports) as one self-contained classic script. The browser transport runs that text from a blob: URL inside the
// plugin's sandboxed iframe, so the worker inherits the iframe's Content-Security-Policy; a worker served from a
// URL would take its policy from the server's headers instead. Same text in the dev server, preview and build.
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:leanflow/plugin-worker';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Bundles the browser worker bootstrap into a classic script (an IIFE), as text.
 *
 * @example
 * const code = await buildBrowserWorkerBootstrap();
 */
export async function buildBrowserWorkerBootstrap(): Promise<{ readonly code: string; readonly inputs: readonly string[] }> {
  const { build } = await import('esbuild');
  const { fileURLToPath } = await import('node:url');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./worker-browser-main.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
    metafile: true,
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * @example
 * // vite.config.ts
 * plugins: [leanflowPluginWorker()]
 */
export function leanflowPluginWorker(): Plugin {
  return {
    name: 'leanflow-plugin-worker',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { code, inputs } = await buildBrowserWorkerBootstrap();
      const { resolve } = await import('node:path');
      for (const input of inputs) this.addWatchFile(resolve(input));
      return `export default ${JSON.stringify(code)};\n`;
    },
  };
}

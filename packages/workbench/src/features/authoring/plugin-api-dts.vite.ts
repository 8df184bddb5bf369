// Build-time only (registered in the root vite.config.ts, never part of the studio bundle): the virtual module
// `virtual:leanflow-plugin-api-dts` exports the single plugin-author .d.ts as a string, generated from
// packages/plugin-api with its own build script, so Monaco's IntelliSense always matches the API being shipped.
import { runnerImport, type Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:leanflow-plugin-api-dts';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * @example
 * // vite.config.ts
 * plugins: [leanflowPluginApiDts(fileURLToPath(new URL('.', import.meta.url)))]
 */
export function leanflowPluginApiDts(repositoryRoot: string): Plugin {
  const root = repositoryRoot.endsWith('/') ? repositoryRoot : `${repositoryRoot}/`;
  return {
    name: 'leanflow-plugin-api-dts',
    async resolveId(id, importer) {
      if (id === VIRTUAL_ID) return RESOLVED_ID;
      // monaco-editor's `exports` map appends `.js` to every subpath, so its CSS files cannot be imported by name.
      const css = /^monaco-editor\/(.+\.css)$/.exec(id);
      if (css) {
        const api = await this.resolve('monaco-editor/editor/editor.api.js', importer, { skipSelf: true });
        return api ? api.id.replace(/editor\/editor\.api\.js$/, css[1]!) : undefined;
      }
      return undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const script = `${root}packages/plugin-api/scripts/build-dts.ts`;
      // Vite's module runner loads the TypeScript script in Node (no import across packages at bundle time).
      const { module } = await runnerImport<{ buildPluginApiDts(): string }>(script, { configFile: false, logLevel: 'silent' });
      const { buildPluginApiDts } = module;
      for (const file of ['api.ts', 'manifest.ts', 'schemas.ts']) this.addWatchFile(`${root}packages/plugin-api/src/${file}`);
      this.addWatchFile(`${root}packages/model/src/graph.ts`);
      return `export default ${JSON.stringify(buildPluginApiDts())};\n`;
    },
  };
}

// Build-time only (used by the root vite.config.ts, never by the studio bundle): the virtual module
// `virtual:leanflow/builtin-plugins` exports the built-in plugins as { manifest, code, files }. Each plugin's
// TypeScript entry is bundled with esbuild into one self-contained ESM file, exactly like `leanflow plugin pack`,
// so built-ins run in their own worker like third-party plugins. Nothing is committed: bundles are made per build.
import { build } from 'esbuild';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:leanflow/builtin-plugins';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** The plugin folders (relative to the repository root) shipped with the studio. */
export const BUILT_IN_PLUGIN_FOLDERS = ['plugins/simulation', 'plugins/lean-scorecard', 'plugins/simplifications', 'plugins/examples/lean-rules', 'plugins/examples/task-summary'] as const;

interface ManifestLike {
  readonly main: string;
  readonly contributes?: { readonly processTemplates?: readonly { readonly file: string }[] };
}

/**
 * @example
 * // vite.config.ts
 * plugins: [leanflowBuiltinPlugins(fileURLToPath(new URL('.', import.meta.url)))]
 */
export function leanflowBuiltinPlugins(repositoryRoot: string): Plugin {
  const root = repositoryRoot.endsWith('/') ? repositoryRoot : `${repositoryRoot}/`;
  return {
    name: 'leanflow-builtin-plugins',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const entries: string[] = [];
      const imports: string[] = [];
      for (const [index, folder] of BUILT_IN_PLUGIN_FOLDERS.entries()) {
        const dir = `${root}${folder}/`;
        const manifestPath = `${dir}leanflow-plugin.json`;
        const { readFile } = (await import(/* @vite-ignore */ 'node:fs/promises')) as { readFile(path: string, encoding: 'utf8'): Promise<string> };
        const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ManifestLike;
        this.addWatchFile(manifestPath);
        const result = await build({
          entryPoints: [`${dir}${manifest.main}`],
          bundle: true,
          write: false,
          format: 'esm',
          platform: 'neutral',
          target: 'es2022',
          mainFields: ['module', 'main'],
          conditions: ['import', 'default'],
          logLevel: 'silent',
          legalComments: 'none',
          metafile: true,
          absWorkingDir: root.slice(0, -1),
        });
        for (const input of Object.keys(result.metafile.inputs)) if (!input.includes('node_modules')) this.addWatchFile(`${root}${input}`);
        const files: string[] = [];
        for (const [n, template] of (manifest.contributes?.processTemplates ?? []).entries()) {
          imports.push(`import file_${index}_${n} from ${JSON.stringify(`${dir}${template.file}?raw`)};`);
          files.push(`${JSON.stringify(template.file)}: file_${index}_${n}`);
        }
        entries.push(`{ manifest: ${JSON.stringify(manifest)}, code: ${JSON.stringify(result.outputFiles[0]!.text)}, files: { ${files.join(', ')} } }`);
      }
      return `${imports.join('\n')}\nexport default [\n${entries.join(',\n')}\n];\n`;
    },
  };
}

// Loads plugins from disk in Node: a folder (manifest + built bundle, or TypeScript source bundled on demand
// with esbuild) or a .zip. Node built-ins and esbuild are imported lazily so browser builds never see them.
import type * as FsPromises from 'node:fs/promises';
import type * as Path from 'node:path';
import type * as Esbuild from 'esbuild';
import { parseManifest } from '@leanflow/plugin-api';
import { manifestFromFiles, MANIFEST_FILE, readPluginZip, type LoadedPlugin } from './package-reader.ts';
import { externalSourceMapFile } from './source-maps.ts';

const nodeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ name) as Promise<T>;

/**
 * Bundles a plugin's TypeScript entry into one self-contained ESM file (what `main` must be in a package).
 * Type-only imports of `@leanflow/plugin-api` vanish; its small runtime helpers are inlined. The bundle ends with
 * an inline source map whose sources are relative to `root` (the plugin folder), for errors that name the source.
 *
 * @example
 * const code = await bundlePluginSource('plugins/examples/lean-rules/src/index.ts');
 */
export async function bundlePluginSource(entryFile: string, options: { readonly root?: string } = {}): Promise<string> {
  const esbuild = await nodeImport<typeof Esbuild>('esbuild');
  const result = await esbuild.build({
    entryPoints: [entryFile],
    // An inline source map (without the sources) so a thrown error names src/…ts:line:column, relative to `root`.
    sourcemap: 'inline',
    sourcesContent: false,
    ...(options.root !== undefined ? { absWorkingDir: options.root } : {}),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    logLevel: 'silent',
    legalComments: 'none',
  });
  return result.outputFiles[0]!.text;
}

/**
 * Loads a plugin from a folder or a .zip file: reads and validates the manifest, reads (or bundles) `main`.
 * Never throws for bad input.
 *
 * @example
 * const loaded = await loadPlugin('plugins/examples/lean-rules');
 * if (loaded.ok) await host.install(loaded.bundle); else loaded.issues.forEach((i) => console.error(i.message));
 */
export async function loadPlugin(path: string): Promise<LoadedPlugin> {
  const fs = await nodeImport<typeof FsPromises>('node:fs/promises');
  const { join, resolve, basename, dirname } = await nodeImport<typeof Path>('node:path');
  const full = resolve(path);
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(full);
  } catch {
    return { ok: false, issues: [{ code: 'plugin.notFound', severity: 'error', message: `${path}: no such folder or file` }] };
  }
  if (stat.isFile()) {
    if (!full.toLowerCase().endsWith('.zip')) return { ok: false, issues: [{ code: 'plugin.notFound', severity: 'error', message: `${path}: give a plugin folder or a .zip file` }] };
    return readPluginZip(new Uint8Array(await fs.readFile(full)), basename(full));
  }
  const readText = async (name: string) => {
    try {
      return await fs.readFile(join(full, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const [manifestText, packageText] = await Promise.all([readText(MANIFEST_FILE), readText('package.json')]);
  const found = manifestFromFiles({ ...(manifestText !== undefined ? { manifest: manifestText } : {}), ...(packageText !== undefined ? { packageJson: packageText } : {}) });
  if ('issues' in found) return { ok: false, issues: found.issues.map((i) => ({ ...i, message: `${path}: ${i.message}` })) };
  const validation = parseManifest(JSON.stringify(found.manifest));
  if (!validation.ok) return { ok: false, issues: validation.issues };
  const files: Record<string, string> = {};
  for (const [index, template] of validation.manifest.contributes.processTemplates.entries()) {
    const text = await readText(template.file);
    const field = `contributes.processTemplates.${index}.file`;
    if (text === undefined) return { ok: false, issues: [{ code: 'plugin.file.missing', severity: 'error', field, message: `${field}: ${template.file} does not exist in ${path}` }] };
    files[template.file] = text;
  }
  const main = join(full, validation.manifest.main);
  if (main.endsWith('.ts')) {
    try {
      return { ok: true, bundle: { manifest: found.manifest, code: await bundlePluginSource(main, { root: full }), source: full, files } };
    } catch (error) {
      const detail = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
      const where = detail?.location ? ` (${detail.location.file}:${detail.location.line})` : '';
      return { ok: false, issues: [{ code: 'plugin.bundle', severity: 'error', field: 'main', message: `main: ${validation.manifest.main} could not be bundled: ${detail?.text ?? (error as Error).message}${where}` }] };
    }
  }
  const code = await readText(validation.manifest.main);
  if (code === undefined) return { ok: false, issues: [{ code: 'plugin.main.missing', severity: 'error', field: 'main', message: `main: ${validation.manifest.main} does not exist in ${path}` }] };
  // A source map next to the bundle (`//# sourceMappingURL=index.js.map`) maps thrown errors to the source.
  const mapFile = externalSourceMapFile(code);
  const sourceMap = mapFile !== undefined ? await readText(join(dirname(validation.manifest.main), mapFile)) : undefined;
  return { ok: true, bundle: { manifest: found.manifest, code, source: full, files, ...(sourceMap !== undefined ? { sourceMap } : {}) } };
}

// Reads an installable plugin package (.zip: the manifest plus the built bundle) from bytes. Pure: works in the
// browser (install from a file or URL) and in Node (the CLI).
import { MANIFEST_LIMITS, parseManifest, type ManifestIssue } from '@leanflow/plugin-api';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { PluginBundle } from './host/types.ts';
import { externalSourceMapFile } from './source-maps.ts';

/**
 * A problem loading a plugin package or folder (besides manifest problems).
 *
 * @example
 * const issue: PluginLoadIssue = { code: 'plugin.main.missing', severity: 'error', field: 'main', message: 'main: dist/plugin.js is not in the package' };
 */
export interface PluginLoadIssue {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly field?: string;
  readonly message: string;
}

/**
 * The result of reading a plugin: the bundle to install, or what is wrong.
 *
 * @example
 * const loaded = readPluginZip(bytes);
 * if (loaded.ok) await host.install(loaded.bundle);
 */
export type LoadedPlugin = { readonly ok: true; readonly bundle: PluginBundle } | { readonly ok: false; readonly issues: readonly (ManifestIssue | PluginLoadIssue)[] };

/**
 * The manifest file of a plugin (package.json counts too when it has a `leanflow` field).
 *
 * @example
 * await readFile(join(folder, MANIFEST_FILE), 'utf8');
 */
export const MANIFEST_FILE = 'leanflow-plugin.json';

const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;

/** Picks the manifest object out of leanflow-plugin.json or package.json#leanflow text. */
export function manifestFromFiles(files: { readonly manifest?: string; readonly packageJson?: string }): { manifest: unknown } | { issues: PluginLoadIssue[] } {
  if (files.manifest !== undefined) {
    // Refused before JSON.parse: a 20 MB manifest would otherwise be parsed, stored and rendered by the studio.
    if (files.manifest.length > MANIFEST_LIMITS.bytes) {
      const size = `${(files.manifest.length / 1024 / 1024).toFixed(1)} MB`;
      return { issues: [{ code: 'manifest.invalid', severity: 'error', message: `${MANIFEST_FILE} is ${size}; a manifest may be at most ${MANIFEST_LIMITS.bytes / 1024 / 1024} MB` }] };
    }
    try {
      return { manifest: JSON.parse(files.manifest) as unknown };
    } catch (error) {
      return { issues: [{ code: 'manifest.notJson', severity: 'error', message: `${MANIFEST_FILE} is not valid JSON (${(error as Error).message})` }] };
    }
  }
  if (files.packageJson !== undefined) {
    try {
      const pkg = JSON.parse(files.packageJson) as { leanflow?: unknown };
      if (pkg.leanflow !== undefined) return { manifest: pkg.leanflow };
    } catch (error) {
      return { issues: [{ code: 'manifest.notJson', severity: 'error', message: `package.json is not valid JSON (${(error as Error).message})` }] };
    }
  }
  return { issues: [{ code: 'manifest.missing', severity: 'error', message: `no ${MANIFEST_FILE} (or "leanflow" field in package.json) was found` }] };
}

/**
 * Reads a plugin .zip: the manifest at its root (or inside one top folder) and the bundle named by `main`.
 *
 * @example
 * const loaded = readPluginZip(new Uint8Array(await file.arrayBuffer()), 'acme-demo.zip');
 */
export function readPluginZip(bytes: Uint8Array, source = 'plugin.zip'): LoadedPlugin {
  let entries: Record<string, Uint8Array>;
  try {
    let total = 0;
    entries = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new Error(`it unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
        return !file.name.endsWith('/');
      },
    });
  } catch (error) {
    return { ok: false, issues: [{ code: 'plugin.zip', severity: 'error', message: `${source} is not a readable zip file: ${(error as Error).message}` }] };
  }
  return readPluginFiles(entries, source);
}

/**
 * Reads a plugin from its package's files by path (a .zip's entries, an npm tarball's files): the manifest at the
 * root (or inside one top folder), the bundle named by `main` (built JavaScript), the template files and the source
 * map next to the bundle.
 *
 * @example
 * const loaded = readPluginFiles(Object.fromEntries(downloaded.files), 'leanflow-plugin-sla@1.0.0');
 */
export function readPluginFiles(entries: Readonly<Record<string, Uint8Array>>, source = 'plugin'): LoadedPlugin {
  const names = Object.keys(entries);
  const manifestName = names.filter((n) => n.endsWith(MANIFEST_FILE) && n.split('/').length <= 2).sort((a, b) => a.length - b.length)[0];
  const packageName = names.filter((n) => n.endsWith('package.json') && n.split('/').length <= 2).sort((a, b) => a.length - b.length)[0];
  const root = (manifestName ?? packageName ?? '').replace(/[^/]*$/, '');
  const read = (name: string | undefined) => (name !== undefined && entries[name] ? strFromU8(entries[name]!) : undefined);
  const found = manifestFromFiles({
    ...(manifestName !== undefined ? { manifest: read(manifestName)! } : {}),
    ...(packageName !== undefined ? { packageJson: read(packageName)! } : {}),
  });
  if ('issues' in found) return { ok: false, issues: found.issues };
  const validation = parseManifest(JSON.stringify(found.manifest));
  if (!validation.ok) return { ok: false, issues: validation.issues };
  const main = validation.manifest.main;
  if (main.endsWith('.ts')) {
    return { ok: false, issues: [{ code: 'plugin.main.source', severity: 'error', field: 'main', message: `main: ${main} is TypeScript source; a package needs the built .js bundle` }] };
  }
  const code = read(`${root}${main.replace(/^\.\//, '')}`);
  if (code === undefined) return { ok: false, issues: [{ code: 'plugin.main.missing', severity: 'error', field: 'main', message: `main: ${main} is not in ${source}` }] };
  const files: Record<string, string> = {};
  for (const [index, template] of validation.manifest.contributes.processTemplates.entries()) {
    const text = read(`${root}${template.file.replace(/^\.\//, '')}`);
    const field = `contributes.processTemplates.${index}.file`;
    if (text === undefined) return { ok: false, issues: [{ code: 'plugin.file.missing', severity: 'error', field, message: `${field}: ${template.file} is not in ${source}` }] };
    files[template.file] = text;
  }
  const mapFile = externalSourceMapFile(code);
  const sourceMap = mapFile !== undefined ? read(`${root}${main.replace(/^\.\//, '').replace(/[^/]*$/, '')}${mapFile}`) : undefined;
  return { ok: true, bundle: { manifest: found.manifest, code, source, files, ...(sourceMap !== undefined ? { sourceMap } : {}) } };
}

/**
 * Packs a loaded plugin into an installable .zip: the manifest (a TypeScript `main` becomes the bundled
 * `plugin.js`), the bundle and the template files. Pure, so the studio can offer it as a download too.
 *
 * @example
 * const loaded = await loadPlugin('plugins/examples/task-summary');
 * if (loaded.ok) await writeFile('task-summary.zip', createPluginZip(loaded.bundle));
 */
export function createPluginZip(bundle: PluginBundle): Uint8Array {
  const manifest = bundle.manifest as { readonly main?: unknown };
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.main !== 'string') throw new Error('createPluginZip: the manifest has no main');
  const main = manifest.main.endsWith('.ts') ? 'plugin.js' : manifest.main.replace(/^\.\//, '');
  const entries: Record<string, Uint8Array> = {
    [MANIFEST_FILE]: strToU8(`${JSON.stringify({ ...manifest, main }, null, 2)}\n`),
    [main]: strToU8(bundle.code),
  };
  for (const [name, text] of Object.entries(bundle.files ?? {})) entries[name.replace(/^\.\//, '')] = strToU8(text);
  const mapFile = bundle.sourceMap !== undefined ? externalSourceMapFile(bundle.code) : undefined;
  if (mapFile !== undefined && !mapFile.includes('..')) entries[`${main.replace(/[^/]*$/, '')}${mapFile}`] = strToU8(bundle.sourceMap!);
  return zipSync(entries, { level: 6 });
}

// `leanflow plugin install <name>[@range] [--registry URL] [--dir DIR]`: installs a plugin published to an
// npm-compatible registry (npmjs.org, Verdaccio, a company mirror). Reads the packument, picks the version, downloads
// the tarball, checks it against the registry's integrity hash (sha512, else sha1), unpacks it, validates and bundles
// the plugin like `plugin pack`, and writes an installable .zip for `--plugin` and the studio. Nothing is written
// when any step fails.
import { compareVersions, satisfies } from '@leanflow/plugin-api';
import { createPluginZip, loadPlugin } from '@leanflow/plugin-host';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UserInputError, type CommandIo } from '../command.ts';
import { resolveUserPath } from '../io.ts';

/** The registry used without `--registry`: `LEANFLOW_REGISTRY`, else npm's configured one, else npmjs.org. */
export function defaultRegistry(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.LEANFLOW_REGISTRY ?? env.npm_config_registry ?? 'https://registry.npmjs.org/';
}

interface PackumentVersion {
  readonly version: string;
  readonly keywords?: readonly string[];
  readonly dist?: { readonly tarball?: string; readonly integrity?: string; readonly shasum?: string };
}
interface Packument {
  readonly name?: string;
  readonly 'dist-tags'?: Readonly<Record<string, string>>;
  readonly versions?: Readonly<Record<string, PackumentVersion>>;
}

/** `name`, `name@range`, `@scope/name`, `@scope/name@range`. */
function parseSpec(spec: string): { name: string; range: string | undefined } {
  const at = spec.indexOf('@', 1);
  const name = at > 0 ? spec.slice(0, at) : spec;
  const range = at > 0 ? spec.slice(at + 1) : undefined;
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) throw new UserInputError(`"${spec}" is not an npm package name (e.g. leanflow-plugin-first-response or @acme/leanflow-sla@^1).`);
  return { name, range: range === '' ? undefined : range };
}

async function fetchOk(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json, application/octet-stream' } });
  } catch (error) {
    throw new UserInputError(`Cannot reach the registry for ${what} (${url}): ${(error as Error).message}`, 1);
  }
  if (response.status === 404) throw new UserInputError(`${what} is not in the registry ${new URL(url).origin}.`, 1);
  if (!response.ok) throw new UserInputError(`The registry answered ${response.status} ${response.statusText} for ${what} (${url}).`, 1);
  return response;
}

/** Checks `bytes` against an SRI string (`sha512-<base64>`, several allowed) or an npm sha1 hex `shasum`. */
export function checkIntegrity(bytes: Uint8Array, dist: PackumentVersion['dist']): { ok: true; algorithm: string } | { ok: false; message: string } {
  const integrity = dist?.integrity?.trim();
  if (integrity) {
    for (const entry of integrity.split(/\s+/)) {
      const [algorithm, expected] = [entry.slice(0, entry.indexOf('-')), entry.slice(entry.indexOf('-') + 1)];
      if (!['sha512', 'sha384', 'sha256'].includes(algorithm)) continue;
      const actual = createHash(algorithm).update(bytes).digest('base64');
      return actual === expected ? { ok: true, algorithm } : { ok: false, message: `its ${algorithm} is ${actual}, the registry says ${expected}` };
    }
  }
  if (dist?.shasum) {
    const actual = createHash('sha1').update(bytes).digest('hex');
    return actual === dist.shasum ? { ok: true, algorithm: 'sha1' } : { ok: false, message: `its sha1 is ${actual}, the registry says ${dist.shasum}` };
  }
  return { ok: false, message: 'the registry gives no integrity hash for it' };
}

/** The files of a (gzipped) tar archive; npm packages keep everything under `package/`. */
export function untar(gzipped: Uint8Array): Map<string, Uint8Array> {
  const tar = gunzipSync(gzipped);
  const files = new Map<string, Uint8Array>();
  const text = (start: number, length: number) => new TextDecoder().decode(tar.subarray(start, start + length)).replace(/\0.*$/s, '');
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const name = text(offset, 100);
    if (name === '') break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = text(offset + 156, 1);
    const prefix = text(offset + 345, 155);
    const body = offset + 512;
    // Regular files only: directories, links and pax headers ('x', 'g') carry nothing a plugin needs.
    if (type === '0' || type === '') files.set(prefix ? `${prefix}/${name}` : name, tar.slice(body, body + size));
    offset = body + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * Installs `spec` from the registry into `dir` as `<plugin id>-<version>.zip`; returns what it printed.
 *
 * @example
 * await installPlugin(io, 'leanflow-plugin-first-response@^0.1', { registry: 'http://127.0.0.1:4873/' });
 */
export async function installPlugin(io: CommandIo, spec: string, options: { readonly registry?: string; readonly dir?: string } = {}): Promise<number> {
  const { name, range } = parseSpec(spec);
  const registry = (options.registry ?? defaultRegistry()).replace(/\/?$/, '/');
  const packument = (await (await fetchOk(`${registry}${name.replace('/', '%2f')}`, `the package ${name}`)).json()) as Packument;
  const versions = Object.keys(packument.versions ?? {});
  const version = range
    ? versions.filter((v) => satisfies(v, range)).sort(compareVersions).at(-1)
    : (packument['dist-tags']?.latest ?? versions.sort(compareVersions).at(-1));
  if (version === undefined || !packument.versions?.[version]) {
    throw new UserInputError(`${name} has no version${range ? ` matching ${range}` : ''} (published: ${versions.join(', ') || 'none'}).`, 1);
  }
  const meta = packument.versions[version]!;
  if (!meta.dist?.tarball) throw new UserInputError(`${name}@${version} has no tarball in the registry.`, 1);
  const bytes = new Uint8Array(await (await fetchOk(meta.dist.tarball, `${name}@${version}`)).arrayBuffer());
  const integrity = checkIntegrity(bytes, meta.dist);
  if (!integrity.ok) throw new UserInputError(`${name}@${version} was not installed: the download does not match the registry (${integrity.message}).`, 1);
  if (!(meta.keywords ?? []).includes('leanflow-plugin')) io.stderr(`leanflow plugin: warning: ${name} does not have the keyword "leanflow-plugin"; installing it anyway.\n`);

  const unpacked = await mkdtemp(join(tmpdir(), 'leanflow-install-'));
  try {
    for (const [path, content] of untar(bytes)) {
      const relative = normalize(path.replace(/^package\//, ''));
      if (relative.startsWith('..') || relative.startsWith('/')) throw new UserInputError(`${name}@${version} has a file outside its folder (${path}); not installed.`, 1);
      await mkdir(dirname(join(unpacked, relative)), { recursive: true });
      await writeFile(join(unpacked, relative), content);
    }
    const loaded = await loadPlugin(unpacked);
    if (!loaded.ok) throw new UserInputError(`${name}@${version} is not a valid Leanflow plugin:\n${loaded.issues.map((i) => `  ${i.message}`).join('\n')}`, 1);
    const manifest = loaded.bundle.manifest as { id: string; version: string };
    const target = join(resolveUserPath(io, options.dir ?? join('.leanflow', 'plugins')), `${manifest.id}-${manifest.version}.zip`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, createPluginZip({ ...loaded.bundle, source: `${name}@${version}` }));
    io.stdout(`installed ${name}@${version} (plugin ${manifest.id}, ${integrity.algorithm} checked) to ${target}: use it with --plugin ${target}, or install the .zip in the studio\n`);
    return 0;
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

// Plugins published to an npm-compatible registry (npmjs.org, Verdaccio, a company mirror), for the CLI
// (`leanflow plugin install NAME`) and the studio's Extensions view alike: search by the `leanflow-plugin` keyword,
// pick a version, download the tarball, check it against the registry's integrity hash, unpack it. Browser and
// Node: fetch, WebCrypto and fflate, no Node built-ins.
import { compareVersions, satisfies } from '@leanflow/plugin-api';
import { gunzipSync } from 'fflate';

/** The keyword a package carries to be found as a Leanflow plugin. */
export const PLUGIN_KEYWORD = 'leanflow-plugin';
/** The public npm registry (the default when nothing else is configured). */
export const NPM_REGISTRY = 'https://registry.npmjs.org/';

/** One search hit. */
export interface RegistryPackage {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly keywords: readonly string[];
  readonly publisher?: string;
  readonly date?: string;
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

/** A download refused or failed, with a message a user can act on; `code` for tools. */
export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly code: 'registry.spec' | 'registry.unreachable' | 'registry.notFound' | 'registry.status' | 'registry.noVersion' | 'registry.noTarball' | 'registry.integrity' | 'registry.archive',
    message: string,
  ) {
    super(message);
  }
}

type Fetch = (url: string, init?: { readonly headers?: Record<string, string> }) => Promise<Response>;

/** `http://host:4873` -> `http://host:4873/`. */
export function normalizeRegistry(registry: string): string {
  return registry.trim().replace(/\/?$/, '/');
}

/**
 * `name`, `name@range`, `@scope/name`, `@scope/name@range`.
 *
 * @example
 * parsePackageSpec('@acme/leanflow-sla@^1'); // { name: '@acme/leanflow-sla', range: '^1' }
 */
export function parsePackageSpec(spec: string): { name: string; range: string | undefined } {
  const trimmed = spec.trim();
  const at = trimmed.indexOf('@', 1);
  const name = at > 0 ? trimmed.slice(0, at) : trimmed;
  const range = at > 0 ? trimmed.slice(at + 1) : undefined;
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) throw new RegistryError('registry.spec', `"${spec}" is not an npm package name (e.g. leanflow-plugin-first-response or @acme/leanflow-sla@^1).`);
  return { name, range: range === '' ? undefined : range };
}

async function fetchOk(fetcher: Fetch, url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url, { headers: { accept: 'application/json, application/octet-stream' } });
  } catch (error) {
    throw new RegistryError('registry.unreachable', `Cannot reach the registry for ${what} (${url}): ${(error as Error).message}`);
  }
  if (response.status === 404) throw new RegistryError('registry.notFound', `${what} is not in the registry ${new URL(url).origin}.`);
  if (!response.ok) throw new RegistryError('registry.status', `The registry answered ${response.status} ${response.statusText} for ${what} (${url}).`);
  return response;
}

/**
 * Packages with the `leanflow-plugin` keyword matching `text` (the registry's `/-/v1/search`, as npm search uses).
 *
 * @example
 * const hits = await searchPlugins('https://registry.npmjs.org/', 'sla');
 */
export async function searchPlugins(registry: string, text: string, options: { readonly fetch?: Fetch; readonly size?: number } = {}): Promise<RegistryPackage[]> {
  const fetcher: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  const query = `keywords:${PLUGIN_KEYWORD}${text.trim() ? ` ${text.trim()}` : ''}`;
  const url = `${normalizeRegistry(registry)}-/v1/search?text=${encodeURIComponent(query)}&size=${options.size ?? 20}`;
  const body = (await (await fetchOk(fetcher, url, `the search "${text}"`)).json()) as {
    objects?: { package?: { name?: string; version?: string; description?: string; keywords?: string[]; date?: string; publisher?: { username?: string } } }[];
  };
  return (body.objects ?? []).flatMap(({ package: p }) =>
    p && typeof p.name === 'string' && typeof p.version === 'string'
      ? [
          {
            name: p.name,
            version: p.version,
            keywords: Array.isArray(p.keywords) ? p.keywords.filter((k): k is string => typeof k === 'string') : [],
            ...(typeof p.description === 'string' ? { description: p.description } : {}),
            ...(typeof p.publisher?.username === 'string' ? { publisher: p.publisher.username } : {}),
            ...(typeof p.date === 'string' ? { date: p.date } : {}),
          },
        ]
      : [],
  );
}

const HASHES: Readonly<Record<string, string>> = { sha512: 'SHA-512', sha384: 'SHA-384', sha256: 'SHA-256' };

async function digest(algorithm: string, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>));
}
const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Checks `bytes` against an SRI string (`sha512-<base64>`, several allowed) or an npm sha1 hex `shasum`.
 *
 * @example
 * const checked = await checkIntegrity(bytes, { integrity: 'sha512-...' });
 * if (!checked.ok) refuse(checked.message);
 */
export async function checkIntegrity(bytes: Uint8Array, dist: PackumentVersion['dist']): Promise<{ ok: true; algorithm: string } | { ok: false; message: string }> {
  const integrity = dist?.integrity?.trim();
  if (integrity) {
    for (const entry of integrity.split(/\s+/)) {
      const [algorithm, expected] = [entry.slice(0, entry.indexOf('-')), entry.slice(entry.indexOf('-') + 1)];
      const name = HASHES[algorithm];
      if (!name) continue;
      const actual = base64(await digest(name, bytes));
      return actual === expected ? { ok: true, algorithm } : { ok: false, message: `its ${algorithm} is ${actual}, the registry says ${expected}` };
    }
  }
  if (dist?.shasum) {
    const actual = hex(await digest('SHA-1', bytes));
    return actual === dist.shasum ? { ok: true, algorithm: 'sha1' } : { ok: false, message: `its sha1 is ${actual}, the registry says ${dist.shasum}` };
  }
  return { ok: false, message: 'the registry gives no integrity hash for it' };
}

/** The files of a (gzipped) tar archive; npm packages keep everything under `package/`. */
export function untar(gzipped: Uint8Array): Map<string, Uint8Array> {
  const tar = gunzipSync(gzipped);
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  const text = (start: number, length: number) => decoder.decode(tar.subarray(start, start + length)).replace(/\0.*$/s, '');
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

/** A downloaded, checked and unpacked package: its files relative to the package root. */
export interface DownloadedPackage {
  readonly name: string;
  readonly version: string;
  /** The hash that was checked (`sha512`, `sha1`...). */
  readonly algorithm: string;
  /** False when the package lacks the `leanflow-plugin` keyword (installable, but worth a warning). */
  readonly hasKeyword: boolean;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/**
 * Downloads `spec` (`name[@range]`; the `latest` tag, else the highest version) from `registry`, checks the tarball
 * against the registry's integrity hash and unpacks it. Throws a `RegistryError` with a message for the user.
 *
 * @example
 * const downloaded = await downloadPackage('http://127.0.0.1:4873/', 'leanflow-plugin-sla@^0.2');
 */
export async function downloadPackage(registry: string, spec: string, options: { readonly fetch?: Fetch } = {}): Promise<DownloadedPackage> {
  const fetcher: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  const { name, range } = parsePackageSpec(spec);
  const packument = (await (await fetchOk(fetcher, `${normalizeRegistry(registry)}${name.replace('/', '%2f')}`, `the package ${name}`)).json()) as Packument;
  const versions = Object.keys(packument.versions ?? {});
  const version = range ? versions.filter((v) => satisfies(v, range)).sort(compareVersions).at(-1) : (packument['dist-tags']?.latest ?? versions.sort(compareVersions).at(-1));
  if (version === undefined || !packument.versions?.[version]) {
    throw new RegistryError('registry.noVersion', `${name} has no version${range ? ` matching ${range}` : ''} (published: ${versions.join(', ') || 'none'}).`);
  }
  const meta = packument.versions[version]!;
  if (!meta.dist?.tarball) throw new RegistryError('registry.noTarball', `${name}@${version} has no tarball in the registry.`);
  const bytes = new Uint8Array(await (await fetchOk(fetcher, meta.dist.tarball, `${name}@${version}`)).arrayBuffer());
  const integrity = await checkIntegrity(bytes, meta.dist);
  if (!integrity.ok) throw new RegistryError('registry.integrity', `${name}@${version} was not installed: the download does not match the registry (${integrity.message}).`);
  let entries: Map<string, Uint8Array>;
  try {
    entries = untar(bytes);
  } catch (error) {
    throw new RegistryError('registry.archive', `${name}@${version} is not a readable package archive: ${(error as Error).message}`);
  }
  const files = new Map<string, Uint8Array>();
  for (const [path, content] of entries) {
    const relative = path.replace(/^package\//, '').replace(/^\.\//, '');
    if (relative.split('/').some((part) => part === '..') || relative.startsWith('/')) throw new RegistryError('registry.archive', `${name}@${version} has a file outside its folder (${path}); not installed.`);
    files.set(relative, content);
  }
  return { name, version, algorithm: integrity.algorithm, hasKeyword: (meta.keywords ?? []).includes(PLUGIN_KEYWORD), files };
}

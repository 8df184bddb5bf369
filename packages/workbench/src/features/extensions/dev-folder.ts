// A development plugin from a local folder, reloaded when its files change: the File System Access API gives a
// directory handle (Chromium: `showDirectoryPicker`); the files the plugin is made of (manifest, built `main`, its
// source map, templates) are polled for `lastModified`, since the API has no change events. Browsers without the
// API get a clear message instead (the UI asks `canWatchFolders()`).
import { readPluginFiles, type LoadedPlugin } from '@leanflow/plugin-host';

/** The parts of `FileSystemDirectoryHandle` used here (also what tests fake). */
export interface DirectoryLike {
  readonly name: string;
  getDirectoryHandle(name: string): Promise<DirectoryLike>;
  getFileHandle(name: string): Promise<{ getFile(): Promise<{ readonly lastModified: number; readonly size: number; arrayBuffer(): Promise<ArrayBuffer> }> }>;
}

/** Whether this browser can open a folder and watch it (`window.showDirectoryPicker`). */
export function canWatchFolders(scope: object = globalThis): boolean {
  return typeof (scope as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

/** Asks the user for a folder; undefined when they cancel. */
export async function pickFolder(scope: object = globalThis): Promise<DirectoryLike | undefined> {
  const picker = (scope as { showDirectoryPicker?: (options?: { mode?: string }) => Promise<DirectoryLike> }).showDirectoryPicker;
  if (!picker) return undefined;
  try {
    return await picker.call(scope, { mode: 'read' });
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') return undefined;
    throw error;
  }
}

async function fileAt(root: DirectoryLike, path: string): Promise<{ lastModified: number; size: number; bytes(): Promise<Uint8Array> } | undefined> {
  const parts = path.replace(/^\.\//, '').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return undefined;
  try {
    let folder = root;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
    const file = await (await folder.getFileHandle(parts.at(-1)!)).getFile();
    return { lastModified: file.lastModified, size: file.size, bytes: async () => new Uint8Array(await file.arrayBuffer()) };
  } catch {
    return undefined;
  }
}

const MANIFEST_CANDIDATES = ['leanflow-plugin.json', 'package.json'];

/**
 * Reads a plugin from a folder: the manifest, the built `main` (a .js bundle: the author's build or watch writes it),
 * the source map next to it and the templates. Also returns a fingerprint of those files (paths, sizes, times).
 *
 * @example
 * const { loaded, fingerprint } = await readPluginFolder(handle);
 */
export async function readPluginFolder(root: DirectoryLike): Promise<{ loaded: LoadedPlugin; fingerprint: string; files: readonly string[] }> {
  const entries: Record<string, Uint8Array> = {};
  const stamps: string[] = [];
  const add = async (path: string) => {
    if (path in entries) return;
    const file = await fileAt(root, path);
    if (!file) return;
    entries[path] = await file.bytes();
    stamps.push(`${path}:${file.size}:${file.lastModified}`);
  };
  for (const name of MANIFEST_CANDIDATES) await add(name);
  // A first read for the paths the manifest names, then the read that counts.
  const first = readPluginFiles(entries, root.name);
  const manifest = first.ok ? (first.bundle.manifest as { main?: string; contributes?: { processTemplates?: { file?: string }[] } }) : manifestOf(entries);
  if (manifest?.main) {
    await add(manifest.main.replace(/^\.\//, ''));
    const code = entries[manifest.main.replace(/^\.\//, '')];
    const map = code ? /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/.exec(new TextDecoder().decode(code.subarray(Math.max(0, code.length - 2000))))?.[1] : undefined;
    if (map && !map.startsWith('data:')) await add(`${manifest.main.replace(/^\.\//, '').replace(/[^/]*$/, '')}${map}`);
  }
  for (const template of manifest?.contributes?.processTemplates ?? []) if (typeof template.file === 'string') await add(template.file.replace(/^\.\//, ''));
  return { loaded: readPluginFiles(entries, root.name), fingerprint: stamps.sort().join('|'), files: Object.keys(entries).sort() };
}

function manifestOf(entries: Record<string, Uint8Array>): { main?: string; contributes?: { processTemplates?: { file?: string }[] } } | undefined {
  try {
    const text = entries['leanflow-plugin.json'] ?? entries['package.json'];
    if (!text) return undefined;
    const json = JSON.parse(new TextDecoder().decode(text)) as { main?: string; leanflow?: { main?: string } };
    return entries['leanflow-plugin.json'] ? json : json.leanflow;
  } catch {
    return undefined;
  }
}

/**
 * Polls a plugin folder and calls `onChange` with the new read when any of its files changed (a new time or size,
 * a file added or removed). One poll at a time; `dispose` stops it.
 *
 * @example
 * const watcher = watchPluginFolder(handle, fingerprint, (read) => reinstall(read.loaded));
 */
export function watchPluginFolder(
  root: DirectoryLike,
  fingerprint: string,
  onChange: (read: Awaited<ReturnType<typeof readPluginFolder>>) => void | Promise<void>,
  intervalMs = 1000,
): { dispose(): void } {
  let last = fingerprint;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    if (stopped) return;
    try {
      const read = await readPluginFolder(root);
      if (!stopped && read.fingerprint !== last) {
        last = read.fingerprint;
        await onChange(read);
      }
    } catch {
      // The folder went away or permission was withdrawn: keep trying; the next good read reloads.
    }
    if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
  };
  timer = setTimeout(() => void poll(), intervalMs);
  return {
    dispose() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

// Where installed plugins live between sessions: their manifest, bundle, files and enabled flag, plus each
// plugin's own key-value data. IndexedDB database `leanflow-plugins`, separate from the documents' database;
// plugins never reach it themselves (their workers have no IndexedDB), the host reads and writes for them.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { JsonValue } from '@leanflow/plugin-api';
import type { PluginStorageService } from '@leanflow/plugin-host';

/** One installed plugin as stored. Built-in plugins store only their enabled flag (their code ships with the studio). */
export interface StoredPlugin {
  readonly id: string;
  readonly enabled: boolean;
  readonly builtIn?: boolean;
  readonly manifest?: unknown;
  readonly code?: string;
  readonly files?: Readonly<Record<string, string>>;
  /** The bundle's source map when it came as a file of its own (errors then name the plugin's source). */
  readonly sourceMap?: string;
  /** Where it was installed from (file name or URL), shown in the Extensions view. */
  readonly source?: string;
  readonly installedAt?: number;
}

/** Persistence of the plugin service; IndexedDB in the studio, memory in tests. */
export interface PluginStore {
  loadPlugins(): Promise<StoredPlugin[]>;
  putPlugin(plugin: StoredPlugin): Promise<void>;
  /** Removes the plugin and all its data. */
  deletePlugin(id: string): Promise<void>;
  readonly storage: PluginStorageService;
}

interface PluginDb extends DBSchema {
  plugins: { key: string; value: StoredPlugin };
  data: { key: [string, string]; value: { pluginId: string; key: string; value: JsonValue }; indexes: { byPlugin: string } };
}

/**
 * @example
 * const service = new PluginService({ ..., store: createIndexedDbPluginStore() });
 */
export function createIndexedDbPluginStore(name = 'leanflow-plugins'): PluginStore {
  let db: Promise<IDBPDatabase<PluginDb>> | undefined;
  const open = () =>
    (db ??= openDB<PluginDb>(name, 1, {
      upgrade(database) {
        database.createObjectStore('plugins', { keyPath: 'id' });
        database.createObjectStore('data', { keyPath: ['pluginId', 'key'] }).createIndex('byPlugin', 'pluginId');
      },
    }));
  return {
    loadPlugins: async () => (await open()).getAll('plugins'),
    putPlugin: async (plugin) => void (await (await open()).put('plugins', plugin)),
    async deletePlugin(id) {
      const tx = (await open()).transaction(['plugins', 'data'], 'readwrite');
      await tx.objectStore('plugins').delete(id);
      const data = tx.objectStore('data');
      for (const key of await data.index('byPlugin').getAllKeys(id)) await data.delete(key);
      await tx.done;
    },
    storage: {
      get: async (pluginId, key) => (await (await open()).get('data', [pluginId, key]))?.value,
      set: async (pluginId, key, value) => void (await (await open()).put('data', { pluginId, key, value })),
      delete: async (pluginId, key) => (await open()).delete('data', [pluginId, key]),
      keys: async (pluginId) => (await (await open()).getAllFromIndex('data', 'byPlugin', pluginId)).map((entry) => entry.key),
    },
  };
}

/** Memory store for unit tests; `plugins` and `data` are inspectable. */
export function createMemoryPluginStore(): PluginStore & { readonly plugins: Map<string, StoredPlugin>; readonly data: Map<string, Map<string, JsonValue>> } {
  const plugins = new Map<string, StoredPlugin>();
  const data = new Map<string, Map<string, JsonValue>>();
  const bucket = (id: string) => data.get(id) ?? data.set(id, new Map()).get(id)!;
  return {
    plugins,
    data,
    loadPlugins: async () => [...plugins.values()].map((p) => structuredClone(p)),
    putPlugin: async (plugin) => void plugins.set(plugin.id, structuredClone(plugin)),
    deletePlugin: async (id) => {
      plugins.delete(id);
      data.delete(id);
    },
    storage: {
      get: async (pluginId, key) => bucket(pluginId).get(key),
      set: async (pluginId, key, value) => void bucket(pluginId).set(key, value),
      delete: async (pluginId, key) => void bucket(pluginId).delete(key),
      keys: async (pluginId) => [...bucket(pluginId).keys()],
    },
  };
}

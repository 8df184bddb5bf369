// `context.storage` (the plugin's own key-value store, kept by the host).
import type { JsonValue } from '@leanflow/plugin-api';
import { PayloadError, StorageKeySchema, StorageSetSchema, parse, requirePermission } from '../schemas.ts';
import type { RequestHandler } from './context.ts';

export const storageRequests: Readonly<Record<string, RequestHandler>> = {
  'storage.get': async (params, { record, services, pluginId }) => {
    requirePermission(record, 'storage', 'storage.get');
    return (await services.storage.get(pluginId, parse(StorageKeySchema, params, 'storage.get').key)) ?? null;
  },
  'storage.set': async (params, { record, services, pluginId }) => {
    requirePermission(record, 'storage', 'storage.set');
    const entry = parse(StorageSetSchema, params, 'storage.set');
    if (JSON.stringify(entry.value).length > 1_000_000) throw new PayloadError('storage.set was rejected: a value may be at most 1 MB of JSON');
    await services.storage.set(pluginId, entry.key, entry.value as JsonValue);
    return null;
  },
  'storage.delete': async (params, { record, services, pluginId }) => {
    requirePermission(record, 'storage', 'storage.delete');
    await services.storage.delete(pluginId, parse(StorageKeySchema, params, 'storage.delete').key);
    return null;
  },
  'storage.keys': async (_params, { record, services, pluginId }) => {
    requirePermission(record, 'storage', 'storage.keys');
    return [...(await services.storage.keys(pluginId))];
  },
};

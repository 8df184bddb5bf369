// `context.views` (the content of a declared view, and lazy trees telling the studio their data changed).
import { ViewContentSchema, type ViewContent, type ViewContentResult } from '@leanflow/plugin-api';
import { z } from 'zod';
import type { ContributionRegistry } from '../../registry.ts';
import type { PluginRecord } from '../types.ts';
import { PayloadError, id, parse } from '../schemas.ts';
import type { NoteHandler, RequestHandler } from './context.ts';

/** Stores the content, or says why it cannot be shown; a malformed payload throws a PayloadError (reported). */
function showContent(params: unknown, record: PluginRecord, contributions: ContributionRegistry, pluginId: string): ViewContentResult {
  const { viewId, content } = parse(z.object({ viewId: id, content: ViewContentSchema }), params, 'views.setViewContent');
  const view = record.manifest.contributes.views.find((v) => v.id === viewId);
  if (!view) throw new PayloadError(`views.setViewContent: view "${viewId}" is not declared in contributes.views`);
  if (view.kind !== content.kind) throw new PayloadError(`views.setViewContent: view "${viewId}" is a ${view.kind} view, not ${content.kind}`);
  if (contributions.viewOwner(viewId) !== pluginId) return { shown: false, reason: `view "${viewId}" is not shown: the plugin is disabled or being removed` };
  contributions.setViewContent(pluginId, viewId, content as ViewContent);
  if (contributions.isRegistered(pluginId, 'treeDataProvider', viewId))
    return { shown: false, reason: `view "${viewId}" shows the tree of its TreeDataProvider; the content is kept and shown once the provider is disposed` };
  return { shown: true };
}

export const viewRequests: Readonly<Record<string, RequestHandler>> = {
  // A refused payload is reported (the plugin's errors) and rejects the request; the worker resolves the
  // plugin's promise with its message.
  'views.setContent': async (params, { record, contributions, pluginId }) => showContent(params, record, contributions, pluginId),
};

export const viewNotes: Readonly<Record<string, NoteHandler>> = {
  // Workers before API 1.2 sent the content as a notification.
  'views.setContent': (params, { record, contributions, pluginId }) => void showContent(params, record, contributions, pluginId),
  'views.treeChanged': (params, { contributions, pluginId }) => {
    const { viewId, handle } = parse(z.object({ viewId: id, handle: z.number().int().nonnegative().optional() }), params, 'onDidChangeTreeData');
    if (!contributions.isRegistered(pluginId, 'treeDataProvider', viewId)) throw new PayloadError(`onDidChangeTreeData: view "${viewId}" has no tree data provider`);
    contributions.treeDataChanged(pluginId, viewId, handle);
  },
};

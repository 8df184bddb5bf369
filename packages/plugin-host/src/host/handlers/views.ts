// `context.views` (the content of a declared view).
import { ViewContentSchema, type ViewContent } from '@leanflow/plugin-api';
import { z } from 'zod';
import { PayloadError, id, parse } from '../schemas.ts';
import type { NoteHandler } from './context.ts';

export const viewNotes: Readonly<Record<string, NoteHandler>> = {
  'views.setContent': (params, { record, contributions, pluginId }) => {
    const { viewId, content } = parse(z.object({ viewId: id, content: ViewContentSchema }), params, 'views.setViewContent');
    const view = record.manifest.contributes.views.find((v) => v.id === viewId);
    if (!view) throw new PayloadError(`views.setViewContent: view "${viewId}" is not declared in contributes.views`);
    if (view.kind !== content.kind) throw new PayloadError(`views.setViewContent: view "${viewId}" is a ${view.kind} view, not ${content.kind}`);
    contributions.setViewContent(pluginId, viewId, content as ViewContent);
  },
};

// `context.diagnostics` (problems per element, under the plugin's own or a declared source).
import { DiagnosticsByElementSchema, type DiagnosticItem } from '@leanflow/plugin-api';
import { z } from 'zod';
import { PayloadError, id, parse } from '../schemas.ts';
import type { NoteHandler } from './context.ts';

export const diagnosticsNotes: Readonly<Record<string, NoteHandler>> = {
  'diagnostics.set': (params, { record, contributions, pluginId }) => {
    const { source, byElement } = parse(z.object({ source: id, byElement: DiagnosticsByElementSchema }), params, 'diagnostics.set');
    if (source !== record.manifest.id && !record.manifest.contributes.diagnosticsSources.some((d) => d.id === source)) {
      throw new PayloadError(`diagnostics.set: source "${source}" is not declared in contributes.diagnosticsSources`);
    }
    contributions.setDiagnostics(pluginId, source, byElement as Readonly<Record<string, readonly DiagnosticItem[]>>);
  },
  'diagnostics.clear': (params, { contributions, pluginId }) => {
    const { source } = parse(z.object({ source: id }), params, 'diagnostics.clear');
    contributions.clearDiagnostics(pluginId, source);
  },
};

// `context.diagram` (decorations on the diagram, with a legend).
import { DiagramDecorationsSchema, type DecorationLegend, type DiagramDecoration } from '@leanflow/plugin-api';
import { parse } from '../schemas.ts';
import type { NoteHandler } from './context.ts';

export const diagramNotes: Readonly<Record<string, NoteHandler>> = {
  'diagram.setDecorations': (params, { contributions, pluginId }) => {
    const { decorations, legend } = parse(DiagramDecorationsSchema, params, 'diagram.setDecorations');
    contributions.setDecorations(pluginId, decorations as readonly DiagramDecoration[], legend as DecorationLegend | undefined);
  },
  'diagram.clearDecorations': (_params, { contributions, pluginId }) => contributions.setDecorations(pluginId, []),
};

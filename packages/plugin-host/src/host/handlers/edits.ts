// `context.edits` (propose an edit list; the workbench previews and applies it).
import { EditProposalSchema, type EditProposal } from '@leanflow/plugin-api';
import { parse, requirePermission } from '../schemas.ts';
import type { RequestHandler } from './context.ts';

export const editRequests: Readonly<Record<string, RequestHandler>> = {
  'edits.propose': async (params, { record, services, pluginId }) => {
    requirePermission(record, 'proposeEdits', 'edits.propose');
    const proposal = parse(EditProposalSchema, params, 'edits.propose') as EditProposal;
    return await services.applyEdits({ pluginId, proposal });
  },
};

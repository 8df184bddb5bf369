// `context.commands` (executeCommand) and `context.setContextKey`.
import { ContextKeyValueSchema, JsonValueSchema, type JsonValue } from '@leanflow/plugin-api';
import { z } from 'zod';
import { id, parse } from '../schemas.ts';
import type { NoteHandler, RequestHandler } from './context.ts';

export const commandRequests: Readonly<Record<string, RequestHandler>> = {
  'commands.execute': async (params, { executeCommand }) => {
    const call = parse(z.object({ id, args: z.array(JsonValueSchema).max(20) }), params, 'commands.execute');
    const outcome = await executeCommand(call.id, ...(call.args as JsonValue[]));
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome.value ?? null;
  },
};

export const commandNotes: Readonly<Record<string, NoteHandler>> = {
  'context.set': (params, { contributions, pluginId }) => {
    const { key, value } = parse(z.object({ key: id, value: ContextKeyValueSchema }), params, 'context.set');
    contributions.setContextKey(pluginId, key, value);
  },
};

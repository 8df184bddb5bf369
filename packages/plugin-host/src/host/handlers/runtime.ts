// The worker runtime's own notes (not an API namespace): started, out of memory, an error the plugin caught.
import { ErrorNoteSchema, MemoryExceededSchema, parse } from '../schemas.ts';
import type { NoteHandler } from './context.ts';

export const runtimeNotes: Readonly<Record<string, NoteHandler>> = {
  ready: (_params, { worker }) => worker.markReady(),
  // The worker's memory guard refused an allocation over the limit: stop it now, even if it never yields.
  'memory.exceeded': (params, { outOfMemory }, method) => outOfMemory(parse(MemoryExceededSchema, params, method).usedBytes),
  error: (params, { addError, pluginId }) => {
    const note = parse(ErrorNoteSchema, params, 'error');
    addError({ pluginId, where: note.where, message: note.message, ...(note.stack ? { stack: note.stack } : {}), time: Date.now() });
  },
};

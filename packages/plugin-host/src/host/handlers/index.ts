// Every request and notification a plugin may send, by method: one file per API namespace.
import { commandNotes, commandRequests } from './commands.ts';
import type { NoteHandler, RequestHandler } from './context.ts';
import { diagnosticsNotes } from './diagnostics.ts';
import { diagramNotes } from './diagram.ts';
import { editRequests } from './edits.ts';
import { registrationNotes } from './registrations.ts';
import { runtimeNotes } from './runtime.ts';
import { simulationRequests } from './simulation.ts';
import { storageRequests } from './storage.ts';
import { viewNotes, viewRequests } from './views.ts';
import { windowNotes, windowRequests } from './window.ts';

export type { NoteContext, NoteHandler, RequestContext, RequestHandler } from './context.ts';

export const REQUEST_HANDLERS: ReadonlyMap<string, RequestHandler> = new Map(
  Object.entries({ ...commandRequests, ...editRequests, ...simulationRequests, ...windowRequests, ...storageRequests, ...viewRequests }),
);

export const NOTE_HANDLERS: ReadonlyMap<string, NoteHandler> = new Map(
  Object.entries({ ...runtimeNotes, ...registrationNotes, ...diagnosticsNotes, ...windowNotes, ...commandNotes, ...viewNotes, ...diagramNotes }),
);

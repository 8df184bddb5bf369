// `register*` of every namespace (commands, scoring rules, suggestion providers, tree views): only what the
// manifest declares.
import type { RegistrationKind } from '../../protocol.ts';
import { PayloadError, RegistrationSchema, parse } from '../schemas.ts';
import type { NoteHandler } from './context.ts';

const registration: NoteHandler = (params, { record, contributions, pluginId }, method) => {
  const c = record.manifest.contributes;
  const registered = parse(RegistrationSchema, params, method);
  const declared: Record<RegistrationKind, readonly string[]> = {
    command: c.commands.map((x) => x.command),
    scoringRule: c.scoringRules.map((x) => x.id),
    suggestionProvider: c.suggestionProviders.map((x) => x.id),
    treeDataProvider: c.views.map((x) => x.id),
  };
  if (!declared[registered.kind].includes(registered.id)) throw new PayloadError(`${method}: ${registered.kind} "${registered.id}" is not declared in the manifest`);
  contributions.setRegistered(pluginId, registered.kind, registered.id, method === 'register');
};

export const registrationNotes: Readonly<Record<string, NoteHandler>> = { register: registration, unregister: registration };

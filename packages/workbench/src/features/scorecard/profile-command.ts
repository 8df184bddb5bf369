// Stores the scorecard profile in the live bpmn-js document through the command stack: one undoable step, the
// document turns dirty and is autosaved like any diagram edit. Only our `lf:scorecardProfile` element changes; on
// undo the hosts' extension elements are put back exactly as they were (the same approach as the scenarios'
// command in features/properties).
import { readScorecardProfile, writeScorecardProfile, type ModdleElement, type ModdleInstance, type StoredScorecardProfile } from '@leanflow/model';

export const UPDATE_SCORECARD_PROFILE_COMMAND = 'leanflow.scorecardProfile.update';

interface Modeler {
  get<T>(name: string): T;
  getDefinitions(): ModdleElement | undefined;
}

interface CommandStack {
  register(command: string, handler: unknown): void;
  execute(command: string, context: Record<string, unknown>): void;
}

interface Snapshot {
  host: ModdleElement;
  extensionElements: ModdleElement | undefined;
  values: ModdleElement[] | undefined;
}

interface UpdateContext {
  profile: StoredScorecardProfile | undefined;
  snapshot?: Snapshot[];
}

class UpdateProfileHandler {
  constructor(
    private readonly modeler: Modeler,
    private readonly moddle: ModdleInstance,
  ) {}

  execute(context: UpdateContext): unknown[] {
    const definitions = this.modeler.getDefinitions();
    if (!definitions) return [];
    const roots = (definitions['rootElements'] as ModdleElement[] | undefined) ?? [];
    context.snapshot = roots
      .filter((r) => r.$type === 'bpmn:Collaboration' || r.$type === 'bpmn:Process')
      .map((host) => {
        const extensionElements = host['extensionElements'] as ModdleElement | undefined;
        const values = extensionElements?.['values'] as ModdleElement[] | undefined;
        return { host, extensionElements, values: values ? [...values] : undefined };
      });
    writeScorecardProfile(this.moddle, definitions, context.profile);
    return [];
  }

  revert(context: UpdateContext): unknown[] {
    for (const { host, extensionElements, values } of context.snapshot ?? []) {
      host.set('extensionElements', extensionElements);
      if (extensionElements) extensionElements.set('values', values ? [...values] : []);
    }
    return [];
  }
}

const registered = new WeakSet<object>();

/** The profile stored in the live document, if any (envelope only; validate with parseStoredProfile). */
export function readLiveProfile(modeler: Modeler): StoredScorecardProfile | undefined {
  const definitions = modeler.getDefinitions();
  return definitions ? readScorecardProfile(definitions).profile : undefined;
}

/** Stores `profile` in the live document (undefined removes it) as one Undo step. */
export function writeLiveProfile(modeler: Modeler, profile: StoredScorecardProfile | undefined): void {
  const commandStack = modeler.get<CommandStack>('commandStack');
  if (!registered.has(commandStack)) {
    commandStack.register(UPDATE_SCORECARD_PROFILE_COMMAND, new UpdateProfileHandler(modeler, modeler.get<ModdleInstance>('moddle')));
    registered.add(commandStack);
  }
  const context: UpdateContext = { profile: profile ? structuredClone(profile) : undefined };
  commandStack.execute(UPDATE_SCORECARD_PROFILE_COMMAND, context as unknown as Record<string, unknown>);
}

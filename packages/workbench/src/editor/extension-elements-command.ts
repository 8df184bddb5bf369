// A bpmn-js command that rewrites Leanflow's own extension elements (scenarios, the scorecard profile) of the live
// document as one undoable step: the document turns dirty and is autosaved like any diagram edit.
//
// Why a custom handler instead of modeling.updateModdleProperties: writing our element may create the host's
// extensionElements or replace a container; one handler that snapshots every host's extension elements and puts
// exactly those back on undo covers every case with the same code. Nothing else of the document changes (no XML
// is re-imported).
import type { ModdleElement, ModdleInstance } from '@leanflow/model';

/** The part of a bpmn-js Modeler the command needs. */
export interface ExtensionModeler {
  get<T>(name: string): T;
  getDefinitions(): ModdleElement | undefined;
}

interface CommandStack {
  register(command: string, handler: unknown): void;
  execute(command: string, context: Record<string, unknown>): void;
}

interface HostSnapshot {
  host: ModdleElement;
  extensionElements: ModdleElement | undefined;
  values: ModdleElement[] | undefined;
}

interface CommandContext<T> {
  payload: T;
  snapshot?: HostSnapshot[];
}

/** Writes `payload` into the definitions (e.g. `writeScenarios`); called on execute and on redo. */
export type ExtensionWriter<T> = (moddle: ModdleInstance, definitions: ModdleElement, payload: T) => void;

/** Our elements live under the collaboration or the processes. */
function hosts(definitions: ModdleElement): ModdleElement[] {
  const roots = (definitions['rootElements'] as ModdleElement[] | undefined) ?? [];
  return roots.filter((r) => r.$type === 'bpmn:Collaboration' || r.$type === 'bpmn:Process');
}

class ExtensionElementsHandler<T> {
  constructor(
    private readonly modeler: ExtensionModeler,
    private readonly moddle: ModdleInstance,
    private readonly write: ExtensionWriter<T>,
  ) {}

  execute(context: CommandContext<T>): unknown[] {
    const definitions = this.modeler.getDefinitions();
    if (!definitions) return [];
    context.snapshot = hosts(definitions).map((host) => {
      const extensionElements = host['extensionElements'] as ModdleElement | undefined;
      const values = extensionElements?.['values'] as ModdleElement[] | undefined;
      return { host, extensionElements, values: values ? [...values] : undefined };
    });
    this.write(this.moddle, definitions, context.payload);
    return [];
  }

  revert(context: CommandContext<T>): unknown[] {
    for (const { host, extensionElements, values } of context.snapshot ?? []) {
      host.set('extensionElements', extensionElements);
      if (extensionElements) extensionElements.set('values', values ? [...values] : []);
    }
    return [];
  }
}

/** Command stacks that know a command id already (a language switch creates a new modeler, hence a new stack). */
const registered = new WeakMap<object, Set<string>>();

/**
 * Runs `write(payload)` on the live document as one command of its command stack (one Undo step).
 *
 * @example
 * executeExtensionCommand(modeler, 'leanflow.scenarios.update', writeScenarios, scenarios);
 */
export function executeExtensionCommand<T>(modeler: ExtensionModeler, commandId: string, write: ExtensionWriter<T>, payload: T): void {
  const commandStack = modeler.get<CommandStack>('commandStack');
  const known = registered.get(commandStack) ?? new Set<string>();
  registered.set(commandStack, known);
  if (!known.has(commandId)) {
    commandStack.register(commandId, new ExtensionElementsHandler(modeler, modeler.get<ModdleInstance>('moddle'), write));
    known.add(commandId);
  }
  const context: CommandContext<T> = { payload };
  commandStack.execute(commandId, context as unknown as Record<string, unknown>);
}

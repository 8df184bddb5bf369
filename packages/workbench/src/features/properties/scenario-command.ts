// Writes the Properties panel's scenario edits into the live bpmn-js document through the command stack, so each
// edit is one undoable step, marks the document dirty and is autosaved like any diagram edit.
//
// Why a custom command handler instead of modeling.updateModdleProperties: creating, duplicating, deleting and
// activating scenarios change the `lf:scenarios` container (and may create the host's extensionElements) — one
// handler that puts the whole scenario list in place, and restores exactly the previous elements on undo, covers
// all of them with the same code. Only our `lf:scenarios` element is replaced; the rest of the document is untouched
// (no XML is re-imported).
import { readScenarios, writeScenarios, type ModdleElement, type ModdleInstance, type Scenario } from '@leanflow/model';
import type { ScenarioSet } from './scenario-ops.ts';

export const UPDATE_SCENARIOS_COMMAND = 'leanflow.scenarios.update';

interface Modeler {
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

interface UpdateContext {
  scenarios: Scenario[];
  activeScenarioId: string | undefined;
  snapshot?: HostSnapshot[];
}

function hosts(definitions: ModdleElement): ModdleElement[] {
  const roots = (definitions['rootElements'] as ModdleElement[] | undefined) ?? [];
  return roots.filter((r) => r.$type === 'bpmn:Collaboration' || r.$type === 'bpmn:Process');
}

/** The handler: execute replaces the scenarios, revert puts the previous extension elements back as they were. */
class UpdateScenariosHandler {
  constructor(
    private readonly modeler: Modeler,
    private readonly moddle: ModdleInstance,
  ) {}

  execute(context: UpdateContext): unknown[] {
    const definitions = this.modeler.getDefinitions();
    if (!definitions) return [];
    context.snapshot = hosts(definitions).map((host) => {
      const extensionElements = host['extensionElements'] as ModdleElement | undefined;
      const values = extensionElements?.['values'] as ModdleElement[] | undefined;
      return { host, extensionElements, values: values ? [...values] : undefined };
    });
    writeScenarios(this.moddle, definitions, context.scenarios, context.activeScenarioId !== undefined ? { activeScenarioId: context.activeScenarioId } : {});
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

/** Registers the handler on a modeler's command stack (once per modeler; a language switch creates a new one). */
function ensureHandler(modeler: Modeler): CommandStack {
  const commandStack = modeler.get<CommandStack>('commandStack');
  if (!registered.has(commandStack)) {
    commandStack.register(UPDATE_SCENARIOS_COMMAND, new UpdateScenariosHandler(modeler, modeler.get<ModdleInstance>('moddle')));
    registered.add(commandStack);
  }
  return commandStack;
}

/** The scenarios stored in the live document (`lf:scenarios`), read from bpmn-js's definitions. */
export function readLiveScenarios(modeler: Modeler): ScenarioSet & { issues: ReturnType<typeof readScenarios>['issues'] } {
  const definitions = modeler.getDefinitions();
  if (!definitions) return { scenarios: [], activeScenarioId: undefined, issues: [] };
  const stored = readScenarios(definitions);
  return { scenarios: stored.scenarios, activeScenarioId: stored.activeScenarioId, issues: stored.issues };
}

/** Writes a scenario set as one command (one Undo step). */
export function writeLiveScenarios(modeler: Modeler, set: ScenarioSet): void {
  const context: UpdateContext = { scenarios: set.scenarios.map((s) => structuredClone(s)), activeScenarioId: set.activeScenarioId };
  ensureHandler(modeler).execute(UPDATE_SCENARIOS_COMMAND, context as unknown as Record<string, unknown>);
}

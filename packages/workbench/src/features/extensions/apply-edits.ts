// Applies a plugin's edit proposal to the open diagram through bpmn-js `modeling`, inside one command of the
// command stack, so one Undo reverts the whole proposal and the document is marked changed (and autosaved).
import type { EditProposal, EditResult } from '@leanflow/plugin-api';

interface ShapeLike {
  readonly id: string;
  readonly businessObject?: unknown;
}
interface ModelerLike {
  get<T>(name: string): T;
}
interface CommandStackLike {
  register(command: string, handler: object): void;
  execute(command: string, context: object): void;
}
interface ModelingLike {
  updateLabel(element: ShapeLike, text: string): void;
  updateProperties(element: ShapeLike, properties: Record<string, unknown>): void;
  removeElements(elements: ShapeLike[]): void;
}

const COMMAND = 'leanflow.plugin.applyEdits';
const SUPPORTED = new Set(['rename', 'setProperty', 'removeElement']);
const registered = new WeakSet<object>();

/** Messages a business user reads when a proposal cannot be applied. */
export interface EditMessages {
  noEditor(): string;
  missing(elementId: string): string;
  unsupported(kind: string): string;
  failed(detail: string): string;
}

/**
 * @example
 * const result = applyEditProposal(workbench.activeEditor?.modeler, proposal, messages);
 */
export function applyEditProposal(modeler: ModelerLike | undefined, proposal: EditProposal, messages: EditMessages): EditResult {
  if (!modeler) return { applied: false, reason: messages.noEditor() };
  const unsupported = proposal.edits.find((edit) => !SUPPORTED.has(edit.kind));
  if (unsupported) return { applied: false, reason: messages.unsupported(unsupported.kind) };
  for (const edit of proposal.edits) {
    if (edit.kind === 'setProperty' && edit.property.startsWith('scenario.')) return { applied: false, reason: messages.unsupported('setProperty scenario') };
  }
  const elementRegistry = modeler.get<{ get(id: string): ShapeLike | undefined }>('elementRegistry');
  for (const edit of proposal.edits) {
    const id = 'elementId' in edit ? edit.elementId : undefined;
    if (id !== undefined && !elementRegistry.get(id)) return { applied: false, reason: messages.missing(id) };
  }
  const commandStack = modeler.get<CommandStackLike>('commandStack');
  const modeling = modeler.get<ModelingLike>('modeling');
  if (!registered.has(commandStack)) {
    // Nested commands run in preExecute share the parent's undo step.
    commandStack.register(COMMAND, {
      preExecute(context: { run(): void }) {
        context.run();
      },
      execute: () => [],
      revert: () => [],
    });
    registered.add(commandStack);
  }
  try {
    commandStack.execute(COMMAND, {
      run() {
        for (const edit of proposal.edits) {
          const element = 'elementId' in edit ? elementRegistry.get(edit.elementId) : undefined;
          if (!element) continue; // removed by an earlier edit of the same proposal
          if (edit.kind === 'rename') modeling.updateLabel(element, edit.name);
          else if (edit.kind === 'setProperty') modeling.updateProperties(element, { [edit.property]: edit.value });
          else if (edit.kind === 'removeElement') modeling.removeElements([element]);
        }
      },
    });
  } catch (error) {
    return { applied: false, reason: messages.failed(error instanceof Error ? error.message : String(error)) };
  }
  return { applied: true };
}

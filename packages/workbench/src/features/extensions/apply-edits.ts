// Applies a plugin's edit proposal to the open diagram as ONE command-stack step, so one Undo reverts the whole
// proposal and the document is marked changed (and autosaved). Renames and BPMN attributes are plain `modeling`
// calls; every other edit kind is translated to analysis `ModelEdit`s, applied to the current XML with `applyEdits`
// (the same code that previews suggestions), and the live diagram is reconciled to that result by the
// `leanflow.applyModel` command (features/suggestions/reconcile.ts) — the same mechanism as applying a suggestion.
import { applyEdits } from '@leanflow/analysis';
import { processEditsToModelEdits, type EditProposal, type EditResult } from '@leanflow/plugin-api';
import { applyModelInPlace } from '../suggestions/reconcile.ts';

interface ShapeLike {
  readonly id: string;
  readonly businessObject?: unknown;
}
interface ModelerLike {
  get<T>(name: string): T;
  getDefinitions?(): unknown;
  saveXML?(options: { format: boolean }): Promise<{ xml?: string }>;
}
interface CommandStackLike {
  register(command: string, handler: object): void;
  execute(command: string, context: object): void;
}
interface ModelingLike {
  updateLabel(element: ShapeLike, text: string): void;
  updateProperties(element: ShapeLike, properties: Record<string, unknown>): void;
}

const COMMAND = 'leanflow.plugin.applyEdits';
const registered = new WeakSet<object>();

/** Messages a business user reads when a proposal cannot be applied. */
export interface EditMessages {
  noEditor(): string;
  missing(elementId: string): string;
  unsupported(kind: string): string;
  failed(detail: string): string;
}

/** Ids an edit refers to that must exist before it runs (ids it creates are not checked). */
function referencedIds(edit: EditProposal['edits'][number]): string[] {
  switch (edit.kind) {
    case 'reconnect':
      return [edit.flowId, ...(edit.sourceId ? [edit.sourceId] : []), ...(edit.targetId ? [edit.targetId] : [])];
    case 'insertTask':
      return [edit.flowId];
    case 'mergeTasks':
    case 'insertParallelBlock':
      return [...edit.elementIds];
    case 'moveElement':
      return [edit.elementId, ...[edit.throughId, edit.continueFlowId, edit.afterId, edit.ontoFlowId].filter((id): id is string => id !== undefined)];
    case 'setScenarioParameter':
      return [];
    default:
      return [edit.elementId];
  }
}

/**
 * @example
 * const result = await applyEditProposal(workbench.activeEditor?.modeler, proposal, messages);
 */
export async function applyEditProposal(modeler: ModelerLike | undefined, proposal: EditProposal, messages: EditMessages): Promise<EditResult> {
  if (!modeler) return { applied: false, reason: messages.noEditor() };
  const elementRegistry = modeler.get<{ get(id: string): ShapeLike | undefined }>('elementRegistry');
  for (const edit of proposal.edits) {
    const missing = referencedIds(edit).find((id) => !elementRegistry.get(id));
    if (missing !== undefined) return { applied: false, reason: messages.missing(missing) };
  }
  const { modelEdits, attributes } = processEditsToModelEdits(proposal.edits);
  const setAttributes = (modeling: ModelingLike, registry: { get(id: string): ShapeLike | undefined }) => {
    for (const a of attributes) {
      const element = registry.get(a.elementId);
      if (!element) continue; // removed by an earlier edit of the same proposal
      if (a.property === 'name') modeling.updateLabel(element, String(a.value ?? ''));
      else modeling.updateProperties(element, { [a.property]: a.value });
    }
  };
  // Only renames and attributes: direct modeling calls in one command (no XML round trip).
  const structural = modelEdits.filter((e) => e.type !== 'renameElement');
  if (structural.length === 0) {
    const renames = modelEdits.flatMap((e) => (e.type === 'renameElement' ? [e] : []));
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
          for (const r of renames) {
            const element = elementRegistry.get(r.elementId);
            if (element) modeling.updateLabel(element, r.name);
          }
          setAttributes(modeling, elementRegistry);
        },
      });
    } catch (error) {
      return { applied: false, reason: messages.failed(error instanceof Error ? error.message : String(error)) };
    }
    return { applied: true };
  }
  if (!modeler.saveXML || !modeler.getDefinitions) return { applied: false, reason: messages.noEditor() };
  const { xml } = await modeler.saveXML({ format: true });
  if (!xml) return { applied: false, reason: messages.noEditor() };
  const target = await applyEdits(xml, modelEdits);
  if (target.xml === undefined) return { applied: false, reason: messages.failed(target.issues.map((i) => i.message).join(' ')) };
  const result = await applyModelInPlace(modeler as Parameters<typeof applyModelInPlace>[0], target.xml, attributes.length > 0 ? { extra: setAttributes } : {});
  if (result.ok) return { applied: true };
  return { applied: false, reason: result.reason === 'unsupported' ? messages.unsupported(result.detail) : messages.failed(result.detail) };
}

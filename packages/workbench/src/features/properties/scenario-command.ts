// Writes the Properties panel's scenario edits into the live bpmn-js document through the command stack, so each
// edit is one undoable step, marks the document dirty and is autosaved like any diagram edit. Creating, duplicating,
// deleting and activating scenarios all put the whole `lf:scenarios` list in place (editor/extension-elements-command).
import { readScenarios, writeScenarios, type ModdleElement, type ModdleInstance } from '@leanflow/model';
import { executeExtensionCommand, type ExtensionModeler } from '../../editor/extension-elements-command.ts';
import type { ScenarioSet } from './scenario-ops.ts';

export const UPDATE_SCENARIOS_COMMAND = 'leanflow.scenarios.update';

function writeScenarioSet(moddle: ModdleInstance, definitions: ModdleElement, set: ScenarioSet): void {
  writeScenarios(moddle, definitions, set.scenarios, set.activeScenarioId !== undefined ? { activeScenarioId: set.activeScenarioId } : {});
}

/** The scenarios stored in the live document (`lf:scenarios`), read from bpmn-js's definitions. */
export function readLiveScenarios(modeler: ExtensionModeler): ScenarioSet & { issues: ReturnType<typeof readScenarios>['issues'] } {
  const definitions = modeler.getDefinitions();
  if (!definitions) return { scenarios: [], activeScenarioId: undefined, issues: [] };
  const stored = readScenarios(definitions);
  return { scenarios: stored.scenarios, activeScenarioId: stored.activeScenarioId, issues: stored.issues };
}

/** Writes a scenario set as one command (one Undo step). */
export function writeLiveScenarios(modeler: ExtensionModeler, set: ScenarioSet): void {
  const copy: ScenarioSet = { scenarios: set.scenarios.map((s) => structuredClone(s)), activeScenarioId: set.activeScenarioId };
  executeExtensionCommand(modeler, UPDATE_SCENARIOS_COMMAND, writeScenarioSet, copy);
}

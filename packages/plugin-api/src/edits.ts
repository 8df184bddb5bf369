// The plugin edit language (`ProcessEdit`, discriminated by `kind`) and the analysis edit language (`ModelEdit`,
// discriminated by `type`) side by side: the host translates a plugin's proposal before `applyEdits`, and a plugin
// built on the analysis suggestion providers translates their edits back. analysis cannot import plugin-api
// (layering), so the translation lives here.
import type { EditableNodeType, ModelEdit } from '@leanflow/analysis';
import type { GatewayType, InsertableTaskType, JsonValue, ProcessEdit } from './api.ts';

const bpmnType = (local: InsertableTaskType | GatewayType): EditableNodeType => `bpmn:${local[0]!.toUpperCase()}${local.slice(1)}` as EditableNodeType;
const localType = (type: EditableNodeType): string => `${type.slice(5, 6).toLowerCase()}${type.slice(6)}`;

/** A BPMN attribute a plugin sets (`setProperty` without the `scenario.` prefix); not a model transformation. */
export interface AttributeEdit {
  readonly elementId: string;
  readonly property: string;
  readonly value: JsonValue;
}

/**
 * Splits a plugin's edits into model transformations (for `applyEdits`) and plain BPMN attribute changes.
 * `insertTask` without an id gets `<flowId>_task` (stable, so a preview and the applied model agree).
 *
 * @example
 * const { modelEdits, attributes } = processEditsToModelEdits([{ kind: 'rename', elementId: 'Task_1', name: 'Check' }]);
 * // modelEdits: [{ type: 'renameElement', elementId: 'Task_1', name: 'Check' }], attributes: []
 */
export function processEditsToModelEdits(edits: readonly ProcessEdit[]): { modelEdits: ModelEdit[]; attributes: AttributeEdit[] } {
  const modelEdits: ModelEdit[] = [];
  const attributes: AttributeEdit[] = [];
  for (const edit of edits) {
    switch (edit.kind) {
      case 'removeElement':
        modelEdits.push({ type: 'removeElement', elementId: edit.elementId });
        break;
      case 'rename':
        modelEdits.push({ type: 'renameElement', elementId: edit.elementId, name: edit.name });
        break;
      case 'setProperty':
        if (edit.property.startsWith('scenario.')) modelEdits.push({ type: 'setScenarioParameter', path: edit.property.slice('scenario.'.length), value: edit.value });
        else attributes.push({ elementId: edit.elementId, property: edit.property, value: edit.value });
        break;
      case 'reconnect':
        modelEdits.push({ type: 'reconnectFlow', flowId: edit.flowId, ...(edit.sourceId !== undefined ? { sourceId: edit.sourceId } : {}), ...(edit.targetId !== undefined ? { targetId: edit.targetId } : {}) });
        break;
      case 'insertTask':
        modelEdits.push({ type: 'insertTask', flowId: edit.flowId, elementId: edit.id ?? `${edit.flowId}_task`, name: edit.name, taskType: bpmnType(edit.taskType) });
        break;
      case 'changeTaskType':
        modelEdits.push({ type: 'changeType', elementId: edit.elementId, newType: bpmnType(edit.taskType) });
        break;
      case 'changeGatewayType':
        modelEdits.push({ type: 'changeType', elementId: edit.elementId, newType: bpmnType(edit.gatewayType) });
        break;
      case 'mergeTasks':
        modelEdits.push({ type: 'mergeTasks', elementIds: [...edit.elementIds], name: edit.name });
        break;
      case 'insertParallelBlock':
        modelEdits.push({ type: 'insertParallelBlock', elementIds: [...edit.elementIds], splitId: edit.splitId, joinId: edit.joinId });
        break;
      case 'moveElement': {
        const { kind: _kind, ...rest } = edit;
        modelEdits.push({ type: 'moveElement', ...rest });
        break;
      }
      case 'splitGateway':
        modelEdits.push({ type: 'splitGateway', elementId: edit.elementId, newId: edit.newId });
        break;
      case 'insertBypass':
        modelEdits.push({ type: 'insertBypass', elementId: edit.elementId, splitId: edit.splitId, joinId: edit.joinId, name: edit.name, skipProbability: edit.skipProbability });
        break;
      case 'setScenarioParameter':
        modelEdits.push({ type: 'setScenarioParameter', path: edit.path, value: edit.value, ...(edit.scenarioId !== undefined ? { scenarioId: edit.scenarioId } : {}) });
        break;
    }
  }
  return { modelEdits, attributes };
}

/**
 * The plugin form of analysis edits (what a suggestion provider built on the analysis providers returns).
 *
 * @example
 * modelEditsToProcessEdits([{ type: 'changeType', elementId: 'T', newType: 'bpmn:ServiceTask' }]);
 * // [{ kind: 'changeTaskType', elementId: 'T', taskType: 'serviceTask' }]
 */
export function modelEditsToProcessEdits(edits: readonly ModelEdit[]): ProcessEdit[] {
  return edits.map((edit): ProcessEdit => {
    switch (edit.type) {
      case 'removeElement':
        return { kind: 'removeElement', elementId: edit.elementId };
      case 'renameElement':
        return { kind: 'rename', elementId: edit.elementId, name: edit.name };
      case 'changeType':
        return edit.newType.endsWith('Gateway')
          ? { kind: 'changeGatewayType', elementId: edit.elementId, gatewayType: localType(edit.newType) as GatewayType }
          : { kind: 'changeTaskType', elementId: edit.elementId, taskType: localType(edit.newType) as InsertableTaskType };
      case 'mergeTasks':
        return { kind: 'mergeTasks', elementIds: [...edit.elementIds], name: edit.name };
      case 'reconnectFlow':
        return { kind: 'reconnect', flowId: edit.flowId, ...(edit.sourceId !== undefined ? { sourceId: edit.sourceId } : {}), ...(edit.targetId !== undefined ? { targetId: edit.targetId } : {}) };
      case 'insertParallelBlock':
        return { kind: 'insertParallelBlock', elementIds: [...edit.elementIds], splitId: edit.splitId, joinId: edit.joinId };
      case 'moveElement': {
        const { type: _type, ...rest } = edit;
        return { kind: 'moveElement', ...rest };
      }
      case 'splitGateway':
        return { kind: 'splitGateway', elementId: edit.elementId, newId: edit.newId };
      case 'insertBypass':
        return { kind: 'insertBypass', elementId: edit.elementId, splitId: edit.splitId, joinId: edit.joinId, name: edit.name, skipProbability: edit.skipProbability };
      case 'insertTask':
        return { kind: 'insertTask', flowId: edit.flowId, id: edit.elementId, name: edit.name, taskType: localType(edit.taskType ?? 'bpmn:UserTask') as InsertableTaskType };
      case 'setScenarioParameter':
        return { kind: 'setScenarioParameter', path: edit.path, value: edit.value as JsonValue, ...(edit.scenarioId !== undefined ? { scenarioId: edit.scenarioId } : {}) };
    }
  });
}

// Every analysis ModelEdit kind has a ProcessEdit form that passes the host's schema and translates back unchanged.
import type { ModelEdit } from '@leanflow/analysis';
import { describe, expect, it } from 'vitest';
import { modelEditsToProcessEdits, processEditsToModelEdits } from './edits.ts';
import { ProcessEditSchema } from './schemas.ts';

const EVERY_KIND: ModelEdit[] = [
  { type: 'removeElement', elementId: 'Task_A' },
  { type: 'renameElement', elementId: 'Task_A', name: 'Check order' },
  { type: 'changeType', elementId: 'Task_A', newType: 'bpmn:ServiceTask' },
  { type: 'changeType', elementId: 'Gateway_J', newType: 'bpmn:ExclusiveGateway' },
  { type: 'mergeTasks', elementIds: ['Task_A', 'Task_B'], name: 'Check and qualify' },
  { type: 'reconnectFlow', flowId: 'Flow_1', targetId: 'Task_C' },
  { type: 'insertParallelBlock', elementIds: ['Task_A', 'Task_B'], splitId: 'Split_1', joinId: 'Join_1' },
  { type: 'moveElement', elementId: 'Task_A', throughId: 'Gateway_A', continueFlowId: 'Flow_2', ontoFlowId: 'Flow_5' },
  { type: 'splitGateway', elementId: 'Gateway_M', newId: 'Gateway_M_split' },
  { type: 'insertBypass', elementId: 'Task_Approve', splitId: 'Gateway_S', joinId: 'Gateway_J', name: 'Below threshold?', skipProbability: 0.5 },
  { type: 'insertTask', flowId: 'Flow_1', elementId: 'Task_New', name: 'Call the customer', taskType: 'bpmn:UserTask' },
  { type: 'setScenarioParameter', path: 'pools.sales.headcount', value: 3, scenarioId: 'as-is' },
];

describe('ProcessEdit <-> ModelEdit', () => {
  it('expresses every ModelEdit kind, validated by the host schema, and translates back exactly', () => {
    const processEdits = modelEditsToProcessEdits(EVERY_KIND);
    for (const edit of processEdits) expect(ProcessEditSchema.safeParse(edit).success, JSON.stringify(edit)).toBe(true);
    const { modelEdits, attributes } = processEditsToModelEdits(processEdits);
    expect(attributes).toEqual([]);
    expect(modelEdits).toEqual(EVERY_KIND);
    expect(new Set(EVERY_KIND.map((e) => e.type)).size).toBe(11);
  });

  it('keeps the old plugin kinds: scenario properties become scenario parameters, BPMN attributes stay attributes', () => {
    const { modelEdits, attributes } = processEditsToModelEdits([
      { kind: 'setProperty', elementId: 'Task_A', property: 'scenario.tasks.Task_A.automated', value: true },
      { kind: 'setProperty', elementId: 'Task_A', property: 'isForCompensation', value: false },
      { kind: 'insertTask', flowId: 'Flow_3', taskType: 'serviceTask', name: 'Send confirmation' },
      { kind: 'changeTaskType', elementId: 'Task_B', taskType: 'businessRuleTask' },
    ]);
    expect(modelEdits).toEqual([
      { type: 'setScenarioParameter', path: 'tasks.Task_A.automated', value: true },
      { type: 'insertTask', flowId: 'Flow_3', elementId: 'Flow_3_task', name: 'Send confirmation', taskType: 'bpmn:ServiceTask' },
      { type: 'changeType', elementId: 'Task_B', newType: 'bpmn:BusinessRuleTask' },
    ]);
    expect(attributes).toEqual([{ elementId: 'Task_A', property: 'isForCompensation', value: false }]);
  });

  it('rejects a move without a destination', () => {
    expect(ProcessEditSchema.safeParse({ kind: 'moveElement', elementId: 'Task_A' }).success).toBe(false);
    expect(ProcessEditSchema.safeParse({ kind: 'insertBypass', elementId: 'T', splitId: 'S', joinId: 'J', name: 'x', skipProbability: 1.5 }).success).toBe(false);
  });
});

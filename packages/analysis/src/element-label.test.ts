import { describe, expect, it } from 'vitest';
import { describeElement, describesWithoutId, elementKind } from './index.ts';

describe('element labels: names and kinds instead of ids', () => {
  const check = { id: 'Task_CheckHistory', type: 'bpmn:UserTask', name: 'Check customer history' };
  const qualify = { id: 'Task_Qualify', type: 'bpmn:Task', name: 'Qualify lead' };

  it('names an element by its kind and name, the id only when there is no name', () => {
    expect(describeElement(check)).toBe("User task 'Check customer history'");
    expect(describeElement(check, 'zh-CN')).toBe('用户任务“Check customer history”');
    expect(describeElement({ id: 'Gateway_1', type: 'bpmn:ExclusiveGateway', name: 'Qualified?' })).toBe("Exclusive gateway 'Qualified?'");
    expect(describeElement({ id: 'Lane_Manager', type: 'bpmn:Lane', name: 'Sales\nmanager' })).toBe("Lane 'Sales manager'");
    expect(describeElement({ id: 'Task_7', type: 'bpmn:Task', name: '  ' })).toBe('Task Task_7');
    expect(describeElement({ id: 'Task_7', type: 'bpmn:Task' }, 'zh-CN')).toBe('任务（Task_7）');
    expect(describesWithoutId(check)).toBe(true);
    expect(describesWithoutId({ id: 'Task_7', type: 'bpmn:Task' })).toBe(false);
  });

  it('says a flow by the elements it connects', () => {
    const flow = { id: 'Flow_3', type: 'bpmn:SequenceFlow', name: null, source: check, target: qualify };
    expect(describeElement(flow)).toBe("flow from 'Check customer history' to 'Qualify lead'");
    expect(describeElement({ ...flow, name: 'yes' })).toBe("flow 'yes' from 'Check customer history' to 'Qualify lead'");
    expect(describeElement(flow, 'zh-CN')).toBe('从“Check customer history”到“Qualify lead”的顺序流');
    expect(describeElement({ ...flow, source: { id: 'StartEvent_1', type: 'bpmn:StartEvent' } })).toBe("flow from start event StartEvent_1 to 'Qualify lead'");
    expect(describesWithoutId(flow)).toBe(true);
    expect(describesWithoutId({ ...flow, source: { id: 'StartEvent_1', type: 'bpmn:StartEvent' } })).toBe(false);
    expect(describeElement({ id: 'Flow_9', type: 'bpmn:SequenceFlow' })).toBe('Flow Flow_9');
  });

  it('words every kind, and an unknown one from its type', () => {
    expect(elementKind('bpmn:EventBasedGateway')).toBe('Event-based gateway');
    expect(elementKind('bpmn:Participant', 'zh-CN')).toBe('池');
    expect(elementKind('bpmn:SomethingNew')).toBe('Something new');
  });
});

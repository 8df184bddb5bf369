// An element as people name it: its kind in words and its name ("Task 'Check customer history'", a flow as "flow
// from 'A' to 'B'"), instead of its id ("Task_CheckHistory", "Flow_3"). The id only appears when there is no name.
// One labeller for the studio's lists (Problems, the visual diff) and the comparison reports.

export type LabelLanguage = 'en' | 'zh-CN';

/** What the labeller needs to know about an element; `source`/`target` for flows and associations. */
export interface ElementDescription {
  readonly id: string;
  /** The moddle type, e.g. `bpmn:UserTask`. */
  readonly type: string;
  readonly name?: string | null | undefined;
  readonly source?: ElementEnd | null | undefined;
  readonly target?: ElementEnd | null | undefined;
}

export interface ElementEnd {
  readonly id: string;
  readonly type: string;
  readonly name?: string | null | undefined;
}

const KINDS: Readonly<Record<string, readonly [en: string, zh: string]>> = {
  Task: ['Task', '任务'],
  UserTask: ['User task', '用户任务'],
  ManualTask: ['Manual task', '手工任务'],
  ServiceTask: ['Service task', '服务任务'],
  ScriptTask: ['Script task', '脚本任务'],
  SendTask: ['Send task', '发送任务'],
  ReceiveTask: ['Receive task', '接收任务'],
  BusinessRuleTask: ['Business rule task', '业务规则任务'],
  CallActivity: ['Call activity', '调用活动'],
  SubProcess: ['Sub-process', '子流程'],
  AdHocSubProcess: ['Ad-hoc sub-process', '自由子流程'],
  Transaction: ['Transaction', '事务'],
  StartEvent: ['Start event', '开始事件'],
  EndEvent: ['End event', '结束事件'],
  IntermediateCatchEvent: ['Intermediate event', '中间事件'],
  IntermediateThrowEvent: ['Intermediate event', '中间事件'],
  BoundaryEvent: ['Boundary event', '边界事件'],
  ExclusiveGateway: ['Exclusive gateway', '排他网关'],
  ParallelGateway: ['Parallel gateway', '并行网关'],
  InclusiveGateway: ['Inclusive gateway', '包容网关'],
  EventBasedGateway: ['Event-based gateway', '事件网关'],
  ComplexGateway: ['Complex gateway', '复杂网关'],
  SequenceFlow: ['Flow', '顺序流'],
  MessageFlow: ['Message flow', '消息流'],
  Association: ['Association', '关联'],
  DataInputAssociation: ['Data association', '数据关联'],
  DataOutputAssociation: ['Data association', '数据关联'],
  Participant: ['Pool', '池'],
  Lane: ['Lane', '泳道'],
  LaneSet: ['Lane set', '泳道集'],
  Process: ['Process', '流程'],
  Collaboration: ['Collaboration', '协作'],
  DataObjectReference: ['Data object', '数据对象'],
  DataObject: ['Data object', '数据对象'],
  DataStoreReference: ['Data store', '数据存储'],
  TextAnnotation: ['Text annotation', '文本注释'],
  Group: ['Group', '分组'],
  Message: ['Message', '消息'],
};

/** The kind of an element in words: `bpmn:UserTask` -> "User task" / "用户任务"; an unknown type keeps its local name. */
export function elementKind(type: string, language: LabelLanguage = 'en'): string {
  const local = type.replace(/^[\w-]+:/, '');
  const kind = KINDS[local];
  if (kind) return language === 'zh-CN' ? kind[1] : kind[0];
  // "bpmn:SomethingNew" -> "Something new"
  return local.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').replace(/ (\w)/g, (_, c: string) => ` ${c.toLowerCase()}`) || type;
}

const clean = (name: string | null | undefined) => (typeof name === 'string' && name.trim() !== '' ? name.replace(/\s+/g, ' ').trim() : undefined);
const quote = (name: string, language: LabelLanguage) => (language === 'zh-CN' ? `“${name}”` : `'${name}'`);

function end(element: ElementEnd, language: LabelLanguage): string {
  const name = clean(element.name);
  if (name) return quote(name, language);
  const kind = elementKind(element.type, language);
  return language === 'zh-CN' ? `${kind}（${element.id}）` : `${kind.toLowerCase()} ${element.id}`;
}

const isConnection = (description: ElementDescription) => !!(description.source && description.target);

/**
 * The element as a reader says it, in English or Chinese.
 *
 * @example
 * describeElement({ id: 'Task_1', type: 'bpmn:UserTask', name: 'Check history' }); // "User task 'Check history'"
 * describeElement({ id: 'Flow_3', type: 'bpmn:SequenceFlow', source: a, target: b }); // "flow from 'Check history' to 'Qualify lead'"
 * describeElement({ id: 'Task_2', type: 'bpmn:Task' }); // "Task Task_2" (no name: the id is all there is)
 */
export function describeElement(description: ElementDescription, language: LabelLanguage = 'en'): string {
  const name = clean(description.name);
  const kind = elementKind(description.type, language);
  if (isConnection(description)) {
    const from = end(description.source!, language);
    const to = end(description.target!, language);
    if (language === 'zh-CN') return `从${from}到${to}的${kind}${name ? quote(name, language) : ''}`;
    const word = kind === 'Flow' ? 'flow' : kind.toLowerCase();
    return `${word}${name ? ` ${quote(name, language)}` : ''} from ${from} to ${to}`;
  }
  if (name) return language === 'zh-CN' ? `${kind}${quote(name, language)}` : `${kind} ${quote(name, language)}`;
  return language === 'zh-CN' ? `${kind}（${description.id}）` : `${kind} ${description.id}`;
}

/** Whether `describeElement` shows the id (the element and, for a flow, its ends have no name). */
export function describesWithoutId(description: ElementDescription): boolean {
  if (isConnection(description)) return !!clean(description.source!.name) && !!clean(description.target!.name);
  return !!clean(description.name);
}

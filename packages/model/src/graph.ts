// The typed process graph: a plain, serialisable view of a BPMN file that every higher layer reads
// (simulation, scoring, plugins). Plain arrays and records so it can cross worker boundaries as is.

/** Every BPMN flow-node type the graph distinguishes. Unknown types keep their bpmnType and kind `task`. */
export type FlowNodeKind =
  | 'task'
  | 'userTask'
  | 'manualTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'businessRuleTask'
  | 'sendTask'
  | 'receiveTask'
  | 'subProcess'
  | 'adHocSubProcess'
  | 'transaction'
  | 'callActivity'
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'complexGateway';

export type EventDefinitionKind =
  | 'message'
  | 'timer'
  | 'error'
  | 'escalation'
  | 'signal'
  | 'conditional'
  | 'compensate'
  | 'cancel'
  | 'terminate'
  | 'link';

export type LoopCharacteristics =
  | { readonly kind: 'standard' }
  | { readonly kind: 'multiInstance'; readonly sequential: boolean };

export interface FlowNode {
  readonly id: string;
  /** The label on one line (line breaks and runs of spaces collapsed); absent when empty. */
  readonly name?: string;
  readonly kind: FlowNodeKind;
  /** The moddle type as written in the file, e.g. `bpmn:UserTask`. */
  readonly bpmnType: string;
  readonly processId: string;
  /** The enclosing sub-process, when the node is nested. */
  readonly parentId?: string;
  /** The innermost lane containing the node. */
  readonly laneId?: string;
  /** Ids of incoming and outgoing sequence flows. */
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  /** Event definitions of an event (empty for a none event). */
  readonly eventDefinitions: readonly EventDefinitionKind[];
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  readonly attachedToId?: string;
  readonly cancelActivity?: boolean;
  /** Ids of boundary events attached to this activity. */
  readonly boundaryEventIds: readonly string[];
  readonly loop?: LoopCharacteristics;
  /** The default flow of a gateway or activity. */
  readonly defaultFlowId?: string;
  /** Sub-processes: an event sub-process (`triggeredByEvent`). */
  readonly triggeredByEvent?: boolean;
  /** Call activities: the called element. */
  readonly calledElement?: string;
  /** Activities that only run as compensation handlers (entered through an association, not a flow). */
  readonly isForCompensation?: boolean;
  /**
   * What an error, escalation, signal or link event throws or catches, for matching a throw with its catches: the
   * error's `errorCode` or the escalation's `escalationCode` (else the referenced element's id), the signal's name
   * (else its id), the link's name. Absent for a catch-all (an error boundary event without an error).
   */
  readonly eventTrigger?: string;
  /** Start events of event sub-processes: false when the start does not interrupt (`isInterrupting="false"`). */
  readonly isInterrupting?: boolean;
  /** Timer definitions as written (ISO 8601), when present. */
  readonly timer?: { readonly kind: 'duration' | 'date' | 'cycle'; readonly expression: string };
}

export interface SequenceFlow {
  readonly id: string;
  readonly name?: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly processId: string;
  readonly parentId?: string;
  readonly condition?: string;
  readonly isDefault: boolean;
}

export interface MessageFlow {
  readonly id: string;
  readonly name?: string;
  readonly sourceId: string;
  readonly targetId: string;
}

export interface Lane {
  readonly id: string;
  readonly name?: string;
  readonly processId: string;
  readonly parentLaneId?: string;
  readonly flowNodeIds: readonly string[];
}

export interface Participant {
  readonly id: string;
  readonly name?: string;
  readonly processId?: string;
}

export interface Process {
  readonly id: string;
  readonly name?: string;
  readonly isExecutable: boolean;
  readonly laneIds: readonly string[];
  /** Flow nodes directly inside the process (not inside sub-processes). */
  readonly flowNodeIds: readonly string[];
}

export interface DataElement {
  readonly id: string;
  readonly name?: string;
  readonly kind: 'dataObject' | 'dataObjectReference' | 'dataStoreReference' | 'dataInput' | 'dataOutput';
  readonly processId?: string;
}

/**
 * A data association: a flow node reads (`input`) or writes (`output`) a data object or data store. Lets analyses see
 * data dependencies between tasks (e.g. whether two tasks may run in parallel).
 */
export interface DataAssociation {
  /** The association's id (empty when the file gives none). */
  readonly id: string;
  readonly direction: 'input' | 'output';
  /** The task (or event) that reads or writes. */
  readonly nodeId: string;
  /**
   * What is read or written: a reference (`bpmn:DataObjectReference`, `bpmn:DataStoreReference`) resolved to the data
   * object or data store it refers to, so two references to one object count as the same data.
   */
  readonly dataId: string;
  /** The reference the association is drawn to, when it points at one. */
  readonly referenceId?: string;
}

/** A typed, validated view of one BPMN file. */
export interface ProcessGraph {
  readonly definitionsId?: string;
  readonly name?: string;
  readonly processes: readonly Process[];
  readonly participants: readonly Participant[];
  readonly lanes: readonly Lane[];
  readonly nodes: readonly FlowNode[];
  readonly flows: readonly SequenceFlow[];
  readonly messageFlows: readonly MessageFlow[];
  readonly dataElements: readonly DataElement[];
  /**
   * Which flow nodes read and write which data, in document order. Absent when not known (a graph not read from a
   * file); empty when the file has no data associations.
   */
  readonly dataAssociations?: readonly DataAssociation[];
}

/**
 * A problem with user input (a file, a parameter). Never thrown: returned in lists, like zod's issues.
 * Programmer bugs throw instead.
 */
export interface ModelIssue {
  /** Stable machine-readable code, e.g. `xml.malformed`, `gateway.probabilities.sum`. */
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** A message a business user can act on. */
  readonly message: string;
  readonly elementId?: string;
  /** Where in a scenario the problem is, e.g. `tasks.Task_1.duration.min`. */
  readonly path?: string;
}

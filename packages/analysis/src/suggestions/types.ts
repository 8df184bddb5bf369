// The suggestion framework's data: suggestions carry their transformation as a small, serialisable edit list
// (ModelEdit) that applyEdits runs on the moddle tree (CLI, tests, workers) and the studio maps onto bpmn-js
// `modeling` calls inside one command-stack step (see docs/suggestions.md for the mapping).
import type { ModdleElement, ProcessGraph, Scenario } from '@leanflow/model';
import type { GraphAnalysis } from '../graph-analysis.ts';
import type { SuggestionMessage } from './messages.ts';
import type { SimulationSummary } from '../simulation-summary.ts';

/** The redesign heuristics of Reijers & Limam Mansar (2005) the built-in suggestions use. */
export type RedesignHeuristic =
  | 'task elimination'
  | 'task composition'
  | 'parallelism'
  | 'resequencing'
  | 'knock-out'
  | 'contact reduction'
  | 'control relocation'
  | 'task automation'
  | 'resource optimisation'
  | 'extra resources'
  | 'control addition'
  | 'triage'
  | 'model quality';

/** BPMN flow-node types an edit may create or change to (`bpmn:` prefix). */
export type EditableNodeType =
  | 'bpmn:Task'
  | 'bpmn:UserTask'
  | 'bpmn:ManualTask'
  | 'bpmn:ServiceTask'
  | 'bpmn:ScriptTask'
  | 'bpmn:BusinessRuleTask'
  | 'bpmn:SendTask'
  | 'bpmn:ExclusiveGateway'
  | 'bpmn:ParallelGateway'
  | 'bpmn:InclusiveGateway';

/**
 * One edit. Every edit names elements by id; ids an edit creates are given by the edit (stable, so a preview
 * and the applied model agree and a second edit in the same list can refer to them).
 */
export type ModelEdit =
  /** Removes a node with one incoming and one outgoing flow; its predecessor is connected to its successor. */
  | { readonly type: 'removeElement'; readonly elementId: string }
  | { readonly type: 'renameElement'; readonly elementId: string; readonly name: string }
  /** Replaces the node's BPMN type, keeping id, name, flows, lane and shape. */
  | { readonly type: 'changeType'; readonly elementId: string; readonly newType: EditableNodeType }
  /**
   * Merges consecutive tasks (each directly followed by the next) into the first: the others are removed and the
   * first is renamed. Scenario durations become the sum of means (see docs).
   */
  | { readonly type: 'mergeTasks'; readonly elementIds: readonly string[]; readonly name: string }
  /** Points an existing sequence flow at a new source and/or target. */
  | { readonly type: 'reconnectFlow'; readonly flowId: string; readonly sourceId?: string; readonly targetId?: string }
  /**
   * Replaces a chain of consecutive tasks (directly connected, in order) by an AND split, the tasks side by side,
   * and an AND join. `splitId`/`joinId` name the new gateways.
   */
  | { readonly type: 'insertParallelBlock'; readonly elementIds: readonly string[]; readonly splitId: string; readonly joinId: string }
  /**
   * Moves the segment `elementId`..`throughId` (default: just `elementId`) onto the flow `ontoFlowId`, or directly
   * after `afterId` (onto its only outgoing flow). The segment is entered by exactly one flow; it continues along
   * `continueFlowId` (the only outgoing flow of `throughId` when omitted). Its old neighbours are connected.
   */
  | {
      readonly type: 'moveElement';
      readonly elementId: string;
      readonly throughId?: string;
      readonly continueFlowId?: string;
      readonly afterId?: string;
      readonly ontoFlowId?: string;
    }
  /** Splits a gateway that both joins and splits: the outgoing flows move to a new gateway `newId` of the same type right after it. */
  | { readonly type: 'splitGateway'; readonly elementId: string; readonly newId: string }
  /**
   * Lets some cases skip a task: an XOR split `splitId` before it and an XOR join `joinId` after it, with a bypass
   * flow `<splitId>_bypass` drawn above. The scenario gets `skipProbability` on the bypass.
   */
  | { readonly type: 'insertBypass'; readonly elementId: string; readonly splitId: string; readonly joinId: string; readonly name: string; readonly skipProbability: number }
  /** Inserts a new task on an existing flow (the flow ends at the new task; a new flow leaves it). */
  | { readonly type: 'insertTask'; readonly flowId: string; readonly elementId: string; readonly name: string; readonly taskType?: EditableNodeType }
  /**
   * Sets one scenario parameter (in every scenario of the file, or only in `scenarioId`). `path` is a dotted path
   * into the scenario, e.g. `tasks.Task_A.automated`, `pools.0.headcount` (or `pools.<poolId>.headcount`).
   */
  | { readonly type: 'setScenarioParameter'; readonly path: string; readonly value: unknown; readonly scenarioId?: string };

export type SuggestionKind =
  | 'removeNonValueAdding'
  | 'collapseApprovalChain'
  | 'autoApproveBelowThreshold'
  | 'mergeSameRoleTasks'
  | 'parallelise'
  | 'reorderKnockOuts'
  | 'moveAfterDecision'
  | 'earlyResponse'
  | 'checkEarlier'
  | 'automateTask'
  | 'resizePool'
  | 'removeSuperfluousGateway'
  | 'splitMixedGateway'
  | 'fixDeadlockJoin'
  | 'flagFirstResponse';

export interface Suggestion {
  /** Stable: `<kind>:<element ids joined by +>`, so the same suggestion keeps its id across runs. */
  readonly id: string;
  readonly kind: SuggestionKind;
  readonly title: string;
  /** Why, in words a business user can check. */
  readonly rationale: string;
  /** `title` in translatable form (built-in suggestions; English `title` is made from the same template). */
  readonly titleMessage?: SuggestionMessage;
  /** `rationale` in translatable form. */
  readonly rationaleMessage?: SuggestionMessage;
  readonly elements: readonly string[];
  readonly heuristic: RedesignHeuristic;
  /** The transformation; empty for advice only. */
  readonly edits: readonly ModelEdit[];
  /** Advice only: the change needs a person (e.g. where to check earlier); no edits to apply. */
  readonly adviceOnly?: boolean;
}

/** What a provider sees. */
export interface SuggestionInput {
  readonly graph: ProcessGraph;
  /** The moddle root, when the caller has it (the built-in providers read data associations from `graph`). */
  readonly definitions?: ModdleElement;
  readonly scenario?: Scenario;
  /** Needed by simulation-based providers (pool sizes); they offer nothing without it. */
  readonly simulation?: SimulationSummary;
  readonly analysis: GraphAnalysis;
}

export interface SuggestionProvider {
  readonly id: string;
  provide(input: SuggestionInput): readonly Suggestion[];
}

/** Builds the stable id of a suggestion. */
export const suggestionId = (kind: SuggestionKind, elementIds: readonly string[]): string => `${kind}:${elementIds.join('+')}`;

// The built-in suggestion providers, each grounded in a redesign heuristic of Reijers & Limam Mansar (2005),
// "Best practices in business process redesign", Omega 33(3). docs/suggestions.md says when each is offered.
import { formatMoney } from '../money.ts';
import { distributionMean, type FlowNode, type ProcessGraph, type Scenario } from '@leanflow/model';
import {
  DEFAULT_APPROVAL_EXCLUDE_PATTERN,
  DEFAULT_APPROVAL_PATTERN,
  findApprovalChains,
  findKnockOuts,
  findMixedGateways,
  findReworkLoops,
  isGateway,
  isManualStep,
  isTask,
} from '../graph-analysis.ts';
import { guessFirstResponseTask } from '../first-response.ts';
import { computeOfferedLoad } from '../offered-load.ts';
import { suggestionTexts } from './messages.ts';
import { suggestionId, type Suggestion, type SuggestionInput, type SuggestionProvider } from './types.ts';

/** An element's name as a message parameter (its id when unnamed). */
const nameOf = (node: FlowNode | undefined): string => node?.name ?? node?.id ?? '?';
const approvalPattern = new RegExp(DEFAULT_APPROVAL_PATTERN, 'i');
const approvalExclude = new RegExp(DEFAULT_APPROVAL_EXCLUDE_PATTERN, 'i');
/** Names of approvals proper (a "check" may be rule-based work, an approval is a decision by someone senior). */
const APPROVAL_ONLY = /approv|sign[- ]?off|authori[sz]|审批|批准|核准|签/i;
/** Names of rule-based work a system can do (the automation candidates). */
const RULE_BASED = /check|verif|validat|calculat|look ?up|register|record|enter|log|assign|route|classif|update|copy|match|prüf|检查|核对|登记|录入|计算/i;

/** Automation: manual steps at most this long (mean) and done at least this often per case. */
export const AUTOMATION_MAX_SECONDS = 15 * 60;
export const AUTOMATION_MIN_VISITS = 0.5;
/** Rework loops returning at least this often get a "check earlier" advice. */
export const REWORK_ADVICE_PROBABILITY = 0.2;
/** Pool utilisation band outside which a resize is suggested. */
export const UTILISATION_HIGH = 0.85;
export const UTILISATION_LOW = 0.6;

const nodeOf = (input: SuggestionInput, id: string) => input.analysis.index.nodes.get(id);
const directSuccessor = (input: SuggestionInput, node: FlowNode): FlowNode | undefined => {
  if (node.outgoing.length !== 1) return undefined;
  const next = nodeOf(input, input.analysis.index.flows.get(node.outgoing[0]!)!.targetId)!;
  return next.incoming.length === 1 ? next : undefined;
};
const meanSeconds = (scenario: Scenario | undefined, id: string): number | undefined => {
  const duration = scenario?.tasks[id]?.duration;
  return duration ? distributionMean(duration) : undefined;
};
const poolOf = (scenario: Scenario | undefined, node: FlowNode): string | undefined =>
  scenario?.tasks[node.id]?.poolId ?? (node.laneId !== undefined ? scenario?.pools.find((p) => p.laneIds.includes(node.laneId!))?.id : undefined);
const isSubstantive = (scenario: Scenario | undefined, id: string) => scenario?.tasks[id]?.substantiveResponse === true;
const simpleStep = (node: FlowNode) => node.incoming.length === 1 && node.outgoing.length === 1 && node.boundaryEventIds.length === 0 && node.loop === undefined;

/** Data read and written per flow node, from the graph's data associations (none when the graph does not know them). */
function dataFlows(graph: ProcessGraph): Map<string, { reads: Set<string>; writes: Set<string> }> {
  const result = new Map<string, { reads: Set<string>; writes: Set<string> }>();
  for (const association of graph.dataAssociations ?? []) {
    let entry = result.get(association.nodeId);
    if (!entry) result.set(association.nodeId, (entry = { reads: new Set<string>(), writes: new Set<string>() }));
    (association.direction === 'input' ? entry.reads : entry.writes).add(association.dataId);
  }
  return result;
}

export const removeNonValueAddingProvider: SuggestionProvider = {
  id: 'removeNonValueAdding',
  provide({ graph, scenario }) {
    if (!scenario) return [];
    return graph.nodes
      .filter((n) => isTask(n) && simpleStep(n) && scenario.tasks[n.id]?.valueClass === 'nonValueAdding' && !isSubstantive(scenario, n.id))
      .map((n) => ({
        id: suggestionId('removeNonValueAdding', [n.id]),
        kind: 'removeNonValueAdding',
        ...suggestionTexts('removeNonValueAdding.title', 'removeNonValueAdding.rationale', { task: nameOf(n) }),
        elements: [n.id],
        heuristic: 'task elimination',
        edits: [{ type: 'removeElement', elementId: n.id }],
      }));
  },
};

export const collapseApprovalChainProvider: SuggestionProvider = {
  id: 'collapseApprovalChain',
  provide({ graph, scenario, analysis }) {
    const chains = findApprovalChains(graph, analysis.index, analysis.backEdges, approvalPattern, 2, { exclude: approvalExclude, ...(scenario ? { scenario } : {}) });
    return chains.flatMap((chain): Suggestion[] => {
      const nodes = chain.map((id) => nodeOf({ graph, analysis } as SuggestionInput, id)!);
      // Only approvals directly one after the other: where each has its own decision (and rejection path) in
      // between, dropping one would leave its decision without the check it rests on.
      if (!nodes.slice(1).every(simpleStep) || !nodes.slice(0, -1).every((n, i) => directSuccessor({ graph, analysis } as SuggestionInput, n) === nodes[i + 1])) return [];
      return [
        {
          id: suggestionId('collapseApprovalChain', chain),
          kind: 'collapseApprovalChain',
          ...suggestionTexts('collapseApprovalChain.title', 'collapseApprovalChain.rationale', { count: nodes.length, approvals: nodes.map(nameOf), removed: nodes.length - 1 }),
          elements: chain,
          heuristic: 'task elimination',
          edits: [...chain.slice(1).map((id) => ({ type: 'removeElement' as const, elementId: id })), { type: 'renameElement', elementId: chain[0]!, name: `${nodes[0]!.name ?? 'Approval'} (single approval)` }],
        },
      ];
    });
  },
};

/** The share of cases assumed below the auto-approval threshold (edit it in the scenario after applying). */
export const AUTO_APPROVAL_SHARE = 0.5;

export const autoApproveProvider: SuggestionProvider = {
  id: 'autoApproveBelowThreshold',
  provide({ graph, scenario, analysis }) {
    if (!scenario) return [];
    const inChains = new Set(findApprovalChains(graph, analysis.index, analysis.backEdges, approvalPattern, 2, { exclude: approvalExclude, scenario }).flat());
    return graph.nodes.flatMap((n): Suggestion[] => {
      if (!isTask(n) || !simpleStep(n) || !isManualStep(n, scenario) || !APPROVAL_ONLY.test(n.name ?? '') || approvalExclude.test(n.name ?? '') || inChains.has(n.id)) return [];
      return [
        {
          id: suggestionId('autoApproveBelowThreshold', [n.id]),
          kind: 'autoApproveBelowThreshold',
          ...suggestionTexts('autoApproveBelowThreshold.title', 'autoApproveBelowThreshold.rationale', { task: nameOf(n), share: AUTO_APPROVAL_SHARE * 100 }),
          elements: [n.id],
          heuristic: 'triage',
          edits: [{ type: 'insertBypass', elementId: n.id, splitId: `Gateway_AutoApprove_${n.id}`, joinId: `Gateway_AutoApproveJoin_${n.id}`, name: 'Below threshold?', skipProbability: AUTO_APPROVAL_SHARE }],
        },
      ];
    });
  },
};

export const mergeSameRoleProvider: SuggestionProvider = {
  id: 'mergeSameRoleTasks',
  provide(input) {
    const { graph, scenario } = input;
    const key = (n: FlowNode) => poolOf(scenario, n) ?? n.laneId;
    const candidate = (n: FlowNode) => isTask(n) && isManualStep(n, scenario) && n.boundaryEventIds.length === 0 && n.loop === undefined && key(n) !== undefined;
    const suggestions: Suggestion[] = [];
    const used = new Set<string>();
    for (const node of graph.nodes) {
      if (used.has(node.id) || !candidate(node)) continue;
      // Start of a run: the predecessor is not part of it.
      const previous = node.incoming.length === 1 ? nodeOf(input, input.analysis.index.flows.get(node.incoming[0]!)!.sourceId) : undefined;
      if (previous && candidate(previous) && key(previous) === key(node) && directSuccessor(input, previous) === node) continue;
      const run = [node];
      for (let next = directSuccessor(input, node); next && candidate(next) && key(next) === key(node) && !run.includes(next); next = directSuccessor(input, next)) run.push(next);
      if (run.length < 2) continue;
      for (const n of run) used.add(n.id);
      const ids = run.map((n) => n.id);
      suggestions.push({
        id: suggestionId('mergeSameRoleTasks', ids),
        kind: 'mergeSameRoleTasks',
        ...suggestionTexts('mergeSameRoleTasks.title', 'mergeSameRoleTasks.rationale', { tasks: run.map(nameOf), count: run.length }),
        elements: ids,
        heuristic: 'task composition',
        edits: [{ type: 'mergeTasks', elementIds: ids, name: run.map((n) => n.name ?? n.id).join(' and ') }],
      });
    }
    return suggestions;
  },
};

export const parallelProvider: SuggestionProvider = {
  id: 'parallelise',
  provide(input) {
    const { graph, scenario } = input;
    const data = dataFlows(graph);
    const candidate = (n: FlowNode) =>
      isTask(n) && simpleStep(n) && n.kind !== 'sendTask' && n.kind !== 'receiveTask' && !isSubstantive(scenario, n.id) && !APPROVAL_ONLY.test(n.name ?? '') && isManualStep(n, scenario);
    const suggestions: Suggestion[] = [];
    for (const a of graph.nodes) {
      if (!candidate(a)) continue;
      const b = directSuccessor(input, a);
      if (!b || !candidate(b)) continue;
      // Different resources (else parallel work only reorders one person's queue) and no modelled data dependency.
      const poolA = poolOf(scenario, a) ?? a.laneId;
      const poolB = poolOf(scenario, b) ?? b.laneId;
      if (poolA === undefined || poolA === poolB) continue;
      const writes = data.get(a.id)?.writes ?? new Set<string>();
      if ([...(data.get(b.id)?.reads ?? [])].some((d) => writes.has(d))) continue;
      suggestions.push({
        id: suggestionId('parallelise', [a.id, b.id]),
        kind: 'parallelise',
        ...suggestionTexts('parallelise.title', 'parallelise.rationale', { first: nameOf(a), second: nameOf(b) }),
        elements: [a.id, b.id],
        heuristic: 'parallelism',
        edits: [{ type: 'insertParallelBlock', elementIds: [a.id, b.id], splitId: `Gateway_Split_${a.id}`, joinId: `Gateway_Join_${a.id}` }],
      });
    }
    return suggestions;
  },
};

export const reorderKnockOutsProvider: SuggestionProvider = {
  id: 'reorderKnockOuts',
  provide(input) {
    const { graph, scenario, analysis } = input;
    const { checks, costlyOrder } = findKnockOuts(graph, analysis.index, analysis.backEdges, scenario);
    return costlyOrder.flatMap((pair): Suggestion[] => {
      const first = nodeOf(input, pair.firstId)!;
      const later = nodeOf(input, pair.laterId)!;
      const laterCheck = checks.find((c) => c.checkId === later.id)!;
      const firstCheck = checks.find((c) => c.checkId === first.id)!;
      const gateway = nodeOf(input, laterCheck.gatewayId)!;
      const pass = gateway.outgoing.filter((f) => !laterCheck.rejectFlowIds.includes(f) && !analysis.backEdges.has(f));
      if (pass.length !== 1 || first.incoming.length !== 1 || later.incoming.length !== 1) return [];
      const minutes = (s: number | undefined) => (s === undefined ? '?' : (s / 60).toFixed(1));
      return [
        {
          id: suggestionId('reorderKnockOuts', [later.id, first.id]),
          kind: 'reorderKnockOuts',
          ...suggestionTexts('reorderKnockOuts.title', 'reorderKnockOuts.rationale', {
            later: nameOf(later),
            first: nameOf(first),
            laterMinutes: minutes(laterCheck.effortPerRejection),
            firstMinutes: minutes(firstCheck.effortPerRejection),
          }),
          elements: [later.id, laterCheck.gatewayId, first.id],
          heuristic: 'knock-out',
          edits: [{ type: 'moveElement', elementId: later.id, throughId: laterCheck.gatewayId, continueFlowId: pass[0]!, ontoFlowId: first.incoming[0]! }],
        },
      ];
    });
  },
};

export const moveAfterDecisionProvider: SuggestionProvider = {
  id: 'moveAfterDecision',
  provide(input) {
    const { graph, analysis } = input;
    const data = dataFlows(graph);
    if (data.size === 0) return [];
    const suggestions: Suggestion[] = [];
    const forwardReach = (start: string, stopAt: string): Set<string> => {
      const seen = new Set<string>();
      for (const stack = [start]; stack.length > 0; ) {
        const id = stack.pop()!;
        if (seen.has(id) || id === stopAt) continue;
        seen.add(id);
        for (const e of analysis.index.successors.get(id) ?? []) if (e.kind === 'sequence' && !analysis.backEdges.has(e.flowId!)) stack.push(e.to);
      }
      return seen;
    };
    for (const task of graph.nodes) {
      if (!isTask(task) || !simpleStep(task)) continue;
      const writes = data.get(task.id)?.writes;
      if (!writes || writes.size === 0) continue;
      // The next XOR decision along a straight line of simple steps.
      let cursor = directSuccessor(input, task);
      const between: FlowNode[] = [];
      while (cursor && !isGateway(cursor) && simpleStep(cursor)) {
        between.push(cursor);
        cursor = directSuccessor(input, cursor);
      }
      if (!cursor || cursor.kind !== 'exclusiveGateway' || cursor.outgoing.length < 2) continue;
      if (between.some((n) => [...(data.get(n.id)?.reads ?? [])].some((d) => writes.has(d)))) continue; // the decision's own inputs need it
      const readers = [...data].filter(([, d]) => [...d.reads].some((r) => writes.has(r))).map(([id]) => id);
      if (readers.length === 0) continue;
      const branches = cursor.outgoing.map((flowId) => ({ flowId, reach: forwardReach(analysis.index.flows.get(flowId)!.targetId, cursor!.id) }));
      const using = branches.filter((b) => readers.some((r) => b.reach.has(r)));
      if (using.length !== 1 || readers.some((r) => !using[0]!.reach.has(r)) || branches.some((b) => b !== using[0] && readers.some((r) => b.reach.has(r)))) continue;
      suggestions.push({
        id: suggestionId('moveAfterDecision', [task.id, cursor.id]),
        kind: 'moveAfterDecision',
        ...suggestionTexts('moveAfterDecision.title', 'moveAfterDecision.rationale', { task: nameOf(task), decision: nameOf(cursor) }),
        elements: [task.id, cursor.id],
        heuristic: 'resequencing',
        edits: [{ type: 'moveElement', elementId: task.id, ontoFlowId: using[0]!.flowId }],
      });
    }
    return suggestions;
  },
};

export const EARLY_RESPONSE_TASK_ID = 'Task_EarlyResponse';

export const earlyResponseProvider: SuggestionProvider = {
  id: 'earlyResponse',
  provide(input) {
    const { graph, scenario, analysis } = input;
    if (!scenario || graph.nodes.some((n) => n.id === EARLY_RESPONSE_TASK_ID)) return [];
    const substantive = new Set(Object.entries(scenario.tasks).filter(([, t]) => t.substantiveResponse).map(([id]) => id));
    if (substantive.size === 0) return [];
    const starts = graph.nodes.filter((n) => n.kind === 'startEvent' && n.parentId === undefined && n.outgoing.length === 1);
    if (starts.length !== 1) return [];
    // Least manual steps on any route from the start to a substantive response (Dijkstra on 0/1 weights).
    const best = new Map<string, number>([[starts[0]!.id, 0]]);
    const queue = [starts[0]!.id];
    let fewest = Number.POSITIVE_INFINITY;
    while (queue.length > 0) {
      queue.sort((a, b) => best.get(a)! - best.get(b)!);
      const id = queue.shift()!;
      const node = nodeOf(input, id)!;
      if (substantive.has(id)) {
        fewest = Math.min(fewest, best.get(id)!);
        continue;
      }
      const cost = best.get(id)! + (isManualStep(node, scenario) ? 1 : 0);
      for (const e of analysis.index.successors.get(id) ?? []) {
        if (e.kind !== 'sequence' || analysis.backEdges.has(e.flowId!)) continue;
        if (cost < (best.get(e.to) ?? Number.POSITIVE_INFINITY)) {
          best.set(e.to, cost);
          queue.push(e.to);
        }
      }
    }
    if (fewest < 2) return [];
    // Insert after the start, or after an automated acknowledgement right behind it.
    let anchor = starts[0]!;
    const next = directSuccessor(input, anchor);
    if (next && isTask(next) && !isManualStep(next, scenario) && next.outgoing.length === 1) anchor = next;
    const flowId = anchor.outgoing[0]!;
    const pool = anchor.laneId !== undefined ? scenario.pools.find((p) => p.laneIds.includes(anchor.laneId!)) : undefined;
    const responders = [...substantive].map((id) => nodeOf(input, id)).filter((n) => n !== undefined);
    return [
      {
        id: suggestionId('earlyResponse', [anchor.id]),
        kind: 'earlyResponse',
        ...suggestionTexts('earlyResponse.title', 'earlyResponse.rationale', { steps: fewest, responders: responders.map(nameOf) }),
        elements: [anchor.id, ...responders.map((n) => n.id)],
        heuristic: 'resequencing',
        edits: [
          { type: 'insertTask', flowId, elementId: EARLY_RESPONSE_TASK_ID, name: 'Contact customer personally', taskType: 'bpmn:UserTask' },
          {
            type: 'setScenarioParameter',
            path: `tasks.${EARLY_RESPONSE_TASK_ID}`,
            value: {
              duration: { type: 'triangular', min: 3, mode: 5, max: 10, unit: 'min' },
              substantiveResponse: true,
              valueClass: 'valueAdding',
              ...(pool ? { poolId: pool.id } : {}),
            },
          },
        ],
      },
    ];
  },
};

export const checkEarlierProvider: SuggestionProvider = {
  id: 'checkEarlier',
  provide(input) {
    const { analysis } = input;
    return findReworkLoops(analysis.index, analysis.backEdges, analysis.visits.visits)
      .filter((loop) => loop.returnProbability >= REWORK_ADVICE_PROBABILITY && loop.returnProbability < 1)
      .map((loop) => ({
        id: suggestionId('checkEarlier', [loop.flowId]),
        kind: 'checkEarlier',
        ...suggestionTexts('checkEarlier.title', 'checkEarlier.rationale', {
          percent: Math.round(loop.returnProbability * 100),
          source: nameOf(nodeOf(input, loop.fromId)),
          target: nameOf(nodeOf(input, loop.toId)),
          repetitions: loop.expectedRepetitions.toFixed(2),
        }),
        elements: [...loop.bodyIds],
        heuristic: 'control addition' as const,
        edits: [],
        adviceOnly: true,
      }));
  },
};

export const automateTaskProvider: SuggestionProvider = {
  id: 'automateTask',
  provide(input) {
    const { graph, scenario, analysis } = input;
    if (!scenario) return [];
    return graph.nodes.flatMap((n): Suggestion[] => {
      if (!isTask(n) || !isManualStep(n, scenario) || isSubstantive(scenario, n.id) || n.kind === 'sendTask' || APPROVAL_ONLY.test(n.name ?? '')) return [];
      const rules = n.kind === 'businessRuleTask' || RULE_BASED.test(n.name ?? '');
      const mean = meanSeconds(scenario, n.id);
      const visits = analysis.visits.visits.get(n.id) ?? 0;
      if (!rules || mean === undefined || mean > AUTOMATION_MAX_SECONDS || visits < AUTOMATION_MIN_VISITS) return [];
      return [
        {
          id: suggestionId('automateTask', [n.id]),
          kind: 'automateTask',
          ...suggestionTexts('automateTask.title', 'automateTask.rationale', { task: nameOf(n), minutes: (mean / 60).toFixed(1), percent: Math.round(Math.min(1, visits) * 100) }),
          elements: [n.id],
          heuristic: 'task automation',
          edits: [
            { type: 'changeType', elementId: n.id, newType: 'bpmn:ServiceTask' },
            { type: 'setScenarioParameter', path: `tasks.${n.id}.automated`, value: true },
            { type: 'setScenarioParameter', path: `tasks.${n.id}.poolId`, value: null },
            { type: 'setScenarioParameter', path: `tasks.${n.id}.duration`, value: { type: 'fixed', value: 30, unit: 's' } },
            { type: 'setScenarioParameter', path: `tasks.${n.id}.fixedCost`, value: 0.1 },
          ],
        },
      ];
    });
  },
};

export const resizePoolProvider: SuggestionProvider = {
  id: 'resizePool',
  provide({ graph, scenario, simulation }) {
    if (!scenario || !simulation) return [];
    // A salaried person costs every paid hour of the pool's calendar: that is what one person more or less changes.
    const hoursPerWeek = new Map(computeOfferedLoad(graph, scenario).map((l) => [l.poolId, l.headcount > 0 ? l.capacityHoursPerWeek / l.headcount : 0] as const));
    return scenario.pools.flatMap((pool): Suggestion[] => {
      const u = simulation.pools.find((p) => p.id === pool.id)?.utilisation;
      if (u === undefined) return [];
      let headcount: number;
      if (u > UTILISATION_HIGH) headcount = pool.headcount + 1;
      else if (u < UTILISATION_LOW && pool.headcount > 1 && (u * pool.headcount) / (pool.headcount - 1) <= UTILISATION_HIGH) headcount = pool.headcount - 1;
      else return [];
      const more = headcount > pool.headcount;
      const salaried = pool.costModel === 'paid-hour';
      const perWeek = Math.round((hoursPerWeek.get(pool.id) ?? 0) * pool.costPerHour);
      return [
        {
          id: suggestionId('resizePool', [pool.id]),
          kind: 'resizePool',
          ...(salaried && perWeek > 0
            ? more
              ? suggestionTexts('resizePool.add.title', 'resizePool.add.rationale.salaried', { pool: pool.name, from: pool.headcount, to: headcount, percent: Math.round(u * 100), threshold: UTILISATION_HIGH * 100, cost: formatMoney(perWeek, scenario.currency, 'en', { whole: true }), currency: scenario.currency })
              : suggestionTexts('resizePool.remove.title', 'resizePool.remove.rationale.salaried', {
                  pool: pool.name,
                  from: pool.headcount,
                  to: headcount,
                  percent: Math.round(u * 100),
                  threshold: UTILISATION_LOW * 100,
                  after: Math.round(((u * pool.headcount) / headcount) * 100),
                  // The studio's money ("€5,040"), as the Simulation view and the Optimise table write weekly costs.
                  saving: formatMoney(perWeek, scenario.currency, 'en', { whole: true }),
                  currency: scenario.currency,
                })
            : more
            ? suggestionTexts('resizePool.add.title', 'resizePool.add.rationale', { pool: pool.name, from: pool.headcount, to: headcount, percent: Math.round(u * 100), threshold: UTILISATION_HIGH * 100 })
            : suggestionTexts('resizePool.remove.title', 'resizePool.remove.rationale', {
                pool: pool.name,
                from: pool.headcount,
                to: headcount,
                percent: Math.round(u * 100),
                threshold: UTILISATION_LOW * 100,
                after: Math.round(((u * pool.headcount) / headcount) * 100),
              })),
          elements: pool.laneIds.length > 0 ? [...pool.laneIds] : [pool.id],
          heuristic: more ? 'extra resources' : 'resource optimisation',
          edits: [{ type: 'setScenarioParameter', path: `pools.${pool.id}.headcount`, value: headcount }],
        },
      ];
    });
  },
};

export const superfluousGatewayProvider: SuggestionProvider = {
  id: 'removeSuperfluousGateway',
  provide({ graph }) {
    return graph.nodes
      .filter((n) => isGateway(n) && n.kind !== 'eventBasedGateway' && n.incoming.length === 1 && n.outgoing.length === 1)
      .map((n) => ({
        id: suggestionId('removeSuperfluousGateway', [n.id]),
        kind: 'removeSuperfluousGateway',
        ...suggestionTexts('removeSuperfluousGateway.title', 'removeSuperfluousGateway.rationale', { gateway: nameOf(n) }),
        elements: [n.id],
        heuristic: 'model quality',
        edits: [{ type: 'removeElement', elementId: n.id }],
      }));
  },
};

export const splitMixedGatewayProvider: SuggestionProvider = {
  id: 'splitMixedGateway',
  provide({ graph }) {
    return findMixedGateways(graph).map((id) => {
      const n = graph.nodes.find((x) => x.id === id)!;
      return {
        id: suggestionId('splitMixedGateway', [id]),
        kind: 'splitMixedGateway',
        ...suggestionTexts('splitMixedGateway.title', 'splitMixedGateway.rationale', { gateway: nameOf(n) }),
        elements: [id],
        heuristic: 'model quality',
        edits: [{ type: 'splitGateway', elementId: id, newId: `${id}_split` }],
      };
    });
  },
};

export const fixDeadlockJoinProvider: SuggestionProvider = {
  id: 'fixDeadlockJoin',
  provide(input) {
    return input.analysis.splits.flatMap((match): Suggestion[] => {
      if (match.problem !== 'deadlock' || match.joinId === undefined) return [];
      const join = nodeOf(input, match.joinId)!;
      if (join.kind !== 'parallelGateway') return [];
      const exclusive = match.splitSemantics === 'exclusive';
      return [
        {
          id: suggestionId('fixDeadlockJoin', [match.joinId]),
          kind: 'fixDeadlockJoin',
          ...(exclusive
            ? suggestionTexts('fixDeadlockJoin.exclusive.title', 'fixDeadlockJoin.exclusive.rationale', { join: nameOf(join), split: nameOf(nodeOf(input, match.splitId)) })
            : suggestionTexts('fixDeadlockJoin.inclusive.title', 'fixDeadlockJoin.inclusive.rationale', { join: nameOf(join), split: nameOf(nodeOf(input, match.splitId)) })),
          elements: [match.splitId, match.joinId],
          heuristic: 'model quality',
          edits: [{ type: 'changeType', elementId: match.joinId, newType: exclusive ? 'bpmn:ExclusiveGateway' : 'bpmn:InclusiveGateway' }],
        },
      ];
    });
  },
};

export const flagFirstResponseProvider: SuggestionProvider = {
  id: 'flagFirstResponse',
  provide({ graph, scenario }) {
    // Only with a scenario: the flag lives there, and without one nothing is simulated.
    if (!scenario) return [];
    const guess = guessFirstResponseTask(graph, scenario);
    if (!guess) return [];
    return [
      {
        id: suggestionId('flagFirstResponse', [guess.taskId]),
        kind: 'flagFirstResponse',
        ...suggestionTexts('flagFirstResponse.title', guess.reason === 'message' ? 'flagFirstResponse.rationale.message' : 'flagFirstResponse.rationale.name', { task: guess.name }),
        elements: [guess.taskId],
        heuristic: 'model quality',
        edits: [{ type: 'setScenarioParameter', path: `tasks.${guess.taskId}.substantiveResponse`, value: true }],
      },
    ];
  },
};

/** Every built-in provider, in the order their suggestions are listed before ranking. */
export const BUILT_IN_SUGGESTION_PROVIDERS: readonly SuggestionProvider[] = [
  removeNonValueAddingProvider,
  collapseApprovalChainProvider,
  autoApproveProvider,
  mergeSameRoleProvider,
  parallelProvider,
  reorderKnockOutsProvider,
  moveAfterDecisionProvider,
  earlyResponseProvider,
  checkEarlierProvider,
  automateTaskProvider,
  resizePoolProvider,
  superfluousGatewayProvider,
  splitMixedGatewayProvider,
  fixDeadlockJoinProvider,
  flagFirstResponseProvider,
];


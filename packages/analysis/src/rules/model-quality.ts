// Model-quality rules after Mendling's Seven Process Modeling Guidelines (7PMG) and Cardoso's control-flow
// complexity: a model people misread cannot be improved.
import type { FlowNode, ProcessGraph } from '@leanflow/model';
import { z } from 'zod';
import { analyseGraph, controlFlowComplexity, findImplicitSplits, findMixedGateways, isActivity, isEvent, splitSemantics } from '../graph-analysis.ts';
import { defineRule, notApplicable, scoreHigherIsBetter, scoreLowerIsBetter, type Finding } from '../scoring.ts';
import { NO_NODES, describer, docsUrl } from './shared.ts';

const BOUND_ABOVE_TARGET = { message: 'bound must be above target.' };

export const modelSizeRule = defineRule({
  id: 'model-size',
  title: 'Model size',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 1,
  configSchema: z
    .object({ target: z.number().int().min(1).default(50), bound: z.number().int().min(1).default(150) })
    .refine((c) => c.bound > c.target, BOUND_ABOVE_TARGET),
  docsUrl: docsUrl('model-size'),
  rationale: '7PMG G7: decompose models with more than 50 elements; above that size the error probability of models exceeds 50%.',
  evaluate({ graph, config }) {
    const size = graph.nodes.length;
    const findings: Finding[] =
      size > config.target
        ? [{ severity: size >= config.bound ? 'error' : 'warning', message: `The model has ${size} elements (at most ${config.target} recommended). Move parts into sub-processes.`, elementIds: [] }]
        : [];
    return { score: scoreLowerIsBetter(size, config.target, config.bound), findings, metrics: { elements: size } };
  },
});

export const controlFlowComplexityRule = defineRule({
  id: 'control-flow-complexity',
  title: 'Control-flow complexity (Cardoso)',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 1,
  configSchema: z
    .object({ target: z.number().finite().min(0).default(10), bound: z.number().finite().min(0).default(40) })
    .refine((c) => c.bound > c.target, BOUND_ABOVE_TARGET),
  docsUrl: docsUrl('control-flow-complexity'),
  rationale: 'Each decision multiplies the states a reader must keep in mind: XOR splits add their fan-out, OR splits 2^n - 1.',
  evaluate({ graph, config }) {
    const { total, perSplit } = controlFlowComplexity(graph);
    const name = describer(graph);
    const worst = [...perSplit].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const findings: Finding[] =
      total > config.target
        ? [{
            severity: total >= config.bound ? 'error' : 'warning',
            message: `Control-flow complexity is ${total} (target ${config.target}). Largest contributions: ${worst.map(([id, v]) => `${name(id)} ${v}`).join(', ')}.`,
            elementIds: worst.map(([id]) => id),
          }]
        : [];
    return { score: scoreLowerIsBetter(total, config.target, config.bound), findings, metrics: { controlFlowComplexity: total, splits: perSplit.size } };
  },
});

export const unmatchedSplitsRule = defineRule({
  id: 'unmatched-splits',
  title: 'Splits without matching joins',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 1,
  configSchema: z.object({
    /** Weighted count at which the score reaches 0. */
    bound: z.number().finite().positive().default(5),
    /** Weight of an XOR split whose branches end separately (often a deliberate early end). */
    exclusiveWeight: z.number().min(0).max(1).default(0.25),
  }),
  docsUrl: docsUrl('unmatched-splits'),
  rationale: '7PMG G4: model as structured as possible (each split closed by a join of the same type); G2: keep routing paths per element low (no gateway that both joins and splits).',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    const { splits } = analyseGraph(graph, scenario);
    const name = describer(graph);
    const findings: Finding[] = [];
    let weighted = 0;
    for (const split of splits) {
      if (split.joinId !== undefined) continue;
      const exclusive = split.splitSemantics === 'exclusive';
      weighted += exclusive ? config.exclusiveWeight : 1;
      findings.push({
        severity: exclusive ? 'info' : 'warning',
        message: `The ${split.splitSemantics === 'parallel' ? 'parallel (AND)' : split.splitSemantics === 'inclusive' ? 'inclusive (OR)' : 'exclusive (XOR)'} split ${name(split.splitId)} has no matching join: its branches never meet again.`,
        elementIds: [split.splitId],
      });
    }
    for (const id of findMixedGateways(graph)) {
      weighted += 1;
      findings.push({ severity: 'warning', message: `The gateway ${name(id)} both joins and splits; draw two gateways.`, elementIds: [id] });
    }
    return { score: scoreLowerIsBetter(weighted, 0, config.bound), findings, metrics: { unmatchedSplits: splits.filter((s) => s.joinId === undefined).length } };
  },
});

export const deadlockRule = defineRule({
  id: 'deadlock-and-synchronisation',
  title: 'Structural deadlock and lack of synchronisation',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 2,
  configSchema: z.object({
    deadlockPenalty: z.number().min(0).max(100).default(50),
    lackOfSynchronisationPenalty: z.number().min(0).max(100).default(25),
  }),
  docsUrl: docsUrl('deadlock-and-synchronisation'),
  rationale: 'An XOR split closed by an AND join waits forever (deadlock); an AND split closed by an XOR merge runs the rest twice (lack of synchronisation).',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    const { splits } = analyseGraph(graph, scenario);
    const name = describer(graph);
    const findings: Finding[] = [];
    let penalty = 0;
    for (const s of splits) {
      // An OR split (or conditional flows) only may run one / several branches: a possible problem, half the penalty.
      const possible = s.splitSemantics === 'inclusive';
      const factor = possible ? 0.5 : 1;
      if (s.problem === 'deadlock') {
        penalty += config.deadlockPenalty * factor;
        findings.push({
          severity: possible ? 'warning' : 'error',
          message: possible
            ? `Possible deadlock: when not all branches of ${name(s.splitId)} run, ${name(s.joinId!)} waits for ever. Use an inclusive join.`
            : `Deadlock: only one of the branches of ${name(s.splitId)} runs, but ${name(s.joinId!)} waits for all of them. Use an exclusive join, or a parallel split.`,
          elementIds: [s.splitId, s.joinId!],
        });
      } else if (s.problem === 'lackOfSynchronisation') {
        penalty += config.lackOfSynchronisationPenalty * factor;
        findings.push({
          severity: possible ? 'warning' : 'error',
          message: possible
            ? `Possible lack of synchronisation: when several branches of ${name(s.splitId)} run, ${name(s.joinId!)} does not wait and what follows runs once per branch. Use an inclusive join, or make the conditions exclusive with an XOR gateway.`
            : `Lack of synchronisation: all branches of ${name(s.splitId)} run, but ${name(s.joinId!)} does not wait, so what follows runs once per branch. Use a parallel join.`,
          elementIds: [s.splitId, s.joinId!],
        });
      }
    }
    return { score: Math.max(0, 100 - penalty), findings, metrics: { deadlocks: splits.filter((s) => s.problem === 'deadlock').length, lackOfSynchronisation: splits.filter((s) => s.problem === 'lackOfSynchronisation').length } };
  },
});

export const unreachableElementsRule = defineRule({
  id: 'unreachable-elements',
  title: 'Unreachable elements',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 2,
  configSchema: z.object({ bound: z.number().finite().positive().default(4) }),
  docsUrl: docsUrl('unreachable-elements'),
  rationale: 'An element no case can reach is either dead weight or a missing connection; either way the model says something false.',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    const { unreachable } = analyseGraph(graph, scenario);
    const name = describer(graph);
    const findings: Finding[] = unreachable.length
      ? [{ severity: 'warning', message: `No case can reach ${unreachable.length === 1 ? '' : `${unreachable.length} elements: `}${unreachable.slice(0, 10).map(name).join(', ')}${unreachable.length > 10 ? ', ...' : ''}. Connect or remove ${unreachable.length === 1 ? 'it' : 'them'}.`, elementIds: unreachable }]
      : [];
    return { score: scoreLowerIsBetter(unreachable.length, 0, config.bound), findings, metrics: { unreachable: unreachable.length } };
  },
});

/** Elements that need a label: activities, events, and the decisions of XOR/OR splits with their outgoing flows. */
function labelTargets(graph: ProcessGraph): { id: string; labelled: boolean }[] {
  const labelled = (name?: string) => name !== undefined && name.trim() !== '';
  const outgoing = new Map<string, ProcessGraph['flows'][number][]>();
  for (const f of graph.flows) outgoing.set(f.sourceId, [...(outgoing.get(f.sourceId) ?? []), f]);
  const targets: { id: string; labelled: boolean }[] = [];
  const isDecision = (node: FlowNode) => (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') && splitSemantics(node, outgoing.get(node.id) ?? []) !== 'none';
  for (const node of graph.nodes) {
    if (isActivity(node) || isEvent(node) || isDecision(node)) targets.push({ id: node.id, labelled: labelled(node.name) });
    if (isDecision(node)) for (const f of outgoing.get(node.id) ?? []) if (!f.isDefault && f.id !== node.defaultFlowId) targets.push({ id: f.id, labelled: labelled(f.name) || labelled(f.condition) });
  }
  return targets;
}

export const missingLabelsRule = defineRule({
  id: 'missing-labels',
  title: 'Missing labels',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 1,
  configSchema: z
    .object({ target: z.number().min(0).max(1).default(1), bound: z.number().min(0).max(1).default(0.5) })
    .refine((c) => c.bound < c.target, { message: 'bound must be below target.' }),
  docsUrl: docsUrl('missing-labels'),
  rationale: '7PMG G6: label activities verb-object ("Prepare quote"), decisions as questions and their branches as answers.',
  evaluate({ graph, config }) {
    const targets = labelTargets(graph);
    if (targets.length === 0) return notApplicable(NO_NODES);
    const missing = targets.filter((t) => !t.labelled).map((t) => t.id);
    const share = 1 - missing.length / targets.length;
    const findings: Finding[] = missing.length
      ? [{ severity: 'warning', message: `${missing.length} of ${targets.length} elements that need a label have none: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}.`, elementIds: missing }]
      : [];
    return { score: scoreHigherIsBetter(share, config.target, config.bound), findings, metrics: { missingLabels: missing.length, labelShare: share } };
  },
});

export const implicitSplitsRule = defineRule({
  id: 'implicit-splits',
  title: 'Implicit splits',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 1,
  configSchema: z.object({ bound: z.number().finite().positive().default(5) }),
  docsUrl: docsUrl('implicit-splits'),
  rationale: 'An activity with several unconditional outgoing flows starts all of them in parallel; readers often take it for a choice. Draw the gateway.',
  evaluate({ graph, config }) {
    const implicit = findImplicitSplits(graph);
    const name = describer(graph);
    const findings: Finding[] = implicit.map((id) => ({
      severity: 'warning',
      message: `${name(id)} starts all its outgoing flows in parallel without a gateway. Add a parallel or exclusive gateway to say what is meant.`,
      elementIds: [id],
    }));
    return { score: scoreLowerIsBetter(implicit.length, 0, config.bound), findings, metrics: { implicitSplits: implicit.length } };
  },
});

// Static lean rules: they read the model and, where given, the scenario's probabilities and classes.
import { z } from 'zod';
import { DEFAULT_APPROVAL_EXCLUDE_PATTERN, DEFAULT_APPROVAL_PATTERN, analyseGraph, findApprovalChains, findHandOffs, findKnockOuts, findReworkLoops, isTask } from '../graph-analysis.ts';
import { defineRule, notApplicable, scoreLowerIsBetter, type Finding } from '../scoring.ts';
import { NO_NODES, describer, docsUrl, formatDuration, percent, round } from './shared.ts';

const ASSUMED = 'Branch probabilities are assumed equal where the scenario gives none; set them for a sharper figure.';
const targetAndBound = <T extends { target: number; bound: number }>(c: T) => c.bound > c.target;
const BOUND_ABOVE_TARGET = { message: 'bound must be above target.' };

export const manualStepsRule = defineRule({
  id: 'manual-steps',
  title: 'Manual steps on the typical path',
  category: 'simplicity',
  kind: 'static',
  defaultWeight: 3,
  configSchema: z
    .object({ target: z.number().finite().min(0).default(8), bound: z.number().finite().min(0).default(16) })
    .refine(targetAndBound, BOUND_ABOVE_TARGET),
  docsUrl: docsUrl('manual-steps'),
  rationale: 'The study found sales-service processes average 12 steps where 8 would do: +40% processing time and +25% cost.',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    const path = analyseGraph(graph, scenario).typicalPath;
    const steps = path.manualSteps;
    const findings: Finding[] = [];
    if (steps > config.target) {
      findings.push({
        severity: steps >= config.bound ? 'error' : 'warning',
        message: `The typical case goes through ${round(steps)} manual steps (target ${config.target}). Automate, merge or drop steps that add no value.`,
        elementIds: path.manualStepIds,
      });
      if (path.assumedProbabilities) findings.push({ severity: 'info', message: ASSUMED, elementIds: [] });
    }
    return { score: scoreLowerIsBetter(steps, config.target, config.bound), findings, metrics: { manualSteps: steps, pathLength: path.nodeIds.length } };
  },
});

export const nonValueAddingShareRule = defineRule({
  id: 'non-value-adding-share',
  title: 'Share of non-value-adding tasks',
  category: 'cost',
  kind: 'static',
  defaultWeight: 1,
  configSchema: z
    .object({ target: z.number().min(0).max(1).default(0.1), bound: z.number().min(0).max(1).default(0.5) })
    .refine(targetAndBound, BOUND_ABOVE_TARGET),
  docsUrl: docsUrl('non-value-adding-share'),
  rationale: 'Value-stream mapping separates value-adding work from waste; non-value-adding tasks are the first candidates to remove.',
  evaluate({ graph, scenario, config }) {
    if (!scenario) return notApplicable('Add a simulation scenario and classify tasks as value-adding, business-value-adding or non-value-adding.');
    if (Object.keys(scenario.tasks).length === 0) return notApplicable('The scenario classifies no task yet.');
    const { visits } = analyseGraph(graph, scenario).visits;
    let all = 0;
    let waste = 0;
    const wasteIds: string[] = [];
    for (const node of graph.nodes) {
      if (!isTask(node) && node.kind !== 'callActivity') continue;
      const v = visits.get(node.id) ?? 0;
      all += v;
      if (scenario.tasks[node.id]?.valueClass === 'nonValueAdding') {
        waste += v;
        wasteIds.push(node.id);
      }
    }
    if (all <= 0) return notApplicable('No task is reached by a case.');
    const value = waste / all;
    const name = describer(graph);
    const findings: Finding[] = [];
    if (wasteIds.length > 0) {
      findings.push({
        severity: value > config.target ? 'warning' : 'info',
        message: `${percent(value)} of task executions add no value (target at most ${percent(config.target)}): ${wasteIds.map(name).join(', ')}.`,
        elementIds: wasteIds,
      });
    }
    return { score: scoreLowerIsBetter(value, config.target, config.bound), findings, metrics: { nonValueAddingShare: value } };
  },
});

export const handOffsRule = defineRule({
  id: 'hand-offs',
  title: 'Hand-offs per case',
  category: 'speed',
  kind: 'static',
  defaultWeight: 2,
  configSchema: z
    .object({ target: z.number().finite().min(0).default(2), bound: z.number().finite().min(0).default(8) })
    .refine(targetAndBound, BOUND_ABOVE_TARGET),
  docsUrl: docsUrl('hand-offs'),
  rationale: 'Every hand-off between roles adds a queue, a context switch and a chance to lose information.',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    if (!graph.nodes.some((n) => n.laneId !== undefined)) return notApplicable('The model has no lanes, so hand-offs between roles are unknown.');
    const analysis = analyseGraph(graph, scenario);
    const handOffs = findHandOffs(graph, analysis.visits.visits, analysis.index).filter((h) => h.expectedPerCase > 1e-9);
    const perCase = handOffs.reduce((s, h) => s + h.expectedPerCase, 0);
    const name = describer(graph);
    const findings: Finding[] = [];
    if (perCase > config.target) {
      const byLanes = new Map<string, { from: string; to: string; expected: number }>();
      for (const h of handOffs) {
        const key = `${h.fromLaneId}\u0000${h.toLaneId}`;
        const entry = byLanes.get(key) ?? { from: h.fromLaneId, to: h.toLaneId, expected: 0 };
        entry.expected += h.expectedPerCase;
        byLanes.set(key, entry);
      }
      const top = [...byLanes.values()].sort((a, b) => b.expected - a.expected).slice(0, 3);
      findings.push({
        severity: perCase >= config.bound ? 'error' : 'warning',
        message: `A case changes hands ${round(perCase, 2)} times on average (target ${config.target}). Most taken: ${top.map((h) => `${name(h.from)} -> ${name(h.to)} (${round(h.expected, 2)})`).join(', ')}.`,
        elementIds: handOffs.map((h) => h.flowId),
      });
    }
    return { score: scoreLowerIsBetter(perCase, config.target, config.bound), findings, metrics: { handOffsPerCase: perCase, crossLaneFlows: handOffs.length } };
  },
});

export const approvalChainsRule = defineRule({
  id: 'approval-chains',
  title: 'Approval chains',
  category: 'simplicity',
  kind: 'static',
  defaultWeight: 2,
  configSchema: z.object({
    /** Case-insensitive regular expression that marks approval and review steps by name. */
    pattern: z
      .string()
      .default(DEFAULT_APPROVAL_PATTERN)
      .refine((p) => { try { new RegExp(p, 'iu'); return true; } catch { return false; } }, { message: 'pattern is not a valid regular expression.' }),
    /** Names matching this are never approvals (e.g. "Notify employee of approval"); '' to exclude nothing. */
    excludePattern: z
      .string()
      .default(DEFAULT_APPROVAL_EXCLUDE_PATTERN)
      .refine((p) => { try { new RegExp(p, 'iu'); return true; } catch { return false; } }, { message: 'excludePattern is not a valid regular expression.' }),
    minLength: z.number().int().min(2).default(2),
    /** Extra approvals (chain length - 1, summed) at which the score reaches 0. */
    bound: z.number().finite().positive().default(4),
  }),
  docsUrl: docsUrl('approval-chains'),
  rationale: 'Approvals in a row multiply waiting time while rarely adding a new decision; one approval with clear limits usually does.',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    const analysis = analyseGraph(graph, scenario);
    const chains = findApprovalChains(graph, analysis.index, analysis.backEdges, new RegExp(config.pattern, 'iu'), config.minLength, {
      ...(config.excludePattern !== '' ? { exclude: new RegExp(config.excludePattern, 'iu') } : {}),
      ...(scenario ? { scenario } : {}),
    });
    const name = describer(graph);
    const extra = chains.reduce((s, c) => s + c.length - 1, 0);
    const findings: Finding[] = chains.map((chain) => ({
      severity: 'warning',
      message: `${chain.length} approval or review steps in a row: ${chain.map(name).join(' -> ')}. Merge them into one approval or approve in parallel.`,
      elementIds: chain,
    }));
    return { score: scoreLowerIsBetter(extra, 0, config.bound), findings, metrics: { chains: chains.length, extraApprovals: extra } };
  },
});

export const reworkLoopsRule = defineRule({
  id: 'rework-loops',
  title: 'Rework loops',
  category: 'cost',
  kind: 'static',
  defaultWeight: 2,
  configSchema: z
    .object({
      target: z.number().min(0).max(1).default(0.05),
      bound: z.number().min(0).max(1).default(0.5),
      /** Cap on the return probability of loops whose decisions have no scenario probabilities. */
      assumedReturnProbability: z.number().min(0).max(1).default(0.25),
    })
    .refine(targetAndBound, BOUND_ABOVE_TARGET),
  docsUrl: docsUrl('rework-loops'),
  rationale: 'Work that goes back is done twice: a return probability p makes the loop run 1/(1-p) times on average.',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    const analysis = analyseGraph(graph, scenario);
    const loops = findReworkLoops(analysis.index, analysis.backEdges, analysis.visits.visits);
    const name = describer(graph);
    // An assumed equal split says little about real rework: it counts at most `assumedReturnProbability`.
    const judged = (loop: (typeof loops)[number]) => (loop.fromScenario ? loop.returnProbability : Math.min(loop.returnProbability, config.assumedReturnProbability));
    const worst = loops.reduce((m, l) => Math.max(m, judged(l)), 0);
    const findings: Finding[] = loops.map((loop) => ({
      severity: judged(loop) > config.target ? 'warning' : 'info',
      message: Number.isFinite(loop.expectedRepetitions)
        ? `Work goes back from ${name(loop.fromId)} to ${name(loop.toId)} in ${percent(loop.returnProbability)} of cases${loop.fromScenario ? '' : ' (assumed: the scenario gives no probabilities for this loop)'}, so it runs ${round(loop.expectedRepetitions, 2)} times per case on average.`
        : `Work that reaches ${name(loop.toId)} always comes back to it via ${name(loop.fromId)}: the loop has no way out.`,
      elementIds: [loop.flowId, ...loop.bodyIds],
    }));
    return { score: scoreLowerIsBetter(worst, config.target, config.bound), findings, metrics: { loops: loops.length, worstReturnProbability: worst } };
  },
});

export const knockOutOrderRule = defineRule({
  id: 'knock-out-order',
  title: 'Knock-out checks in a costly order',
  category: 'cost',
  kind: 'static',
  defaultWeight: 1,
  configSchema: z.object({
    /** At most this many activities on a rejecting branch (e.g. "send rejection"). */
    maxRejectSteps: z.number().int().min(0).default(2),
    /** Costly pairs at which the score reaches 0. */
    bound: z.number().finite().positive().default(3),
  }),
  docsUrl: docsUrl('knock-out-order'),
  rationale: 'Checks that can reject a case should run cheapest-per-rejection first, so fewer cases pay for the expensive checks.',
  evaluate({ graph, scenario, config }) {
    if (graph.nodes.length === 0) return notApplicable(NO_NODES);
    const analysis = analyseGraph(graph, scenario);
    const { checks, costlyOrder } = findKnockOuts(graph, analysis.index, analysis.backEdges, scenario, config.maxRejectSteps);
    const byId = new Map(checks.map((c) => [c.checkId, c] as const));
    const name = describer(graph);
    const findings: Finding[] = costlyOrder.map(({ firstId, laterId }) => {
      const first = byId.get(firstId)!;
      const later = byId.get(laterId)!;
      return {
        severity: 'warning',
        message: `${name(firstId)} costs ${formatDuration(first.effortPerRejection!)} per rejected case but runs before ${name(laterId)} (${formatDuration(later.effortPerRejection!)} per rejection). Run the cheaper check first.`,
        elementIds: [firstId, laterId],
      };
    });
    const unknown = checks.filter((c) => c.effortPerRejection === undefined);
    if (checks.length > 1 && unknown.length > 0) {
      findings.push({ severity: 'info', message: `Give ${unknown.map((c) => name(c.checkId)).join(', ')} a duration in the scenario to judge the order of the checks.`, elementIds: unknown.map((c) => c.checkId) });
    }
    return { score: scoreLowerIsBetter(costlyOrder.length, 0, config.bound), findings, metrics: { knockOutChecks: checks.length, costlyPairs: costlyOrder.length } };
  },
});

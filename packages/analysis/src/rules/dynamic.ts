// Rules that read a simulation result: not applicable until the model has been simulated.
import { durationToSeconds, type CaseType, type Scenario } from '@leanflow/model';
import { z } from 'zod';
import { guessFirstResponseTask } from '../first-response.ts';
import { analyseGraph } from '../graph-analysis.ts';
import { computeOfferedLoad, overloadMessage } from '../offered-load.ts';
import { defineRule, notApplicable, scoreHigherIsBetter, scoreLowerIsBetter, type Finding } from '../scoring.ts';
import type { SegmentSummary, SimulationSummary } from '../simulation-summary.ts';
import { describer, docsUrl, formatDuration, percent, round } from './shared.ts';

const NO_SIMULATION = 'Run a simulation first: this rule reads simulated times.';


/**
 * The scenario's case types with their simulated figures (matched by id), when the scenario has case types and the
 * run reports them; types without a counted case are left out. Empty otherwise: the rule scores all cases at once.
 */
function caseTypeFigures(scenario: Scenario | undefined, simulation: SimulationSummary): { type: CaseType; segment: SegmentSummary }[] {
  const types = scenario?.caseTypes ?? [];
  if (types.length === 0 || !simulation.segments) return [];
  const byId = new Map(simulation.segments.map((s) => [s.id, s] as const));
  return types.flatMap((type) => {
    const segment = byId.get(type.id);
    return segment && segment.cases > 0 ? [{ type, segment }] : [];
  });
}

/** The mean of per-type scores weighted by the types' shares of arrivals. */
function shareWeighted(scores: readonly { share: number; score: number }[]): number {
  const total = scores.reduce((a, s) => a + s.share, 0);
  return total > 0 ? scores.reduce((a, s) => a + s.share * s.score, 0) / total : scores.reduce((a, s) => a + s.score, 0) / Math.max(1, scores.length);
}
const share = (what: string) => z.number().min(0, { message: `${what} cannot be negative.` }).max(1, { message: `${what} cannot be above 1.` });
const positive = (what: string) => z.number().finite().positive({ message: `${what} must be greater than 0.` });

export const firstResponseTimeRule = defineRule({
  id: 'first-response-time',
  title: 'First-response time within SLA',
  category: 'customerExperience',
  kind: 'dynamic',
  defaultWeight: 3,
  configSchema: z
    .object({ targetShare: share('The target share').default(0.9), zeroShare: share('The zero-score share').default(0.5) })
    .refine((c) => c.zeroShare < c.targetShare, { message: 'zeroShare must be below targetShare.' }),
  docsUrl: docsUrl('first-response-time'),
  rationale: 'Customers expect a substantive reply within 2 hours; the industry average is 24 hours. An automatic acknowledgement does not count.',
  evaluate({ graph, scenario, simulation, config }) {
    if (!simulation) return notApplicable(NO_SIMULATION);
    const fr = simulation.firstResponse;
    const responders = Object.entries(scenario?.tasks ?? {}).filter(([, t]) => t.substantiveResponse).map(([id]) => id);
    if (!fr) {
      const guess = guessFirstResponseTask(graph, scenario);
      return notApplicable(
        `No task is flagged as the first substantive response, so first-response time is not measured: flag the task that first answers the customer${guess ? ` (likely "${guess.name}"; the suggestion "Flag '${guess.name}' as the first substantive response" does it in one click)` : ''}.`,
      );
    }
    const name = describer(graph);
    const findings: Finding[] = [];
    // With case types each type is held to its own target (VIP within 1 h, standard within 4 h): one finding per type
    // that misses, and the score is the share-weighted mean of the types' scores.
    const typed = caseTypeFigures(scenario, simulation).filter((t) => t.segment.firstResponse);
    if (typed.length > 0) {
      const metrics: Record<string, number> = { withinSla: fr.withinSla, meanSeconds: fr.mean, slaSeconds: fr.slaSeconds };
      const scores = typed.map(({ type, segment }) => {
        const own = segment.firstResponse!;
        const score = scoreHigherIsBetter(own.withinSla, config.targetShare, config.zeroShare);
        Object.assign(metrics, { [`withinSla.${type.id}`]: own.withinSla, [`meanSeconds.${type.id}`]: own.mean, [`slaSeconds.${type.id}`]: own.slaSeconds, [`score.${type.id}`]: score });
        if (own.withinSla < config.targetShare)
          findings.push({
            severity: own.withinSla < config.zeroShare ? 'error' : 'warning',
            message: `${type.name}: ${percent(own.withinSla)} of cases get a substantive response within ${formatDuration(own.slaSeconds)} (target ${percent(config.targetShare)}); the mean first response takes ${formatDuration(own.mean)}${responders.length ? ` (ends at ${responders.map(name).join(', ')})` : ''}.`,
            elementIds: responders,
          });
        return { share: type.share, score };
      });
      return { score: shareWeighted(scores), findings, metrics };
    }
    if (fr.withinSla < config.targetShare) {
      findings.push({
        severity: fr.withinSla < config.zeroShare ? 'error' : 'warning',
        message: `${percent(fr.withinSla)} of cases get a substantive response within ${formatDuration(fr.slaSeconds)} (target ${percent(config.targetShare)}); the mean first response takes ${formatDuration(fr.mean)}${responders.length ? ` (ends at ${responders.map(name).join(', ')})` : ''}.`,
        elementIds: responders,
      });
    }
    return {
      score: scoreHigherIsBetter(fr.withinSla, config.targetShare, config.zeroShare),
      findings,
      metrics: { withinSla: fr.withinSla, meanSeconds: fr.mean, slaSeconds: fr.slaSeconds },
    };
  },
});

export const resolutionTimeRule = defineRule({
  id: 'resolution-time',
  title: 'Resolution time against its target',
  category: 'customerExperience',
  kind: 'dynamic',
  defaultWeight: 2,
  configSchema: z.object({
    /** Overrides the scenario's resolution SLA; 24 h when neither is set. */
    targetHours: positive('The target').optional(),
    zeroFactor: z.number().finite().gt(1, { message: 'zeroFactor must be above 1.' }).default(3),
  }),
  docsUrl: docsUrl('resolution-time'),
  rationale: 'How long the customer waits for the matter to be settled drives satisfaction (6.5/10 in the study against 7.5 wanted).',
  evaluate({ scenario, simulation, config }) {
    if (!simulation) return notApplicable(NO_SIMULATION);
    const target = config.targetHours !== undefined ? config.targetHours * 3600 : scenario?.targets.resolutionSla ? durationToSeconds(scenario.targets.resolutionSla) : 24 * 3600;
    const value = simulation.resolution?.mean ?? simulation.cycleTime.mean;
    const findings: Finding[] = [];
    // With case types each type against its own resolution target (else the one above), measured as its cycle time.
    const typed = caseTypeFigures(scenario, simulation);
    if (typed.length > 0) {
      const metrics: Record<string, number> = { meanSeconds: value, targetSeconds: target };
      const scores = typed.map(({ type, segment }) => {
        const own = type.targets?.resolutionSla ? durationToSeconds(type.targets.resolutionSla) : target;
        const mean = segment.cycleTime.mean;
        const score = scoreLowerIsBetter(mean, own, own * config.zeroFactor);
        Object.assign(metrics, { [`meanSeconds.${type.id}`]: mean, [`targetSeconds.${type.id}`]: own, [`score.${type.id}`]: score });
        if (mean > own)
          findings.push({
            severity: mean >= own * config.zeroFactor ? 'error' : 'warning',
            message: `${type.name}: cases take ${formatDuration(mean)} on average to resolve (target ${formatDuration(own)}), measured as cycle time.`,
            elementIds: [],
          });
        return { share: type.share, score };
      });
      return { score: shareWeighted(scores), findings, metrics };
    }
    if (value > target) {
      findings.push({
        severity: value >= target * config.zeroFactor ? 'error' : 'warning',
        message: `Cases take ${formatDuration(value)} on average to resolve (target ${formatDuration(target)})${simulation.resolution ? '' : ', measured as cycle time'}.`,
        elementIds: [],
      });
    }
    return {
      score: scoreLowerIsBetter(value, target, target * config.zeroFactor),
      findings,
      metrics: { meanSeconds: value, targetSeconds: target, ...(simulation.resolution?.withinSla !== undefined ? { withinSla: simulation.resolution.withinSla } : {}) },
    };
  },
});

export const cycleTimeRule = defineRule({
  id: 'cycle-time',
  title: 'Cycle time against work time (flow factor)',
  category: 'speed',
  kind: 'dynamic',
  defaultWeight: 2,
  configSchema: z
    .object({ target: z.number().finite().min(1).default(2), bound: z.number().finite().min(1).default(10), topWaits: z.number().int().min(0).default(3) })
    .refine((c) => c.bound > c.target, { message: 'bound must be above target.' }),
  docsUrl: docsUrl('cycle-time'),
  rationale: 'In most service processes cases spend far more time waiting than being worked on; waiting is where cycle time can be won.',
  evaluate({ graph, scenario, simulation, config }) {
    if (!simulation) return notApplicable(NO_SIMULATION);
    const { visits } = analyseGraph(graph, scenario).visits;
    let work = 0;
    for (const t of simulation.tasks) work += t.processing * (t.executionsPerCase ?? visits.get(t.id) ?? 1);
    if (work <= 0) return notApplicable('The simulation reports no processing time, so the flow factor is undefined.');
    const factor = simulation.cycleTime.mean / work;
    const name = describer(graph);
    const waits = [...simulation.tasks].filter((t) => t.waiting > 0).sort((a, b) => b.waiting * (b.executionsPerCase ?? visits.get(b.id) ?? 1) - a.waiting * (a.executionsPerCase ?? visits.get(a.id) ?? 1)).slice(0, config.topWaits);
    const findings: Finding[] = [];
    if (factor > config.target) {
      findings.push({
        severity: factor >= config.bound ? 'error' : 'warning',
        message: `A case takes ${formatDuration(simulation.cycleTime.mean)} for ${formatDuration(work)} of work (flow factor ${round(factor)}, target ${config.target}).${waits.length ? ` Longest waits: ${waits.map((t) => `${name(t.id)} ${formatDuration(t.waiting)}`).join(', ')}.` : ''}`,
        elementIds: waits.map((t) => t.id),
      });
    }
    return { score: scoreLowerIsBetter(factor, config.target, config.bound), findings, metrics: { flowFactor: factor, cycleTimeSeconds: simulation.cycleTime.mean, workSeconds: work } };
  },
});

export const processCycleEfficiencyRule = defineRule({
  id: 'process-cycle-efficiency',
  title: 'Process cycle efficiency',
  category: 'speed',
  kind: 'dynamic',
  defaultWeight: 2,
  configSchema: z
    .object({ target: share('The target').default(0.25), bound: share('The zero-score bound').default(0.02) })
    .refine((c) => c.bound < c.target, { message: 'bound must be below target.' }),
  docsUrl: docsUrl('process-cycle-efficiency'),
  rationale: 'Value-stream mapping: only value-adding time is what the customer pays for; the rest of the cycle time is waste to remove.',
  evaluate({ graph, scenario, simulation, config }) {
    if (!simulation) return notApplicable(NO_SIMULATION);
    let pce = simulation.processCycleEfficiency;
    if (pce === undefined && scenario && simulation.cycleTime.mean > 0) {
      const { visits } = analyseGraph(graph, scenario).visits;
      let valueAdding = 0;
      for (const t of simulation.tasks) if (scenario.tasks[t.id]?.valueClass === 'valueAdding') valueAdding += t.processing * (t.executionsPerCase ?? visits.get(t.id) ?? 1);
      pce = valueAdding / simulation.cycleTime.mean;
    }
    if (pce === undefined) return notApplicable('The simulation reports no value-adding time; classify tasks as value-adding in the scenario.');
    const findings: Finding[] = [];
    if (pce < config.target) {
      findings.push({
        severity: pce <= config.bound ? 'error' : 'warning',
        message: `Only ${percent(pce)} of the cycle time adds value for the customer (target ${percent(config.target)}).`,
        elementIds: [],
      });
    }
    return { score: scoreHigherIsBetter(pce, config.target, config.bound), findings, metrics: { processCycleEfficiency: pce } };
  },
});

export const resourceUtilisationRule = defineRule({
  id: 'resource-utilisation',
  title: 'Resource utilisation band',
  category: 'cost',
  kind: 'dynamic',
  defaultWeight: 2,
  configSchema: z
    .object({ low: share('The lower bound').default(0.6), high: share('The upper bound').default(0.85) })
    .refine((c) => c.low < c.high && c.high < 1, { message: 'Use 0 <= low < high < 1.' }),
  docsUrl: docsUrl('resource-utilisation'),
  rationale: "Below the band people sit idle (the study found under 60%); above it queues explode: by Kingman's formula waiting grows with u/(1-u), 5.7x the service time at 85% and 19x at 95%.",
  evaluate({ graph, simulation, scenario, config }) {
    // Offered load needs no simulation: an overloaded pool is said before the first run, and never called healthy.
    const loads = scenario ? computeOfferedLoad(graph, scenario) : [];
    const lanesOf = (poolId: string) => [
      ...(scenario?.pools.find((p) => p.id === poolId)?.laneIds ?? []),
      ...Object.entries(scenario?.tasks ?? {}).filter(([, t]) => t.poolId === poolId).map(([id]) => id),
    ];
    if (!simulation) {
      const overloaded = loads.filter((l) => l.overloaded);
      if (overloaded.length === 0) return notApplicable(NO_SIMULATION);
      return {
        score: 0,
        findings: overloaded.map((l) => ({ severity: 'error' as const, message: overloadMessage(l), elementIds: lanesOf(l.poolId) })),
        metrics: Object.fromEntries(loads.map((l) => [`offeredLoad.${l.poolId}`, l.offeredLoad])),
      };
    }
    if (simulation.pools.length === 0) return notApplicable('The scenario has no resource pools.');
    const findings: Finding[] = [];
    const scores = simulation.pools.map((pool) => {
      const u = pool.utilisation;
      const name = pool.name ?? scenario?.pools.find((p) => p.id === pool.id)?.name ?? pool.id;
      // Point at the pool's lanes and at the tasks assigned to it directly.
      const lanes = lanesOf(pool.id);
      const load = loads.find((l) => l.poolId === pool.id);
      if (load?.overloaded || pool.queueGrowing || pool.overloaded) {
        findings.push({
          severity: 'error',
          message: load?.overloaded
            ? overloadMessage(load)
            : `${name} is overloaded: its queue kept growing while cases arrived (busy ${percent(u)} of its working time); the queue grows without bound at this staffing.`,
          elementIds: lanes,
        });
        return 0;
      }
      if (u < config.low) {
        findings.push({ severity: 'warning', message: `${name} is busy ${percent(u)} of its working time (band ${percent(config.low)}-${percent(config.high)}): capacity is idle.`, elementIds: lanes });
        return (100 * u) / config.low;
      }
      if (u > config.high) {
        const kingman = (x: number) => x / (1 - Math.min(x, 0.999));
        findings.push({
          severity: u >= 0.95 ? 'error' : 'warning',
          message: `${name} is busy ${percent(u)} of its working time (band ${percent(config.low)}-${percent(config.high)}): queues grow ${round(kingman(u) / kingman(config.high))}x longer than at ${percent(config.high)} (Kingman).`,
          elementIds: lanes,
        });
        return Math.max(0, (100 * (1 - u)) / (1 - config.high));
      }
      return 100;
    });
    const metrics: Record<string, number> = {};
    for (const pool of simulation.pools) metrics[`utilisation.${pool.id}`] = pool.utilisation;
    return { score: scores.reduce((a, b) => a + b, 0) / scores.length, findings, metrics };
  },
});

export const costPerCaseRule = defineRule({
  id: 'cost-per-case',
  title: 'Cost per case against its target',
  category: 'cost',
  kind: 'dynamic',
  defaultWeight: 2,
  configSchema: z.object({
    /** Overrides the scenario's cost target. */
    target: z.number().finite().nonnegative().optional(),
    zeroFactor: z.number().finite().gt(1, { message: 'zeroFactor must be above 1.' }).default(2),
  }),
  docsUrl: docsUrl('cost-per-case'),
  rationale: 'Every extra step costs money: the study found 12 steps where 8 would do, +25% cost.',
  evaluate({ scenario, simulation, config }) {
    if (!simulation) return notApplicable(NO_SIMULATION);
    const target = config.target ?? scenario?.targets.costPerCase;
    if (target === undefined) return notApplicable('Set a cost-per-case target in the scenario (or the scoring profile).');
    const cost = simulation.costPerCase?.mean;
    if (cost === undefined) return notApplicable('The simulation reports no cost; give pools a cost per hour or tasks a fixed cost.');
    const currency = scenario?.currency ?? '';
    const findings: Finding[] = [];
    if (cost > target) {
      findings.push({
        severity: cost >= target * config.zeroFactor ? 'error' : 'warning',
        message: `A case costs ${round(cost, 2)} ${currency} on average (target ${round(target, 2)} ${currency}).`.replace(/ \)/g, ')').replace(/ {2}/g, ' '),
        elementIds: [],
      });
    }
    const score = target === 0 ? (cost === 0 ? 100 : 0) : scoreLowerIsBetter(cost, target, target * config.zeroFactor);
    return { score, findings, metrics: { costPerCase: cost, target } };
  },
});

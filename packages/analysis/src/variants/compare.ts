// Compares 2 to 4 variants of a process: every variant runs with the same run settings, seed and replications
// (common random numbers), and each KPI of each variant is compared with the first variant (the baseline) by the
// paired Student-t interval of the per-replication differences. Adds the scorecards, overlay histograms on common
// bins and the semantic diff of each variant against the baseline.
import { loadDocument, type DocumentLoader, type ModelIssue, type ProcessGraph } from '@leanflow/model';
import {
  simulate,
  type CancellationSignal,
  type HistogramBin,
  type ReplicationFigures,
  type SegmentReplicationFigures,
  type SegmentResult,
  type SimulationResult,
} from '@leanflow/sim';
import { BUILT_IN_PROFILES, parseStoredProfile } from '../profiles.ts';
import { BUILT_IN_RULES } from '../rules/index.ts';
import { computeScorecard, type Scorecard, type ScoringProfile, type ScoringRule } from '../scoring.ts';
import { toSimulationSummary } from '../sim-adapter.ts';
import { diffBpmn, type DiagramDiff } from './diff.ts';
import { chooseScenario, findScenario, type ScenarioChoice } from './scenario.ts';
import { estimateKpi, pairedDifference, type KpiEstimate, type PairedDifference } from './statistics.ts';

export interface VariantInput {
  /** Shown in tables and reports (e.g. "As is", "To be A", a file name). */
  readonly name: string;
  readonly xml: string;
}

export interface CompareVariantsOptions {
  /** Scenario id or name; default: the baseline file's active scenario. */
  readonly scenarioId?: string;
  /** Cases per start event and replication for every variant (default: the baseline scenario's cases or horizon). */
  readonly cases?: number;
  /** Replications for every variant (default: the baseline scenario's). */
  readonly replications?: number;
  /** Seed for every variant (default: the baseline scenario's). */
  readonly seed?: number;
  /**
   * Scoring profile of the scorecards (default: the valid profile stored in the baseline file, else balanced — the
   * same choice as `leanflow score`, so a file's baseline score equals its score).
   */
  readonly profile?: ScoringProfile;
  /** Scoring rules (default: the built-in rules). */
  readonly rules?: readonly ScoringRule[];
  /** Bins of the overlay histograms (default 20). */
  readonly histogramBins?: number;
  /** Pixels of layout rounding the diagram diff ignores (default 1). */
  readonly layoutTolerance?: number;
  readonly signal?: CancellationSignal;
  /** Fraction of all simulations done (0..1), reported between chunks of work. */
  readonly onProgress?: (fraction: number) => void;
  /** Reads a document version (default `loadDocument`); a host passes its cache so each version is parsed once. */
  readonly load?: DocumentLoader;
}

export type KpiUnit = 'seconds' | 'share' | 'currency' | 'casesPerHour' | 'cases';

export interface KpiDefinition {
  /** Stable key, e.g. `cycleTime`, `utilisation:reps`. */
  readonly key: string;
  readonly label: string;
  readonly unit: KpiUnit;
  /** Which direction is an improvement; null when neither is (value-adding time, utilisation). */
  readonly better: 'lower' | 'higher' | null;
}

export interface VariantResult {
  readonly name: string;
  readonly scenario: {
    readonly id: string;
    readonly name: string;
    readonly source: ScenarioChoice;
    /** Parameters left out because the variant has no such element. */
    readonly droppedElementIds: readonly string[];
    /** Elements only in this variant whose parameters came from its own (or default) scenario. */
    readonly variantElementIds: readonly string[];
  };
  /** Counted cases per replication (mean). */
  readonly countedCases: number;
  readonly kpis: Readonly<Record<string, KpiEstimate>>;
  /**
   * Per case type of the baseline (`VariantComparison.caseTypes`, same order), the KPIs of `COMPARISON_KPIS` over that
   * type's cases (no pool utilisations: pools are shared). Empty when the baseline has no case types.
   */
  readonly segments: readonly VariantSegment[];
  readonly scorecard: Scorecard;
  /** Problems reading the file and running the simulation (warnings and notes; errors stop the comparison). */
  readonly issues: readonly ModelIssue[];
  /** The whole simulation result (per-task figures, heat-map counts, per-replication values). */
  readonly simulation: SimulationResult;
}

/** One case type's KPIs in one variant. */
export interface VariantSegment {
  readonly id: string;
  readonly name: string;
  /** Counted cases of this type per replication (mean); 0 when the variant has no such type. */
  readonly countedCases: number;
  readonly kpis: Readonly<Record<string, KpiEstimate>>;
}

/** A case type of the baseline, compared across the variants (matched by id). */
export interface ComparedCaseType {
  readonly id: string;
  readonly name: string;
  /** Share of the baseline's arrivals (0..1). */
  readonly share: number;
  readonly priority: number;
}

/** `noChange`: the difference is 0 (or below what is shown: 0.05 s, 0.05 pp, 0.005 per hour or of money). */
export type Verdict = 'better' | 'worse' | 'changed' | 'noChange' | 'notSignificant' | 'notComparable';

/** Half the last digit a difference is shown with: anything smaller prints as 0 and is "no change". */
export const KPI_RESOLUTION: Readonly<Record<KpiUnit, number>> = { seconds: 0.05, share: 0.0005, currency: 0.005, casesPerHour: 0.005, cases: 0.005 };

export interface KpiDifference {
  readonly baselineMean: number | null;
  readonly variantMean: number | null;
  /** variant − baseline, paired by replication. */
  readonly difference: PairedDifference;
  /** difference / baseline mean; null when the baseline mean is 0 or missing. */
  readonly relativeChange: number | null;
  readonly verdict: Verdict;
}

export interface VariantDifference {
  readonly variant: string;
  readonly baseline: string;
  readonly kpis: Readonly<Record<string, KpiDifference>>;
  /**
   * Per case type of the baseline (same order as `VariantComparison.caseTypes`): the same KPI differences over that
   * type's cases, paired by replication like the top level. A type the variant lacks is `notComparable`.
   */
  readonly segments: readonly { readonly id: string; readonly name: string; readonly kpis: Readonly<Record<string, KpiDifference>> }[];
  /** Overall score of the variant minus the baseline's (null when either is unscored). */
  readonly scoreDifference: number | null;
  readonly diagramDiff: DiagramDiff;
}

/** Shares of cases per bin, on the same bin edges for every variant (to overlay them). */
export interface OverlayHistogram {
  /** Bin edges in seconds: bins + 1 values from 0. The last bin also holds everything above. */
  readonly edges: readonly number[];
  readonly series: readonly { readonly variant: string; readonly shares: readonly number[] }[];
}

export interface VariantComparison {
  readonly ok: true;
  readonly settings: {
    readonly scenario: { readonly id: string; readonly name: string };
    /** The baseline scenario's currency (cost per case). */
    readonly currency: string;
    /** Cases per start event and replication; null when a horizon ends each replication. */
    readonly cases: number | null;
    readonly replications: number;
    readonly seed: number;
    readonly profile: { readonly id: string; readonly name: string; readonly source?: 'option' | 'model' | 'default' };
  };
  readonly kpiDefinitions: readonly KpiDefinition[];
  /** The baseline scenario's case types (empty without any); each variant's type of the same id is compared with it. */
  readonly caseTypes: readonly ComparedCaseType[];
  /** The KPIs compared per case type (`COMPARISON_KPIS`: the fixed list, without pool utilisations). */
  readonly segmentKpiDefinitions: readonly KpiDefinition[];
  readonly variants: readonly VariantResult[];
  /** One entry per variant after the first, each against the first. */
  readonly differences: readonly VariantDifference[];
  readonly histograms: { readonly cycleTime: OverlayHistogram; readonly firstResponseTime: OverlayHistogram | null };
}

export interface ComparisonRejected {
  readonly ok: false;
  readonly issues: readonly ModelIssue[];
}

interface KpiSpec<R = ReplicationFigures> extends KpiDefinition {
  readonly value: (r: R) => number;
}

// Each reads only what a case type's replication figures have too, so the same list serves the segments.
const KPI_SPECS: readonly KpiSpec<SegmentReplicationFigures>[] = [
  { key: 'cycleTime', label: 'Cycle time', unit: 'seconds', better: 'lower', value: (r) => r.cycleTime.mean },
  { key: 'cycleTimeP50', label: 'Cycle time p50', unit: 'seconds', better: 'lower', value: (r) => r.cycleTime.p50 },
  { key: 'cycleTimeP90', label: 'Cycle time p90', unit: 'seconds', better: 'lower', value: (r) => r.cycleTime.p90 },
  { key: 'cycleTimeP95', label: 'Cycle time p95', unit: 'seconds', better: 'lower', value: (r) => r.cycleTime.p95 },
  { key: 'resolutionWithinSla', label: 'Resolved within SLA', unit: 'share', better: 'higher', value: (r) => r.cycleTime.withinResolutionSla },
  { key: 'firstResponseTime', label: 'First response', unit: 'seconds', better: 'lower', value: (r) => r.firstResponseTime.mean },
  { key: 'firstResponseWithinSla', label: 'First response within SLA', unit: 'share', better: 'higher', value: (r) => r.firstResponseTime.withinSla },
  { key: 'processingTime', label: 'Processing time', unit: 'seconds', better: 'lower', value: (r) => r.processingTime },
  { key: 'waitingTime', label: 'Waiting for resources', unit: 'seconds', better: 'lower', value: (r) => r.waitingTime },
  { key: 'offCalendarTime', label: 'Off-calendar time', unit: 'seconds', better: 'lower', value: (r) => r.offCalendarTime },
  { key: 'valueAddingTime', label: 'Value-adding time', unit: 'seconds', better: null, value: (r) => r.valueAddingTime },
  { key: 'processCycleEfficiency', label: 'Process cycle efficiency', unit: 'share', better: 'higher', value: (r) => r.processCycleEfficiency },
  { key: 'costPerCase', label: 'Cost per case', unit: 'currency', better: 'lower', value: (r) => r.costPerCase },
  { key: 'costPerWeek', label: 'Cost per week', unit: 'currency', better: 'lower', value: (r) => r.costPerWeek },
  { key: 'throughputPerHour', label: 'Throughput', unit: 'casesPerHour', better: 'higher', value: (r) => r.throughputPerHour },
  { key: 'workInProgress', label: 'Work in progress', unit: 'cases', better: 'lower', value: (r) => r.workInProgress },
];

/** The KPIs every comparison has (pool utilisations are added per pool). */
export const COMPARISON_KPIS: readonly KpiDefinition[] = KPI_SPECS.map(({ key, label, unit, better }) => ({ key, label, unit, better }));

// Fine bins per variant, merged onto common edges: a fine bin straddling a common edge is split in proportion.
const FINE_BINS = 400;

// Bin widths people read at a glance: seconds, minutes, hours, days.
const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 432000, 604800];

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const step = NICE_STEPS.find((s) => s >= raw);
  return step ?? Math.ceil(raw / 604800) * 604800;
}

function overlay(histograms: readonly { variant: string; bins: readonly HistogramBin[] }[], bins: number): OverlayHistogram {
  const top = Math.max(0, ...histograms.map((h) => h.bins[h.bins.length - 1]?.to ?? 0));
  const step = niceStep(top / bins);
  const count = Math.max(1, Math.ceil(top / step - 1e-9));
  const edges = Array.from({ length: count + 1 }, (_, i) => i * step);
  const series = histograms.map(({ variant, bins: fine }) => {
    const shares = new Array<number>(count).fill(0);
    for (const bin of fine) {
      const width = bin.to - bin.from;
      if (bin.share === 0) continue;
      if (!(width > 0)) {
        shares[Math.min(count - 1, Math.floor(bin.from / step))]! += bin.share;
        continue;
      }
      for (let k = Math.floor(bin.from / step); k < count && k * step < bin.to; k++) {
        const overlap = Math.min(bin.to, (k + 1) * step) - Math.max(bin.from, k * step);
        if (overlap > 0) shares[k]! += (bin.share * overlap) / width;
      }
    }
    return { variant, shares };
  });
  return { edges, series };
}

function verdictOf(definition: KpiDefinition, difference: PairedDifference): Verdict {
  if (difference.mean === null || difference.pairs < 2) return 'notComparable';
  if (isNoChange(definition, difference)) return 'noChange';
  if (!difference.significant) return 'notSignificant';
  if (definition.better === null) return 'changed';
  return (definition.better === 'lower') === difference.mean < 0 ? 'better' : 'worse';
}

/** A difference of exactly 0, or one too small to show, is no change: never "better" and never significant. */
function isNoChange(definition: KpiDefinition, difference: PairedDifference): boolean {
  return difference.noChange || (difference.mean !== null && Math.abs(difference.mean) < KPI_RESOLUTION[definition.unit]);
}

const prefixed = (variant: string, issues: readonly ModelIssue[]): ModelIssue[] => issues.map((i) => ({ ...i, message: `${variant}: ${i.message}` }));

/**
 * Runs every variant with the same run settings and seed (common random numbers) and compares each with the first.
 * Returns `{ ok: false, issues }` when a file cannot be read or simulated, or the count of variants is not 2 to 4.
 *
 * @example
 * const comparison = await compareVariants([{ name: 'As is', xml: asIs }, { name: 'To be', xml: toBe }], { replications: 10 });
 * if (comparison.ok) {
 *   const d = comparison.differences[0].kpis.cycleTime;
 *   console.log(d.difference.mean, d.difference.ci95, d.difference.significant);
 * }
 */
export async function compareVariants(variants: readonly VariantInput[], options: CompareVariantsOptions = {}): Promise<VariantComparison | ComparisonRejected> {
  if (variants.length < 2 || variants.length > 4)
    return { ok: false, issues: [{ code: 'compare.count', severity: 'error', message: `Compare 2 to 4 variants (got ${variants.length}).` }] };
  const names = new Set<string>();
  for (const v of variants) {
    if (names.has(v.name)) return { ok: false, issues: [{ code: 'compare.name.duplicate', severity: 'error', message: `Two variants are called "${v.name}"; give each its own name.` }] };
    names.add(v.name);
  }

  const documents = await Promise.all(variants.map((v) => (options.load ?? loadDocument)(v.xml)));
  const issues: ModelIssue[] = [];
  documents.forEach((document, i) => {
    const errors = document.modelIssues.filter((issue) => issue.severity === 'error');
    if (!document.graph || errors.length > 0) {
      const shown = errors.length > 0 ? errors : [{ code: 'compare.empty', severity: 'error' as const, message: 'The file has no process to simulate.' }];
      issues.push(...prefixed(variants[i]!.name, shown));
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  const baselineDocument = documents[0]!;
  const baselineScenario = findScenario(baselineDocument, options.scenarioId);
  if (!baselineScenario) {
    const list = baselineDocument.scenarios.map((s) => `"${s.name}"`).join(', ');
    const message =
      options.scenarioId === undefined
        ? 'The baseline has no start event or activity to simulate.'
        : `There is no scenario "${options.scenarioId}" in the baseline. ${list ? `Its scenarios: ${list}.` : 'It has no scenarios.'}`;
    return { ok: false, issues: prefixed(variants[0]!.name, [{ code: 'compare.scenario.missing', severity: 'error', message }]) };
  }
  const baselineGraph = baselineDocument.graph!;
  const chosen = documents.map((document, i) => chooseScenario(baselineScenario, baselineGraph, document, document.graph!, i === 0));

  const runOptions = {
    ...(options.cases !== undefined ? { cases: options.cases } : {}),
    replications: options.replications ?? baselineScenario.replications,
    seed: options.seed ?? baselineScenario.seed,
    histogramBins: FINE_BINS,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const simulations: SimulationResult[] = [];
  for (let i = 0; i < variants.length; i++) {
    const onProgress = options.onProgress;
    const outcome = await simulate(documents[i]!.graph!, chosen[i]!.scenario, {
      ...runOptions,
      ...(onProgress ? { onProgress: (f: number) => onProgress((i + f) / variants.length) } : {}),
    });
    if (!outcome.ok) {
      issues.push(...prefixed(variants[i]!.name, outcome.issues.filter((issue) => issue.severity === 'error')));
      continue;
    }
    simulations.push(outcome);
  }
  if (issues.length > 0) return { ok: false, issues };

  // KPI definitions: the fixed list plus one utilisation per pool (by pool id, over all variants).
  const poolNames = new Map<string, string>();
  for (const s of simulations) for (const p of s.pools) if (!poolNames.has(p.id)) poolNames.set(p.id, p.name);
  const specs: KpiSpec[] = [
    ...KPI_SPECS,
    ...[...poolNames].map(([id, name]) => ({
      key: `utilisation:${id}`,
      label: `Utilisation ${name}`,
      unit: 'share' as const,
      better: null,
      value: (r: ReplicationFigures) => r.pools.find((p) => p.id === id)?.utilisation ?? NaN,
    })),
  ];
  // With no task flagged as a substantive response there is no first-response figure (not 0% within the SLA).
  const valuesOf = (spec: KpiSpec, s: SimulationResult) =>
    spec.key.startsWith('firstResponse') && s.kpis.firstResponseTime.mean === null ? s.perReplication.map(() => NaN) : s.perReplication.map(spec.value);
  // Case types: the baseline's, matched by id in each variant (a variant without the type has no values).
  const caseTypes: ComparedCaseType[] = (baselineScenario.caseTypes ?? []).map((t) => ({ id: t.id, name: t.name, share: t.share, priority: t.priority }));
  const segmentOf = (s: SimulationResult, id: string): SegmentResult | undefined => s.segments.find((segment) => segment.id === id);
  const segmentValues = (spec: KpiSpec<SegmentReplicationFigures>, s: SimulationResult, id: string): number[] => {
    const segment = segmentOf(s, id);
    if (!segment || (spec.key.startsWith('firstResponse') && segment.kpis.firstResponseTime.mean === null)) return s.perReplication.map(() => NaN);
    return segment.perReplication.map(spec.value);
  };

  const stored = options.profile || !baselineDocument.scorecardProfile ? undefined : parseStoredProfile(baselineDocument.scorecardProfile);
  const profile = options.profile ?? (stored?.ok ? stored.profile : BUILT_IN_PROFILES[0]!);
  const profileSource = options.profile ? 'option' : stored?.ok ? 'model' : 'default';
  const rules = options.rules ?? BUILT_IN_RULES;
  const results: VariantResult[] = [];
  for (let i = 0; i < variants.length; i++) {
    const document = documents[i]!;
    const simulation = simulations[i]!;
    const { scenario, source, droppedElementIds, variantElementIds } = chosen[i]!;
    const kpis: Record<string, KpiEstimate> = {};
    for (const spec of specs) kpis[spec.key] = estimateKpi(valuesOf(spec, simulation));
    const segments = caseTypes.map((type): VariantSegment => {
      const segmentKpis: Record<string, KpiEstimate> = {};
      for (const spec of KPI_SPECS) segmentKpis[spec.key] = estimateKpi(segmentValues(spec, simulation, type.id));
      return { id: type.id, name: segmentOf(simulation, type.id)?.name ?? type.name, countedCases: segmentOf(simulation, type.id)?.cases ?? 0, kpis: segmentKpis };
    });
    const scorecard = await computeScorecard(
      rules,
      { graph: document.graph as ProcessGraph, ...(document.definitions ? { definitions: document.definitions } : {}), scenario, simulation: toSimulationSummary(simulation) },
      profile,
    );
    const notes: ModelIssue[] = [];
    if (source === 'baseline')
      notes.push({
        code: 'compare.scenario.baseline',
        severity: 'info',
        message: `No scenario "${baselineScenario.name}" in this file: the baseline's scenario is applied (elements in both keep its parameters).`,
      });
    if (source === 'default')
      notes.push({ code: 'compare.scenario.default', severity: 'warning', message: 'The file has no scenario: default parameters are used for every variant.' });
    results.push({
      name: variants[i]!.name,
      scenario: { id: scenario.id, name: scenario.name, source, droppedElementIds, variantElementIds },
      countedCases: simulation.perReplication.reduce((a, r) => a + r.cases, 0) / simulation.replications,
      kpis,
      segments,
      scorecard,
      issues: [...notes, ...document.modelIssues, ...(source === 'baseline' ? [] : (document.scenarioIssues[scenario.id] ?? [])), ...simulation.issues],
      simulation,
    });
  }

  const baseline = simulations[0]!;
  const differences: VariantDifference[] = [];
  for (let i = 1; i < variants.length; i++) {
    const compareKpi = (spec: KpiDefinition, baselineValues: number[], variantValues: number[], baselineMean: number | null, variantMean: number | null): KpiDifference => {
      const paired = pairedDifference(baselineValues, variantValues);
      const difference = isNoChange(spec, paired) ? { ...paired, significant: false } : paired;
      return {
        baselineMean,
        variantMean,
        difference,
        relativeChange: difference.mean !== null && baselineMean !== null && baselineMean !== 0 ? difference.mean / baselineMean : null,
        verdict: verdictOf(spec, difference),
      };
    };
    const kpis: Record<string, KpiDifference> = {};
    for (const spec of specs)
      kpis[spec.key] = compareKpi(spec, valuesOf(spec, baseline), valuesOf(spec, simulations[i]!), results[0]!.kpis[spec.key]!.mean, results[i]!.kpis[spec.key]!.mean);
    const segments = caseTypes.map((type, t) => {
      const segmentKpis: Record<string, KpiDifference> = {};
      for (const spec of KPI_SPECS)
        segmentKpis[spec.key] = compareKpi(
          spec,
          segmentValues(spec, baseline, type.id),
          segmentValues(spec, simulations[i]!, type.id),
          results[0]!.segments[t]!.kpis[spec.key]!.mean,
          results[i]!.segments[t]!.kpis[spec.key]!.mean,
        );
      return { id: type.id, name: type.name, kpis: segmentKpis };
    });
    const diagram = await diffBpmn(variants[0]!.xml, variants[i]!.xml, options.layoutTolerance !== undefined ? { layoutTolerance: options.layoutTolerance } : {});
    const a = results[0]!.scorecard.score;
    const b = results[i]!.scorecard.score;
    differences.push({
      variant: variants[i]!.name,
      baseline: variants[0]!.name,
      kpis,
      segments,
      scoreDifference: a === null || b === null ? null : b - a,
      diagramDiff: diagram.ok ? diagram.diff : { added: [], removed: [], changed: [], moved: [], changes: [], ignored: [], offset: [0, 0] },
    });
  }

  const bins = options.histogramBins ?? 20;
  const responded = simulations.some((s) => s.kpis.firstResponseTime.histogram.length > 0);
  return {
    ok: true,
    settings: {
      scenario: { id: baselineScenario.id, name: baselineScenario.name },
      currency: baselineScenario.currency,
      cases: baseline.cases,
      replications: baseline.replications,
      seed: baseline.seed,
      profile: { id: profile.id, name: profile.name, source: profileSource },
    },
    kpiDefinitions: specs.map(({ key, label, unit, better }) => ({ key, label, unit, better })),
    caseTypes,
    segmentKpiDefinitions: COMPARISON_KPIS,
    variants: results,
    differences,
    histograms: {
      cycleTime: overlay(simulations.map((s, i) => ({ variant: variants[i]!.name, bins: s.kpis.cycleTime.histogram })), bins),
      firstResponseTime: responded ? overlay(simulations.map((s, i) => ({ variant: variants[i]!.name, bins: s.kpis.firstResponseTime.histogram })), bins) : null,
    },
  };
}

// Offering suggestions: run the providers, apply each suggestion's edits, keep only those whose result is sound
// (the soundness gate), and optionally predict and rank their impact by simulation with common random numbers.
import { loadDocument, type DocumentLoader, type LoadedDocument, type ModelIssue, type ProcessGraph, type Scenario } from '@leanflow/model';
import { checkModel, simulate } from '@leanflow/sim';
import { analyseGraph, createGraphIndex, findBackEdges, findUnreachable, matchSplitsAndJoins } from '../graph-analysis.ts';
import { toSimulationSummary } from '../sim-adapter.ts';
import type { SimulationSummary } from '../simulation-summary.ts';
import { findScenario } from '../variants/scenario.ts';
import { compareVariants, type KpiDifference } from '../variants/compare.ts';
import { estimateKpi, pairedDifference, type KpiEstimate, type PairedDifference } from '../variants/statistics.ts';
import { BUILT_IN_RULES } from '../rules/index.ts';
import { computeScorecard } from '../scoring.ts';
import type { SimulationResult } from '@leanflow/sim';
import { applyEdits } from './apply.ts';
import { withImportedScenariosStored } from './imported-scenarios.ts';
import { BUILT_IN_SUGGESTION_PROVIDERS } from './providers.ts';
import type { ModelEdit, Suggestion, SuggestionProvider } from './types.ts';

/**
 * The soundness gate: the file parses without errors, every flow node has a shape and every flow an edge (when the
 * file has a diagram), every element is reachable, no split is closed by a deadlocking join, and every scenario in
 * the file still compiles for the simulator. Returns the problems (empty: sound).
 *
 * @example
 * const problems = await checkSoundness(xml); // [] when sound
 */
export async function checkSoundness(xml: string, load: DocumentLoader = loadDocument): Promise<ModelIssue[]> {
  const document = await load(xml);
  const issues: ModelIssue[] = document.modelIssues.filter((i) => i.severity === 'error');
  const graph = document.graph;
  if (!graph) return issues.length > 0 ? issues : [{ code: 'sound.empty', severity: 'error', message: 'The file has no process.' }];
  for (const list of Object.values(document.scenarioIssues)) issues.push(...list.filter((i) => i.severity === 'error'));
  const index = createGraphIndex(graph);
  for (const id of findUnreachable(graph, index)) issues.push({ code: 'sound.unreachable', severity: 'error', message: `No case can reach '${id}'.`, elementId: id });
  for (const match of matchSplitsAndJoins(graph, index, findBackEdges(graph, index)))
    if (match.problem === 'deadlock') issues.push({ code: 'sound.deadlock', severity: 'error', message: `The join '${match.joinId}' waits for branches the split '${match.splitId}' never starts.`, elementId: match.joinId! });
  if (document.scenarioSource === 'leanflow')
    for (const scenario of document.scenarios) issues.push(...checkModel(graph, scenario).filter((i) => i.severity === 'error'));
  issues.push(...missingDiagram(xml, graph));
  return issues;
}

/** Flow nodes and sequence flows without DI, when the file has a diagram at all. */
function missingDiagram(xml: string, graph: ProcessGraph): ModelIssue[] {
  const referenced = new Set([...xml.matchAll(/bpmnElement="([^"]+)"/g)].map((m) => m[1]!));
  if (referenced.size === 0) return [];
  const issues: ModelIssue[] = [];
  for (const n of graph.nodes) if (!referenced.has(n.id)) issues.push({ code: 'sound.di.shape', severity: 'error', message: `'${n.id}' has no shape in the diagram.`, elementId: n.id });
  for (const f of graph.flows) if (!referenced.has(f.id)) issues.push({ code: 'sound.di.edge', severity: 'error', message: `Flow '${f.id}' has no edge in the diagram.`, elementId: f.id });
  return issues;
}

/** KPIs the prediction reports (keys of compareVariants), plus the score. */
export const PREDICTED_KPIS = ['cycleTime', 'firstResponseTime', 'waitingTime', 'processingTime', 'costPerCase', 'costPerWeek', 'processCycleEfficiency', 'firstResponseWithinSla', 'throughputPerHour'] as const;

export interface PredictedKpi {
  readonly before: KpiEstimate;
  readonly after: KpiEstimate;
  /** after − before, paired by replication (common random numbers). */
  readonly difference: KpiDifference['difference'];
  readonly relativeChange: number | null;
  readonly verdict: KpiDifference['verdict'];
}

export interface PredictedImpact {
  readonly settings: { readonly scenario: { readonly id: string; readonly name: string }; readonly cases: number | null; readonly replications: number; readonly seed: number };
  /** Every KPI of the comparison (pool utilisations included), keyed as in compareVariants. */
  readonly kpis: Readonly<Record<string, PredictedKpi>>;
  /**
   * Overall score (0-100) before and after, scored on the whole run; difference after − before. `perReplication`
   * scores each replication on its own (same rules and profile) for intervals and the paired difference.
   */
  readonly score: {
    readonly before: number | null;
    readonly after: number | null;
    readonly difference: number | null;
    readonly perReplication: { readonly before: KpiEstimate; readonly after: KpiEstimate; readonly difference: PairedDifference };
  };
  /** Higher is better: score points gained plus half the relative cuts (in %) of first-response and cycle time. */
  readonly benefit: number;
}

export interface PredictOptions {
  readonly scenarioId?: string;
  readonly cases?: number;
  readonly replications?: number;
  readonly seed?: number;
  /** Reads a document version (default `loadDocument`); a host passes its cache so each version is parsed once. */
  readonly load?: DocumentLoader;
}

/** The ranking figure (see PredictedImpact.benefit and docs/suggestions.md). */
function benefitOf(kpis: Readonly<Record<string, PredictedKpi>>, scoreDifference: number | null): number {
  const cut = (key: string) => {
    const r = kpis[key]?.relativeChange;
    return r === null || r === undefined || !Number.isFinite(r) ? 0 : -r * 100;
  };
  return (scoreDifference ?? 0) + 0.5 * cut('firstResponseTime') + 0.5 * cut('cycleTime');
}

/**
 * Simulates the original and the transformed model with the same scenario, run settings and seed (common random
 * numbers) and returns every KPI before and after with 95% intervals, the paired difference, and the score.
 *
 * @example
 * const impact = await predictImpact(xml, suggestion, { replications: 10, seed: 7 });
 * if (impact.ok) console.log(impact.impact.kpis.firstResponseTime.difference.ci95);
 */
export async function predictImpact(
  xml: string,
  suggestion: Suggestion | readonly ModelEdit[],
  options: PredictOptions & {
    /** The file with the suggestion's edits applied, when the caller has it already (not applied again). */
    readonly transformed?: string;
  } = {},
): Promise<
  | { ok: true; impact: PredictedImpact; xml: string; /** The two runs behind the figures (to score them elsewhere). */ runs: { readonly before: SimulationResult; readonly after: SimulationResult } }
  | { ok: false; issues: readonly ModelIssue[] }
> {
  const edits = Array.isArray(suggestion) ? (suggestion as readonly ModelEdit[]) : (suggestion as Suggestion).edits;
  const load = options.load ?? loadDocument;
  xml = await withImportedScenariosStored(xml, load);
  const applied = options.transformed !== undefined ? { xml: options.transformed, issues: [] } : await applyEdits(xml, edits);
  if (applied.xml === undefined) return { ok: false, issues: applied.issues };
  const { transformed: _, ...compareOptions } = options;
  const comparison = await compareVariants([{ name: 'Before', xml }, { name: 'After', xml: applied.xml }], compareOptions);
  if (!comparison.ok) return { ok: false, issues: comparison.issues };
  const [before, after] = comparison.variants;
  const difference = comparison.differences[0]!;
  const kpis: Record<string, PredictedKpi> = {};
  for (const [key, d] of Object.entries(difference.kpis))
    kpis[key] = { before: before!.kpis[key]!, after: after!.kpis[key]!, difference: d.difference, relativeChange: d.relativeChange, verdict: d.verdict };
  const [beforeScores, afterScores] = await Promise.all([replicationScores(xml, before!.simulation, before!.scenario.id, load), replicationScores(applied.xml, after!.simulation, after!.scenario.id, load)]);
  const score = {
    before: before!.scorecard.score,
    after: after!.scorecard.score,
    difference: difference.scoreDifference,
    perReplication: { before: estimateKpi(beforeScores), after: estimateKpi(afterScores), difference: pairedDifference(beforeScores, afterScores) },
  };
  return {
    ok: true,
    xml: applied.xml,
    runs: { before: before!.simulation, after: after!.simulation },
    impact: {
      settings: { scenario: comparison.settings.scenario, cases: comparison.settings.cases, replications: comparison.settings.replications, seed: comparison.settings.seed },
      kpis,
      score,
      benefit: benefitOf(kpis, score.difference),
    },
  };
}

/** The balanced score of each replication on its own (NaN where a replication cannot be scored). */
async function replicationScores(xml: string, result: SimulationResult, scenarioId: string, load: DocumentLoader): Promise<number[]> {
  const document = await load(xml);
  const graph = document.graph;
  if (!graph) return result.perReplication.map(() => NaN);
  const scenario = findScenario(document, scenarioId);
  const sla = result.kpis.firstResponseTime.slaSeconds;
  const scores: number[] = [];
  for (const r of result.perReplication) {
    const simulation: SimulationSummary = {
      completedCases: r.completedCases,
      cycleTime: { mean: r.cycleTime.mean },
      ...(result.kpis.firstResponseTime.mean !== null && Number.isFinite(r.firstResponseTime.mean)
        ? { firstResponse: { mean: r.firstResponseTime.mean, withinSla: r.firstResponseTime.withinSla, slaSeconds: sla } }
        : {}),
      costPerCase: { mean: r.costPerCase },
      processCycleEfficiency: r.processCycleEfficiency,
      pools: r.pools.map((p) => ({ id: p.id, name: result.pools.find((q) => q.id === p.id)?.name ?? p.id, utilisation: p.utilisation })),
      tasks: r.tasks.map((t) => ({ id: t.id, waiting: t.count > 0 ? t.waitingTime : 0, processing: t.count > 0 ? t.processingTime : 0, ...(r.cases > 0 ? { executionsPerCase: t.count / r.cases } : {}) })),
    };
    const card = await computeScorecard(BUILT_IN_RULES, { graph, ...(document.definitions ? { definitions: document.definitions } : {}), ...(scenario ? { scenario } : {}), simulation });
    scores.push(card.score ?? NaN);
  }
  return scores;
}

export interface OfferedSuggestion {
  readonly suggestion: Suggestion;
  /** The transformed file (absent for advice). */
  readonly xml?: string;
  readonly impact?: PredictedImpact;
  /** Problems predicting the impact (the suggestion is still offered). */
  readonly predictionIssues?: readonly ModelIssue[];
}

export interface SuggestOptions extends PredictOptions {
  readonly providers?: readonly SuggestionProvider[];
  /** Predict and rank by impact (default true). Without it, suggestions keep the providers' order. */
  readonly predict?: boolean;
  /** A simulation of the original for simulation-based providers; run here (quick) when absent and a scenario exists. */
  readonly simulation?: SimulationSummary;
}

export interface SuggestResult {
  readonly ok: true;
  /** The scenario used; `currency` so the studio writes predicted costs in it. */
  readonly scenario?: { readonly id: string; readonly name: string; readonly currency?: string };
  /** Offered suggestions, best predicted benefit first (advice last). */
  readonly suggestions: readonly OfferedSuggestion[];
  /** Suggestions a provider made that failed the soundness gate (problems the original did not have) or could not be applied. */
  readonly withheld: readonly { readonly suggestion: Suggestion; readonly issues: readonly ModelIssue[] }[];
  /** Providers that threw (a bug in the provider; the others still ran). */
  readonly providerErrors: readonly { readonly providerId: string; readonly message: string }[];
}

/** What the providers are given for a file: its graph and scenario, and the quick simulation pool sizing reads. */
export interface PreparedSuggestions {
  readonly ok: true;
  readonly document: LoadedDocument;
  readonly graph: ProcessGraph;
  readonly scenario?: Scenario;
  /** `options.simulation`, or the quick run's summary. */
  readonly simulation?: SimulationSummary;
  /** The quick run itself (absent when `options.simulation` was given or the model cannot be simulated). */
  readonly simulationResult?: SimulationResult;
}

/**
 * Reads the file, picks the scenario and runs the quick simulation exactly as `suggestSimplifications` does before
 * asking the providers, so a host can hand the same input to providers elsewhere (the simplifications plugin) and
 * pass `simulation` back in.
 *
 * @example
 * const prepared = await prepareSuggestions(xml, { cases: 500, replications: 3 });
 * if (prepared.ok) await suggestSimplifications(xml, { simulation: prepared.simulation, providers });
 */
export async function prepareSuggestions(xml: string, options: SuggestOptions = {}): Promise<PreparedSuggestions | { ok: false; issues: readonly ModelIssue[] }> {
  // An imported BPSim/QBP scenario is used like our own (stored as one first, as the studio does on the first edit).
  const load = options.load ?? loadDocument;
  const document = await load(await withImportedScenariosStored(xml, load));
  const errors = document.modelIssues.filter((i) => i.severity === 'error');
  if (!document.graph || errors.length > 0) return { ok: false, issues: errors.length > 0 ? errors : [{ code: 'suggest.empty', severity: 'error', message: 'The file has no process.' }] };
  const graph = document.graph;
  let scenario: Scenario | undefined;
  if (document.scenarioSource === 'leanflow') {
    scenario = findScenario(document, options.scenarioId);
    if (!scenario && options.scenarioId !== undefined)
      return { ok: false, issues: [{ code: 'suggest.scenario.missing', severity: 'error', message: `There is no scenario "${options.scenarioId}" in the file. Its scenarios: ${document.scenarios.map((s) => `"${s.name}"`).join(', ')}.` }] };
  }
  let simulation = options.simulation;
  let simulationResult: SimulationResult | undefined;
  if (!simulation && scenario) {
    const outcome = await simulate(graph, scenario, { cases: options.cases ?? Math.min(scenario.cases, 500), replications: options.replications ?? 3, seed: options.seed ?? scenario.seed });
    if (outcome.ok) {
      simulation = toSimulationSummary(outcome);
      simulationResult = outcome;
    }
  }
  return { ok: true, document, graph, ...(scenario ? { scenario } : {}), ...(simulation ? { simulation } : {}), ...(simulationResult ? { simulationResult } : {}) };
}

/**
 * Runs the providers on a file, keeps the suggestions whose transformed model passes the soundness gate, and
 * (unless `predict: false`) predicts each one's impact and ranks them by benefit.
 *
 * @example
 * const result = await suggestSimplifications(xml, { replications: 5 });
 * if (result.ok) for (const s of result.suggestions) console.log(s.suggestion.title, s.impact?.benefit);
 */
export async function suggestSimplifications(xml: string, options: SuggestOptions = {}): Promise<SuggestResult | { ok: false; issues: readonly ModelIssue[] }> {
  const load = options.load ?? loadDocument;
  xml = await withImportedScenariosStored(xml, load);
  const prepared = await prepareSuggestions(xml, options);
  if (!prepared.ok) return prepared;
  const { document, graph, scenario, simulation } = prepared;
  const input = { graph, ...(document.definitions ? { definitions: document.definitions } : {}), ...(scenario ? { scenario } : {}), ...(simulation ? { simulation } : {}), analysis: analyseGraph(graph, scenario) };
  const offered: OfferedSuggestion[] = [];
  const withheld: { suggestion: Suggestion; issues: readonly ModelIssue[] }[] = [];
  const providerErrors: { providerId: string; message: string }[] = [];
  const seen = new Set<string>();
  // The gate withholds a suggestion for problems it brings in, not for those the file already had.
  const key = (i: ModelIssue) => `${i.code}@${i.elementId ?? ''}`;
  const existing = new Set((await checkSoundness(xml, load)).map(key));
  for (const provider of options.providers ?? BUILT_IN_SUGGESTION_PROVIDERS) {
    let suggestions: readonly Suggestion[];
    try {
      suggestions = provider.provide(input);
    } catch (error) {
      providerErrors.push({ providerId: provider.id, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    for (const suggestion of suggestions) {
      if (seen.has(suggestion.id)) continue;
      seen.add(suggestion.id);
      if (suggestion.adviceOnly || suggestion.edits.length === 0) {
        offered.push({ suggestion });
        continue;
      }
      const applied = await applyEdits(xml, suggestion.edits);
      if (applied.xml === undefined) {
        withheld.push({ suggestion, issues: applied.issues });
        continue;
      }
      const problems = (await checkSoundness(applied.xml, load)).filter((i) => !existing.has(key(i)));
      if (problems.length > 0) withheld.push({ suggestion, issues: problems });
      else offered.push({ suggestion, xml: applied.xml });
    }
  }
  if (options.predict !== false && scenario) {
    for (let i = 0; i < offered.length; i++) {
      const entry = offered[i]!;
      if (entry.xml === undefined) continue;
      const predicted = await predictImpact(xml, entry.suggestion, { ...options, scenarioId: scenario.id, transformed: entry.xml });
      offered[i] = predicted.ok ? { ...entry, impact: predicted.impact } : { ...entry, predictionIssues: predicted.issues };
    }
    const rank = (s: OfferedSuggestion) => (s.impact ? s.impact.benefit : s.xml !== undefined ? -1e9 : -2e9);
    offered.sort((a, b) => rank(b) - rank(a));
  }
  return { ok: true, ...(scenario ? { scenario: { id: scenario.id, name: scenario.name, currency: scenario.currency } } : {}), suggestions: offered, withheld, providerErrors };
}

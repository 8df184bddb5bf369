// Turns a simulation report into what the results view and the heat-map show: formatted KPI cards, histogram
// bars, task rows, pool bars, the bottleneck ranking and heat levels. Pure data, unit-tested in Node.
import type { ModelIssue } from '@leanflow/model';
import type { HistogramBin, SimulationResult } from '@leanflow/sim';
import { formatDuration, formatDurationShort, formatMoney, formatNumber, formatPercent, type FormatLanguage } from './format.ts';
import type { SimulationMessageKey } from './messages.ts';
import type { DefaultedParameters, ScenarioSummary } from './protocol.ts';

export type Translate = (key: SimulationMessageKey, params?: Record<string, string | number>) => string;

export type KpiId = 'cycleTime' | 'firstResponse' | 'waiting' | 'processing' | 'cost' | 'pce' | 'throughput';

export interface KpiCard {
  readonly id: KpiId;
  readonly label: string;
  /** The mean, formatted. */
  readonly value: string;
  /** The mean in the KPI's base unit (seconds, currency, share, cases per hour); null when not measured. */
  readonly raw: number | null;
  /** "95% CI low – high", or a note when there is no interval. */
  readonly ci: string;
  readonly detail: string | null;
  readonly tone: 'good' | 'warning' | 'bad' | 'neutral';
}

export interface HistogramView {
  readonly title: string;
  readonly bars: readonly { readonly from: number; readonly to: number; readonly share: number; readonly label: string }[];
  readonly maxShare: number;
  /** Axis labels at the start, middle and end. */
  readonly axis: readonly [string, string, string];
  /** Where a target sits on the axis (0..1 of the width), with its label. */
  readonly target: { readonly position: number; readonly label: string } | null;
}

export interface TaskRow {
  readonly id: string;
  readonly name: string;
  readonly count: number;
  readonly waiting: number;
  readonly processing: number;
  readonly countText: string;
  readonly waitingText: string;
  readonly processingText: string;
  /** 0 (no waiting) to 4 (the longest mean wait). */
  readonly heat: HeatLevel;
}

export type HeatLevel = 0 | 1 | 2 | 3 | 4;

export interface PoolRow {
  readonly id: string;
  readonly name: string;
  readonly utilisation: number;
  readonly utilisationText: string;
  readonly band: 'low' | 'ok' | 'high';
  readonly bandText: string;
  readonly peopleText: string;
  readonly queueText: string;
  readonly laneIds: readonly string[];
}

export interface BottleneckRow {
  readonly id: string;
  readonly name: string;
  readonly share: number;
  readonly text: string;
  readonly utilisationText: string | null;
}

export interface SimulationViewModel {
  readonly summary: string;
  readonly cards: readonly KpiCard[];
  readonly cycleHistogram: HistogramView;
  readonly responseHistogram: HistogramView | null;
  readonly tasks: readonly TaskRow[];
  readonly pools: readonly PoolRow[];
  readonly bottlenecks: readonly BottleneckRow[];
  readonly defaults: readonly string[];
  readonly sourceNote: string | null;
}

/** The healthy utilisation band from the efficiency study: under 60% is idle capacity, over 85% builds queues. */
export const UTILISATION_BAND = { low: 0.6, high: 0.85 } as const;

/** Heat level of a mean waiting time relative to the longest one (0 for no waiting). */
export function heatLevel(waiting: number, longest: number): HeatLevel {
  if (!(waiting > 0) || !(longest > 0)) return 0;
  return Math.max(1, Math.min(4, Math.ceil((4 * waiting) / longest))) as HeatLevel;
}

export function utilisationBand(utilisation: number): PoolRow['band'] {
  return utilisation < UTILISATION_BAND.low ? 'low' : utilisation > UTILISATION_BAND.high ? 'high' : 'ok';
}

function histogramView(title: string, bins: readonly HistogramBin[], target: number | null, language: FormatLanguage, t: Translate): HistogramView {
  const end = bins.length ? bins[bins.length - 1]!.to : 0;
  const bars = bins.map((b) => ({
    ...b,
    label: t('simulation.histogram.bar', { from: formatDurationShort(b.from, language), to: formatDurationShort(b.to, language), share: formatPercent(b.share, language) }),
  }));
  return {
    title,
    bars,
    maxShare: Math.max(0, ...bins.map((b) => b.share)),
    axis: [formatDurationShort(0, language), formatDurationShort(end / 2, language), formatDurationShort(end, language)],
    target: target !== null && end > 0 && target <= end ? { position: target / end, label: t('simulation.histogram.sla', { sla: formatDurationShort(target, language) }) } : null,
  };
}

function ci(interval: readonly [number, number] | null, format: (x: number) => string, t: Translate): string {
  return interval ? t('simulation.kpi.ci', { low: format(interval[0]), high: format(interval[1]) }) : t('simulation.kpi.noCi');
}

function defaultsList(defaulted: DefaultedParameters | null, t: Translate, language: FormatLanguage): string[] {
  if (!defaulted) return [];
  const list: string[] = [];
  const counted = (kind: 'durations' | 'automated' | 'pools' | 'probabilities' | 'waiting') => {
    const count = defaulted[kind];
    if (count === 1) list.push(t(`simulation.defaults.${kind}.one`));
    else if (count > 1) list.push(t(`simulation.defaults.${kind}`, { count }));
  };
  counted('durations');
  counted('automated');
  if (defaulted.arrivals) list.push(t('simulation.defaults.arrivals', { every: formatDuration(defaulted.interArrivalSeconds, language) }));
  counted('pools');
  counted('probabilities');
  counted('waiting');
  return list;
}

/**
 * Everything the results view shows, formatted in `language`.
 *
 * @example
 * const vm = toViewModel({ result, scenario, defaulted: null, milliseconds: 120 }, 'en', t);
 * vm.cards[0].value; // '2 h 15 min'
 */
export function toViewModel(
  report: { result: SimulationResult; scenario: ScenarioSummary; defaulted: DefaultedParameters | null; milliseconds: number },
  language: FormatLanguage,
  t: Translate,
): SimulationViewModel {
  const { result, scenario } = report;
  const k = result.kpis;
  const d = (x: number) => formatDuration(x, language);
  const money = (x: number) => formatMoney(x, scenario.currency, language);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const cycleMean = finite(k.cycleTime.mean);

  const firstResponse: KpiCard =
    k.firstResponseTime.mean === null
      ? { id: 'firstResponse', label: t('simulation.kpi.firstResponse'), value: t('simulation.kpi.na'), raw: null, ci: '', detail: t('simulation.kpi.noResponseTask'), tone: 'neutral' }
      : {
          id: 'firstResponse',
          label: t('simulation.kpi.firstResponse'),
          value: d(k.firstResponseTime.mean),
          raw: k.firstResponseTime.mean,
          ci: ci(k.firstResponseTime.ci95, d, t),
          detail: t('simulation.kpi.withinSla', { share: formatPercent(k.firstResponseTime.withinSla, language), sla: formatDuration(k.firstResponseTime.slaSeconds, language) }),
          tone: k.firstResponseTime.withinSla === null ? 'neutral' : k.firstResponseTime.withinSla >= 0.9 ? 'good' : k.firstResponseTime.withinSla >= 0.6 ? 'warning' : 'bad',
        };
  const waitingShare = cycleMean && Number.isFinite(k.waitingTime.mean) ? k.waitingTime.mean / cycleMean : null;
  const pce = finite(k.processCycleEfficiency.mean);
  const cards: KpiCard[] = [
    {
      id: 'cycleTime',
      label: t('simulation.kpi.cycleTime'),
      value: d(k.cycleTime.mean),
      raw: cycleMean,
      ci: ci(k.cycleTime.ci95, d, t),
      detail: Number.isFinite(k.cycleTime.p90) ? t('simulation.kpi.p90', { value: d(k.cycleTime.p90) }) : null,
      tone: 'neutral',
    },
    firstResponse,
    {
      id: 'waiting',
      label: t('simulation.kpi.waiting'),
      value: d(k.waitingTime.mean),
      raw: finite(k.waitingTime.mean),
      ci: ci(k.waitingTime.ci95, d, t),
      detail: waitingShare === null ? null : t('simulation.kpi.waitingShare', { share: formatPercent(waitingShare, language) }),
      tone: waitingShare === null ? 'neutral' : waitingShare > 0.5 ? 'bad' : waitingShare > 0.2 ? 'warning' : 'good',
    },
    {
      id: 'processing',
      label: t('simulation.kpi.processing'),
      value: d(k.processingTime.mean),
      raw: finite(k.processingTime.mean),
      ci: ci(k.processingTime.ci95, d, t),
      detail: null,
      tone: 'neutral',
    },
    { id: 'cost', label: t('simulation.kpi.cost'), value: money(k.costPerCase.mean), raw: finite(k.costPerCase.mean), ci: ci(k.costPerCase.ci95, money, t), detail: null, tone: 'neutral' },
    {
      id: 'pce',
      label: t('simulation.kpi.pce'),
      value: formatPercent(pce, language),
      raw: pce,
      ci: ci(k.processCycleEfficiency.ci95, (x) => formatPercent(x, language), t),
      detail: t('simulation.kpi.pceDetail'),
      // Lean rule of thumb: below 10% most of the time adds no value; above 25% is good for office work.
      tone: pce === null ? 'neutral' : pce >= 0.25 ? 'good' : pce >= 0.1 ? 'warning' : 'bad',
    },
    {
      id: 'throughput',
      label: t('simulation.kpi.throughput'),
      value: t('simulation.kpi.perHour', { value: formatNumber(k.throughputPerHour.mean, language, 2) }),
      raw: finite(k.throughputPerHour.mean),
      ci: ci(k.throughputPerHour.ci95, (x) => formatNumber(x, language, 2), t),
      detail: t('simulation.kpi.throughputDetail'),
      tone: 'neutral',
    },
  ];

  const longest = Math.max(0, ...result.tasks.map((task) => task.waitingTime.mean));
  const tasks: TaskRow[] = result.tasks.map((task) => ({
    id: task.id,
    name: task.name,
    count: task.count,
    waiting: task.waitingTime.mean,
    processing: task.processingTime.mean,
    countText: formatNumber(task.count, language, task.count < 100 ? 1 : 0),
    waitingText: d(task.waitingTime.mean),
    processingText: d(task.processingTime.mean),
    heat: task.count > 0 ? heatLevel(task.waitingTime.mean, longest) : 0,
  }));

  const lanes = new Map(scenario.pools.map((p) => [p.id, p.laneIds]));
  const pools: PoolRow[] = result.pools.map((pool) => {
    const band = utilisationBand(pool.utilisation);
    return {
      id: pool.id,
      name: pool.name,
      utilisation: pool.utilisation,
      utilisationText: formatPercent(pool.utilisation, language),
      band,
      bandText: t(`simulation.pools.${band}`),
      peopleText: pool.headcount === 1 ? t('simulation.pools.person') : t('simulation.pools.people', { count: pool.headcount }),
      queueText: t('simulation.pools.queue', { value: formatNumber(pool.meanQueueLength, language, 1) }),
      laneIds: lanes.get(pool.id) ?? [],
    };
  });

  const bottlenecks: BottleneckRow[] = result.bottlenecks.map((b) => ({
    id: b.elementId,
    name: b.name,
    share: b.shareOfWaiting,
    text: t('simulation.bottlenecks.item', { share: formatPercent(b.shareOfWaiting, language), wait: d(b.meanWaitingTime) }),
    utilisationText: b.utilisation === null ? null : t('simulation.bottlenecks.utilisation', { value: formatPercent(b.utilisation, language) }),
  }));

  const seconds = formatNumber(report.milliseconds / 1000, language, 1);
  const summary =
    result.cases === null
      ? t('simulation.summary.horizon', { scenario: scenario.name, replications: result.replications, seed: result.seed, seconds })
      : t('simulation.summary', { scenario: scenario.name, cases: formatNumber(result.cases, language), replications: result.replications, seed: result.seed, seconds });

  return {
    summary,
    cards,
    cycleHistogram: histogramView(t('simulation.histogram.cycleTime'), k.cycleTime.histogram, k.cycleTime.resolutionSlaSeconds, language, t),
    responseHistogram:
      k.firstResponseTime.mean === null ? null : histogramView(t('simulation.histogram.firstResponse'), k.firstResponseTime.histogram, k.firstResponseTime.slaSeconds, language, t),
    tasks,
    pools,
    bottlenecks,
    defaults: defaultsList(report.defaulted, t, language),
    sourceNote: scenario.source === 'bpsim' ? t('simulation.source.bpsim') : scenario.source === 'qbp' ? t('simulation.source.qbp') : null,
  };
}

/** An issue's message in the user's language where the code is known, else the engine's (English) message. */
export function issueMessage(issue: ModelIssue, t: Translate, language: FormatLanguage): string {
  if (language === 'en') return issue.message;
  const key = `simulation.issue.${issue.code}` as SimulationMessageKey;
  const translated = t(key);
  return translated === key ? issue.message : translated;
}

export type TaskSortKey = 'name' | 'count' | 'waiting' | 'processing';

/** Rows sorted by a column; numbers descending (biggest first), names ascending. */
export function sortTasks(rows: readonly TaskRow[], key: TaskSortKey, language: FormatLanguage): TaskRow[] {
  const sorted = [...rows];
  if (key === 'name') sorted.sort((a, b) => a.name.localeCompare(b.name, language));
  else sorted.sort((a, b) => b[key] - a[key]);
  return sorted;
}

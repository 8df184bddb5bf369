// Turns a simulation summary (plugin API data) into what the Simulation view and the heat-map show: formatted KPI
// cards, histogram bars, task rows, pool bars, the bottleneck ranking and heat levels. Pure data, unit-tested.
import type { AssumedParameters, HistogramBin, SimulationScenarioInfo, SimulationSummary } from '@leanflow/plugin-api';
import { formatDuration, formatDurationShort, formatMoney, formatNumber, formatPercent, type FormatLanguage } from '@leanflow/plugin-api';
import type { Translate } from './messages.ts';

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
  /** `overloaded`: offered load of 1 or more, or a growing queue, whatever the utilisation says. */
  readonly band: 'low' | 'ok' | 'high' | 'overloaded';
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

/** One part of the cycle time (the parts add up to the mean cycle time). */
export interface CyclePart {
  readonly id: 'processing' | 'waitingForPeople' | 'offCalendar' | 'otherWaiting';
  readonly label: string;
  readonly seconds: number;
  readonly text: string;
}

export interface SimulationViewModel {
  readonly summary: string;
  readonly cards: readonly KpiCard[];
  /** The cycle time split into parts that add up to it, and the sum written out; empty without the figures. */
  readonly cycleParts: readonly CyclePart[];
  readonly cyclePartsText: string | null;
  readonly cycleHistogram: HistogramView;
  readonly responseHistogram: HistogramView | null;
  readonly tasks: readonly TaskRow[];
  readonly pools: readonly PoolRow[];
  readonly bottlenecks: readonly BottleneckRow[];
  /** Utilisation per day (or week) of each pool, open periods only: a line chart. */
  readonly utilisationChart: { readonly labels: readonly string[]; readonly series: readonly { readonly name: string; readonly values: readonly number[] }[]; readonly period: 'day' | 'week' } | null;
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

function histogramView(title: string, bins: readonly HistogramBin[], target: number | null | undefined, language: FormatLanguage, t: Translate): HistogramView {
  const end = bins.length ? bins[bins.length - 1]!.to : 0;
  const bars = bins.map((b) => ({
    ...b,
    label: t('histogram.bar', { from: formatDurationShort(b.from, language), to: formatDurationShort(b.to, language), share: formatPercent(b.share, language) }),
  }));
  return {
    title,
    bars,
    maxShare: Math.max(0, ...bins.map((b) => b.share)),
    axis: [formatDurationShort(0, language), formatDurationShort(end / 2, language), formatDurationShort(end, language)],
    target:
      target !== null && target !== undefined && end > 0 && target <= end ? { position: target / end, label: t('histogram.sla', { sla: formatDurationShort(target, language) }) } : null,
  };
}

function ci(estimate: { readonly low?: number; readonly high?: number } | undefined, format: (x: number) => string, t: Translate): string {
  return estimate?.low !== undefined && estimate.high !== undefined ? t('kpi.ci', { low: format(estimate.low), high: format(estimate.high) }) : t('kpi.noCi');
}

function defaultsList(assumed: AssumedParameters | undefined, t: Translate, language: FormatLanguage): string[] {
  if (!assumed) return [];
  const list: string[] = [];
  const counted = (kind: 'durations' | 'automated' | 'pools' | 'probabilities' | 'waiting') => {
    const count = assumed[kind];
    if (count === 1) list.push(t(`defaults.${kind}.one`));
    else if (count > 1) list.push(t(`defaults.${kind}`, { count }));
  };
  counted('durations');
  counted('automated');
  if (assumed.arrivals) list.push(t('defaults.arrivals', { every: formatDuration(assumed.interArrivalSeconds, language) }));
  counted('pools');
  counted('probabilities');
  counted('waiting');
  return list;
}

/** Utilisation per open day (week) of every pool, in percent; periods when every pool was closed are left out. */
function utilisationChart(summary: SimulationSummary, t: Translate): SimulationViewModel['utilisationChart'] {
  const pools = (summary.pools ?? []).filter((p) => p.utilisationByPeriod && p.utilisationByPeriod.values.length > 1);
  if (pools.length === 0) return null;
  const period = pools[0]!.utilisationByPeriod!.period;
  const length = Math.max(...pools.map((p) => p.utilisationByPeriod!.values.length));
  const open = Array.from({ length }, (_, k) => k).filter((k) => pools.some((p) => p.utilisationByPeriod!.values[k] !== null && p.utilisationByPeriod!.values[k] !== undefined));
  return {
    period,
    labels: open.map((k) => t(period === 'week' ? 'chart.week' : 'chart.day', { n: k + 1 })),
    series: pools.map((p) => ({ name: p.name, values: open.map((k) => Math.round((p.utilisationByPeriod!.values[k] ?? 0) * 1000) / 10) })),
  };
}

const UNKNOWN_SCENARIO: SimulationScenarioInfo = { id: '', name: '', currency: 'EUR', source: 'none', available: [] };

/**
 * Everything the results view shows, formatted in `language`.
 *
 * @example
 * const vm = toViewModel(await context.simulation.run(), 'en', translator('en'));
 * vm.cards[0].value; // '2 h 15 min'
 */
export function toViewModel(summary: SimulationSummary, language: FormatLanguage, t: Translate): SimulationViewModel {
  const scenario = summary.scenario ?? UNKNOWN_SCENARIO;
  const k = summary.kpis;
  const d = (x: number) => formatDuration(x, language);
  const money = (x: number) => formatMoney(x, scenario.currency, language);
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  const mean = (id: string) => k[id]?.mean ?? NaN;
  const cycleMean = finite(mean('cycleTime'));
  const response = k['firstResponseTime'];
  const within = summary.firstResponseWithinTarget ?? null;
  const responseTarget = summary.targets?.firstResponseSeconds ?? null;

  const firstResponse: KpiCard =
    response === undefined
      ? { id: 'firstResponse', label: t('kpi.firstResponse'), value: t('kpi.na'), raw: null, ci: '', detail: t('kpi.noResponseTask'), tone: 'neutral' }
      : {
          id: 'firstResponse',
          label: t('kpi.firstResponse'),
          value: d(response.mean),
          raw: response.mean,
          ci: ci(response, d, t),
          detail: t('kpi.withinSla', { share: formatPercent(within, language), sla: formatDuration(responseTarget, language) }),
          tone: within === null ? 'neutral' : within >= 0.9 ? 'good' : within >= 0.6 ? 'warning' : 'bad',
        };
  const waitingMean = mean('waitingTime');
  const waitingShare = cycleMean && Number.isFinite(waitingMean) ? waitingMean / cycleMean : null;
  const pce = finite(mean('processCycleEfficiency'));
  const p90 = summary.cycleTimeP90;
  const cards: KpiCard[] = [
    {
      id: 'cycleTime',
      label: t('kpi.cycleTime'),
      value: d(mean('cycleTime')),
      raw: cycleMean,
      ci: ci(k['cycleTime'], d, t),
      detail: p90 !== undefined && Number.isFinite(p90) ? t('kpi.p90', { value: d(p90) }) : null,
      tone: 'neutral',
    },
    firstResponse,
    {
      id: 'waiting',
      label: t('kpi.waiting'),
      value: d(waitingMean),
      raw: finite(waitingMean),
      ci: ci(k['waitingTime'], d, t),
      detail: waitingShare === null ? null : t('kpi.waitingShare', { share: formatPercent(waitingShare, language) }),
      tone: waitingShare === null ? 'neutral' : waitingShare > 0.5 ? 'bad' : waitingShare > 0.2 ? 'warning' : 'good',
    },
    { id: 'processing', label: t('kpi.processing'), value: d(mean('processingTime')), raw: finite(mean('processingTime')), ci: ci(k['processingTime'], d, t), detail: null, tone: 'neutral' },
    {
      id: 'cost',
      label: t('kpi.cost'),
      value: money(mean('costPerCase')),
      raw: finite(mean('costPerCase')),
      ci: ci(k['costPerCase'], money, t),
      // What a manager budgets: the week at this volume (salaried pools count every paid hour).
      // Exactly 0 means no pool has a cost per hour (the default): say how to get a figure instead of showing 0.
      detail: mean('costPerCase') === 0 ? t('kpi.costNotSet') : finite(mean('costPerWeek')) === null ? null : t('kpi.costPerWeek', { value: formatMoney(mean('costPerWeek'), scenario.currency, language, { whole: true }) }),
      tone: 'neutral',
    },
    {
      id: 'pce',
      label: t('kpi.pce'),
      value: formatPercent(pce, language),
      raw: pce,
      ci: ci(k['processCycleEfficiency'], (x) => formatPercent(x, language), t),
      detail: t('kpi.pceDetail'),
      // Lean rule of thumb: below 10% most of the time adds no value; above 25% is good for office work.
      tone: pce === null ? 'neutral' : pce >= 0.25 ? 'good' : pce >= 0.1 ? 'warning' : 'bad',
    },
    {
      id: 'throughput',
      label: t('kpi.throughput'),
      value: t('kpi.perHour', { value: formatNumber(mean('throughputPerHour'), language, 2) }),
      raw: finite(mean('throughputPerHour')),
      ci: ci(k['throughputPerHour'], (x) => formatNumber(x, language, 2), t),
      detail: t('kpi.throughputDetail'),
      tone: 'neutral',
    },
  ];

  const taskFigures = summary.tasks ?? [];
  const longest = Math.max(0, ...taskFigures.map((task) => task.waitingTime));
  const tasks: TaskRow[] = taskFigures.map((task) => ({
    id: task.id,
    name: task.name,
    count: task.count,
    waiting: task.waitingTime,
    processing: task.processingTime,
    countText: formatNumber(task.count, language, task.count < 100 ? 1 : 0),
    waitingText: d(task.waitingTime),
    processingText: d(task.processingTime),
    heat: task.count > 0 ? heatLevel(task.waitingTime, longest) : 0,
  }));

  const pools: PoolRow[] = (summary.pools ?? []).map((pool) => {
    // A pool whose queue grows is never "healthy": say overloaded, name the window and the offered load.
    const band = pool.overloaded ? 'overloaded' : utilisationBand(pool.utilisation);
    return {
      id: pool.id,
      name: pool.name,
      utilisation: pool.utilisation,
      utilisationText: formatPercent(pool.utilisation, language),
      band,
      bandText:
        band === 'overloaded'
          ? t('pools.overloaded', {
              window: pool.window ?? t('pools.window.unknown'),
              load: pool.offeredLoad !== undefined && pool.offeredLoad !== null ? formatPercent(pool.offeredLoad, language) : t('kpi.na'),
            })
          : t(`pools.${band}`),
      peopleText: pool.headcount === 1 ? t('pools.person') : t('pools.people', { count: pool.headcount }),
      queueText: t('pools.queue', { value: formatNumber(pool.meanQueueLength, language, 1) }),
      laneIds: pool.laneIds,
    };
  });

  const bottlenecks: BottleneckRow[] = (summary.bottlenecks ?? []).map((b) => ({
    id: b.elementId,
    name: b.name,
    share: b.shareOfWaiting,
    text: t('bottlenecks.item', { share: formatPercent(b.shareOfWaiting, language), wait: d(b.meanWaitingTime) }),
    utilisationText: b.utilisation === null ? null : t('bottlenecks.utilisation', { value: formatPercent(b.utilisation, language) }),
  }));

  const seconds = formatNumber((summary.milliseconds ?? 0) / 1000, language, 1);
  const seed = summary.seed ?? '—';
  const text =
    summary.fixedCases === false
      ? t('summary.horizon', { scenario: scenario.name, replications: summary.replications, seed, seconds })
      : t('summary', { scenario: scenario.name, cases: formatNumber(summary.cases, language), replications: summary.replications, seed, seconds });

  const partsSummary = summary.cycleTimeParts;
  const cycleParts: CyclePart[] = partsSummary
    ? (['processing', 'waitingForPeople', 'offCalendar', 'otherWaiting'] as const).map((id) => ({ id, label: t(`parts.${id}`), seconds: partsSummary[id], text: d(partsSummary[id]) }))
    : [];
  const cyclePartsText =
    cycleParts.length > 0 && cycleMean !== null
      ? t('parts.sum', { total: d(cycleMean), parts: cycleParts.filter((p) => p.seconds > 0.5).map((p) => `${p.text} ${p.label.toLowerCase()}`).join(' + ') || d(0) })
      : null;

  return {
    summary: text,
    cards,
    cycleParts,
    cyclePartsText,
    cycleHistogram: histogramView(t('histogram.cycleTime'), summary.histograms?.cycleTime ?? [], summary.targets?.resolutionSeconds, language, t),
    responseHistogram:
      response === undefined ? null : histogramView(t('histogram.firstResponse'), summary.histograms?.firstResponseTime ?? [], responseTarget, language, t),
    tasks,
    pools,
    bottlenecks,
    utilisationChart: utilisationChart(summary, t),
    defaults: defaultsList(summary.assumed, t, language),
    sourceNote: scenario.source === 'bpsim' ? t('source.bpsim') : scenario.source === 'qbp' ? t('source.qbp') : null,
  };
}

// The printable report of one simulation run: the diagram, the KPI cards with their intervals, the cycle-time
// histogram, the bottlenecks and the per-task / per-pool tables. A standalone page (no scripts, no external files,
// A4 print CSS) like the comparison report of docs/variants.md.
import type { SimulationResult } from '@leanflow/sim';
import type { ScorecardViewModel } from '../scorecard/view-model.ts';
import { RESULTS_EN, type ResultsMessageKey } from './messages.ts';
import { resultTables, type Cell } from './tables.ts';

/** The studio's localiser for the report's words (its i18n in the studio's language; English by default). */
export type ReportTranslate = (key: ResultsMessageKey, params?: Record<string, string | number>) => string;

const TRANSLATE_EN: ReportTranslate = (key, params) => RESULTS_EN[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));

// The tables keep English names (the CSV/XLSX contract and the unit detection of `format`); the report translates
// them for display through these keys.
const KPI_KEYS: Record<string, ResultsMessageKey> = {
  'Cycle time (mean)': 'results.report.kpi.cycleTime',
  'Cycle time p50': 'results.report.kpi.cycleTimeP50',
  'Cycle time p90': 'results.report.kpi.cycleTimeP90',
  'Cycle time p95': 'results.report.kpi.cycleTimeP95',
  'Resolved within target': 'results.report.kpi.resolvedWithinTarget',
  'First response time': 'results.report.kpi.firstResponse',
  'First response within target': 'results.report.kpi.firstResponseWithinTarget',
  'Processing time': 'results.report.kpi.processing',
  'Waiting time': 'results.report.kpi.waiting',
  'Off-calendar time': 'results.report.kpi.offCalendar',
  'Value-adding time': 'results.report.kpi.valueAdding',
  'Process cycle efficiency': 'results.report.kpi.pce',
  'Cost per case': 'results.report.kpi.costPerCase',
  'Cost per week': 'results.report.kpi.costPerWeek',
  Throughput: 'results.report.kpi.throughput',
  'Work in progress': 'results.report.kpi.wip',
};
const COLUMN_KEYS: Record<string, ResultsMessageKey> = {
  Task: 'results.report.column.task',
  Pool: 'results.report.column.pool',
  'Executions per replication': 'results.report.column.executions',
  'Mean waiting': 'results.report.column.meanWaiting',
  'Max waiting': 'results.report.column.maxWaiting',
  'Mean processing': 'results.report.column.meanProcessing',
  Headcount: 'results.report.column.headcount',
  Utilisation: 'results.report.column.utilisation',
  'Utilisation 95% CI low': 'results.report.column.utilisationLow',
  'Utilisation 95% CI high': 'results.report.column.utilisationHigh',
  'Mean queue': 'results.report.column.meanQueue',
  'Max queue': 'results.report.column.maxQueue',
  'Cost model': 'results.report.column.costModel',
};
const UNIT_KEYS: Record<string, ResultsMessageKey> = { cases: 'results.report.unit.cases', 'cases/h': 'results.report.unit.casesPerHour' };

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formatHours(hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 1) return `${(hours * 60).toFixed(1)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}

function format(value: Cell, unit: string): string {
  if (value === null) return '–';
  if (typeof value === 'string') return esc(value);
  if (unit === 'h' || unit.endsWith('(h)')) return formatHours(value);
  if (unit === 'share' || /utilisation|pce/i.test(unit)) return `${(value * 100).toFixed(1)}%`;
  return value.toLocaleString('en', { maximumFractionDigits: 2 });
}

function histogram(result: SimulationResult, label: string): string {
  const bins = result.kpis.cycleTime.histogram;
  if (!bins.length) return '';
  const max = Math.max(...bins.map((b) => b.share), 1);
  const width = 640;
  const height = 160;
  const barWidth = width / bins.length;
  const bars = bins.map((b, i) => `<rect x="${(i * barWidth).toFixed(1)}" y="${(height - (b.share / max) * height).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${((b.share / max) * height).toFixed(1)}" fill="#0f6fcf"/>`).join('');
  const first = bins[0]!;
  const last = bins.at(-1)!;
  return `<svg viewBox="0 0 ${width} ${height + 18}" width="${width}" role="img" aria-label="${esc(label)}">${bars}<text x="0" y="${height + 14}" font-size="11">${formatHours(first.from / 3600)}</text><text x="${width}" y="${height + 14}" font-size="11" text-anchor="end">${formatHours(last.to / 3600)}</text></svg>`;
}

/** Headings of the report's scorecard section (the studio passes them in its language). */
export interface ScorecardSectionLabels {
  readonly title: string;
  readonly outOf: string;
  readonly profile: string;
  readonly targets: string;
  readonly findings: string;
  readonly noFindings: string;
}

const SCORECARD_LABELS_EN: ScorecardSectionLabels = {
  title: 'Scorecard',
  outOf: 'out of 100',
  profile: 'Profile: {profile}',
  targets: 'Key figures against their targets',
  findings: 'Findings',
  noFindings: 'No findings.',
};

/**
 * The Scorecard view of the same run, as printed: the score with its verdict, the categories, the figures the
 * simulation scores against a target (the dynamic rules: their score and what they found) and every finding.
 */
export function scorecardSection(model: ScorecardViewModel, labels: ScorecardSectionLabels = SCORECARD_LABELS_EN): string {
  const rules = model.categories.flatMap((c) => c.rules);
  const kpiCards = rules
    .filter((r) => r.kind === 'dynamic' && r.status !== 'disabled')
    .map(
      (r) => `<div class="card rule" data-rule="${esc(r.id)}"><div class="label">${esc(r.title)}</div><div class="value ${r.tone}" data-score="${r.score ?? ''}">${esc(r.scoreText)}</div>${
        r.findings.length ? r.findings.map((f) => `<div class="detail">${esc(f.message)}</div>`).join('') : r.reason ? `<div class="detail">${esc(r.reason)}</div>` : `<div class="detail">${esc(r.explanation)}</div>`
      }</div>`,
    )
    .join('');
  const findings = rules.flatMap((r) => r.findings.map((f) => ({ rule: r.title, f })));
  return `<section class="scorecard" data-score="${model.score ?? ''}"><h2>${esc(labels.title)}</h2>
<div class="score-head"><div class="score ${model.tone}"><span class="big">${esc(model.scoreText)}</span> <span class="meta">${esc(labels.outOf)}</span></div><div><strong>${esc(model.verdict)}</strong><br><span class="meta">${esc(labels.profile.replace('{profile}', model.profileName))}${model.runText ? ` · ${esc(model.runText)}` : ''}</span></div></div>
<table class="categories"><tbody>${model.categories.map((c) => `<tr data-category="${c.id}"><td>${esc(c.title)}</td><td><span class="bar"><span style="width:${Math.max(0, Math.min(100, c.score ?? 0)).toFixed(0)}%"></span></span></td><td>${esc(c.scoreText)}</td></tr>`).join('')}</tbody></table>
${kpiCards ? `<h3>${esc(labels.targets)}</h3><div class="cards">${kpiCards}</div>` : ''}
<h3>${esc(labels.findings)}</h3>${findings.length ? `<ol class="findings">${findings.map(({ rule, f }) => `<li class="${f.severity}" data-rule="${esc(f.ruleId)}">${esc(f.message)} <span class="meta">(${esc(rule)})</span></li>`).join('')}</ol>` : `<p>${esc(labels.noFindings)}</p>`}
</section>`;
}

/**
 * @example
 * const page = renderRunReport({ title: 'lead-to-quote.bpmn', scenario: 'As is', currency: 'EUR', result, diagramSvg });
 */
export function renderRunReport(input: { title: string; scenario: string; currency: string; result: SimulationResult; diagramSvg?: string; scorecard?: ScorecardViewModel; scorecardLabels?: ScorecardSectionLabels; translate?: ReportTranslate; date?: Date }): string {
  const { result } = input;
  const m = input.translate ?? TRANSLATE_EN;
  const words = (map: Record<string, ResultsMessageKey>, english: string) => (map[english] ? m(map[english]) : english);
  const header = (column: string) => {
    const unit = / \(h\)$/.exec(column)?.[0] ?? '';
    return words(COLUMN_KEYS, column.slice(0, column.length - unit.length)) + unit;
  };
  const [kpis, tasks, pools] = resultTables(result, input.currency);
  const cards = kpis!.rows
    .filter((r) => r[2] !== null)
    .map((r) => {
      const unit = String(r[1]);
      const ci = r[3] !== null && r[4] !== null ? `<div class="ci">${esc(m('results.report.ci', { low: '\u0000', high: '\u0001' })).replace('\u0000', format(r[3], unit)).replace('\u0001', format(r[4], unit))}</div>` : '';
      const value = unit === 'h' || unit === 'share' ? format(r[2], unit) : `${format(r[2], unit)} ${esc(words(UNIT_KEYS, unit))}`;
      return `<div class="card"><div class="label">${esc(words(KPI_KEYS, String(r[0])))}</div><div class="value">${value}</div>${ci}</div>`;
    })
    .join('');
  const table = (t: NonNullable<typeof tasks>, skip = 1) =>
    `<table><thead><tr>${t.columns.slice(skip).map((c) => `<th>${esc(header(c))}</th>`).join('')}</tr></thead><tbody>${t.rows
      .map((r) => `<tr>${r.slice(skip).map((v, i) => `<td>${format(v, t.columns[i + skip]!)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const bottlenecks = result.bottlenecks.length
    ? `<ol>${result.bottlenecks.map((b) => `<li>${esc(m('results.report.bottleneck', { name: '\u0000', share: (b.shareOfWaiting * 100).toFixed(0), wait: formatHours(b.meanWaitingTime / 3600) })).replace('\u0000', `<strong>${esc(b.name)}</strong>`)}${b.utilisation === null ? '' : esc(m('results.report.bottleneckBusy', { busy: (b.utilisation * 100).toFixed(0) }))}</li>`).join('')}</ol>`
    : `<p>${esc(m('results.report.noBottlenecks'))}</p>`;
  const scorecardLabels = input.scorecardLabels ?? {
    title: m('results.report.scorecard'),
    outOf: m('results.report.outOf'),
    profile: m('results.report.profile'),
    targets: m('results.report.targets'),
    findings: m('results.report.findings'),
    noFindings: m('results.report.noFindings'),
  };
  const score = input.scorecard ? scorecardSection(input.scorecard, scorecardLabels) : '';
  return `<!DOCTYPE html>
<html lang="${esc(m('results.report.lang'))}"><head><meta charset="utf-8"><title>${esc(m('results.report.documentTitle', { title: input.title }))}</title>
<style>
@page { size: A4; margin: 14mm; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1d2127; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 22px 0 8px; break-after: avoid; }
.meta { color: #5b6470; }
.diagram svg { max-width: 100%; height: auto; border: 1px solid #d5dae0; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.card { border: 1px solid #d5dae0; border-radius: 4px; padding: 6px 8px; break-inside: avoid; }
.card .label { color: #5b6470; font-size: 11px; } .card .value { font-size: 16px; font-weight: 600; } .card .ci { color: #5b6470; font-size: 11px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #d5dae0; padding: 3px 6px; text-align: right; } th:first-child, td:first-child { text-align: left; }
section { break-inside: avoid; }
h3 { font-size: 13px; margin: 14px 0 6px; }
.score-head { display: flex; gap: 16px; align-items: center; } .score .big { font-size: 30px; font-weight: 700; }
.good { color: #2b8a3e; } .fair { color: #b7791f; } .poor { color: #c92a2a; }
.card .detail { color: #1d2127; font-size: 11px; margin-top: 2px; }
table.categories { width: auto; } table.categories td { text-align: left; border: 0; padding: 2px 8px 2px 0; }
.bar { display: inline-block; width: 160px; height: 8px; background: #e6e9ed; border-radius: 4px; } .bar span { display: block; height: 8px; background: #0f6fcf; border-radius: 4px; }
ol.findings li.error::marker { color: #c92a2a; } ol.findings li.warning::marker { color: #b7791f; }
</style></head><body>
<h1>${esc(input.title)}</h1>
<p class="meta">${esc(m('results.report.meta', { scenario: input.scenario, cases: result.cases ?? m('results.report.period'), replications: result.replications, seed: result.seed, date: (input.date ?? new Date()).toISOString().slice(0, 16).replace('T', ' ') }))}</p>
${input.diagramSvg ? `<section class="diagram"><h2>${esc(m('results.report.diagram'))}</h2>${input.diagramSvg}</section>` : ''}
<section><h2>${esc(m('results.report.keyFigures'))}</h2><div class="cards">${cards}</div></section>
<section><h2>${esc(m('results.report.cycleTime'))}</h2>${histogram(result, m('results.report.histogram'))}</section>
<section><h2>${esc(m('results.report.bottlenecks'))}</h2>${bottlenecks}</section>
${score}
<section><h2>${esc(m('results.report.tasks'))}</h2>${table(tasks!)}</section>
<section><h2>${esc(m('results.report.teams'))}</h2>${table(pools!)}</section>
</body></html>
`;
}

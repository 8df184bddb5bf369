// Reports of a variant comparison: a data model with every figure already formatted (what a print-ready page or
// the studio renders), Markdown for pull requests, and a standalone print-ready HTML page with inline SVG charts.
import { SCORE_CATEGORIES, SCORE_CATEGORY_TITLES } from '../scoring.ts';
import type { KpiDefinition, KpiDifference, KpiUnit, OverlayHistogram, VariantComparison, Verdict } from './compare.ts';
import type { KpiEstimate } from './statistics.ts';
import type { DiagramChange } from './diff.ts';
import { describeElement, type LabelLanguage } from '../element-label.ts';
import { formatMoney } from '../money.ts';

/**
 * The language of a report for people (the studio passes its own): units and money as the studio writes them
 * ("3.2 小时", "€62.55"), the report's sentences and, through the callbacks, the studio's KPI and category names.
 * Without it a report is the CLI's English, unchanged.
 */
export interface ReportLocale {
  readonly language: LabelLanguage;
  readonly kpiLabel?: (key: string, english: string) => string;
  readonly scoreLabel?: (key: string, english: string) => string;
}

const UNIT_WORDS: Record<LabelLanguage, Readonly<Record<string, string>>> = {
  en: { s: 's', min: 'min', h: 'h', d: 'd', pp: 'pp', perHour: '/h' },
  'zh-CN': { s: '秒', min: '分钟', h: '小时', d: '天', pp: '个百分点', perHour: '/小时' },
};

export interface ReportCell {
  readonly mean: number | null;
  readonly ci95: readonly [number, number] | null;
  /** e.g. `6.17 h [5.57 .. 6.78]` */
  readonly text: string;
}

export interface ReportDifferenceCell extends ReportCell {
  readonly relativeChange: number | null;
  readonly significant: boolean;
  readonly verdict: Verdict;
  /** Direction and verdict: `▼ better`, `▲ worse`, `▲ changed`, `n.s.` (not significant) or `-` (no pairs). */
  readonly marker: string;
}

export interface ReportKpiRow {
  readonly definition: KpiDefinition;
  /** One per variant, in variant order. */
  readonly values: readonly ReportCell[];
  /** One per variant after the first (against the first). */
  readonly differences: readonly ReportDifferenceCell[];
}

export interface ReportScoreRow {
  /** `overall` or a score category. */
  readonly key: string;
  readonly label: string;
  readonly scores: readonly (number | null)[];
  /** Each variant after the first minus the first. */
  readonly differences: readonly (number | null)[];
}

export interface ReportCaseType {
  readonly id: string;
  readonly name: string;
  /** e.g. `20 %` of the baseline's arrivals. */
  readonly share: string;
  readonly kpis: readonly ReportKpiRow[];
}

export interface ComparisonReport {
  readonly title: string;
  /** One sentence on how the variants were run and compared. */
  readonly method: string;
  readonly variants: readonly { readonly name: string; readonly scenario: string; readonly scenarioSource: string; readonly countedCases: number }[];
  readonly baseline: string;
  readonly kpis: readonly ReportKpiRow[];
  /** The same rows per case type of the baseline (empty without case types). */
  readonly caseTypes: readonly ReportCaseType[];
  readonly scores: readonly ReportScoreRow[];
  readonly diagramChanges: readonly { readonly variant: string; readonly changes: readonly DiagramChange[] }[];
  readonly histograms: { readonly cycleTime: OverlayHistogram; readonly firstResponseTime: OverlayHistogram | null };
}

function durationUnit(reference: number): { divisor: number; suffix: string; digits: number } {
  const r = Math.abs(reference);
  if (r < 120) return { divisor: 1, suffix: 's', digits: 1 };
  if (r < 2 * 3600) return { divisor: 60, suffix: 'min', digits: 1 };
  if (r < 2 * 86400) return { divisor: 3600, suffix: 'h', digits: 2 };
  return { divisor: 86400, suffix: 'd', digits: 2 };
}

/** `value` with `digits` decimals; a value that rounds to 0 has no sign (no "-0.0"). */
function fixed(value: number, digits: number, signed: boolean): string {
  const text = value.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return signed && value > 0 ? `+${text}` : text;
}

/** Formats a value of a KPI, in a unit picked from `reference` so a mean and its interval share one unit. */
export function formatKpiValue(value: number | null, unit: KpiUnit, reference: number | null, currency: string, signed = false, locale?: ReportLocale): string {
  if (value === null || !Number.isFinite(value)) return '-';
  const words = UNIT_WORDS[locale?.language ?? 'en'];
  switch (unit) {
    case 'seconds': {
      const u = durationUnit(reference !== null && Number.isFinite(reference) ? reference : value);
      return `${fixed(value / u.divisor, u.digits, signed)} ${locale ? words[u.suffix] : u.suffix}`;
    }
    case 'share':
      return `${fixed(value * 100, 1, signed)}${signed ? ` ${words['pp']}` : ' %'}`;
    case 'currency': {
      if (!locale) return `${fixed(value, 2, signed)} ${currency}`;
      // The studio's money: its symbol, its grouping ("€1,234.50"); a sign only for differences.
      const text = formatMoney(Math.abs(value), currency, locale.language);
      return Number(fixed(value, 2, false)) === 0 ? formatMoney(0, currency, locale.language) : `${value < 0 ? '-' : signed ? '+' : ''}${text}`;
    }
    case 'casesPerHour':
      return `${fixed(value, 2, signed)} ${words['perHour']}`;
    case 'cases':
      return `${fixed(value, 2, signed)}`;
  }
}

const WORDS: Record<LabelLanguage, Record<Verdict, string>> = {
  en: { better: 'better', worse: 'worse', changed: 'changed', noChange: 'no change', notSignificant: 'n.s.', notComparable: '-' },
  'zh-CN': { better: '改善', worse: '变差', changed: '有变化', noChange: '无变化', notSignificant: '不显著', notComparable: '-' },
};

/** The arrow shows the direction of a significant change, the word whether it is an improvement. */
function marker(verdict: Verdict, mean: number | null, language: LabelLanguage = 'en'): string {
  const words = WORDS[language];
  if (verdict === 'notSignificant' || verdict === 'notComparable' || verdict === 'noChange' || mean === null) return words[verdict];
  return `${mean > 0 ? '▲' : '▼'} ${words[verdict]}`;
}

function cell(mean: number | null, ci95: readonly [number, number] | null, unit: KpiUnit, currency: string, signed = false, locale?: ReportLocale): ReportCell {
  const text = formatKpiValue(mean, unit, mean, currency, signed, locale);
  const interval = ci95 ? ` [${formatKpiValue(ci95[0], unit, mean, currency, signed, locale)} .. ${formatKpiValue(ci95[1], unit, mean, currency, signed, locale)}]` : '';
  return { mean, ci95, text: mean === null ? '-' : `${text}${interval}` };
}

/**
 * Everything a report shows, formatted: KPI rows (means with intervals, paired differences with markers), score
 * rows, diagram changes and the overlay histograms.
 *
 * @example
 * const report = createComparisonReport(comparison);
 * report.kpis.find((r) => r.definition.key === 'cycleTime')?.differences[0]?.marker; // '▼ better'
 */
export function createComparisonReport(comparison: VariantComparison, locale?: ReportLocale): ComparisonReport {
  const language = locale?.language ?? 'en';
  const { settings, variants, differences } = comparison;
  const currency = settings.currency;
  // KPIs no variant has a value for (no SLA target, no substantive response) are left out.
  const rows = (
    definitions: readonly KpiDefinition[],
    estimates: readonly (Readonly<Record<string, KpiEstimate>> | undefined)[],
    compared: readonly (Readonly<Record<string, KpiDifference>> | undefined)[],
  ): ReportKpiRow[] =>
    definitions
      .filter((definition) => estimates.some((e) => (e?.[definition.key]?.mean ?? null) !== null))
      .map((definition) => ({
        definition,
        values: estimates.map((v) => {
          const e = v?.[definition.key];
          return cell(e?.mean ?? null, e?.ci95 ?? null, definition.unit, currency, false, locale);
        }),
        differences: compared.map((d) => {
          const k = d?.[definition.key];
          if (!k) return { ...cell(null, null, definition.unit, currency, false, locale), relativeChange: null, significant: false, verdict: 'notComparable' as const, marker: marker('notComparable', null, language) };
          const base = cell(k.difference.mean, k.difference.ci95, definition.unit, currency, true, locale);
          const relative = k.relativeChange === null || definition.unit === 'share' ? '' : ` (${fixed(k.relativeChange * 100, 1, true)} %)`;
          return {
            ...base,
            text: base.mean === null ? '-' : `${base.text}${relative}`,
            relativeChange: k.relativeChange,
            significant: k.difference.significant,
            verdict: k.verdict,
            marker: marker(k.verdict, k.difference.mean, language),
          };
        }),
      }));
  const kpis = rows(
    comparison.kpiDefinitions,
    variants.map((v) => v.kpis),
    differences.map((d) => d.kpis),
  );
  // Older comparisons (saved JSON) have no case-type fields.
  const caseTypes: ReportCaseType[] = (comparison.caseTypes ?? []).map((type, t) => ({
    id: type.id,
    name: type.name,
    share: `${fixed(type.share * 100, 0, false)} %`,
    kpis: rows(
      comparison.segmentKpiDefinitions ?? comparison.kpiDefinitions,
      variants.map((v) => v.segments?.[t]?.kpis),
      differences.map((d) => d.segments?.[t]?.kpis),
    ),
  }));
  const scoreRow = (key: string, label: string, pick: (i: number) => number | null): ReportScoreRow => {
    const scores = variants.map((_, i) => pick(i));
    return { key, label, scores, differences: scores.slice(1).map((s) => (s === null || scores[0] === null ? null : s - scores[0]!)) };
  };
  const scores = [
    scoreRow('overall', locale?.scoreLabel?.('overall', 'Overall score') ?? 'Overall score', (i) => variants[i]!.scorecard.score),
    ...SCORE_CATEGORIES.map((c) => scoreRow(c, locale?.scoreLabel?.(c, SCORE_CATEGORY_TITLES[c]) ?? SCORE_CATEGORY_TITLES[c], (i) => variants[i]!.scorecard.categories[c].score)),
  ];
  const zh = language === 'zh-CN';
  const cases = settings.cases === null ? (zh ? '直到场景时间范围结束' : 'until the scenario horizon') : zh ? `${settings.cases} 个案例` : `${settings.cases} cases`;
  return {
    title: zh ? `变体对比：${variants.map((v) => v.name).join(' 对比 ')}` : `Variant comparison: ${variants.map((v) => v.name).join(' vs ')}`,
    method: zh
      ? `场景“${settings.scenario.name}”，${cases} × ${settings.replications} 次重复，随机种子 ${settings.seed}，每个变体使用相同的随机数。` +
        `均值附 95% 置信区间；与“${variants[0]!.name}”的差异按重复配对（Student t 检验），区间不含 0 时标为显著。`
      : `Scenario "${settings.scenario.name}", ${cases} x ${settings.replications} replications, seed ${settings.seed}, the same random numbers for every variant. ` +
        `Means with 95% confidence intervals; differences to "${variants[0]!.name}" are paired by replication (Student t) and marked when their interval excludes 0.`,
    variants: variants.map((v) => ({ name: v.name, scenario: v.scenario.name, scenarioSource: v.scenario.source, countedCases: v.countedCases })),
    baseline: variants[0]!.name,
    kpis,
    caseTypes,
    scores,
    diagramChanges: differences.map((d) => ({ variant: d.variant, changes: d.diagramDiff.changes })),
    histograms: comparison.histograms,
  };
}

const fmtScore = (x: number | null, signed = false) => (x === null ? '-' : `${signed && x > 0 ? '+' : ''}${x.toFixed(1)}`);
const mdEscape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function describeChange(c: DiagramChange): string {
  const what = `${c.type.replace(/^bpmn:/, '')}${c.name ? ` "${c.name.replace(/\s+/g, ' ')}"` : ''} (\`${c.elementId}\`)`;
  return `${c.kind} ${what}${c.kind === 'added' || c.kind === 'removed' ? '' : `: ${c.summary}`}`;
}

/**
 * The comparison as Markdown for a pull request: KPI table (means, intervals, paired differences with markers),
 * score table and the list of diagram changes per variant.
 *
 * @example
 * await writeFile('comparison.md', renderMarkdownReport(comparison));
 */
export function renderMarkdownReport(comparison: VariantComparison): string {
  const report = createComparisonReport(comparison);
  const others = report.variants.slice(1).map((v) => v.name);
  const lines: string[] = [`## ${report.title}`, '', report.method, ''];
  const scenarioNotes = report.variants.filter((v) => v.scenarioSource === 'baseline').map((v) => v.name);
  if (scenarioNotes.length > 0) lines.push(`${scenarioNotes.join(', ')}: no scenario of that name in the file, so the baseline's scenario was applied.`, '');
  lines.push(
    `| KPI | ${report.variants.map((v) => mdEscape(v.name)).join(' | ')} | ${others.map((o) => `${mdEscape(o)} − ${mdEscape(report.baseline)}`).join(' | ')} |`,
    `|---|${report.variants.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`,
  );
  for (const row of report.kpis) {
    const diffs = row.differences.map((d) => (d.mean === null ? '-' : `${d.significant ? `**${d.text}**` : d.text} ${d.marker}`));
    lines.push(`| ${row.definition.label} | ${row.values.map((v) => v.text).join(' | ')} | ${diffs.join(' | ')} |`);
  }
  for (const type of report.caseTypes) {
    lines.push('', `### Case type: ${mdEscape(type.name)} (${type.share} of arrivals)`, '');
    lines.push(
      `| KPI | ${report.variants.map((v) => mdEscape(v.name)).join(' | ')} | ${others.map((o) => `${mdEscape(o)} − ${mdEscape(report.baseline)}`).join(' | ')} |`,
      `|---|${report.variants.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`,
    );
    for (const row of type.kpis) {
      const diffs = row.differences.map((d) => (d.mean === null ? '-' : `${d.significant ? `**${d.text}**` : d.text} ${d.marker}`));
      lines.push(`| ${row.definition.label} | ${row.values.map((v) => v.text).join(' | ')} | ${diffs.join(' | ')} |`);
    }
  }
  lines.push('', '**bold** = significant at 95% (the paired interval excludes 0); n.s. = not significant.', '', '### Scorecard', '');
  lines.push(`| | ${report.variants.map((v) => mdEscape(v.name)).join(' | ')} | ${others.map((o) => `${mdEscape(o)} − ${mdEscape(report.baseline)}`).join(' | ')} |`);
  lines.push(`|---|${report.variants.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`);
  for (const row of report.scores) lines.push(`| ${row.label} | ${row.scores.map((s) => fmtScore(s)).join(' | ')} | ${row.differences.map((d) => fmtScore(d, true)).join(' | ')} |`);
  for (const { variant, changes } of report.diagramChanges) {
    lines.push('', `### Diagram changes: ${mdEscape(variant)} against ${mdEscape(report.baseline)}`, '');
    if (changes.length === 0) lines.push('No changes.');
    else for (const c of changes) lines.push(`- ${mdEscape(describeChange(c))}`);
  }
  return `${lines.join('\n')}\n`;
}

// --- HTML --------------------------------------------------------------------------------------------------------

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const HTML_TEXTS: Record<LabelLanguage, { keyFigures: string; kpi: string; legend: string; caseType: string; scorecard: string; changesOf: string; noChanges: string; change: string; element: string; whatChanged: string; cycleChart: string; responseChart: string; kinds: Record<DiagramChange['kind'], string> }> = {
  en: {
    keyFigures: 'Key figures', kpi: 'KPI', caseType: 'Case type: {name} ({share} of arrivals)', legend: 'Bold differences are significant at 95% (the paired interval excludes 0); n.s. = not significant.', scorecard: 'Scorecard',
    changesOf: 'Diagram changes: {variant} against {baseline}', noChanges: 'No changes.', change: 'change', element: 'element', whatChanged: 'what changed',
    cycleChart: 'Cycle time distribution (share of cases)', responseChart: 'First-response time distribution (share of cases)',
    kinds: { added: 'added', removed: 'removed', changed: 'changed', moved: 'moved' },
  },
  'zh-CN': {
    keyFigures: '关键指标', kpi: '指标', caseType: '客户类型：{name}（占到达量 {share}）', legend: '粗体差异在 95% 水平上显著（配对区间不含 0）；“不显著”表示差异不显著。', scorecard: '评分卡',
    changesOf: '图表变更：{variant} 相对于 {baseline}', noChanges: '没有变更。', change: '变更', element: '元素', whatChanged: '变更内容',
    cycleChart: '周期时间分布（案例占比）', responseChart: '首次响应时间分布（案例占比）',
    kinds: { added: '新增', removed: '删除', changed: '修改', moved: '移动' },
  },
};

const COLOURS = ['#4c6ef5', '#e8590c', '#2b8a3e', '#ae3ec9'];

/** An overlay histogram as inline SVG: one outlined step line per variant on common bins. */
function histogramSvg(title: string, histogram: OverlayHistogram, language: LabelLanguage = 'en'): string {
  const width = 640;
  const height = 220;
  const left = 48;
  const bottom = 28;
  const plotWidth = width - left - 10;
  const plotHeight = height - bottom - 24;
  const bins = histogram.edges.length - 1;
  const top = Math.max(0.0001, ...histogram.series.flatMap((s) => s.shares));
  const x = (i: number) => left + (i / bins) * plotWidth;
  const y = (share: number) => 24 + plotHeight - (share / top) * plotHeight;
  const last = histogram.edges[histogram.edges.length - 1] ?? 0;
  const unit = durationUnit(last);
  const anchors = ['start', 'middle', 'end'];
  const ticks = [0, Math.floor(bins / 2), bins].map(
    (i, k) => `<text x="${x(i)}" y="${height - 8}" text-anchor="${anchors[k]}">${i === 0 ? '0' : `${((histogram.edges[i] ?? 0) / unit.divisor).toFixed(1)} ${UNIT_WORDS[language][unit.suffix]}`}</text>`,
  );
  const paths = histogram.series.map((s, k) => {
    let d = `M${x(0)},${y(0)}`;
    s.shares.forEach((share, i) => (d += ` L${x(i)},${y(share)} L${x(i + 1)},${y(share)}`));
    d += ` L${x(bins)},${y(0)}`;
    const colour = COLOURS[k % COLOURS.length]!;
    return `<path d="${d}" fill="${colour}" fill-opacity="0.12" stroke="${colour}" stroke-width="2"/>`;
  });
  const legend = histogram.series.map(
    (s, k) => `<rect x="${left + k * 150}" y="6" width="10" height="10" fill="${COLOURS[k % COLOURS.length]}"/><text x="${left + k * 150 + 14}" y="15">${escapeHtml(s.variant)}</text>`,
  );
  return (
    `<figure><figcaption>${escapeHtml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width: 900px" font-size="11" font-family="sans-serif">` +
    `<line x1="${left}" y1="${y(0)}" x2="${x(bins)}" y2="${y(0)}" stroke="#888"/><text x="4" y="${y(top) + 4}">${(top * 100).toFixed(0)} %</text>` +
    `${paths.join('')}${ticks.join('')}${legend.join('')}</svg></figure>`
  );
}

/**
 * A standalone, print-ready HTML page (no scripts, no external files): KPI and score tables, overlay histograms as
 * inline SVG and the diagram changes.
 *
 * @example
 * await writeFile('comparison.html', renderHtmlReport(comparison));
 */
export function renderHtmlReport(comparison: VariantComparison, locale?: ReportLocale): string {
  const report = createComparisonReport(comparison, locale);
  const language = locale?.language ?? 'en';
  const x = HTML_TEXTS[language];
  const kpiLabel = (key: string, english: string) => locale?.kpiLabel?.(key, english) ?? english;
  const others = report.variants.slice(1).map((v) => v.name);
  const head = (first: string) =>
    `<tr><th>${first}</th>${report.variants.map((v) => `<th>${escapeHtml(v.name)}</th>`).join('')}${others.map((o) => `<th>${escapeHtml(o)} − ${escapeHtml(report.baseline)}</th>`).join('')}</tr>`;
  const kpiRowsOf = (list: readonly ReportKpiRow[]) => list.map(
    (row) =>
      `<tr><th>${escapeHtml(kpiLabel(row.definition.key, row.definition.label))}</th>${row.values.map((v) => `<td>${escapeHtml(v.text)}</td>`).join('')}${row.differences
        .map((d) => `<td class="${d.verdict}">${escapeHtml(d.text)} <span class="marker">${escapeHtml(d.marker)}</span></td>`)
        .join('')}</tr>`,
  );
  const kpiRows = kpiRowsOf(report.kpis);
  const typeTables = report.caseTypes.map((type) => `<h2>${escapeHtml(x.caseType.replace('{name}', type.name).replace('{share}', type.share))}</h2>\n<table>${head(x.kpi)}${kpiRowsOf(type.kpis).join('')}</table>`);
  const scoreRows = report.scores.map(
    (row) => `<tr><th>${escapeHtml(row.label)}</th>${row.scores.map((s) => `<td>${fmtScore(s)}</td>`).join('')}${row.differences.map((d) => `<td>${fmtScore(d, true)}</td>`).join('')}</tr>`,
  );
  const changes = report.diagramChanges.map(
    ({ variant, changes: list }) =>
      `<h2>${escapeHtml(x.changesOf.replace('{variant}', variant).replace('{baseline}', report.baseline))}</h2>` +
      (list.length === 0
        ? `<p>${x.noChanges}</p>`
        : locale
          ? // For people: what changed, said with names ("flow from 'A' to 'B'"); the id only as a tooltip.
            `<table class="changes"><tr><th>${x.change}</th><th>${x.element}</th><th>${x.whatChanged}</th></tr>${list
              .map(
                (c) =>
                  `<tr class="${c.kind}"><td>${escapeHtml(x.kinds[c.kind])}</td><td title="${escapeHtml(c.elementId)}">${escapeHtml(describeElement({ ...c, id: c.elementId }, language))}</td><td>${escapeHtml(c.kind === 'added' || c.kind === 'removed' ? '' : c.summary)}</td></tr>`,
              )
              .join('')}</table>`
          : `<table class="changes"><tr><th>change</th><th>element</th><th>type</th><th>name</th><th>what changed</th></tr>${list
            .map(
              (c) =>
                `<tr class="${c.kind}"><td>${c.kind}</td><td><code>${escapeHtml(c.elementId)}</code></td><td>${escapeHtml(c.type.replace(/^bpmn:/, ''))}</td><td>${escapeHtml(c.name ?? '')}</td><td>${escapeHtml(c.kind === 'added' || c.kind === 'removed' ? '' : c.summary)}</td></tr>`,
            )
            .join('')}</table>`),
  );
  const charts = [histogramSvg(x.cycleChart, report.histograms.cycleTime, language)];
  if (report.histograms.firstResponseTime) charts.push(histogramSvg(x.responseChart, report.histograms.firstResponseTime, language));
  return `<!DOCTYPE html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font: 12px/1.4 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #222; max-width: 1000px; margin: 0 auto; padding: 16px; }
h1 { font-size: 20px; } h2 { font-size: 15px; margin-top: 24px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: right; vertical-align: top; }
th:first-child, td:first-child, table.changes th, table.changes td { text-align: left; }
td.better { color: #2b8a3e; font-weight: 600; } td.worse { color: #c92a2a; font-weight: 600; } td.changed { font-weight: 600; }
.marker { font-size: 10px; white-space: nowrap; } figure { margin: 12px 0; page-break-inside: avoid; } figcaption { font-weight: 600; }
tr.added td:first-child { color: #2b8a3e; } tr.removed td:first-child { color: #c92a2a; } tr.changed td:first-child, tr.moved td:first-child { color: #e8590c; }
</style></head><body>
<h1>${escapeHtml(report.title)}</h1>
<p>${escapeHtml(report.method)}</p>
<h2>${x.keyFigures}</h2>
<table>${head(x.kpi)}${kpiRows.join('')}</table>
${typeTables.join('\n')}
<p>${x.legend}</p>
${charts.join('\n')}
<h2>${x.scorecard}</h2>
<table>${head('')}${scoreRows.join('')}</table>
${changes.join('\n')}
</body></html>
`;
}

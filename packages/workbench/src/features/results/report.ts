// The printable report of one simulation run: the diagram, the KPI cards with their intervals, the cycle-time
// histogram, the bottlenecks and the per-task / per-pool tables. A standalone page (no scripts, no external files,
// A4 print CSS) like the comparison report of docs/variants.md.
import type { SimulationResult } from '@leanflow/sim';
import type { ScorecardViewModel } from '../scorecard/view-model.ts';
import { resultTables, type Cell } from './tables.ts';

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

function histogram(result: SimulationResult): string {
  const bins = result.kpis.cycleTime.histogram;
  if (!bins.length) return '';
  const max = Math.max(...bins.map((b) => b.share), 1);
  const width = 640;
  const height = 160;
  const barWidth = width / bins.length;
  const bars = bins.map((b, i) => `<rect x="${(i * barWidth).toFixed(1)}" y="${(height - (b.share / max) * height).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${((b.share / max) * height).toFixed(1)}" fill="#0f6fcf"/>`).join('');
  const first = bins[0]!;
  const last = bins.at(-1)!;
  return `<svg viewBox="0 0 ${width} ${height + 18}" width="${width}" role="img" aria-label="Cycle time histogram">${bars}<text x="0" y="${height + 14}" font-size="11">${formatHours(first.from / 3600)}</text><text x="${width}" y="${height + 14}" font-size="11" text-anchor="end">${formatHours(last.to / 3600)}</text></svg>`;
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
export function renderRunReport(input: { title: string; scenario: string; currency: string; result: SimulationResult; diagramSvg?: string; scorecard?: ScorecardViewModel; scorecardLabels?: ScorecardSectionLabels; date?: Date }): string {
  const { result } = input;
  const [kpis, tasks, pools] = resultTables(result, input.currency);
  const cards = kpis!.rows
    .filter((r) => r[2] !== null)
    .map((r) => {
      const unit = String(r[1]);
      const ci = r[3] !== null && r[4] !== null ? `<div class="ci">95% CI ${format(r[3], unit)} – ${format(r[4], unit)}</div>` : '';
      const value = unit === 'h' || unit === 'share' ? format(r[2], unit) : `${format(r[2], unit)} ${esc(unit)}`;
      return `<div class="card"><div class="label">${esc(String(r[0]))}</div><div class="value">${value}</div>${ci}</div>`;
    })
    .join('');
  const table = (t: NonNullable<typeof tasks>, skip = 1) =>
    `<table><thead><tr>${t.columns.slice(skip).map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
      .map((r) => `<tr>${r.slice(skip).map((v, i) => `<td>${format(v, t.columns[i + skip]!)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const bottlenecks = result.bottlenecks.length
    ? `<ol>${result.bottlenecks.map((b) => `<li><strong>${esc(b.name)}</strong>: ${(b.shareOfWaiting * 100).toFixed(0)}% of all waiting, ${formatHours(b.meanWaitingTime / 3600)} per case${b.utilisation === null ? '' : `, its team busy ${(b.utilisation * 100).toFixed(0)}%`}</li>`).join('')}</ol>`
    : '<p>No task makes cases wait for people.</p>';
  const score = input.scorecard ? scorecardSection(input.scorecard, input.scorecardLabels) : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)} – simulation report</title>
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
<p class="meta">Scenario “${esc(input.scenario)}” · ${result.cases ?? 'simulated period'} cases × ${result.replications} replications · seed ${result.seed} · ${(input.date ?? new Date()).toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
${input.diagramSvg ? `<section class="diagram"><h2>Diagram</h2>${input.diagramSvg}</section>` : ''}
<section><h2>Key figures</h2><div class="cards">${cards}</div></section>
<section><h2>Cycle time</h2>${histogram(result)}</section>
<section><h2>Bottlenecks</h2>${bottlenecks}</section>
${score}
<section><h2>Tasks</h2>${table(tasks!)}</section>
<section><h2>Teams</h2>${table(pools!)}</section>
</body></html>
`;
}

// Lit renderers for the declarative view contents plugins publish (table, key figures, chart, markdown, tree).
// Plugin code never touches the DOM: it sends data, validated by the host, and these functions draw it.
import { html, nothing, svg, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ChartSpec, KeyFigure, SectionContent, TableCell, TableColumn, TreeNode, ViewContent } from '@leanflow/plugin-api';
import { formatDuration, formatNumber, formatPercent, type FormatLanguage } from '@leanflow/plugin-api';
import { renderSections, type SectionHost } from './render-sections.ts';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A small, safe Markdown subset: headings, lists, paragraphs, **bold**, *italic*, `code`. Raw HTML is shown as text. */
export function markdownToHtml(markdown: string): string {
  const inline = (text: string) =>
    escapeHtml(text)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*]+)\*/g, '$1<em>$2</em>');
  const out: string[] = [];
  let list: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list.length) out.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    paragraph = [];
    list = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      out.push(`<h${heading[1]!.length + 2}>${inline(heading[2]!)}</h${heading[1]!.length + 2}>`);
    } else if (item) {
      if (paragraph.length) flush();
      list.push(item[1]!);
    } else if (line.trim() === '') {
      flush();
    } else {
      if (list.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('');
}

function formatCell(value: TableCell, column: TableColumn, locale: string): string {
  if (value === null) return '';
  if (typeof value !== 'number') return String(value);
  const number = (digits: number) => value.toLocaleString(locale, { maximumFractionDigits: digits });
  const language: FormatLanguage = locale === 'zh-CN' ? 'zh-CN' : 'en';
  switch (column.format) {
    case 'percent':
      return formatPercent(value, language);
    case 'duration':
      // As people say it, in the user's language: "2 h 15 min", "42 min", "35 s".
      return formatDuration(value, language);
    case 'currency':
      return value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'number':
      return formatNumber(value, language, Math.abs(value) < 100 ? 1 : 0);
    default:
      return number(2);
  }
}

const PALETTE = ['#0f6fcf', '#e08a00', '#2e9e5b', '#c7417b', '#7a5cc7', '#4a9bb0'];

function renderChart(chart: ChartSpec): TemplateResult {
  const width = 320;
  const height = 180;
  const pad = { left: 36, right: 8, top: 8, bottom: 34 };
  const n = chart.labels.length;
  const legend = html`<ul class="lf-plugin-legend">${chart.series.map((s, i) => html`<li><span style="background:${PALETTE[i % PALETTE.length]}"></span>${s.name}</li>`)}</ul>`;
  if (chart.type === 'pie') {
    const values = chart.series[0]?.values ?? [];
    const total = values.reduce((a, b) => a + Math.max(0, b), 0) || 1;
    let angle = -Math.PI / 2;
    const slices = values.map((v, i) => {
      const a0 = angle;
      angle += (2 * Math.PI * Math.max(0, v)) / total;
      const large = angle - a0 > Math.PI ? 1 : 0;
      const p = (a: number) => `${90 + 70 * Math.cos(a)},${90 + 70 * Math.sin(a)}`;
      return svg`<path d="M90,90 L${p(a0)} A70,70 0 ${large} 1 ${p(angle)} Z" fill=${PALETTE[i % PALETTE.length]!}><title>${chart.labels[i]}: ${v}${chart.unit ? ` ${chart.unit}` : ''}</title></path>`;
    });
    return html`<figure class="lf-plugin-chart">${chart.title ? html`<figcaption>${chart.title}</figcaption>` : nothing}
      <svg viewBox="0 0 180 180" role="img" width="180" height="180">${slices}</svg>
      <ul class="lf-plugin-legend">${chart.labels.map((label, i) => html`<li><span style="background:${PALETTE[i % PALETTE.length]}"></span>${label}: ${values[i] ?? ''}</li>`)}</ul></figure>`;
  }
  const stacked = chart.type === 'stackedBar';
  const totals = chart.labels.map((_, i) => (stacked ? chart.series.reduce((a, s) => a + Math.max(0, s.values[i] ?? 0), 0) : Math.max(0, ...chart.series.map((s) => s.values[i] ?? 0))));
  const max = Math.max(1e-9, ...totals);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const y = (v: number) => pad.top + plotH - (plotH * v) / max;
  const band = plotW / Math.max(1, n);
  const marks: unknown[] = [];
  if (chart.type === 'line') {
    chart.series.forEach((s, si) => {
      const points = s.values.map((v, i) => `${pad.left + band * (i + 0.5)},${y(v)}`).join(' ');
      marks.push(svg`<polyline points=${points} fill="none" stroke=${PALETTE[si % PALETTE.length]!} stroke-width="2"></polyline>`);
    });
  } else {
    chart.labels.forEach((label, i) => {
      let base = 0;
      chart.series.forEach((s, si) => {
        const v = Math.max(0, s.values[i] ?? 0);
        const w = stacked ? band * 0.7 : (band * 0.8) / chart.series.length;
        const x = pad.left + band * i + (stacked ? band * 0.15 : band * 0.1 + w * si);
        const top = y(base + v);
        marks.push(svg`<rect x=${x} y=${top} width=${w} height=${Math.max(0, y(base) - top)} fill=${PALETTE[si % PALETTE.length]!}><title>${label} · ${s.name}: ${v}${chart.unit ? ` ${chart.unit}` : ''}</title></rect>`);
        if (stacked) base += v;
      });
    });
  }
  const labels = chart.labels.map((label, i) => svg`<text x=${pad.left + band * (i + 0.5)} y=${height - pad.bottom + 14} text-anchor="middle" class="lf-plugin-axis">${label.length > 12 ? `${label.slice(0, 11)}…` : label}</text>`);
  return html`<figure class="lf-plugin-chart">${chart.title ? html`<figcaption>${chart.title}</figcaption>` : nothing}
    <svg viewBox="0 0 ${width} ${height}" role="img" width="100%">
      <line x1=${pad.left} x2=${width - pad.right} y1=${y(0)} y2=${y(0)} class="lf-plugin-axis-line"></line>
      <text x=${pad.left - 4} y=${pad.top + 8} text-anchor="end" class="lf-plugin-axis">${Number(max.toPrecision(3))}</text>
      <text x=${pad.left - 4} y=${y(0)} text-anchor="end" class="lf-plugin-axis">0</text>
      ${marks}${labels}
    </svg>${chart.unit ? html`<p class="lf-plugin-note">${chart.unit}</p>` : nothing}${chart.series.length > 1 ? legend : nothing}</figure>`;
}

function renderFigures(figures: readonly KeyFigure[], locale: string): TemplateResult {
  return html`<div class="lf-plugin-figures">${figures.map(
    (f) => html`<div class="lf-plugin-figure ${f.status ?? ''}" title=${f.hint ?? ''}>
      <div class="lf-plugin-figure-value">${typeof f.value === 'number' ? f.value.toLocaleString(locale, { maximumFractionDigits: 2 }) : f.value}${f.unit ? html`<span class="lf-plugin-figure-unit"> ${f.unit}</span>` : nothing}</div>
      <div class="lf-plugin-figure-label">${f.label}</div>
      ${f.hint ? html`<div class="lf-plugin-figure-hint">${f.hint}</div>` : nothing}
    </div>`,
  )}</div>`;
}

function renderTree(nodes: readonly TreeNode[], reveal: (elementId: string) => void): TemplateResult {
  return html`<ul class="lf-plugin-tree">${nodes.map(
    (node) => html`<li>
      ${node.children && node.children.length > 0
        ? html`<details open><summary>${renderTreeLabel(node, reveal)}</summary>${renderTree(node.children, reveal)}</details>`
        : renderTreeLabel(node, reveal)}
    </li>`,
  )}</ul>`;
}

function renderTreeLabel(node: TreeNode, reveal: (elementId: string) => void): TemplateResult {
  const label = html`${node.label}${node.description ? html` <span class="lf-plugin-note">${node.description}</span>` : nothing}`;
  return node.elementId ? html`<button class="lf-link" @click=${() => reveal(node.elementId!)}>${label}</button>` : html`<span>${label}</span>`;
}

/** How a sortable table is sorted now (kept by the view between renders). */
export interface TableSortState {
  get(tableKey: string): string | undefined;
  set(tableKey: string, column: string): void;
}

/** Options of `renderViewContent`: the view's language and what clicks do. */
export interface RenderOptions {
  readonly locale: string;
  readonly reveal: (elementId: string) => void;
  /** Buttons, notices and drop-downs of sections views run commands; without it they do nothing. */
  readonly runCommand?: (command: string, args: readonly unknown[]) => void;
  readonly keyFor?: (command: string) => string | undefined;
  readonly sort?: TableSortState;
  /** Labels of the workbench for sortable tables ("Sort by {column}"). */
  readonly sortHint?: (column: string) => string;
}

type TableContent = Extract<ViewContent, { kind: 'table' }>;

function heatLevel(heat: number): number {
  return heat > 0 ? Math.max(1, Math.min(4, Math.ceil(heat * 4))) : 0;
}

/** A table; in a sections view with the compact look, sortable headers, heat dots and rows that reveal elements. */
function renderTable(content: TableContent, options: RenderOptions, tableKey: string, compact: boolean): TemplateResult {
  const align = (c: TableColumn) => c.align ?? (c.format && c.format !== 'text' ? 'right' : 'left');
  const order = content.rows.map((_, i) => i);
  const sortBy = content.sortable ? (options.sort?.get(tableKey) ?? content.sortBy) : undefined;
  const sortColumn = content.columns.find((c) => c.key === sortBy);
  if (sortColumn) {
    const value = (i: number) => content.rows[i]![sortColumn.key] ?? null;
    order.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      // Numbers biggest first (where time goes), text A–Z.
      if (typeof x === 'number' && typeof y === 'number') return y - x;
      return String(x ?? '').localeCompare(String(y ?? ''), options.locale);
    });
  }
  const header = (c: TableColumn) => {
    if (!content.sortable) return html`<th style="text-align:${align(c)}">${c.title}</th>`;
    const active = c.key === sortColumn?.key;
    const numeric = content.rows.some((r) => typeof r[c.key] === 'number');
    return html`<th scope="col" style="text-align:${align(c)}" aria-sort=${active ? (numeric ? 'descending' : 'ascending') : 'none'}>
      <button class="lf-sim-sort" title=${options.sortHint?.(c.title) ?? c.title} @click=${() => options.sort?.set(tableKey, c.key)}>${c.title}${active ? (numeric ? ' ▼' : ' ▲') : ''}</button>
    </th>`;
  };
  const rows = order.map((i) => {
    const row = content.rows[i]!;
    const elementId = content.rowElementIds?.[i] ?? undefined;
    const heat = content.rowHeat?.[i];
    return html`<tr data-element-id=${elementId ?? nothing} @click=${() => elementId && options.reveal(elementId)}>${content.columns.map(
      (c, ci) =>
        html`<td style="text-align:${align(c)}">${ci === 0 && heat !== undefined ? html`<i class="lf-heat-dot lf-heat-swatch-${heatLevel(heat)}"></i>` : nothing}${formatCell(row[c.key] ?? null, c, options.locale)}</td>`,
    )}</tr>`;
  });
  const table = html`<table class=${compact ? 'lf-sim-tasks' : 'lf-plugin-table'}>
    <thead><tr>${content.columns.map(header)}</tr></thead>
    <tbody>${rows}</tbody></table>`;
  return compact ? table : html`<div class="lf-plugin-table-wrap">${table}</div>`;
}

/**
 * Renders one view content.
 *
 * @example
 * render(renderViewContent({ kind: 'markdown', markdown: '# Hi' }, { locale: 'en', reveal }), element);
 */
export function renderViewContent(content: ViewContent | SectionContent, options: RenderOptions, tableKey = 'view', inSection = false): TemplateResult {
  switch (content.kind) {
    case 'markdown':
      return html`<div class="lf-plugin-markdown ${inSection ? 'lf-sim-summary' : ''}">${unsafeHTML(markdownToHtml(content.markdown))}</div>`;
    case 'table':
      return renderTable(content, options, tableKey, inSection);
    case 'sections': {
      const host: SectionHost = {
        locale: options.locale,
        reveal: options.reveal,
        runCommand: (command, args) => options.runCommand?.(command, args),
        keyFor: (command) => options.keyFor?.(command),
      };
      return html`<div class="lf-sim">${renderSections(content.sections, host, (part, section, index) => renderViewContent(part, options, section.id ?? `section-${index}`, true))}</div>`;
    }
    case 'chart':
      return renderChart(content.chart);
    case 'keyFigures':
      return renderFigures(content.figures, options.locale);
    case 'tree':
      return renderTree(content.nodes, options.reveal);
    default:
      // Section parts outside a sections view (the host's schemas do not let them through).
      return html``;
  }
}

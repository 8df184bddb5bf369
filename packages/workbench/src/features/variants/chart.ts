// An overlay histogram as lit SVG: one filled step line per variant on the comparison's common bins.
import { svg, html, type TemplateResult } from 'lit';
import type { OverlayHistogram } from '@leanflow/analysis';
import { formatDurationShort, type FormatLanguage } from '@leanflow/plugin-api';

/** Variant colours, the same in the table header, the charts and the report. */
export const VARIANT_COLOURS = ['#4c6ef5', '#e8590c', '#2b8a3e', '#ae3ec9'] as const;

export function overlayChart(title: string, histogram: OverlayHistogram, language: FormatLanguage, kind: string): TemplateResult {
  const width = 520;
  const height = 200;
  const left = 40;
  const top = 10;
  const bottom = 24;
  const plotWidth = width - left - 10;
  const plotHeight = height - top - bottom;
  const bins = Math.max(1, histogram.edges.length - 1);
  const peak = Math.max(0.0001, ...histogram.series.flatMap((s) => s.shares));
  const x = (i: number) => left + (i / bins) * plotWidth;
  const y = (share: number) => top + plotHeight - (share / peak) * plotHeight;
  const ticks = [0, Math.round(bins / 4), Math.round(bins / 2), Math.round((3 * bins) / 4), bins];
  return html`<figure class="lf-variants-chart" data-chart=${kind}>
    <figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${title}>
      <line class="axis" x1=${left} y1=${y(0)} x2=${x(bins)} y2=${y(0)}></line>
      <text class="tick" x=${left - 4} y=${top + 8} text-anchor="end">${Math.round(peak * 100)}%</text>
      ${ticks.map(
        (i, k) => svg`<text class="tick" x=${x(i)} y=${height - 6} text-anchor=${k === 0 ? 'start' : k === ticks.length - 1 ? 'end' : 'middle'}>${i === 0 ? '0' : formatDurationShort(histogram.edges[i] ?? 0, language)}</text>`,
      )}
      ${histogram.series.map((series, k) => {
        let d = `M${x(0)},${y(0)}`;
        series.shares.forEach((share, i) => (d += ` L${x(i)},${y(share)} L${x(i + 1)},${y(share)}`));
        d += ` L${x(bins)},${y(0)}`;
        const colour = VARIANT_COLOURS[k % VARIANT_COLOURS.length]!;
        return svg`<path d=${d} fill=${colour} fill-opacity="0.12" stroke=${colour} stroke-width="2" vector-effect="non-scaling-stroke"><title>${series.variant}</title></path>`;
      })}
    </svg>
    <div class="lf-variants-legend">
      ${histogram.series.map((s, k) => html`<span><i style="background:${VARIANT_COLOURS[k % VARIANT_COLOURS.length]}"></i>${s.variant}</span>`)}
    </div>
  </figure>`;
}

// The shareable report: the analysis package's print-ready HTML page with each variant's diagram embedded as SVG
// (changed elements coloured like the visual diff).
import { DIFF_COLOURS } from './diff-markers.ts';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Styles that colour the diff markers inside the embedded bpmn-js SVGs (the page has no other stylesheet). */
export const REPORT_DIAGRAM_STYLE = (['added', 'removed', 'changed', 'moved'] as const)
  .map(
    (kind) =>
      // A shape's outline is its visual's first child; a connection's visual starts with its arrow <defs>.
      `.djs-shape.lf-diff-${kind} .djs-visual > :first-child { stroke: ${DIFF_COLOURS[kind]} !important; stroke-width: 3px !important; fill: ${DIFF_COLOURS[kind]}22 !important; }` +
      `.djs-connection.lf-diff-${kind} .djs-visual > path { stroke: ${DIFF_COLOURS[kind]} !important; stroke-width: 3px !important; }`,
  )
  .join('\n');

/** Ids and markup bpmn-js leaves in saved SVGs that clash when several diagrams share one page (marker ids). */
function isolate(svg: string, index: number): string {
  return svg
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/(\s)id="([^"]+)"/g, `$1id="d${index}-$2"`)
    .replace(/url\((['"]?)#([^)'"]+)\1\)/g, `url($1#d${index}-$2$1)`)
    .replace(/<svg /, '<svg style="max-width:100%;height:auto" ');
}

const DIAGRAM_LABELS_EN = { title: 'Diagrams', legend: 'Changes against the baseline:', kinds: { added: 'added', removed: 'removed', changed: 'changed', moved: 'moved' } };

/**
 * Adds a "Diagrams" section (one figure per variant, with the legend of the colours) to the end of an HTML report.
 * @example
 * const page = withDiagrams(renderHtmlReport(comparison), [{ name: 'As-is', svg }], 'Colours: ...');
 */
export function withDiagrams(
  reportHtml: string,
  diagrams: readonly { readonly name: string; readonly caption: string; readonly svg: string }[],
  labels: { readonly title: string; readonly legend: string; readonly kinds: Readonly<Record<keyof typeof DIFF_COLOURS, string>> } = DIAGRAM_LABELS_EN,
): string {
  const legend = (Object.keys(DIFF_COLOURS) as (keyof typeof DIFF_COLOURS)[])
    .map((kind) => `<span style="border-bottom:3px solid ${DIFF_COLOURS[kind]};margin-right:12px">${escapeHtml(labels.kinds[kind])}</span>`)
    .join('');
  const figures = diagrams
    .map((d, i) => `<figure class="diagram"><figcaption>${escapeHtml(d.name)}${d.caption ? ` — ${escapeHtml(d.caption)}` : ''}</figcaption>${isolate(d.svg, i)}</figure>`)
    .join('\n');
  const section = `<h2>${escapeHtml(labels.title)}</h2>\n<p>${escapeHtml(labels.legend)} ${legend}</p>\n${figures}\n<style>${REPORT_DIAGRAM_STYLE}\nfigure.diagram svg { border: 1px solid #ddd; }</style>\n`;
  return reportHtml.includes('</body>') ? reportHtml.replace('</body>', `${section}</body>`) : reportHtml + section;
}

/** `Lead to Quote comparison.html` */
export function reportFileName(processName: string): string {
  const safe = processName.replace(/[\\/:*?"<>|]+/g, '_').trim() || 'variants';
  return `${safe} comparison.html`;
}

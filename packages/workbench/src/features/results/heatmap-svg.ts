// PNG/SVG export with the heat-map: bpmn-js's saveSVG copies the shapes but not the studio's CSS markers
// (lf-heat-1..4) nor the HTML badges, so the exported picture lost the heat-map. This paints them into the SVG.
const HEAT = ['#fff4c2', '#ffd591', '#ffa66b', '#f26b5b'];

/**
 * Adds the heat colours and waiting-time badges shown on `canvas` (the live diagram element) to `svg`.
 * @example
 * const svg = withHeatmap(await editor.getSvg(), editor);
 */
export function withHeatmap(svg: string, canvas: ParentNode): string {
  const heated = [...canvas.querySelectorAll<SVGGElement>('.djs-element[data-element-id]')]
    .map((g) => ({ id: g.getAttribute('data-element-id')!, level: /\blf-heat-([1-4])\b/.exec(g.getAttribute('class') ?? '')?.[1] }))
    .filter((e): e is { id: string; level: string } => e.level !== undefined);
  if (heated.length === 0) return svg;
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.getElementsByTagName('parsererror').length) return svg;
  for (const { id, level } of heated) {
    const group = doc.querySelector(`g[data-element-id="${CSS.escape(id)}"]`);
    const shape = group?.querySelector('.djs-visual > rect, .djs-visual > circle, .djs-visual > polygon');
    if (!group || !shape) continue;
    shape.setAttribute('style', `${shape.getAttribute('style') ?? ''};fill:${HEAT[Number(level) - 1]}`);
    const badge = canvas.querySelector(`.lf-heat-badge[data-element-id="${CSS.escape(id)}"]`)?.textContent?.trim();
    if (badge) {
      const width = Number(shape.getAttribute('width') ?? 100);
      const text = doc.createElementNS('http://www.w3.org/2000/svg', 'text');
      text.setAttribute('x', String(width));
      text.setAttribute('y', '-4');
      text.setAttribute('text-anchor', 'end');
      text.setAttribute('style', 'font: 600 11px Arial, sans-serif; fill: #7a2a00');
      text.textContent = badge;
      group.append(text);
    }
  }
  return new XMLSerializer().serializeToString(doc);
}

// Plugins' diagram decorations (`context.diagram.setDecorations`), painted on a bpmn-js editor: elements coloured
// on the heat scale (markers lf-heat-1..4) with an hourglass badge, plain toned badges (e.g. utilisation on a
// lane), and a legend over the canvas. The look of the studio's former simulation heat-map (view-sections.css).
import type { DecorationLegend, DiagramDecoration } from '@leanflow/plugin-api';
import './view-sections.css';

interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement; show?: { minZoom?: number } }): string;
  remove(filter: { type: string }): void;
}
interface Canvas {
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
}
interface ElementRegistry {
  get(id: string): { id: string; width?: number } | undefined;
}

/** What the painter needs from an editor (`LfBpmnEditor` fits). */
export interface DecoratedEditor extends HTMLElement {
  get<T>(name: string): T;
  readonly modeler: unknown;
}

const OVERLAY_TYPE = 'lf-decorations';
const HOURGLASS =
  '<svg viewBox="0 0 12 12" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.3" d="M3 1.5h6M3 10.5h6M3.6 1.5c0 2.6 4.8 2.6 4.8 4.5S3.6 8 3.6 10.5M8.4 1.5c0 2.6-4.8 2.6-4.8 4.5s4.8 2 4.8 4.5"/></svg>';
const MARKERS = ['lf-heat-1', 'lf-heat-2', 'lf-heat-3', 'lf-heat-4'] as const;
/** Toned badges use the utilisation band colours. */
const TONE_CLASS = { good: 'lf-band-ok', warning: 'lf-band-low', bad: 'lf-band-high' } as const;

/** Heat 0..1 as one of five colour levels (0: none). */
export function heatLevel(heat: number): 0 | 1 | 2 | 3 | 4 {
  return heat > 0 ? (Math.max(1, Math.min(4, Math.ceil(heat * 4))) as 1 | 2 | 3 | 4) : 0;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Paints one editor; `clear` removes exactly what `paint` added. */
export class DecorationPainter {
  private marked: { id: string; marker: string }[] = [];
  private legend: HTMLElement | undefined;

  constructor(readonly editor: DecoratedEditor) {}

  get isPainted(): boolean {
    return this.legend !== undefined || this.marked.length > 0;
  }

  paint(decorations: readonly DiagramDecoration[], legend: DecorationLegend | undefined): void {
    this.clear();
    if (!this.editor.modeler) return;
    const overlays = this.editor.get<Overlays>('overlays');
    const canvas = this.editor.get<Canvas>('canvas');
    const registry = this.editor.get<ElementRegistry>('elementRegistry');
    for (const decoration of decorations) {
      if (!registry.get(decoration.elementId)) continue;
      if (decoration.heat !== undefined) {
        const level = heatLevel(decoration.heat);
        if (level > 0) {
          const marker = MARKERS[level - 1]!;
          canvas.addMarker(decoration.elementId, marker);
          this.marked.push({ id: decoration.elementId, marker });
        }
        if (decoration.label === undefined) continue;
        const badge = element('div', `lf-heat-badge lf-heat-badge-${level}`);
        // An inline icon: emoji fonts are missing on many Linux desktops.
        badge.innerHTML = HOURGLASS;
        badge.append(decoration.label);
        badge.dataset['elementId'] = decoration.elementId;
        if (decoration.tooltip) badge.title = decoration.tooltip;
        // Above the element's top edge, right-aligned: never over its label (inside a task, below an event or gateway)
        // nor over the quick-fix lightbulb (left of the element).
        overlays.add(decoration.elementId, OVERLAY_TYPE, { position: { top: -22, right: 0 }, html: badge });
      } else if (decoration.label !== undefined) {
        const badge = element('div', `lf-lane-badge ${TONE_CLASS[decoration.tone ?? 'good']}`, decoration.label);
        badge.dataset['elementId'] = decoration.elementId;
        if (decoration.tooltip) badge.title = decoration.tooltip;
        // A lane's figures sit at its top-right corner: its top-left is where processes start (a start event there was
        // covered by the badge).
        overlays.add(decoration.elementId, OVERLAY_TYPE, { position: { top: 4, right: 6 }, html: badge });
      }
    }
    if (legend) {
      this.legend = this.buildLegend(legend);
      this.editor.append(this.legend);
    }
  }

  private buildLegend(legend: DecorationLegend): HTMLElement {
    const box = element('div', 'lf-heat-legend');
    box.setAttribute('role', 'note');
    box.append(element('strong', '', legend.title));
    const scale = element('div', 'lf-heat-scale');
    for (const stop of legend.stops) {
      const item = element('span', `lf-heat-stop lf-heat-swatch-${heatLevel(stop.heat)}`);
      item.append(element('i', ''), element('span', '', stop.label));
      scale.append(item);
    }
    box.append(scale);
    return box;
  }

  clear(): void {
    if (this.editor.modeler) {
      try {
        this.editor.get<Overlays>('overlays').remove({ type: OVERLAY_TYPE });
        const canvas = this.editor.get<Canvas>('canvas');
        const registry = this.editor.get<ElementRegistry>('elementRegistry');
        for (const { id, marker } of this.marked) if (registry.get(id)) canvas.removeMarker(id, marker);
      } catch {
        // The modeler was replaced (re-import): its overlays went with it.
      }
    }
    this.marked = [];
    this.legend?.remove();
    this.legend = undefined;
  }
}

// The heat-map on the diagram: tasks coloured by their mean waiting time (bpmn-js markers), a badge with the
// time on each task and the utilisation on each staffed lane (overlays), and a legend over the canvas.
import type { FormatLanguage } from './format.ts';
import { formatDurationShort } from './format.ts';
import type { Translate, SimulationViewModel } from './view-model.ts';

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

/** What the heat-map needs from an editor (`LfBpmnEditor` fits). */
export interface HeatmapEditor extends HTMLElement {
  get<T>(name: string): T;
  readonly modeler: unknown;
}

const OVERLAY_TYPE = 'lf-simulation';
const HOURGLASS =
  '<svg viewBox="0 0 12 12" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.3" d="M3 1.5h6M3 10.5h6M3.6 1.5c0 2.6 4.8 2.6 4.8 4.5S3.6 8 3.6 10.5M8.4 1.5c0 2.6-4.8 2.6-4.8 4.5s4.8 2 4.8 4.5"/></svg>';
const MARKERS = ['lf-heat-1', 'lf-heat-2', 'lf-heat-3', 'lf-heat-4'] as const;

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Paints one editor; `clear` removes exactly what `paint` added. */
export class HeatmapPainter {
  private marked: { id: string; marker: string }[] = [];
  private legend: HTMLElement | undefined;

  constructor(private readonly editor: HeatmapEditor) {}

  get isPainted(): boolean {
    return this.legend !== undefined;
  }

  paint(model: SimulationViewModel, language: FormatLanguage, t: Translate): void {
    this.clear();
    if (!this.editor.modeler) return;
    const overlays = this.editor.get<Overlays>('overlays');
    const canvas = this.editor.get<Canvas>('canvas');
    const registry = this.editor.get<ElementRegistry>('elementRegistry');
    for (const task of model.tasks) {
      const shape = registry.get(task.id);
      if (!shape || task.count === 0) continue;
      if (task.heat > 0) {
        const marker = MARKERS[task.heat - 1]!;
        canvas.addMarker(task.id, marker);
        this.marked.push({ id: task.id, marker });
      }
      const badge = element('div', `lf-heat-badge lf-heat-badge-${task.heat}`);
      // An inline icon: emoji fonts are missing on many Linux desktops.
      badge.innerHTML = HOURGLASS;
      badge.append(formatDurationShort(task.waiting, language));
      badge.dataset['elementId'] = task.id;
      badge.title = `${task.name}: ${t('simulation.heatmap.badge', { value: task.waitingText })}`;
      overlays.add(task.id, OVERLAY_TYPE, { position: { top: -11, right: 8 }, html: badge });
    }
    for (const pool of model.pools) {
      for (const laneId of pool.laneIds) {
        if (!registry.get(laneId)) continue;
        const badge = element('div', `lf-lane-badge lf-band-${pool.band}`, t('simulation.heatmap.pool', { utilisation: pool.utilisationText, queue: pool.queueText.replace(/^\D+/, '') }));
        badge.dataset['elementId'] = laneId;
        badge.title = `${pool.name}: ${pool.utilisationText} · ${pool.bandText} · ${pool.queueText}`;
        overlays.add(laneId, OVERLAY_TYPE, { position: { top: 6, left: 38 }, html: badge });
      }
    }
    this.legend = this.buildLegend(model, language, t);
    this.editor.append(this.legend);
  }

  private buildLegend(model: SimulationViewModel, language: FormatLanguage, t: Translate): HTMLElement {
    const legend = element('div', 'lf-heat-legend');
    legend.setAttribute('role', 'note');
    legend.append(element('strong', '', t('simulation.heatmap.legend')));
    const longest = Math.max(0, ...model.tasks.map((task) => task.waiting));
    const scale = element('div', 'lf-heat-scale');
    const stops: [string, string][] = [
      ['0', t('simulation.heatmap.legendLow')],
      ['1', formatDurationShort(longest * 0.25, language)],
      ['2', formatDurationShort(longest * 0.5, language)],
      ['3', formatDurationShort(longest * 0.75, language)],
      ['4', formatDurationShort(longest, language)],
    ];
    for (const [level, label] of stops) {
      const stop = element('span', `lf-heat-stop lf-heat-swatch-${level}`);
      stop.append(element('i', ''), element('span', '', level === '0' ? label : `≤ ${label}`));
      scale.append(stop);
    }
    legend.append(scale);
    return legend;
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

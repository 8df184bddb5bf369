// Conformance deviations on the diagram: each element where the log's cases went astray (missing or remaining
// tokens) is tinted on a four-step scale like the heat-map and gets a badge with its counts; a legend sits over the
// canvas. Its own overlay type and markers, so it never clears (or is cleared by) the simulation heat-map.
import type { ElementDeviation } from '@leanflow/analysis';
import type { Disposable } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import type { EventLogController } from './event-logs-controller.ts';

const OVERLAY_TYPE = 'lf-log-deviations';
const MARKERS = ['lf-log-dev-1', 'lf-log-dev-2', 'lf-log-dev-3', 'lf-log-dev-4'] as const;

interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface Canvas {
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
}

/** The elements to mark and how strongly (1..4 by their share of the largest count), DOM-free. */
export function deviationLevels(deviations: readonly ElementDeviation[]): { elementId: string; level: 1 | 2 | 3 | 4; missing: number; remaining: number }[] {
  const bad = deviations.filter((d) => d.missing + d.remaining > 0);
  const most = Math.max(1, ...bad.map((d) => d.missing + d.remaining));
  return bad.map((d) => ({ elementId: d.elementId, level: Math.max(1, Math.min(4, Math.ceil(((d.missing + d.remaining) / most) * 4))) as 1 | 2 | 3 | 4, missing: d.missing, remaining: d.remaining }));
}

export function registerDeviationOverlays(workbench: Workbench, controller: EventLogController, tr: (key: string, params?: Record<string, string | number>) => string): Disposable {
  let painted: { editor: NonNullable<Workbench['activeEditor']>; marked: { id: string; marker: string }[]; legend: HTMLElement | undefined } | undefined;
  const clear = () => {
    if (!painted) return;
    const { editor, marked, legend } = painted;
    painted = undefined;
    legend?.remove();
    if (!editor.modeler) return;
    try {
      editor.get<Overlays>('overlays').remove({ type: OVERLAY_TYPE });
      const canvas = editor.get<Canvas>('canvas');
      const registry = editor.get<{ get(id: string): unknown }>('elementRegistry');
      for (const { id, marker } of marked) if (registry.get(id)) canvas.removeMarker(id, marker);
    } catch {
      // The modeler was replaced (re-import): its overlays went with it.
    }
  };
  const paint = () => {
    clear();
    const editor = workbench.activeEditor;
    const doc = workbench.documents.active;
    const conformance = doc && controller.showDeviations ? controller.state(doc.id)?.conformance : undefined;
    if (!editor?.modeler || !conformance) return;
    const overlays = editor.get<Overlays>('overlays');
    const canvas = editor.get<Canvas>('canvas');
    const registry = editor.get<{ get(id: string): unknown }>('elementRegistry');
    const marked: { id: string; marker: string }[] = [];
    for (const d of deviationLevels(conformance.replay.deviations)) {
      if (!registry.get(d.elementId)) continue;
      const marker = MARKERS[d.level - 1]!;
      canvas.addMarker(d.elementId, marker);
      marked.push({ id: d.elementId, marker });
      const badge = document.createElement('div');
      badge.className = `lf-log-dev-badge level-${d.level}`;
      badge.dataset['elementId'] = d.elementId;
      badge.textContent = tr('eventLogs.conf.badge', { missing: d.missing, remaining: d.remaining });
      // Below the element's bottom-left corner: the heat-map's badge sits above, the quick-fix bulb at the left.
      overlays.add(d.elementId, OVERLAY_TYPE, { position: { bottom: -4, left: 0 }, html: badge });
    }
    let legend: HTMLElement | undefined;
    if (marked.length) {
      legend = document.createElement('div');
      legend.className = 'lf-log-dev-legend';
      legend.setAttribute('role', 'note');
      const title = document.createElement('strong');
      title.textContent = tr('eventLogs.conf.legend');
      const scale = document.createElement('span');
      scale.className = 'lf-log-dev-scale';
      scale.append(tr('eventLogs.conf.legend.few'), ...MARKERS.map((m) => Object.assign(document.createElement('i'), { className: m })), tr('eventLogs.conf.legend.many'));
      legend.append(title, scale);
      editor.append(legend);
    }
    painted = { editor, marked, legend };
  };
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      paint();
    }, 0);
  };
  const subscriptions = [controller.onDidChange(schedule), workbench.documents.onDidChange(schedule), workbench.onDidLoadEditor(schedule), workbench.i18n.onDidChangeLanguage(schedule)];
  return {
    dispose: () => {
      subscriptions.forEach((s) => s.dispose());
      clear();
    },
  };
}

// Lightbulbs on the diagram: an element with a problem that has quick fixes (any provider registered with the
// ProblemsService) gets a small button; clicking it runs the first fix. Repainted when problems or fixes change.
import type { Disposable } from '../../base/lifecycle.ts';
import { ICONS } from '../../components/workbench-element.ts';
import type { Workbench } from '../../workbench.ts';

const OVERLAY_TYPE = 'lf-quick-fix';

interface Overlays {
  add(element: string, type: string, overlay: { position: { top?: number; right?: number; left?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

export function registerQuickFixOverlays(workbench: Workbench): Disposable {
  let scheduled = false;
  const paint = () => {
    scheduled = false;
    const editor = workbench.activeEditor;
    const doc = workbench.documents.active;
    if (!editor?.modeler || !doc) return;
    const overlays = editor.get<Overlays>('overlays');
    const registry = editor.get<{ get(id: string): unknown }>('elementRegistry');
    overlays.remove({ type: OVERLAY_TYPE });
    const done = new Set<string>();
    for (const problem of workbench.problems.get(doc.id)) {
      const id = problem.elementId;
      if (!id || done.has(id) || !registry.get(id)) continue;
      const fix = workbench.problems.quickFixes(doc.id, problem)[0];
      if (!fix) continue;
      done.add(id);
      const button = document.createElement('button');
      button.className = 'lf-quick-fix-bulb';
      button.dataset['element'] = id;
      button.title = fix.title;
      button.setAttribute('aria-label', fix.title);
      button.innerHTML = ICONS.lightbulb;
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        void workbench.commands.execute(fix.command, ...(fix.args ?? []));
      });
      // Outside the element's top-left corner: not over its label, nor over a heat-map badge (above, right-aligned).
      overlays.add(id, OVERLAY_TYPE, { position: { top: -6, left: -24 }, html: button });
    }
  };
  // Many problem updates arrive together (scorecard, suggestions): paint once per frame.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => setTimeout(paint, 0));
  };
  const subscriptions = [workbench.problems.onDidChange(schedule), workbench.documents.onDidChange(schedule), workbench.onDidLoadEditor(schedule)];
  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
}

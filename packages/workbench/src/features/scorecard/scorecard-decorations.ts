// What the scorecard shows outside its view: outlines on the elements with findings, the Problems panel entries and
// the status-bar score. Fed by the controller with each document's latest result.
import type { FindingSeverity } from '@leanflow/analysis';
import type { SimulationResult } from '@leanflow/sim';
import type { Disposable } from '../../base/lifecycle.ts';
import type { Problem } from '../../services/notifications.ts';
import type { Workbench } from '../../workbench.ts';
import type { ScoreRefusal } from './protocol.ts';
import { allFindings, displayScore, markersOf, runText, type ScorecardViewModel, type Translate } from './view-model.ts';

export const PROBLEM_SOURCE = 'scorecard';
export const MARKER_CLASS: Readonly<Record<FindingSeverity, string | null>> = { error: 'lf-score-error', warning: 'lf-score-warning', info: null };

interface MarkerCanvas {
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
}
interface MarkerEditor {
  get<T>(name: string): T;
  readonly modeler: unknown;
}

/** The workbench services the decorations paint into. */
export type DecorationServices = Pick<Workbench, 'documents' | 'problems' | 'statusBar' | 'activeEditor' | 'editorFor'>;

/** A document's latest outcome as the decorations need it. */
export interface ScoredDocument {
  readonly status: string;
  readonly refusal: readonly ScoreRefusal[];
  readonly simulation: SimulationResult | undefined;
  readonly model: ScorecardViewModel | undefined;
  readonly score: number | null | undefined;
}

export class ScorecardDecorations implements Disposable {
  private readonly applied = new Map<string, { editor: MarkerEditor; markers: [string, string][] }>();
  private statusItem: Disposable | undefined;

  constructor(
    private readonly services: DecorationServices,
    private readonly t: Translate,
  ) {}

  /** Problems and markers of one document. */
  update(documentId: string, scored: ScoredDocument): void {
    this.publishProblems(documentId, scored);
    this.applyMarkers(documentId, scored.model);
  }

  /** A closed document, or a new modeler for it (first import, language switch): its markers are gone. */
  forget(documentId: string): void {
    this.applied.delete(documentId);
  }

  publishProblems(documentId: string, scored: ScoredDocument): void {
    if (!this.services.documents.get(documentId)) return;
    const source = this.t('scorecard.problemSource');
    let problems: Problem[];
    if (scored.status === 'refused') {
      problems = scored.refusal.map((r) => ({ severity: 'error', message: r.message, source, code: 'scorecard.refused', ...(r.elementId ? { elementId: r.elementId } : {}) }));
    } else {
      problems = scored.model
        ? allFindings(scored.model).map((f) => ({
            severity: f.severity,
            message: f.message,
            source,
            code: `scorecard.${f.ruleId}`,
            ...(f.elementIds[0] ? { elementId: f.elementIds[0] } : {}),
          }))
        : [];
    }
    this.services.problems.set(documentId, PROBLEM_SOURCE, problems);
  }

  /** Outlines the elements with findings (worst severity wins) on the document's diagram; replaces earlier markers. */
  applyMarkers(documentId: string, model: ScorecardViewModel | undefined): void {
    const active = this.services.documents.active?.id === documentId ? this.services.activeEditor : undefined;
    if (active) this.paintMarkers(documentId, active, model);
    else void this.services.editorFor(documentId).then((editor) => editor && this.paintMarkers(documentId, editor, model));
  }

  private paintMarkers(documentId: string, editor: MarkerEditor, model: ScorecardViewModel | undefined): void {
    const previous = this.applied.get(documentId);
    if (previous?.editor === editor && previous.editor.modeler) {
      const canvas = editor.get<MarkerCanvas>('canvas');
      for (const [id, marker] of previous.markers) safe(() => canvas.removeMarker(id, marker));
    }
    this.applied.delete(documentId);
    if (!editor.modeler) return;
    const markers: [string, string][] = [];
    if (model) {
      const canvas = editor.get<MarkerCanvas>('canvas');
      const registry = editor.get<{ get(id: string): unknown }>('elementRegistry');
      for (const [id, severity] of markersOf(model)) {
        const marker = MARKER_CLASS[severity];
        if (!marker || !registry.get(id)) continue;
        canvas.addMarker(id, marker);
        markers.push([id, marker]);
      }
    }
    this.applied.set(documentId, { editor, markers });
  }

  /** The active document's score in the status bar, saying which run it comes from (or that it is static). */
  updateStatusBar(active: ScoredDocument | undefined): void {
    if (active?.score === null || active?.score === undefined) {
      this.statusItem?.dispose();
      this.statusItem = undefined;
      return;
    }
    const run = active.simulation;
    const score = displayScore(active.score);
    this.statusItem = this.services.statusBar.set({
      id: 'scorecard.score',
      text: run ? this.t('scorecard.status.text', { score }) : this.t('scorecard.status.text.static', { score }),
      tooltip: run ? this.t('scorecard.status.tooltip.run', { run: runText(run, this.t) }) : this.t('scorecard.status.tooltip.static'),
      command: 'scorecard.show',
      alignment: 'left',
      priority: 4,
    });
  }

  dispose(): void {
    for (const entry of this.applied.values()) {
      if (entry.editor.modeler) for (const [el, marker] of entry.markers) safe(() => entry.editor.get<MarkerCanvas>('canvas').removeMarker(el, marker));
    }
    this.applied.clear();
    this.statusItem?.dispose();
  }
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // the element was deleted with the edit that triggered the re-score
  }
}

// What the visual diff colours, DOM-free (unit-tested in Node): markers per side, colours, element bounds.
import type { DiagramDiff } from '@leanflow/analysis';

export type DiffSide = 'old' | 'new';
export type DiffMarker = 'lf-diff-added' | 'lf-diff-removed' | 'lf-diff-changed' | 'lf-diff-moved';

/** Colours of the legend, the markers and the report (one place). */
export const DIFF_COLOURS: Readonly<Record<'added' | 'removed' | 'changed' | 'moved', string>> = {
  added: '#2b8a3e',
  removed: '#c92a2a',
  changed: '#e8590c',
  moved: '#4c6ef5',
};

/** Which marker each element gets on one side: removed ones exist only in the old diagram, added ones only in the new. */
export function diffMarkers(diff: DiagramDiff, side: DiffSide): Map<string, DiffMarker> {
  const markers = new Map<string, DiffMarker>();
  for (const id of diff.moved) markers.set(id, 'lf-diff-moved');
  for (const id of diff.changed) markers.set(id, 'lf-diff-changed');
  for (const id of side === 'old' ? diff.removed : diff.added) markers.set(id, side === 'old' ? 'lf-diff-removed' : 'lf-diff-added');
  return markers;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface DiagramElement extends Partial<Bounds> {
  id: string;
  waypoints?: { x: number; y: number }[];
}
/** The box of a shape or of a connection's waypoints. */
export function boundsOf(element: DiagramElement): Bounds | undefined {
  if (element.waypoints?.length) {
    const xs = element.waypoints.map((p) => p.x);
    const ys = element.waypoints.map((p) => p.y);
    return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  }
  if (element.x === undefined || element.y === undefined) return undefined;
  return { x: element.x, y: element.y, width: element.width ?? 0, height: element.height ?? 0 };
}


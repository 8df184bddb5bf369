// Before/after thumbnails of a suggestion: the model rendered by an off-screen bpmn-js Viewer (the same renderer as
// the editor) with the changed elements marked, exported as SVG markup. One shared viewer renders one model at a
// time (a queue), only for the suggestion whose preview is open.
import Viewer from 'bpmn-js/lib/Viewer';
import { leanflowModdleDescriptor } from '@leanflow/model';

export interface PreviewMarker {
  readonly elementId: string;
  /** `lf-preview-added` | `lf-preview-changed` | `lf-preview-removed` | `lf-preview-involved`. */
  readonly className: string;
}

let viewer: Viewer | undefined;
let queue: Promise<unknown> = Promise.resolve();
const cache = new Map<string, string>();

function ensureViewer(): Viewer {
  if (viewer) return viewer;
  const host = document.createElement('div');
  // Laid out (getBBox needs it) but never seen.
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:1200px;height:800px;visibility:hidden;pointer-events:none';
  host.setAttribute('aria-hidden', 'true');
  document.body.append(host);
  viewer = new Viewer({ container: host, moddleExtensions: { lf: leanflowModdleDescriptor } });
  return viewer;
}

/**
 * The SVG markup of `xml` with `markers` applied (cached per model and markers).
 *
 * @example
 * const svg = await renderThumbnail(entry.xml, [{ elementId: 'Task_A', className: 'lf-preview-added' }]);
 */
export function renderThumbnail(xml: string, markers: readonly PreviewMarker[]): Promise<string> {
  const key = `${xml.length}:${hash(xml)}:${markers.map((m) => `${m.elementId}=${m.className}`).join(',')}`;
  const cached = cache.get(key);
  if (cached) return Promise.resolve(cached);
  const job = queue.then(async () => {
    const v = ensureViewer();
    await v.importXML(xml);
    const canvas = v.get<{ addMarker(id: string, cls: string): void }>('canvas');
    const registry = v.get<{ get(id: string): Box | undefined }>('elementRegistry');
    const boxes: Box[] = [];
    for (const m of markers) {
      const element = registry.get(m.elementId);
      if (!element) continue;
      canvas.addMarker(m.elementId, m.className);
      boxes.push(element);
    }
    const { svg } = await v.saveSVG();
    return cropTo(svg, boxes);
  }).then((svg) => {
    if (cache.size > 40) cache.clear();
    cache.set(key, svg);
    return svg;
  });
  queue = job.catch(() => undefined);
  return job;
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

interface Box {
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  readonly waypoints?: readonly { x: number; y: number }[];
}

/** Zooms the exported SVG to the marked elements (with a margin of context), so a small change stays visible. */
export function cropTo(svg: string, boxes: readonly Box[], margin = 160): string {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const b of boxes) {
    if (b.waypoints) {
      for (const p of b.waypoints) {
        xs.push(p.x);
        ys.push(p.y);
      }
    } else if (b.x !== undefined && b.y !== undefined) {
      xs.push(b.x, b.x + (b.width ?? 0));
      ys.push(b.y, b.y + (b.height ?? 0));
    }
  }
  const viewBox = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg);
  if (xs.length === 0 || !viewBox) return svg;
  const [, vx, vy, vw, vh] = viewBox.map(Number) as [number, number, number, number, number];
  const x = Math.max(vx, Math.min(...xs) - margin);
  const y = Math.max(vy, Math.min(...ys) - margin / 2);
  const right = Math.min(vx + vw, Math.max(...xs) + margin);
  const bottom = Math.min(vy + vh, Math.max(...ys) + margin / 2);
  const width = Math.max(right - x, 200);
  const height = Math.max(bottom - y, 120);
  return svg
    .replace(viewBox[0], `viewBox="${x} ${y} ${width} ${height}"`)
    .replace(/(<svg[^>]*?) width="[\d.]+"/, `$1 width="${width}"`)
    .replace(/(<svg[^>]*?) height="[\d.]+"/, `$1 height="${height}"`);
}

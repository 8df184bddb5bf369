// Read-only bpmn-js viewers for the visual diff and the report: import, colour the changed elements, focus one.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { leanflowModdleDescriptor } from '@leanflow/model';
import { boundsOf, type Bounds, type DiagramElement } from './diff-markers.ts';

interface Canvas {
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
  viewbox(box?: Bounds): Bounds & { outer: { width: number; height: number } };
  zoom(mode: 'fit-viewport' | number, center?: 'auto'): number;
  resized(): void;
}
interface Registry {
  get(id: string): DiagramElement | undefined;
}

/** One read-only diagram: a NavigatedViewer (pan and zoom) in `container`. */
export class DiffViewer {
  private readonly viewer: NavigatedViewer;
  private markers = new Map<string, string>();
  private focused: string | undefined;
  xml: string | undefined;

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container, moddleExtensions: { lf: leanflowModdleDescriptor } });
  }

  private get canvas(): Canvas {
    return this.viewer.get<Canvas>('canvas');
  }

  async show(xml: string): Promise<void> {
    if (this.xml === xml) return;
    this.xml = xml;
    this.markers.clear();
    this.focused = undefined;
    await this.viewer.importXML(xml);
    this.fit();
  }

  fit(): void {
    try {
      this.canvas.resized();
      this.canvas.zoom('fit-viewport', 'auto');
    } catch {
      // Not laid out yet (hidden tab): fitted again when shown.
    }
  }

  setMarkers(markers: Map<string, string>): void {
    const registry = this.viewer.get<Registry>('elementRegistry');
    for (const [id, marker] of this.markers) if (registry.get(id)) this.canvas.removeMarker(id, marker);
    this.markers = new Map([...markers].filter(([id]) => registry.get(id)));
    for (const [id, marker] of this.markers) this.canvas.addMarker(id, marker);
  }

  boundsOf(id: string): Bounds | undefined {
    const element = this.viewer.get<Registry>('elementRegistry').get(id);
    return element ? boundsOf(element) : undefined;
  }

  /** Centres `bounds` (at least 800 units of diagram wide, so the neighbours show) and outlines `id` when it is in this diagram. */
  focus(id: string, bounds: Bounds | undefined): void {
    const canvas = this.canvas;
    if (this.focused && this.viewer.get<Registry>('elementRegistry').get(this.focused)) canvas.removeMarker(this.focused, 'lf-diff-focus');
    this.focused = undefined;
    if (this.viewer.get<Registry>('elementRegistry').get(id)) {
      canvas.addMarker(id, 'lf-diff-focus');
      this.focused = id;
    }
    if (!bounds) return;
    canvas.resized();
    const outer = canvas.viewbox().outer;
    const width = Math.max(800, bounds.width * 2.5);
    const height = Math.max(width * (outer.height / Math.max(1, outer.width)), bounds.height * 2.5);
    const cx = bounds.x + bounds.width / 2;
    const cy = bounds.y + bounds.height / 2;
    canvas.viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
  }

  async svg(): Promise<string> {
    return (await this.viewer.saveSVG()).svg;
  }

  destroy(): void {
    this.viewer.destroy();
  }
}

/** Renders a diagram with markers to SVG markup off-screen (for the report). */
export async function renderDiagramSvg(xml: string, markers: Map<string, string>): Promise<string> {
  const container = document.createElement('div');
  container.style.cssText = 'position:fixed;left:-10000px;top:0;width:1200px;height:800px;';
  document.body.append(container);
  const viewer = new DiffViewer(container);
  try {
    await viewer.show(xml);
    viewer.setMarkers(markers);
    return await viewer.svg();
  } finally {
    viewer.destroy();
    container.remove();
  }
}

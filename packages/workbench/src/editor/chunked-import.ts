// Drawing a large diagram in slices. bpmn-js's import walks the whole model and draws every element in one task
// (a 20,000-element file froze the studio for 11 s). Here the walker's calls to `bpmnImporter.add` below the root
// are queued instead (each returns a stand-in that later resolves to the real shape, so children still find their
// parent), and `drawQueued` draws the queue in slices of `sliceMs`, yielding to the browser between slices and
// reporting progress. The order is the walker's, so parents come before children and flows after their ends, as in
// bpmn-js's own import; an element that fails becomes a warning, as bpmn-js's walker would make it.

interface Importer {
  add(semantic: unknown, di: unknown, parent?: unknown): unknown;
}

interface Queued {
  readonly semantic: unknown;
  readonly di: unknown;
  readonly parent: unknown;
  readonly standIn: object;
}

/** The next frame (where there are frames), then a task; a task alone elsewhere (Node tests). */
export function nextFrame(): Promise<void> {
  const frame = (globalThis as { requestAnimationFrame?: (callback: () => void) => unknown }).requestAnimationFrame;
  return new Promise((resolve) => (frame ? frame(() => setTimeout(resolve, 0)) : setTimeout(resolve, 0)));
}

/**
 * The next task, without waiting for a frame: a MessageChannel message (setTimeout elsewhere). For slices that do
 * not change what is on screen (reading, checking, repairing): the browser still handles input between them and
 * paints when a frame is due, but no slice waits up to a frame for nothing (about 40% of the sliced open's time
 * went to such waits).
 */
export function nextTask(): Promise<void> {
  const Channel = (globalThis as { MessageChannel?: typeof MessageChannel }).MessageChannel;
  if (!Channel) return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new Channel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** `pnpm bench studio` measures the one-go open as its baseline by setting this key (docs/performance.md). */
export function chunkedImportOff(): boolean {
  try {
    return globalThis.localStorage?.getItem('leanflow.bench.chunkedImport') === 'off';
  } catch {
    return false;
  }
}

/** Element count from which the studio draws in slices (smaller diagrams draw in one go, as before). */
export const CHUNKED_IMPORT_MIN_ELEMENTS = 2_000;

/** Counts BPMNShape and BPMNEdge elements in the text without parsing it (a quick size estimate). */
export function countDiagramElements(xml: string): number {
  let count = 0;
  for (const tag of ['BPMNShape', 'BPMNEdge']) {
    for (let at = xml.indexOf(tag); at >= 0; at = xml.indexOf(tag, at + tag.length)) {
      // Opening tags only: `<bpmndi:BPMNShape` or `<BPMNShape`, not `</...>` or text.
      const before = xml.lastIndexOf('<', at);
      if (before >= 0 && at - before < 40 && /^([A-Za-z_][\w.-]*:)?$/.test(xml.slice(before + 1, at))) count++;
    }
  }
  return count;
}

/**
 * Makes `importer.add` queue non-root elements until `drawQueued` runs. Returns the controls.
 *
 * @example
 * const chunked = deferImport(modeler.get('bpmnImporter'));
 * await modeler.importXML(xml); // draws the roots only
 * await chunked.drawQueued((done, total) => progress(done / total));
 */
export function deferImport(importer: Importer): {
  readonly queued: () => number;
  drawQueued(onProgress: (done: number, total: number) => void, options?: { sliceMs?: number; isCancelled?: () => boolean }): Promise<{ message: string; elementId?: string }[]>;
} {
  const original = importer.add.bind(importer);
  const queue: Queued[] = [];
  const standIns = new WeakSet<object>();
  const shapes = new WeakMap<object, unknown>();
  importer.add = (semantic, di, parent) => {
    // Roots (planes) are drawn now: the import sets the root element right after the walk.
    if (parent === undefined || (di as { $type?: string } | undefined)?.$type === 'bpmndi:BPMNPlane') return original(semantic, di, parent);
    const standIn = {};
    standIns.add(standIn);
    queue.push({ semantic, di, parent, standIn });
    return standIn;
  };
  return {
    queued: () => queue.length,
    async drawQueued(onProgress, { sliceMs = 40, isCancelled = () => false } = {}) {
      importer.add = original;
      const warnings: { message: string; elementId?: string }[] = [];
      // A stand-in resolves to its shape, or to undefined when it failed to draw.
      const resolve = (parent: unknown) => (parent !== null && typeof parent === 'object' && standIns.has(parent) ? shapes.get(parent) : parent);
      let done = 0;
      onProgress(0, queue.length);
      while (done < queue.length) {
        const sliceEnd = performance.now() + sliceMs;
        do {
          const item = queue[done++]!;
          const parent = resolve(item.parent);
          // A parent that failed to draw: its children cannot be drawn either (bpmn-js's walker skips them too).
          if (parent === undefined) continue;
          try {
            shapes.set(item.standIn, original(item.semantic, item.di, parent));
          } catch (error) {
            const id = (item.semantic as { id?: unknown }).id;
            warnings.push({ message: error instanceof Error ? error.message : String(error), ...(typeof id === 'string' ? { elementId: id } : {}) });
          }
        } while (done < queue.length && performance.now() < sliceEnd);
        onProgress(done, queue.length);
        // Let the browser handle input and lay out and paint this slice (a frame), so the layout of the whole
        // diagram does not pile up for the first read of a size after the last slice.
        await nextFrame();
        if (isCancelled()) break;
      }
      queue.length = 0;
      return warnings;
    },
  };
}

// Saving files: the File System Access API where the browser has it (Chromium), a download otherwise.

/** What a save produced; undefined when the user cancelled the picker. */
export interface SavedFile {
  readonly name: string;
  /** A FileSystemFileHandle to save to again without asking. */
  readonly handle?: unknown;
}

interface WritableHandle {
  readonly name: string;
  createWritable(): Promise<{ write(data: Blob): Promise<void>; close(): Promise<void> }>;
}
type SaveFilePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<WritableHandle>;

const TYPES: Record<string, { description: string; mime: string; extensions: string[] }> = {
  bpmn: { description: 'BPMN 2.0 diagram', mime: 'application/xml', extensions: ['.bpmn', '.xml'] },
  svg: { description: 'SVG image', mime: 'image/svg+xml', extensions: ['.svg'] },
  png: { description: 'PNG image', mime: 'image/png', extensions: ['.png'] },
  html: { description: 'HTML page', mime: 'text/html', extensions: ['.html'] },
  zip: { description: 'ZIP archive', mime: 'application/zip', extensions: ['.zip'] },
  csv: { description: 'CSV table', mime: 'text/csv', extensions: ['.csv'] },
  xlsx: { description: 'Excel workbook', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['.xlsx'] },
};

/** Asks where to save (or downloads) and writes the blob. AbortError (user cancelled) resolves undefined. */
export async function saveBlob(suggestedName: string, blob: Blob, kind: 'bpmn' | 'svg' | 'png' | 'html' | 'zip' | 'csv' | 'xlsx'): Promise<SavedFile | undefined> {
  const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (typeof picker === 'function') {
    const type = TYPES[kind]!;
    let handle: WritableHandle;
    try {
      handle = await picker({ suggestedName, types: [{ description: type.description, accept: { [type.mime]: type.extensions } }] });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return undefined;
      throw error;
    }
    await writeToHandle(handle, blob);
    return { name: handle.name, handle };
  }
  download(suggestedName, blob);
  return { name: suggestedName };
}

/** Writes to a handle from an earlier save; false when the handle is unusable (e.g. restored without permission). */
export async function saveToHandle(handle: unknown, blob: Blob): Promise<boolean> {
  const h = handle as Partial<WritableHandle> & { requestPermission?: (o: { mode: string }) => Promise<string> };
  if (typeof h?.createWritable !== 'function') return false;
  if (typeof h.requestPermission === 'function' && (await h.requestPermission({ mode: 'readwrite' })) !== 'granted') return false;
  await writeToHandle(h as WritableHandle, blob);
  return true;
}

async function writeToHandle(handle: WritableHandle, blob: Blob): Promise<void> {
  const writable = await handle.createWritable();
  await writable.write(blob);
  await writable.close();
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Renders SVG markup to a PNG (white background, `scale`x for sharpness). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the SVG could not be rendered'));
      image.src = url;
    });
    const width = Math.max(1, Math.ceil(image.naturalWidth || image.width));
    const height = Math.max(1, Math.ceil(image.naturalHeight || image.height));
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas available');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Replaces or adds an extension: `a.bpmn` -> `a.svg`. */
export function withExtension(name: string, extension: string): string {
  return name.replace(/\.(bpmn|xml|svg|png)$/i, '') + extension;
}

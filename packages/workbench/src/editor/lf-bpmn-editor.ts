// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- apps/studio typechecks this file without our src/vendor.d.ts
/// <reference path="../vendor.d.ts" />
// <lf-bpmn-editor>: one bpmn-js Modeler for one document. Light DOM on purpose: diagram-js listens on `document`
// during drag and direct editing, which shadow DOM retargeting would break.
import Modeler from 'bpmn-js/lib/Modeler';
import zhTranslations from 'bpmn-js-i18n/translations/zn.js';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
// The icon font as separate files (woff2 fetched on first use) keeps 80 KB of base64 out of the initial CSS.
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import { leanflowModdleDescriptor, prepareBpmnText, prepareBpmnTextInSlices, readXmlInSlices, type ForeignContentReport, type ModdleElement, type ModdleInstance, type ModdleReadWarning, type ReadRepair, type XmlParseResult } from '@leanflow/model';
import type { ElementDescription } from '@leanflow/analysis';
import type { Language } from '../i18n/i18n.ts';
import { CHUNKED_IMPORT_MIN_ELEMENTS, chunkedImportOff, countDiagramElements, deferImport, nextTask } from './chunked-import.ts';
import { keepUnrenderedDi } from './unrendered-di.ts';

/** What importing a document produced. */
export type ImportOutcome =
  | {
      ok: true;
      warnings: { message: string; elementId?: string }[];
      elementCount: number;
      milliseconds: number;
      /** Foreign content bpmn-js's reader would have lost and that is kept (or, without a namespace, left out). */
      foreign: ForeignContentReport;
      /** incoming/outgoing references added to flow nodes of a file that wrote only sourceRef/targetRef. */
      flowReferencesAdded: number;
      /** Shapes and edges of elements bpmn-js does not draw, kept on save (bpmn-js alone drops them). */
      undrawnDiKept: number;
      /** Drawn in slices between which the browser could paint and handle input (a large diagram). */
      chunked: boolean;
    }
  | { ok: false; detail: string };

/** The bpmn-js services the workbench uses, typed loosely (bpmn-js's own types are partial). */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Canvas {
  viewbox(box?: Box): Box & { scale: number; inner: Box; outer: Box };
  zoom(level?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
  resized(): void;
  getRootElement(): { id: string };
  scrollToElement(element: unknown): void;
}
interface EventBus {
  on(event: string, callback: (event: Record<string, unknown>) => unknown): void;
}

/** bpmn-js's `translate` service: English templates, Chinese from bpmn-js-i18n when the language is Chinese. */
export function createBpmnTranslate(language: Language): (template: string, replacements?: Record<string, string>) => string {
  const table: Record<string, string> = language === 'zh-CN' ? zhTranslations : {};
  return (template, replacements = {}) =>
    (table[template] ?? template).replace(/{([^}]+)}/g, (whole, key: string) => replacements[key] ?? whole);
}

export class LfBpmnEditor extends HTMLElement {
  /** The live modeler; undefined before `load` and after `destroy`. */
  modeler: Modeler | undefined;
  /** Called on every change of the diagram (command stack). */
  onChange: () => void = () => {};
  /** Called when the zoom level changes. */
  onZoom: (zoom: number) => void = () => {};
  /** Called with the ids of the selected elements. */
  onSelection: (ids: string[]) => void = () => {};
  /**
   * The progress text shown while a large diagram is read (characters of the file) and then drawn (elements) in
   * slices; the workbench sets a translated one.
   */
  progressLabel: (done: number, total: number, phase: 'reading' | 'drawing') => string = (done, total, phase) =>
    phase === 'reading' ? `Reading the file: ${total > 0 ? Math.floor((done / total) * 100) : 0}%` : `Drawing the diagram: ${done.toLocaleString()} of ${total.toLocaleString()} elements`;
  private canvasHost: HTMLDivElement | undefined;
  /** The opened text of a large diagram: what `getXml` returns until the first edit (serialising it takes seconds). */
  private openedText: string | undefined;
  private resizeObserver: ResizeObserver | undefined;
  /** What the modeler's `translate` service reads at every call, so a language switch needs no re-import. */
  private bpmnTranslate = createBpmnTranslate('en');

  connectedCallback(): void {
    if (!this.canvasHost) {
      this.canvasHost = document.createElement('div');
      this.canvasHost.className = 'lf-canvas';
      this.append(this.canvasHost);
    }
    this.resizeObserver ??= new ResizeObserver(() => {
      if (this.modeler && this.offsetWidth > 0) this.get<Canvas>('canvas').resized();
    });
    this.resizeObserver.observe(this);
  }

  disconnectedCallback(): void {
    this.resizeObserver?.disconnect();
  }

  /**
   * (Re)creates the modeler in `language` and imports `xml`. Never throws for bad XML: the outcome says why.
   * `options.tree`: `xml`'s XML tree when the check before opening read it already (a large file is not read twice).
   */
  async load(xml: string, language: Language, fit: boolean, options: { readonly tree?: XmlParseResult } = {}): Promise<ImportOutcome> {
    this.connectedCallback();
    this.modeler?.destroy();
    this.savedState = undefined; // positions of the old command stack mean nothing to the new one
    this.openedText = undefined;
    this.bpmnTranslate = createBpmnTranslate(language);
    const modeler = new Modeler({
      container: this.canvasHost!,
      additionalModules: [{ translate: ['value', (template: string, replacements?: Record<string, string>) => this.bpmnTranslate(template, replacements)] }],
      // Our `lf:` scenarios are read and written as typed elements (the Properties panel edits them).
      moddleExtensions: { lf: leanflowModdleDescriptor },
    });
    this.modeler = modeler;
    // An element the context pad appends next to the selected one (auto place) can land outside the view: follow it,
    // so a new element is never placed off-screen unseen (scrollToElement does nothing when it is already visible).
    modeler.on('autoPlace.end', (event: { shape?: unknown }) => {
      if (event.shape) modeler.get<{ scrollToElement(element: unknown, padding?: number): void }>('canvas').scrollToElement(event.shape, 80);
    });
    const started = performance.now();
    // A large diagram is drawn in slices with a progress bar (see chunked-import.ts); each step is its own task.
    const chunked = countDiagramElements(xml) >= CHUNKED_IMPORT_MIN_ELEMENTS && !chunkedImportOff() ? deferImport(modeler.get('bpmnImporter')) : null;
    const progress = chunked ? this.showProgress() : null;
    if (chunked) await yieldToBrowser();
    // Read the file exactly as the CLI does: parseBpmn's own read path (prepareBpmnText) gives bpmn-js the text with
    // what moddle would drop rewritten, and its repair runs on what bpmn-js's moddle read, before anything is drawn.
    // Reading and repairing change nothing on screen: their slices yield a task (input, a due frame), not a frame.
    const prepared = chunked ? await prepareBpmnTextInSlices(xml, { now: () => performance.now(), pause: nextTask, ...(options.tree ? { tree: options.tree } : {}) }) : prepareBpmnText(xml);
    if (this.modeler !== modeler) {
      progress?.(-1, 0);
      return { ok: false, detail: 'superseded' };
    }
    let foreign: ForeignContentReport = { kept: [], keptReferences: [], dropped: [] };
    let flowReferencesAdded = 0;
    let repaired = false;
    const repaid = (outcome: ReadRepair) => {
      repaired = true;
      foreign = { kept: outcome.kept, keptReferences: outcome.keptReferences, dropped: outcome.dropped };
      flowReferencesAdded = outcome.flowReferencesAdded;
    };
    const repair = (definitions: ModdleElement, warnings: ModdleReadWarning[], elementsById: Record<string, ModdleElement> | undefined) => {
      if (repaired || !prepared.repair) return;
      repaid(prepared.repair({ moddle: modeler.get<ModdleInstance>('moddle'), definitions, warnings, ...(elementsById ? { elementsById } : {}) }));
    };
    // Before bpmn-js's own listener (BaseModeler, priority 1000) claims the ids: it must claim the file's ids.
    modeler.on('import.parse.complete', 1500, (event: { error?: unknown; definitions?: ModdleElement; warnings?: ModdleReadWarning[]; elementsById?: Record<string, ModdleElement> }) => {
      if (event.error || !event.definitions) return;
      repair(event.definitions, event.warnings ?? [], event.elementsById);
    });
    if (chunked) {
      // moddle reads the file in slices too (bpmn-js awaits `fromXML`): the same reader, paused every ~30 ms. The
      // repair then runs in slices of its steps (its whole-model walks step every few hundred elements; bpmn-js's
      // walk of the model is the next task), on the same objects bpmn-js passes on to 'import.parse.complete'
      // (which then finds it done).
      const moddle = modeler.get<ModdleInstance>('moddle');
      moddle.fromXML = async (text, typeName) => {
        const read = await readXmlInSlices(moddle, text, typeof typeName === 'string' ? typeName : 'bpmn:Definitions', {
          now: () => performance.now(),
          pause: nextTask,
          onProgress: (done, total) => progress?.(done, total, 'reading'),
          isCancelled: () => this.modeler !== modeler,
        });
        const steps = prepared.repairInSteps?.({ moddle, definitions: read.rootElement, warnings: read.warnings as ModdleReadWarning[], elementsById: read.elementsById });
        for (;;) {
          await nextTask();
          if (this.modeler !== modeler) throw new Error('reading was cancelled');
          const sliceEnd = performance.now() + REPAIR_SLICE_MS;
          let step = steps?.next();
          while (step && !step.done && performance.now() < sliceEnd) step = steps!.next();
          if (!step || step.done) {
            if (step) repaid(step.value);
            return read;
          }
        }
      };
      // bpmn-js claims the file's ids ('import.parse.complete') and then walks the model in the same task: the walk
      // (which here only queues the shapes) gets a task of its own.
      const viewer = modeler as unknown as { open(diagram?: unknown): Promise<unknown> };
      const open = viewer.open.bind(viewer);
      viewer.open = async (diagram) => {
        await nextTask();
        if (this.modeler !== modeler) throw new Error('reading was cancelled');
        return open(diagram);
      };
    }
    try {
      // A file that cannot be prepared (not XML, not BPMN) goes to bpmn-js as it is: its message says why.
      if (chunked) await yieldToBrowser();
      const result = await modeler.importXML(prepared.xml ?? xml);
      if (this.modeler !== modeler) return { ok: false, detail: 'superseded' };
      const sliceWarnings = chunked
        ? await chunked.drawQueued((done, total) => progress?.(done, total, 'drawing'), { isCancelled: () => this.modeler !== modeler })
        : [];
      progress?.(-1, 0);
      if (this.modeler !== modeler) return { ok: false, detail: 'superseded' };
      const undrawnDiKept = keepUnrenderedDi(modeler as unknown as Parameters<typeof keepUnrenderedDi>[0]);
      if (fit && this.offsetWidth > 0) this.zoom('fit');
      const registry = modeler.get<{ getAll(): unknown[] }>('elementRegistry');
      const warnings = result.warnings.map((w) => {
        const element = (w as { element?: { id?: unknown } }).element;
        const message = String((w as { message?: unknown }).message ?? w).split('\n')[0]!;
        return typeof element?.id === 'string' ? { message, elementId: element.id } : { message };
      });
      warnings.push(...sliceWarnings);
      for (const name of foreign.dropped) warnings.push({ message: `The extension element <${name}> has no XML namespace; it cannot be saved and is left out.` });
      this.wire(modeler);
      if (chunked) this.openedText = xml;
      return { ok: true, warnings, elementCount: registry.getAll().length, milliseconds: performance.now() - started, foreign, flowReferencesAdded, undrawnDiKept, chunked: chunked !== null };
    } catch (error) {
      progress?.(-1, 0);
      // Another load replaced this one while it was read (and destroyed this modeler).
      if (this.modeler !== modeler) return { ok: false, detail: 'superseded' };
      modeler.destroy();
      if (this.modeler === modeler) this.modeler = undefined;
      const message = error instanceof Error ? error.message : String(error);
      // bpmn-js messages are one line plus sometimes a "line: N" context; keep the first line.
      return { ok: false, detail: message.split('\n')[0]!.slice(0, 300) };
    }
  }

  /**
   * Switches bpmn-js's texts (palette, context pad, popup menus) to `language` in place: the diagram, the undo
   * history and the view stay as they are. diagram-js redraws the palette on `i18n.changed`; the context pad and
   * popup menus translate each time they open, so open ones are closed.
   */
  setLanguage(language: Language): void {
    this.bpmnTranslate = createBpmnTranslate(language);
    if (!this.modeler) return;
    this.get<{ close(): void }>('contextPad').close();
    this.get<{ close(): void }>('popupMenu').close();
    this.get<{ fire(event: string): void }>('eventBus').fire('i18n.changed');
  }

  private wire(modeler: Modeler): void {
    const bus = modeler.get<EventBus>('eventBus');
    bus.on('commandStack.changed', () => this.onChange());
    bus.on('canvas.viewbox.changed', (event) => {
      const viewbox = event['viewbox'] as { scale: number } | undefined;
      if (viewbox) this.onZoom(viewbox.scale);
    });
    bus.on('selection.changed', (event) => {
      const selection = (event['newSelection'] as { id: string }[] | undefined) ?? [];
      this.onSelection(selection.map((e) => e.id));
    });
  }

  /**
   * The command-stack position that matches the last save; undefined while the diagram was never saved in this
   * session and was dirty when opened (a restored unsaved document).
   */
  private savedState: number | undefined;

  /** The top action's id on the command stack (0 before any command). diagram-js gives each action a unique id. */
  private stateToken(): number {
    const stack = this.get<{ _stack: { id: number }[]; _stackIdx: number }>('commandStack');
    return stack._stackIdx >= 0 ? (stack._stack[stack._stackIdx]?.id ?? -1) : 0;
  }

  /** Remembers the current state as saved, so undoing back to it makes the document clean again. */
  markSavedState(): void {
    if (this.modeler) this.savedState = this.stateToken();
  }

  isAtSavedState(): boolean {
    return this.modeler !== undefined && this.savedState !== undefined && this.savedState === this.stateToken();
  }

  /** A bpmn-js service, e.g. `canvas`, `elementRegistry`, `modeling`. Throws when nothing is loaded (a bug). */
  get<T>(name: string): T {
    if (!this.modeler) throw new Error('lf-bpmn-editor: no diagram loaded');
    return this.modeler.get<T>(name);
  }

  /** Ends label editing in progress (before a save, so the typed name is in the file). */
  completeEditing(): void {
    if (!this.modeler) return;
    const editing = this.get<{ isActive(): boolean; complete(): void }>('directEditing');
    if (editing.isActive()) editing.complete();
  }

  async getXml(): Promise<string> {
    if (!this.modeler) throw new Error('lf-bpmn-editor: no diagram loaded');
    // Unedited (or edited and undone to the start): the document is still the text that was opened.
    if (this.openedText !== undefined && this.stateToken() === 0) return this.openedText;
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml ?? '';
  }

  async getSvg(): Promise<string> {
    if (!this.modeler) throw new Error('lf-bpmn-editor: no diagram loaded');
    return (await this.modeler.saveSVG()).svg;
  }

  /** Runs a bpmn-js editor action (`undo`, `redo`, `copy`, `paste`, `stepZoom`, `selectElements`, ...). */
  trigger(action: string, options?: Record<string, unknown>): void {
    if (!this.modeler) return;
    const actions = this.get<{ isRegistered(a: string): boolean; trigger(a: string, o?: unknown): unknown }>('editorActions');
    if (actions.isRegistered(action)) actions.trigger(action, options);
  }

  zoom(kind: 'in' | 'out' | 'fit' | 'reset'): void {
    if (!this.modeler) return;
    const canvas = this.get<Canvas>('canvas');
    if (kind === 'fit') this.fit(canvas);
    else if (kind === 'reset') canvas.zoom(1, 'auto');
    else this.trigger('stepZoom', { value: kind === 'in' ? 1 : -1 });
  }

  /** Like bpmn-js's fit-viewport, but keeps the palette (left) clear and never zooms in beyond 100%. */
  private fit(canvas: Canvas): void {
    const { inner, outer } = canvas.viewbox();
    if (!inner.width || !inner.height || !outer.width) return;
    // The palette floats over the canvas and is one or two columns wide depending on the height.
    const palette = this.querySelector('.djs-palette')?.getBoundingClientRect();
    const margin = 30;
    const left = palette && palette.width ? palette.right - this.getBoundingClientRect().left + margin : 80;
    const scale = Math.min((outer.width - left - margin) / inner.width, (outer.height - 2 * margin) / inner.height, 1);
    const x = inner.x - (left + (outer.width - left - margin - inner.width * scale) / 2) / scale;
    const y = inner.y - (outer.height - inner.height * scale) / 2 / scale;
    canvas.viewbox({ x, y, width: outer.width / scale, height: outer.height / scale });
  }

  /** Selects an element and scrolls it into view (from the Problems panel). */
  reveal(elementId: string): void {
    if (!this.modeler) return;
    const element = this.get<{ get(id: string): unknown }>('elementRegistry').get(elementId);
    if (!element) return;
    this.get<{ select(e: unknown): void }>('selection').select(element);
    this.get<Canvas>('canvas').scrollToElement(element);
  }

  /**
   * What the element is called (kind, name, and for a flow the elements it connects), for lists that would otherwise
   * show its id; undefined when the diagram has no such element.
   */
  describe(elementId: string): ElementDescription | undefined {
    if (!this.modeler) return undefined;
    const element = this.get<{ get(id: string): { businessObject?: BusinessObject } | undefined }>('elementRegistry').get(elementId);
    return element?.businessObject ? describeBusinessObject(element.businessObject) : undefined;
  }

  /** A progress bar over the canvas; call the returned function with (done, total), or (-1, 0) to remove it. */
  private showProgress(): (done: number, total: number, phase?: 'reading' | 'drawing') => void {
    const bar = document.createElement('div');
    bar.className = 'lf-import-progress';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    const text = document.createElement('span');
    const track = document.createElement('div');
    track.className = 'lf-import-progress-track';
    const fill = document.createElement('div');
    fill.className = 'lf-import-progress-fill';
    track.append(fill);
    bar.append(text, track);
    text.textContent = this.progressLabel(0, 0, 'reading');
    this.append(bar);
    return (done, total, phase = 'drawing') => {
      if (done < 0) {
        bar.remove();
        return;
      }
      const percent = total > 0 ? Math.round((done / total) * 100) : 0;
      bar.setAttribute('aria-valuenow', String(percent));
      text.textContent = this.progressLabel(done, total, phase);
      bar.dataset['phase'] = phase;
      fill.style.width = `${percent}%`;
    };
  }

  /** Replaces the canvas with a message (a document that cannot be drawn); its text stays untouched. */
  showError(title: string, detail: string): void {
    const box = document.createElement('div');
    box.className = 'lf-editor-error';
    box.setAttribute('role', 'alert');
    const heading = document.createElement('strong');
    heading.textContent = title;
    const text = document.createElement('p');
    text.textContent = detail;
    box.append(heading, text);
    this.canvasHost?.replaceChildren(box);
  }

  /** Gives keyboard focus to the canvas so bpmn-js shortcuts work. */
  focusCanvas(): void {
    this.querySelector<HTMLElement>('.djs-container')?.focus({ preventScroll: true });
  }

  destroy(): void {
    this.modeler?.destroy();
    this.modeler = undefined;
    this.resizeObserver?.disconnect();
  }
}

/** Work per slice of the read repair's steps on a large file (as the reader's slices). */
const REPAIR_SLICE_MS = 30;

/** Lets the browser paint and handle input before the next step. */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface BusinessObject {
  readonly id?: unknown;
  readonly $type: string;
  readonly name?: unknown;
  readonly processRef?: { readonly name?: unknown };
  readonly sourceRef?: BusinessObject;
  readonly targetRef?: BusinessObject;
}

/** A pool without a name is called by its process's name (as the diagram shows it). */
function describeBusinessObject(bo: BusinessObject): ElementDescription {
  const name = (b: BusinessObject) => (typeof b.name === 'string' && b.name.trim() ? b.name : typeof b.processRef?.name === 'string' ? b.processRef.name : null);
  const end = (b: BusinessObject) => ({ id: String(b.id), type: b.$type, name: name(b) });
  return { id: String(bo.id), type: bo.$type, name: name(bo), ...(bo.sourceRef && bo.targetRef ? { source: end(bo.sourceRef), target: end(bo.targetRef) } : {}) };
}

if (!customElements.get('lf-bpmn-editor')) customElements.define('lf-bpmn-editor', LfBpmnEditor);

declare global {
  interface HTMLElementTagNameMap {
    'lf-bpmn-editor': LfBpmnEditor;
  }
}

// Open documents: names, contents, dirty state and the active one. Editors and persistence both build on it.
import { BugIndicatingError, Emitter, type Event } from '../base/lifecycle.ts';

/** One open BPMN document. */
export interface StudioDocument {
  readonly id: string;
  name: string;
  /** Last known XML. The live editor may be ahead of it; use `DocumentService.getXml` for the current text. */
  xml: string;
  /** Changed since it was last saved to a file (or never saved). */
  dirty: boolean;
  /** Changed since it was last written to browser storage. */
  unpersisted: boolean;
  /** False until the editor imported it successfully; such documents are not persisted. */
  ready: boolean;
  /** File System Access API handle from Save As, to save again without asking. */
  fileHandle?: unknown;
  /**
   * Another browser tab owns this document for editing: this tab shows it read-only, never stores or journals it,
   * and follows the owner's changes (see persistence/document-ownership.ts).
   */
  readOnly?: boolean;
}

export type XmlProvider = () => Promise<string>;

let counter = 0;
function newId(): string {
  counter++;
  return `doc-${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * The list of open documents in tab order.
 * @example
 * const doc = documents.open({ name: 'a.bpmn', xml });
 * documents.setActive(doc.id);
 * const xml = await documents.getXml(doc.id); // includes unsaved edits in the editor
 */
export class DocumentService {
  private docs: StudioDocument[] = [];
  private activeId: string | undefined;
  private readonly providers = new Map<string, XmlProvider>();
  private readonly changed = new Emitter<void>();
  private readonly contentChanged = new Emitter<string>();
  private readonly closed = new Emitter<string>();
  /** Fires when documents open/close, the active one changes, or a name/dirty flag changes. */
  readonly onDidChange: Event<void> = this.changed.event;
  /** Fires the id of a document whose content changed (editing); persistence listens to it. */
  readonly onDidChangeContent: Event<string> = this.contentChanged.event;
  /** Fires the id of a document that was closed (after it left the list). */
  readonly onDidClose: Event<string> = this.closed.event;

  open(init: { name: string; xml: string; dirty?: boolean; id?: string; ready?: boolean; fileHandle?: unknown }, activate = true): StudioDocument {
    const doc: StudioDocument = {
      id: init.id ?? newId(),
      name: init.name,
      xml: init.xml,
      dirty: init.dirty ?? false,
      unpersisted: true,
      ready: init.ready ?? false,
    };
    if (init.fileHandle !== undefined) doc.fileHandle = init.fileHandle;
    if (this.docs.some((d) => d.id === doc.id)) throw new BugIndicatingError(`Document ${doc.id} is already open`);
    this.docs = [...this.docs, doc];
    if (activate || !this.activeId) this.activeId = doc.id;
    this.changed.fire();
    return doc;
  }

  close(id: string): void {
    const index = this.docs.findIndex((d) => d.id === id);
    if (index < 0) return;
    this.docs = this.docs.filter((d) => d.id !== id);
    this.providers.delete(id);
    if (this.activeId === id) this.activeId = (this.docs[index] ?? this.docs[index - 1])?.id;
    this.changed.fire();
    this.closed.fire(id);
  }

  get(id: string): StudioDocument | undefined {
    return this.docs.find((d) => d.id === id);
  }

  all(): readonly StudioDocument[] {
    return this.docs;
  }

  get active(): StudioDocument | undefined {
    return this.activeId ? this.get(this.activeId) : undefined;
  }

  setActive(id: string): void {
    if (!this.get(id)) throw new BugIndicatingError(`No open document ${id}`);
    if (this.activeId === id) return;
    this.activeId = id;
    this.changed.fire();
  }

  /** Moves the active document by `step` tabs, wrapping around. */
  cycle(step: number): void {
    if (this.docs.length < 2 || !this.activeId) return;
    const index = this.docs.findIndex((d) => d.id === this.activeId);
    this.setActive(this.docs[(index + step + this.docs.length) % this.docs.length]!.id);
  }

  markReady(id: string): void {
    const doc = this.get(id);
    if (!doc || doc.ready) return;
    doc.ready = true;
    this.changed.fire();
    this.contentChanged.fire(id);
  }

  /**
   * Called by an editor when the user changed the document. `dirty` is false when the change went back to the saved
   * state (undo to the last save), as in VS Code.
   */
  markChanged(id: string, dirty = true): void {
    const doc = this.get(id);
    if (!doc) return;
    doc.unpersisted = true;
    const wasDirty = doc.dirty;
    doc.dirty = dirty;
    if (wasDirty !== dirty) this.changed.fire();
    this.contentChanged.fire(id);
  }

  /**
   * The content was replaced from elsewhere (another tab owning the document): views re-read it, but it is not an
   * edit of this tab (dirty flag and storage untouched).
   */
  markContentReplaced(id: string): void {
    if (this.get(id)) this.contentChanged.fire(id);
  }

  /** Called after a save to a file. */
  markSaved(id: string, update: { name?: string; fileHandle?: unknown } = {}): void {
    const doc = this.get(id);
    if (!doc) return;
    if (update.name) doc.name = update.name;
    if (update.fileHandle !== undefined) doc.fileHandle = update.fileHandle;
    doc.dirty = false;
    doc.unpersisted = true;
    this.changed.fire();
    this.contentChanged.fire(id);
  }

  /** Gives a document another name (its tab, the Explorer, Save As' suggestion); stored like an edit. */
  rename(id: string, name: string): void {
    const doc = this.get(id);
    if (!doc || doc.name === name) return;
    doc.name = name;
    doc.unpersisted = true;
    this.changed.fire();
    this.contentChanged.fire(id);
  }

  /** Marks a document read-only here (another tab owns it) or editable again; always re-renders its tab. */
  setReadOnly(id: string, readOnly: boolean): void {
    const doc = this.get(id);
    if (!doc) return;
    doc.readOnly = readOnly;
    this.changed.fire();
  }

  /** The live editor registers how to get its current XML. */
  setXmlProvider(id: string, provider: XmlProvider | undefined): void {
    if (provider) this.providers.set(id, provider);
    else this.providers.delete(id);
  }

  /** Current XML of a document, including edits not yet flushed from the editor. */
  async getXml(id: string): Promise<string> {
    const doc = this.get(id);
    if (!doc) throw new BugIndicatingError(`No open document ${id}`);
    const provider = this.providers.get(id);
    if (provider) doc.xml = await provider();
    return doc.xml;
  }
}

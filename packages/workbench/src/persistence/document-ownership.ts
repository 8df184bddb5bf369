// One browser tab owns a document for editing; other tabs of the same workspace show it read-only and follow it.
// Ownership is a Web Lock per document (held while the tab has it open; released when it closes, crashes or hands
// over); a BroadcastChannel carries the owner's changes to the readers and the hand-over on "Take over editing".
// Without this, two tabs autosaved the same document over each other and one tab's edits were silently lost.
import { DisposableStore, Emitter, type Disposable, type Event } from '../base/lifecycle.ts';
import type { LfBpmnEditor } from '../editor/lf-bpmn-editor.ts';
import type { MessageKey } from '../i18n/messages-en.ts';
import type { DocumentService } from '../services/documents.ts';
import type { NotificationService, OutputService } from '../services/notifications.ts';
import type { Autosaver } from './document-store.ts';

/** The parts of `navigator.locks` used here. */
export interface OwnershipLocks {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown> | unknown): Promise<unknown>;
}

/** The parts of a BroadcastChannel used here. */
export type OwnershipChannel = Pick<BroadcastChannel, 'postMessage' | 'onmessage' | 'close'>;

/** What tabs tell each other about a document. */
export type OwnershipMessage =
  | { readonly type: 'changed'; readonly from: string; readonly id: string; readonly name: string; readonly xml: string; readonly dirty: boolean }
  | { readonly type: 'takeOver'; readonly from: string; readonly id: string }
  | { readonly type: 'handover'; readonly from: string; readonly to: string; readonly id: string; readonly name: string; readonly xml: string; readonly dirty: boolean };

/** This tab's relation to a document. */
export type OwnershipState = 'pending' | 'owner' | 'reader';

/** The parts of the Workbench ownership needs (a structural type: the Workbench itself creates no ownership). */
export interface OwnershipWorkbench {
  readonly documents: DocumentService;
  readonly autosaver: Autosaver;
  readonly notifications: NotificationService;
  readonly output: OutputService;
  editorFor(documentId: string): Promise<LfBpmnEditor | undefined>;
  readonly onDidLoadEditor: Event<{ documentId: string; editor: LfBpmnEditor }>;
  t(key: MessageKey, params?: Record<string, string | number>): string;
}

interface Entry {
  state: OwnershipState;
  /** Resolving it releases the lock (close, hand-over). */
  release?: (() => void) | undefined;
  /** Aborts a queued request (the document closed while waiting). */
  abort?: AbortController | undefined;
  /** The owner's hand-over, when this tab asked to take over. */
  handover?: (OwnershipMessage & { type: 'handover' }) | undefined;
  handoverArrived?: (() => void) | undefined;
}

/** How long a reader waits after an owner's edit before following it (owners edit in bursts). */
export const FOLLOW_DELAY_MS = 150;

/**
 * @example
 * const ownership = new DocumentOwnership(workbench, navigator.locks, new BroadcastChannel('leanflow.documents'), 'leanflow');
 * ownership.state(docId); // 'owner' | 'reader' | 'pending'
 * await ownership.takeOver(docId); // the other tab hands over its latest edits and becomes read-only
 */
export class DocumentOwnership implements Disposable {
  readonly tabId = `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly entries = new Map<string, Entry>();
  private readonly disposables = new DisposableStore();
  private readonly changed = new Emitter<string>();
  private readonly followTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly broadcastTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private lastBlockedNotice = 0;
  /** Fires the id of a document whose ownership in this tab changed. */
  readonly onDidChange: Event<string> = this.changed.event;

  constructor(
    private readonly workbench: OwnershipWorkbench,
    private readonly locks: OwnershipLocks,
    private readonly channel: OwnershipChannel,
    private readonly database: string,
  ) {
    const { documents, autosaver } = workbench;
    // Only what this tab owns is stored or journalled here; the owner's copy is the one that counts.
    autosaver.writable = (id) => this.entries.get(id)?.state === 'owner';
    channel.onmessage = (event: MessageEvent) => this.onMessage(event.data as OwnershipMessage);
    this.disposables.add(documents.onDidChange(() => this.sync()));
    this.disposables.add(
      documents.onDidChangeContent((id) => {
        if (this.state(id) === 'owner') this.scheduleBroadcast(id);
      }),
    );
    this.disposables.add(
      documents.onDidClose((id) => {
        const entry = this.entries.get(id);
        if (!entry) return;
        // A reader closing its view must not delete the owner's document from storage.
        if (entry.state !== 'owner') autosaver.forget(id);
        entry.abort?.abort();
        entry.release?.();
        this.entries.delete(id);
      }),
    );
    this.disposables.add(workbench.onDidLoadEditor(({ documentId, editor }) => this.applyGuard(documentId, editor)));
    this.sync();
  }

  state(id: string): OwnershipState | undefined {
    return this.entries.get(id)?.state;
  }

  private lockName(id: string): string {
    return `leanflow.document.${this.database}.${id}`;
  }

  /** Claims every newly opened document: at once when no other tab holds it, else read-only. */
  private sync(): void {
    for (const doc of this.workbench.documents.all()) {
      if (this.entries.has(doc.id)) continue;
      const entry: Entry = { state: 'pending' };
      this.entries.set(doc.id, entry);
      void this.locks
        .request(this.lockName(doc.id), { ifAvailable: true }, (lock) => {
          if (this.entries.get(doc.id) !== entry) return undefined; // closed meanwhile
          if (!lock) {
            this.becomeReader(doc.id, entry, false);
            return undefined;
          }
          return this.hold(doc.id, entry);
        })
        .catch(() => undefined);
    }
  }

  /** Keeps the lock until `release` is called. */
  private hold(id: string, entry: Entry): Promise<void> {
    const wasReader = entry.state === 'reader';
    entry.state = 'owner';
    entry.abort = undefined;
    const held = new Promise<void>((resolve) => (entry.release = resolve));
    this.setReadOnly(id, false);
    if (wasReader) void this.afterGained(id, entry);
    else this.changed.fire(id);
    return held;
  }

  private async afterGained(id: string, entry: Entry): Promise<void> {
    // The hand-over (sent before the other tab released the lock) may arrive just after the lock.
    if (!entry.handover) await new Promise<void>((resolve) => {
      entry.handoverArrived = resolve;
      setTimeout(resolve, 1000);
    });
    const handover = entry.handover;
    entry.handover = undefined;
    const doc = this.workbench.documents.get(id);
    if (!doc) return;
    if (handover) await this.follow(id, handover.xml, handover.dirty, handover.name);
    // The previous owner may have closed the document (deleting its snapshot): store it again from here.
    this.workbench.documents.markChanged(id, doc.dirty);
    this.workbench.notifications.notify({ severity: 'info', title: this.workbench.t('ownership.gained', { name: doc.name }), code: 'document.ownershipGained' });
    this.changed.fire(id);
  }

  /** Read-only here; queue for the lock, so this tab owns the document as soon as the other one lets go. */
  private becomeReader(id: string, entry: Entry, lost: boolean): void {
    entry.state = 'reader';
    entry.release = undefined;
    this.setReadOnly(id, true);
    const abort = new AbortController();
    entry.abort = abort;
    void this.locks
      .request(this.lockName(id), { signal: abort.signal }, () => (this.entries.get(id) === entry ? this.hold(id, entry) : undefined))
      .catch(() => undefined);
    const doc = this.workbench.documents.get(id);
    if (lost && doc) this.workbench.notifications.notify({ severity: 'info', title: this.workbench.t('ownership.lost', { name: doc.name }), code: 'document.ownershipLost' });
    this.changed.fire(id);
  }

  private setReadOnly(id: string, readOnly: boolean): void {
    const doc = this.workbench.documents.get(id);
    if (!doc) return;
    this.workbench.documents.setReadOnly(id, readOnly);
    void this.workbench.editorFor(id).then((editor) => {
      if (editor) {
        this.applyGuard(id, editor);
        editor.classList.toggle('lf-readonly', readOnly);
      }
    });
  }

  /**
   * Asks the owning tab to hand over. It sends its latest XML, becomes read-only and releases the lock; this tab
   * (already queued for the lock) then owns the document with those edits. Nothing is lost on either side.
   */
  takeOver(id: string): void {
    if (this.state(id) !== 'reader') return;
    this.post({ type: 'takeOver', from: this.tabId, id });
  }

  private async handOver(id: string, to: string): Promise<void> {
    const entry = this.entries.get(id);
    const doc = this.workbench.documents.get(id);
    if (!entry || entry.state !== 'owner' || !doc) return;
    const editor = await this.workbench.editorFor(id);
    editor?.completeEditing();
    const xml = await this.workbench.documents.getXml(id);
    // Stored before letting go: this tab's edits are safe whatever happens to the other one.
    await this.workbench.autosaver.flush();
    this.post({ type: 'handover', from: this.tabId, to, id, name: doc.name, xml, dirty: doc.dirty });
    const release = entry.release;
    this.becomeReader(id, entry, true);
    release?.();
  }

  private scheduleBroadcast(id: string): void {
    clearTimeout(this.broadcastTimers.get(id));
    this.broadcastTimers.set(
      id,
      setTimeout(() => {
        this.broadcastTimers.delete(id);
        void this.broadcast(id);
      }, FOLLOW_DELAY_MS),
    );
  }

  private async broadcast(id: string): Promise<void> {
    const doc = this.workbench.documents.get(id);
    if (!doc || !doc.ready || this.state(id) !== 'owner') return;
    const xml = await this.workbench.documents.getXml(id).catch(() => undefined);
    if (xml === undefined) return;
    this.post({ type: 'changed', from: this.tabId, id, name: doc.name, xml, dirty: doc.dirty });
  }

  private post(message: OwnershipMessage): void {
    try {
      this.channel.postMessage(message);
    } catch {
      // A closed channel (page going away): nothing to tell.
    }
  }

  private onMessage(message: OwnershipMessage): void {
    if (!message || typeof message !== 'object' || message.from === this.tabId) return;
    const entry = this.entries.get(message.id);
    if (!entry) return;
    if (message.type === 'takeOver') {
      if (entry.state === 'owner') void this.handOver(message.id, message.from);
    } else if (message.type === 'handover') {
      if (message.to !== this.tabId) {
        // Another reader took over: follow the new owner's content like any change.
        if (entry.state === 'reader') this.scheduleFollow(message.id, message.xml, message.dirty, message.name);
        return;
      }
      entry.handover = message;
      entry.handoverArrived?.();
    } else if (message.type === 'changed' && entry.state === 'reader') {
      this.scheduleFollow(message.id, message.xml, message.dirty, message.name);
    }
  }

  private scheduleFollow(id: string, xml: string, dirty: boolean, name: string): void {
    clearTimeout(this.followTimers.get(id));
    this.followTimers.set(
      id,
      setTimeout(() => {
        this.followTimers.delete(id);
        void this.follow(id, xml, dirty, name);
      }, 0),
    );
  }

  /** Shows the owner's content: re-imports it into the editor in place (view kept), without marking a change. */
  private async follow(id: string, xml: string, dirty: boolean, name: string): Promise<void> {
    const doc = this.workbench.documents.get(id);
    if (!doc) return;
    const current = await this.workbench.documents.getXml(id).catch(() => doc.xml);
    doc.name = name;
    doc.dirty = dirty;
    if (current !== xml) {
      doc.xml = xml;
      const editor = await this.workbench.editorFor(id);
      if (editor?.modeler) {
        const canvas = editor.get<{ viewbox(box?: unknown): { x: number; y: number; width: number; height: number } }>('canvas');
        const { x, y, width, height } = canvas.viewbox();
        try {
          await editor.modeler.importXML(xml);
          canvas.viewbox({ x, y, width, height });
        } catch (error) {
          this.workbench.output.append(`${name}: ${error instanceof Error ? error.message : String(error)}`, 'error');
        }
      }
      // Scorecard, suggestions, Properties... re-read it.
      this.workbench.documents.markContentReplaced(id);
    }
    this.workbench.documents.setReadOnly(id, doc.readOnly === true); // re-render tabs (name, dirty)
  }

  /**
   * Makes the editor refuse edits while the document is read-only here, whatever tries (palette, keyboard, context
   * pad, Properties panel, a plugin's quick fix): bpmn-js runs every edit through its command stack.
   */
  private applyGuard(id: string, editor: LfBpmnEditor): void {
    if (!editor.modeler) return;
    type Stack = Record<'execute' | 'canExecute' | 'undo' | 'redo', (...args: unknown[]) => unknown> & { lfReadOnlyGuard?: boolean };
    const stack = editor.get<Stack>('commandStack');
    editor.classList.toggle('lf-readonly', this.state(id) === 'reader');
    if (stack.lfReadOnlyGuard) return;
    stack.lfReadOnlyGuard = true;
    const readOnly = () => this.workbench.documents.get(id)?.readOnly === true;
    for (const method of ['execute', 'undo', 'redo'] as const) {
      const original = stack[method].bind(stack);
      stack[method] = (...args: unknown[]) => {
        if (!readOnly()) return original(...args);
        this.noticeBlocked(id);
        return undefined;
      };
    }
    const canExecute = stack.canExecute.bind(stack);
    stack.canExecute = (...args: unknown[]) => (readOnly() ? false : canExecute(...args));
  }

  private noticeBlocked(id: string): void {
    const now = Date.now();
    if (now - this.lastBlockedNotice < 3000) return;
    this.lastBlockedNotice = now;
    const name = this.workbench.documents.get(id)?.name ?? id;
    this.workbench.notifications.notify({ severity: 'warning', title: this.workbench.t('ownership.blocked', { name }), code: 'document.readOnly' });
  }

  dispose(): void {
    this.disposables.dispose();
    for (const timer of [...this.followTimers.values(), ...this.broadcastTimers.values()]) clearTimeout(timer);
    for (const entry of this.entries.values()) {
      entry.abort?.abort();
      entry.release?.();
    }
    this.entries.clear();
    this.channel.onmessage = null;
    this.channel.close();
  }
}

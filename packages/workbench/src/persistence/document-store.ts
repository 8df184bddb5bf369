// Browser storage for open documents (IndexedDB via idb) and the debounced autosaver that writes to it.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Disposable } from '../base/lifecycle.ts';
import type { DocumentService } from '../services/documents.ts';
import type { EditJournal, JournalWrite } from './journal.ts';

/** A document as kept in storage. */
export interface StoredDocument {
  readonly id: string;
  readonly name: string;
  readonly xml: string;
  readonly dirty: boolean;
  readonly fileHandle?: unknown;
}

/** Which documents were open, in tab order, and which was active. */
export interface StoredWorkbenchState {
  readonly order: string[];
  readonly activeId: string | undefined;
  /** Workspace state of features (e.g. variant groups), by key; written in the same transaction as the documents. */
  readonly features?: Readonly<Record<string, unknown>>;
}

/** Where documents live between sessions. `loadState` returns undefined on the very first run. */
export interface DocumentStore {
  loadState(): Promise<StoredWorkbenchState | undefined>;
  loadDocuments(): Promise<StoredDocument[]>;
  write(state: StoredWorkbenchState, changed: StoredDocument[], removed: string[]): Promise<void>;
}

interface LeanflowDb extends DBSchema {
  documents: { key: string; value: StoredDocument };
  state: { key: string; value: StoredWorkbenchState };
}

/** IndexedDB store: one transaction per write, so a crash leaves either the old or the new state. */
export function createIndexedDbDocumentStore(name = 'leanflow'): DocumentStore {
  let db: Promise<IDBPDatabase<LeanflowDb>> | undefined;
  const open = () =>
    (db ??= openDB<LeanflowDb>(name, 1, {
      upgrade(database) {
        database.createObjectStore('documents', { keyPath: 'id' });
        database.createObjectStore('state');
      },
    }));
  return {
    async loadState() {
      return (await open()).get('state', 'workbench');
    },
    async loadDocuments() {
      return (await open()).getAll('documents');
    },
    async write(state, changed, removed) {
      const tx = (await open()).transaction(['documents', 'state'], 'readwrite');
      const documents = tx.objectStore('documents');
      for (const doc of changed) {
        try {
          await documents.put(doc);
        } catch {
          // Some handles cannot be cloned in every browser; the content matters more than the handle.
          const { fileHandle: _dropped, ...withoutHandle } = doc;
          await documents.put(withoutHandle);
        }
      }
      for (const id of removed) await documents.delete(id);
      await tx.objectStore('state').put(state, 'workbench');
      await tx.done;
    },
  };
}

/** Keeps everything in memory (tests, or when IndexedDB is unavailable). */
export function createMemoryDocumentStore(): DocumentStore {
  let state: StoredWorkbenchState | undefined;
  const docs = new Map<string, StoredDocument>();
  return {
    loadState: async () => state,
    loadDocuments: async () => [...docs.values()],
    write: async (next, changed, removed) => {
      for (const d of changed) docs.set(d.id, d);
      for (const id of removed) docs.delete(id);
      state = next;
    },
  };
}

/**
 * Writes open documents to the store `delay()` ms after the last change, and at once when asked (`flush`, used on
 * visibilitychange/pagehide). Writes never overlap; a change during a write schedules another.
 * With a `journal`, every change is also journalled at once (the XML of the edited document, in the same task as
 * the edit: bpmn-js's saveXML resolves in microtasks), and the entry is dropped when a snapshot holding it landed.
 * Documents shown read-only (owned by another tab) are neither journalled nor written.
 */
export class Autosaver implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private known = new Set<string>();
  private readonly subscriptions: Disposable[];
  private readonly contributions = new Map<string, () => unknown>();
  /** The latest journal request per document (an older one still serialising must not overwrite a newer one). */
  private readonly journalRequests = new Map<string, number>();
  private journalRequest = 0;
  private readonly journalQueued = new Set<string>();
  private journalProblem: JournalWrite | undefined;
  /** Whether this tab may store a document (DocumentOwnership: only what it owns). */
  writable: (id: string) => boolean = () => true;

  constructor(
    private readonly documents: DocumentService,
    private readonly store: DocumentStore,
    private readonly delay: () => number,
    private readonly onError: (error: unknown) => void,
    readonly journal?: EditJournal,
    /** Told once per kind when the journal could not take a document (too large, storage full). */
    private readonly onJournalProblem: (problem: Exclude<JournalWrite, 'stored'>, documentName: string) => void = () => {},
  ) {
    this.subscriptions = [
      documents.onDidChange(() => this.schedule()),
      documents.onDidChangeContent((id) => {
        this.journalNow(id);
        this.schedule();
      }),
      documents.onDidClose((id) => {
        this.journalRequests.delete(id);
        // Another tab's journal entry of a document shown read-only here is that tab's to drop.
        if (this.writable(id)) journal?.remove(id);
      }),
    ];
  }

  /** Journals the document's current XML now (no debounce). */
  journalNow(id: string): void {
    const journal = this.journal;
    const doc = this.documents.get(id);
    if (!journal || !doc?.ready || doc.readOnly || !this.writable(id)) return;
    const request = ++this.journalRequest;
    this.journalRequests.set(id, request);
    // Several changes in one task (a compound edit) serialise once, at the end of the task: still before any
    // reload or crash can come in between.
    if (this.journalQueued.has(id)) return;
    this.journalQueued.add(id);
    queueMicrotask(() => {
      this.journalQueued.delete(id);
      this.journalWrite(id, journal, this.journalRequests.get(id) ?? request);
    });
  }

  private journalWrite(id: string, journal: EditJournal, request: number): void {
    this.documents.getXml(id).then(
      (xml) => {
        const current = this.documents.get(id);
        if (this.journalRequests.get(id) !== request || !current || current.readOnly || !this.writable(id)) return;
        const outcome = journal.record({ id, name: current.name, xml, dirty: current.dirty });
        if (outcome !== 'stored' && this.journalProblem !== outcome) {
          this.journalProblem = outcome;
          this.onJournalProblem(outcome, current.name);
        }
      },
      () => {
        // The editor is gone (closed in the meantime): nothing to journal.
      },
    );
  }

  /** Ids already in storage (so closed documents get deleted). */
  setKnown(ids: Iterable<string>): void {
    this.known = new Set(ids);
  }

  /** Stops treating a document as this tab's to delete (it was shown read-only here; its owner keeps it). */
  forget(id: string): void {
    this.known.delete(id);
  }

  /** Adds `provider()` to every write under `features[key]` (call `schedule()` when it changes). */
  contribute(key: string, provider: () => unknown): Disposable {
    this.contributions.set(key, provider);
    return { dispose: () => this.contributions.delete(key) };
  }

  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delay());
  }

  /** Writes now; resolves when everything changed so far is stored. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.write().finally(() => {
      this.running = undefined;
    });
    await this.running;
    if (this.again) {
      this.again = false;
      await this.flush();
    }
  }

  private async write(): Promise<void> {
    const ready = this.documents.all().filter((d) => d.ready);
    const pending = ready.filter((d) => d.unpersisted && !d.readOnly && this.writable(d.id));
    const journalled = new Map<string, number | undefined>();
    try {
      const changed: StoredDocument[] = [];
      for (const doc of pending) {
        doc.unpersisted = false;
        // Taken before the XML: an edit after this point has a newer journal entry, which the snapshot must not drop.
        journalled.set(doc.id, this.journal?.revisionOf(doc.id));
        const xml = await this.documents.getXml(doc.id);
        const stored: StoredDocument = { id: doc.id, name: doc.name, xml, dirty: doc.dirty };
        changed.push(doc.fileHandle === undefined ? stored : { ...stored, fileHandle: doc.fileHandle });
      }
      const ids = new Set(ready.map((d) => d.id));
      const removed = [...this.known].filter((id) => !ids.has(id));
      const activeId = this.documents.active?.ready ? this.documents.active.id : ready[0]?.id;
      const state: StoredWorkbenchState = { order: ready.map((d) => d.id), activeId };
      const features = Object.fromEntries([...this.contributions].map(([key, provider]) => [key, provider()]));
      await this.store.write(this.contributions.size > 0 ? { ...state, features } : state, changed, removed);
      this.known = ids;
      for (const [id, revision] of journalled) this.journal?.settle(id, revision);
    } catch (error) {
      // Try again with the next change; nothing is marked as stored that was not.
      for (const doc of pending) doc.unpersisted = true;
      this.onError(error);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

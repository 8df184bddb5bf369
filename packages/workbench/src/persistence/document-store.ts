// Browser storage for open documents (IndexedDB via idb) and the debounced autosaver that writes to it.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Disposable } from '../base/lifecycle.ts';
import type { DocumentService } from '../services/documents.ts';

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
 */
export class Autosaver implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private known = new Set<string>();
  private readonly subscriptions: Disposable[];
  private readonly contributions = new Map<string, () => unknown>();

  constructor(
    private readonly documents: DocumentService,
    private readonly store: DocumentStore,
    private readonly delay: () => number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.subscriptions = [documents.onDidChange(() => this.schedule()), documents.onDidChangeContent(() => this.schedule())];
  }

  /** Ids already in storage (so closed documents get deleted). */
  setKnown(ids: Iterable<string>): void {
    this.known = new Set(ids);
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
    const pending = ready.filter((d) => d.unpersisted);
    try {
      const changed: StoredDocument[] = [];
      for (const doc of pending) {
        doc.unpersisted = false;
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

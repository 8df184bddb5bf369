// The edit journal: every change of a document is written at once, synchronously, to a small key-value store
// (localStorage in the studio), so a reload or a renderer crash right after an edit keeps it. The debounced IndexedDB
// snapshot stays the main copy; a journal entry is removed when a snapshot with (at least) its content has landed.
// localStorage lives in the browser process: a write returns before the renderer can die, and it needs no
// transaction that an unload could abort (IndexedDB can).

/** The synchronous subset of `Storage` the journal needs. */
export interface JournalStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

/** One journalled document: its full XML after the latest change. */
export interface JournalEntry {
  readonly id: string;
  readonly name: string;
  readonly xml: string;
  readonly dirty: boolean;
  /** Increases with every entry written by this page; a snapshot clears the entry only if it is still this one. */
  readonly revision: number;
  /** `Date.now()` when written. */
  readonly time: number;
}

/** Larger documents are not journalled (localStorage holds about 5 M characters per origin); the snapshot covers them. */
export const JOURNAL_MAX_CHARS = 1_500_000;

/** What `record` did: `stored`, `tooLarge` (over JOURNAL_MAX_CHARS) or `failed` (storage full or unavailable). */
export type JournalWrite = 'stored' | 'tooLarge' | 'failed';

/**
 * @example
 * const journal = new EditJournal(window.localStorage, 'leanflow');
 * journal.record({ id, name, xml, dirty: true }); // synchronous
 * journal.entries(); // on the next start: what the snapshot may not have yet
 */
export class EditJournal {
  private readonly prefix: string;
  private revision = 0;
  private readonly revisions = new Map<string, number>();

  constructor(
    private readonly storage: JournalStorage,
    /** The database name, so isolated workspaces (tests) keep separate journals. */
    database: string,
  ) {
    this.prefix = `leanflow.journal.${database}.`;
  }

  /** Writes the document's latest XML now. Never throws. */
  record(entry: Omit<JournalEntry, 'revision' | 'time'>): JournalWrite {
    const key = this.prefix + entry.id;
    if (entry.xml.length > JOURNAL_MAX_CHARS) {
      this.remove(entry.id); // an older, smaller entry would now be stale
      return 'tooLarge';
    }
    const revision = ++this.revision;
    const full: JournalEntry = { ...entry, revision, time: Date.now() };
    try {
      this.storage.setItem(key, JSON.stringify(full));
      this.revisions.set(entry.id, revision);
      return 'stored';
    } catch {
      this.remove(entry.id);
      return 'failed';
    }
  }

  /** The revision of the document's entry written by this page, if any. */
  revisionOf(id: string): number | undefined {
    return this.revisions.get(id);
  }

  /** Removes the entry when it is still `revision` (a later edit keeps its newer entry). */
  settle(id: string, revision: number | undefined): void {
    if (revision !== undefined && this.revisions.get(id) === revision) this.remove(id);
  }

  remove(id: string): void {
    this.revisions.delete(id);
    try {
      this.storage.removeItem(this.prefix + id);
    } catch {
      // Unavailable storage: nothing to remove.
    }
  }

  /**
   * Every entry of this workspace (written by this page or an earlier one), oldest first; reading them adopts them
   * (`revisionOf` knows them). Unreadable ones are dropped.
   */
  entries(): JournalEntry[] {
    const result: JournalEntry[] = [];
    try {
      const keys: string[] = [];
      for (let i = 0; i < this.storage.length; i++) {
        const key = this.storage.key(i);
        if (key?.startsWith(this.prefix)) keys.push(key);
      }
      for (const key of keys) {
        const entry = parseEntry(this.storage.getItem(key));
        if (entry && key === this.prefix + entry.id) {
          result.push(entry);
          // Adopted: a snapshot written by this page with this content may drop it; new revisions come after it.
          if (!this.revisions.has(entry.id)) this.revisions.set(entry.id, entry.revision);
          this.revision = Math.max(this.revision, entry.revision);
        } else {
          this.storage.removeItem(key);
        }
      }
    } catch {
      return result;
    }
    return result.sort((a, b) => a.time - b.time);
  }
}

function parseEntry(text: string | null): JournalEntry | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<JournalEntry>;
    if (typeof value.id !== 'string' || typeof value.name !== 'string' || typeof value.xml !== 'string' || typeof value.time !== 'number') return undefined;
    return { id: value.id, name: value.name, xml: value.xml, dirty: value.dirty === true, revision: Number(value.revision) || 0, time: value.time };
  } catch {
    return undefined;
  }
}

/** A Map-backed JournalStorage (tests, or when localStorage is unavailable). */
export function createMemoryJournalStorage(): JournalStorage & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
    key: (index) => [...data.keys()][index] ?? null,
    get length() {
      return data.size;
    },
  };
}

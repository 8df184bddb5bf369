import { describe, expect, it } from 'vitest';
import { DocumentService } from '../services/documents.ts';
import { Autosaver, createMemoryDocumentStore, type DocumentStore } from './document-store.ts';
import { EditJournal, JOURNAL_MAX_CHARS, createMemoryJournalStorage } from './journal.ts';

/** Resolves after every pending microtask (and nothing else: no timer runs). */
const microtasks = () => new Promise<void>((resolve) => queueMicrotask(() => queueMicrotask(() => queueMicrotask(resolve))));

function setup(store: DocumentStore = createMemoryDocumentStore(), storage = createMemoryJournalStorage()) {
  const documents = new DocumentService();
  const journal = new EditJournal(storage, 'test');
  const problems: string[] = [];
  // A long delay: only the journal can have the edit when the test looks.
  const autosaver = new Autosaver(documents, store, () => 60_000, () => {}, journal, (problem, file) => problems.push(`${problem}:${file}`));
  return { documents, store, storage, journal, autosaver, problems };
}

describe('EditJournal with the Autosaver', () => {
  it('journals every edit within the same task, before any timer or snapshot', async () => {
    const { documents, storage, autosaver } = setup();
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    let live = '<a v="1"/>';
    documents.setXmlProvider(doc.id, async () => live);
    documents.markChanged(doc.id);
    await microtasks();
    // What a page opened after a reload 0 ms later would read.
    expect(new EditJournal(storage, 'test').entries().map((e) => [e.id, e.xml, e.dirty])).toEqual([[doc.id, '<a v="1"/>', true]]);
    live = '<a v="2"/>';
    documents.markChanged(doc.id);
    await microtasks();
    expect(new EditJournal(storage, 'test').entries().map((e) => e.xml)).toEqual(['<a v="2"/>']);
    autosaver.dispose();
  });

  it('serialises once for several changes in one task (a compound edit), with the final content', async () => {
    const { documents, storage, autosaver } = setup();
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    let live = '<a/>';
    let serialised = 0;
    documents.setXmlProvider(doc.id, async () => {
      serialised++;
      return live;
    });
    for (let i = 1; i <= 5; i++) {
      live = `<a v="${i}"/>`;
      documents.markChanged(doc.id);
    }
    await microtasks();
    expect(serialised).toBe(1);
    expect(new EditJournal(storage, 'test').entries().map((e) => e.xml)).toEqual(['<a v="5"/>']);
    autosaver.dispose();
  });

  it('drops an entry once a snapshot with its content landed, but keeps a newer one', async () => {
    const { documents, store, storage, journal, autosaver } = setup();
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    let live = '<a v="1"/>';
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slow = false;
    documents.setXmlProvider(doc.id, async () => {
      const value = live;
      if (slow) await gate;
      return value;
    });
    documents.markChanged(doc.id);
    await microtasks();
    await autosaver.flush();
    expect(storage.data.size).toBe(0);
    expect((await store.loadDocuments())[0]!.xml).toBe('<a v="1"/>');

    // An edit lands while the snapshot is being taken: its entry must survive the snapshot.
    slow = true;
    documents.markChanged(doc.id);
    const flushing = autosaver.flush();
    slow = false;
    live = '<a v="2"/>';
    documents.markChanged(doc.id);
    await microtasks();
    release();
    await flushing;
    expect(journal.entries().map((e) => e.xml)).toEqual(['<a v="2"/>']);
    autosaver.dispose();
  });

  it('removes the entry of a closed document, and skips read-only ones', async () => {
    const { documents, storage, autosaver } = setup();
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    documents.markChanged(doc.id);
    await microtasks();
    expect(storage.data.size).toBe(1);
    documents.close(doc.id);
    expect(storage.data.size).toBe(0);
    const other = documents.open({ name: 'b.bpmn', xml: '<b/>', ready: true });
    other.readOnly = true;
    documents.markChanged(other.id);
    await microtasks();
    expect(storage.data.size).toBe(0);
    autosaver.dispose();
  });

  it('says once when a document is too large or storage is full, and never throws', async () => {
    const full = createMemoryJournalStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const { documents, problems, autosaver } = setup(createMemoryDocumentStore(), full);
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    documents.markChanged(doc.id);
    documents.markChanged(doc.id);
    await microtasks();
    const big = documents.open({ name: 'big.bpmn', xml: 'x'.repeat(JOURNAL_MAX_CHARS + 1), ready: true });
    documents.markChanged(big.id);
    await microtasks();
    expect(problems).toEqual(['failed:a.bpmn', 'tooLarge:big.bpmn']);
    autosaver.dispose();
  });

  it('adopts entries of an earlier page so its next snapshot drops them, and ignores other workspaces', async () => {
    const storage = createMemoryJournalStorage();
    new EditJournal(storage, 'test').record({ id: 'doc-1', name: 'a.bpmn', xml: '<old-page/>', dirty: true });
    new EditJournal(storage, 'other').record({ id: 'doc-9', name: 'z.bpmn', xml: '<z/>', dirty: true });
    storage.setItem('leanflow.journal.test.broken', '{not json');
    const { documents, journal, autosaver } = setup(createMemoryDocumentStore(), storage);
    const entries = journal.entries();
    expect(entries.map((e) => e.id)).toEqual(['doc-1']);
    expect(storage.getItem('leanflow.journal.test.broken')).toBeNull();
    documents.open({ id: 'doc-1', name: 'a.bpmn', xml: entries[0]!.xml, ready: true });
    await autosaver.flush();
    expect(journal.entries()).toEqual([]);
    expect(storage.getItem('leanflow.journal.other.doc-9')).not.toBeNull();
    autosaver.dispose();
  });
});

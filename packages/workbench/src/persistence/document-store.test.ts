import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocumentService } from '../services/documents.ts';
import { Autosaver, createMemoryDocumentStore, type DocumentStore } from './document-store.ts';

describe('Autosaver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(store: DocumentStore = createMemoryDocumentStore()) {
    const documents = new DocumentService();
    const errors: unknown[] = [];
    const autosaver = new Autosaver(documents, store, () => 500, (e) => errors.push(e));
    return { documents, store, autosaver, errors };
  }

  it('writes ready documents 500 ms after the last change, with the live editor XML', async () => {
    const { documents, store } = setup();
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    let live = '<a v="1"/>';
    documents.setXmlProvider(doc.id, async () => live);
    documents.markChanged(doc.id);
    await vi.advanceTimersByTimeAsync(400);
    live = '<a v="2"/>';
    documents.markChanged(doc.id);
    await vi.advanceTimersByTimeAsync(400);
    expect(await store.loadState()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(await store.loadState()).toEqual({ order: [doc.id], activeId: doc.id });
    expect(await store.loadDocuments()).toEqual([{ id: doc.id, name: 'a.bpmn', xml: '<a v="2"/>', dirty: true }]);
  });

  it('never stores a document that has not imported, and deletes closed ones', async () => {
    const { documents, store, autosaver } = setup();
    const good = documents.open({ name: 'good.bpmn', xml: '<g/>', ready: true });
    documents.open({ name: 'pending.bpmn', xml: '<p/>', ready: false });
    await autosaver.flush();
    expect((await store.loadDocuments()).map((d) => d.name)).toEqual(['good.bpmn']);
    expect((await store.loadState())?.activeId).toBe(good.id);
    documents.close(good.id);
    await autosaver.flush();
    expect(await store.loadDocuments()).toEqual([]);
    expect(await store.loadState()).toEqual({ order: [], activeId: undefined });
  });

  it('keeps changes marked unsaved when a write fails, and writes them next time', async () => {
    const memory = createMemoryDocumentStore();
    let fail = true;
    const flaky: DocumentStore = { ...memory, write: (...args) => (fail ? Promise.reject(new Error('quota exceeded')) : memory.write(...args)) };
    const { documents, autosaver, errors } = setup(flaky);
    documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    await autosaver.flush();
    expect(errors).toHaveLength(1);
    expect(documents.all()[0]!.unpersisted).toBe(true);
    fail = false;
    await autosaver.flush();
    expect((await memory.loadDocuments()).map((d) => d.name)).toEqual(['a.bpmn']);
  });
});

// Two "tabs" (two DocumentServices, Autosavers and DocumentOwnerships) sharing an in-memory lock manager with the
// Web Locks semantics used (ifAvailable, a FIFO queue, abort) and a broadcast hub: who may edit and store, following,
// taking over, and a closed owner letting the reader edit. The real browser path is apps/studio/e2e/studio-two-tabs.
import { describe, expect, it, vi } from 'vitest';
import { Emitter } from '../base/lifecycle.ts';
import { I18nService } from '../i18n/i18n.ts';
import { DocumentService } from '../services/documents.ts';
import { NotificationService, OutputService } from '../services/notifications.ts';
import { Autosaver, createMemoryDocumentStore, type DocumentStore } from './document-store.ts';
import { DocumentOwnership, type OwnershipChannel, type OwnershipLocks } from './document-ownership.ts';

function createLocks(): OwnershipLocks {
  const held = new Set<string>();
  const queues = new Map<string, (() => void)[]>();
  return {
    async request(name, options, callback) {
      if (held.has(name)) {
        if (options.ifAvailable) return callback(null);
        await new Promise<void>((resolve, reject) => {
          const queue = queues.get(name) ?? [];
          queues.set(name, queue);
          queue.push(resolve);
          options.signal?.addEventListener('abort', () => {
            queue.splice(queue.indexOf(resolve), 1);
            reject(new Error('AbortError'));
          });
        });
      } else {
        held.add(name);
      }
      try {
        return await callback({ name });
      } finally {
        const next = queues.get(name)?.shift();
        if (next) next();
        else held.delete(name);
      }
    },
  };
}

function createHub(): () => OwnershipChannel {
  const channels = new Set<OwnershipChannel>();
  return () => {
    const channel: OwnershipChannel = {
      onmessage: null,
      postMessage(message: unknown) {
        for (const other of channels) {
          if (other === channel) continue;
          const data = structuredClone(message);
          setTimeout(() => other.onmessage?.call(other as BroadcastChannel, { data } as MessageEvent), 0);
        }
      },
      close() {
        channels.delete(channel);
      },
    };
    channels.add(channel);
    return channel;
  };
}

/** Writes go to the shared store; `log` says which tab wrote which document. */
function createTab(locks: OwnershipLocks, channel: OwnershipChannel, shared: DocumentStore, tab: string, log: string[]) {
  const documents = new DocumentService();
  const store: DocumentStore = {
    ...shared,
    write: (state, changed, removed) => {
      for (const d of changed) log.push(`${tab}:${d.id}:${d.xml}`);
      return shared.write(state, changed, removed);
    },
  };
  const autosaver = new Autosaver(documents, store, () => 10, () => {});
  const notifications = new NotificationService();
  const i18n = new I18nService('en');
  const ownership = new DocumentOwnership(
    {
      documents,
      autosaver,
      notifications,
      output: new OutputService(),
      editorFor: async () => undefined,
      onDidLoadEditor: new Emitter<never>().event,
      t: (key, params) => i18n.t(key, params),
    },
    locks,
    channel,
    'test',
  );
  return { documents, autosaver, notifications, ownership };
}

describe('DocumentOwnership', () => {
  it('lets one tab edit and store a document; the other follows it read-only, takes over, and edits when the owner closes', async () => {
    const locks = createLocks();
    const channel = createHub();
    const store = createMemoryDocumentStore();
    const log: string[] = [];
    const first = createTab(locks, channel(), store, 'first', log);
    const second = createTab(locks, channel(), store, 'second', log);
    const a = first.documents.open({ id: 'doc-1', name: 'a.bpmn', xml: '<v1/>', ready: true });
    await vi.waitFor(() => expect(first.ownership.state('doc-1')).toBe('owner'));
    const b = second.documents.open({ id: 'doc-1', name: 'a.bpmn', xml: '<v1/>', ready: true });
    await vi.waitFor(() => expect(second.ownership.state('doc-1')).toBe('reader'));
    expect([a.readOnly, b.readOnly]).toEqual([false, true]);
    expect([first.autosaver.writable('doc-1'), second.autosaver.writable('doc-1')]).toEqual([true, false]);

    // The owner's change reaches the reader; the reader never stores the document.
    a.xml = '<v2/>';
    first.documents.markChanged('doc-1');
    await vi.waitFor(() => expect(b.xml).toBe('<v2/>'));
    expect(b.dirty).toBe(true);
    second.documents.markChanged('doc-1');
    await second.autosaver.flush();
    await first.autosaver.flush();
    expect(log.filter((l) => l.startsWith('second:'))).toEqual([]);
    expect((await store.loadDocuments())[0]!.xml).toBe('<v2/>');

    // Take over right after an edit that was not broadcast yet: the hand-over carries it.
    a.xml = '<v3/>';
    first.documents.markChanged('doc-1');
    second.ownership.takeOver('doc-1');
    await vi.waitFor(() => expect(second.ownership.state('doc-1')).toBe('owner'));
    await vi.waitFor(() => expect(b.xml).toBe('<v3/>'));
    expect(first.ownership.state('doc-1')).toBe('reader');
    expect([a.readOnly, b.readOnly]).toEqual([true, false]);
    expect(first.notifications.all().map((n) => n.code)).toContain('document.ownershipLost');
    expect(second.notifications.all().map((n) => n.code)).toContain('document.ownershipGained');
    expect(log).toContain('first:doc-1:<v3/>'); // stored by the old owner before letting go

    // The new owner closes its tab's document: the other tab edits again, and a reader closing does not delete.
    first.documents.close('doc-1');
    await first.autosaver.flush();
    expect((await store.loadDocuments()).map((d) => d.id)).toEqual(['doc-1']);
    const again = first.documents.open({ id: 'doc-1', name: 'a.bpmn', xml: '<v3/>', ready: true });
    await vi.waitFor(() => expect(first.ownership.state('doc-1')).toBe('reader'));
    second.documents.close('doc-1');
    await vi.waitFor(() => expect(first.ownership.state('doc-1')).toBe('owner'));
    expect(again.readOnly).toBe(false);
    first.ownership.dispose();
    second.ownership.dispose();
  });
});

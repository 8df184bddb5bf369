// Non-document editor tabs: open/activate/close, asking before closing, and documents taking the front again.
import { describe, expect, it } from 'vitest';
import { DocumentService } from './documents.ts';
import { EditorTabService } from './editor-tabs.ts';

const element = {} as HTMLElement;

describe('EditorTabService', () => {
  it('shows a tab until a document is opened or switched to, and keeps the active document meanwhile', () => {
    const documents = new DocumentService();
    const a = documents.open({ name: 'a.bpmn', xml: '' });
    const b = documents.open({ name: 'b.bpmn', xml: '' }, false);
    const tabs = new EditorTabService(documents);
    tabs.open({ id: 'authoring:1', title: 'Rule', element });
    expect(tabs.active?.id).toBe('authoring:1');
    expect(documents.active?.id).toBe(a.id);
    documents.markChanged(a.id); // a dirty flag is not a switch
    expect(tabs.active?.id).toBe('authoring:1');
    documents.setActive(b.id);
    expect(tabs.active).toBeUndefined();
    tabs.activate('authoring:1');
    documents.open({ name: 'c.bpmn', xml: '' }, false);
    expect(tabs.active).toBeUndefined();
    expect(tabs.all().map((t) => t.id)).toEqual(['authoring:1']);
  });

  it('asks before closing and tells the tab it closed', async () => {
    const tabs = new EditorTabService(new DocumentService());
    let allow = false;
    let closed = 0;
    tabs.open({ id: 't', title: 'T', element, canClose: () => allow, onDidClose: () => closed++ });
    tabs.update('t', { title: 'Renamed', dirty: true });
    expect(tabs.get('t')).toMatchObject({ title: 'Renamed', dirty: true });
    await expect(tabs.close('t')).resolves.toBe(false);
    expect(tabs.all()).toHaveLength(1);
    allow = true;
    await expect(tabs.close('t')).resolves.toBe(true);
    expect(tabs.all()).toHaveLength(0);
    expect(tabs.active).toBeUndefined();
    expect(closed).toBe(1);
  });
});

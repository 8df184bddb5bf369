import { describe, expect, it } from 'vitest';
import { Autosaver, createMemoryDocumentStore } from '../persistence/document-store.ts';
import { DocumentService } from './documents.ts';
import { VariantGroupService, processNameOf } from './variant-groups.ts';

function setup() {
  const documents = new DocumentService();
  const groups = new VariantGroupService(documents);
  const open = (name: string) => documents.open({ name, xml: `<x name="${name}"/>`, ready: true });
  return { documents, groups, open };
}

describe('VariantGroupService', () => {
  it('groups a document with its variants: baseline "As-is", then "To-be A", "To-be B"', () => {
    const { groups, open } = setup();
    const asIs = open('lead-to-quote.bpmn');
    const a = open('copy.bpmn');
    const b = open('other.bpmn');
    const group = groups.ensureGroup(asIs.id);
    expect(group.name).toBe('lead-to-quote');
    expect(groups.ensureGroup(asIs.id)).toBe(group);
    expect(groups.addMember(group.id, a.id).name).toBe('To-be A');
    expect(groups.addMember(group.id, b.id).name).toBe('To-be B');
    expect(group.members.map((m) => m.name)).toEqual(['As-is', 'To-be A', 'To-be B']);
    expect(groups.isBaseline(asIs.id)).toBe(true);
    expect(groups.groupOf(b.id)).toBe(group);
  });

  it('renames the document (so its tab) with the variant when the studio named it after the variant, not a user file', () => {
    const { documents, groups, open } = setup();
    const asIs = open('lead-to-quote.bpmn');
    const toBe = open("lead-to-quote (To-be: without 'Check customer history').bpmn");
    const user = open('my redesign.bpmn');
    const group = groups.ensureGroup(asIs.id);
    groups.addMember(group.id, toBe.id, "To-be: without 'Check customer history'");
    groups.addMember(group.id, user.id);
    let changes = 0;
    documents.onDidChange(() => changes++);
    expect(groups.rename(toBe.id, 'Lean')).toEqual({ ok: true });
    expect(documents.get(toBe.id)!.name).toBe('lead-to-quote (Lean).bpmn');
    expect(documents.get(toBe.id)!.unpersisted).toBe(true);
    expect(changes).toBe(1);
    expect(groups.rename(user.id, 'Other')).toEqual({ ok: true });
    expect(documents.get(user.id)!.name).toBe('my redesign.bpmn');
    expect(groups.rename(asIs.id, 'Today')).toEqual({ ok: true });
    expect(documents.get(asIs.id)!.name).toBe('lead-to-quote.bpmn');
  });

  it('keeps names unique in a group, case-insensitively; renames refuse empty and taken names', () => {
    const { groups, open } = setup();
    const asIs = open('p.bpmn');
    const group = groups.ensureGroup(asIs.id);
    const a = open('a.bpmn');
    const b = open('b.bpmn');
    expect(groups.addMember(group.id, a.id, 'Fast track').name).toBe('Fast track');
    expect(groups.addMember(group.id, b.id, 'fast track').name).toBe('fast track (2)');
    expect(groups.rename(b.id, '  ')).toEqual({ ok: false, reason: 'empty' });
    expect(groups.rename(b.id, 'AS-IS')).toEqual({ ok: false, reason: 'duplicate' });
    expect(groups.rename(b.id, '  Lean \n one ')).toEqual({ ok: true });
    expect(groups.member(b.id)?.name).toBe('Lean one');
    expect(groups.rename('nope', 'x')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('moves the baseline, lists it first, and hands it on when the baseline closes', () => {
    const { documents, groups, open } = setup();
    const asIs = open('p.bpmn');
    const a = open('a.bpmn');
    const b = open('b.bpmn');
    const group = groups.ensureGroup(asIs.id);
    groups.addMember(group.id, a.id);
    groups.addMember(group.id, b.id);
    groups.setBaseline(b.id);
    expect(groups.baselineFirst(group).map((m) => m.documentId)).toEqual([b.id, asIs.id, a.id]);
    documents.close(b.id);
    expect(group.members.map((m) => m.documentId)).toEqual([asIs.id, a.id]);
    expect(group.baselineId).toBe(asIs.id);
    documents.close(asIs.id);
    documents.close(a.id);
    expect(groups.all()).toEqual([]);
  });

  it('moves a document from one group to another, dropping the emptied group', () => {
    const { groups, open } = setup();
    const p = open('p.bpmn');
    const q = open('q.bpmn');
    const gp = groups.ensureGroup(p.id);
    groups.ensureGroup(q.id);
    groups.addMember(gp.id, q.id);
    expect(groups.all().map((g) => g.id)).toEqual([gp.id]);
    expect(gp.members.map((m) => m.name)).toEqual(['As-is', 'To-be A']);
  });

  it('fires onDidChange for every change', () => {
    const { groups, open } = setup();
    let count = 0;
    groups.onDidChange(() => count++);
    const p = open('p.bpmn');
    const a = open('a.bpmn');
    const group = groups.ensureGroup(p.id);
    groups.addMember(group.id, a.id);
    groups.rename(a.id, 'Lean');
    groups.setBaseline(a.id);
    groups.renameGroup(group.id, 'Lead to quote');
    groups.removeMember(a.id);
    expect(count).toBe(6);
    expect(group.name).toBe('Lead to quote');
  });

  it('restores stored groups, dropping members that are not open and ignoring malformed data', () => {
    const { groups, open } = setup();
    const p = open('p.bpmn');
    const a = open('a.bpmn');
    groups.restore({
      version: 1,
      groups: [
        { id: 'g1', name: 'P', baselineId: 'gone', members: [{ documentId: 'gone', name: 'As-is' }, { documentId: p.id, name: 'Old' }, { documentId: a.id, name: 'New' }] },
        { id: 'g2', name: 'Q', baselineId: 'x', members: [{ documentId: 'x', name: 'As-is' }] },
        { id: 3, name: 'broken' },
      ],
    });
    expect(groups.toJSON()).toEqual({ version: 1, groups: [{ id: 'g1', name: 'P', baselineId: p.id, members: [{ documentId: p.id, name: 'Old' }, { documentId: a.id, name: 'New' }] }] });
    groups.restore('garbage');
    expect(groups.all()).toEqual([]);
    groups.restore(undefined);
    expect(groups.all()).toEqual([]);
  });

  it('derives the process name from the file name', () => {
    expect(processNameOf('Lead to Quote.bpmn')).toBe('Lead to Quote');
    expect(processNameOf('x.XML')).toBe('x');
    expect(processNameOf('.bpmn')).toBe('.bpmn');
  });
});

describe('variant groups in the workspace store', () => {
  it('are written with the documents and come back after a restart', async () => {
    const store = createMemoryDocumentStore();
    const first = setup();
    const autosaver = new Autosaver(first.documents, store, () => 0, (e) => {
      throw e;
    });
    autosaver.contribute('variantGroups', () => first.groups.toJSON());
    const asIs = first.open('lead.bpmn');
    const toBe = first.open('lead-to-be.bpmn');
    const group = first.groups.ensureGroup(asIs.id);
    first.groups.addMember(group.id, toBe.id);
    first.groups.rename(toBe.id, 'Skip history');
    first.groups.setBaseline(toBe.id);
    await autosaver.flush();
    const state = await store.loadState();
    expect(state?.order).toEqual([asIs.id, toBe.id]);
    autosaver.dispose();

    // A new session: documents reopen from storage, then the groups are restored (what Workbench.start does).
    const second = setup();
    for (const d of await store.loadDocuments()) second.documents.open({ id: d.id, name: d.name, xml: d.xml, ready: true }, false);
    second.groups.restore(state?.features?.['variantGroups']);
    const restored = second.groups.groupOf(asIs.id)!;
    expect(restored.name).toBe('lead');
    expect(restored.members).toEqual([{ documentId: asIs.id, name: 'As-is' }, { documentId: toBe.id, name: 'Skip history' }]);
    expect(restored.baselineId).toBe(toBe.id);
  });

  it('state without contributions keeps its old shape', async () => {
    const store = createMemoryDocumentStore();
    const { documents, open } = setup();
    const autosaver = new Autosaver(documents, store, () => 0, () => undefined);
    const doc = open('a.bpmn');
    await autosaver.flush();
    expect(await store.loadState()).toEqual({ order: [doc.id], activeId: doc.id });
  });
});

// Process variants in the workspace: open documents grouped by process, each group with its variants (as-is,
// to-be A, ...) and one baseline. Plain data, persisted with the workspace (see Workbench/Autosaver), unit-tested in Node.
import { BugIndicatingError, Emitter, type Event } from '../base/lifecycle.ts';
import type { DocumentService } from './documents.ts';

/** One variant: an open document and the name it has in its group (what the comparison and the report show). */
export interface VariantMember {
  readonly documentId: string;
  name: string;
}

/** A process and its variants. The baseline is what every other variant is compared with. */
export interface VariantGroup {
  readonly id: string;
  name: string;
  members: VariantMember[];
  baselineId: string;
}

/** What is stored with the workspace (plain JSON). */
export interface StoredVariantGroups {
  readonly version: 1;
  readonly groups: readonly { readonly id: string; readonly name: string; readonly baselineId: string; readonly members: readonly VariantMember[] }[];
}

/** Default variant names; the studio passes translated ones. `index` 0 is the first to-be (A), 1 the second (B)... */
export interface VariantNaming {
  readonly baseline: () => string;
  readonly variant: (letter: string) => string;
}

export type RenameResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'empty' | 'duplicate' | 'unknown' };

const ENGLISH: VariantNaming = { baseline: () => 'As-is', variant: (letter) => `To-be ${letter}` };

let counter = 0;
const newGroupId = () => `group-${Date.now().toString(36)}-${(++counter).toString(36)}`;

/** Letters for variants: A..Z, then AA, AB... */
function letter(index: number): string {
  let text = '';
  for (let n = index; n >= 0; n = Math.floor(n / 26) - 1) text = String.fromCharCode(65 + (n % 26)) + text;
  return text;
}

/** The process name a document suggests: its file name without the extension. */
export function processNameOf(documentName: string): string {
  return documentName.replace(/\.(bpmn|xml)$/i, '') || documentName;
}

/**
 * @example
 * const groups = new VariantGroupService(documents);
 * const group = groups.ensureGroup(asIs.id);       // asIs becomes the baseline "As-is"
 * groups.addMember(group.id, toBe.id);              // "To-be A"
 * groups.setBaseline(toBe.id);
 */
export class VariantGroupService {
  private groups: VariantGroup[] = [];
  private readonly changed = new Emitter<void>();
  /** Fires when a group or a variant is added, removed, renamed, or the baseline changes. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly documents: DocumentService,
    private naming: VariantNaming = ENGLISH,
  ) {
    // A closed document leaves its group; an empty group goes.
    documents.onDidChange(() => {
      if (this.prune()) this.changed.fire();
    });
  }

  /** A variant whose name the explorer should offer to edit (set by the Rename command, cleared by the explorer). */
  pendingRename: string | undefined;

  /** Asks the explorer to edit the variant's name in place. */
  requestRename(documentId: string): void {
    this.pendingRename = documentId;
    this.changed.fire();
  }

  /** A group whose name the explorer should offer to edit (set by Rename Process Group, cleared by the explorer). */
  pendingGroupRename: string | undefined;

  /** Asks the explorer to edit a group's (process's) name in place. */
  requestGroupRename(groupId: string): void {
    this.pendingGroupRename = groupId;
    this.changed.fire();
  }

  setNaming(naming: VariantNaming): void {
    this.naming = naming;
  }

  all(): readonly VariantGroup[] {
    return this.groups;
  }

  get(groupId: string): VariantGroup | undefined {
    return this.groups.find((g) => g.id === groupId);
  }

  groupOf(documentId: string): VariantGroup | undefined {
    return this.groups.find((g) => g.members.some((m) => m.documentId === documentId));
  }

  member(documentId: string): VariantMember | undefined {
    return this.groupOf(documentId)?.members.find((m) => m.documentId === documentId);
  }

  isBaseline(documentId: string): boolean {
    return this.groupOf(documentId)?.baselineId === documentId;
  }

  /** The members with the baseline first (the order a comparison needs). */
  baselineFirst(group: VariantGroup): VariantMember[] {
    const baseline = group.members.find((m) => m.documentId === group.baselineId);
    return baseline ? [baseline, ...group.members.filter((m) => m !== baseline)] : [...group.members];
  }

  /** The group of a document, creating one (named after the document, the document its baseline) if it has none. */
  ensureGroup(documentId: string): VariantGroup {
    const existing = this.groupOf(documentId);
    if (existing) return existing;
    const doc = this.documents.get(documentId);
    if (!doc) throw new BugIndicatingError(`No open document ${documentId}`);
    const group: VariantGroup = { id: newGroupId(), name: processNameOf(doc.name), members: [{ documentId, name: this.naming.baseline() }], baselineId: documentId };
    this.groups = [...this.groups, group];
    this.changed.fire();
    return group;
  }

  /** Adds an open document to a group (leaving its old group) under `name` or the next free "To-be X". */
  addMember(groupId: string, documentId: string, name?: string): VariantMember {
    const group = this.get(groupId);
    if (!group) throw new BugIndicatingError(`No variant group ${groupId}`);
    if (!this.documents.get(documentId)) throw new BugIndicatingError(`No open document ${documentId}`);
    const current = this.groupOf(documentId);
    if (current === group) return this.member(documentId)!;
    if (current) this.detach(current, documentId);
    const wanted = name?.trim();
    const member: VariantMember = { documentId, name: wanted && !this.nameTaken(group, wanted) ? wanted : this.nextName(group, wanted) };
    group.members = [...group.members, member];
    this.prune();
    this.changed.fire();
    return member;
  }

  /** The next default variant name in a group ("To-be A", "To-be B"...), or `wanted (2)` when `wanted` is taken. */
  nextName(group: VariantGroup, wanted?: string): string {
    if (wanted) {
      for (let n = 2; ; n++) if (!this.nameTaken(group, `${wanted} (${n})`)) return `${wanted} (${n})`;
    }
    for (let i = 0; ; i++) {
      const candidate = this.naming.variant(letter(i));
      if (!this.nameTaken(group, candidate)) return candidate;
    }
  }

  /** Renames a variant; names are unique within a group (the comparison tells variants apart by name). */
  rename(documentId: string, name: string): RenameResult {
    const group = this.groupOf(documentId);
    const member = this.member(documentId);
    if (!group || !member) return { ok: false, reason: 'unknown' };
    const trimmed = name.replace(/\s+/g, ' ').trim();
    if (!trimmed) return { ok: false, reason: 'empty' };
    if (trimmed === member.name) return { ok: true };
    if (this.nameTaken(group, trimmed, documentId)) return { ok: false, reason: 'duplicate' };
    // A document the studio named after the variant ("lead-to-quote (To-be A).bpmn") follows the new name, so its
    // tab does too; a file the user named stays as it is.
    const doc = this.documents.get(documentId);
    const suffix = ` (${member.name}).bpmn`;
    if (doc && doc.name.endsWith(suffix) && doc.name.length > suffix.length) this.documents.rename(documentId, `${doc.name.slice(0, -suffix.length)} (${trimmed}).bpmn`);
    member.name = trimmed;
    this.changed.fire();
    return { ok: true };
  }

  renameGroup(groupId: string, name: string): RenameResult {
    const group = this.get(groupId);
    const trimmed = name.replace(/\s+/g, ' ').trim();
    if (!group) return { ok: false, reason: 'unknown' };
    if (!trimmed) return { ok: false, reason: 'empty' };
    group.name = trimmed;
    this.changed.fire();
    return { ok: true };
  }

  setBaseline(documentId: string): void {
    const group = this.groupOf(documentId);
    if (!group || group.baselineId === documentId) return;
    group.baselineId = documentId;
    this.changed.fire();
  }

  /** Takes a document out of its group (the document stays open). */
  removeMember(documentId: string): void {
    const group = this.groupOf(documentId);
    if (!group) return;
    this.detach(group, documentId);
    this.prune();
    this.changed.fire();
  }

  toJSON(): StoredVariantGroups {
    return {
      version: 1,
      groups: this.groups.map((g) => ({ id: g.id, name: g.name, baselineId: g.baselineId, members: g.members.map((m) => ({ documentId: m.documentId, name: m.name })) })),
    };
  }

  /** Restores stored groups; members whose document is not open are dropped, anything malformed is ignored. */
  restore(value: unknown): void {
    const stored = value as Partial<StoredVariantGroups> | undefined;
    const groups: VariantGroup[] = [];
    const seen = new Set<string>();
    const list: readonly Partial<StoredVariantGroups['groups'][number]>[] = Array.isArray(stored?.groups) ? stored.groups : [];
    for (const g of list) {
      if (typeof g?.id !== 'string' || typeof g.name !== 'string' || !Array.isArray(g.members)) continue;
      const members = (g.members as readonly Partial<VariantMember>[])
        .filter((m): m is VariantMember => typeof m?.documentId === 'string' && typeof m.name === 'string' && !!this.documents.get(m.documentId) && !seen.has(m.documentId))
        .map((m: VariantMember) => {
          seen.add(m.documentId);
          return { documentId: m.documentId, name: m.name };
        });
      if (members.length === 0) continue;
      const baselineId = typeof g.baselineId === 'string' && members.some((m) => m.documentId === g.baselineId) ? g.baselineId : members[0]!.documentId;
      groups.push({ id: g.id, name: g.name, members, baselineId });
    }
    this.groups = groups;
    this.changed.fire();
  }

  private nameTaken(group: VariantGroup, name: string, except?: string): boolean {
    const wanted = name.toLocaleLowerCase();
    return group.members.some((m) => m.documentId !== except && m.name.toLocaleLowerCase() === wanted);
  }

  private detach(group: VariantGroup, documentId: string): void {
    group.members = group.members.filter((m) => m.documentId !== documentId);
    if (group.baselineId === documentId && group.members[0]) group.baselineId = group.members[0].documentId;
  }

  /** Drops members whose document closed and groups left empty. True when anything changed. */
  private prune(): boolean {
    let pruned = false;
    for (const group of this.groups) {
      for (const m of group.members) {
        if (!this.documents.get(m.documentId)) {
          this.detach(group, m.documentId);
          pruned = true;
        }
      }
    }
    const kept = this.groups.filter((g) => g.members.length > 0);
    if (kept.length !== this.groups.length) {
      this.groups = kept;
      pruned = true;
    }
    return pruned;
  }
}

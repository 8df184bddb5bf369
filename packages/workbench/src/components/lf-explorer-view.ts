// <lf-explorer-view>: the open documents, with New and Open actions. Documents that belong to a variant group are
// shown as a tree: the process, then its variants (the baseline marked). Arrows move, Enter opens, F2 renames a variant;
// double-click (or ✎) renames a variant or a group.
import { html, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Event } from '../base/lifecycle.ts';
import type { StudioDocument } from '../services/documents.ts';
import type { VariantGroup } from '../services/variant-groups.ts';
import { ICONS, WorkbenchElement } from './workbench-element.ts';

export class LfExplorerView extends WorkbenchElement {
  private renaming: string | undefined;
  private renamingGroup: string | undefined;
  private readonly collapsed = new Set<string>();
  private renameError = '';

  protected override watch(): Event<unknown>[] {
    return [this.workbench.documents.onDidChange, this.workbench.variantGroups.onDidChange];
  }

  private onKeydown(event: KeyboardEvent): void {
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    const items = [...this.querySelectorAll<HTMLElement>('[role=treeitem]')];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const id = items[index]?.dataset['id'];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      items[(index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
      event.preventDefault();
    } else if (event.key === 'Enter' && id) {
      this.workbench.documents.setActive(id);
      this.workbench.activeEditor?.focusCanvas();
      event.preventDefault();
    } else if (event.key === 'F2' && id && this.workbench.variantGroups.member(id)) {
      this.startRename(id);
      event.preventDefault();
      event.stopPropagation();
    }
  }

  private startRename(documentId: string): void {
    this.renaming = documentId;
    this.renameError = '';
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLInputElement>('input.lf-rename')?.select());
  }

  private commitRename(input: HTMLInputElement): void {
    const id = this.renaming;
    if (!id) return;
    const result = this.workbench.variantGroups.rename(id, input.value);
    if (!result.ok && result.reason !== 'unknown') {
      this.renameError = this.t(result.reason === 'empty' ? 'explorer.variants.nameEmpty' : 'explorer.variants.nameTaken');
      this.requestUpdate();
      return;
    }
    this.renaming = undefined;
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(`[role=treeitem][data-id="${id}"]`)?.focus());
  }

  private onRenameKey(event: KeyboardEvent): void {
    event.stopPropagation();
    if (event.key === 'Enter') this.commitRename(event.target as HTMLInputElement);
    else if (event.key === 'Escape') {
      this.renaming = undefined;
      this.requestUpdate();
    }
  }

  private startGroupRename(groupId: string): void {
    this.renamingGroup = groupId;
    this.renameError = '';
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLInputElement>('input.lf-rename-group')?.select());
  }

  private commitGroupRename(input: HTMLInputElement): void {
    const id = this.renamingGroup;
    if (!id) return;
    const result = this.workbench.variantGroups.renameGroup(id, input.value);
    if (!result.ok && result.reason === 'empty') {
      this.renameError = this.t('explorer.variants.groupNameEmpty');
      this.requestUpdate();
      return;
    }
    this.renamingGroup = undefined;
    this.requestUpdate();
  }

  private onGroupRenameKey(event: KeyboardEvent): void {
    event.stopPropagation();
    if (event.key === 'Enter') this.commitGroupRename(event.target as HTMLInputElement);
    else if (event.key === 'Escape') {
      this.renamingGroup = undefined;
      this.requestUpdate();
    }
  }

  private toggleGroup(groupId: string): void {
    if (this.renamingGroup === groupId) return;
    if (!this.collapsed.delete(groupId)) this.collapsed.add(groupId);
    this.requestUpdate();
  }

  protected override updated(): void {
    const groups = this.workbench.variantGroups;
    const pending = groups.pendingRename;
    if (pending) {
      groups.pendingRename = undefined;
      this.startRename(pending);
    }
    const pendingGroup = groups.pendingGroupRename;
    if (pendingGroup) {
      groups.pendingGroupRename = undefined;
      this.startGroupRename(pendingGroup);
    }
  }

  private documentItem(doc: StudioDocument, active: string | undefined, variant?: { group: VariantGroup; name: string }) {
    const { documents, variantGroups, commands } = this.workbench;
    const baseline = variant && variant.group.baselineId === doc.id;
    const label = variant ? `${variant.name} · ${doc.name}` : doc.name;
    return html`<li role="treeitem" tabindex="0" data-id=${doc.id} aria-level=${variant ? 2 : 1} aria-selected=${doc.id === active}
        class="${doc.id === active ? 'active' : ''} ${variant ? 'lf-variant' : ''}" title=${label}
        @click=${() => documents.setActive(doc.id)} @dblclick=${() => variant && this.startRename(doc.id)}>
        <span class="lf-doc-icon">${unsafeHTML(ICONS.files)}</span>
        ${variant && this.renaming === doc.id
          ? html`<span class="lf-rename-box"><input class="lf-rename lf-input" aria-label=${this.t('explorer.variants.rename')} .value=${variant.name}
                @keydown=${this.onRenameKey} @click=${(e: MouseEvent) => e.stopPropagation()}
                @blur=${(e: FocusEvent) => this.renaming === doc.id && this.commitRename(e.target as HTMLInputElement)} />
              ${this.renameError ? html`<span class="lf-rename-error" role="alert">${this.renameError}</span>` : nothing}</span>`
          : variant
            ? html`<span class="lf-doc-name"><span class="lf-variant-name">${variant.name}</span> <span class="lf-variant-file">${doc.name}</span></span>`
            : html`<span class="lf-doc-name">${doc.name}</span>`}
        ${doc.dirty ? html`<span class="lf-dirty" title=${this.t('editor.unsaved')}>●</span>` : ''}
        ${baseline ? html`<span class="lf-variant-role" data-role="baseline" title=${this.t('explorer.variants.baselineHint')}>${this.t('explorer.variants.baseline')}</span>` : nothing}
        ${commands.get('variants.duplicate')
          ? html`<button class="lf-icon-action" data-action="variants.duplicate" title=${this.t('explorer.variants.duplicate')} aria-label=${this.t('explorer.variants.duplicate')}
              @click=${(e: MouseEvent) => { e.stopPropagation(); void commands.execute('variants.duplicate', { documentId: doc.id }); }}>⧉</button>`
          : nothing}
        ${variant && !baseline && commands.get('variants.markBaseline')
          ? html`<button class="lf-icon-action" title=${this.t('explorer.variants.markBaseline')} aria-label=${this.t('explorer.variants.markBaseline')}
              @click=${(e: MouseEvent) => { e.stopPropagation(); variantGroups.setBaseline(doc.id); }}>★</button>`
          : nothing}
      </li>`;
  }

  protected override render() {
    const { documents, commands, variantGroups } = this.workbench;
    const active = documents.active?.id;
    const grouped = new Set(variantGroups.all().flatMap((g) => g.members.map((m) => m.documentId)));
    const groupAction = (group: VariantGroup, command: string, label: string, icon: string) =>
      commands.get(command)
        ? html`<button class="lf-icon-action" title=${label} aria-label=${label} data-action=${command}
            @click=${(e: MouseEvent) => { e.stopPropagation(); void commands.execute(command, { groupId: group.id }); }}>${icon}</button>`
        : nothing;
    return html`<div class="lf-view-actions">
        <button class="lf-button" @click=${() => commands.execute('file.newProcess')}>${this.t('explorer.newProcess')}</button>
        <button class="lf-button secondary" @click=${() => commands.execute('file.open')}>${this.t('explorer.openFile')}</button>
      </div>
      <h3 class="lf-section-title" id="lf-explorer-heading">${this.t('explorer.openDocuments')}</h3>
      ${documents.all().length === 0
        ? html`<p class="lf-empty">${this.t('explorer.empty')}</p>`
        : html`<ul class="lf-list" role="tree" aria-labelledby="lf-explorer-heading" @keydown=${this.onKeydown}>
            ${variantGroups.all().map(
              (group) => html`<li class="lf-group" role="presentation" data-group=${group.id} title=${group.name}
                  @click=${() => this.toggleGroup(group.id)}>
                  <button class="lf-group-chevron" aria-expanded=${!this.collapsed.has(group.id)} aria-label=${group.name}>${this.collapsed.has(group.id) ? '▸' : '▾'}</button>
                  ${this.renamingGroup === group.id
                    ? html`<span class="lf-rename-box"><input class="lf-rename lf-rename-group lf-input" aria-label=${this.t('explorer.variants.groupName')} .value=${group.name}
                          @keydown=${this.onGroupRenameKey} @click=${(e: MouseEvent) => e.stopPropagation()}
                          @blur=${(e: FocusEvent) => this.renamingGroup === group.id && this.commitGroupRename(e.target as HTMLInputElement)} />
                        ${this.renameError ? html`<span class="lf-rename-error" role="alert">${this.renameError}</span>` : nothing}</span>`
                    : html`<span class="lf-doc-name lf-group-name" @dblclick=${(e: MouseEvent) => { e.stopPropagation(); this.startGroupRename(group.id); }}>${group.name}</span>`}
                  ${this.renamingGroup === group.id
                    ? nothing
                    : html`<span class="lf-group-count">${this.t('explorer.variants.count', { count: group.members.length })}</span>
                        ${groupAction(group, 'variants.renameGroup', this.t('explorer.variants.renameGroup'), '✎')}
                        ${groupAction(group, 'variants.addFile', this.t('explorer.variants.addFile'), '+')}
                        ${groupAction(group, 'variants.compare', this.t('explorer.variants.compare'), '⇄')}
                        ${groupAction(group, 'variants.exportZip', this.t('explorer.variants.exportZip'), '⤓')}`}
                </li>
                ${(this.collapsed.has(group.id) ? [] : group.members).map((m) => {
                  const doc = documents.get(m.documentId);
                  return doc ? this.documentItem(doc, active, { group, name: m.name }) : nothing;
                })}`,
            )}
            ${documents.all().filter((d) => !grouped.has(d.id)).map((doc) => this.documentItem(doc, active))}
          </ul>`}`;
  }
}
customElements.define('lf-explorer-view', LfExplorerView);

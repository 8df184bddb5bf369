// <lf-explorer-view>: the open documents, with New and Open actions. A listbox: arrows move, Enter opens.
import { html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Event } from '../base/lifecycle.ts';
import { ICONS, WorkbenchElement } from './workbench-element.ts';

export class LfExplorerView extends WorkbenchElement {
  protected override watch(): Event<unknown>[] {
    return [this.workbench.documents.onDidChange];
  }

  private onKeydown(event: KeyboardEvent): void {
    const items = [...this.querySelectorAll<HTMLElement>('[role=option]')];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      items[(index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
      event.preventDefault();
    } else if (event.key === 'Enter' && index >= 0) {
      this.workbench.documents.setActive(items[index]!.dataset['id']!);
      this.workbench.activeEditor?.focusCanvas();
      event.preventDefault();
    }
  }

  protected override render() {
    const { documents, commands } = this.workbench;
    const active = documents.active?.id;
    return html`<div class="lf-view-actions">
        <button class="lf-button" @click=${() => commands.execute('file.newProcess')}>${this.t('explorer.newProcess')}</button>
        <button class="lf-button secondary" @click=${() => commands.execute('file.open')}>${this.t('explorer.openFile')}</button>
      </div>
      <h3 class="lf-section-title" id="lf-explorer-heading">${this.t('explorer.openDocuments')}</h3>
      ${documents.all().length === 0
        ? html`<p class="lf-empty">${this.t('explorer.empty')}</p>`
        : html`<ul class="lf-list" role="listbox" aria-labelledby="lf-explorer-heading" @keydown=${this.onKeydown}>
            ${documents.all().map(
              (doc) => html`<li role="option" tabindex="0" data-id=${doc.id} aria-selected=${doc.id === active} class=${doc.id === active ? 'active' : ''}
                  @click=${() => documents.setActive(doc.id)}>
                  <span class="lf-doc-icon">${unsafeHTML(ICONS.files)}</span><span class="lf-doc-name">${doc.name}</span>${doc.dirty ? html`<span class="lf-dirty" title=${this.t('editor.unsaved')}>●</span>` : ''}
                </li>`,
            )}
          </ul>`}`;
  }
}
customElements.define('lf-explorer-view', LfExplorerView);

// <lf-editor-area>: document tabs over the editors. Editors are created by the Workbench and live in `.lf-editors`
// (lit never re-renders them, so a bpmn-js canvas survives tab switches).
import { html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Event } from '../base/lifecycle.ts';
import type { StudioDocument } from '../services/documents.ts';
import { ICONS, WorkbenchElement } from './workbench-element.ts';

export class LfEditorArea extends WorkbenchElement {
  protected override watch(): Event<unknown>[] {
    return [this.workbench.documents.onDidChange, this.workbench.keybindings.onDidChange, this.workbench.editorTabs.onDidChange];
  }

  protected override firstUpdated(): void {
    this.workbench.attachEditorHost(this.querySelector<HTMLElement>('.lf-editors')!);
  }

  private activate(id: string): void {
    this.workbench.documents.setActive(id);
    this.workbench.editorTabs.activate(undefined);
  }

  private onTabKeydown(event: KeyboardEvent, id: string): void {
    const { documents } = this.workbench;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      documents.setActive(id);
      documents.cycle(event.key === 'ArrowRight' ? 1 : -1);
      void this.updateComplete.then(() => this.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus());
      event.preventDefault();
    } else if (event.key === 'Enter' || event.key === ' ') {
      documents.setActive(id);
      this.workbench.activeEditor?.focusCanvas();
      event.preventDefault();
    } else if (event.key === 'Delete') {
      void this.workbench.closeDocument(id);
      event.preventDefault();
    }
  }

  /** Says why a document cannot be edited here (another tab owns it) and offers to take it over. */
  private renderReadOnlyBanner(doc: StudioDocument | undefined): unknown {
    if (!doc?.readOnly) return '';
    return html`<div class="lf-readonly-banner" role="status" data-document-id=${doc.id}>
      <p>${this.t('ownership.readOnly', { name: doc.name })}</p>
      <button class="lf-button" data-action="take-over" title=${this.t('ownership.takeOver.detail')} @click=${() => this.workbench.ownership?.takeOver(doc.id)}>${this.t('ownership.takeOver')}</button>
    </div>`;
  }

  protected override render() {
    const { documents, keybindings, commands } = this.workbench;
    const docs = documents.all();
    const { editorTabs } = this.workbench;
    const extra = editorTabs.active;
    const active = extra ? undefined : documents.active?.id;
    const shortcut = (id: string) => keybindings.lookup(id) ?? '';
    return html`<div class="lf-tabs" role="tablist" aria-label=${this.t('editor.tabs')} ?hidden=${docs.length === 0 && editorTabs.all().length === 0}>
        ${docs.map((doc) => {
          const selected = doc.id === active;
          return html`<div class="lf-tab ${selected ? 'active' : ''} ${doc.dirty ? 'dirty' : ''} ${doc.readOnly ? 'readonly' : ''}" role="tab" tabindex=${selected ? 0 : -1}
              aria-selected=${selected} data-id=${doc.id} title=${doc.name}
              @click=${() => this.activate(doc.id)}
              @auxclick=${(e: MouseEvent) => { if (e.button === 1) { e.preventDefault(); void this.workbench.closeDocument(doc.id); } }}
              @mousedown=${(e: MouseEvent) => { if (e.button === 1) e.preventDefault(); }}
              @keydown=${(e: KeyboardEvent) => this.onTabKeydown(e, doc.id)}>
            <span class="lf-tab-name">${doc.name}</span>
            <span class="lf-tab-dirty" aria-label=${this.t('editor.unsaved')} title=${this.t('editor.unsaved')}>●</span>
            <button class="lf-tab-close" tabindex="-1" aria-label=${this.t('editor.close', { name: doc.name })} title=${this.t('editor.close', { name: doc.name })}
              @click=${(e: MouseEvent) => { e.stopPropagation(); void this.workbench.closeDocument(doc.id); }}>${unsafeHTML(ICONS.close)}</button>
          </div>`;
        })}
        ${editorTabs.all().map((tab) => {
          const selected = tab === extra;
          return html`<div class="lf-tab ${selected ? 'active' : ''} ${tab.dirty ? 'dirty' : ''}" role="tab" tabindex=${selected ? 0 : -1}
              aria-selected=${selected} data-tab=${tab.id} title=${tab.title}
              @click=${() => editorTabs.activate(tab.id)}
              @auxclick=${(e: MouseEvent) => { if (e.button === 1) { e.preventDefault(); void editorTabs.close(tab.id); } }}>
            <span class="lf-tab-name">${tab.title}</span>
            <span class="lf-tab-dirty" aria-label=${this.t('editor.unsaved')} title=${this.t('editor.unsaved')}>●</span>
            <button class="lf-tab-close" tabindex="-1" aria-label=${this.t('editor.close', { name: tab.title })} title=${this.t('editor.close', { name: tab.title })}
              @click=${(e: MouseEvent) => { e.stopPropagation(); void editorTabs.close(tab.id); }}>${unsafeHTML(ICONS.close)}</button>
          </div>`;
        })}
      </div>
      ${this.renderReadOnlyBanner(extra ? undefined : documents.active)}
      <div class="lf-editors" style=${extra ? 'display:none' : ''}></div>
      ${extra ? html`<div class="lf-extra-editor">${extra.element}</div>` : ''}
      ${docs.length === 0 && !extra
        ? html`<div class="lf-welcome">
            <h1>${this.t('editor.welcome.title')}</h1>
            <p>${this.t('editor.welcome.hint')}</p>
            <div class="lf-welcome-actions">
              <button class="lf-button" @click=${() => commands.execute('file.newProcess')}>${this.t('command.newProcess')} <kbd>${shortcut('file.newProcess')}</kbd></button>
              <button class="lf-button secondary" @click=${() => commands.execute('file.open')}>${this.t('command.openFile')} <kbd>${shortcut('file.open')}</kbd></button>
              ${commands.get('help.openSample') ? html`<button class="lf-button secondary" @click=${() => commands.execute('help.openSample')}>${this.t('command.openSample')}</button>` : ''}
              <button class="lf-button secondary" @click=${() => commands.execute('workbench.showCommands')}>${this.t('command.showCommands')} <kbd>${shortcut('workbench.showCommands')}</kbd></button>
            </div>
          </div>`
        : ''}`;
  }
}
customElements.define('lf-editor-area', LfEditorArea);

// <lf-quick-pick>: a plugin's `window.showQuickPick`, styled like the command palette. Resolves the index picked.
import { html, nothing } from 'lit';
import type { QuickPickRequest } from '@leanflow/plugin-host';
import { fuzzyMatch } from '../../services/fuzzy.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';

export class LfQuickPick extends WorkbenchElement {
  request!: QuickPickRequest;
  placeholder = '';
  resolve: (index: number | undefined) => void = () => {};
  private query = '';
  private selected = 0;

  private visibleItems(): number[] {
    return this.request.items.map((item, index) => ({ index, match: fuzzyMatch(this.query, item.label) })).filter((x) => x.match).map((x) => x.index);
  }

  private finish(index: number | undefined): void {
    this.resolve(index);
    this.remove();
  }

  override firstUpdated(): void {
    this.querySelector('input')?.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const matches = this.visibleItems();
    if (event.key === 'ArrowDown') this.selected = Math.min(matches.length - 1, this.selected + 1);
    else if (event.key === 'ArrowUp') this.selected = Math.max(0, this.selected - 1);
    else if (event.key === 'Enter') return this.finish(matches[this.selected]);
    else if (event.key === 'Escape') return this.finish(undefined);
    else return;
    event.preventDefault();
    this.requestUpdate();
  }

  protected override render(): unknown {
    const matches = this.visibleItems();
    return html`<div class="lf-palette-backdrop" @click=${(e: Event) => e.target === e.currentTarget && this.finish(undefined)}>
      <div class="lf-palette lf-quick-pick" role="dialog" aria-label=${this.request.title ?? ''}>
        ${this.request.title ? html`<div class="lf-quick-pick-title">${this.request.title}</div>` : nothing}
        <input class="lf-input" placeholder=${this.request.placeholder ?? this.placeholder} .value=${this.query}
          @input=${(e: Event) => { this.query = (e.target as HTMLInputElement).value; this.selected = 0; this.requestUpdate(); }}
          @keydown=${(e: KeyboardEvent) => this.onKey(e)} />
        <ul class="lf-palette-list" role="listbox">${matches.map((index, i) => {
          const item = this.request.items[index]!;
          return html`<li class="lf-palette-item ${i === this.selected ? 'selected' : ''}" role="option" @click=${() => this.finish(index)}>
            <span class="lf-palette-label">${item.label}</span>${item.description ? html`<span class="lf-palette-note">${item.description}</span>` : nothing}</li>`;
        })}</ul>
      </div></div>`;
  }
}

if (!customElements.get('lf-quick-pick')) customElements.define('lf-quick-pick', LfQuickPick);

// <lf-command-palette>: fuzzy search over commands (with their keybindings) or open documents (quick open).
import { html } from 'lit';
import { fuzzyMatch, highlightRuns } from '../services/fuzzy.ts';
import type { PaletteMode } from '../workbench.ts';
import { WorkbenchElement } from './workbench-element.ts';

interface Entry {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
  readonly positions: number[];
  readonly enabled: boolean;
  readonly run: () => unknown;
}

export class LfCommandPalette extends WorkbenchElement {
  private mode: PaletteMode | undefined;
  private query = '';
  private selected = 0;
  private restoreFocus: HTMLElement | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.workbench.onDidRequestPalette((mode) => this.show(mode));
  }

  /** Opens the palette; opening it again in the same mode closes it. */
  show(mode: PaletteMode): void {
    if (this.mode === mode) return this.hide();
    this.restoreFocus ??= document.activeElement as HTMLElement | null;
    this.mode = mode;
    this.query = '';
    this.selected = 0;
    this.workbench.contextKeys.set('paletteVisible', true);
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLInputElement>('input')?.focus());
  }

  hide(): void {
    this.mode = undefined;
    this.workbench.contextKeys.set('paletteVisible', false);
    this.requestUpdate();
    this.restoreFocus?.focus?.();
    this.restoreFocus = null;
  }

  private entries(): Entry[] {
    const { commands, keybindings, documents, i18n } = this.workbench;
    if (this.mode === 'documents') {
      return documents
        .all()
        .map((doc) => ({ doc, match: fuzzyMatch(this.query, doc.name) }))
        .filter((x) => x.match)
        .sort((a, b) => (this.query ? b.match!.score - a.match!.score : 0))
        .map(({ doc, match }) => ({
          id: doc.id, label: doc.name, detail: doc.dirty ? this.t('editor.unsaved') : '', positions: match!.positions, enabled: true,
          run: () => { documents.setActive(doc.id); },
        }));
    }
    return commands
      .visible()
      .map((command) => {
        const category = command.category ? i18n.localize(command.category) : '';
        const label = category ? `${category}: ${i18n.localize(command.title)}` : i18n.localize(command.title);
        return { command, label, match: fuzzyMatch(this.query, label) };
      })
      .filter((x) => x.match)
      .sort((a, b) => (this.query ? b.match!.score - a.match!.score : a.label.localeCompare(b.label)))
      .map(({ command, label, match }) => ({
        id: command.id, label, detail: keybindings.lookup(command.id) ?? '', positions: match!.positions,
        enabled: commands.isEnabled(command.id), run: () => commands.execute(command.id),
      }));
  }

  private accept(entry: Entry | undefined): void {
    if (!entry || !entry.enabled) return;
    this.restoreFocus = null;
    this.hide();
    // Commands run after the palette is gone, so they can move focus themselves.
    void Promise.resolve(entry.run()).then(() => {
      if (this.mode === undefined && !document.querySelector('lf-command-palette .lf-palette')) this.workbench.activeEditor?.focusCanvas();
    });
  }

  /** As in VS Code, `>` in quick open switches to commands. */
  private onInput(value: string): void {
    if (this.mode === 'documents' && value.startsWith('>')) {
      this.mode = 'commands';
      value = value.slice(1);
    }
    this.query = value;
    this.selected = 0;
    this.requestUpdate();
  }

  private onKeydown(event: KeyboardEvent, entries: Entry[]): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.selected = (this.selected + step + entries.length) % Math.max(1, entries.length);
      event.preventDefault();
      this.requestUpdate();
      void this.updateComplete.then(() => this.querySelector('.lf-palette-item.selected')?.scrollIntoView({ block: 'nearest' }));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.accept(entries[this.selected]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.hide();
    } else {
      return;
    }
    // The palette owns these keys; the global keybinding handler must not see them.
    event.stopPropagation();
  }

  protected override render() {
    if (!this.mode) return html``;
    const entries = this.entries();
    if (this.selected >= entries.length) this.selected = Math.max(0, entries.length - 1);
    const placeholder = this.mode === 'commands' ? this.t('palette.commands.placeholder') : this.t('palette.documents.placeholder');
    const activeId = entries[this.selected] ? `lf-palette-item-${this.selected}` : '';
    return html`<div class="lf-palette-backdrop" @mousedown=${(e: MouseEvent) => { if (e.target === e.currentTarget) this.hide(); }}>
      <div class="lf-palette" role="dialog" aria-modal="true" aria-label=${this.t('palette.label')}>
        <input class="lf-input" type="text" role="combobox" aria-expanded="true" aria-controls="lf-palette-list" aria-activedescendant=${activeId}
          placeholder=${placeholder} aria-label=${placeholder} .value=${this.query} spellcheck="false" autocomplete="off"
          @input=${(e: InputEvent) => this.onInput((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => this.onKeydown(e, entries)} @blur=${(e: FocusEvent) => { if (this.mode && !this.contains(e.relatedTarget as Node)) this.hide(); }} />
        <ul id="lf-palette-list" class="lf-palette-list" role="listbox">
          ${entries.length === 0 ? html`<li class="lf-empty">${this.mode === 'commands' ? this.t('palette.noCommands') : this.t('palette.noDocuments')}</li>` : ''}
          ${entries.map(
            (entry, i) => html`<li id="lf-palette-item-${i}" role="option" aria-selected=${i === this.selected} aria-disabled=${!entry.enabled} data-id=${entry.id}
                class="lf-palette-item ${i === this.selected ? 'selected' : ''} ${entry.enabled ? '' : 'disabled'}"
                @mousedown=${(e: MouseEvent) => e.preventDefault()} @click=${() => this.accept(entry)} @mousemove=${() => { if (this.selected !== i) { this.selected = i; this.requestUpdate(); } }}>
              <span class="lf-palette-label">${highlightRuns(entry.label, entry.positions).map((run) => (run.match ? html`<mark>${run.text}</mark>` : run.text))}</span>
              ${entry.enabled ? '' : html`<span class="lf-palette-note">${this.t('palette.disabled')}</span>`}
              ${entry.detail ? html`<kbd class="lf-palette-detail">${entry.detail}</kbd>` : ''}
            </li>`,
          )}
        </ul>
      </div>
    </div>`;
  }
}
customElements.define('lf-command-palette', LfCommandPalette);

// <lf-dialog>: the modal for DialogService questions. Focus starts on the default button; Escape picks the last.
import { html } from 'lit';
import type { Event } from '../base/lifecycle.ts';
import { WorkbenchElement } from './workbench-element.ts';

export class LfDialog extends WorkbenchElement {
  private shown: unknown;

  protected override watch(): Event<unknown>[] {
    return [this.workbench.dialogs.onDidChange];
  }

  protected override updated(): void {
    const current = this.workbench.dialogs.current;
    if (current && current !== this.shown) this.querySelector<HTMLButtonElement>('.lf-dialog-buttons button')?.focus();
    this.shown = current;
  }

  private onKeydown(event: KeyboardEvent): void {
    const { dialogs } = this.workbench;
    const current = dialogs.current;
    if (!current) return;
    if (event.key === 'Escape') {
      dialogs.answer(current.buttons.length - 1);
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      const buttons = [...this.querySelectorAll<HTMLButtonElement>('.lf-dialog-buttons button')];
      const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
      buttons[(index + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
    } else if (event.key !== 'Enter' && event.key !== 'Tab' && event.key !== ' ') {
      return;
    } else {
      // Enter/Space/Tab act natively on the focused button; keep them from the global keybindings.
      event.stopPropagation();
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  protected override render() {
    const current = this.workbench.dialogs.current;
    if (!current) return html``;
    return html`<div class="lf-dialog-backdrop" @keydown=${this.onKeydown}>
      <div class="lf-dialog" role="alertdialog" aria-modal="true" aria-labelledby="lf-dialog-title" aria-describedby="lf-dialog-detail">
        <h2 id="lf-dialog-title">${current.title}</h2>
        ${current.detail ? html`<p id="lf-dialog-detail">${current.detail}</p>` : ''}
        <div class="lf-dialog-buttons">
          ${current.buttons.map(
            (label, i) => html`<button class="lf-button ${i === 0 ? '' : 'secondary'}" @click=${() => this.workbench.dialogs.answer(i)}>${label}</button>`,
          )}
        </div>
      </div>
    </div>`;
  }
}
customElements.define('lf-dialog', LfDialog);

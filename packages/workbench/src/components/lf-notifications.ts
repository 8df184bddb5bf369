// <lf-notifications>: toasts in the bottom-right corner. Info goes away after a few seconds; warnings and errors stay.
import { html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Event } from '../base/lifecycle.ts';
import { ICONS, WorkbenchElement } from './workbench-element.ts';

const INFO_TIMEOUT_MS = 5000;

export class LfNotifications extends WorkbenchElement {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  protected override watch(): Event<unknown>[] {
    return [this.workbench.notifications.onDidChange];
  }

  protected override updated(): void {
    for (const n of this.workbench.notifications.all()) {
      if (n.severity === 'info' && !this.timers.has(n.id)) {
        this.timers.set(n.id, setTimeout(() => this.workbench.notifications.dismiss(n.id), INFO_TIMEOUT_MS));
      }
    }
  }

  protected override render() {
    const { notifications } = this.workbench;
    return html`<div class="lf-toasts" aria-label=${this.t('notifications.label')}>
      ${notifications.all().map(
        (n) => html`<div class="lf-toast ${n.severity}" role=${n.severity === 'error' ? 'alert' : 'status'} data-code=${n.code ?? ''}>
          <span class="lf-severity">${unsafeHTML(ICONS[n.severity])}</span>
          <div class="lf-toast-text"><strong class="lf-toast-title">${n.title}</strong>${n.detail ? html`<p class="lf-toast-detail">${n.detail}</p>` : ''}</div>
          <button class="lf-icon-button" aria-label=${this.t('notifications.dismiss')} title=${this.t('notifications.dismiss')} @click=${() => notifications.dismiss(n.id)}>${unsafeHTML(ICONS.close)}</button>
        </div>`,
      )}
    </div>`;
  }
}
customElements.define('lf-notifications', LfNotifications);

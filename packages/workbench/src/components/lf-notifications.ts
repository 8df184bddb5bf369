// <lf-notifications>: toasts in the bottom-right corner, above the bpmn.io watermark (which must stay visible).
import { html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Event } from '../base/lifecycle.ts';
import { ICONS, WorkbenchElement } from './workbench-element.ts';

// Errors stay until dismissed: they explain why something the user asked for did not happen.
const TIMEOUT_MS: Record<string, number> = { info: 5000, warning: 10_000 };

export class LfNotifications extends WorkbenchElement {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  protected override watch(): Event<unknown>[] {
    return [this.workbench.notifications.onDidChange];
  }

  protected override updated(): void {
    for (const n of this.workbench.notifications.all()) {
      const timeout = TIMEOUT_MS[n.severity];
      if (timeout && !this.timers.has(n.id)) {
        this.timers.set(n.id, setTimeout(() => this.workbench.notifications.dismiss(n.id), timeout));
      }
    }
  }

  protected override render() {
    const { notifications } = this.workbench;
    return html`<div class="lf-toasts" aria-label=${this.t('notifications.label')}>
      ${notifications.all().map(
        (n) => html`<div class="lf-toast ${n.severity}" role=${n.severity === 'error' ? 'alert' : 'status'} data-code=${n.code ?? ''}>
          <span class="lf-severity">${unsafeHTML(ICONS[n.severity])}</span>
          <div class="lf-toast-text"><strong class="lf-toast-title" title=${n.title}>${n.title}</strong>${n.detail ? html`<p class="lf-toast-detail">${n.detail}</p>` : ''}</div>
          <button class="lf-icon-button" aria-label=${this.t('notifications.dismiss')} title=${this.t('notifications.dismiss')} @click=${() => notifications.dismiss(n.id)}>${unsafeHTML(ICONS.close)}</button>
        </div>`,
      )}
    </div>`;
  }
}
customElements.define('lf-notifications', LfNotifications);

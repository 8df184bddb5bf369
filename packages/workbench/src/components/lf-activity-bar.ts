// <lf-activity-bar>: one button per side-bar view (built-in and contributed). Arrow keys move between them.
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Event } from '../base/lifecycle.ts';
import { WorkbenchElement } from './workbench-element.ts';

export class LfActivityBar extends WorkbenchElement {
  protected override watch(): Event<unknown>[] {
    return [this.workbench.views.onDidChange, this.workbench.layout.onDidChange];
  }

  private select(id: string): void {
    const { layout } = this.workbench;
    // Clicking the active view's button hides the side bar, as in VS Code.
    const shown = this.workbench.views.get(layout.value.activeView)?.id ?? this.workbench.views.all()[0]?.id;
    if (shown === id && layout.value.sidebarVisible) layout.update({ sidebarVisible: false });
    else layout.update({ activeView: id, sidebarVisible: true });
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...this.querySelectorAll<HTMLButtonElement>('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length];
    next?.focus();
    event.preventDefault();
  }

  protected override render() {
    const { views, layout, i18n } = this.workbench;
    // Same fallback as the side bar: a removed view leaves the first one shown. Keyed, so a button stays the same
    // view's button when plugin views register later (a click never lands on a reused button).
    const shown = views.get(layout.value.activeView)?.id ?? views.all()[0]?.id;
    // Keyed by view id: a plugin adding a view while the user clicks or has focus must not re-purpose a button.
    return html`<nav class="lf-activity-bar" role="tablist" aria-orientation="vertical" aria-label=${this.t('activity.label')} @keydown=${this.onKeydown}>
      ${repeat(views.all(), (view) => view.id, (view) => {
        const active = layout.value.sidebarVisible && shown === view.id;
        const title = i18n.localize(view.title);
        return html`<button class="lf-activity ${active ? 'active' : ''}" role="tab" aria-selected=${active} title=${title} aria-label=${title}
          data-view=${view.id} @click=${() => this.select(view.id)}>${unsafeHTML(view.icon)}</button>`;
      })}
    </nav>`;
  }
}
customElements.define('lf-activity-bar', LfActivityBar);

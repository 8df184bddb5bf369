// Base of the workbench's lit elements: light DOM (one global stylesheet, and bpmn-js needs it), and
// subscriptions to services that re-render the element and are dropped when it leaves the page.
import { LitElement } from 'lit';
import type { Disposable, Event } from '../base/lifecycle.ts';
import type { Workbench } from '../workbench.ts';

export abstract class WorkbenchElement extends LitElement {
  /** Set by the parent before the element is connected. */
  workbench!: Workbench;
  private subscriptions: Disposable[] = [];

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const rerender = () => this.requestUpdate();
    this.subscriptions = [this.workbench.i18n.onDidChangeLanguage(rerender), ...this.watch().map((event) => event(rerender))];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
  }

  /** Events that should re-render this element. */
  protected watch(): Event<unknown>[] {
    return [];
  }

  protected get t(): Workbench['i18n']['t'] {
    return this.workbench.i18n.t.bind(this.workbench.i18n);
  }
}

/** Small inline icons (24x24, currentColor) so the studio needs no icon font. */
export const ICONS = {
  files: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M14 3H6.5A1.5 1.5 0 0 0 5 4.5v15A1.5 1.5 0 0 0 6.5 21h11a1.5 1.5 0 0 0 1.5-1.5V8zM14 3v5h5M8.5 12.5h7M8.5 16h7"/></svg>',
  settings: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M12 15.2a3.2 3.2 0 1 0 0-6.4 3.2 3.2 0 0 0 0 6.4zM19.4 13.5l1.6 1.2-1.8 3.1-1.9-.7a7.6 7.6 0 0 1-1.9 1.1l-.3 2h-3.6l-.3-2a7.6 7.6 0 0 1-1.9-1.1l-1.9.7-1.8-3.1 1.6-1.2a7.5 7.5 0 0 1 0-2.9L3 9.4l1.8-3.1 1.9.7a7.6 7.6 0 0 1 1.9-1.1l.3-2h3.6l.3 2a7.6 7.6 0 0 1 1.9 1.1l1.9-.7 1.8 3.1-1.6 1.2a7.5 7.5 0 0 1 0 2.9z"/></svg>',
  close: '<svg viewBox="0 0 16 16" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.4" d="M4 4l8 8M12 4l-8 8"/></svg>',
  error: '<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.4"/><path stroke="currentColor" stroke-width="1.4" d="M5.5 5.5l5 5M10.5 5.5l-5 5"/></svg>',
  warning: '<svg viewBox="0 0 16 16" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.3" d="M8 1.8l6.5 12H1.5zM8 6.2v3.8M8 11.4v1.2"/></svg>',
  info: '<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.4"/><path stroke="currentColor" stroke-width="1.4" d="M8 7v4.5M8 4.5v1.2"/></svg>',
  /** Quick fixes (Problems panel, diagram). */
  lightbulb:
    '<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path fill="#e2a400" d="M8 1.5a4.5 4.5 0 0 0-2.6 8.2c.4.3.6.7.6 1.1V12h4v-1.2c0-.4.2-.8.6-1.1A4.5 4.5 0 0 0 8 1.5z"/><path fill="currentColor" d="M6 13h4v1H6zM6.7 14.6h2.6v.9H6.7z"/></svg>',
} as const;

// Registries for UI contributed by the workbench itself and, later, by plugins: side-bar views and status-bar items.
import { BugIndicatingError, Emitter, toDisposable, type Disposable, type Event } from '../base/lifecycle.ts';

/**
 * A side-bar view. `render` fills the given element and returns what to dispose when the view is hidden or removed.
 * Plugins will contribute declarative views; the plugin host turns them into this shape.
 */
export interface ViewDescriptor {
  readonly id: string;
  /** May be a `%key%` message reference. */
  readonly title: string;
  /** SVG markup (24x24 viewBox, `currentColor`) for the activity bar. */
  readonly icon: string;
  /** Lower comes first in the activity bar. */
  readonly order: number;
  readonly render: (container: HTMLElement) => Disposable;
}

/**
 * The views shown in the activity bar and side bar.
 * @example views.register({ id: 'scorecard', title: 'Scorecard', icon: '<svg ...>', order: 30, render: (el) => { el.textContent = 'Hi'; return { dispose() {} }; } });
 */
export class ViewRegistry {
  private readonly views = new Map<string, ViewDescriptor>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  register(view: ViewDescriptor): Disposable {
    if (this.views.has(view.id)) throw new BugIndicatingError(`View "${view.id}" is already registered`);
    this.views.set(view.id, view);
    this.changed.fire();
    return toDisposable(() => {
      if (this.views.delete(view.id)) this.changed.fire();
    });
  }

  get(id: string): ViewDescriptor | undefined {
    return this.views.get(id);
  }

  all(): ViewDescriptor[] {
    return [...this.views.values()].sort((a, b) => a.order - b.order);
  }
}

/** A status-bar entry. `text` may be a `%key%` reference; clicking runs `command` if given. */
export interface StatusBarItem {
  readonly id: string;
  readonly text: string;
  readonly tooltip?: string;
  readonly command?: string;
  readonly alignment: 'left' | 'right';
  /** Higher sits further left within its side. */
  readonly priority: number;
}

/**
 * Status-bar items contributed beyond the built-in ones (document, zoom, language, problems).
 * @example const item = statusBar.set({ id: 'sim.kpi', text: 'Lead time 3.2 h', alignment: 'left', priority: 10 }); item.dispose();
 */
export class StatusBarRegistry {
  private readonly items = new Map<string, StatusBarItem>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  /** Adds or replaces an item; dispose the result to remove it. */
  set(item: StatusBarItem): Disposable {
    this.items.set(item.id, item);
    this.changed.fire();
    return toDisposable(() => {
      if (this.items.get(item.id) === item) {
        this.items.delete(item.id);
        this.changed.fire();
      }
    });
  }

  all(alignment: 'left' | 'right'): StatusBarItem[] {
    return [...this.items.values()].filter((i) => i.alignment === alignment).sort((a, b) => b.priority - a.priority);
  }
}

// Layout state the user shapes by hand (side-bar width, what is open). Kept in localStorage, not in settings.
import { Emitter, type Event } from '../base/lifecycle.ts';

export interface LayoutState {
  sidebarVisible: boolean;
  sidebarWidth: number;
  activeView: string;
  panelVisible: boolean;
  panelTab: 'problems' | 'output';
  panelHeight: number;
}

export const DEFAULT_LAYOUT: LayoutState = {
  sidebarVisible: true,
  sidebarWidth: 260,
  activeView: 'explorer',
  panelVisible: false,
  panelTab: 'problems',
  panelHeight: 180,
};

export const SIDEBAR_MIN = 170;
export const SIDEBAR_MAX = 640;
export const PANEL_MIN = 80;
export const PANEL_MAX = 900;

/** Minimal key-value storage (localStorage in the browser). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The layout, persisted under one key. */
export class LayoutService {
  private state: LayoutState;
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly storage?: KeyValueStorage,
    private readonly key = 'leanflow.layout',
  ) {
    let stored: Partial<LayoutState> = {};
    try {
      stored = JSON.parse(storage?.getItem(key) ?? '{}') as Partial<LayoutState>;
    } catch {
      // A corrupt entry just means default layout.
    }
    this.state = { ...DEFAULT_LAYOUT, ...stored };
    this.state.sidebarWidth = clamp(this.state.sidebarWidth, SIDEBAR_MIN, SIDEBAR_MAX);
  }

  get value(): Readonly<LayoutState> {
    return this.state;
  }

  update(patch: Partial<LayoutState>): void {
    const next = { ...this.state, ...patch };
    next.sidebarWidth = clamp(Math.round(next.sidebarWidth), SIDEBAR_MIN, SIDEBAR_MAX);
    next.panelHeight = Number.isFinite(next.panelHeight) ? Math.min(PANEL_MAX, Math.max(PANEL_MIN, Math.round(next.panelHeight))) : DEFAULT_LAYOUT.panelHeight;
    this.state = next;
    try {
      this.storage?.setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or disabled: the layout still works for this session.
    }
    this.changed.fire();
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : DEFAULT_LAYOUT.sidebarWidth;
}

// Editor tabs that are not BPMN documents (e.g. the plugin authoring editor). They sit after the document tabs;
// while one is shown the active *document* stays what it was, so features still act on the open process.
import { Emitter, toDisposable, type Disposable, type Event } from '../base/lifecycle.ts';
import type { DocumentService } from './documents.ts';

/** A non-document editor tab. `element` is created by the feature and kept alive across tab switches. */
export interface EditorTab {
  readonly id: string;
  title: string;
  dirty?: boolean;
  readonly element: HTMLElement;
  /** Asked before the tab closes (e.g. unsaved work); resolve false to keep it. */
  readonly canClose?: () => boolean | Promise<boolean>;
  readonly onDidClose?: () => void;
  /**
   * Whether Problems (and the status bar's count) go on listing the active document's problems while this tab is
   * shown (default true: the plugin-authoring tab runs its rule on that document). The Compare tab is about a whole
   * variant group, so it says false: one document's findings there read as the comparison's.
   */
  readonly showsDocumentProblems?: boolean;
}

/**
 * @example
 * const tab = workbench.editorTabs.open({ id: 'authoring:1', title: 'my-rule.ts', element });
 * workbench.editorTabs.activate(undefined); // back to the active document
 */
export class EditorTabService {
  private tabs: EditorTab[] = [];
  private activeId: string | undefined;
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(documents: DocumentService) {
    // Opening or switching documents brings the document editors back to the front.
    let lastActive = documents.active?.id;
    let lastCount = documents.all().length;
    documents.onDidChange(() => {
      const active = documents.active?.id;
      const count = documents.all().length;
      if (this.activeId && (active !== lastActive || count > lastCount)) this.activate(undefined);
      lastActive = active;
      lastCount = count;
    });
  }

  all(): readonly EditorTab[] {
    return this.tabs;
  }

  get(id: string): EditorTab | undefined {
    return this.tabs.find((t) => t.id === id);
  }

  get active(): EditorTab | undefined {
    return this.activeId ? this.get(this.activeId) : undefined;
  }

  /** Adds the tab (or finds it if it is open) and, unless `activate` is false, shows it. Dispose to remove it without asking. */
  open(tab: EditorTab, activate = true): Disposable {
    if (!this.get(tab.id)) this.tabs = [...this.tabs, tab];
    if (activate) this.activeId = tab.id;
    this.changed.fire();
    return toDisposable(() => this.remove(tab.id));
  }

  update(id: string, change: { title?: string; dirty?: boolean }): void {
    const tab = this.get(id);
    if (!tab) return;
    if (change.title !== undefined) tab.title = change.title;
    if (change.dirty !== undefined) tab.dirty = change.dirty;
    this.changed.fire();
  }

  /** Shows a tab, or (undefined) the active document. */
  activate(id: string | undefined): void {
    if (id === this.activeId || (id !== undefined && !this.get(id))) return;
    this.activeId = id;
    this.changed.fire();
  }

  /** Closes a tab after asking it. Returns false when it stayed open. */
  async close(id: string): Promise<boolean> {
    const tab = this.get(id);
    if (!tab) return true;
    if (tab.canClose && !(await tab.canClose())) return false;
    this.remove(id);
    return true;
  }

  private remove(id: string): void {
    const tab = this.get(id);
    if (!tab) return;
    this.tabs = this.tabs.filter((t) => t !== tab);
    if (this.activeId === id) this.activeId = undefined;
    tab.onDidClose?.();
    this.changed.fire();
  }
}

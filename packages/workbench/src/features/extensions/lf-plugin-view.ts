// <lf-plugin-view>: a side-bar view contributed by a plugin. Opening it activates the plugin (`onView:<id>`);
// the content is whatever the plugin last published, drawn by render-content.ts. Lazy trees ask the plugin.
import { html, nothing } from 'lit';
import type { TreeRow } from '@leanflow/plugin-host';
import type { Disposable, Event as WorkbenchEvent } from '../../base/lifecycle.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import type { PluginService } from './plugin-service.ts';
import { renderViewContent, type RenderOptions } from './render-content.ts';
import './extensions.css';

/** Selects and scrolls to a diagram element of the active editor. */
export function revealElement(modeler: unknown, elementId: string): void {
  const m = modeler as { get<T>(name: string): T } | undefined;
  const element = m?.get<{ get(id: string): unknown }>('elementRegistry').get(elementId);
  if (!m || !element) return;
  m.get<{ select(e: unknown): void }>('selection').select(element);
  m.get<{ scrollToElement(e: unknown): void }>('canvas').scrollToElement(element);
}

export class LfPluginView extends WorkbenchElement {
  service!: PluginService;
  viewId!: string;
  private treeRows = new Map<number | 'root', TreeRow[]>();
  private subscription: Disposable | undefined;

  /** Sort column per sortable table of the view. */
  private readonly tableSort = new Map<string, string>();

  protected override watch(): WorkbenchEvent<unknown>[] {
    return [this.service.onDidChange, this.workbench.keybindings.onDidChange];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscription = this.service.host.contributions.onDidChange((change) => {
      if (change.kind === 'treeData' && change.id === this.viewId) {
        // One row's children when they are shown; else the whole tree (the old handles go with it).
        if (change.handle !== undefined && this.treeRows.has(change.handle)) void this.loadTree(change.handle);
        else if (change.handle === undefined) void this.reloadTree();
        return;
      }
      if ((change.kind === 'viewContent' && change.id === this.viewId) || change.kind === 'registration') {
        if (change.kind === 'registration') void this.loadTree();
        this.requestUpdate();
      }
    });
    void this.service.host.openView(this.viewId).then(() => this.loadTree());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscription?.dispose();
  }

  private lazyTree(): boolean {
    const owner = this.service.host.contributions.viewOwner(this.viewId);
    return owner !== undefined && this.service.host.contributions.isRegistered(owner, 'treeDataProvider', this.viewId);
  }

  private async loadTree(handle?: number): Promise<void> {
    if (!this.lazyTree()) return;
    this.treeRows.set(handle ?? 'root', await this.service.host.getTreeChildren(this.viewId, handle));
    this.requestUpdate();
  }

  /** The whole tree again; the old rows stay until the new ones are there (no "loading" flash). */
  private async reloadTree(): Promise<void> {
    if (!this.lazyTree()) return;
    const rows = await this.service.host.getTreeChildren(this.viewId);
    this.treeRows = new Map([['root', rows]]);
    this.requestUpdate();
  }

  private reveal = (elementId: string) => revealElement((this.workbench.activeEditor as { modeler?: unknown } | undefined)?.modeler, elementId);

  private renderRows(rows: readonly TreeRow[]): unknown {
    return html`<ul class="lf-plugin-tree">${rows.map((row) => {
      const label = html`${row.item.label}${row.item.description ? html` <span class="lf-plugin-note">${row.item.description}</span>` : nothing}`;
      const click = () => {
        if (row.item.elementId) this.reveal(row.item.elementId);
        if (row.item.command) void this.service.host.executeCommand(row.item.command.id, ...(row.item.command.args ?? []));
      };
      if (!row.item.collapsible) return html`<li title=${row.item.tooltip ?? ''}><button class="lf-link" @click=${click}>${label}</button></li>`;
      const children = this.treeRows.get(row.handle);
      return html`<li title=${row.item.tooltip ?? ''}><details @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && !children && this.loadTree(row.handle)}>
        <summary @click=${() => click()}>${label}</summary>${children ? this.renderRows(children) : nothing}</details></li>`;
    })}</ul>`;
  }

  protected override render(): unknown {
    const content = this.service.host.contributions.viewContent(this.viewId);
    const owner = this.service.host.contributions.viewOwner(this.viewId);
    const info = owner ? this.service.info(owner) : undefined;
    const locale = this.workbench.i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
    const banner = info?.state === 'crashed' ? html`<p class="lf-plugin-crashed">${this.service.m('extensions.crashed', { name: info.name, reason: info.reason ?? '' })}</p>` : nothing;
    if (this.lazyTree()) {
      const rows = this.treeRows.get('root');
      return html`<div class="lf-plugin-view" data-view-id=${this.viewId}>${banner}${rows ? this.renderRows(rows) : html`<p class="lf-plugin-note">${this.service.m('extensions.view.loading')}</p>`}</div>`;
    }
    const options: RenderOptions = {
      locale,
      reveal: this.reveal,
      runCommand: (command, args) => void this.workbench.commands.execute(command, ...args),
      keyFor: (command) => this.workbench.keybindings.lookup(command),
      sort: {
        get: (key) => this.tableSort.get(key),
        set: (key, column) => {
          this.tableSort.set(key, column);
          this.requestUpdate();
        },
      },
      sortHint: (column) => this.service.m('extensions.view.sortBy', { column }),
    };
    return html`<div class="lf-plugin-view ${content?.kind === 'sections' ? 'lf-plugin-sections' : ''}" data-view-id=${this.viewId}>${banner}${
      content ? renderViewContent(content, options) : html`<p class="lf-plugin-note">${this.service.m('extensions.view.empty')}</p>`
    }</div>`;
  }
}

if (!customElements.get('lf-plugin-view')) customElements.define('lf-plugin-view', LfPluginView);

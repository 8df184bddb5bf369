// <lf-studio>: the whole workbench layout, global keybindings, theme, drag-and-drop of files.
import { html } from 'lit';
import type { Disposable, Event } from '../base/lifecycle.ts';
import { PANEL_MAX, PANEL_MIN, SIDEBAR_MAX, SIDEBAR_MIN } from '../services/layout.ts';
import { SETTING } from '../workbench.ts';
import './lf-activity-bar.ts';
import './lf-command-palette.ts';
import './lf-dialog.ts';
import './lf-editor-area.ts';
import './lf-notifications.ts';
import './lf-panel.ts';
import './lf-status-bar.ts';
import { WorkbenchElement } from './workbench-element.ts';
import '../styles/workbench.css';

const TEXT_INPUT = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

export class LfStudio extends WorkbenchElement {
  private dragging = false;
  private renderedView: { id: string; host: Element; disposable: Disposable } | undefined;
  private readonly darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly onKeydown = (event: KeyboardEvent) => this.dispatchKey(event);
  // diagram-js's label editor stops keydown propagation, so chords with a modifier (Ctrl+S, Ctrl+Shift+P) are
  // caught on the way down instead; otherwise Ctrl+S there would open the browser's "Save page" dialog.
  private readonly onKeydownCapture = (event: KeyboardEvent) => {
    const target = event.composedPath()[0];
    if ((event.ctrlKey || event.metaKey || event.altKey) && target instanceof Element && target.closest('.djs-direct-editing-parent')) {
      this.dispatchKey(event);
    }
  };
  private readonly applyTheme = () => {
    const setting = this.workbench.settings.get<string>(SETTING.theme);
    const theme = setting === 'system' ? (this.darkQuery.matches ? 'dark' : 'light') : setting;
    document.documentElement.dataset['theme'] = theme;
    document.documentElement.lang = this.workbench.i18n.language;
  };

  protected override watch(): Event<unknown>[] {
    const w = this.workbench;
    return [w.layout.onDidChange, w.views.onDidChange, w.settings.onDidChange, w.documents.onDidChange];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKeydown);
    window.addEventListener('keydown', this.onKeydownCapture, true);
    this.darkQuery.addEventListener('change', this.applyTheme);
    this.workbench.settings.onDidChange(this.applyTheme);
    this.workbench.i18n.onDidChangeLanguage(this.applyTheme);
    this.workbench.onDidRequestOpenFile(() => this.querySelector<HTMLInputElement>('#lf-open-file')?.click());
    this.applyTheme();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKeydown);
    window.removeEventListener('keydown', this.onKeydownCapture, true);
    this.darkQuery.removeEventListener('change', this.applyTheme);
  }

  private dispatchKey(event: KeyboardEvent): void {
    // bpmn-js handled it on the focused canvas (it calls preventDefault), or an IME is composing.
    if (event.defaultPrevented || event.isComposing) return;
    const target = event.composedPath()[0];
    const { contextKeys, keybindings, commands } = this.workbench;
    contextKeys.set('inputFocus', target instanceof Element && !!target.closest(TEXT_INPUT));
    const binding = keybindings.resolve(event);
    if (!binding || !commands.isEnabled(binding.command)) return;
    event.preventDefault();
    event.stopPropagation();
    void commands.execute(binding.command, ...(binding.args ?? []));
  }

  protected override updated(): void {
    // The window title names the active document, with a dot when it has unsaved changes (as VS Code does).
    const doc = this.workbench.documents.active;
    document.title = doc ? `${doc.dirty ? '● ' : ''}${doc.name} — ${this.t('app.name')}` : this.t('app.name');

    // Contributed views render into a host lit does not touch.
    const host = this.querySelector('.lf-view-host');
    const id = this.activeView()?.id ?? '';
    if (this.renderedView && (this.renderedView.host !== host || this.renderedView.id !== id)) {
      this.renderedView.disposable.dispose();
      this.renderedView.host.replaceChildren();
      this.renderedView = undefined;
    }
    const view = this.workbench.views.get(id);
    if (host && view && !this.renderedView) {
      this.renderedView = { id, host, disposable: view.render(host as HTMLElement) };
      this.restoreScroll(host as HTMLElement, id);
    }
  }

  /** Each side-bar view keeps its own scroll position (they share one scrolling host). */
  private readonly scrollPositions = new Map<string, number>();
  private scrollRestore = 0;
  private restoring = false;

  private restoreScroll(host: HTMLElement, id: string): void {
    host.onscroll = () => {
      if (!this.restoring && this.renderedView?.host === host && this.renderedView.id === id) this.scrollPositions.set(id, host.scrollTop);
    };
    const wanted = this.scrollPositions.get(id) ?? 0;
    host.scrollTop = 0;
    if (wanted === 0) return;
    // Views render asynchronously (lit, data loading): retry for up to a second until the content is tall enough.
    const ticket = ++this.scrollRestore;
    const started = performance.now();
    this.restoring = true;
    const step = () => {
      if (ticket !== this.scrollRestore) return;
      if (this.renderedView?.host !== host) {
        this.restoring = false;
        return;
      }
      host.scrollTop = wanted;
      if (Math.abs(host.scrollTop - wanted) > 1 && performance.now() - started < 1000) requestAnimationFrame(step);
      else this.restoring = false;
    };
    requestAnimationFrame(step);
  }

  /** The chosen view, or the first one when it was removed (e.g. its plugin was disabled). */
  private activeView() {
    const { views, layout } = this.workbench;
    return views.get(layout.value.activeView) ?? views.all()[0];
  }

  private startResize(event: PointerEvent): void {
    const sash = event.currentTarget as HTMLElement;
    sash.setPointerCapture(event.pointerId);
    const aside = this.querySelector<HTMLElement>('.lf-sidebar')!;
    const left = aside.getBoundingClientRect().left;
    const move = (e: PointerEvent) => {
      aside.style.width = `${Math.min(SIDEBAR_MAX, Math.max(SIDEBAR_MIN, e.clientX - left))}px`;
    };
    const up = (e: PointerEvent) => {
      sash.removeEventListener('pointermove', move);
      sash.removeEventListener('pointerup', up);
      this.workbench.layout.update({ sidebarWidth: e.clientX - left });
    };
    sash.addEventListener('pointermove', move);
    sash.addEventListener('pointerup', up);
    event.preventDefault();
  }

  private startPanelResize(event: PointerEvent): void {
    const sash = event.currentTarget as HTMLElement;
    sash.setPointerCapture(event.pointerId);
    const panel = this.querySelector<HTMLElement>('lf-panel')!;
    const bottom = panel.getBoundingClientRect().bottom;
    const main = this.querySelector<HTMLElement>('.lf-main')!.getBoundingClientRect();
    // Leave the editor at least 120 px.
    const max = Math.min(PANEL_MAX, main.height - 120);
    const height = (e: PointerEvent) => Math.min(max, Math.max(PANEL_MIN, bottom - e.clientY));
    const move = (e: PointerEvent) => {
      panel.style.height = `${height(e)}px`;
    };
    const up = (e: PointerEvent) => {
      sash.removeEventListener('pointermove', move);
      sash.removeEventListener('pointerup', up);
      this.workbench.layout.update({ panelHeight: height(e) });
    };
    sash.addEventListener('pointermove', move);
    sash.addEventListener('pointerup', up);
    event.preventDefault();
  }

  private onPanelSashKey(event: KeyboardEvent): void {
    const step = event.shiftKey ? 50 : 10;
    const { layout } = this.workbench;
    if (event.key === 'ArrowUp') layout.update({ panelHeight: layout.value.panelHeight + step });
    else if (event.key === 'ArrowDown') layout.update({ panelHeight: layout.value.panelHeight - step });
    else return;
    event.preventDefault();
  }

  private onSashKey(event: KeyboardEvent): void {
    const step = event.shiftKey ? 50 : 10;
    const { layout } = this.workbench;
    if (event.key === 'ArrowLeft') layout.update({ sidebarWidth: layout.value.sidebarWidth - step });
    else if (event.key === 'ArrowRight') layout.update({ sidebarWidth: layout.value.sidebarWidth + step });
    else return;
    event.preventDefault();
  }

  private onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.requestUpdate();
    }
  }

  private onDragLeave(event: DragEvent): void {
    if (event.relatedTarget && this.contains(event.relatedTarget as Node)) return;
    this.dragging = false;
    this.requestUpdate();
  }

  private onDrop(event: DragEvent): void {
    this.dragging = false;
    this.requestUpdate();
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    const files = [...event.dataTransfer.files];
    if (files.length === 0) {
      this.workbench.notifications.notify({ severity: 'warning', title: this.t('error.noFilesDropped'), code: 'drop.noFiles' });
      return;
    }
    void this.workbench.openFiles(files);
  }

  private async onFileInput(event: InputEvent): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    await this.workbench.openFiles(files);
  }

  protected override render() {
    const w = this.workbench;
    const layout = w.layout.value;
    const view = this.activeView();
    const showStatus = w.settings.get<boolean>(SETTING.statusBar);
    return html`<div class="lf-shell" @dragover=${this.onDragOver} @dragleave=${this.onDragLeave} @drop=${this.onDrop}>
        <lf-activity-bar .workbench=${w}></lf-activity-bar>
        ${layout.sidebarVisible && view
          ? html`<aside class="lf-sidebar" style="width:${layout.sidebarWidth}px" aria-label=${w.i18n.localize(view.title)} data-view=${view.id}>
                <h2 class="lf-sidebar-title">${w.i18n.localize(view.title)}</h2>
                <div class="lf-view-host"></div>
              </aside>
              <div class="lf-sash" role="separator" aria-orientation="vertical" tabindex="0" aria-valuemin=${SIDEBAR_MIN} aria-valuemax=${SIDEBAR_MAX}
                aria-valuenow=${layout.sidebarWidth} @pointerdown=${this.startResize} @keydown=${this.onSashKey}></div>`
          : ''}
        <main class="lf-main">
          <lf-editor-area .workbench=${w}></lf-editor-area>
          ${layout.panelVisible
            ? html`<div class="lf-sash lf-sash-horizontal" role="separator" aria-orientation="horizontal" tabindex="0" aria-valuemin=${PANEL_MIN}
                  aria-valuemax=${PANEL_MAX} aria-valuenow=${layout.panelHeight} @pointerdown=${this.startPanelResize} @keydown=${this.onPanelSashKey}></div>
                <lf-panel .workbench=${w} style="height:${layout.panelHeight}px"></lf-panel>`
            : ''}
        </main>
      </div>
      ${showStatus ? html`<lf-status-bar .workbench=${w}></lf-status-bar>` : ''}
      <lf-command-palette .workbench=${w}></lf-command-palette>
      <lf-notifications .workbench=${w}></lf-notifications>
      <lf-dialog .workbench=${w}></lf-dialog>
      <input id="lf-open-file" type="file" multiple accept=".bpmn,.xml,application/xml,text/xml,.csv,.xes,.gz" hidden @change=${this.onFileInput} />
      ${this.dragging ? html`<div class="lf-drop-overlay" aria-hidden="true"><p>${this.t('editor.dropHint')}</p></div>` : ''}`;
  }
}

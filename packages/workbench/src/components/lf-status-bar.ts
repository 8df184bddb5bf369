// <lf-status-bar>: document, dirty state, zoom, problems, language, plus contributed items.
import { html, nothing } from 'lit';
import type { Event } from '../base/lifecycle.ts';
import type { StatusBarItem } from '../services/contributions.ts';
import { WorkbenchElement } from './workbench-element.ts';

export class LfStatusBar extends WorkbenchElement {
  protected override watch(): Event<unknown>[] {
    const w = this.workbench;
    return [w.documents.onDidChange, w.onDidChangeZoom, w.problems.onDidChange, w.statusBar.onDidChange, w.editorTabs.onDidChange];
  }

  private item(item: StatusBarItem) {
    const text = this.workbench.i18n.localize(item.text);
    return item.command
      ? html`<button class="lf-status-item" data-item=${item.id} title=${item.tooltip ?? text} @click=${() => this.workbench.commands.execute(item.command!)}>${text}</button>`
      : html`<span class="lf-status-item" data-item=${item.id} title=${item.tooltip ?? text}>${text}</span>`;
  }

  protected override render() {
    const w = this.workbench;
    const doc = w.documents.active;
    // The same list as the Problems panel: a tab that is not about the active document (Compare) hides its problems.
    const extra = w.editorTabs.active;
    const count = (extra ? w.problems.get(extra.id).length : 0) + (doc && extra?.showsDocumentProblems !== false ? w.problems.get(doc.id).length : 0);
    const problems = count === 0 ? this.t('status.problems.none') : count === 1 ? this.t('status.problems.one') : this.t('status.problems.many', { count });
    const language = w.i18n.language === 'zh-CN' ? '简体中文' : 'English';
    return html`<footer class="lf-status-bar" aria-label=${this.t('status.label')}>
      <div class="lf-status-left">
        <button class="lf-status-item" data-item="problems" @click=${() => w.commands.execute('workbench.showProblems')}>${problems}</button>
        <span class="lf-status-item" data-item="document" title=${doc ? doc.name : nothing}>${doc ? doc.name : this.t('status.noDocument')}</span>
        ${doc ? html`<span class="lf-status-item" data-item="saved">${doc.dirty ? this.t('status.unsaved') : this.t('status.saved')}</span>` : ''}
        ${w.statusBar.all('left').map((i) => this.item(i))}
      </div>
      <div class="lf-status-right">
        ${w.statusBar.all('right').map((i) => this.item(i))}
        ${doc ? html`<button class="lf-status-item" data-item="zoom" title=${this.t('command.zoomFit')} @click=${() => w.commands.execute('view.zoomFit')}>${this.t('status.zoom', { percent: Math.round(w.zoom * 100) })}</button>` : ''}
        <button class="lf-status-item" data-item="language" title=${this.t('command.switchLanguage')} @click=${() => w.commands.execute('workbench.switchLanguage')}>${language}</button>
      </div>
    </footer>`;
  }
}
customElements.define('lf-status-bar', LfStatusBar);

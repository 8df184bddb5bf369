// <lf-panel>: the bottom panel with Problems (for the active document) and Output.
import { html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { describeElement } from '@leanflow/analysis';
import type { Event } from '../base/lifecycle.ts';
import { ICONS, WorkbenchElement } from './workbench-element.ts';

export class LfPanel extends WorkbenchElement {
  protected override watch(): Event<unknown>[] {
    const { problems, output, layout, documents } = this.workbench;
    return [problems.onDidChange, output.onDidChange, layout.onDidChange, documents.onDidChange, this.workbench.editorTabs.onDidChange];
  }

  protected override updated(): void {
    const log = this.querySelector('.lf-output');
    if (log) log.scrollTop = log.scrollHeight;
  }

  private onListKeydown(event: KeyboardEvent): void {
    const items = [...this.querySelectorAll<HTMLElement>('.lf-problem')];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      items[Math.max(0, Math.min(items.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
      event.preventDefault();
    } else if (event.key === 'Enter' && index >= 0) {
      items[index]!.click();
    }
  }

  /** "Task 'Check customer history'" (its id in the tooltip); "Element Task_7" only when the diagram does not have it. */
  private elementText(elementId: string): string {
    const description = this.workbench.activeEditor?.describe(elementId);
    return description ? describeElement(description, this.workbench.i18n.language) : this.t('problem.element', { id: elementId });
  }

  protected override render() {
    const { problems, output, layout, documents } = this.workbench;
    const tab = layout.value.panelTab;
    // Problems of the shown non-document tab (e.g. the plugin being written) come first, then the active document's.
    const extra = this.workbench.editorTabs.active;
    const list = [
      ...(extra ? problems.get(extra.id).map((p) => ({ p, documentId: extra.id })) : []),
      ...(documents.active && extra?.showsDocumentProblems !== false ? problems.get(documents.active.id).map((p) => ({ p, documentId: documents.active!.id })) : []),
    ];
    const tabButton = (id: 'problems' | 'output', label: string, badge?: number) =>
      html`<button role="tab" class="lf-panel-tab ${tab === id ? 'active' : ''}" aria-selected=${tab === id} data-tab=${id}
        @click=${() => layout.update({ panelTab: id })}>${label}${badge ? html` <span class="lf-badge">${badge}</span>` : ''}</button>`;
    return html`<section class="lf-panel" aria-label=${this.t('panel.label')}>
      <header class="lf-panel-header">
        <div role="tablist">${tabButton('problems', this.t('panel.problems'), list.length)}${tabButton('output', this.t('panel.output'))}</div>
        <button class="lf-icon-button" aria-label=${this.t('panel.close')} title=${this.t('panel.close')} @click=${() => layout.update({ panelVisible: false })}>${unsafeHTML(ICONS.close)}</button>
      </header>
      <div class="lf-panel-body" role="tabpanel">
        ${tab === 'problems'
          ? list.length === 0
            ? html`<p class="lf-empty">${this.t('panel.noProblems')}</p>`
            : html`<ul class="lf-problems" @keydown=${this.onListKeydown}>
                ${list.map(({ p, documentId }) => {
                  // Quick fixes (e.g. suggestions on the problem's element) as lightbulb buttons; they run commands.
                  const fixes = problems.quickFixes(documentId, p).slice(0, 3);
                  return html`<li class="lf-problem ${p.severity}" tabindex="0" @click=${() => p.elementId && this.workbench.activeEditor?.reveal(p.elementId)}>
                    <span class="lf-severity">${unsafeHTML(ICONS[p.severity])}</span><span class="lf-problem-message">${p.message}</span>
                    <span class="lf-problem-source">${p.source}${p.elementId ? html` · <span class="lf-problem-element" data-element-id=${p.elementId} title=${p.elementId}>${this.elementText(p.elementId)}</span>` : ''}</span>
                    ${fixes.length === 0
                      ? ''
                      : html`<span class="lf-quick-fixes">${fixes.map(
                      (fix) => html`<button class="lf-quick-fix" title=${fix.title} @click=${(event: MouseEvent) => {
                        event.stopPropagation();
                        void this.workbench.commands.execute(fix.command, ...(fix.args ?? []));
                      }}>${unsafeHTML(ICONS.lightbulb)}<span>${fix.title}</span></button>`,
                    )}</span>`}
                  </li>`;
                })}
              </ul>`
          : html`<pre class="lf-output" tabindex="0">${output.all().length === 0 ? this.t('panel.noOutput') : output.all().map((l) => `[${l.time.toLocaleTimeString()}] ${l.text}\n`)}</pre>`}
      </div>
    </section>`;
  }
}
customElements.define('lf-panel', LfPanel);

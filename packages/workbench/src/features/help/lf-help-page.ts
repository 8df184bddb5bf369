// <lf-help-page>: the studio's help tab — the KPI glossary (plain words, English and Chinese) and the guide
// (docs/*.md rendered), with links between pages kept inside the tab.
import { html, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import { CHINESE_PAGES, DOC_PAGES, helpTarget, loadLocalizedDoc, renderDoc } from './docs.ts';
import { GLOSSARY } from './glossary.ts';
import type { HelpMessageKey } from './messages.ts';

export class LfHelpPage extends WorkbenchElement {
  page = 'glossary';
  anchor: string | undefined;
  private html: string | undefined;
  private loadedPage: string | undefined;
  /** The language of the page shown (English when the page has no version in the studio's language). */
  private loadedLanguage: 'en' | 'zh-CN' = 'en';
  private failed = false;

  private m(key: HelpMessageKey, params?: Record<string, string | number>): string {
    return this.workbench.i18n.localize(`%${key}%`, params);
  }

  /** Shows a page (`glossary` or a docs page name) and scrolls to `anchor`. */
  show(page: string, anchor?: string): void {
    this.page = page;
    this.anchor = anchor;
    const language = this.workbench.i18n.language;
    if (page !== 'glossary' && (page !== this.loadedPage || (language !== this.loadedLanguage && (language === 'en' || CHINESE_PAGES.includes(page))))) {
      this.html = undefined;
      this.failed = false;
      void loadLocalizedDoc(page, language).then((doc) => {
        if (this.page !== page) return;
        this.loadedPage = page;
        if (doc === undefined) this.failed = true;
        else {
          this.html = renderDoc(doc.markdown);
          this.loadedLanguage = doc.language;
        }
        this.requestUpdate();
      });
    }
    this.requestUpdate();
  }

  // A language switch while a guide page is shown brings that page in the new language (when it has one).
  protected override willUpdate(): void {
    const language = this.workbench.i18n.language;
    if (this.page !== 'glossary' && this.loadedPage === this.page && this.html !== undefined && language !== this.loadedLanguage && (language === 'en' || CHINESE_PAGES.includes(this.page))) {
      queueMicrotask(() => this.show(this.page, this.anchor));
    }
  }

  protected override updated(): void {
    const content = this.querySelector<HTMLElement>('.lf-help-content');
    if (!content) return;
    if (!this.anchor) {
      content.scrollTop = 0;
      return;
    }
    // Rule links say "#cycle-time" for the heading "cycle-time — Cycle time…": take the heading that starts so.
    const target = content.querySelector<HTMLElement>(`[id="${CSS.escape(this.anchor)}"]`) ?? [...content.querySelectorAll<HTMLElement>('[id]')].find((e) => e.id.startsWith(`${this.anchor}-`));
    if (target && (this.page === 'glossary' || this.html !== undefined)) {
      // The guide marks some headings with an empty <a id> inside or before them: mark what the reader sees.
      let shown: HTMLElement = target.closest<HTMLElement>('h1, h2, h3, h4, h5, p, li') ?? target;
      if (!shown.textContent?.trim()) shown = (shown.nextElementSibling as HTMLElement | null) ?? shown;
      shown.scrollIntoView({ block: 'start' });
      shown.classList.add('lf-help-target');
      this.anchor = undefined;
    }
  }

  private onClick(event: MouseEvent): void {
    const link = (event.target as Element).closest('a[href]');
    const target = link ? helpTarget(link.getAttribute('href')!) : undefined;
    if (target) {
      event.preventDefault();
      this.show(target.page, target.anchor);
    } else if (link?.getAttribute('href')?.startsWith('#')) {
      event.preventDefault();
      this.show(this.page, link.getAttribute('href')!.slice(1));
    }
  }

  protected override render() {
    const zh = this.workbench.i18n.language === 'zh-CN';
    const nav = (page: string, label: string) => html`<li><a href=${page === 'glossary' ? '#glossary' : `docs/${page}.md`} class=${this.page === page ? 'active' : ''} data-page=${page}>${label}</a></li>`;
    return html`<div class="lf-help" @click=${(e: MouseEvent) => this.onClick(e)}>
      <nav class="lf-help-nav" aria-label=${this.m('help.title')}>
        <div class="lf-help-actions">
          <button class="lf-button secondary" data-action="welcome" @click=${() => this.workbench.commands.execute('help.welcome')}>${this.m('help.welcome')}</button>
          <button class="lf-button secondary" data-action="tour" @click=${() => this.workbench.commands.execute('help.tour')}>${this.m('help.tour')}</button>
        </div>
        <ul>
          ${nav('glossary', this.m('help.glossary'))}
          ${DOC_PAGES.map((page) => nav(page, this.m(`help.page.${page}` as HelpMessageKey)))}
        </ul>
        ${zh ? html`<p class="lf-help-note">${this.m('help.englishOnly')}</p>` : nothing}
      </nav>
      <article class="lf-help-content" data-page=${this.page}>
        ${this.page === 'glossary'
          ? html`<h1>${this.m('help.glossary')}</h1><p class="lf-help-lead">${this.m('help.glossaryLead')}</p>
              <dl class="lf-glossary">${GLOSSARY.map((t) => html`<dt id=${t.id}>${zh ? t.term.zh : t.term.en}${zh ? html` <span class="lf-glossary-en">${t.term.en}</span>` : nothing}</dt><dd>${zh ? t.text.zh : t.text.en}</dd>`)}</dl>`
          : this.failed
            ? html`<p>${this.m('help.missing', { page: this.page })}</p>`
            : this.html === undefined
              ? html`<p class="lf-help-lead">${this.m('help.loading')}</p>`
              : html`${zh && this.loadedLanguage === 'en' ? html`<p class="lf-help-fallback" role="note">${this.m('help.fallback')}</p>` : nothing}
                  <div class="lf-help-doc" lang=${this.loadedLanguage}>${unsafeHTML(this.html)}</div>`}
      </article>
    </div>`;
  }
}
customElements.define('lf-help-page', LfHelpPage);

// <lf-welcome-page>: the first-run and Help → Welcome page: start actions and the template gallery (built-in
// sales-service templates and the ones plugins contribute through `contributes.processTemplates`).
import { html } from 'lit';
import { PROCESS_TEMPLATES, templateTaskCount, type ProcessTemplate } from '@leanflow/model';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import type { Event } from '../../base/lifecycle.ts';
import type { WelcomeService } from './welcome-service.ts';

export class LfWelcomePage extends WorkbenchElement {
  controller!: WelcomeService;

  protected override watch(): Event<unknown>[] {
    return [this.controller.onDidChange];
  }

  private text(template: ProcessTemplate, field: 'name' | 'description'): string {
    return template[field][this.workbench.i18n.language === 'zh-CN' ? 'zh' : 'en'];
  }

  protected override render() {
    const { commands } = this.workbench;
    const m = this.controller.m.bind(this.controller);
    const plugins = this.controller.pluginTemplates();
    return html`<div class="lf-welcome-page">
      <h1>${m('welcome.title')}</h1>
      <p class="lf-welcome-lead">${m('welcome.lead')}</p>
      ${this.controller.tourOffered()
        ? html`<div class="lf-welcome-tour-offer" data-part="tour-offer">
            <span>${m('tour.offer')}</span>
            <button class="lf-button" data-action="tour" @click=${() => commands.execute('help.tour')}>${m('welcome.tour')}</button>
            <button class="lf-button secondary" data-action="dismiss-tour" @click=${() => this.controller.dismissTourOffer()}>${m('tour.noThanks')}</button>
          </div>`
        : ''}
      <section class="lf-welcome-start">
        <h2>${m('welcome.start')}</h2>
        <div class="lf-welcome-actions">
          <button class="lf-button" data-action="new" @click=${() => commands.execute('file.newProcess')}>${m('welcome.newProcess')}</button>
          <button class="lf-button secondary" data-action="open" @click=${() => commands.execute('file.open')}>${m('welcome.openFile')}</button>
          <button class="lf-button secondary" data-action="tour" @click=${() => commands.execute('help.tour')}>${m('welcome.tour')}</button>
          ${commands.get('help.docs') ? html`<button class="lf-button secondary" data-action="docs" @click=${() => commands.execute('help.docs', { page: 'studio' })}>${m('welcome.learn')}</button>` : ''}
          ${commands.get('help.glossary') ? html`<button class="lf-button secondary" data-action="glossary" @click=${() => commands.execute('help.glossary')}>${m('welcome.glossary')}</button>` : ''}
        </div>
      </section>
      <section>
        <h2>${m('welcome.gallery')}</h2>
        <p class="lf-welcome-hint">${m('welcome.galleryHint')}</p>
        <ul class="lf-template-gallery" role="list">
          ${PROCESS_TEMPLATES.map((template) => html`<li class="lf-template-card" data-template=${template.id}>
            <h3 title=${this.text(template, 'name')}>${this.text(template, 'name')}</h3>
            <p>${this.text(template, 'description')}</p>
            <div class="lf-template-footer">
              <span class="lf-template-figures">${m('welcome.tasks', { asIs: templateTaskCount(template.asIs), toBe: templateTaskCount(template.toBe) })}</span>
              <button class="lf-button" @click=${() => this.controller.openTemplate(template.id)}>${m('welcome.open')}</button>
            </div>
          </li>`)}
          ${plugins.map((template) => html`<li class="lf-template-card plugin" data-template=${template.id} data-plugin=${template.pluginId}>
            <h3 title=${template.name}>${template.name}</h3>
            <p>${template.description ?? ''}</p>
            <div class="lf-template-footer">
              <span class="lf-template-figures">${m('welcome.fromPlugin', { plugin: template.pluginName })}</span>
              <button class="lf-button" @click=${() => this.controller.openPluginTemplate(template.pluginId, template.id)}>${m('welcome.openPlugin')}</button>
            </div>
          </li>`)}
        </ul>
      </section>
    </div>`;
  }
}
customElements.define('lf-welcome-page', LfWelcomePage);

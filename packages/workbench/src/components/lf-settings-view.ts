// <lf-settings-view>: generated from the setting schemas; search filters by title, description and id.
import { html } from 'lit';
import type { Event } from '../base/lifecycle.ts';
import type { SettingIssue, SettingSchema } from '../services/settings.ts';
import { WorkbenchElement } from './workbench-element.ts';
import { findTerm } from '../features/help/glossary.ts';

/** Settings about a KPI (lean-scorecard thresholds...) link to its plain-words explanation. */
const SETTING_TERMS: readonly [RegExp, string][] = [
  [/firstResponse/i, 'firstResponse'],
  [/utili[sz]ation/i, 'kingman'],
  [/flowFactor|cycleTime/i, 'flowFactor'],
  [/efficiency|pce/i, 'pce'],
  [/handOff/i, 'handOff'],
  [/cost/i, 'costPerCase'],
  [/resolution/i, 'withinSla'],
  [/nonValue|valueAdding/i, 'valueClass'],
];

function settingGlossary(id: string, label: string) {
  const term = SETTING_TERMS.find(([pattern]) => pattern.test(id))?.[1];
  return term && findTerm(term) ? html` <a class="lf-glossary-link" href=${`#glossary:${term}`} title=${label} aria-label=${label}>?</a>` : '';
}

export class LfSettingsView extends WorkbenchElement {
  private query = '';
  private errors = new Map<string, string>();

  protected override watch(): Event<unknown>[] {
    return [this.workbench.settings.onDidChange, this.workbench.settings.onDidChangeSchemas];
  }

  private isShown(schema: SettingSchema): boolean {
    const q = this.query.trim().toLowerCase();
    if (!q) return true;
    const { i18n } = this.workbench;
    const text = [schema.id, i18n.localize(schema.title), i18n.localize(schema.description), i18n.localize(schema.category ?? '')].join(' ').toLowerCase();
    return q.split(/\s+/).every((word) => text.includes(word));
  }

  private change(schema: SettingSchema, raw: string | boolean): void {
    const value = schema.type === 'number' ? Number(raw) : schema.type === 'boolean' ? raw : String(raw);
    const result = this.workbench.settings.set(schema.id, value);
    if (result.ok) this.errors.delete(schema.id);
    else this.errors.set(schema.id, this.describe(schema, result.issue.code));
    this.requestUpdate();
  }

  /** The issue in the user's language (SettingIssue.message is English, for logs and plugin authors). */
  private describe(schema: SettingSchema, code: SettingIssue['code']): string {
    switch (code) {
      case 'wrong-type':
        return this.t('settings.issue.wrongType', { type: this.t(`settings.type.${schema.type}`) });
      case 'not-allowed':
        return this.t('settings.issue.notAllowed');
      case 'out-of-range':
        return this.t('settings.issue.outOfRange', { min: schema.minimum ?? '-∞', max: schema.maximum ?? '∞' });
      case 'unknown-setting':
        return this.t('settings.issue.unknown');
    }
  }

  private control(schema: SettingSchema) {
    const { settings, i18n } = this.workbench;
    const value = settings.get(schema.id);
    const id = `setting-${schema.id}`;
    if (schema.type === 'boolean') {
      return html`<label class="lf-checkbox"><input id=${id} type="checkbox" .checked=${value === true}
        @change=${(e: InputEvent) => this.change(schema, (e.target as HTMLInputElement).checked)} /><span>${i18n.localize(schema.description)}</span></label>`;
    }
    if (schema.enum) {
      return html`<select id=${id} class="lf-input" aria-describedby="${id}-description" @change=${(e: InputEvent) => this.change(schema, (e.target as HTMLSelectElement).value)}>
        ${schema.enum.map((option, i) => html`<option value=${String(option)} ?selected=${option === value}>${i18n.localize(schema.enumLabels?.[i] ?? String(option))}</option>`)}
      </select>`;
    }
    return html`<input id=${id} class="lf-input" aria-describedby="${id}-description" type=${schema.type === 'number' ? 'number' : 'text'} .value=${String(value)}
      min=${schema.minimum ?? ''} max=${schema.maximum ?? ''} @change=${(e: InputEvent) => this.change(schema, (e.target as HTMLInputElement).value)} />`;
  }

  protected override render() {
    const { settings, i18n } = this.workbench;
    const shown = settings.all().filter((s) => this.isShown(s));
    return html`<div class="lf-settings">
      <input class="lf-input lf-search" type="search" placeholder=${this.t('settings.search')} aria-label=${this.t('settings.search')} .value=${this.query}
        @input=${(e: InputEvent) => { this.query = (e.target as HTMLInputElement).value; this.requestUpdate(); }} />
      ${shown.length === 0 ? html`<p class="lf-empty">${this.t('settings.noResults', { query: this.query })}</p>` : ''}
      ${shown.map((schema) => {
        const id = `setting-${schema.id}`;
        const error = this.errors.get(schema.id);
        const modified = settings.isModified(schema.id);
        return html`<div class="lf-setting ${modified ? 'modified' : ''}" data-setting=${schema.id} title=${modified ? this.t('settings.modified') : ''}>
          <label class="lf-setting-title" for=${id}>${schema.category ? html`<span class="lf-setting-category">${i18n.localize(schema.category)}: </span>` : ''}${i18n.localize(schema.title)}${settingGlossary(schema.id, this.t('settings.whatThisMeans'))}</label>
          ${schema.type !== 'boolean' ? html`<p class="lf-setting-description" id="${id}-description">${i18n.localize(schema.description)}</p>` : ''}
          ${this.control(schema)}
          ${error ? html`<p class="lf-setting-error" role="alert">${this.t('settings.invalid', { detail: error })}</p>` : ''}
          ${settings.isModified(schema.id) ? html`<button class="lf-link" @click=${() => { settings.reset(schema.id); this.errors.delete(schema.id); }}>${this.t('settings.reset')}</button>` : ''}
        </div>`;
      })}
    </div>`;
  }
}
customElements.define('lf-settings-view', LfSettingsView);

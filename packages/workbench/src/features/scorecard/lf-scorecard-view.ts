// <lf-scorecard-view>: the Scorecard side-bar view. Overall score (ring), category bars, rules grouped by category
// (collapsible) with findings; not-applicable rules greyed with the reason.
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Event } from '../../base/lifecycle.ts';
import { ICONS, WorkbenchElement } from '../../components/workbench-element.ts';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ScorecardController } from './scorecard-controller.ts';
import type { ScorecardMessageKey } from './messages.ts';
import type { FindingView, RuleView, ScorecardViewModel } from './view-model.ts';
import './scorecard.css';
import { glossaryHref } from '../help/glossary.ts';

export class LfScorecardView extends WorkbenchElement {
  controller!: ScorecardController;
  private readonly collapsed = new Set<string>();

  protected override watch(): Event<unknown>[] {
    return [this.controller.onDidChange, this.workbench.documents.onDidChange];
  }

  private s(key: ScorecardMessageKey, params?: Record<string, string | number>): string {
    return this.controller.t(key, params);
  }

  private select(finding: FindingView): void {
    const editor = this.workbench.activeEditor;
    if (!editor?.modeler || finding.elementIds.length === 0) return;
    const registry = editor.get<{ get(id: string): unknown }>('elementRegistry');
    const elements = finding.elementIds.map((id) => registry.get(id)).filter(Boolean);
    if (elements.length === 0) return;
    editor.get<{ select(e: unknown[]): void }>('selection').select(elements);
    editor.get<{ scrollToElement(e: unknown): void }>('canvas').scrollToElement(elements[0]);
  }

  private toggle(id: string): void {
    if (this.collapsed.has(id)) this.collapsed.delete(id);
    else this.collapsed.add(id);
    this.requestUpdate();
  }

  private ring(model: ScorecardViewModel): TemplateResult {
    const r = 42;
    const c = 2 * Math.PI * r;
    const share = (model.score ?? 0) / 100;
    return html`<div class="lf-score-ring tone-${model.tone}" data-score=${model.score ?? ''}>
      <svg viewBox="0 0 100 100" aria-hidden="true">
        ${svg`<circle cx="50" cy="50" r=${r} class="track"/><circle cx="50" cy="50" r=${r} class="value" stroke-dasharray=${`${c * share} ${c}`} transform="rotate(-90 50 50)"/>`}
      </svg>
      <div class="lf-score-number"><span class="lf-score-overall">${model.scoreText}</span><small>${this.s('scorecard.outOf')}</small></div>
    </div>`;
  }

  private finding(f: FindingView): TemplateResult {
    return html`<li class="lf-score-finding severity-${f.severity}">
      <button class="lf-score-finding-main" data-rule=${f.ruleId} title=${this.s('scorecard.selectElements')} @click=${() => this.select(f)}>
        <span class="lf-score-sev" aria-label=${this.s(`scorecard.severity.${f.severity}` as ScorecardMessageKey)}>${unsafeHTML(ICONS[f.severity])}</span>
        <span class="lf-score-msg">${f.message}</span>
      </button>
      <details class="lf-score-why"><summary>${this.s('scorecard.why')}</summary><p>${f.why}</p>
        <a href=${f.docsUrl} target="_blank" rel="noopener">${this.s('scorecard.learnMore')}</a>
        ${glossaryHref(f.ruleId) ? html` · <a href=${glossaryHref(f.ruleId)!} data-glossary>${this.s('scorecard.whatThisMeans')}</a>` : nothing}</details>
    </li>`;
  }

  private rule(rule: RuleView): TemplateResult {
    const scored = rule.status === 'scored';
    return html`<li class="lf-score-rule ${scored ? '' : 'not-scored'}" data-rule=${rule.id} data-status=${rule.status} data-score=${rule.score ?? ''}>
      <div class="lf-score-rule-head">
        <span class="lf-score-rule-title">${rule.title}${glossaryHref(rule.id) ? html`<a class="lf-glossary-link" href=${glossaryHref(rule.id)!} title=${this.s('scorecard.whatThisMeans')} aria-label=${this.s('scorecard.whatThisMeans')}>?</a>` : nothing}</span>
        <span class="lf-score-pill tone-${rule.tone}">${scored ? rule.scoreText : this.s('scorecard.notScored')}</span>
      </div>
      ${rule.source ? html`<div class="lf-score-rule-source">${this.s('scorecard.fromPlugin', { name: rule.source })}</div>` : nothing}
      <div class="lf-score-rule-explain">${rule.explanation}</div>
      ${rule.reason ? html`<div class="lf-score-reason">${rule.reason}</div>` : nothing}
      ${rule.findings.length ? html`<ul class="lf-score-findings">${rule.findings.map((f) => this.finding(f))}</ul>` : nothing}
    </li>`;
  }

  /** "Profile: Team (stored in the model)" with the button that stores or removes it. */
  private profileLine(model: ScorecardViewModel): TemplateResult {
    const used = this.controller.state(this.workbench.documents.active?.id)?.profile;
    const fromModel = used?.source === 'model';
    return html`<div class="lf-score-meta lf-score-profile" data-profile=${model.profileId} data-profile-source=${used?.source ?? ''}>
      <span>${this.s('scorecard.profile', { name: model.profileName })}</span>
      <span class="lf-score-profile-source">(${this.s(fromModel ? 'scorecard.profile.fromModel' : 'scorecard.profile.fromSettings')})</span>
      ${fromModel
        ? html`<button class="lf-link-button" data-action="remove-profile" @click=${() => this.controller.removeProfileFromModel()}>${this.s('scorecard.removeProfile')}</button>`
        : html`<button class="lf-link-button" data-action="save-profile" title=${this.s('scorecard.saveProfile.tooltip')} @click=${() => this.controller.saveProfileToModel()}>
            ${this.s('scorecard.saveProfile')}
          </button>`}
    </div>`;
  }

  private body(model: ScorecardViewModel): TemplateResult {
    return html`
      <div class="lf-score-head">
        ${this.ring(model)}
        <div class="lf-score-head-text">
          <div class="lf-score-title">${this.s('scorecard.overall')}</div>
          <div class="lf-score-verdict tone-${model.tone}">${model.verdict}</div>
          ${this.profileLine(model)}
          <div class="lf-score-meta">${this.s('scorecard.summary', { scored: model.scoredRules, total: model.totalRules, findings: model.findingCount })}</div>
        </div>
      </div>
      ${model.simulated
        ? html`<div class="lf-score-note" data-run=${model.runText}>${model.runText || this.s('scorecard.simulated')}</div>`
        : model.needsSimulation
          ? html`<div class="lf-score-note needs-simulation" data-static>
              <span>${this.s('scorecard.static')} ${this.s('scorecard.notSimulated')}</span>
              ${this.controller.canSimulate
                ? html`<button class="lf-button" data-action="simulate" ?disabled=${this.controller.simulating} @click=${() => void this.controller.simulate()}>
                    ${this.controller.simulating ? this.s('scorecard.simulating') : this.s('scorecard.simulate')}
                  </button>`
                : nothing}
            </div>`
          : nothing}
      <ul class="lf-score-bars" aria-label=${this.s('scorecard.categories')}>
        ${model.categories.map(
          (c) => html`<li data-category=${c.id}><span class="label">${c.title}</span>
            <span class="bar"><span class="fill tone-${c.tone}" style="width:${c.score ?? 0}%"></span></span>
            <span class="value">${c.scoreText}</span></li>`,
        )}
      </ul>
      ${model.categories.map((c) => {
        const open = !this.collapsed.has(c.id);
        return html`<section class="lf-score-group" data-category=${c.id}>
          <button class="lf-score-group-head" aria-expanded=${open} @click=${() => this.toggle(c.id)}>
            <span class="chevron">${open ? '▾' : '▸'}</span><span>${c.title}</span>
            <span class="lf-score-pill tone-${c.tone}">${c.scoreText}</span>
          </button>
          ${open ? html`<ul class="lf-score-rules">${c.rules.map((r) => this.rule(r))}</ul>` : nothing}
        </section>`;
      })}`;
  }

  override render(): TemplateResult {
    const doc = this.workbench.documents.active;
    const state = this.controller.state(doc?.id);
    const model = doc ? this.controller.viewModel(doc.id) : undefined;
    const scoring = state?.status === 'scoring';
    return html`<div class="lf-scorecard ${scoring ? 'is-scoring' : ''}">
      <div class="lf-view-actions lf-score-toolbar">
        <button class="lf-button secondary" data-action="rescore" ?disabled=${!doc} @click=${() => void this.controller.score()}>${this.s('scorecard.rescore')}</button>
        <span class="lf-score-busy" aria-live="polite">${scoring ? this.s('scorecard.scoring') : ''}</span>
      </div>
      ${!doc
        ? html`<p class="lf-score-empty">${this.s('scorecard.noDocument')}</p>`
        : state?.status === 'refused'
          ? html`<div class="lf-score-refused"><p>${this.s('scorecard.refused')}</p><ul>${state.refusal.map((r) => html`<li>${r.message}</li>`)}</ul></div>`
          : state?.status === 'crashed' && !model
            ? html`<p class="lf-score-empty">${this.s('scorecard.crashed', { detail: state.crash ?? '' })}</p>`
            : state?.status === 'unavailable'
              ? html`<p class="lf-score-empty lf-score-unavailable">${this.s('scorecard.unavailable')}</p>`
            : model
              ? this.body(model)
              : html`<p class="lf-score-empty">${this.s('scorecard.waiting')}</p>`}
    </div>`;
  }
}

if (!customElements.get('lf-scorecard-view')) customElements.define('lf-scorecard-view', LfScorecardView);

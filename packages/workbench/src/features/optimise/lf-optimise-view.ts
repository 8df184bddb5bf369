// <lf-optimise-view>: the Optimise Staffing side-bar view. A target in words (first response or whole case, within a
// time, for a share of cases), limits, Find staffing / Cancel with progress, then the answer: the recommendation,
// the Pareto front as a chart (cost against the share meeting the target; today ringed, hover shows the staffing)
// and a table with "Apply as variant" on each point.
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { StaffingOptimisation, StaffingPoint, StaffingTargetKpi } from '@leanflow/analysis';
import { formatDurationShort, formatMoney, formatPercent, type FormatLanguage } from '@leanflow/plugin-api';
import type { Event } from '../../base/lifecycle.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import type { OptimiseController, OptimiseForm } from './optimise-controller.ts';
import type { OPTIMISE_EN } from './messages.ts';
import { reasonText } from './reason-text.ts';
import './optimise.css';

const UNITS = { min: 60, h: 3600, d: 86400 } as const;
type Unit = keyof typeof UNITS;

/** "Sales assistant 2 · Sales representative 4". */
export function staffingText(point: StaffingPoint): string {
  return Object.entries(point.staffing).map(([name, n]) => `${name} ${n}`).join(' · ');
}

/** A short variant name: role initials and headcounts, e.g. "SA 2, SR 4, SM 1". */
export function staffingShort(point: StaffingPoint): string {
  return Object.entries(point.staffing)
    .map(([name, n]) => `${name.split(/\s+/).filter(Boolean).map((w) => [...w][0]!.toUpperCase()).join('')} ${n}`)
    .join(', ');
}

const samePoint = (a: StaffingPoint | null | undefined, b: StaffingPoint | null | undefined) => !!a && !!b && JSON.stringify(a.headcounts) === JSON.stringify(b.headcounts);

export class LfOptimiseView extends WorkbenchElement {
  controller!: OptimiseController;
  private kpi: StaffingTargetKpi = 'first-response';
  private within = 2;
  private unit: Unit = 'h';
  private sharePercent = 90;
  private maxHeadcount = '';
  private budget = '';
  private defaultsFor: string | undefined;
  private unflagged = false;
  /** The user changed the form: the scenario's defaults (asked from a worker) must not overwrite it when they arrive. */
  private edited = false;

  private readonly tr = (key: keyof typeof OPTIMISE_EN, params?: Record<string, string | number>): string => this.workbench.i18n.localize(`%${key}%`, params);

  protected override watch(): Event<unknown>[] {
    return [this.controller.onDidChange, this.workbench.documents.onDidChange];
  }

  private get language(): FormatLanguage {
    return this.workbench.i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  }

  protected override willUpdate(): void {
    const id = this.workbench.documents.active?.id;
    if (!id || this.defaultsFor === id) return;
    this.defaultsFor = id;
    const state = this.controller.state(id);
    if (state) return this.showForm(state.form);
    void this.controller.defaults(id).then((d) => {
      if ('error' in d || this.defaultsFor !== id) return;
      this.unflagged = !d.flagged;
      if (this.edited) return this.requestUpdate();
      if (!d.flagged) this.kpi = 'cycle-time';
      const seconds = d.firstResponseTargetSeconds;
      this.unit = seconds % 86400 === 0 ? 'd' : seconds % 3600 === 0 ? 'h' : 'min';
      this.within = seconds / UNITS[this.unit];
      this.requestUpdate();
    });
  }

  private showForm(form: OptimiseForm): void {
    this.kpi = form.target.kpi;
    const s = form.target.withinSeconds;
    this.unit = s % 86400 === 0 ? 'd' : s % 3600 === 0 ? 'h' : 'min';
    this.within = s / UNITS[this.unit];
    this.sharePercent = Math.round(form.target.share * 1000) / 10;
    this.maxHeadcount = form.maxHeadcount === undefined ? '' : String(form.maxHeadcount);
    this.budget = form.budget === undefined ? '' : String(form.budget);
  }

  private form(): OptimiseForm | undefined {
    const max = this.maxHeadcount.trim() === '' ? undefined : Number(this.maxHeadcount);
    const budget = this.budget.trim() === '' ? undefined : Number(this.budget);
    if (!(this.within > 0) || !(this.sharePercent > 0 && this.sharePercent <= 100)) return undefined;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1)) return undefined;
    if (budget !== undefined && !(budget >= 0)) return undefined;
    return {
      target: { kpi: this.kpi, withinSeconds: this.within * UNITS[this.unit], share: this.sharePercent / 100 },
      ...(max === undefined ? {} : { maxHeadcount: max }),
      ...(budget === undefined ? {} : { budget }),
    };
  }

  private run(): void {
    const id = this.workbench.documents.active?.id;
    const form = this.form();
    if (id && form) void this.controller.run(id, form);
  }

  override render(): TemplateResult {
    const t = this.tr;
    const doc = this.workbench.documents.active;
    if (!doc) return html`<p class="lf-opt-empty">${t('optimise.noDocument')}</p>`;
    const state = this.controller.state(doc.id);
    const running = state?.status === 'running';
    const valid = this.form() !== undefined;
    const input = (handler: (value: string) => void) => (e: InputEvent) => ((this.edited = true), handler((e.target as HTMLInputElement).value), this.requestUpdate());
    return html`<div class="lf-opt">
      <p class="lf-opt-intro">${t('optimise.intro')}</p>
      <form class="lf-opt-form" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.run())}>
        <label class="lf-opt-row"><span>${t('optimise.target')}</span>
          <select name="kpi" .value=${this.kpi} @change=${input((v) => (this.kpi = v as StaffingTargetKpi))}>
            ${(['first-response', 'cycle-time'] as const).map((k) => html`<option value=${k} ?selected=${this.kpi === k}>${t(`optimise.kpi.${k}` as const)}</option>`)}
          </select></label>
        <div class="lf-opt-row"><span>${t('optimise.within')}</span>
          <input name="within" type="number" min="0" step="any" .value=${String(this.within)} @input=${input((v) => (this.within = Number(v)))} />
          <select name="unit" .value=${this.unit} @change=${input((v) => (this.unit = v as Unit))}>
            ${(Object.keys(UNITS) as Unit[]).map((u) => html`<option value=${u} ?selected=${this.unit === u}>${u}</option>`)}
          </select></div>
        <div class="lf-opt-row"><span>${t('optimise.share')}</span>
          <input name="share" type="number" min="1" max="100" step="any" .value=${String(this.sharePercent)} @input=${input((v) => (this.sharePercent = Number(v)))} /><span>${t('optimise.share.suffix')}</span></div>
        <label class="lf-opt-row"><span>${t('optimise.maxHeadcount')}</span>
          <input name="maxHeadcount" type="number" min="1" step="1" placeholder=${t('optimise.optional')} .value=${this.maxHeadcount} @input=${input((v) => (this.maxHeadcount = v))} /></label>
        <label class="lf-opt-row"><span>${t('optimise.budget')}</span>
          <input name="budget" type="number" min="0" step="any" placeholder=${t('optimise.optional')} .value=${this.budget} @input=${input((v) => (this.budget = v))} /></label>
        ${this.kpi === 'first-response' && this.unflagged ? html`<p class="lf-opt-warning">${t('optimise.unflagged')}</p>` : nothing}
        <div class="lf-opt-actions">
          <button type="submit" class="lf-button primary" data-action="run" ?disabled=${running || !valid}>${t('optimise.run')}</button>
          ${running ? html`<button type="button" class="lf-button" data-action="cancel" @click=${() => this.controller.cancel()}>${t('optimise.cancel')}</button>` : nothing}
        </div>
      </form>
      ${running ? html`<div class="lf-opt-progress" role="status"><progress max=${state.planned} value=${state.done}></progress><span>${t('optimise.progress', { done: state.done, planned: state.planned })}</span></div>` : nothing}
      ${state?.status === 'cancelled' ? html`<p class="lf-opt-note" role="status">${t('optimise.cancelled')}</p>` : nothing}
      ${state?.status === 'failed' ? html`<p class="lf-opt-error" role="alert">${t('optimise.failed', { message: state.message })}</p>` : nothing}
      ${state?.status === 'done' ? this.renderResult(doc.id, state.result, state.scenarioName, state.threads, state.stale) : nothing}
    </div>`;
  }

  private renderResult(documentId: string, result: StaffingOptimisation, scenario: string, threads: number, stale: boolean): TemplateResult {
    const t = this.tr;
    const lang = this.language;
    const money = (x: number) => (result.costUnit === 'currency' ? formatMoney(x, result.currency, lang, { whole: true }) : `${x}`);
    const headline = result.recommended
      ? samePoint(result.recommended, result.current)
        ? t('optimise.current')
        : t('optimise.recommended', { staffing: staffingText(result.recommended), share: formatPercent(result.recommended.withinTarget, lang), cost: money(result.recommended.costPerWeek) })
      : t('optimise.none');
    return html`<section class="lf-opt-result" data-stale=${stale ? 'true' : 'false'}>
      <p class="lf-opt-source">${t('optimise.source', { scenario, replications: result.replications, seed: result.seed, evaluations: result.evaluations, seconds: result.seconds.toFixed(1), threads })}</p>
      ${stale ? html`<p class="lf-opt-warning">${t('optimise.stale')}</p>` : nothing}
      <p class="lf-opt-headline" data-recommended=${result.recommended ? 'yes' : 'no'}>${headline}</p>
      <p class="lf-opt-reason">${lang === 'en' ? result.reason : reasonText(result, t, lang)}</p>
      ${result.pools.filter((p) => p.overloadedNow).map((p) => html`<p class="lf-opt-warning">${t('optimise.overloaded', { pool: p.name, people: p.current, min: p.min })}</p>`)}
      ${result.costUnit === 'people' ? html`<p class="lf-opt-note">${t('optimise.noCosts')}</p>` : nothing}
      ${this.chart(result)}
      <h3 class="lf-opt-subtitle">${t('optimise.front')}</h3>
      <table class="lf-opt-table">
        <thead><tr><th>${t('optimise.col.cost')}</th><th>${t('optimise.col.target')}</th><th>${t('optimise.col.cycle')}</th><th>${t('optimise.col.staffing')}</th></tr></thead>
        <tbody>
          ${result.front.map((p) => {
            const today = samePoint(p, result.current);
            const best = samePoint(p, result.recommended);
            return html`<tr class=${`${today ? 'today' : ''} ${best ? 'best' : ''}`} data-staffing=${staffingText(p)}>
              <td>${money(p.costPerWeek)}</td>
              <td title=${p.withinTargetCi95 ? `95%: ${formatPercent(p.withinTargetCi95[0], lang)} – ${formatPercent(p.withinTargetCi95[1], lang)}` : ''}>${formatPercent(p.withinTarget, lang)}</td>
              <td>${formatDurationShort(p.cycleTime, lang)}</td>
              <td class="lf-opt-staffing" title=${staffingText(p)}>${staffingText(p)}${today ? html` <span class="lf-opt-badge">${t('optimise.today')}</span>` : nothing}${best ? html` <span class="lf-opt-badge best">${t('optimise.best')}</span>` : nothing}
                ${today ? nothing : html`<div><button class="lf-button small" data-action="apply" ?disabled=${stale} @click=${() => this.apply(documentId, p)}>${t('optimise.apply')}</button></div>`}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
  }

  private async apply(documentId: string, point: StaffingPoint): Promise<void> {
    const name = this.tr('optimise.variantName', { staffing: staffingShort(point) });
    const id = await this.controller.applyAsVariant(documentId, point, name);
    if (id) this.workbench.notifications.notify({ severity: 'info', title: this.tr('optimise.applied', { name }), code: 'optimise.applied' });
  }

  /** Cost (or people) against the share meeting the target: front points joined, today ringed, the target dashed. */
  private chart(result: StaffingOptimisation): TemplateResult {
    const lang = this.language;
    const width = 300;
    const height = 190;
    const left = 40;
    const right = 10;
    const top = 10;
    const bottom = 30;
    const cost = (p: StaffingPoint) => (result.costUnit === 'currency' ? p.costPerWeek : p.people);
    const points = [...result.front, ...(result.currentOnFront ? [] : [result.current])];
    const xs = points.map(cost);
    const shares = points.map((p) => p.withinTarget ?? 0);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    const y0 = Math.max(0, Math.min(result.target.share, ...shares) - 0.05);
    const x = (v: number) => left + (x1 > x0 ? ((v - x0) / (x1 - x0)) * (width - left - right) : (width - left - right) / 2);
    const y = (v: number) => top + (1 - (v - y0) / (1 - y0 || 1)) * (height - top - bottom);
    const title = this.tr(result.costUnit === 'currency' ? 'optimise.chart' : 'optimise.chart.people');
    const label = (v: number) => (result.costUnit === 'currency' ? formatMoney(v, result.currency, lang, { whole: true }) : String(v));
    const line = result.front.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(cost(p)).toFixed(1)},${y(p.withinTarget ?? 0).toFixed(1)}`).join(' ');
    const tip = (p: StaffingPoint) => `${staffingText(p)}\n${label(cost(p))} · ${formatPercent(p.withinTarget, lang)}`;
    return html`<figure class="lf-opt-chart">
      <figcaption>${title}</figcaption>
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${title}>
        <line class="axis" x1=${left} y1=${height - bottom} x2=${width - right} y2=${height - bottom}></line>
        <line class="axis" x1=${left} y1=${top} x2=${left} y2=${height - bottom}></line>
        <line class="target" x1=${left} x2=${width - right} y1=${y(result.target.share)} y2=${y(result.target.share)}></line>
        <text class="tick" x=${left - 4} y=${y(1) + 4} text-anchor="end">100%</text>
        <text class="tick" x=${left - 4} y=${y(result.target.share) + 4} text-anchor="end">${formatPercent(result.target.share, lang)}</text>
        <text class="tick" x=${left} y=${height - bottom + 14} text-anchor="start">${label(x0)}</text>
        <text class="tick" x=${width - right} y=${height - bottom + 14} text-anchor="end">${label(x1)}</text>
        <path class="front" d=${line}></path>
        ${points.map((p) => {
          const today = samePoint(p, result.current);
          const best = samePoint(p, result.recommended);
          return svg`<circle class=${`point ${today ? 'today' : ''} ${best ? 'best' : ''}`} data-staffing=${staffingText(p)} cx=${x(cost(p))} cy=${y(p.withinTarget ?? 0)} r=${today ? 6 : 4}><title>${tip(p)}</title></circle>`;
        })}
      </svg>
      <div class="lf-opt-legend"><span class="front">${this.tr('optimise.legend.front')}</span><span class="today">${this.tr('optimise.legend.today')}</span><span class="target">${this.tr('optimise.legend.target')}</span></div>
    </figure>`;
  }
}

customElements.define('lf-optimise-view', LfOptimiseView);

// <lf-simulation-view>: the Simulation side-bar view. Run/cancel with a progress bar, then KPI cards with 95%
// intervals, histograms, bottlenecks, utilisation bars and a sortable task table for the active document.
import { html, svg, nothing, type TemplateResult } from 'lit';
import type { Event } from '../../base/lifecycle.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import { formatNumber } from './format.ts';
import type { DocumentSimulation, SimulationController } from './simulation-controller.ts';
import { issueMessage, sortTasks, UTILISATION_BAND, type HistogramView, type SimulationViewModel, type TaskSortKey } from './view-model.ts';
import type { SimulationMessageKey } from './messages.ts';
import './simulation.css';

export class LfSimulationView extends WorkbenchElement {
  controller!: SimulationController;
  private sortKey: TaskSortKey = 'waiting';

  protected override watch(): Event<unknown>[] {
    return [this.controller.onDidChange, this.workbench.documents.onDidChange, this.workbench.keybindings.onDidChange];
  }

  private s(key: SimulationMessageKey, params?: Record<string, string | number>): string {
    return this.controller.t(key, params);
  }

  private reveal(elementId: string | undefined): void {
    if (elementId) this.workbench.activeEditor?.reveal(elementId);
  }

  private toolbar(state: DocumentSimulation | undefined): TemplateResult {
    const c = this.controller;
    const running = state?.status === 'running';
    const key = this.workbench.keybindings.lookup('simulation.run');
    const hasResult = !!state?.report && !state.stale;
    return html`<div class="lf-view-actions lf-sim-toolbar">
      ${running
        ? html`<button class="lf-button secondary" data-action="cancel" @click=${() => c.cancel()}>${this.s('simulation.cancel')}</button>`
        : html`<button class="lf-button" data-action="run" @click=${() => void c.run()}>
            ${state?.report ? this.s('simulation.rerun') : this.s('simulation.run')}${key ? html`<kbd>${key}</kbd>` : nothing}
          </button>`}
      ${hasResult
        ? html`<button class="lf-button secondary" data-action="heatmap" aria-pressed=${c.heatmapVisible} @click=${() => c.setHeatmap(!c.heatmapVisible)}>
            ${c.heatmapVisible ? this.s('simulation.heatmap.hide') : this.s('simulation.heatmap.show')}
          </button>`
        : nothing}
    </div>`;
  }

  private progress(state: DocumentSimulation): TemplateResult {
    const p = state.progress;
    const percent = Math.floor((p?.fraction ?? 0) * 100);
    const language = this.controller.language;
    const parts = [
      p && p.casesTotal !== null && p.casesDone !== null
        ? this.s('simulation.progress.cases', { done: formatNumber(p.casesDone, language), total: formatNumber(p.casesTotal, language) })
        : this.s('simulation.progress.percent', { percent }),
      p ? this.s('simulation.progress.replication', { k: p.replication, count: p.replications }) : '',
    ].filter(Boolean);
    return html`<div class="lf-sim-progress" aria-live="polite">
      <div class="lf-sim-progress-title">${this.s('simulation.running')}</div>
      <div class="lf-sim-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent} aria-label=${this.s('simulation.running')}>
        <div style="width:${percent}%"></div>
      </div>
      <div class="lf-sim-progress-text">${parts.join(' · ')}</div>
    </div>`;
  }

  private histogram(view: HistogramView, kind: string): TemplateResult {
    const n = view.bars.length || 1;
    const w = 100 / n;
    const top = view.maxShare || 1;
    return html`<figure class="lf-sim-histogram" data-histogram=${kind}>
      <figcaption>${view.title}</figcaption>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label=${view.title}>
        ${view.bars.map((bar, i) => {
          const h = (bar.share / top) * 38;
          return svg`<rect class=${view.target && bar.from >= view.target.position * view.bars[n - 1]!.to - 1e-9 ? 'over' : ''} x=${i * w + w * 0.08} y=${40 - h} width=${w * 0.84} height=${h}><title>${bar.label}</title></rect>`;
        })}
        ${view.target ? svg`<line class="target" x1=${view.target.position * 100} x2=${view.target.position * 100} y1="0" y2="40" vector-effect="non-scaling-stroke"></line>` : nothing}
      </svg>
      <div class="lf-sim-axis"><span>${view.axis[0]}</span><span>${view.axis[1]}</span><span>${view.axis[2]}</span></div>
      ${view.target ? html`<div class="lf-sim-target-note"><i></i>${view.target.label}</div>` : nothing}
    </figure>`;
  }

  private results(model: SimulationViewModel, documentId: string): TemplateResult {
    const language = this.controller.language;
    const rows = sortTasks(model.tasks, this.sortKey, language);
    const header = (key: TaskSortKey, label: string) =>
      html`<th scope="col" aria-sort=${this.sortKey === key ? (key === 'name' ? 'ascending' : 'descending') : 'none'}>
        <button class="lf-sim-sort" title=${this.s('simulation.tasks.sortHint', { column: label })} @click=${() => {
          this.sortKey = key;
          this.requestUpdate();
        }}>${label}${this.sortKey === key ? (key === 'name' ? ' ▲' : ' ▼') : ''}</button>
      </th>`;
    const scenario = this.controller.state(documentId)?.report?.scenario;
    const chosen = this.controller.scenarioOf(documentId);
    return html`${scenario && scenario.available.length > 1
        ? html`<label class="lf-sim-scenario">${this.s('simulation.scenario')}
            <select class="lf-input" @change=${(e: InputEvent) => this.controller.setScenario(documentId, (e.target as HTMLSelectElement).value)}>
              ${scenario.available.map((s) => html`<option value=${s.id} ?selected=${s.id === chosen}>${s.name}</option>`)}
            </select></label>`
        : nothing}
      <p class="lf-sim-summary">${model.summary}</p>
      ${model.sourceNote ? html`<p class="lf-sim-note">${model.sourceNote}</p>` : nothing}
      <h3 class="lf-section-title">${this.s('simulation.kpis')}</h3>
      <div class="lf-sim-cards" data-document=${documentId}>
        ${model.cards.map(
          (card) => html`<div class="lf-sim-card tone-${card.tone}" data-kpi=${card.id} data-value=${card.raw ?? ''}>
            <div class="lf-sim-card-label">${card.label}</div>
            <div class="lf-sim-card-value">${card.value}</div>
            ${card.ci ? html`<div class="lf-sim-card-ci">${card.ci}</div>` : nothing}
            ${card.detail ? html`<div class="lf-sim-card-detail">${card.detail}</div>` : nothing}
          </div>`,
        )}
      </div>
      <h3 class="lf-section-title">${this.s('simulation.bottlenecks')}</h3>
      ${model.bottlenecks.length === 0
        ? html`<p class="lf-empty">${this.s('simulation.bottlenecks.none')}</p>`
        : html`<ol class="lf-sim-bottlenecks">
            ${model.bottlenecks.slice(0, 5).map(
              (b) => html`<li tabindex="0" data-element-id=${b.id} @click=${() => this.reveal(b.id)} @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.reveal(b.id)}>
                <div class="lf-sim-bottleneck-name">${b.name}</div>
                <div class="lf-sim-share"><div style="width:${Math.round(b.share * 100)}%"></div></div>
                <div class="lf-sim-muted">${b.text}${b.utilisationText ? ` · ${b.utilisationText}` : ''}</div>
              </li>`,
            )}
          </ol>`}
      <div class="lf-sim-charts">
        ${this.histogram(model.cycleHistogram, 'cycleTime')} ${model.responseHistogram ? this.histogram(model.responseHistogram, 'firstResponse') : nothing}
      </div>
      <h3 class="lf-section-title">${this.s('simulation.pools')}</h3>
      ${model.pools.length === 0
        ? html`<p class="lf-empty">${this.s('simulation.pools.none')}</p>`
        : html`<ul class="lf-sim-pools">
            ${model.pools.map(
              (pool) => html`<li data-pool=${pool.id} class="band-${pool.band}">
                <div class="lf-sim-pool-head"><span class="lf-sim-pool-name">${pool.name}</span><span class="lf-sim-pool-value">${pool.utilisationText}</span></div>
                <div class="lf-sim-util" title=${this.s('simulation.pools.band')}>
                  <div class="lf-sim-util-band" style="left:${UTILISATION_BAND.low * 100}%;width:${(UTILISATION_BAND.high - UTILISATION_BAND.low) * 100}%"></div>
                  <div class="lf-sim-util-fill" style="width:${Math.min(100, pool.utilisation * 100)}%"></div>
                </div>
                <div class="lf-sim-muted">${pool.bandText} · ${pool.peopleText} · ${pool.queueText}</div>
              </li>`,
            )}
          </ul>
          <p class="lf-sim-muted lf-sim-band-note"><i class="lf-sim-band-swatch"></i>${this.s('simulation.pools.band')}</p>`}
      <h3 class="lf-section-title">${this.s('simulation.tasks')}</h3>
      <table class="lf-sim-tasks">
        <thead><tr>${header('name', this.s('simulation.tasks.name'))}${header('count', this.s('simulation.tasks.count'))}${header('waiting', this.s('simulation.tasks.waiting'))}${header('processing', this.s('simulation.tasks.processing'))}</tr></thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr data-task=${row.id} @click=${() => this.reveal(row.id)}>
              <td><i class="lf-heat-dot lf-heat-swatch-${row.heat}"></i>${row.name}</td><td>${row.countText}</td><td>${row.waitingText}</td><td>${row.processingText}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  protected override render() {
    const c = this.controller;
    const doc = this.workbench.documents.active;
    if (!doc) return html`<p class="lf-empty">${this.s('simulation.noDocument')}</p>`;
    const state = c.state(doc.id);
    const model = state?.report ? c.viewModel(doc.id) : undefined;
    const language = c.language;
    const warnings = state?.report?.issues.filter((i) => i.severity === 'warning' || i.severity === 'error') ?? [];
    return html`<div class="lf-sim" data-status=${state?.status ?? 'idle'} ?data-stale=${!!state?.stale}>
      ${this.toolbar(state)}
      ${!state || (state.status === 'idle' && !model) ? html`<p class="lf-empty">${this.s('simulation.intro')}</p>` : nothing}
      ${state?.status === 'running' ? this.progress(state) : nothing}
      ${state?.status === 'cancelled' ? html`<p class="lf-sim-note" role="status" data-note="cancelled">${this.s('simulation.cancelled')}</p>` : nothing}
      ${state?.status === 'crashed' ? html`<p class="lf-sim-error" role="alert">${this.s('simulation.crashed', { detail: state.crash ?? '' })}</p>` : nothing}
      ${state?.status === 'refused'
        ? html`<div class="lf-sim-error" role="alert" data-note="refused">
            <p>${this.s('simulation.refused')}</p>
            <ul class="lf-sim-issues">
              ${state.refusal.map(
                (issue) => html`<li class="error" tabindex="0" data-code=${issue.code} @click=${() => this.reveal(issue.elementId)}>${issueMessage(issue, c.t, language)}</li>`,
              )}
            </ul>
          </div>`
        : nothing}
      ${state?.stale && model
        ? html`<div class="lf-sim-stale" role="status"><span>${this.s('simulation.stale')}</span>
            <button class="lf-button" data-action="rerun" @click=${() => void c.run()}>${this.s('simulation.rerun')}</button></div>`
        : nothing}
      ${model && model.defaults.length
        ? html`<div class="lf-sim-defaults" role="note"><strong>${this.s('simulation.defaults.title')}</strong>
            <ul>${model.defaults.map((line) => html`<li>${line}</li>`)}</ul></div>`
        : nothing}
      ${warnings.length
        ? html`<details class="lf-sim-warnings"><summary>${this.s('simulation.problems.title')} (${warnings.length})</summary>
            <ul class="lf-sim-issues">
              ${warnings.map((issue) => html`<li class=${issue.severity} tabindex="0" @click=${() => this.reveal(issue.elementId)}>${issueMessage(issue, c.t, language)}</li>`)}
            </ul></details>`
        : nothing}
      ${model ? html`<div class="lf-sim-results ${state?.stale ? 'stale' : ''}">${this.results(model, doc.id)}</div>` : nothing}
    </div>`;
  }
}
if (!customElements.get('lf-simulation-view')) customElements.define('lf-simulation-view', LfSimulationView);

// <lf-variants-compare>: the compare tab of one variant group. Pick 2 to 4 variants and the run settings, compare
// them in the worker (progress, cancel), then read the KPI table, the overlay charts, the scorecards side by side and
// the visual diff of the diagrams (two read-only viewers with the changes coloured, and the list of changes).
import { html, nothing, type TemplateResult } from 'lit';
import { createComparisonReport, describeElement, readableSummary, type DiagramChange, type ReportCaseType, type ReportDifferenceCell, type ReportKpiRow, type VariantComparison } from '@leanflow/analysis';
import type { Event } from '../../base/lifecycle.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import type { VariantGroup } from '../../services/variant-groups.ts';
import { overlayChart, VARIANT_COLOURS } from './chart.ts';
import type { CompareController, DiffState, GroupComparison } from './compare-controller.ts';
import { DiffViewer } from './diagram.ts';
import { chineseUnits, reportLocale } from './units.ts';
import { DIFF_COLOURS, diffMarkers, type Bounds } from './diff-markers.ts';
import { KPI_LABELS_ZH, type VariantsMessageKey } from './messages.ts';

const KINDS = ['added', 'removed', 'changed', 'moved'] as const;

/**
 * A table value ("3.21 h [-6.23 h .. 12.65 h] (4.0 %)") as unbreakable pieces: a narrow window wraps the cell between
 * the mean, the interval and the percentage instead of widening the table past the window.
 */
function parts(text: string, language: string): TemplateResult[] {
  const local = language === 'zh-CN' ? chineseUnits(text) : text;
  return local.split(/ (?=[[(])/).map((part, i) => html`${i > 0 ? ' ' : ''}<span class="lf-cell-part">${part}</span>`);
}


export class LfVariantsCompare extends WorkbenchElement {
  controller!: CompareController;
  groupId!: string;
  private viewers: { old: DiffViewer; new: DiffViewer } | undefined;
  private shownDiff: DiffState | undefined;
  private focusedId: string | undefined;
  private diffRequested = false;
  /** The case type whose figures the per-type table shows (the first when unset or gone). */
  private caseTypeId: string | undefined;

  protected override watch(): Event<unknown>[] {
    return [this.controller.onDidChange, this.workbench.documents.onDidChange];
  }

  private m(key: VariantsMessageKey, params?: Record<string, string | number>): string {
    return this.controller.t(key, params);
  }

  get group(): VariantGroup | undefined {
    return this.workbench.variantGroups.get(this.groupId);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back from another tab: the viewers were laid out at size 0 while hidden.
    requestAnimationFrame(() => {
      this.viewers?.old.fit();
      this.viewers?.new.fit();
    });
  }

  /** Called when the tab closes for good. */
  destroy(): void {
    this.viewers?.old.destroy();
    this.viewers?.new.destroy();
    this.viewers = undefined;
  }

  protected override updated(): void {
    void this.syncViewers();
  }

  private async syncViewers(): Promise<void> {
    const group = this.group;
    const diff = group ? this.controller.state(group).diff : null;
    if (!diff || diff.status !== 'done' || !diff.diff || diff === this.shownDiff) return;
    const oldHost = this.querySelector<HTMLElement>('.lf-diff-canvas[data-side=old]');
    const newHost = this.querySelector<HTMLElement>('.lf-diff-canvas[data-side=new]');
    if (!oldHost || !newHost) return;
    this.shownDiff = diff;
    this.viewers ??= { old: new DiffViewer(oldHost), new: new DiffViewer(newHost) };
    try {
      await Promise.all([this.viewers.old.show(diff.oldXml), this.viewers.new.show(diff.newXml)]);
    } catch (error) {
      Object.assign(diff, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
      this.requestUpdate();
      return;
    }
    if (this.shownDiff !== diff) return;
    this.viewers.old.setMarkers(diffMarkers(diff.diff, 'old'));
    this.viewers.new.setMarkers(diffMarkers(diff.diff, 'new'));
    this.focusedId = undefined;
    this.removeAttribute('data-focused');
    this.setAttribute('data-diff-ready', String(diff.diff.changes.length));
  }

  /** Shows one change in both diagrams; where the element is missing, the place it has in the other one. */
  focusChange(elementId: string): void {
    const diff = this.shownDiff?.diff;
    if (!this.viewers || !diff) return;
    const [dx, dy] = diff.offset;
    const shift = (b: Bounds | undefined, sign: number) => (b ? { ...b, x: b.x + sign * dx, y: b.y + sign * dy } : undefined);
    const oldBounds = this.viewers.old.boundsOf(elementId);
    const newBounds = this.viewers.new.boundsOf(elementId);
    this.viewers.old.focus(elementId, oldBounds ?? shift(newBounds, -1));
    this.viewers.new.focus(elementId, newBounds ?? shift(oldBounds, 1));
    this.focusedId = elementId;
    this.setAttribute('data-focused', elementId);
    this.requestUpdate();
  }

  private kpiLabel(key: string, english: string): string {
    if (this.workbench.i18n.language !== 'zh-CN') return english;
    if (key.startsWith('utilisation:')) return english.replace(/^Utilisation /, '利用率 ');
    return KPI_LABELS_ZH[key] ?? english;
  }

  private categoryLabel(key: string, english: string): string {
    if (key === 'overall') return this.m('variants.scores.overall');
    const text = this.workbench.i18n.localize(`%scorecard.category.${key}%`);
    return text.startsWith('scorecard.') ? english : text;
  }

  private differenceCell(cell: ReportDifferenceCell, variant: string): TemplateResult {
    const arrow = cell.mean === null || cell.verdict === 'notSignificant' || cell.verdict === 'notComparable' || cell.verdict === 'noChange' ? '' : cell.mean > 0 ? '▲ ' : '▼ ';
    const [low, high] = cell.ci95 ?? [null, null];
    return html`<td class="lf-diff-cell ${cell.verdict} ${cell.significant ? 'significant' : ''}" data-variant=${variant}
      data-mean=${cell.mean ?? ''} data-low=${low ?? ''} data-high=${high ?? ''} data-significant=${String(cell.significant)} data-verdict=${cell.verdict}>
      ${parts(cell.text, this.workbench.i18n.language)} <span class="lf-verdict">${arrow}${this.m(`variants.verdict.${cell.verdict}`)}</span></td>`;
  }

  private kpiTable(rows: readonly ReportKpiRow[], names: readonly string[], baseline: string, caseType?: string): TemplateResult {
    const others = names.slice(1);
    const swatch = (i: number) => html`<i class="lf-swatch" style="background:${VARIANT_COLOURS[i % VARIANT_COLOURS.length]}"></i>`;
    return html`<div class="lf-table-scroll">
        <table class="lf-variants-kpis" data-case-type=${caseType ?? nothing}>
          <thead><tr><th>${this.m('variants.kpis.kpi')}</th>
            ${names.map((n, i) => html`<th class="lf-name-head" title=${n}><span class="lf-truncate">${swatch(i)}${n}</span></th>`)}
            ${others.map((o) => { const head = this.m('variants.kpis.difference', { variant: o, baseline }); return html`<th class="lf-name-head" title=${head}><span class="lf-truncate">${head}</span></th>`; })}</tr></thead>
          <tbody>${rows.map(
            (row) => html`<tr data-kpi=${row.definition.key}>
              <th>${this.kpiLabel(row.definition.key, row.definition.label)}</th>
              ${row.values.map((v, i) => html`<td data-variant=${names[i]} data-mean=${v.mean ?? ''}>${parts(v.text, this.workbench.i18n.language)}</td>`)}
              ${row.differences.map((d, i) => this.differenceCell(d, others[i]!))}
            </tr>`,
          )}</tbody>
        </table>
      </div>`;
  }

  /** The same table over one case type's cases, with a switch between the types (only when the baseline has types). */
  private caseTypeTable(types: readonly ReportCaseType[], names: readonly string[], baseline: string): TemplateResult | typeof nothing {
    if (types.length === 0) return nothing;
    const shown = types.find((t) => t.id === this.caseTypeId) ?? types[0]!;
    return html`<h3>${this.m('variants.caseTypes')}</h3>
      <div class="lf-variants-case-types" role="group" aria-label=${this.m('variants.caseTypes')}>
        ${types.map(
          (t) => html`<button class="lf-button ${t === shown ? '' : 'secondary'}" data-case-type=${t.id} aria-pressed=${String(t === shown)}
            @click=${() => { this.caseTypeId = t.id; this.requestUpdate(); }}>${this.m('variants.caseTypes.type', { name: t.name, share: t.share })}</button>`,
        )}
      </div>
      ${this.kpiTable(shown.kpis, names, baseline, shown.id)}`;
  }

  private results(comparison: VariantComparison, state: GroupComparison): TemplateResult {
    const report = createComparisonReport(comparison, reportLocale(this.workbench.i18n));
    const names = comparison.variants.map((v) => v.name);
    const baseline = names[0]!;
    const language = this.workbench.i18n.language;
    const { settings } = comparison;
    const summary = this.m(settings.cases === null ? 'variants.compare.summaryHorizon' : 'variants.compare.summary', {
      scenario: settings.scenario.name,
      cases: settings.cases ?? 0,
      replications: settings.replications,
      seed: settings.seed,
      seconds: (state.milliseconds / 1000).toFixed(1),
    });
    const issues = comparison.variants.flatMap((v) => v.issues.filter((i) => i.severity !== 'info' || i.code.startsWith('compare.')).map((i) => `${v.name}: ${i.message}`));
    const swatch = (i: number) => html`<i class="lf-swatch" style="background:${VARIANT_COLOURS[i % VARIANT_COLOURS.length]}"></i>`;
    return html`<section class="lf-variants-results ${state.stale ? 'stale' : ''}" data-compared=${names.join('|')}>
      ${state.stale
        ? html`<div class="lf-variants-banner" role="status">${this.m('variants.compare.stale')}
            <button class="lf-button" @click=${() => this.run()}>${this.m('variants.compare.rerun')}</button></div>`
        : nothing}
      <p class="lf-variants-summary">${summary}</p>
      ${issues.length
        ? html`<details class="lf-variants-issues"><summary>${this.m('variants.compare.warnings', { count: issues.length })}</summary>
            <ul>${issues.map((i) => html`<li>${i}</li>`)}</ul></details>`
        : nothing}
      <h3>${this.m('variants.kpis')}</h3>
      ${this.kpiTable(report.kpis, names, baseline)}
      ${this.caseTypeTable(report.caseTypes, names, baseline)}
      <p class="lf-variants-note">${this.m('variants.kpis.legend')}</p>
      <div class="lf-variants-charts">
        ${overlayChart(this.m('variants.charts.cycleTime'), comparison.histograms.cycleTime, language, 'cycleTime')}
        ${comparison.histograms.firstResponseTime ? overlayChart(this.m('variants.charts.firstResponse'), comparison.histograms.firstResponseTime, language, 'firstResponse') : nothing}
      </div>
      <h3>${this.m('variants.scores')}</h3>
      <div class="lf-variants-scorecards">
        ${comparison.variants.map(
          (v, i) => html`<div class="lf-variants-scorecard" data-variant=${v.name}>
            <h4 class="lf-truncate" title=${v.name}>${swatch(i)}${v.name}</h4>
            <div class="lf-variants-score" data-score=${v.scorecard.score ?? ''}>${v.scorecard.score === null ? '–' : Math.round(v.scorecard.score)}
              ${i > 0 && report.scores[0]!.differences[i - 1] !== null
                ? html`<span class="lf-variants-score-diff ${report.scores[0]!.differences[i - 1]! >= 0 ? 'better' : 'worse'}">${report.scores[0]!.differences[i - 1]! >= 0 ? '+' : ''}${report.scores[0]!.differences[i - 1]!.toFixed(1)}</span>`
                : nothing}</div>
            ${report.scores.slice(1).map((row) => {
              const score = row.scores[i];
              return html`<div class="lf-variants-category" data-category=${row.key}>
                <span>${this.categoryLabel(row.key, row.label)}</span>
                <span class="lf-bar"><span style="width:${Math.max(0, Math.min(100, score ?? 0))}%"></span></span>
                <span class="lf-num">${score === null || score === undefined ? '–' : score.toFixed(0)}</span></div>`;
            })}
          </div>`,
        )}
      </div>
      <div class="lf-variants-share">
        <button class="lf-button secondary" data-action="export-report" @click=${() => this.workbench.commands.execute('variants.exportReport', { groupId: this.groupId })}>${this.m('variants.report.export')}</button>
        <button class="lf-button secondary" data-action="print-report" @click=${() => this.workbench.commands.execute('variants.exportReport', { groupId: this.groupId, open: true })}>${this.m('variants.report.print')}</button>
        <button class="lf-button secondary" data-action="copy-markdown" @click=${() => this.workbench.commands.execute('variants.copyMarkdown', { groupId: this.groupId })}>${this.m('variants.report.markdown')}</button>
      </div>
    </section>`;
  }

  private changeItem(change: DiagramChange): TemplateResult {
    // "User task 'Check customer history'", "flow from 'A' to 'B'": the id only as the tooltip (or when nothing has a name).
    const label = describeElement({ ...change, id: change.elementId }, this.workbench.i18n.language);
    return html`<li class="lf-change ${change.kind} ${this.focusedId === change.elementId ? 'focused' : ''}" data-element=${change.elementId} data-kind=${change.kind}
        tabindex="0" role="button" @click=${() => this.focusChange(change.elementId)}
        @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), this.focusChange(change.elementId))}>
      <span class="lf-change-kind" style="background:${DIFF_COLOURS[change.kind]}">${this.m(`variants.diff.${change.kind}`)}</span>
      <span class="lf-change-what" title=${change.elementId}>${label}</span>
      ${change.kind === 'changed' || change.kind === 'moved' ? html`<span class="lf-change-summary" title=${change.summary}>${readableSummary(change, this.workbench.i18n.language)}</span>` : nothing}
    </li>`;
  }

  private diffSection(group: VariantGroup, state: GroupComparison): TemplateResult {
    const { documents, variantGroups } = this.workbench;
    const diff = state.diff;
    const nameOf = (id: string) => variantGroups.member(id)?.name ?? documents.get(id)?.name ?? id;
    const candidates = group.members.filter((m) => m.documentId !== group.baselineId);
    const changes = diff?.diff?.changes ?? [];
    return html`<section class="lf-variants-diff">
      <div class="lf-variants-diff-head">
        <h3>${this.m('variants.diff')}</h3>
        <label>${this.m('variants.diff.pick')}
          <select class="lf-input" data-role="diff-variant" @change=${(e: InputEvent) => this.controller.showDiff(group, (e.target as HTMLSelectElement).value)}>
            ${candidates.map((m) => html`<option value=${m.documentId} title=${m.name} ?selected=${m.documentId === state.diffVariantId}>${m.name}</option>`)}
          </select></label>
        <span class="lf-diff-legend">${KINDS.map((k) => html`<span><i style="border-color:${DIFF_COLOURS[k]}"></i>${this.m(`variants.diff.${k}`)}</span>`)}</span>
      </div>
      <div class="lf-diff-panes">
        <div class="lf-diff-pane"><div class="lf-diff-title" title=${diff ? nameOf(diff.baselineId) : ''}><span class="lf-truncate">${diff ? nameOf(diff.baselineId) : ''}</span> <span class="lf-variant-role">${this.m('variants.compare.baseline')}</span></div><div class="lf-diff-canvas" data-side="old"></div></div>
        <div class="lf-diff-pane"><div class="lf-diff-title" title=${diff ? nameOf(diff.variantId) : ''}><span class="lf-truncate">${diff ? nameOf(diff.variantId) : ''}</span></div><div class="lf-diff-canvas" data-side="new"></div></div>
      </div>
      ${!diff || diff.status === 'loading'
        ? html`<p class="lf-empty">${this.m('variants.diff.loading')}</p>`
        : diff.status === 'failed'
          ? html`<p class="lf-variants-error" role="alert">${this.m('variants.diff.failed', { detail: diff.error ?? '' })}</p>`
          : html`<p class="lf-variants-note">${changes.length === 0 ? this.m('variants.diff.none') : `${this.m('variants.diff.count', { count: changes.length })} · ${this.m('variants.diff.hint')}`}
                ${diff.diff && (diff.diff.offset[0] !== 0 || diff.diff.offset[1] !== 0) ? this.m('variants.diff.offset', { dx: diff.diff.offset[0], dy: diff.diff.offset[1] }) : ''}</p>
              <ul class="lf-change-list">${changes.map((c) => this.changeItem(c))}</ul>`}
    </section>`;
  }

  private run(): void {
    const group = this.group;
    if (group) void this.controller.run(group);
  }

  protected override render(): unknown {
    const group = this.group;
    if (!group) return html`<p class="lf-empty">${this.m('variants.noGroup')}</p>`;
    const state = this.controller.state(group);
    if (!state.diff && state.diffVariantId && !this.diffRequested) {
      this.diffRequested = true;
      void this.controller.refreshDiff(group);
    }
    const { variantGroups, documents } = this.workbench;
    const members = variantGroups.baselineFirst(group);
    const running = state.status === 'running';
    const selectedOrder = members.filter((m) => state.selected.includes(m.documentId));
    const input = (key: 'cases' | 'replications' | 'seed', label: VariantsMessageKey) =>
      html`<label>${this.m(label)}<input class="lf-input" type="number" min="0" data-setting=${key} .value=${state.settings[key]}
        placeholder=${this.m('variants.compare.fromScenario')} @input=${(e: InputEvent) => this.controller.setSetting(group, key, (e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.run()} /></label>`;
    return html`<div class="lf-variants-compare" data-status=${state.status}>
      <h2 class="lf-truncate" title=${group.name}>${this.m('variants.compare.title', { process: group.name })}</h2>
      <div class="lf-variants-setup">
        <fieldset class="lf-variants-pick">
          <legend>${this.m('variants.compare.pick')}</legend>
          ${members.map((m) => {
            const checked = state.selected.includes(m.documentId);
            const baseline = m.documentId === group.baselineId;
            const index = selectedOrder.indexOf(m);
            return html`<label class="lf-variants-member" data-document=${m.documentId} title=${`${m.name} · ${documents.get(m.documentId)?.name ?? ''}`}>
              <input type="checkbox" .checked=${checked} ?disabled=${baseline || running || (!checked && state.selected.length >= 4)}
                @change=${(e: InputEvent) => this.controller.toggle(group, m.documentId, (e.target as HTMLInputElement).checked)} />
              ${index >= 0 ? html`<i class="lf-swatch" style="background:${VARIANT_COLOURS[index % VARIANT_COLOURS.length]}"></i>` : html`<i class="lf-swatch"></i>`}
              <span class="lf-truncate lf-variants-member-name">${m.name}</span> <span class="lf-truncate lf-variant-file">${documents.get(m.documentId)?.name ?? ''}</span>
              ${baseline ? html`<span class="lf-variant-role">${this.m('variants.compare.baseline')}</span>` : nothing}
            </label>`;
          })}
        </fieldset>
        <div class="lf-variants-settings">
          ${input('cases', 'variants.compare.cases')} ${input('replications', 'variants.compare.replications')} ${input('seed', 'variants.compare.seed')}
          <p class="lf-variants-note">${this.m('variants.compare.settingsHint')}</p>
          <div class="lf-variants-actions">
            ${running
              ? html`<button class="lf-button secondary" data-action="cancel" @click=${() => this.controller.cancel()}>${this.m('variants.compare.cancel')}</button>`
              : html`<button class="lf-button" data-action="compare" ?disabled=${state.selected.length < 2} @click=${() => this.run()}>${this.m(state.comparison ? 'variants.compare.rerun' : 'variants.compare.run')}</button>`}
          </div>
        </div>
      </div>
      ${running
        ? html`<div class="lf-variants-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(state.progress * 100)}>
            <div class="lf-variants-progress-bar" style="width:${(state.progress * 100).toFixed(1)}%"></div>
            <span>${this.m('variants.compare.running', { percent: Math.round(state.progress * 100) })}</span></div>`
        : nothing}
      ${state.status === 'refused'
        ? html`<div class="lf-variants-error" role="alert">${this.m('variants.compare.refused')}<ul>${state.refusal.map((i) => html`<li>${i.message}</li>`)}</ul></div>`
        : nothing}
      ${state.status === 'crashed' ? html`<div class="lf-variants-error" role="alert">${this.m('variants.compare.crashed', { detail: state.crash ?? '' })}</div>` : nothing}
      ${state.comparison ? this.results(state.comparison, state) : html`<p class="lf-empty">${this.m('variants.empty')}</p>`}
      ${group.members.length >= 2 ? this.diffSection(group, state) : nothing}
    </div>`;
  }
}
customElements.define('lf-variants-compare', LfVariantsCompare);

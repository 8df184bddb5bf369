// <lf-suggestions-view>: the Suggestions side-bar view. Ranked cards: title, rationale, the elements involved
// (click selects them), the predicted change of cycle time, first response, cost per case and score (before → after,
// paired difference with its 95% interval, green/red arrows), a before/after preview, and Apply / Apply as variant /
// Dismiss. Progress while predicting; the old list stays, dimmed, while the model's new suggestions are computed.
import { html, nothing, type TemplateResult } from 'lit';
import { describeElement } from '@leanflow/analysis';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Disposable, Event } from '../../base/lifecycle.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import type { FormatLanguage } from '@leanflow/plugin-api';
import { HEURISTIC_KEYS } from './messages.ts';
import { renderThumbnail, type PreviewMarker } from './preview.ts';
import type { SuggestionsController } from './suggestions-controller.ts';
import { kpiRows, type KpiRow, type RankedEntry } from './view-model.ts';
import './suggestions.css';

const ARROW: Record<KpiRow['trend'], string> = { up: '▲', down: '▼', flat: '■' };

/** The run the predictions' "before" comes from (every prediction of a list uses the same one). */
function runOf(entries: readonly RankedEntry[]): NonNullable<RankedEntry['impact']>['settings'] | undefined {
  return entries.find((e) => e.impact)?.impact?.settings;
}

export class LfSuggestionsView extends WorkbenchElement {
  controller!: SuggestionsController;
  /** Suggestion ids whose preview is open. */
  private readonly open = new Set<string>();
  private readonly previews = new Map<string, { before?: string; after?: string; error?: string; note?: string }>();
  private focusSubscription: Disposable | undefined;

  protected override watch(): Event<unknown>[] {
    return [this.controller.onDidChange, this.workbench.documents.onDidChange, this.workbench.i18n.onDidChangeLanguage];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.focusSubscription = this.controller.onDidRequestFocus(({ suggestionId }) => this.expand(suggestionId, true));
    const focused = this.controller.focused;
    if (focused && focused.documentId === this.workbench.documents.active?.id) this.expand(focused.suggestionId, true);
  }

  override disconnectedCallback(): void {
    this.focusSubscription?.dispose();
    super.disconnectedCallback();
  }

  private get language(): FormatLanguage {
    return this.workbench.i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  }

  private expand(suggestionId: string, scroll: boolean): void {
    this.open.add(suggestionId);
    this.requestUpdate();
    void this.loadPreview(suggestionId);
    if (scroll)
      void this.updateComplete.then(() => this.querySelector(`.lf-sugg-card[data-id="${CSS.escape(suggestionId)}"]`)?.scrollIntoView({ block: 'nearest' }));
  }

  private toggle(suggestionId: string): void {
    if (this.open.has(suggestionId)) {
      this.open.delete(suggestionId);
      this.requestUpdate();
    } else this.expand(suggestionId, false);
  }

  private async loadPreview(suggestionId: string): Promise<void> {
    const documentId = this.workbench.documents.active?.id;
    const entry = documentId ? this.controller.entry(documentId, suggestionId) : undefined;
    if (!documentId || !entry?.xml) return;
    const changes = entry.changes ?? { added: [], removed: [], changed: [] };
    const involved = (id: string) => ({ elementId: id, className: 'lf-preview-involved' });
    const beforeMarkers: PreviewMarker[] = [
      ...entry.suggestion.elements.filter((id) => !changes.removed.includes(id) && !changes.changed.includes(id)).map(involved),
      ...changes.removed.map((id) => ({ elementId: id, className: 'lf-preview-removed' })),
      ...changes.changed.map((id) => ({ elementId: id, className: 'lf-preview-changed' })),
    ];
    const afterMarkers: PreviewMarker[] = [
      ...entry.suggestion.elements.filter((id) => !changes.removed.includes(id) && !changes.changed.includes(id) && !changes.added.includes(id)).map(involved),
      ...changes.added.map((id) => ({ elementId: id, className: 'lf-preview-added' })),
      ...changes.changed.map((id) => ({ elementId: id, className: 'lf-preview-changed' })),
    ];
    try {
      const beforeXml = await this.workbench.documents.getXml(documentId);
      const before = await renderThumbnail(beforeXml, beforeMarkers);
      const after = await renderThumbnail(entry.xml, afterMarkers);
      const diagramChanged = changes.added.length + changes.removed.length + changes.changed.length > 0;
      this.previews.set(suggestionId, { before, after, ...(diagramChanged ? {} : { note: this.controller.t('suggestions.noDiagramChange') }) });
    } catch (error) {
      this.previews.set(suggestionId, { error: error instanceof Error ? error.message : String(error) });
    }
    this.requestUpdate();
  }

  private select(ids: readonly string[]): void {
    const editor = this.workbench.activeEditor;
    if (!editor?.modeler) return;
    const registry = editor.get<{ get(id: string): unknown }>('elementRegistry');
    const elements = ids.map((id) => registry.get(id)).filter(Boolean);
    if (elements.length === 0) return;
    editor.get<{ select(e: unknown[]): void }>('selection').select(elements);
    editor.get<{ scrollToElement(e: unknown): void }>('canvas').scrollToElement(elements[0]);
  }

  /** The element's name; an unnamed one (a flow, a gateway) in words ("flow from 'A' to 'B'"), its id last. */
  private elementName(id: string): string {
    const description = this.workbench.activeEditor?.describe(id);
    if (!description) return id;
    return description.name?.trim() || describeElement(description, this.workbench.i18n.language);
  }

  private kpis(entry: RankedEntry): TemplateResult {
    const s = this.controller.t;
    if (entry.suggestion.adviceOnly || entry.xml === undefined) return html`<p class="lf-sugg-advice">${s('suggestions.advice')}</p>`;
    if (entry.predictionIssues) return html`<p class="lf-sugg-note">${s('suggestions.predictionFailed', { detail: entry.predictionIssues.map((i) => i.message).join(' ') })}</p>`;
    if (!entry.impact) return html`<p class="lf-sugg-note lf-sugg-pending">${s('suggestions.predictionPending')}</p>`;
    return html`<table class="lf-sugg-kpis">
      <tbody>
        ${kpiRows(entry.impact, s, this.language, this.controller.state(this.workbench.documents.active?.id)?.scenario?.currency).map(
          (row) => html`<tr data-kpi=${row.key} data-direction=${row.direction} data-before=${row.before ?? ''} data-after=${row.after ?? ''}
            title=${[row.relativeText, row.ciText].filter(Boolean).join(' · ')}>
            <th scope="row">${row.label}</th>
            <td class="lf-sugg-ba">${s('suggestions.beforeAfter', { before: row.beforeText, after: row.afterText })}</td>
            <td class="lf-sugg-delta ${row.direction}"><span class="arrow" aria-label=${s(`suggestions.${row.direction}`)}>${ARROW[row.trend]}</span>
              ${row.deltaText}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private preview(id: string): TemplateResult {
    const s = this.controller.t;
    const preview = this.previews.get(id);
    if (!preview) return html`<div class="lf-sugg-preview loading">${s('suggestions.waiting')}</div>`;
    if (preview.error) return html`<div class="lf-sugg-preview">${s('suggestions.previewFailed', { detail: preview.error })}</div>`;
    return html`<div class="lf-sugg-preview">
      <figure><figcaption>${s('suggestions.before')}</figcaption><div class="lf-sugg-thumb" data-side="before">${unsafeHTML(preview.before ?? '')}</div></figure>
      <figure><figcaption>${s('suggestions.after')}</figcaption><div class="lf-sugg-thumb" data-side="after">${unsafeHTML(preview.after ?? '')}</div></figure>
      <p class="lf-sugg-legend">${preview.note ?? s('suggestions.legend')}</p>
    </div>`;
  }

  private card(documentId: string, entry: RankedEntry, rank: number, stale: boolean): TemplateResult {
    const s = this.controller.t;
    const { suggestion } = entry;
    const texts = this.controller.texts(suggestion);
    const open = this.open.has(suggestion.id);
    const focused = this.controller.focused?.suggestionId === suggestion.id;
    const applicable = entry.xml !== undefined;
    return html`<li class="lf-sugg-card ${focused ? 'focused' : ''}" data-id=${suggestion.id} data-kind=${suggestion.kind} data-benefit=${entry.impact?.benefit ?? ''}>
      <div class="lf-sugg-head">
        <span class="lf-sugg-rank">${s('suggestions.rank', { rank })}</span>
        <span class="lf-sugg-title">${texts.title}</span>
      </div>
      <p class="lf-sugg-rationale">${texts.rationale}</p>
      <div class="lf-sugg-elements" aria-label=${s('suggestions.elements')}>
        ${suggestion.elements.map(
          (id) => html`<button class="lf-sugg-chip" data-element=${id} title=${`${s('suggestions.selectElements')} (${id})`} @click=${() => this.select([id])}>${this.elementName(id)}</button>`,
        )}
        <span class="lf-sugg-heuristic">${entry.source ? s('suggestions.fromPlugin', { name: entry.source }) : s('suggestions.heuristic', { name: HEURISTIC_KEYS[suggestion.heuristic] ? s(HEURISTIC_KEYS[suggestion.heuristic]!) : suggestion.heuristic })}</span>
      </div>
      ${this.kpis(entry)}
      ${applicable
        ? html`<div class="lf-sugg-actions">
            <button class="lf-button secondary" data-action="preview" aria-expanded=${open} @click=${() => this.toggle(suggestion.id)}>${open ? s('suggestions.hidePreview') : s('suggestions.preview')}</button>
            <button class="lf-button" data-action="apply" ?disabled=${stale} @click=${() => void this.controller.apply(documentId, suggestion.id)}>${s('suggestions.apply')}</button>
            <button class="lf-button secondary" data-action="variant" @click=${() => void this.controller.applyAsVariant(documentId, suggestion.id)}>${s('suggestions.applyVariant')}</button>
            <button class="lf-button secondary" data-action="dismiss" @click=${() => this.controller.dismiss(documentId, suggestion.id)}>${s('suggestions.dismiss')}</button>
          </div>`
        : html`<div class="lf-sugg-actions"><button class="lf-button secondary" data-action="dismiss" @click=${() => this.controller.dismiss(documentId, suggestion.id)}>${s('suggestions.dismiss')}</button></div>`}
      ${open && applicable ? this.preview(suggestion.id) : nothing}
    </li>`;
  }

  /** Says which run the predictions' "before" figures come from (the Simulation view's run for the scenario). */
  private runLine(entries: readonly RankedEntry[], scenario: string): TemplateResult {
    const s = this.controller.t;
    const run = runOf(entries);
    if (!run) return html`<p class="lf-sugg-meta">${s('suggestions.settings.pending', { scenario })}</p>`;
    const text =
      run.cases === null
        ? s('suggestions.run.horizon', { scenario, replications: run.replications, seed: run.seed })
        : s('suggestions.run', { scenario, cases: run.cases, replications: run.replications, seed: run.seed });
    return html`<p class="lf-sugg-meta" data-run=${`${run.cases ?? ''}|${run.replications}|${run.seed}`}>${text}</p>`;
  }

  override render(): TemplateResult {
    const s = this.controller.t;
    const doc = this.workbench.documents.active;
    const state = this.controller.state(doc?.id);
    const busy = state?.status === 'listing' || state?.status === 'predicting';
    const entries = doc ? this.controller.ranked(doc.id) : [];
    const progress = state?.progress;
    return html`<div class="lf-suggestions ${state?.stale ? 'is-stale' : ''}" data-status=${state?.status ?? 'idle'} data-builtin-source=${state?.builtInSource ?? 'direct'} ?data-stale=${!!state?.stale}>
      <div class="lf-view-actions lf-sugg-toolbar">
        <button class="lf-button secondary" data-action="refresh" ?disabled=${!doc} @click=${() => void this.controller.compute()}>${s('suggestions.refresh')}</button>
        <span class="lf-sugg-busy" aria-live="polite">
          ${state?.status === 'predicting' && progress ? s('suggestions.predicting', { done: progress.done, total: progress.total }) : state?.status === 'listing' ? s('suggestions.waiting') : ''}
        </span>
      </div>
      ${busy ? html`<div class="lf-sugg-progress" role="progressbar" aria-valuemin="0" aria-valuemax=${progress?.total ?? 0} aria-valuenow=${progress?.done ?? 0}>
            <span style="width:${progress && progress.total > 0 ? (100 * progress.done) / progress.total : 8}%"></span></div>` : nothing}
      ${state?.stale && entries.length > 0 ? html`<div class="lf-sugg-stale" role="status">${s('suggestions.stale')}</div>` : nothing}
      ${doc && state?.builtInSource === 'none' ? html`<p class="lf-sugg-meta lf-sugg-builtin-off" role="status">${s('suggestions.builtInDisabled')}</p>` : nothing}
      ${doc && state?.builtInSource === 'failed' && !busy ? html`<p class="lf-sugg-meta lf-sugg-builtin-failed" role="status">${s('suggestions.builtInMissing')}</p>` : nothing}
      ${!doc
        ? html`<p class="lf-sugg-empty">${s('suggestions.noDocument')}</p>`
        : state?.status === 'refused'
          ? html`<div class="lf-sugg-refused"><p>${s('suggestions.refused')}</p><ul>${state.refusal.map((r) => html`<li>${r.message}</li>`)}</ul></div>`
          : state?.status === 'crashed' && entries.length === 0
            ? html`<p class="lf-sugg-empty">${s('suggestions.crashed', { detail: state.crash ?? '' })}</p>`
            : !state || (state.status === 'listing' && state.entries.length === 0)
              ? html`<p class="lf-sugg-empty">${s('suggestions.waiting')}</p>`
              : html`
                  ${state.scenario
                    ? this.runLine(entries, state.scenario.name)
                    : state.entries.length > 0
                      ? html`<p class="lf-sugg-meta">${s('suggestions.noScenario')}</p>`
                      : nothing}
                  ${entries.length === 0
                    ? html`<p class="lf-sugg-empty">${state.entries.length > 0 ? s('suggestions.allDismissed') : s('suggestions.none')}</p>`
                    : html`<ol class="lf-sugg-list">${entries.map((e, i) => this.card(doc.id, e, i + 1, !!state.stale))}</ol>`}
                  ${state.withheld > 0 ? html`<p class="lf-sugg-meta">${s('suggestions.withheld', { count: state.withheld })}</p>` : nothing}
                `}
    </div>`;
  }
}

if (!customElements.get('lf-suggestions-view')) customElements.define('lf-suggestions-view', LfSuggestionsView);

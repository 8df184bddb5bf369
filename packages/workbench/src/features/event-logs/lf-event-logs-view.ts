// <lf-event-logs-view>: the Event Log side-bar view. Import (file picker or drop; progress and Cancel while the
// worker reads), the column mapping dialog for CSV files, the activity -> task mapping editor, the calibration's
// figures with fit-vs-data plots, Apply as a new scenario, and conformance (fitness, method, deviations).
import { html, nothing, svg, type TemplateResult } from 'lit';
import { parseTimestamp, type ArrivalProfileFit, type CalendarFit, type FirstResponseFit, type FitCandidate, type LogField, type TaskFit, type CalibrationValidationRow as ValidationRow, type LogKpiComparison, type LogKpiUnit, type LogSideSummary } from '@leanflow/analysis';
import { formatDurationShort, formatNumber, formatPercent, type FormatLanguage } from '@leanflow/plugin-api';
import type { Event as WorkbenchEvent } from '../../base/lifecycle.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import { revealElement } from '../extensions/lf-plugin-view.ts';
import { unmappedTasks, type DocumentLogState, type EventLogController } from './event-logs-controller.ts';
import type { EVENT_LOGS_EN } from './messages.ts';
import type { CalibrationView, ConformanceView, CsvPreview, DateOrder, FitPlot, LogSummaryView, ReadOptions } from './protocol.ts';
import { proportionHalfWidth } from './fit-plot.ts';
import { hoursText, pText, weeklyGeometry, WEEKDAY_KEYS } from './weekly-plot.ts';
import './event-logs.css';

type Key = keyof typeof EVENT_LOGS_EN;
const FIELDS: readonly LogField[] = ['case', 'activity', 'start', 'end', 'resource', 'role', 'enabled'];
const REQUIRED = new Set<LogField>(['case', 'activity']);
/** Zones offered in the dialog (any IANA name or offset can be typed). */
const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Shanghai', 'Asia/Tokyo', '+01:00', '+02:00', '+08:00', '-05:00'];

/** Whether a time zone option is usable: UTC, an offset like +02:00, or an IANA name this browser knows. */
export function isTimeZone(zone: string): boolean {
  if (/^(utc|z|[+-]\d{2}:?\d{2})$/i.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The dialog's choices, validated (a message key when they cannot be read). */
export function validateColumns(columns: Partial<Record<LogField, string>>, timeZone: string): Key | undefined {
  if (!columns.case || !columns.activity || (!columns.start && !columns.end)) return 'eventLogs.columns.need';
  const used = Object.values(columns).filter(Boolean);
  if (new Set(used).size !== used.length) return 'eventLogs.columns.same';
  if (timeZone.trim() && !isTimeZone(timeZone.trim())) return 'eventLogs.columns.badZone';
  return undefined;
}

export class LfEventLogsView extends WorkbenchElement {
  controller!: EventLogController;
  /** The dialog's choices while it is open. */
  private columns: Partial<Record<LogField, string>> = {};
  private timeZone = 'UTC';
  /** Columns ticked as case attributes (none by default). */
  private attributeColumns = new Set<string>();
  private dateOrder: DateOrder = 'dmy';
  private dialogFor: CsvPreview | undefined;
  private scenarioName = '';
  private scenarioNameFor = '';
  private dropping = false;

  private readonly tr = (key: Key, params?: Record<string, string | number>): string => this.workbench.i18n.localize(`%${key}%`, params);

  protected override watch(): WorkbenchEvent<unknown>[] {
    return [this.controller.onDidChange, this.workbench.documents.onDidChange];
  }

  private get language(): FormatLanguage {
    return this.workbench.i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  }

  private n(value: number, digits = 0): string {
    return formatNumber(value, this.language, digits);
  }

  private d(seconds: number | null | undefined): string {
    return formatDurationShort(seconds, this.language);
  }

  protected override willUpdate(): void {
    const log = this.controller.log;
    // A log read and a document without a mapping yet (opened or switched to after the read): propose one.
    const doc = this.workbench.documents.active;
    if (log.status === 'read' && doc && !this.controller.state(doc.id)) queueMicrotask(() => void this.controller.propose(doc.id));
    if (log.status === 'columns' && log.preview.format === 'csv' && this.dialogFor !== log.preview) {
      this.dialogFor = log.preview;
      const given = log.options;
      this.columns = { ...(given?.columns ?? log.preview.detected) };
      this.timeZone = given?.timeZone ?? 'UTC';
      this.attributeColumns = new Set(given?.attributes ?? []);
      const order = log.preview.dates.order;
      this.dateOrder = given?.dateOrder ?? (order === 'mdy' ? 'mdy' : 'dmy');
    }
  }

  protected override updated(): void {
    const dialog = this.querySelector<HTMLDialogElement>('dialog.lf-log-dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  /** Opens the file picker (the `eventLogs.import` command). */
  pickFile(): void {
    this.querySelector<HTMLInputElement>('input.lf-log-file')?.click();
  }

  private onFile(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.controller.open(file, file.name);
  }

  private readonly onCompareFile = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.controller.compareWith(file, file.name);
  };

  private onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    // Ours, not the studio's (which opens BPMN files).
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    if (!this.dropping) {
      this.dropping = true;
      this.requestUpdate();
    }
  }

  private onDrop(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.stopPropagation();
    this.dropping = false;
    const file = event.dataTransfer.files[0];
    if (file) void this.controller.open(file, file.name);
    this.requestUpdate();
  }

  override render(): TemplateResult {
    const t = this.tr;
    const log = this.controller.log;
    const doc = this.workbench.documents.active;
    const busy = log.status === 'reading' || log.status === 'opening';
    return html`<div class="lf-log">
      <p class="lf-log-intro">${t('eventLogs.intro')}</p>
      <div class="lf-log-drop ${this.dropping ? 'over' : ''}" data-drop="event-log"
        @dragover=${this.onDragOver} @dragleave=${() => ((this.dropping = false), this.requestUpdate())} @drop=${this.onDrop}>
        <span>${t('eventLogs.drop')}</span>
        <button class="lf-button secondary small" data-action="choose" ?disabled=${busy} @click=${() => this.pickFile()}>${t('eventLogs.choose')}</button>
        <input class="lf-log-file" type="file" hidden accept=".csv,.tsv,.txt,.xes,.gz,text/csv" @change=${this.onFile} />
      </div>
      ${this.renderLog()}
      ${log.status === 'read' ? (doc ? this.renderDocument(doc.id, log.summary) : html`<p class="lf-log-note">${t('eventLogs.noDocument')}</p>`) : nothing}
      ${log.status === 'columns' && log.preview.format === 'csv' ? this.renderDialog(log.preview, log.error) : nothing}
    </div>`;
  }

  private renderLog(): TemplateResult | typeof nothing {
    const t = this.tr;
    const log = this.controller.log;
    switch (log.status) {
      case 'opening':
        return html`<p class="lf-log-note" role="status">${t('eventLogs.opening', { file: log.fileName })}</p>`;
      case 'reading': {
        const p = log.progress;
        return html`<div class="lf-log-progress" role="status">
          <progress max=${p?.total ?? 1} value=${p?.done ?? 0}></progress>
          <span>${p ? t('eventLogs.reading', { file: log.fileName, events: this.n(p.events), percent: formatPercent(p.done / Math.max(1, p.total), this.language) }) : t('eventLogs.readingStart', { file: log.fileName })}</span>
          <button class="lf-button secondary small" data-action="cancel" @click=${() => this.controller.cancel()}>${t('eventLogs.cancel')}</button>
        </div>`;
      }
      case 'failed':
        return html`<p class="lf-log-error" role="alert">${t('eventLogs.failed', { file: log.fileName, message: log.message })}</p>`;
      case 'cancelled':
        return html`<p class="lf-log-note" role="status" data-state="cancelled">${t('eventLogs.cancelled', { file: log.fileName })}</p>`;
      case 'read': {
        const s = log.summary;
        return html`<section class="lf-log-summary" data-events=${s.events}>
          <strong>${s.fileName}</strong>
          <p>${t('eventLogs.summary', { events: this.n(s.events), cases: this.n(s.cases), activities: this.n(s.activities.length), resources: this.n(s.resources), from: s.from.slice(0, 10), to: s.to.slice(0, 10) })} ${t('eventLogs.readIn', { seconds: this.n(s.readMs / 1000, 1) })}</p>
          ${s.attributes?.length ? html`<p class="lf-log-attributes-found" data-attributes=${s.attributes.length}>${t('eventLogs.attributes', { list: s.attributes.map((a) => t('eventLogs.attributes.item', { name: a.name, values: this.n(a.values) })).join(t('eventLogs.attributes.separator')) })}</p>` : nothing}
          ${s.hasStartTimes ? nothing : html`<p class="lf-log-warning">${t('eventLogs.noStart')}</p>`}
          <button class="lf-button secondary small" data-action="compare" ?disabled=${this.controller.comparison.status === 'running'} @click=${() => this.querySelector<HTMLInputElement>('input.lf-log-compare-file')?.click()}>${t('eventLogs.compare.choose')}</button>
          <input class="lf-log-compare-file" type="file" hidden accept=".csv,.tsv,.txt,.xes,.gz,text/csv" @change=${this.onCompareFile} />
        </section>
        ${this.renderComparison()}`;
      }
      default:
        return nothing;
    }
  }

  // The column mapping dialog ---------------------------------------------------------------------------------

  private options(): ReadOptions {
    const columns: Partial<Record<LogField, string>> = {};
    for (const f of FIELDS) if (this.columns[f]) columns[f] = this.columns[f];
    // A column mapped to a field meanwhile is no attribute.
    const mapped = new Set(Object.values(columns));
    const attributes = [...this.attributeColumns].filter((a) => !mapped.has(a));
    return { columns, timeZone: this.timeZone.trim() || 'UTC', dateOrder: this.dateOrder, ...(attributes.length ? { attributes } : {}) };
  }

  /** The columns not mapped to a field, each can be ticked as a case attribute. */
  private renderAttributeChoice(preview: CsvPreview): TemplateResult | typeof nothing {
    const mapped = new Set(Object.values(this.columns));
    const free = preview.header.filter((h) => !mapped.has(h));
    if (free.length === 0) return nothing;
    const toggle = (column: string) => (e: Event & { target: HTMLInputElement }) => {
      if (e.target.checked) this.attributeColumns.add(column);
      else this.attributeColumns.delete(column);
      this.requestUpdate();
    };
    return html`<fieldset class="lf-log-attributes">
      <legend>${this.tr('eventLogs.columns.attributes')}</legend>
      ${free.map((h) => html`<label><input type="checkbox" name=${`attribute-${h}`} .checked=${this.attributeColumns.has(h)} @change=${toggle(h)} /> ${h}</label>`)}
    </fieldset>`;
  }

  /** The first preview row whose chosen timestamp does not read, as a message with its line. */
  private previewProblem(preview: CsvPreview): string | undefined {
    if (!isTimeZone(this.timeZone.trim() || 'UTC')) return undefined;
    for (const row of preview.rows)
      for (const f of ['start', 'end', 'enabled'] as const) {
        const column = this.columns[f];
        if (!column) continue;
        const value = (row.fields[preview.header.indexOf(column)] ?? '').trim();
        if (value === '' && f !== 'end') continue;
        if (Number.isNaN(parseTimestamp(value, this.timeZone.trim() || 'UTC', this.dateOrder))) return this.tr('eventLogs.columns.badRow', { line: row.line, value, column });
      }
    return undefined;
  }

  private renderDialog(preview: CsvPreview, error: string | undefined): TemplateResult {
    const t = this.tr;
    const invalid = validateColumns(this.columns, this.timeZone);
    const rowProblem = invalid ? undefined : this.previewProblem(preview);
    const fieldOf = new Map(FIELDS.flatMap((f) => (this.columns[f] ? [[this.columns[f]!, f] as const] : [])));
    const dates = preview.dates;
    const stamp = (value: string, column: string) => {
      const field = fieldOf.get(column);
      if (field !== 'start' && field !== 'end' && field !== 'enabled') return value;
      if (value.trim() === '') return value;
      const zone = this.timeZone.trim() || 'UTC';
      const ms = parseTimestamp(value, isTimeZone(zone) ? zone : 'UTC', this.dateOrder);
      return Number.isNaN(ms) ? html`${value} <em class="bad">${t('eventLogs.columns.notDate')}</em>` : html`${value}<br /><small>${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC</small>`;
    };
    const set = (f: LogField) => (e: Event & { target: HTMLSelectElement }) => {
      const value = e.target.value;
      if (value) this.columns = { ...this.columns, [f]: value };
      else {
        const { [f]: _dropped, ...rest } = this.columns;
        this.columns = rest;
      }
      this.requestUpdate();
    };
    return html`<dialog class="lf-log-dialog" aria-labelledby="lf-log-dialog-title" @cancel=${(e: Event) => (e.preventDefault(), this.controller.dismissColumns())}>
      <form method="dialog" @submit=${(e: SubmitEvent) => (e.preventDefault(), invalid || void this.controller.read(this.options()))}>
        <h2 id="lf-log-dialog-title">${t('eventLogs.columns.title', { file: preview.fileName })}</h2>
        <p class="lf-log-note">${t('eventLogs.columns.intro')}</p>
        <div class="lf-log-fields">
          ${FIELDS.map(
            (f) => html`<label class="lf-log-field"><span>${t(`eventLogs.field.${f}` as Key)}${REQUIRED.has(f) ? ' *' : f === 'start' || f === 'end' ? '' : html` <small>(${t('eventLogs.field.optional')})</small>`}</span>
              <select name=${`column-${f}`} @change=${set(f)}>
                <option value="" ?selected=${!this.columns[f]}>${t('eventLogs.columns.none')}</option>
                ${preview.header.map((h) => html`<option value=${h} ?selected=${this.columns[f] === h}>${h}</option>`)}
              </select></label>`,
          )}
        </div>
        ${this.renderAttributeChoice(preview)}
        <div class="lf-log-fields">
          <label class="lf-log-field"><span>${t('eventLogs.columns.dateOrder')}</span>
            <select name="date-order" @change=${(e: Event & { target: HTMLSelectElement }) => ((this.dateOrder = e.target.value as DateOrder), this.requestUpdate())}>
              <option value="dmy" ?selected=${this.dateOrder === 'dmy'}>${t('eventLogs.columns.dmy')}</option>
              <option value="mdy" ?selected=${this.dateOrder === 'mdy'}>${t('eventLogs.columns.mdy')}</option>
            </select></label>
          <label class="lf-log-field"><span>${t('eventLogs.columns.timeZone')}</span>
            <input name="time-zone" list="lf-log-zones" .value=${this.timeZone} @input=${(e: Event & { target: HTMLInputElement }) => ((this.timeZone = e.target.value), this.requestUpdate())} />
            <datalist id="lf-log-zones">${[Intl.DateTimeFormat().resolvedOptions().timeZone, ...ZONES].filter((z, i, all) => z && all.indexOf(z) === i).map((z) => html`<option value=${z}></option>`)}</datalist></label>
        </div>
        ${dates.order === 'dmy' || dates.order === 'mdy' ? html`<p class="lf-log-note" data-detected=${dates.order}>${t(`eventLogs.columns.detected.${dates.order}`, { example: dates.example ?? '' })}</p>` : nothing}
        ${dates.order === 'ambiguous' ? html`<p class="lf-log-warning">${t('eventLogs.columns.detected.ambiguous')}</p>` : nothing}
        ${dates.offsets ? html`<p class="lf-log-note">${t('eventLogs.columns.offsets', { example: dates.example ?? '' })}</p>` : nothing}
        <h3>${t('eventLogs.columns.preview', { records: this.n(preview.records) })}</h3>
        <div class="lf-log-preview"><table>
          <thead><tr><th>${t('eventLogs.columns.line')}</th>${preview.header.map((h) => {
            const f = fieldOf.get(h);
            return html`<th class=${f ? 'mapped' : ''}>${h}${f ? html`<br /><span class="lf-log-tag">${t(`eventLogs.field.${f}` as Key)}</span>` : nothing}</th>`;
          })}</tr></thead>
          <tbody>${preview.rows.map((r) => html`<tr><td class="line">${r.line}</td>${preview.header.map((h, i) => html`<td class=${fieldOf.has(h) ? 'mapped' : ''}>${stamp(r.fields[i] ?? '', h)}</td>`)}</tr>`)}</tbody>
        </table></div>
        ${invalid ? html`<p class="lf-log-error" role="alert">${t(invalid)}</p>` : nothing}
        ${rowProblem ? html`<p class="lf-log-error" role="alert" data-problem="preview">${rowProblem}</p>` : nothing}
        ${error ? html`<p class="lf-log-error" role="alert" data-problem="read">${t('eventLogs.columns.error', { message: error })}</p>` : nothing}
        <div class="lf-log-dialog-buttons">
          <button type="submit" class="lf-button" data-action="import" ?disabled=${!!invalid}>${t('eventLogs.columns.import')}</button>
          <button type="button" class="lf-button secondary" data-action="dismiss" @click=${() => this.controller.dismissColumns()}>${t('eventLogs.cancel')}</button>
        </div>
      </form>
    </dialog>`;
  }

  // Mapping, calibration, conformance -------------------------------------------------------------------------

  private renderDocument(documentId: string, summary: LogSummaryView): TemplateResult {
    const t = this.tr;
    const state = this.controller.state(documentId);
    if (!state) return html`<p class="lf-log-note">${t('eventLogs.mapping.loading')}</p>`;
    if (!state.proposal) return state.error ? html`<p class="lf-log-error" role="alert">${t('eventLogs.error', { message: state.error })}</p>` : html`<p class="lf-log-note">${t('eventLogs.mapping.loading')}</p>`;
    const key = `${documentId}:${summary.fileName}`;
    if (this.scenarioNameFor !== key) {
      this.scenarioNameFor = key;
      this.scenarioName = t('eventLogs.scenarioDefault', { file: summary.fileName.replace(/\.(csv|tsv|txt|xes)(\.gz)?$/i, '') });
    }
    return html`${this.renderMapping(documentId, state, summary)}
      <div class="lf-log-actions">
        <label class="lf-log-field inline"><span>${t('eventLogs.scenarioName')}</span>
          <input name="scenario-name" .value=${this.scenarioName} @input=${(e: Event & { target: HTMLInputElement }) => (this.scenarioName = e.target.value)} /></label>
        <label class="lf-log-field inline"><span>${t('eventLogs.firstResponse.choose')}</span>
          <select name="first-response" title=${t('eventLogs.firstResponse.help')} @change=${(e: Event & { target: HTMLSelectElement }) => this.controller.setFirstResponse(documentId, e.target.value || undefined)}>
            <option value="" ?selected=${!state.firstResponse}>${t('eventLogs.firstResponse.none')}</option>
            ${summary.activities.map((a) => html`<option value=${a.name} ?selected=${state.firstResponse === a.name}>${a.name}</option>`)}
          </select></label>
        <div class="lf-log-buttons">
          <button class="lf-button" data-action="calibrate" ?disabled=${!!state.busy} @click=${() => void this.controller.calibrate(documentId, this.scenarioName.trim() || t('eventLogs.scenarioDefault', { file: summary.fileName }))}>${t('eventLogs.calibrate')}</button>
          <button class="lf-button secondary" data-action="conformance" ?disabled=${!!state.busy} @click=${() => void this.controller.checkConformance(documentId)}>${t('eventLogs.conformance')}</button>
        </div>
      </div>
      ${state.busy === 'calibrate' || state.busy === 'conformance' ? html`<p class="lf-log-note" role="status">${t(`eventLogs.busy.${state.busy}`)}</p>` : nothing}
      ${state.error ? html`<p class="lf-log-error" role="alert">${t('eventLogs.error', { message: state.error })}</p>` : nothing}
      ${state.stale ? html`<p class="lf-log-warning" data-stale="true">${t('eventLogs.stale')}</p>` : nothing}
      ${state.calibration ? this.renderCalibration(documentId, state.calibration) : nothing}
      ${state.conformance ? this.renderConformance(state.conformance) : nothing}`;
  }

  private renderMapping(documentId: string, state: DocumentLogState, summary: LogSummaryView): TemplateResult {
    const t = this.tr;
    const proposal = state.proposal!;
    const taskName = (id: string) => proposal.tasks.find((x) => x.id === id)?.name ?? id;
    const suggestion = new Map(proposal.mapping.unmappedActivities.map((a) => [a.activity, a.suggestion]));
    const unmappedActivities = summary.activities.filter((a) => !state.choice[a.name]);
    const freeTasks = unmappedTasks(proposal, state.choice);
    return html`<section class="lf-log-section lf-log-mapping">
      <h3>${t('eventLogs.mapping.title')}</h3>
      <p class="lf-log-note">${t('eventLogs.mapping.intro')}</p>
      <table class="lf-log-table">
        <thead><tr><th>${t('eventLogs.mapping.activity')}</th><th class="num">${t('eventLogs.mapping.events')}</th><th>${t('eventLogs.mapping.task')}</th></tr></thead>
        <tbody>${summary.activities.map((a) => {
          const chosen = state.choice[a.name] ?? '';
          const source = state.sources[a.name] ?? 'none';
          const score = suggestion.get(a.name)?.score;
          return html`<tr data-activity=${a.name} data-source=${source}>
            <td class="name" title=${a.name}>${a.name}</td><td class="num">${this.n(a.events)}</td>
            <td><select name="task" @change=${(e: Event & { target: HTMLSelectElement }) => this.controller.choose(documentId, a.name, e.target.value || null)}>
              <option value="" ?selected=${!chosen}>${t('eventLogs.mapping.notMapped')}</option>
              ${proposal.tasks.map((task) => html`<option value=${task.id} ?selected=${chosen === task.id}>${task.name ?? task.id}</option>`)}
            </select>
            <span class="lf-log-source ${source}">${source === 'suggested' ? t('eventLogs.mapping.source.suggested', { score: this.n((score ?? 0) * 100) + '%' }) : t(`eventLogs.mapping.source.${source}`)}</span></td>
          </tr>`;
        })}</tbody>
      </table>
      ${unmappedActivities.length ? html`<p class="lf-log-warning" data-unmapped="activities">${t('eventLogs.mapping.unmappedActivities', { count: unmappedActivities.length, names: unmappedActivities.map((a) => a.name).join(', ') })}</p>` : nothing}
      ${freeTasks.length ? html`<p class="lf-log-warning" data-unmapped="tasks">${t('eventLogs.mapping.unmappedTasks', { count: freeTasks.length, names: freeTasks.map((x) => taskName(x.id)).join(', ') })}</p>` : nothing}
      ${!unmappedActivities.length && !freeTasks.length ? html`<p class="lf-log-ok">${t('eventLogs.mapping.all')}</p>` : nothing}
    </section>`;
  }

  private family(c: Pick<FitCandidate, 'family'>): string {
    return this.tr(`eventLogs.family.${c.family}` as Key);
  }

  private distribution(c: Pick<FitCandidate, 'family' | 'mean' | 'sd'>): string {
    return c.family === 'fixed' || c.family === 'exponential'
      ? this.tr('eventLogs.dist.fixed', { family: this.family(c), mean: this.d(c.mean) })
      : this.tr('eventLogs.dist.withSd', { family: this.family(c), mean: this.d(c.mean), sd: this.d(c.sd) });
  }

  private issueText(code: string, fallback: string): string | undefined {
    switch (code) {
      case 'calibrate.noStartTimes':
        return this.tr('eventLogs.issues.noStartTimes');
      case 'calibrate.arrivals.oneStream':
        return this.tr('eventLogs.issues.oneStream');
      case 'calibrate.arrivals.none':
        return this.tr('eventLogs.issues.noArrivals');
      case 'calibrate.mapping':
        return this.tr('eventLogs.issues.mapping');
      case 'calibrate.firstResponse.unmapped':
        return this.tr('eventLogs.issues.firstResponseUnmapped');
      // Unmapped activities and tasks are listed under the mapping already.
      case 'calibrate.activity.unmapped':
      case 'calibrate.task.unmapped':
        return undefined;
      default:
        return this.language === 'en' ? fallback : undefined;
    }
  }

  private renderCalibration(documentId: string, view: CalibrationView): TemplateResult {
    const t = this.tr;
    const r = view.result;
    const arrival = r.arrivals[0];
    const issues = r.issues.flatMap((i) => {
      const text = this.issueText(i.code, i.message);
      return text ? [text] : [];
    });
    const applied = this.controller.isApplied(documentId);
    return html`<section class="lf-log-section lf-log-results" data-scenario=${r.scenario.id}>
      <h3>${t('eventLogs.results.title')}</h3>
      <p class="lf-log-note">${t('eventLogs.results.base', { scenario: view.baseScenarioName })}</p>
      ${[...new Set(issues)].map((i) => html`<p class="lf-log-warning">${i}</p>`)}
      <h4>${t('eventLogs.arrivals.title')}</h4>
      ${arrival
        ? html`<p data-fit="arrivals">${t('eventLogs.arrivals.rate', { rate: this.n(arrival.ratePerHour, 3), mean: this.d(3600 / arrival.ratePerHour), cases: this.n(arrival.cases) })}
            ${t('eventLogs.arrivals.fit', { ks: this.n(arrival.exponential.ks, 3), best: this.distribution(arrival.best), bestKs: this.n(arrival.best.ks, 3) })}</p>
          ${view.arrivalPlot ? this.plot(view.arrivalPlot, t('eventLogs.arrivals.plot'), 'arrivals') : nothing}
          ${arrival.profile ? this.renderProfile(arrival.profile) : nothing}`
        : html`<p class="lf-log-note">${t('eventLogs.arrivals.none')}</p>`}
      ${r.firstResponse ? this.renderFirstResponse(r.firstResponse) : nothing}
      <h4>${t('eventLogs.tasks.title')}</h4>
      <p class="lf-log-note">${t('eventLogs.tasks.intro')}</p>
      <div class="lf-log-tasks">${r.tasks.map((task) => this.renderTask(task, view.plots[task.taskId]))}</div>
      <h4>${t('eventLogs.gateways.title')}</h4>
      ${r.gateways.length
        ? r.gateways.map(
            (g) => html`<div class="lf-log-gateway" data-gateway=${g.gatewayId}>
              <button class="lf-log-link" title=${t('eventLogs.select')} @click=${() => this.reveal(g.gatewayId)}>${this.nodeLabel(view, g.gatewayId, g.name)}</button>
              <small>${t('eventLogs.gateways.observed', { observations: this.n(g.observations) })}</small>
              <ul>${Object.entries(g.probabilities).map(([flow, p]) => html`<li data-flow=${flow}><span class="bar" style=${`width:${Math.round(p * 100)}%`}></span><span>→ ${this.flowLabel(view, flow)}</span><b title=${t('eventLogs.gateways.interval', { n: this.n(g.observations) })}>${formatPercent(p, this.language)} <small>± ${formatPercent(proportionHalfWidth(p, g.observations), this.language)}</small></b></li>`)}</ul>
            </div>`,
          )
        : html`<p class="lf-log-note">${t('eventLogs.gateways.none')}</p>`}
      ${r.pools.length
        ? html`<h4>${t('eventLogs.pools.title')}</h4>${r.pools.map((p) => html`<p data-pool=${p.poolId}>${t('eventLogs.pools.row', { pool: p.name, previous: p.previousHeadcount, headcount: p.headcount })}</p>`)}`
        : nothing}
      ${r.calendars.length ? this.renderCalendars(r.calendars) : nothing}
      ${this.renderValidation(documentId)}
      <div class="lf-log-apply">
        <button class="lf-button" data-action="apply" ?disabled=${applied || this.workbench.documents.active?.id !== documentId} @click=${() => this.apply(documentId)}>${t('eventLogs.apply')}</button>
        <small>${t('eventLogs.applyHint')}</small>
      </div>
    </section>`;
  }

  private days(): (day: (typeof WEEKDAY_KEYS)[number]) => string {
    return (day) => this.tr(`eventLogs.day.${day}` as Key);
  }

  /** The weekday x hour arrival profile: the log's rate per hour of the week (bars) and the fitted profile (steps). */
  private renderProfile(p: ArrivalProfileFit): TemplateResult {
    const t = this.tr;
    const width = 336;
    const height = 70;
    const top = 4;
    const g = weeklyGeometry(p.ratePerHour, p.profileRatePerHour, width, height);
    const caption = t('eventLogs.profile.plot');
    const f = (v: number, digits: number) => this.n(v, digits);
    return html`<h4>${t('eventLogs.profile.title')}</h4>
      <figure class="lf-log-plot lf-log-weekly" data-plot="weekly" data-weekly=${p.weekly ? 'true' : 'false'}>
        <figcaption>${caption}</figcaption>
        <svg viewBox="0 -${top} ${width} ${height + top + 14}" role="img" aria-label=${caption}>
          ${g.bars.map((b) => (b.h > 0 ? svg`<rect class="bar" x=${b.x} width=${Math.max(0.5, b.w - 0.3)} y=${height - b.h} height=${b.h}></rect>` : nothing))}
          <path class="curve" d=${g.line}></path>
          ${WEEKDAY_KEYS.map((d, i) => svg`<line class="axis day" x1=${i * 48} x2=${i * 48} y1=${0} y2=${height}></line><text class="tick" x=${i * 48 + 24} y=${height + 11} text-anchor="middle">${t(`eventLogs.day.${d}` as Key)}</text>`)}
          <line class="axis" x1="0" x2=${width} y1=${height} y2=${height}></line>
        </svg>
        <small class="lf-log-note">${t('eventLogs.profile.scale', { max: this.n(g.max, 2) })}</small>
      </figure>
      <p class="lf-log-note" data-fit="profile">${p.weekly
        ? t('eventLogs.profile.weekly', { chi: this.n(p.test.statistic, 1), df: p.test.degreesOfFreedom, p: pText(p.test.pValue, f), perWeek: this.n(p.casesPerWeek, 1) })
        : t('eventLogs.profile.flat', { chi: this.n(p.test.statistic, 1), df: p.test.degreesOfFreedom, p: pText(p.test.pValue, f), weeks: this.n(p.weeks, 1) })}
        ${t('eventLogs.profile.fit', { chi: this.n(p.fit.chiSquare, 1), df: p.fit.degreesOfFreedom, p: pText(p.fit.pValue, f), r2: this.n(p.fit.r2, 3) })}</p>`;
  }

  /** Working hours fitted per pool, with the share of the pool's timestamps inside them. */
  private renderCalendars(calendars: readonly CalendarFit[]): TemplateResult {
    const t = this.tr;
    const f = (v: number, digits: number) => this.n(v, digits);
    return html`<h4>${t('eventLogs.hours.title')}</h4>
      <table class="lf-log-table hours">
        <thead><tr><th>${t('eventLogs.hours.pool')}</th><th>${t('eventLogs.hours.hours')}</th><th class="num">${t('eventLogs.hours.perWeek')}</th><th class="num">${t('eventLogs.hours.coverage')}</th></tr></thead>
        <tbody>${calendars.map(
          (c) => html`<tr data-pool=${c.poolId} data-applied=${c.calendarId ? 'true' : 'false'}>
            <td>${c.name}</td>
            <td>${c.fit.alwaysOpen ? t('eventLogs.hours.always', { p: pText(c.fit.test.pValue, f) }) : hoursText(c.fit.hours, this.days())}</td>
            <td class="num">${this.n(c.fit.openHoursPerWeek)}</td>
            <td class="num">${formatPercent(c.fit.coverage, this.language)}</td>
          </tr>`,
        )}</tbody>
      </table>
      <p class="lf-log-note">${t('eventLogs.hours.help')}</p>`;
  }

  /** Before/after: each KPI of the two logs, the difference with its 95% bootstrap interval and the verdict. */
  private renderComparison(): TemplateResult | typeof nothing {
    const t = this.tr;
    const state = this.controller.comparison;
    if (state.status === 'none') return nothing;
    if (state.status === 'running') return html`<p class="lf-log-note" role="status" data-compare="running">${t('eventLogs.compare.running', { file: state.fileName })}</p>`;
    if (state.status === 'failed') return html`<p class="lf-log-error" role="alert" data-compare="failed">${t('eventLogs.compare.failed', { file: state.fileName, message: state.message })}</p>`;
    const { comparison: c, keyNames } = state.view;
    const value = (unit: LogKpiUnit, x: number | null, signed = false) => {
      if (x === null) return '—';
      const sign = signed && x > 0 ? '+' : signed && x < 0 ? '−' : '';
      const v = signed ? Math.abs(x) : x;
      return sign + (unit === 'share' ? formatPercent(v, this.language) : unit === 'casesPerDay' ? this.n(v, 1) : this.d(v));
    };
    const label = (k: LogKpiComparison) => {
      if (k.key.startsWith('waiting:')) {
        const id = k.key.slice('waiting:'.length);
        return t('eventLogs.compare.kpi.waiting', { name: keyNames[id] ?? k.activity ?? id });
      }
      return t(`eventLogs.compare.kpi.${k.key.replace(':', '.')}` as Key);
    };
    const side = (name: string, s: LogSideSummary) => t('eventLogs.compare.side', { file: name, cases: this.n(s.cases), from: s.from.slice(0, 10), to: s.to.slice(0, 10) });
    return html`<section class="lf-log-section lf-log-compare" data-compare="done">
      <h3>${t('eventLogs.compare.title')}</h3>
      <p class="lf-log-note">${t('eventLogs.compare.before')}: ${side(state.view.before, c.before)}<br />${t('eventLogs.compare.after')}: ${side(state.view.after, c.after)}</p>
      <table class="lf-log-table compare">
        <thead><tr><th>${t('eventLogs.compare.kpi')}</th><th class="num">${t('eventLogs.compare.before')}</th><th class="num">${t('eventLogs.compare.after')}</th><th class="num">${t('eventLogs.compare.difference')}</th></tr></thead>
        <tbody>${c.kpis.map((k) => {
          const ci = k.ci95 ? `${value(k.unit, k.ci95[0], true)} … ${value(k.unit, k.ci95[1], true)}` : '';
          return html`<tr data-kpi=${k.key} data-verdict=${k.verdict} data-significant=${String(k.significant)}>
            <td class="name" title=${label(k)}>${label(k)}</td>
            <td class="num">${value(k.unit, k.before)}</td><td class="num">${value(k.unit, k.after)}</td>
            <td class="num lf-log-diff ${k.verdict} ${k.significant ? 'significant' : ''}" title=${k.pValue !== null ? t('eventLogs.compare.p', { p: pText(k.pValue, (v, digits) => this.n(v, digits)) }) : ''}>
              ${value(k.unit, k.difference, true)} <span class="lf-log-verdict">${t(`eventLogs.compare.verdict.${k.verdict}` as Key)}</span>
              ${ci ? html`<br /><small>${t('eventLogs.compare.ci', { interval: ci })}</small>` : nothing}</td>
          </tr>`;
        })}</tbody>
      </table>
      <p class="lf-log-note">${t('eventLogs.compare.legend', { resamples: this.n(c.method.resamples), seed: c.method.seed })}</p>
    </section>`;
  }

  /** The validation table: each KPI from the log, from the calibrated scenario's simulation, and the error. */
  private renderValidation(documentId: string): TemplateResult {
    const t = this.tr;
    const state = this.controller.state(documentId);
    const v = state?.validation;
    const value = (unit: ValidationRow['unit'], x: number) => (unit === 'share' ? formatPercent(x, this.language) : this.d(x));
    const label = (row: ValidationRow) => {
      const kpi = t(`eventLogs.validation.kpi.${row.kpi.replace(':', '.')}` as Key);
      return row.name && !row.kpi.startsWith('firstResponse') ? `${kpi}: ${row.name}` : row.name ? `${kpi} (${row.name})` : kpi;
    };
    return html`<section class="lf-log-validation" data-state=${state?.validating ? 'running' : v ? 'done' : state?.validationError ? 'failed' : 'none'}>
      <h4>${t('eventLogs.validation.title')}</h4>
      ${state?.validating ? html`<p class="lf-log-note" role="status">${t('eventLogs.validation.running')}</p>` : nothing}
      ${state?.validationError ? html`<p class="lf-log-error" role="alert">${t('eventLogs.validation.failed', { message: state.validationError })}</p>` : nothing}
      ${v
        ? html`<p class="lf-log-note" data-run-cases=${v.run.cases}>${t('eventLogs.validation.run', { scenario: v.run.scenarioName, cases: this.n(v.run.cases), replications: v.run.replications, seed: v.run.seed, seconds: this.n(v.run.milliseconds / 1000, 1) })}</p>
            <table class="lf-log-table validation">
              <thead><tr><th>${t('eventLogs.validation.kpi')}</th><th class="num">${t('eventLogs.validation.log')}</th><th class="num">${t('eventLogs.validation.simulated')}</th><th class="num">${t('eventLogs.validation.error')}</th></tr></thead>
              <tbody>${v.rows.map(
                (row) => html`<tr data-kpi=${row.kpi} data-element=${row.elementId ?? ''}>
                  <td class="name" title=${label(row)}>${label(row)}</td>
                  <td class="num">${value(row.unit, row.log)}</td><td class="num">${value(row.unit, row.simulated)}</td>
                  <td class="num ${Number.isFinite(row.relativeError) && Math.abs(row.relativeError) > 0.25 ? 'poor' : ''}" title=${row.absoluteError !== undefined ? t('eventLogs.validation.absolute', { value: row.unit === 'share' ? formatPercent(row.absoluteError, this.language) : this.d(Math.abs(row.absoluteError)) }) : ''}>${Number.isFinite(row.relativeError) ? `${row.relativeError > 0 ? '+' : ''}${formatPercent(row.relativeError, this.language)}` : '—'}</td>
                </tr>`,
              )}</tbody>
            </table>
            <p class="lf-log-note">${t('eventLogs.validation.help')}</p>`
        : nothing}
    </section>`;
  }

  /** The log's first-response figures: share within the scenario's target, median and 90th percentile. */
  private renderFirstResponse(fr: FirstResponseFit): TemplateResult {
    const t = this.tr;
    return html`<h4>${t('eventLogs.firstResponse.title')}</h4>
      <p data-fit="first-response" data-within=${fr.withinTarget}>${t('eventLogs.firstResponse.figures', {
        activity: fr.requested,
        within: formatPercent(fr.withinTarget, this.language),
        target: this.d(fr.targetSeconds),
        p50: this.d(fr.p50),
        p90: this.d(fr.p90),
        responded: this.n(fr.responded),
        cases: this.n(fr.cases),
      })}
      ${fr.taskId ? t('eventLogs.firstResponse.flagged', { task: fr.name ?? fr.taskId }) : nothing}</p>`;
  }

  /** An element's name, else (an unnamed gateway) where it is: "Decision after “Check form”". */
  private nodeLabel(view: CalibrationView, id: string, name: string | undefined): string {
    if (name) return name;
    const after = view.nodes[id]?.after;
    return after ? this.tr('eventLogs.unnamed.after', { name: after }) : id;
  }

  /** A flow's name, else the first named element it leads to. */
  private flowLabel(view: CalibrationView, flowId: string): string {
    const leads = view.flowTargets[flowId];
    return view.flowLabels[flowId] ?? (leads ? this.tr('eventLogs.unnamed.to', { name: leads }) : flowId);
  }

  private renderTask(task: TaskFit, plot: FitPlot | undefined): TemplateResult {
    const t = this.tr;
    const fit = task.fit;
    const name = task.name ?? task.taskId;
    const poor = fit.chosen.ks > 0.2;
    return html`<details class="lf-log-task" data-task=${task.taskId}>
      <summary>
        <span class="name" title=${name}>${name}</span>
        <span class="fit" title=${this.distribution(fit.chosen)}>${this.distribution(fit.chosen)}</span>
        <span class="ks ${poor ? 'poor' : ''}" title=${t('eventLogs.tasks.col.ks')}>KS ${this.n(fit.chosen.ks, 2)}</span>
      </summary>
      <p class="lf-log-note">${t('eventLogs.tasks.sample', { mean: this.d(fit.sampleMean), sd: this.d(fit.sampleSd), n: this.n(fit.samples), measured: t(`eventLogs.tasks.measured.${task.measured}`) })}
        ${task.meanWaiting !== null ? html` ${t('eventLogs.tasks.col.wait')}: ${this.d(task.meanWaiting)}.` : nothing}</p>
      ${plot ? this.plot(plot, t('eventLogs.tasks.plot', { task: name, family: this.family(fit.chosen) }), task.taskId) : nothing}
      <table class="lf-log-table candidates">
        <thead><tr><th>${t('eventLogs.candidates.family')}</th><th class="num">${t('eventLogs.candidates.mean')}</th><th class="num">${t('eventLogs.candidates.sd')}</th><th class="num">${t('eventLogs.candidates.aic')}</th><th class="num">KS</th></tr></thead>
        <tbody>${[...fit.candidates].sort((a, b) => a.aic - b.aic).map(
          (c) => html`<tr class=${c.family === fit.chosen.family ? 'chosen' : ''} data-family=${c.family}><td>${this.family(c)}${c.family === fit.chosen.family ? html` <span class="lf-log-badge">${t('eventLogs.candidates.chosen')}</span>` : nothing}</td>
            <td class="num">${this.d(c.mean)}</td><td class="num">${this.d(c.sd)}</td><td class="num">${this.n(c.aic, 0)}</td><td class="num">${this.n(c.ks, 3)}</td></tr>`,
        )}</tbody>
      </table>
    </details>`;
  }

  /** The data's histogram (bars, as a density) and the fitted density (line) on one axis; SVG like the other charts. */
  private plot(plot: FitPlot, title: string, id: string): TemplateResult {
    const width = 300;
    const height = 130;
    const left = 8;
    const right = 8;
    const top = 8;
    const bottom = 22;
    const x0 = plot.edges[0] ?? 0;
    const x1 = plot.edges[plot.edges.length - 1] ?? 1;
    const yMax = Math.max(1e-12, ...plot.density, ...plot.curveY.filter((y) => Number.isFinite(y)).map((y) => Math.min(y, 3 * Math.max(...plot.density, 1e-12))));
    const x = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * (width - left - right);
    const y = (v: number) => top + (1 - Math.min(v, yMax) / yMax) * (height - top - bottom);
    const curve = plot.curveX.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(v).toFixed(1)},${y(plot.curveY[i] ?? 0).toFixed(1)}`).join(' ');
    const above = plot.above ? this.tr('eventLogs.tasks.above', { count: this.n(plot.above) }) : '';
    return html`<figure class="lf-log-plot" data-plot=${id}>
      <figcaption>${title}</figcaption>
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${title}>
        ${plot.density.map((dv, i) => svg`<rect class="bar" x=${x(plot.edges[i]!) + 0.5} width=${Math.max(0.5, x(plot.edges[i + 1]!) - x(plot.edges[i]!) - 1)} y=${y(dv)} height=${height - bottom - y(dv)}></rect>`)}
        ${curve ? svg`<path class="curve" d=${curve}></path>` : nothing}
        ${plot.fixedAt !== undefined ? svg`<line class="curve" x1=${x(plot.fixedAt)} x2=${x(plot.fixedAt)} y1=${top} y2=${height - bottom}></line>` : nothing}
        <line class="axis" x1=${left} x2=${width - right} y1=${height - bottom} y2=${height - bottom}></line>
        <text class="tick" x=${left} y=${height - 6} text-anchor="start">${this.d(x0)}</text>
        <text class="tick" x=${(left + width - right) / 2} y=${height - 6} text-anchor="middle">${this.d((x0 + x1) / 2)}</text>
        <text class="tick" x=${width - right} y=${height - 6} text-anchor="end">${this.d(x1)}</text>
      </svg>
      ${above ? html`<small class="lf-log-note">${above}</small>` : nothing}
    </figure>`;
  }

  private renderConformance(view: ConformanceView): TemplateResult {
    const t = this.tr;
    const c = view.replay;
    const deviations = c.deviations.filter((d) => d.missing + d.remaining > 0).sort((a, b) => b.missing + b.remaining - (a.missing + a.remaining));
    return html`<section class="lf-log-section lf-log-conformance" data-fitness=${c.fitness}>
      <h3>${t('eventLogs.conf.title')}</h3>
      <p class="lf-log-fitness"><b>${formatPercent(c.fitness, this.language)}</b> ${t('eventLogs.conf.fitness', { fitting: this.n(c.fittingCases), cases: this.n(c.cases), percent: formatPercent(c.fitness, this.language) })}
        ${t('eventLogs.conf.token', { value: this.n(c.tokenFitness, 3) })}</p>
      <p class="lf-log-note lf-log-method">${t('eventLogs.conf.method')}</p>
      ${c.searchLimited ? html`<p class="lf-log-warning">${t('eventLogs.conf.limited', { count: this.n(c.searchLimited) })}</p>` : nothing}
      ${deviations.length
        ? html`<label class="lf-log-check"><input type="checkbox" name="show-deviations" .checked=${this.controller.showDeviations} @change=${(e: Event & { target: HTMLInputElement }) => this.controller.setShowDeviations(e.target.checked)} /> ${t('eventLogs.conf.show')}</label>
            <p class="lf-log-note">${t('eventLogs.conf.missingHelp')}</p>
            <table class="lf-log-table deviations">
              <thead><tr><th>${t('eventLogs.conf.col.element')}</th><th class="num">${t('eventLogs.conf.col.missing')}</th><th class="num">${t('eventLogs.conf.col.remaining')}</th><th class="num">${t('eventLogs.conf.col.fired')}</th></tr></thead>
              <tbody>${deviations.map(
                (d) => html`<tr data-element=${d.elementId}><td><button class="lf-log-link" title=${t('eventLogs.select')} @click=${() => this.reveal(d.elementId)}>${d.name ?? (view.nodes?.[d.elementId]?.after ? t('eventLogs.unnamed.after', { name: view.nodes[d.elementId]!.after! }) : d.elementId)}</button></td>
                  <td class="num">${this.n(d.missing)}</td><td class="num">${this.n(d.remaining)}</td><td class="num">${this.n(d.fired)}</td></tr>`,
              )}</tbody>
            </table>`
        : html`<p class="lf-log-ok">${t('eventLogs.conf.none')}</p>`}
    </section>`;
  }

  private reveal(elementId: string): void {
    revealElement((this.workbench.activeEditor as { modeler?: unknown } | undefined)?.modeler, elementId);
  }

  private apply(documentId: string): void {
    const scenario = this.controller.apply(documentId);
    if (scenario) this.workbench.notifications.notify({ severity: 'info', title: this.tr('eventLogs.applied', { name: scenario.name }), code: 'eventLogs.applied' });
  }
}

customElements.define('lf-event-logs-view', LfEventLogsView);

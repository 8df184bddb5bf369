// <lf-properties-view>: the Properties side-bar view. The selected element's simulation parameters in the active
// scenario (forms, units, inline messages), the scenario switcher, the scenario settings when nothing is selected,
// and the resource pools and calendars. Every change goes through the command stack (scenario-command.ts).
import {
  TIME_UNITS,
  VALUE_CLASSES,
  WEEKDAYS,
  describeDistribution,
  distributionMean,
  SECONDS_PER_UNIT,
  type Calendar,
  type Distribution,
  type Duration,
  type FlowNode,
  type ModelIssue,
  type Scenario,
  type ScenarioInput,
  type ScenarioSource,
  type TimeUnit,
} from '@leanflow/model';
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Event } from '../../base/lifecycle.ts';
import { parseLocaleNumber } from './locale-number.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import type { ForeignScenarioSource } from '../../editor/imported-scenario.ts';
import type { LfBpmnEditor } from '../../editor/lf-bpmn-editor.ts';
import { densityCurve } from './distribution-shape.ts';
import { PROPERTIES_EN, type PropertiesMessageKey } from './messages.ts';
import type { PropertiesModel } from './properties-model.ts';
import {
  DISTRIBUTION_PARAMETERS,
  activeScenario,
  convertDistribution,
  editActive,
  estimateFromDistribution,
  estimateToDistribution,
  issuesAt,
  normaliseProbabilities,
  probabilitySum,
  DEMAND_SHAPES,
  balanceShares,
  casesPerWeek,
  peakHeadcount,
  profileFromDemand,
  setArrival,
  setArrivalProfile,
  setCaseTypes,
  setShifts,
  type DemandShape,
  setEventDuration,
  setProbability,
  setTaskField,
  unstaffedPoolParts,
  type ScenarioSet,
} from './scenario-ops.ts';
import {
  addPerson,
  caseTypeOverrides,
  caseTypeSplitSum,
  normaliseCaseTypeSplit,
  overrideStartDuration,
  overrideStartSplit,
  peopleProblems,
  removePerson,
  removePool,
  setCaseTypeDuration,
  setCaseTypeProbability,
  setCaseTypeSplit,
  setCaseTypeTarget,
  setPersonPool,
  updatePerson,
  type CaseType,
} from './segment-ops.ts';
import './properties.css';

type Issue = Pick<ModelIssue, 'message' | 'code'> & { path?: string | undefined };

const DISTRIBUTION_TYPES = Object.keys(DISTRIBUTION_PARAMETERS) as Distribution['type'][];

function numberOf(form: Element | null, field: string): number | undefined {
  const input = form?.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field="${field}"]`);
  if (!input || input.value.trim() === '') return undefined;
  return Number(input.value);
}
function textOf(form: Element | null, field: string): string {
  return form?.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field="${field}"]`)?.value ?? '';
}
const show = (value: number | undefined) => (value === undefined ? '' : String(Number(value.toPrecision(6))));

let timeZones: string[] | undefined;
function allTimeZones(): string[] {
  if (!timeZones) {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    const list = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
    timeZones = ['UTC', ...list.filter((z) => z !== 'UTC')];
  }
  return timeZones;
}

export class LfPropertiesView extends WorkbenchElement {
  model!: PropertiesModel;
  /** Inline messages of edits that were refused, by field key (the typed text stays in the input). */
  private refused = new Map<string, Issue[]>();
  /** Distribution editors switched to "advanced". */
  private advanced = new Set<string>();
  private lastSelectionKey = '';
  /** The spread last picked in a start event's demand form (the stored periods do not say it). */
  private demandShape = new Map<string, DemandShape>();

  private contentListener: { dispose(): void } | undefined;
  /** True while this view writes an edit (its own change keeps other fields' messages). */
  private writing = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Before any field's own change handler (capture): numbers are read the locale's way or refused, never guessed.
    this.addEventListener('change', this.checkNumber, { capture: true });
    // Undo, redo or any other change of the document makes refused values moot: their messages go.
    this.contentListener = this.workbench.documents.onDidChangeContent(() => {
      if (!this.writing) this.refused.clear();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('change', this.checkNumber, { capture: true });
    this.contentListener?.dispose();
  }

  protected override watch(): Event<unknown>[] {
    return [this.model.onDidChange, this.workbench.onDidChangeSelection, this.workbench.documents.onDidChange, this.workbench.documents.onDidChangeContent];
  }

  /** A number field's text: "12,5" is 12.5 where the browser's locale writes a decimal comma, else refused ("use a dot"). */
  private readonly checkNumber = (event: globalThis.Event): void => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-number')) return;
    const parsed = input.value.trim() === '' ? undefined : parseLocaleNumber(input.value, navigator.language);
    if (!parsed || parsed.ok) {
      input.setCustomValidity('');
      input.removeAttribute('aria-invalid');
      if (parsed && parsed.normalised !== input.value) input.value = parsed.normalised;
      return;
    }
    event.stopImmediatePropagation();
    const text = input.value.trim();
    const message = parsed.reason === 'decimalComma' ? this.s('properties.number.useDot', { text, example: text.replace(',', '.') }) : this.s('properties.number.notANumber', { text });
    input.setCustomValidity(message);
    input.setAttribute('aria-invalid', 'true');
    input.title = message;
    input.reportValidity();
    this.workbench.notifications.notify({ severity: 'warning', title: message, code: parsed.reason === 'decimalComma' ? 'input.decimalComma' : 'input.notANumber' });
  };

  private s(key: PropertiesMessageKey, params?: Record<string, string | number>): string {
    return this.workbench.i18n.localize(`%${key}%`, params);
  }

  private get editor(): LfBpmnEditor | undefined {
    const editor = this.workbench.activeEditor;
    return editor?.modeler ? editor : undefined;
  }

  /** Runs an edit of the active scenario; refused edits keep their messages next to `field`. */
  private edit(field: string, change: (scenario: Scenario) => ScenarioInput): boolean {
    const set = this.model.scenarioSet();
    if (!set) return false;
    const result = editActive(set, change);
    if (!result.ok) {
      this.refused.set(field, result.issues);
      this.requestUpdate();
      return false;
    }
    this.refused.delete(field);
    this.writing = true;
    try {
      this.model.write(result.set);
    } finally {
      this.writing = false;
    }
    return true;
  }

  private messages(field: string, crossChecked: readonly Issue[] = []): TemplateResult | typeof nothing {
    const list = [...(this.refused.get(field) ?? []), ...crossChecked];
    if (!list.length) return nothing;
    return html`<ul class="lf-prop-messages" role="alert" data-messages=${field}>
      ${list.map((issue) => html`<li>${this.localizeIssue(issue)}</li>`)}
    </ul>`;
  }

  private localizeIssue(issue: Issue): string {
    if (this.workbench.i18n.language !== 'zh-CN') return issue.message;
    if (issue.code === 'estimate.negative') return this.s('properties.issue.negative');
    if (issue.code === 'estimate.order') return this.s(issue.path === 'low' ? 'properties.issue.lowAboveTypical' : 'properties.issue.highBelowTypical');
    const unstaffed = unstaffedPoolParts(issue);
    if (unstaffed) return this.s('properties.issue.poolUnstaffed', unstaffed);
    return issue.message;
  }

  protected override render(): TemplateResult {
    const editor = this.editor;
    const doc = this.workbench.documents.active;
    if (!editor || !doc) return html`<p class="lf-empty">${this.s('properties.noDocument')}</p>`;
    const state = this.model.state(doc.id);
    const set = this.model.scenarioSet();
    const selection = editor.get<{ get(): { id: string; businessObject?: { $type?: string } }[] }>('selection').get();
    const selectionKey = `${doc.id}:${selection.map((e) => e.id).join(',')}`;
    if (selectionKey !== this.lastSelectionKey) {
      this.lastSelectionKey = selectionKey;
      this.refused.clear();
    }
    if (!state) this.model.ensure(doc.id);
    if (!state?.graph || !set) return html`<p class="lf-empty">${this.s(state && !state.graph ? 'properties.unreadable' : 'properties.loading')}</p>`;
    const scenario = activeScenario(set)!;
    const issues = this.model.issues();
    const selected = selection.length === 1 ? selection[0]! : undefined;
    const node = selected ? state.graph.nodes.find((n) => n.id === selected.id) : undefined;
    const isContainer = !selected || ['bpmn:Process', 'bpmn:Participant', 'bpmn:Collaboration', 'bpmn:Lane'].includes(selected.businessObject?.$type ?? '');
    return html`<div class="lf-props">
      ${this.scenarioBar(set, scenario)}
      ${this.sourceNote(state.source, state.foreign, scenario)}
      ${selected && !isContainer ? this.elementSection(selected, node, scenario, issues) : html`${this.scenarioSettings(scenario, issues)}${this.caseTypes(scenario, issues)}`}
      ${this.resources(scenario, issues)}
    </div>`;
  }

  /** Where the scenario comes from, said plainly: defaults, imported from another tool, or ours next to kept foreign data. */
  private sourceNote(source: ScenarioSource, foreign: ForeignScenarioSource | undefined, scenario: Scenario): TemplateResult | typeof nothing {
    if (source === 'leanflow') {
      if (!foreign) return nothing;
      return html`<p class="lf-prop-note" data-note="source" data-source="leanflow" data-foreign=${foreign}>${this.s(foreign === 'qbp' ? 'properties.source.keptQbp' : 'properties.source.keptBpsim')}</p>`;
    }
    const details =
      source === 'qbp' || source === 'bpsim'
        ? this.s('properties.source.details', { resources: scenario.pools.length, calendars: scenario.calendars.length, tasks: Object.values(scenario.tasks).filter((t) => t.duration).length })
        : '';
    return html`<p class="lf-prop-note" data-note="source" data-source=${source}>${this.s(`properties.source.${source}`, { details })}</p>`;
  }

  private scenarioBar(set: ScenarioSet, scenario: Scenario): TemplateResult {
    return html`<section class="lf-prop-scenario" aria-label=${this.s('properties.scenario')}>
      <label class="lf-prop-row">
        <span class="lf-prop-label">${this.s('properties.scenario')}</span>
        <select class="lf-input" data-field="scenario" @change=${(e: InputEvent) => this.model.activate((e.target as HTMLSelectElement).value)}>
          ${set.scenarios.map((s) => html`<option value=${s.id} .selected=${s.id === scenario.id}>${s.name}</option>`)}
        </select>
      </label>
      <div class="lf-prop-buttons">
        <button class="lf-button secondary" data-action="new-scenario" @click=${() => this.workbench.commands.execute('properties.newScenario')}>${this.s('properties.scenario.new')}</button>
        <button class="lf-button secondary" data-action="duplicate-scenario" @click=${() => this.workbench.commands.execute('properties.duplicateScenario')}>${this.s('properties.scenario.duplicate')}</button>
        <button class="lf-button secondary" data-action="delete-scenario" ?disabled=${set.scenarios.length < 2} title=${set.scenarios.length < 2 ? this.s('properties.scenario.deleteLast') : ''}
          @click=${() => this.workbench.commands.execute('properties.deleteScenario')}>${this.s('properties.scenario.delete')}</button>
      </div>
      <label class="lf-prop-row">
        <span class="lf-prop-label">${this.s('properties.scenario.name')}</span>
        <input class="lf-input" data-field="scenario-name" .value=${scenario.name}
          @change=${(e: InputEvent) => {
            if (!this.model.rename(scenario.id, (e.target as HTMLInputElement).value, (issues) => this.refused.set('scenario-name', issues))) this.requestUpdate();
            else this.refused.delete('scenario-name');
          }} />
      </label>
      ${this.messages('scenario-name')}
    </section>`;
  }

  // ---- the selected element ------------------------------------------------------------------------------

  private elementSection(selected: { id: string; businessObject?: { $type?: string } }, node: FlowNode | undefined, scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const type = (selected.businessObject?.$type ?? '').replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
    const name = (selected.businessObject as { name?: string } | undefined)?.name ?? '';
    const kind = (selected.businessObject?.$type ?? '').replace(/^bpmn:/, '');
    // The element's kind in the studio's language (the BPMN type name is English).
    const typeKey = `properties.type.${kind.charAt(0).toLowerCase()}${kind.slice(1)}`;
    const shownType = typeKey in PROPERTIES_EN ? this.s(typeKey as PropertiesMessageKey) : type;
    const header = html`<h3 class="lf-section-title">${this.s('properties.element')} · ${shownType}</h3>
      <div class="lf-prop-group">
        <label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.name')}</span>
          <input class="lf-input" data-field="name" .value=${name} @change=${(e: InputEvent) => this.model.renameElement(selected.id, (e.target as HTMLInputElement).value)} />
        </label>
      </div>`;
    if (!node) return html`${header}<p class="lf-empty">${type === 'Sequence Flow' || type === 'Message Flow' ? this.s('properties.flow') : this.s('properties.nothingToSet')}</p>`;
    return html`${header}${this.parameters(node, scenario, issues)}`;
  }

  private parameters(node: FlowNode, scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const graph = this.model.state(this.workbench.documents.active!.id)!.graph!;
    const hasChildren = graph.nodes.some((n) => n.parentId === node.id);
    if (node.kind === 'startEvent' && node.parentId === undefined) return this.startEvent(node, scenario, issues);
    if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') return this.gateway(node, scenario, issues);
    const waits = node.kind === 'receiveTask' || ((node.kind === 'intermediateCatchEvent' || node.kind === 'boundaryEvent') && node.eventDefinitions.some((k) => k === 'timer' || k === 'message'));
    if (waits && node.kind !== 'receiveTask') return this.waitingEvent(node, scenario, issues);
    if (!hasChildren && ['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask', 'callActivity', 'subProcess'].includes(node.kind)) {
      return this.task(node, scenario, issues);
    }
    if (node.kind === 'eventBasedGateway') return html`<p class="lf-empty">${this.s('properties.eventBased')}</p>`;
    return html`<p class="lf-empty">${this.s('properties.nothingToSet')}</p>`;
  }

  private task(node: FlowNode, scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const task = scenario.tasks[node.id];
    const prefix = `tasks.${node.id}`;
    const duration = task?.duration;
    const pools = scenario.pools;
    const setField = <K extends keyof Scenario['tasks'][string]>(key: K, value: Scenario['tasks'][string][K] | undefined) =>
      this.edit(`${prefix}.${key}`, (s) => setTaskField(s, node.id, key, value));
    const checkbox = (key: 'substantiveResponse' | 'automated', hint: PropertiesMessageKey) => html`<label class="lf-checkbox lf-prop-check">
      <input type="checkbox" data-field=${key} .checked=${task?.[key] ?? false} @change=${(e: InputEvent) => setField(key, (e.target as HTMLInputElement).checked)} />
      <span><strong>${this.s(`properties.task.${key}`)}</strong><br />${this.s(hint)}</span>
    </label>`;
    const lanePool = node.laneId ? pools.find((p) => p.laneIds.includes(node.laneId!)) : undefined;
    return html`<h3 class="lf-section-title">${this.s('properties.task.title')}</h3>
      <div class="lf-prop-group">
        ${this.distributionEditor(`${prefix}.duration`, this.s('properties.task.duration'), duration, (d) => this.edit(`${prefix}.duration`, (s) => setTaskField(s, node.id, 'duration', d)), issues, node.kind === 'receiveTask' ? 'properties.task.receiveHint' : undefined)}
        ${this.caseTypeDurations(node, scenario, issues)}
        <label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.task.pool')}</span>
          <select class="lf-input" data-field="poolId" ?disabled=${task?.automated ?? false}
            @change=${(e: InputEvent) => setField('poolId', (e.target as HTMLSelectElement).value || undefined)}>
            <option value="" .selected=${!task?.poolId}>${lanePool ? this.s('properties.task.poolFromLane', { pool: lanePool.name }) : this.s('properties.task.poolNone')}</option>
            ${pools.map((p) => html`<option value=${p.id} .selected=${task?.poolId === p.id}>${p.name}</option>`)}
          </select>
        </label>
        ${this.messages(`${prefix}.poolId`, issuesAt(issues, `${prefix}.poolId`))}
        <label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.task.fixedCost')}</span>
          <span class="lf-prop-inline"><input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="any" data-field="fixedCost" .value=${show(task?.fixedCost ?? 0)}
            @change=${(e: InputEvent) => setField('fixedCost', numberOf((e.target as HTMLElement).parentElement, 'fixedCost') ?? 0)} /><span class="lf-prop-unit">${scenario.currency}</span></span>
        </label>
        ${this.messages(`${prefix}.fixedCost`)}
        <label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.task.valueClass')}</span>
          <select class="lf-input" data-field="valueClass" @change=${(e: InputEvent) => setField('valueClass', ((e.target as HTMLSelectElement).value || undefined) as (typeof VALUE_CLASSES)[number] | undefined)}>
            <option value="" .selected=${!task?.valueClass}>${this.s('properties.valueClass.notSet')}</option>
            ${VALUE_CLASSES.map((v) => html`<option value=${v} .selected=${task?.valueClass === v}>${this.s(`properties.valueClass.${v}`)}</option>`)}
          </select>
        </label>
        ${task?.valueClass ? nothing : html`<p class="lf-prop-hint" data-note="valueClassNotSet">${this.s('properties.valueClass.notSetHint')}</p>`}
        ${checkbox('substantiveResponse', 'properties.task.substantiveResponse.hint')}
        ${checkbox('automated', 'properties.task.automated.hint')}
        ${node.loop?.kind === 'multiInstance'
          ? html`<label class="lf-prop-row">
                <span class="lf-prop-label">${this.s('properties.task.instances')}</span>
                <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="1" step="1" data-field="instanceCount" .value=${show(task?.instanceCount)}
                  @change=${(e: InputEvent) => setField('instanceCount', numberOf((e.target as HTMLElement).parentElement, 'instanceCount'))} />
              </label>${this.messages(`${prefix}.instanceCount`)}`
          : nothing}
        ${node.loop?.kind === 'standard'
          ? this.distributionEditor(`${prefix}.loopCount`, this.s('properties.task.loops'), task?.loopCount ?? { type: 'fixed', value: 1, unit: 's' },
              (d) => this.edit(`${prefix}.loopCount`, (s) => setTaskField(s, node.id, 'loopCount', d)), issues, 'properties.task.loopsHint', true)
          : nothing}
        ${this.messages(`${prefix}`, issues.filter((i) => i.elementId === node.id && !i.path?.startsWith(`${prefix}.`) && i.severity !== 'info'))}
      </div>`;
  }

  private startEvent(node: FlowNode, scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const arrival = scenario.arrivals[node.id];
    const prefix = `arrivals.${node.id}`;
    const profile = arrival?.profile;
    return html`<h3 class="lf-section-title">${this.s('properties.start.title')}</h3>
      <div class="lf-prop-group">
        <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.start.demand')}</span>
          <select class="lf-input" data-field="demand-mode" @change=${(e: InputEvent) => {
            const weekly = (e.target as HTMLSelectElement).value === 'weekly';
            // Start from the steady rate: its cases in office hours on weekdays.
            const gap = arrival ? distributionMean(arrival.interArrival) : 1800;
            const perDay = Math.max(1, Math.round((10 * 3600) / Math.max(gap, 1)));
            this.edit(`${prefix}.profile`, (s) => setArrivalProfile(s, node.id, weekly ? profileFromDemand({ perDay, days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00', shape: 'even' }) : null));
          }}>
            <option value="steady" .selected=${!profile}>${this.s('properties.start.demand.steady')}</option>
            <option value="weekly" .selected=${!!profile}>${this.s('properties.start.demand.weekly')}</option>
          </select></label>
        ${profile ? this.weeklyDemand(node.id, profile, prefix, issues) : nothing}
        ${profile ? nothing : this.distributionEditor(`${prefix}.interArrival`, this.s('properties.start.interArrival'), arrival?.interArrival,
          (d) => this.edit(`${prefix}.interArrival`, (s) => setArrival(s, node.id, { interArrival: d })), issues, 'properties.start.interArrival.hint')}
        ${profile ? nothing : html`<label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.start.calendar')}</span>
          <select class="lf-input" data-field="calendarId" @change=${(e: InputEvent) => this.edit(`${prefix}.calendarId`, (s) => setArrival(s, node.id, { calendarId: (e.target as HTMLSelectElement).value || null }))}>
            <option value="" .selected=${!arrival?.calendarId}>${this.s('properties.calendar.always')}</option>
            ${scenario.calendars.map((c) => html`<option value=${c.id} .selected=${arrival?.calendarId === c.id}>${c.name}</option>`)}
          </select>
        </label>`}
        ${this.messages(`${prefix}.calendarId`, issuesAt(issues, `${prefix}.calendarId`))}
        <label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.start.cases')}</span>
          <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="1" step="1" data-field="cases" placeholder=${String(scenario.cases)} .value=${show(arrival?.cases)}
            @change=${(e: InputEvent) => this.edit(`${prefix}.cases`, (s) => setArrival(s, node.id, { cases: numberOf((e.target as HTMLElement).parentElement, 'cases') ?? null }))} />
        </label>
        <p class="lf-prop-hint">${this.s('properties.start.cases.hint', { cases: scenario.cases })}</p>
        ${this.messages(`${prefix}.cases`)}
        ${this.messages(prefix, issues.filter((i) => i.code === 'arrivals.missing' && i.elementId === node.id))}
      </div>`;
  }

  /** Day check-boxes of a weekly period (the same as a calendar's). */
  private dayChips(days: readonly string[]): TemplateResult {
    return html`<span class="lf-prop-days">${WEEKDAYS.map((d) => html`<label class="lf-prop-day" title=${this.s(`properties.day.${d}`)}><input type="checkbox" data-day=${d} .checked=${days.includes(d)} /><span>${this.s(`properties.dayShort.${d}`)}</span></label>`)}</span>`;
  }

  /** A weekly arrival profile in business terms (cases a day, days, hours, spread) and its periods. */
  private weeklyDemand(nodeId: string, profile: NonNullable<Scenario['arrivals'][string]['profile']>, prefix: string, issues: readonly ModelIssue[]): TemplateResult {
    const periods = profile.periods;
    const days = WEEKDAYS.filter((d) => periods.some((p) => p.days.includes(d) && p.casesPerHour > 0));
    const from = periods.reduce((a, p) => (p.from < a ? p.from : a), '24:00');
    const to = periods.reduce((a, p) => (p.to > a ? p.to : a), '00:00');
    const weekly = casesPerWeek(periods);
    const shape = this.demandShape.get(nodeId) ?? 'even';
    const applyDemand = (e: globalThis.Event) => {
      const form = (e.target as HTMLElement).closest('[data-demand]');
      const picked = WEEKDAYS.filter((d) => form?.querySelector<HTMLInputElement>(`[data-day="${d}"]`)?.checked);
      const nextShape = textOf(form, 'shape') as DemandShape;
      this.demandShape.set(nodeId, nextShape);
      const demand = { perDay: numberOf(form, 'perDay') ?? 0, days: picked, from: textOf(form, 'from') || '08:00', to: textOf(form, 'to') === '23:59' ? '24:00' : textOf(form, 'to') || '18:00', shape: nextShape };
      this.edit(`${prefix}.profile`, (s) => setArrivalProfile(s, nodeId, profileFromDemand(demand)));
    };
    const editPeriods = (change: (list: typeof periods) => typeof periods) => this.edit(`${prefix}.profile`, (s) => setArrivalProfile(s, nodeId, change(s.arrivals[nodeId]?.profile?.periods ?? [])));
    return html`<div class="lf-prop-demand" data-demand @change=${applyDemand}>
        <span class="lf-prop-inline"><span>${this.s('properties.start.demand.about')}</span>
          <input class="lf-input lf-prop-number" type="number" min="0" step="any" data-field="perDay" .value=${show(days.length ? Number((weekly / days.length).toPrecision(4)) : 0)} />
          <span>${this.s('properties.start.demand.perDay')}</span></span>
        ${this.dayChips(days)}
        <span class="lf-prop-inline"><span>${this.s('properties.start.demand.between')}</span>
          <input class="lf-input" type="time" data-field="from" aria-label=${this.s('properties.calendar.from')} .value=${from === '24:00' ? '00:00' : from} />–
          <input class="lf-input" type="time" data-field="to" aria-label=${this.s('properties.calendar.to')} .value=${to === '24:00' ? '23:59' : to} /></span>
        <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.start.demand.shape')}</span>
          <select class="lf-input" data-field="shape">${DEMAND_SHAPES.map((k) => html`<option value=${k} .selected=${k === shape}>${this.s(`properties.start.demand.shape.${k}`)}</option>`)}</select></label>
      </div>
      <h4 class="lf-prop-subtitle">${this.s('properties.start.demand.periods')}</h4>
      ${periods.map(
        (period, index) => html`<div class="lf-prop-hours" data-period=${index} @change=${(e: globalThis.Event) => {
          const row = (e.target as HTMLElement).closest('.lf-prop-hours')!;
          const picked = WEEKDAYS.filter((d) => row.querySelector<HTMLInputElement>(`[data-day="${d}"]`)?.checked);
          const to = textOf(row, 'to');
          editPeriods((list) => list.map((p, i) => (i === index ? { days: picked, from: textOf(row, 'from'), to: to === '23:59' ? '24:00' : to, casesPerHour: numberOf(row, 'casesPerHour') ?? 0 } : p)));
        }}>
          ${this.dayChips(period.days)}
          <span class="lf-prop-inline">
            <input class="lf-input" type="time" data-field="from" aria-label=${this.s('properties.calendar.from')} .value=${period.from === '24:00' ? '00:00' : period.from} />–
            <input class="lf-input" type="time" data-field="to" aria-label=${this.s('properties.calendar.to')} .value=${period.to === '24:00' ? '23:59' : period.to} />
            <input class="lf-input lf-prop-number" type="number" min="0" step="any" data-field="casesPerHour" aria-label=${this.s('properties.start.demand.periods')} .value=${show(period.casesPerHour)} /><span class="lf-prop-unit">/h</span>
            <button class="lf-link" data-action="remove-period" @click=${() => editPeriods((list) => list.filter((_, i) => i !== index))}>${this.s('properties.remove')}</button>
          </span>
        </div>`,
      )}
      <button class="lf-link" data-action="add-period" @click=${() => editPeriods((list) => [...list, { days: ['mon'], from: '09:00', to: '12:00', casesPerHour: 10 }])}>${this.s('properties.start.demand.addPeriod')}</button>
      <p class="lf-prop-hint" data-demand-total>${this.s('properties.start.demand.total', { cases: show(Number(weekly.toPrecision(4))) })}</p>
      ${this.messages(`${prefix}.profile`, issuesAt(issues, `${prefix}.profile`))}`;
  }

  private gateway(node: FlowNode, scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const graph = this.model.state(this.workbench.documents.active!.id)!.graph!;
    const flows = node.outgoing.map((id) => graph.flows.find((f) => f.id === id)).filter((f) => f !== undefined);
    const probabilities = scenario.gateways[node.id]?.probabilities ?? {};
    const exclusive = node.kind === 'exclusiveGateway';
    const prefix = `gateways.${node.id}`;
    const sum = probabilitySum(scenario, node.id, node.outgoing);
    const sumOk = Math.abs(sum - 1) <= 1e-6;
    const label = (flowId: string) => {
      const flow = flows.find((f) => f.id === flowId);
      const target = graph.nodes.find((n) => n.id === flow?.targetId);
      return flow?.name ? `${flow.name} → ${target?.name ?? flow.targetId}` : this.s('properties.gateway.to', { target: target?.name ?? flow?.targetId ?? flowId });
    };
    if (flows.length < 2) return html`<p class="lf-empty">${this.s('properties.gateway.merge')}</p>`;
    return html`<h3 class="lf-section-title">${this.s('properties.gateway.title')}</h3>
      <div class="lf-prop-group">
        <p class="lf-prop-hint">${exclusive ? this.s('properties.gateway.xorHint') : this.s('properties.gateway.orHint')}</p>
        ${flows.map(
          (flow) => html`<label class="lf-prop-row">
              <span class="lf-prop-label">${label(flow.id)}</span>
              <span class="lf-prop-inline"><input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" max="100" step="any" data-field="probability" data-flow=${flow.id}
                .value=${show(probabilities[flow.id] === undefined ? undefined : probabilities[flow.id]! * 100)}
                @change=${(e: InputEvent) => {
                  const value = numberOf((e.target as HTMLElement).parentElement, 'probability');
                  this.edit(`${prefix}.probabilities.${flow.id}`, (s) => setProbability(s, node.id, flow.id, value === undefined ? 0 : value / 100));
                }} /><span class="lf-prop-unit">%</span></span>
            </label>${this.messages(`${prefix}.probabilities.${flow.id}`)}`,
        )}
        ${exclusive
          ? html`<div class="lf-prop-sum ${sumOk ? 'ok' : 'bad'}" data-sum=${sum}>
              <span>${this.s('properties.gateway.sum', { sum: show(Number((sum * 100).toFixed(4))) })}</span>
              ${sumOk ? nothing : html`<button class="lf-button secondary" data-action="normalise" @click=${() => this.edit(prefix, (s) => normaliseProbabilities(s, node.id, node.outgoing))}>${this.s('properties.gateway.normalise')}</button>`}
            </div>`
          : nothing}
        ${this.messages(prefix, issuesAt(issues, `${prefix}.probabilities`).filter((i) => i.code !== 'gateway.probabilities.sum'))}
        ${this.caseTypeSplits(node, exclusive, label, scenario)}
      </div>`;
  }

  // ---- what differs per case type ------------------------------------------------------------------------

  /** "Same as all cases" or "Own …" for each case type; the override's form below when it has one. */
  private overrideChoice(type: CaseType, own: boolean, ownLabel: PropertiesMessageKey, onChange: (own: boolean) => void): TemplateResult {
    return html`<label class="lf-prop-row">
      <span class="lf-prop-label lf-prop-typename" title=${type.name}>${type.name}</span>
      <select class="lf-input" data-field="override" @change=${(e: InputEvent) => onChange((e.target as HTMLSelectElement).value === 'own')}>
        <option value="same" .selected=${!own}>${this.s('properties.override.same')}</option>
        <option value="own" .selected=${own}>${this.s(ownLabel)}</option>
      </select></label>`;
  }

  /** A task's duration per case type (the same estimate input and curve as the task's own). */
  private caseTypeDurations(node: FlowNode, scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult | typeof nothing {
    const types = scenario.caseTypes ?? [];
    if (types.length === 0) return nothing;
    return html`<div class="lf-prop-overrides" data-overrides="duration">
      <h4 class="lf-prop-subtitle">${this.s('properties.override.title')}</h4>
      <p class="lf-prop-hint">${this.s('properties.override.durationHint')}</p>
      ${types.map((type, index) => {
        const own = type.tasks?.[node.id]?.duration;
        const key = `caseTypes.${index}.tasks.${node.id}.duration`;
        return html`<div class="lf-prop-override" data-override-type=${type.id}>
          ${this.overrideChoice(type, own !== undefined, 'properties.override.ownDuration', (on) =>
            this.edit(key, (s) => setCaseTypeDuration(s, type.id, node.id, on ? overrideStartDuration(s, node.id) : null)))}
          ${own
            ? this.distributionEditor(key, this.s('properties.override.durationFor', { type: type.name }), own, (d) => this.edit(key, (s) => setCaseTypeDuration(s, type.id, node.id, d)), issues)
            : nothing}
        </div>`;
      })}
    </div>`;
  }

  /** A gateway's branch split per case type; for XOR the sum, with "Make it 100%" when it is off. */
  private caseTypeSplits(node: FlowNode, exclusive: boolean, label: (flowId: string) => string, scenario: Scenario): TemplateResult | typeof nothing {
    const types = scenario.caseTypes ?? [];
    if (types.length === 0) return nothing;
    const flowIds = node.outgoing;
    return html`<div class="lf-prop-overrides" data-overrides="split">
      <h4 class="lf-prop-subtitle">${this.s('properties.override.title')}</h4>
      <p class="lf-prop-hint">${this.s('properties.override.splitHint')}</p>
      ${types.map((type, index) => {
        const own = type.gateways?.[node.id]?.probabilities;
        const key = `caseTypes.${index}.gateways.${node.id}`;
        const sum = caseTypeSplitSum(type, node.id, flowIds) ?? 1;
        const sumOk = Math.abs(sum - 1) <= 1e-6;
        return html`<div class="lf-prop-override" data-override-type=${type.id}>
          ${this.overrideChoice(type, own !== undefined, 'properties.override.ownSplit', (on) =>
            this.edit(key, (s) => setCaseTypeSplit(s, type.id, node.id, on ? overrideStartSplit(s, node.id, flowIds) : null)))}
          ${own
            ? html`<div class="lf-prop-override-body">
                ${flowIds.map(
                  (flowId) => html`<label class="lf-prop-row">
                    <span class="lf-prop-label">${label(flowId)}</span>
                    <span class="lf-prop-inline"><input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number data-field="type-probability" data-flow=${flowId}
                      .value=${show(own[flowId] === undefined ? undefined : Number((own[flowId]! * 100).toPrecision(6)))}
                      @change=${(e: InputEvent) => {
                        const value = numberOf((e.target as HTMLElement).parentElement, 'type-probability');
                        this.edit(`${key}.probabilities.${flowId}`, (s) => setCaseTypeProbability(s, type.id, node.id, flowIds, flowId, value === undefined ? 0 : value / 100));
                      }} /><span class="lf-prop-unit">%</span></span>
                  </label>${this.messages(`${key}.probabilities.${flowId}`)}`,
                )}
                ${exclusive
                  ? html`<div class="lf-prop-sum ${sumOk ? 'ok' : 'bad'}" data-type-sum=${sum} role=${sumOk ? nothing : 'alert'}>
                      <span>${sumOk ? this.s('properties.gateway.sum', { sum: show(Number((sum * 100).toFixed(4))) }) : this.s('properties.override.splitSum', { type: type.name, sum: show(Number((sum * 100).toFixed(4))) })}</span>
                      ${sumOk ? nothing : html`<button class="lf-button secondary" data-action="normalise-type" @click=${() => this.edit(key, (s) => normaliseCaseTypeSplit(s, type.id, node.id, flowIds))}>${this.s('properties.gateway.normalise')}</button>`}
                    </div>`
                  : nothing}
              </div>`
            : nothing}
          ${this.messages(key)}
        </div>`;
      })}
    </div>`;
  }

  private waitingEvent(node: FlowNode, scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const prefix = `events.${node.id}`;
    const timer = node.eventDefinitions.includes('timer');
    return html`<h3 class="lf-section-title">${this.s(timer ? 'properties.event.timerTitle' : 'properties.event.messageTitle')}</h3>
      <div class="lf-prop-group">
        ${this.distributionEditor(`${prefix}.duration`, this.s('properties.event.wait'), scenario.events[node.id]?.duration,
          (d) => this.edit(`${prefix}.duration`, (s) => setEventDuration(s, node.id, d)), issues, timer ? 'properties.event.timerHint' : 'properties.event.messageHint')}
      </div>`;
  }

  // ---- a distribution: "about X, usually L–H" or any type with its parameters --------------------------

  private distributionEditor(
    key: string,
    label: string,
    value: Distribution | undefined,
    onChange: (d: Distribution) => boolean,
    issues: readonly ModelIssue[],
    hint?: PropertiesMessageKey,
    countsOnly = false,
  ): TemplateResult {
    const estimate = estimateFromDistribution(value);
    const advancedKey = `${this.workbench.documents.active?.id}:${key}`;
    const advanced = this.advanced.has(advancedKey) || (value !== undefined && !estimate);
    const unit = value?.unit ?? 'min';
    const units = html`<select class="lf-input lf-prop-unitselect" data-field="unit" aria-label=${this.s('properties.unit')}>
      ${TIME_UNITS.map((u) => html`<option value=${u} .selected=${u === unit}>${this.s(`properties.unit.${u}`)}</option>`)}
    </select>`;
    const commitEstimate = (event: globalThis.Event) => {
      const form = (event.target as HTMLElement).closest('.lf-prop-distribution');
      const typical = numberOf(form, 'typical');
      if (typical === undefined) {
        this.refused.set(key, [{ code: 'estimate.negative', message: this.s('properties.issue.typicalMissing') }]);
        this.requestUpdate();
        return;
      }
      const low = numberOf(form, 'low');
      const high = numberOf(form, 'high');
      const result = estimateToDistribution({ typical, ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}), unit: textOf(form, 'unit') as TimeUnit });
      if (!result.ok) {
        this.refused.set(key, result.issues);
        this.requestUpdate();
        return;
      }
      onChange(result.distribution);
    };
    const commitAdvanced = (event: globalThis.Event) => {
      const target = event.target as HTMLElement;
      const form = target.closest('.lf-prop-distribution');
      const type = textOf(form, 'type') as Distribution['type'];
      const unitNow = textOf(form, 'unit') as TimeUnit;
      if (target.dataset['field'] === 'type' && value) {
        onChange(convertDistribution({ ...value, unit: unitNow } as Distribution, type));
        return;
      }
      if (type === 'empirical') {
        const bins = [...(form?.querySelectorAll<HTMLElement>('.lf-prop-bin') ?? [])].map((row) => ({ min: numberOf(row, 'bin-min') ?? NaN, max: numberOf(row, 'bin-max') ?? NaN, weight: numberOf(row, 'bin-weight') ?? NaN }));
        onChange({ type, bins, unit: unitNow });
        return;
      }
      const candidate: Record<string, unknown> = { type, unit: unitNow };
      for (const parameter of DISTRIBUTION_PARAMETERS[type]) candidate[parameter] = numberOf(form, parameter) ?? NaN;
      onChange(candidate as Distribution);
    };
    const current = value ?? { type: 'triangular', min: 5, mode: 10, max: 20, unit: 'min' };
    const fieldIssues = issuesAt(issues, key);
    return html`<div class="lf-prop-distribution" data-distribution=${key}>
      <div class="lf-prop-dist-head">
        <span class="lf-prop-label">${label}</span>
        ${countsOnly
          ? nothing
          : html`<button class="lf-link" data-action="toggle-advanced" @click=${() => {
              if (advanced && !estimate && value) {
                // Not an estimate yet: turn it into one with the same mean (one undoable step).
                this.advanced.delete(advancedKey);
                onChange(convertDistribution(value, 'triangular'));
              } else if (advanced) this.advanced.delete(advancedKey);
              else this.advanced.add(advancedKey);
              this.requestUpdate();
            }} title=${advanced && !estimate ? this.s('properties.dist.notEstimate') : ''}>
              ${advanced ? this.s('properties.dist.simple') : this.s('properties.dist.advanced')}
            </button>`}
      </div>
      ${hint ? html`<p class="lf-prop-hint">${this.s(hint)}</p>` : nothing}
      ${!advanced && !countsOnly
        ? html`<div class="lf-prop-estimate" @change=${commitEstimate}>
            <span>${this.s('properties.dist.about')}</span>
            <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="any" data-field="typical" aria-label=${this.s('properties.dist.typical')} .value=${show(estimate?.typical ?? (value ? undefined : 10))} />
            ${units}
            <span class="lf-prop-nowrap"><span>${this.s('properties.dist.usually')}</span>
            <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="any" data-field="low" aria-label=${this.s('properties.dist.low')} .value=${show(estimate ? estimate.low : 5)} />
            <span>–</span>
            <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="any" data-field="high" aria-label=${this.s('properties.dist.high')} .value=${show(estimate ? estimate.high : 20)} /></span>
          </div>`
        : html`<div class="lf-prop-advanced" @change=${commitAdvanced}>
            <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.dist.type')}</span>
              <select class="lf-input" data-field="type">
                ${DISTRIBUTION_TYPES.map((t) => html`<option value=${t} .selected=${t === current.type}>${this.s(`properties.dist.type.${t}`)}</option>`)}
              </select></label>
            ${current.type === 'empirical'
              ? current.bins.map(
                  (bin) => html`<div class="lf-prop-bin lf-prop-inline">
                    <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number step="any" data-field="bin-min" aria-label=${this.s('properties.dist.param.min')} .value=${show(bin.min)} />–
                    <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number step="any" data-field="bin-max" aria-label=${this.s('properties.dist.param.max')} .value=${show(bin.max)} />
                    <span>${this.s('properties.dist.weight')}</span>
                    <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number step="any" data-field="bin-weight" aria-label=${this.s('properties.dist.weight')} .value=${show(bin.weight)} />
                  </div>`,
                )
              : DISTRIBUTION_PARAMETERS[current.type].map(
                  (p) => html`<label class="lf-prop-row"><span class="lf-prop-label">${this.s(`properties.dist.param.${p}`)}</span>
                    <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number step="any" data-field=${p} .value=${show((current as unknown as Record<string, number>)[p])} /></label>`,
                )}
            ${countsOnly ? nothing : html`<label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.unit')}</span>${units}</label>`}
          </div>`}
      ${this.messages(key, fieldIssues)}
      ${value && !countsOnly ? this.preview(value) : nothing}
    </div>`;
  }

  private preview(d: Distribution): TemplateResult {
    const curve = densityCurve(d);
    const w = 120;
    const h = 36;
    const top = Math.max(...curve.ys, 1e-12);
    const points = curve.xs.map((x, i) => `${((x / curve.xMax) * w).toFixed(1)},${(h - (curve.ys[i]! / top) * (h - 2)).toFixed(1)}`);
    const meanMinutes = distributionMean(d) / SECONDS_PER_UNIT[d.unit];
    const meanX = (meanMinutes / curve.xMax) * w;
    return html`<div class="lf-prop-preview" data-preview=${d.type}>
      <svg viewBox="0 0 ${w} ${h + 2}" width=${w} height=${h + 2} role="img" aria-label=${describeDistribution(d)}>
        ${curve.spike !== undefined
          ? svg`<line class="curve" x1=${(curve.spike / curve.xMax) * w} x2=${(curve.spike / curve.xMax) * w} y1="2" y2=${h}></line>`
          : svg`<polygon class="area" points=${`0,${h} ${points.join(' ')} ${w},${h}`}></polygon><polyline class="curve" points=${points.join(' ')}></polyline>`}
        <line class="mean" x1=${meanX} x2=${meanX} y1="0" y2=${h}></line>
        <line class="axis" x1="0" x2=${w} y1=${h} y2=${h}></line>
      </svg>
      <div class="lf-prop-preview-text">
        <span>${this.s('properties.dist.mean', { mean: show(Number(meanMinutes.toPrecision(3))), unit: this.s(`properties.unit.${d.unit}`) })}</span>
        <span class="lf-prop-hint">${this.s('properties.dist.range', { max: show(Number(curve.xMax.toPrecision(3))), unit: this.s(`properties.unit.${d.unit}`) })}</span>
      </div>
    </div>`;
  }

  // ---- scenario settings (nothing selected, or the pool / process) --------------------------------------

  private durationField(key: string, label: string, value: Duration | undefined, optional: boolean, onChange: (d: Duration | undefined) => void, hint?: string): TemplateResult {
    return html`<label class="lf-prop-row">
        <span class="lf-prop-label">${label}</span>
        <span class="lf-prop-inline" data-duration=${key} @change=${(e: globalThis.Event) => {
          const form = (e.target as HTMLElement).closest('[data-duration]');
          const amount = numberOf(form, 'amount');
          if (amount === undefined) {
            if (optional) onChange(undefined);
            return;
          }
          onChange({ value: amount, unit: textOf(form, 'unit') as TimeUnit });
        }}>
          <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="any" data-field="amount" placeholder=${optional ? this.s('properties.none') : ''} .value=${show(value?.value)} />
          <select class="lf-input lf-prop-unitselect" data-field="unit" aria-label=${this.s('properties.unit')}>
            ${TIME_UNITS.map((u) => html`<option value=${u} .selected=${u === (value?.unit ?? 'h')}>${this.s(`properties.unit.${u}`)}</option>`)}
          </select>
        </span>
      </label>
      ${hint ? html`<p class="lf-prop-hint">${hint}</p>` : nothing}
      ${this.messages(key)}`;
  }

  private scenarioSettings(scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const setTop = (key: 'cases' | 'replications' | 'seed') => (e: InputEvent) => {
      const value = numberOf((e.target as HTMLElement).parentElement, key);
      this.edit(key, (s) => ({ ...s, [key]: value ?? NaN }));
    };
    const number = (key: 'cases' | 'replications' | 'seed', min: number) => html`<label class="lf-prop-row">
        <span class="lf-prop-label">${this.s(`properties.settings.${key}`)}</span>
        <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min=${min} step="1" data-field=${key} .value=${show(scenario[key])} @change=${setTop(key)} />
      </label>${this.messages(key)}`;
    const optionalDuration = (key: 'warmUp' | 'horizon') => (d: Duration | undefined) =>
      this.edit(key, (s) => {
        const next: Record<string, unknown> = { ...s };
        if (d) next[key] = d;
        else delete next[key];
        return next as ScenarioInput;
      });
    return html`<h3 class="lf-section-title">${this.s('properties.settings.title')}</h3>
      <div class="lf-prop-group">
        <p class="lf-prop-hint">${this.s('properties.settings.hint')}</p>
        ${number('cases', 1)} ${number('replications', 1)} ${number('seed', 0)}
        ${this.durationField('horizon', this.s('properties.settings.horizon'), scenario.horizon, true, optionalDuration('horizon'), this.s('properties.settings.horizon.hint'))}
        ${this.durationField('warmUp', this.s('properties.settings.warmUp'), scenario.warmUp, true, optionalDuration('warmUp'))}
        ${this.messages('warmUp-cross', issues.filter((i) => i.code === 'scenario.warmUpTooLong'))}
        <label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.settings.currency')}</span>
          <input class="lf-input lf-prop-number" data-field="currency" maxlength="8" .value=${scenario.currency} @change=${(e: InputEvent) => this.edit('currency', (s) => ({ ...s, currency: (e.target as HTMLInputElement).value.trim().toUpperCase() }))} />
        </label>
        ${this.messages('currency')}
        ${this.durationField('targets.firstResponseSla', this.s('properties.settings.firstResponseSla'), scenario.targets.firstResponseSla, false,
          (d) => d && this.edit('targets.firstResponseSla', (s) => ({ ...s, targets: { ...s.targets, firstResponseSla: d } })), this.s('properties.settings.firstResponseSla.hint'))}
        ${this.durationField('targets.resolutionSla', this.s('properties.settings.resolutionSla'), scenario.targets.resolutionSla, true, (d) =>
          this.edit('targets.resolutionSla', (s) => {
            const targets: Record<string, unknown> = { ...s.targets };
            if (d) targets['resolutionSla'] = d;
            else delete targets['resolutionSla'];
            return { ...s, targets: targets as Scenario['targets'] };
          }))}
        <label class="lf-prop-row">
          <span class="lf-prop-label">${this.s('properties.settings.costPerCase')}</span>
          <span class="lf-prop-inline"><input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="any" data-field="targets.costPerCase" .value=${show(scenario.targets.costPerCase)}
            @change=${(e: InputEvent) => {
              const value = numberOf((e.target as HTMLElement).parentElement, 'targets.costPerCase');
              this.edit('targets.costPerCase', (s) => {
                // An empty field removes the target (the scorecard then uses its profile's default).
                const targets: Record<string, unknown> = { ...s.targets };
                if (value === undefined) delete targets['costPerCase'];
                else targets['costPerCase'] = value;
                return { ...s, targets: targets as Scenario['targets'] };
              });
            }} /><span class="lf-prop-unit">${scenario.currency}</span></span>
        </label>
        ${this.messages('targets.costPerCase')}
      </div>`;
  }

  // ---- resource pools and calendars ------------------------------------------------------------------------

  /** A pool's shift plan: rows of days, hours and people on duty. */
  private shiftRows(poolIndex: number, periods: NonNullable<Scenario['pools'][number]['shifts']>['periods']): TemplateResult {
    const editPeriods = (change: (list: typeof periods) => typeof periods) =>
      this.edit(`pools.${poolIndex}`, (s) => setShifts(s, poolIndex, change(s.pools[poolIndex]?.shifts?.periods ?? [])));
    return html`${periods.map(
        (period, index) => html`<div class="lf-prop-hours" data-shift=${index} @change=${(e: globalThis.Event) => {
          const row = (e.target as HTMLElement).closest('.lf-prop-hours')!;
          const picked = WEEKDAYS.filter((d) => row.querySelector<HTMLInputElement>(`[data-day="${d}"]`)?.checked);
          const to = textOf(row, 'to');
          editPeriods((list) => list.map((p, i) => (i === index ? { days: picked, from: textOf(row, 'from'), to: to === '23:59' ? '24:00' : to, headcount: numberOf(row, 'shift-headcount') ?? NaN } : p)));
        }}>
          ${this.dayChips(period.days)}
          <span class="lf-prop-inline">
            <input class="lf-input" type="time" data-field="from" aria-label=${this.s('properties.calendar.from')} .value=${period.from === '24:00' ? '00:00' : period.from} />–
            <input class="lf-input" type="time" data-field="to" aria-label=${this.s('properties.calendar.to')} .value=${period.to === '24:00' ? '23:59' : period.to} />
            <input class="lf-input lf-prop-number" type="number" min="0" step="1" data-field="shift-headcount" aria-label=${this.s('properties.pool.headcount')} .value=${show(period.headcount)} /><span class="lf-prop-unit">${this.s('properties.pool.shifts.people')}</span>
            <button class="lf-link" data-action="remove-shift" @click=${() => editPeriods((list) => list.filter((_, i) => i !== index))}>${this.s('properties.remove')}</button>
          </span>
        </div>`,
      )}
      <button class="lf-link" data-action="add-shift" @click=${() => editPeriods((list) => [...list, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '13:00', to: '21:00', headcount: 1 }])}>${this.s('properties.pool.shifts.add')}</button>
      <p class="lf-prop-hint">${this.s('properties.pool.shifts.hint', { peak: peakHeadcount(periods) })}</p>`;
  }

  /** Case types: name, share, priority and first-response target per type; the queue discipline. */
  private caseTypes(scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const types = scenario.caseTypes ?? [];
    const editType = (index: number, change: (type: NonNullable<Scenario['caseTypes']>[number]) => NonNullable<Scenario['caseTypes']>[number]) =>
      this.edit('caseTypes', (s) => setCaseTypes(s, (s.caseTypes ?? []).map((t, i) => (i === index ? change(t) : t))));
    const sum = types.reduce((a, t) => a + t.share, 0);
    const sumIssue = types.length > 0 && Math.abs(sum - 1) > 1e-6 ? [{ code: 'caseTypes.sum', message: this.s('properties.caseTypes.sum', { sum: show(Number((sum * 100).toPrecision(4))) }) }] : [];
    return html`<h3 class="lf-section-title">${this.s('properties.caseTypes.title')}</h3>
      <div class="lf-prop-group" data-case-types>
        <p class="lf-prop-hint">${this.s('properties.caseTypes.hint')}</p>
        ${types.map(
          (type, index) => html`<div class="lf-prop-card" data-case-type=${type.id}>
            <div class="lf-prop-card-head">
              <input class="lf-input" data-field="caseType-name" aria-label=${this.s('properties.name')} .value=${type.name} @change=${(e: InputEvent) => editType(index, (t) => ({ ...t, name: (e.target as HTMLInputElement).value.trim() }))} />
              <button class="lf-link" data-action="remove-caseType" @click=${() => this.edit('caseTypes', (s) => setCaseTypes(s, (s.caseTypes ?? []).filter((_, i) => i !== index)))}>${this.s('properties.remove')}</button>
            </div>
            <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.caseTypes.share')}</span>
              <span class="lf-prop-inline"><input class="lf-input lf-prop-number" type="number" min="0" max="100" step="any" data-field="caseType-share" .value=${show(Number((type.share * 100).toPrecision(6)))}
                @change=${(e: InputEvent) => {
                  const share = (numberOf((e.target as HTMLElement).parentElement, 'caseType-share') ?? NaN) / 100;
                  this.edit('caseTypes', (s) => setCaseTypes(s, balanceShares(s.caseTypes ?? [], index, share)));
                }} /><span class="lf-prop-unit">%</span></span></label>
            <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.caseTypes.priority')}</span>
              <input class="lf-input lf-prop-number" type="number" step="1" data-field="caseType-priority" .value=${show(type.priority)}
                @change=${(e: InputEvent) => editType(index, (t) => ({ ...t, priority: numberOf((e.target as HTMLElement).parentElement, 'caseType-priority') ?? 0 }))} /></label>
            ${this.durationField(`caseTypes.${index}.targets.firstResponseSla`, this.s('properties.caseTypes.firstResponse'), type.targets?.firstResponseSla, true, (d) =>
              this.edit(`caseTypes.${index}.targets.firstResponseSla`, (s) => setCaseTypeTarget(s, type.id, 'firstResponseSla', d)))}
            ${this.durationField(`caseTypes.${index}.targets.resolutionSla`, this.s('properties.caseTypes.resolution'), type.targets?.resolutionSla, true, (d) =>
              this.edit(`caseTypes.${index}.targets.resolutionSla`, (s) => setCaseTypeTarget(s, type.id, 'resolutionSla', d)))}
            ${this.caseTypeChanges(type)}
            ${this.messages(`caseTypes.${index}`, issuesAt(issues, `caseTypes.${index}`).map((i) => this.caseTypeIssue(i, type)))}
          </div>`,
        )}
        ${this.messages('caseTypes', [...sumIssue, ...issues.filter((i) => i.path === 'caseTypes')])}
        ${types.length > 1
          ? html`<label class="lf-prop-row lf-prop-check"><input type="checkbox" data-field="preemptive" .checked=${scenario.queueDiscipline === 'preemptive'}
              @change=${(e: InputEvent) => this.edit('queueDiscipline', (s) => { const { queueDiscipline: _q, ...rest } = s; return (e.target as HTMLInputElement).checked ? { ...rest, queueDiscipline: 'preemptive' } : rest; })} />
              <span>${this.s('properties.caseTypes.preemptive')}</span></label>`
          : nothing}
        <div class="lf-view-actions"><button class="lf-button secondary" data-action="add-caseType" @click=${() =>
          this.edit('caseTypes', (s) => {
            const list = s.caseTypes ?? [];
            // The first type added splits the cases 80/20 with a standard type, so the shares add up to 100%.
            if (list.length === 0) return setCaseTypes(s, [{ id: 'standard', name: this.s('properties.caseTypes.standardName'), share: 0.8, priority: 0 }, { id: uniqueIn('type', []), name: this.s('properties.caseTypes.newName'), share: 0.2, priority: 1 }]);
            const last = list[list.length - 1]!;
            const share = Number((last.share / 2).toPrecision(6));
            return setCaseTypes(s, [...list.slice(0, -1), { ...last, share }, { id: uniqueIn('type', list.map((t) => t.id)), name: this.s('properties.caseTypes.newName'), share: Number((last.share - share).toPrecision(6)), priority: last.priority + 1 }]);
          })}>${this.s('properties.caseTypes.add')}</button></div>
      </div>`;
  }

  /** What a case type changes, as links that select the element (where its own duration or split is set). */
  private caseTypeChanges(type: CaseType): TemplateResult {
    const graph = this.model.state(this.workbench.documents.active!.id)!.graph!;
    const { tasks, gateways } = caseTypeOverrides(type);
    // An element that is gone from the diagram cannot be selected: its override gets a Remove instead.
    const link = (id: string, remove: (s: Scenario) => ScenarioInput) => {
      const node = graph.nodes.find((n) => n.id === id);
      return node
        ? html`<button class="lf-link" data-action="reveal" data-element=${id} @click=${() => this.editor?.reveal(id)}>${node.name ?? id}</button>`
        : html`<span class="lf-prop-missing" data-element=${id}>${id} <button class="lf-link" data-action="remove-override" @click=${() => this.edit(`caseTypes`, remove)}>${this.s('properties.remove')}</button></span>`;
    };
    if (!tasks.length && !gateways.length) return html`<p class="lf-prop-hint" data-changes="none">${this.s('properties.caseTypes.changesNone')}</p>`;
    return html`<div class="lf-prop-changes" data-changes>
      ${tasks.length ? html`<div><span class="lf-prop-hint">${this.s('properties.caseTypes.ownDurations')}</span> ${tasks.map((id) => link(id, (s) => setCaseTypeDuration(s, type.id, id, null)))}</div>` : nothing}
      ${gateways.length ? html`<div><span class="lf-prop-hint">${this.s('properties.caseTypes.ownSplits')}</span> ${gateways.map((id) => link(id, (s) => setCaseTypeSplit(s, type.id, id, null)))}</div>` : nothing}
    </div>`;
  }

  /** Cross-checks of a case type's overrides, said in the studio's language (the model writes them in English). */
  private caseTypeIssue(issue: ModelIssue, type: CaseType): Issue {
    const graph = this.model.state(this.workbench.documents.active!.id)?.graph;
    const element = issue.elementId ? (graph?.nodes.find((n) => n.id === issue.elementId)?.name ?? issue.elementId) : '';
    if (issue.code === 'gateway.probabilities.sum' && issue.elementId) {
      const outgoing = graph?.nodes.find((n) => n.id === issue.elementId)?.outgoing ?? [];
      const sum = caseTypeSplitSum(type, issue.elementId, outgoing) ?? 0;
      return { code: issue.code, message: this.s('properties.caseTypes.splitIssue', { type: type.name, gateway: element, sum: show(Number((sum * 100).toFixed(4))) }) };
    }
    if (issue.code === 'caseType.unknownTask') return { code: issue.code, message: this.s('properties.caseTypes.unknownTask', { type: type.name, id: issue.elementId ?? '' }) };
    if (issue.code === 'caseType.unknownGateway') return { code: issue.code, message: this.s('properties.caseTypes.unknownGateway', { type: type.name, id: issue.elementId ?? '' }) };
    return issue;
  }

  private resources(scenario: Scenario, issues: readonly ModelIssue[]): TemplateResult {
    const graph = this.model.state(this.workbench.documents.active!.id)!.graph!;
    const lanes = graph.lanes;
    const editPool = (index: number, change: (pool: Scenario['pools'][number]) => Record<string, unknown>) =>
      this.edit(`pools.${index}`, (s) => ({ ...s, pools: s.pools.map((p, i) => (i === index ? (change(p) as Scenario['pools'][number]) : p)) }));
    const editCalendar = (index: number, change: (calendar: Calendar) => Record<string, unknown>) =>
      this.edit(`calendars.${index}`, (s) => ({ ...s, calendars: s.calendars.map((c, i) => (i === index ? (change(c) as Calendar) : c)) }));
    const poolIssues = (i: number) => issuesAt(issues, `pools.${i}`);
    return html`<details class="lf-prop-resources" ?open=${this.model.resourcesOpen} @toggle=${(e: globalThis.Event) => (this.model.resourcesOpen = (e.target as HTMLDetailsElement).open)}>
      <summary class="lf-section-title">${this.s('properties.resources.title')}</summary>
      <h4 class="lf-prop-subtitle">${this.s('properties.pools')}</h4>
      ${scenario.pools.map(
        (pool, index) => html`<div class="lf-prop-card" data-pool=${pool.id}>
          <div class="lf-prop-card-head">
            <input class="lf-input" data-field="pool-name" aria-label=${this.s('properties.name')} .value=${pool.name} @change=${(e: InputEvent) => editPool(index, (p) => ({ ...p, name: (e.target as HTMLInputElement).value.trim() }))} />
            <button class="lf-link" data-action="remove-pool" @click=${() => this.removePoolAt(scenario, pool.id, index)}>${this.s('properties.remove')}</button>
          </div>
          <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.pool.staffing')}</span>
            <select class="lf-input" data-field="pool-staffing" @change=${(e: InputEvent) =>
              this.edit(`pools.${index}`, (s) => setShifts(s, index, (e.target as HTMLSelectElement).value === 'shifts' ? [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', headcount: Math.max(1, pool.headcount) }] : null))}>
              <option value="fixed" .selected=${!pool.shifts}>${this.s('properties.pool.staffing.fixed')}</option>
              <option value="shifts" .selected=${!!pool.shifts}>${this.s('properties.pool.staffing.shifts')}</option>
            </select></label>
          ${pool.shifts
            ? this.shiftRows(index, pool.shifts.periods)
            : html`<label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.pool.headcount')}</span>
            <input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="1" data-field="headcount" .value=${show(pool.headcount)} @change=${(e: InputEvent) => editPool(index, (p) => ({ ...p, headcount: numberOf((e.target as HTMLElement).parentElement, 'headcount') ?? NaN }))} /></label>`}
          <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.pool.costPerHour')}</span>
            <span class="lf-prop-inline"><input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="0" step="any" data-field="costPerHour" .value=${show(pool.costPerHour)} @change=${(e: InputEvent) => editPool(index, (p) => ({ ...p, costPerHour: numberOf((e.target as HTMLElement).parentElement, 'costPerHour') ?? 0 }))} /><span class="lf-prop-unit">${scenario.currency}/h</span></span></label>
          <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.pool.costModel')}</span>
            <select class="lf-input" data-field="pool-cost-model" @change=${(e: InputEvent) => editPool(index, (p) => { const { costModel: _m, ...rest } = p; return (e.target as HTMLSelectElement).value === 'paid-hour' ? { ...rest, costModel: 'paid-hour' } : rest; })}>
              <option value="busy-hour" .selected=${pool.costModel !== 'paid-hour'}>${this.s('properties.pool.costModel.busy')}</option>
              <option value="paid-hour" .selected=${pool.costModel === 'paid-hour'}>${this.s('properties.pool.costModel.paid')}</option>
            </select></label>
          ${pool.shifts ? nothing : html`<label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.pool.calendar')}</span>
            <select class="lf-input" data-field="pool-calendar" @change=${(e: InputEvent) => editPool(index, (p) => { const { calendarId: _c, ...rest } = p; const v = (e.target as HTMLSelectElement).value; return v ? { ...rest, calendarId: v } : rest; })}>
              <option value="" .selected=${!pool.calendarId}>${this.s('properties.calendar.always')}</option>
              ${scenario.calendars.map((c) => html`<option value=${c.id} .selected=${pool.calendarId === c.id}>${c.name}</option>`)}
            </select></label>`}
          ${lanes.length
            ? html`<div class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.pool.lanes')}</span>
                <span class="lf-prop-chips">${lanes.map((lane) => html`<label class="lf-prop-chip"><input type="checkbox" .checked=${pool.laneIds.includes(lane.id)}
                  @change=${(e: InputEvent) => editPool(index, (p) => ({ ...p, laneIds: (e.target as HTMLInputElement).checked ? [...p.laneIds, lane.id] : p.laneIds.filter((l) => l !== lane.id) }))} />${lane.name ?? lane.id}</label>`)}</span></div>`
            : nothing}
          ${(() => {
            const helpers = (scenario.people ?? []).filter((person) => person.poolIds.includes(pool.id)).map((person) => (person.count > 1 ? `${person.name} ×${person.count}` : person.name));
            return helpers.length ? html`<p class="lf-prop-hint" data-shared-people>${this.s('properties.pool.sharedPeople', { people: helpers.join(', ') })}</p>` : nothing;
          })()}
          ${this.messages(`pools.${index}`, poolIssues(index))}
        </div>`,
      )}
      <div class="lf-view-actions"><button class="lf-button secondary" data-action="add-pool" @click=${() => this.edit('pools', (s) => ({ ...s, pools: [...s.pools, { id: uniqueIn('pool', s.pools.map((p) => p.id)), name: this.s('properties.pool.newName'), headcount: 1, costPerHour: 0, laneIds: [], ...(s.calendars[0] ? { calendarId: s.calendars[0].id } : {}) }] }))}>${this.s('properties.pool.add')}</button></div>
      ${this.people(scenario)}
      <h4 class="lf-prop-subtitle">${this.s('properties.calendars')}</h4>
      ${scenario.calendars.map(
        (calendar, index) => html`<div class="lf-prop-card" data-calendar=${calendar.id}>
          <div class="lf-prop-card-head">
            <input class="lf-input" data-field="calendar-name" aria-label=${this.s('properties.name')} .value=${calendar.name} @change=${(e: InputEvent) => editCalendar(index, (c) => ({ ...c, name: (e.target as HTMLInputElement).value.trim() }))} />
            <button class="lf-link" data-action="remove-calendar" @click=${() => this.edit('calendars', (s) => removeCalendar(s, calendar.id))}>${this.s('properties.remove')}</button>
          </div>
          <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.calendar.timeZone')}</span>
            <select class="lf-input" data-field="timeZone" @change=${(e: InputEvent) => editCalendar(index, (c) => ({ ...c, timeZone: (e.target as HTMLSelectElement).value }))}>
              ${(allTimeZones().includes(calendar.timeZone) ? allTimeZones() : [calendar.timeZone, ...allTimeZones()]).map((z) => html`<option value=${z} .selected=${z === calendar.timeZone}>${z}</option>`)}
            </select></label>
          ${calendar.hours.length === 0 ? html`<p class="lf-prop-hint">${this.s('properties.calendar.alwaysOpen')}</p>` : nothing}
          ${calendar.hours.map(
            (block, blockIndex) => html`<div class="lf-prop-hours" @change=${(e: globalThis.Event) => {
              const row = (e.target as HTMLElement).closest('.lf-prop-hours')!;
              const days = WEEKDAYS.filter((d) => row.querySelector<HTMLInputElement>(`[data-day="${d}"]`)?.checked);
              editCalendar(index, (c) => ({ ...c, hours: c.hours.map((h, i) => (i === blockIndex ? { days, from: textOf(row, 'from'), to: textOf(row, 'to') } : h)) }));
            }}>
              <span class="lf-prop-days">${WEEKDAYS.map((d) => html`<label class="lf-prop-day" title=${this.s(`properties.day.${d}`)}><input type="checkbox" data-day=${d} .checked=${block.days.includes(d)} /><span>${this.s(`properties.dayShort.${d}`)}</span></label>`)}</span>
              <span class="lf-prop-inline">
                <input class="lf-input" type="time" data-field="from" aria-label=${this.s('properties.calendar.from')} .value=${block.from === '24:00' ? '00:00' : block.from} />–
                <input class="lf-input" type="time" data-field="to" aria-label=${this.s('properties.calendar.to')} .value=${block.to === '24:00' ? '23:59' : block.to} />
                <button class="lf-link" data-action="remove-hours" @click=${() => editCalendar(index, (c) => ({ ...c, hours: c.hours.filter((_, i) => i !== blockIndex) }))}>${this.s('properties.remove')}</button>
              </span>
            </div>`,
          )}
          <button class="lf-link" data-action="add-hours" @click=${() => editCalendar(index, (c) => ({ ...c, hours: [...c.hours, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }))}>${this.s('properties.calendar.addHours')}</button>
          <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.calendar.holidays')}</span>
            <input class="lf-input" data-field="holidays" placeholder="2026-12-25, 2026-12-26" .value=${calendar.holidays.join(', ')}
              @change=${(e: InputEvent) => editCalendar(index, (c) => ({ ...c, holidays: (e.target as HTMLInputElement).value.split(/[\s,;]+/).filter(Boolean) }))} /></label>
          ${this.messages(`calendars.${index}`, issuesAt(issues, `calendars.${index}`))}
        </div>`,
      )}
      <div class="lf-view-actions"><button class="lf-button secondary" data-action="add-calendar" @click=${() => this.edit('calendars', (s) => ({ ...s, calendars: [...s.calendars, { id: uniqueIn('calendar', s.calendars.map((c) => c.id)), name: this.s('properties.calendar.newName'), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }], holidays: [] }] }))}>${this.s('properties.calendar.add')}</button></div>
    </details>`;
  }

  /** Removes a pool, unless someone works only there (they would have nowhere to work): then says who. */
  private removePoolAt(scenario: Scenario, poolId: string, index: number): void {
    const check = removePool(scenario, poolId);
    if (!check.ok) {
      this.refused.set(`pools.${index}`, [{ code: 'pool.peopleOnlyHere', message: this.s('properties.pool.peopleOnlyHere', { people: check.onlyHere.join(', ') }) }]);
      this.requestUpdate();
      return;
    }
    this.edit('pools', (s) => {
      const removed = removePool(s, poolId);
      return removed.ok ? removed.scenario : s;
    });
  }

  /** People who work in several pools: name, how many, pools (check-boxes), their own calendar. */
  private people(scenario: Scenario): TemplateResult {
    const people = scenario.people ?? [];
    const problems = peopleProblems(scenario);
    const problemText = (index: number): Issue[] =>
      problems
        .filter((p) => p.index === index)
        .map((p) => ({ code: p.code, message: this.s(`properties.${p.code}`, { name: people[index]!.name, ref: p.ref ?? '' }) }));
    return html`<h4 class="lf-prop-subtitle">${this.s('properties.people')}</h4>
      <p class="lf-prop-hint lf-prop-subhint">${this.s('properties.people.hint')}</p>
      ${people.map((person, index) => {
        const key = `people.${index}`;
        const unknownPools = person.poolIds.filter((id) => !scenario.pools.some((p) => p.id === id));
        const calendarKnown = person.calendarId === undefined || scenario.calendars.some((c) => c.id === person.calendarId);
        const togglePool = (e: InputEvent, poolId: string) => {
          const box = e.target as HTMLInputElement;
          if (!box.checked && person.poolIds.length === 1) {
            // The last pool: say what to do instead of writing a person who cannot work anywhere.
            box.checked = true;
            this.refused.set(key, [{ code: 'person.noPool', message: this.s('properties.person.lastPool', { name: person.name }) }]);
            this.requestUpdate();
            return;
          }
          this.edit(key, (s) => setPersonPool(s, person.id, poolId, box.checked));
        };
        return html`<div class="lf-prop-card" data-person=${person.id}>
          <div class="lf-prop-card-head">
            <input class="lf-input" data-field="person-name" aria-label=${this.s('properties.name')} .value=${person.name} @change=${(e: InputEvent) => this.edit(key, (s) => updatePerson(s, person.id, { name: (e.target as HTMLInputElement).value }))} />
            <button class="lf-link" data-action="remove-person" @click=${() => this.edit('people', (s) => removePerson(s, person.id))}>${this.s('properties.remove')}</button>
          </div>
          <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.person.count')}</span>
            <span class="lf-prop-inline"><input class="lf-input lf-prop-number" type="text" inputmode="decimal" data-number min="1" step="1" data-field="person-count" .value=${show(person.count)}
              @change=${(e: InputEvent) => this.edit(key, (s) => updatePerson(s, person.id, { count: numberOf((e.target as HTMLElement).parentElement, 'person-count') ?? NaN }))} /><span class="lf-prop-unit">${this.s('properties.pool.shifts.people')}</span></span></label>
          <div class="lf-prop-row lf-prop-row-top"><span class="lf-prop-label">${this.s('properties.person.pools')}</span>
            <span class="lf-prop-chips lf-prop-chips-column">
              ${scenario.pools.map((pool) => html`<label class="lf-prop-chip"><input type="checkbox" data-pool-choice=${pool.id} .checked=${person.poolIds.includes(pool.id)} @change=${(e: InputEvent) => togglePool(e, pool.id)} />${pool.name}</label>`)}
              ${unknownPools.map((id) => html`<label class="lf-prop-chip lf-prop-missing"><input type="checkbox" data-pool-choice=${id} checked @change=${(e: InputEvent) => togglePool(e, id)} />${this.s('properties.person.missing', { ref: id })}</label>`)}
            </span></div>
          <label class="lf-prop-row"><span class="lf-prop-label">${this.s('properties.pool.calendar')}</span>
            <select class="lf-input" data-field="person-calendar" @change=${(e: InputEvent) => this.edit(key, (s) => updatePerson(s, person.id, { calendarId: (e.target as HTMLSelectElement).value || null }))}>
              <option value="" .selected=${person.calendarId === undefined}>${this.s('properties.person.poolHours')}</option>
              ${scenario.calendars.map((c) => html`<option value=${c.id} .selected=${person.calendarId === c.id}>${c.name}</option>`)}
              ${calendarKnown ? nothing : html`<option value=${person.calendarId!} selected>${this.s('properties.person.missing', { ref: person.calendarId! })}</option>`}
            </select></label>
          ${this.messages(key, problemText(index))}
        </div>`;
      })}
      <div class="lf-view-actions"><button class="lf-button secondary" data-action="add-person" ?disabled=${scenario.pools.length === 0} title=${scenario.pools.length === 0 ? this.s('properties.people.needPool') : ''}
        @click=${() => this.edit('people', (s) => addPerson(s, this.s('properties.people.newName', { n: (s.people?.length ?? 0) + 1 }), s.pools.slice(0, 1).map((p) => p.id)))}>${this.s('properties.people.add')}</button></div>
      ${this.messages('people')}`;
  }
}

function uniqueIn(base: string, taken: string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** Removes a calendar and every reference to it (pools and arrivals then work around the clock). */
function removeCalendar(s: Scenario, calendarId: string): ScenarioInput {
  const strip = <T extends { calendarId?: string | undefined }>(item: T): T => {
    if (item.calendarId !== calendarId) return item;
    const { calendarId: _c, ...rest } = item;
    return rest as T;
  };
  return {
    ...s,
    calendars: s.calendars.filter((c) => c.id !== calendarId),
    pools: s.pools.map(strip),
    arrivals: Object.fromEntries(Object.entries(s.arrivals).map(([id, a]) => [id, strip(a)])),
    // People on that calendar then work their pools' hours.
    ...(s.people ? { people: s.people.map(strip) } : {}),
  };
}

if (!customElements.get('lf-properties-view')) customElements.define('lf-properties-view', LfPropertiesView);

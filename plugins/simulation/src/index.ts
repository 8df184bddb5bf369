// The built-in Simulation plugin: Simulate (F5) and Cancel (Shift+F5), the Simulation side-bar view (key figures
// with 95% intervals, bottlenecks, distributions, utilisation, tasks), a progress item in the status bar, a
// heat-map of waiting time on the diagram, and stale marking after edits. Written only against the plugin API:
// the engine runs in the studio's simulation worker (`context.simulation.run`), the workbench draws the view
// (`sections` content) and the heat-map (`context.diagram.setDecorations`).
import {
  createCancellationTokenSource,
  modelOverloadWarnings,
  type ActiveModel,
  type DecorationLegend,
  type DiagramDecoration,
  type PluginContext,
  type SimulationIssue,
  type SimulationProgress,
  type SimulationSummary,
  type ViewContent,
  type ViewSection,
} from '@leanflow/plugin-api';
import { formatDurationShort, formatNumber, formatPercent, type FormatLanguage } from '@leanflow/plugin-api';
import { issueText, translator, type Translate } from './messages.ts';
import { toViewModel, UTILISATION_BAND, type SimulationViewModel } from './view-model.ts';

export { toViewModel, heatLevel, utilisationBand, UTILISATION_BAND } from './view-model.ts';
export { MESSAGES_EN, MESSAGES_ZH, issueText, translator } from './messages.ts';

const VIEW = 'simulation';
const PROGRESS_ITEM = 'simulation.progress';

type Status = 'idle' | 'running' | 'done' | 'refused' | 'cancelled' | 'crashed';

/** What the view shows for one document. */
interface DocumentState {
  status: Status;
  progress: SimulationProgress | null;
  /** The last successful run, kept while a new one runs and after a cancel. */
  summary: SimulationSummary | null;
  refusal: readonly SimulationIssue[];
  /** The model changed after `summary` was computed. */
  stale: boolean;
  crash: string | null;
  /** The scenario to run next (chosen in the view). */
  scenarioId?: string;
  /** The case type whose figures the view shows (absent: all cases). */
  segmentId?: string;
}

/**
 * The summary as seen for one case type: its key figures, targets and cycle-time parts; pools, tasks and
 * bottlenecks stay those of all cases. The whole summary when the type is unknown or absent.
 */
export function segmentView(summary: SimulationSummary, segmentId: string | undefined): SimulationSummary {
  const segment = segmentId === undefined ? undefined : summary.segments?.find((s) => s.id === segmentId);
  if (!segment || (summary.segments?.length ?? 0) < 2) return summary;
  const { histograms: _all, ...rest } = summary;
  return {
    ...rest,
    cases: Math.round(segment.cases),
    kpis: segment.kpis,
    targets: segment.targets,
    firstResponseWithinTarget: segment.firstResponseWithinTarget,
    cycleTimeParts: segment.cycleTimeParts,
  };
}

function language(context: PluginContext): FormatLanguage {
  return context.env.language.startsWith('zh') ? 'zh-CN' : 'en';
}

/** The heat-map: tasks coloured by mean waiting time with a badge, utilisation on staffed lanes, a legend. */
export function heatmapDecorations(model: SimulationViewModel, lang: FormatLanguage, t: Translate): { decorations: DiagramDecoration[]; legend: DecorationLegend } {
  const longest = Math.max(0, ...model.tasks.map((task) => task.waiting));
  const decorations: DiagramDecoration[] = [];
  for (const task of model.tasks) {
    if (task.count === 0) continue;
    decorations.push({
      elementId: task.id,
      heat: longest > 0 ? task.heat / 4 : 0,
      label: formatDurationShort(task.waiting, lang),
      tooltip: `${task.name}: ${t('heatmap.badge', { value: task.waitingText })}`,
    });
  }
  const tone = { low: 'warning', ok: 'good', high: 'bad', overloaded: 'bad' } as const;
  for (const pool of model.pools) {
    for (const laneId of pool.laneIds) {
      decorations.push({
        elementId: laneId,
        label: t('heatmap.pool', { utilisation: pool.utilisationText, queue: pool.queueText.replace(/^\D+/, '') }),
        tooltip: `${pool.name}: ${pool.utilisationText} · ${pool.bandText} · ${pool.queueText}`,
        tone: tone[pool.band],
      });
    }
  }
  const stops = [0, 0.25, 0.5, 0.75, 1].map((heat) => ({ heat, label: heat === 0 ? t('heatmap.legendLow') : `≤ ${formatDurationShort(longest * heat, lang)}` }));
  return { decorations, legend: { title: t('heatmap.legend'), stops } };
}

/** The overload notice: pools whose queue grows without bound at this staffing, each pointing at its lane. */
function overloadSection(issues: readonly SimulationIssue[], t: Translate): ViewSection {
  return {
    id: 'overloaded',
    content: { kind: 'notice', severity: 'error', message: t('overloaded.title'), items: issues.map((i) => ({ text: i.message, severity: 'error' as const, ...(i.elementId ? { elementId: i.elementId } : {}) })) },
  };
}

/**
 * The Simulation view for one document's state. `overload` holds the open model's overload warnings computed
 * without a run (`modelOverloadWarnings`): shown before the first run and once the results are stale.
 */
export function viewContent(state: DocumentState | undefined, hasModel: boolean, heatmap: boolean, lang: FormatLanguage, t: Translate, overload: readonly SimulationIssue[] = []): ViewContent {
  if (!hasModel) return { kind: 'sections', sections: [{ id: 'intro', content: { kind: 'markdown', markdown: t('noDocument') } }] };
  const sections: ViewSection[] = [];
  const running = state?.status === 'running';
  const model = state?.summary ? toViewModel(segmentView(state.summary, state.segmentId), lang, t) : undefined;
  sections.push({
    id: 'toolbar',
    content: {
      kind: 'actions',
      actions: running
        ? [{ id: 'cancel', title: t('cancel'), command: 'simulation.cancel', style: 'secondary' }]
        : [
            { id: 'run', title: state?.summary ? t('rerun') : t('run'), command: 'simulation.run' },
            ...(model && !state?.stale ? [{ id: 'heatmap', title: heatmap ? t('heatmap.hide') : t('heatmap.show'), command: 'simulation.toggleHeatmap', style: 'secondary' as const, pressed: heatmap }] : []),
          ],
    },
  });
  if (!state || (state.status === 'idle' && !model)) sections.push({ id: 'intro', content: { kind: 'markdown', markdown: t('intro') } });
  if (running) {
    const p = state.progress;
    const percent = Math.floor((p?.fraction ?? 0) * 100);
    const parts = [
      p && p.casesTotal !== null && p.casesDone !== null
        ? t('progress.cases', { done: formatNumber(p.casesDone, lang), total: formatNumber(p.casesTotal, lang) })
        : t('progress.percent', { percent }),
      p ? t('progress.replication', { k: p.replication, count: p.replications }) : '',
    ].filter(Boolean);
    sections.push({ id: 'progress', content: { kind: 'progress', fraction: p?.fraction ?? 0, title: t('running'), message: parts.join(' · ') } });
  }
  if (state?.status === 'cancelled') sections.push({ id: 'cancelled', content: { kind: 'notice', severity: 'info', message: t('cancelled') } });
  if (state?.status === 'crashed') sections.push({ id: 'crashed', content: { kind: 'notice', severity: 'error', message: state.crash ?? t('failed') } });
  if (state?.status === 'refused') {
    sections.push({
      id: 'refused',
      content: { kind: 'notice', severity: 'error', message: t('refused'), items: state.refusal.map((i) => ({ text: issueText(i, lang, t), severity: i.severity, ...(i.elementId ? { elementId: i.elementId } : {}) })) },
    });
  }
  if (!model || !state?.summary) {
    // Before any run: an offered load of 1 or more is known from the model alone, so say it now.
    if (overload.length) sections.push(overloadSection(overload, t));
    return { kind: 'sections', sections };
  }
  if (state.stale) sections.push({ id: 'stale', content: { kind: 'notice', severity: 'warning', message: t('stale'), action: { id: 'rerun', title: t('rerun'), command: 'simulation.run' } } });
  if (model.defaults.length) sections.push({ id: 'defaults', content: { kind: 'notice', severity: 'warning', message: t('defaults.title'), items: model.defaults.map((text) => ({ text })) } });
  const warnings = (state.summary.issues ?? []).filter((i) => i.severity !== 'info');
  if (warnings.length) {
    sections.push({
      id: 'warnings',
      content: {
        kind: 'notice',
        severity: 'warning',
        collapsed: true,
        message: `${t('problems.title')} (${warnings.length})`,
        items: warnings.map((i) => ({ text: issueText(i, lang, t), severity: i.severity, ...(i.elementId ? { elementId: i.elementId } : {}) })),
      },
    });
  }
  // Overload is said out loud, not folded away with the other problems; after an edit, for the model as it is now.
  const overloaded = state.stale ? overload : (state.summary.issues ?? []).filter((i) => i.code === 'sim.pool.overloaded');
  if (overloaded.length) sections.push(overloadSection(overloaded, t));
  // First response is not measured until a task is flagged: offer the likely one, confirmed with one click.
  const guess = state.summary.firstResponseSuggestion;
  if (guess && !state.summary.kpis['firstResponseTime'])
    sections.push({
      id: 'firstResponseGuess',
      content: {
        kind: 'notice',
        severity: 'info',
        message: t('firstResponse.guess', { task: guess.name }),
        items: [{ text: guess.name, elementId: guess.taskId }],
        action: { id: 'flagFirstResponse', title: t('firstResponse.flag', { task: guess.name }), command: 'simulation.flagFirstResponse', args: [guess.taskId] },
      },
    });
  const dimmed = state.stale;
  const scenario = state.summary.scenario;
  if (scenario && scenario.available.length > 1) {
    sections.push({
      id: 'scenario',
      dimmed,
      content: { kind: 'choice', label: t('scenario'), options: scenario.available.map((s) => ({ value: s.id, label: s.name })), value: state.scenarioId ?? scenario.id, command: 'simulation.chooseScenario' },
    });
  }
  const segments = state.summary.segments ?? [];
  if (segments.length > 1) {
    const chosen = segments.find((s) => s.id === state.segmentId);
    sections.push({
      id: 'caseType',
      dimmed,
      content: {
        kind: 'choice',
        label: t('caseType'),
        options: [{ value: '', label: t('caseType.all') }, ...segments.map((s) => ({ value: s.id, label: t('caseType.option', { name: s.name, share: formatPercent(s.share, lang), priority: s.priority }) }))],
        value: chosen?.id ?? '',
        command: 'simulation.chooseCaseType',
      },
    });
    if (chosen) sections.push({ id: 'caseTypeNote', dimmed, content: { kind: 'markdown', markdown: t('caseType.note', { name: chosen.name }) } });
  }
  sections.push({ id: 'summary', dimmed, content: { kind: 'markdown', markdown: model.summary } });
  // Sharing the run: the studio's export commands as buttons (before, they were palette commands only). The
  // diagram exports carry the heat-map when it is shown.
  sections.push({
    id: 'export',
    title: t('export'),
    content: {
      kind: 'actions',
      actions: [
        { id: 'export-csv', title: t('export.csv'), command: 'simulation.exportResultsCsv', style: 'secondary' },
        { id: 'export-xlsx', title: t('export.xlsx'), command: 'simulation.exportResultsXlsx', style: 'secondary' },
        { id: 'export-report', title: t('export.report'), command: 'simulation.exportRunReport', style: 'secondary' },
        { id: 'export-svg', title: t('export.svg'), command: 'file.exportSvg', style: 'secondary' },
        { id: 'export-png', title: t('export.png'), command: 'file.exportPng', style: 'secondary' },
      ],
    },
  });
  if (model.sourceNote) sections.push({ id: 'source', dimmed, content: { kind: 'markdown', markdown: model.sourceNote } });
  sections.push({
    id: 'kpis',
    title: t('kpis'),
    dimmed,
    content: {
      kind: 'keyFigures',
      figures: model.cards.map((card) => ({
        id: card.id,
        label: card.label,
        value: card.value,
        ...(card.raw !== null ? { rawValue: card.raw } : {}),
        ...(card.ci ? { interval: card.ci } : {}),
        ...(card.detail ? { detail: card.detail } : {}),
        ...(card.tone !== 'neutral' ? { status: card.tone } : {}),
      })),
    },
  });
  sections.push({
    id: 'bottlenecks',
    title: t('bottlenecks'),
    dimmed,
    content:
      model.bottlenecks.length === 0
        ? { kind: 'markdown', markdown: t('bottlenecks.none') }
        : {
            kind: 'meters',
            ordered: true,
            items: model.bottlenecks.slice(0, 5).map((b) => ({ id: b.id, label: b.name, value: b.share, elementId: b.id, detail: b.utilisationText ? `${b.text} · ${b.utilisationText}` : b.text })),
          },
  });
  if (model.cycleParts.length > 0) {
    // One stacked bar: the parts add up to the mean cycle time (the card above), so nothing is missing.
    sections.push({
      id: 'cycleParts',
      title: t('parts'),
      dimmed,
      content: {
        kind: 'chart',
        chart: {
          type: 'stackedBar',
          labels: [t('kpi.cycleTime')],
          series: model.cycleParts.map((part) => ({ name: part.label, values: [Number((part.seconds / 3600).toFixed(2))] })),
          unit: t('parts.unit'),
        },
      },
    });
    if (model.cyclePartsText) sections.push({ id: 'cyclePartsSum', dimmed, content: { kind: 'markdown', markdown: model.cyclePartsText } });
  }
  for (const [id, histogram] of [['cycleTime', model.cycleHistogram], ['firstResponse', model.responseHistogram]] as const) {
    if (!histogram) continue;
    const end = histogram.bars.at(-1)?.to ?? 0;
    sections.push({
      id,
      dimmed,
      content: {
        kind: 'histogram',
        title: histogram.title,
        bars: histogram.bars.map((bar) => ({ share: bar.share, label: bar.label, ...(histogram.target && bar.from >= histogram.target.position * end - 1e-9 ? { over: true } : {}) })),
        axis: histogram.axis,
        ...(histogram.target ? { target: histogram.target } : {}),
      },
    });
  }
  sections.push({
    id: 'pools',
    title: t('pools'),
    dimmed,
    content:
      model.pools.length === 0
        ? { kind: 'markdown', markdown: t('pools.none') }
        : {
            kind: 'meters',
            note: t('pools.band'),
            items: model.pools.map((pool) => ({
              id: pool.id,
              label: pool.name,
              value: pool.utilisation,
              valueText: pool.utilisationText,
              band: { low: UTILISATION_BAND.low, high: UTILISATION_BAND.high },
              ...(pool.band === 'overloaded' ? { status: 'high' as const } : {}),
              detail: `${pool.bandText} · ${pool.peopleText} · ${pool.queueText}`,
              ...(pool.laneIds[0] ? { elementId: pool.laneIds[0] } : {}),
            })),
          },
  });
  if (model.utilisationChart) {
    sections.push({
      id: 'utilisationByPeriod',
      dimmed,
      content: {
        kind: 'chart',
        chart: {
          type: 'line',
          title: t('chart.utilisation', { period: t(`chart.period.${model.utilisationChart.period}`) }),
          labels: model.utilisationChart.labels,
          series: model.utilisationChart.series,
          unit: t('chart.utilisationUnit'),
        },
      },
    });
  }
  sections.push({
    id: 'tasks',
    title: t('tasks'),
    dimmed,
    content: {
      kind: 'table',
      sortable: true,
      sortBy: 'waiting',
      columns: [
        { key: 'name', title: t('tasks.name') },
        { key: 'count', title: t('tasks.count'), format: 'number' },
        { key: 'waiting', title: t('tasks.waiting'), format: 'duration' },
        { key: 'processing', title: t('tasks.processing'), format: 'duration' },
      ],
      rows: model.tasks.map((task) => ({ name: task.name, count: task.count, waiting: task.waiting, processing: task.processing })),
      rowElementIds: model.tasks.map((task) => task.id),
      rowHeat: model.tasks.map((task) => task.heat / 4),
    },
  });
  return { kind: 'sections', sections };
}

export function activate(context: PluginContext): void {
  const states = new Map<string, DocumentState>();
  let model: ActiveModel | undefined = context.model.getActiveModel();
  let heatmap = true;
  let running: { key: string; cancel(): void } | undefined;
  const status = context.window.createStatusBarItem({ id: PROGRESS_ITEM, alignment: 'left', priority: 5 });
  status.command = 'simulation.show';
  let statusPercent = -1;
  const t = () => translator(context.env.language);
  // States per document: the studio's document id (names may repeat), else the name in hosts without ids.
  const keyOf = (m: { readonly uri: string; readonly documentId?: string }): string => m.documentId ?? m.uri;
  const ensure = (key: string): DocumentState => {
    let state = states.get(key);
    if (!state) states.set(key, (state = { status: 'idle', progress: null, summary: null, refusal: [], stale: false, crash: null }));
    return state;
  };

  // The open model's overload before a run, computed once per model version (render runs on every progress report).
  let overload: { key: string; version: number; issues: readonly SimulationIssue[] } | undefined;
  const overloadOf = (m: ActiveModel | undefined): readonly SimulationIssue[] => {
    if (!m) return [];
    if (overload?.key !== keyOf(m) || overload.version !== m.version) overload = { key: keyOf(m), version: m.version, issues: modelOverloadWarnings(m) };
    return overload.issues;
  };

  const render = () => {
    const state = model ? states.get(keyOf(model)) : undefined;
    context.views.setViewContent(VIEW, viewContent(state, model !== undefined, heatmap, language(context), t(), overloadOf(model)));
    if (state?.summary && !state.stale && heatmap) {
      const painted = heatmapDecorations(toViewModel(state.summary, language(context), t()), language(context), t());
      context.diagram.setDecorations(painted.decorations, painted.legend);
    } else {
      context.diagram.clearDecorations();
    }
  };

  const updateStatus = (progress: SimulationProgress | null) => {
    if (!running) {
      status.hide();
      statusPercent = -1;
      return;
    }
    const percent = Math.floor((progress?.fraction ?? 0) * 100);
    if (percent === statusPercent) return;
    statusPercent = percent;
    status.text = t()('status.running', { percent });
    status.tooltip = t()('status.tooltip');
    status.show();
  };

  /** The model, or the next one within a few seconds (right after the studio starts it may still be on its way). */
  const whenModel = (): Promise<ActiveModel | undefined> =>
    model
      ? Promise.resolve(model)
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            subscription.dispose();
            resolve(model);
          }, 5_000);
          const subscription = context.model.onDidChangeModel((next) => {
            if (!next) return;
            clearTimeout(timer);
            subscription.dispose();
            resolve(next);
          });
        });

  const simulate = async (): Promise<void> => {
    // Open the view (a host without the studio's views has no such command: nothing to show then).
    context.commands.executeCommand('workbench.showView', VIEW).catch(() => undefined);
    model = await whenModel();
    if (!model) {
      await context.window.showNotification(t()('noDocument'));
      return;
    }
    running?.cancel();
    const key = keyOf(model);
    const state = ensure(key);
    const source = createCancellationTokenSource();
    const run = { key, cancel: () => source.cancel() };
    running = run;
    state.status = 'running';
    state.progress = null;
    state.crash = null;
    context.setContextKey('simulationRunning', true);
    updateStatus(null);
    render();
    // Progress arrives up to 20 times a second: redraw at most every 100 ms.
    let lastDraw = 0;
    const outcome = await context.simulation.runWithDetails(state.scenarioId !== undefined ? { scenarioId: state.scenarioId } : {}, {
      token: source.token,
      onProgress: (progress) => {
        if (running !== run) return;
        state.progress = progress;
        updateStatus(progress);
        if (Date.now() - lastDraw >= 100) {
          lastDraw = Date.now();
          render();
        }
      },
    });
    if (running === run) {
      running = undefined;
      context.setContextKey('simulationRunning', false);
      updateStatus(null);
    }
    state.progress = null;
    if (outcome.ok) {
      state.status = 'done';
      state.summary = outcome.summary;
      state.refusal = [];
      state.stale = false;
    } else if (outcome.cancelled) {
      // A newer run replaced this one: that run owns the state now.
      if (running === undefined) state.status = 'cancelled';
    } else if (outcome.issues.some((i) => i.severity === 'error')) {
      state.status = 'refused';
      state.refusal = outcome.issues.filter((i) => i.severity === 'error');
    } else {
      state.status = 'crashed';
      state.crash = outcome.message;
    }
    render();
  };

  context.subscriptions.push(
    status,
    context.commands.registerCommand('simulation.run', () => simulate()),
    context.commands.registerCommand('simulation.cancel', () => running?.cancel()),
    context.commands.registerCommand('simulation.toggleHeatmap', () => {
      heatmap = !heatmap;
      render();
    }),
    context.commands.registerCommand('simulation.flagFirstResponse', async (taskId) => {
      if (typeof taskId !== 'string' || !model) return;
      const name = model.graph.nodes.find((n) => n.id === taskId)?.name ?? taskId;
      // A proposal: the user confirms it, and it is one undo step.
      await context.edits.propose({ label: t()('firstResponse.flag', { task: name }), edits: [{ kind: 'setScenarioParameter', path: `tasks.${taskId}.substantiveResponse`, value: true }] });
    }),
    context.commands.registerCommand('simulation.show', () => void context.commands.executeCommand('workbench.showView', VIEW).catch(() => undefined)),
    context.commands.registerCommand('simulation.chooseCaseType', (segmentId) => {
      if (!model) return;
      const state = ensure(keyOf(model));
      if (typeof segmentId === 'string' && segmentId !== '' && state.summary?.segments?.some((s) => s.id === segmentId)) state.segmentId = segmentId;
      else delete state.segmentId;
      render();
    }),
    context.commands.registerCommand('simulation.chooseScenario', async (scenarioId) => {
      if (!model) return;
      const state = ensure(keyOf(model));
      let chosen = typeof scenarioId === 'string' ? scenarioId : undefined;
      const available = state.summary?.scenario?.available ?? (model.scenario ? [{ id: model.scenario.id, name: model.scenario.name }] : []);
      if (chosen === undefined) {
        const picked = await context.window.showQuickPick(available.map((s) => ({ label: s.name, description: s.id })), { title: t()('scenario') });
        chosen = picked?.description;
      }
      if (chosen === undefined || !available.some((s) => s.id === chosen)) return;
      state.scenarioId = chosen;
      render();
    }),
    // Runs started elsewhere (the Scorecard's "Simulate now", another plugin) show here too; our own run's outcome
    // arrives through runWithDetails as well and sets the same summary.
    context.simulation.onDidFinishRun((finished) => {
      const state = ensure(keyOf(finished));
      state.summary = finished.summary;
      state.stale = !finished.upToDate;
      state.refusal = [];
      if (state.status !== 'running') state.status = 'done';
      render();
    }),
    context.model.onDidChangeModel((next) => {
      const sameDocument = next !== undefined && model !== undefined && keyOf(next) === keyOf(model);
      model = next;
      // An edit makes the results stale (a run going on will replace them anyway).
      if (sameDocument && next) {
        const state = states.get(keyOf(next));
        if (state?.summary && !state.stale && state.status !== 'running') state.stale = true;
      }
      render();
    }),
    context.env.onDidChangeLanguage(() => {
      statusPercent = -1;
      updateStatus(null);
      render();
    }),
    { dispose: () => context.diagram.clearDecorations() },
  );
  render();
}

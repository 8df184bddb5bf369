// `leanflow simulate <file>`: runs the simulation engine on a BPMN file with one of its scenarios.
import { loadDocument, type ModelIssue, type ProcessGraph, type Scenario } from '@leanflow/model';
import { computeOfferedLoad, guessFirstResponseTask, overloadWarnings, type FirstResponseGuess, type PoolOfferedLoad } from '@leanflow/analysis';
import { simulate, simulateInParallel, type Estimate, type SimulationResult } from '@leanflow/sim';
import { UserInputError, type CliCommand, type CommandIo } from '../command.ts';
import { readFormat, readInteger, readUserBytes, writeUserFile } from '../io.ts';
import { chooseThreads, createReplicationPool } from '../replication-pool.ts';

const FORMATS = ['table', 'json', 'csv'] as const;

function describeIssue(issue: ModelIssue): string {
  const label = issue.severity === 'info' ? 'note' : issue.severity;
  const where = issue.elementId ? ` [${issue.elementId}]` : issue.path ? ` [${issue.path}]` : '';
  return `${label}: ${issue.message}${where}\n`;
}

/**
 * Picks the scenario named on the command line (by id or name), else the file's active one. Scenarios come from
 * our own extension, else an imported BPSim/QBP section, else the model's defaults (with a warning).
 */
export async function loadScenario(
  io: CommandIo,
  file: string,
  wanted: string | undefined,
): Promise<{ graph: ProcessGraph; scenario: Scenario; notes: ModelIssue[] }> {
  const document = await loadDocument(await readUserBytes(io, file));
  const errors = document.modelIssues.filter((i) => i.severity === 'error');
  if (!document.graph || errors.length > 0) {
    const shown = errors.length > 0 ? errors : document.modelIssues;
    throw new UserInputError(`${file} cannot be simulated:\n${shown.map(describeIssue).join('')}`.trimEnd(), 1);
  }
  let scenario: Scenario | undefined;
  if (wanted !== undefined) {
    scenario = document.scenarios.find((s) => s.id === wanted) ?? document.scenarios.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!scenario) {
      const names = document.scenarios.map((s) => `"${s.name}"`).join(', ');
      throw new UserInputError(`There is no scenario "${wanted}" in ${file}. ${names ? `Scenarios in the file: ${names}.` : 'The file has no scenarios.'}`);
    }
  } else scenario = document.scenarios.find((s) => s.id === document.activeScenarioId) ?? document.scenarios[0];
  if (!scenario) throw new UserInputError(`${file} has no start event or activity to simulate.`, 1);
  const notes: ModelIssue[] = [...document.modelIssues, ...(document.scenarioIssues[scenario.id] ?? [])];
  if (document.defaulted)
    notes.unshift({
      code: 'sim.default.scenario',
      severity: 'warning',
      message: `${file} has no Leanflow scenario; default values are used (see docs/simulation.md). Results show the process shape, not your figures.`,
    });
  else if (document.scenarioSource === 'bpsim' || document.scenarioSource === 'qbp') {
    notes.unshift({ code: 'sim.imported.scenario', severity: 'info', message: `Scenario "${scenario.name}" was imported from the file's ${document.scenarioSource.toUpperCase()} data.` });
    // What the import could not map changes what is simulated: the same remarks `check` prints.
    notes.push(...(document.importReport?.unmapped ?? []));
  }
  return { graph: document.graph, scenario, notes };
}

/** One entry of `warnings[]` in the JSON output (other producers append to the same array). */
export interface SimulationWarning {
  readonly code: string;
  readonly severity: ModelIssue['severity'];
  readonly message: string;
  readonly elementId?: string;
}

/** The warnings and errors of reading the file and importing its scenario, as `warnings[]` entries. */
export function importWarnings(notes: readonly ModelIssue[]): SimulationWarning[] {
  return notes
    .filter((n) => n.severity !== 'info')
    .map((n) => ({ code: n.code, severity: n.severity, message: n.message, ...(n.elementId ? { elementId: n.elementId } : {}) }));
}

/** Warnings and errors on stderr; more than three of one kind are summarised so the important ones stay visible. */
function printIssues(io: CommandIo, all: readonly ModelIssue[]): void {
  // Validation and the engine report some errors alike (an unstaffed pool): print each once.
  const seen = new Set<string>();
  const issues = all.filter((i) => {
    const key = `${i.code}|${i.elementId ?? ''}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const shown = new Map<string, number>();
  const total = new Map<string, number>();
  for (const issue of issues) if (issue.severity !== 'info') total.set(issue.code, (total.get(issue.code) ?? 0) + 1);
  for (const issue of issues) {
    if (issue.severity === 'info') continue;
    const count = (shown.get(issue.code) ?? 0) + 1;
    shown.set(issue.code, count);
    if (issue.severity === 'error' || count <= 3) io.stderr(describeIssue(issue));
    else if (count === 4) io.stderr(`${issue.severity}: ... and ${(total.get(issue.code) ?? 0) - 3} more like this (${issue.code}).\n`);
  }
}

const round = (x: number, digits = 6) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const estimateJson = (e: Estimate) => ({ mean: round(e.mean), ci95: e.ci95 ? [round(e.ci95[0]), round(e.ci95[1])] : null, values: e.values.map((v) => round(v)) });

/** What the JSON document adds from outside the engine result (static analysis of the file). */
export interface JsonExtras {
  /** The task that probably answers the customer first, when none is flagged. */
  readonly firstResponseGuess?: FirstResponseGuess | null;
  /** Offered load per pool from the model (`computeOfferedLoad`). */
  readonly offeredLoad?: readonly PoolOfferedLoad[];
  /** Warnings found outside the engine (overload); they go to `warnings[]` and `issues`. */
  readonly warnings?: readonly ModelIssue[];
}

/** The `--format json` document: one object, all times in seconds. */
export function simulationJson(result: SimulationResult, scenario: Pick<Scenario, 'id' | 'name'>, extra: JsonExtras = {}) {
  const k = result.kpis;
  const counted = result.perReplication.reduce((a, r) => a + r.cases, 0) / result.replications;
  return {
    scenario: { id: scenario.id, name: scenario.name },
    cases: result.cases ?? Math.round(counted),
    replications: result.replications,
    seed: result.seed,
    countedCasesPerReplication: round(counted, 2),
    kpis: kpisJson(k, extra),
    // One entry per case type (one of all cases without case types): the same KPI fields as `kpis`.
    segments: result.segments.map((segment) => ({
      id: segment.id,
      name: segment.name,
      share: segment.share,
      priority: segment.priority,
      countedCasesPerReplication: round(segment.cases, 2),
      kpis: kpisJson(segment.kpis, extra),
    })),
    pools: result.pools.map((p) => {
      const load = extra.offeredLoad?.find((l) => l.poolId === p.id);
      return {
        id: p.id,
        name: p.name,
        headcount: p.headcount,
        utilisation: round(p.utilisation),
        utilisationCi95: p.utilisationEstimate.ci95 ? [round(p.utilisationEstimate.ci95[0]), round(p.utilisationEstimate.ci95[1])] : null,
        meanQueueLength: round(p.meanQueueLength),
        maxQueueLength: p.maxQueueLength,
        queueLength: p.queueLength,
        utilisationWholeRun: round(p.utilisationWholeRun),
        utilisationByPeriod: { period: p.utilisationByPeriod.period, values: p.utilisationByPeriod.values.map((v) => (v === null ? null : round(v))) },
        offeredLoad: load ? round(load.offeredLoad) : null,
        window: load?.window ?? null,
        queueGrowing: p.queueGrowing,
        overloaded: p.queueGrowing || (load?.overloaded ?? false),
        costModel: p.costModel,
        shifts: p.shifts,
        // Mean wait for a person by hour of the week the request came in (Monday 00:00 UTC first; null: none).
        waitingByHourOfWeek: p.waitingByHourOfWeek.map((v) => (v === null ? null : round(v))),
      };
    }),
    people: result.people.map((w) => ({ ...w, utilisation: round(w.utilisation) })),
    tasks: result.tasks.map((t) => ({
      id: t.id,
      name: t.name,
      poolId: t.poolId,
      count: round(t.count, 2),
      waitingTime: { mean: round(t.waitingTime.mean), max: round(t.waitingTime.max) },
      processingTime: { mean: round(t.processingTime.mean) },
    })),
    bottlenecks: result.bottlenecks,
    elementExecutions: result.elementExecutions,
    issues: [...result.issues, ...(extra.warnings ?? [])],
    // Warnings a person should act on (overload...), as { code, severity, message, elementId? }.
    warnings: [...result.issues, ...(extra.warnings ?? [])]
      .filter((i) => i.severity === 'warning')
      .map((i) => ({ code: i.code, severity: i.severity, message: i.message, ...(i.elementId !== undefined ? { elementId: i.elementId } : {}) })),
  };
}

/** The KPI block of the JSON document (top level and per segment). */
function kpisJson(k: SimulationResult['kpis'], extra: JsonExtras) {
  return {
    cycleTime: {
      ...estimateJson(k.cycleTime),
      p50: round(k.cycleTime.p50),
      p90: round(k.cycleTime.p90),
      p95: round(k.cycleTime.p95),
      withinResolutionSla: k.cycleTime.withinResolutionSla === null ? null : round(k.cycleTime.withinResolutionSla),
      resolutionSlaSeconds: k.cycleTime.resolutionSlaSeconds,
      histogram: k.cycleTime.histogram,
    },
    waitingTime: estimateJson(k.waitingTime),
    processingTime: estimateJson(k.processingTime),
    offCalendarTime: estimateJson(k.offCalendarTime),
    // Parts of the cycle time that add up to cycleTime.mean (along the path that finished last).
    cycleTimeParts: {
      processing: estimateJson(k.cycleTimeParts.processing),
      waitingForPeople: estimateJson(k.cycleTimeParts.waitingForPeople),
      offCalendar: estimateJson(k.cycleTimeParts.offCalendar),
      otherWaiting: estimateJson(k.cycleTimeParts.otherWaiting),
    },
    valueAddingTime: estimateJson(k.valueAddingTime),
    firstResponseTime: {
      mean: k.firstResponseTime.mean === null ? null : round(k.firstResponseTime.mean),
      ci95: k.firstResponseTime.ci95 ? [round(k.firstResponseTime.ci95[0]), round(k.firstResponseTime.ci95[1])] : null,
      withinSla: k.firstResponseTime.withinSla === null ? null : round(k.firstResponseTime.withinSla),
      // No flagged task: no target either (the scenario's default 2 h was never the file's).
      slaSeconds: k.firstResponseTime.flagged ? k.firstResponseTime.slaSeconds : null,
      withoutResponse: k.firstResponseTime.withoutResponse === null ? null : round(k.firstResponseTime.withoutResponse),
      histogram: k.firstResponseTime.histogram,
      flagged: k.firstResponseTime.flagged,
      ...(k.firstResponseTime.flagged ? {} : { suggestedTaskId: extra.firstResponseGuess?.taskId ?? null }),
    },
    costPerCase: estimateJson(k.costPerCase),
    costPerWeek: estimateJson(k.costPerWeek),
    processCycleEfficiency: estimateJson(k.processCycleEfficiency),
    throughputPerHour: estimateJson(k.throughputPerHour),
    workInProgress: estimateJson(k.workInProgress),
  };
}

/** Formats seconds in a unit picked from `reference` (so a mean and its interval share one unit). */
function duration(seconds: number | null, reference: number | null = seconds): string {
  if (seconds === null || !Number.isFinite(seconds)) return '-';
  const r = reference !== null && Number.isFinite(reference) ? Math.abs(reference) : Math.abs(seconds);
  if (r < 120) return `${seconds.toFixed(1)} s`;
  if (r < 2 * 3600) return `${(seconds / 60).toFixed(1)} min`;
  if (r < 2 * 86400) return `${(seconds / 3600).toFixed(2)} h`;
  return `${(seconds / 86400).toFixed(2)} d`;
}

function interval(e: { readonly mean: number | null; readonly ci95: readonly [number, number] | null }, format: (x: number, reference: number | null) => string): string {
  return e.ci95 ? `[${format(e.ci95[0], e.mean)} .. ${format(e.ci95[1], e.mean)}]` : '';
}

function table(result: SimulationResult, scenario: Scenario, extra: JsonExtras = {}): string {
  const k = result.kpis;
  const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(1)} %`);
  const money = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} ${scenario.currency}` : '-');
  const rows: [string, string, string][] = [
    ['Cycle time', duration(k.cycleTime.mean), interval(k.cycleTime, duration)],
    ['  p50 / p90 / p95', `${duration(k.cycleTime.p50)} / ${duration(k.cycleTime.p90)} / ${duration(k.cycleTime.p95)}`, ''],
    ['  = processing', duration(k.cycleTimeParts.processing.mean, k.cycleTime.mean), 'on the path that finished last'],
    ['  + waiting for people', duration(k.cycleTimeParts.waitingForPeople.mean, k.cycleTime.mean), ''],
    ['  + outside working hours', duration(k.cycleTimeParts.offCalendar.mean, k.cycleTime.mean), ''],
    ['  + timers, messages, joins', duration(k.cycleTimeParts.otherWaiting.mean, k.cycleTime.mean), ''],
    ...(k.firstResponseTime.flagged
      ? ([
          ['First response', duration(k.firstResponseTime.mean), k.firstResponseTime.ci95 ? interval(k.firstResponseTime, duration) : ''],
          [`  within SLA (${duration(k.firstResponseTime.slaSeconds)})`, pct(k.firstResponseTime.withinSla), `no response: ${pct(k.firstResponseTime.withoutResponse)}`],
        ] as [string, string, string][])
      : ([['First response', 'not measured', firstResponseHint(extra.firstResponseGuess ?? null)]] as [string, string, string][])),
    ['Processing time (all tasks)', duration(k.processingTime.mean), interval(k.processingTime, duration)],
    ['Waiting for resources', duration(k.waitingTime.mean), interval(k.waitingTime, duration)],
    ['Off-calendar time', duration(k.offCalendarTime.mean), interval(k.offCalendarTime, duration)],
    ['Value-adding time', duration(k.valueAddingTime.mean), interval(k.valueAddingTime, duration)],
    ['Process cycle efficiency', pct(k.processCycleEfficiency.mean), interval(k.processCycleEfficiency, (x) => pct(x))],
    ['Cost per case', money(k.costPerCase.mean), interval(k.costPerCase, money)],
    ['Cost per week', money(k.costPerWeek.mean), result.pools.some((p) => p.costModel === 'paid-hour') ? 'salaried pools: every paid hour' : 'at this volume'],
    ['Throughput', `${k.throughputPerHour.mean.toFixed(2)} cases/h`, ''],
    ['Work in progress', `${k.workInProgress.mean.toFixed(2)} cases`, ''],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => r[1].length));
  const lines = [
    `Scenario "${scenario.name}": ${result.cases === null ? `${Math.round(result.perReplication.reduce((a, r) => a + r.cases, 0) / result.replications)} cases (until the horizon)` : `${result.cases} cases`} x ${result.replications} replications, seed ${result.seed} (95% CI in brackets)`,
    '',
    ...rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padStart(v)}  ${c}`.trimEnd()),
  ];
  if (result.segments.length > 1) {
    lines.push('', 'Case types (priority: higher is served first):');
    const nw = Math.max(...result.segments.map((s) => s.name.length));
    for (const s of result.segments) {
      const f = s.kpis.firstResponseTime;
      const response = f.flagged ? `  first response ${duration(f.mean)} (${pct(f.withinSla)} within ${duration(f.slaSeconds)})` : '';
      lines.push(
        `  ${s.name.padEnd(nw)}  ${pct(s.share).padStart(7)}  priority ${String(s.priority).padStart(2)}  cycle ${duration(s.kpis.cycleTime.mean).padStart(9)}  waiting ${duration(s.kpis.waitingTime.mean).padStart(9)}${response}`,
      );
    }
  }
  if (result.pools.length > 0) {
    lines.push('', 'Resource pools (utilisation while cases arrive):');
    for (const p of result.pools) {
      const load = extra.offeredLoad?.find((l) => l.poolId === p.id);
      const overloaded = p.queueGrowing || (load?.overloaded ?? false);
      const loadText = load && Number.isFinite(load.offeredLoad) ? `  offered load ${pct(load.offeredLoad).padStart(7)}` : '';
      lines.push(
        `  ${p.name.padEnd(24)} ${p.shifts ? 'up to ' : ''}${String(p.headcount).padStart(3)} ${(p.headcount === 1 ? 'person' : 'people').padEnd(6)}  utilisation ${pct(p.utilisation).padStart(7)}  mean queue ${p.meanQueueLength.toFixed(2)}${loadText}${overloaded ? `  OVERLOADED: the queue grows without bound at this staffing (${load?.window ?? 'its working hours'})` : ''}`,
      );
    }
  }
  if (result.people.length > 0) {
    lines.push('', 'People in several pools:');
    for (const w of result.people) lines.push(`  ${w.name} (${w.count}): ${w.poolIds.join(', ')}  utilisation ${pct(w.utilisation)}`);
  }
  lines.push('', 'Tasks:');
  const nw = Math.max(4, ...result.tasks.map((t) => t.name.length));
  lines.push(`  ${'name'.padEnd(nw)}  ${'count'.padStart(9)}  ${'waiting'.padStart(10)}  ${'processing'.padStart(10)}`);
  for (const t of result.tasks)
    lines.push(`  ${t.name.padEnd(nw)}  ${t.count.toFixed(1).padStart(9)}  ${duration(t.waitingTime.mean).padStart(10)}  ${duration(t.processingTime.mean).padStart(10)}`);
  if (result.bottlenecks.length > 0) {
    lines.push('', 'Bottlenecks (share of all waiting):');
    result.bottlenecks.slice(0, 5).forEach((b, i) => lines.push(`  ${i + 1}. ${b.name}: ${pct(b.shareOfWaiting)}, mean wait ${duration(b.meanWaitingTime)}`));
  }
  return `${lines.join('\n')}\n`;
}

function firstResponseHint(guess: FirstResponseGuess | null): string {
  return `flag the task that first answers the customer${guess ? ` (likely "${guess.name}": \`leanflow suggest\` offers it)` : ''}`;
}

function csv(result: SimulationResult): string {
  const k = result.kpis;
  const row = (name: string, unit: string, e: { readonly mean: number | null; readonly ci95: readonly [number, number] | null }) =>
    [name, unit, e.mean ?? '', e.ci95?.[0] ?? '', e.ci95?.[1] ?? ''].join(',');
  return `${[
    'kpi,unit,mean,ci95_low,ci95_high',
    row('cycleTime', 's', k.cycleTime),
    row('cycleTimeP50', 's', { mean: k.cycleTime.p50, ci95: null }),
    row('cycleTimeP90', 's', { mean: k.cycleTime.p90, ci95: null }),
    row('cycleTimeP95', 's', { mean: k.cycleTime.p95, ci95: null }),
    row('firstResponseTime', 's', k.firstResponseTime),
    row('firstResponseWithinSla', 'share', { mean: k.firstResponseTime.withinSla, ci95: null }),
    row('processingTime', 's', k.processingTime),
    row('waitingTime', 's', k.waitingTime),
    row('offCalendarTime', 's', k.offCalendarTime),
    row('cycleTimeProcessing', 's', k.cycleTimeParts.processing),
    row('cycleTimeWaitingForPeople', 's', k.cycleTimeParts.waitingForPeople),
    row('cycleTimeOffCalendar', 's', k.cycleTimeParts.offCalendar),
    row('cycleTimeOtherWaiting', 's', k.cycleTimeParts.otherWaiting),
    row('valueAddingTime', 's', k.valueAddingTime),
    row('processCycleEfficiency', 'share', k.processCycleEfficiency),
    row('costPerCase', 'currency', k.costPerCase),
    row('costPerWeek', 'currency', k.costPerWeek),
    row('throughput', 'cases/h', k.throughputPerHour),
    row('workInProgress', 'cases', k.workInProgress),
    ...result.pools.map((p) => row(`utilisation:${p.id}`, 'share', p.utilisationEstimate)),
  ].join('\n')}\n`;
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'Simulate a BPMN file with one of its scenarios and print KPIs',
  usage: [
    'leanflow simulate <file.bpmn> [--scenario NAME] [--cases N] [--replications R] [--seed S] [--format table|json|csv] [--log events.csv]',
    '',
    '  --scenario NAME     scenario id or name stored in the file (default: the active one; defaults if none)',
    '  --cases N           cases per replication (default: the scenario\'s)',
    '  --replications R    independent replications for the 95% confidence intervals (default: the scenario\'s)',
    '  --seed S            random seed; the same seed gives the same numbers (default: the scenario\'s)',
    '  --format F          table (default), json (one object, times in seconds) or csv (one KPI per row)',
    '  --log FILE          write the event log of the first replication as CSV (case, activity, resource, start, end)',
    '  --threads N         run replications on N threads (default: every core for long runs, else 1); same numbers',
  ].join('\n'),
  options: {
    scenario: { type: 'string' },
    cases: { type: 'string' },
    replications: { type: 'string' },
    seed: { type: 'string' },
    format: { type: 'string' },
    log: { type: 'string' },
    threads: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UserInputError('Give exactly one BPMN file, e.g. `pnpm leanflow simulate process.bpmn`.');
    const format = readFormat(values.format, FORMATS, 'table');
    const cases = readInteger('cases', values.cases, { min: 1 });
    const replications = readInteger('replications', values.replications, { min: 1 });
    const seed = readInteger('seed', values.seed, { min: 0 });
    const requestedThreads = readInteger('threads', values.threads, { min: 1 });
    const log = typeof values.log === 'string' ? values.log : undefined;
    const { graph, scenario, notes } = await loadScenario(io, positionals[0], typeof values.scenario === 'string' ? values.scenario : undefined);
    const options = {
      ...(cases === undefined ? {} : { cases }),
      ...(replications === undefined ? {} : { replications }),
      ...(seed === undefined ? {} : { seed }),
      eventLog: log !== undefined,
    };
    const threads = chooseThreads(requestedThreads, {
      replications: replications ?? scenario.replications,
      cases: cases ?? (scenario.horizon ? null : scenario.cases),
      nodes: graph.nodes.length,
    });
    let outcome;
    // Progress on a terminal; on parallel threads it counts the cases of the replications still running.
    const progress = io.progress;
    const withProgress = progress ? { ...options, onProgress: (fraction: number) => progress('Simulating', fraction) } : options;
    try {
      if (threads > 1) {
        const pool = createReplicationPool(threads);
        try {
          outcome = await simulateInParallel(graph, scenario, withProgress, pool.runners);
        } finally {
          await pool.close();
        }
      } else outcome = await simulate(graph, scenario, withProgress);
    } finally {
      progress?.('Simulating', 1);
    }
    printIssues(io, [...notes, ...outcome.issues]);
    if (!outcome.ok) {
      io.stderr('The simulation did not run; fix the errors above.\n');
      return 1;
    }
    if (log !== undefined) await writeUserFile(io, log, outcome.eventLog ?? '');
    const offeredLoad = computeOfferedLoad(graph, scenario);
    const warnings = overloadWarnings(offeredLoad, new Set(outcome.pools.filter((p) => p.queueGrowing).map((p) => p.id)));
    printIssues(io, warnings);
    const extra: JsonExtras = { firstResponseGuess: outcome.kpis.firstResponseTime.flagged ? null : guessFirstResponseTask(graph, scenario), offeredLoad, warnings };
    if (format === 'json') {
      // Appended, not replaced: the import's remarks join the simulation's own warnings (overload...).
      const json = simulationJson(outcome, scenario, extra);
      io.stdout(`${JSON.stringify({ ...json, warnings: [...json.warnings, ...importWarnings(notes)] })}\n`);
    }
    else if (format === 'csv') io.stdout(csv(outcome));
    else io.stdout(table(outcome, scenario, extra));
    return outcome.issues.some((i) => i.severity === 'error') ? 1 : 0;
  },
};

// `leanflow calibrate MODEL LOG --out FILE`: fits a new scenario from an event log and writes it into the model file.
import { gunzipSync } from 'node:zlib';
import { loadDocument, saveScenariosToXml, type LoadedDocument, type ModelIssue, type ProcessGraph, type Scenario } from '@leanflow/model';
import {
  EventLogError,
  calibrateScenario,
  readEventLog,
  type CalibrationResult,
  type EventLog,
  type LogField,
  type MappingOverrides,
  type ReplayResult,
} from '@leanflow/analysis';
import { simulate } from '@leanflow/sim';
import { UserInputError, type CliCommand, type CommandIo } from '../command.ts';
import { readFormat, readUserBytes, readUserFile, writeUserFile } from '../io.ts';

const FORMATS = ['table', 'json'] as const;
const FIELDS: readonly LogField[] = ['case', 'activity', 'start', 'end', 'resource', 'enabled'];

/** Options both log commands share: how to read the log. */
export const LOG_OPTIONS = {
  columns: { type: 'string' },
  'time-zone': { type: 'string' },
  'date-order': { type: 'string' },
  mapping: { type: 'string' },
  format: { type: 'string' },
} as const;

export const LOG_USAGE = [
  '  --columns LIST      which column is which, e.g. "case=Ticket,activity=Step,start=Opened,end=Closed,resource=Agent"',
  '                      (default: detected from common names such as case_id, concept:name, start_time, time:timestamp)',
  '  --time-zone TZ      zone of timestamps without an offset: UTC (default), +02:00 or a name like Europe/Berlin',
  '  --date-order dmy|mdy  how to read 03/04/2024 (default dmy: day first)',
  '  --mapping FILE      JSON object: log activity -> task id or name (null leaves the activity out)',
].join('\n');

function readColumns(value: unknown): Partial<Record<LogField, string>> | undefined {
  if (typeof value !== 'string') return undefined;
  const out: Partial<Record<LogField, string>> = {};
  for (const part of value.split(',')) {
    const [field, ...rest] = part.split('=');
    const key = (field ?? '').trim() as LogField;
    if (!FIELDS.includes(key) || rest.length === 0) throw new UserInputError(`--columns takes field=column pairs with fields ${FIELDS.join(', ')}; got "${part}".`);
    out[key] = rest.join('=').trim();
  }
  return out;
}

/** Reads the model (with a graph) and the log (CSV or XES, plain or gzip), with clear errors. */
export async function loadModelAndLog(
  io: CommandIo,
  modelFile: string,
  logFile: string,
  values: Readonly<Record<string, unknown>>,
): Promise<{ document: LoadedDocument; graph: ProcessGraph; log: EventLog; mapping: MappingOverrides | undefined }> {
  const document = await loadDocument(await readUserBytes(io, modelFile), { auditSave: true });
  const errors = document.modelIssues.filter((i) => i.severity === 'error');
  if (!document.graph || errors.length > 0)
    throw new UserInputError(`${modelFile} cannot be read as a process:\n${(errors.length ? errors : document.modelIssues).map((i) => `  ${i.message}${i.elementId ? ` [${i.elementId}]` : ''}`).join('\n')}`, 1);
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new UserInputError(`--date-order is dmy or mdy, got "${String(dateOrder)}".`);
  let bytes = await readUserBytes(io, logFile);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new UserInputError(`${logFile} looks gzip-compressed but cannot be unpacked: ${(error as Error).message}`);
    }
  }
  let log: EventLog;
  try {
    const columns = readColumns(values['columns']);
    const timeZone = values['time-zone'];
    log = await readEventLog(bytes, {
      fileName: logFile.replace(/\.gz$/i, ''),
      ...(columns ? { columns } : {}),
      ...(typeof timeZone === 'string' ? { timeZone } : {}),
      ...(dateOrder === 'dmy' || dateOrder === 'mdy' ? { dateOrder } : {}),
    });
  } catch (error) {
    if (error instanceof EventLogError) throw new UserInputError(`${logFile}: ${error.message} (${error.code})`);
    throw error;
  }
  let mapping: MappingOverrides | undefined;
  const mappingFile = values['mapping'];
  if (typeof mappingFile === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readUserFile(io, mappingFile));
    } catch (error) {
      if (error instanceof UserInputError) throw error;
      throw new UserInputError(`${mappingFile} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => v !== null && typeof v !== 'string'))
      throw new UserInputError(`${mappingFile} must be a JSON object mapping each log activity to a task id or name (or null), e.g. {"Check form": "Task_1"}.`);
    mapping = parsed as MappingOverrides;
  }
  return { document, graph: document.graph, log, mapping };
}

const r = (x: number, digits = 6) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : null);

export function replayJson(c: ReplayResult) {
  return {
    method: c.method,
    cases: c.cases,
    fittingCases: c.fittingCases,
    fitness: r(c.fitness),
    tokenFitness: r(c.tokenFitness),
    searchLimited: c.searchLimited,
    deviations: c.deviations.map((d) => ({ elementId: d.elementId, ...(d.name ? { name: d.name } : {}), fired: d.fired, missing: d.missing, remaining: d.remaining })),
  };
}

/** The log's figures next to the calibrated scenario's simulated ones, with relative errors. */
export interface ValidationRow {
  readonly kpi: string;
  readonly elementId?: string;
  readonly name?: string;
  readonly log: number;
  readonly simulated: number;
  readonly relativeError: number;
}

async function validate(graph: ProcessGraph, scenario: Scenario, result: CalibrationResult): Promise<{ rows: ValidationRow[]; issues: readonly ModelIssue[] }> {
  const cases = Math.min(5000, Math.max(200, result.log.cases));
  const outcome = await simulate(graph, scenario, { cases, replications: 3 });
  if (!outcome.ok) return { rows: [], issues: outcome.issues };
  const row = (kpi: string, log: number, simulated: number, elementId?: string, name?: string): ValidationRow => ({
    kpi,
    ...(elementId ? { elementId } : {}),
    ...(name ? { name } : {}),
    log,
    simulated,
    relativeError: log === 0 ? (simulated === 0 ? 0 : Infinity) : (simulated - log) / log,
  });
  const rows = [row('cycleTime', result.log.meanCycleTime, outcome.kpis.cycleTime.mean)];
  for (const t of result.tasks) {
    const sim = outcome.tasks.find((s) => s.id === t.taskId);
    if (sim) rows.push(row('processingTime', t.fit.sampleMean, sim.processingTime.mean, t.taskId, t.name));
  }
  return { rows, issues: outcome.issues };
}

export function calibrationJson(result: CalibrationResult, validation: readonly ValidationRow[], out: string) {
  return {
    out,
    scenario: { id: result.scenario.id, name: result.scenario.name },
    log: result.log,
    mapping: result.mapping,
    arrivals: result.arrivals.map((a) => ({
      startEventId: a.startEventId,
      cases: a.cases,
      ratePerHour: r(a.ratePerHour),
      interArrival: a.interArrival,
      fit: { ks: r(a.exponential.ks), aic: r(a.exponential.aic), bestFamily: a.best.family, bestAic: r(a.best.aic) },
    })),
    tasks: result.tasks.map((t) => ({
      taskId: t.taskId,
      ...(t.name ? { name: t.name } : {}),
      activities: t.activities,
      events: t.events,
      measured: t.measured,
      duration: t.fit.distribution,
      sample: { mean: r(t.fit.sampleMean), sd: r(t.fit.sampleSd) },
      fit: { family: t.fit.chosen.family, criterion: 'AIC', aic: r(t.fit.chosen.aic), ks: r(t.fit.chosen.ks) },
      candidates: t.fit.candidates.map((c) => ({ family: c.family, mean: r(c.mean), sd: r(c.sd), logLikelihood: r(c.logLikelihood), aic: r(c.aic), ks: r(c.ks) })),
      meanWaiting: t.meanWaiting === null ? null : r(t.meanWaiting),
    })),
    gateways: result.gateways,
    pools: result.pools,
    fitness: replayJson(result.conformance),
    validation: validation.map((v) => ({ ...v, log: r(v.log), simulated: r(v.simulated), relativeError: r(v.relativeError, 4) })),
    issues: result.issues,
  };
}

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '-';
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 2 * 3600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(2)} h`;
  return `${(seconds / 86400).toFixed(2)} d`;
}

function table(result: CalibrationResult, validation: readonly ValidationRow[], out: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `Log: ${result.log.cases} cases, ${result.log.events} events, ${result.log.activities} activities, ${result.log.resources} resources, ${result.log.from.slice(0, 10)} to ${result.log.to.slice(0, 10)}${result.log.hasStartTimes ? '' : ' (completion times only)'}`,
    `Mapped ${Object.keys(result.mapping.mapping).length} activities to tasks; ${result.mapping.unmappedActivities.length} activities and ${result.mapping.unmappedTasks.length} tasks unmapped.`,
  ];
  for (const a of result.mapping.unmappedActivities) lines.push(`  unmapped activity "${a.activity}" (${a.events} events)${a.suggestion ? `: perhaps "${a.suggestion.name}" (${a.suggestion.taskId})` : ''}`);
  for (const t of result.mapping.unmappedTasks) lines.push(`  unmapped task "${t.name ?? t.taskId}" (${t.taskId})`);
  lines.push('', 'Arrivals:');
  for (const a of result.arrivals) lines.push(`  ${a.startEventId}: ${a.ratePerHour.toFixed(3)} cases/h, exponential inter-arrival mean ${duration(3600 / a.ratePerHour)} (KS ${a.exponential.ks.toFixed(3)}; best by AIC: ${a.best.family})`);
  lines.push('', 'Task durations (maximum likelihood, chosen by AIC):');
  const nw = Math.max(4, ...result.tasks.map((t) => (t.name ?? t.taskId).length));
  lines.push(`  ${'task'.padEnd(nw)}  ${'n'.padStart(6)}  ${'family'.padEnd(11)}  ${'mean'.padStart(9)}  ${'sd'.padStart(9)}  ${'KS'.padStart(5)}  ${'waiting'.padStart(9)}`);
  for (const t of result.tasks)
    lines.push(
      `  ${(t.name ?? t.taskId).padEnd(nw)}  ${String(t.events).padStart(6)}  ${t.fit.chosen.family.padEnd(11)}  ${duration(t.fit.chosen.mean).padStart(9)}  ${duration(t.fit.chosen.sd).padStart(9)}  ${t.fit.chosen.ks.toFixed(3).padStart(5)}  ${duration(t.meanWaiting).padStart(9)}`,
    );
  if (result.gateways.length) {
    lines.push('', 'Gateway probabilities (observed routing):');
    for (const g of result.gateways) lines.push(`  ${g.name ?? g.gatewayId}: ${Object.entries(g.probabilities).map(([f, p]) => `${f} ${pct(p)}`).join(', ')} (${g.observations} tokens)`);
  }
  if (result.pools.length) {
    lines.push('', 'Headcounts (distinct resources):');
    for (const p of result.pools) lines.push(`  ${p.name}: ${p.headcount} (was ${p.previousHeadcount})`);
  }
  const c = result.conformance;
  lines.push('', `Fitness: ${c.fittingCases} of ${c.cases} cases fit (${pct(c.fitness)}); token fitness ${c.tokenFitness.toFixed(3)}.`);
  if (validation.length) {
    lines.push('', 'Validation (log vs the calibrated scenario simulated):');
    for (const v of validation) lines.push(`  ${v.kpi}${v.elementId ? ` "${v.name ?? v.elementId}"` : ''}: log ${duration(v.log)}, simulated ${duration(v.simulated)} (${v.relativeError >= 0 ? '+' : ''}${pct(v.relativeError)})`);
  }
  lines.push('', `Wrote scenario "${result.scenario.name}" (${result.scenario.id}) to ${out}; the file's other scenarios are kept.`);
  return `${lines.join('\n')}\n`;
}

export const calibrateCommand: CliCommand = {
  name: 'calibrate',
  summary: 'Fit a new scenario from an event log (arrivals, durations, routing, headcounts) and write it into the model',
  usage: [
    'leanflow calibrate <model.bpmn> <log.csv|log.xes[.gz]> --out <file.bpmn> [--mapping FILE] [--format table|json]',
    '',
    '  --out FILE          where to write the model with the new scenario (may be the input; other scenarios are kept)',
    LOG_USAGE,
    '  --scenario NAME     the scenario to start from (default: the active one); costs, calendars and targets come from it',
    '  --name NAME         name of the new scenario (default: "Calibrated from <log file>")',
    '  --no-validate       skip simulating the calibrated scenario against the log',
    '  --format F          table (default) or json (fitted parameters with fit figures, unmapped items, fitness, validation)',
  ].join('\n'),
  options: { ...LOG_OPTIONS, out: { type: 'string' }, scenario: { type: 'string' }, name: { type: 'string' }, 'no-validate': { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 2) throw new UserInputError('Give a model and a log, e.g. `pnpm leanflow calibrate process.bpmn events.csv --out calibrated.bpmn`.');
    const format = readFormat(values.format, FORMATS, 'table');
    const out = values['out'];
    if (typeof out !== 'string' || out === '') throw new UserInputError('Say where to write the calibrated model: --out <file.bpmn>.');
    const [modelFile, logFile] = positionals as [string, string];
    const { document, graph, log, mapping } = await loadModelAndLog(io, modelFile, logFile, values);
    const wanted = values['scenario'];
    const base =
      typeof wanted === 'string'
        ? document.scenarios.find((s) => s.id === wanted || s.name.toLowerCase() === wanted.toLowerCase())
        : (document.scenarios.find((s) => s.id === document.activeScenarioId) ?? document.scenarios[0]);
    if (!base) throw new UserInputError(typeof wanted === 'string' ? `There is no scenario "${wanted}" in ${modelFile}.` : `${modelFile} has no process to calibrate.`);
    const logName = logFile.replace(/^.*[\\/]/, '');
    const result = calibrateScenario(graph, base, log, {
      ...(mapping ? { mapping } : {}),
      scenarioName: typeof values['name'] === 'string' ? values['name'] : `Calibrated from ${logName}`,
      existingIds: document.scenarios.map((s) => s.id),
    });
    for (const issue of result.issues) if (issue.severity !== 'info') io.stderr(`${issue.severity}: ${issue.message}${issue.elementId ? ` [${issue.elementId}]` : ''}\n`);
    if (Object.keys(result.mapping.mapping).length === 0)
      throw new UserInputError(`No activity of ${logFile} matches a task of ${modelFile} by name. Give a mapping file: --mapping mapping.json with {"log activity": "task id"}.`, 1);
    const saved = await saveScenariosToXml(document.text ?? '', [...document.scenarios, result.scenario], { activeScenarioId: result.scenario.id });
    if (!saved.xml) throw new UserInputError(`The calibrated scenario cannot be saved:\n${saved.issues.map((i) => `  ${i.message}${i.path ? ` [${i.path}]` : ''}`).join('\n')}`, 1);
    await writeUserFile(io, out, saved.xml);
    const validation = values['no-validate'] === true ? { rows: [], issues: [] } : await validate(graph, result.scenario, result);
    for (const issue of validation.issues) if (issue.severity === 'error') io.stderr(`error: ${issue.message}${issue.elementId ? ` [${issue.elementId}]` : ''}\n`);
    if (format === 'json') io.stdout(`${JSON.stringify({ ...calibrationJson(result, validation.rows, out), validationErrors: validation.issues.filter((i) => i.severity === 'error') })}\n`);
    else io.stdout(table(result, validation.rows, out));
    return 0;
  },
};

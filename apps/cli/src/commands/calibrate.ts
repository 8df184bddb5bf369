// `leanflow calibrate MODEL LOG --out FILE`: fits a new scenario from an event log and writes it into the model file.
import { gunzipSync } from 'node:zlib';
import { loadDocument, saveScenariosToXml, type LoadedDocument, type ModelIssue, type ProcessGraph, type Scenario } from '@leanflow/model';
import {
  EventLogError,
  calibrateScenario,
  readEventLog,
  readMappingFile,
  type CalibrationResult,
  type EventLog,
  type LogField,
  type PoolsMode,
  type MappingOverrides,
  type ReplayResult,
  validateCalibration,
  type CalibrationValidationRow,
} from '@leanflow/analysis';
import { simulate } from '@leanflow/sim';
import { UserInputError, type CliCommand, type CommandIo } from '../command.ts';
import { readFormat, readUserBytes, readUserFile, writeUserFile } from '../io.ts';

const FORMATS = ['table', 'json'] as const;
const POOLS_MODES: readonly PoolsMode[] = ['auto', 'roles', 'single', 'model'];
const FIELDS: readonly LogField[] = ['case', 'activity', 'start', 'end', 'resource', 'enabled', 'role'];

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

/** Reads a model file that must hold a process graph, with clear errors. */
export async function loadModel(io: CommandIo, modelFile: string): Promise<{ document: LoadedDocument; graph: ProcessGraph }> {
  const document = await loadDocument(await readUserBytes(io, modelFile), { auditSave: true });
  const errors = document.modelIssues.filter((i) => i.severity === 'error');
  if (!document.graph || errors.length > 0)
    throw new UserInputError(`${modelFile} cannot be read as a process:\n${(errors.length ? errors : document.modelIssues).map((i) => `  ${i.message}${i.elementId ? ` [${i.elementId}]` : ''}`).join('\n')}`, 1);
  return { document, graph: document.graph };
}

/** Reads the model (with a graph) and the log (CSV or XES, plain or gzip), with clear errors. */
export async function loadModelAndLog(
  io: CommandIo,
  modelFile: string,
  logFile: string,
  values: Readonly<Record<string, unknown>>,
): Promise<{ document: LoadedDocument; graph: ProcessGraph; log: EventLog; mapping: MappingOverrides | undefined; firstResponse: string | undefined }> {
  const { document, graph } = await loadModel(io, modelFile);
  const log = await loadLog(io, logFile, values);
  const file = await loadMappingFile(io, values);
  const option = values['first-response'];
  const firstResponse = typeof option === 'string' && option.trim() !== '' ? option : file?.firstResponse;
  return { document, graph, log, mapping: file?.overrides, firstResponse };
}

/** Reads `--mapping FILE` (activity -> task, and `@firstResponse`), or undefined without the option. */
export async function loadMappingFile(io: CommandIo, values: Readonly<Record<string, unknown>>): Promise<{ overrides: MappingOverrides; firstResponse?: string } | undefined> {
  const mappingFile = values['mapping'];
  if (typeof mappingFile !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readUserFile(io, mappingFile));
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    throw new UserInputError(`${mappingFile} is not valid JSON: ${(error as Error).message}`);
  }
  const file = readMappingFile(parsed);
  if ('error' in file) throw new UserInputError(`${mappingFile}${file.error.startsWith('must') ? ' ' : ': '}${file.error}`);
  return file;
}

/** Reads a log (CSV or XES, plain or gzip) with the shared log options, with clear errors. */
export async function loadLog(io: CommandIo, logFile: string, values: Readonly<Record<string, unknown>>): Promise<EventLog> {
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
  return log;
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

/** The log's figures next to the calibrated scenario's simulated ones, with their errors (see `validateCalibration`). */
export type ValidationRow = CalibrationValidationRow;

async function validate(graph: ProcessGraph, scenario: Scenario, result: CalibrationResult): Promise<{ rows: ValidationRow[]; issues: readonly ModelIssue[] }> {
  const cases = Math.min(5000, Math.max(200, result.log.cases));
  const outcome = await simulate(graph, scenario, { cases, replications: 3 });
  if (!outcome.ok) return { rows: [], issues: outcome.issues };
  const rows = validateCalibration(result, outcome);
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
      ...(a.profile
        ? {
            weekly: {
              applied: a.profile.weekly,
              criterion: a.profile.criterion,
              test: { chiSquare: r(a.profile.test.statistic), degreesOfFreedom: a.profile.test.degreesOfFreedom, pValue: r(a.profile.test.pValue, 4), binHours: a.profile.test.binHours },
              fit: { chiSquare: r(a.profile.fit.chiSquare), degreesOfFreedom: a.profile.fit.degreesOfFreedom, pValue: r(a.profile.fit.pValue, 4), r2: r(a.profile.fit.r2, 4) },
              timeZone: a.profile.timeZone,
              weeks: r(a.profile.weeks, 4),
              casesPerWeek: r(a.profile.casesPerWeek, 4),
              profile: a.profile.profile,
              countsByHourOfWeek: a.profile.counts,
              ratePerHourOfWeek: a.profile.ratePerHour.map((x) => r(x, 4)),
              profileRatePerHourOfWeek: a.profile.profileRatePerHour.map((x) => r(x, 4)),
            },
          }
        : {}),
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
      timeBasis: t.timeBasis ?? 'wall-clock',
    })),
    gateways: result.gateways,
    poolsChoice: result.poolsChoice
      ? {
          requested: result.poolsChoice.requested,
          applied: result.poolsChoice.applied,
          reason: result.poolsChoice.reason,
          removedPoolIds: result.poolsChoice.removedPoolIds,
          ...(result.poolsChoice.discovery
            ? { method: result.poolsChoice.discovery.method, description: result.poolsChoice.discovery.description, discovered: result.poolsChoice.discovery.pools, taskPools: result.poolsChoice.discovery.taskPools, taskCoverage: Object.fromEntries(Object.entries(result.poolsChoice.discovery.taskCoverage).map(([k, v]) => [k, r(v, 4)])) }
            : {}),
        }
      : null,
    pools: result.pools.map((p) => ({ ...p, utilisation: p.utilisation === undefined || p.utilisation === null ? null : r(p.utilisation, 4) })),
    calendars: result.calendars.map((c) => ({
      poolId: c.poolId,
      name: c.name,
      applied: c.calendarId !== undefined,
      ...(c.calendarId ? { calendarId: c.calendarId } : {}),
      hours: c.fit.hours,
      alwaysOpen: c.fit.alwaysOpen,
      openHoursPerWeek: c.fit.openHoursPerWeek,
      coverage: r(c.fit.coverage, 4),
      timestamps: c.fit.total,
      criterion: c.fit.criterion,
      test: { chiSquare: r(c.fit.test.statistic), degreesOfFreedom: c.fit.test.degreesOfFreedom, pValue: r(c.fit.test.pValue, 4) },
      countsByHourOfWeek: c.fit.counts,
    })),
    firstResponse: result.firstResponse
      ? { ...result.firstResponse, withinTarget: r(result.firstResponse.withinTarget, 4), mean: result.firstResponse.mean === null ? null : r(result.firstResponse.mean), p50: result.firstResponse.p50 === null ? null : r(result.firstResponse.p50), p90: result.firstResponse.p90 === null ? null : r(result.firstResponse.p90) }
      : null,
    fitness: replayJson(result.conformance),
    validation: validation.map((v) => ({ ...v, log: r(v.log), simulated: r(v.simulated), relativeError: r(v.relativeError, 4), ...(v.absoluteError === undefined ? {} : { absoluteError: r(v.absoluteError, 4) }) })),
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
  for (const a of result.arrivals) {
    lines.push(`  ${a.startEventId}: ${a.ratePerHour.toFixed(3)} cases/h, exponential inter-arrival mean ${duration(3600 / a.ratePerHour)} (KS ${a.exponential.ks.toFixed(3)}; best by AIC: ${a.best.family})`);
    const p = a.profile;
    if (!p) continue;
    const test = `chi-square ${p.test.statistic.toFixed(1)}, df ${p.test.degreesOfFreedom}, p ${p.test.pValue < 1e-4 ? p.test.pValue.toExponential(1) : p.test.pValue.toFixed(4)}`;
    if (!p.weekly) lines.push(`  no weekly pattern (${test}; ${p.weeks.toFixed(1)} weeks): Poisson arrivals around the clock`);
    else {
      lines.push(`  weekly pattern (${test}): profile of ${p.profile.periods.length} periods, ${p.casesPerWeek.toFixed(1)} cases a week (${p.timeZone}); fit R2 ${p.fit.r2.toFixed(3)}, chi-square p ${p.fit.pValue.toFixed(3)}`);
      for (const period of p.profile.periods) lines.push(`    ${period.days.join(',')} ${period.from}-${period.to}: ${period.casesPerHour} cases/h`);
    }
  }
  if (result.calendars.length) {
    lines.push('', 'Working hours (from when the pools\' people start and complete work):');
    for (const c of result.calendars)
      lines.push(
        c.fit.alwaysOpen
          ? `  ${c.name}: around the clock (no weekly pattern); nothing applied`
          : `  ${c.name}: ${c.fit.hours.map((h) => `${h.days.join(',')} ${h.from}-${h.to}`).join('; ')} (${c.fit.openHoursPerWeek} h a week, holds ${pct(c.fit.coverage)} of ${c.fit.total} timestamps) -> calendar ${c.calendarId}`,
      );
  }
  const fr = result.firstResponse;
  if (fr) {
    lines.push('', `First response ("${fr.requested}"${fr.taskId ? `, task ${fr.name ?? fr.taskId} flagged` : ', no task flagged'}):`);
    lines.push(`  ${fr.responded} of ${fr.cases} cases answered; ${pct(fr.withinTarget)} within the target ${duration(fr.targetSeconds)}; p50 ${duration(fr.p50)}, p90 ${duration(fr.p90)}, mean ${duration(fr.mean)}`);
  }
  lines.push('', `Task durations (maximum likelihood, chosen by AIC${result.tasks.some((t) => t.timeBasis === 'working-time') ? '; in working time of the fitted calendars' : ''}):`);
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
  const choice = result.poolsChoice;
  if (choice) {
    lines.push('', `Pools: ${choice.applied} (--pools ${choice.requested}): ${choice.reason}.`);
    if (choice.discovery) {
      lines.push(`  found in the log by ${choice.discovery.description}:`);
      for (const p of choice.discovery.pools) lines.push(`    ${p.name}: ${p.resources.length} people, ${p.events} events; tasks ${p.taskIds.map((t) => result.tasks.find((x) => x.taskId === t)?.name ?? t).join(', ') || '(none: they help with other pools\' tasks)'}`);
    }
    if (choice.removedPoolIds.length) lines.push(`  left out (no task uses them any more): ${choice.removedPoolIds.join(', ')}`);
  }
  if (result.pools.length) {
    lines.push('', 'Headcounts (distinct resources):');
    for (const p of result.pools) lines.push(`  ${p.name}: ${p.headcount} (was ${p.previousHeadcount})`);
  }
  const c = result.conformance;
  lines.push('', `Fitness: ${c.fittingCases} of ${c.cases} cases fit (${pct(c.fitness)}); token fitness ${c.tokenFitness.toFixed(3)}.`);
  if (validation.length) {
    lines.push('', 'Validation (log vs the calibrated scenario simulated):');
    for (const v of validation)
      lines.push(
        v.unit === 'share'
          ? `  ${v.kpi}${v.elementId ? ` "${v.name ?? v.elementId}"` : ''}: log ${pct(v.log)}, simulated ${pct(v.simulated)} (${v.simulated >= v.log ? '+' : ''}${((v.simulated - v.log) * 100).toFixed(1)} pp)`
          : `  ${v.kpi}${v.elementId ? ` "${v.name ?? v.elementId}"` : ''}: log ${duration(v.log)}, simulated ${duration(v.simulated)} (${v.relativeError >= 0 ? '+' : ''}${pct(v.relativeError)})`,
      );
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
    '  --first-response ACTIVITY  the log activity (or task) that is the first substantive response: its distribution is',
    '                      reported and its task flagged (also "@firstResponse" in the mapping file)',
    '  --pools MODE        auto (default), roles, single or model: roles adds the pools found in the log (its role',
    '                      column, else resources clustered by the tasks they do) and assigns each task to one;',
    '                      single: one pool of all its resources; model: the model\'s pools; auto: roles when the log',
    '                      shows 2+ pools the model\'s pools do not match, else model',
    '  --no-weekly         do not fit a weekday x hour arrival profile or working hours (calendars) per pool',
    '                      (weekday and hour are read in --time-zone, UTC by default)',
    '  --format F          table (default) or json (fitted parameters with fit figures, unmapped items, fitness, validation)',
  ].join('\n'),
  options: { ...LOG_OPTIONS, out: { type: 'string' }, scenario: { type: 'string' }, name: { type: 'string' }, 'no-validate': { type: 'boolean' }, 'first-response': { type: 'string' }, 'no-weekly': { type: 'boolean' }, pools: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 2) throw new UserInputError('Give a model and a log, e.g. `pnpm leanflow calibrate process.bpmn events.csv --out calibrated.bpmn`.');
    const format = readFormat(values.format, FORMATS, 'table');
    const out = values['out'];
    if (typeof out !== 'string' || out === '') throw new UserInputError('Say where to write the calibrated model: --out <file.bpmn>.');
    const [modelFile, logFile] = positionals as [string, string];
    const { document, graph, log, mapping, firstResponse } = await loadModelAndLog(io, modelFile, logFile, values);
    const wanted = values['scenario'];
    const base =
      typeof wanted === 'string'
        ? document.scenarios.find((s) => s.id === wanted || s.name.toLowerCase() === wanted.toLowerCase())
        : (document.scenarios.find((s) => s.id === document.activeScenarioId) ?? document.scenarios[0]);
    if (!base) throw new UserInputError(typeof wanted === 'string' ? `There is no scenario "${wanted}" in ${modelFile}.` : `${modelFile} has no process to calibrate.`);
    const pools = values['pools'];
    if (pools !== undefined && !POOLS_MODES.includes(pools as PoolsMode)) throw new UserInputError(`--pools is ${POOLS_MODES.join(', ')}; got "${String(pools)}".`);
    const logName = logFile.replace(/^.*[\\/]/, '');
    const result = calibrateScenario(graph, base, log, {
      ...(mapping ? { mapping } : {}),
      scenarioName: typeof values['name'] === 'string' ? values['name'] : `Calibrated from ${logName}`,
      existingIds: document.scenarios.map((s) => s.id),
      ...(typeof values['time-zone'] === 'string' ? { timeZone: values['time-zone'] } : {}),
      ...(values['no-weekly'] === true ? { weekly: false } : {}),
      ...(firstResponse !== undefined ? { firstResponse } : {}),
      ...(pools !== undefined ? { pools: pools as PoolsMode } : {}),
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

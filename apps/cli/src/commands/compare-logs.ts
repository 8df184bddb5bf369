// `leanflow compare-logs BEFORE AFTER`: two event logs (before and after a change) compared like variants, each KPI
// difference with a seeded bootstrap 95% interval.
import { durationToSeconds } from '@leanflow/model';
import { activityCounts, compareEventLogs, mapActivities, resolveFirstResponse, type LogComparison, type LogKpiComparison } from '@leanflow/analysis';
import { UserInputError, type CliCommand } from '../command.ts';
import { readFormat } from '../io.ts';
import { LOG_OPTIONS, LOG_USAGE, loadLog, loadMappingFile, loadModel } from './calibrate.ts';

const FORMATS = ['table', 'json'] as const;

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UserInputError(`${name} takes a whole number, got "${String(value)}".`);
  return n;
}

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '-';
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 120) return `${sign}${s.toFixed(1)} s`;
  if (s < 2 * 3600) return `${sign}${(s / 60).toFixed(1)} min`;
  if (s < 2 * 86400) return `${sign}${(s / 3600).toFixed(2)} h`;
  return `${sign}${(s / 86400).toFixed(2)} d`;
}

function value(k: LogKpiComparison, x: number | null, signed = false): string {
  if (x === null) return '-';
  const plus = signed && x > 0 ? '+' : '';
  if (k.unit === 'share') return `${plus}${(x * 100).toFixed(1)}${signed ? ' pp' : ' %'}`;
  if (k.unit === 'casesPerDay') return `${plus}${x.toFixed(2)}/d`;
  return `${plus}${duration(x)}`;
}

function table(c: LogComparison, names: readonly [string, string]): string {
  const lines = [
    `Before: ${names[0]}: ${c.before.cases} cases, ${c.before.events} events, ${c.before.from.slice(0, 10)} to ${c.before.to.slice(0, 10)} (${c.before.days} days)`,
    `After:  ${names[1]}: ${c.after.cases} cases, ${c.after.events} events, ${c.after.from.slice(0, 10)} to ${c.after.to.slice(0, 10)} (${c.after.days} days)`,
    '',
  ];
  const w = Math.max(4, ...c.kpis.map((k) => k.label.length));
  lines.push(`${'KPI'.padEnd(w)}  ${'before'.padStart(10)}  ${'after'.padStart(10)}  ${'difference'.padStart(11)}  ${'95% interval'.padStart(25)}  ${'p'.padStart(6)}  verdict`);
  for (const k of c.kpis) {
    const interval = k.ci95 ? `[${value(k, k.ci95[0], true)}, ${value(k, k.ci95[1], true)}]` : '-';
    lines.push(
      `${k.label.padEnd(w)}  ${value(k, k.before).padStart(10)}  ${value(k, k.after).padStart(10)}  ${value(k, k.difference, true).padStart(11)}  ${interval.padStart(25)}  ${(k.pValue === null ? '-' : k.pValue.toFixed(3)).padStart(6)}  ${k.verdict}`,
    );
  }
  if (!c.firstResponse) lines.push('', 'No first-response rows: name the first substantive response with --first-response ACTIVITY (or a model with a task flagged as one).');
  if (!c.before.hasStartTimes || !c.after.hasStartTimes) lines.push('', 'Waiting per activity needs start times in both logs.');
  lines.push('', `Method: ${c.method.bootstrap}; ${c.method.resamples} resamples, seed ${c.method.seed}.`);
  return `${lines.join('\n')}\n`;
}

export const compareLogsCommand: CliCommand = {
  name: 'compare-logs',
  summary: 'Compare two event logs (before and after a change): KPIs with bootstrap 95% intervals of the differences',
  usage: [
    'leanflow compare-logs <before.csv|.xes[.gz]> <after.csv|.xes[.gz]> [--model FILE] [--mapping FILE] [--format table|json]',
    '',
    '  --model FILE        a model: activities map to its tasks (by name or --mapping), waiting is reported per task, the',
    '                      first response defaults to its flagged task and the target to its active scenario\'s',
    LOG_USAGE,
    '  --first-response ACTIVITY  the activity (or task) that is the first substantive response (also "@firstResponse" in the mapping file)',
    '  --target DURATION   first-response target, e.g. 2h, 30min, 90s (default: the model\'s, else 2 h)',
    '  --resamples N       bootstrap resamples (default 2000)',
    '  --seed N            seed of the resampling (default 1)',
    '  --format F          table (default) or json',
  ].join('\n'),
  options: { ...LOG_OPTIONS, model: { type: 'string' }, 'first-response': { type: 'string' }, target: { type: 'string' }, resamples: { type: 'string' }, seed: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 2) throw new UserInputError('Give two logs, before and after, e.g. `pnpm leanflow compare-logs before.csv after.csv`.');
    const format = readFormat(values.format, FORMATS, 'table');
    const resamples = positiveInteger(values['resamples'], '--resamples', 2000);
    if (resamples < 100) throw new UserInputError('--resamples needs at least 100 for a 95% interval.');
    const seed = positiveInteger(values['seed'], '--seed', 1);
    const [beforeFile, afterFile] = positionals as [string, string];
    const before = await loadLog(io, beforeFile, values);
    const after = await loadLog(io, afterFile, values);
    const file = await loadMappingFile(io, values);
    const requested = typeof values['first-response'] === 'string' && values['first-response'] !== '' ? values['first-response'] : file?.firstResponse;
    let target = 7200;
    let activityKeys: Record<string, string> | undefined;
    let keyNames: Record<string, string> | undefined;
    let firstResponseActivities: string[] = requested ? [requested] : [];
    const modelFile = values['model'];
    if (typeof modelFile === 'string') {
      const { document, graph } = await loadModel(io, modelFile);
      const counts = activityCounts(before);
      for (const [a, n] of activityCounts(after)) counts.set(a, (counts.get(a) ?? 0) + n);
      const mapping = mapActivities(graph, counts, file?.overrides);
      for (const p of mapping.problems) io.stderr(`warning: ${p.message}\n`);
      activityKeys = { ...mapping.mapping };
      keyNames = Object.fromEntries(graph.nodes.filter((n) => n.name).map((n) => [n.id, n.name!]));
      const scenario = document.scenarios.find((s) => s.id === document.activeScenarioId) ?? document.scenarios[0];
      if (scenario) target = durationToSeconds(scenario.targets.firstResponseSla);
      if (requested) {
        const resolved = resolveFirstResponse(graph, mapping.mapping, requested);
        firstResponseActivities = resolved.taskId ? [resolved.taskId] : [requested];
      } else if (scenario) firstResponseActivities = Object.entries(scenario.tasks).flatMap(([id, t]) => (t.substantiveResponse ? [id] : []));
    } else if (file && Object.keys(file.overrides).length > 0) throw new UserInputError('--mapping maps activities to the tasks of a model: give the model too with --model FILE.');
    if (typeof values['target'] === 'string') {
      const m = /^(\d+(?:\.\d+)?)\s*(s|min|h|d)$/.exec(values['target'].trim());
      if (!m) throw new UserInputError(`--target takes a duration like 2h, 30min, 90s or 1d, got "${values['target']}".`);
      target = durationToSeconds({ value: Number(m[1]), unit: m[2] as 's' | 'min' | 'h' | 'd' });
    }
    const known = new Set([...activityCounts(before).keys(), ...activityCounts(after).keys(), ...Object.values(activityKeys ?? {})]);
    if (requested && !firstResponseActivities.some((a) => known.has(a)))
      throw new UserInputError(`The first response "${requested}" is no activity of either log${typeof modelFile === 'string' ? ' and no task of the model' : ''}.`);
    const comparison = compareEventLogs(before, after, {
      resamples,
      seed,
      firstResponseTargetSeconds: target,
      ...(activityKeys ? { activityKeys } : {}),
      ...(keyNames ? { keyNames } : {}),
      ...(firstResponseActivities.length ? { firstResponseActivities } : {}),
    });
    if (format === 'json') io.stdout(`${JSON.stringify({ files: { before: beforeFile, after: afterFile }, ...comparison })}\n`);
    else io.stdout(table(comparison, [beforeFile, afterFile]));
    return 0;
  },
};

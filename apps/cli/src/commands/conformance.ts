// `leanflow conformance MODEL LOG`: replays an event log on the model and reports fitness and deviations per element.
import { activityCounts, mapActivities, replayLog } from '@leanflow/analysis';
import { UserInputError, type CliCommand } from '../command.ts';
import { readFormat } from '../io.ts';
import { LOG_OPTIONS, LOG_USAGE, loadModelAndLog, replayJson } from './calibrate.ts';

const FORMATS = ['table', 'json'] as const;

export const conformanceCommand: CliCommand = {
  name: 'conformance',
  summary: 'Replay an event log on the model: share of cases that fit, deviations per element',
  usage: [
    'leanflow conformance <model.bpmn> <log.csv|log.xes[.gz]> [--mapping FILE] [--format table|json]',
    '',
    LOG_USAGE,
    '  --format F          table (default) or json',
  ].join('\n'),
  options: LOG_OPTIONS,
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 2) throw new UserInputError('Give a model and a log, e.g. `pnpm leanflow conformance process.bpmn events.csv`.');
    const format = readFormat(values.format, FORMATS, 'table');
    const [modelFile, logFile] = positionals as [string, string];
    const { graph, log, mapping: overrides } = await loadModelAndLog(io, modelFile, logFile, values);
    const mapping = mapActivities(graph, activityCounts(log), overrides);
    for (const p of mapping.problems) io.stderr(`warning: ${p.message}\n`);
    if (Object.keys(mapping.mapping).length === 0)
      throw new UserInputError(`No activity of ${logFile} matches a task of ${modelFile} by name. Give a mapping file: --mapping mapping.json with {"log activity": "task id"}.`, 1);
    const result = replayLog(graph, log, mapping.mapping);
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ ...replayJson(result), mapping })}\n`);
      return 0;
    }
    const lines = [
      `Fitness: ${result.fittingCases} of ${result.cases} cases fit (${(result.fitness * 100).toFixed(1)} %); token fitness ${result.tokenFitness.toFixed(3)}.`,
      `Method: ${result.method}`,
    ];
    for (const a of mapping.unmappedActivities) lines.push(`Not replayed: log activity "${a.activity}" (${a.events} events) maps to no task${a.suggestion ? `; perhaps "${a.suggestion.name}"` : ''}.`);
    const deviating = result.deviations.filter((d) => d.missing + d.remaining > 0);
    if (deviating.length) {
      lines.push('', 'Deviations per element:');
      for (const d of deviating) lines.push(`  ${(d.name ?? d.elementId).padEnd(32)} ${d.elementId.padEnd(20)} missing ${String(d.missing).padStart(5)}  remaining ${String(d.remaining).padStart(5)}  of ${d.fired} fired`);
    } else lines.push('', 'No deviations: every case follows the model.');
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};

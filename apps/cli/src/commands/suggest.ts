// `leanflow suggest <file>`: simplification suggestions with their predicted effect (simulated before and after
// with common random numbers); `--apply ID --out file` writes the transformed BPMN. The built-in suggestions come
// from the built-in simplifications plugin through the plugin host, like any plugin's (directly if it fails).
import { BUILT_IN_SUGGESTION_PROVIDERS, applyEdits, prepareSuggestions, suggestSimplifications, type OfferedSuggestion, type PredictedKpi, type PreparedSuggestions } from '@leanflow/analysis';
import type { ModelIssue } from '@leanflow/model';
import type { ActiveModel } from '@leanflow/plugin-api';
import { collectPluginSuggestions, suggestionInputFor, type CollectedSuggestions } from '@leanflow/plugin-host';
import { UserInputError, type CliCommand } from '../command.ts';
import { readFormat, readInteger, readUserFile, writeUserFile } from '../io.ts';
import { BUILT_IN_PLUGIN_IDS, BUILT_IN_PLUGINS, PLUGIN_FAILED_EXIT_CODE, startHeadlessPlugins } from './plugin-runner.ts';

/** The built-in plugin whose providers are the analysis providers. */
const SIMPLIFICATIONS_PLUGIN_ID = BUILT_IN_PLUGIN_IDS.simplifications;

const FORMATS = ['table', 'json'] as const;

const describeIssue = (issue: ModelIssue) => `${issue.severity === 'info' ? 'note' : issue.severity}: ${issue.message}${issue.elementId ? ` [${issue.elementId}]` : ''}\n`;
const r = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

function kpiJson(kpi: PredictedKpi | undefined) {
  if (!kpi) return null;
  return {
    before: r(kpi.before.mean, 4),
    after: r(kpi.after.mean, 4),
    beforeCi95: kpi.before.ci95 ? kpi.before.ci95.map((v) => r(v, 4)) : null,
    afterCi95: kpi.after.ci95 ? kpi.after.ci95.map((v) => r(v, 4)) : null,
    difference: { mean: r(kpi.difference.mean, 4), ci95: kpi.difference.ci95 ? kpi.difference.ci95.map((v) => r(v, 4)) : null, significant: kpi.difference.significant, pairs: kpi.difference.pairs },
    relativeChange: r(kpi.relativeChange, 4),
    verdict: kpi.verdict,
  };
}

/** One suggestion in the `--format json` document. Fields are only ever added, never renamed. */
export function suggestionJson(entry: OfferedSuggestion, rank: number) {
  const { suggestion, impact } = entry;
  return {
    rank,
    id: suggestion.id,
    kind: suggestion.kind,
    title: suggestion.title,
    rationale: suggestion.rationale,
    heuristic: suggestion.heuristic,
    elements: suggestion.elements,
    adviceOnly: suggestion.adviceOnly === true,
    edits: suggestion.edits,
    predicted: impact
      ? {
          cycleTime: kpiJson(impact.kpis['cycleTime']),
          firstResponseTime: kpiJson(impact.kpis['firstResponseTime']),
          waitingTime: kpiJson(impact.kpis['waitingTime']),
          costPerCase: kpiJson(impact.kpis['costPerCase']),
          costPerWeek: kpiJson(impact.kpis['costPerWeek']),
          processCycleEfficiency: kpiJson(impact.kpis['processCycleEfficiency']),
          score: {
            before: r(impact.score.before),
            after: r(impact.score.after),
            difference: r(impact.score.difference),
            // Each replication scored on its own: the paired difference and its interval.
            perReplication: {
              before: r(impact.score.perReplication.before.mean),
              after: r(impact.score.perReplication.after.mean),
              difference: {
                mean: r(impact.score.perReplication.difference.mean),
                ci95: impact.score.perReplication.difference.ci95 ? impact.score.perReplication.difference.ci95.map((v) => r(v)) : null,
                significant: impact.score.perReplication.difference.significant,
              },
            },
          },
          benefit: r(impact.benefit),
        }
      : null,
    ...(entry.predictionIssues ? { predictionIssues: entry.predictionIssues.map((i) => i.message) } : {}),
  };
}

const duration = (seconds: number | null) => {
  if (seconds === null) return '-';
  const a = Math.abs(seconds);
  const text = a >= 86400 ? `${(a / 86400).toFixed(1)} d` : a >= 3600 ? `${(a / 3600).toFixed(1)} h` : a >= 60 ? `${(a / 60).toFixed(1)} min` : `${a.toFixed(0)} s`;
  return seconds < 0 ? `-${text}` : text;
};

/** The run the predictions used (as the JSON reports it); the options given when nothing was predicted. */
function predictionRun(
  run: { readonly cases: number | null; readonly replications: number; readonly seed: number } | undefined,
  given: { readonly cases: number | undefined; readonly replications: number | undefined; readonly seed: number | undefined },
): { cases: number | null; replications: number | null; seed: number | null } {
  if (run) return { cases: run.cases, replications: run.replications, seed: run.seed };
  return { cases: given.cases ?? null, replications: given.replications ?? null, seed: given.seed ?? null };
}

function table(entries: readonly OfferedSuggestion[], scenario: string | undefined): string {
  if (entries.length === 0) return 'No suggestions: the providers found nothing to simplify that keeps the model sound.\n';
  const lines = [`${entries.length} suggestion(s)${scenario ? `, predicted with scenario "${scenario}"` : ' (no scenario: not simulated)'}`, ''];
  entries.forEach((entry, i) => {
    const { suggestion, impact } = entry;
    lines.push(`${i + 1}. ${suggestion.title}`, `   id: ${suggestion.id}   heuristic: ${suggestion.heuristic}${suggestion.adviceOnly ? '   (advice, nothing to apply)' : ''}`);
    if (impact) {
      const d = (key: string) => {
        const k = impact.kpis[key];
        if (!k || k.difference.mean === null) return '-';
        const ci = k.difference.ci95 ? ` [${duration(k.difference.ci95[0])}, ${duration(k.difference.ci95[1])}]` : '';
        return `${duration(k.before.mean)} -> ${duration(k.after.mean)} (${duration(k.difference.mean)}${ci})`;
      };
      const cost = impact.kpis['costPerCase'];
      const week = impact.kpis['costPerWeek'];
      lines.push(
        `   first response ${d('firstResponseTime')}`,
        `   cycle time     ${d('cycleTime')}`,
        `   cost per case  ${cost?.before.mean === null || !cost ? '-' : `${cost.before.mean.toFixed(2)} -> ${cost.after.mean?.toFixed(2) ?? '-'}`}   score ${impact.score.before?.toFixed(1) ?? '-'} -> ${impact.score.after?.toFixed(1) ?? '-'}`,
        `   cost per week  ${week?.before.mean === null || !week ? '-' : `${week.before.mean.toFixed(0)} -> ${week.after.mean?.toFixed(0) ?? '-'} (${week.difference.mean === null ? '-' : `${week.difference.mean > 0 ? '+' : ''}${week.difference.mean.toFixed(0)}`})`}`,
      );
    }
    lines.push('');
  });
  return `${lines.join('\n')}`;
}

/**
 * Every suggestion provider in the plugin host: the built-in simplifications plugin (the built-in suggestions) and
 * the `--plugin` ones, each in its own worker, asked with the same input the providers get when called directly.
 * `builtIn` is undefined when the built-in plugin did not answer (then the caller runs the providers directly).
 */
async function pluginSuggestions(
  io: Parameters<CliCommand['run']>[1],
  file: string,
  xml: string,
  prepared: PreparedSuggestions,
  paths: readonly string[],
): Promise<CollectedSuggestions & { readonly pluginFailed: boolean }> {
  const model: ActiveModel = { uri: file, version: 1, graph: prepared.graph, ...(prepared.scenario ? { scenario: prepared.scenario } : {}) };
  const plugins = await startHeadlessPlugins(io, paths, { model, builtIn: [BUILT_IN_PLUGINS.simplifications] });
  try {
    const collected = collectPluginSuggestions(await plugins.host.provideSuggestions(suggestionInputFor(prepared, xml)), { builtInPluginId: SIMPLIFICATIONS_PLUGIN_ID });
    for (const failure of collected.failures)
      if (failure.pluginId !== SIMPLIFICATIONS_PLUGIN_ID) io.stderr(`warning: suggestion provider ${failure.providerId} failed: ${failure.error}\n`);
    for (const id of collected.skipped) io.stderr(`note: ${id} sets BPMN attributes only and cannot be predicted; skipped.\n`);
    if (!collected.builtIn) {
      const reason = collected.failures.find((f) => f.pluginId === SIMPLIFICATIONS_PLUGIN_ID)?.error ?? 'it is not running';
      io.stderr(`note: the built-in simplifications plugin did not answer (${reason}); the built-in suggestions were computed directly.\n`);
    }
    plugins.reportProblems();
    return { ...collected, pluginFailed: plugins.anyFailed() };
  } finally {
    await plugins.dispose();
  }
}

export const suggestCommand: CliCommand = {
  name: 'suggest',
  summary: 'Simplification suggestions with their predicted effect; --apply one to a new file',
  usage: [
    'leanflow suggest <file.bpmn> [--format json|table] [--apply ID --out FILE] [--scenario NAME] [--cases N] [--replications R] [--seed S] [--plugin DIR|ZIP]...',
    '',
    '  --format F          table (default) or json',
    '  --apply ID          apply the suggestion with this id (see the list) ...',
    '  --out FILE          ... and write the transformed BPMN here',
    "  --scenario NAME     scenario id or name stored in the file (default: the file's active one)",
    "  --cases N           cases per replication of each prediction (default: the scenario's, as in simulate and the studio)",
    "  --replications R    replications (default: the scenario's); before and after share the seed (common random numbers)",
    "  --seed S            random seed (default: the scenario's)",
    "  --plugin P          also offer the suggestions of a plugin's providers (folder or .zip; repeatable), gated and",
    '                      predicted like the built-in ones (ids <pluginId>/<id>, kind "plugin"); exit code 3 when a',
    '                      --plugin was refused, crashed or had a provider fail (the suggestions are still printed)',
    '',
    'The built-in suggestions come from the built-in simplifications plugin (plugins/simplifications), run in the',
    'plugin host like any plugin. Every suggestion is offered only when its transformed model is sound. See',
    'docs/suggestions.md.',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    apply: { type: 'string' },
    out: { type: 'string' },
    scenario: { type: 'string' },
    cases: { type: 'string' },
    replications: { type: 'string' },
    seed: { type: 'string' },
    plugin: { type: 'string', multiple: true },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UserInputError('Give exactly one BPMN file, e.g. `pnpm leanflow suggest process.bpmn`.');
    const file = positionals[0]!;
    const format = readFormat(values.format, FORMATS, 'table');
    // Default: the scenario's own run (the one `simulate`, `score` and the studio's Simulation view show), so a
    // prediction's "before" is that run's figures.
    const cases = readInteger('cases', values.cases, { min: 1 });
    const replications = readInteger('replications', values.replications, { min: 2 });
    const seed = readInteger('seed', values.seed, { min: 0 });
    const applyId = typeof values.apply === 'string' ? values.apply : undefined;
    const out = typeof values.out === 'string' ? values.out : undefined;
    if ((applyId === undefined) !== (out === undefined)) throw new UserInputError('--apply ID and --out FILE go together: name the suggestion and where to write the result.');
    const xml = await readUserFile(io, file);
    const pluginPaths = ((values.plugin as string[] | undefined) ?? []).filter((p) => p !== '');
    const settings = {
      ...(cases !== undefined ? { cases } : {}),
      ...(replications !== undefined ? { replications } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(typeof values.scenario === 'string' ? { scenarioId: values.scenario } : {}),
    };
    // The file, scenario and quick simulation the providers see, read once: the plugins get them as their input.
    const prepared = await prepareSuggestions(xml, settings);
    if (!prepared.ok) throw new UserInputError(`${file} cannot be analysed:\n${prepared.issues.map(describeIssue).join('')}`.trimEnd(), 1);
    const { builtIn, external, pluginFailed } = await pluginSuggestions(io, file, xml, prepared, pluginPaths);
    const exitCode = pluginFailed ? PLUGIN_FAILED_EXIT_CODE : 0;
    const result = await suggestSimplifications(xml, {
      providers: [
        ...(builtIn ? [{ id: SIMPLIFICATIONS_PLUGIN_ID, provide: () => builtIn }] : BUILT_IN_SUGGESTION_PROVIDERS),
        ...(external.length > 0 ? [{ id: 'plugins', provide: () => external.map((e) => e.suggestion) }] : []),
      ],
      ...settings,
      ...(prepared.simulation ? { simulation: prepared.simulation } : {}),
      predict: applyId === undefined,
    });
    if (!result.ok) throw new UserInputError(`${file} cannot be analysed:\n${result.issues.map(describeIssue).join('')}`.trimEnd(), 1);
    for (const e of result.providerErrors) io.stderr(`warning: suggestion provider ${e.providerId} failed: ${e.message}\n`);

    if (applyId !== undefined) {
      const entry = result.suggestions.find((s) => s.suggestion.id === applyId);
      if (!entry) {
        const available = result.suggestions.filter((s) => s.xml !== undefined).map((s) => `  ${s.suggestion.id}  ${s.suggestion.title}`);
        throw new UserInputError(`There is no suggestion "${applyId}" for ${file}. ${available.length > 0 ? `Available:\n${available.join('\n')}` : 'No suggestion can be applied to it.'}`);
      }
      if (entry.xml === undefined) throw new UserInputError(`"${applyId}" is advice only: it has no change to apply.`);
      const applied = await applyEdits(xml, entry.suggestion.edits);
      if (applied.xml === undefined) throw new UserInputError(`Could not apply "${applyId}":\n${applied.issues.map(describeIssue).join('')}`.trimEnd(), 1);
      await writeUserFile(io, out!, applied.xml);
      io.stderr(`Applied ${applyId}: ${entry.suggestion.title}\nWrote ${out}.\n`);
      return exitCode;
    }
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify({
          file,
          scenario: result.scenario ?? null,
          simulation: result.scenario ? predictionRun(result.suggestions.find((s) => s.impact)?.impact?.settings, { cases, replications, seed }) : null,
          suggestions: result.suggestions.map((s, i) => suggestionJson(s, i + 1)),
          withheld: result.withheld.map((w) => ({ id: w.suggestion.id, title: w.suggestion.title, reasons: w.issues.map((i) => i.message) })),
        })}\n`,
      );
    } else {
      io.stdout(table(result.suggestions, result.scenario?.name));
      if (result.withheld.length > 0)
        io.stdout(`Withheld (the result would not be sound):\n${result.withheld.map((w) => `  ${w.suggestion.id}: ${w.issues.map((i) => i.message).join(' ')}`).join('\n')}\n`);
    }
    return exitCode;
  },
};

// `leanflow score <file>`: the lean scorecard of a BPMN file, as a table or JSON; a CI gate with --min-score.
import {
  BUILT_IN_PROFILES,
  SCORE_CATEGORIES,
  SCORE_CATEGORY_TITLES,
  findBuiltInProfile,
  lintForScoring,
  parseStoredProfile,
  toSimulationSummary,
  type Scorecard,
  type ScoringProfile,
  type SimulationSummary,
} from '@leanflow/analysis';
import { loadDocument, type ModelIssue, type Scenario, type ScenarioSource } from '@leanflow/model';
import type { ActiveModel, AnalysisInput } from '@leanflow/plugin-api';
import { scorecardFromPlugins, toPluginSimulationSummary } from '@leanflow/plugin-host';
import { simulate, type SimulationResult } from '@leanflow/sim';
import { UserInputError, type CliCommand, type CommandIo } from '../command.ts';
import { readFormat, readInteger, readUserBytes, readUserFile } from '../io.ts';
import { BUILT_IN_PLUGIN_IDS, BUILT_IN_PLUGINS, PLUGIN_FAILED_EXIT_CODE, startHeadlessPlugins } from './plugin-runner.ts';

const FORMATS = ['table', 'json'] as const;

function describeIssue(issue: ModelIssue): string {
  const label = issue.severity === 'info' ? 'note' : issue.severity;
  return `${label}: ${issue.message}${issue.elementId ? ` [${issue.elementId}]` : ''}\n`;
}

/** Where the profile came from: `--profile`, the model file's `lf:scorecardProfile`, or the default (balanced). */
export type ProfileSource = 'option' | 'model' | 'default';

/** A built-in profile id, or a JSON file holding a profile (validated). Undefined without `--profile`. */
async function loadProfile(io: CommandIo, value: unknown): Promise<ScoringProfile | undefined> {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UserInputError('--profile needs a profile id or a JSON file.');
  const builtIn = findBuiltInProfile(value);
  if (builtIn) return builtIn;
  if (!value.toLowerCase().endsWith('.json')) {
    throw new UserInputError(`Unknown profile "${value}". Use one of: ${BUILT_IN_PROFILES.map((p) => p.id).join(', ')}, or a .json file with a profile.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readUserFile(io, value));
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    throw new UserInputError(`${value} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseStoredProfile(json);
  if (!parsed.ok) throw new UserInputError(`${value} is not a valid scoring profile:\n${parsed.issues.map((i) => `  ${i}`).join('\n')}`);
  return parsed.profile;
}

/**
 * The profile to score with: `--profile` wins, then a valid profile stored in the file, then balanced. A stored
 * profile that does not validate is reported on stderr and skipped (scoring goes on).
 */
function chooseProfile(io: CommandIo, explicit: ScoringProfile | undefined, stored: unknown): { profile: ScoringProfile; source: ProfileSource } {
  if (explicit) return { profile: explicit, source: 'option' };
  if (stored !== undefined) {
    const parsed = parseStoredProfile(stored);
    if (parsed.ok) return { profile: parsed.profile, source: 'model' };
    io.stderr(`warning: the scorecard profile stored in the file is not valid and is not used:\n${parsed.issues.map((i) => `  ${i}\n`).join('')}`);
  }
  return { profile: BUILT_IN_PROFILES[0]!, source: 'default' };
}

function readMinScore(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 100) {
    throw new UserInputError(`--min-score needs a number from 0 to 100, got "${String(value)}".`);
  }
  return number;
}

export interface ScoreRunInfo {
  readonly file: string;
  /** Where each rule comes from: `plugin:<id>` for plugin rules; absent means `built-in`. */
  readonly sources?: Readonly<Record<string, string>>;
  readonly profile: ScoringProfile;
  /** Where `profile` came from (absent: reported as `option`). */
  readonly profileSource?: ProfileSource;
  readonly scenario?: Pick<Scenario, 'id' | 'name'>;
  /** Where the scenario came from: stored by Leanflow, or imported from the file's BPSim or BIMP/QBP data. */
  readonly scenarioSource?: ScenarioSource;
  /** The run that fed the dynamic rules; `cases` is null when the scenario's horizon ends each replication. */
  readonly simulation?: { readonly cases: number | null; readonly replications: number; readonly seed: number };
  readonly minScore?: number;
}

const r2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/** The `--format json` document. Fields are only ever added, never renamed (CI scripts read it). */
export function scorecardJson(card: Scorecard, info: ScoreRunInfo) {
  const categories: Record<string, { score: number | null; weight: number }> = {};
  for (const c of SCORE_CATEGORIES) categories[c] = { score: r2(card.categories[c].score), weight: card.categories[c].weight };
  return {
    file: info.file,
    score: r2(card.score),
    passed: info.minScore === undefined ? true : card.score !== null && card.score >= info.minScore,
    ...(info.minScore !== undefined ? { minScore: info.minScore } : {}),
    profile: { id: info.profile.id, name: info.profile.name, source: info.profileSource ?? 'option' },
    scenario: info.scenario ? { id: info.scenario.id, name: info.scenario.name, ...(info.scenarioSource ? { source: info.scenarioSource } : {}) } : null,
    simulation: info.simulation ?? null,
    categories,
    rules: card.rules.map((r) => ({
      id: r.ruleId,
      source: info.sources?.[r.ruleId] ?? 'built-in',
      title: r.title,
      category: r.category,
      kind: r.kind,
      status: r.status,
      score: r2(r.score),
      weight: r.weight,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      metrics: r.metrics,
      docsUrl: r.docsUrl,
      findings: r.findings.map((f) => ({ severity: f.severity, message: f.message, elements: f.elementIds, why: f.why, docsUrl: f.docsUrl })),
    })),
  };
}

function table(card: Scorecard, info: ScoreRunInfo): string {
  const fmt = (x: number | null) => (x === null ? '-' : x.toFixed(1));
  const lines = [
    `Score ${fmt(card.score)} / 100  (profile ${info.profile.name}${info.profileSource === 'model' ? ' stored in the file' : ''}${info.scenario ? `, scenario "${info.scenario.name}"` : ', no scenario'}${
      info.simulation
        ? `, simulated ${info.simulation.cases === null ? 'the scenario period' : `${info.simulation.cases} cases`} x ${info.simulation.replications}, seed ${info.simulation.seed}`
        : ', not simulated'
    })`,
    '',
    SCORE_CATEGORIES.map((c) => `${SCORE_CATEGORY_TITLES[c]} ${fmt(card.categories[c].score)}`).join('  |  '),
    '',
  ];
  const shown = card.rules.filter((r) => r.status !== 'disabled');
  const w = Math.max(4, ...shown.map((r) => r.title.length));
  lines.push(`  ${'rule'.padEnd(w)}  ${'score'.padStart(5)}  ${'weight'.padStart(6)}  findings`);
  for (const r of shown) {
    const status = r.status === 'scored' ? String(r.findings.length) : r.status === 'error' ? 'ERROR' : `n/a: ${r.reason ?? ''}`;
    lines.push(`  ${r.title.padEnd(w)}  ${fmt(r.score).padStart(5)}  ${String(Math.round(r.weight * 100) / 100).padStart(6)}  ${status}`);
  }
  const findings = shown.flatMap((r) => r.findings.map((f) => ({ r, f })));
  if (findings.length > 0) {
    lines.push('', 'Findings:');
    const order = { error: 0, warning: 1, info: 2 } as const;
    findings.sort((a, b) => order[a.f.severity] - order[b.f.severity]);
    for (const { r, f } of findings) lines.push(`  ${f.severity.padEnd(7)} ${r.ruleId}: ${f.message}${f.elementIds.length ? ` [${f.elementIds.slice(0, 8).join(', ')}${f.elementIds.length > 8 ? ', ...' : ''}]` : ''}`);
  }
  if (info.minScore !== undefined) {
    const passed = card.score !== null && card.score >= info.minScore;
    lines.push('', passed ? `Passed: ${fmt(card.score)} >= ${info.minScore}.` : `FAILED: score ${fmt(card.score)} is below --min-score ${info.minScore}.`);
  }
  return `${lines.join('\n')}\n`;
}

export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'Score a BPMN file with the lean scorecard (exit 1 below --min-score)',
  usage: [
    'leanflow score <file.bpmn> [--profile P] [--min-score N] [--format json|table] [--scenario NAME] [--no-simulation] [--cases N] [--replications R] [--seed S] [--plugin DIR|ZIP]...',
    '',
    `  --profile P         built-in profile (${BUILT_IN_PROFILES.map((p) => p.id).join(', ')}) or a .json profile file; default: the`,
    '                      profile stored in the file (lf:scorecardProfile), else balanced',
    '  --min-score N       exit with code 1 when the overall score is below N (0-100); for CI gates',
    '  --format F          table (default) or json',
    "  --scenario NAME     scenario id or name stored in the file (default: the file's active one)",
    '  --no-simulation     score only the static rules; dynamic rules are then "not applicable"',
    "  --cases N           cases per replication of the simulation (default: the scenario's, as simulate and compare)",
    "  --replications R    replications of the simulation (default: the scenario's)",
    "  --seed S            random seed (default: the scenario's)",
    '  --plugin P          also run the scoring rules of a plugin (folder or .zip; repeatable); each runs in its own',
    '                      worker, a crashing or hanging plugin is reported on stderr and the others still count;',
    '                      exit code 3 when a --plugin was refused, crashed or had a rule fail (1 wins: below --min-score)',
    '',
    'Dynamic rules (first response, cycle time, utilisation, cost...) need a scenario: stored by Leanflow, or imported',
    "from the file's BPSim or BIMP/QBP data (as simulate and compare do); without one only the static rules are scored.",
    'See docs/scoring.md for every rule, formula and default.',
  ].join('\n'),
  options: {
    profile: { type: 'string' },
    'min-score': { type: 'string' },
    format: { type: 'string' },
    scenario: { type: 'string' },
    'no-simulation': { type: 'boolean' },
    cases: { type: 'string' },
    replications: { type: 'string' },
    seed: { type: 'string' },
    plugin: { type: 'string', multiple: true },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UserInputError('Give exactly one BPMN file, e.g. `pnpm leanflow score process.bpmn`.');
    const file = positionals[0]!;
    const format = readFormat(values.format, FORMATS, 'table');
    const minScore = readMinScore(values['min-score']);
    const cases = readInteger('cases', values.cases, { min: 1 });
    const replications = readInteger('replications', values.replications, { min: 1 });
    const seed = readInteger('seed', values.seed, { min: 0 });
    const explicitProfile = await loadProfile(io, values.profile);
    const pluginPaths = ((values.plugin as string[] | undefined) ?? []).filter((p) => p !== '');

    const bytes = await readUserBytes(io, file);
    // The same reading as simulate, compare and the studio: scenarios stored by Leanflow, else imported from the
    // file's BPSim or BIMP/QBP data. Scenarios Leanflow made up (no data in the file) do not feed the score.
    const doc = await loadDocument(bytes);
    const xml = doc.text ?? '';
    const { graph, definitions } = doc;
    const errors = doc.modelIssues.filter((i) => i.severity === 'error');
    if (!graph || !definitions || errors.length > 0) {
      throw new UserInputError(`${file} cannot be scored:\n${(errors.length > 0 ? errors : doc.modelIssues).map(describeIssue).join('')}`.trimEnd(), 1);
    }
    // Problems reading stored scenarios or profile (and import remarks), as before: warnings and errors only.
    for (const issue of doc.modelIssues) if (issue.severity !== 'info' && /^(scenario|scorecardProfile|profile)\./.test(issue.code)) io.stderr(describeIssue(issue));
    const { profile, source: profileSource } = chooseProfile(io, explicitProfile, explicitProfile ? undefined : doc.scorecardProfile);
    const candidates = doc.defaulted ? [] : doc.scenarios;
    const wanted = typeof values.scenario === 'string' ? values.scenario : undefined;
    let scenario: Scenario | undefined;
    if (wanted !== undefined) {
      scenario = candidates.find((s) => s.id === wanted || s.name.toLowerCase() === wanted.toLowerCase());
      if (!scenario) {
        const names = candidates.map((s) => `"${s.name}"`).join(', ');
        throw new UserInputError(`There is no scenario "${wanted}" in ${file}. ${names ? `Scenarios in the file: ${names}.` : 'The file has no scenarios.'}`);
      }
    } else {
      scenario = candidates.find((s) => s.id === doc.activeScenarioId) ?? candidates[0];
    }
    if (scenario && (doc.scenarioSource === 'bpsim' || doc.scenarioSource === 'qbp')) {
      io.stderr(`note: scenario "${scenario.name}" was imported from the file's ${doc.scenarioSource.toUpperCase()} data.\n`);
      for (const issue of doc.importReport?.unmapped ?? []) if (issue.severity !== 'info') io.stderr(describeIssue(issue));
    }

    let simulation: SimulationSummary | undefined;
    let simulationResult: SimulationResult | undefined;
    let simulated: ScoreRunInfo['simulation'];
    if (values['no-simulation'] !== true && scenario) {
      const runSeed = seed ?? scenario.seed;
      // The scenario's own settings by default, as simulate and compare: one file, one set of numbers.
      const outcome = await simulate(graph, scenario, { ...(cases !== undefined ? { cases } : {}), ...(replications !== undefined ? { replications } : {}), seed: runSeed });
      if (outcome.ok) {
        simulation = toSimulationSummary(outcome);
        simulationResult = outcome;
        simulated = { cases: outcome.cases, replications: outcome.replications, seed: outcome.seed };
      } else {
        for (const issue of outcome.issues) io.stderr(describeIssue(issue));
        io.stderr('note: the simulation did not run, so only the static rules are scored.\n');
      }
    } else if (values['no-simulation'] !== true) {
      io.stderr(`note: ${file} has no simulation data (no Leanflow, BPSim or BIMP/QBP scenario), so the dynamic rules are not applicable (only the model is scored).\n`);
    }

    // Every rule runs in the plugin host: the built-in ones in the lean-scorecard plugin's worker, third-party ones
    // (--plugin) each in their own; all on the same graph, scenario, simulation, XML and profile.
    const model: ActiveModel = { uri: file, version: 1, graph, ...(scenario ? { scenario } : {}) };
    const plugins = await startHeadlessPlugins(io, pluginPaths, { model, builtIn: [BUILT_IN_PLUGINS.leanScorecard] });
    let sources: Record<string, string> | undefined;
    let card: Scorecard;
    let pluginFailed = false;
    const bpmnlint = await lintForScoring(definitions, graph, profile.thresholds['bpmnlint']);
    try {
      const input: AnalysisInput = {
        graph,
        ...(scenario ? { scenario } : {}),
        ...(simulationResult ? { simulation: toPluginSimulationSummary(simulationResult) } : {}),
        xml,
        profile,
        // bpmnlint from this one read of the file (the plugin does not parse the XML again).
        ...(bpmnlint ? { bpmnlint } : {}),
      };
      const report = await plugins.host.runScoring(input);
      const context = { graph, definitions, ...(scenario ? { scenario } : {}), ...(simulation ? { simulation } : {}) };
      const combined = await scorecardFromPlugins(report, plugins.host.contributions.scoringRules(), context, profile, { builtInPluginId: BUILT_IN_PLUGIN_IDS.leanScorecard });
      card = combined.card;
      if (Object.keys(combined.sources).length > 0) sources = combined.sources;
      plugins.reportProblems();
      pluginFailed = plugins.anyFailed();
    } finally {
      await plugins.dispose();
    }

    const info: ScoreRunInfo = {
      file,
      profile,
      profileSource,
      ...(sources ? { sources } : {}),
      ...(scenario ? { scenario, scenarioSource: doc.scenarioSource } : {}),
      ...(simulated ? { simulation: simulated } : {}),
      ...(minScore !== undefined ? { minScore } : {}),
    };
    io.stdout(format === 'json' ? `${JSON.stringify(scorecardJson(card, info))}\n` : table(card, info));
    if (minScore !== undefined && (card.score === null || card.score < minScore)) {
      if (format === 'json') io.stderr(`Score ${card.score === null ? 'unknown' : card.score.toFixed(1)} is below --min-score ${minScore}.\n`);
      return 1;
    }
    return pluginFailed ? PLUGIN_FAILED_EXIT_CODE : 0;
  },
};

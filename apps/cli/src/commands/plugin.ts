// `leanflow plugin validate <folder-or-zip>` checks a plugin's manifest and bundle;
// `leanflow plugin pack <folder>` makes an installable .zip;
// `leanflow plugin run <folder-or-zip> <file.bpmn> [--command ID]` runs it headless against a BPMN file.
import { deriveActivationEvents, validateManifest, type SectionContent, type SimulationOptions, type SimulationSummary, type ViewContent, type ViewSection } from '@leanflow/plugin-api';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createPluginZip, loadPlugin, modelFromBpmn, simulateModel, type PluginRunResult, type RuleOutcome } from '@leanflow/plugin-host';
import { UserInputError, type CliCommand, type CommandIo } from '../command.ts';
import { readFormat, readInteger, readUserFile, resolveUserPath } from '../io.ts';
import { startHeadlessPlugins } from './plugin-runner.ts';
import { initPlugin, PLUGIN_TEMPLATES, readTemplate } from './plugin-init.ts';
import { installPlugin } from './plugin-install.ts';

const FORMATS = ['text', 'json'] as const;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

async function validate(io: CommandIo, path: string, strict: boolean): Promise<number> {
  const loaded = await loadPlugin(resolveUserPath(io, path));
  if (!loaded.ok) {
    io.stderr(`leanflow plugin: ${path} is not a valid plugin:\n${loaded.issues.map((i) => `  ${i.message}\n`).join('')}`);
    return 1;
  }
  const validation = validateManifest(loaded.bundle.manifest);
  if (!validation.ok) throw new Error('a loaded plugin failed validation'); // loadPlugin validated it already
  const m = validation.manifest;
  const c = m.contributes;
  const parts = [
    plural(c.commands.length, 'command'),
    plural(c.views.length, 'view'),
    plural(c.scoringRules.length, 'scoring rule'),
    plural(c.suggestionProviders.length, 'suggestion provider'),
    plural(c.diagnosticsSources.length, 'diagnostics source'),
    plural(Object.keys(c.configuration?.properties ?? {}).length, 'setting'),
    plural(c.processTemplates.length, 'process template'),
  ];
  io.stdout(
    [
      `${m.id} ${m.version} (${m.name}, by ${m.publisher}) is valid.`,
      `  needs API ${m.engines.leanflow}; permissions: ${m.permissions.length > 0 ? m.permissions.join(', ') : 'none'}`,
      `  contributes ${parts.join(', ')}`,
      `  activation events: ${deriveActivationEvents(m).join(', ') || '(none)'}`,
      `  bundle: ${m.main} (${(loaded.bundle.code.length / 1024).toFixed(1)} KiB)`,
      '',
    ].join('\n'),
  );
  // Warnings do not stop the plugin from installing (e.g. a keybinding on a core chord: the studio refuses only
  // that keybinding), but the author should hear of them; --strict makes them fail a CI run.
  const warnings = validation.issues.filter((i) => i.severity === 'warning');
  if (warnings.length > 0) io.stderr(warnings.map((w) => `leanflow plugin: warning: ${w.message}\n`).join(''));
  return strict && warnings.length > 0 ? 1 : 0;
}

async function pack(io: CommandIo, path: string, out: unknown): Promise<number> {
  const loaded = await loadPlugin(resolveUserPath(io, path));
  if (!loaded.ok) {
    io.stderr(`leanflow plugin: ${path} is not a valid plugin:\n${loaded.issues.map((i) => `  ${i.message}\n`).join('')}`);
    return 1;
  }
  const manifest = loaded.bundle.manifest as { id: string; version: string };
  if (out !== undefined && (typeof out !== 'string' || !out.toLowerCase().endsWith('.zip'))) throw new UserInputError('--out needs a file name ending in .zip.');
  const target = typeof out === 'string' ? out : `${manifest.id}-${manifest.version}.zip`;
  const bytes = createPluginZip(loaded.bundle);
  try {
    await mkdir(dirname(resolveUserPath(io, target)), { recursive: true });
    await writeFile(resolveUserPath(io, target), bytes);
  } catch (error) {
    throw new UserInputError(`Cannot write ${target}: ${(error as Error).message}`);
  }
  io.stdout(`wrote ${target} (${(bytes.length / 1024).toFixed(1)} KiB): install it in the studio or run it with \`leanflow plugin run ${target} <file.bpmn>\`\n`);
  return 0;
}

function formatView(name: string, content: ViewContent | SectionContent | undefined): string {
  if (!content) return `View ${name}: (empty)\n`;
  switch (content.kind) {
    case 'markdown':
      return `View ${name}:\n${content.markdown.replace(/^/gm, '  ')}\n`;
    case 'keyFigures':
      return `View ${name}:\n${content.figures.map((f) => `  ${f.label}: ${f.value}${f.unit ? ` ${f.unit}` : ''}${f.status ? ` (${f.status})` : ''}\n`).join('')}`;
    case 'table': {
      const cells = [content.columns.map((col) => col.title), ...content.rows.map((row) => content.columns.map((col) => String(row[col.key] ?? '')))];
      const widths = content.columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
      return `View ${name}:\n${cells.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`).join('')}`;
    }
    case 'chart':
      return `View ${name} (${content.chart.type} chart):\n${content.chart.series.map((s) => `  ${s.name}: ${s.values.map((v, i) => `${content.chart.labels[i]}=${v}`).join(', ')}\n`).join('')}`;
    case 'tree': {
      const lines: string[] = [];
      const walk = (nodes: typeof content.nodes, depth: number) => {
        for (const node of nodes) {
          lines.push(`${'  '.repeat(depth + 1)}${node.label}${node.description ? ` (${node.description})` : ''}`);
          walk(node.children ?? [], depth + 1);
        }
      };
      walk(content.nodes, 0);
      return `View ${name}:\n${lines.map((l) => `${l}\n`).join('')}`;
    }
    case 'sections':
      return `View ${name}:\n${content.sections.map((section) => formatSection(section).replace(/^(?=.)/gm, '  ')).join('')}`;
    default:
      return formatSection({ content });
  }
}

/** One part of a sections view as text (buttons are left out: there is nothing to click in a terminal). */
function formatSection(section: ViewSection): string {
  const label = section.title ?? section.id ?? '';
  const part = section.content;
  switch (part.kind) {
    case 'actions':
      return '';
    case 'progress':
      return `${part.title ?? 'Progress'} ${Math.floor(part.fraction * 100)}%${part.message ? ` (${part.message})` : ''}\n`;
    case 'notice':
      return `${part.severity}: ${part.message}\n${(part.items ?? []).map((i) => `  - ${i.text}\n`).join('')}`;
    case 'histogram':
      return `${part.title}: ${part.bars.length} bars from ${part.axis[0]} to ${part.axis[2]}${part.target ? ` (${part.target.label})` : ''}\n`;
    case 'meters':
      return `${label}:\n${part.items.map((i) => `  ${i.label}: ${i.valueText ?? `${Math.round(i.value * 100)}%`}${i.detail ? ` (${i.detail})` : ''}\n`).join('')}`;
    case 'choice':
      return `${part.label}: ${part.options.find((o) => o.value === part.value)?.label ?? part.value ?? ''}\n`;
    case 'keyFigures':
      return `${label}:\n${part.figures.map((f) => `  ${f.label}: ${f.value}${f.unit ? ` ${f.unit}` : ''}${f.interval ? ` (${f.interval})` : ''}\n`).join('')}`;
    default:
      return formatView(label, part).replace(/^View /, '');
  }
}

function formatRule(rule: RuleOutcome): string {
  if (!rule.ok) return `  ${rule.title}: failed: ${rule.error}${rule.location ? ` (at ${rule.location})` : ''}\n`;
  // Not a 0: the rule could not judge this model, and says why (e.g. a dynamic rule run without --simulate).
  if (rule.notApplicable !== undefined) return `  ${rule.title.padEnd(32)} n/a  not applicable: ${rule.notApplicable}\n`;
  if (rule.failed !== undefined) return `  ${rule.title.padEnd(32)} n/a  failed: ${rule.failed}\n`;
  const findings = rule.findings.map((f) => `      ${f.severity}: ${f.message}${f.elementIds.length > 0 ? ` [${f.elementIds.join(', ')}]` : ''}\n`).join('');
  return `  ${rule.title.padEnd(32)} ${String(Math.round(rule.score)).padStart(3)}${rule.summary ? `  ${rule.summary}` : ''}\n${findings}`;
}

function formatRun(result: Omit<PluginRunResult, 'errors' | 'notifications' | 'proposals' | 'statusBar'>, viewNames: ReadonlyMap<string, string>): string {
  let text = `Plugin ${result.status.id} ${result.status.version}: ${result.status.state}${result.status.reason ? ` (${result.status.reason})` : ''}${result.status.activationTimeMs !== undefined ? ` (activated in ${result.status.activationTimeMs} ms)` : ''}\n`;
  if (result.scoring.rules.length > 0) {
    text += `Scoring${result.scoring.score !== undefined ? ` (weighted score ${result.scoring.score.toFixed(1)})` : ''}:\n${result.scoring.rules.map(formatRule).join('')}`;
  }
  for (const provider of result.suggestions) {
    text += provider.ok
      ? `Suggestions (${provider.title}): ${provider.suggestions.length === 0 ? 'none\n' : `\n${provider.suggestions.map((s) => `  ${s.title} [${s.elementIds.join(', ')}]\n`).join('')}`}`
      : `Suggestions (${provider.title}): failed: ${provider.error}\n`;
  }
  if (result.command) text += result.command.ok ? `Command result: ${JSON.stringify(result.command.value ?? null)}\n` : `Command failed: ${result.command.error}${result.command.location ? ` (at ${result.command.location})` : ''}\n`;
  for (const [id, content] of Object.entries(result.views)) text += formatView(viewNames.get(id) ?? id, content);
  for (const entry of result.diagnostics) {
    const items = Object.entries(entry.byElement).flatMap(([element, list]) => list.map((d) => `  ${d.severity}: ${d.message} [${element}]\n`));
    text += `Diagnostics (${entry.source}): ${items.length === 0 ? 'none\n' : `\n${items.join('')}`}`;
  }
  for (const channel of result.output) if (channel.text) text += `Output (${channel.name}):\n${channel.text.replace(/^(?=.)/gm, '  ')}`;
  return text;
}

/** `--simulate` and its `--cases`, `--replications`, `--seed`; undefined without `--simulate`. */
function readSimulation(values: Record<string, unknown>): SimulationOptions | undefined {
  const cases = readInteger('cases', values.cases, { min: 1 });
  const replications = readInteger('replications', values.replications, { min: 1 });
  const seed = readInteger('seed', values.seed, { min: 0 });
  if (values.simulate !== true) {
    if (cases !== undefined || replications !== undefined || seed !== undefined) throw new UserInputError('--cases, --replications and --seed go with --simulate.');
    return undefined;
  }
  return { ...(cases !== undefined ? { cases } : {}), ...(replications !== undefined ? { replications } : {}), seed: seed ?? 1 };
}

async function run(io: CommandIo, pluginPath: string, bpmnPath: string, values: Record<string, unknown>): Promise<number> {
  const format = readFormat(values.format, FORMATS, 'text');
  const timeoutMs = readInteger('timeout', values.timeout, { min: 100 }) ?? 30_000;
  const commandId = values.command;
  if (commandId !== undefined && (typeof commandId !== 'string' || commandId === '')) throw new UserInputError('--command needs a command id.');
  const simulationOptions = readSimulation(values);
  const xml = await readUserFile(io, bpmnPath);
  const read = await modelFromBpmn(xml, bpmnPath);
  if (!read.model) throw new UserInputError(`${bpmnPath} cannot be read:\n${read.issues.map((i) => `  ${i.message}`).join('\n')}`);
  let simulation: SimulationSummary | undefined;
  if (simulationOptions) {
    try {
      simulation = await simulateModel(read.model, simulationOptions);
    } catch (error) {
      throw new UserInputError(`${bpmnPath}: ${(error as Error).message}`, 1);
    }
  }
  const plugins = await startHeadlessPlugins(io, [pluginPath], { model: read.model, limits: { commandTimeoutMs: timeoutMs, callTimeoutMs: timeoutMs } });
  try {
    const installed = plugins.installed[0];
    if (!installed) return 1;
    const { host } = plugins;
    const pluginId = installed.status.id;
    await host.startupFinished();
    // The file's XML too, as `leanflow score` and the studio give it (rules that lint the XML read `input.xml`).
    const { graph, scenario } = read.model;
    const input = { graph, ...(scenario ? { scenario } : {}), xml, ...(simulation ? { simulation } : {}) };
    const scoring = await host.runScoring(input);
    const suggestions = await host.provideSuggestions(input);
    const command = typeof commandId === 'string' ? await host.executeCommand(commandId) : undefined;
    const views: Record<string, ViewContent | undefined> = {};
    const viewNames = new Map<string, string>();
    for (const view of host.contributions.views().filter((v) => v.pluginId === pluginId)) {
      viewNames.set(view.id, view.name);
      views[view.id] = await host.openView(view.id);
    }
    const result = {
      status: host.status(pluginId)!,
      ...(simulation ? { simulated: { cases: simulation.cases, replications: simulation.replications, seed: simulation.seed ?? null } } : {}),
      scoring,
      suggestions,
      ...(command ? { command } : {}),
      views,
      diagnostics: host.contributions.diagnostics(),
      output: host.contributions.outputChannels(),
    };
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ ...result, errors: host.errors(pluginId), notifications: plugins.services.notifications, proposals: plugins.services.proposals }, null, 2)}\n`);
    } else {
      if (simulation) io.stdout(`Simulated ${simulation.cases} cases x ${simulation.replications}, seed ${simulation.seed ?? '-'}\n`);
      io.stdout(formatRun(result, viewNames));
      if (!simulation && scoring.rules.some((r) => r.ok && r.notApplicable !== undefined)) {
        io.stdout('Rules that need a simulation are not applicable without one: run again with --simulate [--cases N --replications R --seed S].\n');
      }
      for (const n of plugins.services.notifications) io.stdout(`Notification (${n.severity}): ${n.message}\n`);
    }
    const crashed = plugins.reportProblems();
    return crashed > 0 || plugins.anyFailed() || (command !== undefined && !command.ok) ? 1 : 0;
  } finally {
    await plugins.dispose();
  }
}

/** Runs once; bad input is printed, not thrown, so a file saved half-way does not end a watch. */
async function runReporting(io: CommandIo, pluginPath: string, bpmnPath: string, values: Record<string, unknown>): Promise<number> {
  try {
    return await run(io, pluginPath, bpmnPath, values);
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    io.stderr(`leanflow plugin: ${error.message}\n`);
    return error.exitCode;
  }
}

/**
 * `plugin run --watch`: runs, then again (debounced) whenever a file of the plugin (node_modules and dist aside)
 * or the BPMN file changes, until `signal` aborts; returns the exit code of the last run.
 *
 * @example
 * const stop = new AbortController();
 * process.once('SIGINT', () => stop.abort());
 * await watchPluginRun(io, 'my-plugin', 'lead.bpmn', { simulate: true }, stop.signal);
 */
export async function watchPluginRun(io: CommandIo, pluginPath: string, bpmnPath: string, values: Record<string, unknown>, signal: AbortSignal, debounceMs = 200): Promise<number> {
  const { watch, statSync } = await import('node:fs');
  const pluginFull = resolveUserPath(io, pluginPath);
  let isFolder: boolean;
  try {
    isFolder = statSync(pluginFull).isDirectory();
  } catch {
    throw new UserInputError(`${pluginPath}: no such folder or file`);
  }
  let last = await runReporting(io, pluginPath, bpmnPath, values);
  let queue = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = (what: string) => {
    if (/(^|[\\/])(node_modules|dist|\.git)([\\/]|$)/.test(what)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      queue = queue.then(async () => {
        if (signal.aborted) return;
        io.stdout(`\n${new Date().toLocaleTimeString('en-GB')} ${what} changed: running again\n`);
        last = await runReporting(io, pluginPath, bpmnPath, values);
      });
    }, debounceMs);
  };
  const watchers = [
    watch(pluginFull, { recursive: isFolder }, (_event, name) => changed(name ? String(name) : pluginPath)),
    watch(resolveUserPath(io, bpmnPath), () => changed(bpmnPath)),
  ];
  io.stdout(`Watching ${pluginPath} and ${bpmnPath} (Ctrl+C stops)\n`);
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await queue;
  return last;
}

export const pluginCommand: CliCommand = {
  name: 'plugin',
  summary: 'Start, validate or pack a plugin, or run it headless against a BPMN file (simulated, watching for changes)',
  usage: [
    'leanflow plugin validate <folder-or-zip> [--strict]',
    '       leanflow plugin pack <folder> [--out file.zip]',
    '       leanflow plugin run <folder-or-zip> <file.bpmn> [--command ID] [--format text|json] [--timeout MS]',
    '                           [--simulate [--cases N] [--replications R] [--seed S]] [--watch]',
    `       leanflow plugin init <new-folder> [--template ${PLUGIN_TEMPLATES.join('|')}] [--id publisher.name]`,
    '       leanflow plugin install <npm-name>[@range] [--registry URL] [--dir DIR]',
    '',
    '  install       download a plugin published to an npm-compatible registry (default: LEANFLOW_REGISTRY, else',
    "                npm's registry), check the registry's integrity hash, validate it and write DIR/<id>-<version>.zip",
    '                (default DIR .leanflow/plugins) for --plugin and the studio',
    '  init          write a new plugin: manifest, TypeScript source, a passing Vitest test on the sample process,',
    '                tsconfig and test/validate/build/dev scripts (npm install, then npm test); template rule (default)',
    '  validate      check the manifest (leanflow-plugin.json or package.json "leanflow") and the bundle;',
    '                warnings (e.g. a keybinding on a core chord like ctrl+s, which the studio refuses) go to stderr',
    '  --strict      validate exits 1 when there are warnings',
    '  pack          bundle the plugin (TypeScript main included) into an installable .zip',
    '  run           activate the plugin in its own worker, run its scoring rules and suggestions, open its',
    '                views, and show everything it produced; exits 1 when the plugin fails: refused, crashed,',
    '                hung or stopped, a rule or provider failed or was refused, or the command failed',
    '  --command ID  also run this command of the plugin',
    '  --simulate    simulate the file first, so dynamic rules get the figures (seed 1 unless --seed); without it',
    '                they are shown as not applicable, with their reason',
    '  --watch       run again whenever a file of the plugin or the BPMN file changes (Ctrl+C stops)',
    '  --format      text (default) or json',
    '  --timeout MS  time allowed for each command, rule or provider call (default 30000)',
  ].join('\n'),
  options: {
    command: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    timeout: { type: 'string' },
    strict: { type: 'boolean' },
    simulate: { type: 'boolean' },
    cases: { type: 'string' },
    replications: { type: 'string' },
    seed: { type: 'string' },
    watch: { type: 'boolean' },
    template: { type: 'string' },
    registry: { type: 'string' },
    dir: { type: 'string' },
    id: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [action, ...rest] = positionals;
    if (action === 'validate') {
      if (rest.length !== 1) throw new UserInputError('Usage: leanflow plugin validate <folder-or-zip> [--strict]');
      return validate(io, rest[0]!, values.strict === true);
    }
    if (action === 'pack') {
      if (rest.length !== 1) throw new UserInputError('Usage: leanflow plugin pack <folder> [--out file.zip]');
      return pack(io, rest[0]!, values.out);
    }
    if (action === 'run') {
      if (rest.length !== 2) throw new UserInputError('Usage: leanflow plugin run <folder-or-zip> <file.bpmn> [--command ID] [--simulate] [--watch]');
      if (values.watch !== true) return run(io, rest[0]!, rest[1]!, values);
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      return watchPluginRun(io, rest[0]!, rest[1]!, values, stop.signal);
    }
    if (action === 'init') {
      if (rest.length !== 1) throw new UserInputError(`Usage: leanflow plugin init <new-folder> [--template ${PLUGIN_TEMPLATES.join('|')}] [--id publisher.name]`);
      const template = readTemplate(values.template);
      const id = values.id;
      if (id !== undefined && typeof id !== 'string') throw new UserInputError('--id needs a plugin id like acme.first-response.');
      const files = await initPlugin(io, rest[0]!, template, id);
      io.stdout(
        `Wrote a ${template} plugin to ${rest[0]}: ${files.join(', ')}\nNext: cd ${rest[0]} && npm install && npm test; \`npm run dev\` runs it on the sample on every change; \`npm run build\` packs it.\n`,
      );
      return 0;
    }
    if (action === 'install') {
      if (rest.length !== 1) throw new UserInputError('Usage: leanflow plugin install <npm-name>[@range] [--registry URL] [--dir DIR]');
      const { registry, dir } = values;
      if (registry !== undefined && (typeof registry !== 'string' || !/^https?:\/\//.test(registry))) throw new UserInputError('--registry needs an http(s) URL.');
      if (dir !== undefined && (typeof dir !== 'string' || dir === '')) throw new UserInputError('--dir needs a folder.');
      return installPlugin(io, rest[0]!, { ...(registry !== undefined ? { registry } : {}), ...(dir !== undefined ? { dir } : {}) });
    }
    throw new UserInputError(action === undefined ? 'Say what to do: leanflow plugin init|validate|pack|run|install ...' : `Unknown action "${action}". Use "init", "validate", "pack", "run" or "install".`);
  },
};

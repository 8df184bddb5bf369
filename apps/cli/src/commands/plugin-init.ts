// `leanflow plugin init <dir> [--template rule|suggestion|view] [--id ID]`: scaffolds a plugin that works outside
// this repository: manifest, TypeScript source, a passing Vitest test against the sample process (through
// @leanflow/plugin-testing), tsconfig, and test/validate/pack/dev scripts that call the `leanflow` bin.
import { API_VERSION } from '@leanflow/plugin-api';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserInputError, type CommandIo } from '../command.ts';
import { resolveUserPath } from '../io.ts';

export const PLUGIN_TEMPLATES = ['rule', 'suggestion', 'view'] as const;
export type PluginTemplate = (typeof PLUGIN_TEMPLATES)[number];

// Set by the package build; in the repository the CLI's own package.json version is the same number.
declare const __LEANFLOW_CLI_VERSION__: string | undefined;
const CLI_VERSION = typeof __LEANFLOW_CLI_VERSION__ === 'string' ? __LEANFLOW_CLI_VERSION__ : '0.1.0';

/** Versions the scaffold's devDependencies start from (the ones this repository is tested with). */
const TOOL_VERSIONS = { esbuild: '^0.28.2', vitest: '^4.1.12', typescript: '^5.9.3' } as const;

interface Names {
  readonly id: string;
  readonly publisher: string;
  readonly packageName: string;
  readonly title: string;
}

function namesFor(dir: string, id: string | undefined): Names {
  const base = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base === '') throw new UserInputError(`Cannot make a plugin name from "${dir}": use a folder name with letters or digits.`);
  const pluginId = id ?? `local.${base}`;
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/i.test(pluginId) || !pluginId.includes('.')) {
    throw new UserInputError(`--id "${pluginId}" is not a plugin id: use publisher.name with letters, digits, ".", "-" and "_" (e.g. acme.first-response).`);
  }
  const title = base.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return { id: pluginId, publisher: pluginId.split('.')[0]!, packageName: `leanflow-plugin-${base}`, title };
}

function manifest(names: Names, template: PluginTemplate): unknown {
  const { id } = names;
  const contributes =
    template === 'rule'
      ? {
          scoringRules: [
            {
              id: `${id}.cycle-time`,
              title: 'Cycle time within target',
              description: 'The 90th percentile of the simulated cycle time against the target set in the settings.',
              category: 'Speed',
              kind: 'dynamic',
              weight: 1,
            },
          ],
          configuration: {
            title: names.title,
            properties: {
              [`${id}.targetMinutes`]: { type: 'number', default: 480, minimum: 1, description: 'Cycle-time target in minutes.' },
            },
          },
        }
      : template === 'suggestion'
        ? { suggestionProviders: [{ id: `${id}.automate`, title: 'Automate routine steps' }] }
        : {
            commands: [{ command: `${id}.refresh`, title: 'Refresh task counts', category: names.title }],
            views: [{ id: `${id}.tasks`, name: 'Tasks per lane', kind: 'table' }],
          };
  return {
    id,
    name: names.title,
    version: '0.1.0',
    publisher: names.publisher,
    description: `${names.title}: a Leanflow plugin.`,
    engines: { leanflow: `^${API_VERSION}` },
    main: 'src/index.ts',
    permissions: ['readModel'],
    contributes,
  };
}

function source(names: Names, template: PluginTemplate): string {
  const { id } = names;
  if (template === 'rule') {
    return `// A dynamic scoring rule: it needs a simulation (run \`leanflow plugin run . test/sample.bpmn --simulate\`).
import type { AnalysisInput, PluginContext, ScoreResult } from '@leanflow/plugin-api';

/** 100 when 90% of the simulated cases finish within the target; lower in proportion when they take longer. */
export function scoreCycleTime({ simulation }: AnalysisInput, targetMinutes: number): ScoreResult {
  const p90 = simulation?.cycleTimeP90;
  if (p90 === undefined || !Number.isFinite(p90)) return { notApplicable: 'Needs a simulation of the process (the 90th percentile of the cycle time).', findings: [] };
  const targetSeconds = targetMinutes * 60;
  const score = p90 <= targetSeconds ? 100 : Math.round((100 * targetSeconds) / p90);
  const p90Minutes = Math.round(p90 / 60);
  return {
    score,
    summary: \`90% of cases finish within \${p90Minutes} min (target \${targetMinutes} min)\`,
    metrics: { p90Minutes, targetMinutes },
    findings: score < 100 ? [{ severity: 'warning', message: \`90% of cases take up to \${p90Minutes} min, over the \${targetMinutes} min target\`, elementIds: [] }] : [],
  };
}

export function activate(context: PluginContext): void {
  const target = () => {
    const value = context.configuration.get('${id}.targetMinutes');
    return typeof value === 'number' && value > 0 ? value : 480;
  };
  context.subscriptions.push(context.scoring.registerRule('${id}.cycle-time', { evaluate: (input) => scoreCycleTime(input, target()) }));
}
`;
  }
  if (template === 'suggestion') {
    return `// A suggestion provider: each suggestion is a list of edits the studio applies as one undoable step.
import type { AnalysisInput, PluginContext, Suggestion } from '@leanflow/plugin-api';

// Lookups and paperwork a system can do: "Check customer history", "Send confirmation", "Archive order"...
const ROUTINE = /\\b(check|look up|send|archive|notify|forward|copy|file|register|log)\\b/i;

export function suggestAutomation({ graph }: AnalysisInput): Suggestion[] {
  return graph.nodes
    .filter((node) => (node.kind === 'userTask' || node.kind === 'manualTask' || node.kind === 'task') && ROUTINE.test(node.name ?? ''))
    .map((node) => ({
      id: \`automate-\${node.id}\`,
      title: \`Automate "\${node.name ?? node.id}"\`,
      description: 'Turn this routine step into a service task run by a system.',
      why: 'Routine steps done by hand wait for a free person; a system does them at once.',
      elementIds: [node.id],
      edits: [{ kind: 'changeTaskType', elementId: node.id, taskType: 'serviceTask' }],
    }));
}

export function activate(context: PluginContext): void {
  context.subscriptions.push(context.suggestions.registerProvider('${id}.automate', { provideSuggestions: suggestAutomation }));
}
`;
  }
  return `// A table view with a command that refreshes it (also on every model change).
import type { ActiveModel, PluginContext, ViewContent } from '@leanflow/plugin-api';

export function tasksPerLane(model: ActiveModel | undefined): ViewContent {
  const counts = new Map<string, number>();
  for (const node of model?.graph.nodes ?? []) {
    if (!node.kind.endsWith('ask')) continue;
    const lane = model?.graph.lanes.find((l) => l.id === node.laneId)?.name ?? '(no lane)';
    counts.set(lane, (counts.get(lane) ?? 0) + 1);
  }
  return {
    kind: 'table',
    columns: [
      { key: 'lane', title: 'Lane' },
      { key: 'tasks', title: 'Tasks' },
    ],
    rows: [...counts].map(([lane, tasks]) => ({ lane, tasks })),
  };
}

export function activate(context: PluginContext): void {
  const refresh = () => context.views.setViewContent('${id}.tasks', tasksPerLane(context.model.getActiveModel()));
  context.subscriptions.push(
    context.commands.registerCommand('${id}.refresh', () => {
      refresh();
      return 'refreshed';
    }),
    context.model.onDidChangeModel(refresh),
  );
  refresh();
}
`;
}

function test(names: Names, template: PluginTemplate): string {
  const { id } = names;
  const body =
    template === 'rule'
      ? `it('scores the simulated sample, and says why without a simulation', async () => {
  const simulated = await runPluginOnFile(folder, xml, { simulate: { cases: 200, replications: 1, seed: 1 } });
  const rule = simulated.scoring.rules[0];
  expect(rule?.ok && rule.notApplicable === undefined ? rule.score : undefined).toBeGreaterThan(0);
  expect(simulated.errors).toEqual([]);

  const unsimulated = await runPluginOnFile(folder, xml);
  const outcome = unsimulated.scoring.rules[0];
  expect(outcome?.ok ? outcome.notApplicable : undefined).toMatch(/simulation/);
});

it('follows its target setting', async () => {
  const simulate = { cases: 200, replications: 1, seed: 1 };
  const score = async (targetMinutes: number) => {
    const result = await runPluginOnFile(folder, xml, { simulate, configuration: { '${id}': { '${id}.targetMinutes': targetMinutes } } });
    const rule = result.scoring.rules[0];
    return rule?.ok ? rule.score : undefined;
  };
  expect(await score(100_000)).toBe(100);
  expect(await score(1)).toBeLessThan(10);
});`
      : template === 'suggestion'
        ? `it('suggests automating the routine steps of the sample', async () => {
  const result = await runPluginOnFile(folder, xml);
  const provider = result.suggestions[0];
  expect(provider?.ok).toBe(true);
  expect(provider?.ok ? provider.suggestions.length : 0).toBeGreaterThan(0);
  expect(result.errors).toEqual([]);
});`
        : `it('shows the tasks per lane of the sample', async () => {
  const result = await runPluginOnFile(folder, xml, { command: '${id}.refresh' });
  expect(result.command).toEqual({ ok: true, value: 'refreshed' });
  const view = result.views['${id}.tasks'];
  expect(view?.kind).toBe('table');
  expect(view?.kind === 'table' ? view.rows.length : 0).toBeGreaterThan(0);
});`;
  return `import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runPluginOnFile } from '@leanflow/plugin-testing';

const folder = fileURLToPath(new URL('..', import.meta.url));
const xml = await readFile(new URL('./sample.bpmn', import.meta.url), 'utf8');

${body}
`;
}

function packageJson(names: Names): string {
  return `${JSON.stringify(
    {
      name: names.packageName,
      version: '0.1.0',
      description: `${names.title}: a Leanflow plugin`,
      // The keyword the Extensions view and \`leanflow plugin install\` search for.
      keywords: ['leanflow-plugin'],
      type: 'module',
      scripts: {
        test: 'vitest run',
        typecheck: 'tsc --noEmit',
        validate: 'leanflow plugin validate . --strict',
        build: 'leanflow plugin pack . --out dist/plugin.zip',
        dev: 'leanflow plugin run . test/sample.bpmn --simulate --watch',
      },
      devDependencies: {
        '@leanflow/cli': `^${CLI_VERSION}`,
        '@leanflow/plugin-api': `^${API_VERSION}`,
        '@leanflow/plugin-testing': `^${API_VERSION}`,
        ...TOOL_VERSIONS,
      },
    },
    null,
    2,
  )}\n`;
}

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2023'],
      types: [],
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['src'],
  },
  null,
  2,
)}\n`;

function readme(names: Names, template: PluginTemplate): string {
  return `# ${names.title}

A Leanflow plugin (${template}), id \`${names.id}\`.

\`\`\`sh
npm install          # @leanflow/cli, plugin-api, plugin-testing, esbuild, vitest, typescript
npm test             # its tests, against test/sample.bpmn
npm run dev          # run it on the sample (simulated) and again on every change
npm run validate     # check the manifest
npm run build        # dist/plugin.zip: install it in the studio (Extensions view) or publish the package to npm
\`\`\`
`;
}

/**
 * Writes a new plugin into `dir` (which must be empty or not exist). Returns the files written, relative to `dir`.
 *
 * @example
 * await initPlugin(io, 'first-response', 'rule', undefined);
 */
export async function initPlugin(io: CommandIo, dir: string, template: PluginTemplate, id: string | undefined): Promise<string[]> {
  const full = resolveUserPath(io, dir);
  const existing = await readdir(full).catch(() => [] as string[]);
  if (existing.length > 0) throw new UserInputError(`${dir} is not empty: give a new folder name (nothing was written).`);
  const names = namesFor(full, id);
  const files: Record<string, string> = {
    'leanflow-plugin.json': `${JSON.stringify(manifest(names, template), null, 2)}\n`,
    'package.json': packageJson(names),
    'tsconfig.json': TSCONFIG,
    'src/index.ts': source(names, template),
    'test/plugin.test.ts': test(names, template),
    'test/sample.bpmn': LEAD_TO_QUOTE_SAMPLE,
    '.gitignore': 'node_modules/\ndist/\n',
    'README.md': readme(names, template),
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(full, name, '..'), { recursive: true });
    await writeFile(join(full, name), text);
  }
  return Object.keys(files);
}

/** Reads `--template`. */
export function readTemplate(value: unknown): PluginTemplate {
  if (value === undefined) return 'rule';
  if (typeof value === 'string' && (PLUGIN_TEMPLATES as readonly string[]).includes(value)) return value as PluginTemplate;
  throw new UserInputError(`--template must be one of ${PLUGIN_TEMPLATES.join(', ')}.`);
}

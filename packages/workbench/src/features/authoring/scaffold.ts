// The starting point of "Plugins: New Plugin": a manifest and a TypeScript scoring rule that compiles against
// @leanflow/plugin-api and gives a meaningful score on any process (the lean study's "8 steps where 12 are usual").
import { API_VERSION } from '@leanflow/plugin-api';

export interface PluginScaffold {
  /** The manifest as the user edits it (JSON text, pretty-printed). */
  readonly manifest: string;
  /** The plugin's TypeScript source (`index.ts`). */
  readonly code: string;
}

/** The file name of the compiled bundle inside an exported package (the manifest's `main`). */
export const BUNDLE_FILE = 'plugin.js';

/**
 * A new scoring-rule plugin numbered `n` (ids stay unique when several are written in one session).
 *
 * @example
 * const { manifest, code } = createPluginScaffold(1); // id "local.step-count-1", rule "local.stepCount1"
 */
export function createPluginScaffold(n = 1): PluginScaffold {
  const ruleId = `local.stepCount${n}`;
  const manifest = {
    id: `local.step-count-${n}`,
    name: `Step count ${n}`,
    version: '0.1.0',
    publisher: 'local',
    description: 'Scores a process by its number of steps: 8 or fewer is lean.',
    engines: { leanflow: `^${API_VERSION}` },
    main: BUNDLE_FILE,
    permissions: ['readModel'],
    contributes: {
      scoringRules: [{ id: ruleId, title: 'At most 8 steps', description: 'Fewer hand-offs, less waiting.', category: 'Simplicity', weight: 1 }],
    },
  };
  const code = `// A scoring rule: Leanflow calls evaluate() with the open process and shows the score and findings.
// Press Run (F5) to try it on the open diagram; Save installs it; Export downloads an installable .zip.
import type { AnalysisInput, PluginContext, ScoreResult } from '@leanflow/plugin-api';

const TASK_KINDS: ReadonlySet<string> = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask']);
/** Lean sales-service processes need about 8 steps; the industry average is 12. */
const TARGET_STEPS = 8;

function evaluate({ graph }: AnalysisInput): ScoreResult {
  const tasks = graph.nodes.filter((node) => TASK_KINDS.has(node.kind));
  const extra = Math.max(0, tasks.length - TARGET_STEPS);
  return {
    score: Math.max(0, 100 - 10 * extra),
    summary: \`\${tasks.length} steps (target: \${TARGET_STEPS} or fewer)\`,
    findings:
      extra === 0
        ? []
        : [
            {
              severity: 'warning',
              message: \`\${extra} step(s) more than the target of \${TARGET_STEPS}\`,
              elementIds: tasks.map((task) => task.id),
              why: 'Every extra step is a hand-off with waiting time: 12 steps instead of 8 cost about 40% more processing time.',
            },
          ],
  };
}

export function activate(context: PluginContext): void {
  context.subscriptions.push(context.scoring.registerRule('${ruleId}', { evaluate }));
}
`;
  return { manifest: `${JSON.stringify(manifest, null, 2)}\n`, code };
}

/**
 * Finds `import` statements that would still load something at run time (a plugin is one self-contained file).
 * Returns their 1-based line numbers in the compiled JavaScript.
 *
 * @example
 * findRuntimeImports("import { x } from 'y';\nexport function activate() {}"); // [1]
 */
export function findRuntimeImports(javascript: string): number[] {
  const lines: number[] = [];
  javascript.split('\n').forEach((line, index) => {
    if (/^\s*import\s*(?:[\w*{][^;]*\sfrom\s*)?['"]/.test(line) || /\bimport\s*\(/.test(line)) lines.push(index + 1);
  });
  return lines;
}

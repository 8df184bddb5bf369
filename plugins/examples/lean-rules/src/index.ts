// Example plugin: scoring rules, diagnostics and suggestions written only against @leanflow/plugin-api.
import type { AnalysisInput, DiagnosticItem, FlowNode, PluginContext, ProcessGraph, ScoreResult, Suggestion } from '@leanflow/plugin-api';

const TASK_KINDS: ReadonlySet<string> = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask']);
const MANUAL_KINDS: ReadonlySet<string> = new Set(['userTask', 'manualTask']);

function tasksOf(graph: ProcessGraph): FlowNode[] {
  return graph.nodes.filter((node) => TASK_KINDS.has(node.kind));
}

function label(node: FlowNode): string {
  return node.name ? `"${node.name.replace(/\s+/g, ' ')}"` : node.id;
}

/** Score = share of named tasks, in percent. */
export function scoreUnnamedTasks({ graph }: AnalysisInput): ScoreResult {
  const tasks = tasksOf(graph);
  if (tasks.length === 0) return { score: 100, findings: [], summary: 'No tasks' };
  const unnamed = tasks.filter((task) => !task.name?.trim());
  const score = Math.round((100 * (tasks.length - unnamed.length)) / tasks.length);
  return {
    score,
    summary: `${tasks.length - unnamed.length} of ${tasks.length} tasks have a name`,
    findings:
      unnamed.length === 0
        ? []
        : [
            {
              severity: 'warning',
              message: `${unnamed.length} task${unnamed.length === 1 ? ' has' : 's have'} no name`,
              elementIds: unnamed.map((task) => task.id),
              why: 'A step without a name cannot be discussed, measured or improved; value-stream mapping starts by naming every step.',
            },
          ],
  };
}

/** 100 while user/manual tasks are at most `maxShare` of all tasks, falling linearly to 0 when all of them are. */
export function scoreManualSteps({ graph }: AnalysisInput, maxShare: number): ScoreResult {
  const tasks = tasksOf(graph);
  if (tasks.length === 0) return { score: 100, findings: [], summary: 'No tasks' };
  const manual = tasks.filter((task) => MANUAL_KINDS.has(task.kind));
  const share = manual.length / tasks.length;
  const score = share <= maxShare || maxShare >= 1 ? 100 : Math.round(100 * Math.max(0, 1 - (share - maxShare) / (1 - maxShare)));
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return {
    score,
    summary: `${manual.length} of ${tasks.length} tasks are manual (${percent(share)}, limit ${percent(maxShare)})`,
    findings:
      share <= maxShare
        ? []
        : [
            {
              severity: 'info',
              message: `${percent(share)} of the tasks are done by hand: ${manual.map(label).join(', ')}`,
              elementIds: manual.map((task) => task.id),
              why: 'Manual hand-offs add waiting time; sales-service processes average 12 steps where 8 would do (+40% processing time).',
            },
          ],
  };
}

function suggestAutomation({ graph }: AnalysisInput): Suggestion[] {
  return tasksOf(graph)
    .filter((task) => task.kind === 'manualTask' || (task.kind === 'userTask' && /\b(send|archive|notify|forward|copy|file)\b/i.test(task.name ?? '')))
    .map((task) => ({
      id: `automate-${task.id}`,
      title: `Automate ${label(task)}`,
      description: 'Turn this step into a service task run by a system.',
      why: 'Routine steps done by hand wait for a free person; a system does them at once.',
      elementIds: [task.id],
      edits: [{ kind: 'changeTaskType', elementId: task.id, taskType: 'serviceTask' }],
    }));
}

function namingDiagnostics(graph: ProcessGraph | undefined): Record<string, DiagnosticItem[]> {
  const byElement: Record<string, DiagnosticItem[]> = {};
  for (const task of graph ? tasksOf(graph) : []) {
    if (!task.name?.trim()) byElement[task.id] = [{ severity: 'warning', message: 'This task has no name', code: 'unnamed-task' }];
  }
  return byElement;
}

export function activate(context: PluginContext): void {
  const maxShare = () => {
    const value = context.configuration.get('examples.leanRules.maxManualShare');
    return typeof value === 'number' ? value : 0.3;
  };
  context.subscriptions.push(
    context.scoring.registerRule('examples.unnamedTasks', { evaluate: scoreUnnamedTasks }),
    context.scoring.registerRule('examples.manualSteps', { evaluate: (input) => scoreManualSteps(input, maxShare()) }),
    context.suggestions.registerProvider('examples.automateManual', { provideSuggestions: suggestAutomation }),
    context.model.onDidChangeModel((model) => context.diagnostics.set(namingDiagnostics(model?.graph), 'examples.naming')),
  );
  context.diagnostics.set(namingDiagnostics(context.model.getActiveModel()?.graph), 'examples.naming');
}

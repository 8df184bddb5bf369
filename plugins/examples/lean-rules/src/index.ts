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

/** The example's texts follow the studio's language (`context.env.language`): English, or Simplified Chinese. */
type Language = 'en' | 'zh-CN';
const zh = (language: string): boolean => language === 'zh-CN';

/** Score = share of named tasks, in percent. */
export function scoreUnnamedTasks({ graph }: AnalysisInput, language: Language | string = 'en'): ScoreResult {
  const tasks = tasksOf(graph);
  if (tasks.length === 0) return { score: 100, findings: [], summary: zh(language) ? '没有任务' : 'No tasks' };
  const unnamed = tasks.filter((task) => !task.name?.trim());
  const score = Math.round((100 * (tasks.length - unnamed.length)) / tasks.length);
  return {
    score,
    summary: zh(language) ? `${tasks.length} 个任务中有 ${tasks.length - unnamed.length} 个有名称` : `${tasks.length - unnamed.length} of ${tasks.length} tasks have a name`,
    findings:
      unnamed.length === 0
        ? []
        : [
            {
              severity: 'warning',
              message: zh(language) ? `${unnamed.length} 个任务没有名称` : `${unnamed.length} task${unnamed.length === 1 ? ' has' : 's have'} no name`,
              elementIds: unnamed.map((task) => task.id),
              why: zh(language)
                ? '没有名称的步骤无法讨论、衡量或改进；价值流图的第一步就是为每个步骤命名。'
                : 'A step without a name cannot be discussed, measured or improved; value-stream mapping starts by naming every step.',
            },
          ],
  };
}

/** 100 while user/manual tasks are at most `maxShare` of all tasks, falling linearly to 0 when all of them are. */
export function scoreManualSteps({ graph }: AnalysisInput, maxShare: number, language: Language | string = 'en'): ScoreResult {
  const tasks = tasksOf(graph);
  if (tasks.length === 0) return { score: 100, findings: [], summary: zh(language) ? '没有任务' : 'No tasks' };
  const manual = tasks.filter((task) => MANUAL_KINDS.has(task.kind));
  const share = manual.length / tasks.length;
  const score = share <= maxShare || maxShare >= 1 ? 100 : Math.round(100 * Math.max(0, 1 - (share - maxShare) / (1 - maxShare)));
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return {
    score,
    summary: zh(language)
      ? `${tasks.length} 个任务中有 ${manual.length} 个是人工任务（${percent(share)}，上限 ${percent(maxShare)}）`
      : `${manual.length} of ${tasks.length} tasks are manual (${percent(share)}, limit ${percent(maxShare)})`,
    findings:
      share <= maxShare
        ? []
        : [
            {
              severity: 'info',
              message: zh(language)
                ? `${percent(share)} 的任务由人工完成：${manual.map((task) => (task.name ? `“${task.name.replace(/\s+/g, ' ')}”` : task.id)).join('、')}`
                : `${percent(share)} of the tasks are done by hand: ${manual.map(label).join(', ')}`,
              elementIds: manual.map((task) => task.id),
              why: zh(language)
                ? '人工交接会增加等待时间；销售服务流程平均有 12 个步骤，而 8 个就够（处理时间增加 40%）。'
                : 'Manual hand-offs add waiting time; sales-service processes average 12 steps where 8 would do (+40% processing time).',
            },
          ],
  };
}

function suggestAutomation({ graph }: AnalysisInput, language: string): Suggestion[] {
  return tasksOf(graph)
    .filter((task) => task.kind === 'manualTask' || (task.kind === 'userTask' && /\b(send|archive|notify|forward|copy|file)\b/i.test(task.name ?? '')))
    .map((task) => ({
      id: `automate-${task.id}`,
      title: zh(language) ? `自动化${task.name ? `“${task.name.replace(/\s+/g, ' ')}”` : task.id}` : `Automate ${label(task)}`,
      description: zh(language) ? '把这一步改为由系统执行的服务任务。' : 'Turn this step into a service task run by a system.',
      why: zh(language) ? '人工完成的例行步骤要等有空的人；系统可以立即完成。' : 'Routine steps done by hand wait for a free person; a system does them at once.',
      elementIds: [task.id],
      edits: [{ kind: 'changeTaskType', elementId: task.id, taskType: 'serviceTask' }],
    }));
}

function namingDiagnostics(graph: ProcessGraph | undefined, language: string): Record<string, DiagnosticItem[]> {
  const byElement: Record<string, DiagnosticItem[]> = {};
  for (const task of graph ? tasksOf(graph) : []) {
    if (!task.name?.trim()) byElement[task.id] = [{ severity: 'warning', message: zh(language) ? '此任务没有名称' : 'This task has no name', code: 'unnamed-task' }];
  }
  return byElement;
}

export function activate(context: PluginContext): void {
  const maxShare = () => {
    const value = context.configuration.get('examples.leanRules.maxManualShare');
    return typeof value === 'number' ? value : 0.3;
  };
  context.subscriptions.push(
    context.scoring.registerRule('examples.unnamedTasks', { evaluate: (input) => scoreUnnamedTasks(input, context.env.language) }),
    context.scoring.registerRule('examples.manualSteps', { evaluate: (input) => scoreManualSteps(input, maxShare(), context.env.language) }),
    context.suggestions.registerProvider('examples.automateManual', { provideSuggestions: (input) => suggestAutomation(input, context.env.language) }),
    context.model.onDidChangeModel((model) => context.diagnostics.set(namingDiagnostics(model?.graph, context.env.language), 'examples.naming')),
    context.env.onDidChangeLanguage(() => context.diagnostics.set(namingDiagnostics(context.model.getActiveModel()?.graph, context.env.language), 'examples.naming')),
  );
  context.diagnostics.set(namingDiagnostics(context.model.getActiveModel()?.graph, context.env.language), 'examples.naming');
}

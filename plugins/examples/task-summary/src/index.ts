// Example plugin: a command that computes a summary of the open process and shows it in declarative views.
import type { FlowNode, KeyFigure, PluginContext, ProcessGraph, TableCell } from '@leanflow/plugin-api';

const TASK_KINDS: ReadonlySet<string> = new Set(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask']);

/** The figures the views show. */
export interface TaskSummary {
  readonly rows: Record<string, TableCell>[];
  readonly tasks: number;
  readonly manual: number;
  /** Sequence flows whose source and target sit in different lanes. */
  readonly handOffs: number;
}

export function summarise(graph: ProcessGraph): TaskSummary {
  const laneName = new Map(graph.lanes.map((lane) => [lane.id, lane.name?.replace(/\s+/g, ' ') ?? lane.id]));
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const tasks = graph.nodes.filter((node) => TASK_KINDS.has(node.kind));
  const lane = (node: FlowNode | undefined) => (node?.laneId !== undefined ? laneName.get(node.laneId) ?? node.laneId : '(no lane)');
  const rows = tasks
    .map((task) => ({ lane: lane(task), task: task.name?.replace(/\s+/g, ' ') ?? task.id, type: task.kind, id: task.id }))
    .sort((a, b) => a.lane.localeCompare(b.lane) || a.task.localeCompare(b.task));
  const handOffs = graph.flows.filter((flow) => {
    const source = byId.get(flow.sourceId);
    const target = byId.get(flow.targetId);
    return source?.laneId !== undefined && target?.laneId !== undefined && source.laneId !== target.laneId;
  }).length;
  return { rows, tasks: tasks.length, manual: tasks.filter((t) => t.kind === 'userTask' || t.kind === 'manualTask').length, handOffs };
}

export function activate(context: PluginContext): void {
  const output = context.window.createOutputChannel('Task summary');
  const status = context.window.createStatusBarItem({ id: 'examples.taskSummary.status', alignment: 'right' });
  context.subscriptions.push(
    output,
    status,
    context.commands.registerCommand('examples.taskSummary.show', async () => {
      const model = context.model.getActiveModel();
      if (!model) {
        await context.window.showNotification('Open a process first.', { severity: 'warning' });
        return null;
      }
      const summary = summarise(model.graph);
      context.views.setViewContent('examples.taskSummary.table', {
        kind: 'table',
        columns: [
          { key: 'lane', title: 'Lane' },
          { key: 'task', title: 'Task' },
          { key: 'type', title: 'Type' },
        ],
        rows: summary.rows.map(({ lane, task, type }) => ({ lane, task, type })),
      });
      const figures: KeyFigure[] = [
        { label: 'Tasks', value: summary.tasks },
        { label: 'Manual steps', value: summary.manual, status: summary.manual > summary.tasks / 2 ? 'warning' : 'good' },
        { label: 'Hand-offs between lanes', value: summary.handOffs, hint: 'Every hand-off is a queue where work waits.' },
      ];
      context.views.setViewContent('examples.taskSummary.figures', { kind: 'keyFigures', figures });
      const runs = ((await context.storage.get('runs')) as number | undefined) ?? 0;
      await context.storage.set('runs', runs + 1);
      status.text = `${summary.tasks} tasks, ${summary.handOffs} hand-offs`;
      status.command = 'examples.taskSummary.show';
      status.show();
      output.appendLine(`${model.uri}: ${summary.tasks} tasks, ${summary.manual} manual, ${summary.handOffs} hand-offs (run ${runs + 1})`);
      return { tasks: summary.tasks, manual: summary.manual, handOffs: summary.handOffs };
    }),
  );
}

// Which task first answers the customer? Imported models (QBP, BPSim) never say, so first-response time is not
// measured until someone flags a task. This offers a guess the user confirms with one click.
import type { FlowNode, ProcessGraph, Scenario } from '@leanflow/model';
import { createGraphIndex, isManualStep, typicalPath } from './graph-analysis.ts';

/** A proposed first substantive response and why it was picked. */
export interface FirstResponseGuess {
  readonly taskId: string;
  readonly name: string;
  /** `message`: it sends a message to the customer (a message flow or a send task); `name`: its name says it answers. */
  readonly reason: 'message' | 'name';
}

/** Names of tasks that answer the customer (send, reply, call, quote...). */
const ANSWERING = /send|reply|respon|answer|call|contact|inform|notif|confirm|quote|offer|e-?mail|mail|letter|回复|答复|联系|通知|报价|发送/i;

/**
 * The first task on the case's typical path (most likely branches) that a person does and that sends a message
 * (a message flow leaves it, or it is a send task), else the first whose name says it answers the customer.
 * Null when a task is already flagged or nothing fits.
 *
 * @example
 * const guess = guessFirstResponseTask(graph, scenario);
 * if (guess) edits.push({ type: 'setScenarioParameter', path: `tasks.${guess.taskId}.substantiveResponse`, value: true });
 */
export function guessFirstResponseTask(graph: ProcessGraph, scenario?: Scenario): FirstResponseGuess | null {
  if (scenario && Object.values(scenario.tasks).some((t) => t.substantiveResponse)) return null;
  const index = createGraphIndex(graph, scenario);
  const path = typicalPath(graph, scenario, index).nodeIds.map((id) => index.nodes.get(id)).filter((n): n is FlowNode => n !== undefined);
  const senders = new Set(graph.messageFlows.map((m) => m.sourceId));
  const candidates = path.filter((n) => isManualStep(n, scenario) || (n.kind === 'sendTask' && scenario?.tasks[n.id]?.automated !== true));
  const byMessage = candidates.find((n) => senders.has(n.id) || n.kind === 'sendTask');
  if (byMessage) return { taskId: byMessage.id, name: byMessage.name ?? byMessage.id, reason: 'message' };
  const byName = candidates.find((n) => n.name !== undefined && ANSWERING.test(n.name));
  return byName ? { taskId: byName.id, name: byName.name ?? byName.id, reason: 'name' } : null;
}

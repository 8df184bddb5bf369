// Plugin platform figures (Node, worker_threads): activation time, RPC round trip, and 20 scoring rules on a
// generated 300-element model through the host. Run with `pnpm bench plugins`.
import { fileURLToPath } from 'node:url';
// The root has no workspace dependencies: import the public entries by path.
import type { FlowNode, ProcessGraph, SequenceFlow } from '../packages/plugin-api/src/index.ts';
import { createMemoryServices, createNodeTransportFactory, createPluginHost, loadPlugin } from '../packages/plugin-host/src/index.ts';

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function summary(label: string, samples: readonly number[], unit: 'ms' | 'us'): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const scale = unit === 'us' ? 1000 : 1;
  const fmt = (value: number) => (value * scale).toFixed(unit === 'us' ? 0 : 1);
  console.log(`${label.padEnd(48)} median ${fmt(percentile(sorted, 50))} ${unit}   p99 ${fmt(percentile(sorted, 99))} ${unit}   (n=${samples.length})`);
}

/** A linear process of `tasks` tasks in 4 lanes with an XOR split/join every 10 tasks: nodes + flows = about 300. */
function generateGraph(tasks: number): ProcessGraph {
  const nodes: FlowNode[] = [];
  const flows: SequenceFlow[] = [];
  const kinds = ['userTask', 'serviceTask', 'manualTask', 'task'] as const;
  const node = (id: string, kind: FlowNode['kind'], name: string | undefined, lane: number): FlowNode => ({
    id,
    kind,
    bpmnType: `bpmn:${kind[0]!.toUpperCase()}${kind.slice(1)}`,
    processId: 'Process_1',
    laneId: `Lane_${lane}`,
    incoming: [],
    outgoing: [],
    eventDefinitions: [],
    boundaryEventIds: [],
    ...(name !== undefined ? { name } : {}),
  });
  let previous = node('Start', 'startEvent', 'Request received', 0);
  nodes.push(previous);
  const connect = (from: FlowNode, to: FlowNode) => {
    const flow: SequenceFlow = { id: `Flow_${flows.length + 1}`, sourceId: from.id, targetId: to.id, processId: 'Process_1', isDefault: false };
    flows.push(flow);
    (from.outgoing as string[]).push(flow.id);
    (to.incoming as string[]).push(flow.id);
  };
  for (let i = 1; i <= tasks; i++) {
    const task = node(`Task_${i}`, kinds[i % kinds.length]!, i % 17 === 0 ? undefined : `Step ${i}`, i % 4);
    nodes.push(task);
    if (i % 10 === 0) {
      const split = node(`Split_${i}`, 'exclusiveGateway', 'OK?', i % 4);
      const rework = node(`Rework_${i}`, 'userTask', `Rework ${i}`, (i + 1) % 4);
      const join = node(`Join_${i}`, 'exclusiveGateway', undefined, i % 4);
      nodes.push(split, rework, join);
      connect(previous, split);
      connect(split, task);
      connect(split, rework);
      connect(task, join);
      connect(rework, join);
      previous = join;
    } else {
      connect(previous, task);
      previous = task;
    }
  }
  const end = node('End', 'endEvent', 'Done', 0);
  nodes.push(end);
  connect(previous, end);
  return {
    processes: [{ id: 'Process_1', isExecutable: false, laneIds: ['Lane_0', 'Lane_1', 'Lane_2', 'Lane_3'], flowNodeIds: nodes.map((n) => n.id) }],
    participants: [],
    lanes: [0, 1, 2, 3].map((lane) => ({ id: `Lane_${lane}`, name: `Team ${lane}`, processId: 'Process_1', flowNodeIds: nodes.filter((n) => n.laneId === `Lane_${lane}`).map((n) => n.id) })),
    nodes,
    flows,
    messageFlows: [],
    dataElements: [],
  };
}

/** A plugin with `rules` scoring rules, each a full pass over nodes and flows (hand-offs, naming, kinds, degree). */
function rulePlugin(id: string, rules: number) {
  const ruleIds = Array.from({ length: rules }, (_, i) => `${id}.rule${i + 1}`);
  const manifest = {
    id,
    name: `Bench rules ${id}`,
    version: '1.0.0',
    publisher: 'bench',
    engines: { leanflow: '^1.0.0' },
    main: 'plugin.js',
    permissions: ['readModel'],
    contributes: { scoringRules: ruleIds.map((ruleId) => ({ id: ruleId, title: ruleId })), commands: [{ command: `${id}.echo`, title: 'Echo' }] },
  };
  const code = `
    export function activate(context) {
      context.commands.registerCommand(${JSON.stringify(`${id}.echo`)}, (value) => value);
      ${JSON.stringify(ruleIds)}.forEach((ruleId, index) => {
        context.scoring.registerRule(ruleId, {
          evaluate({ graph }) {
            const byId = new Map(graph.nodes.map((n) => [n.id, n]));
            let handOffs = 0;
            for (const flow of graph.flows) {
              const source = byId.get(flow.sourceId);
              const target = byId.get(flow.targetId);
              if (source && target && source.laneId !== target.laneId) handOffs++;
            }
            const kinds = new Map();
            for (const node of graph.nodes) kinds.set(node.kind, (kinds.get(node.kind) ?? 0) + 1);
            const offenders = graph.nodes.filter((n) => !n.name || n.outgoing.length > 1 + (index % 3)).map((n) => n.id);
            const score = Math.max(0, 100 - handOffs / 2 - offenders.length / 4);
            return { score, findings: offenders.length ? [{ severity: 'info', message: offenders.length + ' elements', elementIds: offenders }] : [] };
          },
        });
      });
    }`;
  return { manifest, code };
}

const graph = generateGraph(112);
const services = createMemoryServices({ model: { uri: 'generated.bpmn', version: 1, graph } });
const host = createPluginHost({ services, createTransport: createNodeTransportFactory() });
console.log(`generated model: ${graph.nodes.length} flow nodes + ${graph.flows.length} sequence flows = ${graph.nodes.length + graph.flows.length} elements`);

try {
  // Activation: a fresh worker each time (the esbuild bootstrap is built once, before the first sample).
  const examples = fileURLToPath(new URL('../plugins/examples/lean-rules', import.meta.url));
  const loaded = await loadPlugin(examples);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
  await host.install(loaded.bundle);
  await host.activate('examples.lean-rules');
  const activation: number[] = [];
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    const status = await host.restart('examples.lean-rules');
    activation.push(performance.now() - started);
    if (status.state !== 'active') throw new Error(`activation failed: ${status.reason}`);
  }
  summary('activation (new worker + init + activate)', activation, 'ms');
  await host.uninstall('examples.lean-rules');

  // RPC round trip: host -> plugin command -> host, with validation on both legs.
  const single = rulePlugin('bench.single', 20);
  await host.install(single);
  await host.activate('bench.single');
  for (let i = 0; i < 200; i++) await host.executeCommand('bench.single.echo', i);
  const roundTrips: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const started = performance.now();
    const outcome = await host.executeCommand('bench.single.echo', i);
    roundTrips.push(performance.now() - started);
    if (!outcome.ok || outcome.value !== i) throw new Error('echo failed');
  }
  summary('RPC round trip (command echo)', roundTrips, 'us');

  // 20 scoring rules in one plugin (one worker).
  const scoring = async (label: string, expectedRules: number) => {
    for (let i = 0; i < 5; i++) await host.runScoring();
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      const report = await host.runScoring();
      samples.push(performance.now() - started);
      if (report.rules.length !== expectedRules || report.rules.some((r) => !r.ok)) throw new Error('a rule failed');
    }
    summary(label, samples, 'ms');
  };
  await scoring('20 rules, 1 plugin, 300-element model', 20);
  await host.uninstall('bench.single');

  // The same 20 rules spread over 4 plugins (4 workers, in parallel).
  for (let p = 1; p <= 4; p++) {
    await host.install(rulePlugin(`bench.split${p}`, 5));
  }
  await scoring('20 rules, 4 plugins x 5, 300-element model', 20);
} finally {
  await host.dispose();
}

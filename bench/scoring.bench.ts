// All static scoring rules (incl. bpmnlint) on generated models of 300 and 2,000 flow nodes; then all 20 built-in
// rules directly against the same 20 through the plugin host (the lean-scorecard plugin in a worker thread).
// Targets (issue 6): < 50 ms and < 500 ms. Prints the median and the minimum (robust on a shared machine) of
// several runs; each run scores a fresh copy of the graph so the memoised graph analysis is recomputed every time.
// (The root has no workspace deps: import the packages' public entries by path, as bench/sim.bench.ts does.)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_RULES, computeScorecard, findBuiltInProfile } from '../packages/analysis/src/index.ts';
import { parseBpmn } from '../packages/model/src/index.ts';
import { createMemoryServices, createNodeTransportFactory, createPluginHost, loadPlugin, scorecardFromPlugins } from '../packages/plugin-host/src/index.ts';
import { LEAN_SCORECARD_PLUGIN_ID } from '../packages/workbench/src/features/extensions/builtin-ids.ts';

/**
 * A sales-service-like process of about `size` flow nodes in 4 lanes: runs of tasks, XOR decisions with 2-3
 * branches and a merge, AND blocks, a rework loop now and then, knock-out checks ending early.
 */
function generateBpmn(size: number): string {
  const nodes: { id: string; tag: string; name?: string; lane: number }[] = [];
  const flows: { id: string; from: string; to: string; name?: string }[] = [];
  let n = 0;
  const add = (tag: string, name: string | undefined, lane: number) => {
    const id = `N${++n}`;
    nodes.push({ id, tag, lane, ...(name ? { name } : {}) });
    return id;
  };
  const link = (from: string, to: string, name?: string) => flows.push({ id: `F${flows.length + 1}`, from, to, ...(name ? { name } : {}) });
  let last = add('startEvent', 'Request received', 0);
  let block = 0;
  while (nodes.length < size - 1) {
    const lane = block % 4;
    const kind = block % 5;
    block++;
    if (kind === 0 || kind === 3) {
      const t = add('userTask', `Handle step ${block}`, lane);
      link(last, t);
      last = t;
    } else if (kind === 1) {
      const split = add('exclusiveGateway', `Decision ${block}?`, lane);
      const merge = add('exclusiveGateway', undefined, lane);
      link(last, split);
      for (let b = 0; b < 2 + (block % 2); b++) {
        const t = add('userTask', `Option ${block}.${b}`, (lane + b) % 4);
        link(split, t, `option ${b}`);
        link(t, merge);
      }
      last = merge;
    } else if (kind === 2) {
      const split = add('parallelGateway', undefined, lane);
      const join = add('parallelGateway', undefined, lane);
      link(last, split);
      for (let b = 0; b < 2; b++) {
        const t = add('serviceTask', `Update system ${block}.${b}`, lane);
        link(split, t);
        link(t, join);
      }
      last = join;
    } else {
      // A check that rejects early, with a rework loop back to the check.
      const check = add('userTask', `Review case ${block}`, lane);
      const decision = add('exclusiveGateway', `Complete ${block}?`, lane);
      const reject = add('endEvent', `Rejected ${block}`, lane);
      link(last, check);
      link(check, decision);
      link(decision, reject, 'no');
      const fix = add('userTask', `Fix case ${block}`, lane);
      link(decision, fix, 'needs work');
      link(fix, check);
      const next = add('userTask', `Continue ${block}`, lane);
      link(decision, next, 'yes');
      last = next;
    }
  }
  const endId = add('endEvent', 'Done', 0);
  link(last, endId);

  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const f of flows) {
    outgoing.set(f.from, [...(outgoing.get(f.from) ?? []), f.id]);
    incoming.set(f.to, [...(incoming.get(f.to) ?? []), f.id]);
  }
  const position = new Map(nodes.map((node, i) => [node.id, { x: 100 + i * 120, y: 80 + node.lane * 200 }] as const));
  const attr = (name?: string) => (name ? ` name="${name}"` : '');
  const lanes = [0, 1, 2, 3]
    .map((l) => `<bpmn:lane id="Lane_${l}" name="Role ${l}">${nodes.filter((x) => x.lane === l).map((x) => `<bpmn:flowNodeRef>${x.id}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>`)
    .join('');
  const body = nodes
    .map((x) => `<bpmn:${x.tag} id="${x.id}"${attr(x.name)}>${(incoming.get(x.id) ?? []).map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`).join('')}${(outgoing.get(x.id) ?? []).map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`).join('')}</bpmn:${x.tag}>`)
    .join('\n');
  const edges = flows.map((f) => `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}"${attr(f.name)} />`).join('\n');
  const shapes = nodes.map((x) => `<bpmndi:BPMNShape id="${x.id}_di" bpmnElement="${x.id}"><dc:Bounds x="${position.get(x.id)!.x}" y="${position.get(x.id)!.y}" width="100" height="80" /></bpmndi:BPMNShape>`).join('\n');
  const lines = flows
    .map((f) => `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}"><di:waypoint x="${position.get(f.from)!.x + 100}" y="${position.get(f.from)!.y + 40}" /><di:waypoint x="${position.get(f.to)!.x}" y="${position.get(f.to)!.y + 40}" /></bpmndi:BPMNEdge>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="D" targetNamespace="https://leanflow.dev/bench">
<bpmn:process id="P" isExecutable="false"><bpmn:laneSet id="LS">${lanes}</bpmn:laneSet>
${body}
${edges}
</bpmn:process>
<bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="P">
${shapes}
${lines}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const staticRules = BUILT_IN_RULES.filter((r) => r.kind === 'static');
for (const [size, target, runs] of [[300, 50, 30], [2000, 500, 10]] as const) {
  const parsed = await parseBpmn(generateBpmn(size));
  if (!parsed.graph || !parsed.definitions) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  const times: number[] = [];
  const analysisOnly: number[] = [];
  let last;
  // One warm-up run (JIT), then the measured ones.
  for (let i = 0; i <= runs; i++) {
    const graph = structuredClone(parsed.graph);
    const started = performance.now();
    last = await computeScorecard(staticRules, { graph, definitions: parsed.definitions });
    const elapsed = performance.now() - started;
    const withoutLint = structuredClone(parsed.graph);
    const started2 = performance.now();
    await computeScorecard(staticRules.filter((r) => r.id !== 'bpmnlint'), { graph: withoutLint });
    if (i > 0) {
      times.push(elapsed);
      analysisOnly.push(performance.now() - started2);
    }
  }
  const errors = last!.rules.filter((r) => r.status === 'error');
  if (errors.length > 0) throw new Error(`rules failed: ${errors.map((r) => r.reason).join('; ')}`);
  console.log(
    `static rules, ${parsed.graph.nodes.length} flow nodes / ${parsed.graph.flows.length} flows: median ${median(times).toFixed(1)} ms, ` +
      `min ${Math.min(...times).toFixed(1)} ms (target < ${target} ms; without bpmnlint median ${median(analysisOnly).toFixed(1)} ms; ` +
      `${runs} runs, score ${last!.score!.toFixed(1)})`,
  );
}

// All 20 built-in rules (the 6 dynamic ones answer "not applicable" without a simulation): directly in this thread
// on a parsed file, directly including the parse, and through the plugin host as `leanflow score` and the studio
// run them (graph + XML cloned to the plugin's worker, XML parsed there for bpmnlint, results validated and combined).
const plugin = await loadPlugin(fileURLToPath(new URL('../plugins/lean-scorecard', import.meta.url)));
if (!plugin.ok) throw new Error(plugin.issues.map((i) => i.message).join('; '));
const host = createPluginHost({ services: createMemoryServices(), createTransport: createNodeTransportFactory(), limits: { callTimeoutMs: 30_000 } });
await host.install(plugin.bundle);
const profile = findBuiltInProfile('balanced')!;
for (const [size, runs] of [[300, 30], [2000, 10]] as const) {
  const xml = generateBpmn(size);
  if (process.env['LEANFLOW_BENCH_WRITE']) writeFileSync(`/tmp/bench-${size}.bpmn`, xml);
  const parsed = await parseBpmn(xml);
  const direct: number[] = [];
  const directWithParse: number[] = [];
  const viaHost: number[] = [];
  let directScore: number | null = null;
  let hostScore: number | null = null;
  for (let i = 0; i <= runs; i++) {
    let started = performance.now();
    directScore = (await computeScorecard(BUILT_IN_RULES, { graph: structuredClone(parsed.graph!), definitions: parsed.definitions! }, profile)).score;
    const a = performance.now() - started;
    started = performance.now();
    const fresh = await parseBpmn(xml);
    await computeScorecard(BUILT_IN_RULES, { graph: fresh.graph!, definitions: fresh.definitions! }, profile);
    const b = performance.now() - started;
    started = performance.now();
    const graph = structuredClone(parsed.graph!);
    const report = await host.runScoring({ graph, xml, profile });
    hostScore = (await scorecardFromPlugins(report, host.contributions.scoringRules(), { graph }, profile, { builtInPluginId: LEAN_SCORECARD_PLUGIN_ID })).card.score;
    const c = performance.now() - started;
    if (i > 0) {
      direct.push(a);
      directWithParse.push(b);
      viaHost.push(c);
    }
  }
  if (directScore !== hostScore) {
    const report = await host.runScoring({ graph: structuredClone(parsed.graph!), xml, profile });
    const failed = report.rules.filter((r) => !r.ok || r.failed !== undefined).map((r) => `${r.ruleId}: ${r.ok ? r.failed : r.error}`);
    throw new Error(`the host scored ${hostScore}, directly ${directScore}: ${failed.join('; ').slice(0, 2000)}`);
  }
  console.log(
    `20 rules, ${parsed.graph!.nodes.length} flow nodes: direct median ${median(direct).toFixed(1)} ms (min ${Math.min(...direct).toFixed(1)}), ` +
      `direct incl. parse ${median(directWithParse).toFixed(1)} ms (min ${Math.min(...directWithParse).toFixed(1)}), ` +
      `through the plugin host ${median(viaHost).toFixed(1)} ms (min ${Math.min(...viaHost).toFixed(1)}); same score ${hostScore?.toFixed(2)}; ${runs} runs`,
  );
}
await host.dispose();

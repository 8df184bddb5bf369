// How long a hostile payload blocks the host's thread (issue 11, item 5): a scoring rule that returns 1,000,000
// findings, and a view table at the limits. The main-thread block is the longest gap of a 1 ms timer while the
// host receives and checks the payload. Run with `pnpm bench payloads`.
import type { ProcessGraph } from '../packages/plugin-api/src/index.ts';
import { createMemoryServices, createNodeTransportFactory, createPluginHost } from '../packages/plugin-host/src/index.ts';

const graph: ProcessGraph = { processes: [], participants: [], lanes: [], nodes: [], flows: [], messageFlows: [], dataElements: [] };
const manifest = {
  id: 'bench.payloads',
  name: 'Payloads',
  version: '1.0.0',
  publisher: 'bench',
  main: 'plugin.js',
  engines: { leanflow: '^1.0.0' },
  permissions: ['readModel'],
  contributes: { scoringRules: [{ id: 'bench.many', title: 'Many findings' }], commands: [{ command: 'bench.table', title: 'Table' }], views: [{ id: 'bench.view', name: 'V', kind: 'table' }] },
};
const code = `export function activate(context) {
  context.scoring.registerRule('bench.many', { evaluate: () => ({ score: 50, findings: Array.from({ length: 1000000 }, () => ({ severity: 'info', message: 'finding', elementIds: ['Task_1'] })) }) });
  context.commands.registerCommand('bench.table', () => {
    const columns = Array.from({ length: 20 }, (_, c) => ({ key: 'c' + c, title: 'Column ' + c }));
    const rows = Array.from({ length: 10000 }, (_, r) => Object.fromEntries(columns.map((c, i) => [c.key, r * 20 + i])));
    context.views.setViewContent('bench.view', { kind: 'table', columns, rows });
    return rows.length;
  });
}`;

/** Runs `work` and reports the longest gap between ticks of a 1 ms timer on this thread meanwhile. */
async function longestBlock(work: () => Promise<unknown>): Promise<{ blockMs: number; totalMs: number; result: unknown }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const result = await work();
  const totalMs = performance.now() - started;
  clearInterval(timer);
  longest = Math.max(longest, performance.now() - last);
  return { blockMs: longest, totalMs, result };
}

const host = createPluginHost({ services: createMemoryServices({ model: { uri: 'bench.bpmn', version: 1, graph } }), createTransport: createNodeTransportFactory(), limits: { memoryLimitMb: 1024 } });
await host.install({ manifest, code });
await host.activate('bench.payloads');
for (let i = 0; i < 3; i++) {
  const scoring = await longestBlock(() => host.runScoring());
  const rule = (scoring.result as Awaited<ReturnType<typeof host.runScoring>>).rules[0];
  if (!rule) throw new Error(`no result: ${host.status('bench.payloads')?.reason}`);
  console.log(`1,000,000 findings: longest block of the host thread ${scoring.blockMs.toFixed(0)} ms, call ${scoring.totalMs.toFixed(0)} ms, ${rule.ok ? `accepted ${rule.findings.length}` : `refused: ${rule.error}`}`);
}
for (let i = 0; i < 3; i++) {
  const table = await longestBlock(() => host.executeCommand('bench.table'));
  console.log(`table 10,000 x 20 (within limits): longest block ${table.blockMs.toFixed(0)} ms, call ${table.totalMs.toFixed(0)} ms, view ${host.contributions.viewContent('bench.view') ? 'shown' : 'refused'}`);
}
await host.dispose();

// Simulation speed: element executions per second on one core, 100,000 cases of a 30-task process with
// resources and gateways, and how run time grows with model size and case count.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildGraph, simulateSync, type GraphNodeSpec, type GraphSpec } from '../packages/sim/src/index.ts';
import type { ScenarioInput } from '../packages/model/src/index.ts';

const LANES = ['L1', 'L2', 'L3'];

/**
 * A process of `blocks` x 6 tasks: each block is task -> XOR (70/30) choice of two tasks -> parallel pair ->
 * a task with a 10% rework loop. Tasks rotate over three lanes, each with its own pool sized for ~70% load.
 */
function generate(blocks: number): { graph: ReturnType<typeof buildGraph>; scenario: ScenarioInput; tasks: number } {
  const nodes: GraphNodeSpec[] = [{ id: 'Start', kind: 'startEvent' }];
  const flows: [string, string, string][] = [];
  const tasks: ScenarioInput['tasks'] = {};
  const gateways: ScenarioInput['gateways'] = {};
  let taskCount = 0;
  const task = (id: string) => {
    nodes.push({ id, kind: 'userTask', laneId: LANES[taskCount++ % LANES.length] });
    tasks[id] = { duration: { type: 'exponential', mean: 5 } };
  };
  const gateway = (id: string, kind: GraphNodeSpec['kind']) => nodes.push({ id, kind });
  const flow = (a: string, b: string) => flows.push([a, b, `${a}->${b}`]);
  let previous = 'Start';
  for (let b = 0; b < blocks; b++) {
    const p = `B${b}_`;
    task(`${p}T0`);
    gateway(`${p}X`, 'exclusiveGateway');
    task(`${p}T1`);
    task(`${p}T2`);
    gateway(`${p}XM`, 'exclusiveGateway');
    gateway(`${p}P`, 'parallelGateway');
    task(`${p}T3`);
    task(`${p}T4`);
    gateway(`${p}PJ`, 'parallelGateway');
    gateway(`${p}M`, 'exclusiveGateway');
    task(`${p}T5`);
    gateway(`${p}R`, 'exclusiveGateway');
    flow(previous, `${p}T0`);
    flow(`${p}T0`, `${p}X`);
    flow(`${p}X`, `${p}T1`);
    flow(`${p}X`, `${p}T2`);
    flow(`${p}T1`, `${p}XM`);
    flow(`${p}T2`, `${p}XM`);
    flow(`${p}XM`, `${p}P`);
    flow(`${p}P`, `${p}T3`);
    flow(`${p}P`, `${p}T4`);
    flow(`${p}T3`, `${p}PJ`);
    flow(`${p}T4`, `${p}PJ`);
    flow(`${p}PJ`, `${p}M`);
    flow(`${p}M`, `${p}T5`);
    flow(`${p}T5`, `${p}R`);
    flow(`${p}R`, `${p}M`);
    gateways[`${p}X`] = { probabilities: { [`${p}X->${p}T1`]: 0.7, [`${p}X->${p}T2`]: 0.3 } };
    previous = `${p}R`;
  }
  nodes.push({ id: 'End', kind: 'endEvent' });
  flow(previous, 'End');
  for (let b = 0; b < blocks; b++) {
    const p = `B${b}_`;
    const next = b + 1 < blocks ? `B${b + 1}_T0` : 'End';
    gateways[`${p}R`] = { probabilities: { [`${p}R->${p}M`]: 0.1, [`${p}R->${next}`]: 0.9 } };
  }
  // Work per case: 5.11 task visits per block x 5 min, spread over three pools; a case every 10 minutes.
  const loadPerPool = (blocks * 5.11 * 5) / 3 / 10;
  const headcount = Math.max(1, Math.ceil(loadPerPool / 0.7));
  const spec: GraphSpec = { nodes, flows, lanes: LANES.map((id) => ({ id })) };
  return {
    graph: buildGraph(spec),
    tasks: taskCount,
    scenario: {
      id: 'bench',
      name: 'bench',
      pools: LANES.map((lane) => ({ id: `P${lane}`, name: `Pool ${lane}`, headcount, costPerHour: 40, laneIds: [lane] })),
      arrivals: { Start: { interArrival: { type: 'exponential', mean: 10 } } },
      tasks,
      gateways,
    },
  };
}

/**
 * The same process with what real teams have: two case types (VIP 20%, priority 1, quicker first task and more
 * rework), a weekly arrival profile (9 cases an hour 08:00-20:00, 3 at night: the same 6 an hour on average) and
 * shift plans that follow it.
 */
function segmented(blocks: number): ReturnType<typeof generate> {
  const model = generate(blocks);
  const loadPerPool = (blocks * 5.11 * 5) / 3 / 10;
  const day = Math.max(1, Math.ceil((1.5 * loadPerPool) / 0.7));
  const night = Math.max(1, Math.ceil((0.5 * loadPerPool) / 0.7));
  const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const periods = <T extends object>(dayValue: T, nightValue: T) => [
    { days: [...all], from: '00:00', to: '08:00', ...nightValue },
    { days: [...all], from: '08:00', to: '20:00', ...dayValue },
    { days: [...all], from: '20:00', to: '24:00', ...nightValue },
  ];
  const scenario = model.scenario;
  return {
    ...model,
    scenario: {
      ...scenario,
      pools: (scenario.pools ?? []).map((p) => ({ ...p, headcount: day, shifts: { periods: periods({ headcount: day }, { headcount: night }) } })),
      arrivals: { Start: { interArrival: { type: 'exponential', mean: 10 }, profile: { periods: periods({ casesPerHour: 9 }, { casesPerHour: 3 }) } } },
      caseTypes: [
        { id: 'standard', name: 'Standard', share: 0.8, priority: 0 },
        {
          id: 'vip',
          name: 'VIP',
          share: 0.2,
          priority: 1,
          tasks: { B0_T0: { duration: { type: 'exponential', mean: 3 } } },
          gateways: { B0_X: { probabilities: { 'B0_X->B0_T1': 0.3, 'B0_X->B0_T2': 0.7 } } },
        },
      ],
    },
  };
}

function time(blocks: number, cases: number, replications = 1, make: (blocks: number) => ReturnType<typeof generate> = generate) {
  const model = make(blocks);
  const started = performance.now();
  const outcome = simulateSync(model.graph, model.scenario, { cases, replications, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return { seconds, executions: outcome.elementExecutions, events: outcome.events, tasks: model.tasks, utilisation: outcome.pools[0].utilisation };
}

// Warm the JIT up first.
time(5, 20_000);

const main = time(5, 100_000);
const repeat = time(5, 100_000);
const best = main.seconds < repeat.seconds ? main : repeat;
console.log(`30-task process (3 pools at ${(best.utilisation * 100).toFixed(0)}% utilisation, XOR, AND, rework loops):`);
console.log(`  100,000 cases: ${best.seconds.toFixed(3)} s, ${best.executions.toLocaleString('en')} element executions, ${best.events.toLocaleString('en')} events`);
console.log(`  element executions per second (one core): ${(best.executions / best.seconds / 1e6).toFixed(2)} million`);

// The same process with case types, priorities, a weekly arrival profile and shift plans (target >= 5 M exec/s).
time(5, 20_000, 1, segmented);
const seg = [time(5, 100_000, 1, segmented), time(5, 100_000, 1, segmented)].reduce((a, b) => (a.seconds < b.seconds ? a : b));
const segRate = seg.executions / seg.seconds / 1e6;
const plainRate = best.executions / best.seconds / 1e6;
console.log('the same with 2 case types (priority queues, VIP overrides), a weekly arrival profile and shift plans:');
console.log(`  100,000 cases: ${seg.seconds.toFixed(3)} s, ${seg.executions.toLocaleString('en')} element executions, ${seg.events.toLocaleString('en')} events`);
console.log(`  element executions per second (one core): ${segRate.toFixed(2)} million (target >= 5), ${((segRate / plainRate) * 100).toFixed(0)}% of the plain model's rate`);

console.log('\nrun time (s) by model size and cases per replication (1 replication):');
const sizes = [1, 5, 17, 50];
const caseCounts = [10_000, 100_000, 300_000];
console.log(`  ${'tasks'.padStart(6)} | ${caseCounts.map((c) => `${c.toLocaleString('en')} cases`.padStart(15)).join(' | ')} | M exec/s`);
for (const blocks of sizes) {
  const cells: string[] = [];
  let rate = 0;
  for (const cases of caseCounts) {
    if (blocks * cases > 50 * 100_000) {
      cells.push('-'.padStart(15));
      continue;
    }
    const r = time(blocks, cases);
    rate = r.executions / r.seconds / 1e6;
    cells.push(r.seconds.toFixed(3).padStart(15));
  }
  console.log(`  ${String(blocks * 6).padStart(6)} | ${cells.join(' | ')} | ${rate.toFixed(2)}`);
}

// The same 30-task process in Chromium, in a Web Worker (how the studio runs it). Skipped without Chromium.
const chromiumPath = process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromiumPath)) {
  const bundle = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: fileURLToPath(new URL('./sim-worker-entry.ts', import.meta.url)), formats: ['iife'], name: 'simWorker' },
    },
  });
  const outputs = Array.isArray(bundle) ? bundle : [bundle];
  const chunk = outputs.flatMap((o) => ('output' in o ? o.output : [])).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('worker bundle missing');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage();
    const model = generate(5);
    // A plain string: tsx would wrap a function literal in helpers that do not exist in the page.
    const script = `(async ({ code, graph, scenario }) => {
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      const run = (cases) => new Promise((resolve) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.postMessage({ graph, scenario, cases });
      });
      await run(20000);
      const first = await run(100000);
      const second = await run(100000);
      worker.terminate();
      return [first, second];
    })(${JSON.stringify({ code: chunk.code, graph: model.graph, scenario: model.scenario })})`;
    const timings = (await page.evaluate(script)) as { seconds: number; executions: number }[];
    const best = timings.reduce((a, b) => (a.seconds < b.seconds ? a : b));
    const version = browser.version();
    console.log(`\nChromium ${version}, Web Worker, same 30-task process:`);
    console.log(`  100,000 cases: ${best.seconds.toFixed(3)} s (target < 2 s), ${(best.executions / best.seconds / 1e6).toFixed(2)} million element executions per second`);
  } finally {
    await browser.close();
  }
} else console.log(`\n(Chromium not found at ${chromiumPath}: browser worker timing skipped)`);

// Simulation speed, each row next to its baseline in the same run: element executions per CPU-second on a 30-task
// process (the engine before this branch | now), M/M/3 in the engine against a bare event loop, 10 replications on
// one thread and on two, peak memory of 20 replications; then how run time grows with model size and case count,
// and the engine in Chromium's Web Worker.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import type { ReplicationRunner, createRandomStream, simulateSync } from '../packages/sim/src/index.ts';
import { baselineRef, bundleParallel, bundleSim, removeBaselineSim, unpackBaselineSim } from './baseline.ts';
import type * as ParallelEntry from './parallel-entry.ts';
import { bareMM3 } from './mm3-bare.ts';
import { MM3_GRAPH, MM3_SCENARIO } from './mm3-model.ts';
import { generate } from './sim-model.ts';

// From sources (tsx): the parallel row (its worker runs the sources too) and the size table.
const sim = (await import('../packages/sim/src/index.ts')) as SimModule;
const baselineUrl = unpackBaselineSim();
// The engine rows compare both engines as they ship: bundled by esbuild with the packages' tsconfig.
const builtNow = (await import(await bundleSim(new URL('../packages/sim/src/index.ts', import.meta.url).href, 'now'))) as SimModule;
const builtBefore = (await import(await bundleSim(baselineUrl, 'before'))) as SimModule;
type SimModule = { simulateSync: typeof simulateSync; createRandomStream: typeof createRandomStream };
type ParallelModule = typeof ParallelEntry;

/** Runs `f` and returns its result with the CPU seconds it took (this process; other jobs on the machine do not count). */
function cpu<T>(f: () => T): { result: T; seconds: number; wall: number } {
  const before = process.cpuUsage();
  const started = performance.now();
  const result = f();
  const used = process.cpuUsage(before);
  return { result, seconds: (used.user + used.system) / 1e6, wall: (performance.now() - started) / 1000 };
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

function time(blocks: number, cases: number, replications = 1, engine: SimModule = sim, make: (blocks: number) => ReturnType<typeof generate> = generate) {
  const model = make(blocks);
  const started = performance.now();
  const outcome = engine.simulateSync(model.graph, model.scenario, { cases, replications, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return { seconds, executions: outcome.elementExecutions, events: outcome.events, tasks: model.tasks, utilisation: outcome.pools[0].utilisation };
}

// LEANFLOW_SIM_ONLY=engine,parallel,memory: only those rows (engine: rows 1, 1b and 2), then stop.
const only = process.env.LEANFLOW_SIM_ONLY?.split(',');
const want = (row: string) => !only || only.includes(row);
const range = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
/** "median [min-max]" of repeated runs. */
const spread = (xs: number[], digits = 2) => `${median(xs).toFixed(digits)} [${range(xs, digits)}]`;
console.log(`machine load (uptime): ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log(`baseline: the engine at ${baselineRef().slice(0, 10)} (merge base with main), run in this same process`);
console.log('engine rows (1, 1b, 2): both engines bundled by esbuild as the CLI and the studio ship them\n');

// Warm the JIT up first.
time(5, 20_000, 1, builtNow);
time(5, 20_000, 1, builtBefore);

// 1. Element executions per CPU-second on the 30-task process, before | now, interleaved runs.
if (want('engine')) {
  const model = generate(5);
  const rates: Record<'before' | 'now', number[]> = { before: [], now: [] };
  let executions = 0;
  let events = 0;
  let utilisation = 0;
  for (let i = 0; i < 5; i++)
    for (const [name, engine] of [['before', builtBefore], ['now', builtNow]] as const) {
      const run = cpu(() => engine.simulateSync(model.graph, model.scenario, { cases: 100_000, replications: 1, seed: 1 }));
      if (!run.result.ok) throw new Error('bench model rejected');
      executions = run.result.elementExecutions;
      events = run.result.events;
      utilisation = run.result.pools[0].utilisation;
      rates[name].push(executions / run.seconds / 1e6);
    }
  console.log(`30-task process (3 pools at ${(utilisation * 100).toFixed(0)}% utilisation, XOR, AND, rework loops), 100,000 cases, one core:`);
  console.log(`  ${executions.toLocaleString('en')} element executions, ${events.toLocaleString('en')} events`);
  console.log(`  million element executions per CPU-second, median [range] of 5 interleaved runs | before ${spread(rates.before)} | now ${spread(rates.now)} (${((median(rates.now) / median(rates.before) - 1) * 100).toFixed(0)}% more) | target >= 8`);
}

// 1b. The same process with case types, priorities, a weekly arrival profile and shift plans (this engine only: the
// baseline has none of them), next to the plain model in the same run.
if (want('engine')) {
  time(5, 20_000, 1, builtNow, segmented);
  const rate = (make: (blocks: number) => ReturnType<typeof generate>) => {
    const runs = [0, 1, 2].map(() => cpu(() => time(5, 100_000, 1, builtNow, make)));
    return { rates: runs.map((r) => r.result.executions / r.seconds / 1e6), last: runs[runs.length - 1].result };
  };
  const plain = rate(generate);
  const seg = rate(segmented);
  const share = Math.max(...seg.rates) / Math.max(...plain.rates);
  console.log('\nthe same with 2 case types (priority queues, VIP overrides), a weekly arrival profile and shift plans, 100,000 cases, one core:');
  console.log(`  ${seg.last.executions.toLocaleString('en')} element executions, ${seg.last.events.toLocaleString('en')} events`);
  console.log(`  million element executions per CPU-second | plain ${range(plain.rates)} | segmented ${range(seg.rates)} (${(share * 100).toFixed(0)}% of plain) | target >= 5`);
}

// 2. The same M/M/3 queue in the engine and as a bare event loop: CPU time per million cases. M/M/3 runs on the
// sequence engine (one path per case); the general engine is forced for the same model next to it.
if (want('engine')) {
  const N = 1_000_000;
  // The bare loop draws from the bundled engine's generator (the same compiled code as the engines' own).
  const bare1 = (n: number) => bareMM3(n, 1, builtNow.createRandomStream);
  bare1(100_000);
  builtNow.simulateSync(MM3_GRAPH, MM3_SCENARIO, { cases: 100_000, replications: 1, seed: 1 });
  builtNow.simulateSync(MM3_GRAPH, MM3_SCENARIO, { cases: 100_000, replications: 1, seed: 1, engine: 'general' });
  const bare: number[] = [];
  const before: number[] = [];
  const general: number[] = [];
  const now: number[] = [];
  let same = true;
  for (let i = 0; i < 7; i++) {
    bare.push(cpu(() => bare1(N)).seconds);
    before.push(cpu(() => builtBefore.simulateSync(MM3_GRAPH, MM3_SCENARIO, { cases: N, replications: 1, seed: 1 })).seconds);
    const g = cpu(() => builtNow.simulateSync(MM3_GRAPH, MM3_SCENARIO, { cases: N, replications: 1, seed: 1, engine: 'general' }));
    general.push(g.seconds);
    const n = cpu(() => builtNow.simulateSync(MM3_GRAPH, MM3_SCENARIO, { cases: N, replications: 1, seed: 1 }));
    now.push(n.seconds);
    if (i === 0) same = JSON.stringify(g.result) === JSON.stringify(n.result);
  }
  const best = (xs: number[]) => Math.min(...xs);
  // Ratios of the same round (the four ran back to back), so a busier moment of the machine weighs on all of them.
  const ratio = (xs: number[]) => xs.map((x, i) => x / bare[i]);
  console.log(`\nM/M/3 (rho 0.8), 1,000,000 cases, CPU seconds (best of 7) | bare event loop ${best(bare).toFixed(3)} | engine before ${best(before).toFixed(3)} (${(best(before) / best(bare)).toFixed(2)}x) | now, general engine ${best(general).toFixed(3)} (${(best(general) / best(bare)).toFixed(2)}x) | now ${best(now).toFixed(3)} (${(best(now) / best(bare)).toFixed(2)}x) | target <= 2x`);
  console.log(`  ratio to the bare loop per round, median [range] | before ${spread(ratio(before))}x | now, general engine ${spread(ratio(general))}x | now (sequence engine) ${spread(ratio(now))}x | same result on both engines: ${same ? 'yes' : 'NO'}`);
}

// 3. Ten replications on one thread and on two (this thread + one worker thread, as `leanflow simulate` does), wall
// clock, interleaved 3 times: "before" deals as the merge base did (this thread runs a whole replication at a time,
// so a worker that finishes meanwhile waits for it), "now" runs this thread's replications in slices. A fresh pool
// each time, so the worker's start-up counts. The pool, the engine and the worker are bundled as the built CLI
// ships them (until 2026-12-07 this row ran them from sources, with tsx compiling the engine in each new worker).
if (want('parallel')) {
  const { createReplicationPool, runReplicationJob, simulateInParallel, simulateSync: simulateHere } = (await import(await bundleParallel())) as ParallelModule;
  const model = generate(5);
  // 100,000 cases per replication, as in row 1 (about 0.75 s each on this machine). LEANFLOW_SIM_PARALLEL_CASES
  // changes it: at 30,000 (0.2 s each, this row's size until 2026-12-07) a worker's start-up and its JIT warm-up, and
  // one replication more on one thread than on the other, weigh several times as much.
  const options = { cases: Number(process.env.LEANFLOW_SIM_PARALLEL_CASES ?? 100_000), replications: 10, seed: 1 };
  const serialWall: number[] = [];
  const beforeWall: number[] = [];
  const nowWall: number[] = [];
  const warmWall: number[] = [];
  let serial: ReturnType<typeof simulateHere> | null = null;
  let same = true;
  const wholeHere: ReplicationRunner = { run: (job) => new Promise((resolve) => setImmediate(() => resolve(runReplicationJob(job)))) };
  const parallel = async (pick: (runners: readonly ReplicationRunner[]) => readonly ReplicationRunner[], warm: boolean) => {
    const pool = createReplicationPool(2);
    try {
      if (warm) await simulateInParallel(model.graph, model.scenario, { cases: 200, replications: 2, seed: 1 }, pool.runners);
      const started = performance.now();
      let updates = 0;
      const result = await simulateInParallel(model.graph, model.scenario, { ...options, onProgress: () => updates++ }, pick(pool.runners));
      const wall = (performance.now() - started) / 1000;
      same &&= JSON.stringify(result) === JSON.stringify(serial);
      return { wall, updates };
    } finally {
      await pool.close();
    }
  };
  let updates = { before: 0, now: 0 };
  for (let i = 0; i < 3; i++) {
    const one = cpu(() => simulateHere(model.graph, model.scenario, options));
    serial = one.result;
    serialWall.push(one.wall);
    const before = await parallel((runners) => [runners[0], wholeHere], false);
    beforeWall.push(before.wall);
    const now = await parallel((runners) => runners, false);
    nowWall.push(now.wall);
    warmWall.push((await parallel((runners) => runners, true)).wall);
    updates = { before: before.updates, now: now.updates };
  }
  const med = median;
  const speedUp = (xs: number[]) => serialWall.map((s, i) => s / xs[i]);
  console.log(`\n10 replications x ${options.cases.toLocaleString('en')} cases of the 30-task process, wall clock, 3 interleaved rounds (median [range]):`);
  console.log(`  1 thread ${med(serialWall).toFixed(2)} s [${range(serialWall)}]`);
  console.log(`  2 threads, before (this thread runs whole replications) ${med(beforeWall).toFixed(2)} s [${range(beforeWall)}]: speed-up ${med(speedUp(beforeWall)).toFixed(2)}x [${range(speedUp(beforeWall))}], ${updates.before} progress updates`);
  console.log(`  2 threads, now (this thread runs slices) ${med(nowWall).toFixed(2)} s [${range(nowWall)}]: speed-up ${med(speedUp(nowWall)).toFixed(2)}x [${range(speedUp(nowWall))}], ${updates.now} progress updates`);
  console.log(`  2 threads, now, worker already started ${med(warmWall).toFixed(2)} s [${range(warmWall)}]: speed-up ${med(speedUp(warmWall)).toFixed(2)}x [${range(speedUp(warmWall))}] | target >= 1.7x | same result: ${same ? 'yes' : 'NO'}`);
}

// 4. Peak memory of a whole run in a fresh process: M/M/3, cases x 20 replications, before | now.
if (want('memory')) {
  const child = (url: string, cases: number) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sim-memory-child.ts', import.meta.url)), url, String(cases), '20'], { encoding: 'utf8' })) as { peakMb: number; cpuSeconds: number };
  const nowUrl = new URL('../packages/sim/src/index.ts', import.meta.url).href;
  console.log('\npeak resident memory of a whole run (fresh process, M/M/3, 20 replications):');
  for (const cases of [100_000, 1_000_000]) {
    const before = child(baselineUrl, cases);
    const now = child(nowUrl, cases);
    console.log(`  ${cases.toLocaleString('en')} cases x 20 | before ${before.peakMb.toFixed(0)} MB (${before.cpuSeconds.toFixed(1)} CPU s) | now ${now.peakMb.toFixed(0)} MB (${now.cpuSeconds.toFixed(1)} CPU s)${cases === 1_000_000 ? ' | target < 300 MB' : ''}`);
  }
}
removeBaselineSim();
// LEANFLOW_SIM_BENCH=rows: only the rows above (the size table and Chromium take minutes on a loaded machine).
if (process.env.LEANFLOW_SIM_BENCH === 'rows' || only) process.exit(0);

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
  // Imported only here, after every CPU row: loading vite or playwright-core detaches an ArrayBuffer somewhere
  // (V8 then drops its "no buffer was ever detached" fast path, and every typed-array access in this process pays
  // a check: about 17% slower engines, measured 2026-12-07).
  const { chromium } = await import('playwright-core');
  const { build } = await import('vite');
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

// `leanflow optimise <file>`: the cheapest staffing per pool that meets a service target, and the Pareto front of
// cost against service. Staffings are simulated in parallel on worker threads (see docs/optimise.md).
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import {
  optimiseStaffing,
  parseStaffingTarget,
  spreadEvaluations,
  type StaffingEvaluation,
  type StaffingEvaluator,
  type StaffingOptimisation,
  type StaffingPoint,
  type StaffingRunOptions,
  type StaffingTarget,
} from '@leanflow/analysis';
import { durationToSeconds, type Scenario } from '@leanflow/model';
import { UserInputError, type CliCommand } from '../command.ts';
import { readFormat, readInteger, readUserBytes } from '../io.ts';
import { startModuleWorker } from '../worker-threads.ts';
import { loadScenario } from './simulate.ts';
import type { OptimiseWorkerInit, OptimiseWorkerJob } from './optimise.worker.ts';

const FORMATS = ['table', 'json'] as const;

type WorkerReply = { kind: 'ready' } | { kind: 'done'; id: number; evaluations: StaffingEvaluation[] } | { kind: 'failed'; message: string };

/** Spreads staffings over worker threads; each reads the model once. Dispose with `close`. */
async function startWorkerPool(count: number, init: Omit<OptimiseWorkerInit, 'kind'>): Promise<{ evaluate: StaffingEvaluator; close: () => Promise<void> }> {
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (e: StaffingEvaluation[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const worker = startModuleWorker(new URL('./optimise.worker.ts', import.meta.url));
    ready.push(
      new Promise<void>((resolve, reject) => {
        worker.on('message', (reply: WorkerReply) => {
          if (reply.kind === 'ready') resolve();
          else if (reply.kind === 'done') pending.get(reply.id)?.resolve(reply.evaluations);
          else {
            const error = new Error(reply.message);
            reject(error);
            for (const p of pending.values()) p.reject(error);
          }
        });
        worker.on('error', (error) => {
          reject(error);
          for (const p of pending.values()) p.reject(error);
        });
      }),
    );
    worker.postMessage({ kind: 'init', ...init } satisfies OptimiseWorkerInit);
    workers.push(worker);
  }
  await Promise.all(ready);
  const evaluate = spreadEvaluations(
    workers.map(
      (worker) => (part: readonly (readonly number[])[]) =>
        new Promise<StaffingEvaluation[]>((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve: (e) => (pending.delete(id), resolve(e)), reject });
          worker.postMessage({ kind: 'evaluate', id, staffings: part } satisfies OptimiseWorkerJob);
        }),
    ),
  );
  return { evaluate, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

const round = (x: number | null, digits = 6) => (x !== null && Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const interval = (ci: readonly [number, number] | null) => (ci ? [round(ci[0]), round(ci[1])] : null);

function pointJson(p: StaffingPoint) {
  return {
    staffing: p.staffing,
    costPerCase: round(p.costPerCase, 2),
    costPerWeek: round(p.costPerWeek, 2),
    firstResponseWithinSla: round(p.firstResponseWithinSla),
    cycleTime: round(p.cycleTime),
    firstResponseWithinSlaCi95: interval(p.firstResponseWithinSlaCi95),
    cycleTimeCi95: interval(p.cycleTimeCi95),
    withinTarget: round(p.withinTarget),
    withinTargetCi95: interval(p.withinTargetCi95),
    meetsTarget: p.meetsTarget,
    onFront: p.onFront,
    people: p.people,
    headcounts: p.headcounts,
  };
}

/** The `--format json` document (times in seconds, shares 0..1). Fields are only ever added, never renamed. */
export function optimisationJson(result: StaffingOptimisation, scenario: Pick<Scenario, 'id' | 'name'>, threads: number) {
  return {
    scenario: { id: scenario.id, name: scenario.name },
    target: { kpi: result.target.kpi, withinSeconds: result.target.withinSeconds, share: result.target.share, description: result.target.description },
    current: pointJson(result.current),
    currentOnFront: result.currentOnFront,
    front: result.front.map(pointJson),
    recommended: result.recommended ? { ...pointJson(result.recommended), reason: result.recommended.reason } : null,
    reason: result.reason,
    evaluations: result.evaluations,
    seconds: round(result.seconds, 3),
    threads,
    method: result.method,
    replications: result.replications,
    seed: result.seed,
    casesPerWeek: round(result.casesPerWeek, 3),
    currency: result.currency,
    costUnit: result.costUnit,
    costBasis: result.costBasis,
    pools: result.pools.map((p) => ({ ...p, offeredLoad: round(p.offeredLoad), paidHoursPerWeek: round(p.paidHoursPerWeek, 3) })),
    notes: result.notes,
  };
}

function hours(seconds: number): string {
  return seconds >= 2 * 86400 ? `${(seconds / 86400).toFixed(2)} d` : seconds >= 7200 ? `${(seconds / 3600).toFixed(2)} h` : `${(seconds / 60).toFixed(1)} min`;
}

function table(result: StaffingOptimisation, scenario: Scenario, threads: number, run: StaffingRunOptions): string {
  const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const ci = (c: readonly [number, number] | null) => (c ? ` (${pct(c[0])}–${pct(c[1])})` : '');
  const money = (x: number) => (result.costUnit === 'currency' ? `${Math.round(x).toLocaleString('en')} ${result.currency}` : '-');
  const lines = [
    `Staffing for ${result.target.description}: scenario "${scenario.name}", ${run.cases ?? scenario.cases} cases x ${result.replications} replications, seed ${result.seed}`,
    `Simulated ${result.evaluations} staffings (${result.method}) in ${result.seconds.toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'}. Cost: ${result.costUnit === 'currency' ? 'everyone paid for their open hours' : 'people (no pool has a cost per hour)'}.`,
    '',
    'Pools (people now, range searched, work in people kept busy):',
    ...result.pools.map((p) => `  ${p.name.padEnd(24)} now ${String(p.current).padStart(3)}   searched ${p.keepsHeadcount ? 'kept (no work)' : `${p.min}–${p.max}`}   load ${p.offeredLoad.toFixed(2)}${p.overloadedNow ? '   OVERLOADED now' : ''}`),
    '',
    'Pareto front, cheapest first (* today, > recommended; intervals are 95%):',
  ];
  const rows = result.front.map((p) => {
    const mark = `${p.people === result.current.people && JSON.stringify(p.headcounts) === JSON.stringify(result.current.headcounts) ? '*' : ' '}${result.recommended && JSON.stringify(p.headcounts) === JSON.stringify(result.recommended.headcounts) ? '>' : ' '}`;
    const staffing = Object.entries(p.staffing).map(([name, n]) => `${name} ${n}`).join(', ');
    return [mark, money(p.costPerWeek), money(p.costPerCase), `${pct(p.withinTarget)}${ci(p.withinTargetCi95)}`, hours(p.cycleTime), staffing];
  });
  const header = [' ', 'cost/week', 'cost/case', 'meets target', 'cycle time', 'staffing'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  for (const row of [header, ...rows]) lines.push(`  ${row.map((cell, c) => (c === 5 ? cell : c === 0 ? cell.padEnd(2) : cell.padStart(widths[c]!))).join('  ')}`.trimEnd());
  if (!result.currentOnFront) lines.push('', `Today (${money(result.current.costPerWeek)} a week, ${pct(result.current.withinTarget)}) is not on the front: a staffing found costs no more and serves customers at least as well.`);
  lines.push('', result.recommended ? `Recommended: ${result.reason}` : `No recommendation: ${result.reason}`);
  for (const note of result.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export const optimiseCommand: CliCommand = {
  name: 'optimise',
  summary: 'Find the cheapest staffing per pool that meets a service target (Pareto front of cost vs service)',
  usage: [
    'leanflow optimise <file.bpmn> [--scenario NAME] [--target first-response:2h:90%] [--max-headcount N] [--budget X] [--seed S] [--format table|json]',
    '',
    '  --scenario NAME      scenario id or name stored in the file (default: the active one)',
    '  --target KPI:TIME:SHARE  what to reach: first-response or cycle-time, within TIME (s, min, h, d), for SHARE of',
    '                       cases (default: first-response within the scenario\'s first-response target, 90%)',
    '  --max-headcount N    at most N people per pool',
    '  --budget X           at most X (the scenario\'s currency) a week for staffing',
    '  --cases N, --replications R, --seed S   simulation settings (default: the scenario\'s); every staffing uses',
    '                       the same random numbers',
    '  --threads N          worker threads (default: the cores, at most 4; 1 runs in this thread)',
    '  --format F           table (default) or json',
  ].join('\n'),
  options: {
    scenario: { type: 'string' },
    target: { type: 'string' },
    'max-headcount': { type: 'string' },
    budget: { type: 'string' },
    cases: { type: 'string' },
    replications: { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    format: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UserInputError('Give exactly one BPMN file, e.g. `pnpm leanflow optimise process.bpmn --target first-response:2h:90%`.');
    const format = readFormat(values.format, FORMATS, 'table');
    const maxHeadcount = readInteger('max-headcount', values['max-headcount'], { min: 1 });
    const cases = readInteger('cases', values.cases, { min: 1 });
    const replications = readInteger('replications', values.replications, { min: 2 });
    const seed = readInteger('seed', values.seed, { min: 0 });
    const threads = readInteger('threads', values.threads, { min: 1 }) ?? Math.min(4, Math.max(1, availableParallelism()));
    let budget: number | undefined;
    if (values.budget !== undefined) {
      budget = Number(values.budget);
      if (typeof values.budget !== 'string' || !Number.isFinite(budget) || budget < 0) throw new UserInputError(`--budget needs an amount a week such as 15000, got "${String(values.budget)}".`);
    }
    const file = positionals[0]!;
    const { graph, scenario, notes } = await loadScenario(io, file, typeof values.scenario === 'string' ? values.scenario : undefined);
    for (const note of notes) if (note.severity === 'warning') io.stderr(`warning: ${note.message}\n`);
    let target: StaffingTarget = { kpi: 'first-response', withinSeconds: durationToSeconds(scenario.targets.firstResponseSla), share: 0.9 };
    if (typeof values.target === 'string') {
      const parsed = parseStaffingTarget(values.target);
      if (!parsed.ok) throw new UserInputError(parsed.message);
      target = parsed.target;
    }
    const run: StaffingRunOptions = { ...(cases === undefined ? {} : { cases }), replications: replications ?? Math.max(2, scenario.replications), seed: seed ?? scenario.seed };
    const pool = threads > 1 ? await startWorkerPool(threads, { bytes: await readUserBytes(io, file), scenario, target, run }) : undefined;
    let result: StaffingOptimisation;
    try {
      result = await optimiseStaffing(graph, scenario, {
        target,
        ...run,
        ...(maxHeadcount === undefined ? {} : { maxHeadcount }),
        ...(budget === undefined ? {} : { budget }),
        ...(pool ? { evaluate: pool.evaluate } : {}),
      });
    } catch (error) {
      throw new UserInputError(`${file} cannot be optimised: ${error instanceof Error ? error.message : String(error)}`, 1);
    } finally {
      await pool?.close();
    }
    io.stdout(format === 'json' ? `${JSON.stringify(optimisationJson(result, scenario, threads), null, 2)}\n` : table(result, scenario, threads, run));
    return 0;
  },
};

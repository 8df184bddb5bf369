// Replications spread over workers: each worker runs whole replications (`runReplicationJob`) and sends back a
// summary; the caller aggregates the summaries in replication order. Replication i draws from its own random
// streams (seed, i), so the result is exactly the serial one, whichever worker ran what. The workers themselves
// (worker_threads in Node, Web Workers in the studio) are the caller's: this module only needs `run(job)`.
import type { ProcessGraph, Scenario, ScenarioInput } from '@leanflow/model';
import {
  SimulationCancelledError,
  prepareSimulation,
  simulate,
  type ReplicationSummary,
  type SimulationOptions,
  type SimulationOutcome,
  type SimulationRun,
} from './simulate.ts';

/** The options a replication worker needs (no callbacks: they cannot cross a worker boundary). */
export type ReplicationJobOptions = Pick<SimulationOptions, 'cases' | 'replications' | 'seed' | 'eventLog' | 'maxTokensPerCase' | 'maxEventsPerCase' | 'histogramBins' | 'taskWaitValues' | 'engine'>;

/** One replication of a run, as plain data for a worker. */
export interface ReplicationJob {
  /** The same key means the same graph, scenario and options: a worker keeps the compiled model between jobs. */
  readonly key: string;
  readonly graph: ProcessGraph;
  readonly scenario: Scenario | ScenarioInput;
  readonly options: ReplicationJobOptions;
  /** 0-based. */
  readonly replication: number;
}

/** A worker that runs replication jobs (one at a time). */
export interface ReplicationRunner {
  /** `onProgress`, when given, hears the fraction of this replication done now and then while it runs. */
  run(job: ReplicationJob, onProgress?: (fraction: number) => void): Promise<ReplicationSummary>;
}

let cached: { key: string; run: SimulationRun } | null = null;

function preparedRun(job: ReplicationJob): SimulationRun {
  if (cached?.key !== job.key) {
    cached = null;
    const prepared = prepareSimulation(job.graph, job.scenario, job.options);
    if (!prepared.ok) throw new Error(`replication job refused: ${prepared.issues.map((i) => i.message).join('; ')}`);
    cached = { key: job.key, run: prepared.run };
  }
  return cached.run;
}

/**
 * Runs one replication job; the worker side of `simulateInParallel`. Throws when the job cannot run (the caller
 * validated the same input first, so this is a bug, not bad input). `onProgress` hears the replication's fraction
 * done after every chunk of events (wrap it in `throttleProgress` before posting it across threads).
 *
 * @example
 * parentPort.on('message', (job) => parentPort.postMessage(runReplicationJob(job)));
 */
export function runReplicationJob(job: ReplicationJob, onProgress?: (fraction: number) => void): ReplicationSummary {
  return preparedRun(job).runReplication(job.replication, onProgress);
}

/** Events per step of a sliced replication (about a millisecond of work); the clock is read once per step. */
const SLICE_EVENTS = 5_000;

const clock = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

/**
 * Runs one replication job in this thread in slices of about `sliceMs`, awaiting `pause()` between slices. The
 * thread that deals jobs to workers runs replications too: in slices it answers a worker that finished at once,
 * instead of after a whole replication of its own (the worker would sit idle that long).
 *
 * @example
 * const summary = await runReplicationJobInSlices(job, (f) => bar.set(f), () => new Promise((r) => setImmediate(r)));
 */
export async function runReplicationJobInSlices(
  job: ReplicationJob,
  onProgress: ((fraction: number) => void) | undefined,
  pause: () => Promise<void>,
  sliceMs = 20,
): Promise<ReplicationSummary> {
  const steps = preparedRun(job).replicationSteps(job.replication);
  for (;;) {
    const until = clock() + sliceMs;
    let finished = steps.step(SLICE_EVENTS);
    while (!finished && clock() < until) finished = steps.step(SLICE_EVENTS);
    if (finished) return steps.summary();
    onProgress?.(steps.progress());
    await pause();
  }
}

/**
 * `onProgress` called at most once per `ms` (the first call goes through; later ones within `ms` are dropped), for
 * progress that crosses threads: a replication reports after every chunk of events, far more often than a bar needs.
 *
 * @example
 * runReplicationJob(job, throttleProgress((f) => parentPort.postMessage({ progress: f })));
 */
export function throttleProgress(onProgress: (fraction: number) => void, ms = 100, now: () => number = clock): (fraction: number) => void {
  let last = -Infinity;
  return (fraction) => {
    const t = now();
    if (t - last < ms) return;
    last = t;
    onProgress(fraction);
  };
}

let jobs = 0;

/**
 * Like `simulate`, with the replications spread over `runners` (at most one at a time each), dealt one at a time
 * as runners become free. Gives exactly the result of `simulate` with the same input; with fewer than two runners
 * or one replication it is `simulate`. Progress counts the cases done in the replications still running (as the
 * runners report them), so it moves smoothly and never goes back; on cancellation it rejects with
 * `SimulationCancelledError` and the caller stops its workers.
 *
 * @example
 * const outcome = await simulateInParallel(graph, scenario, { replications: 10 }, [workerA, workerB]);
 */
export async function simulateInParallel(
  graph: ProcessGraph,
  scenario: Scenario | ScenarioInput,
  options: SimulationOptions,
  runners: readonly ReplicationRunner[],
): Promise<SimulationOutcome> {
  const prepared = prepareSimulation(graph, scenario, options);
  if (!prepared.ok) return prepared;
  const run = prepared.run;
  if (runners.length < 2 || run.replications < 2) return simulate(graph, scenario, options);
  const { onProgress, signal, ...rest } = options;
  const jobOptions: ReplicationJobOptions = rest;
  const key = `${Date.now().toString(36)}-${++jobs}`;
  const summaries: ReplicationSummary[] = [];
  // Fraction done of each replication being run.
  const running = new Map<number, number>();
  let reported = 0;
  const report = () => {
    let within = 0;
    for (const fraction of running.values()) within += fraction;
    const fraction = Math.min(1, (summaries.length + within) / run.replications);
    if (fraction <= reported) return;
    reported = fraction;
    onProgress?.(fraction);
  };
  let next = 0;
  onProgress?.(0);
  const worker = async (runner: ReplicationRunner) => {
    while (next < run.replications) {
      if (signal?.aborted) throw new SimulationCancelledError();
      const replication = next++;
      running.set(replication, 0);
      const onReplicationProgress = onProgress
        ? (fraction: number) => {
            if (!running.has(replication) || !(fraction >= 0)) return;
            running.set(replication, Math.min(1, fraction));
            report();
          }
        : undefined;
      const summary = await runner.run({ key, graph, scenario, options: jobOptions, replication }, onReplicationProgress);
      running.delete(replication);
      summaries.push(summary);
      report();
    }
  };
  await Promise.all(runners.slice(0, run.replications).map(worker));
  if (signal?.aborted) throw new SimulationCancelledError();
  return run.resultOf(summaries);
}

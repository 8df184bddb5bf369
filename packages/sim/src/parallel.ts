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
export type ReplicationJobOptions = Pick<SimulationOptions, 'cases' | 'replications' | 'seed' | 'eventLog' | 'maxTokensPerCase' | 'maxEventsPerCase' | 'histogramBins' | 'taskWaitValues'>;

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
  run(job: ReplicationJob): Promise<ReplicationSummary>;
}

let cached: { key: string; run: SimulationRun } | null = null;

/**
 * Runs one replication job; the worker side of `simulateInParallel`. Throws when the job cannot run (the caller
 * validated the same input first, so this is a bug, not bad input).
 *
 * @example
 * parentPort.on('message', (job) => parentPort.postMessage(runReplicationJob(job)));
 */
export function runReplicationJob(job: ReplicationJob): ReplicationSummary {
  if (cached?.key !== job.key) {
    cached = null;
    const prepared = prepareSimulation(job.graph, job.scenario, job.options);
    if (!prepared.ok) throw new Error(`replication job refused: ${prepared.issues.map((i) => i.message).join('; ')}`);
    cached = { key: job.key, run: prepared.run };
  }
  return cached.run.runReplication(job.replication);
}

let jobs = 0;

/**
 * Like `simulate`, with the replications spread over `runners` (at most one at a time each). Gives exactly the
 * result of `simulate` with the same input; with fewer than two runners or one replication it is `simulate`.
 * Progress is reported per finished replication; on cancellation it rejects with `SimulationCancelledError` and the
 * caller stops its workers.
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
  let next = 0;
  onProgress?.(0);
  const worker = async (runner: ReplicationRunner) => {
    while (next < run.replications) {
      if (signal?.aborted) throw new SimulationCancelledError();
      const replication = next++;
      summaries.push(await runner.run({ key, graph, scenario, options: jobOptions, replication }));
      onProgress?.(summaries.length / run.replications);
    }
  };
  await Promise.all(runners.slice(0, run.replications).map(worker));
  if (signal?.aborted) throw new SimulationCancelledError();
  return run.resultOf(summaries);
}

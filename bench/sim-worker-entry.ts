// Bundled by bench/sim.bench.ts into a classic Web Worker to time the engine in Chromium.
import { simulateSync } from '../packages/sim/src/index.ts';
import type { ProcessGraph, ScenarioInput } from '../packages/model/src/index.ts';

interface Job {
  readonly graph: ProcessGraph;
  readonly scenario: ScenarioInput;
  readonly cases: number;
}

const scope = globalThis as unknown as { onmessage: (event: { data: Job }) => void; postMessage: (message: unknown) => void };
scope.onmessage = (event) => {
  const { graph, scenario, cases } = event.data;
  const started = performance.now();
  const outcome = simulateSync(graph, scenario, { cases, replications: 1, seed: 1 });
  scope.postMessage({ seconds: (performance.now() - started) / 1000, executions: outcome.ok ? outcome.elementExecutions : 0 });
};

// The simulation worker: one run at a time; the studio cancels a run by terminating the worker.
import type { SimulationRequest, SimulationWorkerMessage } from './protocol.ts';
import { runSimulationJob } from './run-simulation.ts';

const post = (message: SimulationWorkerMessage) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);

self.addEventListener('message', (event: MessageEvent<SimulationRequest>) => {
  const request = event.data;
  if (request?.type !== 'run') return;
  runSimulationJob(request, post).then(
    (report) => post({ type: 'done', runId: request.runId, report }),
    (error: unknown) => post({ type: 'crashed', runId: request.runId, message: error instanceof Error ? error.message : String(error) }),
  );
});

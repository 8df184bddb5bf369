// A worker thread of `leanflow optimise`: reads the model once, then simulates the staffings it is sent.
import { parentPort } from 'node:worker_threads';
import { loadDocument, type ProcessGraph, type Scenario } from '@leanflow/model';
import { evaluateStaffing, type StaffingRunOptions, type StaffingTarget } from '@leanflow/analysis';

export interface OptimiseWorkerInit {
  readonly kind: 'init';
  readonly bytes: Uint8Array;
  readonly scenario: Scenario;
  readonly target: StaffingTarget;
  readonly run: StaffingRunOptions;
}
export interface OptimiseWorkerJob {
  readonly kind: 'evaluate';
  readonly id: number;
  readonly staffings: readonly (readonly number[])[];
}

let context: { graph: ProcessGraph; init: OptimiseWorkerInit } | undefined;
const port = parentPort!;
port.on('message', (message: OptimiseWorkerInit | OptimiseWorkerJob) => {
  void (async () => {
    if (message.kind === 'init') {
      const document = await loadDocument(message.bytes);
      context = { graph: document.graph!, init: message };
      port.postMessage({ kind: 'ready' });
      return;
    }
    const { graph, init } = context!;
    const evaluations = message.staffings.map((h) => evaluateStaffing(graph, init.scenario, init.target, h, init.run));
    port.postMessage({ kind: 'done', id: message.id, evaluations });
  })().catch((error: unknown) => port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
});

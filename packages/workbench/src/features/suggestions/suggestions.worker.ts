// The suggestions worker: one job at a time; a newer request stops the predictions of an older one. A `prepare`
// reads the file and runs the quick simulation for the plugin host; the `suggest` that follows reuses that run.
import type { SuggestionsWorkerRequest, SuggestResponse } from './protocol.ts';
import { runPrepareJob, runSuggestJob, type PreparedRun } from './suggest-job.ts';

const post = (message: SuggestResponse) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);
const crashed = (requestId: number) => (error: unknown) => post({ type: 'crashed', requestId, message: error instanceof Error ? error.message : String(error) });
let latest = 0;
let prepared: PreparedRun | undefined;

self.addEventListener('message', (event: MessageEvent<SuggestionsWorkerRequest>) => {
  const request = event.data;
  if (request?.type === 'prepare') {
    latest = request.requestId;
    runPrepareJob(request, post)
      .then((run) => (prepared = run))
      .catch(crashed(request.requestId));
    return;
  }
  if (request?.type !== 'suggest') return;
  latest = request.requestId;
  runSuggestJob(request, post, () => latest !== request.requestId, undefined, prepared).catch(crashed(request.requestId));
});

// The variants worker: comparisons and diagram diffs off the UI thread; the studio cancels by terminating it.
import type { VariantsRequest, VariantsWorkerMessage } from './protocol.ts';
import { runVariantsJob } from './variants-job.ts';

const post = (message: VariantsWorkerMessage) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);

self.addEventListener('message', (event: MessageEvent<VariantsRequest>) => {
  const request = event.data;
  if (request?.type !== 'compare' && request?.type !== 'diff') return;
  runVariantsJob(request, post).catch((error: unknown) =>
    post({ type: 'crashed', runId: request.runId, message: error instanceof Error ? error.message : String(error) }),
  );
});

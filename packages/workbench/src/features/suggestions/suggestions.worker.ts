// The suggestions worker: one job at a time; a newer request stops the predictions of an older one.
import type { SuggestRequest, SuggestResponse } from './protocol.ts';
import { runSuggestJob } from './suggest-job.ts';

const post = (message: SuggestResponse) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);
let latest = 0;

self.addEventListener('message', (event: MessageEvent<SuggestRequest>) => {
  const request = event.data;
  if (request?.type !== 'suggest') return;
  latest = request.requestId;
  runSuggestJob(request, post, () => latest !== request.requestId).catch((error: unknown) =>
    post({ type: 'crashed', requestId: request.requestId, message: error instanceof Error ? error.message : String(error) }),
  );
});

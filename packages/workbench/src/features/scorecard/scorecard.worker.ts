// The scoring worker: scores one request at a time; the studio drops answers to requests it no longer wants.
import type { ScoreRequest, ScoreResponse } from './protocol.ts';
import { runScoreJob } from './score-job.ts';

const post = (message: ScoreResponse) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);

self.addEventListener('message', (event: MessageEvent<ScoreRequest>) => {
  const request = event.data;
  if (request?.type !== 'score') return;
  runScoreJob(request).then(post, (error: unknown) =>
    post({ type: 'crashed', requestId: request.requestId, message: error instanceof Error ? error.message : String(error) }),
  );
});

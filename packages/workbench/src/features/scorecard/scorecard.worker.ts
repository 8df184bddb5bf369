// The scoring worker: reads documents for the plugin host (`prepare`) and, when the lean-scorecard plugin is not
// available, scores them with the built-in rules directly (`score`). One request at a time; the studio drops
// answers to requests it no longer wants.
import type { ScoringWorkerRequest, ScoringWorkerResponse } from './protocol.ts';
import { runPrepareJob, runScoreJob } from './score-job.ts';

const post = (message: ScoringWorkerResponse) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);

self.addEventListener('message', (event: MessageEvent<ScoringWorkerRequest>) => {
  const request = event.data;
  const job = request?.type === 'score' ? runScoreJob(request) : request?.type === 'prepare' ? runPrepareJob(request) : undefined;
  job?.then(post, (error: unknown) => post({ type: 'crashed', requestId: request.requestId, message: error instanceof Error ? error.message : String(error) }));
});

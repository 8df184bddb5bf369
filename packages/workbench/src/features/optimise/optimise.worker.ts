// A staffing-optimiser worker: the studio runs several side by side and cancels a search by terminating them.
import { handleOptimiseRequest } from './optimise-job.ts';
import type { OptimiseRequest } from './protocol.ts';

self.addEventListener('message', (event: MessageEvent<OptimiseRequest>) => {
  void handleOptimiseRequest(event.data).then((reply) => (self as unknown as { postMessage(m: unknown): void }).postMessage(reply));
});

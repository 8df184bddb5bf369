// The work of the variants worker, DOM-free so it runs (and is tested) in Node too: compareVariants with progress
// posted at most every 50 ms, or diffBpmn.
import { compareVariants, diffBpmn } from '@leanflow/analysis';
import type { VariantsRequest, VariantsWorkerMessage } from './protocol.ts';

const PROGRESS_INTERVAL_MS = 50;

export async function runVariantsJob(request: VariantsRequest, post: (message: VariantsWorkerMessage) => void): Promise<void> {
  if (request.type === 'diff') {
    post({ type: 'diffed', runId: request.runId, result: await diffBpmn(request.oldXml, request.newXml) });
    return;
  }
  const started = performance.now();
  let last = 0;
  const comparison = await compareVariants(request.variants, {
    ...(request.profile ? { profile: request.profile } : {}),
    ...(request.cases !== undefined ? { cases: request.cases } : {}),
    ...(request.replications !== undefined ? { replications: request.replications } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    onProgress: (fraction) => {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      post({ type: 'progress', runId: request.runId, fraction });
    },
  });
  post({ type: 'compared', runId: request.runId, comparison, milliseconds: performance.now() - started });
}

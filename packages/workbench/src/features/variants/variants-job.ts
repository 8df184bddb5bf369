// The work of the variants worker, DOM-free so it runs (and is tested) in Node too: compareVariants with progress
// posted at most every 50 ms, or diffBpmn.
import { compareVariants, diffBpmn } from '@leanflow/analysis';
import type { HandlerControl } from '../../base/worker-client.ts';
import type { CompareParams, Compared, Diffed, DiffParams, VariantsRequest, VariantsWorkerMessage } from './protocol.ts';

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

/** What the variants worker serves (`variants.worker.ts`, and in-process where workers are unavailable). */
export const VARIANTS_HANDLERS = {
  compare: async (params: CompareParams, control: HandlerControl<number>): Promise<Compared> => {
    let answer: Compared | undefined;
    await runVariantsJob({ type: 'compare', runId: 0, ...params }, (m) => (m.type === 'progress' ? control.progress(m.fraction) : m.type === 'compared' ? (answer = m) : undefined));
    return answer!;
  },
  diff: async (params: DiffParams): Promise<Diffed['result']> => {
    let answer: Diffed | undefined;
    await runVariantsJob({ type: 'diff', runId: 0, ...params }, (m) => m.type === 'diffed' && (answer = m));
    return answer!.result;
  },
};

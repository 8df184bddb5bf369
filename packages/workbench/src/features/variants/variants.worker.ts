// The variants worker: comparisons and diagram diffs off the UI thread; the studio cancels by terminating it.
import { serveWorker } from '../../base/worker-client.ts';
import { VARIANTS_HANDLERS } from './variants-job.ts';

serveWorker(VARIANTS_HANDLERS);

// The event-log worker: reads, calibrates and replays logs off the UI thread; the studio cancels an import by
// terminating it.
import { serveWorker } from '../../base/worker-client.ts';
import { EVENT_LOG_HANDLERS } from './event-logs-job.ts';

serveWorker(EVENT_LOG_HANDLERS);

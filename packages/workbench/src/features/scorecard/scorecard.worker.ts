// The scorecard worker: reads documents for the plugin host (`prepare`: graph, scenario, stored profile) off the UI
// thread. The rules themselves run in the plugin host.
import { serveWorker } from '../../base/worker-client.ts';
import { SCORECARD_HANDLERS } from './scorecard-job.ts';

serveWorker(SCORECARD_HANDLERS);

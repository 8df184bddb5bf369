// The suggestions worker: `prepare` reads the file and runs the quick simulation for the plugin host's providers;
// `suggest` gates the plugins' suggestions, lists them and predicts them one by one (cancelled by a newer request).
import { serveWorker } from '../../base/worker-client.ts';
import { SUGGESTIONS_HANDLERS } from './suggestions-job.ts';

serveWorker(SUGGESTIONS_HANDLERS);

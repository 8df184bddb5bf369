// The simulation worker: one run at a time, reporting progress; the studio cancels a run by terminating the worker.
import { serveWorker } from '../../base/worker-client.ts';
import { SIMULATION_HANDLERS } from './simulation-job.ts';

serveWorker(SIMULATION_HANDLERS);

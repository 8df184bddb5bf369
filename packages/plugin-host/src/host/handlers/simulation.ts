// `context.simulation` (run, runWithDetails with progress and cancellation).
import { SimulationOptionsSchema, type SimulationOptions, type SimulationOutcome, type SimulationProgress } from '@leanflow/plugin-api';
import { describeError } from '../../rpc.ts';
import { SimulationRunSchema, parse, requirePermission } from '../schemas.ts';
import type { RequestHandler } from './context.ts';

export const simulationRequests: Readonly<Record<string, RequestHandler>> = {
  'simulation.run': async (params, { record, services, pluginId }) => {
    requirePermission(record, 'runSimulation', 'simulation.run');
    const options = parse(SimulationOptionsSchema, params, 'simulation.run') as SimulationOptions;
    return await services.runSimulation({ pluginId, options });
  },
  'simulation.runDetailed': async (params, { record, services, pluginId, signal }) => {
    requirePermission(record, 'runSimulation', 'simulation.runWithDetails');
    const run = parse(SimulationRunSchema, params, 'simulation.runWithDetails');
    const options = run.options as SimulationOptions;
    const onProgress = (progress: SimulationProgress) => {
      if (run.progressId !== undefined && record.worker && !signal.aborted) record.worker.rpc.notify('simulation.progress', { progressId: run.progressId, progress });
    };
    if (services.runSimulationDetailed) return await services.runSimulationDetailed({ pluginId, options, signal, onProgress });
    try {
      const summary = await services.runSimulation({ pluginId, options });
      const outcome: SimulationOutcome = signal.aborted ? { ok: false, cancelled: true, message: 'cancelled', issues: [] } : { ok: true, summary };
      return outcome;
    } catch (error) {
      const outcome: SimulationOutcome = { ok: false, cancelled: false, message: describeError(error), issues: [] };
      return outcome;
    }
  },
};

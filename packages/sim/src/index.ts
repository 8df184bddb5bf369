// Public entry of @leanflow/sim. Other packages import only from here.
export { RandomStream, createRandomStream } from './rng.ts';
export { Sampler, createSampler, gammaFunction, normalCdf, truncatedNormalMean } from './distributions.ts';
export { WorkCalendar, createWorkCalendar, isValidTimeZone } from './calendar.ts';
export { buildGraph } from './build-graph.ts';
export type { GraphNodeSpec, GraphSpec } from './build-graph.ts';
export { SIMULATION_DEFAULTS, compileModel, parseIsoDuration } from './compile.ts';
export type { CompileResult, CompiledModel } from './compile.ts';
export {
  SKETCH_EXACT_VALUES,
  SKETCH_MIN_VALUE,
  SKETCH_RELATIVE_ACCURACY,
  addToSketch,
  createQuantileSketch,
  estimate,
  mergeSketch,
  quantileSorted,
  sketchHistogram,
  sketchQuantile,
  studentT975,
} from './stats.ts';
export type { Estimate, QuantileSketch } from './stats.ts';
export {
  SimulationCancelledError,
  SimulationRun,
  checkModel,
  prepareSimulation,
  simulate,
  simulateSync,
} from './simulate.ts';
export { runReplicationJob, simulateInParallel } from './parallel.ts';
export type { ReplicationJob, ReplicationJobOptions, ReplicationRunner } from './parallel.ts';
export type {
  Bottleneck,
  CancellationSignal,
  CycleTimeParts,
  HistogramBin,
  PoolResult,
  ReplicationFigures,
  ReplicationSummary,
  SimulationKpis,
  SimulationOptions,
  SimulationOutcome,
  SimulationRejected,
  SimulationResult,
  TaskResult,
} from './simulate.ts';

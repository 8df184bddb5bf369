// Public entry of @leanflow/sim. Other packages import only from here.
export { RandomStream, createRandomStream } from './rng.ts';
export { Sampler, createSampler, gammaFunction, normalCdf, truncatedNormalMean } from './distributions.ts';
export { WeeklySchedule, WorkCalendar, createWeeklySchedule, createWorkCalendar, isValidTimeZone } from './calendar.ts';
export type { WeeklyPeriod } from './calendar.ts';
export { buildGraph } from './build-graph.ts';
export type { GraphNodeSpec, GraphSpec } from './build-graph.ts';
export { SIMULATION_DEFAULTS, compileModel, parseIsoDuration, poolCapacitySeconds } from './compile.ts';
export type { CompileResult, CompiledCaseType, CompiledModel, CompiledPerson, CompiledPool } from './compile.ts';
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
  sketchPoints,
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
export { runReplicationJob, runReplicationJobInSlices, simulateInParallel, throttleProgress } from './parallel.ts';
export type { ReplicationJob, ReplicationJobOptions, ReplicationRunner } from './parallel.ts';
export type { CaseTally } from './replication-base.ts';
export type {
  Bottleneck,
  CancellationSignal,
  CycleTimeParts,
  HistogramBin,
  PersonResult,
  PoolResult,
  ReplicationFigures,
  ReplicationSteps,
  ReplicationSummary,
  SegmentResult,
  ReplicationValues,
  RunDistributions,
  SegmentReplicationFigures,
  SimulationKpis,
  SimulationOptions,
  SimulationOutcome,
  SimulationRejected,
  SimulationResult,
  TaskResult,
} from './simulate.ts';

// Event logs: import (CSV, XES), calibration of a scenario, conformance by token replay. DOM-free.
export { EventLogError } from './types.ts';
export type { EventLog, LogEvent, LogField, ReadLogOptions } from './types.ts';
export { parseTimestamp } from './timestamps.ts';
export { csvRecords, groupCases, gunzipIfNeeded, parseCsvLog, parseXesLog, readEventLog } from './read.ts';
export { fitDuration, ksStatistic, toDistribution } from './fit.ts';
export type { DistributionFit, FitCandidate, FittedFamily } from './fit.ts';
export { mapActivities, nameSimilarity, normaliseName } from './mapping.ts';
export type { ActivityMapping, MappingOverrides, MappingSuggestion } from './mapping.ts';
export { REPLAY_METHOD, TokenReplayer } from './replay.ts';
export type { ElementDeviation, ReplayResult } from './replay.ts';
export { activityCounts, calibrateScenario, replayLog } from './calibrate.ts';
export type { ArrivalFit, CalibrateOptions, CalibrationResult, GatewayFit, LogSummary, PoolFit, TaskFit } from './calibrate.ts';

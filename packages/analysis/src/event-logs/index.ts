// Event logs: import (CSV, XES), calibration of a scenario, conformance by token replay. DOM-free.
export { EventLogError } from './types.ts';
export type { EventLog, LogEvent, LogField, ReadLogOptions } from './types.ts';
export { hourOfWeek, parseTimestamp } from './timestamps.ts';
export { csvRecords, groupCases, gunzipIfNeeded, parseCsvLog, parseXesLog, readEventLog } from './read.ts';
export { fitDuration, ksStatistic, toDistribution } from './fit.ts';
export type { DistributionFit, FitCandidate, FittedFamily } from './fit.ts';
export { FIRST_RESPONSE_KEY, mapActivities, nameSimilarity, normaliseName, readMappingFile } from './mapping.ts';
export type { ActivityMapping, MappingFile, MappingOverrides, MappingSuggestion } from './mapping.ts';
export { REPLAY_METHOD, TokenReplayer } from './replay.ts';
export type { ElementDeviation, ReplayResult } from './replay.ts';
export { activityCounts, calibrateScenario, caseArrival, firstResponseTimes, quantileOf, replayLog, resolveFirstResponse, validateCalibration } from './calibrate.ts';
export type { ArrivalFit, CalendarFit, CalibrateOptions, CalibrationResult, FirstResponseFit, GatewayFit, LogSummary, PoolFit, TaskFit, ValidationRow } from './calibrate.ts';
export { WEEKLY_ALPHA, WEEK_HOURS, countByHourOfWeek, fitArrivalProfile, fitWorkingHours, openHoursOfWeek, openSeconds, testWeeklyPattern } from './weekly.ts';
export type { ArrivalProfileFit, WeeklyCounts, WeeklyPatternTest, WorkingHoursFit } from './weekly.ts';
export { BOOTSTRAP_METHOD, compareEventLogs } from './compare-logs.ts';
export type { CompareLogsOptions, LogComparison, LogKpiComparison, LogKpiUnit, LogSideSummary } from './compare-logs.ts';

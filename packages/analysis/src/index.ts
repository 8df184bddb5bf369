// Public entry of @leanflow/analysis. Other packages import only from here.
export {
  DEFAULT_APPROVAL_EXCLUDE_PATTERN,
  DEFAULT_APPROVAL_PATTERN,
  analyseGraph,
  computeVisitCounts,
  controlFlowComplexity,
  createGraphIndex,
  findApprovalChains,
  findBackEdges,
  findHandOffs,
  findImplicitSplits,
  findKnockOuts,
  findMixedGateways,
  findReworkLoops,
  findUnreachable,
  isActivity,
  isEvent,
  isGateway,
  isManualStep,
  isTask,
  matchSplitsAndJoins,
  splitSemantics,
  typicalPath,
} from './graph-analysis.ts';
export type {
  ControlEdge,
  CostlyKnockOutOrder,
  EdgeKind,
  GraphAnalysis,
  GraphIndex,
  HandOff,
  KnockOutCheck,
  ReworkLoop,
  SplitMatch,
  SplitSemantics,
  TypicalPath,
  VisitCounts,
} from './graph-analysis.ts';
export {
  SCORE_CATEGORIES,
  SCORE_CATEGORY_TITLES,
  ScoringProfileSchema,
  computeScorecard,
  defineRule,
  evaluateRule,
  notApplicable,
  scoreHigherIsBetter,
  scoreLowerIsBetter,
} from './scoring.ts';
export type {
  BpmnlintReport,
  CategoryScore,
  Finding,
  FindingSeverity,
  RuleEvaluation,
  RuleResult,
  ScoreCategory,
  ScoredFinding,
  Scorecard,
  ScoringContext,
  ScoringInput,
  ScoringProfile,
  ScoringProfileInput,
  ScoringRule,
} from './scoring.ts';
export { formatMoney } from './money.ts';
export type { MoneyLanguage, MoneyOptions } from './money.ts';
export { describeElement, describesWithoutId, elementKind } from './element-label.ts';
export type { ElementDescription, ElementEnd, LabelLanguage } from './element-label.ts';
export type { MeanFigure, SegmentSummary, SimulationSummary } from './simulation-summary.ts';
export { toSimulationSummary } from './sim-adapter.ts';
export { guessFirstResponseTask } from './first-response.ts';
export { arrivalsPerWeek, computeOfferedLoad, describeWorkingHours, overloadMessage, overloadWarnings } from './offered-load.ts';
export type { PoolOfferedLoad } from './offered-load.ts';
export type { FirstResponseGuess } from './first-response.ts';
export { BUILT_IN_PROFILES, findBuiltInProfile, parseStoredProfile } from './profiles.ts';
export { BUILT_IN_RULES } from './rules/index.ts';
export { BPMNLINT_RULE_NAMES, bpmnlintRule, lintBpmn, lintForScoring } from './rules/bpmnlint.ts';
export type { BpmnLintIssue } from './rules/bpmnlint.ts';
export { costPerCaseRule, cycleTimeRule, firstResponseTimeRule, processCycleEfficiencyRule, resolutionTimeRule, resourceUtilisationRule } from './rules/dynamic.ts';
export { approvalChainsRule, handOffsRule, knockOutOrderRule, manualStepsRule, nonValueAddingShareRule, reworkLoopsRule } from './rules/lean.ts';
export {
  controlFlowComplexityRule,
  deadlockRule,
  implicitSplitsRule,
  missingLabelsRule,
  modelSizeRule,
  unmatchedSplitsRule,
  unreachableElementsRule,
} from './rules/model-quality.ts';
export { COMPARISON_KPIS, KPI_RESOLUTION, compareVariants } from './variants/compare.ts';
export type {
  ComparedCaseType,
  ComparisonRejected,
  CompareVariantsOptions,
  KpiDefinition,
  KpiDifference,
  KpiUnit,
  OverlayHistogram,
  VariantComparison,
  VariantDifference,
  VariantInput,
  VariantResult,
  VariantSegment,
  Verdict,
} from './variants/compare.ts';
export { diffBpmn, diffDefinitions, readableSummary } from './variants/diff.ts';
export type { AttributeChange, DiagramChange, DiagramChangeKind, DiagramDiff, DiagramDiffOptions, DiffValue, LayoutChange } from './variants/diff.ts';
export { chooseScenario } from './variants/scenario.ts';
export type { ChosenScenario, ScenarioChoice } from './variants/scenario.ts';
export { estimateKpi, pairedDifference } from './variants/statistics.ts';
export type { KpiEstimate, PairedDifference } from './variants/statistics.ts';
export { createComparisonReport, formatKpiValue, renderHtmlReport, renderMarkdownReport } from './variants/report.ts';
export type { ReportLocale } from './variants/report.ts';
export type { ComparisonReport, ReportCaseType, ReportCell, ReportDifferenceCell, ReportKpiRow, ReportScoreRow } from './variants/report.ts';
export { applyEdits } from './suggestions/apply.ts';
export type { ApplyEditsResult } from './suggestions/apply.ts';
export { PREDICTED_KPIS, checkSoundness, predictImpact, prepareSuggestions, suggestSimplifications } from './suggestions/suggest.ts';
export type { OfferedSuggestion, PredictOptions, PredictedImpact, PredictedKpi, PreparedSuggestions, SuggestOptions, SuggestResult } from './suggestions/suggest.ts';
export {
  AUTO_APPROVAL_SHARE,
  AUTOMATION_MAX_SECONDS,
  AUTOMATION_MIN_VISITS,
  BUILT_IN_SUGGESTION_PROVIDERS,
  EARLY_RESPONSE_TASK_ID,
  REWORK_ADVICE_PROBABILITY,
  UTILISATION_HIGH,
  UTILISATION_LOW,
} from './suggestions/providers.ts';
export { suggestionId } from './suggestions/types.ts';
export { ENGLISH_MESSAGE_STYLE, SUGGESTION_MESSAGES_EN, formatSuggestionMessage } from './suggestions/messages.ts';
export type { SuggestionMessage, SuggestionMessageKey, SuggestionMessageParam, SuggestionMessageStyle } from './suggestions/messages.ts';
export type { EditableNodeType, ModelEdit, RedesignHeuristic, Suggestion, SuggestionInput, SuggestionKind, SuggestionProvider } from './suggestions/types.ts';
export {
  EventLogError,
  REPLAY_METHOD,
  TokenReplayer,
  activityCounts,
  calibrateScenario,
  csvRecords,
  fitDuration,
  fittedDensity,
  groupCases,
  gunzipIfNeeded,
  ksStatistic,
  mapActivities,
  nameSimilarity,
  normaliseName,
  parseCsvLog,
  parseTimestamp,
  parseXesLog,
  readEventLog,
  replayLog,
  toDistribution,
} from './event-logs/index.ts';
export type {
  ActivityMapping,
  ArrivalFit,
  CalibrateOptions,
  CalibrationResult,
  DistributionFit,
  ElementDeviation,
  EventLog,
  FitCandidate,
  FittedFamily,
  GatewayFit,
  LogEvent,
  LogField,
  LogSummary,
  MappingOverrides,
  MappingSuggestion,
  PoolFit,
  ReadLogOptions,
  ReplayResult,
  TaskFit,
} from './event-logs/index.ts';
// Event logs, weekly patterns, first response, before/after (issue 19, second part).
export {
  BOOTSTRAP_METHOD,
  FIRST_RESPONSE_KEY,
  WEEKLY_ALPHA,
  WEEK_HOURS,
  caseArrival,
  compareEventLogs,
  countByHourOfWeek,
  firstResponseTimes,
  fitArrivalProfile,
  fitWorkingHours,
  hourOfWeek,
  openHoursOfWeek,
  openSeconds,
  quantileOf,
  readEventLogChunks,
  readEventLogIncremental,
  readMappingFile,
  resolveFirstResponse,
  testWeeklyPattern,
  validateCalibration,
} from './event-logs/index.ts';
export type {
  ArrivalProfileFit,
  BytePieceReader,
  ByteSource,
  CalendarFit,
  ChunkedReadOptions,
  EventLogChunk,
  ReadProgress,
  CompareLogsOptions,
  FirstResponseFit,
  LogComparison,
  LogKpiComparison,
  LogKpiUnit,
  LogSideSummary,
  MappingFile,
  ValidationRow as CalibrationValidationRow,
  WeeklyCounts,
  WeeklyPatternTest,
  WorkingHoursFit,
} from './event-logs/index.ts';
// Event logs: resource pools (roles) found in a log (issue 19, third part).
export { POOL_CORRELATION_THRESHOLD, discoverResourcePools } from './event-logs/index.ts';
export type { DiscoverPoolsOptions, DiscoveredPool, PoolDiscoveryMethod, PoolsChoice, PoolsMode, ResourcePoolDiscovery } from './event-logs/index.ts';
export { dominates, evaluateStaffing, nonDominated, optimiseStaffing, planStaffingSearch, scenarioWithStaffing, searchStaffing, spreadEvaluations } from './optimise/staffing.ts';
export type { OptimiseStaffingOptions, StaffingEvaluation, StaffingEvaluator, StaffingOptimisation, StaffingPlan, StaffingPoint, StaffingPoolBounds, StaffingReasonParts, StaffingRunOptions } from './optimise/staffing.ts';
export { describeStaffingTarget, parseStaffingTarget } from './optimise/target.ts';
export type { StaffingTarget, StaffingTargetKpi } from './optimise/target.ts';
export { erlangC, minimumStableHeadcount, saturationHeadcount } from './optimise/queueing.ts';

// Public entry of @leanflow/model. Other packages import only from here.
export type {
  DataAssociation,
  DataElement,
  EventDefinitionKind,
  FlowNode,
  FlowNodeKind,
  Lane,
  LoopCharacteristics,
  MessageFlow,
  ModelIssue,
  Participant,
  Process,
  ProcessGraph,
  SequenceFlow,
} from './graph.ts';
export {
  ArrivalParametersSchema,
  CalendarSchema,
  ArrivalPeriodSchema,
  ArrivalProfileSchema,
  CaseTypeSchema,
  PersonSchema,
  SHARE_TOLERANCE,
  ShiftPeriodSchema,
  ShiftsSchema,
  DistributionSchema,
  DurationSchema,
  EventParametersSchema,
  GatewayParametersSchema,
  ResourcePoolSchema,
  ScenarioSchema,
  SECONDS_PER_UNIT,
  TargetsSchema,
  TaskParametersSchema,
  TIME_UNITS,
  TimeUnitSchema,
  VALUE_CLASSES,
  WEEKDAYS,
  WorkingHoursSchema,
  durationToSeconds,
} from './scenario.ts';
export type {
  ArrivalParameters,
  ArrivalPeriod,
  ArrivalProfile,
  CaseType,
  Person,
  ShiftPeriod,
  Shifts,
  Calendar,
  Distribution,
  DistributionType,
  Duration,
  EventParameters,
  GatewayParameters,
  ResourcePool,
  Scenario,
  ScenarioInput,
  Targets,
  TaskParameters,
  TimeUnit,
  ValueClass,
  Weekday,
  WorkingHours,
} from './scenario.ts';
export { observeXmlParses, parseBpmn, prepareBpmnText, prepareBpmnTextInSlices } from './parse.ts';
export type { ParseOptions } from './parse.ts';
export { decodeXmlBytes } from './encoding.ts';
export type { DecodedXml } from './encoding.ts';
export type { BpmnParseResult, ModdleRead, PreparedBpmn, ReadRepair } from './parse.ts';
export { validateGraph } from './validate-graph.ts';
export { readXmlInSlices } from './sliced-read.ts';
export type { SliceOptions } from './sliced-read.ts';
export { BPMN_MODEL_URI, LEANFLOW_NAMESPACE_URI, createModdle, leanflowModdleDescriptor } from './moddle.ts';
export type { ModdleElement, ModdleInstance } from './moddle.ts';
export { MAX_XML_DEPTH, findTooDeep, findTooDeepInText, parseXmlTree, parseXmlTreeInSlices, tooDeepMessage } from './xml-tree.ts';
export type { TooDeep, TreeSliceOptions } from './xml-tree.ts';
export { auditSave, compareRoundTrip, unreportedLosses } from './conformance.ts';
export type { RoundTripLoss, RoundTripReport } from './conformance.ts';
export type { XmlAttribute, XmlElement, XmlParseResult } from './xml-tree.ts';
export { readScenarios, saveScenariosToXml, serializeBpmn, writeScenarios } from './scenario-store.ts';
export type { StoredScenarios } from './scenario-store.ts';
export { StoredScorecardProfileSchema, readScorecardProfile, saveScorecardProfileToXml, writeScorecardProfile } from './scorecard-profile-store.ts';
export type { StoredScorecardProfile } from './scorecard-profile-store.ts';
export {
  DEFAULT_CALENDAR,
  PROBABILITY_TOLERANCE,
  createDefaultScenario,
  isActivity,
  isoDurationToSeconds,
  unstaffedPoolIssues,
  validateScenario,
  zodIssuesToModelIssues,
} from './scenario-validate.ts';
export { describeDistribution, distributionFromEstimate, distributionMean, gammaFunction } from './distribution.ts';
export type { Estimate } from './distribution.ts';
export { QBP_NAMESPACE_URI, distributionToQbp, exportQbp, findQbp, findQbpDanglingReferences, importQbp, qbpToDistribution, scenarioToQbpXml } from './qbp.ts';
export { BPSIM_DEFAULT_TIME_UNIT, BPSIM_NAMESPACE_URIS, UNLIMITED_HEADCOUNT, icalToHours, importBpsim } from './bpsim.ts';
export { keepForeignContent } from './foreign-content.ts';
export type { ForeignContentReport, ModdleReadWarning } from './foreign-content.ts';
export { createDocumentCache, loadDocument } from './document.ts';
export type { DocumentCache, DocumentLoader, LoadOptions, LoadedDocument, ScenarioSource } from './document.ts';
export type { ImportReport, ImportResult } from './import-report.ts';
export { LEAD_TO_QUOTE_SAMPLE, LEAD_TO_QUOTE_SCENARIO } from './samples/lead-to-quote.ts';
export { PROCESS_TEMPLATES, findTemplate, templateTaskCount, templateXml } from './samples/templates.ts';
export type { LocalizedText, ProcessTemplate, TemplateLanguage, TemplateVariant } from './samples/templates.ts';

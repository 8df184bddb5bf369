// Public entry of @leanflow/plugin-host. Other packages import only from here.
// This is the Node (and default) entry. Browsers get index.browser.ts (package.json `exports`, condition
// `browser`): the same API without node-transport, node-loader and testing, so no Node code reaches the studio.
export { PluginHost, createPluginHost } from './host.ts';
export { DEFAULT_LIMITS } from './host/types.ts';
export type {
  CommandOutcome,
  InstallResult,
  PluginBundle,
  PluginErrorReport,
  PluginHostOptions,
  PluginLimits,
  PluginState,
  PluginStatus,
  ProviderOutcome,
  RuleOutcome,
  ScoringReport,
} from './host/types.ts';
export { ContributionRegistry } from './registry.ts';
export { Emitter, createEmitter } from './emitter.ts';
export type { ListenerErrorReporter } from './emitter.ts';
export type { ContributionChange, ContributionKind, DecorationsEntry, DiagnosticsEntry, OutputEntry, RegisteredCommand, StatusBarEntry, TreeRow } from './registry.ts';
export { createMemoryServices } from './services.ts';
export type { HostServices, MemoryServices, MemoryServicesOptions, NotificationRequest, PluginStorageService, QuickPickRequest } from './services.ts';
export type { PluginTransport, TransportFactory, TransportRequest, WorkerExit } from './transport.ts';
export { buildNodeWorkerBootstrap, createNodeTransportFactory } from './node-transport.ts';
export { createWebWorkerTransportFactory } from './browser-transport.ts';
export { MANIFEST_FILE, createPluginZip, readPluginFiles, readPluginZip } from './package-reader.ts';
export { NPM_REGISTRY, PLUGIN_KEYWORD, RegistryError, checkIntegrity, downloadPackage, normalizeRegistry, parsePackageSpec, searchPlugins, untar } from './npm-registry.ts';
export type { DownloadedPackage, RegistryPackage } from './npm-registry.ts';
export type { LoadedPlugin, PluginLoadIssue } from './package-reader.ts';
export { bundlePluginSource, loadPlugin } from './node-loader.ts';
export { bpmnlintReportFor, modelFromBpmn } from './model.ts';
export { simulateModel, simulateModelDetailed, toPluginSimulationSummary, withScorecardFigures } from './simulation.ts';
export type { SummaryContext } from './simulation.ts';
export { scoreCategoryOf, scorecardFromPlugins, type ScorecardFromPluginsOptions } from './scorecard.ts';
export { collectPluginSuggestions, suggestionInputFor, type CollectSuggestionsOptions } from './suggestions.ts';
export type { CollectedSuggestions, PluginSuggestion } from './suggestions.ts';
export { createPluginTestHost, runPluginOnFile } from './testing.ts';
export type { PluginRunResult, PluginTestHost, PluginTestHostOptions } from './testing.ts';
export { RpcEndpoint, RpcError, UNDESCRIBABLE_ERROR, describeError } from './rpc.ts';
export type { RequestOptions, RpcErrorCode, RpcMessage } from './rpc.ts';
export { BLOCKED_GLOBALS, applySandbox } from './sandbox.ts';

// Messages of the analysis worker: one Web Worker reads each document version once (graph, scenario, stored profile,
// moddle tree; a cache keyed by the text) and serves every feature that needs a read of it. Each feature connects
// over its own MessagePort (`connect`) and keeps its own protocol on it: the scorecard's (scorecard/protocol.ts), the
// suggestions' (suggestions/protocol.ts) and the plugin platform's model requests below.
import type { ProcessGraph, Scenario, ScenarioSource } from '@leanflow/model';
import type { ActiveModel, BpmnlintReport, ScoringProfileData } from '@leanflow/plugin-api';

/** Which protocol a port speaks. */
export type AnalysisFeature = 'scorecard' | 'suggestions' | 'model';

/** Sent to the worker itself, with the feature's MessagePort transferred. */
export interface ConnectMessage {
  readonly type: 'connect';
  readonly feature: AnalysisFeature;
}

/** What the Properties view reads of a version: the graph and the scenarios with where they come from. */
export interface DocumentOutline {
  readonly graph?: ProcessGraph;
  readonly scenarioSource: ScenarioSource;
  readonly scenarios: readonly Scenario[];
  readonly activeScenarioId?: string;
}

/**
 * Requests on the `model` port: the `ActiveModel` plugins see, bpmnlint's reports for scoring, and the outline the
 * Properties view shows.
 */
export type ModelRequest =
  | { readonly id: number; readonly type: 'model'; readonly xml: string; readonly uri: string }
  | { readonly id: number; readonly type: 'outline'; readonly xml: string }
  | { readonly id: number; readonly type: 'bpmnlint'; readonly xml: string; readonly profile?: ScoringProfileData };

export type ModelResponse =
  | { readonly id: number; readonly ok: true; readonly value: ActiveModel | BpmnlintReport | DocumentOutline | null }
  | { readonly id: number; readonly ok: false; readonly error: string };

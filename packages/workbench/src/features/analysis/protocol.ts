// Messages of the analysis worker: one Web Worker reads each document version once (graph, scenario, stored profile,
// moddle tree; a cache keyed by the text) and serves every feature that needs a read of it. Each feature connects
// over its own MessagePort (`connect`) and keeps its own protocol on it: the scorecard's (scorecard/protocol.ts), the
// suggestions' (suggestions/protocol.ts) and the plugin platform's model requests below.
import type { ActiveModel, BpmnlintReport, ScoringProfileData } from '@leanflow/plugin-api';

/** Which protocol a port speaks. */
export type AnalysisFeature = 'scorecard' | 'suggestions' | 'model';

/** Sent to the worker itself, with the feature's MessagePort transferred. */
export interface ConnectMessage {
  readonly type: 'connect';
  readonly feature: AnalysisFeature;
}

/** The plugin platform's requests (`model` port): the `ActiveModel` plugins see, and bpmnlint's reports for scoring. */
export type ModelRequest =
  | { readonly id: number; readonly type: 'model'; readonly xml: string; readonly uri: string }
  | { readonly id: number; readonly type: 'bpmnlint'; readonly xml: string; readonly profile?: ScoringProfileData };

export type ModelResponse =
  | { readonly id: number; readonly ok: true; readonly value: ActiveModel | BpmnlintReport | null }
  | { readonly id: number; readonly ok: false; readonly error: string };

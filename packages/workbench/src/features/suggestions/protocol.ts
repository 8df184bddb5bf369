// What the studio and the suggestions worker exchange (base/worker-client.ts RPC). Plain data only (structured clone): the studio asks the
// worker to prepare the providers' input (graph, scenario, quick simulation) for the plugin host, then sends the
// document's XML, run settings and the plugins' suggestions; the worker lists the sound suggestions at once, then
// predicts them one by one (each prediction simulates before and after with common random numbers), so the view
// shows progress.
import type { ModelIssue } from '@leanflow/model';
import type { PredictedImpact, Suggestion } from '@leanflow/analysis';
import type { AnalysisInput } from '@leanflow/plugin-api';
import type { SimulationResult } from '@leanflow/sim';

/** Reads the file and runs the quick simulation the providers size pools with (the same run `suggest` then reuses). */
export interface PrepareRequest {
  readonly type: 'prepare';
  /** The request this input is for; a newer one stops an older one's predictions. */
  readonly requestId: number;
  readonly xml: string;
  /** Cases of the quick run (absent: the scenario's, at most 500). */
  readonly cases?: number;
  readonly replications?: number;
}

/** The input for the plugins' suggestion providers (`host.provideSuggestions(input)`), or why there is none. */
export type PrepareResponse =
  | { readonly type: 'prepared'; readonly requestId: number; readonly ok: true; readonly input: AnalysisInput }
  | { readonly type: 'prepared'; readonly requestId: number; readonly ok: false; readonly issues: readonly Refusal[] };

export interface SuggestRequest {
  readonly type: 'suggest';
  /** Increases with every request; the worker stops predicting for an older one when a newer one arrives. */
  readonly requestId: number;
  readonly xml: string;
  /**
   * Run settings of the predictions; absent: the scenario's own cases, replications and seed — the run the
   * Simulation view shows, so a prediction's "before" is that run's figures.
   */
  readonly cases?: number;
  readonly replications?: number;
  /** Simulate each suggestion (false: list only, e.g. for quick fixes while the view is closed). Default true. */
  readonly predict?: boolean;
  /**
   * The built-in suggestions as the simplifications plugin made them (from the plugin host, analysis form); absent:
   * the worker runs the providers itself (no plugin platform, or the host did not answer in time).
   */
  readonly builtIn?: readonly Suggestion[];
  /** Suggestions of other plugins' providers (from the plugin host), gated and predicted like the built-in ones. */
  readonly external?: readonly ExternalSuggestion[];
}

export type SuggestionsWorkerRequest = SuggestRequest | PrepareRequest;

/** The parameters of the worker's `prepare` method (it answers with a `PrepareResponse`). */
export type PrepareParams = Omit<PrepareRequest, 'type' | 'requestId'>;
/** The parameters of the worker's `suggest` method: progress brings `listed` and `predicted`, the answer is `done`. */
export type SuggestParams = Omit<SuggestRequest, 'type' | 'requestId'>;

/** A plugin's suggestion in analysis form (`toAnalysisSuggestion`), and the provider that made it. */
export interface ExternalSuggestion {
  readonly suggestion: Suggestion;
  /** The provider's title from the plugin's manifest, shown as the source. */
  readonly providerTitle: string;
}

/** What the transformed model changes on the diagram (for the preview's highlighting). */
export interface DiagramChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Existing elements with a new type, name, ends or position. */
  readonly changed: readonly string[];
}

export interface SuggestionEntry {
  readonly suggestion: Suggestion;
  /** The transformed file (absent for advice). */
  readonly xml?: string;
  readonly changes?: DiagramChanges;
  /** Set for a plugin's suggestion: which provider made it. */
  readonly source?: string;
}

export interface Refusal {
  readonly message: string;
  readonly elementId?: string;
}

export type SuggestResponse =
  | {
      readonly type: 'listed';
      readonly requestId: number;
      readonly ok: true;
      readonly scenario?: { readonly id: string; readonly name: string; readonly currency?: string };
      readonly entries: readonly SuggestionEntry[];
      readonly withheld: number;
      readonly providerErrors: readonly { readonly providerId: string; readonly message: string }[];
    }
  | { readonly type: 'listed'; readonly requestId: number; readonly ok: false; readonly issues: readonly Refusal[] }
  | {
      readonly type: 'predicted';
      readonly requestId: number;
      readonly id: string;
      readonly impact?: PredictedImpact;
      readonly issues?: readonly ModelIssue[];
      /** The runs behind `impact` (the studio scores them as its Scorecard view does). */
      readonly runs?: { readonly before: SimulationResult; readonly after: SimulationResult };
    }
  | { readonly type: 'done'; readonly requestId: number; readonly milliseconds: number }
  /** A programming error inside the worker (bad input comes back as `ok: false`). */
  | { readonly type: 'crashed'; readonly requestId: number; readonly message: string }
  | PrepareResponse;

// What the studio and the scorecard worker exchange (base/worker-client.ts RPC). Plain data only (structured clone).
// The worker reads documents (`prepare`); the rules run in the plugin host. `ScoreRequest`/`ScoreResponse` describe
// `runScoreJob` (the built-in rules run directly, for tests and tools); the studio no longer scores that way.
import type { Scorecard, ScoringProfile, SimulationSummary } from '@leanflow/analysis';
import type { ProcessGraph, Scenario, StoredScorecardProfile } from '@leanflow/model';

export interface ScoreRequest {
  readonly type: 'score';
  /** Increases with every request; answers to older requests are dropped. */
  readonly requestId: number;
  readonly xml: string;
  readonly profile: ScoringProfile;
  /** The latest simulation of this document (dynamic rules are not applicable without it). */
  readonly simulation?: SimulationSummary;
  /** Score with the profile stored in the file (`lf:scorecardProfile`) instead of `profile` when it has a valid one. */
  readonly useModelProfile?: boolean;
}

/** The profile a scorecard was computed with and where it came from. */
export interface UsedProfile {
  readonly id: string;
  readonly name: string;
  readonly source: 'settings' | 'model';
}

/** Why a document could not be scored (not BPMN, no process); the message is for the user. */
export interface ScoreRefusal {
  readonly message: string;
  readonly elementId?: string;
}

export type ScoreResponse =
  | {
      readonly type: 'scored';
      readonly requestId: number;
      readonly ok: true;
      readonly card: Scorecard;
      readonly milliseconds: number;
      readonly profile: UsedProfile;
      /** Why the profile stored in the file was not used (it does not validate); absent when fine or absent. */
      readonly modelProfileIssues?: readonly string[];
    }
  | { readonly type: 'scored'; readonly requestId: number; readonly ok: false; readonly issues: readonly ScoreRefusal[] }
  /** A programming error inside the worker (bad input comes back as `ok: false`). */
  | { readonly type: 'crashed'; readonly requestId: number; readonly message: string };

/**
 * Reads a document for scoring through the plugin host: the worker parses the XML (off the UI thread) and answers
 * with the graph, the scenario the rules should see and the profile stored in the file; the rules then run in the
 * plugins' own workers.
 */
export interface PrepareRequest {
  readonly type: 'prepare';
  readonly requestId: number;
  readonly xml: string;
  /** A simulation result will feed the dynamic rules (then a scenario Leanflow made up is used too). */
  readonly simulated: boolean;
}

export type PrepareResponse =
  | {
      readonly type: 'prepared';
      readonly requestId: number;
      readonly ok: true;
      readonly graph: ProcessGraph;
      readonly scenario?: Scenario;
      readonly scorecardProfile?: StoredScorecardProfile;
    }
  | { readonly type: 'prepared'; readonly requestId: number; readonly ok: false; readonly issues: readonly ScoreRefusal[] };

/** The parameters of the worker's `prepare` method. */
export type PrepareParams = Omit<PrepareRequest, 'type' | 'requestId'>;

export type ScoringWorkerRequest = ScoreRequest | PrepareRequest;
export type ScoringWorkerResponse = ScoreResponse | PrepareResponse;

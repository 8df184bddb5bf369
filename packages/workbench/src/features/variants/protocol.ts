// What the studio and the variants worker exchange (comparison and diagram diff; base/worker-client.ts RPC). Plain data.
import type { ComparisonRejected, DiagramDiff, ScoringProfile, VariantComparison } from '@leanflow/analysis';
import type { ModelIssue } from '@leanflow/model';

export interface CompareRequest {
  readonly type: 'compare';
  readonly runId: number;
  /** 2 to 4 variants, the baseline first. */
  readonly variants: readonly { readonly name: string; readonly xml: string }[];
  readonly cases?: number;
  readonly replications?: number;
  readonly seed?: number;
  /** The Scorecard view's profile with the user's threshold settings; balanced when absent. */
  readonly profile?: ScoringProfile;
}

export interface DiffRequest {
  readonly type: 'diff';
  readonly runId: number;
  readonly oldXml: string;
  readonly newXml: string;
}

export type VariantsRequest = CompareRequest | DiffRequest;

/** The parameters of the worker's `compare` method: progress brings the fraction done, the answer is `Compared`. */
export type CompareParams = Omit<CompareRequest, 'type' | 'runId'>;
/** The parameters of the worker's `diff` method: the answer is `Diffed['result']`. */
export type DiffParams = Omit<DiffRequest, 'type' | 'runId'>;
export type Compared = Extract<VariantsWorkerMessage, { type: 'compared' }>;
export type Diffed = Extract<VariantsWorkerMessage, { type: 'diffed' }>;

export type VariantsWorkerMessage =
  | { readonly type: 'progress'; readonly runId: number; readonly fraction: number }
  | { readonly type: 'compared'; readonly runId: number; readonly comparison: VariantComparison | ComparisonRejected; readonly milliseconds: number }
  | { readonly type: 'diffed'; readonly runId: number; readonly result: { readonly ok: true; readonly diff: DiagramDiff } | { readonly ok: false; readonly issues: readonly ModelIssue[] } }
  | { readonly type: 'crashed'; readonly runId: number; readonly message: string };

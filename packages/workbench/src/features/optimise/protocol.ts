// Messages between the studio and its staffing-optimiser workers. Everything is plain data (structured clone).
import type { StaffingEvaluation, StaffingPlan, StaffingRunOptions, StaffingTarget } from '@leanflow/analysis';

export type OptimiseRequest =
  /** Bounds of the search from the model (no simulation). */
  | { readonly type: 'plan'; readonly id: number; readonly xml: string; readonly maxHeadcount?: number }
  /** Simulate staffings (headcount per pool, in scenario order) with the same seeds. */
  | { readonly type: 'evaluate'; readonly id: number; readonly xml: string; readonly target: StaffingTarget; readonly run: StaffingRunOptions; readonly staffings: readonly (readonly number[])[] }
  /** The document with the active scenario's headcounts replaced (pool id -> people), for "Apply as variant". */
  | { readonly type: 'apply'; readonly id: number; readonly xml: string; readonly headcounts: Readonly<Record<string, number>> };

export type OptimiseReply =
  | {
      readonly type: 'planned';
      readonly id: number;
      readonly plan: StaffingPlan;
      readonly scenarioName: string;
      /** The scenario's own first-response target, seconds (the form's default). */
      readonly firstResponseTargetSeconds: number;
      /** A task is flagged as the first substantive response. */
      readonly flagged: boolean;
    }
  | { readonly type: 'evaluated'; readonly id: number; readonly evaluations: readonly StaffingEvaluation[] }
  | { readonly type: 'applied'; readonly id: number; readonly xml: string }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

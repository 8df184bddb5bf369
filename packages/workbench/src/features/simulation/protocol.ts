// What the studio and the simulation worker exchange (base/worker-client.ts RPC). Plain data (structured clone).
import type { FirstResponseGuess, PoolOfferedLoad } from '@leanflow/analysis';
import type { ModelIssue } from '@leanflow/model';
import type { SimulationResult } from '@leanflow/sim';

export interface SimulationRequest {
  readonly type: 'run';
  readonly runId: number;
  readonly xml: string;
  /** The scenario to run; the document's active one when absent. */
  readonly scenarioId?: string;
  readonly cases?: number;
  readonly replications?: number;
  readonly seed?: number;
  /** Stream every task's waits (`SimulationResult.distributions`): costs CPU, asked for when a plugin's rules may read them. */
  readonly taskWaitValues?: boolean;
}

/** The parameters of the worker's `run` method: progress brings `SimulationProgress`, the answer is the report. */
export type SimulationParams = Omit<SimulationRequest, 'type' | 'runId'>;

export interface SimulationProgress {
  readonly type: 'progress';
  readonly runId: number;
  /** 0..1 of the whole run. */
  readonly fraction: number;
  /** 1-based replication being run. */
  readonly replication: number;
  readonly replications: number;
  /** Cases done so far over all replications, and the total; null when a simulated period limits arrivals. */
  readonly casesDone: number | null;
  readonly casesTotal: number | null;
}

/** What the model made up because the file had no simulation data (counts per kind). */
export interface DefaultedParameters {
  readonly durations: number;
  readonly automated: number;
  readonly arrivals: number;
  /** Mean assumed time between arrivals at the first start event, seconds (null without assumed arrivals). */
  readonly interArrivalSeconds: number | null;
  readonly pools: number;
  readonly probabilities: number;
  readonly waiting: number;
}

export interface ScenarioSummary {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly source: 'leanflow' | 'bpsim' | 'qbp' | 'default' | 'none';
  /** Every scenario in the document (to choose another one for the next run). */
  readonly available: readonly { readonly id: string; readonly name: string }[];
  /** Pools with the lanes they staff (for badges on lanes). */
  readonly pools: readonly { readonly id: string; readonly name: string; readonly laneIds: readonly string[] }[];
}

export type SimulationReport =
  | {
      readonly ok: true;
      readonly result: SimulationResult;
      readonly scenario: ScenarioSummary;
      /** Problems with the diagram and the scenario found while loading (warnings and notes; errors refuse the run). */
      readonly issues: readonly ModelIssue[];
      readonly defaulted: DefaultedParameters | null;
      readonly milliseconds: number;
      /** Offered load per pool, from the model (see `computeOfferedLoad`). */
      readonly offeredLoad?: readonly PoolOfferedLoad[];
      /** The likely first responder when no task is flagged (see `guessFirstResponseTask`). */
      readonly firstResponseGuess?: FirstResponseGuess | null;
    }
  | {
      readonly ok: false;
      readonly issues: readonly ModelIssue[];
      readonly scenario: ScenarioSummary | null;
      readonly defaulted: DefaultedParameters | null;
    };

export interface SimulationDone {
  readonly type: 'done';
  readonly runId: number;
  readonly report: SimulationReport;
}

/** A programming error inside the worker (bad input comes back as a report with issues). */
export interface SimulationCrashed {
  readonly type: 'crashed';
  readonly runId: number;
  readonly message: string;
}

export type SimulationWorkerMessage = SimulationProgress | SimulationDone | SimulationCrashed;

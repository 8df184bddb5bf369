// The simulation KPIs the dynamic scoring rules read. Deliberately small: any simulator (ours, an imported BPSim
// result) can fill it. Times are in seconds, shares in 0..1.

/** A mean with an optional 95% confidence half-width over replications. */
export interface MeanFigure {
  readonly mean: number;
  readonly halfWidth?: number;
}

/**
 * What dynamic rules need from a simulation run. `toSimulationSummary` (see the sim adapter) builds it from
 * `@leanflow/sim` results; tests and plugins may build it by hand.
 */
export interface SimulationSummary {
  /** Completed cases the figures rest on. */
  readonly completedCases: number;
  /** Case start to case end. */
  readonly cycleTime: MeanFigure;
  /** Case start to the first substantive response (absent when no task is marked as one). */
  readonly firstResponse?: MeanFigure & {
    /** Share of cases answered within `slaSeconds`. */
    readonly withinSla: number;
    readonly slaSeconds: number;
  };
  /** Case start to resolution (absent when the simulator does not tell resolution apart from cycle time). */
  readonly resolution?: MeanFigure & { readonly withinSla?: number; readonly slaSeconds?: number };
  /** Cost per completed case, in the scenario's currency. */
  readonly costPerCase?: MeanFigure;
  /** Process cycle efficiency: value-adding processing time / cycle time, per case on average. */
  readonly processCycleEfficiency?: number;
  /** Busy time / available time per resource pool. */
  readonly pools: readonly {
    readonly id: string;
    readonly name?: string;
    /** Over the arrival window (after the warm-up, up to the last arrival). */
    readonly utilisation: number;
    /** The queue grew over the arrival window: overloaded, whatever the utilisation says. */
    readonly queueGrowing?: boolean;
    readonly overloaded?: boolean;
  }[];
  /** Mean waiting (queue) and processing time per execution of each task, and executions per case when known. */
  readonly tasks: readonly { readonly id: string; readonly waiting: number; readonly processing: number; readonly executionsPerCase?: number }[];
  /**
   * Per case type (matched by id with the scenario's `caseTypes`): the same figures over that type's cases, the
   * first-response share against the type's own target. The customer rules score each type when the scenario has
   * case types.
   */
  readonly segments?: readonly SegmentSummary[];
}

/** One case type's figures (see `SimulationSummary.segments`). */
export interface SegmentSummary {
  readonly id: string;
  readonly name: string;
  /** Share of the arriving cases (0..1). */
  readonly share: number;
  /** Counted cases of this type per replication (mean). */
  readonly cases: number;
  readonly cycleTime: MeanFigure;
  /** Against this type's first-response target (`slaSeconds`); absent when no task is flagged or no case counted. */
  readonly firstResponse?: MeanFigure & { readonly withinSla: number; readonly slaSeconds: number };
  readonly costPerCase?: MeanFigure;
}

// Messages between the studio and its event-log worker. Everything is plain data (structured clone); the log itself
// stays in the worker (a million events never cross to the UI thread), only summaries and fitted figures come back.
import type { ActivityMapping, CalibrationResult, LogComparison, LogField, ReplayResult, CalibrationValidationRow as ValidationRow } from '@leanflow/analysis';
import type { Scenario } from '@leanflow/model';

/** How slashed dates are read. */
export type DateOrder = 'dmy' | 'mdy';

/** What the worker found in a CSV file before reading it all: the column mapping dialog's content. */
export interface CsvPreview {
  readonly format: 'csv';
  readonly fileName: string;
  /** Bytes of the (unpacked) text. */
  readonly size: number;
  readonly separator: string;
  readonly header: readonly string[];
  /** The first records with their 1-based line numbers. */
  readonly rows: readonly { readonly line: number; readonly fields: readonly string[] }[];
  /** Records in the file (header excluded). */
  readonly records: number;
  /** The column detected for each field by its name. */
  readonly detected: Readonly<Partial<Record<LogField, string>>>;
  /** How the detected timestamp columns read: the date order they need, whether they carry their own offset. */
  readonly dates: DateDetection;
}

export interface XesPreview {
  readonly format: 'xes';
  readonly fileName: string;
  readonly size: number;
}

export type LogPreview = CsvPreview | XesPreview;

export interface DateDetection {
  /** `dmy`/`mdy` when a value decides it (a day above 12), `ambiguous` when none does, `none` without slashed dates. */
  readonly order: DateOrder | 'ambiguous' | 'none';
  /** Every sampled value has Z or an offset: the time zone option does not apply. */
  readonly offsets: boolean;
  /** A sampled value, to show next to the choice. */
  readonly example?: string;
}

export interface ReadOptions {
  readonly columns?: Readonly<Partial<Record<LogField, string>>>;
  readonly timeZone?: string;
  readonly dateOrder?: DateOrder;
  /** CSV columns to read as case attributes. */
  readonly attributes?: readonly string[];
}

export interface ReadProgress {
  /** Bytes of text read so far and in all. */
  readonly done: number;
  readonly total: number;
  readonly events: number;
}

/** The imported log as the UI sees it. */
export interface LogSummaryView {
  readonly fileName: string;
  readonly format: 'csv' | 'xes';
  readonly events: number;
  readonly cases: number;
  readonly resources: number;
  readonly hasStartTimes: boolean;
  readonly from: string;
  readonly to: string;
  readonly columns: Readonly<Partial<Record<LogField, string>>>;
  /** Activities with their event counts, most frequent first. */
  readonly activities: readonly { readonly name: string; readonly events: number }[];
  /** Case attributes found (ticked CSV columns, XES trace attributes) with their distinct values, by name. */
  readonly attributes?: readonly { readonly name: string; readonly values: number }[];
  /** Wall time the worker spent reading, ms. */
  readonly readMs: number;
}

/** The model's tasks and the suggested mapping (names equal, else a similar name). */
export interface MappingProposal {
  readonly tasks: readonly { readonly id: string; readonly name?: string }[];
  readonly mapping: ActivityMapping;
}

/** Log activity -> task id, or null to leave it out. */
export type MappingChoice = Readonly<Record<string, string | null>>;

/** A histogram of the data and the fitted density over the same range (per second), for the fit plot. */
export interface FitPlot {
  /** Bin edges in seconds (bins + 1 values). */
  readonly edges: readonly number[];
  /** The data's density per bin (count / (n x width)), so it compares with the fitted density. */
  readonly density: readonly number[];
  /** The fitted density at `curveX` (empty for `fixed`, drawn as a line at `fixedAt`). */
  readonly curveX: readonly number[];
  readonly curveY: readonly number[];
  readonly fixedAt?: number;
  /** Values above the last edge (the longest 5% are not drawn). */
  readonly above: number;
  readonly samples: number;
}

export interface CalibrationView {
  readonly result: CalibrationResult;
  /** Fit plot per task id, and of the inter-arrival times. */
  readonly plots: Readonly<Record<string, FitPlot>>;
  readonly arrivalPlot?: FitPlot;
  /** Sequence flow id -> its name, else its target's name (flows to an unnamed element are in `flowTargets`). */
  readonly flowLabels: Readonly<Record<string, string>>;
  /** Flow id -> the first named element it leads to, for flows into unnamed gateways. */
  readonly flowTargets: Readonly<Record<string, string>>;
  /** Unnamed elements -> the nearest named element before them ("Decision after ..."). */
  readonly nodes: Readonly<Record<string, UnnamedNode>>;
  /** The document's scenarios as read from the XML (imported or default ones included), to keep when applying. */
  readonly scenarios: readonly Scenario[];
  readonly activeScenarioId?: string;
  readonly baseScenarioName: string;
}

export interface ConformanceView {
  readonly replay: ReplayResult;
  readonly mapped: number;
  readonly nodes?: Readonly<Record<string, UnnamedNode>>;
}

export interface UnnamedNode {
  readonly after?: string;
}

/** The calibrated scenario's simulated KPIs next to the log's (validateCalibration), with the run they come from. */
export interface ValidationView {
  readonly rows: readonly ValidationRow[];
  readonly run: {
    readonly scenarioId: string;
    readonly scenarioName: string;
    /** Cases per replication, replications and seed of the run (the simulation worker's `run`). */
    readonly cases: number;
    readonly replications: number;
    readonly seed: number;
    readonly milliseconds: number;
  };
}

/** A second log compared with the first (compareEventLogs): before = the first log, after = this one. */
export interface LogComparisonView {
  readonly before: string;
  readonly after: string;
  readonly comparison: LogComparison;
  /** Task id -> name, for the waiting rows of mapped activities. */
  readonly keyNames: Readonly<Record<string, string>>;
}

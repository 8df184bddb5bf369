// The event-log data shapes shared by import, calibration and conformance. Times are epoch milliseconds.

/** One activity instance of one case. `start` is absent when the log has only completion times. */
export interface LogEvent {
  readonly caseId: string;
  readonly activity: string;
  readonly start?: number;
  readonly end: number;
  readonly resource?: string;
  /** When the activity became ready (Simod's `enabled_time`), if the log says. */
  readonly enabled?: number;
  /** The resource's role or group (a `role` column, XES `org:role` or `org:group`), if the log says. */
  readonly role?: string;
  /**
   * Case attributes (CSV columns named in `ReadLogOptions.attributes`, XES trace-level string attributes). Events of
   * one case with the same values share one object, so do not mutate it.
   */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface EventLog {
  readonly format: 'csv' | 'xes';
  readonly events: readonly LogEvent[];
  /** Which column or attribute fed which field. */
  readonly columns: Readonly<Partial<Record<LogField, string>>>;
  readonly hasStartTimes: boolean;
}

export type LogField = 'case' | 'activity' | 'start' | 'end' | 'resource' | 'enabled' | 'role';

/** A log that cannot be read: a stable code, a message a person can act on, and where (1-based line). */
export class EventLogError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'EventLogError';
  }
}

/** Options for reading a log. */
export interface ReadLogOptions {
  /** Column (CSV) or attribute (XES) per field; detected from common names when absent. */
  readonly columns?: Readonly<Partial<Record<LogField, string>>>;
  /** CSV columns to read as case attributes (XES reads every trace-level string attribute but the case id). */
  readonly attributes?: readonly string[];
  /** Time zone for timestamps without an offset: `UTC` (default), an offset like `+02:00`, or an IANA name. */
  readonly timeZone?: string;
  /** How to read slashed dates like 03/04/2024: day first (default) or month first. */
  readonly dateOrder?: 'dmy' | 'mdy';
  /** The file name, to tell XES from CSV when the content is ambiguous. */
  readonly fileName?: string;
}

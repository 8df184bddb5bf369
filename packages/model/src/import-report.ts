// What an import of foreign simulation parameters (QBP, BPSim) returns: never a silent drop.
import type { ModelIssue } from './graph.ts';
import type { Scenario, TimeUnit } from './scenario.ts';
import { SECONDS_PER_UNIT } from './scenario.ts';

/** What an import mapped, and what it could not (each with a reason and, where known, the element). */
export interface ImportReport {
  /** One line per mapped parameter, e.g. "Task 'Qualify lead': duration NORMAL(600 s, sd 120 s) -> normal 10 min, sd 2 min". */
  readonly mapped: string[];
  /** Parameters that were not mapped or only approximated, as warnings (or errors when the file is unusable). */
  readonly unmapped: ModelIssue[];
}

export interface ImportResult {
  readonly scenarios: Scenario[];
  readonly report: ImportReport;
}

/** Rounds away binary noise so 1800/60 prints as 30, not 30.000000000000004. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** Converts seconds into `unit`. */
export function secondsTo(value: number, unit: TimeUnit): number {
  return tidy(value / SECONDS_PER_UNIT[unit]);
}

/** "'Name'" for messages: the element's name, else its id. */
export function quoteName(node: { id: string; name?: string } | undefined, fallback: string): string {
  return `'${node?.name ?? node?.id ?? fallback}'`;
}

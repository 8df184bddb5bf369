// The service target the staffing search aims for, written the way a manager says it: "first-response:2h:90%"
// (90% of cases get a first substantive response within 2 hours) or "cycle-time:3d:80%".

/** What the target measures: the first substantive response, or the whole case (cycle time). */
export type StaffingTargetKpi = 'first-response' | 'cycle-time';

export interface StaffingTarget {
  readonly kpi: StaffingTargetKpi;
  /** Within how long, in seconds. */
  readonly withinSeconds: number;
  /** Share of cases that must make it (0..1). */
  readonly share: number;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600, d: 86400, day: 86400, days: 86400, w: 604800 };

/**
 * Reads a target such as `first-response:2h:90%` or `cycle-time:1.5d:0.8`. Returns a message a person can act on
 * when the text is not a target.
 *
 * @example
 * parseStaffingTarget('first-response:2h:90%'); // { ok: true, target: { kpi: 'first-response', withinSeconds: 7200, share: 0.9 } }
 */
export function parseStaffingTarget(text: string): { ok: true; target: StaffingTarget } | { ok: false; message: string } {
  const usage = 'Write the target as KPI:TIME:SHARE, e.g. first-response:2h:90% or cycle-time:3d:80% (TIME in s, min, h or d).';
  const parts = text.trim().toLowerCase().split(':');
  if (parts.length !== 3) return { ok: false, message: `"${text}" is not a target. ${usage}` };
  const [kpiText, timeText, shareText] = parts as [string, string, string];
  const kpi = kpiText === 'first-response' || kpiText === 'response' ? 'first-response' : kpiText === 'cycle-time' || kpiText === 'cycle' ? 'cycle-time' : null;
  if (!kpi) return { ok: false, message: `"${kpiText}" is not a KPI the staffing search can aim for: use first-response or cycle-time. ${usage}` };
  const time = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(timeText.trim());
  const unit = time ? UNIT_SECONDS[time[2]!] : undefined;
  if (!time || unit === undefined || !(Number(time[1]) > 0)) return { ok: false, message: `"${timeText}" is not a length of time. ${usage}` };
  const percent = shareText.trim().endsWith('%');
  const shareNumber = Number(percent ? shareText.trim().slice(0, -1) : shareText.trim());
  const share = percent || shareNumber > 1 ? shareNumber / 100 : shareNumber;
  if (!Number.isFinite(share) || share <= 0 || share > 1) return { ok: false, message: `"${shareText}" is not a share of cases between 0 and 100%. ${usage}` };
  return { ok: true, target: { kpi, withinSeconds: Number(time[1]) * unit, share } };
}

/** The target in words, e.g. "90% of first responses within 2 h". */
export function describeStaffingTarget(target: StaffingTarget): string {
  const s = target.withinSeconds;
  const time = s % 86400 === 0 ? `${s / 86400} d` : s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
  const share = `${Math.round(target.share * 1000) / 10}%`;
  return target.kpi === 'first-response' ? `${share} of cases answered within ${time}` : `${share} of cases done within ${time}`;
}

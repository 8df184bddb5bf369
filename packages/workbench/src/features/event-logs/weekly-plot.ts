// The weekly profile's and working hours' words and chart geometry, DOM-free (the SVG is in lf-event-logs-view.ts).
import type { WorkingHours } from '@leanflow/model';

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Working hours in words: runs of consecutive days joined ("Mon–Fri 08:00–16:00; Sat 09:00–12:00").
 *
 * @example
 * hoursText([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:00' }], (d) => d); // "mon–fri 08:00–16:00"
 */
export function hoursText(hours: readonly WorkingHours[], dayName: (day: (typeof WEEKDAY_KEYS)[number]) => string, separator = '; '): string {
  return hours
    .map((h) => {
      const idx = [...new Set(h.days)].map((d) => WEEKDAY_KEYS.indexOf(d)).sort((a, b) => a - b);
      const runs: string[] = [];
      for (let i = 0; i < idx.length; ) {
        let j = i;
        while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
        const first = dayName(WEEKDAY_KEYS[idx[i]!]!);
        runs.push(j === i ? first : `${first}${j === i + 1 ? ', ' : '–'}${dayName(WEEKDAY_KEYS[idx[j]!]!)}`);
        i = j + 1;
      }
      return `${runs.join(', ')} ${h.from}–${h.to}`;
    })
    .join(separator);
}

/** A p-value for reading: "< 0.001" below a thousandth, else three decimals. */
export function pText(p: number, format: (value: number, digits: number) => string): string {
  return p < 0.001 ? `< ${format(0.001, 3)}` : format(p, 3);
}

/**
 * The bar heights (observed rate per hour of the week) and the fitted profile's step line, scaled to a chart
 * `width` x `height` (168 hours across; 0 at the bottom). The scale is the larger of the two series' maxima.
 *
 * @example
 * const { bars, line } = weeklyGeometry(profile.ratePerHour, profile.profileRatePerHour, 336, 80);
 */
export function weeklyGeometry(observed: readonly number[], fitted: readonly number[], width: number, height: number): { bars: { x: number; w: number; h: number }[]; line: string; max: number } {
  const hours = Math.max(observed.length, fitted.length, 1);
  const max = Math.max(1e-12, ...observed, ...fitted);
  const step = width / hours;
  const y = (v: number) => height - (Math.max(0, v) / max) * height;
  const bars = observed.map((v, i) => ({ x: i * step, w: step, h: (Math.max(0, v) / max) * height }));
  let line = '';
  fitted.forEach((v, i) => {
    line += `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(v).toFixed(1)}H${((i + 1) * step).toFixed(1)}`;
  });
  return { bars, line, max };
}

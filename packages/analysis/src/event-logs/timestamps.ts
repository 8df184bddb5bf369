// Timestamp parsing for logs: ISO 8601 and a few common spreadsheet formats, with a time zone for local times.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const YMD_SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function offsetMinutes(text: string): number {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return NaN;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The offset (minutes east of UTC) of an IANA zone at a UTC instant, via Intl (no time-zone data of our own). */
const formats = new Map<string, Intl.DateTimeFormat>();
function zoneOffset(zone: string, utcMs: number): number {
  // One formatter per zone: building one costs far more than formatting with it (a log has many timestamps).
  let format = formats.get(zone);
  if (!format) formats.set(zone, (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const parts = format.formatToParts(utcMs);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** Checks a time zone option; returns a message when it is not usable. */
export function checkTimeZone(zone: string): string | undefined {
  if (zone.toUpperCase() === 'UTC' || !Number.isNaN(offsetMinutes(zone))) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `Unknown time zone "${zone}". Use UTC, an offset like +02:00 or a name like Europe/Berlin.`;
  }
}

/**
 * Epoch milliseconds of a log timestamp, or NaN. Times without an offset are read in `timeZone`.
 * Slashed and dotted dates (03/04/2024, 03.04.2024) are read day first unless `dateOrder` is `mdy`.
 */
export function parseTimestamp(raw: string, timeZone = 'UTC', dateOrder: 'dmy' | 'mdy' = 'dmy'): number {
  const text = raw.trim();
  let y: number, mo: number, d: number, rest: RegExpExecArray;
  let m = ISO.exec(text) ?? YMD_SLASHED.exec(text);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = m;
  } else {
    m = SLASHED.exec(text);
    if (!m) {
      // Epoch seconds or milliseconds, as some exports write them.
      if (/^\d{9,13}(\.\d+)?$/.test(text)) return text.length >= 12 ? Number(text) : Number(text) * 1000;
      return NaN;
    }
    const a = Number(m[1]);
    const b = Number(m[2]);
    [d, mo] = text.includes('.') || dateOrder === 'dmy' ? [a, b] : [b, a];
    y = Number(m[3]);
    rest = m;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const h = Number(rest[4] ?? 0);
  const mi = Number(rest[5] ?? 0);
  const s = Number(rest[6] ?? 0);
  const ms = rest[7] ? Math.round(Number(`0.${rest[7]}`) * 1000) : 0;
  if (h > 24 || mi > 59 || s > 60) return NaN;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const explicit = rest[8];
  if (explicit) return wall - offsetMinutes(explicit) * 60000;
  if (timeZone.toUpperCase() === 'UTC') return wall;
  const fixed = offsetMinutes(timeZone);
  if (!Number.isNaN(fixed)) return wall - fixed * 60000;
  // Two passes settle the offset around daylight-saving changes.
  const first = wall - zoneOffset(timeZone, wall) * 60000;
  return wall - zoneOffset(timeZone, first) * 60000;
}

/**
 * The hour of the week (0 = Monday 00:00-01:00 ... 167 = Sunday 23:00-24:00) of an instant, read in `timeZone`
 * (UTC, an offset like +02:00, or an IANA name). IANA offsets are looked up once per hour of time (`cache`).
 */
export function hourOfWeek(utcMs: number, timeZone = 'UTC', cache?: Map<number, number>): number {
  let offset = 0;
  if (timeZone.toUpperCase() !== 'UTC') {
    const fixed = offsetMinutes(timeZone);
    if (!Number.isNaN(fixed)) offset = fixed;
    else {
      const hour = Math.floor(utcMs / 3600000);
      const known = cache?.get(hour);
      offset = known ?? zoneOffset(timeZone, hour * 3600000);
      if (known === undefined) cache?.set(hour, offset);
    }
  }
  const local = utcMs + offset * 60000;
  // 1970-01-01 was a Thursday: day 0 of the epoch is weekday 3 counted from Monday.
  const day = Math.floor(local / 86400000);
  const weekday = (((day + 3) % 7) + 7) % 7;
  return weekday * 24 + Math.floor((local - day * 86400000) / 3600000);
}

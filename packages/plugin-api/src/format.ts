// Human units for simulation figures: "2 h 15 min", "42 min", "€31.50", "72%". English and Chinese. Shared by the
// workbench (table cells, views) and plugins (the built-in Simulation view), which import only this package.
export type FormatLanguage = 'en' | 'zh-CN';

const UNITS: Record<FormatLanguage, { s: string; min: string; h: string; d: string; sep: string }> = {
  en: { s: 's', min: 'min', h: 'h', d: 'd', sep: ' ' },
  'zh-CN': { s: '秒', min: '分钟', h: '小时', d: '天', sep: ' ' },
};

const DASH = '—';

function number(value: number, language: FormatLanguage, fractionDigits: number): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: fractionDigits, minimumFractionDigits: 0 }).format(value);
}

/**
 * A duration in seconds as people say it: seconds below a minute, minutes below an hour, "h min" below a day,
 * "d h" above. Calendar days (24 h), not working days.
 *
 * @example
 * formatDuration(8100, 'en'); // '2 h 15 min'
 * formatDuration(8100, 'zh-CN'); // '2 小时 15 分钟'
 */
export function formatDuration(seconds: number | null | undefined, language: FormatLanguage): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const u = UNITS[language];
  const unit = (value: string, name: string) => `${value}${u.sep}${name}`;
  const abs = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (abs < 59.5) return sign + unit(number(abs, language, abs < 10 ? 1 : 0), u.s);
  if (abs < 600) return sign + unit(number(abs / 60, language, 1), u.min);
  const totalMinutes = Math.round(abs / 60);
  if (totalMinutes < 60) return sign + unit(String(totalMinutes), u.min);
  if (totalMinutes < 24 * 60) {
    const h = Math.floor(totalMinutes / 60);
    const m = totalMinutes % 60;
    return sign + (m === 0 ? unit(String(h), u.h) : `${unit(String(h), u.h)} ${unit(String(m), u.min)}`);
  }
  const totalHours = Math.round(abs / 3600);
  const d = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  return sign + (h === 0 ? unit(String(d), u.d) : `${unit(String(d), u.d)} ${unit(String(h), u.h)}`);
}

/** A short duration for tight spaces (badges, axes): one unit, e.g. "42 min", "3.5 h", "2.1 d". */
export function formatDurationShort(seconds: number | null | undefined, language: FormatLanguage): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const u = UNITS[language];
  const abs = Math.abs(seconds);
  if (abs < 59.5) return `${number(seconds, language, abs < 10 ? 1 : 0)}${u.sep}${u.s}`;
  if (abs < 3600 - 30) return `${number(seconds / 60, language, abs < 600 ? 1 : 0)}${u.sep}${u.min}`;
  if (abs < 86_400 - 1800) return `${number(seconds / 3600, language, abs < 36_000 ? 1 : 0)}${u.sep}${u.h}`;
  return `${number(seconds / 86_400, language, 1)}${u.sep}${u.d}`;
}

/** Money in the scenario's currency (`{ whole: true }` for weekly and large amounts): the one formatter of @leanflow/analysis. */
export { formatMoney } from '@leanflow/analysis';

/** A share (0..1) as a percentage; one decimal below 10%. */
export function formatPercent(share: number | null | undefined, language: FormatLanguage): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  const digits = Math.abs(share) < 0.1 && share !== 0 ? 1 : 0;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(share);
}

/** A plain count or rate with at most `fractionDigits` decimals, grouped ("1,000"). */
export function formatNumber(value: number | null | undefined, language: FormatLanguage, fractionDigits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return number(value, language, fractionDigits);
}

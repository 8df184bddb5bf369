// Numbers typed into forms. Browsers' <input type=number> read "12,5" as 125 in English locales (the comma taken
// as a thousands separator), silently. Forms use text inputs and this parser instead: a dot is always the decimal
// separator; a comma is one only where the browser's locale writes decimals with a comma (de, fr, ...); anything
// else is refused with a message, never reinterpreted.

export type ParsedNumber =
  | { readonly ok: true; readonly value: number; /** The text with a dot as decimal separator (what `Number()` reads). */ readonly normalised: string }
  | { readonly ok: false; readonly reason: 'decimalComma' | 'notANumber' };

/** The decimal separator `locale` writes ("." or ","). */
export function decimalSeparator(locale: string | undefined): string {
  try {
    return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    return '.';
  }
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const WITH_COMMA = /^[+-]?\d*,\d+$/;

/**
 * @example
 * parseLocaleNumber('12.5', 'en-US');  // { ok: true, value: 12.5, normalised: '12.5' }
 * parseLocaleNumber('12,5', 'de-DE');  // { ok: true, value: 12.5, normalised: '12.5' }
 * parseLocaleNumber('12,5', 'en-US');  // { ok: false, reason: 'decimalComma' }
 */
export function parseLocaleNumber(text: string, locale: string | undefined): ParsedNumber {
  const trimmed = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (PLAIN.test(trimmed)) return { ok: true, value: Number(trimmed), normalised: trimmed };
  if (WITH_COMMA.test(trimmed)) {
    if (decimalSeparator(locale) !== ',') return { ok: false, reason: 'decimalComma' };
    const normalised = trimmed.replace(',', '.');
    return { ok: true, value: Number(normalised), normalised };
  }
  return { ok: false, reason: 'notANumber' };
}

// One money formatter for every view, report and sentence: the currency's symbol where it has one ("€11,520",
// "¥5.00"), cents for per-case amounts, whole units for weekly and other large amounts. The optimiser's reasons,
// the Simulation view, the Optimise table and the suggestions all write money through it, so one amount reads the
// same everywhere.

export type MoneyLanguage = 'en' | 'zh-CN';

export interface MoneyOptions {
  /** Whole currency units (weekly costs, budgets); default: two decimals. */
  readonly whole?: boolean;
}

/**
 * Money in the scenario's currency; an unknown currency code is written after the amount.
 *
 * @example
 * formatMoney(63.987, 'EUR', 'en'); // '€63.99'
 * formatMoney(11519.6, 'EUR', 'en', { whole: true }); // '€11,520'
 */
export function formatMoney(value: number | null | undefined, currency: string, language: MoneyLanguage, options: MoneyOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = options.whole ? 0 : 2;
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${new Intl.NumberFormat(language, { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(value)} ${currency}`;
  }
}

import { describe, expect, it } from 'vitest';
import { decimalSeparator, parseLocaleNumber } from './locale-number.ts';

describe('parseLocaleNumber', () => {
  it('reads a dot as the decimal separator in every locale', () => {
    for (const locale of ['en-US', 'de-DE', 'zh-CN', 'fr-FR']) {
      expect(parseLocaleNumber('12.5', locale)).toEqual({ ok: true, value: 12.5, normalised: '12.5' });
      expect(parseLocaleNumber(' 38 ', locale)).toEqual({ ok: true, value: 38, normalised: '38' });
      expect(parseLocaleNumber('.5', locale)).toMatchObject({ ok: true, value: 0.5 });
      expect(parseLocaleNumber('1e3', locale)).toMatchObject({ ok: true, value: 1000 });
    }
  });

  it('accepts a decimal comma where the locale writes one', () => {
    expect(decimalSeparator('de-DE')).toBe(',');
    expect(parseLocaleNumber('12,5', 'de-DE')).toEqual({ ok: true, value: 12.5, normalised: '12.5' });
    expect(parseLocaleNumber('0,75', 'fr-FR')).toMatchObject({ ok: true, value: 0.75 });
  });

  it('refuses "12,5" where the locale writes a dot: never 125', () => {
    expect(decimalSeparator('en-US')).toBe('.');
    expect(parseLocaleNumber('12,5', 'en-US')).toEqual({ ok: false, reason: 'decimalComma' });
    expect(parseLocaleNumber('12,5', 'zh-CN')).toEqual({ ok: false, reason: 'decimalComma' });
    expect(parseLocaleNumber('1,250', 'en-US')).toEqual({ ok: false, reason: 'decimalComma' });
  });

  it('refuses grouped numbers and text', () => {
    expect(parseLocaleNumber('1.234,5', 'de-DE')).toEqual({ ok: false, reason: 'notANumber' });
    expect(parseLocaleNumber('1,234.5', 'en-US')).toEqual({ ok: false, reason: 'notANumber' });
    expect(parseLocaleNumber('twelve', 'en-US')).toEqual({ ok: false, reason: 'notANumber' });
    expect(parseLocaleNumber('12,5,1', 'de-DE')).toEqual({ ok: false, reason: 'notANumber' });
  });
});

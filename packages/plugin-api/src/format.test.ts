import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationShort, formatMoney, formatNumber, formatPercent } from './format.ts';

describe('simulation formatting', () => {
  it('writes durations as people say them, in English and Chinese', () => {
    const cases: [number, string, string][] = [
      [4.25, '4.3 s', '4.3 秒'],
      [42, '42 s', '42 秒'],
      [270, '4.5 min', '4.5 分钟'],
      [42 * 60 + 20, '42 min', '42 分钟'],
      [2 * 3600 + 15 * 60, '2 h 15 min', '2 小时 15 分钟'],
      [3 * 3600, '3 h', '3 小时'],
      [3570, '1 h', '1 小时'], // 59.5 min rounds to the hour
      [27 * 3600 + 10 * 60, '1 d 3 h', '1 天 3 小时'],
      [48 * 3600, '2 d', '2 天'],
    ];
    for (const [seconds, en, zh] of cases) {
      expect(formatDuration(seconds, 'en'), `${seconds}`).toBe(en);
      expect(formatDuration(seconds, 'zh-CN'), `${seconds}`).toBe(zh);
    }
    expect(formatDuration(NaN, 'en')).toBe('—');
    expect(formatDuration(null, 'en')).toBe('—');
  });

  it('has a one-unit short form for badges and axes', () => {
    expect(formatDurationShort(0, 'en')).toBe('0 s');
    expect(formatDurationShort(2970, 'en')).toBe('50 min');
    expect(formatDurationShort(5400, 'en')).toBe('1.5 h');
    expect(formatDurationShort(3 * 86_400, 'zh-CN')).toBe('3 天');
  });

  it('formats money in the scenario currency, shares and counts', () => {
    expect(formatMoney(63.987, 'EUR', 'en')).toBe('€63.99');
    expect(formatMoney(5, 'CNY', 'zh-CN')).toBe('¥5.00');
    expect(formatMoney(5, 'not a code', 'en')).toBe('5 not a code');
    // Weekly and large amounts in whole units, the same symbol.
    expect(formatMoney(11519.6, 'EUR', 'en', { whole: true })).toBe('€11,520');
    expect(formatMoney(7936.59, 'CNY', 'zh-CN', { whole: true })).toBe('¥7,937');
    expect(formatPercent(0.7512, 'en')).toBe('75%');
    expect(formatPercent(0.0672, 'en')).toBe('6.7%');
    expect(formatPercent(null, 'en')).toBe('—');
    expect(formatNumber(1_000_000, 'en')).toBe('1,000,000');
    expect(formatNumber(9.8522, 'en', 2)).toBe('9.85');
  });
});

import { describe, expect, it } from 'vitest';
import { chineseUnits } from './units.ts';

describe('chineseUnits', () => {
  it('turns the report units into Chinese and leaves numbers, currencies and percentages', () => {
    expect(chineseUnits('3.21 h [-6.23 h .. 12.65 h]')).toBe('3.21 小时 [-6.23 小时 .. 12.65 小时]');
    expect(chineseUnits('-20.4 min [-121.4 min .. +80.5 min] (-7.5 %)')).toBe('-20.4 分钟 [-121.4 分钟 .. +80.5 分钟] (-7.5 %)');
    expect(chineseUnits('0.0 s [0.0 s .. 0.0 s]')).toBe('0.0 秒 [0.0 秒 .. 0.0 秒]');
    expect(chineseUnits('+5.0 pp [-16.2 pp .. +26.2 pp]')).toBe('+5.0 个百分点 [-16.2 个百分点 .. +26.2 个百分点]');
    expect(chineseUnits('0.88 /h [-1.40 /h .. 3.16 /h]')).toBe('0.88 /小时 [-1.40 /小时 .. 3.16 /小时]');
    expect(chineseUnits('62.55 EUR [25.39 EUR .. 99.71 EUR]')).toBe('62.55 EUR [25.39 EUR .. 99.71 EUR]');
    expect(chineseUnits('2.5 d')).toBe('2.5 天');
  });
});

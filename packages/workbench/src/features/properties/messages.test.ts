// Every Properties string exists in Simplified Chinese with the same placeholders.
import { describe, expect, it } from 'vitest';
import { PROPERTIES_EN, PROPERTIES_ZH } from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('properties messages', () => {
  it('are complete in Chinese with matching placeholders', () => {
    expect(Object.keys(PROPERTIES_ZH).sort()).toEqual(Object.keys(PROPERTIES_EN).sort());
    for (const [key, english] of Object.entries(PROPERTIES_EN)) {
      const chinese = PROPERTIES_ZH[key as keyof typeof PROPERTIES_EN];
      expect(chinese.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });
});

// Every variants string exists in Simplified Chinese with the same placeholders.
import { describe, expect, it } from 'vitest';
import { VARIANTS_EN, VARIANTS_ZH } from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('variants messages', () => {
  it('are complete in Chinese with matching placeholders', () => {
    expect(Object.keys(VARIANTS_ZH).sort()).toEqual(Object.keys(VARIANTS_EN).sort());
    for (const [key, english] of Object.entries(VARIANTS_EN)) {
      const chinese = VARIANTS_ZH[key as keyof typeof VARIANTS_EN];
      expect(chinese.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });
});

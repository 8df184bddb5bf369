// Every authoring string exists in Simplified Chinese with the same placeholders.
import { describe, expect, it } from 'vitest';
import { AUTHORING_EN, AUTHORING_ZH } from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('authoring messages', () => {
  it('are complete in Chinese with matching placeholders', () => {
    expect(Object.keys(AUTHORING_ZH).sort()).toEqual(Object.keys(AUTHORING_EN).sort());
    for (const [key, english] of Object.entries(AUTHORING_EN)) {
      const chinese = AUTHORING_ZH[key as keyof typeof AUTHORING_EN];
      expect(chinese.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });
});

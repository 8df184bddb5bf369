// Every Suggestions string exists in Simplified Chinese with the same placeholders.
import { describe, expect, it } from 'vitest';
import { SUGGESTIONS_EN, SUGGESTIONS_ZH } from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('suggestions messages', () => {
  it('are complete in Chinese with matching placeholders', () => {
    expect(Object.keys(SUGGESTIONS_ZH).sort()).toEqual(Object.keys(SUGGESTIONS_EN).sort());
    for (const [key, english] of Object.entries(SUGGESTIONS_EN)) {
      const chinese = SUGGESTIONS_ZH[key as keyof typeof SUGGESTIONS_EN];
      expect(chinese.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });
});

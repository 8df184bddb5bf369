import { describe, expect, it } from 'vitest';
import { fuzzyMatch, highlightRuns } from './fuzzy.ts';

describe('fuzzyMatch', () => {
  it('matches characters in order across words and marks their positions', () => {
    expect(fuzzyMatch('zf', 'View: Zoom to Fit')?.positions).toEqual([6, 14]);
    expect(fuzzyMatch('fz', 'View: Zoom to Fit')).toBeUndefined();
    expect(fuzzyMatch('save', 'File: Save As…')?.positions).toEqual([6, 7, 8, 9]);
    // A word-start jump ("p" of PNG) must not lose a match that exists ("p" of Export).
    expect(fuzzyMatch('export png', 'File: Export as PNG')?.positions).toEqual([6, 7, 8, 9, 10, 11, 16, 17, 18]);
  });

  it('ranks contiguous and word-start matches first', () => {
    const titles = ['File: Save As…', 'View: Show Explorer', 'File: Save'];
    const ranked = titles.map((t) => ({ t, m: fuzzyMatch('save', t) })).filter((x) => x.m).sort((a, b) => b.m!.score - a.m!.score);
    expect(ranked.map((x) => x.t)).toEqual(['File: Save', 'File: Save As…']);
  });

  it('splits text into highlighted runs', () => {
    expect(highlightRuns('Zoom', [0, 1])).toEqual([{ text: 'Zo', match: true }, { text: 'om', match: false }]);
  });
});

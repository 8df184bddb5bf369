// Fuzzy matching for the command palette and quick open: characters in order, rewarding runs and word starts.

export interface FuzzyMatch {
  readonly score: number;
  /** Indices of matched characters in the text (for highlighting). */
  readonly positions: number[];
}

/**
 * Matches `query` against `text` case-insensitively; undefined when some query character is missing.
 * Spaces in the query are ignored. Higher scores are better.
 * @example fuzzyMatch('zf', 'Zoom to Fit')?.positions // [0, 8]
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (q === '') return { score: 0, positions: [] };
  const lower = text.toLowerCase();
  // Prefer a contiguous substring when there is one: it is what people usually mean.
  const contiguous = lower.indexOf(q);
  if (contiguous >= 0) {
    const positions = Array.from({ length: q.length }, (_, i) => contiguous + i);
    return { score: 100 + q.length * 10 - contiguous + (isWordStart(text, contiguous) ? 50 : 0) - text.length / 100, positions };
  }
  const positions: number[] = [];
  let from = 0;
  for (let k = 0; k < q.length; k++) {
    const ch = q[k]!;
    // Jump to the next word start with this character ("zf" -> Zoom to Fit) when the rest of the query still
    // fits after it; otherwise take the next occurrence ("exportpng" must not jump to the P of PNG).
    let index = -1;
    for (let i = from; i < lower.length; i++) {
      if (lower[i] === ch && isWordStart(text, i) && isSubsequence(q.slice(k + 1), lower, i + 1)) {
        index = i;
        break;
      }
    }
    if (index < 0) index = lower.indexOf(ch, from);
    if (index < 0) return undefined;
    positions.push(index);
    from = index + 1;
  }
  let score = 0;
  positions.forEach((index, i) => {
    score += isWordStart(text, index) ? 10 : 1;
    if (i > 0 && positions[i - 1] === index - 1) score += 5;
  });
  return { score: score - text.length / 100, positions };
}

function isSubsequence(query: string, lower: string, from: number): boolean {
  for (const ch of query) {
    const index = lower.indexOf(ch, from);
    if (index < 0) return false;
    from = index + 1;
  }
  return true;
}

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const previous = text[index - 1]!;
  const current = text[index]!;
  return /[\s:/._-]/.test(previous) || (previous === previous.toLowerCase() && current !== current.toLowerCase());
}

/** Splits text into runs for rendering, marking the matched ones. */
export function highlightRuns(text: string, positions: readonly number[]): { text: string; match: boolean }[] {
  const set = new Set(positions);
  const runs: { text: string; match: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const match = set.has(i);
    const last = runs[runs.length - 1];
    if (last && last.match === match) last.text += text[i];
    else runs.push({ text: text[i]!, match });
  }
  return runs;
}

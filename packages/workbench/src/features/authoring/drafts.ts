// Plugins being written survive a reload: each authoring tab's manifest and code are kept in localStorage until
// the tab is closed. Restored tabs stay in the background, so Monaco still loads only when one is shown.
export interface AuthoringDraft {
  readonly n: number;
  readonly manifest: string;
  readonly code: string;
  readonly dirty: boolean;
}

export const DRAFTS_KEY = 'leanflow.authoring.drafts';

/**
 * Reads the drafts; anything unreadable is ignored (never throws).
 *
 * @example
 * for (const draft of loadDrafts(localStorage)) reopen(draft);
 */
export function loadDrafts(storage: Pick<Storage, 'getItem'>): AuthoringDraft[] {
  try {
    const value = JSON.parse(storage.getItem(DRAFTS_KEY) ?? '[]') as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (d): d is AuthoringDraft =>
        typeof d === 'object' && d !== null && Number.isInteger(d.n) && d.n > 0 && typeof d.manifest === 'string' && typeof d.code === 'string',
    ).map((d) => ({ n: d.n, manifest: d.manifest, code: d.code, dirty: d.dirty === true }));
  } catch {
    return [];
  }
}

/** Writes the drafts; a full or unavailable storage only loses the draft, never the open editor. */
export function saveDrafts(storage: Pick<Storage, 'setItem' | 'removeItem'>, drafts: readonly AuthoringDraft[]): boolean {
  try {
    if (drafts.length === 0) storage.removeItem(DRAFTS_KEY);
    else storage.setItem(DRAFTS_KEY, JSON.stringify(drafts));
    return true;
  } catch {
    return false;
  }
}

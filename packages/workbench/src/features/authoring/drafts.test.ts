// Drafts of plugins being written: round trip, and unreadable storage never breaks the studio.
import { describe, expect, it } from 'vitest';
import { DRAFTS_KEY, loadDrafts, saveDrafts } from './drafts.ts';

function memoryStorage(initial?: string) {
  const values = new Map<string, string>(initial === undefined ? [] : [[DRAFTS_KEY, initial]]);
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe('authoring drafts', () => {
  it('round-trip and are removed when the last tab closes', () => {
    const storage = memoryStorage();
    expect(saveDrafts(storage, [{ n: 2, manifest: '{}', code: 'export {}', dirty: true }])).toBe(true);
    expect(loadDrafts(storage)).toEqual([{ n: 2, manifest: '{}', code: 'export {}', dirty: true }]);
    saveDrafts(storage, []);
    expect(storage.values.has(DRAFTS_KEY)).toBe(false);
  });

  it('ignore broken JSON and malformed entries, and report a failed write', () => {
    expect(loadDrafts(memoryStorage('{not json'))).toEqual([]);
    expect(loadDrafts(memoryStorage('{"n":1}'))).toEqual([]);
    expect(loadDrafts(memoryStorage('[{"n":0,"manifest":"","code":""},{"n":3,"manifest":"m","code":"c"},null]'))).toEqual([{ n: 3, manifest: 'm', code: 'c', dirty: false }]);
    const full = { setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    expect(saveDrafts(full, [{ n: 1, manifest: '', code: '', dirty: false }])).toBe(false);
  });
});

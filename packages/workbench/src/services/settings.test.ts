import { describe, expect, it, vi } from 'vitest';
import { SettingsRegistry, createMemorySettingsStorage } from './settings.ts';

function setup(initial: Record<string, unknown> = {}) {
  const storage = createMemorySettingsStorage(initial);
  const settings = new SettingsRegistry(storage);
  settings.register({ id: 'workbench.colorTheme', type: 'string', default: 'system', enum: ['system', 'light', 'dark'], title: 'Theme', description: 'Colours' });
  settings.register({ id: 'files.autosaveDelay', type: 'number', default: 500, minimum: 100, maximum: 10000, title: 'Delay', description: 'ms' });
  settings.register({ id: 'editor.fitOnOpen', type: 'boolean', default: true, title: 'Fit', description: 'Fit on open' });
  return { storage, settings };
}

describe('SettingsRegistry', () => {
  it('returns defaults, stores valid values and persists only what differs from the default', () => {
    const { settings, storage } = setup();
    expect(settings.get('workbench.colorTheme')).toBe('system');
    expect(settings.set('workbench.colorTheme', 'dark')).toEqual({ ok: true, value: 'dark' });
    expect(settings.set('files.autosaveDelay', 500).ok).toBe(true);
    expect(storage.values).toEqual({ 'workbench.colorTheme': 'dark' });
    expect(settings.isModified('workbench.colorTheme')).toBe(true);
    settings.reset('workbench.colorTheme');
    expect(settings.get('workbench.colorTheme')).toBe('system');
    expect(storage.values).toEqual({});
  });

  it('refuses wrong values with a code and a readable message, keeping the old value', () => {
    const { settings } = setup();
    const wrongEnum = settings.set('workbench.colorTheme', 'purple');
    expect(wrongEnum).toMatchObject({ ok: false, issue: { code: 'not-allowed', settingId: 'workbench.colorTheme' } });
    expect(!wrongEnum.ok && wrongEnum.issue.message).toContain('"system", "light", "dark"');
    expect(settings.set('files.autosaveDelay', 50)).toMatchObject({ ok: false, issue: { code: 'out-of-range' } });
    expect(settings.set('files.autosaveDelay', Number.NaN)).toMatchObject({ ok: false, issue: { code: 'wrong-type' } });
    expect(settings.set('editor.fitOnOpen', 'yes')).toMatchObject({ ok: false, issue: { code: 'wrong-type' } });
    expect(settings.set('no.such', 1)).toMatchObject({ ok: false, issue: { code: 'unknown-setting' } });
    expect(settings.get('files.autosaveDelay')).toBe(500);
  });

  it('loads persisted values, ignoring ones that no longer validate, and keeps values of unknown settings', () => {
    const { settings, storage } = setup({ 'workbench.colorTheme': 'light', 'files.autosaveDelay': 'fast', 'plugin.x': 3 });
    expect(settings.get('workbench.colorTheme')).toBe('light');
    expect(settings.get('files.autosaveDelay')).toBe(500);
    settings.set('editor.fitOnOpen', false);
    expect(storage.values['plugin.x']).toBe(3);
  });

  it('fires change events only for real changes', () => {
    const { settings } = setup();
    const changed = vi.fn();
    settings.onDidChange(changed);
    settings.set('editor.fitOnOpen', false);
    settings.set('editor.fitOnOpen', false);
    settings.reset('editor.fitOnOpen');
    expect(changed.mock.calls).toEqual([['editor.fitOnOpen'], ['editor.fitOnOpen']]);
  });

  it('treats bad schemas as bugs', () => {
    const { settings } = setup();
    expect(() => settings.register({ id: 'x', type: 'number', default: 'a', title: 'X', description: '' })).toThrow(/default is not a number/);
    expect(() => settings.register({ id: 'y', type: 'string', default: 'a', enum: ['b'], title: 'Y', description: '' })).toThrow(/not in enum/);
    expect(() => settings.get('nope')).toThrow(/Unknown setting/);
  });
});

import { describe, expect, it } from 'vitest';
import { ContextKeyService } from './context-keys.ts';
import { KeybindingRegistry, chordFromEvent, formatChord, normalizeChord } from './keybindings.ts';

const press = (key: string, code: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean; meta?: boolean } = {}) => ({
  key, code, ctrlKey: !!mods.ctrl, shiftKey: !!mods.shift, altKey: !!mods.alt, metaKey: !!mods.meta,
});

describe('normalizeChord', () => {
  it('orders modifiers, upper-cases letters and resolves aliases', () => {
    expect(normalizeChord('shift+ctrl+p')).toBe('Ctrl+Shift+P');
    expect(normalizeChord('Cmd+Option+s')).toBe('Alt+Cmd+S');
    expect(normalizeChord('meta+esc')).toBe('Cmd+Escape');
    expect(normalizeChord('f1')).toBe('F1');
    expect(normalizeChord('Ctrl++')).toBe('Ctrl+=');
    expect(normalizeChord('ctrl+pagedown')).toBe('Ctrl+PageDown');
  });

  it('throws on malformed chords (they come from code)', () => {
    expect(() => normalizeChord('Ctrl+')).toThrow();
    expect(() => normalizeChord('Ctrl+Shift')).toThrow(/no key/);
    expect(() => normalizeChord('A+B')).toThrow(/more than one key/);
  });
});

describe('chordFromEvent', () => {
  it('uses the physical key so Shift and layouts do not change the chord', () => {
    expect(chordFromEvent(press('P', 'KeyP', { ctrl: true, shift: true }))).toBe('Ctrl+Shift+P');
    expect(chordFromEvent(press('!', 'Digit1', { shift: true }))).toBe('Shift+1');
    expect(chordFromEvent(press('+', 'Equal', { ctrl: true, shift: true }))).toBe('Ctrl+Shift+=');
    expect(chordFromEvent(press('F1', 'F1'))).toBe('F1');
    expect(chordFromEvent(press('Control', 'ControlLeft', { ctrl: true }))).toBeUndefined();
  });
});

describe('KeybindingRegistry', () => {
  it('resolves a key press to the command and shows the chord for it', () => {
    const registry = new KeybindingRegistry(new ContextKeyService());
    registry.register({ command: 'workbench.showCommands', key: 'F1' });
    registry.register({ command: 'workbench.showCommands', key: 'Ctrl+Shift+P' });
    expect(registry.resolve(press('p', 'KeyP', { ctrl: true, shift: true }))?.command).toBe('workbench.showCommands');
    expect(registry.resolve(press('p', 'KeyP', { ctrl: true }))).toBeUndefined();
    expect(registry.lookup('workbench.showCommands')).toBe('Ctrl+Shift+P');
    expect(registry.lookup('nothing')).toBeUndefined();
  });

  it('maps Ctrl to Cmd on a Mac unless a Mac chord is given', () => {
    const registry = new KeybindingRegistry(new ContextKeyService(), true);
    registry.register({ command: 'file.save', key: 'Ctrl+S' });
    registry.register({ command: 'workbench.nextEditor', key: 'Ctrl+Tab', mac: 'Ctrl+Tab' });
    expect(registry.resolve(press('s', 'KeyS', { meta: true }))?.command).toBe('file.save');
    expect(registry.resolve(press('s', 'KeyS', { ctrl: true }))).toBeUndefined();
    expect(registry.resolve('Ctrl+Tab')?.command).toBe('workbench.nextEditor');
    expect(registry.lookup('file.save')).toBe('⌘S');
    expect(formatChord('Ctrl+Shift+Cmd+P', true)).toBe('⌃⇧⌘P');
  });

  it('respects when clauses, lets later bindings win, and reports conflicts', () => {
    const keys = new ContextKeyService();
    const registry = new KeybindingRegistry(keys);
    registry.register({ command: 'edit.undo', key: 'Ctrl+Z', when: 'documentOpen' });
    expect(registry.resolve('Ctrl+Z')).toBeUndefined();
    keys.set('documentOpen', true);
    expect(registry.resolve('ctrl+z')?.command).toBe('edit.undo');

    registry.register({ command: 'a', key: 'Ctrl+K' });
    const b = registry.register({ command: 'b', key: 'ctrl+k' });
    registry.register({ command: 'c', key: 'Ctrl+K', when: 'inputFocus' });
    expect(registry.resolve('Ctrl+K')?.command).toBe('b');
    expect(registry.conflicts()).toEqual([{ chord: 'Ctrl+K', commands: ['a', 'b'] }]);
    b.dispose();
    expect(registry.resolve('Ctrl+K')?.command).toBe('a');
    expect(registry.conflicts()).toEqual([]);
  });
});

describe('user keybindings', () => {
  it('replace the command’s bindings, keep its when clause, win over defaults and reset back', () => {
    const keys = new ContextKeyService();
    const registry = new KeybindingRegistry(keys);
    registry.register({ command: 'file.save', key: 'Ctrl+S' });
    registry.register({ command: 'edit.undo', key: 'Ctrl+Z', when: 'documentOpen && !inputFocus' });
    registry.register({ command: 'workbench.toggleTheme', key: 'Ctrl+Alt+T', source: 'Acme' });
    registry.setUserKeybinding('edit.undo', ['alt+u']);
    expect(registry.resolve('Ctrl+Z')).toBeUndefined();
    expect(registry.resolve('Alt+U')).toBeUndefined(); // the default's when clause still applies
    keys.set('documentOpen', true);
    expect(registry.resolve('Alt+U')).toMatchObject({ command: 'edit.undo', user: true });
    // A core chord, on purpose: the user's binding wins and the clash with Save is reported.
    registry.setUserKeybinding('workbench.toggleTheme', ['Ctrl+S']);
    expect(registry.resolve('Ctrl+S')?.command).toBe('workbench.toggleTheme');
    expect(registry.conflicts()).toEqual([{ chord: 'Ctrl+S', commands: ['file.save', 'workbench.toggleTheme'] }]);
    expect(registry.commandsBoundTo('ctrl+s', 'workbench.toggleTheme')).toEqual(['file.save']);
    expect(registry.keysFor('workbench.toggleTheme')).toEqual(['Ctrl+S']);
    expect(registry.defaultsFor('workbench.toggleTheme').map((b) => [b.chord, b.source])).toEqual([['Ctrl+Alt+T', 'Acme']]);
    registry.setUserKeybinding('workbench.toggleTheme', undefined);
    expect(registry.resolve('Ctrl+S')?.command).toBe('file.save');
    expect(registry.lookup('workbench.toggleTheme')).toBe('Ctrl+Alt+T');
    registry.setUserKeybinding('file.save', []);
    expect(registry.resolve('Ctrl+S')).toBeUndefined();
    expect(registry.userKeybindings).toEqual({ 'edit.undo': ['Alt+U'], 'file.save': [] });
  });

  it('drops stored chords that do not parse', () => {
    const registry = new KeybindingRegistry(new ContextKeyService());
    registry.setUserKeybindings({ a: ['Ctrl+', 'ctrl+k'], b: 'nope' as unknown as string[] });
    expect(registry.userKeybindings).toEqual({ a: ['Ctrl+K'] });
  });
});

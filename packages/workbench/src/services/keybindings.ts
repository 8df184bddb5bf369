// The keybinding registry: chords normalised to one spelling, Mac mapping, conflicts, lookup for display.
import { BugIndicatingError, Emitter, toDisposable, type Disposable, type Event } from '../base/lifecycle.ts';
import type { ContextKeyService } from './context-keys.ts';

/** A keybinding contribution. `key` uses `Ctrl` for the primary modifier; on a Mac it becomes `Cmd` unless `mac` is given. */
export interface KeybindingDescriptor {
  readonly command: string;
  /** e.g. `Ctrl+Shift+P`, `F1`, `Ctrl+=`. */
  readonly key: string;
  /** Explicit Mac chord, e.g. `Ctrl+Tab` to keep Ctrl on a Mac. */
  readonly mac?: string;
  readonly when?: string;
  readonly args?: readonly unknown[];
}

/** The parts of a KeyboardEvent a chord is made of (so it can be unit-tested without a DOM). */
export interface KeyEventLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

export interface ResolvedKeybinding extends KeybindingDescriptor {
  /** The normalised chord for this platform. */
  readonly chord: string;
}

export interface KeybindingConflict {
  readonly chord: string;
  readonly commands: string[];
}

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Cmd'] as const;
const MODIFIER_ALIASES: Record<string, (typeof MODIFIERS)[number]> = {
  ctrl: 'Ctrl', control: 'Ctrl', alt: 'Alt', option: 'Alt', opt: 'Alt', shift: 'Shift',
  cmd: 'Cmd', command: 'Cmd', meta: 'Cmd', super: 'Cmd', win: 'Cmd',
};
const KEY_ALIASES: Record<string, string> = {
  esc: 'Escape', escape: 'Escape', enter: 'Enter', return: 'Enter', tab: 'Tab', space: 'Space', ' ': 'Space',
  del: 'Delete', delete: 'Delete', backspace: 'Backspace', up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft',
  right: 'ArrowRight', arrowup: 'ArrowUp', arrowdown: 'ArrowDown', arrowleft: 'ArrowLeft', arrowright: 'ArrowRight',
  pageup: 'PageUp', pagedown: 'PageDown', home: 'Home', end: 'End', plus: '=', minus: '-', equal: '=',
};
const CODE_KEYS: Record<string, string> = {
  Equal: '=', Minus: '-', NumpadAdd: '=', NumpadSubtract: '-', Comma: ',', Period: '.', Slash: '/', Backquote: '`',
  Semicolon: ';', Quote: "'", BracketLeft: '[', BracketRight: ']', Backslash: '\\', Digit0: '0', Numpad0: '0',
};

/**
 * Normalises a chord: modifiers in the order Ctrl, Alt, Shift, Cmd, letters upper case, aliases resolved.
 * Throws on an unknown or empty chord: keybindings are contributed by code, so a bad one is a bug.
 * @example normalizeChord('shift+ctrl+p') // 'Ctrl+Shift+P'
 */
export function normalizeChord(chord: string): string {
  const parts = chord.split('+').map((p) => p.trim());
  // "Ctrl++" means Ctrl and the plus key.
  if (chord.endsWith('++')) parts.splice(parts.length - 2, 2, '=');
  const modifiers = new Set<string>();
  let key: string | undefined;
  for (const part of parts) {
    if (part === '') throw new BugIndicatingError(`Malformed keybinding "${chord}"`);
    const modifier = MODIFIER_ALIASES[part.toLowerCase()];
    if (modifier) {
      modifiers.add(modifier);
      continue;
    }
    if (key !== undefined) throw new BugIndicatingError(`Keybinding "${chord}" has more than one key`);
    key = KEY_ALIASES[part.toLowerCase()] ?? (part.length === 1 ? part.toUpperCase() : normalizeNamedKey(part));
  }
  if (key === undefined) throw new BugIndicatingError(`Keybinding "${chord}" has no key`);
  return [...MODIFIERS.filter((m) => modifiers.has(m)), key].join('+');
}

function normalizeNamedKey(part: string): string {
  if (/^f\d{1,2}$/i.test(part)) return part.toUpperCase();
  return part.charAt(0).toUpperCase() + part.slice(1);
}

/** Maps a keyboard event to a normalised chord, or undefined for a lone modifier press. */
export function chordFromEvent(event: KeyEventLike): string | undefined {
  if (['Control', 'Shift', 'Alt', 'Meta', 'AltGraph'].includes(event.key)) return undefined;
  let key: string;
  const code = event.code ?? '';
  if (/^Key[A-Z]$/.test(code)) key = code.slice(3);
  else if (/^(Digit|Numpad)\d$/.test(code)) key = code.slice(-1);
  else if (CODE_KEYS[code]) key = CODE_KEYS[code];
  else key = event.key.length === 1 ? event.key.toUpperCase() : (KEY_ALIASES[event.key.toLowerCase()] ?? event.key);
  if (key === '+') key = '=';
  const parts: string[] = [];
  if (event.ctrlKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  if (event.metaKey) parts.push('Cmd');
  parts.push(key === ' ' ? 'Space' : key);
  return parts.join('+');
}

/** Shows a chord the way the platform does: `⇧⌘P` on a Mac, `Ctrl+Shift+P` elsewhere. */
export function formatChord(chord: string, mac: boolean): string {
  if (!mac) return chord;
  const symbols: Record<string, string> = { Ctrl: '⌃', Alt: '⌥', Shift: '⇧', Cmd: '⌘' };
  const parts = chord.split('+');
  const key = parts.pop() ?? '';
  // Mac order: Control, Option, Shift, Command.
  return parts.map((p) => symbols[p] ?? p).join('') + key;
}

/**
 * Holds keybindings and resolves key presses to commands. Later registrations win over earlier ones
 * for the same chord (so a plugin or the user can override a default), as in VS Code.
 * @example
 * keybindings.register({ command: 'workbench.showCommands', key: 'Ctrl+Shift+P' });
 * keybindings.resolve(event)?.command; // 'workbench.showCommands'
 */
export class KeybindingRegistry {
  private readonly bindings: ResolvedKeybinding[] = [];
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly contextKeys: ContextKeyService,
    /** True on macOS: `Ctrl` in a contribution means `Cmd`. */
    readonly isMac = false,
  ) {}

  register(binding: KeybindingDescriptor): Disposable {
    const source = this.isMac ? (binding.mac ?? macChord(binding.key)) : binding.key;
    const resolved: ResolvedKeybinding = { ...binding, chord: normalizeChord(source) };
    this.bindings.push(resolved);
    this.changed.fire();
    return toDisposable(() => {
      const index = this.bindings.indexOf(resolved);
      if (index >= 0) {
        this.bindings.splice(index, 1);
        this.changed.fire();
      }
    });
  }

  all(): readonly ResolvedKeybinding[] {
    return this.bindings;
  }

  /** The binding to run for a key press now (last registered whose `when` holds), if any. */
  resolve(event: KeyEventLike | string): ResolvedKeybinding | undefined {
    const chord = typeof event === 'string' ? normalizeChord(event) : chordFromEvent(event);
    if (!chord) return undefined;
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      const binding = this.bindings[i]!;
      if (binding.chord === chord && this.contextKeys.evaluate(binding.when)) return binding;
    }
    return undefined;
  }

  /** The chord shown next to a command (the most recently registered one), platform-formatted. */
  lookup(commandId: string): string | undefined {
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      const binding = this.bindings[i]!;
      if (binding.command === commandId) return formatChord(binding.chord, this.isMac);
    }
    return undefined;
  }

  /** Chords bound to more than one command where the `when` clauses do not tell them apart. */
  conflicts(): KeybindingConflict[] {
    const byChord = new Map<string, ResolvedKeybinding[]>();
    for (const b of this.bindings) byChord.set(b.chord, [...(byChord.get(b.chord) ?? []), b]);
    const result: KeybindingConflict[] = [];
    for (const [chord, list] of byChord) {
      const clashing = list.filter((a) => list.some((b) => b !== a && b.command !== a.command && (a.when ?? '') === (b.when ?? '')));
      const commands = [...new Set(clashing.map((b) => b.command))];
      if (commands.length > 1) result.push({ chord, commands });
    }
    return result;
  }
}

function macChord(key: string): string {
  return key
    .split('+')
    .map((p) => (p.trim().toLowerCase() === 'ctrl' ? 'Cmd' : p))
    .join('+');
}

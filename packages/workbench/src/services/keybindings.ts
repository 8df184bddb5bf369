// The keybinding registry: chords normalised to one spelling, Mac mapping, conflicts, lookup for display.
import { BugIndicatingError, Emitter, toDisposable, type Disposable, type Event } from '../base/lifecycle.ts';
import { normalizeKeybinding } from '@leanflow/plugin-api';
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
  /** Who contributed it, for the keyboard-shortcuts editor (a plugin's name); absent for the studio's own. */
  readonly source?: string;
}

/** The user's keys for commands: each listed command is bound to exactly these chords (none: unbound). */
export type UserKeybindings = Readonly<Record<string, readonly string[]>>;

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
  /** Set by the user in the keyboard-shortcuts editor (it replaces the command's other bindings). */
  readonly user?: boolean;
}

export interface KeybindingConflict {
  readonly chord: string;
  readonly commands: string[];
}

const CODE_KEYS: Record<string, string> = {
  Equal: '=', Minus: '-', NumpadAdd: '=', NumpadSubtract: '-', Comma: ',', Period: '.', Slash: '/', Backquote: '`',
  Semicolon: ';', Quote: "'", BracketLeft: '[', BracketRight: ']', Backslash: '\\', Digit0: '0', Numpad0: '0',
};

/**
 * Normalises a chord: modifiers in the order Ctrl, Alt, Shift, Cmd, letters upper case, aliases resolved (the same
 * spelling as `normalizeKeybinding` of the plugin API, which the manifest check uses).
 * Throws on an unknown or empty chord: keybindings are contributed by code, so a bad one is a bug.
 * @example normalizeChord('shift+ctrl+p') // 'Ctrl+Shift+P'
 */
export function normalizeChord(chord: string): string {
  const normalized = normalizeKeybinding(chord);
  if (normalized !== undefined) return normalized;
  const parts = chord.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new BugIndicatingError(`Malformed keybinding "${chord}"`);
  if (parts.every((p) => /^(ctrl|control|alt|option|opt|shift|cmd|command|meta|super|win)$/i.test(p))) throw new BugIndicatingError(`Keybinding "${chord}" has no key`);
  throw new BugIndicatingError(`Keybinding "${chord}" has more than one key`);
}

/** Maps a keyboard event to a normalised chord, or undefined for a lone modifier press. */
export function chordFromEvent(event: KeyEventLike): string | undefined {
  if (['Control', 'Shift', 'Alt', 'Meta', 'AltGraph'].includes(event.key)) return undefined;
  let key: string;
  const code = event.code ?? '';
  if (/^Key[A-Z]$/.test(code)) key = code.slice(3);
  else if (/^(Digit|Numpad)\d$/.test(code)) key = code.slice(-1);
  else if (CODE_KEYS[code]) key = CODE_KEYS[code];
  else key = event.key.length === 1 ? event.key.toUpperCase() : (normalizeKeybinding(event.key) ?? event.key);
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
  private userBindings: ResolvedKeybinding[] = [];
  private user: UserKeybindings = {};
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
    this.rebuildUser();
    this.changed.fire();
    return toDisposable(() => {
      const index = this.bindings.indexOf(resolved);
      if (index >= 0) {
        this.bindings.splice(index, 1);
        this.rebuildUser();
        this.changed.fire();
      }
    });
  }

  /**
   * The bindings in effect: the registered ones of commands the user did not rebind, then the user's (which win).
   */
  all(): readonly ResolvedKeybinding[] {
    if (this.userBindings.length === 0 && Object.keys(this.user).length === 0) return this.bindings;
    return [...this.bindings.filter((b) => this.user[b.command] === undefined), ...this.userBindings];
  }

  /** The registered (default and contributed) bindings of a command, whatever the user set. */
  defaultsFor(commandId: string): readonly ResolvedKeybinding[] {
    return this.bindings.filter((b) => b.command === commandId);
  }

  /** The user's keys, by command. */
  get userKeybindings(): UserKeybindings {
    return this.user;
  }

  /**
   * Replaces the user's keys (the keyboard-shortcuts editor and its storage). Chords that do not parse are dropped.
   * A user binding keeps the `when` of the command's first registered binding (Undo still ignores text fields).
   */
  setUserKeybindings(user: UserKeybindings): void {
    const clean: Record<string, string[]> = {};
    for (const [command, chords] of Object.entries(user)) {
      if (!Array.isArray(chords)) continue;
      clean[command] = [...new Set(chords.map((c) => (typeof c === 'string' ? normalizeKeybinding(c) : undefined)).filter((c) => c !== undefined))];
    }
    this.user = clean;
    this.rebuildUser();
    this.changed.fire();
  }

  /** Binds a command to `chords` (the user's choice), or back to its defaults with `undefined`. */
  setUserKeybinding(commandId: string, chords: readonly string[] | undefined): void {
    const next: Record<string, readonly string[]> = { ...this.user };
    if (chords === undefined) delete next[commandId];
    else next[commandId] = chords;
    this.setUserKeybindings(next);
  }

  private rebuildUser(): void {
    this.userBindings = Object.entries(this.user).flatMap(([command, chords]) => {
      const when = this.bindings.find((b) => b.command === command)?.when;
      return chords.map((chord): ResolvedKeybinding => ({ command, key: chord, chord, user: true, ...(when !== undefined ? { when } : {}) }));
    });
  }

  /** The binding to run for a key press now (last registered whose `when` holds), if any. */
  resolve(event: KeyEventLike | string): ResolvedKeybinding | undefined {
    const chord = typeof event === 'string' ? normalizeChord(event) : chordFromEvent(event);
    if (!chord) return undefined;
    const bindings = this.all();
    for (let i = bindings.length - 1; i >= 0; i--) {
      const binding = bindings[i]!;
      if (binding.chord === chord && this.contextKeys.evaluate(binding.when)) return binding;
    }
    return undefined;
  }

  /** The chord shown next to a command (the most recently registered one), platform-formatted. */
  lookup(commandId: string): string | undefined {
    const bindings = this.all();
    for (let i = bindings.length - 1; i >= 0; i--) {
      const binding = bindings[i]!;
      if (binding.command === commandId) return formatChord(binding.chord, this.isMac);
    }
    return undefined;
  }

  /** Every chord of a command in effect, platform-formatted, the one `lookup` shows first. */
  keysFor(commandId: string): string[] {
    return this.all()
      .filter((b) => b.command === commandId)
      .map((b) => formatChord(b.chord, this.isMac))
      .reverse();
  }

  /** Chords bound to more than one command where the `when` clauses do not tell them apart. */
  conflicts(): KeybindingConflict[] {
    const byChord = new Map<string, ResolvedKeybinding[]>();
    for (const b of this.all()) byChord.set(b.chord, [...(byChord.get(b.chord) ?? []), b]);
    const result: KeybindingConflict[] = [];
    for (const [chord, list] of byChord) {
      const clashing = list.filter((a) => list.some((b) => b !== a && b.command !== a.command && (a.when ?? '') === (b.when ?? '')));
      const commands = [...new Set(clashing.map((b) => b.command))];
      if (commands.length > 1) result.push({ chord, commands });
    }
    return result;
  }

  /** Other commands a chord is bound to now (whatever their `when`): what the shortcuts editor warns about. */
  commandsBoundTo(chord: string, except?: string): string[] {
    const normalized = normalizeKeybinding(chord);
    return [...new Set(this.all().filter((b) => b.chord === normalized && b.command !== except).map((b) => b.command))];
  }
}

function macChord(key: string): string {
  return key
    .split('+')
    .map((p) => (p.trim().toLowerCase() === 'ctrl' ? 'Cmd' : p))
    .join('+');
}

// Key chords: one spelling for comparing them, and the studio's core keybindings that plugins cannot take.
// The manifest check (`leanflow plugin validate`) and the studio (which refuses such a contribution) both read
// RESERVED_KEYBINDINGS from here, so they always agree.

const MODIFIER_ORDER = ['Ctrl', 'Alt', 'Shift', 'Cmd'] as const;
const MODIFIER_ALIASES: Record<string, (typeof MODIFIER_ORDER)[number]> = {
  ctrl: 'Ctrl', control: 'Ctrl', alt: 'Alt', option: 'Alt', opt: 'Alt', shift: 'Shift',
  cmd: 'Cmd', command: 'Cmd', meta: 'Cmd', super: 'Cmd', win: 'Cmd',
};
const KEY_ALIASES: Record<string, string> = {
  esc: 'Escape', escape: 'Escape', enter: 'Enter', return: 'Enter', tab: 'Tab', space: 'Space', ' ': 'Space',
  del: 'Delete', delete: 'Delete', backspace: 'Backspace', up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft',
  right: 'ArrowRight', arrowup: 'ArrowUp', arrowdown: 'ArrowDown', arrowleft: 'ArrowLeft', arrowright: 'ArrowRight',
  pageup: 'PageUp', pagedown: 'PageDown', home: 'Home', end: 'End', plus: '=', minus: '-', equal: '=',
};

/**
 * One spelling of a chord: modifiers in the order Ctrl, Alt, Shift, Cmd, letters upper case, aliases resolved
 * (`control`, `option`, `meta`, `esc`, `plus`...). Undefined for a malformed chord (empty part, no key, two keys).
 *
 * @example
 * normalizeKeybinding('shift+ctrl+p'); // 'Ctrl+Shift+P'
 * normalizeKeybinding('meta+esc'); // 'Cmd+Escape'
 */
export function normalizeKeybinding(chord: string): string | undefined {
  const parts = chord.split('+').map((p) => p.trim());
  // "Ctrl++" means Ctrl and the plus key.
  if (chord.endsWith('++')) parts.splice(parts.length - 2, 2, '=');
  const modifiers = new Set<string>();
  let key: string | undefined;
  for (const part of parts) {
    if (part === '') return undefined;
    const modifier = MODIFIER_ALIASES[part.toLowerCase()];
    if (modifier) {
      modifiers.add(modifier);
      continue;
    }
    if (key !== undefined) return undefined;
    key = KEY_ALIASES[part.toLowerCase()] ?? (part.length === 1 ? part.toUpperCase() : namedKey(part));
  }
  if (key === undefined) return undefined;
  return [...MODIFIER_ORDER.filter((m) => modifiers.has(m)), key].join('+');
}

function namedKey(part: string): string {
  if (/^f\d{1,2}$/i.test(part)) return part.toUpperCase();
  return part.charAt(0).toUpperCase() + part.slice(1);
}

/**
 * A core keybinding of the studio. `command` is the studio command it runs (absent when the browser's own action is
 * kept, like Find).
 *
 * @example
 * const save: ReservedKeybinding = { key: 'Ctrl+S', command: 'file.save', title: 'Save' };
 */
export interface ReservedKeybinding {
  /** Normalised; `Ctrl` stands for Ctrl and Cmd (a Mac's primary modifier). */
  readonly key: string;
  readonly command?: string;
  readonly title: string;
}

/**
 * Chords plugins cannot bind: saving, undo/redo, the command palette, quick open, new/open/close, find, the
 * clipboard, switching tabs and the keyboard-shortcuts editor itself. A user may still bind them on purpose
 * (Preferences: Keyboard Shortcuts).
 */
export const RESERVED_KEYBINDINGS: readonly ReservedKeybinding[] = [
  { key: 'Ctrl+S', command: 'file.save', title: 'Save' },
  { key: 'Ctrl+Shift+S', command: 'file.saveAs', title: 'Save As…' },
  { key: 'Ctrl+O', command: 'file.open', title: 'Open File…' },
  { key: 'Ctrl+N', command: 'file.newProcess', title: 'New Process' },
  { key: 'Alt+N', command: 'file.newProcess', title: 'New Process' },
  { key: 'Alt+W', command: 'file.close', title: 'Close Document' },
  { key: 'Ctrl+W', title: 'Close (the browser tab)' },
  { key: 'Ctrl+Z', command: 'edit.undo', title: 'Undo' },
  { key: 'Ctrl+Shift+Z', command: 'edit.redo', title: 'Redo' },
  { key: 'Ctrl+Y', command: 'edit.redo', title: 'Redo' },
  { key: 'Ctrl+Shift+P', command: 'workbench.showCommands', title: 'Show All Commands' },
  { key: 'F1', command: 'workbench.showCommands', title: 'Show All Commands' },
  { key: 'Ctrl+P', command: 'workbench.quickOpen', title: 'Go to Document… (quick open)' },
  { key: 'Ctrl+F', title: 'Find' },
  { key: 'Ctrl+C', command: 'edit.copy', title: 'Copy' },
  { key: 'Ctrl+X', title: 'Cut' },
  { key: 'Ctrl+V', command: 'edit.paste', title: 'Paste' },
  { key: 'Ctrl+A', command: 'edit.selectAll', title: 'Select All' },
  { key: 'Ctrl+Tab', command: 'workbench.nextEditor', title: 'Next Document' },
  { key: 'Ctrl+Shift+Tab', command: 'workbench.previousEditor', title: 'Previous Document' },
  { key: 'Ctrl+Alt+K', command: 'workbench.openKeyboardShortcuts', title: 'Keyboard Shortcuts' },
];

/**
 * The core keybinding a chord would take, if any. Compared after normalising, with Cmd counted as Ctrl (a plugin's
 * `cmd+s` takes Save on a Mac just as `ctrl+s` does elsewhere).
 *
 * @example
 * reservedKeybinding('s+CTRL')?.title; // 'Save'
 * reservedKeybinding('ctrl+alt+t'); // undefined
 */
export function reservedKeybinding(chord: string): ReservedKeybinding | undefined {
  const normalized = normalizeKeybinding(chord);
  if (normalized === undefined) return undefined;
  const parts = normalized.split('+');
  const key = parts.pop()!;
  const modifiers = new Set(parts.map((p) => (p === 'Cmd' ? 'Ctrl' : p)));
  const primary = [...MODIFIER_ORDER.filter((m) => modifiers.has(m)), key].join('+');
  return RESERVED_KEYBINDINGS.find((r) => r.key === primary);
}

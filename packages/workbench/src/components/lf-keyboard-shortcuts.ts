// <lf-keyboard-shortcuts>: every command with its keys, searchable; record a new key, reset to the default, see
// conflicts. Opened as an editor tab by "Preferences: Keyboard Shortcuts" (Ctrl+Alt+K). The user's keys are kept in
// localStorage (`leanflow.keybindings`) and may take any chord, the studio's core ones included: on purpose.
import { html, nothing } from 'lit';
import type { Event } from '../base/lifecycle.ts';
import type { CommandDescriptor } from '../services/commands.ts';
import { chordFromEvent, formatChord } from '../services/keybindings.ts';
import type { Workbench } from '../workbench.ts';
import { WorkbenchElement } from './workbench-element.ts';

interface Row {
  readonly command: CommandDescriptor;
  readonly label: string;
  readonly keys: string[];
  readonly modified: boolean;
  readonly source: string;
  readonly conflicts: string[];
}

export class LfKeyboardShortcuts extends WorkbenchElement {
  private query = '';
  /** The command whose key is being recorded, and the chord pressed so far. */
  private recording: { command: string; chord?: string } | undefined;

  protected override watch(): Event<unknown>[] {
    return [this.workbench.keybindings.onDidChange, this.workbench.commands.onDidChange];
  }

  private label(command: CommandDescriptor): string {
    const { i18n } = this.workbench;
    const category = command.category ? i18n.localize(command.category) : '';
    return category ? `${category}: ${i18n.localize(command.title)}` : i18n.localize(command.title);
  }

  private titleOf(commandId: string): string {
    const command = this.workbench.commands.get(commandId);
    return command ? this.label(command) : commandId;
  }

  private rows(): Row[] {
    const { commands, keybindings } = this.workbench;
    const user = keybindings.userKeybindings;
    const inConflict = new Map<string, string[]>();
    for (const conflict of keybindings.conflicts()) {
      for (const id of conflict.commands) inConflict.set(id, [...(inConflict.get(id) ?? []), formatChord(conflict.chord, keybindings.isMac)]);
    }
    return commands
      .all()
      .filter((c) => !c.hidden)
      .map((command): Row => {
        const defaults = keybindings.defaultsFor(command.id);
        const modified = user[command.id] !== undefined;
        const source = modified ? this.t('shortcuts.source.user') : (defaults.find((d) => d.source)?.source ?? this.t('shortcuts.source.default'));
        return { command, label: this.label(command), keys: keybindings.keysFor(command.id), modified, source, conflicts: inConflict.get(command.id) ?? [] };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  }

  private isShown(row: Row): boolean {
    const q = this.query.trim().toLowerCase();
    if (!q) return true;
    // A query in quotes, or one that looks like a chord, searches keys ("ctrl+s").
    const text = [row.label, row.command.id, row.source, ...row.keys].join(' ').toLowerCase();
    return q.split(/\s+/).every((word) => text.includes(word.replace(/^"|"$/g, '')));
  }

  /** Starts recording a key for a command; the next chord pressed is shown with what it collides with. */
  record(commandId: string): void {
    this.recording = { command: commandId };
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('.lf-shortcut-recorder')?.focus());
  }

  private onRecorderKey(event: KeyboardEvent): void {
    // The studio's own handler must not run the chord being recorded.
    event.preventDefault();
    event.stopPropagation();
    if (!this.recording) return;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey;
    if (plain && event.key === 'Escape') {
      this.recording = undefined;
      this.requestUpdate();
      return;
    }
    if (plain && event.key === 'Enter' && this.recording.chord) {
      this.workbench.keybindings.setUserKeybinding(this.recording.command, [this.recording.chord]);
      this.workbench.output.append(this.t('shortcuts.output.bound', { command: this.titleOf(this.recording.command), key: formatChord(this.recording.chord, this.workbench.keybindings.isMac) }));
      this.recording = undefined;
      this.requestUpdate();
      return;
    }
    const chord = chordFromEvent(event);
    if (!chord) return;
    this.recording = { ...this.recording, chord };
    this.requestUpdate();
  }

  private reset(commandId: string): void {
    this.workbench.keybindings.setUserKeybinding(commandId, undefined);
  }

  private unbind(commandId: string): void {
    this.workbench.keybindings.setUserKeybinding(commandId, []);
  }

  private renderRecorder(): unknown {
    const recording = this.recording;
    if (!recording) return nothing;
    const { keybindings } = this.workbench;
    const chord = recording.chord;
    const others = chord ? keybindings.commandsBoundTo(chord, recording.command) : [];
    return html`<div class="lf-shortcut-recorder" tabindex="0" role="textbox" aria-label=${this.t('shortcuts.record.aria', { command: this.titleOf(recording.command) })}
        @keydown=${(e: KeyboardEvent) => this.onRecorderKey(e)} @blur=${() => { this.recording = undefined; this.requestUpdate(); }}>
      <p>${this.t('shortcuts.record.prompt', { command: this.titleOf(recording.command) })}</p>
      <p class="lf-shortcut-pressed"><kbd>${chord ? formatChord(chord, keybindings.isMac) : '…'}</kbd></p>
      ${others.length > 0
        ? html`<p class="lf-shortcut-conflict" role="alert">${this.t('shortcuts.record.conflict', { commands: others.map((id) => this.titleOf(id)).join(', ') })}</p>`
        : nothing}
    </div>`;
  }

  protected override render() {
    const rows = this.rows();
    const shown = rows.filter((r) => this.isShown(r));
    const conflicts = rows.filter((r) => r.conflicts.length > 0).length;
    return html`<div class="lf-shortcuts">
      <h2>${this.t('shortcuts.title')}</h2>
      <p class="lf-shortcuts-intro">${this.t('shortcuts.intro')}</p>
      <input class="lf-input lf-search" type="search" placeholder=${this.t('shortcuts.search')} aria-label=${this.t('shortcuts.search')} .value=${this.query}
        @input=${(e: InputEvent) => { this.query = (e.target as HTMLInputElement).value; this.requestUpdate(); }} />
      ${conflicts > 0 ? html`<p class="lf-shortcuts-conflicts">${this.t('shortcuts.conflicts', { count: conflicts })}</p>` : nothing}
      ${this.renderRecorder()}
      <table class="lf-shortcuts-table">
        <thead><tr><th>${this.t('shortcuts.column.command')}</th><th>${this.t('shortcuts.column.keys')}</th><th>${this.t('shortcuts.column.source')}</th><th></th></tr></thead>
        <tbody>
          ${shown.map(
            (row) => html`<tr data-command=${row.command.id} class=${[row.modified ? 'modified' : '', row.conflicts.length ? 'conflict' : ''].join(' ')}>
              <td><span class="lf-shortcut-label">${row.label}</span> <code class="lf-shortcut-id">${row.command.id}</code></td>
              <td class="lf-shortcut-keys">${row.keys.length ? row.keys.map((k) => html`<kbd>${k}</kbd> `) : html`<span class="lf-empty">—</span>`}
                ${row.conflicts.length ? html`<span class="lf-shortcut-conflict" title=${this.t('shortcuts.conflictWith', { keys: row.conflicts.join(', ') })}>⚠ ${this.t('shortcuts.conflict')}</span>` : nothing}</td>
              <td class="lf-shortcut-source">${row.source}</td>
              <td class="lf-shortcut-actions">
                <button class="lf-button secondary" data-action="record" @click=${() => this.record(row.command.id)}>${this.t('shortcuts.change')}</button>
                ${row.keys.length ? html`<button class="lf-button secondary" data-action="remove" @click=${() => this.unbind(row.command.id)}>${this.t('shortcuts.remove')}</button>` : nothing}
                ${row.modified ? html`<button class="lf-button secondary" data-action="reset" @click=${() => this.reset(row.command.id)}>${this.t('shortcuts.reset')}</button>` : nothing}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${shown.length === 0 ? html`<p class="lf-empty">${this.t('shortcuts.noResults', { query: this.query })}</p>` : nothing}
    </div>`;
  }
}

if (!customElements.get('lf-keyboard-shortcuts')) customElements.define('lf-keyboard-shortcuts', LfKeyboardShortcuts);

const STORAGE_KEY = 'leanflow.keybindings';

/**
 * Registers "Preferences: Keyboard Shortcuts" (Ctrl+Alt+K: Ctrl+K Ctrl+S would need key sequences, which the
 * studio does not have) and keeps the user's keys in `storage`.
 */
export function registerKeyboardShortcuts(workbench: Workbench, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): void {
  const { keybindings } = workbench;
  try {
    const stored = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (stored && typeof stored === 'object' && !Array.isArray(stored)) keybindings.setUserKeybindings(stored as Record<string, string[]>);
  } catch {
    // Unreadable: start from the defaults.
  }
  let saved = JSON.stringify(keybindings.userKeybindings);
  keybindings.onDidChange(() => {
    const next = JSON.stringify(keybindings.userKeybindings);
    if (next === saved) return;
    saved = next;
    try {
      storage?.setItem(STORAGE_KEY, next);
    } catch {
      // Full or blocked storage: the keys apply for this session.
    }
  });
  let element: LfKeyboardShortcuts | undefined;
  workbench.commands.register({
    id: 'workbench.openKeyboardShortcuts',
    title: '%command.keyboardShortcuts%',
    category: '%category.preferences%',
    handler: () => {
      if (!element) {
        element = document.createElement('lf-keyboard-shortcuts');
        element.workbench = workbench;
      }
      workbench.editorTabs.open({ id: 'keyboard-shortcuts', title: workbench.t('shortcuts.title'), element, onDidClose: () => (element = undefined) });
      void element.updateComplete.then(() => element?.querySelector<HTMLInputElement>('.lf-search')?.focus());
    },
  });
  keybindings.register({ command: 'workbench.openKeyboardShortcuts', key: 'Ctrl+Alt+K' });
}

declare global {
  interface HTMLElementTagNameMap {
    'lf-keyboard-shortcuts': LfKeyboardShortcuts;
  }
}

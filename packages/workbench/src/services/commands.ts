// The command registry: every action in the studio is a command, so palette, keybindings, menus and plugins share it.
import { BugIndicatingError, Emitter, toDisposable, type Disposable, type Event } from '../base/lifecycle.ts';
import type { ContextKeyService } from './context-keys.ts';

/** A command contribution. `title` and `category` may be message keys written `%key%` (resolved by the catalogue). */
export interface CommandDescriptor {
  /** Unique id, `area.verb` style, e.g. `file.save`. */
  readonly id: string;
  readonly title: string;
  readonly category?: string;
  /** Runs the command. May be async; the returned value is passed back to `execute`'s caller. */
  readonly handler: (...args: unknown[]) => unknown;
  /** Context-key expression; the command is only offered and run when it holds. */
  readonly when?: string;
  /** Context-key expression; shown but greyed out when false. */
  readonly enablement?: string;
  /** Hide from the command palette (internal helper commands). */
  readonly hidden?: boolean;
}

/**
 * Registers and runs commands.
 * @example
 * const sub = commands.register({ id: 'view.zoomFit', title: '%command.zoomFit%', category: '%category.view%', handler: () => fit() });
 * await commands.execute('view.zoomFit');
 * sub.dispose();
 */
export class CommandRegistry {
  private readonly commands = new Map<string, CommandDescriptor>();
  private readonly changed = new Emitter<void>();
  private readonly executed = new Emitter<{ id: string }>();
  /** Fires when commands are added or removed. */
  readonly onDidChange: Event<void> = this.changed.event;
  /** Fires after a command ran successfully. */
  readonly onDidExecute: Event<{ id: string }> = this.executed.event;

  constructor(private readonly contextKeys: ContextKeyService) {}

  register(command: CommandDescriptor): Disposable {
    if (!command.id) throw new BugIndicatingError('A command needs an id');
    if (this.commands.has(command.id)) throw new BugIndicatingError(`Command "${command.id}" is already registered`);
    this.commands.set(command.id, command);
    this.changed.fire();
    return toDisposable(() => {
      if (this.commands.get(command.id) === command) {
        this.commands.delete(command.id);
        this.changed.fire();
      }
    });
  }

  get(id: string): CommandDescriptor | undefined {
    return this.commands.get(id);
  }

  /** All commands, in registration order. */
  all(): CommandDescriptor[] {
    return [...this.commands.values()];
  }

  /** Commands the palette offers now: not hidden and whose `when` holds. */
  visible(): CommandDescriptor[] {
    return this.all().filter((c) => !c.hidden && this.contextKeys.evaluate(c.when));
  }

  isEnabled(id: string): boolean {
    const command = this.commands.get(id);
    return !!command && this.contextKeys.evaluate(command.when) && this.contextKeys.evaluate(command.enablement);
  }

  /**
   * Runs a command. Unknown ids are a bug and throw; a disabled command does nothing and resolves `undefined`.
   */
  async execute(id: string, ...args: unknown[]): Promise<unknown> {
    const command = this.commands.get(id);
    if (!command) throw new BugIndicatingError(`Unknown command "${id}"`);
    if (!this.isEnabled(id)) return undefined;
    const result = await command.handler(...args);
    this.executed.fire({ id });
    return result;
  }
}

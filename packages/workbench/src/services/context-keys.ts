// Context keys decide when commands and keybindings apply (`when` clauses), like VS Code's.
import { BugIndicatingError, Emitter, type Event } from '../base/lifecycle.ts';

export type ContextValue = string | number | boolean | undefined;

/**
 * Holds named values (`editorFocus`, `activeDocument`, `commandPaletteVisible`...) and evaluates `when` expressions.
 * Grammar: `key`, `!key`, `key == value`, `key != value`, `a && b`, `a || b` (&& binds tighter), `true`, `false`.
 * @example
 * keys.set('documentOpen', true);
 * keys.evaluate('documentOpen && !paletteVisible'); // true
 */
export class ContextKeyService {
  private readonly values = new Map<string, ContextValue>();
  private readonly changed = new Emitter<string>();
  /** Fires the name of a key whose value changed. */
  readonly onDidChange: Event<string> = this.changed.event;

  set(key: string, value: ContextValue): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    this.changed.fire(key);
  }

  get(key: string): ContextValue {
    return this.values.get(key);
  }

  /** Evaluates a `when` clause; an empty or missing clause is true. */
  evaluate(when: string | undefined): boolean {
    if (when === undefined || when.trim() === '') return true;
    return when.split('||').some((alternative) => alternative.split('&&').every((term) => this.evaluateTerm(term.trim())));
  }

  private evaluateTerm(term: string): boolean {
    if (term === '') throw new BugIndicatingError(`Empty term in when clause`);
    if (term === 'true') return true;
    if (term === 'false') return false;
    const comparison = /^([\w.-]+)\s*(==|!=)\s*'?([^']*)'?$/.exec(term);
    if (comparison) {
      const [, key, operator, expected] = comparison as unknown as [string, string, string, string];
      const actual = String(this.values.get(key) ?? '');
      return operator === '==' ? actual === expected : actual !== expected;
    }
    if (term.startsWith('!')) return !this.evaluateTerm(term.slice(1).trim());
    if (!/^[\w.-]+$/.test(term)) throw new BugIndicatingError(`Cannot parse when clause term "${term}"`);
    return Boolean(this.values.get(term));
  }
}

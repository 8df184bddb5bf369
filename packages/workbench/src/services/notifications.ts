// Notifications (toasts), the Problems list and the Output log: how the studio talks to the user.
import { Emitter, toDisposable, type Disposable, type Event } from '../base/lifecycle.ts';

export type Severity = 'info' | 'warning' | 'error';

export interface Notification {
  readonly id: number;
  readonly severity: Severity;
  /** Short headline, e.g. `Could not open "x.bpmn"`. */
  readonly title: string;
  /** What went wrong and what to do; never a stack trace. */
  readonly detail?: string;
  /** Stable machine-readable code, e.g. `file.notXml`. */
  readonly code?: string;
}

export type NotificationInput = Omit<Notification, 'id'>;

/**
 * Shows toasts. Info toasts disappear by themselves (the component decides when); errors stay until dismissed.
 * @example notifications.notify({ severity: 'error', title: 'Could not open "a.bpmn"', detail: '...', code: 'file.notXml' });
 */
export class NotificationService {
  private nextId = 1;
  private items: Notification[] = [];
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  notify(input: NotificationInput): Notification {
    const notification: Notification = { ...input, id: this.nextId++ };
    // One toast per event: the same message again (several listeners, a repeated run) replaces the one shown, which
    // then counts from the start again, instead of stacking copies.
    const same = (n: Notification) => n.severity === input.severity && n.title === input.title && n.detail === input.detail && n.code === input.code;
    this.items = [...this.items.filter((n) => !same(n)), notification].slice(-5);
    this.changed.fire();
    return notification;
  }

  dismiss(id: number): void {
    const before = this.items.length;
    this.items = this.items.filter((n) => n.id !== id);
    if (this.items.length !== before) this.changed.fire();
  }

  clear(): void {
    this.items = [];
    this.changed.fire();
  }

  all(): readonly Notification[] {
    return this.items;
  }
}

export interface Problem {
  readonly severity: Severity;
  readonly message: string;
  /** Who reported it, e.g. `bpmn-js` or a plugin id. */
  readonly source: string;
  readonly elementId?: string;
  readonly code?: string;
}

/** A fix offered on a problem: runs a command (data, so a plugin could offer one too). */
export interface QuickFix {
  /** Shown on the lightbulb, e.g. `Fix: Automate "Register lead"`. */
  readonly title: string;
  readonly command: string;
  readonly args?: readonly unknown[];
}

/** Offers quick fixes for problems; asked each time the Problems panel or the diagram shows them. */
export interface QuickFixProvider {
  provideQuickFixes(documentId: string, problem: Problem): readonly QuickFix[];
}

/**
 * Problems per document and per source (a plugin replaces only its own list), and the quick fixes offered on them.
 * @example problems.set(documentId, 'bpmnlint', [{ severity: 'warning', message: 'Start event missing', source: 'bpmnlint' }]);
 */
export class ProblemsService {
  private readonly byDocument = new Map<string, Map<string, Problem[]>>();
  private readonly quickFixProviders = new Set<QuickFixProvider>();
  private readonly changed = new Emitter<string>();
  /** Fires the id of the document whose problems (or the quick fixes offered on them) changed. */
  readonly onDidChange: Event<string> = this.changed.event;

  /**
   * @example
   * store.add(problems.registerQuickFixProvider({ provideQuickFixes: (doc, p) => p.elementId === 'Task_1' ? [{ title: 'Fix', command: 'my.fix' }] : [] }));
   */
  registerQuickFixProvider(provider: QuickFixProvider): Disposable {
    this.quickFixProviders.add(provider);
    this.refreshQuickFixes();
    return toDisposable(() => {
      this.quickFixProviders.delete(provider);
      this.refreshQuickFixes();
    });
  }

  /** Every provider's fixes for one problem (a provider that throws offers none). */
  quickFixes(documentId: string, problem: Problem): QuickFix[] {
    const fixes: QuickFix[] = [];
    for (const provider of this.quickFixProviders) {
      try {
        fixes.push(...provider.provideQuickFixes(documentId, problem));
      } catch {
        // a broken provider must not break the Problems panel
      }
    }
    return fixes;
  }

  /** A provider's answers changed (e.g. new suggestions): views showing quick fixes ask again. */
  refreshQuickFixes(documentId?: string): void {
    for (const id of documentId ? [documentId] : [...this.byDocument.keys()]) this.changed.fire(id);
  }

  set(documentId: string, source: string, problems: readonly Problem[]): void {
    const sources = this.byDocument.get(documentId) ?? new Map<string, Problem[]>();
    sources.set(source, [...problems]);
    this.byDocument.set(documentId, sources);
    this.changed.fire(documentId);
  }

  clearDocument(documentId: string): void {
    if (this.byDocument.delete(documentId)) this.changed.fire(documentId);
  }

  get(documentId: string): Problem[] {
    return [...(this.byDocument.get(documentId)?.values() ?? [])].flat();
  }
}

export interface OutputLine {
  readonly time: Date;
  readonly text: string;
  readonly severity: Severity;
}

/** The Output log: what happened, for people who want details. */
export class OutputService {
  private lines: OutputLine[] = [];
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  append(text: string, severity: Severity = 'info'): void {
    this.lines = [...this.lines, { time: new Date(), text, severity }].slice(-500);
    this.changed.fire();
  }

  all(): readonly OutputLine[] {
    return this.lines;
  }
}

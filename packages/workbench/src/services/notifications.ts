// Notifications (toasts), the Problems list and the Output log: how the studio talks to the user.
import { Emitter, type Event } from '../base/lifecycle.ts';

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
    this.items = [...this.items, notification].slice(-5);
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

/**
 * Problems per document and per source (a plugin replaces only its own list).
 * @example problems.set(documentId, 'bpmnlint', [{ severity: 'warning', message: 'Start event missing', source: 'bpmnlint' }]);
 */
export class ProblemsService {
  private readonly byDocument = new Map<string, Map<string, Problem[]>>();
  private readonly changed = new Emitter<string>();
  /** Fires the id of the document whose problems changed. */
  readonly onDidChange: Event<string> = this.changed.event;

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

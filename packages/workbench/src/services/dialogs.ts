// Modal questions (e.g. "save before closing?"). The service queues requests; <lf-dialog> shows them.
import { Emitter, type Event } from '../base/lifecycle.ts';

export interface DialogRequest {
  readonly title: string;
  readonly detail?: string;
  /** Button labels, first is the default (Enter); the last one is what Escape picks. */
  readonly buttons: readonly string[];
}

interface Pending extends DialogRequest {
  readonly resolve: (index: number) => void;
}

/**
 * Asks the user one question at a time.
 * @example const choice = await dialogs.ask({ title: 'Save changes?', buttons: ['Save', "Don't Save", 'Cancel'] });
 */
export class DialogService {
  private queue: Pending[] = [];
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  /** Resolves the index of the chosen button. */
  ask(request: DialogRequest): Promise<number> {
    return new Promise((resolve) => {
      this.queue = [...this.queue, { ...request, resolve }];
      this.changed.fire();
    });
  }

  /** The question on screen now. */
  get current(): DialogRequest | undefined {
    return this.queue[0];
  }

  /** Answers the current question. */
  answer(index: number): void {
    const [first, ...rest] = this.queue;
    if (!first) return;
    this.queue = rest;
    this.changed.fire();
    first.resolve(index);
  }
}

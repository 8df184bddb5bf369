// Disposable and Emitter: the two primitives every service and contribution is built on (VS Code style).

/** Something that holds resources and can release them. */
export interface Disposable {
  dispose(): void;
}

/** Wraps a function as a Disposable; calling dispose twice runs it once. */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * Collects disposables and disposes them together, e.g. everything a plugin contributed.
 * @example
 * const store = new DisposableStore();
 * store.add(commands.register({ id: 'x', title: 'X', handler }));
 * store.dispose(); // unregisters the command
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  dispose(): void {
    this.disposed = true;
    for (const item of [...this.items].reverse()) item.dispose();
    this.items.clear();
  }
}

/** A typed event subscription: call it with a listener, dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

// One emitter for the host, its plugin workers and the workbench: a throwing listener is reported, the others run.
export { Emitter } from '@leanflow/plugin-host';

/** A programmer error (a broken invariant), as opposed to bad user input. */
export class BugIndicatingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BugIndicatingError';
  }
}

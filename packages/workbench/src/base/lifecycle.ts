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

/**
 * A typed event source.
 * @example
 * const changed = new Emitter<string>();
 * const sub = changed.event((id) => console.log(id));
 * changed.fire('a'); sub.dispose();
 */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    // A throwing listener must not stop the others; report it as the bug it is.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        console.error(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** A programmer error (a broken invariant), as opposed to bad user input. */
export class BugIndicatingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BugIndicatingError';
  }
}

// The one event emitter of the host, its plugin workers and the workbench (re-exported by the workbench's base).
// A throwing listener is a bug in that listener: the others still run and the error is reported, never thrown
// into the code that fired the event.
import type { Disposable, Event } from '@leanflow/plugin-api';

/** Reports a listener's error (console.error unless the emitter was given its own reporter). */
export type ListenerErrorReporter = (error: unknown) => void;

const reportToConsole: ListenerErrorReporter = (error) => console.error(error);

/**
 * An event with its listeners.
 *
 * @example
 * const changed = new Emitter<string>();
 * const subscription = changed.event((id) => console.log(id));
 * changed.fire('a');
 * subscription.dispose();
 */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: ListenerErrorReporter = reportToConsole) {}

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) } satisfies Disposable;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** `new Emitter(onListenerError)` as a function (the host's and the workers' style). */
export function createEmitter<T>(onListenerError?: ListenerErrorReporter): Emitter<T> {
  return new Emitter<T>(onListenerError);
}

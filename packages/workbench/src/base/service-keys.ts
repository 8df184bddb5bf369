// Typed service keys, in the spirit of VS Code's `createDecorator`: a feature that offers a service to the others
// (the plugin platform, the simulation) publishes it under a key; a feature that needs it asks for that key and gets
// the type with it. No fields added to the Workbench with `declare module`, no casts.
import { BugIndicatingError, toDisposable, type Disposable } from './lifecycle.ts';

/** Names a service and carries its type. Create one per service with `createServiceKey`. */
export interface ServiceKey<T> {
  readonly id: string;
  /** Type only: never set. */
  readonly _type?: T;
}

/**
 * @example
 * export const SIMULATION_SERVICE = createServiceKey<SimulationController>('leanflow.simulation');
 * workbench.services.set(SIMULATION_SERVICE, controller);
 * workbench.services.get(SIMULATION_SERVICE).runDetailed({ seed: 7 });
 */
export function createServiceKey<T>(id: string): ServiceKey<T> {
  return { id };
}

/** The services registered by features, by key. */
export class ServiceCollection {
  private readonly entries = new Map<string, unknown>();

  /** Registers a service (one per key); disposing the result removes it again. */
  set<T>(key: ServiceKey<T>, service: T): Disposable {
    if (this.entries.has(key.id)) throw new BugIndicatingError(`The service ${key.id} is already registered`);
    this.entries.set(key.id, service);
    return toDisposable(() => {
      if (this.entries.get(key.id) === service) this.entries.delete(key.id);
    });
  }

  /** The service, which must be there (a feature that cannot work without it). */
  get<T>(key: ServiceKey<T>): T {
    if (!this.entries.has(key.id)) throw new BugIndicatingError(`The service ${key.id} is not registered (register its feature first)`);
    return this.entries.get(key.id) as T;
  }

  /** The service, or undefined when its feature is not there (an optional dependency). */
  find<T>(key: ServiceKey<T>): T | undefined {
    return this.entries.get(key.id) as T | undefined;
  }

  /** The ids of the registered services (for scripts and diagnostics). */
  ids(): string[] {
    return [...this.entries.keys()];
  }
}

// Typed service keys: a feature offers a service under a key, another gets it back typed, a missing must-have is a
// bug with a clear message, an optional one is undefined, and disposing the registration removes it.
import { describe, expect, it } from 'vitest';
import { BugIndicatingError } from './lifecycle.ts';
import { createServiceKey, ServiceCollection } from './service-keys.ts';

interface Greeter {
  greet(name: string): string;
}
const GREETER = createServiceKey<Greeter>('test.greeter');
const COUNTER = createServiceKey<{ count: number }>('test.counter');

describe('ServiceCollection', () => {
  it('gives back the registered service under its key, typed', () => {
    const services = new ServiceCollection();
    services.set(GREETER, { greet: (name) => `hello ${name}` });
    expect(services.get(GREETER).greet('Ada')).toBe('hello Ada');
    expect(services.find(COUNTER)).toBeUndefined();
    expect(services.ids()).toEqual(['test.greeter']);
  });

  it('a missing must-have service is a bug that names it; a second registration too', () => {
    const services = new ServiceCollection();
    expect(() => services.get(COUNTER)).toThrow(BugIndicatingError);
    expect(() => services.get(COUNTER)).toThrow('The service test.counter is not registered (register its feature first)');
    services.set(COUNTER, { count: 1 });
    expect(() => services.set(COUNTER, { count: 2 })).toThrow('The service test.counter is already registered');
  });

  it('disposing the registration removes the service (a feature that is unregistered)', () => {
    const services = new ServiceCollection();
    const registration = services.set(COUNTER, { count: 1 });
    registration.dispose();
    expect(services.find(COUNTER)).toBeUndefined();
    services.set(COUNTER, { count: 3 });
    registration.dispose(); // an old registration does not remove the new one
    expect(services.get(COUNTER).count).toBe(3);
  });
});

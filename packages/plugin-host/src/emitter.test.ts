// One emitter, one behaviour for a throwing listener: the others still run, the error is reported, fire() returns.
import { describe, expect, it } from 'vitest';
import { createEmitter, Emitter } from './index.ts';

describe('Emitter', () => {
  it('keeps calling the other listeners when one throws, and reports the error', () => {
    const reported: unknown[] = [];
    const emitter = createEmitter<number>((error) => reported.push(error));
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('listener bug');
    });
    const subscription = emitter.event((value) => seen.push(value));
    expect(() => emitter.fire(1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(reported.map((e) => (e as Error).message)).toEqual(['listener bug']);
    subscription.dispose();
    emitter.fire(2);
    expect(seen).toEqual([1]);
  });

  it('forgets every listener on dispose', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    emitter.event((value) => seen.push(value));
    emitter.dispose();
    emitter.fire('x');
    expect(seen).toEqual([]);
  });
});

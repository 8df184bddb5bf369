import { describe, expect, it } from 'vitest';
import { EventHeap } from './event-heap.ts';
import { createRandomStream } from './rng.ts';

describe('EventHeap', () => {
  it('gives events back by time, and events at the same time in the order they were added', () => {
    const heap = new EventHeap();
    const rng = createRandomStream(7, 0, 'heap');
    const added: { time: number; item: number }[] = [];
    // 5,000 events over 20 distinct times: most of them tie, and the heap grows past its first 256 slots.
    for (let i = 0; i < 5_000; i++) {
      const time = Math.floor(rng.next() * 20);
      heap.push(time, i);
      added.push({ time, item: i });
    }
    const expected = [...added].sort((a, b) => a.time - b.time || a.item - b.item);
    const got: { time: number; item: number }[] = [];
    while (heap.size > 0) {
      const time = heap.firstTime();
      got.push({ time, item: heap.pop() });
    }
    expect(got).toEqual(expected);
  });

  it('orders an event kept outside the heap with its own sequence number', () => {
    const heap = new EventHeap();
    heap.push(10, 1);
    const outside = heap.takeSequence();
    heap.push(10, 2);
    // Same time: the event outside came second, so it goes after item 1 and before item 2.
    expect(heap.firstSequence()).toBeLessThan(outside);
    heap.pop();
    expect(heap.firstSequence()).toBeGreaterThan(outside);
  });
});

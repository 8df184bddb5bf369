// The engines' pending events: a binary heap ordered by (time, sequence number), in typed arrays. The sequence
// number (one per `push`, in order) breaks ties, so events at the same time come out in the order they were added,
// whichever engine runs them. The payload is an integer the engine chooses (an event id, a case slot).

/**
 * @example
 * const heap = new EventHeap();
 * heap.push(5, 1);
 * heap.push(2, 7);
 * heap.firstTime(); // 2
 * heap.pop(); // 7
 */
export class EventHeap {
  // One Float64Array holds each slot's time, sequence number and payload (stride 4), so sifting touches one array.
  private heap = new Float64Array(4 * 256);
  size = 0;
  /** The next sequence number: `push` takes one, so can an event kept outside the heap (see `takeSequence`). */
  private sequence = 0;

  /** The time of the first event (call only when `size > 0`). */
  firstTime(): number {
    return this.heap[0];
  }

  /** The sequence number of the first event (call only when `size > 0`). */
  firstSequence(): number {
    return this.heap[1];
  }

  /** A sequence number for an event kept outside the heap, ordered with the heap's own. */
  takeSequence(): number {
    return this.sequence++;
  }

  // Kept small (growing is out of line) so callers inline it: a call that is not inlined boxes `time` on the heap.
  push(time: number, item: number): void {
    const i = this.size++;
    if (i << 2 >= this.heap.length) this.grow();
    this.climb(i, time, this.sequence++, item);
  }

  /** Puts (time, seq, item) into the hole at slot i, moving later parents down into the hole on its way up. */
  private climb(hole: number, time: number, seq: number, item: number): void {
    const heap = this.heap;
    let i = hole;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = parent << 2;
      const pt = heap[p];
      if (pt < time || (pt === time && heap[p + 1] < seq)) break;
      const k = i << 2;
      heap[k] = pt;
      heap[k + 1] = heap[p + 1];
      heap[k + 2] = heap[p + 2];
      i = parent;
    }
    const k = i << 2;
    heap[k] = time;
    heap[k + 1] = seq;
    heap[k + 2] = item;
  }

  /**
   * Removes the first event and returns its payload (its time was `firstTime()`). Bottom-up ("Floyd") removal: the
   * hole left by the top goes down the path of smaller children to a leaf, then the last entry climbs back up that
   * path: one data-dependent compare per level instead of two, and that one without a branch (which child is
   * smaller is a coin toss, a branch on it is mispredicted half the time). Keys are unique, so events come out in
   * the same order with any layout.
   */
  pop(): number {
    const heap = this.heap;
    const top = heap[2] | 0;
    const size = --this.size;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        let c = child << 2;
        if (child + 1 < size) {
          const a = heap[c];
          const b = heap[c + 4];
          // `|` and `&` on the compares: no branch.
          const right = ((b < a) as unknown as number) | (((b === a) as unknown as number) & ((heap[c + 5] < heap[c + 1]) as unknown as number));
          child += right;
          c += right << 2;
        }
        const k = i << 2;
        heap[k] = heap[c];
        heap[k + 1] = heap[c + 1];
        heap[k + 2] = heap[c + 2];
        i = child;
      }
      const last = size << 2;
      this.climb(i, heap[last], heap[last + 1], heap[last + 2]);
    }
    return top;
  }

  private grow(): Float64Array<ArrayBuffer> {
    const bigger = new Float64Array(this.heap.length * 2);
    bigger.set(this.heap);
    this.heap = bigger;
    return bigger;
  }
}

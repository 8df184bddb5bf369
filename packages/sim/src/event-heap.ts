// The engines' pending events: a binary heap ordered by (time, sequence number), in typed arrays. The sequence
// number (one per `push`, in order) breaks ties, so events at the same time come out in the order they were added,
// whichever engine runs them. The payload is an integer the engine chooses (an event id, a case slot).

function grown<T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

/**
 * @example
 * const heap = new EventHeap();
 * heap.push(5, 1);
 * heap.push(2, 7);
 * heap.firstTime(); // 2
 * heap.pop(); // 7
 */
export class EventHeap {
  private items = new Int32Array(256);
  private times = new Float64Array(256);
  private seqs = new Float64Array(256);
  size = 0;
  /** The next sequence number: `push` takes one, so can an event kept outside the heap (see `takeSequence`). */
  private sequence = 0;

  /** The time of the first event (call only when `size > 0`). */
  firstTime(): number {
    return this.times[0];
  }

  /** The sequence number of the first event (call only when `size > 0`). */
  firstSequence(): number {
    return this.seqs[0];
  }

  /** A sequence number for an event kept outside the heap, ordered with the heap's own. */
  takeSequence(): number {
    return this.sequence++;
  }

  // Kept small (growing is out of line) so callers inline it: a call that is not inlined boxes `time` on the heap.
  push(time: number, item: number): void {
    if (this.size >= this.items.length) this.grow();
    const seq = this.sequence++;
    const items = this.items;
    const times = this.times;
    const seqs = this.seqs;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && seqs[parent] < seq)) break;
      items[i] = items[parent];
      times[i] = pt;
      seqs[i] = seqs[parent];
      i = parent;
    }
    items[i] = item;
    times[i] = time;
    seqs[i] = seq;
  }

  /** Removes the first event and returns its payload (its time was `firstTime()`). */
  pop(): number {
    const items = this.items;
    const times = this.times;
    const seqs = this.seqs;
    const top = items[0];
    const size = --this.size;
    if (size > 0) {
      const last = items[size];
      const lt = times[size];
      const ls = seqs[size];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        const right = child + 1;
        if (right < size) {
          const a = times[child];
          const b = times[right];
          if (b < a || (b === a && seqs[right] < seqs[child])) child = right;
        }
        const ct = times[child];
        if (lt < ct || (lt === ct && ls < seqs[child])) break;
        items[i] = items[child];
        times[i] = ct;
        seqs[i] = seqs[child];
        i = child;
      }
      items[i] = last;
      times[i] = lt;
      seqs[i] = ls;
    }
    return top;
  }

  private grow(): void {
    this.items = grown(this.items, (n) => new Int32Array(n));
    this.times = grown(this.times, (n) => new Float64Array(n));
    this.seqs = grown(this.seqs, (n) => new Float64Array(n));
  }
}

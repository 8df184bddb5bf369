// The yardstick for the engine: M/M/3 as a bare JavaScript event loop (typed-array binary heap of events, FIFO
// ring buffer, the engine's own sfc32 streams, waiting time and busy time summed), with none of the engine's
// generality. `pnpm bench sim` runs it next to the engine on the same queue and prints the ratio of CPU time per case.
import { createRandomStream } from '../packages/sim/src/index.ts';

/** Runs `customers` customers through M/M/3 (arrival rate 2.4/s, service rate 1/s, utilisation 0.8). */
export function bareMM3(customers: number, seed = 1, streams: typeof createRandomStream = createRandomStream): { meanWait: number; utilisation: number; events: number } {
  // `streams`: the engine build's own generator, so both sides of the ratio run the same compiled RNG.
  const arrivals = streams(seed, 0, 'arrival');
  const services = streams(seed, 0, 'service');
  const exp = (rate: number, u: number) => -Math.log(1 - u) / rate;
  let size = 0;
  let times = new Float64Array(1024);
  let kinds = new Uint8Array(1024);
  const push = (time: number, kind: number) => {
    if (size === times.length) {
      const t = new Float64Array(size * 2);
      t.set(times);
      times = t;
      const k = new Uint8Array(size * 2);
      k.set(kinds);
      kinds = k;
    }
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= time) break;
      times[i] = times[parent];
      kinds[i] = kinds[parent];
      i = parent;
    }
    times[i] = time;
    kinds[i] = kind;
  };
  let poppedTime = 0;
  const pop = (): number => {
    const kind = kinds[0];
    poppedTime = times[0];
    const lastTime = times[--size];
    const lastKind = kinds[size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && times[child + 1] < times[child]) child++;
      if (lastTime <= times[child]) break;
      times[i] = times[child];
      kinds[i] = kinds[child];
      i = child;
    }
    times[i] = lastTime;
    kinds[i] = lastKind;
    return kind;
  };
  let queue = new Float64Array(1024);
  let head = 0;
  let tail = 0;
  let free = 3;
  let arrived = 0;
  let waitSum = 0;
  let busy = 0;
  let events = 0;
  let now = 0;
  push(exp(2.4, arrivals.next()), 0);
  while (size > 0) {
    const kind = pop();
    now = poppedTime;
    events++;
    if (kind === 0) {
      if (++arrived < customers) push(now + exp(2.4, arrivals.next()), 0);
      if (free > 0) {
        free--;
        const work = exp(1, services.next());
        busy += work;
        push(now + work, 1);
      } else {
        if (tail - head === queue.length) {
          const q = new Float64Array(queue.length * 2);
          for (let i = head; i < tail; i++) q[i - head] = queue[i % queue.length];
          tail -= head;
          head = 0;
          queue = q;
        }
        queue[tail++ % queue.length] = now;
      }
    } else if (tail > head) {
      waitSum += now - queue[head++ % queue.length];
      const work = exp(1, services.next());
      busy += work;
      push(now + work, 1);
    } else free++;
  }
  return { meanWait: waitSum / customers, utilisation: busy / (3 * now), events };
}

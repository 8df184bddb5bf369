// Seeded random streams. One independent stream per source of randomness, derived from (seed, replication, key),
// so two variants run with the same seed draw the same numbers for the same element (common random numbers) and a
// new element does not shift the numbers any other element draws.

/** 32-bit string hash (FNV-1a), used only to turn a stream key into seed material. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32 step: a good mixer to expand a few words of seed into a full generator state. */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A fast seeded generator (sfc32, Chris Doty-Humphrey's small fast chaotic generator; passes PractRand to 2^47+
 * bytes). Pure 32-bit integer arithmetic, so the same seed gives the same numbers in Node and every browser.
 *
 * @example
 * const stream = createRandomStream(1, 0, 'duration:Task_1');
 * const u = stream.next(); // in [0, 1)
 */
export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // Discard the first outputs: sfc32 needs a few rounds to decorrelate nearby seeds.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform number in (0, 1): safe for logarithms. */
  nextOpen(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }
}

/**
 * The stream for one source of randomness. `key` names the source, e.g. `duration:Task_1`, `arrival:Start_1`,
 * `gateway:Gateway_1`; the same (seed, replication, key) always gives the same sequence.
 */
export function createRandomStream(seed: number, replication: number, key: string): RandomStream {
  const h = hashString(key);
  const s0 = mix32(seed >>> 0);
  const s1 = mix32(s0 ^ Math.imul(replication + 1, 0x27d4eb2d));
  const s2 = mix32(s1 ^ h);
  const s3 = mix32(s2 ^ 0x6a09e667 ^ Math.floor(seed / 4294967296));
  return new RandomStream(s0 ^ h, s1, s2, s3);
}

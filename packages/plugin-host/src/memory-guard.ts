// Counts the binary memory a plugin creates (ArrayBuffers, typed arrays, WebAssembly memories, Blobs), from inside
// its worker, before the plugin's bundle runs. Node's `resourceLimits` and the JS heap figures leave these backing
// stores out, and a browser worker has no memory figure at all, so the entry points that create them are wrapped:
// an allocation that would take the plugin over its limit throws a RangeError and is reported to the host at once
// (which stops the plugin as out of memory, even if it never yields). The count drops when the collector frees a
// buffer (FinalizationRegistry), so garbage counts until it is collected.

/** What the guard needs from its worker. */
export interface MemoryGuardOptions {
  readonly limitBytes: number;
  /** Called once, with the bytes the plugin would have used, when an allocation would pass the limit. */
  onExceeded(usedBytes: number): void;
  /** A platform figure of the worker's memory that already includes the buffers (Node: heap + external). */
  measure?(): number;
}

/** The running guard. */
export interface MemoryGuard {
  /** Live binary memory created by plugin code through the wrapped entry points. */
  trackedBytes(): number;
  /** What is compared with the limit: `measure()` plus Blob data where the platform measures, else `trackedBytes()`. */
  usedBytes(): number;
}

interface Holder {
  bytes: number;
  /** Memory the platform's own figure does not include (Node: Blob data, kept outside V8, and resizable buffers). */
  readonly outside: boolean;
}

/** Typed arrays up to this size live in the JS heap (V8), not in a backing store. */
const ON_HEAP_BYTES = 64;
/** Smaller buffers are counted at once but watched by sampling: registering each one costs microseconds. */
const SAMPLE_BELOW = 64 * 1024;
/** On average one small buffer per this many bytes carries the count of those since the previous one. */
const SAMPLE_BYTES = 1024 * 1024;
/** Between two real measurements (Node), allocations up to this many bytes are checked against the last one. */
const REMEASURE_BYTES = 1024 * 1024;

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

const COPYING_TYPED_ARRAY_METHODS = ['slice', 'map', 'filter', 'toReversed', 'toSorted', 'with'] as const;

const PAGE = 64 * 1024;

type Constructor = new (...args: unknown[]) => object;
type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Wraps the allocation entry points of `scope`. Call it before any plugin code runs.
 *
 * @example
 * const guard = installMemoryGuard(globalThis, { limitBytes: 128 << 20, onExceeded: (bytes) => report(bytes) });
 * guard.usedBytes();
 */
export function installMemoryGuard(scope: object, options: MemoryGuardOptions): MemoryGuard {
  const global = scope as Record<string, unknown>;
  const OriginalArrayBuffer = ArrayBuffer;
  const OriginalSharedArrayBuffer = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;
  const OriginalBlob = typeof Blob === 'function' ? Blob : undefined;
  const isView = ArrayBuffer.isView.bind(ArrayBuffer);
  const defineProperty = Object.defineProperty.bind(Object);
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor.bind(Object);
  const construct = Reflect.construct.bind(Reflect);
  const random = Math.random.bind(Math);
  const apply = Reflect.apply.bind(Reflect);
  const holders = new WeakMap<object, Holder>();
  let live = 0;
  let outside = 0;
  let exceeded = false;
  const registry = new FinalizationRegistry<Holder>((holder) => {
    live -= holder.bytes;
    if (holder.outside) outside -= holder.bytes;
  });
  // Where the platform measures (Node), its figure is the authority: it drops as soon as the collector frees a buffer,
  // while the count here waits for finalization, which V8 runs only after a full collection.
  const used = () => (options.measure ? options.measure() + outside : live);
  const limitMb = Math.round(options.limitBytes / 1024 / 1024);

  let measured = Number.POSITIVE_INFINITY;
  let sinceMeasured = 0;
  /** Throws before an allocation of `bytes` that would pass the limit. */
  const charge = (bytes: number) => {
    if (!(bytes > 0)) return;
    sinceMeasured += bytes;
    if (sinceMeasured < REMEASURE_BYTES && measured + sinceMeasured <= options.limitBytes) return;
    measured = used();
    sinceMeasured = 0;
    const after = measured + bytes;
    if (after <= options.limitBytes) return;
    if (!exceeded) {
      exceeded = true;
      options.onExceeded(after);
    }
    throw new RangeError(`out of memory: this plugin may use at most ${limitMb} MB`);
  };
  const isOutside = (owner: object) =>
    (OriginalBlob !== undefined && owner instanceof OriginalBlob) || (owner as { resizable?: boolean }).resizable === true || (owner as { growable?: boolean }).growable === true;
  let smallPending = 0;
  let nextSample = SAMPLE_BYTES / 2 + random() * SAMPLE_BYTES;
  /**
   * Counts an object that owns memory until it is collected (once per object). Small buffers are counted at once;
   * one of them (chosen at random, so a plugin cannot tell which to drop) carries the count of all since the last.
   */
  const track = (ownerOf: object | (() => object), bytes: number) => {
    if (!(bytes > ON_HEAP_BYTES)) return;
    const isSmall = bytes < SAMPLE_BELOW && typeof ownerOf === 'function';
    if (isSmall) {
      live += bytes;
      smallPending += bytes;
      if (smallPending < nextSample) return;
    }
    const owner = typeof ownerOf === 'function' ? ownerOf() : ownerOf;
    if (holders.has(owner)) return;
    const holder = { bytes: isSmall ? smallPending : bytes, outside: isOutside(owner) };
    holders.set(owner, holder);
    registry.register(owner, holder);
    if (isSmall) {
      smallPending = 0;
      nextSample = SAMPLE_BYTES / 2 + random() * SAMPLE_BYTES;
      return;
    }
    live += bytes;
    if (holder.outside) outside += bytes;
  };
  const resize = (owner: object, bytes: number) => {
    const holder = holders.get(owner);
    if (holder) {
      live += bytes - holder.bytes;
      if (holder.outside) outside += bytes - holder.bytes;
      holder.bytes = bytes;
    } else {
      track(owner, bytes);
    }
  };
  const isBuffer = (value: unknown): value is ArrayBuffer | SharedArrayBuffer =>
    value instanceof OriginalArrayBuffer || (OriginalSharedArrayBuffer !== undefined && value instanceof OriginalSharedArrayBuffer);
  /** Counts what a call returned: a buffer, a view of a new buffer, a Blob; checks the limit afterwards. */
  const trackResult = (value: unknown): unknown => {
    let owner: object | undefined;
    let bytes = 0;
    if (isBuffer(value)) [owner, bytes] = [value, value.byteLength];
    else if (isView(value)) [owner, bytes] = [value.buffer, value.buffer.byteLength];
    else if (OriginalBlob !== undefined && value instanceof OriginalBlob) [owner, bytes] = [value, value.size];
    if (owner && !holders.has(owner) && bytes > ON_HEAP_BYTES) {
      charge(bytes);
      track(owner, bytes);
    }
    return value;
  };
  const trackSettled = (value: unknown): unknown =>
    value && typeof (value as Promise<unknown>).then === 'function' ? (value as Promise<unknown>).then(trackResult) : trackResult(value);

  /** Replaces a constructor by a Proxy (also as its prototype's `constructor`, so species lookups find it). */
  const wrapConstructor = (name: string, before: (args: unknown[]) => number, after: (result: object, args: unknown[]) => void) => {
    const original = global[name] as Constructor | undefined;
    if (typeof original !== 'function') return;
    const proxy = new Proxy(original, {
      construct(target, args: unknown[], newTarget) {
        charge(before(args));
        const result = construct(target, args, newTarget === proxy ? target : newTarget) as object;
        after(result, args);
        return result;
      },
    });
    defineProperty(original.prototype, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false });
    defineProperty(scope, name, { value: proxy, writable: true, configurable: true, enumerable: false });
  };
  /** Replaces a method where it is defined (the object or up its prototype chain: a worker's global functions). */
  const wrapMethod = (target: object | undefined, name: PropertyKey, wrap: (original: Method) => Method) => {
    for (let owner = target; owner; owner = Object.getPrototypeOf(owner) as object | null ?? undefined) {
      const descriptor = getOwnPropertyDescriptor(owner, name);
      if (!descriptor) continue;
      if (typeof descriptor.value === 'function') defineProperty(owner, name, { ...descriptor, value: wrap(descriptor.value as Method) });
      return;
    }
  };
  const lengthOf = (value: unknown) => {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? Math.floor(number) : 0;
  };

  for (const name of ['ArrayBuffer', 'SharedArrayBuffer']) {
    wrapConstructor(name, (args) => lengthOf(args[0]), (result) => track(() => result, (result as ArrayBuffer).byteLength));
  }
  const bufferPrototype = OriginalArrayBuffer.prototype as unknown as Record<string, unknown>;
  for (const [prototype, method] of [
    [bufferPrototype, 'resize'],
    [OriginalSharedArrayBuffer?.prototype, 'grow'],
  ] as const) {
    wrapMethod(prototype as object | undefined, method, (original) =>
      function (this: unknown, ...args: unknown[]) {
        const buffer = this as ArrayBuffer;
        charge(lengthOf(args[0]) - (isBuffer(buffer) ? buffer.byteLength : 0));
        const result = apply(original, buffer, args);
        if (isBuffer(buffer)) resize(buffer, buffer.byteLength);
        return result;
      },
    );
  }
  for (const method of ['transfer', 'transferToFixedLength']) {
    wrapMethod(bufferPrototype, method, (original) =>
      function (this: unknown, ...args: unknown[]) {
        const buffer = this as ArrayBuffer;
        const before = isBuffer(buffer) ? buffer.byteLength : 0;
        charge((args[0] === undefined ? before : lengthOf(args[0])) - before);
        const result = apply(original, buffer, args) as ArrayBuffer;
        if (isBuffer(buffer)) resize(buffer, 0);
        track(result, result.byteLength);
        return result;
      },
    );
  }
  wrapMethod(bufferPrototype, 'slice', (original) =>
    function (this: unknown, ...args: unknown[]) {
      charge(isBuffer(this) ? this.byteLength : 0);
      return trackResult(apply(original, this, args));
    },
  );

  for (const name of TYPED_ARRAYS) {
    const bytesPerElement = (global[name] as { BYTES_PER_ELEMENT?: number } | undefined)?.BYTES_PER_ELEMENT ?? 1;
    wrapConstructor(
      name,
      (args) => {
        const first = args[0];
        if (isBuffer(first)) return 0;
        if (typeof first !== 'object' || first === null) return lengthOf(first) * bytesPerElement;
        return lengthOf((first as { length?: unknown }).length) * bytesPerElement;
      },
      (result, args) => {
        // A view of an existing buffer (a WebAssembly memory's too) allocates nothing.
        const view = result as Uint8Array;
        if (!isBuffer(args[0])) track(() => view.buffer, view.byteLength);
      },
    );
  }
  const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as Record<string, unknown>;
  for (const method of COPYING_TYPED_ARRAY_METHODS) {
    wrapMethod(typedArrayPrototype, method, (original) =>
      function (this: unknown, ...args: unknown[]) {
        charge(isView(this) ? this.byteLength : 0);
        return trackResult(apply(original, this, args));
      },
    );
  }

  const webAssembly = global['WebAssembly'] as Record<string, unknown> | undefined;
  const OriginalMemory = webAssembly?.['Memory'] as Constructor | undefined;
  if (webAssembly && typeof OriginalMemory === 'function') {
    const memoryBytes = (memory: object) => ((memory as { buffer: ArrayBuffer }).buffer as ArrayBuffer).byteLength;
    const proxy = new Proxy(OriginalMemory, {
      construct(target, args: unknown[], newTarget) {
        charge(lengthOf((args[0] as { initial?: unknown } | undefined)?.initial) * PAGE);
        const memory = construct(target, args, newTarget === proxy ? target : newTarget) as object;
        track(memory, memoryBytes(memory));
        return memory;
      },
    });
    defineProperty(OriginalMemory.prototype, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false });
    defineProperty(webAssembly, 'Memory', { value: proxy, writable: true, configurable: true, enumerable: false });
    wrapMethod(OriginalMemory.prototype as object, 'grow', (original) =>
      function (this: unknown, ...args: unknown[]) {
        charge(lengthOf(args[0]) * PAGE);
        const result = apply(original, this, args);
        if (this && typeof this === 'object') resize(this, memoryBytes(this));
        return result;
      },
    );
  }

  for (const name of ['Blob', 'File']) {
    wrapConstructor(name, () => 0, (result) => trackResult(result));
  }
  // Built-ins that return fresh buffers without calling a constructor that plugin code can see.
  const prototypeOf = (name: string) => (global[name] as { prototype?: object } | undefined)?.prototype;
  for (const [owner, methods] of [
    [prototypeOf('Blob'), ['arrayBuffer', 'bytes']],
    [prototypeOf('Response'), ['arrayBuffer', 'bytes', 'blob']],
    [prototypeOf('Request'), ['arrayBuffer', 'bytes', 'blob']],
    [prototypeOf('TextEncoder'), ['encode']],
    [prototypeOf('FileReaderSync'), ['readAsArrayBuffer']],
    [prototypeOf('ReadableStreamDefaultReader'), ['read']],
    [prototypeOf('ReadableStreamBYOBReader'), ['read']],
  ] as const) {
    for (const method of methods) {
      wrapMethod(owner, method, (original) =>
        function (this: unknown, ...args: unknown[]) {
          const result = apply(original, this, args);
          if (method !== 'read') return trackSettled(result);
          return (result as Promise<{ value?: unknown }>).then((chunk) => (trackResult(chunk?.value), chunk));
        },
      );
    }
  }
  // Stream chunks reach plugin code through iterators, sinks and transformers too, not only through readers.
  for (const key of ['values', Symbol.asyncIterator]) {
    wrapMethod(prototypeOf('ReadableStream'), key, (original) =>
      function (this: unknown, ...args: unknown[]) {
        const iterator = apply(original, this, args) as AsyncIterator<unknown> & AsyncIterable<unknown>;
        return {
          next: (...values: [] | [unknown]) => iterator.next(...values).then((step) => (trackResult(step.value), step)),
          return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true, value }),
          [Symbol.asyncIterator]() {
            return this;
          },
        };
      },
    );
  }
  for (const [name, index, callback] of [
    ['WritableStream', 0, 'write'],
    ['TransformStream', 0, 'transform'],
  ] as const) {
    const original = global[name] as Constructor | undefined;
    if (typeof original !== 'function') continue;
    const proxy: Constructor = new Proxy(original, {
      construct(target, args: unknown[], newTarget): object {
        const callbacks = args[index];
        if (callbacks && typeof callbacks === 'object') {
          args = [...args];
          args[index] = new Proxy(callbacks, {
            get(object, key, receiver) {
              const value = Reflect.get(object, key, receiver) as unknown;
              if (key !== callback || typeof value !== 'function') return value;
              return function (this: unknown, chunk: unknown, ...rest: unknown[]) {
                trackResult(chunk);
                return apply(value as Method, this, [chunk, ...rest]);
              };
            },
          });
        }
        return construct(target, args, newTarget === proxy ? target : newTarget) as object;
      },
    });
    defineProperty(original.prototype, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false });
    defineProperty(scope, name, { value: proxy, writable: true, configurable: true, enumerable: false });
  }
  wrapMethod(scope, 'structuredClone', (original) =>
    function (this: unknown, ...args: unknown[]) {
      return trackResult(apply(original, this, args));
    },
  );

  return { trackedBytes: () => live, usedBytes: used };
}

// Removes what plugin code must not reach before the plugin bundle is evaluated in its worker: the studio's
// storage (IndexedDB, Cache Storage, the origin-private file system), the network (fetch would carry the
// studio's cookies to its own origin), channels to other workers, and the DOM names some libraries probe.

/**
 * Globals deleted (from the scope and its prototype chain) and then pinned to `undefined`.
 *
 * @example
 * BLOCKED_GLOBALS.includes('indexedDB'); // true
 */
export const BLOCKED_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'BroadcastChannel',
  'MessageChannel',
  'indexedDB',
  'IDBFactory',
  'caches',
  'cookieStore',
  'localStorage',
  'sessionStorage',
  'importScripts',
  'Worker',
  'SharedWorker',
  'RTCPeerConnection',
  // memory the guard cannot count (memory-guard.ts): bitmaps (MessageChannel above: copies of buffers, too)
  'OffscreenCanvas',
  'ImageData',
  'createImageBitmap',
  'requestFileSystem',
  'webkitRequestFileSystem',
  'webkitResolveLocalFileSystemURL',
  'document',
  'window',
  'parent',
  'opener',
] as const;

/** What is left of `navigator`: harmless facts, no `storage`, `locks`, `serviceWorker` or `sendBeacon`. */
function safeNavigator(original: unknown): Readonly<Record<string, unknown>> {
  const source = (original ?? {}) as Record<string, unknown>;
  return Object.freeze({
    userAgent: typeof source.userAgent === 'string' ? source.userAgent : 'leanflow-plugin',
    language: typeof source.language === 'string' ? source.language : 'en',
    hardwareConcurrency: typeof source.hardwareConcurrency === 'number' ? source.hardwareConcurrency : 1,
  });
}

function pin(scope: object, name: string, value: unknown): void {
  // Web IDL attributes (indexedDB, caches...) are getters on WorkerGlobalScope.prototype: delete them there too,
  // or `Object.getPrototypeOf(self)` would hand them back.
  for (let target: object | null = scope; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    if (Object.prototype.hasOwnProperty.call(target, name)) {
      try {
        delete (target as Record<string, unknown>)[name];
      } catch {
        // non-configurable: the own property defined below still shadows it
      }
    }
  }
  try {
    Object.defineProperty(scope, name, { value, writable: false, configurable: false, enumerable: false });
  } catch {
    // already pinned
  }
}

/**
 * Applies the sandbox to a worker's global scope. Returns the names that were present before.
 *
 * @example
 * applySandbox(globalThis); // then evaluate the plugin bundle
 */
export function applySandbox(scope: object, extra: readonly string[] = []): string[] {
  const present: string[] = [];
  for (const name of [...BLOCKED_GLOBALS, ...extra]) {
    if (name in scope) present.push(name);
    pin(scope, name, undefined);
  }
  if ('navigator' in scope) pin(scope, 'navigator', safeNavigator((scope as { navigator?: unknown }).navigator));
  return present;
}

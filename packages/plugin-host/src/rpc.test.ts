import { describe, expect, it } from 'vitest';
import { RpcEndpoint, RpcError, UNDESCRIBABLE_ERROR, applySandbox, readPluginZip, type RpcMessage } from '@leanflow/plugin-host';
import { strToU8, zipSync } from 'fflate';
import { parseRpcMessage } from './rpc-schema.ts';

/** Two endpoints joined by an asynchronous channel; `drop` makes one direction lose every message. */
function pair(handlers: Record<string, (params: unknown, signal: AbortSignal) => unknown>, options: { dropToRemote?: boolean } = {}) {
  const seenByRemote: RpcMessage[] = [];
  const endpoints: { remote?: RpcEndpoint } = {};
  const local: RpcEndpoint = new RpcEndpoint(
    {
      post: (message) => {
        if (options.dropToRemote) return;
        setTimeout(() => {
          seenByRemote.push(message);
          endpoints.remote!.receive(message);
        }, 1);
      },
    },
    () => undefined,
    () => {},
    { timeoutMs: 0, ackTimeoutMs: 0 },
  );
  const remote = new RpcEndpoint(
    { post: (message) => setTimeout(() => local.receive(structuredClone(message)), 1) },
    (method, params, signal) => {
      const handler = handlers[method];
      if (!handler) throw new Error(`no ${method}`);
      return handler(params, signal);
    },
  );
  endpoints.remote = remote;
  return { local, remote, seenByRemote };
}

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('RpcEndpoint', () => {
  it('answers requests, acknowledging each first', async () => {
    const { local, seenByRemote } = pair({ add: (params) => (params as number[]).reduce((a, b) => a + b, 0) });
    expect(await local.request('add', [1, 2, 39])).toBe(42);
    expect(seenByRemote.map((m) => m.t)).toEqual(['req']);
    expect(local.pendingCount).toBe(0);
  });

  it('turns a throw on the other side into a remote error', async () => {
    const { local } = pair({});
    const error = await rejection(local.request('missing', {}));
    expect(error.code).toBe('remote');
    expect(error.message).toBe('no missing');
  });

  it('times out, and tells the other side to cancel', async () => {
    let aborted = false;
    const { local, seenByRemote } = pair({
      slow: (_params, signal) => new Promise((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve('late')))),
    });
    const error = await rejection(local.request('slow', {}, { timeoutMs: 30 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('slow: no response within 30 ms');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toBe(true);
    expect(seenByRemote.map((m) => m.t)).toEqual(['req', 'cancel']);
  });

  it('cancels through an AbortSignal', async () => {
    const { local } = pair({ wait: () => new Promise(() => {}) });
    const controller = new AbortController();
    const pending = local.request('wait', {}, { signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).code).toBe('cancelled');
  });

  it('fails fast when the other side does not even acknowledge', async () => {
    const { local } = pair({}, { dropToRemote: true });
    const started = Date.now();
    const error = await rejection(local.request('ping', {}, { ackTimeoutMs: 50 }));
    expect(error.code).toBe('noAck');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('rejects pending and new requests once closed', async () => {
    const { local } = pair({ wait: () => new Promise(() => {}) });
    const pending = local.request('wait', {});
    local.close('worker stopped');
    expect((await rejection(pending)).message).toBe('wait: worker stopped');
    expect((await rejection(local.request('wait', {}))).code).toBe('closed');
  });

  it('answers whatever the handler throws: a Proxy whose traps throw, getters that throw, a string', async () => {
    const trap = () => {
      throw new Error('trap');
    };
    const { local } = pair({
      proxy: () => {
        throw new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap });
      },
      getters: () => {
        throw Object.defineProperty(new Error('x'), 'message', { get: trap });
      },
      text: () => {
        throw 'plain text';
      },
    });
    expect((await rejection(local.request('proxy', {}))).message).toBe(UNDESCRIBABLE_ERROR);
    expect((await rejection(local.request('getters', {}))).message).toBe(UNDESCRIBABLE_ERROR);
    expect((await rejection(local.request('text', {}))).message).toBe('plain text');
  });

  it('stops the clock of pausable requests while held, for as long as any hold lasts', async () => {
    const answers: ((value: string) => void)[] = [];
    const { local } = pair({ wait: () => new Promise((resolve) => answers.push(resolve)) });
    const release = local.hold();
    const nested = local.hold();
    const pending = local.request('wait', {}, { timeoutMs: 40, pausable: true });
    const unpaused = rejection(local.request('wait', {}, { timeoutMs: 40 }));
    await new Promise((resolve) => setTimeout(resolve, 120));
    release();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await unpaused).code).toBe('timeout');
    nested();
    answers[0]!('in time');
    expect(await pending).toBe('in time');
    // once released, the clock runs again
    const late = rejection(local.request('wait', {}, { timeoutMs: 40, pausable: true }));
    expect((await late).code).toBe('timeout');
  });

  it('validates envelopes coming from a plugin', () => {
    expect(parseRpcMessage({ t: 'req', id: 1, method: 'x', params: {} })).toBeDefined();
    expect(parseRpcMessage({ t: 'req', id: -1, method: 'x', params: {} })).toBeUndefined();
    expect(parseRpcMessage({ t: 'res', id: 1, ok: false, error: { message: 42 } })).toBeUndefined();
    expect(parseRpcMessage('hello')).toBeUndefined();
  });
});

describe('applySandbox', () => {
  it('removes Web IDL getters from the prototype chain and pins them to undefined', () => {
    class FakeWorkerScope {
      get indexedDB() {
        return 'the studio database';
      }
    }
    const scope = Object.create(FakeWorkerScope.prototype) as Record<string, unknown>;
    scope.fetch = () => 'response';
    scope.navigator = { userAgent: 'Chromium', storage: { getDirectory: () => 'files' }, hardwareConcurrency: 2 };
    const present = applySandbox(scope);
    expect(present).toEqual(expect.arrayContaining(['fetch', 'indexedDB']));
    expect(scope.indexedDB).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(FakeWorkerScope.prototype, 'indexedDB')).toBeUndefined();
    expect(scope.fetch).toBeUndefined();
    expect(() => {
      scope.fetch = () => 'again';
    }).toThrow(TypeError);
    expect(scope.navigator).toEqual({ userAgent: 'Chromium', language: 'en', hardwareConcurrency: 2 });
  });
});

describe('readPluginZip', () => {
  const manifest = { id: 'acme.zip', name: 'Zip', version: '1.0.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'dist/index.js' };

  it('reads the manifest from package.json#leanflow and the bundle named by main', () => {
    const bytes = zipSync({ 'package.json': strToU8(JSON.stringify({ name: 'acme-zip', leanflow: manifest })), 'dist/index.js': strToU8('export function activate() {}') });
    const loaded = readPluginZip(bytes, 'acme.zip');
    expect(loaded).toEqual({ ok: true, bundle: { manifest, code: 'export function activate() {}', source: 'acme.zip', files: {} } });
  });

  it('says what is missing', () => {
    const noBundle = readPluginZip(zipSync({ 'leanflow-plugin.json': strToU8(JSON.stringify(manifest)) }), 'acme.zip');
    expect(noBundle).toEqual({ ok: false, issues: [{ code: 'plugin.main.missing', severity: 'error', field: 'main', message: 'main: dist/index.js is not in acme.zip' }] });
    const source = readPluginZip(zipSync({ 'leanflow-plugin.json': strToU8(JSON.stringify({ ...manifest, main: 'src/index.ts' })) }));
    expect(source.ok ? '' : source.issues[0]!.message).toBe('main: src/index.ts is TypeScript source; a package needs the built .js bundle');
    const notZip = readPluginZip(strToU8('not a zip at all'), 'x.zip');
    expect(notZip.ok ? '' : notZip.issues[0]!.message).toMatch(/^x\.zip is not a readable zip file/);
  });

  it('refuses a manifest over 1 MB before parsing it', () => {
    const huge = JSON.stringify({ ...manifest, description: 'x'.repeat(20_000_000) });
    const loaded = readPluginZip(zipSync({ 'leanflow-plugin.json': strToU8(huge), 'dist/index.js': strToU8('export function activate() {}') }), 'acme.zip');
    expect(loaded).toEqual({ ok: false, issues: [{ code: 'manifest.invalid', severity: 'error', message: 'leanflow-plugin.json is 19.1 MB; a manifest may be at most 1 MB' }] });
  });
});

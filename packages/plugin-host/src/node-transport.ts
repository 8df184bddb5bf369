// Plugin workers in Node: one worker_threads Worker per plugin, with a heap limit, an empty environment and no
// stdin. The bootstrap (worker-node-main.ts and the runtime) is bundled once with esbuild into a script string.
// Node built-ins and esbuild are imported lazily by a computed name so a browser build never pulls them in.
import type * as Esbuild from 'esbuild';
import type * as Url from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker as NodeWorker } from 'node:worker_threads';
import type { PluginTransport, TransportFactory, TransportRequest, WorkerExit } from './transport.ts';

const nodeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ name) as Promise<T>;

let bootstrap: Promise<string> | undefined;

// Set by the CLI/harness package build (scripts/build-packages.ts, esbuild `define`): the bootstrap bundled ahead of
// time, so a built package needs neither esbuild nor the TypeScript sources to start a worker. Unset in the repo.
declare const __LEANFLOW_WORKER_BOOTSTRAP__: string | undefined;

/**
 * Bundles the worker bootstrap (cached for the life of the process).
 *
 * @example
 * await buildNodeWorkerBootstrap(); // warm up before timing activations
 */
export function buildNodeWorkerBootstrap(): Promise<string> {
  if (bootstrap === undefined && typeof __LEANFLOW_WORKER_BOOTSTRAP__ === 'string') bootstrap = Promise.resolve(__LEANFLOW_WORKER_BOOTSTRAP__);
  bootstrap ??= (async () => {
    const esbuild = await nodeImport<typeof Esbuild>('esbuild');
    const { fileURLToPath } = await nodeImport<typeof Url>('node:url');
    const entry = fileURLToPath(new URL('./worker-node-main.ts', import.meta.url));
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  })();
  bootstrap.catch(() => (bootstrap = undefined));
  return bootstrap;
}

/**
 * Starts plugin workers as Node worker threads.
 *
 * @example
 * const host = createPluginHost({ services, createTransport: createNodeTransportFactory() });
 */
export function createNodeTransportFactory(): TransportFactory {
  return async (request: TransportRequest): Promise<PluginTransport> => {
    const [{ Worker }, code] = await Promise.all([nodeImport<typeof WorkerThreads>('node:worker_threads'), buildNodeWorkerBootstrap()]);
    const worker: NodeWorker = new Worker(code, {
      eval: true,
      name: `leanflow-plugin:${request.pluginId}`,
      env: {},
      argv: [],
      execArgv: [],
      stdin: false,
      stdout: false,
      stderr: false,
      workerData: { memoryLimitBytes: request.memoryLimitMb * 1024 * 1024 },
      resourceLimits: { maxOldGenerationSizeMb: request.memoryLimitMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, request.memoryLimitMb / 4)), stackSizeMb: 4 },
    });
    const exitListeners: ((exit: WorkerExit) => void)[] = [];
    let exited = false;
    const exit = (info: WorkerExit) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(info);
    };
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      exit({ reason: outOfMemory ? `used more memory than allowed (${request.memoryLimitMb} MB)` : `the worker failed: ${error.message}`, outOfMemory });
    });
    worker.on('exit', (code) => exit({ reason: `the worker exited (code ${code})` }));
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      async terminate() {
        exited = true;
        await worker.terminate();
      },
    };
  };
}

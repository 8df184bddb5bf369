// Browser tests run against a production build served by `vite preview`: stable (no dependency
// re-optimisation mid-test) and the same bundle users get.
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    studioUrl: string;
  }
}

let server: PreviewServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configFile = new URL('../../../vite.config.ts', import.meta.url).pathname;
  if (!process.env.LEANFLOW_SKIP_BUILD) {
    // Vitest sets NODE_ENV=test, which would make Vite bundle development builds (lit's dev mode); test what
    // users get instead.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile, logLevel: 'warn', mode: 'production' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  server = await preview({ configFile, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const address = server.resolvedUrls?.local[0];
  if (!address) throw new Error('vite preview did not report a local URL');
  project.provide('studioUrl', address);
  return async () => {
    await server?.close();
  };
}

// One config for the studio (dev server and production build) and for the test runner.
// `pnpm start` serves apps/studio; `pnpm test` runs the `unit` and `browser` Vitest projects.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { leanflowBuiltinPlugins } from './packages/workbench/src/features/extensions/builtin-plugins.vite.ts';
import { leanflowPluginApiDts } from './packages/workbench/src/features/authoring/plugin-api-dts.vite.ts';
import { leanflowPluginWorker } from './packages/plugin-host/src/browser-worker.vite.ts';

const studioRoot = fileURLToPath(new URL('./apps/studio', import.meta.url));

export default defineConfig({
  root: studioRoot,
  publicDir: 'public',
  // Built-in plugins are bundled with esbuild at build time into a virtual module (docs/studio.md).
  // The plugin-api .d.ts for the authoring editor's IntelliSense, generated at build time (docs/plugins.md).
  // The plugin worker bootstrap as one script, run from a blob: URL in a sandboxed iframe (docs/plugins.md, "Security model").
  plugins: [
    leanflowBuiltinPlugins(fileURLToPath(new URL('.', import.meta.url))),
    leanflowPluginApiDts(fileURLToPath(new URL('.', import.meta.url))),
    leanflowPluginWorker(),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/studio', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  // Workers that import @leanflow/plugin-host (the model worker) bundle the browser transport too.
  worker: { format: 'es', plugins: () => [leanflowPluginWorker()] },
  server: { fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] } },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          root: fileURLToPath(new URL('.', import.meta.url)),
          include: [
            'packages/*/src/**/*.test.ts',
            'plugins/**/src/**/*.test.ts',
            'apps/cli/src/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          root: fileURLToPath(new URL('.', import.meta.url)),
          include: ['apps/studio/e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['apps/studio/e2e/global-setup.ts'],
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});

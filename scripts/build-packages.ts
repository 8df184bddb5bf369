// `pnpm build:packages`: builds the publishable packages into dist/packages/<name>/ (git-ignored, never committed):
//   @leanflow/plugin-api      the runtime helpers (API_VERSION, toDisposable...) + one bundled index.d.ts; version = API version
//   @leanflow/plugin-testing  the Node test harness (createPluginTestHost, runPluginOnFile), usable from any folder
//   @leanflow/cli             the `leanflow` bin as one bundled ESM file: no TypeScript compiler at run time
// esbuild, because the repository already bundles plugins and the worker bootstrap with it (plugin-host, Vite) and
// it turns the whole CLI into one file in well under a second; tsc would leave hundreds of files and keep the
// workspace's `@leanflow/*` imports unresolvable outside it. Every package has no runtime dependencies: all is
// bundled. esbuild itself (a native binary) is an optional peer, needed only to bundle a TypeScript plugin `main`.
// `pnpm install` runs the CLI part (root `prepare`), so `pnpm leanflow` starts the built file.
import { build, type BuildOptions } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const templates = join(root, 'scripts', 'package-templates');

export type PackageName = 'plugin-api' | 'plugin-testing' | 'cli';
export const PACKAGE_NAMES: readonly PackageName[] = ['plugin-api', 'plugin-testing', 'cli'];

/** Where `buildPackages` writes by default (git-ignored). */
export const DEFAULT_OUT_DIR = join(root, 'dist', 'packages');

/** The API version the packages are built for (src/api.ts), read without importing the workspace. */
export function apiVersion(): string {
  const match = /export const API_VERSION = '([^']+)'/.exec(readFileSync(join(root, 'packages', 'plugin-api', 'src', 'api.ts'), 'utf8'));
  if (!match) throw new Error('build-packages: API_VERSION not found in packages/plugin-api/src/api.ts');
  return match[1]!;
}

function cliVersion(): string {
  return (JSON.parse(readFileSync(join(root, 'apps', 'cli', 'package.json'), 'utf8')) as { version: string }).version;
}

// CommonJS dependencies (bpmn-moddle's helpers...) call require(); an ESM bundle gets one from createRequire.
const NODE_BANNER = "import { createRequire as __leanflowCreateRequire } from 'node:module'; const require = __leanflowCreateRequire(import.meta.url);";

const common: BuildOptions = {
  bundle: true,
  write: false,
  format: 'esm',
  target: 'node20',
  logLevel: 'silent',
  legalComments: 'none',
  absWorkingDir: root,
};

/** The Node plugin-worker bootstrap as one script (what node-transport.ts would otherwise bundle at run time). */
async function workerBootstrap(): Promise<string> {
  const result = await build({ ...common, entryPoints: [join(root, 'packages', 'plugin-host', 'src', 'worker-node-main.ts')], format: 'cjs', platform: 'node' });
  return result.outputFiles![0]!.text;
}

/** One ESM file, or (`outdir`) an entry file plus the chunks its dynamic imports load. */
async function bundleNode(
  entry: string,
  define: Record<string, string>,
  split?: { readonly outdir: string; readonly entryName: string; readonly workers?: Readonly<Record<string, string>> },
): Promise<{ path: string; text: string }[]> {
  const result = await build({
    ...common,
    // Worker-thread entries (`<name>.worker.ts`) become `<name>.worker.js` next to the entry: worker-threads.ts finds them.
    entryPoints: split?.workers ? { [split.entryName]: entry, ...split.workers } : [entry],
    ...(split ? { splitting: true, outdir: split.outdir, entryNames: split.workers ? '[name]' : split.entryName, chunkNames: 'chunks/[name]-[hash]' } : {}),
    platform: 'node',
    // esbuild is imported lazily by a computed name (plugin-host); the browser worker's virtual module is a Vite one,
    // reached only by the Web Worker transport, which Node never uses.
    external: ['esbuild', 'virtual:leanflow/plugin-worker'],
    define,
    banner: { js: NODE_BANNER },
  });
  return result.outputFiles!.map((f) => ({ path: f.path, text: f.text }));
}

function write(file: string, text: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function packageJson(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ ...fields, license: 'MIT', type: 'module', engines: { node: '>=20.19' } }, null, 2)}\n`;
}

const esbuildPeer = {
  peerDependencies: { esbuild: '>=0.20' },
  peerDependenciesMeta: { esbuild: { optional: true } },
};

async function buildPluginApi(out: string): Promise<void> {
  const version = apiVersion();
  const result = await build({ ...common, entryPoints: [join(root, 'packages', 'plugin-api', 'src', 'api.ts')], platform: 'neutral', target: 'es2022' });
  // Imported here so a CLI-only build (pnpm install) does not load the TypeScript compiler.
  const { buildPluginApiModuleDts } = await import('../packages/plugin-api/scripts/build-dts.ts');
  rmSync(out, { recursive: true, force: true });
  write(join(out, 'index.js'), result.outputFiles![0]!.text);
  write(join(out, 'index.d.ts'), buildPluginApiModuleDts());
  copyFileSync(join(templates, 'plugin-api.README.md'), join(out, 'README.md'));
  write(
    join(out, 'package.json'),
    packageJson({
      name: '@leanflow/plugin-api',
      version,
      description: 'The Leanflow plugin API: types for plugin authors and the small runtime helpers they use',
      keywords: ['leanflow', 'leanflow-plugin', 'bpmn'],
      exports: { '.': { types: './index.d.ts', default: './index.js' } },
      types: './index.d.ts',
      sideEffects: false,
      files: ['index.js', 'index.d.ts', 'README.md'],
    }),
  );
}

async function buildPluginTesting(out: string, bootstrap: string): Promise<void> {
  const code = await bundleNode(join(root, 'packages', 'plugin-host', 'src', 'testing.ts'), { __LEANFLOW_WORKER_BOOTSTRAP__: JSON.stringify(bootstrap) });
  rmSync(out, { recursive: true, force: true });
  write(join(out, 'index.js'), code[0]!.text);
  copyFileSync(join(templates, 'plugin-testing.d.ts.template'), join(out, 'index.d.ts'));
  copyFileSync(join(templates, 'plugin-testing.README.md'), join(out, 'README.md'));
  write(
    join(out, 'package.json'),
    packageJson({
      name: '@leanflow/plugin-testing',
      version: apiVersion(),
      description: 'Test Leanflow plugins with Vitest (or any runner): the real plugin host, headless',
      keywords: ['leanflow', 'leanflow-plugin', 'testing'],
      exports: { '.': { types: './index.d.ts', default: './index.js' } },
      types: './index.d.ts',
      files: ['index.js', 'index.d.ts', 'README.md'],
      ...esbuildPeer,
    }),
  );
}

async function buildCli(out: string, bootstrap: string): Promise<void> {
  const version = cliVersion();
  const code = await bundleNode(
    join(root, 'apps', 'cli', 'src', 'main.ts'),
    // main.ts starts with `#!/usr/bin/env node`, which esbuild keeps on the first line.
    { __LEANFLOW_WORKER_BOOTSTRAP__: JSON.stringify(bootstrap), __LEANFLOW_CLI_VERSION__: JSON.stringify(version), __LEANFLOW_BUILT_CLI__: 'true' },
    // Split: `leanflow version` loads a few kilobytes, not the engine and the plugin host.
    { outdir: join(out, 'dist'), entryName: 'leanflow', workers: { 'optimise.worker': join(root, 'apps', 'cli', 'src', 'commands', 'optimise.worker.ts'), 'replication-worker': join(root, 'apps', 'cli', 'src', 'replication-worker.ts') } },
  );
  // The built-in plugins `score` and `suggest` run, packed as they would be for the studio.
  const { createPluginZip, loadPlugin } = await import('../packages/plugin-host/src/index.ts');
  const zips: Record<string, Uint8Array> = {};
  for (const name of ['lean-scorecard', 'simplifications']) {
    const loaded = await loadPlugin(join(root, 'plugins', name));
    if (!loaded.ok) throw new Error(`build-packages: plugins/${name}: ${loaded.issues.map((i) => i.message).join('; ')}`);
    zips[name] = createPluginZip(loaded.bundle);
  }
  rmSync(out, { recursive: true, force: true });
  for (const file of code) write(file.path, file.text);
  // plugin-runner.ts finds them at ./plugins/ next to the file its code ended up in (a chunk).
  const runner = code.find((file) => file.text.includes('lean-scorecard.zip'));
  if (!runner) throw new Error('build-packages: no output file refers to the built-in plugins');
  for (const [name, bytes] of Object.entries(zips)) write(join(dirname(runner.path), 'plugins', `${name}.zip`), bytes);
  copyFileSync(join(templates, 'cli.README.md'), join(out, 'README.md'));
  write(
    join(out, 'package.json'),
    packageJson({
      name: '@leanflow/cli',
      version,
      description: 'The headless Leanflow command line: simulate, score and simplify BPMN processes; write and pack plugins',
      keywords: ['leanflow', 'bpmn', 'simulation', 'cli'],
      bin: { leanflow: './dist/leanflow.js' },
      files: ['dist', 'README.md'],
      ...esbuildPeer,
    }),
  );
}

/**
 * Builds the given packages (default: all) into `outDir/<name>/`, each ready for `pnpm pack`.
 *
 * @example
 * await buildPackages({ only: ['cli'] });
 */
export async function buildPackages(options: { readonly only?: readonly PackageName[]; readonly outDir?: string } = {}): Promise<{ readonly dirs: Record<PackageName, string> }> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const only = options.only ?? PACKAGE_NAMES;
  const dirs = Object.fromEntries(PACKAGE_NAMES.map((name) => [name, join(outDir, name)])) as Record<PackageName, string>;
  const bootstrap = only.some((n) => n !== 'plugin-api') ? await workerBootstrap() : '';
  if (only.includes('plugin-api')) await buildPluginApi(dirs['plugin-api']);
  if (only.includes('plugin-testing')) await buildPluginTesting(dirs['plugin-testing'], bootstrap);
  if (only.includes('cli')) await buildCli(dirs.cli, bootstrap);
  return { dirs };
}

// Run directly: `tsx scripts/build-packages.ts [plugin-api|plugin-testing|cli]...`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(PACKAGE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    console.error(`build-packages: unknown package ${unknown.join(', ')}; use ${PACKAGE_NAMES.join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  const { dirs } = await buildPackages(names.length > 0 ? { only: names as PackageName[] } : {});
  const built = names.length > 0 ? names : PACKAGE_NAMES;
  console.log(`built ${built.map((n) => dirs[n as PackageName]).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// `leanflow plugin install <name>[@range] [--registry URL] [--dir DIR]`: installs a plugin published to an
// npm-compatible registry (npmjs.org, Verdaccio, a company mirror). The registry steps (packument, version,
// tarball, integrity hash: sha512, else sha1; unpacking) are plugin-host's npm-registry.ts, shared with the studio's
// Extensions view; here the package is written to a temporary folder, validated and bundled like `plugin pack`, and
// written as an installable .zip for `--plugin` and the studio. Nothing is written when any step fails.
import { createPluginZip, downloadPackage, loadPlugin, NPM_REGISTRY, RegistryError } from '@leanflow/plugin-host';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserInputError, type CommandIo } from '../command.ts';
import { resolveUserPath } from '../io.ts';

/** The registry used without `--registry`: `LEANFLOW_REGISTRY`, else npm's configured one, else npmjs.org. */
export function defaultRegistry(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.LEANFLOW_REGISTRY ?? env.npm_config_registry ?? NPM_REGISTRY;
}

/**
 * Installs `spec` from the registry into `dir` as `<plugin id>-<version>.zip`; returns what it printed.
 *
 * @example
 * await installPlugin(io, 'leanflow-plugin-first-response@^0.1', { registry: 'http://127.0.0.1:4873/' });
 */
export async function installPlugin(io: CommandIo, spec: string, options: { readonly registry?: string; readonly dir?: string } = {}): Promise<number> {
  let downloaded;
  try {
    downloaded = await downloadPackage(options.registry ?? defaultRegistry(), spec);
  } catch (error) {
    // A name that is not a package name is a usage error (2); the registry's answers are failures (1).
    if (error instanceof RegistryError) throw new UserInputError(error.message, error.code === 'registry.spec' ? 2 : 1);
    throw error;
  }
  const { name, version } = downloaded;
  if (!downloaded.hasKeyword) io.stderr(`leanflow plugin: warning: ${name} does not have the keyword "leanflow-plugin"; installing it anyway.\n`);

  const unpacked = await mkdtemp(join(tmpdir(), 'leanflow-install-'));
  try {
    for (const [relative, content] of downloaded.files) {
      await mkdir(dirname(join(unpacked, relative)), { recursive: true });
      await writeFile(join(unpacked, relative), content);
    }
    const loaded = await loadPlugin(unpacked);
    if (!loaded.ok) throw new UserInputError(`${name}@${version} is not a valid Leanflow plugin:\n${loaded.issues.map((i) => `  ${i.message}`).join('\n')}`, 1);
    const manifest = loaded.bundle.manifest as { id: string; version: string };
    const target = join(resolveUserPath(io, options.dir ?? join('.leanflow', 'plugins')), `${manifest.id}-${manifest.version}.zip`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, createPluginZip({ ...loaded.bundle, source: `${name}@${version}` }));
    io.stdout(`installed ${name}@${version} (plugin ${manifest.id}, ${downloaded.algorithm} checked) to ${target}: use it with --plugin ${target}, or install the .zip in the studio\n`);
    return 0;
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

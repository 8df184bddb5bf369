import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command.ts';

// Set by the package build (scripts/build-packages.ts): the bundle no longer sits next to its package.json.
declare const __LEANFLOW_CLI_VERSION__: string | undefined;

export const versionCommand: CliCommand = {
  name: 'version',
  summary: 'Print the Leanflow version',
  usage: 'leanflow version',
  options: {},
  allowPositionals: false,
  async run(_args, io) {
    const version =
      typeof __LEANFLOW_CLI_VERSION__ === 'string' ? __LEANFLOW_CLI_VERSION__ : (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    io.stdout(`leanflow ${version}\n`);
    return 0;
  },
};

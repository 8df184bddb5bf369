import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command.ts';

export const versionCommand: CliCommand = {
  name: 'version',
  summary: 'Print the Leanflow version',
  usage: 'leanflow version',
  options: {},
  allowPositionals: false,
  async run(_args, io) {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.stdout(`leanflow ${manifest.version}\n`);
    return 0;
  },
};

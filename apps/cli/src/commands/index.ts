// Every CLI command, in the order `leanflow --help` lists them. Add new commands here.
import type { CliCommand } from '../command.ts';
import { pluginCommand } from './plugin.ts';
import { scoreCommand } from './score.ts';
import { simulateCommand } from './simulate.ts';
import { versionCommand } from './version.ts';

export const commands: readonly CliCommand[] = [versionCommand, simulateCommand, scoreCommand, pluginCommand];

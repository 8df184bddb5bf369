// Every CLI command, in the order `leanflow --help` lists them. Add new commands here.
import type { CliCommand } from '../command.ts';
import { calibrateCommand } from './calibrate.ts';
import { checkCommand } from './check.ts';
import { compareCommand } from './compare.ts';
import { compareLogsCommand } from './compare-logs.ts';
import { conformanceCommand } from './conformance.ts';
import { convertCommand } from './convert.ts';
import { optimiseCommand } from './optimise.ts';
import { pluginCommand } from './plugin.ts';
import { sampleCommand } from './sample.ts';
import { scoreCommand } from './score.ts';
import { simulateCommand } from './simulate.ts';
import { suggestCommand } from './suggest.ts';
import { versionCommand } from './version.ts';

export const commands: readonly CliCommand[] = [versionCommand, simulateCommand, scoreCommand, suggestCommand, compareCommand, optimiseCommand, pluginCommand, checkCommand, convertCommand, sampleCommand, calibrateCommand, conformanceCommand, compareLogsCommand];

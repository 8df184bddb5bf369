// `leanflow sample [--out file]`: writes the "lead to quote" sample process (with its scenario).
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { UserInputError, type CliCommand } from '../command.ts';
import { writeUserFile } from '../io.ts';

export const sampleCommand: CliCommand = {
  name: 'sample',
  summary: 'Write the sample "lead to quote" process with its simulation scenario',
  usage: 'leanflow sample [--out <file.bpmn>]\n\n  --out  write to this file instead of standard output',
  options: { out: { type: 'string' } },
  allowPositionals: false,
  async run({ values }, io) {
    const out = values['out'];
    if (out === undefined) {
      io.stdout(LEAD_TO_QUOTE_SAMPLE.endsWith('\n') ? LEAD_TO_QUOTE_SAMPLE : `${LEAD_TO_QUOTE_SAMPLE}\n`);
      return 0;
    }
    if (typeof out !== 'string' || out === '') throw new UserInputError('--out needs a file name.');
    await writeUserFile(io, out, LEAD_TO_QUOTE_SAMPLE);
    io.stdout(`Wrote the sample process to ${out}\n`);
    return 0;
  },
};

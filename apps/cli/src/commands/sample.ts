// `leanflow sample [--out file]`: writes the "lead to quote" sample process (with its scenario);
// `--list` shows the template gallery, `--template ID` writes one of its processes instead.
import { LEAD_TO_QUOTE_SAMPLE, PROCESS_TEMPLATES, findTemplate, templateXml, type TemplateLanguage } from '@leanflow/model';
import { UserInputError, type CliCommand } from '../command.ts';
import { readFormat, writeUserFile } from '../io.ts';

const VARIANTS = ['as-is', 'to-be'] as const;
const LANGUAGES = ['en', 'zh'] as const;

function pick<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UserInputError(`Unknown --${name} ${String(value)}. Use one of: ${allowed.join(', ')}.`);
}

export const sampleCommand: CliCommand = {
  name: 'sample',
  summary: 'Write the sample "lead to quote" process, or a template from the gallery, with its simulation scenario',
  usage: [
    'leanflow sample [--out <file.bpmn>]',
    'leanflow sample --list [--format table|json]',
    'leanflow sample --template <id> [--variant as-is|to-be] [--language en|zh] [--out <file.bpmn>]',
    '',
    '  --out       write to this file instead of standard output',
    '  --list      list the templates (JSON: [{ id, name, description, nameZh, descriptionZh, variants }])',
    '  --template  write this template (see --list) instead of the sample',
    '  --variant   as-is (default) or the to-be variant of the template',
    '  --language  names and texts in English (default) or Chinese',
  ].join('\n'),
  options: { out: { type: 'string' }, list: { type: 'boolean' }, format: { type: 'string' }, template: { type: 'string' }, variant: { type: 'string' }, language: { type: 'string' } },
  allowPositionals: false,
  async run({ values }, io) {
    if (values['list']) {
      const format = readFormat(values['format'], ['table', 'json'] as const, 'table');
      if (format === 'json') {
        const list = PROCESS_TEMPLATES.map((t) => ({ id: t.id, name: t.name.en, description: t.description.en, nameZh: t.name.zh, descriptionZh: t.description.zh, variants: [...VARIANTS] }));
        io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      } else {
        const width = Math.max(...PROCESS_TEMPLATES.map((t) => t.id.length));
        for (const t of PROCESS_TEMPLATES) io.stdout(`${t.id.padEnd(width)}  ${t.name.en}\n`);
        io.stdout('\nWrite one with `leanflow sample --template <id> --out <file.bpmn>` (add --variant to-be for the improved process).\n');
      }
      return 0;
    }
    if (values['format'] !== undefined) throw new UserInputError('--format goes with --list.');
    const templateId = values['template'];
    let xml = LEAD_TO_QUOTE_SAMPLE;
    let what = 'the sample process';
    if (templateId !== undefined) {
      const template = typeof templateId === 'string' ? findTemplate(templateId) : undefined;
      if (!template) throw new UserInputError(`There is no template "${String(templateId)}". Templates: ${PROCESS_TEMPLATES.map((t) => t.id).join(', ')} (see \`leanflow sample --list\`).`);
      const variant = pick('variant', values['variant'], VARIANTS, 'as-is');
      const language: TemplateLanguage = pick('language', values['language'], LANGUAGES, 'en');
      xml = templateXml(template, variant === 'as-is' ? 'asIs' : 'toBe', language);
      what = `the ${variant} "${template.name.en}" template`;
    } else if (values['variant'] !== undefined || values['language'] !== undefined) {
      throw new UserInputError('--variant and --language go with --template.');
    }
    const out = values['out'];
    if (out === undefined) {
      io.stdout(xml.endsWith('\n') ? xml : `${xml}\n`);
      return 0;
    }
    if (typeof out !== 'string' || out === '') throw new UserInputError('--out needs a file name.');
    await writeUserFile(io, out, xml);
    io.stdout(`Wrote ${what} to ${out}\n`);
    return 0;
  },
};

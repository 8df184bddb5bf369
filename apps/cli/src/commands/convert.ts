// `leanflow convert <file> --to leanflow|qbp --out <file>`: keeps imported BPSim/QBP parameters as Leanflow
// scenarios in the file, or writes a scenario as BIMP/QBP parameters.
import {
  QBP_NAMESPACE_URI,
  compareRoundTrip,
  exportQbp,
  loadDocument,
  saveScenariosToXml,
  unreportedLosses,
  type ImportReport,
  type LoadedDocument,
  type ModelIssue,
  type Scenario,
} from '@leanflow/model';
import { UserInputError, type CliCommand, type CommandIo } from '../command.ts';
import { readUserBytes, writeUserFile } from '../io.ts';

const TARGETS = ['leanflow', 'qbp'] as const;

const describeIssue = (issue: ModelIssue) => `  ${issue.severity === 'info' ? 'note' : issue.severity}: ${issue.message}${issue.elementId ? ` [${issue.elementId}]` : ''}\n`;

function pickScenarios(doc: LoadedDocument, wanted: string | undefined, file: string): Scenario[] {
  if (wanted === undefined) return [...doc.scenarios];
  const match = doc.scenarios.find((s) => s.id === wanted || s.name.toLowerCase() === wanted.toLowerCase());
  if (!match) {
    const names = doc.scenarios.map((s) => `"${s.name}" (${s.id})`).join(', ');
    throw new UserInputError(`There is no scenario "${wanted}" in ${file}. ${names ? `Scenarios: ${names}.` : 'The file has no scenarios.'}`);
  }
  return [match];
}

function printReport(io: CommandIo, report: ImportReport | undefined): void {
  if (!report) return;
  io.stdout(`${report.mapped.length} parameter(s) mapped.\n`);
  if (report.unmapped.length) {
    io.stderr(`${report.unmapped.length} remark(s):\n`);
    for (const issue of report.unmapped) io.stderr(describeIssue(issue));
  }
}

/** The post-write diff: what the written file lost against the input that no issue already reported. */
function reportLosses(io: CommandIo, input: string, output: string, issues: readonly ModelIssue[], replacedNamespaces: readonly string[]): void {
  const report = compareRoundTrip(input, output);
  const lost = unreportedLosses(report.losses, issues).filter((l) => !replacedNamespaces.includes(l.namespace));
  for (const loss of lost) io.stderr(`warning: the written file loses this: ${loss.message}${loss.elementId ? ` [${loss.elementId}]` : ''}\n`);
}

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Import BPSim/QBP parameters as Leanflow scenarios, or export a scenario to BIMP/QBP',
  usage:
    'leanflow convert <file.bpmn> --to leanflow|qbp --out <file.bpmn> [--scenario NAME]\n\n' +
    '  --to leanflow  store the scenarios (imported from BPSim or BIMP/QBP if the file has no Leanflow ones) in the file\n' +
    '  --to qbp       write a scenario as qbp:processSimulationInfo so BIMP or Apromore can run the model\n' +
    '  --out          where to write the result (may be the input file)\n' +
    '  --scenario     the scenario to convert, by id or name (default: all for leanflow, the active one for qbp)',
  options: { to: { type: 'string' }, out: { type: 'string' }, scenario: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UserInputError(`convert needs exactly one input file, got ${positionals.length}.`);
    const to = values['to'];
    const out = values['out'];
    if (typeof to !== 'string') throw new UserInputError('Say what to convert to: --to leanflow or --to qbp.');
    if (!(TARGETS as readonly string[]).includes(to)) throw new UserInputError(`Unknown --to ${to}. Use one of: ${TARGETS.join(', ')}.`);
    if (typeof out !== 'string' || out === '') throw new UserInputError('Say where to write the result: --out <file.bpmn>.');
    const file = positionals[0]!;
    const doc = await loadDocument(await readUserBytes(io, file), { auditSave: true });
    const xml = doc.text ?? '';
    const errors = doc.modelIssues.filter((i) => i.severity === 'error');
    if (!doc.graph || (doc.scenarios.length === 0 && errors.length)) {
      throw new UserInputError(`${file} cannot be converted:\n${(errors.length ? errors : doc.issues).map(describeIssue).join('')}`.trimEnd(), 1);
    }
    const wanted = typeof values['scenario'] === 'string' ? values['scenario'] : undefined;
    const scenarios = pickScenarios(doc, wanted, file);
    if (scenarios.length === 0) throw new UserInputError(`${file} has no process to simulate, so there is no scenario to convert.`, 1);
    // What the written file cannot keep (the parse's own warnings, and the save audit's) is said, never silent.
    for (const issue of doc.modelIssues) if (issue.severity !== 'info' && /^(bpmn|xml)\./.test(issue.code)) io.stderr(describeIssue(issue));
    if (doc.defaulted) io.stderr(`warning: ${file} has no simulation parameters; the scenario written contains default values to replace with your figures.\n`);

    if (to === 'leanflow') {
      const active = scenarios.some((s) => s.id === doc.activeScenarioId) ? doc.activeScenarioId : scenarios[0]!.id;
      const result = await saveScenariosToXml(xml, scenarios, active !== undefined ? { activeScenarioId: active } : {});
      if (!result.xml) throw new UserInputError(`${file} cannot be converted:\n${result.issues.map(describeIssue).join('')}`.trimEnd(), 1);
      reportLosses(io, xml, result.xml, doc.issues, []);
      await writeUserFile(io, out, result.xml);
      const source = { leanflow: 'the file', bpsim: 'BPSim', qbp: 'BIMP/QBP', default: 'defaults', none: 'nowhere' }[doc.scenarioSource];
      io.stdout(`Wrote ${scenarios.length} scenario(s) from ${source} to ${out}: ${scenarios.map((s) => s.name).join(', ')}\n`);
      printReport(io, doc.importReport);
      return 0;
    }

    const scenario = wanted !== undefined ? scenarios[0]! : (doc.scenarios.find((s) => s.id === doc.activeScenarioId) ?? scenarios[0]!);
    const result = await exportQbp(xml, scenario);
    if (!result.xml) throw new UserInputError(`${file} cannot be converted:\n${result.issues.map(describeIssue).join('')}`.trimEnd(), 1);
    // The old QBP block is replaced on purpose; anything else lost is said.
    reportLosses(io, xml, result.xml, doc.issues, [QBP_NAMESPACE_URI]);
    for (const issue of result.issues) if (issue.code === 'qbp.danglingReference') io.stderr(describeIssue(issue));
    await writeUserFile(io, out, result.xml);
    io.stdout(`Wrote scenario "${scenario.name}" as BIMP/QBP parameters to ${out}\n`);
    printReport(io, result.report);
    return 0;
  },
};

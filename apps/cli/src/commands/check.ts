// `leanflow check <file>`: lists the problems of a BPMN file and its simulation scenarios.
import { loadDocument, type LoadedDocument, type ModelIssue } from '@leanflow/model';
import { checkModel } from '@leanflow/sim';
import { UserInputError, type CliCommand } from '../command.ts';
import { readFormat, readUserBytes } from '../io.ts';

const FORMATS = ['table', 'json'] as const;

function scenarioLine(doc: LoadedDocument): string {
  const names = doc.scenarios.map((s) => `${s.name}${s.id === doc.activeScenarioId && doc.scenarios.length > 1 ? ' (active)' : ''}`).join(', ');
  switch (doc.scenarioSource) {
    case 'leanflow':
      return `Scenarios: ${names}`;
    case 'bpsim':
      return `Scenarios: ${names} (imported from BPSim; run \`leanflow convert --to leanflow\` to keep them)`;
    case 'qbp':
      return `Scenarios: ${names} (imported from BIMP/QBP; run \`leanflow convert --to leanflow\` to keep them)`;
    case 'default':
      return 'Scenarios: none in the file; default values were assumed';
    case 'none':
      return 'Scenarios: none';
  }
}

function count(issues: readonly ModelIssue[], severity: ModelIssue['severity']): number {
  return issues.filter((i) => i.severity === severity).length;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The file's issues plus the errors `simulate` would refuse to run with (the engine's static checks on every
 * scenario: a deadlocking join, a loop with no way out, impossible values), so `check` passes only what runs.
 */
export function checkIssues(doc: LoadedDocument): ModelIssue[] {
  const issues = [...doc.issues];
  if (!doc.graph || doc.modelIssues.some((i) => i.severity === 'error')) return issues;
  const seen = new Set(issues.map((i) => `${i.code}|${i.elementId ?? ''}|${i.message}`));
  for (const scenario of doc.scenarios) {
    // Validation already listed this scenario's own issues (prefixed with its name when there are several); the
    // engine finds some of them too (an unstaffed pool), so compare with the unprefixed ones.
    const validated = new Set((doc.scenarioIssues[scenario.id] ?? []).map((i) => `${i.code}|${i.elementId ?? ''}|${i.message}`));
    for (const issue of checkModel(doc.graph, scenario)) {
      if (issue.severity !== 'error') continue;
      const key = `${issue.code}|${issue.elementId ?? ''}|${issue.message}`;
      if (seen.has(key) || validated.has(key)) continue;
      seen.add(key);
      issues.push(doc.scenarios.length > 1 ? { ...issue, message: `${issue.message} (scenario "${scenario.name}")` } : issue);
    }
  }
  return issues;
}

function table(file: string, doc: LoadedDocument, issues: readonly ModelIssue[]): string {
  const lines = [
    `${file}: ${plural(count(issues, 'error'), 'error')}, ${plural(count(issues, 'warning'), 'warning')}, ${plural(count(issues, 'info'), 'note')}`,
    scenarioLine(doc),
  ];
  if (issues.length) {
    const order = { error: 0, warning: 1, info: 2 } as const;
    const sorted = [...issues].sort((a, b) => order[a.severity] - order[b.severity]);
    const severityWidth = 7;
    const codeWidth = Math.max(...sorted.map((i) => i.code.length));
    lines.push('');
    for (const issue of sorted) {
      const where = issue.elementId ? ` [${issue.elementId}]` : '';
      lines.push(`  ${(issue.severity === 'info' ? 'note' : issue.severity).padEnd(severityWidth)} ${issue.code.padEnd(codeWidth)}  ${issue.message}${where}`);
    }
  }
  if (doc.importReport) {
    lines.push('', `Import: ${plural(doc.importReport.mapped.length, 'parameter')} mapped, ${plural(doc.importReport.unmapped.length, 'remark')}:`);
    for (const issue of doc.importReport.unmapped) lines.push(`  ${(issue.severity === 'info' ? 'note' : issue.severity).padEnd(7)} ${issue.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'List the problems of a BPMN file and its simulation scenarios',
  usage: 'leanflow check <file.bpmn> [--format table|json]\n\n  --format  table (default) or json\n\nExit code 1 when there is at least one error, 0 otherwise.',
  options: { format: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const format = readFormat(values['format'], FORMATS, 'table');
    if (positionals.length !== 1) throw new UserInputError(`check needs exactly one file, got ${positionals.length}. Usage: leanflow check <file.bpmn>`);
    const file = positionals[0]!;
    // The save audit too: `check` lists anything a save would lose, whatever tool wrote the file.
    const doc = await loadDocument(await readUserBytes(io, file), { auditSave: true });
    const issues = checkIssues(doc);
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify(
          {
            file,
            summary: { errors: count(issues, 'error'), warnings: count(issues, 'warning'), notes: count(issues, 'info') },
            scenarioSource: doc.scenarioSource,
            defaulted: doc.defaulted,
            activeScenarioId: doc.activeScenarioId ?? null,
            scenarios: doc.scenarios.map((s) => ({ id: s.id, name: s.name })),
            issues,
            ...(doc.importReport ? { importReport: doc.importReport } : {}),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      io.stdout(table(file, doc, issues));
    }
    return issues.some((i) => i.severity === 'error') ? 1 : 0;
  },
};

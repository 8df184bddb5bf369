// `leanflow compare <a> <b> [more...]`: runs 2 to 4 variants of a process with the same scenario settings and
// random numbers, and compares each with the first (paired 95% intervals, scorecards, diagram diff).
import { basename } from 'node:path';
import {
  compareVariants,
  createComparisonReport,
  renderHtmlReport,
  renderMarkdownReport,
  type KpiDifference,
  type KpiEstimate,
  type VariantComparison,
} from '@leanflow/analysis';
import { decodeXmlBytes, type ModelIssue } from '@leanflow/model';
import { UserInputError, type CliCommand, type CommandIo } from '../command.ts';
import { readFormat, readInteger, readUserBytes, writeUserFile } from '../io.ts';

const FORMATS = ['table', 'json', 'markdown'] as const;

const round = (x: number | null, digits = 6) => (x !== null && Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const interval = (ci: readonly [number, number] | null) => (ci ? [round(ci[0]), round(ci[1])] : null);
const estimateJson = (e: KpiEstimate) => ({ mean: round(e.mean), ci95: interval(e.ci95), replications: e.replications });

const differenceJson = (k: KpiDifference) => ({
  baselineMean: round(k.baselineMean),
  variantMean: round(k.variantMean),
  difference: { mean: round(k.difference.mean), ci95: interval(k.difference.ci95), significant: k.difference.significant, pairs: k.difference.pairs },
  relativeChange: round(k.relativeChange),
  verdict: k.verdict,
});

/** The `--format json` document (times in seconds, shares 0..1). Fields are only ever added, never renamed. */
export function comparisonJson(comparison: VariantComparison, files: readonly string[]) {
  return {
    settings: comparison.settings,
    kpiDefinitions: comparison.kpiDefinitions,
    caseTypes: comparison.caseTypes,
    segmentKpiDefinitions: comparison.segmentKpiDefinitions,
    variants: comparison.variants.map((v, i) => ({
      name: v.name,
      file: files[i],
      scenario: v.scenario,
      countedCases: round(v.countedCases, 2),
      kpis: Object.fromEntries(Object.entries(v.kpis).map(([key, e]) => [key, estimateJson(e)])),
      segments: v.segments.map((segment) => ({
        id: segment.id,
        name: segment.name,
        countedCases: round(segment.countedCases, 2),
        kpis: Object.fromEntries(Object.entries(segment.kpis).map(([key, e]) => [key, estimateJson(e)])),
      })),
      score: round(v.scorecard.score, 2),
      categories: Object.fromEntries(Object.entries(v.scorecard.categories).map(([key, c]) => [key, round(c.score, 2)])),
      rules: v.scorecard.rules.map((r) => ({ id: r.ruleId, status: r.status, score: round(r.score, 2) })),
    })),
    differences: comparison.differences.map((d) => ({
      variant: d.variant,
      baseline: d.baseline,
      kpis: Object.fromEntries(Object.entries(d.kpis).map(([key, k]) => [key, differenceJson(k)])),
      segments: d.segments.map((segment) => ({
        id: segment.id,
        name: segment.name,
        kpis: Object.fromEntries(Object.entries(segment.kpis).map(([key, k]) => [key, differenceJson(k)])),
      })),
      scoreDifference: round(d.scoreDifference, 2),
      diagram: d.diagramDiff,
    })),
    histograms: comparison.histograms,
  };
}

/** Names shown in tables: file names, or the paths as given when two files share a name. */
function variantNames(files: readonly string[]): string[] {
  const names = files.map((f) => basename(f).replace(/\.bpmn$/i, ''));
  const unique = new Set(names).size === names.length ? names : [...files];
  return unique.map((name, i) => (unique.indexOf(name) === i ? name : `${name} (${i + 1})`));
}

function table(comparison: VariantComparison): string {
  const report = createComparisonReport(comparison);
  const s = comparison.settings;
  const rows: string[][] = [
    ['KPI', ...report.variants.map((v) => v.name), ...report.variants.slice(1).map((v) => `${v.name} − ${report.baseline}`)],
    ...report.kpis.map((row) => [row.definition.label, ...row.values.map((v) => v.text), ...row.differences.map((d) => (d.mean === null ? '-' : `${d.text} ${d.marker}`))]),
    [],
    ...report.scores.map((row) => [
      row.key === 'overall' ? 'Score' : `  ${row.label}`,
      ...row.scores.map((x) => (x === null ? '-' : x.toFixed(1))),
      ...row.differences.map((x) => (x === null ? '-' : `${x > 0 ? '+' : ''}${x.toFixed(1)}`)),
    ]),
  ];
  // Per case type: a heading row, then the same KPI rows over that type's cases.
  for (const type of report.caseTypes) {
    rows.push([], [`Case type ${type.name} (${type.share} of arrivals)`]);
    for (const row of type.kpis)
      rows.push([`  ${row.definition.label}`, ...row.values.map((v) => v.text), ...row.differences.map((d) => (d.mean === null ? '-' : `${d.text} ${d.marker}`))]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r.length > 1 ? (r[c] ?? '') : '').length)));
  const lines = [
    `Scenario "${s.scenario.name}": ${s.cases === null ? 'until the horizon' : `${s.cases} cases`} x ${s.replications} replications, seed ${s.seed}; the same random numbers for every variant.`,
    `Means with 95% CI in brackets; differences against "${report.baseline}" are paired by replication (n.s. = not significant).`,
    '',
    ...rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()),
  ];
  for (const { variant, changes } of report.diagramChanges) {
    lines.push('', `Diagram changes, ${variant} against ${report.baseline}: ${changes.length === 0 ? 'none' : changes.length}`);
    for (const c of changes)
      lines.push(`  ${c.kind.padEnd(8)} ${c.elementId} (${c.type.replace(/^bpmn:/, '')}${c.name ? ` "${c.name.replace(/\s+/g, ' ')}"` : ''})${c.kind === 'added' || c.kind === 'removed' ? '' : `: ${c.summary}`}`);
  }
  for (const v of report.variants) if (v.scenarioSource === 'baseline') lines.push('', `${v.name}: no scenario "${s.scenario.name}" in the file; the baseline's scenario was applied.`);
  return `${lines.join('\n')}\n`;
}

/** Warnings and errors on stderr, per variant; more than three of one kind are summarised. */
function printIssues(io: CommandIo, variant: string, issues: readonly ModelIssue[]): void {
  const counts = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const issue of issues) if (issue.severity !== 'info') totals.set(issue.code, (totals.get(issue.code) ?? 0) + 1);
  for (const issue of issues) {
    if (issue.severity === 'info') continue;
    const count = (counts.get(issue.code) ?? 0) + 1;
    counts.set(issue.code, count);
    if (issue.severity === 'error' || count <= 3) io.stderr(`${issue.severity}: ${variant}: ${issue.message}${issue.elementId ? ` [${issue.elementId}]` : ''}\n`);
    else if (count === 4) io.stderr(`${issue.severity}: ${variant}: ... and ${(totals.get(issue.code) ?? 0) - 3} more like this (${issue.code}).\n`);
  }
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'Compare 2 to 4 variants of a process: KPIs with paired 95% intervals, scores, diagram diff',
  usage: [
    'leanflow compare <a.bpmn> <b.bpmn> [c.bpmn] [d.bpmn] [--scenario NAME] [--cases N] [--replications R] [--seed S] [--format table|json|markdown] [--html FILE]',
    '',
    '  The first file is the baseline; every variant runs with the same cases, replications and seed (common random',
    '  numbers) and is compared with the baseline replication by replication.',
    "  --scenario NAME     scenario id or name (default: the baseline's active one); each variant uses its own scenario",
    "                      of that id or name, else the baseline's applied to it",
    "  --cases N           cases per replication (default: the baseline scenario's)",
    "  --replications R    replications (default: the baseline scenario's)",
    "  --seed S            random seed (default: the baseline scenario's)",
    '  --format F          table (default), json (one object, times in seconds) or markdown (for pull requests)',
    '  --html FILE         also write a print-ready HTML report with charts',
    '',
    'See docs/variants.md for the method and the JSON fields.',
  ].join('\n'),
  options: {
    scenario: { type: 'string' },
    cases: { type: 'string' },
    replications: { type: 'string' },
    seed: { type: 'string' },
    format: { type: 'string' },
    html: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length < 2 || positionals.length > 4) {
      throw new UserInputError(
        `Give 2 to 4 BPMN files (got ${positionals.length}): the baseline first, e.g. \`pnpm leanflow compare as-is.bpmn to-be.bpmn\`.`,
      );
    }
    const format = readFormat(values.format, FORMATS, 'table');
    const cases = readInteger('cases', values.cases, { min: 1 });
    const replications = readInteger('replications', values.replications, { min: 1 });
    const seed = readInteger('seed', values.seed, { min: 0 });
    const html = typeof values.html === 'string' ? values.html : undefined;
    const files = [...positionals];
    // Decoded as each file declares; bytes that do not decode are reported (compareVariants reads text).
    const decoded = await Promise.all(files.map(async (f) => decodeXmlBytes(await readUserBytes(io, f))));
    decoded.forEach((d, i) => {
      for (const issue of d.issues) if (issue.severity !== 'info') io.stderr(`${issue.severity}: ${files[i]}: ${issue.message}\n`);
    });
    const xmls = decoded.map((d) => d.text);
    const names = variantNames(files);
    const outcome = await compareVariants(
      xmls.map((xml, i) => ({ name: names[i]!, xml })),
      {
        ...(typeof values.scenario === 'string' ? { scenarioId: values.scenario } : {}),
        ...(cases !== undefined ? { cases } : {}),
        ...(replications !== undefined ? { replications } : {}),
        ...(seed !== undefined ? { seed } : {}),
      },
    );
    if (!outcome.ok) {
      const missing = outcome.issues.find((i) => i.code === 'compare.scenario.missing');
      if (missing) throw new UserInputError(missing.message);
      for (const issue of outcome.issues) io.stderr(`error: ${issue.message}${issue.elementId ? ` [${issue.elementId}]` : ''}\n`);
      io.stderr('The comparison did not run; fix the errors above.\n');
      return 1;
    }
    for (const v of outcome.variants) printIssues(io, v.name, v.issues);
    if (html !== undefined) await writeUserFile(io, html, renderHtmlReport(outcome));
    if (format === 'json') io.stdout(`${JSON.stringify(comparisonJson(outcome, files))}\n`);
    else if (format === 'markdown') io.stdout(renderMarkdownReport(outcome));
    else io.stdout(table(outcome));
    return outcome.variants.some((v) => v.issues.some((i) => i.severity === 'error')) ? 1 : 0;
  },
};

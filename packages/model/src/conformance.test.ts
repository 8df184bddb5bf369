// The conformance harness over every fixture, through the CLI's path (read, store the scenarios, write): nothing
// may be lost that the parse did not report as an issue.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, compareRoundTrip, loadDocument, saveScenariosToXml, unreportedLosses } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');
const ownDir = join(import.meta.dirname, 'interchange-fixtures');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bpmnFiles(join(dir, entry.name)) : entry.name.endsWith('.bpmn') ? [join(dir, entry.name)] : [],
  );
}

const files = [...bpmnFiles(fixturesDir), ...bpmnFiles(ownDir)];

describe('conformance: every fixture round-trips without a silent loss', () => {
  it('covers the MIWG suite, the BPSim examples, the BIMP model and our interchange files', () => {
    expect(files.length).toBeGreaterThanOrEqual(191);
  });

  it.each([['the lead-to-quote sample', ''], ...files.map((file) => [file.startsWith(ownDir) ? relative(ownDir, file) : relative(fixturesDir, file), file])])('%s', async (_name, file) => {
    const original = file === '' ? LEAD_TO_QUOTE_SAMPLE : readFileSync(file, 'utf8');
    const doc = await loadDocument(original, { auditSave: true });
    if (!doc.definitions) return;
    // The audit itself found nothing unexplained.
    expect(doc.issues.filter((i) => i.code === 'bpmn.lostOnSave' || i.code === 'bpmn.unwritable')).toEqual([]);
    const saved = await saveScenariosToXml(original, doc.scenarios);
    const report = compareRoundTrip(original, saved.xml!);
    expect(report.error).toBeUndefined();
    expect(unreportedLosses(report.losses, doc.issues).map((l) => l.message)).toEqual([]);
    // Every DI plane keeps its shapes and edges; every foreign namespace keeps its elements and attributes.
    const reported = new Set(report.losses.map((l) => l.plane));
    for (const [plane, { before, after }] of Object.entries(report.planes)) if (!reported.has(plane)) expect(after, `plane ${plane}`).toEqual(expect.arrayContaining([...before]));
    // (Where the parse reported a loss, what it covers is already checked above.)
    for (const [uri, { before, after }] of Object.entries(report.namespaces)) {
      if (uri.startsWith('http://www.omg.org/spec/') || report.losses.length > 0) continue;
      expect(after.elements, uri).toBeGreaterThanOrEqual(before.elements);
      expect(after.attributes, uri).toBeGreaterThanOrEqual(before.attributes);
    }
  });
});

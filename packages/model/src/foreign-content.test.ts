// An editor that reads a file with its own moddle (bpmn-js) and calls keepForeignContent saves exactly what
// parseBpmn + serializeBpmn (the CLI) save: compared as text on every fixture.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModdle, keepForeignContent, parseBpmn, serializeBpmn, type ModdleReadWarning } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bpmnFiles(join(dir, entry.name)) : entry.name.endsWith('.bpmn') ? [join(dir, entry.name)] : [],
  );
}

const QBP_BLOCK =
  '<qbp:processSimulationInfo xmlns:qbp="http://www.qbp-simulator.com/Schema201212" id="qbp_1" processInstances="10" currency="EUR">' +
  '<qbp:arrivalRateDistribution type="FIXED" mean="60" arg1="NaN" arg2="NaN"><qbp:timeUnit>seconds</qbp:timeUnit></qbp:arrivalRateDistribution>' +
  '<qbp:resources><qbp:resource id="clerk" name="Clerk" totalAmount="2" costPerHour="30" timetableId="t"/></qbp:resources>' +
  '</qbp:processSimulationInfo>';

/** What an editor does: a fresh moddle reads the file, keepForeignContent repairs it, the moddle writes it. */
async function editorRoundTrip(xml: string): Promise<{ xml: string; warnings: ModdleReadWarning[]; report: ReturnType<typeof keepForeignContent> }> {
  const moddle = createModdle();
  const read = await moddle.fromXML(xml, 'bpmn:Definitions');
  const warnings = [...read.warnings] as ModdleReadWarning[];
  const report = keepForeignContent(moddle, read.rootElement, xml, warnings);
  return { xml: await serializeBpmn(moddle, read.rootElement), warnings, report };
}

async function cliRoundTrip(xml: string): Promise<string> {
  const parsed = await parseBpmn(xml);
  return serializeBpmn(parsed.moddle!, parsed.definitions!);
}

const files = [...bpmnFiles(join(fixturesDir, 'miwg')), ...bpmnFiles(join(fixturesDir, 'bpsim')), join(fixturesDir, 'logs/loanapp-simplified.bpmn')];

describe('keepForeignContent', () => {
  it.each(files.map((file) => [relative(fixturesDir, file), file]))('%s: the editor saves what the CLI saves', async (_name, file) => {
    const xml = readFileSync(file, 'utf8');
    const editor = await editorRoundTrip(xml);
    expect(editor.xml).toBe(await cliRoundTrip(xml));
  });

  it('keeps a BIMP block under definitions and removes moddle\'s "will be lost" warning for it', async () => {
    const original = readFileSync(join(fixturesDir, 'logs/loanapp-simplified.bpmn'), 'utf8').replace('</definitions>', `${QBP_BLOCK}</definitions>`);
    const plain = createModdle();
    const read = await plain.fromXML(original, 'bpmn:Definitions');
    expect(read.warnings.map((w) => w.message.split('\n')[0])).toEqual(['unparsable content <qbp:processSimulationInfo> detected']);
    expect(await serializeBpmn(plain, read.rootElement)).not.toContain('processSimulationInfo');

    const editor = await editorRoundTrip(original);
    expect(editor.report).toEqual({ kept: ['qbp:processSimulationInfo'], keptReferences: [], dropped: [] });
    expect(editor.warnings.filter((w) => w.message.includes('processSimulationInfo'))).toEqual([]);
    expect(editor.xml).toContain('<qbp:resource id="clerk" name="Clerk" totalAmount="2" costPerHour="30" timetableId="t" />');
    expect(editor.xml).toBe(await cliRoundTrip(original));
  });

  it('drops an extension element without a namespace (which no writer can save) and says so', async () => {
    const file = join(fixturesDir, 'miwg/vendors/sap-signavio-process-manager-19.9.0/A.2.1-roundtrip.bpmn');
    const xml = readFileSync(file, 'utf8');
    const plain = createModdle();
    const read = await plain.fromXML(xml, 'bpmn:Definitions');
    await expect(serializeBpmn(plain, read.rootElement)).rejects.toThrow(/no namespace uri/);
    const editor = await editorRoundTrip(xml);
    expect(editor.report.dropped).toEqual(['Grid', 'VerticalRuler', 'HorizontalRuler']);
  });
});

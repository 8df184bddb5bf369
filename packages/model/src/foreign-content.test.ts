// An editor that reads a file with its own moddle (bpmn-js) the way the studio does (prepareBpmnText's xml, then its
// repair in import.parse.complete) saves exactly what parseBpmn + serializeBpmn (the CLI) save: compared as text on
// every fixture, and checked for losses nobody was told about.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRoundTrip, createModdle, keepForeignContent, parseBpmn, prepareBpmnText, serializeBpmn, unreportedLosses, type ModdleElement, type ModdleReadWarning, type ReadRepair } from './index.ts';

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

/** What the studio's editor does: a fresh moddle reads the prepared text, the shared repair runs, the moddle writes. */
async function editorRoundTrip(source: string): Promise<{ xml: string; warnings: ModdleReadWarning[]; report: ReadRepair; ids: string[] }> {
  const prepared = prepareBpmnText(source);
  const moddle = createModdle();
  const read = await moddle.fromXML(prepared.xml!, 'bpmn:Definitions');
  // bpmn-js hands the listener the read's own arrays and id index, and keeps using them afterwards.
  const warnings = [...read.warnings] as ModdleReadWarning[];
  const elementsById = read.elementsById as Record<string, ModdleElement>;
  const report = prepared.repair!({ moddle, definitions: read.rootElement, warnings, elementsById });
  return { xml: await serializeBpmn(moddle, read.rootElement), warnings, report, ids: Object.keys(elementsById) };
}

async function cliRoundTrip(xml: string): Promise<string> {
  const parsed = await parseBpmn(xml);
  return serializeBpmn(parsed.moddle!, parsed.definitions!);
}

const files = [...bpmnFiles(join(fixturesDir, 'miwg')), ...bpmnFiles(join(fixturesDir, 'bpsim')), join(fixturesDir, 'logs/loanapp-simplified.bpmn')];

describe('one read path for the CLI and the studio (prepareBpmnText)', () => {
  it.each(files.map((file) => [relative(fixturesDir, file), file]))('%s: the editor saves what the CLI saves, and loses nothing unreported', async (_name, file) => {
    const xml = readFileSync(file, 'utf8');
    const editor = await editorRoundTrip(xml);
    expect(editor.xml).toBe(await cliRoundTrip(xml));
    const report = compareRoundTrip(xml, editor.xml);
    expect(report.error).toBeUndefined();
    expect(unreportedLosses(report.losses, [...prepareBpmnText(xml).issues, ...editor.report.issues])).toEqual([]);
  });

  it('keeps a BIMP block under definitions and removes moddle\'s "will be lost" warning for it', async () => {
    const original = readFileSync(join(fixturesDir, 'logs/loanapp-simplified.bpmn'), 'utf8').replace('</definitions>', `${QBP_BLOCK}</definitions>`);
    const plain = createModdle();
    const read = await plain.fromXML(original, 'bpmn:Definitions');
    expect(read.warnings.map((w) => w.message.split('\n')[0])).toEqual(['unparsable content <qbp:processSimulationInfo> detected']);
    expect(await serializeBpmn(plain, read.rootElement)).not.toContain('processSimulationInfo');

    const editor = await editorRoundTrip(original);
    expect(editor.report).toMatchObject({ kept: ['qbp:processSimulationInfo'], keptReferences: [], dropped: [], flowReferencesAdded: 0, idsRestored: 0 });
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

  it('reads ids moddle rejects under stand-ins and hands the editor the file\'s ids (element, id index, warnings)', async () => {
    const base = readFileSync(join(fixturesDir, 'logs/loanapp-simplified.bpmn'), 'utf8');
    const ids = [...new Set([...base.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!))];
    const task = /<task id="([^"]+)"/.exec(base)![1]!;
    // A space and a leading digit: both are valid in other tools' files, both rejected by moddle as they are.
    const spaced = `Check ${task}`;
    const digit = `1${task}`;
    const flow = /<sequenceFlow id="([^"]+)"/.exec(base)![1]!;
    const xml = base
      .replace(new RegExp(`(["> ])${task}(["<])`, 'g'), `$1${spaced}$2`)
      .replace(new RegExp(`(["> ])${flow}(["<])`, 'g'), `$1${digit}$2`)
      .replace('</definitions>', `<process id="dangling"><sequenceFlow id="f" sourceRef="${spaced}" targetRef="missing"/></process></definitions>`);
    expect(ids).toContain(task);
    const editor = await editorRoundTrip(xml);
    expect(editor.report.idsRestored).toBe(2);
    // bpmn-js names its shapes by these ids and claims them for new elements: the file's own.
    expect(editor.ids).toContain(spaced);
    expect(editor.ids).toContain(digit);
    expect(editor.ids.filter((id) => id.startsWith('lf_id_'))).toEqual([]);
    expect(editor.warnings.map((w) => w.message).join('\n')).not.toContain('lf_id_');
    expect(editor.xml).toContain(`<task id="${spaced}"`);
    expect(editor.xml).toContain(`bpmnElement="${spaced}"`);
    expect(editor.xml).toContain(`<sequenceFlow id="${digit}"`);
    expect(editor.xml).toBe(await cliRoundTrip(xml));
    expect(unreportedLosses(compareRoundTrip(xml, editor.xml).losses, editor.report.issues)).toEqual([]);
  });

  it('keepForeignContent (a moddle that read the text as it is) runs the same repairs', async () => {
    const original = readFileSync(join(fixturesDir, 'logs/loanapp-simplified.bpmn'), 'utf8')
      .replace(/^\s*<(incoming|outgoing)>[^<]*<\/\1>\s*\n/gm, '')
      .replace('</definitions>', `${QBP_BLOCK}</definitions>`);
    const moddle = createModdle();
    const read = await moddle.fromXML(original, 'bpmn:Definitions');
    const report = keepForeignContent(moddle, read.rootElement, original, [...read.warnings] as ModdleReadWarning[]);
    expect(report).toMatchObject({ kept: ['qbp:processSimulationInfo'], flowReferencesAdded: 48 });
    expect(await serializeBpmn(moddle, read.rootElement)).toBe(await cliRoundTrip(original));
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, createModdle, parseXmlTree, parseXmlTreeInSlices, prepareBpmnText, prepareBpmnTextInSlices, readXmlInSlices, type ModdleElement } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bpmnFiles(join(dir, entry.name)) : entry.name.endsWith('.bpmn') ? [join(dir, entry.name)] : [],
  );
}

/** What each reader gives, in a comparable form: the document written back, the ids, the warnings. */
async function read(xml: string, sliced: boolean, chunkChars = 97) {
  const moddle = createModdle();
  let pauses = 0;
  try {
    const result = sliced
      ? await readXmlInSlices(moddle, xml, 'bpmn:Definitions', { chunkChars, sliceMs: 0, now: () => performance.now(), pause: async () => void pauses++ })
      : await moddle.fromXML(xml, 'bpmn:Definitions');
    const { xml: written } = await moddle.toXML(result.rootElement, { format: true });
    return {
      written,
      ids: Object.keys(result.elementsById).sort(),
      references: result.references.length,
      warnings: result.warnings.map((w) => ({ message: w.message, element: (w.element as ModdleElement | undefined)?.['id'], property: w.property, value: w.value })),
      pauses,
    };
  } catch (error) {
    return { error: (error as Error).message, warnings: ((error as { warnings?: { message: string }[] }).warnings ?? []).map((w) => w.message), pauses };
  }
}

const files = bpmnFiles(join(fixturesDir, 'miwg')).filter((file) => !file.includes('/invalid'));

const broken: [string, string][] = [
  ['an unknown element and an unresolved reference', LEAD_TO_QUOTE_SAMPLE.replace('<bpmn:process ', '<bpmn:unknownThing a="1"/>\n<bpmn:process ').replace(/sourceRef="([^"]+)"/, 'sourceRef="Nowhere_1"')],
  ['a duplicate id', LEAD_TO_QUOTE_SAMPLE.replace(/(<bpmn:task id="([^"]+)"[^>]*>)/, '$1</bpmn:task><bpmn:task id="$2">')],
  ['a declared encoding moddle does not support', LEAD_TO_QUOTE_SAMPLE.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')],
  ['an unclosed tag at the end', LEAD_TO_QUOTE_SAMPLE.slice(0, LEAD_TO_QUOTE_SAMPLE.length - 30)],
  ['a root that is not definitions', '<?xml version="1.0"?>\n<foo:bar xmlns:foo="urn:foo"><x/></foo:bar>'],
  ['text with entities and a CDATA body', LEAD_TO_QUOTE_SAMPLE.replace(/name="([^"]+)"/, 'name="A &amp; B &lt;C&gt; &#233;"').replace('<bpmn:process ', '<bpmn:documentation><![CDATA[ <b>x</b> ]]> &amp; more</bpmn:documentation>\n<bpmn:process ')],
];

describe('readXmlInSlices', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((file) => [relative(fixturesDir, file), file]))('reads %s exactly as moddle.fromXML does', async (_name, file) => {
    const xml = readFileSync(file, 'utf8');
    const { pauses, ...sliced } = await read(xml, true);
    const { pauses: _none, ...whole } = await read(xml, false);
    expect(sliced).toEqual(whole);
    // It really read in more than one slice (sliceMs 0: a pause after every piece).
    expect(pauses).toBeGreaterThan(1);
  });

  it.each(broken)('reads a file with %s exactly as moddle.fromXML does (warnings and their lines included)', async (_name, xml) => {
    for (const chunkChars of [1, 7, 97, 4096]) {
      const { pauses: _sliced, ...sliced } = await read(xml, true, chunkChars);
      const { pauses: _whole, ...whole } = await read(xml, false);
      expect(sliced).toEqual(whole);
    }
  });

  it('stops when cancelled', async () => {
    const moddle = createModdle();
    let pauses = 0;
    await expect(readXmlInSlices(moddle, LEAD_TO_QUOTE_SAMPLE, 'bpmn:Definitions', { chunkChars: 100, sliceMs: 0, now: () => performance.now(), pause: async () => void pauses++, isCancelled: () => pauses >= 3 })).rejects.toThrow(/cancelled/);
    expect(pauses).toBe(3);
  });
});

describe('parseXmlTreeInSlices and prepareBpmnTextInSlices', () => {
  const slices = () => {
    let pauses = 0;
    return { options: { sliceMs: 0, now: () => performance.now(), pause: async () => void pauses++ }, pauses: () => pauses };
  };

  it.each(files.filter((_, index) => index % 4 === 0).map((file) => [relative(fixturesDir, file), file]))('gives the same tree and preparation for %s', async (_name, file) => {
    const xml = readFileSync(file, 'utf8');
    const tree = slices();
    expect(await parseXmlTreeInSlices(xml, tree.options)).toEqual(parseXmlTree(xml));
    if (xml.length > 40_000) expect(tree.pauses()).toBeGreaterThan(1);
    const { repair: _a, repairInSteps: _c, ...sliced } = await prepareBpmnTextInSlices(xml, slices().options);
    const { repair: _b, repairInSteps: _d, ...whole } = prepareBpmnText(xml);
    expect(sliced).toEqual(whole);
  });

  it.each(broken)('names the same error for a file with %s', async (_name, xml) => {
    expect(await parseXmlTreeInSlices(xml, slices().options)).toEqual(parseXmlTree(xml));
    const { repair: _a, repairInSteps: _c, ...sliced } = await prepareBpmnTextInSlices(xml, slices().options);
    const { repair: _b, repairInSteps: _d, ...whole } = prepareBpmnText(xml);
    expect(sliced).toEqual(whole);
  });

  it('refuses an empty file and a broken one with the messages of prepareBpmnText', async () => {
    for (const xml of ['', '  ', '<a><b></a>', 'not xml at all', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">']) {
      expect((await prepareBpmnTextInSlices(xml, slices().options)).issues).toEqual(prepareBpmnText(xml).issues);
    }
  });
});

describe('repairInSteps', () => {
  const interchange = readdirSync(resolve(import.meta.dirname, 'interchange-fixtures')).filter((f) => f.endsWith('.bpmn')).map((f) => join(resolve(import.meta.dirname, 'interchange-fixtures'), f));
  it.each([...interchange, ...files.filter((_, index) => index % 8 === 0)].map((file) => [relative(resolve(import.meta.dirname, '../../..'), file), file]))('repairs %s step by step exactly as repair does', async (_name, file) => {
    const xml = readFileSync(file, 'utf8');
    const run = async (stepwise: boolean) => {
      const prepared = prepareBpmnText(xml);
      const moddle = createModdle();
      const result = await moddle.fromXML(prepared.xml!, 'bpmn:Definitions');
      const read = { moddle, definitions: result.rootElement, warnings: [...result.warnings], elementsById: result.elementsById };
      let steps = 0;
      let outcome;
      if (stepwise) {
        const generator = prepared.repairInSteps!(read);
        for (let step = generator.next(); ; step = generator.next(), steps++) if (step.done) { outcome = step.value; break; }
      } else outcome = prepared.repair!(read);
      return { outcome, steps, warnings: read.warnings.map((w) => w.message), written: (await moddle.toXML(result.rootElement, { format: true })).xml };
    };
    const stepwise = await run(true);
    const whole = await run(false);
    expect(stepwise.steps).toBeGreaterThanOrEqual(3);
    expect({ ...stepwise, steps: 0 }).toEqual(whole);
  });
});

describe('the repair walks a large model in steps', () => {
  it('keeps a bad number and drops a namespaceless extension at the end of a 3,000-task model, over many steps', async () => {
    const tasks = Array.from({ length: 3_000 }, (_, i) => `<task id="T${i}"${i === 2_999 ? '><standardLoopCharacteristics id="Loop" loopMaximum="ten"/></task>' : '/>'}<sequenceFlow id="F${i}" sourceRef="T${i}" targetRef="T${i + 1}"/>`).join('');
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x"><process id="P">${tasks}<task id="T3000"><extensionElements><Grid xmlns=""/></extensionElements></task></process></definitions>`;
    const prepared = prepareBpmnText(xml);
    const moddle = createModdle();
    const result = await moddle.fromXML(prepared.xml!, 'bpmn:Definitions');
    const generator = prepared.repairInSteps!({ moddle, definitions: result.rootElement, warnings: [...result.warnings], elementsById: result.elementsById });
    let steps = 0;
    let step = generator.next();
    for (; !step.done; step = generator.next()) steps++;
    // Each whole-model walk (6,000 elements and more) takes several steps, not one.
    expect(steps).toBeGreaterThan(20);
    expect(step.value.dropped).toEqual(['Grid']);
    expect(step.value.issues).toContainEqual(expect.objectContaining({ code: 'bpmn.invalidNumber', elementId: 'Loop', message: 'StandardLoopCharacteristics \'Loop\', attribute loopMaximum: "ten" is not a number; it is kept as written and ignored.' }));
    const last = result.elementsById['T3000'] as ModdleElement;
    expect((last.get('extensionElements') as ModdleElement).get('values')).toEqual([]);
    expect((await moddle.toXML(result.rootElement)).xml).toContain('loopMaximum="ten"');
  });
});

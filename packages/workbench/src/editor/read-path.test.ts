// A BIMP-style file (sequence flows with sourceRef/targetRef only) read the way the studio's editor reads it (the
// shared read path: prepareBpmnText's xml, then its repair, which completes the incoming/outgoing lists) lints and
// gets suggestions exactly like the same process written with the lists.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintBpmn, suggestSimplifications } from '@leanflow/analysis';
import { createModdle, parseBpmn, prepareBpmnText, serializeBpmn, type ModdleElement, type ModdleReadWarning } from '@leanflow/model';
import { describe, expect, it } from 'vitest';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../../shared/fixtures');
const withLists = readFileSync(resolve(fixturesDir, 'logs/loanapp-simplified.bpmn'), 'utf8');
// As BIMP writes it: no <incoming>/<outgoing> children on the flow nodes.
const withoutLists = withLists.replace(/^\s*<(incoming|outgoing)>[^<]*<\/\1>\s*\n/gm, '');

/** What lf-bpmn-editor does on import, then what a save writes. */
async function readAsTheEditorDoes(xml: string): Promise<{ xml: string; added: number; definitions: ModdleElement }> {
  const prepared = prepareBpmnText(xml);
  const moddle = createModdle();
  const read = await moddle.fromXML(prepared.xml!, 'bpmn:Definitions');
  const repair = prepared.repair!({ moddle, definitions: read.rootElement, warnings: [...read.warnings] as ModdleReadWarning[], elementsById: read.elementsById as Record<string, ModdleElement> });
  return { xml: await serializeBpmn(moddle, read.rootElement), added: repair.flowReferencesAdded, definitions: read.rootElement };
}

const refs = (definitions: ModdleElement) => {
  const lines: string[] = [];
  const visit = (container: ModdleElement) => {
    for (const element of (container['flowElements'] as ModdleElement[] | undefined) ?? []) {
      for (const property of ['incoming', 'outgoing']) {
        const list = (element[property] as ModdleElement[] | undefined) ?? [];
        if (list.length) lines.push(`${element['id'] as string} ${property} ${list.map((f) => f['id'] as string).sort().join(',')}`);
      }
      visit(element);
    }
  };
  for (const root of (definitions['rootElements'] as ModdleElement[]) ?? []) visit(root);
  return lines.sort();
};

describe('incoming/outgoing lists completed on the editor\'s read path', () => {
  it('adds exactly the references a BIMP export leaves out, and none to a file that has them', async () => {
    expect(withoutLists).not.toContain('<incoming>');
    const completed = await readAsTheEditorDoes(withoutLists);
    // 24 sequence flows: one outgoing and one incoming reference each.
    expect(completed.added).toBe(48);
    expect(refs((await parseBpmn(completed.xml)).definitions!)).toEqual(refs((await parseBpmn(withLists)).definitions!));
    expect((await readAsTheEditorDoes(withLists)).added).toBe(0);
  });

  it('makes the file lint like the one with the lists (bpmnlint reads the lists)', async () => {
    // What bpmnlint sees in the editor: the definitions as read, not re-read from a saved file.
    const lint = async (definitions: ModdleElement) => (await lintBpmn(definitions)).map((i) => `${i.rule} ${i.elementId ?? ''}`).sort();
    const reference = await lint((await parseBpmn(withLists)).definitions!);
    // bpmn-js's read alone (no repair): without the lists every flow node looks disconnected to bpmnlint.
    const plain = await createModdle().fromXML(withoutLists, 'bpmn:Definitions');
    expect((await lint(plain.rootElement)).filter((l) => l.startsWith('no-disconnected'))).toHaveLength(20);
    expect(reference.filter((l) => l.startsWith('no-disconnected'))).toEqual([]);
    expect(await lint((await readAsTheEditorDoes(withoutLists)).definitions)).toEqual(reference);
  });

  it('gives the same suggestions as the file with the lists', async () => {
    const ids = async (xml: string) => {
      const result = await suggestSimplifications(xml, { predict: false });
      if (!('suggestions' in result)) throw new Error('the loan process should be analysed');
      return result.suggestions.map((s) => s.suggestion.id);
    };
    const reference = await ids(withLists);
    expect(reference.length).toBeGreaterThan(0);
    expect(await ids((await readAsTheEditorDoes(withoutLists)).xml)).toEqual(reference);
  });
});

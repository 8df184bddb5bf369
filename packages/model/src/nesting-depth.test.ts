// The nesting limit (issue 11, item 7): the text scan the studio runs before bpmn-js and the tree check parseBpmn
// runs agree, and a file past the limit is refused before anything recursive walks it.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_XML_DEPTH, findTooDeep, findTooDeepInText, parseBpmn, parseXmlTree, tooDeepMessage } from '@leanflow/model';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = process.env.LEANFLOW_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures');
const BPMN = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"';

function nested(depth: number, selfClosingInside = false): string {
  const inner = selfClosingInside ? '<bpmn:task id="Inner" name="a &gt; b"/>' : '<!-- <not an element> --><![CDATA[ <nor this> ]]>';
  const open = Array.from({ length: depth }, (_, i) => `<bpmn:subProcess id='Sub_${i}' name="x > y">`).join('');
  return `<?xml version="1.0"?><bpmn:definitions ${BPMN} id="D"><bpmn:process id="P">${open}${inner}${'</bpmn:subProcess>'.repeat(depth)}</bpmn:process></bpmn:definitions>`;
}

describe('nesting depth', () => {
  it('the text scan and the tree agree on depth and on the first element past the limit', () => {
    for (const [depth, selfClosing, limit] of [[5_000, false, MAX_XML_DEPTH], [10, true, 5], [10, true, 12], [10, false, 12], [10, true, 13]] as const) {
      const xml = nested(depth, selfClosing);
      const tree = parseXmlTree(xml);
      if (!tree.ok) throw new Error(tree.message);
      const fromTree = findTooDeep(tree.root, limit);
      const fromText = findTooDeepInText(xml, limit);
      if (!fromTree) {
        expect(fromText, `${depth} ${limit}`).toBeUndefined();
        continue;
      }
      const id = fromTree.element.attributes.find((a) => a.localName === 'id')?.value;
      expect(fromText, `${depth} ${limit}`).toEqual({ depth: fromTree.depth, name: `${fromTree.element.prefix}:${fromTree.element.localName}`, id });
    }
    // 10 sub-processes + definitions + process + a task = 13 levels: within a limit of 13, past 12
    expect(findTooDeepInText(nested(10, true), 13)).toBeUndefined();
    expect(findTooDeepInText(nested(10, true), 12)).toEqual({ depth: 13, name: 'bpmn:task', id: 'Inner' });
  });

  it('parseBpmn refuses 5,000 nested sub-processes with the message the studio shows', async () => {
    const xml = nested(5_000);
    const result = await parseBpmn(xml);
    expect(result.graph).toBeUndefined();
    expect(result.issues).toEqual([{ code: 'bpmn.tooDeep', severity: 'error', message: tooDeepMessage(findTooDeepInText(xml)!), elementId: `Sub_${MAX_XML_DEPTH - 2}` }]);
    expect(result.issues[0]!.message).toBe(
      `The file nests its XML elements 5002 levels deep (at <bpmn:subProcess id="Sub_198">, e.g. sub-processes inside sub-processes); Leanflow reads at most 200 levels.`,
    );
  });

  it('finds no real model too deep (MIWG reference files)', async () => {
    const dir = join(fixtures, 'miwg', 'reference');
    for (const name of (await readdir(dir)).filter((f) => f.endsWith('.bpmn'))) {
      expect(findTooDeepInText(await readFile(join(dir, name), 'utf8')), name).toBeUndefined();
    }
  });
});

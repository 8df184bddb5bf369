// The XML tree: positions only when asked (they are costly), yet a broken file still says where it breaks.
import { describe, expect, it } from 'vitest';
import { parseXmlTree } from './index.ts';

const XML = '<?xml version="1.0"?>\n<a xmlns="urn:x">\n  <b/>\n  <c>text</c>\n</a>';

describe('parseXmlTree', () => {
  it('records element positions only with positions: true', () => {
    const fast = parseXmlTree(XML);
    const exact = parseXmlTree(XML, { positions: true });
    if (!fast.ok || !exact.ok) throw new Error('should parse');
    const second = (r: typeof exact) => r.root.children.filter((c) => typeof c !== 'string')[1] as typeof exact.root;
    expect(second(fast)).toMatchObject({ localName: 'c', line: 0, column: 0 });
    expect(second(exact)).toMatchObject({ localName: 'c', line: 4, column: 3 });
  });

  it('names the line of a wrong closing tag and of an undeclared prefix', () => {
    expect(parseXmlTree('<a>\n  <b>\n    <c/>\n</a>')).toMatchObject({ ok: false, line: 4 }); // the wrong closing tag
    expect(parseXmlTree('<a xmlns="urn:x">\n  <b>\n    <c/>\n  </b>\n  <d>')).toMatchObject({ ok: false, message: 'unexpected end of file' });
    expect(parseXmlTree('<a>\n\n  <x:b/></a>')).toMatchObject({ ok: false, message: 'the prefix "x" of <x:b> is not declared', line: 3 });
  });
});

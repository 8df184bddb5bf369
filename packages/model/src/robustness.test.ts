// parseBpmn and loadDocument never throw on user input: truncated files, garbage, odd encodings.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument, parseBpmn } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

describe('robustness', () => {
  it('reads a file that starts with a byte-order mark', async () => {
    const { graph, issues } = await parseBpmn(`\uFEFF${LEAD_TO_QUOTE_SAMPLE}`);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(graph!.nodes).toHaveLength(11); // 1 start, 7 tasks, 1 gateway, 2 ends
  });

  it('returns issues for every truncation of a real file, never an exception', async () => {
    const xml = readFileSync(join(fixturesDir, 'miwg/reference/C.2.0.bpmn'), 'utf8');
    for (let i = 1; i <= 40; i++) {
      const cut = xml.slice(0, Math.floor((xml.length * i) / 41));
      const doc = await loadDocument(cut);
      expect(doc.issues.some((issue) => issue.severity === 'error'), `cut at ${cut.length}`).toBe(true);
    }
  });

  it('returns issues for garbage', async () => {
    for (const input of ['<', '<<>>', '<?xml version="1.0"?>', '<a:b/>', '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="t" name="&bogus;"/></process></definitions>', '\u0000\u0001binary']) {
      const doc = await loadDocument(input);
      expect(doc.issues.length, JSON.stringify(input)).toBeGreaterThan(0);
    }
  });
});

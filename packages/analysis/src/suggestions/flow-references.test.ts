// Files that name sequence flows only by sourceRef/targetRef (BIMP and others write no incoming/outgoing): linting
// and every edit work on them exactly as on files that carry the optional lists.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBpmn } from '@leanflow/model';
import { applyEdits, lintBpmn } from '../index.ts';

const file = resolve(import.meta.dirname, '../../../model/src/interchange-fixtures/flows-without-lists.bpmn');
const xml = readFileSync(file, 'utf8');

describe('a file without incoming/outgoing lists', () => {
  it('bpmnlint finds nothing disconnected', async () => {
    const parsed = await parseBpmn(xml);
    const issues = await lintBpmn(parsed.definitions);
    expect(issues.filter((i) => i.rule === 'no-disconnected')).toEqual([]);
    expect(issues.filter((i) => i.rule === 'no-implicit-start' || i.rule === 'no-implicit-end')).toEqual([]);
  });

  it('a suggestion that removes a step applies (the step has one incoming and one outgoing flow)', async () => {
    const result = await applyEdits(xml, [{ type: 'removeElement', elementId: 'Review' }]);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const after = await parseBpmn(result.xml!);
    expect(after.graph!.nodes.map((n) => n.id)).toEqual(['Start', 'Check', 'Ship', 'End']);
    const check = after.graph!.nodes.find((n) => n.id === 'Check')!;
    const next = after.graph!.flows.find((f) => f.id === check.outgoing[0]);
    expect(next?.targetId).toBe('Ship');
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-sample-'));

const run = cliRunner(dir);

describe('leanflow sample', () => {
  it('writes the sample process with its scenario to a file', async () => {
    const result = await run('sample', '--out', 'lead.bpmn');
    expect(result).toEqual({ code: 0, stdout: 'Wrote the sample process to lead.bpmn\n', stderr: '' });
    const doc = await loadDocument(readFileSync(join(dir, 'lead.bpmn'), 'utf8'));
    expect(doc.graph!.lanes.map((l) => l.name)).toEqual(['Sales assistant', 'Sales representative', 'Sales manager']);
    expect(doc.scenarios.map((s) => s.name)).toEqual(['As is']);
    expect(doc.issues).toEqual([]);
  });

  it('prints the sample to standard output without --out', async () => {
    const result = await run('sample');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(result.stdout).toContain('<lf:scenarios active="as-is">');
  });

  it('rejects an unwritable path with a clear message', async () => {
    const result = await run('sample', '--out', join(dir, 'missing-folder', 'lead.bpmn'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^leanflow sample: Cannot write .*lead\.bpmn: ENOENT/);
  });
});

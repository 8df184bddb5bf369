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

describe('leanflow sample --list / --template', () => {
  it('lists the six templates as JSON [{ id, name, description }]', async () => {
    const result = await run('sample', '--list', '--format', 'json');
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as { id: string; name: string; description: string; nameZh: string }[];
    expect(list.map((t) => t.id)).toEqual(['lead-to-quote', 'complaint-handling', 'returns-rma', 'quote-to-order', 'after-sales-service', 'customer-onboarding']);
    expect(list[1]).toMatchObject({ name: 'Complaint handling', nameZh: '投诉处理' });
    expect(list.every((t) => t.description.length > 40)).toBe(true);
  });

  it('lists them as a table by default', async () => {
    const result = await run('sample', '--list');
    expect(result.stdout).toMatch(/^lead-to-quote +Lead to quote\n/);
    expect(result.stdout.split('\n').filter((l) => /^[a-z-]+ {2,}/.test(l))).toHaveLength(6);
  });

  it('writes a template, its to-be and its Chinese version', async () => {
    expect(await run('sample', '--template', 'returns-rma', '--out', 'rma.bpmn')).toEqual({ code: 0, stdout: 'Wrote the as-is "Returns (RMA)" template to rma.bpmn\n', stderr: '' });
    const asIs = await loadDocument(readFileSync(join(dir, 'rma.bpmn'), 'utf8'));
    expect(asIs.issues).toEqual([]);
    expect(asIs.scenarios.map((s) => s.name)).toEqual(['As is']);
    await run('sample', '--template', 'returns-rma', '--variant', 'to-be', '--language', 'zh', '--out', 'rma-zh.bpmn');
    const toBe = await loadDocument(readFileSync(join(dir, 'rma-zh.bpmn'), 'utf8'));
    expect(toBe.scenarios.map((s) => s.name)).toEqual(['目标']);
    expect(toBe.graph!.nodes.length).toBeLessThan(asIs.graph!.nodes.length);
  });

  it('refuses an unknown template with the list of ids', async () => {
    const result = await run('sample', '--template', 'nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no template "nope". Templates: lead-to-quote, complaint-handling');
  });
});

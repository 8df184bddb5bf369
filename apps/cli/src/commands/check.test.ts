import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-check-'));

const run = cliRunner(dir);

interface CheckJson {
  summary: { errors: number; warnings: number; notes: number };
  scenarioSource: string;
  scenarios: { id: string; name: string }[];
  issues: { code: string; severity: string; message: string; elementId?: string }[];
}

beforeAll(() => {
  writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
  // XOR probabilities that add up to 0.9: one error.
  writeFileSync(join(dir, 'bad-probabilities.bpmn'), LEAD_TO_QUOTE_SAMPLE.replace('&quot;Flow_Yes&quot;: 0.7', '&quot;Flow_Yes&quot;: 0.6').replace('"Flow_Yes": 0.7', '"Flow_Yes": 0.6'));
  // An XOR split closed by an AND join: simulate refuses it, so check must fail it too.
  writeFileSync(
    join(dir, 'deadlock.bpmn'),
    LEAD_TO_QUOTE_SAMPLE.replace('<bpmn:endEvent id="End_QuoteSent" name="Quote sent">', '<bpmn:parallelGateway id="Join"><bpmn:outgoing>Flow_J</bpmn:outgoing></bpmn:parallelGateway><bpmn:endEvent id="End_QuoteSent" name="Quote sent">')
      .replace('targetRef="End_LeadRejected"', 'targetRef="Join"')
      .replace('sourceRef="Task_SendQuote" targetRef="End_QuoteSent"', 'sourceRef="Task_SendQuote" targetRef="Join"')
      .replace('<bpmn:sequenceFlow id="Flow_1"', '<bpmn:sequenceFlow id="Flow_J" sourceRef="Join" targetRef="End_QuoteSent" /><bpmn:sequenceFlow id="Flow_1"'),
  );
  writeFileSync(join(dir, 'broken.bpmn'), '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<bpmn:process id="p">');
});

describe('leanflow check', () => {
  it('reports a clean sample with exit 0', async () => {
    const result = await run('check', 'sample.bpmn');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('sample.bpmn: 0 errors, 0 warnings, 0 notes\nScenarios: As is\n');
  });

  it('fails what simulate refuses: an XOR split closed by an AND join (exit 1, the join named)', async () => {
    const result = await run('check', 'deadlock.bpmn', '--format', 'json');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as CheckJson;
    expect(json.summary.errors).toBe(1);
    expect(json.issues.find((i) => i.severity === 'error')).toMatchObject({ code: 'sim.deadlock.exclusiveIntoParallelJoin', elementId: 'Join' });
    expect((await run('simulate', 'deadlock.bpmn', '--cases', '2')).code).toBe(1);
  });

  it('lists a scenario error in a table and exits 1', async () => {
    const result = await run('check', 'bad-probabilities.bpmn');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('bad-probabilities.bpmn: 1 error, 0 warnings, 0 notes');
    expect(result.stdout).toMatch(/error +gateway\.probabilities\.sum +The branch probabilities of 'Qualified\?' add up to 0\.9; they must add up to 1\. \[Gateway_Qualified\]/);
  });

  it('gives the same issues as JSON', async () => {
    const result = await run('check', 'bad-probabilities.bpmn', '--format', 'json');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as CheckJson;
    expect(json.summary).toEqual({ errors: 1, warnings: 0, notes: 0 });
    expect(json.scenarioSource).toBe('leanflow');
    expect(json.issues).toEqual([expect.objectContaining({ code: 'gateway.probabilities.sum', elementId: 'Gateway_Qualified', severity: 'error' })]);
  });

  it('reports broken XML as an error with its line, without a stack trace', async () => {
    const result = await run('check', 'broken.bpmn');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error +xml\.malformed +The file is not well-formed XML: unexpected end of file \(line \d+, column \d+\)\./);
    expect(result.stderr).toBe('');
  });

  it('shows imported BPSim scenarios and the import remarks', async () => {
    const result = await run('check', join(fixtures, 'bpsim/technical-support-process-v2.0.0.bpmn'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Scenarios: 1 - Control perspective (active), 2 - Temporal perspective, 3 - Resource perspective (imported from BPSim');
    expect(result.stdout).toMatch(/Import: \d+ parameters mapped/);
    expect(result.stdout).toContain('are percentages (60 + 40); they were divided by 100.');
  });

  it('rejects a missing file, a wrong format and a missing argument with exit 2', async () => {
    expect(await run('check', 'nope.bpmn')).toMatchObject({ code: 2, stderr: 'leanflow check: Cannot open nope.bpmn: no such file.\n' });
    expect(await run('check', 'sample.bpmn', '--format', 'xml')).toMatchObject({ code: 2, stderr: 'leanflow check: Unknown --format xml. Use one of: table, json.\n' });
    expect((await run('check')).code).toBe(2);
  });
});

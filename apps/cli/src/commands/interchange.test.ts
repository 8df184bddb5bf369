// The CLI reads files as they are encoded and says what it cannot keep.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-interchange-'));
const run = cliRunner(dir);
const own = resolve(import.meta.dirname, '../../../../packages/model/src/interchange-fixtures');

const process = (encoding: string) =>
  `<?xml version="1.0" encoding="${encoding}"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">\n<process id="P"><startEvent id="S"/><userTask id="T" name="Prüfung der Bestellung"/><endEvent id="E"/>` +
  '<sequenceFlow id="F1" sourceRef="S" targetRef="T"/><sequenceFlow id="F2" sourceRef="T" targetRef="E"/></process>\n</definitions>';
const latin1 = (text: string) => Buffer.from(text, 'latin1');

beforeAll(() => {
  writeFileSync(join(dir, 'latin1.bpmn'), latin1(process('ISO-8859-1')));
  writeFileSync(join(dir, 'broken-utf8.bpmn'), latin1(process('UTF-8')));
  writeFileSync(join(dir, 'planes.bpmn'), readFileSync(join(own, 'several-planes.bpmn')));
  writeFileSync(join(dir, 'time-limit.bpmn'), readFileSync(join(own, 'bpsim-boundary-timer.bpmn')));
});

describe('encodings', () => {
  it('simulate reads an ISO-8859-1 file as declared: the task name is right', async () => {
    const result = await run('simulate', 'latin1.bpmn', '--cases', '20', '--replications', '1', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { tasks: { name: string }[] };
    expect(json.tasks.map((t) => t.name)).toEqual(['Prüfung der Bestellung']);
  });

  it('check reports bytes that are not UTF-8 as an error naming the line', async () => {
    const result = await run('check', 'broken-utf8.bpmn', '--format', 'json');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as { issues: { code: string; severity: string; message: string }[] };
    const issue = json.issues.find((i) => i.code === 'xml.invalidBytes');
    expect(issue?.severity).toBe('error');
    expect(issue?.message).toMatch(/^Line 3 has bytes that are not valid UTF-8/);
  });
});

describe('convert keeps what other tools wrote', () => {
  it('writes every plane of a diagram with several planes back, and says nothing is lost', async () => {
    const result = await run('convert', 'planes.bpmn', '--to', 'leanflow', '--out', 'planes-out.bpmn');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('loses');
    const out = readFileSync(join(dir, 'planes-out.bpmn'), 'utf8');
    expect(out).toContain('<bpmndi:BPMNPlane id="PlaneSub" bpmnElement="Sub">');
    expect(out).toContain('<bpmndi:BPMNShape id="SubTask_di" bpmnElement="SubTask">');
  });
});

describe('BPSim timers on boundary events', () => {
  it('a 1-hour time limit on a 2-hour task fires: every case ends after exactly 1 hour', async () => {
    const result = await run('simulate', 'time-limit.bpmn', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { kpis: { cycleTime: { mean: number; values: number[] } }; warnings: unknown[] };
    expect(json.kpis.cycleTime.mean).toBe(3600);
    expect(json.kpis.cycleTime.values).toEqual([3600, 3600]);
    expect(json.warnings).toEqual([]);
  });
});

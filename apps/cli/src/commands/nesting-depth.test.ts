// Depth the file controls (issue 11, item 7): sub-processes nested thousands deep must not blow the stack. Every
// command that reads a BPMN file gives the same answer: it works below the documented limit and refuses above it
// with one clear message naming the limit (never "Maximum call stack size exceeded", never exit 70).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_XML_DEPTH } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-depth-'));
const run = cliRunner(dir);

/** `depth` sub-processes, each inside the previous one, each start -> inner -> end; a task at the bottom. */
function nestedSubProcesses(depth: number): string {
  let xml = '<bpmn:task id="Task_Inner" name="Innermost work"/>';
  for (let i = depth - 1; i >= 0; i--) {
    const inner = i === depth - 1 ? 'Task_Inner' : `Sub_${i + 1}`;
    xml =
      `<bpmn:subProcess id="Sub_${i}" name="Level ${i}"><bpmn:startEvent id="S_${i}"/>` +
      `<bpmn:sequenceFlow id="FA_${i}" sourceRef="S_${i}" targetRef="${inner}"/>${xml}` +
      `<bpmn:sequenceFlow id="FB_${i}" sourceRef="${inner}" targetRef="E_${i}"/><bpmn:endEvent id="E_${i}"/></bpmn:subProcess>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://example.com/depth">
<bpmn:process id="P" isExecutable="false"><bpmn:startEvent id="Start"/><bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Sub_0"/>${xml}<bpmn:sequenceFlow id="F2" sourceRef="Sub_0" targetRef="End"/><bpmn:endEvent id="End"/></bpmn:process></bpmn:definitions>`;
}

const commands = [
  ['check'],
  ['simulate', '--cases', '50', '--replications', '1'],
  ['score', '--cases', '50', '--replications', '1'],
  ['suggest'],
  ['convert', '--to', 'leanflow', '--out', 'out-leanflow.bpmn'],
  ['convert', '--to', 'qbp', '--out', 'out-qbp.bpmn'],
] as const;

describe('nesting depth the file controls', () => {
  it('refuses 5,000 nested sub-processes in every command with the same message naming the limit', async () => {
    writeFileSync(join(dir, 'deep.bpmn'), nestedSubProcesses(5_000));
    const messages = new Set<string>();
    for (const [name, ...options] of commands) {
      const result = await run(name, 'deep.bpmn', ...options);
      expect(result.stderr, name).not.toContain('Maximum call stack');
      expect(result.code, `${name}: ${result.stderr}`).toBe(1);
      // check lists issues on stdout; the others refuse on stderr
      const line = `${result.stdout}${result.stderr}`.split('\n').find((l) => l.includes('levels deep'));
      expect(line, `${name}: ${result.stderr}`).toBeDefined();
      messages.add(line!.replace(/^.*?(The file)/, '$1'));
    }
    // The XML nests 5,003 levels: definitions > process > 5,000 sub-processes > task. Sub_k is level k + 3, so the
    // first element past the limit is the start event inside Sub_(limit - 3).
    const first = `S_${MAX_XML_DEPTH - 3}`;
    expect([...messages]).toEqual([
      `The file nests its XML elements 5003 levels deep (at <bpmn:startEvent id="${first}">, e.g. sub-processes inside sub-processes); Leanflow reads at most ${MAX_XML_DEPTH} levels. [${first}]`,
    ]);
  }, 120_000);

  it('reads every command just below the limit', async () => {
    // definitions > process > sub-processes > task: depth + 3 levels, exactly the limit
    writeFileSync(join(dir, 'at-limit.bpmn'), nestedSubProcesses(MAX_XML_DEPTH - 3));
    for (const [name, ...options] of commands) {
      const result = await run(name, 'at-limit.bpmn', ...options);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
    }
  }, 120_000);
});

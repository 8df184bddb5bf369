// `check` knows what `simulate` will refuse: over mutated copies of real files (gateway types swapped, flows
// redirected into loops, flows deleted), no file passes `check` (exit 0) that `simulate` then refuses to run.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-check-simulate-'));
const run = cliRunner(dir);

/** A small seeded generator (mulberry32) so the mutated files are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GATEWAYS = ['exclusiveGateway', 'parallelGateway', 'inclusiveGateway'] as const;

/** One mutation of a BPMN text, or null when the file offers nothing to mutate that way. */
function mutate(xml: string, next: () => number): string | null {
  const pick = <T,>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];
  const kind = Math.floor(next() * 3);
  if (kind === 0) {
    // Swap a gateway's type (its closing tag too): an XOR split closed by an AND join, and the like.
    const opening = [...xml.matchAll(/<(\w+:)?(exclusiveGateway|parallelGateway|inclusiveGateway)\b/g)];
    const target = pick(opening);
    if (!target) return null;
    const [, prefix = '', type] = target;
    const other = pick(GATEWAYS.filter((g) => g !== type))!;
    const start = target.index;
    const head = xml.slice(0, start) + `<${prefix}${other}` + xml.slice(start + target[0].length);
    const close = `</${prefix}${type}>`;
    const tagEnd = head.indexOf('>', start);
    if (head[tagEnd - 1] === '/') return head;
    const closeAt = head.indexOf(close, tagEnd);
    return closeAt < 0 ? head : head.slice(0, closeAt) + `</${prefix}${other}>` + head.slice(closeAt + close.length);
  }
  const flows = [...xml.matchAll(/<(\w+:)?sequenceFlow\b[^>]*?(\/>|>[\s\S]*?<\/(\w+:)?sequenceFlow>)/g)];
  const flow = pick(flows);
  if (!flow) return null;
  if (kind === 1) {
    // Point a flow back at the source of another flow: loops, often with no way out.
    const sources = [...xml.matchAll(/sourceRef="([^"]+)"/g)].map((m) => m[1]!);
    const to = pick(sources);
    if (!to) return null;
    return xml.slice(0, flow.index) + flow[0].replace(/targetRef="[^"]*"/, `targetRef="${to}"`) + xml.slice(flow.index + flow[0].length);
  }
  return xml.slice(0, flow.index) + xml.slice(flow.index + flow[0].length);
}

describe('check agrees with simulate', () => {
  it('no mutated file passes check (exit 0) that simulate refuses', async () => {
    const reference = join(fixtures, 'miwg/reference');
    const seeds = [
      LEAD_TO_QUOTE_SAMPLE,
      readFileSync(join(fixtures, 'bpsim/technical-support-process-v2.0.0.bpmn'), 'utf8'),
      ...readdirSync(reference)
        .filter((f) => f.endsWith('.bpmn'))
        .map((f) => readFileSync(join(reference, f), 'utf8')),
    ];
    const next = random(13);
    const disagreements: string[] = [];
    let refused = 0;
    let checked = 0;
    for (let i = 0; checked < 120 && i < 1000; i++) {
      const seed = seeds[i % seeds.length]!;
      const mutated = mutate(seed, next);
      if (mutated === null) continue;
      const file = `m${i}.bpmn`;
      writeFileSync(join(dir, file), mutated);
      checked++;
      const check = await run('check', file, '--format', 'json');
      const simulate = await run('simulate', file, '--cases', '2', '--replications', '1', '--format', 'json');
      // Refused: the run did not happen (a run with runtime problems still prints its figures).
      const didNotRun = simulate.code !== 0 && simulate.stdout === '';
      if (didNotRun) refused++;
      if (didNotRun && check.code === 0) disagreements.push(`${file}: ${simulate.stderr.split('\n').find((l) => l.startsWith('error')) ?? simulate.stderr.trim()}`);
    }
    expect(disagreements).toEqual([]);
    // The mutations do produce files simulate refuses (the test would catch a check that misses them).
    expect(checked).toBe(120);
    expect(refused).toBeGreaterThan(15);
  }, 300_000);
});

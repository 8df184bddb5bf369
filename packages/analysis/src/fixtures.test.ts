// The sample process and every MIWG reference model score without errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEAD_TO_QUOTE_SAMPLE, parseBpmn } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import bpmnlint from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { BUILT_IN_RULES, computeScorecard, lintBpmn, type Scorecard } from './index.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../shared/fixtures', import.meta.url));
const referenceDir = join(fixtures, 'miwg', 'reference');

async function score(xml: string): Promise<Scorecard> {
  const parsed = await parseBpmn(xml);
  if (!parsed.graph || !parsed.definitions) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return computeScorecard(BUILT_IN_RULES, { graph: parsed.graph, definitions: parsed.definitions });
}

function expectSound(card: Scorecard) {
  expect(card.rules.filter((r) => r.status === 'error').map((r) => `${r.ruleId}: ${r.reason}`)).toEqual([]);
  expect(card.score).not.toBeNull();
  expect(card.score!).toBeGreaterThanOrEqual(0);
  expect(card.score!).toBeLessThanOrEqual(100);
  for (const r of card.rules) if (r.score !== null) expect(r.score).toBeGreaterThanOrEqual(0);
}

describe('scoring real models', () => {
  it('scores the lead-to-quote sample with known manual steps and hand-offs', async () => {
    const card = await score(LEAD_TO_QUOTE_SAMPLE);
    expectSound(card);
    const byId = new Map(card.rules.map((r) => [r.ruleId, r] as const));
    // Typical path (equal split, main route): Check history, Qualify, Prepare quote, Manager approval, Send quote.
    expect(byId.get('manual-steps')!.metrics.manualSteps).toBe(5);
    // Assistant -> Representative (1), Representative -> Assistant (0.5), -> Manager (0.5), Manager -> Representative (0.5).
    expect(byId.get('hand-offs')!.metrics.handOffsPerCase).toBe(2.5);
    expect(byId.get('bpmnlint')!.findings).toEqual([]);
    console.log(`lead-to-quote sample: ${card.score!.toFixed(1)}`);
  });

  const files = readdirSync(referenceDir).filter((f) => f.endsWith('.bpmn')).sort();

  it('finds the 21 MIWG reference models', () => {
    expect(files).toHaveLength(21);
  });

  it.each(files)('scores MIWG reference %s without errors', async (file) => {
    const card = await score(readFileSync(join(referenceDir, file), 'utf8'));
    expectSound(card);
    const findings = card.rules.reduce((n, r) => n + r.findings.length, 0);
    console.log(`${file}: score ${card.score!.toFixed(1)}, ${findings} findings`);
  });

  it.each(files)('lints %s exactly like bpmnlint\'s own Linter (one walk instead of one per rule)', async (file) => {
    const parsed = await parseBpmn(readFileSync(join(referenceDir, file), 'utf8'));
    const ours = (await lintBpmn(parsed.definitions)).map((i) => `${i.rule} ${i.category} ${i.elementId ?? ''} ${i.message}`).sort();
    const linter = new bpmnlint.Linter({ resolver: new NodeResolver(), config: { extends: 'bpmnlint:recommended' } });
    const reference = Object.entries(await linter.lint(parsed.definitions)).flatMap(([rule, reports]) => reports.map((r) => `${rule} ${r.category} ${r.id ?? ''} ${r.message}`)).sort();
    expect(ours).toEqual(reference);
  });
});

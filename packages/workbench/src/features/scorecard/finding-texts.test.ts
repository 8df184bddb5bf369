// Every built-in finding, "why" and reason the scorecard can show on the sample (with and without a simulation, and
// with a too-small staff) and on the MIWG reference models and the fixture logs' models has a Chinese text, and that
// text keeps the element names and leaves no English sentence behind.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_RULES, computeScorecard, toSimulationSummary, type Scorecard } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { simulateSync } from '@leanflow/sim';
import { describe, expect, it } from 'vitest';
import { findingLocalizer, translateFinding } from './finding-texts.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../../shared/fixtures', import.meta.url));

/** Latin words a Chinese sentence may keep: names of standards, rules and the units the studio shows as symbols. */
const KEPT = /^(bpmnlint|BPMN|BPMNDI|SLA|XOR|AND|OR|PMG|G\d|EUR|USD|CNY|docs|scoring|md|https|github|com|io|bpmn|no|overlapping|elements|infinite)$/;

/** Removes quoted names (“…”, "…", <…>) and rule ids, then lists the English words left. */
function englishLeft(text: string): string[] {
  // Element ids (with digits or underscores: Activity_1ke2ixr, sid-F0D2…) are the file's, like names.
  const bare = text.replace(/“[^”]*”|"[^"]*"|<[^>]*>|\(bpmnlint [\w-]+\)|（bpmnlint [\w-]+）|https?:\/\/\S+|[\w-]*[\d_][\w-]*/g, ' ');
  return (bare.match(/[A-Za-z][A-Za-z-]{2,}/g) ?? []).filter((w) => !KEPT.test(w));
}

async function cards(xml: string, simulate: boolean): Promise<Scorecard[]> {
  const doc = await loadDocument(xml);
  if (!doc.graph || !doc.definitions) return [];
  const scenario = doc.scenarios[0];
  const out = [await computeScorecard(BUILT_IN_RULES, { graph: doc.graph, definitions: doc.definitions, ...(scenario ? { scenario } : {}) })];
  if (simulate && scenario) {
    const run = simulateSync(doc.graph, { ...scenario, cases: 300, replications: 1 });
    if (run.ok) out.push(await computeScorecard(BUILT_IN_RULES, { graph: doc.graph, definitions: doc.definitions, scenario, simulation: toSimulationSummary(run) }));
  }
  return out;
}

function texts(card: Scorecard): string[] {
  return card.rules.flatMap((r) => [...(r.reason ? [r.reason] : []), ...r.findings.flatMap((f) => [f.message, ...(f.why ? [f.why] : [])])]);
}

describe('scorecard texts in Chinese', () => {
  it('translates every rule rationale', () => {
    for (const rule of BUILT_IN_RULES) {
      const zh = translateFinding(rule.rationale);
      expect(zh, rule.id).toBeDefined();
      expect(englishLeft(zh!), rule.id).toEqual([]);
    }
  });

  it('translates every finding and reason on the sample, with and without a simulation, and on the fixtures', async () => {
    const sources: string[] = [LEAD_TO_QUOTE_SAMPLE, LEAD_TO_QUOTE_SAMPLE.replace(/count="\d+"/g, 'count="1"')];
    for (const dir of [join(fixtures, 'miwg', 'reference'), join(fixtures, 'logs')]) {
      try {
        for (const f of readdirSync(dir).filter((n) => n.endsWith('.bpmn'))) sources.push(readFileSync(join(dir, f), 'utf8'));
      } catch {
        // A checkout without the shared fixtures still tests the sample.
      }
    }
    const seen = new Set<string>();
    for (const xml of sources) for (const card of await cards(xml, sources.indexOf(xml) < 2)) for (const t of texts(card)) seen.add(t);
    const missing = [...seen].filter((t) => translateFinding(t) === undefined);
    expect(missing).toEqual([]);
    const leftovers = [...seen].map((t) => [t, englishLeft(translateFinding(t)!)] as const).filter(([, words]) => words.length > 0);
    if (leftovers.length) console.log(JSON.stringify(leftovers.map(([t, w]) => `${w.join(",")} <= ${t.slice(0, 160)}`), null, 1));
    expect(leftovers).toEqual([]);
    console.log(`${seen.size} distinct scorecard texts translated from ${sources.length} models`);
    expect(seen.size).toBeGreaterThan(25);
  }, 120_000);

  it('keeps names, numbers and units in the translation', () => {
    expect(translateFinding('A case changes hands 2.7 times on average (target 2). Most taken: "Sales assistant" -> "Sales representative" (1), "Sales manager" -> "Sales representative" (0.5).')).toBe(
      '每个案例平均转手 2.7 次（目标 2）。最常见：“Sales assistant”→“Sales representative”（1）、“Sales manager”→“Sales representative”（0.5）。',
    );
    expect(translateFinding('A case takes 4.2 h for 55.1 min of work (flow factor 4.6, target 2). Longest waits: "Manager approval" 1.2 h.')).toContain('4.2 小时');
    expect(translateFinding('Element is missing label/name (bpmnlint label-required)')).toBe('元素缺少标签/名称（bpmnlint label-required）');
    // Another plugin's text: left as written, or the plugin's own translation.
    expect(translateFinding('57% of the tasks are done by hand')).toBeUndefined();
    expect(findingLocalizer('zh-CN', (t) => (t === 'Few manual steps' ? '人工步骤少' : undefined))('Few manual steps')).toBe('人工步骤少');
    expect(findingLocalizer('en')('Only 9.6% of the cycle time adds value for the customer (target 25%).')).toBe('Only 9.6% of the cycle time adds value for the customer (target 25%).');
  });
});

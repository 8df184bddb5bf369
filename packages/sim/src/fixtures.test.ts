// Robustness on real files from other tools: every MIWG reference model and BPSim example simulates with the
// model's default scenario without throwing; problems come back as issues.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDefaultScenario, parseBpmn } from '@leanflow/model';
import { simulateSync } from './index.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../shared/fixtures', import.meta.url));
const files = ['miwg/reference', 'bpsim'].flatMap((dir) =>
  readdirSync(`${fixtures}/${dir}`)
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => `${dir}/${f}`),
);

describe('simulating real BPMN files with default scenarios', () => {
  it('finds the fixtures', () => expect(files.length).toBeGreaterThanOrEqual(23));

  for (const file of files) {
    it(file, async () => {
      const parsed = await parseBpmn(readFileSync(`${fixtures}/${file}`, 'utf8'));
      const outcome = simulateSync(parsed.graph!, createDefaultScenario(parsed.graph!), { cases: 100, replications: 2 });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      const stuck = outcome.perReplication.reduce((a, r) => a + r.unfinishedCases + r.abortedCases, 0);
      // B.2.0 is a conformance model whose parallel join waits for paths behind boundary events that never fire
      // without scenario data: the stuck cases must be reported with the join, not crash or vanish.
      if (stuck > 0) expect(outcome.issues.some((i) => i.code === 'sim.deadlock.runtime' && i.elementId !== undefined)).toBe(true);
      else expect(outcome.kpis.cycleTime.mean).toBeGreaterThan(0);
      expect(outcome.perReplication[0].cases).toBeGreaterThan(0);
    });
  }
});

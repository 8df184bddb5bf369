import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, parseBpmn } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'leanflow-suggest-'));

const run = cliRunner(dir);

interface Predicted {
  before: number | null;
  after: number | null;
  difference: { mean: number | null; ci95: [number, number] | null; significant: boolean };
}
interface SuggestJson {
  suggestions: {
    id: string;
    kind: string;
    title: string;
    elements: string[];
    predicted: { cycleTime: Predicted; firstResponseTime: Predicted; costPerCase: Predicted; score: { before: number; after: number; difference: number } } | null;
  }[];
}

describe('leanflow suggest', () => {
  beforeAll(() => writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE));

  it('lists suggestions with before/after predictions as JSON', async () => {
    const { code, stdout, stderr } = await run('suggest', 'sample.bpmn', '--format', 'json', '--cases', '300', '--replications', '5');
    expect(code).toBe(0);
    // The built-in simplifications plugin answered (no note about computing them directly).
    expect(stderr).toBe('');
    const json = JSON.parse(stdout) as SuggestJson;
    const ids = json.suggestions.map((s) => s.id);
    expect(ids).toContain('removeNonValueAdding:Task_CheckHistory');
    expect(ids).toContain('earlyResponse:Task_Acknowledge');
    for (const s of json.suggestions.filter((x) => x.predicted)) {
      for (const key of ['cycleTime', 'firstResponseTime', 'costPerCase'] as const) {
        const p = s.predicted![key];
        // The paired difference equals after - before (both means over the same 5 replications).
        expect(p.difference.mean!).toBeCloseTo(p.after! - p.before!, 1);
      }
      expect(s.predicted!.score.difference).toBeCloseTo(s.predicted!.score.after - s.predicted!.score.before, 1);
    }
    // Ranked: the early response cuts the first-response time the most.
    expect(json.suggestions[0]!.id).toBe('earlyResponse:Task_Acknowledge');
    expect(json.suggestions[0]!.predicted!.firstResponseTime.difference.ci95![1]).toBeLessThan(0);
  });

  it('prints a table', async () => {
    const { code, stdout } = await run('suggest', 'sample.bpmn', '--cases', '200', '--replications', '3');
    expect(code).toBe(0);
    expect(stdout).toMatch(/1\. Answer the customer personally/);
    expect(stdout).toMatch(/first response .* -> /);
  });

  it('--apply writes the transformed model', async () => {
    const { code, stderr } = await run('suggest', 'sample.bpmn', '--apply', 'removeNonValueAdding:Task_CheckHistory', '--out', 'to-be.bpmn');
    expect(code).toBe(0);
    expect(stderr).toMatch(/Wrote to-be\.bpmn/);
    const parsed = await parseBpmn(readFileSync(join(dir, 'to-be.bpmn'), 'utf8'));
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(parsed.graph!.nodes.some((n) => n.id === 'Task_CheckHistory')).toBe(false);
    expect(parsed.graph!.flows.find((f) => f.id === 'Flow_2')!.targetId).toBe('Task_Qualify');
  });

  it('an unknown id lists the available ones (exit 2)', async () => {
    const { code, stderr } = await run('suggest', 'sample.bpmn', '--apply', 'nope', '--out', 'x.bpmn');
    expect(code).toBe(2);
    expect(stderr).toMatch(/There is no suggestion "nope"/);
    expect(stderr).toMatch(/removeNonValueAdding:Task_CheckHistory/);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('--apply without --out is refused clearly', async () => {
    const { code, stderr } = await run('suggest', 'sample.bpmn', '--apply', 'x');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--apply ID and --out FILE go together/);
  });

  it('an unknown scenario names the ones in the file', async () => {
    const { code, stderr } = await run('suggest', 'sample.bpmn', '--scenario', 'to-be');
    expect(code).toBe(1);
    expect(stderr).toMatch(/There is no scenario "to-be" in the file. Its scenarios: "As is"/);
  });

  it('a broken file gives a message, not a stack trace', async () => {
    writeFileSync(join(dir, 'broken.bpmn'), '<bpmn:definitions');
    const { code, stderr } = await run('suggest', 'broken.bpmn');
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot be analysed/);
  });
});

describe('leanflow suggest --plugin', () => {
  it("adds a plugin's suggestions, gated and predicted like the built-in ones; the built-in plugin adds nothing new", async () => {
    const file = join(dir, 'plugin-sample.bpmn');
    writeFileSync(file, LEAD_TO_QUOTE_SAMPLE);
    const pluginDir = mkdtempSync(join(tmpdir(), 'leanflow-suggest-plugin-'));
    writeFileSync(
      join(pluginDir, 'leanflow-plugin.json'),
      JSON.stringify({
        id: 'acme.fast', name: 'Fast leads', version: '1.0.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'plugin.js',
        permissions: ['readModel'], contributes: { suggestionProviders: [{ id: 'acme.fast.automate', title: 'Lead scoring' }] },
      }),
    );
    writeFileSync(
      join(pluginDir, 'plugin.js'),
      `export function activate(context) {
        context.subscriptions.push(context.suggestions.registerProvider('acme.fast.automate', {
          provideSuggestions: () => [
            { id: 'rule', title: 'Score leads automatically', description: 'A rule qualifies.', elementIds: ['Task_Qualify'], edits: [{ kind: 'changeTaskType', elementId: 'Task_Qualify', taskType: 'businessRuleTask' }] },
            { id: 'broken', title: 'Remove the decision', elementIds: ['Gateway_Qualified'], edits: [{ kind: 'removeElement', elementId: 'Gateway_Qualified' }] },
          ],
        }));
      }`,
    );
    const plain = await run('suggest', file, '--format', 'json', '--cases', '200', '--replications', '3');
    const withPlugin = await run('suggest', file, '--format', 'json', '--cases', '200', '--replications', '3', '--plugin', pluginDir, '--plugin', fileURLToPath(new URL('../../../../plugins/simplifications', import.meta.url)));
    expect(withPlugin.code).toBe(0);
    expect(withPlugin.stderr).not.toMatch(/error|failed|cannot/i);
    const a = JSON.parse(plain.stdout) as SuggestJson;
    const b = JSON.parse(withPlugin.stdout) as SuggestJson & { withheld: { id: string }[] };
    const added = b.suggestions.filter((s) => !a.suggestions.some((x) => x.id === s.id));
    expect(added.map((s) => [s.id, s.kind])).toEqual([['acme.fast/rule', 'plugin']]);
    expect(added[0]!.predicted!.score.after).toEqual(expect.any(Number));
    expect(b.withheld.map((w) => w.id)).toContain('acme.fast/broken');
    // The built-in suggestions are unchanged (the simplifications plugin's equal ones are not repeated).
    const withoutRank = (s: object) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'rank'));
    expect(b.suggestions.length).toBe(a.suggestions.length + 1);
    for (const s of a.suggestions) expect(withoutRank(b.suggestions.find((x) => x.id === s.id)!)).toEqual(withoutRank(s));
  }, 120_000);
});

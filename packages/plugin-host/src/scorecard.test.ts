// The scorecard from plugin results: the built-in lean-scorecard plugin run by the Vitest harness on a file gives the
// framework's scorecard; other plugins' rules join it (renamed on an id clash); a failed rule keeps its reason.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_RULES, computeScorecard, findBuiltInProfile } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { runPluginOnFile, scoreCategoryOf, scorecardFromPlugins, type ScoringReport } from '@leanflow/plugin-host';
import { describe, expect, it } from 'vitest';

// The built-in plugin's id (its manifest); the host itself knows no plugin by id.
const LEAN_SCORECARD_PLUGIN_ID = 'leanflow.lean-scorecard';
const BUILT_IN = { builtInPluginId: LEAN_SCORECARD_PLUGIN_ID };
const leanScorecard = join(fileURLToPath(new URL('../../..', import.meta.url)), 'plugins', 'lean-scorecard');

describe('scorecardFromPlugins', () => {
  it('gives the framework scorecard for the built-in plugin run on the sample (bpmnlint from the XML)', async () => {
    const result = await runPluginOnFile(leanScorecard, LEAD_TO_QUOTE_SAMPLE);
    expect(result.status.state).toBe('active');
    expect(result.scoring.rules.map((r) => r.ruleId)).toEqual(BUILT_IN_RULES.map((r) => r.id));
    const lint = result.scoring.rules.find((r) => r.ruleId === 'bpmnlint')!;
    expect(lint.ok && lint.notApplicable).toBe(undefined);
    const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
    const scenario = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
    const profile = findBuiltInProfile('balanced')!;
    const direct = await computeScorecard(BUILT_IN_RULES, { graph: loaded.graph!, definitions: loaded.definitions!, scenario }, profile);
    const contributions = BUILT_IN_RULES.map((r) => ({ pluginId: LEAN_SCORECARD_PLUGIN_ID, id: r.id, title: r.title, category: r.category, weight: r.defaultWeight, kind: r.kind, docsUrl: r.docsUrl, description: r.rationale }));
    const { card, sources } = await scorecardFromPlugins(result.scoring, contributions, { graph: loaded.graph!, scenario }, profile, BUILT_IN);
    expect(card).toEqual(direct);
    expect(sources).toEqual({});
  });

  it('adds other plugins’ rules with their weight and category, renames a clashing id, keeps a failure’s reason', async () => {
    const report: ScoringReport = {
      rules: [
        { pluginId: LEAN_SCORECARD_PLUGIN_ID, ruleId: 'model-size', title: 'Model size', weight: 1, ok: true, score: 0, findings: [{ severity: 'error', message: 'bad', elementIds: [] }], failed: 'The thresholds are invalid: target: expected number' },
        { pluginId: 'acme', ruleId: 'model-size', title: 'Acme size', weight: 2, ok: true, score: 40, findings: [] },
        { pluginId: 'acme', ruleId: 'acme.naming', title: 'Naming', weight: 1, ok: true, score: 0, findings: [], notApplicable: 'no tasks' },
        { pluginId: 'acme', ruleId: 'acme.crash', title: 'Crash', weight: 1, ok: false, error: 'Acme crashed' },
      ],
    };
    const contributions = [
      { pluginId: LEAN_SCORECARD_PLUGIN_ID, id: 'model-size', title: 'Model size', category: 'modelQuality', weight: 1, kind: 'static' as const, docsUrl: 'docs/scoring.md#model-size' },
      { pluginId: 'acme', id: 'model-size', title: 'Acme size', category: 'Model quality', weight: 2 },
      { pluginId: 'acme', id: 'acme.naming', title: 'Naming', category: 'Lean', weight: 1 },
      { pluginId: 'acme', id: 'acme.crash', title: 'Crash', weight: 1 },
    ];
    const graph = (await loadDocument(LEAD_TO_QUOTE_SAMPLE)).graph!;
    const { card, sources } = await scorecardFromPlugins(report, contributions, { graph }, findBuiltInProfile('balanced')!, BUILT_IN);
    expect(card.rules.map((r) => [r.ruleId, r.status, r.category])).toEqual([
      ['model-size', 'error', 'modelQuality'],
      ['acme/model-size', 'scored', 'modelQuality'],
      ['acme.naming', 'notApplicable', 'simplicity'],
      ['acme.crash', 'error', 'simplicity'],
    ]);
    expect(card.rules[0]).toMatchObject({ reason: 'The thresholds are invalid: target: expected number', findings: [{ message: 'bad', docsUrl: 'docs/scoring.md#model-size' }] });
    expect(card.rules[3]!.reason).toBe('The rule "Crash" failed: Acme crashed');
    expect(card.score).toBe(40);
    expect(sources).toEqual({ 'acme/model-size': 'plugin:acme', 'acme.naming': 'plugin:acme', 'acme.crash': 'plugin:acme' });
    expect(scoreCategoryOf('Customer experience')).toBe('customerExperience');
  });
});

// toAnalysisSuggestion undoes toPluginSuggestion for the built-in suggestions (kind, heuristic, rationale, advice),
// so hosts that take the built-in suggestions from the simplifications plugin list exactly what the providers made.
import { describe, expect, it } from 'vitest';
import { PLUGIN_SUGGESTION_KIND, SuggestionSchema, toAnalysisSuggestion, toPluginSuggestion, type AnalysisSuggestion, type Suggestion } from '@leanflow/plugin-api';

const advice: AnalysisSuggestion = {
  id: 'checkEarlier:Flow_Back',
  kind: 'checkEarlier',
  title: 'Check earlier: 30% of cases return to Prepare',
  rationale: 'Work goes back in 30% of the passes.',
  elements: ['Task_Prepare', 'Task_Review'],
  heuristic: 'control addition',
  edits: [],
  adviceOnly: true,
};
const resize: AnalysisSuggestion = {
  id: 'resizePool:sales',
  kind: 'resizePool',
  title: "Take one person from 'Sales' (3 -> 2)",
  rationale: "'Sales' is busy only 40% of its time.",
  titleMessage: { key: 'resizePool.remove.title', params: { pool: 'Sales', from: 3, to: 2 } },
  rationaleMessage: { key: 'resizePool.remove.rationale', params: { pool: 'Sales', percent: 40, threshold: 60, after: 60 } },
  elements: ['Lane_Sales'],
  heuristic: 'resource optimisation',
  edits: [{ type: 'setScenarioParameter', path: 'pools.sales.headcount', value: 2 }],
};

describe('toAnalysisSuggestion', () => {
  it('restores a built-in suggestion exactly, advice included', () => {
    for (const s of [advice, resize]) expect(toAnalysisSuggestion('leanflow.simplifications', toPluginSuggestion(s))).toEqual(s);
  });

  it('carries the heuristic and the advice flag as fields, not in the `why` sentence', () => {
    const plugin = toPluginSuggestion(advice);
    expect(plugin).toMatchObject({ heuristic: 'control addition', adviceOnly: true });
    // A reworded (or translated) `why` does not change what the host reads back.
    const reworded = SuggestionSchema.parse({ ...plugin, why: 'Kontrolle früher einbauen.' }) as Suggestion;
    expect(toAnalysisSuggestion('leanflow.simplifications', reworded)).toEqual({ ...advice, rationale: advice.rationale });
  });

  it('keeps the translatable messages through the plugin host (schema validation)', () => {
    // The host validates (and casts) plugin output like this.
    const validated = SuggestionSchema.parse(toPluginSuggestion(resize));
    expect(validated.titleMessage).toEqual(resize.titleMessage);
    expect(validated.descriptionMessage).toEqual(resize.rationaleMessage);
    expect(toAnalysisSuggestion('leanflow.simplifications', validated as Suggestion)).toEqual(resize);
  });

  it("gives another plugin's suggestion the plugin kind and a prefixed id; drops edit-less ones", () => {
    const converted = toAnalysisSuggestion('acme.fast', { id: 'rule', title: 'Rename', description: 'Clearer', elementIds: ['T'], edits: [{ kind: 'rename', elementId: 'T', name: 'Check order' }] });
    expect(converted).toEqual({ id: 'acme.fast/rule', kind: PLUGIN_SUGGESTION_KIND, heuristic: PLUGIN_SUGGESTION_KIND, title: 'Rename', rationale: 'Clearer', elements: ['T'], edits: [{ type: 'renameElement', elementId: 'T', name: 'Check order' }] });
    expect(toAnalysisSuggestion('acme.fast', { id: 'note', title: 'Think', elementIds: [], edits: [], why: 'Redesign heuristic: triage (Reijers & Limam Mansar, 2005). Advice only: a person decides where and how.' })).toBeUndefined();
  });
});

// Suggestions use a scenario imported from BIMP/QBP data like one of ours: the same list and the same predictions
// as the file whose scenario is stored in the lf: namespace; the applied result keeps the QBP block.
import { LEAD_TO_QUOTE_SAMPLE, LEAD_TO_QUOTE_SCENARIO, exportQbp, loadDocument, saveScenariosToXml } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { prepareSuggestions, suggestSimplifications } from '../index.ts';

/** The sample as BIMP would have it: its scenario only as a QBP block, no lf: scenarios. */
async function bimpSample(): Promise<string> {
  const exported = await exportQbp(LEAD_TO_QUOTE_SAMPLE, LEAD_TO_QUOTE_SCENARIO);
  const withoutOurs = await saveScenariosToXml(exported.xml!, []);
  return withoutOurs.xml!;
}

describe('suggestions on an imported scenario', () => {
  it('prepares with the imported scenario instead of none', async () => {
    const xml = await bimpSample();
    const loaded = await loadDocument(xml);
    expect(loaded.scenarioSource).toBe('qbp');
    const prepared = await prepareSuggestions(xml, { cases: 100, replications: 2 });
    if (!prepared.ok) throw new Error('the sample should be prepared');
    expect(prepared.scenario).toEqual(loaded.scenarios[0]);
    expect(prepared.simulation?.completedCases).toBeGreaterThan(0);
  });

  it('lists and predicts like the same file with the scenario stored as ours; the transformed file keeps the QBP block', async () => {
    const xml = await bimpSample();
    const loaded = await loadDocument(xml);
    const ours = (await saveScenariosToXml(xml, loaded.scenarios)).xml!;
    const options = { cases: 150, replications: 2, seed: 5 };
    const [imported, stored] = await Promise.all([suggestSimplifications(xml, options), suggestSimplifications(ours, options)]);
    if (!imported.ok || !stored.ok) throw new Error('both should be analysed');
    expect(imported.scenario).toEqual({ id: loaded.scenarios[0]!.id, name: loaded.scenarios[0]!.name, currency: loaded.scenarios[0]!.currency });
    expect(imported.suggestions.map((s) => s.suggestion.id)).toEqual(stored.suggestions.map((s) => s.suggestion.id));
    const predicted = imported.suggestions.filter((s) => s.impact);
    expect(predicted.length).toBeGreaterThan(0);
    expect(predicted.map((s) => s.impact!.benefit)).toEqual(stored.suggestions.filter((s) => s.impact).map((s) => s.impact!.benefit));
    const transformed = imported.suggestions.find((s) => s.xml)!.xml!;
    expect(transformed).toContain('qbp:processSimulationInfo');
    expect((await loadDocument(transformed)).scenarioSource).toBe('leanflow');
  });
});

// The built-in simplifications plugin through the host gives exactly what the analysis providers give when called
// directly (ids, order, titles, rationale, heuristics, edits), on the sample and on the MIWG reference files (many
// with data objects and associations), and the gated list equals suggestSimplifications' own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_SUGGESTION_PROVIDERS, analyseGraph, prepareSuggestions, suggestSimplifications, type Suggestion } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { collectPluginSuggestions, createPluginTestHost, suggestionInputFor, type PluginTestHost } from '@leanflow/plugin-host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const simplifications = join(root, 'plugins', 'simplifications');
const referenceDir = process.env.LEANFLOW_FIXTURES ? join(process.env.LEANFLOW_FIXTURES, 'miwg', 'reference') : join(root, '..', 'shared', 'fixtures', 'miwg', 'reference');
const files: [string, string][] = [
  ['lead-to-quote (sample)', LEAD_TO_QUOTE_SAMPLE],
  ...readdirSync(referenceDir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f): [string, string] => [`MIWG ${f}`, readFileSync(join(referenceDir, f), 'utf8')]),
];
/** Quick settings: the simulation only feeds pool sizing, and both paths get the same run. */
// The built-in plugin's id (its manifest); the host itself knows no plugin by id.
const SIMPLIFICATIONS_PLUGIN_ID = 'leanflow.simplifications';
const BUILT_IN = { builtInPluginId: SIMPLIFICATIONS_PLUGIN_ID };
const SETTINGS = { cases: 200, replications: 2 };

describe('the simplifications plugin through the host', () => {
  let test: PluginTestHost;
  beforeAll(async () => {
    test = await createPluginTestHost();
    await test.install(simplifications);
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it.each(files)('%s: the same suggestions as the providers called directly, gated the same', async (_name, xml) => {
    const prepared = await prepareSuggestions(xml, SETTINGS);
    if (!prepared.ok) return; // files the analysis refuses are refused by both paths alike (suggestSimplifications: same check)
    const { graph, scenario, simulation, document } = prepared;
    const direct: Suggestion[] = BUILT_IN_SUGGESTION_PROVIDERS.flatMap((p) =>
      p.provide({ graph, ...(document.definitions ? { definitions: document.definitions } : {}), ...(scenario ? { scenario } : {}), ...(simulation ? { simulation } : {}), analysis: analyseGraph(graph, scenario) }),
    );
    const collected = collectPluginSuggestions(await test.host.provideSuggestions(suggestionInputFor(prepared, xml)), BUILT_IN);
    expect(collected.failures).toEqual([]);
    expect(collected.builtIn).toEqual(direct);

    const viaDirect = await suggestSimplifications(xml, { ...SETTINGS, predict: false, ...(simulation ? { simulation } : {}) });
    const viaPlugin = await suggestSimplifications(xml, { ...SETTINGS, predict: false, ...(simulation ? { simulation } : {}), providers: [{ id: SIMPLIFICATIONS_PLUGIN_ID, provide: () => collected.builtIn! }] });
    if (!viaDirect.ok || !viaPlugin.ok) throw new Error('refused');
    expect(viaPlugin.suggestions).toEqual(viaDirect.suggestions);
    expect(viaPlugin.withheld).toEqual(viaDirect.withheld);
  }, 60_000);

  it('decides parallelise on data associations: offered with unrelated data, not with a dependency', async () => {
    // The sample with a data object: the history check writes it, and qualifying the lead reads it (or not).
    const withData = (qualifyReads: boolean) =>
      LEAD_TO_QUOTE_SAMPLE.replace('<bpmn:userTask id="Task_CheckHistory" name="Check customer history">', '<bpmn:dataObject id="Data_History" /><bpmn:dataObjectReference id="Ref_History" name="History" dataObjectRef="Data_History" /><bpmn:userTask id="Task_CheckHistory" name="Check customer history">')
        .replace('<bpmn:outgoing>Flow_3</bpmn:outgoing>\n    </bpmn:userTask>', '<bpmn:outgoing>Flow_3</bpmn:outgoing>\n      <bpmn:dataOutputAssociation id="Write_History"><bpmn:targetRef>Ref_History</bpmn:targetRef></bpmn:dataOutputAssociation>\n    </bpmn:userTask>')
        .replace('<bpmn:outgoing>Flow_4</bpmn:outgoing>\n    </bpmn:userTask>', `<bpmn:outgoing>Flow_4</bpmn:outgoing>\n      ${qualifyReads ? '<bpmn:dataInputAssociation id="Read_History"><bpmn:sourceRef>Ref_History</bpmn:sourceRef></bpmn:dataInputAssociation>' : ''}\n    </bpmn:userTask>`);
    const parallelise = 'parallelise:Task_CheckHistory+Task_Qualify';
    for (const reads of [false, true]) {
      const prepared = await prepareSuggestions(withData(reads), SETTINGS);
      if (!prepared.ok) throw new Error('refused');
      expect(prepared.graph.dataElements.length).toBe(2);
      expect(prepared.graph.dataAssociations).toEqual([
        { id: 'Write_History', direction: 'output', nodeId: 'Task_CheckHistory', dataId: 'Data_History', referenceId: 'Ref_History' },
        ...(reads ? [{ id: 'Read_History', direction: 'input', nodeId: 'Task_Qualify', dataId: 'Data_History', referenceId: 'Ref_History' }] : []),
      ]);
      const ids = (collectPluginSuggestions(await test.host.provideSuggestions(suggestionInputFor(prepared)), BUILT_IN).builtIn ?? []).map((s) => s.id);
      if (reads) expect(ids).not.toContain(parallelise);
      else expect(ids).toContain(parallelise);
    }
  }, 60_000);

  it('still declines those two when a host gives data objects without their associations', async () => {
    const prepared = await prepareSuggestions(readFileSync(join(referenceDir, 'C.4.0.bpmn'), 'utf8'), SETTINGS);
    if (!prepared.ok) throw new Error('refused');
    const { dataAssociations: _unknown, ...graph } = prepared.graph;
    const outcomes = await test.host.provideSuggestions({ graph });
    const kinds = (collectPluginSuggestions(outcomes, BUILT_IN).builtIn ?? []).map((s) => s.kind);
    expect(kinds).not.toContain('parallelise');
    expect(kinds).not.toContain('moveAfterDecision');
  }, 60_000);
});

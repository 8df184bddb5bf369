// The Scorecard's figures computed in Node: every rule through a headless plugin host with the plugins the studio
// ships that contribute scoring rules, combined as the studio combines them (balanced profile, default settings).
import { fileURLToPath } from 'node:url';
import { findBuiltInProfile, toSimulationSummary, type Scorecard } from '@leanflow/analysis';
import { loadDocument } from '@leanflow/model';
import { createMemoryServices, createNodeTransportFactory, createPluginHost, loadPlugin, scorecardFromPlugins, toPluginSimulationSummary, withScorecardFigures } from '@leanflow/plugin-host';
import { BUILT_IN_PLUGIN_IDS } from '../../cli/src/commands/plugin-runner.ts';
import type { SimulationResult } from '@leanflow/sim';

/** The plugins the studio ships that contribute scoring rules (of BUILT_IN_PLUGIN_FOLDERS in builtin-plugins.vite.ts). */
export const STUDIO_SCORING_PLUGINS = ['plugins/lean-scorecard', 'plugins/examples/lean-rules', 'plugins/examples/task-summary'].map((folder) =>
  fileURLToPath(new URL(`../../../${folder}`, import.meta.url)),
);

/** The scorecard of `xml` (with the run `result`, if any) as the studio's Scorecard computes it. */
export async function hostScorecard(xml: string, result?: SimulationResult): Promise<Scorecard> {
  const loaded = await loadDocument(xml);
  const graph = loaded.graph!;
  const scenario = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
  const host = createPluginHost({ services: createMemoryServices({ model: { uri: 'model.bpmn', version: 1, graph, scenario } }), createTransport: createNodeTransportFactory() });
  try {
    for (const folder of STUDIO_SCORING_PLUGINS) {
      const plugin = await loadPlugin(folder);
      if (!plugin.ok) throw new Error(plugin.issues.map((i) => i.message).join('\n'));
      await host.install(plugin.bundle);
    }
    const profile = findBuiltInProfile('balanced')!;
    const summary = result ? toSimulationSummary(result) : undefined;
    const report = await host.runScoring({ graph, scenario, xml, profile, ...(result && summary ? { simulation: withScorecardFigures(toPluginSimulationSummary(result), summary) } : {}) });
    return (await scorecardFromPlugins(report, host.contributions.scoringRules(), { graph, scenario, ...(summary ? { simulation: summary } : {}) }, profile, { builtInPluginId: BUILT_IN_PLUGIN_IDS.leanScorecard })).card;
  } finally {
    await host.dispose();
  }
}

import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { API_VERSION } from '@leanflow/plugin-api';
import { buildPluginApiDts } from '../scripts/build-dts.ts';

/** Type-checks `source` against only the generated .d.ts and the ES2023 lib (no DOM, no node, no zod). */
function compile(dts: string, source: string): string[] {
  const files = new Map([
    ['/virtual/leanflow-plugin-api.d.ts', dts],
    ['/virtual/plugin.ts', source],
  ]);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name) ?? read(name);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, version) : getSourceFile(name, version);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const dts = buildPluginApiDts();

describe('the plugin-author .d.ts', () => {
  it('is one self-contained module declaration with the whole API', () => {
    expect(dts).toMatch(/^declare module '@leanflow\/plugin-api' \{$/m);
    expect(dts).not.toMatch(/^\s*import /m);
    expect(dts).not.toMatch(/from 'zod'|\bz\.Zod|\$Zod/);
    for (const name of ['PluginContext', 'ScoringRule', 'ViewContent', 'ProcessEdit', 'ProcessGraph', 'FlowNode', 'DataAssociation', 'Scenario', 'TaskParameters', 'SimulationSummary']) {
      expect(dts).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
    }
    expect(dts).toContain(`export const API_VERSION = "${API_VERSION}";`);
    expect(dts).toContain('@example');
  });

  it('compiles standalone, and a plugin written against it type-checks', () => {
    const plugin = `
      import { createCancellationTokenSource, type PluginContext, type ScoreResult, type ProcessGraph } from '@leanflow/plugin-api';
      function unnamed(graph: ProcessGraph): string[] {
        return graph.nodes.filter((n) => n.kind.endsWith('ask') && !n.name).map((n) => n.id);
      }
      export function activate(context: PluginContext): void {
        context.subscriptions.push(
          context.scoring.registerRule('demo.unnamed', {
            evaluate({ graph, scenario }): ScoreResult {
              const ids = unnamed(graph);
              const automated = Object.values(scenario?.tasks ?? {}).filter((t) => t.automated).length;
              return { score: ids.length === 0 ? 100 : 50, findings: [{ severity: 'warning', message: String(automated), elementIds: ids }] };
            },
          }),
        );
        context.views.setViewContent('demo.view', { kind: 'keyFigures', figures: [{ label: 'Tasks', value: 3 }] });
      }
      export async function simulate(context: PluginContext): Promise<number> {
        const source = createCancellationTokenSource();
        const outcome = await context.simulation.runWithDetails({ seed: 1 }, { token: source.token, onProgress: (p) => void (p.fraction + (p.casesDone ?? 0)) });
        if (!outcome.ok) return outcome.issues.length;
        const hottest = [...(outcome.summary.tasks ?? [])].sort((a, b) => b.waitingTime - a.waitingTime)[0];
        context.diagram.setDecorations(hottest ? [{ elementId: hottest.id, heat: 1, label: String(hottest.waitingTime) }] : [], { title: context.env.language, stops: [] });
        context.views.setViewContent('demo.sections', { kind: 'sections', sections: [{ title: 'Run', content: { kind: 'actions', actions: [{ title: 'Run', command: 'demo.run' }] } }] });
        return outcome.summary.kpis['cycleTime']?.mean ?? 0;
      }
    `;
    expect(compile(dts, plugin)).toEqual([]);
  });

  it('has the scorecard fields: profile and XML in, metrics and not-applicable out, the run’s scorecard figures', () => {
    const plugin = `
      import type { PluginContext, ScoreResult } from '@leanflow/plugin-api';
      export function activate(context: PluginContext): void {
        context.scoring.registerRule('demo.cycle', {
          evaluate({ simulation, profile, xml }): ScoreResult {
            const target = Number(profile?.thresholds?.['demo.cycle']?.['target'] ?? 3600);
            const cycle = simulation?.cycleTime?.mean;
            if (cycle === undefined) return { score: 0, findings: [], notApplicable: 'Run a simulation first.' };
            const lanes = (xml?.match(/<bpmn:lane /g) ?? []).length;
            return { score: cycle <= target ? 100 : 50, findings: [], metrics: { cycle, lanes, pools: simulation?.pools?.length ?? 0 } };
          },
        });
      }
    `;
    expect(compile(dts, plugin)).toEqual([]);
  });

  it('catches a plugin that misuses the API', () => {
    const wrong = `
      import type { PluginContext } from '@leanflow/plugin-api';
      export function activate(context: PluginContext): void {
        context.scoring.registerRule('demo.bad', { evaluate: () => ({ score: 'high', findings: [] }) });
      }
    `;
    const errors = compile(dts, wrong);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/'string' is not assignable to type 'number'/);
  });
});

import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { afterEach, describe, expect, it } from 'vitest';
import { createPluginTestHost, modelFromBpmn, simulateModel, type PluginTestHost } from '@leanflow/plugin-host';

const simulationPlugin = (permissions: string[]) => ({
  manifest: {
    id: 'acme.sim',
    name: 'Simulation user',
    version: '1.0.0',
    publisher: 'acme',
    engines: { leanflow: '^1.0.0' },
    main: 'plugin.js',
    permissions,
    contributes: { commands: [{ command: 'acme.sim.run', title: 'Simulate' }] },
  },
  code: `export function activate(context) {
    context.commands.registerCommand('acme.sim.run', async () => {
      const result = await context.simulation.run({ cases: 200, replications: 2, seed: 7 });
      return { cases: result.cases, replications: result.replications, cycleTime: result.kpis.cycleTime.mean, low: result.kpis.cycleTime.low ?? null };
    });
  }`,
});

let test: PluginTestHost | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('simulation for plugins', () => {
  it('runs the engine on the host with the active scenario and returns its figures', async () => {
    test = await createPluginTestHost({ bpmnXml: LEAD_TO_QUOTE_SAMPLE });
    expect(test.services.getActiveModel()?.scenario?.name).toBeDefined();
    await test.host.install(simulationPlugin(['runSimulation']));
    const outcome = await test.host.executeCommand('acme.sim.run');
    // the same seed gives the same run, so the plugin must see exactly the engine's numbers
    const direct = await simulateModel((await modelFromBpmn(LEAD_TO_QUOTE_SAMPLE, 'x.bpmn')).model, { cases: 200, replications: 2, seed: 7 });
    const cycle = direct.kpis.cycleTime!;
    expect(outcome).toEqual({ ok: true, value: { cases: 200, replications: 2, cycleTime: cycle.mean, low: cycle.low } });
    expect(cycle.mean).toBeGreaterThan(0);
    expect(cycle.low!).toBeLessThan(cycle.mean);
  });

  it('refuses without the runSimulation permission', async () => {
    test = await createPluginTestHost({ bpmnXml: LEAD_TO_QUOTE_SAMPLE });
    await test.host.install(simulationPlugin([]));
    expect(await test.host.executeCommand('acme.sim.run')).toEqual({
      ok: false,
      error: 'simulation.run needs the "runSimulation" permission in the manifest\'s "permissions"',
      // Where the plugin called it (plugin.js has no source map: its own line and column).
      location: 'plugin.js:3:47',
    });
  });
});

describe('case types for plugins', () => {
  it('exposes each case type with the same KPI names as the whole run', async () => {
    const model = (await modelFromBpmn(LEAD_TO_QUOTE_SAMPLE, 'x.bpmn')).model!;
    const scenario = {
      ...model.scenario!,
      caseTypes: [
        { id: 'standard', name: 'Standard', share: 0.8, priority: 0 },
        { id: 'vip', name: 'VIP', share: 0.2, priority: 1, targets: { firstResponseSla: { value: 1, unit: 'h' as const } } },
      ],
    };
    const summary = await simulateModel({ ...model, scenario } as typeof model, { cases: 3000, replications: 2, seed: 3 });
    expect(summary.segments!.map((s) => [s.id, s.share, s.priority])).toEqual([
      ['standard', 0.8, 0],
      ['vip', 0.2, 1],
    ]);
    const [standard, vip] = summary.segments!;
    expect(Object.keys(vip!.kpis).sort()).toEqual(Object.keys(summary.kpis).sort());
    expect(vip!.targets.firstResponseSeconds).toBe(3600);
    expect(standard!.targets.firstResponseSeconds).toBe(summary.targets!.firstResponseSeconds);
    expect(standard!.cases + vip!.cases).toBe(3000);
    // The VIPs go first, so they wait less for people than the others.
    expect(vip!.kpis.waitingTime!.mean).toBeLessThan(standard!.kpis.waitingTime!.mean);
  });
});

// The Simulation plugin in the plugin test harness (Node, its own worker thread, the host's validation), on the
// tandem whose figures are known exactly (see view-model.test.ts): Simulate fills the view with the exact cycle
// time and paints the heat-map; an edit marks the results stale and clears it; a long run can be cancelled.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SectionContent, ViewContent } from '@leanflow/plugin-api';
import { createPluginTestHost, modelFromBpmn, simulateModel, type PluginTestHost } from '@leanflow/plugin-host';

const pluginFolder = fileURLToPath(new URL('..', import.meta.url));
const tandemXml = () => readFile(new URL('../fixtures/tandem.bpmn', import.meta.url), 'utf8');
const MIN = 60;

let test: PluginTestHost | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

function section(content: ViewContent | undefined, id: string): SectionContent | undefined {
  return content?.kind === 'sections' ? content.sections.find((s) => s.id === id)?.content : undefined;
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Simulation plugin', () => {
  it('says overload out loud and offers to flag the likely first responder when none is flagged (one proposal)', async () => {
    const unflagged = (await tandemXml()).replace('substantiveResponse": true', 'substantiveResponse": false');
    test = await createPluginTestHost({ bpmnXml: unflagged });
    await test.install(pluginFolder);
    const { host } = test;
    await host.executeCommand('simulation.run');
    const view = host.contributions.viewContent('simulation');
    // Back office: a case every 5 min needs 6 min there, 120% of its capacity.
    expect(section(view, 'overloaded')).toMatchObject({ kind: 'notice', severity: 'error', message: 'Overloaded: the queue grows without bound at this staffing' });
    const overload = section(view, 'overloaded');
    if (overload?.kind !== 'notice') throw new Error('no overload notice');
    expect(overload.items?.[0]?.text).toMatch(/^"Back office" is overloaded: the queue grows without bound at this staffing\. In its working hours \(around the clock\).*offered load 120%/);
    const figures = section(view, 'kpis');
    if (figures?.kind !== 'keyFigures') throw new Error('no key figures');
    expect(figures.figures.find((f) => f.id === 'firstResponse')).toMatchObject({ value: '—', detail: expect.stringMatching(/^Not measured: flag the task that first answers the customer/) });
    expect(section(view, 'firstResponseGuess')).toMatchObject({
      kind: 'notice',
      items: [{ text: 'Answer customer', elementId: 'A' }],
      action: { id: 'flagFirstResponse', title: 'Flag “Answer customer” as the first response', command: 'simulation.flagFirstResponse', args: ['A'] },
    });
    await host.executeCommand('simulation.flagFirstResponse', 'A');
    expect(test.services.proposals.map((p) => p.proposal)).toEqual([
      { label: 'Flag “Answer customer” as the first response', edits: [{ kind: 'setScenarioParameter', path: 'tasks.A.substantiveResponse', value: true }] },
    ]);
  });

  it('says overload before any run, follows edits to the staffing, and keeps one notice after the run', async () => {
    const xml = await tandemXml();
    test = await createPluginTestHost({ bpmnXml: xml });
    await test.install(pluginFolder);
    const { host } = test;
    const notice = (view: ViewContent | undefined): SectionContent | undefined => section(view, 'overloaded');
    const before = notice(await host.openView('simulation'));
    // Back office, known from the model alone: 2,016 cases a week (one per 5 min, around the clock) x 6 min = 201.6 h
    // of work for one person's 168 h: 120%.
    expect(before).toMatchObject({ kind: 'notice', severity: 'error', message: 'Overloaded: the queue grows without bound at this staffing', items: [{ elementId: 'LB', severity: 'error' }] });
    if (before?.kind !== 'notice') throw new Error('no overload notice before the run');
    expect(before.items?.map((i) => i.text)).toEqual([expect.stringMatching(/^"Back office" is overloaded: the queue grows without bound at this staffing\. In its working hours \(around the clock\) it gets 201\.6 h of work a week for 168\.0 person-hours \(1 person\): offered load 120%/)]);

    // Two people at the back office: 60%, no notice; back to one: the notice again.
    const staffed = await modelFromBpmn(xml.replace(/("name": "Back office",\s*"headcount": )1/, '$12'), 'test.bpmn');
    test.services.setModel({ ...staffed.model!, version: 2 });
    await until(() => notice(host.contributions.viewContent('simulation')) === undefined, 'the notice to go with two people');
    const understaffed = await modelFromBpmn(xml, 'test.bpmn');
    test.services.setModel({ ...understaffed.model!, version: 3 });
    await until(() => notice(host.contributions.viewContent('simulation')) !== undefined, 'the notice to come back with one person');

    // After the run: the run's notice, once, with the same words.
    await host.executeCommand('simulation.run');
    const view = host.contributions.viewContent('simulation');
    expect(view?.kind === 'sections' ? view.sections.filter((s) => s.id === 'overloaded') : []).toHaveLength(1);
    const after = notice(view);
    if (after?.kind !== 'notice') throw new Error('no overload notice after the run');
    expect(after.items?.map((i) => i.text)).toEqual(before.items?.map((i) => i.text));
    expect(host.errors('leanflow.simulation')).toEqual([]);
  });

  it('says in Chinese why a pool with nobody cannot be simulated (pool.unstaffed)', async () => {
    const xml = (await tandemXml()).replace(/("name": "Back office",\s*"headcount": )1/, '$10');
    test = await createPluginTestHost({ bpmnXml: xml });
    await test.install(pluginFolder);
    const { host } = test;
    // (The plugin hears of the language once it is active.)
    await host.openView('simulation');
    host.languageChanged('zh-CN');
    await host.executeCommand('simulation.run');
    await until(() => section(host.contributions.viewContent('simulation'), 'refused') !== undefined, 'the refusal');
    expect(section(host.contributions.viewContent('simulation'), 'refused')).toMatchObject({
      kind: 'notice',
      message: '仿真无法开始。请先在流程图中修正以下问题，然后重新仿真：',
      items: [{ text: '资源池“Back office”没有人（人数为 0）：它的任务 \'Book order\' 永远无法被处理。请至少安排一人。', elementId: 'B' }],
    });
  });

  it('simulates from its command: exact key figures with intervals, the heat-map, then stale after an edit', async () => {
    test = await createPluginTestHost({ bpmnXml: await tandemXml() });
    await test.install(pluginFolder);
    const { host } = test;
    // Before any run the view offers to simulate.
    const intro = await host.openView('simulation');
    expect(section(intro, 'toolbar')).toMatchObject({ kind: 'actions', actions: [{ id: 'run', command: 'simulation.run', title: 'Simulate' }] });

    const outcome = await host.executeCommand('simulation.run');
    expect(outcome).toEqual({ ok: true, value: null });
    const view = host.contributions.viewContent('simulation');
    const figures = section(view, 'kpis');
    if (figures?.kind !== 'keyFigures') throw new Error('no key figures');
    // Case i waits i min at B: cycle 10 + i min, mean 59.5 min (both replications identical: a zero-width interval).
    expect(figures.figures[0]).toMatchObject({ id: 'cycleTime', label: 'Cycle time', value: '1 h', interval: '95% CI 1 h – 1 h' });
    expect(figures.figures[0]!.rawValue).toBeCloseTo(59.5 * MIN, 9);
    expect(figures.figures.map((f) => f.id)).toEqual(['cycleTime', 'firstResponse', 'waiting', 'processing', 'cost', 'pce', 'throughput']);
    expect(section(view, 'summary')).toMatchObject({ kind: 'markdown', markdown: expect.stringMatching(/^Scenario “Tandem” · 100 cases × 2 replications · seed 7 · /) });
    expect(section(view, 'bottlenecks')).toMatchObject({ kind: 'meters', ordered: true, items: [{ id: 'B', value: 1, elementId: 'B' }] });
    expect(section(view, 'tasks')).toMatchObject({ kind: 'table', sortBy: 'waiting', rowElementIds: ['A', 'B'], rowHeat: [0, 1] });
    // Utilisation over the arrival window (to the last arrival at 500 min): A 396/500, B busy from 9 min on.
    expect(section(view, 'pools')).toMatchObject({ kind: 'meters', items: [{ label: 'Front desk', valueText: '79%' }, { label: 'Back office', valueText: '98%', status: 'high' }] });

    // The heat-map: B waits longest (level 4), A never waits; utilisation on both lanes; a legend up to 50 min.
    const [painted] = host.contributions.decorations();
    expect(painted?.decorations).toEqual([
      { elementId: 'A', heat: 0, label: '0 s', tooltip: 'Answer customer: Mean waiting time 0 s' },
      { elementId: 'B', heat: 1, label: '50 min', tooltip: 'Book order: Mean waiting time 50 min' },
      { elementId: 'LA', label: '79% busy · queue 0', tooltip: 'Front desk: 79% · healthy · queue 0', tone: 'good' },
      // The time-average queue at B: 4,950 min of waiting over 609 min. A case every 5 min needs 6 min at B: 120%.
      {
        elementId: 'LB',
        label: '98% busy · queue 8.1',
        tooltip: 'Back office: 98% · overloaded: the queue grows without bound at this staffing (offered load 120%, around the clock) · queue 8.1',
        tone: 'bad',
      },
    ]);
    expect(painted?.legend?.stops.at(-1)).toEqual({ heat: 1, label: '≤ 50 min' });
    // Running sets the context key of the Shift+F5 binding and the progress item; both are gone after the run.
    expect(host.contributions.contextKeys()['simulationRunning']).toBe(false);
    expect(host.contributions.statusBarItems()).toEqual([]);

    // Toggling the heat-map off clears the decorations; on again paints them.
    await host.executeCommand('simulation.toggleHeatmap');
    expect(host.contributions.decorations()).toEqual([]);
    await host.executeCommand('simulation.toggleHeatmap');
    expect(host.contributions.decorations()).toHaveLength(1);

    // An edit (a new version of the model): results stale, heat-map gone, a re-run button.
    const edited = await modelFromBpmn((await tandemXml()).replace('name="Book order"', 'name="Book the order"'), 'test.bpmn');
    test.services.setModel({ ...edited.model!, version: 2 });
    // (The view and the decorations are two messages from the plugin's worker: wait for both.)
    await until(() => section(host.contributions.viewContent('simulation'), 'stale') !== undefined && host.contributions.decorations().length === 0, 'the stale notice and no heat-map');
    expect(section(host.contributions.viewContent('simulation'), 'stale')).toMatchObject({ kind: 'notice', severity: 'warning', action: { command: 'simulation.run' } });
    expect(host.errors('leanflow.simulation')).toEqual([]);
  });

  it('shows a run someone else started (the Scorecard\'s "Simulate now"), per document even when names repeat', async () => {
    const xml = await tandemXml();
    test = await createPluginTestHost({ bpmnXml: xml });
    const { host, services } = test;
    const model = { ...services.getActiveModel()!, documentId: 'doc-1' };
    services.setModel(model);
    await test.install(pluginFolder);
    await host.openView('simulation');
    // The studio announces a run of this document that the plugin did not start.
    const summary = await simulateModel(model, {});
    services.finishSimulation({ uri: model.uri, documentId: 'doc-1', summary, upToDate: true });
    await until(() => section(host.contributions.viewContent('simulation'), 'kpis') !== undefined, 'the key figures');
    const figures = section(host.contributions.viewContent('simulation'), 'kpis');
    if (figures?.kind !== 'keyFigures') throw new Error('no key figures');
    expect(figures.figures[0]!.rawValue).toBeCloseTo(59.5 * MIN, 9);
    await until(() => host.contributions.decorations().length === 1, 'the heat-map');

    // Another open document with the same name: it has no results of its own.
    services.setModel({ ...model, documentId: 'doc-2', version: 5 });
    await until(() => section(host.contributions.viewContent('simulation'), 'kpis') === undefined, 'an empty view for doc-2');
    // A run that finished after an edit of doc-1 arrives as out of date: shown, marked stale, no heat-map.
    services.finishSimulation({ uri: model.uri, documentId: 'doc-1', summary, upToDate: false });
    services.setModel({ ...model, version: 6 });
    await until(() => section(host.contributions.viewContent('simulation'), 'stale') !== undefined, 'the stale notice for doc-1');
    expect(host.contributions.decorations()).toEqual([]);
    expect(host.errors('leanflow.simulation')).toEqual([]);
  });

  it('cancels a long run: progress first, then a cancelled note', async () => {
    // 2 million cases per replication would run for minutes: the cancel must stop it.
    const xml = (await tandemXml()).replace('"cases": 100', '"cases": 2000000');
    test = await createPluginTestHost({ bpmnXml: xml });
    await test.install(pluginFolder);
    const { host } = test;
    const run = host.executeCommand('simulation.run');
    await until(() => section(host.contributions.viewContent('simulation'), 'progress') !== undefined, 'progress');
    await until(() => {
      const progress = section(host.contributions.viewContent('simulation'), 'progress');
      return progress?.kind === 'progress' && progress.fraction > 0;
    }, 'some progress');
    const progress = section(host.contributions.viewContent('simulation'), 'progress');
    expect(progress).toMatchObject({ kind: 'progress', title: 'Simulating…', message: expect.stringMatching(/^[\d,]+ of 4,000,000 cases · replication 1 of 2$/) });
    expect(host.contributions.statusBarItems()[0]).toMatchObject({ id: 'simulation.progress', text: expect.stringMatching(/^Simulating \d+%$/), command: 'simulation.show' });
    expect(host.contributions.contextKeys()['simulationRunning']).toBe(true);
    const started = Date.now();
    await host.executeCommand('simulation.cancel');
    await run;
    expect(Date.now() - started).toBeLessThan(2_000);
    const view = host.contributions.viewContent('simulation');
    expect(section(view, 'cancelled')).toMatchObject({ kind: 'notice', severity: 'info' });
    expect(section(view, 'progress')).toBeUndefined();
    expect(section(view, 'toolbar')).toMatchObject({ actions: [{ id: 'run' }] });
    expect(host.contributions.statusBarItems()).toEqual([]);
    expect(host.errors('leanflow.simulation')).toEqual([]);
  });
});

describe('case types in the Simulation view', () => {
  it('offers a case type and then shows its figures (the same numbers as the engine)', async () => {
    // Half the cases are VIPs (priority 1); figures of the same run per case type.
    const xml = (await tandemXml()).replace(
      '"tasks": {',
      '"caseTypes": [{ "id": "standard", "name": "Standard", "share": 0.5, "priority": 0 }, { "id": "vip", "name": "VIP", "share": 0.5, "priority": 1 }],\n  "tasks": {',
    );
    test = await createPluginTestHost({ bpmnXml: xml });
    await test.install(pluginFolder);
    const { host } = test;
    await host.executeCommand('simulation.run');
    const choice = section(host.contributions.viewContent('simulation'), 'caseType');
    expect(choice).toMatchObject({
      kind: 'choice',
      value: '',
      command: 'simulation.chooseCaseType',
      options: [{ value: '', label: 'All cases' }, { value: 'standard', label: 'Standard (50%, priority 0)' }, { value: 'vip', label: 'VIP (50%, priority 1)' }],
    });
    await host.executeCommand('simulation.chooseCaseType', 'vip');
    const view = host.contributions.viewContent('simulation');
    const figures = section(view, 'kpis');
    if (figures?.kind !== 'keyFigures') throw new Error('no key figures');
    const { model } = await modelFromBpmn(xml, 'x.bpmn');
    const summary = await simulateModel(model, {});
    const vip = summary.segments!.find((s) => s.id === 'vip')!;
    expect(figures.figures[0]!.rawValue).toBeCloseTo(vip.kpis.cycleTime!.mean, 9);
    expect(vip.kpis.cycleTime!.mean).toBeLessThan(summary.kpis.cycleTime!.mean);
    expect(section(view, 'caseTypeNote')).toMatchObject({ kind: 'markdown', markdown: expect.stringContaining('**VIP**') });
    // Back to all cases.
    await host.executeCommand('simulation.chooseCaseType', '');
    const all = section(host.contributions.viewContent('simulation'), 'kpis');
    if (all?.kind !== 'keyFigures') throw new Error('no key figures');
    expect(all.figures[0]!.rawValue).toBeCloseTo(summary.kpis.cycleTime!.mean, 9);
    expect(host.errors('leanflow.simulation')).toEqual([]);
  });
});

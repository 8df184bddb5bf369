// The mapping editor's starting point, the list of tasks left without an activity, the deviation levels drawn on the
// diagram and the words for unnamed gateways, on the Simod loan model and log.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { activityCounts, mapActivities, parseCsvLog, replayLog } from '@leanflow/analysis';
import { loadDocument } from '@leanflow/model';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deviationLevels } from './deviation-overlays.ts';
import { Emitter } from '../../base/lifecycle.ts';
import type { WorkerClient } from '../../base/worker-client.ts';
import { EventLogController, initialChoice, isEventLogName, unmappedTasks } from './event-logs-controller.ts';
import { describeElements } from './event-logs-job.ts';
import type { MappingProposal } from './protocol.ts';

const logs = resolve(process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../../../shared/fixtures'), 'logs');

async function loan() {
  const document = await loadDocument(readFileSync(resolve(logs, 'loanapp-simplified.bpmn'), 'utf8'));
  const text = gunzipSync(readFileSync(resolve(logs, 'loanapp-simplified-train.csv.gz'))).toString('utf8');
  // Two activities renamed: one near its task's name (a suggestion), one far from it.
  const renamed = text.replaceAll(',Check credit history,', ',Credit history checks,').replaceAll(',Design loan offer,', ',Offer drafting,');
  return { graph: document.graph!, log: parseCsvLog(renamed), original: parseCsvLog(text) };
}

describe('the mapping editor', () => {
  it('preselects equal names and a near name, leaves a far name unmapped, and lists what is left', async () => {
    const { graph, log } = await loan();
    const mapping = mapActivities(graph, activityCounts(log));
    const proposal: MappingProposal = { tasks: graph.nodes.filter((n) => n.name && Object.values(mapping.mapping).includes(n.id) || mapping.unmappedTasks.some((t) => t.taskId === n.id)).map((n) => ({ id: n.id, ...(n.name ? { name: n.name } : {}) })), mapping };
    const id = (name: string) => graph.nodes.find((n) => n.name === name)!.id;
    const { choice, sources } = initialChoice(proposal);
    expect(Object.values(sources).filter((s) => s === 'name')).toHaveLength(10);
    expect(choice['Credit history checks']).toBe(id('Check credit history'));
    expect(sources['Credit history checks']).toBe('suggested');
    expect(choice['Offer drafting']).toBeNull();
    expect(sources['Offer drafting']).toBe('none');
    expect(unmappedTasks(proposal, choice).map((t) => t.name)).toEqual(['Design loan offer']);
    expect(unmappedTasks(proposal, { ...choice, 'Offer drafting': id('Design loan offer') })).toEqual([]);
  });

  it('gives one suggested task to one activity only: the most similar', () => {
    const proposal: MappingProposal = {
      tasks: [{ id: 't1', name: 'Check form' }],
      mapping: {
        mapping: {},
        how: {},
        unmappedActivities: [
          { activity: 'Check forms', events: 5, suggestion: { taskId: 't1', name: 'Check form', score: 0.9 } },
          { activity: 'Checked form (old)', events: 9, suggestion: { taskId: 't1', name: 'Check form', score: 0.6 } },
        ],
        ignoredActivities: [],
        unmappedTasks: [{ taskId: 't1', name: 'Check form' }],
        problems: [],
      },
    };
    expect(initialChoice(proposal).choice).toEqual({ 'Check forms': 't1', 'Checked form (old)': null });
  });

  it('knows log files by their names', () => {
    expect(['a.csv', 'B.XES', 'c.xes.gz', 'd.csv.gz', 'e.tsv'].every(isEventLogName)).toBe(true);
    expect(['a.bpmn', 'b.xml', 'c.gz'].some(isEventLogName)).toBe(false);
  });
});

describe('deviations and names', () => {
  it('marks the elements of a skipped step on four levels by their share of the largest count', async () => {
    const { graph, original: log } = await loan();
    const mapping = mapActivities(graph, activityCounts(log)).mapping;
    // AML check skipped in the first 100 cases.
    const skipped = { ...log, events: log.events.filter((e) => !(e.activity === 'AML check' && Number(e.caseId) < 100)) };
    const replay = replayLog(graph, skipped, mapping);
    expect(replay.fittingCases).toBe(900);
    const levels = deviationLevels(replay.deviations);
    const named = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
    // The join waits with 200 tokens (the largest: level 4); the task after it lacks 100 (level 2).
    const join = levels.find((l) => l.remaining === 200)!;
    expect(join.level).toBe(4);
    expect(levels.find((l) => named(l.elementId) === 'Assess loan risk')).toMatchObject({ missing: 100, level: 2 });
    expect(levels.find((l) => named(l.elementId) === 'AML check')).toMatchObject({ remaining: 100, level: 2 });
    expect(levels.every((l) => l.missing + l.remaining > 0)).toBe(true);
    expect(deviationLevels([{ elementId: 'a', missing: 0, remaining: 0, fired: 3 }])).toEqual([]);
    // The unnamed join is named by what comes before it.
    const { nodes, flowTargets } = describeElements(graph);
    expect(['AML check', 'Appraise property', 'Check credit history']).toContain(nodes[join.elementId]!.after);
    expect(Object.values(flowTargets).length).toBeGreaterThan(0);
  });
});

describe('the controller with a calibrated document', () => {
  /** A workbench and worker clients that answer from a table, recording what they were asked. */
  function setup() {
    const content = new Emitter<string>();
    const asked: { method: string; params: Record<string, unknown> }[] = [];
    const answer = (answers: Record<string, unknown>) =>
      ({ request: async (method: string, params: Record<string, unknown>) => (asked.push({ method, params }), typeof answers[method] === 'function' ? (answers[method] as (p: unknown) => unknown)(params) : answers[method]), restart: () => {} }) as unknown as WorkerClient;
    const summary = { fileName: 'before.csv', format: 'csv', events: 4, cases: 2, resources: 1, hasStartTimes: true, from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z', columns: {}, activities: [{ name: 'Reply', events: 2 }], readMs: 1 };
    const proposal: MappingProposal = { tasks: [{ id: 't1', name: 'Reply to customer' }], mapping: { mapping: { Reply: 't1' }, how: {}, unmappedActivities: [], ignoredActivities: [], unmappedTasks: [], problems: [] } };
    const result = { scenario: { id: 'calibrated', name: 'From the log' }, log: { cases: 2 }, mapping: { mapping: { Reply: 't1' } }, conformance: {}, firstResponse: { targetSeconds: 3600 }, tasks: [], pools: [] };
    const simulated = { ok: true, result: { kpis: { cycleTime: { mean: 10, p50: 9, p90: 20 }, firstResponseTime: { flagged: false } }, tasks: [], pools: [] }, milliseconds: 250 };
    const logs = answer({ open: { format: 'xes', fileName: 'before.xes', size: 1 }, read: summary, propose: proposal, calibrate: { result: { ...result, log: { cases: 2, meanCycleTime: 8 } }, scenarios: [] }, scenarioXml: '<xml/>', compareWith: (p: { fileName: string }) => ({ before: 'before.csv', after: p.fileName, comparison: { kpis: [] }, keyNames: {} }) });
    const sim = answer({ run: simulated });
    const workbench = {
      documents: { onDidChangeContent: content.event, active: { id: 'doc' }, getXml: async () => '<bpmn/>' },
      activeEditor: undefined,
      i18n: { language: 'en', localize: (k: string) => k },
    };
    const controller = new EventLogController(workbench as never, logs, sim);
    return { controller, asked };
  }

  it('passes the first response to calibration, validates by simulation and compares with its mapping and target', async () => {
    const { controller, asked } = setup();
    await controller.open(new Blob(['x']), 'before.xes');
    await expect.poll(() => controller.state('doc')?.proposal).toBeDefined();
    controller.setFirstResponse('doc', 'Reply');
    await controller.calibrate('doc', 'From the log');
    expect(asked.find((a) => a.method === 'calibrate')?.params).toMatchObject({ firstResponse: 'Reply', mapping: { Reply: 't1' } });
    // The validation run: the calibrated scenario, as many cases as the log has (at least 200), 3 replications, seed 1.
    expect(asked.find((a) => a.method === 'run')?.params).toMatchObject({ xml: '<xml/>', scenarioId: 'calibrated', cases: 200, replications: 3, seed: 1 });
    const validation = controller.state('doc')!.validation!;
    expect(validation.run).toMatchObject({ scenarioName: 'From the log', milliseconds: 250 });
    expect(validation.rows[0]).toMatchObject({ kpi: 'cycleTime', log: 8, simulated: 10, relativeError: 0.25 });
    await controller.compareWith(new Blob(['y']), 'after.csv');
    expect(asked.find((a) => a.method === 'compareWith')?.params).toMatchObject({ fileName: 'after.csv', mapping: { Reply: 't1' }, taskNames: { t1: 'Reply to customer' }, firstResponse: 'Reply', targetSeconds: 3600 });
    expect(controller.comparison).toMatchObject({ status: 'done', view: { after: 'after.csv' } });
    // Cleared: none is passed; a new log drops the comparison.
    controller.setFirstResponse('doc', undefined);
    expect(controller.state('doc')!.firstResponse).toBeUndefined();
    await controller.open(new Blob(['x']), 'before.xes');
    expect(controller.comparison.status).toBe('none');
  });
});

// The variants worker's job in Node, on the sample: progress and the comparison, a diff, the settings parser and
// which markers each side of the visual diff gets.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../scorecard/profile.ts';
import { parseSetting } from './compare-controller.ts';
import { boundsOf, diffMarkers } from './diff-markers.ts';
import type { VariantsWorkerMessage } from './protocol.ts';
import { runVariantsJob } from './variants-job.ts';

/** The sample without "Check customer history", its neighbours reconnected (what bpmn-js does on delete). */
function withoutCheckHistory(xml: string): string {
  return xml
    .replace(/<bpmn:userTask id="Task_CheckHistory"[\s\S]*?<\/bpmn:userTask>/, '')
    .replace(/<bpmn:flowNodeRef>Task_CheckHistory<\/bpmn:flowNodeRef>/, '')
    .replace(/<bpmn:sequenceFlow id="Flow_3"[^>]*\/>/, '')
    .replace('targetRef="Task_CheckHistory"', 'targetRef="Task_Qualify"')
    .replace('<bpmn:incoming>Flow_3</bpmn:incoming>', '<bpmn:incoming>Flow_2</bpmn:incoming>')
    .replace(/<bpmndi:BPMNShape id="Task_CheckHistory_di"[\s\S]*?<\/bpmndi:BPMNShape>/, '')
    .replace(/<bpmndi:BPMNEdge id="Flow_3_di"[\s\S]*?<\/bpmndi:BPMNEdge>/, '');
}

describe('variants job', () => {
  it('compares with progress; identical variants differ by exactly 0', async () => {
    const messages: VariantsWorkerMessage[] = [];
    const variants = [
      { name: 'As-is', xml: LEAD_TO_QUOTE_SAMPLE },
      { name: 'Copy', xml: LEAD_TO_QUOTE_SAMPLE },
    ];
    await runVariantsJob({ type: 'compare', runId: 3, variants, cases: 200, replications: 3, seed: 5 }, (m) => messages.push(m));
    const done = messages.at(-1)!;
    expect(done.type).toBe('compared');
    if (done.type !== 'compared' || !done.comparison.ok) throw new Error('no comparison');
    expect(done.runId).toBe(3);
    expect(done.comparison.settings).toMatchObject({ cases: 200, replications: 3, seed: 5 });
    for (const [key, k] of Object.entries(done.comparison.differences[0]!.kpis)) {
      if (k.difference.mean === null) continue;
      expect(k.difference.mean, key).toBe(0);
      expect(k.difference.ci95, key).toEqual([0, 0]);
    }
    const progress = messages.filter((m) => m.type === 'progress');
    for (const p of progress) expect(p.type === 'progress' && p.fraction >= 0 && p.fraction <= 1).toBe(true);
  });

  it('scores the variants with the profile it is given, threshold settings included', async () => {
    const manualSteps = async (profile?: ReturnType<typeof buildProfile>['profile']) => {
      const messages: VariantsWorkerMessage[] = [];
      const variants = [
        { name: 'As-is', xml: LEAD_TO_QUOTE_SAMPLE },
        { name: 'Copy', xml: LEAD_TO_QUOTE_SAMPLE },
      ];
      await runVariantsJob({ type: 'compare', runId: 1, variants, cases: 100, replications: 2, seed: 5, ...(profile ? { profile } : {}) }, (m) => messages.push(m));
      const done = messages.at(-1)!;
      if (done.type !== 'compared' || !done.comparison.ok) throw new Error('no comparison');
      return done.comparison.variants[0]!.scorecard.rules.find((r) => r.ruleId === 'manual-steps')!;
    };
    // The sample's typical path has 5 manual steps: within the default target of 8 (100); a target of 3 (bound 6,
    // what the "manual steps target" setting makes) scores 100 * (6 - 5) / (6 - 3) = 33.3.
    expect((await manualSteps()).score).toBe(100);
    expect((await manualSteps(buildProfile({ profileId: 'balanced', manualStepsTarget: 3 }).profile)).score).toBeCloseTo(33.3, 1);
  });

  it('removing a step on the critical path: shorter cycle time, significant; the diff lists it', async () => {
    const messages: VariantsWorkerMessage[] = [];
    const toBe = withoutCheckHistory(LEAD_TO_QUOTE_SAMPLE);
    await runVariantsJob({ type: 'compare', runId: 1, variants: [{ name: 'As-is', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'To-be', xml: toBe }], cases: 300, replications: 5, seed: 7 }, (m) => messages.push(m));
    const done = messages.at(-1)!;
    if (done.type !== 'compared' || !done.comparison.ok) throw new Error('no comparison');
    const cycle = done.comparison.differences[0]!.kpis['cycleTime']!;
    expect(cycle.difference.mean).toBeLessThan(0);
    expect(cycle.difference.significant).toBe(true);

    const diffed: VariantsWorkerMessage[] = [];
    await runVariantsJob({ type: 'diff', runId: 2, oldXml: LEAD_TO_QUOTE_SAMPLE, newXml: toBe }, (m) => diffed.push(m));
    const result = diffed[0]!;
    if (result.type !== 'diffed' || !result.result.ok) throw new Error('no diff');
    const diff = result.result.diff;
    expect(diff.removed).toEqual(['Flow_3', 'Task_CheckHistory']);
    expect(diff.changed).toEqual(['Flow_2']);
    expect([...diffMarkers(diff, 'old')]).toEqual([['Flow_2', 'lf-diff-changed'], ['Flow_3', 'lf-diff-removed'], ['Task_CheckHistory', 'lf-diff-removed']]);
    expect([...diffMarkers(diff, 'new')]).toEqual([['Flow_2', 'lf-diff-changed']]);
  });

  it('reports an unreadable file as a failed diff, not a crash', async () => {
    const messages: VariantsWorkerMessage[] = [];
    await runVariantsJob({ type: 'diff', runId: 9, oldXml: LEAD_TO_QUOTE_SAMPLE, newXml: '<nope' }, (m) => messages.push(m));
    expect(messages[0]).toMatchObject({ type: 'diffed', runId: 9, result: { ok: false } });
  });
});

describe('compare settings and diagram helpers', () => {
  it('parses settings: empty is the scenario default, anything else a whole number at least the minimum', () => {
    expect(parseSetting('', 1)).toBeUndefined();
    expect(parseSetting(' 300 ', 1)).toBe(300);
    expect(parseSetting('1', 2)).toBeNaN();
    expect(parseSetting('2.5', 1)).toBeNaN();
    expect(parseSetting('abc', 0)).toBeNaN();
    expect(parseSetting('0', 0)).toBe(0);
  });

  it('gives shapes their box and connections the box of their waypoints', () => {
    expect(boundsOf({ id: 't', x: 10, y: 20, width: 100, height: 80 })).toEqual({ x: 10, y: 20, width: 100, height: 80 });
    expect(boundsOf({ id: 'f', waypoints: [{ x: 5, y: 50 }, { x: 5, y: 10 }, { x: 40, y: 10 }] })).toEqual({ x: 5, y: 10, width: 35, height: 40 });
    expect(boundsOf({ id: 'root' })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, LEAD_TO_QUOTE_SCENARIO, createModdle, saveScenariosToXml, type ModdleElement } from '@leanflow/model';
import { compareVariants, createComparisonReport, describeElement, renderHtmlReport, renderMarkdownReport, type VariantComparison } from '../index.ts';

const RUN = { cases: 300, replications: 8, seed: 11 } as const;

function expectOk(outcome: Awaited<ReturnType<typeof compareVariants>>): VariantComparison {
  if (!outcome.ok) throw new Error(outcome.issues.map((i) => i.message).join('\n'));
  return outcome;
}

const list = (value: unknown) => value as ModdleElement[];

/**
 * The sample without "Check customer history" (on every case's path): the task, its outgoing flow Flow_3 and its
 * diagram shapes are removed, and Flow_2 (auto-reply -> check) is reconnected to "Qualify lead", its end point moved
 * to the left side of that task. Done with bpmn-moddle, as an editor would.
 */
async function withoutCheckHistory(): Promise<string> {
  const moddle = createModdle();
  const { rootElement: definitions, elementsById } = await moddle.fromXML(LEAD_TO_QUOTE_SAMPLE);
  const process = elementsById['Process_LeadToQuote']!;
  const task = elementsById['Task_CheckHistory']!;
  const qualify = elementsById['Task_Qualify']!;
  const flow2 = elementsById['Flow_2']!;
  const flow3 = elementsById['Flow_3']!;
  process.flowElements = list(process.flowElements).filter((e) => e !== task && e !== flow3);
  for (const lane of list(list(process.laneSets)[0]!.lanes)) lane.flowNodeRef = list(lane.flowNodeRef).filter((e) => e !== task);
  flow2.targetRef = qualify;
  qualify.incoming = [flow2];
  const plane = list(definitions.diagrams)[0]!.plane as ModdleElement;
  plane.planeElement = list(plane.planeElement).filter((di) => di.bpmnElement !== task && di.bpmnElement !== flow3);
  const qualifyBounds = list(plane.planeElement).find((di) => di.bpmnElement === qualify)!.bounds as ModdleElement;
  const edge = list(plane.planeElement).find((di) => di.bpmnElement === flow2)!;
  const start = list(edge.waypoint)[0]!;
  edge.waypoint = [
    start,
    moddle.create('dc:Point', { x: start.x, y: Number(qualifyBounds.y) + Number(qualifyBounds.height) / 2 }),
    moddle.create('dc:Point', { x: qualifyBounds.x, y: Number(qualifyBounds.y) + Number(qualifyBounds.height) / 2 }),
  ];
  return (await moddle.toXML(definitions, { format: true })).xml;
}

describe('compareVariants', () => {
  it('a difference that shows as 0.00 is "no change", never significant or better (in the report too)', async () => {
    // "Send quote" takes 0.6 s longer: the cycle time really grows; throughput moves by far less than 0.005 per hour.
    const tasks = LEAD_TO_QUOTE_SCENARIO.tasks!;
    const tri = tasks['Task_SendQuote']!.duration as { type: 'triangular'; min: number; mode: number; max: number; unit: 'min' };
    const slower = { ...LEAD_TO_QUOTE_SCENARIO, tasks: { ...tasks, Task_SendQuote: { ...tasks['Task_SendQuote']!, duration: { ...tri, min: tri.min + 0.01, mode: tri.mode + 0.01, max: tri.max + 0.01 } } } };
    const variant = (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [slower])).xml!;
    const c = expectOk(await compareVariants([{ name: 'A', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'B', xml: variant }], RUN));
    const throughput = c.differences[0]!.kpis['throughputPerHour']!;
    expect(Math.abs(throughput.difference.mean!)).toBeLessThan(0.005);
    expect(throughput.verdict).toBe('noChange');
    expect(throughput.difference.significant).toBe(false);
    const report = createComparisonReport(c);
    const row = report.kpis.find((r) => r.definition.key === 'throughputPerHour')!;
    expect(row.differences[0]).toMatchObject({ significant: false, verdict: 'noChange', marker: 'no change' });
    expect(row.differences[0]!.text).toMatch(/^0\.00 \/h/);
    expect(renderMarkdownReport(c)).not.toMatch(/\*\*0\.00 \/h/);
  });

  it('finds every difference exactly 0 between two identical variants (common random numbers)', async () => {
    const progress: number[] = [];
    const c = expectOk(await compareVariants([{ name: 'A', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'B', xml: LEAD_TO_QUOTE_SAMPLE }], { ...RUN, onProgress: (f) => progress.push(f) }));
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]!)).toBe(true);
    expect(c.settings).toMatchObject({ cases: 300, replications: 8, seed: 11, scenario: { id: 'as-is' } });
    const differences = Object.entries(c.differences[0]!.kpis);
    // 16 fixed KPIs + one utilisation per pool (3).
    expect(differences).toHaveLength(19);
    for (const [key, d] of differences) {
      expect(d.difference.pairs, key).toBe(8);
      expect(d.difference.mean, key).toBe(0);
      expect(d.difference.ci95, key).toEqual([0, 0]);
      expect(d.difference.significant, key).toBe(false);
      // Exactly 0 is "no change", not merely "not significant" (and never "better").
      expect(d.verdict, key).toBe('noChange');
      expect(d.difference.noChange, key).toBe(true);
    }
    // The KPIs themselves are real, varying numbers (the zero is not from constant runs).
    const cycle = c.variants[0]!.kpis.cycleTime;
    expect(cycle.ci95![1] - cycle.ci95![0]).toBeGreaterThan(0);
    expect(c.differences[0]!.scoreDifference).toBe(0);
    expect(c.differences[0]!.diagramDiff.changes).toEqual([]);
    expect(c.histograms.cycleTime.series[0]!.shares).toEqual(c.histograms.cycleTime.series[1]!.shares);
  });

  it('finds a significantly shorter cycle time without a step on the critical path, and diffs exactly that change', async () => {
    const toBe = await withoutCheckHistory();
    const c = expectOk(await compareVariants([{ name: 'As is', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'To be', xml: toBe }], RUN));
    const d = c.differences[0]!;
    const cycle = d.kpis.cycleTime!;
    // The check takes triangular(5, 10, 20) = 11.7 min of work on every case; waiting and office hours come on top.
    expect(cycle.difference.significant).toBe(true);
    expect(cycle.difference.ci95![1]).toBeLessThan(0);
    expect(cycle.difference.mean!).toBeLessThan(-11.67 * 60 * 0.5);
    expect(cycle.verdict).toBe('better');
    // Processing time drops by the check's mean work, 11.67 min, up to sampling noise of the removed task alone.
    expect(d.kpis.processingTime!.difference.mean! / 60).toBeCloseTo(-35 / 3, 0);
    expect(d.kpis.processingTime!.relativeChange!).toBeLessThan(0);

    // The variant's own scenario (same id) is used, without the removed task's parameters.
    expect(c.variants[1]!.scenario).toMatchObject({ id: 'as-is', source: 'own', droppedElementIds: ['Task_CheckHistory'] });

    const diff = d.diagramDiff;
    expect(diff.removed).toEqual(['Flow_3', 'Task_CheckHistory']);
    expect(diff.added).toEqual([]);
    expect(diff.changed).toEqual(['Flow_2']);
    expect(diff.moved).toEqual(['Flow_2']);
    expect(diff.changes.map((x) => [x.kind, x.elementId, x.type, x.name])).toEqual([
      ['removed', 'Flow_3', 'bpmn:SequenceFlow', null],
      ['removed', 'Task_CheckHistory', 'bpmn:UserTask', 'Check customer history'],
      ['changed', 'Flow_2', 'bpmn:SequenceFlow', null],
    ]);
    expect(diff.changes[2]!.attributes).toEqual([
      {
        name: 'targetRef',
        oldValue: 'Task_CheckHistory',
        newValue: 'Task_Qualify',
        // The referenced elements travel with their names, so lists can say which task instead of its id.
        oldRef: { id: 'Task_CheckHistory', name: 'Check customer history', type: 'bpmn:UserTask' },
        newRef: { id: 'Task_Qualify', name: 'Qualify lead', type: 'bpmn:UserTask' },
      },
    ]);
    expect(diff.changes[2]!.layout).toEqual(['waypoints']);
    // Flows carry their ends, so lists say "flow from … to …" instead of "SequenceFlow Flow_3".
    expect(diff.changes.map((x) => describeElement({ ...x, id: x.elementId }))).toEqual([
      "flow from 'Check customer history' to 'Qualify lead'",
      "User task 'Check customer history'",
      "flow from 'Send auto-reply' to 'Qualify lead'",
    ]);
    expect(describeElement({ ...diff.changes[0]!, id: 'Flow_3' }, 'zh-CN')).toBe('从“Check customer history”到“Qualify lead”的顺序流');
  });

  it("applies the baseline's scenario to a variant without one (same graph: identical results)", async () => {
    const plain = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, '');
    const c = expectOk(await compareVariants([{ name: 'As is', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'Plain', xml: plain }], RUN));
    expect(c.variants[1]!.scenario.source).toBe('baseline');
    expect(c.variants[1]!.issues.some((i) => i.code === 'compare.scenario.baseline')).toBe(true);
    for (const [key, d] of Object.entries(c.differences[0]!.kpis)) expect(d.difference.mean, key).toBe(0);
    // Only the extension element differs, and extension elements are not part of the diagram diff.
    expect(c.differences[0]!.diagramDiff.changes).toEqual([]);
  });

  it("uses a variant's own scenario of the same name: one more representative cuts the waiting", async () => {
    const more = {
      ...LEAD_TO_QUOTE_SCENARIO,
      pools: LEAD_TO_QUOTE_SCENARIO.pools!.map((p) => (p.id === 'sales-representatives' ? { ...p, headcount: 4 } : p)),
    };
    const saved = await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [more], { activeScenarioId: 'as-is' });
    const c = expectOk(await compareVariants([{ name: 'As is', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'Four reps', xml: saved.xml! }], { ...RUN, cases: 1000 }));
    expect(c.variants[1]!.scenario.source).toBe('own');
    const d = c.differences[0]!.kpis;
    expect(d.waitingTime!.difference.ci95![1]).toBeLessThan(0);
    // The same work is spread over 4 instead of 3 people: utilisation falls to about 3/4 of the baseline's.
    const ratio = d['utilisation:sales-representatives']!.variantMean! / d['utilisation:sales-representatives']!.baselineMean!;
    expect(ratio).toBeCloseTo(0.75, 1);
    // Common random numbers: the cycle times of both variants rise and fall together with the shared arrivals, so
    // the paired interval is narrower than the one two independent runs would give, √(h₁² + h₂²) (here 1666 s
    // against 2048 s; the processing time below shows the extreme case, 0 against a positive width).
    const half = (ci: readonly [number, number] | null) => (ci![1] - ci![0]) / 2;
    const [asIs, fourReps] = [c.variants[0]!.kpis.cycleTime!, c.variants[1]!.kpis.cycleTime!];
    expect(half(d.cycleTime!.difference.ci95)).toBeLessThan(Math.hypot(half(asIs.ci95), half(fourReps.ci95)));
    // Work per case is the same random numbers: processing time is identical replication by replication.
    expect(d.processingTime!.difference.mean).toBeCloseTo(0, 9);
  });

  it('overlays histograms on common bin edges, each series summing to 1', async () => {
    const c = expectOk(await compareVariants([{ name: 'As is', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'To be', xml: await withoutCheckHistory() }], RUN));
    for (const h of [c.histograms.cycleTime, c.histograms.firstResponseTime!]) {
      expect(h.edges[0]).toBe(0);
      expect(h.edges.length).toBeLessThanOrEqual(21);
      for (const s of h.series) {
        expect(s.shares).toHaveLength(h.edges.length - 1);
        expect(s.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      }
    }
    // The shorter process has more of its cases in the first bins.
    const firstHalf = (shares: readonly number[]) => shares.slice(0, Math.ceil(shares.length / 2)).reduce((a, b) => a + b, 0);
    const [asIs, toBe] = c.histograms.cycleTime.series;
    expect(firstHalf(toBe!.shares)).toBeGreaterThan(firstHalf(asIs!.shares));
    expect(c.variants.map((v) => v.scorecard.score)).toHaveLength(2);
  });

  it('compares each case type: serving VIPs first cuts their first response, significantly, against their own 1 h target', async () => {
    const types = (vipPriority: number) => ({
      ...LEAD_TO_QUOTE_SCENARIO,
      caseTypes: [
        { id: 'vip', name: 'VIP', share: 0.2, priority: vipPriority, targets: { firstResponseSla: { value: 1, unit: 'h' as const } } },
        { id: 'standard', name: 'Standard', share: 0.8, priority: 0 },
      ],
    });
    const asIs = (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [types(0)])).xml!;
    const vipFirst = (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [types(1)])).xml!;
    const c = expectOk(await compareVariants([{ name: 'As is', xml: asIs }, { name: 'VIP first', xml: vipFirst }], { ...RUN, cases: 1000 }));
    expect(c.caseTypes.map((t) => [t.id, t.share])).toEqual([['vip', 0.2], ['standard', 0.8]]);
    expect(c.segmentKpiDefinitions.map((k) => k.key)).not.toContain('utilisation:sales-representatives');
    expect(c.variants.map((v) => v.segments.map((s) => s.id))).toEqual([['vip', 'standard'], ['vip', 'standard']]);
    // The segment's figures are the simulation's own for that type (its 1 h target for the share within SLA).
    const simulatedVip = c.variants[0]!.simulation.segments.find((s) => s.id === 'vip')!;
    expect(c.variants[0]!.segments[0]!.kpis['firstResponseTime']!.mean).toBeCloseTo(simulatedVip.kpis.firstResponseTime.mean!, 9);
    expect(c.variants[0]!.segments[0]!.kpis['firstResponseWithinSla']!.mean).toBeCloseTo(simulatedVip.kpis.firstResponseTime.withinSla!, 9);
    expect(simulatedVip.kpis.firstResponseTime.slaSeconds).toBe(3600);
    const [vip, standard] = c.differences[0]!.segments;
    expect(vip!.id).toBe('vip');
    const vipResponse = vip!.kpis['firstResponseTime']!;
    expect(vipResponse.difference.pairs).toBe(8);
    expect(vipResponse.difference.ci95![1]).toBeLessThan(0);
    expect(vipResponse.verdict).toBe('better');
    expect(vipResponse.difference.mean!).toBeCloseTo(vipResponse.variantMean! - vipResponse.baselineMean!, 6);
    // Non-preemptive priority moves waiting from the VIPs to the others: the standard cases wait longer.
    expect(standard!.kpis['waitingTime']!.difference.mean!).toBeGreaterThan(0);
    // The reports show one table per type, with the paired difference and its marker.
    const report = createComparisonReport(c);
    expect(report.caseTypes.map((t) => [t.name, t.share])).toEqual([['VIP', '20 %'], ['Standard', '80 %']]);
    const row = report.caseTypes[0]!.kpis.find((r) => r.definition.key === 'firstResponseTime')!;
    expect(row.differences[0]!.mean).toBe(vipResponse.difference.mean);
    expect(row.differences[0]!.marker).toBe('▼ better');
    const md = renderMarkdownReport(c);
    expect(md).toContain('### Case type: VIP (20 % of arrivals)');
    const vipTable = md.slice(md.indexOf('### Case type: VIP'), md.indexOf('### Case type: Standard'));
    expect(vipTable.split('\n').find((l) => l.startsWith('| First response |'))).toMatch(/\*\*-[\d.]+ (min|h) \[.*\] \(-[\d.]+ %\)\*\* ▼ better \|$/);
    expect(renderHtmlReport(c)).toContain('<h2>Case type: Standard (80 % of arrivals)</h2>');
    // Identical variants: every per-type difference is exactly 0.
    const same = expectOk(await compareVariants([{ name: 'A', xml: asIs }, { name: 'B', xml: asIs }], RUN));
    for (const segment of same.differences[0]!.segments)
      for (const [key, d] of Object.entries(segment.kpis)) expect(d.verdict, `${segment.id} ${key}`).toBe('noChange');
  });

  it('has no per-type rows when the baseline has no case types', async () => {
    const c = expectOk(await compareVariants([{ name: 'A', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'B', xml: LEAD_TO_QUOTE_SAMPLE }], { ...RUN, cases: 50, replications: 2 }));
    expect(c.caseTypes).toEqual([]);
    expect(c.differences[0]!.segments).toEqual([]);
    expect(c.variants[0]!.segments).toEqual([]);
  });

  it('refuses a wrong count of variants, an unknown scenario and a broken file with issues', async () => {
    const one = await compareVariants([{ name: 'A', xml: LEAD_TO_QUOTE_SAMPLE }]);
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.issues[0]!.message).toBe('Compare 2 to 4 variants (got 1).');
    const scenario = await compareVariants([{ name: 'A', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'B', xml: LEAD_TO_QUOTE_SAMPLE }], { scenarioId: 'nope' });
    expect(scenario.ok).toBe(false);
    if (!scenario.ok) expect(scenario.issues[0]!.message).toBe('A: There is no scenario "nope" in the baseline. Its scenarios: "As is".');
    const broken = await compareVariants([{ name: 'A', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'B', xml: '<bpmn:definitions' }]);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.issues[0]!.message.startsWith('B: ')).toBe(true);
  });
});

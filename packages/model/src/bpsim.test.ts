import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distributionMean, icalToHours, importBpsim, parseBpmn, validateScenario, type Scenario } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');
const read = (name: string) => readFileSync(join(fixturesDir, 'bpsim', name), 'utf8');

/** The attributes of the distribution element inside <ElementParameters elementRef=ref> of scenario `id`, read with a regex. */
function rawParameter(xml: string, scenarioId: string, ref: string, tag: string): Record<string, string> {
  const scenario = new RegExp(`<bpsim:Scenario [^>]*id="${scenarioId}"[\\s\\S]*?</bpsim:Scenario>`).exec(xml)![0];
  const block = new RegExp(`<bpsim:ElementParameters elementRef="${ref}">[\\s\\S]*?</bpsim:ElementParameters>`).exec(scenario)![0];
  const element = new RegExp(`<bpsim:${tag} ([^>]*?)/?>`).exec(block)![1]!;
  return Object.fromEntries([...element.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('importBpsim: technical support (BPSim 2.0, three scenarios with inheritance)', async () => {
  const xml = read('technical-support-process-v2.0.0.bpmn');
  const { scenarios, report } = await importBpsim(xml);
  const graph = (await parseBpmn(xml)).graph!;
  const byId = (id: string) => scenarios.find((s) => s.id === id)!;

  it('imports S1, S2 and S3 by name', () => {
    expect(scenarios.map((s) => [s.id, s.name])).toEqual([
      ['S1', '1 - Control perspective'],
      ['S2', '2 - Temporal perspective'],
      ['S3', '3 - Resource perspective'],
    ]);
  });

  it('reads S1: triangular arrivals in minutes (baseTimeUnit="min"), percentages as probabilities, one month, 3 replications', () => {
    const s1 = byId('S1');
    const raw = rawParameter(xml, 'S1', '_10-42', 'TriangularDistribution');
    expect(s1.arrivals['_10-42']!.interArrival).toEqual({ type: 'triangular', min: Number(raw['min']), mode: Number(raw['mode']), max: Number(raw['max']), unit: 'min' });
    // 60 and 40 in the file -> 0.6 and 0.4.
    expect(s1.gateways['_10-114']!.probabilities).toEqual({ '_10-189': 0.6, '_10-286': 0.4 });
    expect(s1.gateways['_10-195']!.probabilities).toEqual({ '_10-233': 0.15, '_10-456': 0.85 });
    expect(s1.gateways['_10-356']!.probabilities).toEqual({ '_10-431': 0.7, '_10-509': 0.3 });
    expect(s1.gateways['_10-593']!.probabilities).toEqual({ '_10-668': 0.8, '_10-721': 0.2 });
    expect(s1.horizon).toEqual({ value: 30, unit: 'd' });
    expect(s1.replications).toBe(3);
    expect(s1.startTime).toBe('2016-01-01T06:00:00.000Z');
    expect(s1.tasks).toEqual({});
    expect(s1.warmUp).toBeUndefined();
  });

  it('reads S2 = S1 + processing times in minutes + a 7-day warm-up', () => {
    const s1 = byId('S1');
    const s2 = byId('S2');
    expect(s2.arrivals).toEqual(s1.arrivals);
    expect(s2.gateways).toEqual(s1.gateways);
    expect(s2.horizon).toEqual({ value: 30, unit: 'd' });
    expect(s2.warmUp).toEqual({ value: 7, unit: 'd' });
    expect(s2.replications).toBe(3);
    const supplier = rawParameter(xml, 'S2', '_10-794', 'TruncatedNormalDistribution');
    expect(s2.tasks['_10-794']!.duration).toEqual({ type: 'normal', mean: Number(supplier['mean']), sd: Number(supplier['standardDeviation']), unit: 'min' });
    expect(s2.tasks['_10-794']!.duration).toEqual({ type: 'normal', mean: 300, sd: 30, unit: 'min' });
    expect(s2.tasks['_10-138']!.duration).toEqual({ type: 'normal', mean: 10, sd: 2.5, unit: 'min' });
    // DurationParameter PT30S keeps its own unit.
    expect(s2.tasks['_10-235']!.duration).toEqual({ type: 'fixed', value: 30, unit: 's' });
    expect(Object.keys(s2.tasks).sort()).toEqual(['_10-138', '_10-235', '_10-303', '_10-380', '_10-458', '_10-526', '_10-57', '_10-617', '_10-670', '_10-794', '_10-847', '_10-920']);
    // No resources in S2: tasks never wait (the processes have no lanes, so no pools are needed).
    expect(s2.pools).toEqual([]);
    // Mean processing time of 'Get issue description from customer' is 4 min (truncation at 0 is 8 sd away).
    expect(distributionMean(s2.tasks['_10-57']!.duration!)).toBeCloseTo(240, 6);
    expect(validateScenario(s2, graph).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reads S3 = S2 + shift-based resources, with what it cannot represent reported', () => {
    const s3 = byId('S3');
    expect(s3.tasks['_10-57']).toMatchObject({ poolId: 'resource_Front_Office', duration: { type: 'normal', mean: 4, sd: 0.5, unit: 'min' } });
    expect(s3.tasks['_10-526']!.poolId).toBe('resource_2nd_Level_Techical_Support_Agent');
    expect(s3.tasks['_10-794']!.poolId).toBe('resource_Supplier');
    const pool = (id: string) => s3.pools.find((p) => p.id === id)!;
    const every = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    // The quantity per shift (validFor C1..C7) is a shift plan, not one flattened headcount.
    expect(pool('resource_Front_Office')).toMatchObject({ name: 'Front Office', headcount: 200 });
    expect(pool('resource_Front_Office').shifts!.periods).toEqual([
      { days: every, from: '00:00', to: '01:00', headcount: 100 },
      { days: every, from: '01:00', to: '06:00', headcount: 40 },
      { days: every, from: '06:00', to: '09:00', headcount: 200 },
      { days: every, from: '09:00', to: '12:00', headcount: 90 },
      { days: every, from: '12:00', to: '15:00', headcount: 130 },
      { days: every, from: '15:00', to: '18:00', headcount: 60 },
      { days: every, from: '18:00', to: '22:00', headcount: 150 },
      { days: every, from: '22:00', to: '24:00', headcount: 100 },
    ]);
    expect(pool('resource_Front_Office').calendarId).toBeUndefined();
    expect(pool('resource_1st_Level_Techical_Support_Agent').headcount).toBe(3);
    expect(pool('resource_2nd_Level_Techical_Support_Agent').headcount).toBe(2);
    // One quantity on its shifts, nobody otherwise: a calendar (work pauses off shift). The supplier works C8:
    // weekdays 09:00-22:00.
    const supplierCalendar = s3.calendars.find((c) => c.id === pool('resource_Supplier').calendarId)!;
    expect(supplierCalendar.hours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '22:00' }]);
    expect(pool('resource_Supplier').shifts).toBeUndefined();
    // The shift calendar crossing midnight (C6, 22:00-01:00) is split in two.
    expect(s3.calendars.find((c) => c.id === 'C6')!.hours).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '22:00', to: '24:00' },
      { days: ['tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'mon'], from: '00:00', to: '01:00' },
    ]);
    // The inter-arrival time per shift (0.35 min in C1 = 171.4 an hour...) is a weekly arrival profile; default 1.0 min.
    const arrivals = s3.arrivals['_10-42']!;
    expect(arrivals.interArrival).toEqual({ type: 'fixed', value: 1, unit: 'min' });
    expect(arrivals.profile!.periods.find((p) => p.from === '06:00')).toEqual({ days: every, from: '06:00', to: '09:00', casesPerHour: 171.428571429 });
    expect(arrivals.profile!.periods.find((p) => p.from === '01:00')!.casesPerHour).toBe(30);
    const s3Warnings = report.unmapped.filter((i) => i.message.startsWith("Scenario '3 - Resource perspective'"));
    expect(s3Warnings.find((i) => i.code === 'import.bpsim.validFor')).toBeUndefined();
    expect(s3Warnings.find((i) => i.code === 'import.bpsim.arrivalProfile')).toMatchObject({ severity: 'info' });
    expect(s3Warnings.filter((i) => i.code === 'import.bpsim.shifts')).toHaveLength(1);
    expect(validateScenario(s3, graph).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reports percentages and result requests', () => {
    expect(report.unmapped.filter((i) => i.code === 'import.bpsim.percent')).toHaveLength(12);
    expect(report.unmapped.filter((i) => i.code === 'import.bpsim.resultRequests').every((i) => i.severity === 'info')).toBe(true);
    expect(report.mapped.length).toBeGreaterThan(30);
  });
});

describe('importBpsim: car repair (two scenarios)', async () => {
  const xml = read('car-repair-process-v2.0.0.bpmn');
  const { scenarios, report } = await importBpsim(xml);
  const graph = (await parseBpmn(xml)).graph!;
  const [s1, s2] = scenarios as [Scenario, Scenario];

  it('imports both scenarios with arrivals every 24 minutes over 60 hours', () => {
    expect(scenarios.map((s) => s.id)).toEqual(['S1', 'S2']);
    expect(s1.arrivals['_51BDA265-2FF5-40CB-B68D-1FBF9DAAA74C']!.interArrival).toEqual({ type: 'fixed', value: 24, unit: 'min' });
    expect(s1.horizon).toEqual({ value: 60, unit: 'h' });
    expect(s1.replications).toBe(3);
    expect(s2.arrivals).toEqual(s1.arrivals);
  });

  it('maps branch probabilities and scales 0.66 + 0.33 to 1 with a warning', () => {
    expect(s1.gateways['_5C0BF369-3360-43C3-9792-3E6492BA7291']!.probabilities).toEqual({
      '_BEFA7BF4-D1C2-47CB-B0CD-EF87E541B1BC': 0.25,
      '_751A4C0A-FC0F-441E-A587-4016BE8101B3': 0.75,
    });
    const accepted = s1.gateways['_F7498C3B-5925-415A-80D7-D16758B353C9']!.probabilities;
    expect(accepted['_3B161ED4-4C10-4349-9A2D-B4E002D5EC0E']).toBeCloseTo(0.66 / 0.99, 9);
    expect(accepted['_3654E294-536A-4CD2-9950-11F02657EE60']).toBeCloseTo(0.33 / 0.99, 9);
    expect(report.unmapped.find((i) => i.code === 'import.bpsim.normalised')!.message).toBe(
      "Scenario 'Scenario 1: Main flow without sub-processes': the branch probabilities of 'Accepted?' add up to 0.99; they were scaled to add up to 1.",
    );
    expect(validateScenario(s1, graph).filter((i) => i.code === 'gateway.probabilities.sum')).toEqual([]);
  });

  it('reports conditions, properties and the event sub-process trigger it cannot map', () => {
    const messages = report.unmapped.map((i) => i.message);
    expect(messages).toContain("Scenario 'Scenario 1: Main flow without sub-processes': the BPSim parameter ControlParameters/Condition on 'More Issues to Repair' has no Leanflow equivalent and was not imported.");
    expect(messages).toContain("Scenario 'Scenario 2: Main and Secondary paths': the BPSim parameter ControlParameters/InterTriggerTimer on 'Repairs Aborted' has no Leanflow equivalent and was not imported.");
    expect(messages.filter((m) => m.includes('Property noOfIssues'))).toHaveLength(6);
  });
});

describe('icalToHours', () => {
  it('reads daily and weekly rules', () => {
    const ical = 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20160104T080000\nDTEND:20160104T123000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:20160104T130000\nDTEND:20160104T170000\nRRULE:FREQ=WEEKLY\nEND:VEVENT\nEND:VCALENDAR';
    expect(icalToHours(ical)).toEqual({
      hours: [
        { days: ['mon', 'wed'], from: '08:00', to: '12:30' },
        { days: ['mon'], from: '13:00', to: '17:00' },
      ],
      problems: [],
    });
    expect(icalToHours('BEGIN:VEVENT\nDTSTART:20160104T080000\nDTEND:20160104T090000\nEND:VEVENT').problems).toEqual(['a one-off event (no RRULE)']);
  });
});

describe('importBpsim: a hand-written BPSim 1.0 file with hours, costs and every distribution kind', () => {
  const bpsim = (body: string) => `<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpsim="http://www.bpsim.org/schemas/1.0" id="d" targetNamespace="t">
  <resource id="Clerks" name="Clerks"/>
  <process id="p"><laneSet id="ls"><lane id="L" name="Back office"><flowNodeRef>A</flowNodeRef><flowNodeRef>B</flowNodeRef><flowNodeRef>C</flowNodeRef><flowNodeRef>D</flowNodeRef></lane></laneSet>
    <startEvent id="S" name="Request"/><task id="A" name="Gamma task"/><task id="B" name="User task"/><task id="C" name="Uniform task"/><task id="D" name="Weibull task"/><endEvent id="E"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="A"/><sequenceFlow id="f2" sourceRef="A" targetRef="B"/><sequenceFlow id="f3" sourceRef="B" targetRef="C"/><sequenceFlow id="f4" sourceRef="C" targetRef="D"/><sequenceFlow id="f5" sourceRef="D" targetRef="E"/></process>
  <relationship type="BPSimData"><extensionElements><bpsim:BPSimData>${body}</bpsim:BPSimData></extensionElements><source>d</source><target>d</target></relationship>
</definitions>`;
  const scenario = `
    <bpsim:Scenario id="base" name="Base"><bpsim:ScenarioParameters baseTimeUnit="hour" replication="7" seed="99" baseCurrencyUnit="USD"/>
      <bpsim:ElementParameters elementRef="S"><bpsim:ControlParameters>
        <bpsim:InterTriggerTimer><bpsim:ExponentialDistribution mean="0.5"/></bpsim:InterTriggerTimer>
        <bpsim:TriggerCount><bpsim:NumericParameter value="400"/></bpsim:TriggerCount></bpsim:ControlParameters></bpsim:ElementParameters>
      <bpsim:ElementParameters elementRef="A"><bpsim:TimeParameters><bpsim:ProcessingTime><bpsim:GammaDistribution shape="4" scale="0.25"/></bpsim:ProcessingTime></bpsim:TimeParameters>
        <bpsim:CostParameters><bpsim:FixedCost><bpsim:FloatingParameter value="12.5"/></bpsim:FixedCost></bpsim:CostParameters></bpsim:ElementParameters>
      <bpsim:ElementParameters elementRef="B"><bpsim:TimeParameters><bpsim:ProcessingTime><bpsim:UserDistribution>
        <bpsim:UserDistributionDataPoint probability="0.25"><bpsim:FloatingParameter value="1"/></bpsim:UserDistributionDataPoint>
        <bpsim:UserDistributionDataPoint probability="0.75"><bpsim:FloatingParameter value="2"/></bpsim:UserDistributionDataPoint>
      </bpsim:UserDistribution></bpsim:ProcessingTime></bpsim:TimeParameters></bpsim:ElementParameters>
      <bpsim:ElementParameters elementRef="C"><bpsim:TimeParameters><bpsim:ProcessingTime><bpsim:UniformDistribution min="0.5" max="1.5"/></bpsim:ProcessingTime>
        <bpsim:SetupTime><bpsim:FloatingParameter value="0.1"/></bpsim:SetupTime></bpsim:TimeParameters></bpsim:ElementParameters>
      <bpsim:ElementParameters elementRef="D"><bpsim:TimeParameters><bpsim:ProcessingTime><bpsim:PoissonDistribution mean="2"/></bpsim:ProcessingTime></bpsim:TimeParameters></bpsim:ElementParameters>
    </bpsim:Scenario>
    <bpsim:Scenario id="staffed" name="Staffed" inherits="base">
      <bpsim:ElementParameters elementRef="Clerks"><bpsim:ResourceParameters><bpsim:Quantity><bpsim:NumericParameter value="3"/></bpsim:Quantity></bpsim:ResourceParameters>
        <bpsim:CostParameters><bpsim:UnitCost><bpsim:FloatingParameter value="40"/></bpsim:UnitCost></bpsim:CostParameters></bpsim:ElementParameters>
      <bpsim:ElementParameters elementRef="A"><bpsim:ResourceParameters><bpsim:Selection><bpsim:ExpressionParameter value="getResource('Clerks', 1)"/></bpsim:Selection></bpsim:ResourceParameters></bpsim:ElementParameters>
    </bpsim:Scenario>`;

  it('reads values in hours, maps costs and counts, and reports what it cannot map', async () => {
    const xml = bpsim(scenario);
    const { scenarios, report } = await importBpsim(xml);
    const [base, staffed] = scenarios as [Scenario, Scenario];
    expect(base).toMatchObject({ replications: 7, seed: 99, currency: 'USD' });
    expect(base.arrivals['S']).toEqual({ interArrival: { type: 'exponential', mean: 0.5, unit: 'h' }, cases: 400 });
    // Gamma(shape 4, scale 0.25 h): mean 1 h, sd 0.5 h.
    expect(base.tasks['A']).toMatchObject({ duration: { type: 'gamma', mean: 1, sd: 0.5, unit: 'h' }, fixedCost: 12.5 });
    expect(base.tasks['B']!.duration).toEqual({ type: 'empirical', bins: [{ min: 1, max: 1, weight: 0.25 }, { min: 2, max: 2, weight: 0.75 }], unit: 'h' });
    expect(distributionMean(base.tasks['B']!.duration!)).toBeCloseTo(1.75 * 3600, 9);
    expect(base.tasks['C']!.duration).toEqual({ type: 'uniform', min: 0.5, max: 1.5, unit: 'h' });
    expect(base.tasks['D']).toBeUndefined();
    const messages = report.unmapped.map((i) => i.message);
    expect(messages).toContain("Scenario 'Base': 'Weibull task' processing time PoissonDistribution(mean=2) was not imported: PoissonDistribution has no Leanflow equivalent.");
    expect(messages).toContain("Scenario 'Base': the BPSim parameter TimeParameters/SetupTime on 'Uniform task' has no Leanflow equivalent and was not imported.");
    // No resources in 'base' and the tasks sit in a lane: an unlimited pool says "never waits".
    expect(base.pools).toEqual([{ id: 'unlimited-L', name: 'Back office (unlimited)', headcount: 100_000, costPerHour: 0, laneIds: ['L'] }]);
    // 'staffed' inherits everything and adds 3 clerks at 40 per hour (unit cost per base time unit = hour).
    // Tasks B-D select no resource, so their lane keeps an unlimited pool; A uses the clerks.
    expect(staffed.pools).toEqual([
      { id: 'Clerks', name: 'Clerks', headcount: 3, costPerHour: 40, laneIds: [] },
      { id: 'unlimited-L', name: 'Back office (unlimited)', headcount: 100_000, costPerHour: 0, laneIds: ['L'] },
    ]);
    const graph = (await parseBpmn(xml)).graph!;
    expect(validateScenario(staffed, graph).filter((i) => i.severity === 'error')).toEqual([]);
    expect(staffed.tasks['A']).toMatchObject({ poolId: 'Clerks', duration: { type: 'gamma', mean: 1, sd: 0.5, unit: 'h' } });
    expect(staffed.tasks['C']!.duration).toEqual(base.tasks['C']!.duration);
  });

  it('keeps a resource quantity of 0: the pool is unstaffed and its task is reported', async () => {
    const xml = bpsim(scenario.replace('<bpsim:NumericParameter value="3"/>', '<bpsim:NumericParameter value="0"/>'));
    const { scenarios, report } = await importBpsim(xml);
    const staffed = scenarios[1]!;
    expect(staffed.pools[0]).toMatchObject({ id: 'Clerks', headcount: 0 });
    expect(report.unmapped).toContainEqual(expect.objectContaining({ code: 'import.bpsim.quantityZero', elementId: 'Clerks' }));
    const errors = validateScenario(staffed, (await parseBpmn(xml)).graph!).filter((i) => i.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'pool.unstaffed', elementId: 'A', message: expect.stringMatching(/^Pool 'Clerks' has nobody \(headcount 0\): its task '.+' can never be served\./) })]);
  });

  it('reports an inheritance loop instead of hanging', async () => {
    const looped = `<bpsim:Scenario id="x" name="X" inherits="y"/><bpsim:Scenario id="y" name="Y" inherits="x"/>`;
    const { scenarios, report } = await importBpsim(bpsim(looped));
    expect(scenarios.map((s) => s.id)).toEqual(['x', 'y']);
    expect(report.unmapped.filter((i) => i.code === 'import.bpsim.inheritanceLoop')).toHaveLength(2);
  });
});

describe('importBpsim: timers on boundary events', () => {
  it('imports InterTriggerTimer on a boundary timer as the time until it fires (a 1-hour time limit)', async () => {
    const xml = readFileSync(join(import.meta.dirname, 'interchange-fixtures', 'bpsim-boundary-timer.bpmn'), 'utf8');
    const { scenarios, report } = await importBpsim(xml);
    expect(scenarios[0]!.events['TimeLimit']).toEqual({ duration: { type: 'fixed', value: 1, unit: 'h' } });
    expect(report.unmapped.filter((i) => i.elementId === 'TimeLimit')).toEqual([]);
    expect(validateScenario(scenarios[0]!, (await parseBpmn(xml)).graph!).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

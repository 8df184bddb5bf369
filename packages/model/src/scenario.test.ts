import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LEAD_TO_QUOTE_SAMPLE,
  createDefaultScenario,
  describeDistribution,
  distributionFromEstimate,
  distributionMean,
  gammaFunction,
  parseBpmn,
  readScenarios,
  saveScenariosToXml,
  validateScenario,
  type ProcessGraph,
  type ScenarioInput,
} from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

async function sampleGraph(): Promise<ProcessGraph> {
  return (await parseBpmn(LEAD_TO_QUOTE_SAMPLE)).graph!;
}

/** A valid scenario for the sample, to break one thing at a time. */
function validInput(): ScenarioInput & Record<string, unknown> {
  return {
    id: 'as-is',
    name: 'As is',
    calendars: [{ id: 'office', name: 'Office', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }],
    pools: [
      { id: 'assistants', name: 'Sales assistant', headcount: 2, calendarId: 'office', laneIds: ['Lane_Assistant'] },
      { id: 'reps', name: 'Sales representative', headcount: 3, calendarId: 'office', laneIds: ['Lane_Representative'] },
      { id: 'managers', name: 'Sales manager', headcount: 1, calendarId: 'office', laneIds: ['Lane_Manager'] },
    ],
    arrivals: { Start_LeadReceived: { interArrival: { type: 'exponential', mean: 20 }, calendarId: 'office' } },
    tasks: Object.fromEntries(
      ['Task_Acknowledge', 'Task_CheckHistory', 'Task_Qualify', 'Task_SendRejection', 'Task_PrepareQuote', 'Task_Approve', 'Task_SendQuote'].map((id) => [
        id,
        { duration: { type: 'triangular', min: 5, mode: 10, max: 20 } },
      ]),
    ),
    gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 0.7, Flow_No: 0.3 } } },
  };
}

describe('validateScenario', () => {
  it('accepts a complete scenario', async () => {
    expect(validateScenario(validInput(), await sampleGraph())).toEqual([]);
  });

  const cases: [string, (s: ReturnType<typeof validInput>) => void, Partial<{ code: string; message: string; path: string; elementId: string }>][] = [
    ['XOR probabilities that do not add up to 1', (s) => { s.gateways = { Gateway_Qualified: { probabilities: { Flow_Yes: 0.6, Flow_No: 0.3 } } }; },
      { code: 'gateway.probabilities.sum', message: "The branch probabilities of 'Qualified?' add up to 0.9; they must add up to 1.", elementId: 'Gateway_Qualified', path: 'gateways.Gateway_Qualified.probabilities' }],
    ['a probability above 1', (s) => { s.gateways = { Gateway_Qualified: { probabilities: { Flow_Yes: 1.5, Flow_No: 0 } } }; },
      { message: "Gateway 'Qualified?', probabilities Flow_Yes: A probability cannot be above 1.", path: 'gateways.Gateway_Qualified.probabilities.Flow_Yes', elementId: 'Gateway_Qualified' }],
    ['a probability for a flow that does not leave the gateway', (s) => { s.gateways = { Gateway_Qualified: { probabilities: { Flow_Yes: 0.7, Flow_No: 0.3, Flow_1: 0 } } }; },
      { code: 'gateway.unknownFlow', message: "Gateway 'Qualified?' has a probability for 'Flow_1', which is not one of its outgoing flows." }],
    ['min > max in a uniform duration', (s) => { (s.tasks as Record<string, unknown>)['Task_Qualify'] = { duration: { type: 'uniform', min: 30, max: 10 } }; },
      { message: "Task 'Qualify lead', duration min: The minimum must not be greater than the maximum.", path: 'tasks.Task_Qualify.duration.min', elementId: 'Task_Qualify' }],
    ['a most likely value outside the range', (s) => { (s.tasks as Record<string, unknown>)['Task_Qualify'] = { duration: { type: 'triangular', min: 10, mode: 5, max: 20 } }; },
      { message: "Task 'Qualify lead', duration mode: Use minimum <= most likely <= maximum.", elementId: 'Task_Qualify' }],
    ['a negative mean', (s) => { (s.tasks as Record<string, unknown>)['Task_Qualify'] = { duration: { type: 'normal', mean: -3, sd: 1 } }; },
      { message: "Task 'Qualify lead', duration mean: The mean cannot be negative." }],
    ['a zero exponential mean', (s) => { (s.arrivals as Record<string, unknown>)['Start_LeadReceived'] = { interArrival: { type: 'exponential', mean: 0 } }; },
      { message: "Start event 'Lead received', interArrival mean: The mean must be greater than 0.", elementId: 'Start_LeadReceived' }],
    ['a fractional Erlang k', (s) => { (s.tasks as Record<string, unknown>)['Task_Qualify'] = { duration: { type: 'erlang', k: 1.5, mean: 10 } }; },
      { message: "Task 'Qualify lead', duration k: The number of phases k must be a whole number." }],
    ['an empty histogram', (s) => { (s.tasks as Record<string, unknown>)['Task_Qualify'] = { duration: { type: 'empirical', bins: [] } }; },
      { message: "Task 'Qualify lead', duration bins: A histogram needs at least one bin." }],
    ['a pool with nobody in it that tasks need', (s) => { (s.pools as { headcount: number }[])[2]!.headcount = 0; },
      { code: 'pool.unstaffed', message: "Pool 'Sales manager' has nobody (headcount 0): its task 'Manager approval' can never be served. Give it at least one person.", path: 'pools.2.headcount', elementId: 'Task_Approve' }],
    ['a negative headcount', (s) => { (s.pools as { headcount: number }[])[0]!.headcount = -1; },
      { message: "Pool 'Sales assistant', headcount: Headcount cannot be negative.", path: 'pools.0.headcount' }],
    ['a negative cost per hour', (s) => { (s.pools as { costPerHour?: number }[])[1]!.costPerHour = -5; },
      { message: "Pool 'Sales representative', costPerHour: The cost per hour cannot be negative." }],
    ['working hours that end before they start', (s) => { (s.calendars as { hours: unknown[] }[])[0]!.hours = [{ days: ['mon'], from: '17:00', to: '09:00' }]; },
      { message: "Calendar 'Office', hours to: The end time must be after the start time." }],
    ['a badly written holiday', (s) => { (s.calendars as { holidays?: string[] }[])[0]!.holidays = ['25.12.2026']; },
      { message: "Calendar 'Office', holidays: Use a date like 2026-12-25." }],
    ['an unknown time zone', (s) => { (s.calendars as { timeZone?: string }[])[0]!.timeZone = 'Mars/Olympus'; },
      { code: 'calendar.timeZone', message: "Calendar 'Office': 'Mars/Olympus' is not a time zone; use one like Europe/Berlin or UTC." }],
    ['a reference to an unknown calendar', (s) => { (s.pools as { calendarId?: string }[])[2]!.calendarId = 'night-shift'; },
      { code: 'scenario.unknownCalendar', message: "Pool 'Sales manager' uses the calendar 'night-shift', which does not exist.", path: 'pools.2.calendarId' }],
    ['a reference to an unknown pool', (s) => { (s.tasks as Record<string, unknown>)['Task_Approve'] = { duration: { type: 'fixed', value: 5 }, poolId: 'directors' }; },
      { code: 'scenario.unknownPool', message: "Task 'Manager approval' uses the resource pool 'directors', which does not exist.", elementId: 'Task_Approve' }],
    ['a task in a lane without a pool', (s) => { s.pools = s.pools!.filter((p) => p.id !== 'managers'); },
      { code: 'task.noPool', message: "Task 'Manager approval' is in lane 'Sales manager', but no resource pool covers that lane. Add the lane to a pool, pick a pool for the task, or mark it automated.", elementId: 'Task_Approve' }],
    ['a pool for a lane that is not in the diagram', (s) => { (s.pools as { laneIds: string[] }[])[0]!.laneIds = ['Lane_Marketing']; },
      { code: 'scenario.unknownLane', message: "Pool 'Sales assistant' covers the lane 'Lane_Marketing', which is not in the diagram." }],
    ['settings for an element that is not in the diagram', (s) => { (s.tasks as Record<string, unknown>)['Task_Gone'] = { duration: { type: 'fixed', value: 1 } }; },
      { code: 'scenario.unknownElement', message: "The scenario has task settings for 'Task_Gone', which is not in the diagram.", elementId: 'Task_Gone' }],
    ['task settings on a gateway', (s) => { (s.tasks as Record<string, unknown>)['Gateway_Qualified'] = { duration: { type: 'fixed', value: 1 } }; },
      { code: 'scenario.notActivity', message: "'Qualified?' is not a task, so it cannot have a duration or a resource." }],
    ['arrivals at a task', (s) => { (s.arrivals as Record<string, unknown>)['Task_Qualify'] = { interArrival: { type: 'fixed', value: 1 } }; },
      { code: 'scenario.notStartEvent', message: "'Qualify lead' is not a start event, so cases cannot arrive there." }],
    ['no arrivals at all', (s) => { s.arrivals = {}; },
      { code: 'arrivals.missing', message: "No start event has arrivals, so no case would start. Say how often cases arrive at 'Lead received'." }],
    ['a warm-up longer than the horizon', (s) => { s.horizon = { value: 1, unit: 'd' }; s.warmUp = { value: 2, unit: 'd' }; },
      { code: 'scenario.warmUpTooLong', message: 'The warm-up is as long as the simulated period or longer, so no case would be measured.' }],
    ['a scenario without a name', (s) => { s.name = ''; }, { message: 'name: A scenario needs a name.', path: 'name' }],
    ['zero replications', (s) => { s.replications = 0; }, { message: 'replications: Run at least one replication.' }],
  ];

  it('accepts a pool with nobody in it when no task needs it (a role nobody fills yet)', async () => {
    const scenario = validInput();
    (scenario.pools as unknown[]).push({ id: 'clerks', name: 'Clerk', headcount: 0, laneIds: [] });
    expect(validateScenario(scenario, await sampleGraph())).toEqual([]);
  });

  it('names every task of an unstaffed pool, including tasks that pick the pool themselves', async () => {
    const scenario = validInput();
    (scenario.pools as { headcount: number }[])[1]!.headcount = 0;
    (scenario.tasks as Record<string, unknown>)['Task_Approve'] = { duration: { type: 'fixed', value: 5 }, poolId: 'reps' };
    const issues = validateScenario(scenario, await sampleGraph()).filter((i) => i.code === 'pool.unstaffed');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^Pool 'Sales representative' has nobody \(headcount 0\): its tasks '.+', '.+'.* can never be served\. Give it at least one person\.$/);
    expect(issues[0]!.message).toContain("'Manager approval'");
  });

  it.each(cases)('reports %s', async (_label, breakIt, expected) => {
    const scenario = validInput();
    breakIt(scenario);
    const issues = validateScenario(scenario, await sampleGraph());
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'error', ...expected }));
  });
});

describe('createDefaultScenario', () => {
  it('gives timers their duration or cycle period and leaves dates to the simulation', async () => {
    const timer = (id: string, body: string) => `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition>${body}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
    const { graph } = await parseBpmn(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="t"><bpmn:process id="P">
  <bpmn:startEvent id="S" />
  ${timer('D', '<bpmn:timeDuration>PT30M</bpmn:timeDuration>')}
  ${timer('C', '<bpmn:timeCycle>R6/P1D</bpmn:timeCycle>')}
  ${timer('At', '<bpmn:timeDate>2026-01-05T09:00:00Z</bpmn:timeDate>')}
  ${timer('Empty', '<bpmn:timeDate/>')}
</bpmn:process></bpmn:definitions>`);
    const events = createDefaultScenario(graph!).events;
    expect(events['D']!.duration).toEqual({ type: 'fixed', value: 1800, unit: 's' });
    expect(events['C']!.duration).toEqual({ type: 'fixed', value: 86400, unit: 's' });
    expect(events['At']).toBeUndefined();
    expect(events['Empty']!.duration).toEqual({ type: 'fixed', value: 1, unit: 'h' });
  });

  it('gives the sample one pool per lane, business hours and equal XOR probabilities, with no errors', async () => {
    const graph = await sampleGraph();
    const scenario = createDefaultScenario(graph);
    expect(scenario.pools.map((p) => [p.name, p.headcount, p.laneIds])).toEqual([
      ['Sales assistant', 1, ['Lane_Assistant']],
      ['Sales representative', 1, ['Lane_Representative']],
      ['Sales manager', 1, ['Lane_Manager']],
    ]);
    expect(scenario.calendars[0]!.hours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }]);
    expect(scenario.gateways['Gateway_Qualified']!.probabilities).toEqual({ Flow_No: 0.5, Flow_Yes: 0.5 });
    expect(scenario.tasks['Task_Acknowledge']).toMatchObject({ automated: true, duration: { type: 'fixed', value: 30, unit: 's' } });
    expect(Object.keys(scenario.tasks)).toHaveLength(7);
    expect(validateScenario(scenario, graph).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('splits XOR probabilities exactly for three branches and reads timer durations (C.3.0, B.2.0)', async () => {
    for (const file of ['miwg/reference/C.3.0.bpmn', 'miwg/reference/B.2.0.bpmn', 'miwg/reference/C.1.0.bpmn']) {
      const graph = (await parseBpmn(readFileSync(join(fixturesDir, file), 'utf8'))).graph!;
      const scenario = createDefaultScenario(graph);
      for (const [id, gateway] of Object.entries(scenario.gateways)) {
        if (graph.nodes.find((n) => n.id === id)!.kind !== 'exclusiveGateway') continue;
        expect(Object.values(gateway.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }
      expect(validateScenario(scenario, graph).filter((i) => i.code === 'gateway.probabilities.sum')).toEqual([]);
    }
  });
});

describe('scenarios stored in the file', () => {
  it('writes scenarios into the collaboration and reads them back equal', async () => {
    const graph = await sampleGraph();
    const scenario = createDefaultScenario(graph, { id: 'baseline', name: 'Baseline <&> "quoted"' });
    const second = { ...scenario, id: 'to-be', name: 'To be', replications: 10 };
    const { xml } = await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [scenario, second], { activeScenarioId: 'to-be' });
    expect(xml).toContain('<lf:scenarios active="to-be">');
    expect(xml).toMatch(/<bpmn:collaboration id="Collaboration_LeadToQuote">\s*<bpmn:extensionElements>\s*<lf:scenarios/);
    const reread = await parseBpmn(xml!);
    const stored = readScenarios(reread.definitions!);
    expect(stored.issues).toEqual([]);
    expect(stored.activeScenarioId).toBe('to-be');
    expect(stored.scenarios).toEqual([scenario, second]);
    // Saving again replaces rather than duplicates.
    const again = await saveScenariosToXml(xml!, [second]);
    expect(again.xml!.match(/<lf:scenario /g)).toHaveLength(1);
  });

  it('reports a damaged scenario instead of dropping it silently', async () => {
    const { xml } = await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [createDefaultScenario(await sampleGraph())]);
    const damaged = xml!.replace(/(<lf:scenario [^>]*>)\{/, '$1{oops');
    const stored = readScenarios((await parseBpmn(damaged)).definitions!);
    expect(stored.scenarios).toEqual([]);
    expect(stored.issues[0]).toMatchObject({ code: 'scenario.unreadable', severity: 'error' });
    expect(stored.issues[0]!.message).toContain("Scenario 'Default scenario' in the file is damaged");
  });
});

describe('distribution helpers', () => {
  it('maps "about 30 min, usually 20-45" to a triangular distribution with mean 31.67 min', () => {
    const result = distributionFromEstimate({ typical: 30, low: 20, high: 45, unit: 'min' });
    expect(result).toEqual({ ok: true, distribution: { type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' } });
    if (!result.ok) return;
    expect(distributionMean(result.distribution)).toBeCloseTo(1900, 9);
    expect(describeDistribution(result.distribution)).toBe('about 30 min, usually 20-45 min');
  });

  it('rejects an estimate whose range does not contain the typical value', () => {
    expect(distributionFromEstimate({ typical: 30, low: 40, high: 45, unit: 'min' })).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'estimate.order', message: 'The usual minimum (40 min) cannot be above the typical value (30 min).' })],
    });
    expect(distributionFromEstimate({ typical: 2, unit: 'h' })).toEqual({ ok: true, distribution: { type: 'fixed', value: 2, unit: 'h' } });
  });

  it('computes means in seconds against closed forms', () => {
    expect(distributionMean({ type: 'uniform', min: 1, max: 3, unit: 'h' })).toBe(7200);
    expect(distributionMean({ type: 'exponential', mean: 2, unit: 'min' })).toBe(120);
    expect(distributionMean({ type: 'erlang', k: 3, mean: 6, unit: 's' })).toBe(6);
    // Weibull with shape 1 is exponential with mean = scale; shape 2 has mean scale * sqrt(pi)/2.
    expect(distributionMean({ type: 'weibull', shape: 1, scale: 10, unit: 's' })).toBeCloseTo(10, 9);
    expect(distributionMean({ type: 'weibull', shape: 2, scale: 10, unit: 's' })).toBeCloseTo(5 * Math.sqrt(Math.PI), 9);
    expect(gammaFunction(5)).toBeCloseTo(24, 9);
    // Normal truncated at 0 with mean 0: the half-normal mean sd * sqrt(2/pi).
    expect(distributionMean({ type: 'normal', mean: 0, sd: 1, unit: 's' })).toBeCloseTo(Math.sqrt(2 / Math.PI), 6);
    // Far from 0 the truncation does not matter.
    expect(distributionMean({ type: 'normal', mean: 10, sd: 1, unit: 's' })).toBeCloseTo(10, 6);
    expect(distributionMean({ type: 'empirical', bins: [{ min: 0, max: 10, weight: 1 }, { min: 10, max: 20, weight: 3 }], unit: 's' })).toBe(12.5);
  });
});

describe('createDefaultScenario with several pools', () => {
  const xml = (sender: string) => `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
    <collaboration id="c"><participant id="Customer" name="Customer"${sender === 'process' ? ' processRef="PC"' : ''}/><participant id="Shop" processRef="PS"/>
      <messageFlow id="m" sourceRef="${sender === 'process' ? 'SendOrder' : 'Customer'}" targetRef="OrderIn"/></collaboration>
    ${sender === 'process' ? '<process id="PC"><startEvent id="Want"/><sendTask id="SendOrder" name="Send order"/><sequenceFlow id="f0" sourceRef="Want" targetRef="SendOrder"/></process>' : ''}
    <process id="PS"><startEvent id="OrderIn" name="Order in"><messageEventDefinition/></startEvent><task id="Ship" name="Ship"/><sequenceFlow id="f1" sourceRef="OrderIn" targetRef="Ship"/></process></definitions>`;

  it('gives arrivals to a start event a black-box pool sends to, but not to one another modelled pool starts', async () => {
    const blackBox = createDefaultScenario((await parseBpmn(xml('participant'))).graph!);
    expect(Object.keys(blackBox.arrivals)).toEqual(['OrderIn']);
    const modelled = createDefaultScenario((await parseBpmn(xml('process'))).graph!);
    expect(Object.keys(modelled.arrivals)).toEqual(['Want']);
  });
});

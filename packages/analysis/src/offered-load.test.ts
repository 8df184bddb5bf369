import { describe, expect, it } from 'vitest';
import { ScenarioSchema, type ScenarioInput } from '@leanflow/model';
import { buildGraph, simulateSync } from '@leanflow/sim';
import { computeOfferedLoad, overloadWarnings } from '@leanflow/analysis';

const fixed = (value: number, unit: 'min' | 'h' = 'min') => ({ type: 'fixed' as const, value, unit });
// A complaint desk: every case is handled once by the service desk (1 h), 30% also go to the specialist (2 h).
const graph = buildGraph({
  nodes: [
    { id: 'S', kind: 'startEvent' },
    { id: 'Handle', kind: 'userTask', name: 'Handle complaint', laneId: 'Desk' },
    { id: 'X', kind: 'exclusiveGateway' },
    { id: 'Expert', kind: 'userTask', name: 'Expert review', laneId: 'Specialist' },
    { id: 'E', kind: 'endEvent' },
  ],
  flows: [['S', 'Handle'], ['Handle', 'X'], ['X', 'Expert', 'toExpert'], ['X', 'E', 'done'], ['Expert', 'E']],
  lanes: [{ id: 'Desk' }, { id: 'Specialist' }],
});
const office = { id: 'office', name: 'Office', timeZone: 'UTC', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], from: '09:00', to: '17:00' }] };
const scenario = (arrivalsPerHour: number, extra: Partial<ScenarioInput> = {}) =>
  ScenarioSchema.parse({
    id: 's',
    name: 'Complaints',
    calendars: [office],
    pools: [
      { id: 'desk', name: 'Service desk', headcount: 3, calendarId: 'office', laneIds: ['Desk'] },
      { id: 'specialist', name: 'Specialist', headcount: 1, calendarId: 'office', laneIds: ['Specialist'] },
    ],
    arrivals: { S: { interArrival: fixed(60 / arrivalsPerHour), calendarId: 'office' } },
    tasks: { Handle: { duration: fixed(1, 'h') }, Expert: { duration: fixed(2, 'h') } },
    gateways: { X: { probabilities: { toExpert: 0.3, done: 0.7 } } },
    ...extra,
  });

describe('offered load per pool, before simulating', () => {
  it('reads weekly arrival profiles, shift plans and case types with their own durations', () => {
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[];
    // 4 an hour 09-13 and 2 an hour 13-17 on weekdays: 120 cases a week (not the inter-arrival time's 200).
    const [desk] = computeOfferedLoad(
      graph,
      scenario(5, {
        arrivals: { S: { interArrival: fixed(12), profile: { periods: [{ days: weekdays, from: '09:00', to: '13:00', casesPerHour: 4 }, { days: weekdays, from: '13:00', to: '17:00', casesPerHour: 2 }] } } },
        pools: [
          // 3 people mornings, 1 in the afternoon: 5 x (12 + 4) = 80 person-hours a week.
          { id: 'desk', name: 'Service desk', headcount: 3, laneIds: ['Desk'], shifts: { periods: [{ days: weekdays, from: '09:00', to: '13:00', headcount: 3 }, { days: weekdays, from: '13:00', to: '17:00', headcount: 1 }] } },
          { id: 'specialist', name: 'Specialist', headcount: 1, calendarId: 'office', laneIds: ['Specialist'] },
        ],
        // Half the cases are VIP and take 30 min at the desk: 45 min a case on average.
        caseTypes: [
          { id: 'std', name: 'Standard', share: 0.5, priority: 0 },
          { id: 'vip', name: 'VIP', share: 0.5, priority: 1, tasks: { Handle: { duration: fixed(30) } } },
        ],
      }),
    );
    expect(desk!.workHoursPerWeek).toBeCloseTo(120 * 0.75, 9);
    expect(desk!.capacityHoursPerWeek).toBeCloseTo(80, 9);
    expect(desk!.offeredLoad).toBeCloseTo(90 / 80, 9);
    expect(desk!.window).toBe('shifts, up to 3 at once');
  });

  it("weighs each case type's own branch probabilities and durations by its share (hand-computed)", () => {
    // 2 cases an hour Mon-Fri 9-17: 80 a week. VIP (20%) go to the expert 80% of the time for 3 h; standard (80%)
    // only 10% of the time (their own branch), for the scenario's 2 h. Specialist: 80 x (0.2 x 0.8 x 3 h + 0.8 x 0.1 x 2 h)
    // = 80 x 0.64 h = 51.2 h a week against 40 person-hours. (The scenario's 30% x the mean 2.2 h would say 52.8 h;
    // the scenario's 30% alone with the types' durations 0.3 x 2.2 x 80 too: neither is what the cases do.)
    const s = scenario(2, {
      caseTypes: [
        { id: 'vip', name: 'VIP', share: 0.2, priority: 1, tasks: { Expert: { duration: fixed(3, 'h') } }, gateways: { X: { probabilities: { toExpert: 0.8, done: 0.2 } } } },
        { id: 'std', name: 'Standard', share: 0.8, priority: 0, gateways: { X: { probabilities: { toExpert: 0.1, done: 0.9 } } } },
      ],
    });
    const [desk, specialist] = computeOfferedLoad(graph, s);
    expect(specialist!.workHoursPerWeek).toBeCloseTo(51.2, 9);
    expect(specialist!.offeredLoad).toBeCloseTo(51.2 / 40, 9);
    // Every type is handled at the desk once, 1 h: 80 h against 120.
    expect(desk!.workHoursPerWeek).toBeCloseTo(80, 9);
  });

  it('4 cases an hour, 1 h each, 3 people: 4/3 (overloaded); the specialist gets 4 x 0.3 x 2 h = 2.4 h an hour: 240%', () => {
    const [desk, specialist] = computeOfferedLoad(graph, scenario(4));
    expect(desk).toMatchObject({ poolName: 'Service desk', headcount: 3, window: 'Mon–Fri 09:00–17:00', overloaded: true });
    expect(desk!.offeredLoad).toBeCloseTo(4 / 3, 12);
    // 5 days x 8 h x 4 cases x 1 h = 160 h of work against 3 x 40 person-hours.
    expect(desk!.workHoursPerWeek).toBeCloseTo(160, 9);
    expect(desk!.capacityHoursPerWeek).toBeCloseTo(120, 9);
    expect(specialist!.offeredLoad).toBeCloseTo(2.4, 12);
    const [warning] = overloadWarnings([desk!]);
    expect(warning).toEqual({
      code: 'sim.pool.overloaded',
      severity: 'warning',
      elementId: 'Desk',
      message:
        '"Service desk" is overloaded: the queue grows without bound at this staffing. In its working hours (Mon–Fri 09:00–17:00) it gets 160.0 h of work a week for 120.0 person-hours (3 people): offered load 133%. Add people, cut the work per case, or take fewer cases.',
    });
  });

  it('2 cases an hour: 2/3, fine; the specialist (1.2) is still overloaded', () => {
    const [desk, specialist] = computeOfferedLoad(graph, scenario(2));
    expect(desk!.offeredLoad).toBeCloseTo(2 / 3, 12);
    expect(desk!.overloaded).toBe(false);
    expect(specialist!.offeredLoad).toBeCloseTo(1.2, 12);
    expect(overloadWarnings(computeOfferedLoad(graph, scenario(2))).map((w) => w.elementId)).toEqual(['Specialist']);
  });

  it('an unstaffed pool: infinite load when tasks need it (reported as pool.unstaffed, not as an overload), 0 when none do', () => {
    const unstaffed = scenario(2, {
      pools: [
        { id: 'desk', name: 'Service desk', headcount: 3, calendarId: 'office', laneIds: ['Desk'] },
        { id: 'specialist', name: 'Specialist', headcount: 0, calendarId: 'office', laneIds: ['Specialist'] },
        { id: 'trainee', name: 'Trainee', headcount: 0, calendarId: 'office' },
      ],
    });
    const [desk, specialist, trainee] = computeOfferedLoad(graph, unstaffed);
    expect(specialist).toMatchObject({ headcount: 0, offeredLoad: Infinity, capacityHoursPerWeek: 0 });
    expect(specialist!.workHoursPerWeek).toBeCloseTo(2 * 40 * 0.3 * 2, 9);
    expect(trainee).toMatchObject({ headcount: 0, offeredLoad: 0, workHoursPerWeek: 0, overloaded: false });
    expect(desk!.offeredLoad).toBeCloseTo(2 / 3, 12);
    // The pool.unstaffed error says it better ("can never be served"); no second, contradicting warning.
    expect(overloadWarnings(computeOfferedLoad(graph, unstaffed))).toEqual([]);
  });

  it('arrivals around the clock against office hours: a week of arrivals for 40 open hours', () => {
    const s = scenario(1, { arrivals: { S: { interArrival: fixed(4, 'h') } } });
    // 42 cases a week x 1 h = 42 h against 3 x 40 h.
    expect(computeOfferedLoad(graph, s)[0]!.offeredLoad).toBeCloseTo(42 / 120, 12);
  });

  it('the simulation confirms it: the queue of the overloaded desk grows over the arrival window, the 2/3 one does not', () => {
    const run = (perHour: number) => {
      const s = scenario(perHour, { gateways: { X: { probabilities: { toExpert: 0, done: 1 } } } });
      const outcome = simulateSync(graph, s, { cases: 400, replications: 2 });
      if (!outcome.ok) throw new Error('rejected');
      return outcome.pools[0]!;
    };
    const overloaded = run(4);
    expect(overloaded.queueGrowing).toBe(true);
    // Over the arrival window the desk is busy all its open hours (less the first hour of the first day).
    expect(overloaded.utilisation).toBeGreaterThan(0.98);
    const fine = run(2);
    expect(fine.queueGrowing).toBe(false);
    expect(fine.utilisation).toBeCloseTo(2 / 3, 2);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, saveScenariosToXml, type ScenarioInput } from '@leanflow/model';
import { runCli } from '../cli.ts';
import { cliRunner } from '../testing.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-simulate-'));

const run = cliRunner(dir);

const round6 = (x: number) => Number(x.toFixed(6));
const fixed = (value: number) => ({ type: 'fixed' as const, value, unit: 'min' as const });
// Deterministic figures: every lead is qualified, no one ever waits (a lead every 2 h, 80 min of work).
const deterministic: ScenarioInput = {
  id: 'det',
  name: 'Deterministic',
  pools: [
    { id: 'assistants', name: 'Assistants', headcount: 1, costPerHour: 60, laneIds: ['Lane_Assistant'] },
    { id: 'reps', name: 'Representatives', headcount: 1, costPerHour: 60, laneIds: ['Lane_Representative'] },
    { id: 'managers', name: 'Managers', headcount: 1, costPerHour: 60, laneIds: ['Lane_Manager'] },
  ],
  arrivals: { Start_LeadReceived: { interArrival: { type: 'fixed', value: 2, unit: 'h' } } },
  tasks: {
    Task_Acknowledge: { duration: fixed(0), automated: true },
    Task_CheckHistory: { duration: fixed(10), valueClass: 'nonValueAdding' },
    Task_Qualify: { duration: fixed(20) },
    Task_SendRejection: { duration: fixed(5) },
    Task_PrepareQuote: { duration: fixed(30), valueClass: 'valueAdding' },
    Task_Approve: { duration: fixed(15) },
    Task_SendQuote: { duration: fixed(5), substantiveResponse: true },
  },
  gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 1, Flow_No: 0 } } },
};

beforeAll(async () => {
  const saved = await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [deterministic, { ...deterministic, id: 'other', name: 'Other' }], { activeScenarioId: 'det' });
  writeFileSync(join(dir, 'lead.bpmn'), saved.xml!);
  const unflagged = { ...deterministic, tasks: { ...deterministic.tasks, Task_SendQuote: { duration: fixed(5) } } };
  // A lead every 30 min against 55 min of representative work per lead, one representative: offered load 55/30.
  const overloaded = { ...deterministic, arrivals: { Start_LeadReceived: { interArrival: fixed(30) } } };
  writeFileSync(join(dir, 'overloaded.bpmn'), (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [overloaded])).xml!);
  // VIP leads (30%) get a 1-hour first-response target and a quicker quote; every VIP lead is qualified, a standard one never.
  const segmented: ScenarioInput = {
    ...deterministic,
    gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 0, Flow_No: 1 } } },
    caseTypes: [
      { id: 'standard', name: 'Standard', share: 0.7, priority: 0 },
      {
        id: 'vip',
        name: 'VIP',
        share: 0.3,
        priority: 1,
        tasks: { Task_PrepareQuote: { duration: fixed(20) } },
        gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 1, Flow_No: 0 } } },
        targets: { firstResponseSla: { value: 1, unit: 'h' } },
      },
    ],
  };
  writeFileSync(join(dir, 'segmented.bpmn'), (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [segmented])).xml!);
  writeFileSync(join(dir, 'unflagged.bpmn'), (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [unflagged])).xml!);
  writeFileSync(
    join(dir, 'deadlock.bpmn'),
    LEAD_TO_QUOTE_SAMPLE.replace('<bpmn:endEvent id="End_QuoteSent" name="Quote sent">', '<bpmn:parallelGateway id="Join"><bpmn:outgoing>Flow_J</bpmn:outgoing></bpmn:parallelGateway><bpmn:endEvent id="End_QuoteSent" name="Quote sent">')
      .replace('targetRef="End_LeadRejected"', 'targetRef="Join"')
      .replace('sourceRef="Task_SendQuote" targetRef="End_QuoteSent"', 'sourceRef="Task_SendQuote" targetRef="Join"')
      .replace('<bpmn:sequenceFlow id="Flow_1"', '<bpmn:sequenceFlow id="Flow_J" sourceRef="Join" targetRef="End_QuoteSent" /><bpmn:sequenceFlow id="Flow_1"'),
  );
});

describe('leanflow simulate', () => {
  it('--format json prints one object with exact KPIs for a deterministic scenario (seconds)', async () => {
    const result = await run('simulate', 'lead.bpmn', '--cases', '50', '--replications', '3', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ cases: 50, replications: 3, seed: 1, scenario: { id: 'det', name: 'Deterministic' } });
    const k = json.kpis;
    expect(k.cycleTime).toMatchObject({ mean: 4800, ci95: [4800, 4800], p50: 4800, p90: 4800, p95: 4800 });
    expect(k.waitingTime).toMatchObject({ mean: 0, ci95: [0, 0] });
    expect(k.processingTime.mean).toBe(4800);
    // Every part of the cycle time is in the JSON and they add up to it.
    const parts = k.cycleTimeParts;
    expect([parts.processing.mean, parts.waitingForPeople.mean, parts.offCalendar.mean, parts.otherWaiting.mean]).toEqual([4800, 0, 0, 0]);
    expect(k.firstResponseTime).toMatchObject({ mean: 4800, ci95: [4800, 4800], withinSla: 1 }); // 80 min < 2 h SLA
    expect(k.costPerCase).toMatchObject({ mean: 80, ci95: [80, 80] }); // 80 min at 60 EUR/h
    // Cost per week: 50 cases x 80 EUR over the 101 h 20 min the run lasted, scaled to 168 h.
    expect(k.costPerWeek.mean).toBeCloseTo(((50 * 80) / (100 + 80 / 60)) * 168, 4);
    expect(json.pools.every((p: { costModel: string }) => p.costModel === 'busy-hour')).toBe(true);
    expect(k.processCycleEfficiency.mean).toBeCloseTo(30 / 80, 6);
    const reps = json.pools.find((p: { id: string }) => p.id === 'reps');
    expect(reps).toMatchObject({ id: 'reps', name: 'Representatives' });
    // 55 min of representative work per case; cases arrive every 2 h from t = 2 h; the last one leaves at 100 h + 80 min.
    expect(reps.utilisationWholeRun).toBeCloseTo((50 * 55) / (100 * 60 + 80), 5);
    // Over the arrival window (to the last arrival at 100 h) 49 cases were worked.
    expect(reps.utilisation).toBeCloseTo((49 * 55) / (100 * 60), 5);
    const quote = json.tasks.find((t: { id: string }) => t.id === 'Task_PrepareQuote');
    expect(quote).toMatchObject({ name: 'Prepare quote', count: 50, waitingTime: { mean: 0 }, processingTime: { mean: 1800 } });
    expect(json.tasks.find((t: { id: string }) => t.id === 'Task_SendRejection').count).toBe(0);
  });

  it('--format json adds segments with the same KPI fields per case type; the table lists the case types', async () => {
    const result = await run('simulate', 'segmented.bpmn', '--cases', '200', '--replications', '2', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.segments.map((s: { id: string; share: number; priority: number }) => [s.id, s.share, s.priority])).toEqual([
      ['standard', 0.7, 0],
      ['vip', 0.3, 1],
    ]);
    const [standard, vip] = json.segments;
    expect(Object.keys(vip.kpis)).toEqual(Object.keys(json.kpis));
    // VIP: check 10 + qualify 20 + quote 20 + approve 15 + send 5 = 70 min, first response at 70 min: over its 1 h target.
    expect(vip.kpis.cycleTime.mean).toBe(4200);
    expect(vip.kpis.firstResponseTime).toMatchObject({ mean: 4200, withinSla: 0, slaSeconds: 3600 });
    // Standard: check 10 + qualify 20 + rejection 5 = 35 min, never a substantive response.
    expect(standard.kpis.cycleTime.mean).toBe(2100);
    expect(standard.kpis.firstResponseTime.withoutResponse).toBe(1);
    expect(standard.countedCasesPerReplication + vip.countedCasesPerReplication).toBe(200);
    const table = await run('simulate', 'segmented.bpmn', '--cases', '200', '--replications', '2');
    expect(table.stdout).toContain(
      [
        'Case types (priority: higher is served first):',
        '  Standard   70.0 %  priority  0  cycle  35.0 min  waiting     0.0 s  first response - (0.0 % within 2.00 h)',
        '  VIP        30.0 %  priority  1  cycle  70.0 min  waiting     0.0 s  first response 70.0 min (0.0 % within 60.0 min)',
      ].join('\n'),
    );
  });

  it('writes the event log with --log and prints KPI rows with --format csv', async () => {
    const result = await run('simulate', 'lead.bpmn', '--cases', '2', '--replications', '1', '--format', 'csv', '--log', 'events.csv');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('kpi,unit,mean,ci95_low,ci95_high');
    expect(result.stdout).toContain('\ncycleTime,s,4800,,\n');
    const log = readFileSync(join(dir, 'events.csv'), 'utf8').trim().split('\n');
    expect(log[0]).toBe('case,activity,activityId,resource,start,end');
    expect(log).toContain('1,Check customer history,Task_CheckHistory,Assistants 1,2026-01-05T02:00:00.000Z,2026-01-05T02:10:00.000Z');
    expect(log).toHaveLength(1 + 2 * 6); // 6 tasks per case
  });

  it('prints a readable table by default and picks a scenario by name', async () => {
    const result = await run('simulate', 'lead.bpmn', '--scenario', 'other', '--cases', '20');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Scenario "Other"');
    expect(result.stdout).toMatch(/Cycle time\s+80\.0 min/);
    expect(result.stdout).toContain('Prepare quote');
  });

  it('explains bad input without a stack trace', async () => {
    const unknown = await run('simulate', 'lead.bpmn', '--scenario', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('leanflow simulate: There is no scenario "nope" in lead.bpmn. Scenarios in the file: "Deterministic", "Other".\n');
    const missing = await run('simulate', 'missing.bpmn');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot open missing.bpmn: no such file.');
    const cases = await run('simulate', 'lead.bpmn', '--cases', 'many');
    expect(cases.code).toBe(2);
    expect(cases.stderr).toContain('--cases needs a whole number of at least 1');
    const format = await run('simulate', 'lead.bpmn', '--format', 'xml');
    expect(format.code).toBe(2);
    for (const r of [unknown, missing, cases, format]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a model that would deadlock and names the gateways', async () => {
    const result = await run('simulate', 'deadlock.bpmn', '--cases', '10');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: The exclusive gateway "Qualified?" sends a case down only one path');
    expect(result.stderr).toContain('[Join]');
    expect(result.stdout).toBe('');
  });

  it('simulates a BPSim scenario imported from the file (Technical Support S2, published 165-168 min)', async () => {
    const result = await run('simulate', join(fixtures, 'bpsim/technical-support-process-v2.0.0.bpmn'), '--scenario', 'S2', '--replications', '3', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.scenario).toEqual({ id: 'S2', name: '2 - Temporal perspective' });
    // 3 replications: standard error of the mean about 1.4 min, so 160-172 min is more than 4 standard errors wide.
    expect(json.kpis.cycleTime.mean / 60).toBeGreaterThan(160);
    expect(json.kpis.cycleTime.mean / 60).toBeLessThan(172);
    expect(json.kpis.offCalendarTime.mean).toBe(0);
    // The BPSim file flags no task as the first response: nothing is invented (no 2 h target, no "100% unanswered").
    expect(json.kpis.firstResponseTime).toMatchObject({ mean: null, withinSla: null, slaSeconds: null, withoutResponse: null, flagged: false });
  });

  it('says overload out loud: offered load per pool, warnings[] naming the pool and its window, exit 0', async () => {
    const result = await run('simulate', 'overloaded.bpmn', '--cases', '200', '--replications', '2', '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    const pool = (id: string) => json.pools.find((p: { id: string }) => p.id === id);
    expect(pool('reps')).toMatchObject({ offeredLoad: round6(55 / 30), overloaded: true, queueGrowing: true, window: 'around the clock' });
    expect(pool('assistants')).toMatchObject({ offeredLoad: round6(10 / 30), overloaded: false, queueGrowing: false });
    expect(pool('managers')).toMatchObject({ offeredLoad: round6(15 / 30), overloaded: false });
    // While cases arrive the representative never stops; the drain afterwards is not averaged in.
    expect(pool('reps').utilisation).toBeGreaterThan(0.99);
    const warning = json.warnings.find((w: { code: string }) => w.code === 'sim.pool.overloaded');
    expect(warning).toEqual({
      code: 'sim.pool.overloaded',
      severity: 'warning',
      elementId: 'Lane_Representative',
      message:
        '"Representatives" is overloaded: the queue grows without bound at this staffing. In its working hours (around the clock) it gets 308.0 h of work a week for 168.0 person-hours (1 person): offered load 183%. Add people, cut the work per case, or take fewer cases.',
    });
    expect(json.warnings.every((w: { code: string; severity: string; message: string }) => typeof w.code === 'string' && w.severity === 'warning' && w.message.length > 0)).toBe(true);
    expect(result.stderr).toContain('warning: "Representatives" is overloaded: the queue grows without bound at this staffing.');
    const table = await run('simulate', 'overloaded.bpmn', '--cases', '200', '--replications', '1');
    expect(table.stdout).toMatch(/Representatives .* offered load\s+183\.3 %\s+OVERLOADED: the queue grows without bound at this staffing \(around the clock\)/);
    expect(table.stdout).not.toMatch(/Assistants .*OVERLOADED/);
  });

  it('says first response is not measured when no task is flagged, and names the likely task', async () => {
    const table = await run('simulate', 'unflagged.bpmn', '--cases', '10', '--replications', '1');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/First response\s+not measured\s+flag the task that first answers the customer \(likely "Send quote"/);
    expect(table.stdout).not.toContain('within SLA');
    expect(table.stdout).not.toContain('no response');
    const json = JSON.parse((await run('simulate', 'unflagged.bpmn', '--cases', '10', '--replications', '1', '--format', 'json')).stdout);
    expect(json.kpis.firstResponseTime).toEqual({
      mean: null,
      ci95: null,
      withinSla: null,
      slaSeconds: null,
      withoutResponse: null,
      histogram: [],
      flagged: false,
      suggestedTaskId: 'Task_SendQuote',
    });
  });

  it('simulates a file without a Leanflow scenario with defaults and a warning', async () => {
    const result = await run('simulate', join(fixtures, 'miwg/reference/A.1.0.bpmn'), '--cases', '100', '--replications', '2', '--format', 'json');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('has no Leanflow scenario; default values are used');
    expect(JSON.parse(result.stdout).kpis.cycleTime.mean).toBeGreaterThan(0);
  });
});

describe('simulate --threads (replications on worker threads)', () => {
  it('prints exactly the serial numbers and event log with 2 threads', async () => {
    writeFileSync(join(dir, 'sample-threads.bpmn'), LEAD_TO_QUOTE_SAMPLE);
    const args = ['simulate', 'sample-threads.bpmn', '--cases', '2000', '--replications', '6', '--seed', '9', '--format', 'json'];
    const serial = await run(...args, '--threads', '1', '--log', 'serial.csv');
    const parallel = await run(...args, '--threads', '2', '--log', 'parallel.csv');
    expect(serial.code).toBe(0);
    expect(parallel.stderr).toBe(serial.stderr);
    expect(parallel.stdout).toBe(serial.stdout);
    const json = JSON.parse(parallel.stdout) as { replications: number; kpis: { cycleTime: { values: number[] } } };
    expect(json.kpis.cycleTime.values).toHaveLength(6);
    // Stochastic: the replications differ, so a mix-up of replications would show.
    expect(new Set(json.kpis.cycleTime.values).size).toBe(6);
    expect(readFileSync(join(dir, 'parallel.csv'), 'utf8')).toBe(readFileSync(join(dir, 'serial.csv'), 'utf8'));
  }, 60_000);

  it('reports progress within the replications on the threads (a terminal shows it), never in the output', async () => {
    writeFileSync(join(dir, 'sample-progress.bpmn'), LEAD_TO_QUOTE_SAMPLE);
    const fractions: number[] = [];
    let stdout = '';
    let stderr = '';
    const args = ['simulate', 'sample-progress.bpmn', '--cases', '40000', '--replications', '2', '--seed', '3', '--format', 'json', '--threads', '2'];
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, progress: (label, f) => (expect(label).toBe('Simulating'), fractions.push(f)) });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse((await run(...args.slice(0, -1), '1')).stdout));
    // By finished replication alone it would be 0, 0.5 and 1.
    expect(fractions.filter((f) => f > 0 && f < 1 && f !== 0.5).length).toBeGreaterThanOrEqual(1);
    expect(fractions.at(-1)).toBe(1);
    expect(stderr).toBe('');
  }, 60_000);

  it('refuses a thread count below 1 with a clear message', async () => {
    const { code, stderr } = await run('simulate', 'lead.bpmn', '--threads', '0');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/threads/);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { durationToSeconds, loadDocument, saveScenariosToXml, type Distribution, type ScenarioInput } from '@leanflow/model';
import { ScenarioSchema } from '@leanflow/model';
import { cliRunner } from '../testing.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-calibrate-'));
const run = cliRunner(dir);

// A small two-lane process: A (fixed) -> XOR -> B (normal) 70 % / C (lognormal) 30 % -> D (gamma).
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://example.com">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:laneSet id="LS">
      <bpmn:lane id="L1" name="Front"><bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>G</bpmn:flowNodeRef><bpmn:flowNodeRef>J</bpmn:flowNodeRef><bpmn:flowNodeRef>D1</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="L2" name="Back"><bpmn:flowNodeRef>B</bpmn:flowNodeRef><bpmn:flowNodeRef>C</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="S" name="Request"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="A" name="Register request"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>
    <bpmn:exclusiveGateway id="G" name="Simple?"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>fB</bpmn:outgoing><bpmn:outgoing>fC</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:task id="B" name="Handle simple case"><bpmn:incoming>fB</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:task>
    <bpmn:task id="C" name="Handle complex case"><bpmn:incoming>fC</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:task>
    <bpmn:exclusiveGateway id="J"><bpmn:incoming>f3</bpmn:incoming><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:task id="D1" name="Send answer"><bpmn:incoming>f5</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing></bpmn:task>
    <bpmn:endEvent id="E"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
    <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="G"/>
    <bpmn:sequenceFlow id="fB" sourceRef="G" targetRef="B"/>
    <bpmn:sequenceFlow id="fC" sourceRef="G" targetRef="C"/>
    <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="J"/>
    <bpmn:sequenceFlow id="f4" sourceRef="C" targetRef="J"/>
    <bpmn:sequenceFlow id="f5" sourceRef="J" targetRef="D1"/>
    <bpmn:sequenceFlow id="f6" sourceRef="D1" targetRef="E"/>
  </bpmn:process>
</bpmn:definitions>`;

const TRUE_DURATIONS: Record<string, Distribution> = {
  A: { type: 'fixed', value: 6, unit: 'min' },
  B: { type: 'normal', mean: 10, sd: 2, unit: 'min' },
  C: { type: 'lognormal', mean: 15, sd: 6, unit: 'min' },
  D1: { type: 'gamma', mean: 12, sd: 4, unit: 'min' },
};
const meanSeconds = (d: Distribution) => ('mean' in d ? d.mean : 'value' in d ? d.value : NaN) * durationToSeconds({ value: 1, unit: d.unit });

function scenario(stripped: boolean): ScenarioInput {
  return {
    id: stripped ? 'guess' : 'truth',
    name: stripped ? 'Guess' : 'Truth',
    cases: 4000,
    replications: 3,
    pools: [
      { id: 'front', name: 'Front office', headcount: stripped ? 1 : 3, laneIds: ['L1'] },
      { id: 'back', name: 'Back office', headcount: stripped ? 1 : 2, laneIds: ['L2'] },
    ],
    arrivals: { S: { interArrival: stripped ? { type: 'fixed', value: 1, unit: 'h' } : { type: 'exponential', mean: 10, unit: 'min' } } },
    tasks: stripped ? {} : Object.fromEntries(Object.entries(TRUE_DURATIONS).map(([id, duration]) => [id, { duration }])),
    gateways: stripped ? {} : { G: { probabilities: { fB: 0.7, fC: 0.3 } } },
  };
}

async function modelWith(input: ScenarioInput): Promise<string> {
  const saved = await saveScenariosToXml(MODEL, [ScenarioSchema.parse(input)], { activeScenarioId: String(input.id) });
  return saved.xml!;
}

beforeAll(async () => {
  writeFileSync(join(dir, 'truth.bpmn'), await modelWith(scenario(false)));
  writeFileSync(join(dir, 'stripped.bpmn'), await modelWith(scenario(true)));
});

describe('leanflow calibrate: round trip from a simulated log', () => {
  let calibration: ReturnType<typeof JSON.parse>;
  beforeAll(async () => {
    const sim = await run('simulate', 'truth.bpmn', '--cases', '4000', '--replications', '1', '--seed', '7', '--log', 'events.csv', '--format', 'json');
    expect(sim.code).toBe(0);
    const out = await run('calibrate', 'stripped.bpmn', 'events.csv', '--out', 'calibrated.bpmn', '--format', 'json');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    calibration = JSON.parse(out.stdout);
  }, 120_000);

  it('maps every activity by name and replays every case', () => {
    expect(calibration.mapping.unmappedActivities).toEqual([]);
    expect(calibration.mapping.unmappedTasks).toEqual([]);
    expect(calibration.fitness.cases).toBe(4000);
    expect(calibration.fitness.fitness).toBe(1);
  });

  it('gets durations (within 5 % of the mean), families, probabilities (±0.03), the arrival rate (±5 %) and headcounts back', async () => {
    const doc = await loadDocument(readFileSync(join(dir, 'calibrated.bpmn'), 'utf8'));
    expect(doc.scenarios.map((s) => s.id)).toEqual(['guess', 'calibrated']);
    expect(doc.activeScenarioId).toBe('calibrated');
    const fitted = doc.scenarios[1]!;
    for (const [id, truth] of Object.entries(TRUE_DURATIONS)) {
      const got = fitted.tasks[id]!.duration!;
      expect(Math.abs(meanSeconds(got) / meanSeconds(truth) - 1), `${id}: ${JSON.stringify(got)}`).toBeLessThan(0.05);
    }
    expect(fitted.tasks['A']!.duration).toEqual({ type: 'fixed', value: 6, unit: 'min' });
    const families = Object.fromEntries(calibration.tasks.map((t: { taskId: string; fit: { family: string } }) => [t.taskId, t.fit.family]));
    expect(families).toMatchObject({ A: 'fixed', B: 'normal', C: 'lognormal' });
    expect(['gamma', 'lognormal']).toContain(families.D1);
    expect(fitted.gateways['G']!.probabilities['fB']).toBeCloseTo(0.7, 1);
    expect(Math.abs(fitted.gateways['G']!.probabilities['fB']! - 0.7)).toBeLessThan(0.03);
    const arrival = fitted.arrivals['S']!.interArrival;
    expect(arrival.type).toBe('exponential');
    expect(Math.abs(meanSeconds(arrival) / 600 - 1)).toBeLessThan(0.05);
    expect(fitted.pools.map((p) => p.headcount)).toEqual([3, 2]);
  });

  it('keeps the model\'s two pools (they match the log) and splits a one-pool model into them', async () => {
    expect(calibration.poolsChoice).toMatchObject({ requested: 'auto', applied: 'model', method: 'activity-profile' });
    expect(calibration.poolsChoice.discovered.map((p: { name: string; resources: string[] }) => [p.name, p.resources.length])).toEqual([
      ['Back office', 2],
      ['Front office', 3],
    ]);
    // The same log on the model drawn with one lane and one pool of 1: the log's two teams come back.
    const oneLane = MODEL.replace(/<bpmn:lane id="L2".*?<\/bpmn:lane>/, '').replace('<bpmn:flowNodeRef>A</bpmn:flowNodeRef>', '<bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>B</bpmn:flowNodeRef><bpmn:flowNodeRef>C</bpmn:flowNodeRef>');
    const single = ScenarioSchema.parse({ ...scenario(true), pools: [{ id: 'all', name: 'Everyone', headcount: 1, laneIds: ['L1'] }] });
    writeFileSync(join(dir, 'one-lane.bpmn'), (await saveScenariosToXml(oneLane, [single], { activeScenarioId: single.id })).xml!);
    const out = await run('calibrate', 'one-lane.bpmn', 'events.csv', '--out', 'one-lane-calibrated.bpmn', '--no-validate', '--format', 'json');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.poolsChoice).toMatchObject({ requested: 'auto', applied: 'roles', removedPoolIds: ['all'] });
    const doc = await loadDocument(readFileSync(join(dir, 'one-lane-calibrated.bpmn'), 'utf8'));
    expect(doc.scenarios[0]!.pools.map((p) => p.id)).toEqual(['all']);
    const fitted = doc.scenarios.find((s) => s.id === doc.activeScenarioId)!;
    expect(fitted.pools.map((p) => [p.name, p.headcount])).toEqual([
      ['Back office', 2],
      ['Front office', 3],
    ]);
    const poolName = (task: string) => fitted.pools.find((p) => p.id === fitted.tasks[task]!.poolId)!.name;
    expect(['A', 'B', 'C', 'D1'].map(poolName)).toEqual(['Front office', 'Back office', 'Back office', 'Front office']);
    const table = await run('calibrate', 'one-lane.bpmn', 'events.csv', '--out', 'one-lane-2.bpmn', '--no-validate', '--pools', 'single');
    expect(table.stdout).toMatch(/Pools: single \(--pools single\)/);
    expect(table.stdout).toMatch(/Staff: 5 \(was 0\)/);
    expect((await run('calibrate', 'one-lane.bpmn', 'events.csv', '--out', 'x.bpmn', '--pools', 'teams')).stderr).toMatch(/--pools is auto, roles, single, model; got "teams"/);
  }, 120_000);

  it('re-simulates to KPIs within 5 % of the original model', async () => {
    const kpis = async (file: string) => JSON.parse((await run('simulate', file, '--cases', '4000', '--replications', '3', '--seed', '11', '--format', 'json')).stdout).kpis;
    const truth = await kpis('truth.bpmn');
    const calibrated = await kpis('calibrated.bpmn');
    for (const kpi of ['cycleTime', 'processingTime', 'waitingTime'] as const) {
      const error = Math.abs(calibrated[kpi].mean / truth[kpi].mean - 1);
      expect(error, `${kpi}: ${truth[kpi].mean} vs ${calibrated[kpi].mean}`).toBeLessThan(0.05);
    }
  }, 120_000);
});

describe('leanflow calibrate and conformance on the Simod logs', () => {
  const loan = join(fixtures, 'logs/loanapp-simplified.bpmn');
  it('calibrates the loan application model from its training log', async () => {
    const out = await run('calibrate', loan, join(fixtures, 'logs/loanapp-simplified-train.csv.gz'), '--out', 'loan.bpmn', '--format', 'json');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.log).toMatchObject({ cases: 1000, events: 7544, activities: 12, resources: 19, hasStartTimes: true });
    expect(json.mapping.unmappedActivities).toEqual([]);
    expect(json.tasks).toHaveLength(12);
    expect(json.fitness.fitness).toBe(1);
    // 108 of 1108 checks send the form back: the loop's share is observed routing, not a default 50 %.
    const loop = json.gateways.find((g: { observations: number }) => g.observations === 1108);
    expect(Math.min(...(Object.values(loop.probabilities) as number[]))).toBeCloseTo(108 / 1108, 2);
    expect(json.validation[0].kpi).toBe('cycleTime');
    const doc = await loadDocument(readFileSync(join(dir, 'loan.bpmn'), 'utf8'));
    expect(doc.scenarios.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('fits the weekly arrival profile, working hours and the first response of the loan log', async () => {
    const out = await run('calibrate', loan, join(fixtures, 'logs/loanapp-simplified-train.csv.gz'), '--out', 'loan-weekly.bpmn', '--first-response', 'Design loan offer', '--pools', 'model', '--format', 'json');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    // Simod's arrivals come on weekdays in office hours: far from a constant rate.
    const weekly = json.arrivals[0].weekly;
    expect(weekly.applied).toBe(true);
    expect(weekly.test.pValue).toBeLessThan(1e-10);
    expect(weekly.profile.periods.every((p: { days: string[] }) => !p.days.includes('sat') && !p.days.includes('sun'))).toBe(true);
    // The profile keeps the log's volume: 1000 cases over the weeks it spans.
    expect(Math.abs((weekly.casesPerWeek * weekly.weeks) / 1000 - 1)).toBeLessThan(0.05);
    const [staff] = json.calendars;
    expect(staff).toMatchObject({ poolId: 'pool-staff', applied: true, alwaysOpen: false });
    expect(staff.openHoursPerWeek).toBeLessThan(60);
    expect(staff.coverage).toBeGreaterThan(0.95);
    expect(json.tasks.every((t: { timeBasis: string }) => t.timeBasis === 'working-time')).toBe(true);
    // 610 of 1000 applications get an offer designed (the others are rejected or cancelled).
    expect(json.firstResponse).toMatchObject({ requested: 'Design loan offer', cases: 1000, responded: 610, targetSeconds: 7200 });
    expect(json.firstResponse.p50).toBeLessThan(json.firstResponse.p90);
    const doc = await loadDocument(readFileSync(join(dir, 'loan-weekly.bpmn'), 'utf8'));
    const scenario = doc.scenarios.find((s) => s.id === doc.activeScenarioId)!;
    expect(scenario.tasks[json.firstResponse.taskId]!.substantiveResponse).toBe(true);
    expect(scenario.arrivals[json.arrivals[0].startEventId]!.profile?.periods.length).toBe(weekly.profile.periods.length);
    expect(scenario.pools[0]!.calendarId).toBe(staff.calendarId);
    // Validation: every KPI with its error; working-time durations bring the simulated cycle time within 30 % (it was
    // +76 % with wall-clock durations and no calendar).
    const kpis = new Set(json.validation.map((v: { kpi: string }) => v.kpi));
    for (const kpi of ['cycleTime', 'cycleTime:p50', 'cycleTime:p90', 'firstResponse:withinTarget', 'firstResponse:mean', 'processingTime', 'waitingTime', 'utilisation']) expect(kpis).toContain(kpi);
    const cycle = json.validation.find((v: { kpi: string }) => v.kpi === 'cycleTime');
    expect(Math.abs(cycle.relativeError)).toBeLessThan(0.3);
    const utilisation = json.validation.find((v: { kpi: string }) => v.kpi === 'utilisation');
    expect(Math.abs(utilisation.absoluteError)).toBeLessThan(0.05);
    // --no-weekly leaves arrivals Poisson around the clock and durations wall-clock.
    const plain = JSON.parse((await run('calibrate', loan, join(fixtures, 'logs/loanapp-simplified-train.csv.gz'), '--out', 'loan-plain.bpmn', '--no-weekly', '--no-validate', '--format', 'json')).stdout);
    expect(plain.calendars).toEqual([]);
    expect(plain.arrivals[0].weekly).toBeUndefined();
    expect(plain.tasks.every((t: { timeBasis: string }) => t.timeBasis === 'wall-clock')).toBe(true);
  }, 120_000);

  it('splits the loan model\'s one pool by the log\'s roles and gets the waiting back', async () => {
    const out = await run('calibrate', loan, join(fixtures, 'logs/loanapp-simplified-train.csv.gz'), '--out', 'loan-roles.bpmn', '--first-response', 'Design loan offer', '--format', 'json');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.poolsChoice).toMatchObject({ requested: 'auto', applied: 'roles', method: 'role-column', removedPoolIds: ['pool-staff'] });
    const sizes = Object.fromEntries(json.pools.map((p: { name: string; headcount: number }) => [p.name, p.headcount]));
    expect(sizes).toEqual({ 'AML Investigator': 2, Applicant: 1, Appraiser: 2, Clerk: 8, 'Loan Officer': 4, 'Senior Officer': 2 });
    expect(Object.values(json.poolsChoice.taskCoverage).every((c) => c === 1)).toBe(true);
    // Each role gets its own working hours and a utilisation close to the log's.
    expect(json.calendars.filter((c: { applied: boolean }) => c.applied)).toHaveLength(6);
    for (const v of json.validation.filter((v: { kpi: string }) => v.kpi === 'utilisation')) expect(Math.abs(v.absoluteError), v.name).toBeLessThan(0.05);
    // With 2 AML investigators and 2 appraisers people now wait for them (one pool of 19: a fraction of a second).
    const waiting = (name: string) => json.validation.find((v: { kpi: string; name?: string }) => v.kpi === 'waitingTime' && v.name === name).simulated;
    expect(waiting('AML check')).toBeGreaterThan(60);
    expect(waiting('Appraise property')).toBeGreaterThan(60);
    const doc = await loadDocument(readFileSync(join(dir, 'loan-roles.bpmn'), 'utf8'));
    expect(doc.scenarios[0]!.pools.map((p) => p.id)).toEqual(['pool-staff']);
  }, 120_000);

  it('replays the test log on the model', async () => {
    const out = await run('conformance', loan, join(fixtures, 'logs/loanapp-simplified-test.csv.gz'), '--format', 'json');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.cases).toBe(1000);
    expect(json.fitness).toBe(1);
    expect(json.method).toMatch(/Token replay/);
  }, 60_000);

  it('reports deviations when the log skips a step the model requires', async () => {
    writeFileSync(join(dir, 'skip.csv'), 'case,activity,start,end\n1,Register request,2026-01-05 09:00,2026-01-05 09:06\n1,Send answer,2026-01-05 09:10,2026-01-05 09:20\n2,Register request,2026-01-05 10:00,2026-01-05 10:06\n2,Handle simple case,2026-01-05 10:10,2026-01-05 10:20\n2,Send answer,2026-01-05 10:30,2026-01-05 10:40\n3,Register request,2026-01-05 11:00,2026-01-05 11:06\n3,Handle complex case,2026-01-05 11:10,2026-01-05 11:20\n3,Send answer,2026-01-05 11:30,2026-01-05 11:40\n');
    const out = await run('conformance', 'truth.bpmn', 'skip.csv', '--format', 'json');
    const json = JSON.parse(out.stdout);
    // Case 1 goes from registering straight to the answer: the answer had no token, and one is left at the gateway.
    expect(json.fittingCases).toBe(2);
    expect(json.fitness).toBeCloseTo(2 / 3, 6);
    expect(json.deviations.find((d: { elementId: string }) => d.elementId === 'D1')).toMatchObject({ missing: 1, fired: 3 });
    expect(json.deviations.find((d: { elementId: string }) => d.elementId === 'G')).toMatchObject({ remaining: 1 });
  });

  it('takes a mapping file for activities named differently, and reports a broken one', async () => {
    writeFileSync(join(dir, 'renamed.csv'), 'case,activity,end\n1,Registration,2026-01-05T09:06:00Z\n1,Handle simple case,2026-01-05T09:20:00Z\n1,Reply,2026-01-05T09:40:00Z\n');
    const unmapped = JSON.parse((await run('conformance', 'truth.bpmn', 'renamed.csv', '--format', 'json')).stdout);
    expect(unmapped.mapping.unmappedActivities.map((a: { activity: string }) => a.activity)).toEqual(['Registration', 'Reply']);
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ Registration: 'A', Reply: 'Send answer' }));
    const mapped = JSON.parse((await run('conformance', 'truth.bpmn', 'renamed.csv', '--mapping', 'map.json', '--format', 'json')).stdout);
    expect(mapped.mapping.mapping).toEqual({ Registration: 'A', Reply: 'D1', 'Handle simple case': 'B' });
    expect(mapped.fitness).toBe(1);
    writeFileSync(join(dir, 'broken.json'), '["A"]');
    const broken = await run('conformance', 'truth.bpmn', 'renamed.csv', '--mapping', 'broken.json');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json must be a JSON object mapping each log activity to a task id or name');
  });

  it('reads the first-response activity from the mapping file', async () => {
    writeFileSync(join(dir, 'replies.csv'), 'case,activity,start,end\n1,Registration,2026-01-05T09:00:00Z,2026-01-05T09:06:00Z\n1,Reply,2026-01-05T09:30:00Z,2026-01-05T09:40:00Z\n2,Registration,2026-01-05T10:00:00Z,2026-01-05T10:06:00Z\n2,Reply,2026-01-05T13:00:00Z,2026-01-05T13:20:00Z\n3,Registration,2026-01-05T11:00:00Z,2026-01-05T11:06:00Z\n');
    writeFileSync(join(dir, 'replies.json'), JSON.stringify({ Registration: 'A', Reply: 'Send answer', '@firstResponse': 'Reply' }));
    const json = JSON.parse((await run('calibrate', 'stripped.bpmn', 'replies.csv', '--mapping', 'replies.json', '--out', 'replies.bpmn', '--no-validate', '--format', 'json')).stdout);
    // Case 1 answered after 40 min, case 2 after 3 h 20 min (late for the 2 h target), case 3 never.
    expect(json.firstResponse).toMatchObject({ requested: 'Reply', taskId: 'D1', cases: 3, responded: 2, withinTarget: 0.3333, p50: 7200, mean: 7200 });
    writeFileSync(join(dir, 'bad-first.json'), JSON.stringify({ '@firstResponse': 3 }));
    const bad = await run('calibrate', 'stripped.bpmn', 'replies.csv', '--mapping', 'bad-first.json', '--out', 'x.bpmn');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"@firstResponse" names the activity that is the first substantive response');
  });

  it('calibrates a log of 150,000 events (no spread of all events onto the stack)', async () => {
    const rows = ['case,activity,start,end'];
    const t0 = Date.UTC(2026, 0, 5);
    const iso = (ms: number) => new Date(ms).toISOString();
    for (let c = 0; c < 50_000; c++) {
      const s = t0 + c * 600_000;
      rows.push(`${c},Register request,${iso(s)},${iso(s + 360_000)}`, `${c},Handle simple case,${iso(s + 400_000)},${iso(s + 1_000_000)}`, `${c},Send answer,${iso(s + 1_100_000)},${iso(s + 1_820_000)}`);
    }
    writeFileSync(join(dir, 'big.csv'), `${rows.join('\n')}\n`);
    const out = await run('calibrate', 'stripped.bpmn', 'big.csv', '--out', 'big.bpmn', '--no-validate', '--format', 'json');
    expect(out.stderr).toBe('');
    const json = JSON.parse(out.stdout);
    expect(json.log).toMatchObject({ cases: 50_000, events: 150_000, meanCycleTime: 1820 });
    expect(json.arrivals[0].interArrival).toEqual({ type: 'exponential', mean: 10, unit: 'min' });
    expect(json.fitness.fitness).toBe(1);
  }, 60_000);

  it('says which line of a log is bad', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'case,activity,end\n1,Register request,2026-01-05 09:00\n1,Send answer,tomorrow\n');
    const out = await run('conformance', 'truth.bpmn', 'bad.csv');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('line 3: "tomorrow" in column "end" is not a date');
  });
});

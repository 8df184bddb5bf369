import { describe, expect, it } from 'vitest';
import { distributionMean, exportQbp, importQbp, parseBpmn, parseXmlTree, validateScenario, type XmlElement } from './index.ts';

const QBP = 'http://www.qbp-simulator.com/Schema201212';

/** A small process: one task per QBP distribution, an XOR with two branches. */
function bpmn(simulationInfo: string, where: 'definitions' | 'process'): string {
  const tasks = ['Fixed', 'Exponential', 'Normal', 'Uniform', 'Triangular', 'Lognormal', 'Gamma', 'Histogram'];
  const inProcess = where === 'process' ? `<bpmn:extensionElements>${simulationInfo}</bpmn:extensionElements>` : '';
  const chain = tasks
    .map((t, i) => `<bpmn:task id="T_${t}" name="${t}"/><bpmn:sequenceFlow id="F_${i}" sourceRef="${i === 0 ? 'Start' : `T_${tasks[i - 1]}`}" targetRef="T_${t}"/>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:qbp="${QBP}" id="D" targetNamespace="t"><bpmn:process id="P" isExecutable="false">${inProcess}<bpmn:startEvent id="Start" name="Order in"/>${chain}<bpmn:exclusiveGateway id="G" name="OK?"/><bpmn:sequenceFlow id="F_g" sourceRef="T_Histogram" targetRef="G"/><bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/><bpmn:sequenceFlow id="F_yes" sourceRef="G" targetRef="E1"/><bpmn:sequenceFlow id="F_no" sourceRef="G" targetRef="E2"/></bpmn:process>${where === 'definitions' ? simulationInfo : ''}</bpmn:definitions>`;
}

const el = (id: string, type: string, mean: string, arg1: string, arg2: string, unit = 'minutes', extra = '') =>
  `<qbp:element id="q_${id}" elementId="T_${id}"><qbp:durationDistribution type="${type}" mean="${mean}" arg1="${arg1}" arg2="${arg2}"${extra}><qbp:timeUnit>${unit}</qbp:timeUnit></qbp:durationDistribution><qbp:resourceIds><qbp:resourceId>clerk</qbp:resourceId></qbp:resourceIds></qbp:element>`;

/** One line, as BIMP writes it; NaN arguments; extra attributes (rawMean) that must be tolerated. */
const SIMULATION_INFO =
  `<qbp:processSimulationInfo id="qbp_1" processInstances="250" startDateTime="2026-03-02T08:00:00.000Z" currency="EUR">` +
  `<qbp:arrivalRateDistribution type="EXPONENTIAL" mean="NaN" arg1="1200" arg2="NaN" rawMean="NaN" rawArg1="20"><qbp:timeUnit>minutes</qbp:timeUnit></qbp:arrivalRateDistribution>` +
  `<qbp:timetables><qbp:timetable id="work" default="true" name="Office"><qbp:rules><qbp:rule fromTime="08:00:00.000+00:00" toTime="16:30:00.000+00:00" fromWeekDay="MONDAY" toWeekDay="FRIDAY"/></qbp:rules></qbp:timetable>` +
  `<qbp:timetable id="always" name="24/7"><qbp:rules><qbp:rule fromTime="00:00:00.000+00:00" toTime="23:59:59.999+00:00" fromWeekDay="MONDAY" toWeekDay="SUNDAY"/></qbp:rules></qbp:timetable></qbp:timetables>` +
  `<qbp:resources><qbp:resource id="clerk" name="Clerk" totalAmount="4" costPerHour="35.5" timetableId="work"/></qbp:resources>` +
  `<qbp:elements>` +
  el('Fixed', 'FIXED', '300', 'NaN', 'NaN') +
  el('Exponential', 'EXPONENTIAL', 'NaN', '900', 'NaN') +
  el('Normal', 'NORMAL', '600', '120', 'NaN', 'minutes', ' rawMean="10" rawArg1="2"') +
  el('Uniform', 'UNIFORM', 'NaN', '60', '180', 'seconds') +
  el('Triangular', 'TRIANGULAR', '1800', '1200', '2700') +
  el('Lognormal', 'LOGNORMAL', '3600', '1440000', 'NaN', 'hours') +
  el('Gamma', 'GAMMA', '7200', '3240000', 'NaN', 'hours') +
  `<qbp:element id="q_Histogram" elementId="T_Histogram"><qbp:durationDistribution type="HISTOGRAM" mean="NaN" arg1="NaN" arg2="NaN"><qbp:timeUnit>minutes</qbp:timeUnit><qbp:histogramDataBins><qbp:histogramData probability="0.25"><qbp:distribution type="UNIFORM" mean="NaN" arg1="0" arg2="600"/></qbp:histogramData><qbp:histogramData probability="0.75"><qbp:distribution type="FIXED" mean="900" arg1="NaN" arg2="NaN"/></qbp:histogramData></qbp:histogramDataBins></qbp:durationDistribution><qbp:resourceIds><qbp:resourceId>clerk</qbp:resourceId></qbp:resourceIds></qbp:element>` +
  `</qbp:elements>` +
  `<qbp:sequenceFlows><qbp:sequenceFlow elementId="F_yes" executionProbability="0.8"/><qbp:sequenceFlow elementId="F_no" executionProbability="0.2"/></qbp:sequenceFlows>` +
  `<qbp:statsOptions trimStartProcessInstances="0.05" trimEndProcessInstances="0.05"/></qbp:processSimulationInfo>`;

describe('importQbp', () => {
  it.each(['definitions', 'process'] as const)('maps every distribution from a one-line file with QBP under %s', async (where) => {
    const xml = bpmn(SIMULATION_INFO, where);
    expect(xml).not.toContain('\n');
    const { scenarios, report } = await importQbp(xml);
    expect(scenarios).toHaveLength(1);
    const s = scenarios[0]!;
    expect(s.cases).toBe(250);
    expect(s.startTime).toBe('2026-03-02T08:00:00.000Z');
    expect(s.arrivals['Start']).toEqual({ interArrival: { type: 'exponential', mean: 20, unit: 'min' }, calendarId: 'work' });
    expect(s.tasks['T_Fixed']!.duration).toEqual({ type: 'fixed', value: 5, unit: 'min' });
    expect(s.tasks['T_Exponential']!.duration).toEqual({ type: 'exponential', mean: 15, unit: 'min' });
    expect(s.tasks['T_Normal']!.duration).toEqual({ type: 'normal', mean: 10, sd: 2, unit: 'min' });
    expect(s.tasks['T_Uniform']!.duration).toEqual({ type: 'uniform', min: 60, max: 180, unit: 's' });
    expect(s.tasks['T_Triangular']!.duration).toEqual({ type: 'triangular', min: 20, mode: 30, max: 45, unit: 'min' });
    // variance 1 440 000 s^2 -> sd 1200 s = 1/3 h
    expect(s.tasks['T_Lognormal']!.duration).toMatchObject({ type: 'lognormal', mean: 1, unit: 'h' });
    expect((s.tasks['T_Lognormal']!.duration as { sd: number }).sd).toBeCloseTo(1200 / 3600, 10);
    expect(s.tasks['T_Gamma']!.duration).toEqual({ type: 'gamma', mean: 2, sd: 0.5, unit: 'h' });
    expect(s.tasks['T_Histogram']!.duration).toEqual({ type: 'empirical', bins: [{ min: 0, max: 10, weight: 0.25 }, { min: 15, max: 15, weight: 0.75 }], unit: 'min' });
    expect(distributionMean(s.tasks['T_Histogram']!.duration!)).toBeCloseTo(0.25 * 300 + 0.75 * 900, 9);
    expect(s.tasks['T_Fixed']!.poolId).toBe('clerk');
    expect(s.pools).toEqual([{ id: 'clerk', name: 'Clerk', headcount: 4, costPerHour: 35.5, calendarId: 'work', laneIds: [] }]);
    expect(s.calendars[0]).toEqual({ id: 'work', name: 'Office', timeZone: 'UTC', holidays: [], hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:30' }] });
    expect(s.calendars[1]!.hours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' }]);
    expect(s.gateways['G']).toEqual({ probabilities: { F_yes: 0.8, F_no: 0.2 } });
    // Nothing dropped silently: the one thing without an equivalent is reported.
    expect(report.unmapped.map((i) => i.code)).toEqual(['import.qbp.statsOptions']);
    expect(report.mapped.length).toBeGreaterThan(12);
    const graph = (await parseBpmn(xml)).graph!;
    expect(validateScenario(s, graph).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reports what it cannot map instead of dropping it', async () => {
    const broken = SIMULATION_INFO.replace('type="TRIANGULAR" mean="1800" arg1="1200"', 'type="TRIANGULAR" mean="NaN" arg1="NaN"')
      .replace('elementId="T_Fixed"', 'elementId="T_Gone"')
      .replace('type="GAMMA"', 'type="PARETO"')
      .replace('<qbp:sequenceFlow elementId="F_yes"', '<qbp:sequenceFlow elementId="F_0"');
    const { scenarios, report } = await importQbp(bpmn(broken, 'definitions'));
    const messages = report.unmapped.map((i) => i.message);
    expect(messages).toContain(
      "'Triangular': the duration TRIANGULAR(mean NaN, arg1 NaN, arg2 2700 s) was not imported: TRIANGULAR needs a mean (the mode), arg1 (minimum) and arg2 (maximum), which the file does not give.",
    );
    expect(messages).toContain("QBP has parameters for 'T_Gone', which is not in the diagram; they were skipped.");
    expect(messages.some((m) => m.includes('the distribution type "PARETO" is not known'))).toBe(true);
    expect(messages).toContain("The branch probability 0.8 on 'F_0' was skipped: it does not leave an exclusive or inclusive gateway.");
    expect(scenarios[0]!.tasks['T_Triangular']!.duration).toBeUndefined();
    // rawMean (Apromore, in the display unit) stands in when the mean in seconds is NaN.
    const raw = await importQbp(bpmn(SIMULATION_INFO.replace('type="NORMAL" mean="600" arg1="120"', 'type="NORMAL" mean="NaN" arg1="NaN"'), 'definitions'));
    expect(raw.scenarios[0]!.tasks['T_Normal']!.duration).toEqual({ type: 'normal', mean: 10, sd: 2, unit: 'min' });
  });
});

/** The QBP parameters of a file, as plain records keyed by what they describe (NaN-aware numbers). */
function qbpParameters(xml: string): Record<string, string> {
  const tree = parseXmlTree(xml);
  if (!tree.ok) throw new Error(tree.message);
  const out: Record<string, string> = {};
  const visit = (e: XmlElement, path: string) => {
    if (e.uri === QBP) {
      const own = e.localName === 'processSimulationInfo' ? undefined : ['elementId', 'id'].map((a) => e.attributes.find((x) => x.localName === a)?.value).find(Boolean);
      const key = `${path}/${e.localName}${own ?? ''}`;
      for (const a of e.attributes) {
        if (['type', 'mean', 'arg1', 'arg2', 'totalAmount', 'costPerHour', 'executionProbability', 'processInstances', 'probability', 'fromTime', 'toTime', 'fromWeekDay', 'toWeekDay', 'timetableId'].includes(a.localName)) {
          const n = Number(a.value);
          out[`${key}@${a.localName}`] = Number.isFinite(n) ? String(Number(n.toPrecision(9))) : a.value;
        }
      }
    }
    const own = e.localName === 'processSimulationInfo' ? '' : (['elementId', 'id'].map((a) => e.attributes.find((x) => x.localName === a)?.value).find(Boolean) ?? '');
    for (const c of e.children) if (typeof c !== 'string') visit(c, e.uri === QBP ? `${path}/${e.localName}${own}` : path);
  };
  visit(tree.root, '');
  return out;
}

describe('exportQbp', () => {
  it('round-trips QBP -> scenario -> QBP keeping every parameter', async () => {
    const original = bpmn(SIMULATION_INFO, 'definitions');
    const { scenarios } = await importQbp(original);
    const exported = await exportQbp(original, scenarios[0]!);
    expect(exported.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const before = qbpParameters(original);
    const after = qbpParameters(exported.xml!);
    for (const [key, value] of Object.entries(before)) {
      if (key.includes('rawMean') || key.includes('statsOptions')) continue;
      expect(after[key], key).toBe(value);
    }
    // Exactly one QBP block, as a direct child of definitions, and the model itself is unchanged.
    expect(exported.xml!.match(/<qbp:processSimulationInfo /g)).toHaveLength(1);
    const reparsed = await parseBpmn(exported.xml!);
    expect(reparsed.graph!.nodes.map((n) => n.id)).toEqual((await parseBpmn(original)).graph!.nodes.map((n) => n.id));
    // And reading it back gives the same scenario.
    const again = await importQbp(exported.xml!);
    expect(again.scenarios[0]!.tasks).toEqual(scenarios[0]!.tasks);
    expect(again.scenarios[0]!.arrivals).toEqual(scenarios[0]!.arrivals);
  });

  it('reports what QBP cannot hold: case types, preemption, weekly arrival profiles, shift plans, people in several pools', async () => {
    const original = bpmn(SIMULATION_INFO, 'definitions');
    const { scenarios } = await importQbp(original);
    const scenario = scenarios[0]!;
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[];
    const exported = await exportQbp(original, {
      ...scenario,
      caseTypes: [{ id: 'std', name: 'Standard', share: 0.8, priority: 0 }, { id: 'vip', name: 'VIP', share: 0.2, priority: 1 }],
      queueDiscipline: 'preemptive',
      // 120 a day on weekdays, 80 of them in the morning: 600 a week.
      arrivals: { Start: { ...scenario.arrivals.Start!, profile: { periods: [{ days: weekdays, from: '08:00', to: '12:00', casesPerHour: 20 }, { days: weekdays, from: '12:00', to: '16:00', casesPerHour: 10 }] } } },
      pools: scenario.pools.map((p) => ({ ...p, headcount: 6, shifts: { periods: [{ days: weekdays, from: '08:00', to: '12:00', headcount: 6 }, { days: weekdays, from: '12:00', to: '16:00', headcount: 3 }] } })),
      people: [{ id: 'ann', name: 'Ann', poolIds: [scenario.pools[0]!.id] }],
    });
    const codes = exported.report.unmapped.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['export.qbp.caseTypes', 'export.qbp.preemptive', 'export.qbp.arrivalProfile', 'export.qbp.shifts', 'export.qbp.people']));
    expect(exported.report.unmapped.find((i) => i.code === 'export.qbp.caseTypes')!.message).toContain('Standard 80%, priority 0; VIP 20%, priority 1');
    // The profile's average: 600 cases a week, a case every 16.8 min, exponential, around the clock.
    expect(exported.xml).toMatch(/<qbp:arrivalRateDistribution type="EXPONENTIAL"[^>]*arg1="1008"/);
    expect(exported.xml).toMatch(/<qbp:resource id="clerk"[^>]*totalAmount="6"[^>]*timetableId="LEANFLOW_24_7"/);
    expect(exported.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('keeps totalAmount="0" as an unstaffed pool, reports it, and writes 0 back', async () => {
    // The clerk serves every task; an extra resource nobody uses is fine at 0.
    const info = SIMULATION_INFO.replace('totalAmount="4"', 'totalAmount="0"').replace(
      '</qbp:resources>',
      '<qbp:resource id="spare" name="Spare" totalAmount="0" costPerHour="10" timetableId="work"/></qbp:resources>',
    );
    const original = bpmn(info, 'definitions');
    const { scenarios, report } = await importQbp(original);
    const s = scenarios[0]!;
    expect(s.pools.map((p) => [p.id, p.headcount])).toEqual([['clerk', 0], ['spare', 0]]);
    const remarks = report.unmapped.filter((i) => i.code === 'import.qbp.resourceUnstaffed');
    expect(remarks.map((r) => r.message)).toEqual([
      expect.stringMatching(/^Resource 'Clerk' has totalAmount="0": nobody serves its tasks \('Fixed', 'Exponential', .*'Histogram'\), so they can never be served\. The pool keeps headcount 0/),
      "Resource 'Spare' has totalAmount=\"0\": nobody serves it; no task uses it. The pool keeps headcount 0.",
    ]);
    const graph = (await parseBpmn(original)).graph!;
    const errors = validateScenario(s, graph).filter((i) => i.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ code: 'pool.unstaffed', elementId: 'T_Fixed', message: expect.stringMatching(/^Pool 'Clerk' has nobody \(headcount 0\): its tasks 'Fixed', .*'Histogram' can never be served\. Give it at least one person\.$/) }),
    ]);
    const exported = await exportQbp(original, s);
    expect(exported.xml).toContain('id="clerk" name="Clerk" totalAmount="0"');
    expect(exported.xml).toContain('id="spare" name="Spare" totalAmount="0"');
    const again = await importQbp(exported.xml!);
    expect(again.scenarios[0]!.pools.map((p) => p.headcount)).toEqual([0, 0]);
  });

  it('writes Erlang and Weibull as GAMMA with the same mean and variance, and says so', async () => {
    const original = bpmn(SIMULATION_INFO, 'process');
    const { scenarios } = await importQbp(original);
    const scenario = structuredClone(scenarios[0]!);
    scenario.tasks['T_Fixed'] = { ...scenario.tasks['T_Fixed']!, duration: { type: 'erlang', k: 4, mean: 10, unit: 'min' } };
    scenario.tasks['T_Gamma'] = { ...scenario.tasks['T_Gamma']!, duration: { type: 'weibull', shape: 1, scale: 30, unit: 's' } };
    const { xml, report } = await exportQbp(original, scenario);
    // The old QBP inside the process is replaced, not duplicated.
    expect(xml!.match(/<qbp:processSimulationInfo /g)).toHaveLength(1);
    const params = qbpParameters(xml!);
    const fixed = Object.keys(params).find((k) => k.includes('T_Fixed') && k.endsWith('@type'))!;
    expect(params[fixed]).toBe('GAMMA');
    expect(params[fixed.replace('@type', '@mean')]).toBe('600');
    expect(params[fixed.replace('@type', '@arg1')]).toBe('90000'); // 600^2 / 4
    const gamma = Object.keys(params).find((k) => k.includes('T_Gamma') && k.endsWith('@arg1'))!;
    expect(Number(params[gamma])).toBeCloseTo(900, 6); // Weibull shape 1 = exponential: variance = scale^2
    const approximated = report.unmapped.filter((i) => i.code === 'export.qbp.approximated').map((i) => i.message);
    expect(approximated).toEqual([
      "'Fixed': Erlang(k=4) was written as the GAMMA distribution it is.",
      "'Gamma': QBP has no Weibull distribution; it was written as a GAMMA with the same mean and variance.",
      "'Histogram': HISTOGRAM is read by Apromore but not by the original BIMP.",
    ]);
  });
});

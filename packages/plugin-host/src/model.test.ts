// Plugins see the scenario the simulator, the scorecard and the CLI use: an imported BPSim/BIMP scenario too.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { modelFromBpmn } from './index.ts';

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

const QBP_FILE =
  '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:qbp="http://www.qbp-simulator.com/Schema201212" id="D" targetNamespace="t">' +
  '<bpmn:process id="P"><bpmn:startEvent id="S"/><bpmn:task id="T" name="Work"/><bpmn:endEvent id="E"/><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T"/><bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="E"/></bpmn:process>' +
  '<qbp:processSimulationInfo id="q" processInstances="77"><qbp:arrivalRateDistribution type="FIXED" mean="600" arg1="NaN" arg2="NaN"><qbp:timeUnit>minutes</qbp:timeUnit></qbp:arrivalRateDistribution>' +
  '<qbp:resources><qbp:resource id="clerk" name="Clerk" totalAmount="2" costPerHour="30"/></qbp:resources>' +
  '<qbp:elements><qbp:element id="e" elementId="T"><qbp:durationDistribution type="FIXED" mean="300" arg1="NaN" arg2="NaN"><qbp:timeUnit>minutes</qbp:timeUnit></qbp:durationDistribution><qbp:resourceIds><qbp:resourceId>clerk</qbp:resourceId></qbp:resourceIds></qbp:element></qbp:elements></qbp:processSimulationInfo></bpmn:definitions>';

describe('modelFromBpmn', () => {
  it('gives plugins the scenario imported from the file\'s BPSim data (boundary timers too)', async () => {
    const xml = readFileSync(resolve(import.meta.dirname, '../../model/src/interchange-fixtures/bpsim-boundary-timer.bpmn'), 'utf8');
    const { model } = await modelFromBpmn(xml, 'time-limit.bpmn');
    expect(model?.scenario?.id).toBe('S1');
    expect(model?.scenario?.events['TimeLimit']).toEqual({ duration: { type: 'fixed', value: 1, unit: 'h' } });
  });

  it('gives plugins the scenario imported from BIMP (QBP) data', async () => {
    const { model } = await modelFromBpmn(QBP_FILE, 'bimp.bpmn');
    expect(model?.scenario).toMatchObject({ cases: 77, pools: [{ id: 'clerk', headcount: 2, costPerHour: 30 }], tasks: { T: { duration: { type: 'fixed', value: 5, unit: 'min' }, poolId: 'clerk' } } });
  });

  it('gives plugins the active BPSim scenario, the one loadDocument picks', async () => {
    const xml = readFileSync(resolve(fixturesDir, 'bpsim/technical-support-process-v2.0.0.bpmn'), 'utf8');
    const loaded = await loadDocument(xml);
    const { model } = await modelFromBpmn(xml, 'support.bpmn');
    expect(loaded.scenarioSource).toBe('bpsim');
    expect(model?.scenario).toEqual(loaded.scenarios.find((s) => s.id === loaded.activeScenarioId));
  });

  it('keeps the file\'s own scenario, and gives none when Leanflow would only make one up', async () => {
    expect((await modelFromBpmn(LEAD_TO_QUOTE_SAMPLE, 'sample.bpmn')).model?.scenario?.id).toBe('as-is');
    const withoutData = QBP_FILE.replace(/<qbp:processSimulationInfo[\s\S]*<\/qbp:processSimulationInfo>/, '');
    const { model } = await modelFromBpmn(withoutData, 'plain.bpmn');
    expect(model?.graph.nodes).toHaveLength(3);
    expect(model?.scenario).toBeUndefined();
  });
});

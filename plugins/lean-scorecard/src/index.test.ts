// The built-in plugin on its own (no host): its manifest declares exactly the framework's rules, each rule gives
// the framework's verdict as a ScoreResult, the profile and the settings reach the thresholds.
import { readFileSync } from 'node:fs';
import { bpmnlintReportFor, modelFromBpmn, simulateModel } from '@leanflow/plugin-host';
import { BUILT_IN_RULES, evaluateRule, parseManifest, type AnalysisInput } from '@leanflow/plugin-api';
import { describe, expect, it } from 'vitest';
import { THRESHOLD_SETTINGS, effectiveProfile, evaluateBuiltIn, toScoreResult } from './index.ts';

const manifestText = readFileSync(new URL('../leanflow-plugin.json', import.meta.url), 'utf8');

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <bpmn:process id="P">
    <bpmn:startEvent id="S" name="Request in"/>
    <bpmn:userTask id="A" name="Review request"/><bpmn:userTask id="B" name="Approve request"/><bpmn:userTask id="C"/>
    <bpmn:endEvent id="E" name="Done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="B"/>
    <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="C"/><bpmn:sequenceFlow id="f4" sourceRef="C" targetRef="E"/>
  </bpmn:process>
</bpmn:definitions>`;

describe('lean-scorecard plugin', () => {
  it('declares every built-in rule with its title, category, weight, kind and docs, and a setting per threshold', () => {
    const validation = parseManifest(manifestText);
    if (!validation.ok) throw new Error(validation.issues.map((i) => i.message).join('\n'));
    const { scoringRules, configuration } = validation.manifest.contributes;
    expect(scoringRules.map((r) => [r.id, r.title, r.category, r.weight, r.kind, r.docsUrl])).toEqual(
      BUILT_IN_RULES.map((r) => [r.id, r.title, r.category, r.defaultWeight, r.kind, r.docsUrl]),
    );
    for (const setting of THRESHOLD_SETTINGS) {
      expect(configuration?.properties[setting.key]?.default).toBe(setting.defaultValue);
      const rule = BUILT_IN_RULES.find((r) => r.id === setting.ruleId)!;
      // The setting's default is the rule's own (or unset = derived from the scenario), so an untouched setting changes nothing.
      const own = (rule.configSchema.parse({}) as Record<string, unknown>)[setting.configKey];
      expect(own === undefined ? 0 : own).toBe(setting.defaultValue);
    }
  });

  it('gives each rule the framework verdict: scores and metrics, not applicable without a simulation, bpmnlint from the host', async () => {
    const graph = (await modelFromBpmn(SAMPLE, 'sample.bpmn')).model!.graph;
    // The host lints where it parsed the version (`input.bpmnlint`); the plugin never parses the XML itself.
    const bpmnlint = (await bpmnlintReportFor(SAMPLE))!;
    const input: AnalysisInput = { graph, xml: SAMPLE, bpmnlint };
    for (const rule of BUILT_IN_RULES) {
      const direct = await evaluateRule(rule, { graph, bpmnlint });
      const viaPlugin = await evaluateBuiltIn(rule, input);
      expect(viaPlugin, rule.id).toEqual(toScoreResult(direct));
      if (direct.status === 'scored') expect(viaPlugin.score).toBe(direct.score);
      if (rule.kind === 'dynamic') expect(viaPlugin.notApplicable).toMatch(/simulat/i);
    }
    const labels = await evaluateBuiltIn(BUILT_IN_RULES.find((r) => r.id === 'missing-labels')!, input);
    expect(labels.findings[0]!.elementIds).toEqual(['C']);
    const lint = await evaluateBuiltIn(BUILT_IN_RULES.find((r) => r.id === 'bpmnlint')!, input);
    expect(lint.notApplicable).toBeUndefined();
    expect(lint.findings.length).toBeGreaterThan(0);
    // Without the host's reports the file is not read again: bpmnlint is not applicable.
    expect((await evaluateBuiltIn(BUILT_IN_RULES.find((r) => r.id === 'bpmnlint')!, { graph, xml: SAMPLE })).notApplicable).toMatch(/needs the BPMN file/);
  });

  it('reads thresholds from changed settings, then the profile, then the defaults; bad thresholds come back as failed', async () => {
    const graph = (await modelFromBpmn(SAMPLE, 'sample.bpmn')).model!.graph;
    const manual = BUILT_IN_RULES.find((r) => r.id === 'manual-steps')!;
    const untouched = await evaluateBuiltIn(manual, { graph }, (key) => (key === 'leanScorecard.manualSteps.target' ? 8 : undefined));
    expect(untouched.score).toBe(100); // 3 manual steps, target 8
    const strictSetting = await evaluateBuiltIn(manual, { graph }, (key) => (key === 'leanScorecard.manualSteps.target' ? 1 : key === 'leanScorecard.manualSteps.bound' ? 5 : undefined));
    expect(strictSetting.score).toBe(50); // 3 steps between 1 (100) and 5 (0)
    const profile = { id: 'p', name: 'P', thresholds: { 'manual-steps': { target: 1, bound: 5 } } };
    const profileOverDefault = await evaluateBuiltIn(manual, { graph, profile }, (key) => (key === 'leanScorecard.manualSteps.target' ? 8 : undefined));
    expect(profileOverDefault.score).toBe(50); // the setting at its default: the profile's 1..5
    const settingWins = await evaluateBuiltIn(manual, { graph, profile }, (key) => (key === 'leanScorecard.manualSteps.target' ? 3 : undefined));
    expect(settingWins.score).toBe(100); // the changed setting (3) over the profile's target (1); bound 5 stays
    expect(effectiveProfile({ graph, profile }, (key) => (key === 'leanScorecard.manualSteps.target' ? 3 : undefined)).thresholds['manual-steps']).toEqual({ target: 3, bound: 5 });
    expect(effectiveProfile({ graph }, () => undefined).id).toBe('balanced');
    const bad = await evaluateBuiltIn(manual, { graph, profile: { id: 'p', name: 'P', thresholds: { 'manual-steps': { target: 'many' } } } });
    expect(bad.failed).toMatch(/thresholds of "Manual steps on the typical path" in profile "P" are invalid/);
    expect(bad.findings[0]!.severity).toBe('error');
  });

  it("scores first response per case type from the API's segments, against each type's own target, and names the type that misses", async () => {
    // One person answers every request (25 min on average, two requests an hour, around the clock): an M/M/1 queue
    // where a case spends 2.5 h on average. VIP requests (20%) should be answered within 1 h, standard ones within a day.
    const scenario = {
      pools: [{ id: 'desk', name: 'Desk', headcount: 1 }],
      arrivals: { S: { interArrival: { type: 'exponential', mean: 30, unit: 'min' } } },
      tasks: { A: { duration: { type: 'exponential', mean: 25, unit: 'min' }, poolId: 'desk', substantiveResponse: true } },
      caseTypes: [
        { id: 'vip', name: 'VIP', share: 0.2, priority: 0, targets: { firstResponseSla: { value: 1, unit: 'h' } } },
        { id: 'standard', name: 'Standard', share: 0.8, priority: 0, targets: { firstResponseSla: { value: 1, unit: 'd' } } },
      ],
    };
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:lf="https://leanflow.dev/schema/bpmn/1.0" id="D" targetNamespace="t">
  <bpmn:collaboration id="C"><bpmn:extensionElements><lf:scenarios active="s"><lf:scenario id="s" name="Desk" format="json">${JSON.stringify(scenario)}</lf:scenario></lf:scenarios></bpmn:extensionElements>
    <bpmn:participant id="Pa" processRef="P"/></bpmn:collaboration>
  <bpmn:process id="P">
    <bpmn:startEvent id="S" name="Request in"/><bpmn:userTask id="A" name="Answer request"/><bpmn:endEvent id="E" name="Answered"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="E"/>
  </bpmn:process>
</bpmn:definitions>`;
    const model = (await modelFromBpmn(xml, 'desk.bpmn')).model!;
    expect(model.scenario?.caseTypes?.map((t) => t.id)).toEqual(['vip', 'standard']);
    // What the host hands a plugin: the API's summary with `segments` (KPIs, each type's share within its target).
    const simulation = await simulateModel(model, { cases: 400, replications: 3 });
    const { graph } = model;
    const vip = simulation.segments!.find((s) => s.id === 'vip')!;
    const standard = simulation.segments!.find((s) => s.id === 'standard')!;
    expect(vip.targets.firstResponseSeconds).toBe(3600);
    const result = await evaluateBuiltIn(BUILT_IN_RULES.find((r) => r.id === 'first-response-time')!, { graph, scenario: model.scenario!, simulation });
    expect(result.metrics?.['withinSla.vip']).toBe(vip.firstResponseWithinTarget);
    expect(result.metrics?.['withinSla.standard']).toBe(standard.firstResponseWithinTarget);
    // About 1 - e^-0.4 = 33% of the VIPs are answered within their hour; nearly all standard cases within their day.
    expect(vip.firstResponseWithinTarget!).toBeLessThan(0.9);
    expect(standard.firstResponseWithinTarget!).toBeGreaterThan(0.95);
    expect(result.findings.map((f) => f.message.split(':')[0])).toEqual(['VIP']);
    const vipMessage = result.findings.find((f) => f.message.startsWith('VIP: '));
    expect(vipMessage?.message).toMatch(/^VIP: \d+(\.\d)?% of cases get a substantive response within 60 min \(target 90%\)/);
    const score = (id: string) => result.metrics![`score.${id}`]!;
    expect(result.score).toBeCloseTo(0.2 * score('vip') + 0.8 * score('standard'), 9);
  });
});

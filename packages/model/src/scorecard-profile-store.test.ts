// The scorecard profile stored in the file: written, read back, replaced, removed, next to the scenarios, and a
// damaged one reported without breaking the document.
import { describe, expect, it } from 'vitest';
import {
  LEAD_TO_QUOTE_SAMPLE,
  loadDocument,
  parseBpmn,
  readScenarios,
  readScorecardProfile,
  saveScenariosToXml,
  saveScorecardProfileToXml,
  serializeBpmn,
  writeScorecardProfile,
} from './index.ts';

const PROFILE = { id: 'team', name: 'Team', description: 'Ours', categoryWeights: { speed: 2 }, thresholds: { 'manual-steps': { target: 6, bound: 12 } } };

describe('scorecard profile in the file', () => {
  it('is absent from the sample and reads back equal after saving', async () => {
    expect((await loadDocument(LEAD_TO_QUOTE_SAMPLE)).scorecardProfile).toBeUndefined();
    const { xml, issues } = await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, PROFILE);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(xml).toContain('<lf:scorecardProfile id="team" name="Team" format="json">');
    const loaded = await loadDocument(xml!);
    expect(loaded.scorecardProfile).toEqual(PROFILE);
    // The scenarios stored before are untouched.
    const before = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
    expect(loaded.scenarios).toEqual(before.scenarios);
    expect(loaded.activeScenarioId).toBe(before.activeScenarioId);
  });

  it('survives saving the scenarios, and the scenarios survive saving it', async () => {
    const withProfile = (await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, PROFILE)).xml!;
    const scenarios = (await loadDocument(withProfile)).scenarios;
    const resaved = (await saveScenariosToXml(withProfile, scenarios.map((s) => ({ ...s, name: `${s.name} 2` })))).xml!;
    const again = await loadDocument(resaved);
    expect(again.scorecardProfile).toEqual(PROFILE);
    expect(again.scenarios.map((s) => s.name)).toEqual(scenarios.map((s) => `${s.name} 2`));
  });

  it('is replaced by a second save and removed with undefined (no empty extension left behind)', async () => {
    const parsed = await parseBpmn(LEAD_TO_QUOTE_SAMPLE);
    writeScorecardProfile(parsed.moddle!, parsed.definitions!, PROFILE);
    writeScorecardProfile(parsed.moddle!, parsed.definitions!, { id: 'other', name: 'Other' });
    const xml = await serializeBpmn(parsed.moddle!, parsed.definitions!);
    expect(xml.match(/<lf:scorecardProfile/g)).toHaveLength(1);
    expect(readScorecardProfile((await parseBpmn(xml)).definitions!).profile).toEqual({ id: 'other', name: 'Other' });
    writeScorecardProfile(parsed.moddle!, parsed.definitions!, undefined);
    const removed = await serializeBpmn(parsed.moddle!, parsed.definitions!);
    expect(removed).not.toContain('scorecardProfile');
    expect(readScenarios((await parseBpmn(removed)).definitions!).scenarios.length).toBeGreaterThan(0);

    const bare = await parseBpmn('<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t"><bpmn:process id="P"><bpmn:startEvent id="S"/></bpmn:process></bpmn:definitions>');
    writeScorecardProfile(bare.moddle!, bare.definitions!, PROFILE);
    writeScorecardProfile(bare.moddle!, bare.definitions!, undefined);
    expect(await serializeBpmn(bare.moddle!, bare.definitions!)).not.toContain('extensionElements');
  });

  it('reports a damaged or nameless profile as a warning and still loads the document', async () => {
    const damaged = (await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, PROFILE)).xml!.replace('"categoryWeights"', 'categoryWeights');
    const loaded = await loadDocument(damaged);
    expect(loaded.graph).toBeDefined();
    expect(loaded.scorecardProfile).toBeUndefined();
    expect(loaded.modelIssues).toContainEqual(expect.objectContaining({ code: 'scorecardProfile.unreadable', severity: 'warning' }));
    const nameless = (await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, PROFILE)).xml!.replace('id="team" name="Team"', 'id=""');
    const invalid = await loadDocument(nameless);
    expect(invalid.scorecardProfile).toBeUndefined();
    expect(invalid.modelIssues).toContainEqual(expect.objectContaining({ code: 'scorecardProfile.invalid', message: expect.stringContaining('needs an id') }));
  });

  it('refuses a file with no process to store it in', async () => {
    const { xml, issues } = await saveScorecardProfileToXml('<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t"/>', PROFILE);
    expect(xml).toBeUndefined();
    expect(issues).toContainEqual(expect.objectContaining({ code: 'scorecardProfile.noHost', severity: 'error' }));
  });
});

import { BUILT_IN_PROFILES, findBuiltInProfile } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE, saveScorecardProfileToXml } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { SCORECARD_EN, SCORECARD_ZH, type ScorecardMessageKey } from './messages.ts';
import { buildProfile } from './profile.ts';
import { runScoreJob } from './scorecard-job.ts';
import { displayScore, markersOf, toneOf, toScorecardViewModel } from './view-model.ts';

const t = (key: ScorecardMessageKey, params?: Record<string, string | number>) =>
  SCORECARD_EN[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));

async function scoreSample(profileId = 'balanced') {
  const answer = await runScoreJob({ type: 'score', requestId: 1, xml: LEAD_TO_QUOTE_SAMPLE, profile: buildProfile({ profileId }).profile });
  if (answer.type !== 'scored' || !answer.ok) throw new Error('the sample should score');
  return answer.card;
}

describe('scorecard view model', () => {
  it('maps the sample: overall score, five categories, rules grouped, dynamic rules waiting for a simulation', async () => {
    const card = await scoreSample();
    const model = toScorecardViewModel(card, t, { simulated: false, profileName: 'Balanced' });
    console.log(`sample: overall ${card.score?.toFixed(2)}, categories ${Object.entries(card.categories).map(([k, c]) => `${k}=${c.score?.toFixed(1) ?? '-'}`).join(' ')}, findings ${model.findingCount}`);
    expect(card.score).not.toBeNull();
    expect(model.scoreText).toBe(displayScore(card.score));
    expect(model.tone).toBe(toneOf(card.score));
    expect(model.categories.map((c) => c.title)).toEqual(['Speed', 'Cost', 'Simplicity', 'Customer experience', 'Model quality']);
    expect(model.categories.flatMap((c) => c.rules)).toHaveLength(20);
    expect(model.totalRules).toBe(20);
    // Six dynamic rules, not applicable without a simulation, with the user-facing reason.
    const waiting = model.categories.flatMap((c) => c.rules).filter((r) => r.kind === 'dynamic');
    expect(waiting).toHaveLength(6);
    for (const rule of waiting) {
      expect(rule.status).toBe('notApplicable');
      expect(rule.reason).toBe('Run a simulation to score this.');
      expect(rule.scoreText).toBe('–');
    }
    expect(model.needsSimulation).toBe(true);
    // Category scores are the scorecard's; customer experience has only dynamic rules, so it is not scored.
    const cx = model.categories.find((c) => c.id === 'customerExperience')!;
    expect(cx.score).toBeNull();
    expect(model.categories.find((c) => c.id === 'modelQuality')!.score).toBe(card.categories.modelQuality.score);
    // Within a category, scored rules come first.
    for (const c of model.categories) {
      const statuses = c.rules.map((r) => (r.status === 'scored' ? 0 : 1));
      expect([...statuses].sort()).toEqual(statuses);
    }
    expect(model.findingCount).toBe(card.rules.reduce((n, r) => n + r.findings.length, 0));
  });

  it('an unlabelled task lowers the score and is marked on the diagram', async () => {
    const before = await scoreSample();
    const xml = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmn:userTask id="Task_Qualify" name="[^"]*"/, "<bpmn:userTask id=\"Task_Qualify\"");
    const answer = await runScoreJob({ type: 'score', requestId: 2, xml, profile: findBuiltInProfile('balanced')! });
    if (answer.type !== 'scored' || !answer.ok) throw new Error('should score');
    const labels = answer.card.rules.find((r) => r.ruleId === 'missing-labels')!;
    if (xml !== LEAD_TO_QUOTE_SAMPLE) {
      expect(labels.findings.length).toBeGreaterThan(0);
      expect(answer.card.score!).toBeLessThan(before.score!);
      const markers = markersOf(toScorecardViewModel(answer.card, t, { simulated: false, profileName: 'Balanced' }));
      expect(markers.size).toBeGreaterThan(0);
    }
  });

  it('a profile without some rules shows them as not part of the profile; settings override thresholds', async () => {
    const card = await scoreSample('model-quality');
    const model = toScorecardViewModel(card, t, { simulated: false, profileName: 'Model quality' });
    const manual = model.categories.flatMap((c) => c.rules).find((r) => r.id === 'manual-steps')!;
    expect(manual.status).toBe('disabled');
    expect(manual.reason).toBe('Not part of the “Model quality” profile.');
    expect(buildProfile({ profileId: 'balanced', manualStepsTarget: 5 }).profile.thresholds['manual-steps']).toEqual({ target: 5, bound: 10 });
    expect(buildProfile({ profileId: 'cost-focused' }).profile.thresholds['resource-utilisation']).toEqual({ low: 0.7, high: 0.9 });
    expect(buildProfile({ profileId: 'balanced', utilisationLowPercent: 90 }).invalidBand).toEqual({ low: 90, high: 85 });
    expect(BUILT_IN_PROFILES.map((p) => p.id)).toEqual(['balanced', 'customer-first', 'cost-focused', 'model-quality']);
  });

  it('has every string in Chinese with the same placeholders', () => {
    for (const key of Object.keys(SCORECARD_EN) as ScorecardMessageKey[]) {
      expect(SCORECARD_ZH[key], key).toBeTruthy();
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(SCORECARD_ZH[key]), key).toEqual(names(SCORECARD_EN[key]));
    }
  });

  it('scores with the profile stored in the file when allowed, else with the settings; a bad one is reported', async () => {
    const stored = { id: 'team', name: 'Team', enabledRules: ['manual-steps', 'missing-labels'] };
    const xml = (await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, stored)).xml!;
    const settings = buildProfile({ profileId: 'balanced' }).profile;
    const used = await runScoreJob({ type: 'score', requestId: 1, xml, profile: settings, useModelProfile: true });
    if (used.type !== 'scored' || !used.ok) throw new Error('should score');
    expect(used.profile).toEqual({ id: 'team', name: 'Team', source: 'model' });
    expect(used.card.profileId).toBe('team');
    expect(used.card.rules.filter((r) => r.status === 'scored').map((r) => r.ruleId).sort()).toEqual(['manual-steps', 'missing-labels']);
    const ignored = await runScoreJob({ type: 'score', requestId: 2, xml, profile: settings, useModelProfile: false });
    if (ignored.type !== 'scored' || !ignored.ok) throw new Error('should score');
    expect(ignored.profile).toEqual({ id: 'balanced', name: 'Balanced', source: 'settings' });
    expect(ignored.card.rules.filter((r) => r.status === 'scored').length).toBe(14);
    const bad = (await saveScorecardProfileToXml(LEAD_TO_QUOTE_SAMPLE, { ...stored, categoryWeights: { speed: -1 } })).xml!;
    const fallback = await runScoreJob({ type: 'score', requestId: 3, xml: bad, profile: settings, useModelProfile: true });
    if (fallback.type !== 'scored' || !fallback.ok) throw new Error('should score');
    expect(fallback.profile.source).toBe('settings');
    expect(fallback.modelProfileIssues).toEqual(['categoryWeights.speed: A weight cannot be negative.']);
  });
});

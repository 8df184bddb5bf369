// One family of threshold settings (the lean-scorecard plugin's), the old `scorecard.*` keys migrated once.
import { describe, expect, it } from 'vitest';
import { createMemorySettingsStorage, SettingsRegistry } from '../../services/settings.ts';
import { buildProfile, migrateScorecardSettings, migratingSettingsStorage, scorecardOptionsFromSettings } from './profile.ts';

/** The settings as the studio registers them: the Scorecard's profile and the plugin's contributed thresholds. */
function registry(stored: Record<string, unknown>) {
  const storage = createMemorySettingsStorage(stored);
  const settings = new SettingsRegistry(migratingSettingsStorage(storage));
  settings.register({ id: 'scorecard.profile', type: 'string', default: 'balanced', title: 'Profile', description: '' });
  for (const [id, value] of [['leanScorecard.manualSteps.target', 8], ['leanScorecard.manualSteps.bound', 16], ['leanScorecard.firstResponse.slaHours', 0], ['leanScorecard.utilisation.low', 0.6], ['leanScorecard.utilisation.high', 0.85]] as const)
    settings.register({ id, type: 'number', default: value, minimum: 0, title: id, description: '' });
  return { settings, storage };
}

describe('scorecard threshold settings', () => {
  it('moves the old scorecard.* values to the plugin keys once, converting percentages', () => {
    const { values, migrated } = migrateScorecardSettings({
      'scorecard.manualStepsTarget': 5,
      'scorecard.firstResponseSlaHours': 4,
      'scorecard.utilisationLowPercent': 50,
      'scorecard.utilisationHighPercent': 90,
      'scorecard.profile': 'cost-focused',
      'workbench.colorTheme': 'dark',
    });
    expect(values).toEqual({
      'leanScorecard.manualSteps.target': 5,
      'leanScorecard.firstResponse.slaHours': 4,
      'leanScorecard.utilisation.low': 0.5,
      'leanScorecard.utilisation.high': 0.9,
      'scorecard.profile': 'cost-focused',
      'workbench.colorTheme': 'dark',
    });
    expect(migrated).toEqual(['scorecard.manualStepsTarget', 'scorecard.firstResponseSlaHours', 'scorecard.utilisationLowPercent', 'scorecard.utilisationHighPercent']);
    // A value already under the new key wins; a broken old value is dropped; nothing to do is nothing done.
    expect(migrateScorecardSettings({ 'scorecard.manualStepsTarget': 5, 'leanScorecard.manualSteps.target': 3, 'scorecard.utilisationLowPercent': 'x' }).values).toEqual({ 'leanScorecard.manualSteps.target': 3 });
    expect(migrateScorecardSettings({ 'leanScorecard.manualSteps.target': 3 }).migrated).toEqual([]);
  });

  it('migrates persisted values at start-up and saves them back, so the Scorecard reads the one family', () => {
    const { settings, storage } = registry({ 'scorecard.manualStepsTarget': 5, 'scorecard.utilisationLowPercent': 50, 'scorecard.firstResponseSlaHours': 4 });
    expect(storage.values).toEqual({ 'leanScorecard.manualSteps.target': 5, 'leanScorecard.utilisation.low': 0.5, 'leanScorecard.firstResponse.slaHours': 4 });
    const options = scorecardOptionsFromSettings(settings);
    expect(options).toEqual({ profileId: 'balanced', manualStepsTarget: 5, utilisationLowPercent: 50, firstResponseSlaHours: 4 });
    expect(buildProfile(options).profile.thresholds['manual-steps']).toEqual({ target: 5, bound: 10 });
    expect(buildProfile(options).profile.thresholds['resource-utilisation']).toEqual({ low: 0.5, high: 0.85 });
  });

  it('precedence: a changed setting over the profile, the profile over the defaults', () => {
    const { settings } = registry({ 'scorecard.profile': 'cost-focused' });
    // Untouched settings: the cost-focused profile's own band (70-90%) stays.
    expect(buildProfile(scorecardOptionsFromSettings(settings)).profile.thresholds['resource-utilisation']).toEqual({ low: 0.7, high: 0.9 });
    settings.set('leanScorecard.utilisation.high', 0.8);
    expect(buildProfile(scorecardOptionsFromSettings(settings)).profile.thresholds['resource-utilisation']).toEqual({ low: 0.7, high: 0.8 });
    settings.set('leanScorecard.manualSteps.bound', 12);
    expect(buildProfile(scorecardOptionsFromSettings(settings)).profile.thresholds['manual-steps']).toEqual({ target: 8, bound: 12 });
    // The SLA at 0 means the scenario's: no override.
    expect(scorecardOptionsFromSettings(settings).firstResponseSlaHours).toBeUndefined();
  });

  it('ignores the thresholds when the plugin is not there (its settings unregistered)', () => {
    const settings = new SettingsRegistry(migratingSettingsStorage(createMemorySettingsStorage({ 'scorecard.manualStepsTarget': 5 })));
    settings.register({ id: 'scorecard.profile', type: 'string', default: 'balanced', title: 'Profile', description: '' });
    expect(scorecardOptionsFromSettings(settings)).toEqual({ profileId: 'balanced' });
  });
});

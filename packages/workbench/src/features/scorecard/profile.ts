// Settings -> scoring profile and simulation input. Pure functions (unit-tested in Node).
import { BUILT_IN_PROFILES, findBuiltInProfile, toSimulationSummary, type ScoringProfile, type SimulationSummary } from '@leanflow/analysis';
import type { SimulationResult } from '@leanflow/sim';
import type { SettingValue } from '../../services/settings.ts';

export const SCORECARD_SETTING = {
  profile: 'scorecard.profile',
  useModelProfile: 'scorecard.useProfileFromModel',
} as const;

/**
 * The one family of threshold settings: the built-in lean-scorecard plugin's (its manifest's `configuration`), read
 * by the Scorecard, Compare's rescoring and the suggestions' predicted score alike. Registered while that plugin is
 * installed and enabled; a setting that is not registered counts as unchanged.
 */
export const THRESHOLD_SETTING = {
  manualStepsTarget: 'leanScorecard.manualSteps.target',
  manualStepsBound: 'leanScorecard.manualSteps.bound',
  firstResponseSlaHours: 'leanScorecard.firstResponse.slaHours',
  utilisationLow: 'leanScorecard.utilisation.low',
  utilisationHigh: 'leanScorecard.utilisation.high',
} as const;

/**
 * The workbench's old threshold settings (before the plugin's family), migrated once at start-up by
 * `migrateScorecardSettings`: old key -> new key and how the value converts.
 */
export const LEGACY_THRESHOLD_SETTINGS: readonly { readonly from: string; readonly to: string; readonly convert: (value: number) => number }[] = [
  { from: 'scorecard.manualStepsTarget', to: THRESHOLD_SETTING.manualStepsTarget, convert: (v) => v },
  { from: 'scorecard.firstResponseSlaHours', to: THRESHOLD_SETTING.firstResponseSlaHours, convert: (v) => v },
  { from: 'scorecard.utilisationLowPercent', to: THRESHOLD_SETTING.utilisationLow, convert: (v) => v / 100 },
  { from: 'scorecard.utilisationHighPercent', to: THRESHOLD_SETTING.utilisationHigh, convert: (v) => v / 100 },
];

/**
 * Stored setting values with the old `scorecard.*` thresholds moved to the plugin's keys. A value already stored
 * under the new key wins (the user set it after the old one); the old keys are dropped. `migrated` lists the old
 * keys moved, empty when there was nothing to do.
 *
 * @example
 * migrateScorecardSettings({ 'scorecard.utilisationLowPercent': 50 }).values; // { 'leanScorecard.utilisation.low': 0.5 }
 */
export function migrateScorecardSettings(stored: Readonly<Record<string, unknown>>): { values: Record<string, unknown>; migrated: string[] } {
  const values = { ...stored };
  const migrated: string[] = [];
  for (const { from, to, convert } of LEGACY_THRESHOLD_SETTINGS) {
    if (!(from in values)) continue;
    const old = values[from];
    delete values[from];
    migrated.push(from);
    if (typeof old === 'number' && Number.isFinite(old) && values[to] === undefined) values[to] = convert(old);
  }
  return { values, migrated };
}

/** `storage` with the old threshold keys migrated when first loaded (and saved back once, so it happens once). */
export function migratingSettingsStorage<S extends { load(): Record<string, unknown>; save(values: Record<string, SettingValue>): void }>(storage: S): S {
  return {
    ...storage,
    load() {
      const { values, migrated } = migrateScorecardSettings(storage.load());
      if (migrated.length > 0) storage.save(values as Record<string, SettingValue>);
      return values;
    },
    save: (values: Record<string, SettingValue>) => storage.save(values),
  };
}

export const SCORECARD_DEFAULTS = { profile: 'balanced', useModelProfile: true, utilisationLow: 60, utilisationHigh: 85 } as const;

export const PROFILE_IDS: readonly string[] = BUILT_IN_PROFILES.map((p) => p.id);

/** The user's choices; a field is present only when the user changed that setting. */
export interface ScorecardOptions {
  readonly profileId: string;
  readonly manualStepsTarget?: number;
  /** Manual steps at which the score reaches 0; without it (and with a target) twice the target. */
  readonly manualStepsBound?: number;
  readonly firstResponseSlaHours?: number;
  readonly utilisationLowPercent?: number;
  readonly utilisationHighPercent?: number;
}

/** The part of the settings service the options need. */
export interface ScorecardSettingsReader {
  get<T extends string | number | boolean>(id: string): T;
  isModified(id: string): boolean;
  schema(id: string): unknown;
}

/** The user's scorecard choices from the settings (the Scorecard view and the variants comparison use the same). */
export function scorecardOptionsFromSettings(s: ScorecardSettingsReader): ScorecardOptions {
  // A setting that is not registered (the lean-scorecard plugin disabled, a host without it) counts as unchanged.
  const changed = (id: string) => (s.schema(id) !== undefined && s.isModified(id) ? s.get<number>(id) : undefined);
  const percent = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 10_000) / 100);
  const manualStepsTarget = changed(THRESHOLD_SETTING.manualStepsTarget);
  const manualStepsBound = changed(THRESHOLD_SETTING.manualStepsBound);
  // 0 (the default) means "the scenario's SLA".
  const slaHours = changed(THRESHOLD_SETTING.firstResponseSlaHours);
  const firstResponseSlaHours = slaHours !== undefined && slaHours > 0 ? slaHours : undefined;
  const utilisationLowPercent = percent(changed(THRESHOLD_SETTING.utilisationLow));
  const utilisationHighPercent = percent(changed(THRESHOLD_SETTING.utilisationHigh));
  return {
    profileId: s.get<string>(SCORECARD_SETTING.profile),
    ...(manualStepsTarget !== undefined ? { manualStepsTarget } : {}),
    ...(manualStepsBound !== undefined ? { manualStepsBound } : {}),
    ...(firstResponseSlaHours !== undefined ? { firstResponseSlaHours } : {}),
    ...(utilisationLowPercent !== undefined ? { utilisationLowPercent } : {}),
    ...(utilisationHighPercent !== undefined ? { utilisationHighPercent } : {}),
  };
}

/**
 * The built-in profile with the user's thresholds as overrides. Only settings the user changed override: the
 * defaults equal the rules' own defaults, and a profile's own thresholds (cost-focused: 70-90% utilisation) stay
 * until the user asks for something else. Returns `invalidBand` when the utilisation band cannot be used.
 */
export function buildProfile(options: ScorecardOptions): { profile: ScoringProfile; invalidBand?: { low: number; high: number } } {
  const base = findBuiltInProfile(options.profileId) ?? BUILT_IN_PROFILES[0]!;
  const thresholds: Record<string, Record<string, unknown>> = { ...base.thresholds };
  if (options.manualStepsTarget !== undefined || options.manualStepsBound !== undefined) {
    const current = (thresholds['manual-steps'] ?? {}) as { target?: number; bound?: number };
    const target = options.manualStepsTarget ?? current.target ?? 8;
    const bound = options.manualStepsBound ?? (options.manualStepsTarget !== undefined ? Math.max(2 * target, target + 1) : current.bound);
    thresholds['manual-steps'] = { ...current, target, ...(bound !== undefined ? { bound } : {}) };
  }
  let invalidBand: { low: number; high: number } | undefined;
  if (options.utilisationLowPercent !== undefined || options.utilisationHighPercent !== undefined) {
    const current = (thresholds['resource-utilisation'] ?? {}) as { low?: number; high?: number };
    const low = options.utilisationLowPercent !== undefined ? options.utilisationLowPercent / 100 : (current.low ?? SCORECARD_DEFAULTS.utilisationLow / 100);
    const high = options.utilisationHighPercent !== undefined ? options.utilisationHighPercent / 100 : (current.high ?? SCORECARD_DEFAULTS.utilisationHigh / 100);
    if (low >= 0 && low < high && high < 1) thresholds['resource-utilisation'] = { ...current, low, high };
    else invalidBand = { low: Math.round(low * 100), high: Math.round(high * 100) };
  }
  const profile: ScoringProfile = { ...base, thresholds };
  return invalidBand ? { profile, invalidBand } : { profile };
}

/**
 * The simulation input of the dynamic rules. With `slaHours` (the user changed the SLA setting) the share of
 * first responses within the SLA is re-read from the run's first-response times for that SLA.
 */
export function simulationInput(result: SimulationResult, slaHours?: number): SimulationSummary {
  const summary = toSimulationSummary(result);
  const fr = summary.firstResponse;
  if (slaHours === undefined || !fr) return summary;
  const slaSeconds = slaHours * 3600;
  if (slaSeconds === fr.slaSeconds) return summary;
  const k = result.kpis.firstResponseTime;
  if (k.histogram.length === 0) return summary;
  // The share of answered cases at or below the SLA, read from the run's first-response histogram (linear within a
  // bin; the last bin also holds everything above it). Cases never answered count as late, as in the simulator.
  let answeredWithin = 0;
  k.histogram.forEach((bin, i) => {
    const last = i === k.histogram.length - 1;
    if (slaSeconds >= bin.to && !last) answeredWithin += bin.share;
    else if (slaSeconds > bin.from) answeredWithin += bin.share * Math.min(1, (slaSeconds - bin.from) / (bin.to - bin.from || 1));
  });
  const within = Math.min(1, answeredWithin) * (1 - (k.withoutResponse ?? 0));
  return { ...summary, firstResponse: { ...fr, withinSla: within, slaSeconds } };
}

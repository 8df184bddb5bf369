// Settings -> scoring profile and simulation input. Pure functions (unit-tested in Node).
import { BUILT_IN_PROFILES, findBuiltInProfile, toSimulationSummary, type ScoringProfile, type SimulationSummary } from '@leanflow/analysis';
import type { SimulationResult } from '@leanflow/sim';

export const SCORECARD_SETTING = {
  profile: 'scorecard.profile',
  manualStepsTarget: 'scorecard.manualStepsTarget',
  firstResponseSlaHours: 'scorecard.firstResponseSlaHours',
  utilisationLow: 'scorecard.utilisationLowPercent',
  utilisationHigh: 'scorecard.utilisationHighPercent',
  useModelProfile: 'scorecard.useProfileFromModel',
} as const;

export const SCORECARD_DEFAULTS = { profile: 'balanced', manualStepsTarget: 8, firstResponseSlaHours: 2, utilisationLow: 60, utilisationHigh: 85, useModelProfile: true } as const;

export const PROFILE_IDS: readonly string[] = BUILT_IN_PROFILES.map((p) => p.id);

/** The user's choices; a field is present only when the user changed that setting. */
export interface ScorecardOptions {
  readonly profileId: string;
  readonly manualStepsTarget?: number;
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
  // A setting that is not registered (a host without the Scorecard feature's settings) counts as unchanged.
  const changed = (id: string) => (s.schema(id) !== undefined && s.isModified(id) ? s.get<number>(id) : undefined);
  const manualStepsTarget = changed(SCORECARD_SETTING.manualStepsTarget);
  const firstResponseSlaHours = changed(SCORECARD_SETTING.firstResponseSlaHours);
  const utilisationLowPercent = changed(SCORECARD_SETTING.utilisationLow);
  const utilisationHighPercent = changed(SCORECARD_SETTING.utilisationHigh);
  return {
    profileId: s.get<string>(SCORECARD_SETTING.profile),
    ...(manualStepsTarget !== undefined ? { manualStepsTarget } : {}),
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
  if (options.manualStepsTarget !== undefined) {
    const target = options.manualStepsTarget;
    thresholds['manual-steps'] = { ...thresholds['manual-steps'], target, bound: Math.max(2 * target, target + 1) };
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

// Built-in scoring profiles. Users copy and adapt them in settings or store their own in the model file.
import { ScoringProfileSchema, type ScoringProfile } from './scoring.ts';

/**
 * The built-in profiles: `balanced` (every rule at its default weight), `customer-first` (response and speed
 * count most, stricter first-response share), `cost-focused` (cost and simplicity count most) and
 * `model-quality` (only the modelling rules, for reviewing diagrams before they are simulated).
 */
export const BUILT_IN_PROFILES: readonly ScoringProfile[] = [
  { id: 'balanced', name: 'Balanced', description: 'Every rule at its default weight.' },
  {
    id: 'customer-first',
    name: 'Customer first',
    description: 'Customer experience and speed count most; 95% of cases answered within the SLA.',
    categoryWeights: { customerExperience: 3, speed: 2, cost: 0.5, modelQuality: 0.5 },
    thresholds: { 'first-response-time': { targetShare: 0.95 } },
  },
  {
    id: 'cost-focused',
    name: 'Cost focused',
    description: 'Cost and simplicity count most; utilisation band raised to 70-90%.',
    categoryWeights: { cost: 3, simplicity: 2, customerExperience: 0.5, modelQuality: 0.5 },
    thresholds: { 'resource-utilisation': { low: 0.7, high: 0.9 } },
  },
  {
    id: 'model-quality',
    name: 'Model quality',
    description: 'Only the modelling rules (7PMG, control-flow complexity, bpmnlint).',
    enabledRules: ['model-size', 'control-flow-complexity', 'unmatched-splits', 'deadlock-and-synchronisation', 'unreachable-elements', 'missing-labels', 'implicit-splits', 'bpmnlint'],
  },
].map((p) => ScoringProfileSchema.parse(p));

/** A built-in profile by id, or undefined. */
export function findBuiltInProfile(id: string): ScoringProfile | undefined {
  return BUILT_IN_PROFILES.find((p) => p.id === id);
}

/**
 * Validates a profile stored in a model file (`LoadedDocument.scorecardProfile`) or a settings value. Returns the
 * profile, or messages naming each bad field ("weights.manual-steps: A weight cannot be negative.").
 *
 * @example
 * const stored = parseStoredProfile(loaded.scorecardProfile);
 * const profile = stored.ok ? stored.profile : findBuiltInProfile('balanced')!;
 */
export function parseStoredProfile(value: unknown): { ok: true; profile: ScoringProfile } | { ok: false; issues: string[] } {
  const parsed = ScoringProfileSchema.safeParse(value);
  if (parsed.success) return { ok: true, profile: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(profile)'}: ${i.message}`) };
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BUILT_IN_PROFILES,
  BUILT_IN_RULES,
  ScoringProfileSchema,
  computeScorecard,
  defineRule,
  notApplicable,
  scoreHigherIsBetter,
  scoreLowerIsBetter,
  type ScoreCategory,
  type ScoringRule,
} from './index.ts';
import { buildGraph, chain, end, start, task } from './testing/build-graph.ts';

const graph = buildGraph([start('S'), task('A'), end('E')], chain('S', 'A', 'E'));

/** A rule that always scores `score` (its config can override it), for checking the weighting math. */
function fixedRule(id: string, category: ScoreCategory, score: number, defaultWeight = 1): ScoringRule {
  return defineRule({
    id,
    title: id,
    category,
    kind: 'static',
    defaultWeight,
    configSchema: z.object({ score: z.number().min(0).max(100).default(score) }),
    docsUrl: `docs/scoring.md#${id}`,
    rationale: `why ${id}`,
    evaluate: ({ config }) => ({ score: config.score, findings: [{ severity: 'info', message: `${id} scored`, elementIds: ['A'] }] }),
  }) as ScoringRule;
}

describe('score mapping', () => {
  it('is 100 at the target, linear in between and 0 at the bound', () => {
    expect(scoreLowerIsBetter(8, 8, 16)).toBe(100);
    expect(scoreLowerIsBetter(12, 8, 16)).toBe(50);
    expect(scoreLowerIsBetter(20, 8, 16)).toBe(0);
    expect(scoreLowerIsBetter(2, 8, 16)).toBe(100);
    expect(scoreHigherIsBetter(0.7, 0.9, 0.5)).toBeCloseTo(50, 12);
    expect(scoreHigherIsBetter(0.95, 0.9, 0.5)).toBe(100);
    expect(() => scoreLowerIsBetter(1, 5, 5)).toThrow(RangeError);
  });
});

describe('computeScorecard', () => {
  it('combines rule scores as a weighted mean overall and per category', async () => {
    const rules = [fixedRule('a', 'speed', 100, 1), fixedRule('b', 'speed', 0, 3), fixedRule('c', 'cost', 60, 2)];
    const card = await computeScorecard(rules, { graph });
    // (1*100 + 3*0 + 2*60) / 6
    expect(card.score).toBeCloseTo(220 / 6, 12);
    expect(card.categories.speed).toEqual({ score: 25, weight: 4 });
    expect(card.categories.cost).toEqual({ score: 60, weight: 2 });
    expect(card.categories.modelQuality).toEqual({ score: null, weight: 0 });
    expect(card.rules[0]!.findings[0]).toEqual({ severity: 'info', message: 'a scored', elementIds: ['A'], ruleId: 'a', why: 'why a', docsUrl: 'docs/scoring.md#a' });
  });

  it('leaves not-applicable rules out of the weighting instead of scoring them 0', async () => {
    const na = defineRule({ ...fixedRule('na', 'speed', 0), kind: 'dynamic', evaluate: () => notApplicable('no simulation') }) as ScoringRule;
    const card = await computeScorecard([fixedRule('a', 'speed', 80), na], { graph });
    expect(card.score).toBe(80);
    expect(card.rules[1]).toMatchObject({ status: 'notApplicable', score: null, reason: 'no simulation' });
  });

  it('reports a throwing rule as an error finding of that rule and scores the rest', async () => {
    const broken = defineRule({ ...fixedRule('broken', 'cost', 0), evaluate: () => { throw new Error('boom'); } }) as ScoringRule;
    const rejects = defineRule({ ...fixedRule('rejects', 'cost', 0), evaluate: () => Promise.reject(new Error('async boom')) }) as ScoringRule;
    const outOfRange = defineRule({ ...fixedRule('range', 'cost', 0), evaluate: () => ({ score: 140, findings: [] }) }) as ScoringRule;
    const card = await computeScorecard([fixedRule('a', 'cost', 70), broken, rejects, outOfRange], { graph });
    expect(card.score).toBe(70);
    expect(card.rules.map((r) => r.status)).toEqual(['scored', 'error', 'error', 'error']);
    expect(card.rules[1]!.findings).toHaveLength(1);
    expect(card.rules[1]!.findings[0]).toMatchObject({ severity: 'error', ruleId: 'broken' });
    expect(card.rules[1]!.findings[0]!.message).toContain('boom');
    expect(card.rules[2]!.findings[0]!.message).toContain('async boom');
    expect(card.rules[3]!.reason).toContain('140');
  });

  it('applies profile weights, category weights, enabled rules and threshold overrides', async () => {
    const rules = [fixedRule('a', 'speed', 100), fixedRule('b', 'cost', 0), fixedRule('c', 'cost', 50)];
    const profile = ScoringProfileSchema.parse({
      id: 'p',
      name: 'P',
      weights: { a: 2 },
      categoryWeights: { cost: 3 },
      thresholds: { c: { score: 90 } },
      enabledRules: ['a', 'c'],
    });
    const card = await computeScorecard(rules, { graph }, profile);
    expect(card.rules.map((r) => [r.ruleId, r.status, r.weight])).toEqual([
      ['a', 'scored', 2],
      ['b', 'disabled', 3],
      ['c', 'scored', 3],
    ]);
    // (2*100 + 3*90) / 5
    expect(card.score).toBe(94);
    expect(card.profileId).toBe('p');
  });

  it('turns invalid profile thresholds into an error finding, not an exception', async () => {
    const profile = ScoringProfileSchema.parse({ id: 'p', name: 'Bad', thresholds: { a: { score: 'high' } } });
    const card = await computeScorecard([fixedRule('a', 'speed', 100), fixedRule('b', 'speed', 40)], { graph }, profile);
    expect(card.rules[0]!.status).toBe('error');
    expect(card.rules[0]!.reason).toMatch(/thresholds of "a" in profile "Bad" are invalid: score:/);
    expect(card.score).toBe(40);
  });

  it('scores null when no rule applies, and rejects duplicate rule ids as a programming error', async () => {
    const card = await computeScorecard([], { graph });
    expect(card.score).toBeNull();
    await expect(computeScorecard([fixedRule('a', 'speed', 1), fixedRule('a', 'cost', 1)], { graph })).rejects.toThrow(/share the id "a"/);
  });

  it('validates stored profiles with messages a user can act on', () => {
    const result = ScoringProfileSchema.safeParse({ id: 'x', name: '', weights: { a: -1 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).sort()).toEqual(['A profile needs a name.', 'A weight cannot be negative.']);
  });

  it('ships built-in profiles whose ids and thresholds fit the built-in rules', async () => {
    expect(BUILT_IN_PROFILES.map((p) => p.id)).toEqual(['balanced', 'customer-first', 'cost-focused', 'model-quality']);
    const ids = new Set(BUILT_IN_RULES.map((r) => r.id));
    expect(ids.size).toBe(BUILT_IN_RULES.length);
    for (const profile of BUILT_IN_PROFILES) {
      for (const id of [...Object.keys(profile.thresholds), ...(profile.enabledRules ?? [])]) expect(ids.has(id)).toBe(true);
      const card = await computeScorecard(BUILT_IN_RULES, { graph }, profile);
      expect(card.rules.filter((r) => r.status === 'error')).toEqual([]);
    }
    // Every built-in rule's configuration has defaults.
    for (const rule of BUILT_IN_RULES) expect(rule.configSchema.safeParse({}).success).toBe(true);
  });
});

// The comparison's scorecards from the Scorecard view's scorer: the worker simulates every variant, then each
// variant's run is scored the way the Scorecard view scores a document (rules in the plugin host, installed plugins'
// rules included, the file's own profile or the settings'), so a baseline shows the same score in Compare as in the
// Scorecard for the same run. DOM-free.
import type { VariantComparison } from '@leanflow/analysis';
import type { RunScorer } from '../scorecard/scorecard-controller.ts';

/**
 * `comparison` with each variant's scorecard from `scorer` and the score differences recomputed. A variant the
 * scorer cannot score (the plugin host is down) keeps the worker's card: then none is replaced, so the
 * differences are never taken between cards of two different rule sets.
 *
 * @example
 * const shown = await withScorecards(comparison, variants.map((v) => v.xml), scorecard.controller);
 */
export async function withScorecards(comparison: VariantComparison, xmls: readonly string[], scorer: RunScorer): Promise<VariantComparison> {
  const cards = await Promise.all(comparison.variants.map((v, i) => scorer.scoreRun(xmls[i]!, v.simulation)));
  if (cards.some((card) => card === undefined)) return comparison;
  const variants = comparison.variants.map((v, i) => ({ ...v, scorecard: cards[i]! }));
  const base = variants[0]!.scorecard.score;
  const differences = comparison.differences.map((d) => {
    const other = variants.find((v) => v.name === d.variant)?.scorecard.score ?? null;
    return { ...d, scoreDifference: base === null || other === null ? null : other - base };
  });
  return { ...comparison, variants, differences };
}

// A prediction's score row from the Scorecard view's scorer: the worker simulates before and after, and both runs are
// scored the way the Scorecard view scores a document (rules in the plugin host, installed plugins' rules included,
// the file's own profile or the settings'), so "before" equals the Scorecard's score for the same run. DOM-free.
import type { PredictedImpact } from '@leanflow/analysis';
import type { SimulationResult } from '@leanflow/sim';
import type { RunScorer } from '../scorecard/plugin-scoring.ts';
import type { SuggestResponse } from './protocol.ts';

/**
 * `impact` with the score before, after and their difference from `scorer`; the ranking figure (`benefit`) moves by
 * the change of the score difference, so the order follows the shown score. Unchanged when the scorer cannot score.
 *
 * @example
 * const shown = await withScorecardScore(impact, runs, { before: xml, after: entry.xml }, scorecard.controller);
 */
export async function withScorecardScore(
  impact: PredictedImpact,
  runs: { readonly before: SimulationResult; readonly after: SimulationResult },
  xml: { readonly before: string; readonly after: string },
  scorer: RunScorer,
): Promise<PredictedImpact> {
  const [before, after] = await Promise.all([scorer.scoreRun(xml.before, runs.before), scorer.scoreRun(xml.after, runs.after)]);
  if (!before || !after) return impact;
  const difference = before.score === null || after.score === null ? null : after.score - before.score;
  const benefit = impact.benefit - (impact.score.difference ?? 0) + (difference ?? 0);
  return { ...impact, score: { ...impact.score, before: before.score, after: after.score, difference }, benefit };
}

type Predicted = Extract<SuggestResponse, { type: 'predicted' }>;

/**
 * A worker's prediction with its score row from the Scorecard's scorer (one score per run in every view); as it came
 * when there is no scorer, no impact, or the scorer fails.
 */
export async function withScorecardScores(message: Predicted, before: string, after: string | undefined, scorer: RunScorer | undefined): Promise<Predicted> {
  if (!scorer || !message.impact || !message.runs || after === undefined) return message;
  const impact = await withScorecardScore(message.impact, message.runs, { before, after }, scorer).catch(() => message.impact!);
  return { ...message, impact };
}

// The scoring job: XML in, scorecard out. DOM-free so it runs in the worker and in Node tests alike.
import { BUILT_IN_RULES, computeScorecard, parseStoredProfile } from '@leanflow/analysis';
import { loadDocument } from '@leanflow/model';
import type { ScoreRequest, ScoreResponse } from './protocol.ts';

/**
 * Scores one document with the built-in rules. The document's active scenario feeds the static rules when the file
 * stores one (a scenario Leanflow made up is only used together with a simulation of it), as `leanflow score` does.
 *
 * @example
 * const answer = await runScoreJob({ type: 'score', requestId: 1, xml, profile: findBuiltInProfile('balanced')! });
 * if (answer.type === 'scored' && answer.ok) answer.card.score; // e.g. 71.4
 */
export async function runScoreJob(request: ScoreRequest, now: () => number = () => performance.now()): Promise<ScoreResponse> {
  const started = now();
  const loaded = await loadDocument(request.xml);
  const errors = loaded.modelIssues.filter((i) => i.severity === 'error');
  if (!loaded.graph || !loaded.definitions || errors.length > 0) {
    const issues = (errors.length > 0 ? errors : loaded.modelIssues).map((i) => ({ message: i.message, ...(i.elementId ? { elementId: i.elementId } : {}) }));
    return { type: 'scored', requestId: request.requestId, ok: false, issues: issues.length > 0 ? issues : [{ message: 'The file holds no process to score.' }] };
  }
  // The profile stored in the file wins over the user's settings (when the user lets it, `useModelProfile`).
  const stored = request.useModelProfile && loaded.scorecardProfile ? parseStoredProfile(loaded.scorecardProfile) : undefined;
  const profile = stored?.ok ? stored.profile : request.profile;
  const active = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId) ?? loaded.scenarios[0];
  const scenario = active && (!loaded.defaulted || request.simulation) ? active : undefined;
  const card = await computeScorecard(
    BUILT_IN_RULES,
    {
      graph: loaded.graph,
      definitions: loaded.definitions,
      ...(scenario ? { scenario } : {}),
      ...(request.simulation ? { simulation: request.simulation } : {}),
    },
    profile,
  );
  return {
    type: 'scored',
    requestId: request.requestId,
    ok: true,
    card,
    milliseconds: now() - started,
    profile: { id: profile.id, name: profile.name, source: stored?.ok ? 'model' : 'settings' },
    ...(stored && !stored.ok ? { modelProfileIssues: stored.issues } : {}),
  };
}

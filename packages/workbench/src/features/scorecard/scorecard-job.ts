// The scoring job: XML in, scorecard out. DOM-free so it runs in the worker and in Node tests alike.
import { BUILT_IN_RULES, computeScorecard, parseStoredProfile } from '@leanflow/analysis';
import { loadDocument, type DocumentLoader } from '@leanflow/model';
import type { PrepareParams, PrepareRequest, PrepareResponse, ScoreRefusal, ScoreRequest, ScoreResponse } from './protocol.ts';

/**
 * Scores one document with the built-in rules. The document's active scenario feeds the static rules when the file
 * stores one (a scenario Leanflow made up is only used together with a simulation of it), as `leanflow score` does.
 *
 * @example
 * const answer = await runScoreJob({ type: 'score', requestId: 1, xml, profile: findBuiltInProfile('balanced')! });
 * if (answer.type === 'scored' && answer.ok) answer.card.score; // e.g. 71.4
 */
export async function runScoreJob(request: ScoreRequest, now: () => number = () => performance.now(), load: DocumentLoader = loadDocument): Promise<ScoreResponse> {
  const started = now();
  const loaded = await load(request.xml);
  const refusal = refusalOf(loaded);
  if (refusal || !loaded.graph) return { type: 'scored', requestId: request.requestId, ok: false, issues: refusal ?? [] };
  // The profile stored in the file wins over the user's settings (when the user lets it, `useModelProfile`).
  const stored = request.useModelProfile && loaded.scorecardProfile ? parseStoredProfile(loaded.scorecardProfile) : undefined;
  const profile = stored?.ok ? stored.profile : request.profile;
  const scenario = scenarioToScore(loaded, request.simulation !== undefined);
  const card = await computeScorecard(
    BUILT_IN_RULES,
    {
      graph: loaded.graph,
      ...(loaded.definitions ? { definitions: loaded.definitions } : {}),
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

/**
 * Reads a document for scoring through the plugin host: graph, scenario and stored profile, or why it cannot be
 * scored. The same reading and scenario choice as `runScoreJob`. `load` reads the version (the analysis worker's
 * cache: one parse per version for every feature).
 */
export async function runPrepareJob(request: PrepareRequest, load: DocumentLoader = loadDocument): Promise<PrepareResponse> {
  const loaded = await load(request.xml);
  const refusal = refusalOf(loaded);
  if (refusal || !loaded.graph) return { type: 'prepared', requestId: request.requestId, ok: false, issues: refusal ?? [] };
  const scenario = scenarioToScore(loaded, request.simulated);
  return {
    type: 'prepared',
    requestId: request.requestId,
    ok: true,
    graph: loaded.graph,
    ...(scenario ? { scenario } : {}),
    ...(loaded.scorecardProfile ? { scorecardProfile: loaded.scorecardProfile } : {}),
  };
}

type Loaded = Awaited<ReturnType<typeof loadDocument>>;

let nextPrepare = 1;

/**
 * What the scorecard's connection serves (in the analysis worker, with its cache as `load`; in-process where workers
 * are unavailable).
 */
export function scorecardHandlers(load: DocumentLoader = loadDocument) {
  return {
    prepare: (params: PrepareParams) => runPrepareJob({ type: 'prepare', requestId: nextPrepare++, ...params }, load),
  };
}

export const SCORECARD_HANDLERS = scorecardHandlers();

/** Why a document cannot be scored (not BPMN, errors in the diagram, no process); undefined when it can. */
function refusalOf(loaded: Loaded): ScoreRefusal[] | undefined {
  const errors = loaded.modelIssues.filter((i) => i.severity === 'error');
  if (loaded.graph && loaded.definitions && errors.length === 0) return undefined;
  const issues = (errors.length > 0 ? errors : loaded.modelIssues).map((i) => ({ message: i.message, ...(i.elementId ? { elementId: i.elementId } : {}) }));
  return issues.length > 0 ? issues : [{ message: 'The file holds no process to score.' }];
}

/** The active scenario; one Leanflow made up only together with a simulation of it (as `leanflow score` does). */
function scenarioToScore(loaded: Loaded, simulated: boolean): Loaded['scenarios'][number] | undefined {
  const active = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId) ?? loaded.scenarios[0];
  return active && (!loaded.defaulted || simulated) ? active : undefined;
}

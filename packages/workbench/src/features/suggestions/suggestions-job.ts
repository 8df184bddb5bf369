// The suggestion job: XML in, sound suggestions out at once, then one prediction after another. DOM-free, so it runs
// in the worker and in Node tests alike.
import { BUILT_IN_SUGGESTION_PROVIDERS, prepareSuggestions, predictImpact, suggestSimplifications, type SimulationSummary, type SuggestionProvider } from '@leanflow/analysis';
import { loadDocument, type DocumentLoader } from '@leanflow/model';
import { suggestionInputFor } from '@leanflow/plugin-host';
import { SIMPLIFICATIONS_PLUGIN_ID } from '../extensions/builtin-ids.ts';
import type { HandlerControl } from '../../base/worker-client.ts';
import type { DiagramChanges, ExternalSuggestion, PrepareParams, PrepareRequest, PrepareResponse, SuggestionEntry, SuggestParams, SuggestRequest, SuggestResponse } from './protocol.ts';
import { planReconcile, snapshotDiagram, type DiagramSnapshot } from './reconcile-plan.ts';

async function snapshot(xml: string, load: DocumentLoader): Promise<DiagramSnapshot | undefined> {
  const loaded = await load(xml);
  return loaded.definitions ? snapshotDiagram(loaded.definitions) : undefined;
}

/** Added, removed and changed element ids between two diagram snapshots. */
export function diagramChanges(before: DiagramSnapshot, after: DiagramSnapshot): DiagramChanges {
  const added = new Set<string>();
  const removed = new Set<string>();
  const changed = new Set<string>();
  for (const op of planReconcile(before, after).ops) {
    if (op.op === 'createShape' || op.op === 'createConnection') added.add(op.id);
    else if (op.op === 'removeShape' || op.op === 'removeConnection') removed.add(op.id);
    // Shapes only shifted by the local re-layout are not a change a person needs to look at.
    else if (op.op === 'replaceType' || op.op === 'rename' || op.op === 'reconnect') changed.add(op.id);
  }
  return { added: [...added], removed: [...removed], changed: [...changed].filter((id) => !added.has(id)) };
}

/** Other plugins' suggestions as a provider, so the same soundness gate and prediction apply to them. */
function externalProvider(external: readonly ExternalSuggestion[]): SuggestionProvider {
  return { id: 'plugins', provide: () => external.map((e) => e.suggestion) };
}

/**
 * Settings of the quick simulation behind the list (pool sizing), as `suggestSimplifications` picks them: at most
 * 3 replications, the scenario's cases up to 500 unless the request names its cases.
 */
const listSettings = (request: { readonly cases?: number; readonly replications?: number }) => ({
  ...(request.cases !== undefined ? { cases: request.cases } : {}),
  replications: Math.min(request.replications ?? 3, 3),
});

/** The quick simulation of a prepared file, kept so listing it does not simulate again. */
export interface PreparedRun {
  readonly xml: string;
  readonly cases?: number;
  readonly replications: number;
  readonly simulation: SimulationSummary | undefined;
}

/**
 * The input for the plugins' suggestion providers: the graph (with data associations), scenario and quick simulation
 * exactly as `runSuggestJob` gives them to the providers it calls directly. Returns the run to pass back to it.
 *
 * @example
 * const run = await runPrepareJob({ type: 'prepare', requestId: 1, xml, cases: 500, replications: 5 }, post);
 */
export async function runPrepareJob(request: PrepareRequest, post: (message: PrepareResponse) => void, load: DocumentLoader = loadDocument): Promise<PreparedRun | undefined> {
  const settings = listSettings(request);
  // Read the version first, then let requests of other features that share the analysis worker (the scorecard's,
  // waiting for this same parse) in before the quick simulation.
  await load(request.xml);
  await new Promise((resolve) => setTimeout(resolve, 0));
  const prepared = await prepareSuggestions(request.xml, { ...settings, load });
  if (!prepared.ok) {
    post({ type: 'prepared', requestId: request.requestId, ok: false, issues: prepared.issues.map((i) => ({ message: i.message, ...(i.elementId ? { elementId: i.elementId } : {}) })) });
    return undefined;
  }
  post({ type: 'prepared', requestId: request.requestId, ok: true, input: suggestionInputFor(prepared, request.xml) });
  return { xml: request.xml, ...settings, simulation: prepared.simulation };
}

/**
 * Lists the suggestions for `request.xml` (posting them at once), then predicts each one's impact and posts it.
 * `cancelled()` is asked between predictions (a newer request supersedes this one).
 *
 * @example
 * await runSuggestJob({ type: 'suggest', requestId: 1, xml, cases: 500, replications: 5 }, post, () => false);
 */
export async function runSuggestJob(
  request: SuggestRequest,
  post: (message: SuggestResponse) => void,
  cancelled: () => boolean,
  now: () => number = () => performance.now(),
  prepared?: PreparedRun,
  load: DocumentLoader = loadDocument,
): Promise<void> {
  const started = now();
  const { requestId } = request;
  const external = request.external ?? [];
  const builtIn = request.builtIn;
  // The simplifications plugin's suggestions when the host gave them, else the same providers called here.
  const providers = [...(builtIn ? [{ id: SIMPLIFICATIONS_PLUGIN_ID, provide: () => builtIn }] : BUILT_IN_SUGGESTION_PROVIDERS), ...(external.length > 0 ? [externalProvider(external)] : [])];
  const sources = new Map(external.map((e) => [e.suggestion.id, e.providerTitle]));
  const settings = listSettings(request);
  const reuse = prepared && prepared.xml === request.xml && prepared.cases === settings.cases && prepared.replications === settings.replications && prepared.simulation;
  const listed = await suggestSimplifications(request.xml, { predict: false, ...settings, providers, load, ...(reuse ? { simulation: reuse } : {}) });
  if (!listed.ok) {
    post({ type: 'listed', requestId, ok: false, issues: listed.issues.map((i) => ({ message: i.message, ...(i.elementId ? { elementId: i.elementId } : {}) })) });
    return;
  }
  const before = await snapshot(request.xml, load);
  const entries: SuggestionEntry[] = [];
  for (const offered of listed.suggestions) {
    const after = offered.xml !== undefined ? await snapshot(offered.xml, load) : undefined;
    entries.push({
      suggestion: offered.suggestion,
      ...(offered.xml !== undefined ? { xml: offered.xml } : {}),
      ...(before && after ? { changes: diagramChanges(before, after) } : {}),
      ...(sources.has(offered.suggestion.id) ? { source: sources.get(offered.suggestion.id)! } : {}),
    });
  }
  post({ type: 'listed', requestId, ok: true, ...(listed.scenario ? { scenario: listed.scenario } : {}), entries, withheld: listed.withheld.length, providerErrors: listed.providerErrors });
  if (listed.scenario && request.predict !== false) {
    for (const entry of entries) {
      if (entry.xml === undefined) continue;
      // Let a newer request's message in before the next (CPU-bound) prediction.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (cancelled()) return;
      const predicted = await predictImpact(request.xml, entry.suggestion, {
        scenarioId: listed.scenario.id,
        load,
        transformed: entry.xml,
        ...(request.cases !== undefined ? { cases: request.cases } : {}),
        ...(request.replications !== undefined ? { replications: request.replications } : {}),
      });
      post(
        predicted.ok
          ? { type: 'predicted', requestId, id: entry.suggestion.id, impact: predicted.impact, runs: predicted.runs }
          : { type: 'predicted', requestId, id: entry.suggestion.id, issues: predicted.issues },
      );
    }
  }
  post({ type: 'done', requestId, milliseconds: now() - started });
}

let nextRequest = 1;
/** The latest prepared quick run; the `suggest` that follows reuses it. */
/**
 * What the suggestions' connection serves (in the analysis worker, with its cache as `load`; in-process where workers
 * are unavailable). `suggest` streams `listed` and each `predicted` as progress and answers with `done`; cancelling it
 * stops the predictions before the next one. A `prepare` reads the file and runs the quick simulation for the plugin
 * host; the `suggest` that follows reuses that run.
 */
export function suggestionsHandlers(load: DocumentLoader = loadDocument) {
  let preparedRun: PreparedRun | undefined;
  return {
    prepare: async (params: PrepareParams): Promise<PrepareResponse> => {
      let answer: PrepareResponse | undefined;
      preparedRun = await runPrepareJob({ type: 'prepare', requestId: nextRequest++, ...params }, (message) => (answer = message), load);
      return answer!;
    },
    suggest: async (params: SuggestParams, control: HandlerControl<SuggestResponse>): Promise<SuggestResponse | undefined> => {
      let done: SuggestResponse | undefined;
      const post = (message: SuggestResponse) => (message.type === 'done' ? (done = message) : control.progress(message));
      await runSuggestJob({ type: 'suggest', requestId: nextRequest++, ...params }, post, () => control.signal.aborted, undefined, preparedRun, load);
      return done;
    },
  };
}

export const SUGGESTIONS_HANDLERS = suggestionsHandlers();

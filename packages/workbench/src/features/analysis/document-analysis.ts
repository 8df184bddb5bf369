// The analysis worker's body, DOM-free so Node tests drive it as the worker does: one cache of document versions
// (`createDocumentCache`) and a handler per connected feature. Every read of a version goes through the cache, so
// after an edit the XML is parsed once, whichever views are open (the scorecard's prepare, the plugins' model,
// bpmnlint for the rules, the Properties view's outline, the suggestions' prepare, list, gate and predictions).
import { createDocumentCache, type DocumentCache, type LoadedDocument } from '@leanflow/model';
import { bpmnlintReportFor, modelFromBpmn } from '@leanflow/plugin-host';
import { runPrepareJob as runScorePrepareJob, runScoreJob } from '../scorecard/score-job.ts';
import type { ScoringWorkerRequest, ScoringWorkerResponse } from '../scorecard/protocol.ts';
import { runPrepareJob as runSuggestPrepareJob, runSuggestJob, type PreparedRun } from '../suggestions/suggest-job.ts';
import type { SuggestionsWorkerRequest, SuggestResponse } from '../suggestions/protocol.ts';
import type { AnalysisFeature, DocumentOutline, ModelRequest, ModelResponse } from './protocol.ts';

export interface DocumentAnalysis {
  /** The versions read so far (shared by every connection). */
  readonly documents: DocumentCache;
  /** A feature's connection: returns the handler of its requests; answers go to `post`. */
  connect(feature: AnalysisFeature, post: (message: unknown) => void): (message: unknown) => void;
}

const outlineOf = (loaded: LoadedDocument): DocumentOutline => ({
  ...(loaded.graph ? { graph: loaded.graph } : {}),
  scenarioSource: loaded.scenarioSource,
  scenarios: loaded.scenarios,
  ...(loaded.activeScenarioId !== undefined ? { activeScenarioId: loaded.activeScenarioId } : {}),
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The analysis service of one worker. Versions are kept by their text (the last `size`; a suggestion list reads the
 * document and one transformed file per suggestion, so the default keeps a list's worth).
 *
 * @example
 * const analysis = createDocumentAnalysis();
 * const handle = analysis.connect('scorecard', (answer) => port.postMessage(answer));
 * handle({ type: 'prepare', requestId: 1, xml, simulated: false });
 */
export function createDocumentAnalysis(options: { readonly size?: number } = {}): DocumentAnalysis {
  const documents = createDocumentCache({ size: options.size ?? 16 });
  const { load } = documents;
  const connectScorecard = (post: (message: ScoringWorkerResponse) => void) => (message: unknown) => {
    const request = message as ScoringWorkerRequest;
    const job = request?.type === 'score' ? runScoreJob(request, undefined, load) : request?.type === 'prepare' ? runScorePrepareJob(request, load) : undefined;
    job?.then(post, (error: unknown) => post({ type: 'crashed', requestId: request.requestId, message: messageOf(error) }));
  };
  // One job at a time per connection; a newer request stops the predictions of an older one. A `prepare` reads the
  // file and runs the quick simulation for the plugin host; the `suggest` that follows reuses that run.
  const connectSuggestions = (post: (message: SuggestResponse) => void) => {
    let latest = 0;
    let prepared: PreparedRun | undefined;
    const crashed = (requestId: number) => (error: unknown) => post({ type: 'crashed', requestId, message: messageOf(error) });
    return (message: unknown) => {
      const request = message as SuggestionsWorkerRequest;
      if (request?.type === 'prepare') {
        latest = request.requestId;
        runSuggestPrepareJob(request, post, load)
          .then((run) => (prepared = run))
          .catch(crashed(request.requestId));
        return;
      }
      if (request?.type !== 'suggest') return;
      latest = request.requestId;
      runSuggestJob(request, post, () => latest !== request.requestId, undefined, prepared, load).catch(crashed(request.requestId));
    };
  };
  const connectModel = (post: (message: ModelResponse) => void) => (message: unknown) => {
    const request = message as ModelRequest;
    const job =
      request?.type === 'model'
        ? modelFromBpmn(request.xml, request.uri, load).then((r) => r.model ?? null)
        : request?.type === 'bpmnlint'
          ? bpmnlintReportFor(request.xml, request.profile, load).then((r) => r ?? null)
          : request?.type === 'outline'
            ? load(request.xml).then(outlineOf)
            : undefined;
    job?.then(
      (value) => post({ id: request.id, ok: true, value }),
      (error: unknown) => post({ id: request.id, ok: false, error: messageOf(error) }),
    );
  };
  return {
    documents,
    connect(feature, post) {
      if (feature === 'scorecard') return connectScorecard(post);
      if (feature === 'suggestions') return connectSuggestions(post);
      return connectModel(post);
    },
  };
}
